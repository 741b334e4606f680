"""The one copy of the words runlytics speaks: sports, run labels, segment kinds, finding
codes, pace and time text.

Every module that names a sport, a run label or a segment kind takes it from
here (the readers and writers, the classifier, the segments, the simulator's
truth, the plots), so the words cannot drift apart. Pace and duration
formatting and parsing live here too, so that a pace reads the same in a
reason, a plot, the CLI and a report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, get_args

#: What kind of run it was (see ``docs/analysis.md``, "Run classification").
RunLabel = Literal[
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
]
#: Every run label, in the order above.
RUN_LABELS: tuple[RunLabel, ...] = get_args(RunLabel)

#: What a part of a run was (see ``docs/analysis.md``, "Segments").
SegmentKind = Literal["warmup", "work", "recovery", "cooldown", "steady"]
#: Every segment kind, in the order they usually appear.
SEGMENT_KINDS: tuple[SegmentKind, ...] = get_args(SegmentKind)

#: Spellings of sports in files and logs (GPX ``<type>``, TCX ``Sport``, Strava and Garmin
#: types), after lower-casing and joining words with ``_``, and their FIT profile names.
SPORT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(["run", "trail_running", "trail_run", "trailrun", "jogging"], "running"),
        **dict.fromkeys(["treadmill_running", "virtualrun", "virtual_run"], "running"),
        **dict.fromkeys(["ride", "biking", "bike", "road_biking", "mountain_biking"], "cycling"),
        **dict.fromkeys(["virtualride", "virtual_ride", "ebikeride"], "cycling"),
        **dict.fromkeys(["gravel_cycling", "indoor_cycling"], "cycling"),
        **dict.fromkeys(["walk"], "walking"),
        **dict.fromkeys(["hike"], "hiking"),
        **dict.fromkeys(["swim", "open_water_swimming", "lap_swimming"], "swimming"),
    }
)
#: Sports whose cadence counts legs: files store strides/min, runlytics steps/min.
FOOT_SPORTS = frozenset({"running", "walking", "hiking", "mountaineering", "snowshoeing"})


def sport_name(label: object) -> str | None:
    """The canonical (FIT profile) name of a sport label; ``None`` when unknown or generic.

    Lower-cased, words joined by ``_``, aliases resolved (:data:`SPORT_ALIASES`);
    a label not in the table is kept in that form.
    """
    if not isinstance(label, str):
        return None
    key = re.sub(r"[\s-]+", "_", label.strip().lower())
    if key in ("", "unknown", "generic"):
        return None
    return SPORT_ALIASES.get(key, key)


def is_foot_sport(label: object) -> bool:
    """Whether files store this sport's cadence per leg (strides/min)."""
    return sport_name(label) in FOOT_SPORTS


_PACE = re.compile(r"\d+(:\d{1,2}(\.\d*)?){1,2}")


def format_pace(speed_mps: float, *, unit: bool = True) -> str:
    """``"m:ss/km"`` for a speed in m/s (``"?"`` when not a positive finite speed)."""
    if not (math.isfinite(speed_mps) and speed_mps > 0):
        return "?"
    s = round(1000.0 / speed_mps)
    return f"{s // 60}:{s % 60:02d}" + ("/km" if unit else "")


def format_duration(seconds: float) -> str:
    """``"m:ss"`` under an hour, ``"hHmm"`` from an hour (``"?"`` when not finite)."""
    if not math.isfinite(seconds):
        return "?"
    s = round(seconds)
    return f"{s // 3600}h{s % 3600 // 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def format_time(seconds: float) -> str:
    """``"h:mm:ss"`` (a race time; ``"?"`` when not finite)."""
    if not math.isfinite(seconds):
        return "?"
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def parse_pace(pace: str | float) -> float:
    """Pace in seconds per km from ``"m:ss"`` (or ``"h:mm:ss"``) or a number of seconds."""
    if isinstance(pace, str):
        if not _PACE.fullmatch(pace.strip()):
            raise ValueError(f"pace {pace!r} is not m:ss")
        seconds = 0.0
        for part in pace.strip().split(":"):
            seconds = seconds * 60 + float(part)
        return seconds
    return float(pace)


#: What a week of training was (see ``docs/history.md``, ``detect_phases``).
TrainingPhase = Literal["base", "build", "peak", "taper", "race", "recovery", "layoff"]
#: Every training phase.
PHASES: tuple[TrainingPhase, ...] = get_args(TrainingPhase)

#: What a finding of the diagnosis is about (see ``docs/diagnosis.md``).
FindingCode = Literal[
    "consistency",
    "long_run_habit",
    "unstructured_speedwork",
    "no_progression",
    "easy_runs_too_fast",
    "aerobic_decoupling",
    "pace_fade",
    "mileage_up_fitness_flat",
    "layoff",
    "return_too_fast",
    "base_phase_needed",
    "racing_potential",
    "goal_feasibility",
]
#: Every finding code.
FINDING_CODES: tuple[FindingCode, ...] = get_args(FindingCode)

#: How a finding weighs, from good news to a problem.
Severity = Literal["strength", "info", "warning", "problem"]
#: Every severity, from good news to a problem.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
