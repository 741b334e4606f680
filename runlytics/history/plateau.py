"""Stalled progress: weeks where fitness stayed flat while the training grew.

A **plateau** is a stretch of at least ``min_weeks`` (8) calendar weeks in which

* the fitness markers did not change: the least-squares line through the good
  heart-rate VDOT markers of the stretch (:mod:`runlytics.history.markers`)
  changes by at most ``tolerance`` (1.0 VDOT, about 2 % of race pace) over the
  stretch with 95 % confidence: the whole 95 % interval of the change lies
  within +-``tolerance`` (an equivalence test, Schuirmann D.J. 1987, *J
  Pharmacokinet Biopharm* 15:657: "no change shown" is not "shown flat", so
  few or noisy markers give no plateau); the mean of its last 4 weeks is
  within ``tolerance`` of the mean of its first 4 (a line through a flat
  stretch and a late rise would lean little); at least 2 markers a week;
* the athlete ran every week (a break is not a plateau: see the layoffs);
* volume or load rose: the median weekly distance, or load, of the second
  half of the stretch is at least ``min_rise`` (10 %) above the first half's
  (medians, so a race or a recovery week does not decide it).

Candidate stretches are every window of whole weeks; the longest are kept
first, without overlap. Each plateau reports the VDOT change and its 95 %
interval, the efficiency-factor change, the volume and load change, and what the
training held (share of running time per run label, hard sessions a week,
shares of time in the three heart-rate zones of :mod:`runlytics.history.intensity`),
with :class:`~runlytics.evidence.Evidence`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.athlete import Athlete
from runlytics.errors import MissingDataError
from runlytics.evidence import Evidence
from runlytics.history.intensity import zone_times_hr
from runlytics.history.markers import fitness_markers
from runlytics.history.protocol import Source, runs_of
from runlytics.history.weeks import monday, weekly_training
from runlytics.vocabulary import RUN_LABELS

MIN_WEEKS = 8
TOLERANCE = 1.0
MIN_RISE = 0.10
MARKERS_PER_WEEK = 2.0
END_WEEKS = 4

PLATEAU_COLUMNS = (
    "start",
    "end",
    "weeks",
    "vdot_change",
    "vdot_change_low",
    "vdot_change_high",
    "markers",
    "ef_change",
    "volume_change_pct",
    "load_change_pct",
    "weekly_m",
    "hard_per_week",
    "label_mix",
    "hr_zones",
    "evidence",
)

Array = NDArray[np.float64]


def window_trends(week: Array, x: Array, y: Array, weeks: int) -> dict[str, Array]:
    """Least-squares change of ``y`` over every window of whole weeks, in closed form.

    ``week`` is each point's week number (0..weeks-1), ``x`` its time in weeks.
    Returns ``weeks x weeks`` arrays indexed ``[first, last]``: ``n``, ``change``
    (slope x window length), ``half`` (95 % half-width of the change) and
    ``ends`` (mean of the last 4 weeks minus mean of the first 4).
    """
    sums = np.zeros((6, weeks + 1))
    for row, values in enumerate((np.ones_like(x), x, y, x * x, x * y, y * y)):
        sums[row, 1:] = np.cumsum(np.bincount(week, weights=values, minlength=weeks))
    window = sums[:, None, 1:] - sums[:, :-1, None]  # [stat, first, last]
    n, sx, sy, sxx, sxy, syy = window
    with np.errstate(invalid="ignore", divide="ignore"):
        cxx = sxx - sx * sx / n
        cxy = sxy - sx * sy / n
        cyy = syy - sy * sy / n
        slope = cxy / cxx
        rss = np.maximum(cyy - slope * cxy, 0.0)
        se = np.sqrt(rss / (n - 2) / cxx)
        length = np.arange(weeks)[None, :] - np.arange(weeks)[:, None] + 1.0
        from scipy import stats  # lazy: keeps `import runlytics` fast
        t = stats.t.ppf(0.975, np.maximum(n - 2, 1))
    ok = (n >= 3) & (length > 0)
    # mean of the first and of the last ``ends`` weeks of each window
    ends = min(END_WEEKS, weeks)
    n_end = sums[0, ends:] - sums[0, :-ends]
    y_end = sums[2, ends:] - sums[2, :-ends]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_end = y_end / n_end  # [k]: weeks k..k+ends-1
    head = np.full(weeks, np.nan)
    tail = np.full(weeks, np.nan)
    head[: len(mean_end)] = mean_end
    tail[ends - 1 :] = mean_end
    return {
        "n": n,
        "change": np.where(ok, slope * length, np.nan),
        "half": np.where(ok, t * se * length, np.nan),
        "ends": np.where(length >= 2 * ends, tail[None, :] - head[:, None], np.nan),
    }


def detect_plateau(
    history: Source,
    *,
    athlete: Athlete | None = None,
    min_weeks: int = MIN_WEEKS,
    tolerance: float = TOLERANCE,
    min_rise: float = MIN_RISE,
    load: str = "trimp",
) -> pd.DataFrame:
    """Plateaus of fitness under rising volume or load (columns :data:`PLATEAU_COLUMNS`).

    ``history`` is a History-like object or its activities frame; ``athlete``
    (for the heart-rate VDOT) defaults to the History's. ``start`` is the
    Monday of the first week, ``end`` the Sunday of the last; changes are over
    the whole stretch (VDOT in ml/kg/min, efficiency factor in m per beat,
    volume and load in % of the first half's median week). See the module
    docstring for the rules.
    """
    runs = runs_of(history, "distance_m", "moving_s", "label")
    table = weekly_training(runs, load=load)
    markers = fitness_markers(history, athlete=athlete)
    good = markers[markers["quality"] == "good"]
    vdot = good[good["marker"] == "vdot_hr"]
    first = table.index[0]
    n_weeks = len(table)
    days = (pd.DatetimeIndex(vdot["date"]) - first).days.to_numpy()
    trend = window_trends(days // 7, days / 7.0, vdot["value"].to_numpy(float), n_weeks)
    flat = (
        (np.abs(trend["change"]) <= tolerance)
        & (np.abs(trend["ends"]) <= tolerance)
        & (trend["change"] - trend["half"] >= -tolerance)
        & (trend["change"] + trend["half"] <= tolerance)
    )
    length = np.arange(n_weeks)[None, :] - np.arange(n_weeks)[:, None] + 1
    flat &= (length >= min_weeks) & (trend["n"] >= MARKERS_PER_WEEK * length)
    ran = table["runs"].to_numpy() > 0
    gaps = np.concatenate([[0], np.cumsum(~ran)])
    flat &= (gaps[1:][None, :] - gaps[:-1][:, None]) == 0
    chosen: list[tuple[int, int]] = []
    taken = np.zeros(n_weeks, dtype=bool)
    for i, j in sorted(zip(*np.nonzero(flat), strict=True), key=lambda w: (w[0] - w[1], w[0])):
        if taken[i : j + 1].any():
            continue
        volume, load_rise = _rise(table["distance_m"], i, j), _rise(table["load"], i, j)
        if max(volume, load_rise) < min_rise:
            continue
        chosen.append((int(i), int(j)))
        taken[i : j + 1] = True
    zones = _weekly_hr_zones(runs, table.index)
    rows = [_plateau(table, good, trend, zones, i, j, load) for i, j in sorted(chosen)]
    return pd.DataFrame(rows, columns=list(PLATEAU_COLUMNS))


def _weekly_hr_zones(runs: pd.DataFrame, weeks: pd.Index) -> pd.DataFrame | None:
    """Seconds in the three heart-rate zones per week, where the runs have zone times."""
    try:
        times = zone_times_hr(runs)
    except MissingDataError:
        return None
    return times.groupby(np.asarray(monday(runs["local_date"]))).sum().reindex(weeks, fill_value=0)


def _shares(seconds: pd.Series) -> dict[str, float]:
    total = float(seconds.sum())
    return {
        str(k)[:2]: round(float(v) / total, 3) if total > 0 else float("nan")
        for k, v in seconds.items()
    }


def _rise(weekly: pd.Series, i: int, j: int) -> float:
    """Relative change of the median week from the first half of weeks i..j to the second."""
    values = weekly.to_numpy(float)[i : j + 1]
    half = len(values) // 2
    before, after = np.median(values[:half]), np.median(values[len(values) - half :])
    return float(after / before - 1.0) if before > 0 else float("nan")


def _change(markers: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Least-squares change of the markers' value from ``start`` to ``end``."""
    inside = markers[(markers["date"] >= start) & (markers["date"] <= end)]
    if len(inside) < 3:
        return float("nan")
    x = (pd.DatetimeIndex(inside["date"]) - start).days.to_numpy(float)
    slope = np.polyfit(x, inside["value"].to_numpy(float), 1)[0]
    return float(slope * ((end - start).days + 1))


def _plateau(
    table: pd.DataFrame,
    good: pd.DataFrame,
    trend: dict[str, Array],
    zones: pd.DataFrame | None,
    i: int,
    j: int,
    load: str,
) -> dict[str, object]:
    start, end = table.index[i], table.index[j] + pd.Timedelta(days=6)
    weeks = j - i + 1
    change, half = float(trend["change"][i, j]), float(trend["half"][i, j])
    part = table.iloc[i : j + 1]
    time = part[[f"time_{lab}" for lab in RUN_LABELS]].sum()
    mix = {
        lab: round(float(t / time.sum()), 3)
        for lab, t in zip(RUN_LABELS, time, strict=True)
        if t > 0
    }
    volume, load_rise = _rise(table["distance_m"], i, j), _rise(table["load"], i, j)
    ef = _change(good[good["marker"] == "ef"], start, end)
    hard = float(part["hard"].mean())
    main = ", ".join(
        f"{lab} {share:.0%}" for lab, share in sorted(mix.items(), key=lambda kv: -kv[1])[:3]
    )
    evidence = (
        Evidence(
            "vdot_change",
            round(change, 2),
            "ml/kg/min",
            f"heart-rate VDOT changed by {change:+.1f} (95 % interval {change - half:+.1f} to "
            f"{change + half:+.1f}) over {weeks} weeks ({start:%Y-%m-%d} to {end:%Y-%m-%d})",
        ),
        Evidence(
            "volume_change_pct",
            round(100 * volume, 1),
            "%",
            f"median weekly distance {100 * volume:+.0f} % and {load} load "
            f"{100 * load_rise:+.0f} % from the first half to the second",
        ),
        Evidence(
            "training",
            main,
            "",
            f"{part['distance_m'].mean() / 1000:.0f} km a week, {hard:.1f} hard sessions a week; "
            f"time by label: {main}",
        ),
    )
    return {
        "start": start,
        "end": end,
        "weeks": weeks,
        "vdot_change": change,
        "vdot_change_low": change - half,
        "vdot_change_high": change + half,
        "markers": int(trend["n"][i, j]),
        "ef_change": ef,
        "volume_change_pct": 100 * volume,
        "load_change_pct": 100 * load_rise,
        "weekly_m": float(part["distance_m"].mean()),
        "hard_per_week": hard,
        "label_mix": mix,
        "hr_zones": None if zones is None else _shares(zones.iloc[i : j + 1].sum()),
        "evidence": evidence,
    }
