"""What kind of run was it: :func:`classify_run` labels one activity from its data.

Labels (:data:`RUN_LABELS`): recovery, easy, long, steady, tempo, intervals,
progression, fartlek, race, unstructured_speedwork. The decision uses the
segments of :func:`~runlytics.analysis.segments.detect_segments` (work bouts are the
structure) and the intensity of the *main part* as a fraction of the
athlete's VDOT (Daniels' zones). The rules, every threshold and the figures
measured on simulated runs are in ``docs/analysis.md`` ("Segments and run
classification"). In short:

* hill repeats found from the altitude (:mod:`runlytics.analysis.hills`) when
  the effort signal shows fewer than two bouts: **intervals**;
* two or more work bouts: **intervals**, or **fartlek** when the bouts differ
  in length (CV of durations and of distances both >= :data:`IRREGULAR_CV`)
  unless they start and end at laps the runner pressed (a pyramid); bouts no
  faster than easy pace are a run/walk (easy or long), bouts far apart
  (:data:`SPARSE_RATIO`) a few runs in a walk (judged as continuous);
* one work bout (segments make a lone bout only of a block of 10 min or
  more): **long** if it ends a long run (>= :data:`LONG_PART_S` before it),
  easy/long if no faster than easy, else **tempo**;
* continuous: **race** (near the top of what the athlete showed for its
  duration in the history, or :data:`RACE_VDOT` of their VDOT without one),
  **progression** (a steady rise of >= :data:`PROGRESSION_RISE` ending above
  easy), then by intensity:
  **recovery**, **easy**/**long**, and in the grey zone between easy and
  threshold **unstructured_speedwork** when the pace wanders (CV of the
  1-min means >= :data:`WANDER_CV`) for at least :data:`UNSTRUCTURED_MIN_S`
  with no hard effort, else **steady** or **tempo**.

Data no runner produces (speed beyond world records, a rider's cadence, far
beyond the athlete) is flagged (``running_plausible``), never labelled race.
With a ``history`` and no athlete, the athlete is estimated from the history
(:func:`~runlytics.analysis.estimate.estimate_athlete`). Without either the
ranges are estimated from the run's heart rate with population values (said in
the reasons, lower confidence); without heart rate only the structure and the
duration can be judged. Every reason is an
:class:`~runlytics.evidence.Evidence`: the number, its unit and the sentence,
which names the effort actually used (grade-adjusted or raw speed, heart rate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.activity import Activity
from runlytics.analysis.estimate import (
    EffortCurve,
    day_number,
    effort_curve,
    estimate_athlete,
)
from runlytics.analysis.hills import HillRepeats, hill_repeats
from runlytics.analysis.plausibility import running_implausibility
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.analysis.run_stats import RunStats, Zones, intensity, run_stats, zones_for
from runlytics.analysis.segments import EffortSignal, segments_of, signal_of
from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.metrics.vdot import EASY_FRACTIONS, THRESHOLD_FRACTION, fraction_vo2max
from runlytics.vocabulary import RunLabel, format_duration, format_pace

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
#: Pace wandering: CV of the 1-min mean efforts of the main part around their trend.
WANDER_CV = 0.04
#: Above this wander CV the pace changed in blocks (a missed structure), not wandered.
WANDER_MAX_CV = 0.10
#: Unstructured speedwork lasts at least this long (moving, s): shorter is a run, not a session.
UNSTRUCTURED_MIN_S = 30 * 60.0
#: A hard effort: a 60-s mean effort at least this fraction of threshold speed (interval pace
#: is about 1.10 x threshold speed), or without a threshold speed of the main part's mean.
HARD_EFFORT = 1.10
HARD_EFFORT_NO_ZONES = 1.25
#: Progression: linear rise over the main part (fraction of its mean) and fit (R^2 of 60-s means).
PROGRESSION_RISE = 0.10
PROGRESSION_R2 = 0.5
#: A continuous effort whose race-equivalent VDOT reaches this fraction of the athlete's is a race.
RACE_VDOT = 0.93
#: With a history: a race is within this fraction of the best VDOT the athlete showed in other
#: runs over a similar duration (within a factor :data:`RACE_DURATION_RATIO`), ...
RACE_TOP = 0.93
RACE_DURATION_RATIO = 1.5
#: ... and worth at least this fraction of the athlete's VDOT (a long race run by a runner
#: whose endurance lags their 5 km form still reaches it; easy and long runs stay below 0.75).
RACE_FLOOR = 0.85
#: Faster than the athlete's VDOT by more than this factor: not a race but implausible data.
RACE_VDOT_MAX = 1.15
#: Without paces, a race needs a heart-rate intensity within this of what its duration allows.
RACE_HR_MARGIN = 0.08


FRACTION_OF_VDOT = "fraction of VDOT"
#: Bouts ending at laps the runner pressed (within this many ns of a manual lap start), for at
#: least this share of them, are planned reps: varying lengths make a pyramid, not a fartlek.
MANUAL_LAP_NS = 15 * 10**9
PLANNED_SHARE = 0.75
#: Bouts whose median rest is at least this many times the median bout and this long (s) are
#: not a session: Daniels' rests are at most the work (I, H) or 2-3 x it (R); hills, a jog down.
SPARSE_RATIO = 5.0
SPARSE_MIN_S = 300.0
#: Confidence of hill repeats found from the altitude alone (the reps are not delimited).
HILL_CONFIDENCE = 0.8
#: Highest confidence of a label on data flagged as not plausibly running.
IMPLAUSIBLE_CONFIDENCE = 0.2

Decision = tuple[RunLabel, float, list[Evidence]]


@dataclass(frozen=True)
class RunClassification:
    """A run's ``label`` (one of :data:`RUN_LABELS`), ``confidence`` (0-1) and ``reasons``.

    ``reasons`` are :class:`~runlytics.evidence.Evidence` (``str()`` of one is
    its sentence); ``segments`` and ``stats`` are what the decision used;
    ``zones`` the ranges.
    """

    label: RunLabel
    confidence: float
    reasons: tuple[Evidence, ...]
    segments: pd.DataFrame
    stats: RunStats
    zones: Zones | None
    running_plausible: bool = True


@dataclass(frozen=True)
class RaceContext:
    """What the athlete showed in a history: its :class:`EffortCurve`, this run's index in
    it (-1 if not in it) and its day, so a run is compared with the *other* runs of its
    season."""

    curve: EffortCurve
    index: int = -1
    day: int | None = None


def classify_run(
    activity: Activity,
    athlete: Athlete | None = None,
    *,
    history: Sequence[Activity] | None = None,
) -> RunClassification:
    """Label a run from its data (see the module docstring and ``docs/analysis.md``).

    ``athlete`` gives the ranges (VDOT or threshold speed, else HRmax and
    HRrest) in force on the run's local date. ``history`` (the athlete's
    activities, this one among them or not) lets a race be judged against the
    athlete's other best efforts, and without ``athlete`` gives the ranges
    (:func:`~runlytics.analysis.estimate.estimate_athlete`). Without either
    they are estimated from the run and the confidence is lower.
    """
    prepared = ensure_prepared(activity)
    context = None
    if history:
        if athlete is None:
            athlete = estimate_athlete(history)
        index = next((i for i, a in enumerate(history) if a is activity), -1)
        context = RaceContext(effort_curve(history), index, day_number(activity))
    return classify(prepared, signal_of(prepared), segments_of(prepared), athlete, context)


def classify_runs(
    activities: Sequence[Activity], athlete: Athlete | None = None
) -> list[RunClassification]:
    """:func:`classify_run` of each activity with the others as its history (the athlete
    estimated once from all of them when not given)."""
    if athlete is None:
        athlete = estimate_athlete(activities)
    curve = effort_curve(activities)
    return [
        classify(p, signal_of(p), segments_of(p), athlete, RaceContext(curve, i, day_number(p)))
        for i, p in enumerate(ensure_prepared(a) for a in activities)
    ]


def classify(
    prepared: PreparedActivity,
    signal: EffortSignal,
    segments: pd.DataFrame,
    athlete: Athlete | None,
    context: RaceContext | None = None,
) -> RunClassification:
    """:func:`classify_run` from a run's athlete-independent parts (prepared, signal, segments)."""
    zones = zones_for(prepared, athlete)
    stats = run_stats(prepared, signal, segments, zones)
    implausible = running_implausibility(prepared) or _beyond_athlete(stats)
    planned = _manual_share(segments, prepared.laps) >= PLANNED_SHARE
    hills = hill_repeats(prepared)
    if hills is not None and stats.reps < 2:
        label, confidence, reasons = _hill_repeats(stats, zones, hills)
    else:
        label, confidence, reasons = _decide(stats, zones, segments, context, implausible, planned)
        reasons += [] if hills is None else [hills.evidence]
    if zones is not None and zones.estimated:
        confidence *= 0.7
    reasons.append(Evidence("effort_signal", signal.name, "", f"effort: {signal.reason}"))
    if implausible is not None:
        reasons.insert(0, implausible)
        confidence = min(confidence, IMPLAUSIBLE_CONFIDENCE)
    return RunClassification(
        label,
        round(float(np.clip(confidence, 0.05, 0.99)), 2),
        tuple(reasons),
        segments,
        stats,
        zones,
        implausible is None,
    )


def _beyond_athlete(s: RunStats) -> Evidence | None:
    """Evidence when the run is faster than the athlete's VDOT by :data:`RACE_VDOT_MAX`."""
    if not (np.isfinite(s.race_vdot) and s.race_vdot > RACE_VDOT_MAX):
        return None
    text = (
        f"as a race the main part is worth {s.race_vdot:.0%} of the athlete's VDOT, beyond "
        f"{RACE_VDOT_MAX:.0%}: implausible for this runner (a ride or a car recorded as a run?)"
    )
    return Evidence("implausible_race_vdot", s.race_vdot, "fraction of the athlete's VDOT", text)


# --- the decision ------------------------------------------------------------------------------


def _decide(
    s: RunStats,
    zones: Zones | None,
    segments: pd.DataFrame,
    context: RaceContext | None = None,
    implausible: Evidence | None = None,
    planned: bool = False,
) -> Decision:
    """Label, confidence before the estimate penalty, and reasons (see the module docstring)."""
    reasons = [_main_reason(s, zones)]
    sparse = _sparse_bouts(segments) if s.reps >= 2 else None
    if s.reps >= 2 and sparse is None:
        return _repeated(s, zones, segments, reasons, planned)
    if sparse is not None:
        reasons.append(sparse)
    elif s.reps == 1:
        reasons.append(_reps_reason(s, segments))
        if s.before_first_rep_s >= LONG_PART_S:
            text = (
                f"the bout ends a run of {format_duration(s.before_first_rep_s)}: "
                "a long run with a fast finish"
            )
            reasons.append(Evidence("before_first_rep_s", s.before_first_rep_s, "s", text))
            return "long", 0.8, reasons
        if s.intensity_from == "speed" and s.main_intensity <= EASY_MAX:
            text = (
                f"the block is at {s.main_intensity:.0%} of VDOT, no faster than easy "
                f"(up to {EASY_MAX:.0%}): a change of pace in an easy run, not a tempo"
            )
            reasons.append(Evidence("main_intensity", s.main_intensity, FRACTION_OF_VDOT, text))
            return _continuous_easy(s, reasons, margin=EASY_MAX - s.main_intensity)
        text = "one sustained block (a lone bout is at least 10 min): a tempo run"
        reasons.append(Evidence("reps", 1, "count", text))
        return "tempo", 0.85, reasons
    race = None if implausible is not None else _race(s, zones, context)
    if race is not None:
        reasons.append(race[1])
        return "race", race[0], reasons
    end = _end_intensity(s, zones)
    rising = s.main_rise >= PROGRESSION_RISE and s.main_rise_r2 >= PROGRESSION_R2
    if rising and not end <= EASY_MAX:
        text = (
            f"{s.effort_from} rises steadily by {s.main_rise:.0%} "
            f"(R² {s.main_rise_r2:.2f} of 1-min means)"
        )
        if np.isfinite(end):
            text += f" to {end:.0%} of VDOT, above the easy range"
        reasons.append(Evidence("main_rise", s.main_rise, "fraction of the mean", text))
        return "progression", 0.8, reasons
    f = s.main_intensity
    if not np.isfinite(f):
        text = "intensity unknown (no athlete ranges, no heart rate): judged on duration"
        reasons.append(Evidence("moving_s", s.moving_s, "s", text))
        return ("long" if s.moving_s >= LONG_RUN_S else "easy"), 0.3, reasons
    if f <= RECOVERY_MAX and s.moving_s <= RECOVERY_MAX_S:
        text = f"{f:.0%} of VDOT (recovery up to {RECOVERY_MAX:.0%}), short"
        reasons.append(Evidence("main_intensity", f, FRACTION_OF_VDOT, text))
        return "recovery", _margin_confidence(RECOVERY_MAX - f), reasons
    if f <= EASY_MAX:
        return _continuous_easy(s, reasons, margin=min(EASY_MAX - f, abs(f - RECOVERY_MAX)))
    return _grey_or_hard(s, reasons)


def _repeated(
    s: RunStats,
    zones: Zones | None,
    segments: pd.DataFrame,
    reasons: list[Evidence],
    planned: bool = False,
) -> Decision:
    """Two or more work bouts: intervals or fartlek, or a run/walk when the bouts are easy."""
    reasons.append(_reps_reason(s, segments))
    rep_f, _ = intensity(s.rep_effort_mps, float("nan"), zones)
    if np.isfinite(rep_f) and rep_f <= EASY_MAX and zones is not None and zones.vdot:
        text = f"work bouts at {rep_f:.0%} of VDOT, no faster than easy: a run/walk"
        reasons.append(Evidence("rep_intensity", rep_f, FRACTION_OF_VDOT, text))
        return _continuous_easy(s, reasons, margin=EASY_MAX - rep_f)
    irregular = min(s.rep_duration_cv, s.rep_distance_cv) >= IRREGULAR_CV
    text = (
        f"bout lengths vary (CV {s.rep_duration_cv:.0%} in time, {s.rep_distance_cv:.0%} "
        f"in distance; fartlek from {IRREGULAR_CV:.0%})"
    )
    reasons.append(Evidence("rep_duration_cv", s.rep_duration_cv, "ratio", text))
    if irregular and planned:
        text = (
            "the runner pressed the lap button at the bouts' ends: planned reps of set lengths "
            "(a pyramid or ladder), not a fartlek"
        )
        reasons.append(Evidence("manual_laps", PLANNED_SHARE, "share of bouts", text))
        return "intervals", 0.9, reasons
    return ("fartlek" if irregular else "intervals"), 0.9, reasons


def _hill_repeats(s: RunStats, zones: Zones | None, hills: HillRepeats) -> Decision:
    """Hill repeats the effort signal missed (uphill the raw speed drops): intervals."""
    text = (
        f"{hills.evidence.text}; the {s.effort_from} shows {s.reps} work bout(s): uphill "
        "the pace drops, the climbing rate shows the efforts"
    )
    evidence = Evidence("hill_repeats", hills.count, "count", text)
    return "intervals", HILL_CONFIDENCE, [_main_reason(s, zones), evidence]


def _sparse_bouts(segments: pd.DataFrame) -> Evidence | None:
    """Evidence when the bouts are a few runs in a walk (or a run/walk), not a session: the
    median time between bouts is :data:`SPARSE_RATIO` x the median bout and over
    :data:`SPARSE_MIN_S` (no interval prescription rests that long)."""
    work = segments[segments["kind"] == "work"]
    rest_s = []
    for (_, a), (_, b) in zip(work.iloc[:-1].iterrows(), work.iloc[1:].iterrows(), strict=True):
        between = segments[(segments["start"] >= a["end"]) & (segments["end"] <= b["start"])]
        rest_s.append(float(between["duration_s"].sum()))
    bout, rest = float(work["duration_s"].median()), float(np.median(rest_s))
    if rest < SPARSE_MIN_S or rest < SPARSE_RATIO * bout:
        return None
    text = (
        f"{len(work)} bouts of {format_duration(bout)} {format_duration(rest)} apart (median): "
        f"rests over {SPARSE_RATIO:.0f}x the bout and {format_duration(SPARSE_MIN_S)} are no "
        "interval session but a few runs in a walk or an easy run: judged as continuous"
    )
    return Evidence("rest_to_bout", rest / bout, "ratio", text)


def _manual_share(segments: pd.DataFrame, laps: pd.DataFrame) -> float:
    """Share of the work bouts whose start and end are laps the runner pressed."""
    work = segments[segments["kind"] == "work"]
    if not len(work) or "trigger" not in laps:
        return 0.0
    pressed = pd.DatetimeIndex(laps.loc[laps["trigger"].eq("manual").fillna(False), "start"])
    if not len(pressed):
        return 0.0
    ends = [pd.DatetimeIndex(work[c]).asi8 for c in ("start", "end")]
    near = [np.abs(e[:, None] - pressed.asi8[None, :]).min(axis=1) <= MANUAL_LAP_NS for e in ends]
    return float(np.mean(near[0] & near[1] & (work["source"] == "laps").to_numpy()))


def _continuous_easy(s: RunStats, reasons: list[Evidence], margin: float) -> Decision:
    if s.moving_s >= LONG_RUN_S:
        text = (
            f"easy range, {format_duration(s.moving_s)} moving "
            f"(long from {format_duration(LONG_RUN_S)})"
        )
        reasons.append(Evidence("moving_s", s.moving_s, "s", text))
        return "long", _margin_confidence(margin), reasons
    text = f"easy range (up to {EASY_MAX:.0%} of VDOT)"
    reasons.append(Evidence("main_intensity", s.main_intensity, FRACTION_OF_VDOT, text))
    return "easy", _margin_confidence(margin), reasons


def _grey_or_hard(s: RunStats, reasons: list[Evidence]) -> Decision:
    """Held or wandering between easy and threshold; tempo at or above threshold."""
    f = s.main_intensity
    wander = s.main_wander_cv
    wandering = np.isfinite(wander) and WANDER_CV <= wander < WANDER_MAX_CV
    long_enough = s.moving_s >= UNSTRUCTURED_MIN_S
    if f < THRESHOLD and wandering and long_enough and not _has_hard_effort(s):
        text = (
            f"grey zone ({EASY_MAX:.0%}-{THRESHOLD:.0%} of VDOT), pace wandering: CV of 1-min "
            f"means of {s.effort_from} {wander:.1%} (held below {WANDER_CV:.1%}), no reps, "
            f"no hard effort, {format_duration(s.moving_s)} moving"
        )
        reasons.append(Evidence("main_wander_cv", wander, "ratio", text))
        margin = min(wander - WANDER_CV, f - EASY_MAX, THRESHOLD - f)
        return "unstructured_speedwork", _margin_confidence(margin, scale=0.01), reasons
    held = f"pace held (CV of 1-min means {wander:.1%})" if np.isfinite(wander) else "held"
    if f >= STEADY_MAX:
        text = f"{held}, at or above {STEADY_MAX:.0%} of VDOT"
        reasons.append(Evidence("main_wander_cv", wander, "ratio", text))
        return "tempo", _margin_confidence(f - STEADY_MAX), reasons
    margin = _margin_confidence(min(f - EASY_MAX, STEADY_MAX - f))
    if s.moving_s >= LONG_RUN_S:
        text = f"{held}, {format_duration(s.moving_s)} moving"
        reasons.append(Evidence("main_wander_cv", wander, "ratio", text))
        return "long", margin, reasons
    text = f"{held}, between easy and {STEADY_MAX:.0%} of VDOT"
    reasons.append(Evidence("main_wander_cv", wander, "ratio", text))
    return "steady", margin, reasons


def _end_intensity(s: RunStats, zones: Zones | None) -> float:
    """Intensity at the end of the main part's linear trend (NaN without a VDOT): a
    progression run ends above the easy range, a drift within it is an easy run."""
    if zones is None or zones.vdot is None or not np.isfinite(s.main_rise):
        return float("nan")
    return intensity(s.main_effort_mps * (1 + s.main_rise / 2), float("nan"), zones)[0]


def _has_hard_effort(s: RunStats) -> bool:
    """A 60-s effort at :data:`HARD_EFFORT` x threshold speed, or without a threshold speed
    :data:`HARD_EFFORT_NO_ZONES` x the main part's mean."""
    if np.isfinite(s.threshold_mps):
        return bool(s.hardest_60s_mps >= HARD_EFFORT * s.threshold_mps)
    return bool(s.hardest_60s_mps >= HARD_EFFORT_NO_ZONES * s.main_effort_mps)


def _race(
    s: RunStats, zones: Zones | None, context: RaceContext | None
) -> tuple[float, Evidence] | None:
    """Confidence and evidence if the continuous run is a race, else ``None``."""
    if context is not None and np.isfinite(s.race_vdot) and zones is not None and zones.vdot:
        return _race_in_history(s, zones.vdot, context)
    if np.isfinite(s.race_vdot) and s.race_vdot >= RACE_VDOT:
        text = (
            f"as a race the main part ({s.effort_from}) is worth {s.race_vdot:.0%} of the "
            f"athlete's VDOT (race from {RACE_VDOT:.0%})"
        )
        evidence = Evidence("race_vdot", s.race_vdot, "fraction of the athlete's VDOT", text)
        return _margin_confidence(s.race_vdot - RACE_VDOT), evidence
    no_vdot = zones is None or zones.vdot is None
    held = not np.isfinite(s.main_wander_cv) or s.main_wander_cv < 2 * WANDER_CV
    if not (no_vdot and s.race_distance is not None and s.stopped_s < 10 and held):
        return None
    # without paces, heart rate must say race effort: near what the duration allows
    sustainable = float(fraction_vo2max(s.moving_s / 60.0))
    if not np.isfinite(s.main_intensity) or s.main_intensity < sustainable - RACE_HR_MARGIN:
        return None
    text = (
        f"{s.distance_m / 1000:.2f} km without a stop matches a {s.race_distance}, at "
        f"{s.main_intensity:.0%} of VO2max from heart rate (a race of that length is run at "
        f"about {sustainable:.0%}); without the athlete's paces this is a guess"
    )
    return 0.45, Evidence("main_intensity", s.main_intensity, "fraction of VO2max", text)


def _race_in_history(
    s: RunStats, vdot: float, context: RaceContext
) -> tuple[float, Evidence] | None:
    """A race: near the top of what the athlete showed for that duration in other runs."""
    if s.race_vdot < RACE_FLOOR:
        return None
    worth = s.race_vdot * vdot
    top = context.curve.best_near(s.main_s, RACE_DURATION_RATIO, context.index, context.day)
    share = worth / top if np.isfinite(top) else float("nan")
    if np.isfinite(share) and share < RACE_TOP:
        return None
    compared = (
        f"{share:.0%} of the best the athlete showed in other runs over "
        f"{format_duration(s.main_s / RACE_DURATION_RATIO)}-"
        f"{format_duration(s.main_s * RACE_DURATION_RATIO)} (race from {RACE_TOP:.0%})"
        if np.isfinite(share)
        else "no other run of that duration to compare with"
    )
    text = (
        f"as a race the main part ({s.effort_from}, {format_duration(s.main_s)}) is worth VDOT "
        f"{worth:.1f}, {s.race_vdot:.0%} of the athlete's (from {RACE_FLOOR:.0%}), {compared}"
    )
    margin = min(s.race_vdot - RACE_FLOOR, share - RACE_TOP if np.isfinite(share) else 0.03)
    return _margin_confidence(margin), Evidence("race_vdot", worth, "ml/kg/min", text)


def _margin_confidence(margin: float, scale: float = 0.03) -> float:
    """0.55 on a decision boundary, 0.9 at ``scale`` or more from it."""
    return 0.55 + 0.35 * float(np.clip(margin / scale, 0.0, 1.0))


# --- reasons -----------------------------------------------------------------------------------


def _main_reason(s: RunStats, zones: Zones | None) -> Evidence:
    text = f"main part {format_duration(s.main_s)} at {format_pace(s.main_effort_mps)} "
    text += f"({s.effort_from})"
    if zones is not None and zones.vdot is not None:
        threshold = zones.speed(THRESHOLD)
        share = s.main_effort_mps / threshold if threshold else float("nan")
        text += f", {share:.0%} of threshold speed ({format_pace(threshold or float('nan'))})"
    if np.isfinite(s.main_intensity):
        text += f", {s.main_intensity:.0%} of VDOT (from {s.intensity_from})"
    if np.isfinite(s.main_hr_bpm):
        text += f", HR {s.main_hr_bpm:.0f}"
    if zones is not None:
        text += f"; ranges: {zones.source}"
    return Evidence("main_intensity", s.main_intensity, FRACTION_OF_VDOT, text)


def _reps_reason(s: RunStats, segments: pd.DataFrame) -> Evidence:
    work = segments[segments["kind"] == "work"]
    rest = segments[segments["kind"] == "recovery"]
    text = (
        f"{s.reps} work bout{'s' if s.reps > 1 else ''} of {format_duration(s.rep_seconds)} "
        f"(median) at {format_pace(s.rep_effort_mps)}"
    )
    if len(work) and work["distance_m"].notna().any():
        text += f", {work['distance_m'].median():.0f} m"
    if len(rest):
        text += (
            f"; recoveries {format_duration(float(rest['active_s'].median()))} at "
            f"{format_pace(float(rest['effort_mps'].median()))}"
        )
    sources = sorted(set(work["source"]))
    return Evidence("reps", s.reps, "count", text + f" (boundaries from {' and '.join(sources)})")
