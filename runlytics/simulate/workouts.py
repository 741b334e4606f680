"""Workout descriptions: a :class:`Workout` is a label and a sequence of :class:`Step`.

Efforts are fractions of the runner's VDOT (see
:data:`runlytics.simulate.physiology.EFFORTS`), so one description serves any
runner at any fitness; the simulator turns them into speeds on the day.
Two efforts are resolved from race equivalence instead: ``"marathon"`` and
``"race"`` (the best the runner can hold for the step's distance).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypedDict, Unpack

from runlytics.simulate.physiology import EFFORTS
from runlytics.vocabulary import RUN_LABELS, RunLabel

StepKind = Literal["warmup", "work", "recovery", "cooldown", "steady", "stride"]
Label = RunLabel
LABELS: tuple[str, ...] = RUN_LABELS
Effort = float | Literal["marathon", "race"]

#: Pace variation within a held effort (coefficient of variation) and its time constant (s).
HELD_CV = 0.022
HELD_TAU_S = 20.0
#: Pace wandering in unstructured running (CV, time constant s).
WANDER_CV = 0.05
WANDER_TAU_S = 240.0


@dataclass(frozen=True)
class Step:
    """One part of a workout, run for ``duration_s`` or ``distance_m``.

    ``effort`` is a fraction of VDOT (0 = standing rest) or ``"marathon"``/
    ``"race"``; ``effort_end`` makes the effort ramp linearly (progression);
    ``wander`` is the CV of a slow random pace walk (unstructured running, no
    target); ``uphill`` runs the step up the hill of a hill course;
    ``scalable`` steps stretch with a plan's volume factor.
    """

    kind: StepKind
    effort: Effort
    duration_s: float | None = None
    distance_m: float | None = None
    effort_end: float | None = None
    wander: float = 0.0
    uphill: bool = False
    scalable: bool = False

    def __post_init__(self) -> None:
        if (self.duration_s is None) == (self.distance_m is None):
            raise ValueError("a step needs exactly one of duration_s and distance_m")
        if isinstance(self.effort, str) and self.effort not in ("marathon", "race"):
            raise ValueError(f"unknown effort {self.effort!r}")

    @property
    def is_target(self) -> bool:
        """Whether the step has a pace target (not wandering, not a standing rest)."""
        return self.wander == 0.0 and self.effort != 0.0

    def scaled(self, factor: float) -> Step:
        """The step stretched by ``factor`` if it is scalable."""
        if not self.scalable or factor == 1.0:
            return self
        if self.duration_s is not None:
            return replace(self, duration_s=self.duration_s * factor)
        assert self.distance_m is not None  # __post_init__: one of duration_s, distance_m
        return replace(self, distance_m=self.distance_m * factor)


@dataclass(frozen=True)
class Workout:
    """A labelled sequence of steps; ``name`` is what the runner would call it."""

    label: Label
    name: str
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}")

    @property
    def structured(self) -> bool:
        """Whether the workout has work steps (reps a watch would lap)."""
        return any(s.kind == "work" for s in self.steps)

    def scaled(self, factor: float) -> Workout:
        """The workout with its scalable steps stretched by ``factor``."""
        return replace(self, steps=tuple(s.scaled(factor) for s in self.steps))


class _StepOptions(TypedDict, total=False):
    """Optional :class:`Step` fields."""

    effort_end: float | None
    wander: float
    uphill: bool
    scalable: bool


def _minutes(kind: StepKind, minutes: float, effort: Effort, **kw: Unpack[_StepOptions]) -> Step:
    return Step(kind, effort, duration_s=minutes * 60.0, **kw)


def _strides(n: int) -> tuple[Step, ...]:
    """``n`` strides of 20 s with 60 s easy jogs: part of a warm-up, not reps."""
    out: list[Step] = []
    for _ in range(n):
        out += [Step("stride", EFFORTS["stride"], 20.0), Step("warmup", EFFORTS["jog"], 60.0)]
    return tuple(out)


def _warmup(minutes: float, strides: int) -> tuple[Step, ...]:
    return (_minutes("warmup", minutes, EFFORTS["easy"]), *_strides(strides))


def _cooldown(minutes: float) -> tuple[Step, ...]:
    return (_minutes("cooldown", minutes, EFFORTS["easy"]),) if minutes > 0 else ()


def easy_run(minutes: float = 45, *, effort: float = EFFORTS["easy"], strides: int = 0) -> Workout:
    """An easy run, optionally finished with strides."""
    steps = (_minutes("steady", minutes, effort, scalable=True), *_strides(strides))
    return Workout("easy", f"easy {minutes:.0f} min", steps)


def recovery_run(minutes: float = 30, *, effort: float = EFFORTS["recovery"]) -> Workout:
    """A short, very easy run."""
    return Workout(
        "recovery", f"recovery {minutes:.0f} min", (_minutes("steady", minutes, effort),)
    )


def long_run(
    km: float = 20, *, effort: float = EFFORTS["long"], marathon_finish_km: float = 0
) -> Workout:
    """A long run, optionally finishing with ``marathon_finish_km`` at marathon pace."""
    steps = [Step("steady", effort, distance_m=(km - marathon_finish_km) * 1000, scalable=True)]
    if marathon_finish_km > 0:
        steps.append(Step("work", "marathon", distance_m=marathon_finish_km * 1000))
    name = f"long {km:.0f} km" + (
        f" ({marathon_finish_km:.0f} at MP)" if marathon_finish_km else ""
    )
    return Workout("long", name, tuple(steps))


def steady_run(minutes: float = 50, *, effort: float = EFFORTS["steady"]) -> Workout:
    """A continuous run between easy and marathon effort."""
    steps = (_minutes("steady", minutes, effort, scalable=True),)
    return Workout("steady", f"steady {minutes:.0f} min", steps)


def marathon_pace_run(
    km: float = 12, *, warmup_min: float = 15, cooldown_min: float = 10
) -> Workout:
    """A continuous block at marathon pace between a warm-up and a cool-down."""
    steps = (
        *_warmup(warmup_min, 0),
        Step("work", "marathon", distance_m=km * 1000),
        *_cooldown(cooldown_min),
    )
    return Workout("tempo", f"{km:.0f} km at marathon pace", steps)


def tempo_run(
    minutes: float = 20,
    *,
    effort: float = EFFORTS["threshold"],
    warmup_min: float = 15,
    cooldown_min: float = 10,
) -> Workout:
    """A continuous threshold run."""
    steps = (*_warmup(warmup_min, 2), _minutes("work", minutes, effort), *_cooldown(cooldown_min))
    return Workout("tempo", f"tempo {minutes:.0f} min", steps)


def intervals(
    reps: int = 5,
    *,
    distance_m: float | None = 1000,
    duration_s: float | None = None,
    effort: float = EFFORTS["interval"],
    recovery_s: float = 120,
    recovery_effort: float = EFFORTS["jog"],
    warmup_min: float = 15,
    cooldown_min: float = 10,
    strides: int = 4,
) -> Workout:
    """``reps`` repetitions by distance (default) or duration with timed recoveries.

    ``recovery_effort=0`` is a standing rest (speed 0, timer running).
    """
    if duration_s is not None:
        distance_m = None
    rep = Step("work", effort, duration_s=duration_s, distance_m=distance_m)
    rest = Step("recovery", recovery_effort, duration_s=recovery_s)
    body: list[Step] = []
    for i in range(reps):
        body += [rep, rest] if i < reps - 1 else [rep]
    size = f"{distance_m:.0f} m" if distance_m is not None else f"{duration_s:.0f} s"
    steps = (*_warmup(warmup_min, strides), *body, *_cooldown(cooldown_min))
    return Workout("intervals", f"{reps} x {size}", steps)


def cruise_intervals(reps: int = 4, *, distance_m: float = 1600, recovery_s: float = 60) -> Workout:
    """Threshold repetitions with short jog recoveries (Daniels' cruise intervals)."""
    workout = intervals(
        reps, distance_m=distance_m, effort=EFFORTS["threshold"], recovery_s=recovery_s, strides=2
    )
    return replace(workout, name=f"{reps} x {distance_m:.0f} m cruise")


def hill_reps(
    reps: int = 8,
    *,
    duration_s: float = 75,
    effort: float = EFFORTS["interval"],
    warmup_min: float = 20,
    cooldown_min: float = 10,
) -> Workout:
    """Repetitions up a hill at a flat-equivalent ``effort``, each followed by a jog back down."""
    rep = Step("work", effort, duration_s=duration_s, uphill=True)
    down = Step("recovery", EFFORTS["recovery"], duration_s=duration_s * 1.6)
    steps = (*_warmup(warmup_min, 0), *(rep, down) * reps, *_cooldown(cooldown_min))
    return Workout("intervals", f"{reps} x {duration_s:.0f} s hill", steps)


def progression_run(
    minutes: float = 50, *, start: float = EFFORTS["easy"], end: float = EFFORTS["threshold"]
) -> Workout:
    """A continuous run whose effort rises steadily from ``start`` to ``end``."""
    step = _minutes("steady", minutes, start, effort_end=end)
    return Workout("progression", f"progression {minutes:.0f} min", (step,))


def fartlek(
    surges_s: tuple[float, ...] = (60, 120, 180, 120, 60, 60),
    *,
    effort: float = 0.93,
    float_s: float = 90,
    warmup_min: float = 15,
    cooldown_min: float = 10,
) -> Workout:
    """Surges of varying length at about 10k effort with jogged floats."""
    body: list[Step] = []
    for i, on in enumerate(surges_s):
        body.append(Step("work", effort - 0.01 * (on / 60.0 - 1.0), duration_s=on))
        if i < len(surges_s) - 1:
            body.append(Step("recovery", EFFORTS["easy"] - 0.04, duration_s=float_s))
    steps = (*_warmup(warmup_min, 0), *body, *_cooldown(cooldown_min))
    return Workout("fartlek", f"fartlek {len(surges_s)} surges", steps)


def race(distance_m: float, name: str, *, warmup_min: float = 0) -> Workout:
    """A race at the best effort for the distance (from the runner's VDOT on the day).

    The warm-up is usually recorded separately, so by default the activity is the race.
    """
    warm = _warmup(warmup_min, 3) if warmup_min > 0 else ()
    return Workout("race", name, (*warm, Step("work", "race", distance_m=distance_m)))


def unstructured_speedwork(
    minutes: float = 60, *, effort: float = EFFORTS["grey"], wander: float = WANDER_CV
) -> Workout:
    """Loops a bit faster than long-run pace, pace wandering, no reps and no target."""
    step = _minutes("steady", minutes, effort, wander=wander, scalable=True)
    return Workout("unstructured_speedwork", f"hard-ish {minutes:.0f} min", (step,))


#: Standard race distances (m).
FIVE_K = 5000.0
TEN_K = 10000.0
HALF_MARATHON = 21097.5
MARATHON = 42195.0
