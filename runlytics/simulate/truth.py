"""Ground truth of simulated runs: what was run, for tests and validation only.

Analysis code must never read these: they are what the analyses are checked
against. Every class round-trips through JSON (``to_json`` / ``from_json``);
timestamps are ISO 8601 in UTC. The schema is documented in docs/simulator.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any, TypedDict, TypeVar

import numpy as np
import pandas as pd

from runlytics.simulate.fitness import Dose
from runlytics.vocabulary import TrainingPhase

T = TypeVar("T")

#: The scenarios' phase names in the library's training-phase vocabulary
#: (:data:`runlytics.vocabulary.PHASES`); names without a clear one are not scored.
PHASE_NAMES: dict[str, TrainingPhase] = {
    "base": "base",
    "winter base": "base",
    "half-marathon block": "build",
    "structured block": "build",
    "autumn block": "build",
    "taper": "taper",
    "race": "race",
    "recovery": "recovery",
    "after the race": "recovery",
    "covid": "layoff",
}



@dataclasses.dataclass(frozen=True)
class Span:
    """A time span (UTC)."""

    start: pd.Timestamp
    end: pd.Timestamp


@dataclasses.dataclass(frozen=True)
class StepTruth:
    """One step as run: times, target speed (None without a target), true distance.

    ``effort`` is the fraction of the runner's true VDOT the step's (start)
    target costs on the flat: above 0.75 an "easy" step is in the grey zone.
    For a wandering step without a target it is the effort of the centre of
    the wander.
    """

    kind: str
    start: pd.Timestamp
    end: pd.Timestamp
    target_speed_mps: float | None
    target_speed_end_mps: float | None
    effort: float | None
    distance_m: float
    uphill: bool


@dataclasses.dataclass(frozen=True)
class Rep:
    """A work segment with a target pace: interval, tempo block, surge, hill rep."""

    start: pd.Timestamp
    end: pd.Timestamp
    target_speed_mps: float
    distance_m: float
    uphill: bool


@dataclasses.dataclass(frozen=True)
class Stop:
    """A stop (traffic light): speed 0; ``paused`` if the timer was stopped."""

    start: pd.Timestamp
    end: pd.Timestamp
    paused: bool


@dataclasses.dataclass(frozen=True)
class RaceResult:
    """A race: official distance, chip time and the VDOT it was run at."""

    name: str
    distance_m: float
    time_s: float
    vdot: float


class RunConditions(TypedDict):
    """The :class:`RunTruth` fields set by the day's conditions and the device."""

    temperature_c: float
    drift_pct_per_h: float
    hr_offset_bpm: float
    distance_scale: float
    smart_recording: bool
    laps: str


@dataclasses.dataclass(frozen=True)
class RunTruth:
    """Everything the simulator decided for one run.

    ``vdot`` is the runner's fitness on the day, ``pace_vdot`` the VDOT their
    paces were set from; ``drift_pct_per_h`` the cardiac drift injected (HR
    rises by that share per hour at constant speed); ``hr_offset_bpm`` the
    day-to-day HR offset; ``distance_scale`` the device's distance error
    factor. ``reps`` excludes strides (in ``strides``) and races (``race``).
    ``dose`` is the training dose (minutes and TRIMP per zone) fed to the
    fitness model.
    """

    label: str
    name: str
    seed: int
    start: pd.Timestamp
    end: pd.Timestamp
    vdot: float
    pace_vdot: float
    hr_max: float
    hr_rest: float
    temperature_c: float
    drift_pct_per_h: float
    hr_offset_bpm: float
    course: str
    course_kind: str
    distance_m: float
    distance_scale: float
    smart_recording: bool
    laps: str
    steps: tuple[StepTruth, ...]
    reps: tuple[Rep, ...]
    strides: tuple[Span, ...]
    stops: tuple[Stop, ...]
    hr_dropouts: tuple[Span, ...]
    race: RaceResult | None
    dose: Dose

    def to_json(self, **kwargs: Any) -> str:
        """The truth as a JSON document."""
        return to_json(self, **kwargs)

    @classmethod
    def from_json(cls, text: str) -> RunTruth:
        """Read a truth written by :meth:`to_json`."""
        return from_json(cls, text)


def encode(obj: Any) -> Any:
    """A JSON-ready structure for dataclasses, dates, tuples, NaN and numpy scalars."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, pd.Timestamp | pd.Timedelta | dt.date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [encode(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


def decode(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from :func:`encode` output."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return decode(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        if args[-1] is Ellipsis:
            return tuple(decode(args[0], d) for d in data)
        return tuple(decode(a, d) for a, d in zip(args, data, strict=True))
    if origin is dict:
        return {k: decode(args[1], v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: decode(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)})
    if tp is pd.Timestamp:
        return pd.Timestamp(data).tz_convert("UTC")
    if tp is dt.date:
        return dt.date.fromisoformat(data)
    if tp is float:
        return float("nan") if data is None else float(data)
    return data


def to_json(obj: Any, **kwargs: Any) -> str:
    """Serialise a truth dataclass."""
    return json.dumps(encode(obj), **kwargs)


def from_json(cls: type[T], text: str) -> T:
    """Deserialise a truth dataclass written by :func:`to_json`."""
    return typing.cast(T, decode(cls, json.loads(text)))
