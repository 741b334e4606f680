"""What kind of run was it: :func:`classify_run` labels one activity from its data.

Labels (:data:`RUN_LABELS`): recovery, easy, long, steady, tempo, intervals,
progression, fartlek, race, unstructured_speedwork. The decision uses the
segments of :func:`~runlytics.segments.detect_segments` (work bouts are the
structure) and the intensity of the *main part* as a fraction of the
athlete's VDOT (Daniels' zones). The rules, every threshold and the figures
measured on simulated runs are in ``docs/analysis.md`` ("Segments and run
classification"). In short:

* two or more work bouts: **intervals**, or **fartlek** when the bouts differ
  in length (CV of durations and of distances both >= :data:`IRREGULAR_CV`);
  bouts no faster than easy pace are a run/walk (easy or long);
* one work bout (segments make a lone bout only of a block of 10 min or
  more): **long** if it ends a long run (>= :data:`LONG_PART_S` before it),
  else **tempo**;
* continuous: **race** (an all-out effort for its duration), **progression**
  (a steady rise of >= :data:`PROGRESSION_RISE`), then by intensity:
  **recovery**, **easy**/**long**, and in the grey zone between easy and
  threshold **unstructured_speedwork** when the pace wanders (CV of the
  1-min means >= :data:`WANDER_CV`) for at least :data:`UNSTRUCTURED_MIN_S`
  with no hard effort, else **steady** or **tempo**.

Without an athlete the ranges are estimated from the run's heart rate with
population values (said in the reasons, lower confidence); without heart rate
only the structure and the duration can be judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter1d

from runlytics.activity import Activity
from runlytics.athlete import Athlete, local_date
from runlytics.metrics.vdot import (
    EASY_FRACTIONS,
    THRESHOLD_FRACTION,
    fraction_vo2max,
    oxygen_cost,
    speed_at_vo2,
    vdot_from_race,
)
from runlytics.prepare import ensure_prepared
from runlytics.segments import detect_segments, effort_signal

Array = NDArray[np.float64]

#: Every label :func:`classify_run` can give.
RUN_LABELS = (
    "recovery",
    "easy",
    "long",
    "steady",
    "tempo",
    "intervals",
    "progression",
    "fartlek",
    "race",
    "unstructured_speedwork",
)
#: Intensity bounds as fractions of VDOT: recovery, easy (Daniels), steady/tempo, threshold.
RECOVERY_MAX = 0.63
EASY_MAX = EASY_FRACTIONS[1]
STEADY_MAX = 0.80
THRESHOLD = THRESHOLD_FRACTION
#: A continuous run at least this long (moving, s) in the easy range is a long run.
LONG_RUN_S = 75 * 60.0
#: A recovery run is at most this long (moving, s).
RECOVERY_MAX_S = 50 * 60.0
#: Work bouts whose durations and distances both vary more than this (CV) are a fartlek.
IRREGULAR_CV = 0.30
#: A single work bout after this much running (s) ends a long run (fast finish).
LONG_PART_S = 40 * 60.0
#: Pace wandering: CV of the 1-min mean efforts of the main part around their linear trend.
WANDER_WINDOW_S = 60
WANDER_CV = 0.04
#: Above this wander CV the pace changed in blocks (a missed structure), not wandered.
WANDER_MAX_CV = 0.10
#: Unstructured speedwork lasts at least this long (moving, s): shorter is a run, not a session.
UNSTRUCTURED_MIN_S = 30 * 60.0
#: A hard effort: a 60-s mean effort at least this fraction of threshold speed (interval pace
#: is about 1.10 x threshold speed), or without a threshold speed of the main part's mean.
HARD_EFFORT_S = 60
HARD_EFFORT = 1.10
HARD_EFFORT_NO_ZONES = 1.25
#: Progression: linear rise over the main part (fraction of its mean) and fit (R^2 of 60-s means).
PROGRESSION_RISE = 0.10
PROGRESSION_R2 = 0.5
#: A continuous effort whose race-equivalent VDOT reaches this fraction of the athlete's is a race.
RACE_VDOT = 0.93
#: Without paces, a race needs a heart-rate intensity within this of what its duration allows.
RACE_HR_MARGIN = 0.08
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
    (grade-adjusted speed over moving time), intensity (fraction of VDOT, from
    speed or else heart rate), wander (CV), linear rise and its R^2;
    ``hardest_60s_mps`` the fastest 60-s mean effort; ``threshold_mps`` the
    athlete's threshold speed; ``reps`` and the CVs of
    their durations and distances; ``race_vdot`` the VDOT of the main part
    run as a race; ``race_distance`` the standard distance it matches.
    """

    moving_s: float
    distance_m: float
    main_s: float
    main_effort_mps: float
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


@dataclass(frozen=True)
class RunClassification:
    """A run's ``label`` (one of :data:`RUN_LABELS`), ``confidence`` (0-1) and ``reasons``.

    ``segments`` and ``stats`` are what the decision used; ``zones`` the ranges.
    """

    label: str
    confidence: float
    reasons: tuple[str, ...]
    segments: pd.DataFrame
    stats: RunStats
    zones: Zones | None


def classify_run(activity: Activity, athlete: Athlete | None = None) -> RunClassification:
    """Label a run from its data (see the module docstring and ``docs/analysis.md``).

    ``athlete`` gives the ranges (VDOT or threshold speed, else HRmax and
    HRrest) in force on the run's local date; without it they are estimated
    from the run and the confidence is lower.
    """
    prepared = ensure_prepared(activity)
    segments = detect_segments(prepared)
    zones = _zones(prepared, athlete)
    stats = run_stats(prepared, segments, zones)
    label, confidence, reasons = _decide(stats, zones, segments)
    if zones is not None and zones.estimated:
        confidence *= 0.7
    if segments.attrs.get("signal") == "speed_mps":
        reasons.append(str(segments.attrs["signal_reason"]))
    return RunClassification(
        label,
        round(float(np.clip(confidence, 0.05, 0.99)), 2),
        tuple(reasons),
        segments,
        stats,
        zones,
    )


# --- zones -------------------------------------------------------------------------------------


def _zones(prepared: Activity, athlete: Athlete | None) -> Zones | None:
    """Ranges from the athlete in force on the run's date, else estimated from heart rate."""
    if athlete is not None:
        p = athlete.at(local_date(prepared))
        if p.vdot is not None:
            return Zones(p.vdot, p.hr_max, p.hr_rest, f"VDOT {p.vdot:.1f}", False)
        if p.threshold_speed_mps is not None:
            vdot = float(oxygen_cost(p.threshold_speed_mps * 60.0)) / THRESHOLD
            source = f"VDOT {vdot:.1f} from threshold pace {_pace(p.threshold_speed_mps)}"
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


def _intensity(effort_mps: float, hr_bpm: float, zones: Zones | None) -> tuple[float, str]:
    """Fraction of VDOT of an effort: from speed with a VDOT, else from heart rate (%HRR)."""
    if zones is None:
        return float("nan"), "none"
    if zones.vdot is not None and np.isfinite(effort_mps):
        return float(oxygen_cost(effort_mps * 60.0)) / zones.vdot, "speed"
    if zones.hr_max is not None and zones.hr_rest is not None and np.isfinite(hr_bpm):
        return (hr_bpm - zones.hr_rest) / (zones.hr_max - zones.hr_rest), "heart rate"
    return float("nan"), "none"


# --- statistics --------------------------------------------------------------------------------


def run_stats(prepared: Activity, segments: pd.DataFrame, zones: Zones | None) -> RunStats:
    """The :class:`RunStats` of a prepared run and its segments."""
    records = prepared.records
    signal = effort_signal(records)
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
    intensity, source = _intensity(main_effort, main_hr, zones)
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
        main_intensity=intensity,
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
    speed = None if zones is None else zones.speed(THRESHOLD)
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


# --- the decision ------------------------------------------------------------------------------


def _decide(
    s: RunStats, zones: Zones | None, segments: pd.DataFrame
) -> tuple[str, float, list[str]]:
    """Label, confidence before the estimate penalty, and reasons (see the module docstring)."""
    reasons = [_main_reason(s, zones)]
    f = s.main_intensity
    if s.reps >= 2:
        reasons.append(_reps_reason(s, segments))
        rep_f, _ = _intensity(s.rep_effort_mps, float("nan"), zones)
        if np.isfinite(rep_f) and rep_f <= EASY_MAX and zones is not None and zones.vdot:
            reasons.append(f"work bouts at {rep_f:.0%} of VDOT, no faster than easy: a run/walk")
            return _continuous_easy(s, reasons, margin=EASY_MAX - rep_f)
        irregular = min(s.rep_duration_cv, s.rep_distance_cv) >= IRREGULAR_CV
        label = "fartlek" if irregular else "intervals"
        reasons.append(
            f"bout lengths vary (CV {s.rep_duration_cv:.0%} in time, {s.rep_distance_cv:.0%} "
            f"in distance; fartlek from {IRREGULAR_CV:.0%})"
        )
        return label, 0.9, reasons
    if s.reps == 1:
        reasons.append(_reps_reason(s, segments))
        if s.before_first_rep_s >= LONG_PART_S:
            reasons.append(
                f"the bout ends a run of {_duration(s.before_first_rep_s)}: a long run with a fast "
                "finish"
            )
            return "long", 0.8, reasons
        reasons.append("one sustained block (a lone bout is at least 10 min): a tempo run")
        return "tempo", 0.85, reasons
    race = _race(s, zones)
    if race is not None:
        reasons.append(race[1])
        return "race", race[0], reasons
    if s.main_rise >= PROGRESSION_RISE and s.main_rise_r2 >= PROGRESSION_R2:
        reasons.append(
            f"effort rises steadily by {s.main_rise:.0%} (R² {s.main_rise_r2:.2f} of 1-min means)"
        )
        return "progression", 0.8, reasons
    if not np.isfinite(f):
        reasons.append("intensity unknown (no athlete ranges, no heart rate): judged on duration")
        label = "long" if s.moving_s >= LONG_RUN_S else "easy"
        return label, 0.3, reasons
    if f <= RECOVERY_MAX and s.moving_s <= RECOVERY_MAX_S:
        reasons.append(f"{f:.0%} of VDOT (recovery up to {RECOVERY_MAX:.0%}), short")
        return "recovery", _margin_confidence(RECOVERY_MAX - f), reasons
    if f <= EASY_MAX:
        return _continuous_easy(s, reasons, margin=min(EASY_MAX - f, abs(f - RECOVERY_MAX)))
    return _grey_or_hard(s, reasons)


def _continuous_easy(
    s: RunStats, reasons: list[str], margin: float
) -> tuple[str, float, list[str]]:
    if s.moving_s >= LONG_RUN_S:
        reasons.append(
            f"easy range, {_duration(s.moving_s)} moving (long from {_duration(LONG_RUN_S)})"
        )
        return "long", _margin_confidence(margin), reasons
    reasons.append(f"easy range (up to {EASY_MAX:.0%} of VDOT)")
    return "easy", _margin_confidence(margin), reasons


def _grey_or_hard(s: RunStats, reasons: list[str]) -> tuple[str, float, list[str]]:
    """Held or wandering between easy and threshold; tempo at or above threshold."""
    f = s.main_intensity
    wander = s.main_wander_cv
    wandering = np.isfinite(wander) and WANDER_CV <= wander < WANDER_MAX_CV
    long_enough = s.moving_s >= UNSTRUCTURED_MIN_S
    if f < THRESHOLD and wandering and long_enough and not _has_hard_effort(s):
        reasons.append(
            f"grey zone ({EASY_MAX:.0%}-{THRESHOLD:.0%} of VDOT), pace wandering: CV of 1-min "
            f"means {wander:.1%} (held below {WANDER_CV:.1%}), no reps, no hard effort, "
            f"{_duration(s.moving_s)} moving"
        )
        margin = min(wander - WANDER_CV, f - EASY_MAX, THRESHOLD - f)
        return "unstructured_speedwork", _margin_confidence(margin, scale=0.01), reasons
    held = f"pace held (CV of 1-min means {wander:.1%})" if np.isfinite(wander) else "held"
    if f >= STEADY_MAX:
        reasons.append(f"{held}, at or above {STEADY_MAX:.0%} of VDOT")
        return "tempo", _margin_confidence(f - STEADY_MAX), reasons
    if s.moving_s >= LONG_RUN_S:
        reasons.append(f"{held}, {_duration(s.moving_s)} moving")
        return "long", _margin_confidence(min(f - EASY_MAX, STEADY_MAX - f)), reasons
    reasons.append(f"{held}, between easy and {STEADY_MAX:.0%} of VDOT")
    return "steady", _margin_confidence(min(f - EASY_MAX, STEADY_MAX - f)), reasons


def _has_hard_effort(s: RunStats) -> bool:
    """A 60-s effort at :data:`HARD_EFFORT` x threshold speed, or without a threshold speed
    :data:`HARD_EFFORT_NO_ZONES` x the main part's mean."""
    if np.isfinite(s.threshold_mps):
        return bool(s.hardest_60s_mps >= HARD_EFFORT * s.threshold_mps)
    return bool(s.hardest_60s_mps >= HARD_EFFORT_NO_ZONES * s.main_effort_mps)


def _race(s: RunStats, zones: Zones | None) -> tuple[float, str] | None:
    """Confidence and reason if the continuous run is a race, else ``None``."""
    if np.isfinite(s.race_vdot) and s.race_vdot >= RACE_VDOT:
        return (
            _margin_confidence(s.race_vdot - RACE_VDOT),
            f"as a race the main part is worth {s.race_vdot:.0%} of the athlete's VDOT "
            f"(race from {RACE_VDOT:.0%})",
        )
    no_vdot = zones is None or zones.vdot is None
    held = not np.isfinite(s.main_wander_cv) or s.main_wander_cv < 2 * WANDER_CV
    if not (no_vdot and s.race_distance is not None and s.stopped_s < 10 and held):
        return None
    # without paces, heart rate must say race effort: near what the duration allows
    sustainable = float(fraction_vo2max(s.moving_s / 60.0))
    if not np.isfinite(s.main_intensity) or s.main_intensity < sustainable - RACE_HR_MARGIN:
        return None
    return 0.45, (
        f"{s.distance_m / 1000:.2f} km without a stop matches a {s.race_distance}, at "
        f"{s.main_intensity:.0%} of VO2max from heart rate (a race of that length is run at "
        f"about {sustainable:.0%}); without the athlete's paces this is a guess"
    )


def _margin_confidence(margin: float, scale: float = 0.03) -> float:
    """0.55 on a decision boundary, 0.9 at ``scale`` or more from it."""
    return 0.55 + 0.35 * float(np.clip(margin / scale, 0.0, 1.0))


# --- reasons -----------------------------------------------------------------------------------


def _pace(speed_mps: float) -> str:
    if not (np.isfinite(speed_mps) and speed_mps > 0):
        return "?"
    s = round(1000.0 / speed_mps)
    return f"{s // 60}:{s % 60:02d}/km"


def _duration(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}h{s % 3600 // 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def _main_reason(s: RunStats, zones: Zones | None) -> str:
    text = f"main part {_duration(s.main_s)} at {_pace(s.main_effort_mps)} grade-adjusted"
    if zones is not None and zones.vdot is not None:
        threshold = zones.speed(THRESHOLD)
        share = s.main_effort_mps / threshold if threshold else float("nan")
        text += f", {share:.0%} of threshold speed ({_pace(threshold or float('nan'))})"
    if np.isfinite(s.main_intensity):
        text += f", {s.main_intensity:.0%} of VDOT (from {s.intensity_from})"
    if np.isfinite(s.main_hr_bpm):
        text += f", HR {s.main_hr_bpm:.0f}"
    if zones is not None:
        text += f"; ranges: {zones.source}"
    return text


def _reps_reason(s: RunStats, segments: pd.DataFrame) -> str:
    work = segments[segments["kind"] == "work"]
    rest = segments[segments["kind"] == "recovery"]
    text = (
        f"{s.reps} work bout{'s' if s.reps > 1 else ''} of {_duration(s.rep_seconds)} "
        f"(median) at {_pace(s.rep_effort_mps)}"
    )
    if len(work) and work["distance_m"].notna().any():
        text += f", {work['distance_m'].median():.0f} m"
    if len(rest):
        text += (
            f"; recoveries {_duration(float(rest['active_s'].median()))} at "
            f"{_pace(float(rest['effort_mps'].median()))}"
        )
    sources = sorted(set(work["source"]))
    return text + f" (boundaries from {' and '.join(sources)})"
