"""The numbers a run's label is decided on: intensity ranges and the main part's statistics.

:func:`run_stats` measures a prepared run from its effort signal and segments:
the *main part* (first to last work bout, or the continuous run after its
first :data:`SETTLE_S`), its mean effort and intensity as a fraction of VDOT
(from speed with the athlete's VDOT, else heart rate as %HRR), how its pace
wanders and rises, its hardest minute, and its work bouts. :class:`Zones` are
the athlete's ranges in force on the run's date, or rough population values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter1d

from runlytics.analysis.prepare import PreparedActivity
from runlytics.analysis.segments import EffortSignal
from runlytics.athlete import Athlete, local_date
from runlytics.metrics.vdot import THRESHOLD_FRACTION, oxygen_cost, speed_at_vo2, vdot_from_race
from runlytics.vocabulary import format_pace

Array = NDArray[np.float64]

#: Pace wandering: CV of the 1-min mean efforts of the main part around their linear trend.
WANDER_WINDOW_S = 60
#: A hard effort: a 60-s mean effort at least this fraction of threshold speed (interval pace
#: is about 1.10 x threshold speed), or without a threshold speed of the main part's mean.
HARD_EFFORT_S = 60
#: Shortest race (s) and standard race distances (m) with the tolerance of a GPS watch.
RACE_MIN_S = 10 * 60.0
RACE_DISTANCES = {"5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5, "marathon": 42195.0}
RACE_DISTANCE_TOLERANCE = (-0.01, 0.03)
#: Population values used without an athlete (rough: HRmax varies by +-10 bpm at any age).
POPULATION_HR_MAX = 190.0
POPULATION_HR_REST = 60.0
#: The first seconds of moving time left out of a continuous run's main part.
SETTLE_S = 300.0


@dataclass(frozen=True)
class Zones:
    """The intensity ranges used, as fractions of VDOT, and where they come from.

    ``vdot`` is given or derived from the threshold speed; ``hr_max`` and
    ``hr_rest`` place heart rate when there is no VDOT (%HRR ~ %VO2R, Swain
    1997). ``estimated`` is True when no athlete value was used.
    """

    vdot: float | None
    hr_max: float | None
    hr_rest: float | None
    source: str
    estimated: bool

    def speed(self, fraction: float) -> float | None:
        """Flat speed (m/s) at ``fraction`` of VDOT (``None`` without VDOT)."""
        return None if self.vdot is None else float(speed_at_vo2(fraction * self.vdot))


@dataclass(frozen=True)
class RunStats:
    """The numbers behind a classification (SI units; NaN where not measurable).

    ``main_*`` describe the main part (first to last work bout, or the
    continuous run after its first :data:`SETTLE_S`): duration, mean effort
    over moving time, ``effort_from`` what the effort is ("grade-adjusted
    speed" or "raw speed", see the effort signal), intensity (fraction of
    VDOT, from speed or else heart rate), wander (CV), linear rise and its R^2;
    ``hardest_60s_mps`` the fastest 60-s mean effort; ``threshold_mps`` the
    athlete's threshold speed; ``reps`` and the CVs of
    their durations and distances; ``race_vdot`` the VDOT of the main part
    run as a race; ``race_distance`` the standard distance it matches.
    """

    moving_s: float
    distance_m: float
    main_s: float
    main_effort_mps: float
    effort_from: str
    main_intensity: float
    intensity_from: str
    main_wander_cv: float
    main_rise: float
    main_rise_r2: float
    main_hr_bpm: float
    hardest_60s_mps: float
    threshold_mps: float
    reps: int
    rep_seconds: float
    rep_effort_mps: float
    rep_duration_cv: float
    rep_distance_cv: float
    before_first_rep_s: float
    race_vdot: float
    race_distance: str | None
    stopped_s: float


def zones_for(prepared: PreparedActivity, athlete: Athlete | None) -> Zones | None:
    """Ranges from the athlete in force on the run's date, else estimated from heart rate."""
    if athlete is not None:
        p = athlete.at(local_date(prepared))
        if p.vdot is not None:
            return Zones(p.vdot, p.hr_max, p.hr_rest, f"VDOT {p.vdot:.1f}", False)
        if p.threshold_speed_mps is not None:
            vdot = float(oxygen_cost(p.threshold_speed_mps * 60.0)) / THRESHOLD_FRACTION
            source = f"VDOT {vdot:.1f} from threshold pace {format_pace(p.threshold_speed_mps)}"
            return Zones(vdot, p.hr_max, p.hr_rest, source, False)
        if p.hr_max is not None and p.hr_rest is not None:
            source = f"heart-rate reserve (HRmax {p.hr_max:.0f}, HRrest {p.hr_rest:.0f})"
            return Zones(None, p.hr_max, p.hr_rest, source, False)
    hr = prepared.records["heart_rate_bpm"].to_numpy()
    if np.isfinite(hr).mean() < 0.5:
        return None
    peak = float(pd.Series(hr).rolling(10, center=True, min_periods=10).median().max())
    hr_max = max(POPULATION_HR_MAX, peak + 5.0)
    source = (
        f"no athlete: heart-rate reserve with population HRrest {POPULATION_HR_REST:.0f} and "
        f"HRmax {hr_max:.0f} (run peak {peak:.0f} + 5, at least {POPULATION_HR_MAX:.0f}): rough"
    )
    return Zones(None, hr_max, POPULATION_HR_REST, source, True)


def intensity(effort_mps: float, hr_bpm: float, zones: Zones | None) -> tuple[float, str]:
    """Fraction of VDOT of an effort: from speed with a VDOT, else from heart rate (%HRR)."""
    if zones is None:
        return float("nan"), "none"
    if zones.vdot is not None and np.isfinite(effort_mps):
        return float(oxygen_cost(effort_mps * 60.0)) / zones.vdot, "speed"
    if zones.hr_max is not None and zones.hr_rest is not None and np.isfinite(hr_bpm):
        return (hr_bpm - zones.hr_rest) / (zones.hr_max - zones.hr_rest), "heart rate"
    return float("nan"), "none"


def run_stats(
    prepared: PreparedActivity, signal: EffortSignal, segments: pd.DataFrame, zones: Zones | None
) -> RunStats:
    """The :class:`RunStats` of a prepared run, its effort signal and its segments."""
    records = prepared.records
    t = records.index[signal.rows]
    moving = signal.moving
    effort = signal.effort
    hr = records["heart_rate_bpm"].to_numpy()[signal.rows]
    work = segments[segments["kind"] == "work"]
    clock = np.cumsum(moving)
    if len(work):
        main = (t > work["start"].iloc[0]) & (t <= work["end"].iloc[-1])
    else:
        settle = SETTLE_S if clock[-1] >= 4 * SETTLE_S else 0.0
        main = clock > settle
    main_moving = main & moving
    e = effort[main_moving]
    main_effort = float(e.mean()) if len(e) else float("nan")
    main_hr = float(np.nanmean(hr[main])) if np.isfinite(hr[main]).any() else float("nan")
    main_intensity, source = intensity(main_effort, main_hr, zones)
    rise, r2 = _rise(e)
    main_s = float(main.sum())
    race_vdot = float("nan")
    if main_s >= RACE_MIN_S and main_effort > 0 and zones is not None and zones.vdot is not None:
        race_vdot = vdot_from_race(main_effort * main_s, main_s) / zones.vdot
    rep_s = work["active_s"].to_numpy()
    known = records["distance_m"].dropna()
    distance = float(known.max() - known.min()) if len(known) else float("nan")
    return RunStats(
        moving_s=float(moving.sum()),
        distance_m=distance if np.isfinite(distance) else float("nan"),
        main_s=main_s,
        main_effort_mps=main_effort,
        effort_from="grade-adjusted speed" if signal.name == "gap_speed_mps" else "raw speed",
        main_intensity=main_intensity,
        intensity_from=source,
        main_wander_cv=_wander(e),
        main_rise=rise,
        main_rise_r2=r2,
        main_hr_bpm=main_hr,
        hardest_60s_mps=_hardest(effort, HARD_EFFORT_S),
        threshold_mps=_threshold_speed(zones),
        reps=len(work),
        rep_seconds=float(np.median(rep_s)) if len(work) else float("nan"),
        rep_effort_mps=float(np.median(work["effort_mps"])) if len(work) else float("nan"),
        rep_duration_cv=_cv(rep_s),
        rep_distance_cv=_cv(work["distance_m"].to_numpy()),
        before_first_rep_s=float(clock[t <= work["start"].iloc[0]][-1]) if len(work) else 0.0,
        race_vdot=race_vdot,
        race_distance=_race_distance(distance),
        stopped_s=float((~moving & (clock > 0) & (clock < clock[-1])).sum()),
    )


def _threshold_speed(zones: Zones | None) -> float:
    speed = None if zones is None else zones.speed(THRESHOLD_FRACTION)
    return float("nan") if speed is None else speed


def _cv(values: Array) -> float:
    values = values[np.isfinite(values)]
    return float(np.std(values) / np.mean(values)) if len(values) >= 2 else float("nan")


def _wander(e: Array) -> float:
    """CV of the 1-min mean efforts around their linear trend (pace wandering; NaN if short)."""
    n = len(e) // WANDER_WINDOW_S
    if n < 10 or not e.mean() > 0:
        return float("nan")
    means = e[: n * WANDER_WINDOW_S].reshape(n, WANDER_WINDOW_S).mean(axis=1)
    t = np.arange(n, dtype="float64")
    trend = np.polyval(np.polyfit(t, means, 1), t)
    return float(np.std(means - trend) / np.mean(means))


def _rise(e: Array) -> tuple[float, float]:
    """Linear rise over the main part (fraction of its mean) and R^2 of the 60-s means."""
    n = len(e) // 60
    if n < 5 or not e.mean() > 0:
        return float("nan"), float("nan")
    blocks = e[: n * 60].reshape(n, 60).mean(axis=1)
    t = np.arange(n, dtype="float64")
    slope, intercept = np.polyfit(t, blocks, 1)
    residual = blocks - (slope * t + intercept)
    total = np.sum((blocks - blocks.mean()) ** 2)
    r2 = 1.0 - np.sum(residual**2) / total if total > 0 else 0.0
    return float(slope * n / blocks.mean()), float(r2)


def _hardest(effort: Array, window: int) -> float:
    if len(effort) < window:
        return float("nan")
    return float(uniform_filter1d(effort, window, mode="nearest").max())


def _race_distance(distance_m: float) -> str | None:
    lo, hi = RACE_DISTANCE_TOLERANCE
    for name, d in RACE_DISTANCES.items():
        if d * (1 + lo) <= distance_m <= d * (1 + hi):
            return name
    return None


