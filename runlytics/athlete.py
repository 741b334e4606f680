"""The athlete's parameters, dated (the model; estimation from runs is in the analysis floor).

An :class:`Athlete` holds sex, birth date and five physiological parameters
(HRmax, resting HR, threshold HR, threshold speed, VDOT). Each parameter is a
constant, an :class:`Estimate`, or a list of ``(date, value)`` pairs giving the
value in force from each date::

    Athlete(sex="male", hr_max=185, hr_rest=[("2020-01-01", 52), ("2021-03-01", 48)])

:meth:`Athlete.at` gives the :class:`AthleteParams` in force on a date, each
value with its source and whether it is an estimate. Estimates from data
(:mod:`runlytics.analysis.estimate`) return an :class:`Estimate` (value,
source, date) to feed back into an athlete, e.g.
``athlete.with_values(since=est.date, hr_max=est)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from runlytics.activity import Activity
from runlytics.metrics.vdot import THRESHOLD_FRACTION, speed_at_vo2, vdot_from_race
from runlytics.vocabulary import parse_pace

DateLike = str | dt.date | pd.Timestamp

#: Parameters that can change over time, in :class:`AthleteParams` order.
DATED_PARAMETERS = ("hr_max", "hr_rest", "hr_threshold", "threshold_speed_mps", "vdot")
#: Heart rates outside this range (bpm) are treated as sensor artefacts by the estimators.
CREDIBLE_HR_BPM = (30.0, 230.0)


@dataclass(frozen=True)
class Estimate:
    """A value estimated from data or a formula, with where it comes from.

    ``date`` is when it was observed (e.g. the activity it came from), if known.
    """

    value: float
    source: str
    date: pd.Timestamp | None = None
    is_estimate: bool = True


@dataclass(frozen=True)
class _Entry:
    since: pd.Timestamp | None
    value: float
    source: str
    is_estimate: bool

    def __repr__(self) -> str:
        when = "" if self.since is None else f"from {self.since:%Y-%m-%d}: "
        return f"<{when}{self.value:g} ({self.source})>"


Value = float | int | np.number | Estimate
ParameterInput = Value | Sequence[tuple[DateLike, Value]] | pd.Series | None
#: A threshold pace: like :data:`ParameterInput`, in s/km, or ``"m:ss"`` text.
PaceInput = ParameterInput | str | Sequence[tuple[DateLike, Value | str]]


def _day(date: DateLike) -> pd.Timestamp:
    """A calendar day: tz-aware times keep their own wall-clock date."""
    ts = pd.Timestamp(date)
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _entry(since: pd.Timestamp | None, value: Value) -> _Entry:
    if isinstance(value, Estimate):
        return _Entry(since, float(value.value), value.source, value.is_estimate)
    return _Entry(since, float(value), "given", False)


def _schedule(value: ParameterInput) -> tuple[_Entry, ...]:
    """Normalise a parameter input to entries sorted by date (undated first)."""
    if value is None:
        return ()
    if isinstance(value, int | float | np.number | Estimate):
        return (_entry(None, value),)
    pairs = zip(value.index, value, strict=True) if isinstance(value, pd.Series) else value
    dated = sorted(((_day(d), v) for d, v in pairs), key=lambda p: p[0])
    return tuple(_entry(day, v) for day, v in dated)


def _value_at(entries: tuple[_Entry, ...], day: pd.Timestamp) -> _Entry | None:
    """The entry in force on ``day``: the last dated one on or before it, else the
    undated one, else the earliest dated one."""
    dated = [e for e in entries if e.since is not None]
    undated = [e for e in entries if e.since is None]
    before = [e for e in entries if e.since is not None and e.since <= day]
    if before:
        return before[-1]
    if undated:
        return undated[-1]
    return dated[0] if dated else None


def _pace_to_speed(value: PaceInput) -> ParameterInput:
    def convert(v: Value | str) -> Value:
        if isinstance(v, Estimate):
            return Estimate(1000.0 / v.value, v.source, v.date, v.is_estimate)
        return 1000.0 / parse_pace(v if isinstance(v, str) else float(v))

    if value is None or isinstance(value, int | float | np.number | str | Estimate):
        return None if value is None else convert(value)
    pairs = zip(value.index, value, strict=True) if isinstance(value, pd.Series) else value
    return [(d, convert(v)) for d, v in pairs]


@dataclass(frozen=True)
class AthleteParams:
    """The athlete's values in force on ``date`` (``None`` where unknown).

    ``sources`` maps each known parameter to where its value comes from
    ("given" or the estimate's description); ``estimated`` names the estimates.
    """

    date: pd.Timestamp
    sex: str | None
    birth_date: pd.Timestamp | None
    age_years: int | None
    hr_max: float | None
    hr_rest: float | None
    hr_threshold: float | None
    threshold_speed_mps: float | None
    vdot: float | None
    sources: Mapping[str, str] = field(default_factory=dict)
    estimated: frozenset[str] = frozenset()

    @property
    def threshold_pace_s_per_km(self) -> float | None:
        """Threshold pace (s/km), for presentation."""
        v = self.threshold_speed_mps
        return None if v is None else 1000.0 / v

    def is_estimate(self, name: str) -> bool:
        """True if the value of parameter ``name`` is an estimate."""
        return name in self.estimated


@dataclass(frozen=True, init=False)
class Athlete:
    """An athlete: sex, birth date and dated physiological parameters.

    Each of ``hr_max``, ``hr_rest``, ``hr_threshold`` (bpm), ``threshold_speed_mps``
    (m/s; or give ``threshold_pace_s_per_km`` as seconds or ``"m:ss"``) and
    ``vdot`` is a number, an :class:`Estimate`, a list of ``(date, value)`` pairs
    or a date-indexed Series. A dated value holds from its date until the next
    one; before the first date the undated value applies if there is one, else
    the earliest dated value. ``sex`` is "male" or "female".
    """

    sex: str | None
    birth_date: pd.Timestamp | None
    hr_max: tuple[_Entry, ...]
    hr_rest: tuple[_Entry, ...]
    hr_threshold: tuple[_Entry, ...]
    threshold_speed_mps: tuple[_Entry, ...]
    vdot: tuple[_Entry, ...]

    def __init__(
        self,
        *,
        sex: str | None = None,
        birth_date: DateLike | None = None,
        hr_max: ParameterInput = None,
        hr_rest: ParameterInput = None,
        hr_threshold: ParameterInput = None,
        threshold_speed_mps: ParameterInput = None,
        threshold_pace_s_per_km: PaceInput = None,
        vdot: ParameterInput = None,
    ) -> None:
        if sex is not None:
            sex = {"m": "male", "f": "female"}.get(sex.strip().lower(), sex.strip().lower())
            if sex not in ("male", "female"):
                raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
        if threshold_pace_s_per_km is not None:
            if threshold_speed_mps is not None:
                raise ValueError("give threshold_speed_mps or threshold_pace_s_per_km, not both")
            threshold_speed_mps = _pace_to_speed(threshold_pace_s_per_km)
        set_ = object.__setattr__
        set_(self, "sex", sex)
        set_(self, "birth_date", None if birth_date is None else _day(birth_date))
        for name, value in zip(
            DATED_PARAMETERS,
            (hr_max, hr_rest, hr_threshold, threshold_speed_mps, vdot),
            strict=True,
        ):
            set_(self, name, _schedule(value))

    def age_on(self, date: DateLike) -> int | None:
        """Age in completed years on ``date`` (``None`` without a birth date)."""
        if self.birth_date is None:
            return None
        day, born = _day(date), self.birth_date
        return day.year - born.year - int((day.month, day.day) < (born.month, born.day))

    def at(self, date: DateLike) -> AthleteParams:
        """The values in force on ``date`` (a tz-aware time counts by its own wall-clock date)."""
        day = _day(date)
        values: dict[str, float | None] = {}
        sources: dict[str, str] = {}
        estimated: set[str] = set()
        for name in DATED_PARAMETERS:
            entry = _value_at(getattr(self, name), day)
            values[name] = None if entry is None else entry.value
            if entry is not None:
                sources[name] = entry.source
                if entry.is_estimate:
                    estimated.add(name)
        return AthleteParams(
            date=day,
            sex=self.sex,
            birth_date=self.birth_date,
            age_years=self.age_on(day),
            sources=sources,
            estimated=frozenset(estimated),
            **values,
        )

    def with_values(self, *, since: DateLike | None = None, **values: Value) -> Athlete:
        """A new athlete with ``values`` set: from ``since`` on if given, else for all dates."""
        unknown = set(values) - set(DATED_PARAMETERS)
        if unknown:
            raise ValueError(f"not dated parameters: {sorted(unknown)}")
        new = object.__new__(Athlete)
        for name in ("sex", "birth_date", *DATED_PARAMETERS):
            object.__setattr__(new, name, getattr(self, name))
        for name, value in values.items():
            if since is None:
                entries: tuple[_Entry, ...] = (_entry(None, value),)
            else:
                day = _day(since)
                kept = [e for e in getattr(self, name) if e.since != day]
                entries = tuple(
                    sorted(
                        [*kept, _entry(day, value)], key=lambda e: (e.since is not None, e.since)
                    )
                )
            object.__setattr__(new, name, entries)
        return new


# --- estimation helpers ---------------------------------------------------------------------


def hr_max_from_age(age_years: float) -> Estimate:
    """HRmax from age (Tanaka, Monahan & Seals 2001, J Am Coll Cardiol 37:153): 208 - 0.7 age.

    A population mean (SD about 10 bpm): prefer a measured maximum.
    """
    return Estimate(208.0 - 0.7 * age_years, f"Tanaka 2001 age formula (208 - 0.7 x {age_years:g})")


def local_date(activity: Activity) -> pd.Timestamp:
    """The activity's start date in the athlete's local time (UTC if the offset is unknown)."""
    s = activity.session
    local = s.start_time + (s.utc_offset if s.utc_offset is not None else pd.Timedelta(0))
    return _day(local)


def estimate_vdot(distance_m: float, time_s: float, date: DateLike | None = None) -> Estimate:
    """VDOT from a race result (Daniels & Gilbert 1979 equations)."""
    return Estimate(
        vdot_from_race(distance_m, time_s),
        f"Daniels-Gilbert VDOT of a {distance_m:g} m race in {time_s:g} s",
        None if date is None else _day(date),
    )


def threshold_speed_from_vdot(vdot: float) -> Estimate:
    """Daniels threshold (T) speed in m/s: the speed costing 88 % of VDOT."""
    return Estimate(
        float(speed_at_vo2(THRESHOLD_FRACTION * vdot)),
        f"Daniels T pace ({THRESHOLD_FRACTION:.0%} of VDOT {vdot:.1f})",
    )
