"""Intensity distribution: time in three zones per week or month, and the polarization index.

Three zones (Seiler S., Kjerland G.O. 2006, *Scand J Med Sci Sports* 16:49-56):
zone 1 below the first ventilatory/lactate threshold (easy), zone 2 between the
thresholds (the "grey zone"), zone 3 above the second (hard).

* ``by="hr"``: from each run's time in the five Karvonen heart-rate-reserve
  zones (``time_in_zone_1_s`` ... ``time_in_zone_5_s``, edges 60/70/80/90 % HRR,
  :mod:`runlytics.metrics.zones`): zone 1 = zones 1-2 (below 70 % HRR), zone 2 =
  zone 3 (70-80 %), zone 3 = zones 4-5 (80 % and above).
* ``by="pace"``: grade-adjusted speed against fractions of the VDOT in force
  (given, else the fitness trend of the week before), edges ``pace_edges``
  (0.75, 0.85) of VO2max: zone 1 up to the top of Daniels' easy range (74-75 %),
  zone 3 from 85 %, just under Daniels' threshold (88 %), so threshold sessions
  count as hard (``pace_edges=(0.75, 0.90)`` puts them in zone 2, as in
  lactate-anchored models). Per second from the run's records when the
  history can give them (``history.run(id).prepared.records``); otherwise the
  whole moving time of a run goes to the zone of its average speed ("session
  average": right for continuous runs, interval sessions land lower).

Polarization index (Treff G. et al. 2019, *Front Physiol* 10:707), on the
shares of time ``z1 + z2 + z3 = 1``: ``PI = log10(z1 / z2 x z3 x 100)`` (a.u.);
a share ``z2 = 0`` is taken as 0.01 and ``z3 = 0`` gives 0 (as Treff et al.
handle them); the distribution is **polarized** when ``z1 > z3 > z2`` and
``PI > 2``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.errors import MissingDataError
from runlytics.history.discipline import easy_vdot
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.markers import run_speed
from runlytics.history.phases import detect_phases
from runlytics.history.protocol import Source, athlete_of, runs_of
from runlytics.history.weeks import monday
from runlytics.metrics.vdot import speed_at_vo2

PACE_EDGES = (0.75, 0.85)
#: Seconds of the centred moving average of the grade-adjusted speed before zoning.
SMOOTH_S = 30
HR_ZONE_MAP = ((1, 2), (3,), (4, 5))


def polarization_index(z1: object, z2: object, z3: object) -> np.ndarray:
    """Treff et al. 2019 polarization index of zone shares (see the module docstring)."""
    a, b, c = (np.asarray(z, dtype="float64") for z in (z1, z2, z3))
    b = np.where(b > 0, b, 0.01)
    with np.errstate(invalid="ignore", divide="ignore"):
        pi = np.log10(a / b * c * 100.0)
    return np.where(c > 0, pi, np.where(np.isnan(c), np.nan, 0.0))


def zone_times_hr(runs: pd.DataFrame) -> pd.DataFrame:
    """Seconds in the three zones per run from the five heart-rate-reserve zone columns."""
    columns = [f"time_in_zone_{z}_s" for z in range(1, 6)]
    missing = [c for c in columns if c not in runs.columns]
    if missing:
        raise MissingDataError(
            "activities frame", f"has no {', '.join(missing)}: heart-rate zones unknown"
        )
    return pd.DataFrame(
        {
            f"z{i + 1}_s": runs[[f"time_in_zone_{z}_s" for z in zones]].sum(axis=1, min_count=1)
            for i, zones in enumerate(HR_ZONE_MAP)
        }
    )


def zone_times_pace(
    history: Source,
    runs: pd.DataFrame,
    vdot: pd.Series,
    edges: tuple[float, float],
) -> pd.DataFrame:
    """Seconds in the three pace zones per run (per second where records are available)."""
    low = pd.Series(speed_at_vo2(edges[0] * vdot.to_numpy()), index=runs.index)
    high = pd.Series(speed_at_vo2(edges[1] * vdot.to_numpy()), index=runs.index)
    moving = runs["moving_s"].astype(float)
    speed = run_speed(runs)
    zone = np.select([speed < low, speed < high], [0, 1], 2)
    out = pd.DataFrame({f"z{z + 1}_s": np.where(zone == z, moving, 0.0) for z in range(3)})
    out.index = runs.index
    out.loc[vdot.isna()] = np.nan
    out["method"] = "session average"
    run = getattr(history, "run", None)
    if callable(run) and not isinstance(history, pd.DataFrame):
        for activity_id in runs.index[vdot.notna()]:
            r = run(activity_id).prepared.records
            moving = r["gap_speed_mps"].where(r["moving"].astype(bool))
            v = moving.rolling(SMOOTH_S, center=True, min_periods=1).mean().dropna().to_numpy()
            dt = 1.0  # the prepared grid is 1 Hz
            counts = np.bincount(np.digitize(v, [low[activity_id], high[activity_id]]), minlength=3)
            out.loc[activity_id, ["z1_s", "z2_s", "z3_s"]] = counts[:3] * dt
            out.loc[activity_id, "method"] = "per second"
    return out


def intensity_distribution(
    history: Source,
    *,
    by: Literal["hr", "pace"] = "hr",
    period: Literal["week", "month", "block"] = "week",
    athlete: Athlete | None = None,
    pace_edges: tuple[float, float] = PACE_EDGES,
    trend: FitnessTrend | None = None,
    phases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Time in three zones per calendar week (Monday), month or training block.

    Columns: ``z1_s``, ``z2_s``, ``z3_s`` (seconds), ``z1``, ``z2``, ``z3`` (shares
    of the zoned time), ``pi`` (Treff), ``polarized``, ``runs`` (runs zoned).
    ``period="block"``: one row per run of consecutive weeks in the same phase of
    ``phases`` (default :func:`~runlytics.history.phases.detect_phases`), indexed
    by its first Monday, with its ``phase`` and ``end`` (last Sunday).
    Periods without zoned time have NaN shares. See the module docstring.
    """
    if by not in ("hr", "pace"):
        raise ValueError(f"by must be 'hr' or 'pace', not {by!r}")
    runs = runs_of(history, "distance_m", "moving_s")
    if by == "hr":
        times = zone_times_hr(runs)
    else:
        athlete = athlete_of(history, athlete)
        if trend is None:
            trend = fitness_trend(history, athlete=athlete)
        vdot, _ = easy_vdot(runs, athlete, trend)
        times = zone_times_pace(history, runs, vdot, pace_edges).drop(columns="method")
    if period == "week":
        key = monday(runs["local_date"])
    elif period == "month":
        key = pd.DatetimeIndex(runs["local_date"].dt.to_period("M").dt.start_time)
    elif period == "block":
        if phases is None:
            phases = detect_phases(history, athlete=athlete_of(history, athlete))
        block = (phases["phase"] != phases["phase"].shift()).cumsum()
        first = pd.Series(phases.index, index=phases.index).groupby(block).transform("min")
        key = pd.DatetimeIndex(first.reindex(monday(runs["local_date"])).to_numpy())
    else:
        raise ValueError(f"period must be 'week', 'month' or 'block', not {period!r}")
    zoned = times.notna().all(axis=1)
    table = times[zoned].groupby(np.asarray(key)[zoned.to_numpy()]).sum()
    table["runs"] = zoned.groupby(np.asarray(key)).sum()
    total = table[["z1_s", "z2_s", "z3_s"]].sum(axis=1)
    for z in ("z1", "z2", "z3"):
        table[z] = table[f"{z}_s"] / total.where(total > 0)
    table["pi"] = polarization_index(table["z1"], table["z2"], table["z3"])
    table["polarized"] = (
        (table["z1"] > table["z3"]) & (table["z3"] > table["z2"]) & (table["pi"] > 2.0)
    )
    table.index = pd.DatetimeIndex(table.index, name=period)
    if period == "block" and phases is not None:
        starts = phases.index[(phases["phase"] != phases["phase"].shift()).to_numpy()]
        ends = pd.Series([*starts[1:], phases.index[-1] + pd.Timedelta(days=7)], index=starts)
        table.insert(0, "end", (ends - pd.Timedelta(days=1)).reindex(table.index).to_numpy())
        table.insert(0, "phase", phases["phase"].reindex(table.index).to_numpy())
    return table
