"""Per-run fitness markers: heart-rate VDOT, efficiency factor, race VDOT, best-effort VDOT.

Each marker is one number per run with its quality ("good", "poor" or
"submaximal") and the reason, so that the trend (:mod:`runlytics.history.fitness`)
averages only good markers and the rest stays visible.

* ``vdot_hr`` (ml/kg/min): the VO2max a steady run implies from its pace and
  heart rate. The fraction of heart-rate reserve equals the fraction of VO2
  reserve (Swain D.P., Leutholtz B.C. 1997, *Med Sci Sports Exerc* 29:410-414):
  ``f = (HR - HRrest) / (HRmax - HRrest)``, ``VO2 = 3.5 + f (VO2max - 3.5)``,
  so ``VDOT_hr = 3.5 + (VO2(v) - 3.5) / f`` with ``VO2(v)`` Daniels-Gilbert's
  oxygen cost at the run's grade-adjusted speed (``avg_gap_speed_mps``, else
  ``distance_m / moving_s``). Good on continuous aerobic runs (labels easy,
  recovery, steady; at least 20 min; ``0.5 <= f <= 0.85``; decoupling within
  5 % where known). Long runs (cardiac drift), workouts (heart rate lags the
  pace changes) and races are "poor": their heart rate does not reflect the
  average pace.
* ``ef`` (m per beat): the run's efficiency factor (Friel), good on easy,
  recovery and long runs in the easy heart-rate range (``0.5 <= f <= 0.75``)
  with decoupling within 5 %: at a given easy effort more metres per beat is
  fitter.
* ``vdot_race``: Daniels-Gilbert VDOT of runs labelled race, over the
  standard race distance within 3 % of the run's distance (else the recorded
  distance) in the elapsed time (:func:`race_vdots`).
* ``vdot_effort``: the highest Daniels-Gilbert VDOT of the run's grade-adjusted
  best efforts from 1 mile up (needs the best-efforts frame). In training
  these are not maximal: "submaximal", a lower bound of fitness.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.history.protocol import Source, athlete_of, best_efforts_of, runs_of
from runlytics.metrics.vdot import fraction_vo2max, oxygen_cost

MARKER_COLUMNS = ("date", "activity_id", "marker", "value", "unit", "quality", "reason")
#: VO2 at rest (ml/kg/min), one MET.
VO2_REST = 3.5
#: Heart-rate reserve fractions where the HR-VO2 relation is used, and the easy range.
HRR_RANGE = (0.5, 0.85)
EASY_HRR_RANGE = (0.5, 0.75)
MIN_STEADY_S = 1200.0
MAX_DECOUPLING_PCT = 5.0
#: Labels whose heart rate reflects their average pace.
STEADY_LABELS = frozenset({"easy", "recovery", "steady"})
EF_LABELS = frozenset({"easy", "recovery", "long"})
#: A race within this relative difference of a standard distance is over that distance.
RACE_DISTANCE_TOLERANCE = 0.03
#: Standard race distances (m).
RACE_DISTANCES_M = {
    "1 mile": 1609.344,
    "3 km": 3000.0,
    "5 km": 5000.0,
    "8 km": 8000.0,
    "10 km": 10000.0,
    "15 km": 15000.0,
    "10 miles": 16093.44,
    "half marathon": 21097.5,
    "30 km": 30000.0,
    "marathon": 42195.0,
}
MIN_EFFORT_M = 1609.0


def daniels_vdot(distance_m: object, time_s: object) -> np.ndarray:
    """Daniels-Gilbert VDOT, vectorised (NaN where distance or time is not positive)."""
    d = np.asarray(distance_m, dtype="float64")
    t = np.asarray(time_s, dtype="float64") / 60.0
    with np.errstate(invalid="ignore", divide="ignore"):
        vdot = oxygen_cost(d / t) / fraction_vo2max(t)
    return np.where((d > 0) & (t > 0), vdot, np.nan)


def hr_reserve_fraction(runs: pd.DataFrame, athlete: Athlete | None) -> pd.Series:
    """Each run's average heart rate as a fraction of the reserve in force on its date."""
    if athlete is None or "avg_heart_rate_bpm" not in runs.columns:
        return pd.Series(np.nan, index=runs.index)
    dates = runs["local_date"].drop_duplicates()
    params = {d: athlete.at(d) for d in dates}
    hr_max = runs["local_date"].map({d: p.hr_max for d, p in params.items()}).astype(float)
    hr_rest = runs["local_date"].map({d: p.hr_rest for d, p in params.items()}).astype(float)
    return (runs["avg_heart_rate_bpm"].astype(float) - hr_rest) / (hr_max - hr_rest)


def run_speed(runs: pd.DataFrame) -> pd.Series:
    """Grade-adjusted speed where known, else distance over moving time (m/s)."""
    raw = runs["distance_m"].astype(float) / runs["moving_s"].astype(float).where(
        runs["moving_s"] > 0
    )
    if "avg_gap_speed_mps" in runs.columns:
        return runs["avg_gap_speed_mps"].astype(float).fillna(raw)
    return raw


def _frame(
    runs: pd.DataFrame,
    marker: str,
    value: pd.Series,
    unit: str,
    quality: pd.Series,
    reason: pd.Series,
) -> pd.DataFrame:
    keep = value.notna()
    return pd.DataFrame(
        {
            "date": runs["local_date"][keep],
            "activity_id": runs.index[keep],
            "marker": marker,
            "value": value[keep].astype(float),
            "unit": unit,
            "quality": quality[keep],
            "reason": reason[keep],
        }
    ).reset_index(drop=True)


def steady_markers(runs: pd.DataFrame, athlete: Athlete | None) -> list[pd.DataFrame]:
    """``vdot_hr`` and ``ef`` of every run with a heart rate (see the module docstring)."""
    f = hr_reserve_fraction(runs, athlete)
    label = runs["label"].astype("string").fillna("")
    long_enough = runs["moving_s"].astype(float) >= MIN_STEADY_S
    dec = runs["decoupling_pct"].astype(float) if "decoupling_pct" in runs else f * np.nan
    coupled = ~(dec.abs() > MAX_DECOUPLING_PCT)
    vo2 = pd.Series(oxygen_cost(run_speed(runs).to_numpy() * 60.0), index=runs.index)
    vdot = VO2_REST + (vo2 - VO2_REST) / f.where(f > 0)
    in_range = f.between(*HRR_RANGE)
    good = label.isin(list(STEADY_LABELS)) & long_enough & in_range & coupled
    why = np.select(
        [~label.isin(list(STEADY_LABELS)), ~long_enough, ~in_range, ~coupled],
        [
            "not a steady run (" + label + "): heart rate does not follow the pace",
            "shorter than 20 min",
            "heart rate outside 50-85 % of the reserve",
            "decoupled by more than 5 %",
        ],
        "steady run: pace and heart rate",
    )
    out = [
        _frame(
            runs,
            "vdot_hr",
            vdot,
            "ml/kg/min",
            good.map({True: "good", False: "poor"}),
            pd.Series(why, index=runs.index),
        )
    ]
    if "efficiency_factor" in runs.columns:
        easy = f.between(*EASY_HRR_RANGE)
        good_ef = label.isin(list(EF_LABELS)) & long_enough & easy & coupled
        why_ef = np.select(
            [~label.isin(list(EF_LABELS)), ~long_enough, ~easy, ~coupled],
            [
                "not an easy run (" + label + ")",
                "shorter than 20 min",
                "heart rate outside the easy range (50-75 % of the reserve)",
                "decoupled by more than 5 %",
            ],
            "easy run in the easy heart-rate range",
        )
        out.append(
            _frame(
                runs,
                "ef",
                runs["efficiency_factor"].astype(float),
                "m/beat",
                good_ef.map({True: "good", False: "poor"}),
                pd.Series(why_ef, index=runs.index),
            )
        )
    return out


def race_vdots(runs: pd.DataFrame) -> pd.DataFrame:
    """VDOT of every run as if raced: columns ``distance_m``, ``time_s``, ``vdot``, ``over``.

    A run within 3 % of a standard race distance is taken as a race over that
    distance (a GPS track over-reads a course: a 10 km race records 10.1-10.3 km,
    and the fastest 10 km within it would flatter the result); the time is the
    elapsed time (gun to finish when the watch ran from start to finish).
    ``over`` names the distance timed.
    """
    distance = runs["distance_m"].astype(float)
    elapsed = runs["elapsed_s"] if "elapsed_s" in runs.columns else runs["moving_s"]
    time = elapsed.astype(float)
    names, standard = zip(*RACE_DISTANCES_M.items(), strict=True)
    ratio = distance.to_numpy()[:, None] / np.asarray(standard)[None, :]
    nearest = np.argmin(np.abs(ratio - 1.0), axis=1) if len(distance) else np.zeros(0, int)
    close = np.abs(ratio[np.arange(len(distance)), nearest] - 1.0) <= RACE_DISTANCE_TOLERANCE
    snapped = np.where(close, np.asarray(standard)[nearest], distance.to_numpy())
    over = np.where(close, np.asarray(names, dtype=object)[nearest], "the whole run")
    vdot = daniels_vdot(snapped, time)
    return pd.DataFrame(
        {"distance_m": snapped, "time_s": time, "vdot": vdot, "over": over}, index=runs.index
    )


def effort_vdots(runs: pd.DataFrame, best_efforts: pd.DataFrame) -> pd.Series:
    """Each run's highest grade-adjusted best-effort VDOT from 1 mile up (NaN if none)."""
    e = best_efforts[best_efforts["activity_id"].isin(runs.index)]
    if "kind" in e.columns:
        e = e[e["kind"] == "distance"]
    e = e[e["distance_m"] >= MIN_EFFORT_M]
    v = pd.Series(daniels_vdot(e["distance_m"], e["gap_time_s"]), index=e.index)
    return v.groupby(e["activity_id"].to_numpy()).max().reindex(runs.index)


def fitness_markers(
    history: Source,
    *,
    athlete: Athlete | None = None,
    best_efforts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every marker of every run (columns :data:`MARKER_COLUMNS`), sorted by date.

    ``history`` is a History-like object or its activities frame; ``athlete``
    and ``best_efforts`` default to the History's own.
    """
    runs = runs_of(history, "distance_m", "moving_s", "label")
    athlete = athlete_of(history, athlete)
    efforts = best_efforts_of(history, best_efforts)
    frames = steady_markers(runs, athlete)
    is_race = (runs["label"] == "race").fillna(False).astype(bool)  # unlabelled rows: NA
    races = race_vdots(runs[is_race])
    frames.append(
        _frame(
            runs[is_race],
            "vdot_race",
            races["vdot"],
            "ml/kg/min",
            pd.Series("good", index=races.index),
            "race over " + races["over"],
        )
    )
    if efforts is not None:
        best = effort_vdots(runs, efforts)
        quality = pd.Series(np.where(is_race, "good", "submaximal"), index=runs.index)
        frames.append(
            _frame(
                runs,
                "vdot_effort",
                best,
                "ml/kg/min",
                quality,
                pd.Series("fastest mile or longer within the run", index=runs.index),
            )
        )
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=list(MARKER_COLUMNS))
    return pd.concat(frames, ignore_index=True).sort_values(["date", "marker"], ignore_index=True)
