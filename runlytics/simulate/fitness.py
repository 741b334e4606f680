"""Fitness model: how a runner's VDOT answers to training, day by day.

An impulse-response model in the spirit of Banister et al. (1975) and Morton,
Fitz-Clarke & Banister (1990), with the modifiers the literature asks for:

* two stimuli, each a 4-day exponentially weighted average of the daily dose:
  running minutes (volume) and minutes at or above threshold (zone 3);
* two adaptations (0-1), each relaxing first-order towards a saturating target
  of its stimulus (diminishing returns): they build over weeks, are *kept*
  while the stimulus stays above a maintenance share of what built them
  (Hickson et al. 1985) and decay when it falls below (detraining, Mujika &
  Padilla 2000; faster for the intensity-driven, central part: Coyle et al. 1984);
* fatigue, a 7-day average of TRIMP with grey-zone TRIMP weighted up and a
  Foster (1998) monotony factor, taking a saturating share off the potential.

::

    potential = base + (ceiling - base) * (w * a + (1 - w) * i)
    vdot      = potential * (1 - p_max * F / (F + F_half))

The equations, the literature behind each part and which parts are our own
modelling choices are in ``docs/simulator.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from runlytics.simulate.physiology import (
    VO2_REST,
    Sex,
    heart_rate_reserve_fraction,
    trimp_per_minute,
)

#: Zone edges as fractions of VDOT: zone 1 below 0.75 (easy), zone 2 the grey
#: zone up to 0.85, zone 3 threshold and above (Seiler & Kjerland 2006 three zones).
ZONE_EDGES = (0.75, 0.85)
#: Representative efforts of the three zones (fractions of VDOT).
ZONE_EFFORTS = (0.67, 0.79, 0.92)


@dataclass(frozen=True)
class Dose:
    """The training of one day: minutes and Banister TRIMP in zones 1, 2 and 3."""

    minutes: tuple[float, float, float] = (0.0, 0.0, 0.0)
    trimp: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def total_minutes(self) -> float:
        """Minutes of running."""
        return float(sum(self.minutes))

    @property
    def total_trimp(self) -> float:
        """Banister TRIMP of the day."""
        return float(sum(self.trimp))

    def __add__(self, other: Dose) -> Dose:
        return Dose(
            _zones(a + b for a, b in zip(self.minutes, other.minutes, strict=True)),
            _zones(a + b for a, b in zip(self.trimp, other.trimp, strict=True)),
        )

    @classmethod
    def from_efforts(cls, effort: ArrayLike, vdot: float, sex: Sex, dt_s: float = 1.0) -> Dose:
        """The dose of a run sampled every ``dt_s`` s, from its effort (fraction of VDOT)."""
        f = np.asarray(effort, dtype="float64")
        zone = np.digitize(f, ZONE_EDGES)
        moving = f > 0.3  # standing and walking breaks are not training
        hrr = heart_rate_reserve_fraction(np.maximum(f * vdot, VO2_REST), vdot)
        w = trimp_per_minute(hrr, sex) * dt_s / 60.0
        minutes = _zones(float(np.sum(moving & (zone == z)) * dt_s / 60.0) for z in range(3))
        trimp = _zones(float(np.sum(w[moving & (zone == z)])) for z in range(3))
        return cls(minutes, trimp)


def _zones(values: Iterable[float]) -> tuple[float, float, float]:
    """The three zone values of ``values`` (exactly three)."""
    z1, z2, z3 = values
    return z1, z2, z3


def constant_dose(minutes: float, effort: float, vdot: float, sex: Sex) -> Dose:
    """The dose of ``minutes`` of running at a constant ``effort``."""
    return Dose.from_efforts(np.full(1, effort), vdot, sex, dt_s=minutes * 60.0)


@dataclass(frozen=True)
class FitnessParams:
    """Constants of the fitness model (defaults and their sources in docs/simulator.md).

    Stimuli are minutes/day; ``*_scale_min`` is the stimulus reaching 63 % of
    the adaptation; ``maintenance`` is how many times less stimulus keeps an
    adaptation than built it.
    """

    tau_stimulus_d: float = 4.0
    tau_fatigue_d: float = 7.0
    aerobic_scale_min: float = 40.0
    intensity_scale_min: float = 5.0
    tau_aerobic_gain_d: float = 42.0
    tau_aerobic_loss_d: float = 40.0
    tau_intensity_gain_d: float = 28.0
    tau_intensity_loss_d: float = 14.0
    maintenance: float = 3.0
    aerobic_weight: float = 0.75
    fatigue_max: float = 0.08
    fatigue_half: float = 150.0
    grey_fatigue: float = 0.5
    monotony_free: float = 1.5
    monotony_gain: float = 0.25
    monotony_cap: float = 4.0


@dataclass(frozen=True)
class FitnessState:
    """Morning state of the model.

    ``volume`` and ``intensity`` are the stimuli (min/day, all running and
    zone 3); ``aerobic`` and ``speed`` the adaptations (0-1) they drive;
    ``fatigue`` is in TRIMP/day; ``week`` holds the last seven daily TRIMP
    loads, oldest first, for monotony.
    """

    volume: float
    intensity: float
    aerobic: float
    speed: float
    fatigue: float
    week: tuple[float, ...] = field(default=(0.0,) * 7)


def _ewma(previous: float, value: float, tau_d: float) -> float:
    """One day of a first-order response, ``k = 1 - exp(-1/tau)`` (GoldenCheetah convention)."""
    return previous + (1.0 - np.exp(-1.0 / tau_d)) * (value - previous)


def _saturation(stimulus: float, scale: float) -> float:
    return float(1.0 - np.exp(-stimulus / scale))


def _adapt(
    level: float, stimulus: float, scale: float, gain_d: float, loss_d: float, maintenance: float
) -> float:
    """One day of an adaptation: build towards its target, keep it, or decay."""
    target = _saturation(stimulus, scale)
    if target > level:
        return _ewma(level, target, gain_d)
    kept = _saturation(maintenance * stimulus, scale)
    return _ewma(level, kept, loss_d) if kept < level else level


def monotony(loads: Sequence[float], cap: float = 4.0) -> float:
    """Foster (1998) monotony: mean / SD of daily loads (rest days count as 0), capped."""
    arr = np.asarray(loads, dtype="float64")
    mean, sd = arr.mean(), arr.std()
    if mean == 0:
        return 0.0
    return float(min(mean / sd, cap)) if sd > 0 else cap


def fatigue_impulse(dose: Dose, week: Sequence[float], params: FitnessParams) -> float:
    """The day's fatigue impulse: TRIMP, grey zone weighted up, times the monotony factor."""
    load = dose.total_trimp + params.grey_fatigue * dose.trimp[1]
    mono = monotony(week, params.monotony_cap)
    return load * (1.0 + params.monotony_gain * max(mono - params.monotony_free, 0.0))


def update(state: FitnessState, dose: Dose, params: FitnessParams) -> FitnessState:
    """The next morning's state after a day's ``dose``."""
    p = params
    week = (*state.week[1:], dose.total_trimp)
    volume = _ewma(state.volume, dose.total_minutes, p.tau_stimulus_d)
    intensity = _ewma(state.intensity, dose.minutes[2], p.tau_stimulus_d)
    return FitnessState(
        volume=volume,
        intensity=intensity,
        aerobic=_adapt(
            state.aerobic,
            volume,
            p.aerobic_scale_min,
            p.tau_aerobic_gain_d,
            p.tau_aerobic_loss_d,
            p.maintenance,
        ),
        speed=_adapt(
            state.speed,
            intensity,
            p.intensity_scale_min,
            p.tau_intensity_gain_d,
            p.tau_intensity_loss_d,
            p.maintenance,
        ),
        fatigue=_ewma(state.fatigue, fatigue_impulse(dose, week, p), p.tau_fatigue_d),
        week=week,
    )


def adaptation(state: FitnessState, params: FitnessParams) -> float:
    """Share (0-1) of the trainable range reached."""
    w = params.aerobic_weight
    return w * state.aerobic + (1.0 - w) * state.speed


def potential_vdot(
    state: FitnessState, base: float, ceiling: float, params: FitnessParams
) -> float:
    """VDOT without fatigue."""
    return base + (ceiling - base) * adaptation(state, params)


def fatigue_penalty(fatigue: float, params: FitnessParams) -> float:
    """Share of potential VDOT lost to fatigue: ``p_max * F / (F + F_half)``."""
    return params.fatigue_max * fatigue / (fatigue + params.fatigue_half)


def performance_vdot(
    state: FitnessState, base: float, ceiling: float, params: FitnessParams
) -> float:
    """VDOT on the day: potential less the fatigue penalty."""
    penalty = fatigue_penalty(state.fatigue, params)
    return potential_vdot(state, base, ceiling, params) * (1.0 - penalty)


@dataclass(frozen=True)
class Background:
    """How the runner trained before a history starts (sets the initial state).

    ``minutes_per_week`` of running over ``days_per_week``, with the given
    shares of minutes in the grey zone (2) and at threshold or above (3).
    """

    minutes_per_week: float
    grey_share: float = 0.1
    intensity_share: float = 0.05
    days_per_week: int = 5


def steady_state(
    background: Background, vdot: float, sex: Sex, params: FitnessParams
) -> FitnessState:
    """The state reached after months of the ``background`` training."""
    shares = (
        1.0 - background.grey_share - background.intensity_share,
        background.grey_share,
        background.intensity_share,
    )
    per_day = background.minutes_per_week / 7.0
    dose = Dose()
    for share, effort in zip(shares, ZONE_EFFORTS, strict=True):
        dose = dose + constant_dose(per_day * share, effort, vdot, sex)
    days = background.days_per_week
    pattern = np.r_[np.zeros(7 - days), np.ones(days - 1), 1.8]
    week = tuple(pattern / pattern.sum() * 7.0 * dose.total_trimp)
    load = dose.total_trimp + params.grey_fatigue * dose.trimp[1]
    mono = monotony(week, params.monotony_cap)
    factor = 1.0 + params.monotony_gain * max(mono - params.monotony_free, 0.0)
    volume, intensity = dose.total_minutes, dose.minutes[2]
    return FitnessState(
        volume=volume,
        intensity=intensity,
        aerobic=_saturation(volume, params.aerobic_scale_min),
        speed=_saturation(intensity, params.intensity_scale_min),
        fatigue=load * factor,
        week=week,
    )


def calibrate_base(
    state: FitnessState, vdot: float, ceiling: float, params: FitnessParams
) -> float:
    """The untrained VDOT that makes ``state`` perform at ``vdot`` (closed form)."""
    s = adaptation(state, params)
    potential = vdot / (1.0 - fatigue_penalty(state.fatigue, params))
    base = (potential - ceiling * s) / (1.0 - s)
    if not base < vdot < ceiling:
        raise ValueError(
            f"VDOT {vdot} is not reachable between base {base:.1f} and ceiling {ceiling}"
            " with this background: raise the ceiling or change the background"
        )
    return float(base)


@dataclass(frozen=True)
class FitnessModel:
    """A runner's model: untrained ``base``, ``ceiling`` and the constants."""

    base: float
    ceiling: float
    params: FitnessParams = FitnessParams()

    @classmethod
    def calibrated(
        cls,
        background: Background,
        vdot: float,
        ceiling: float,
        sex: Sex,
        params: FitnessParams | None = None,
    ) -> tuple[FitnessModel, FitnessState]:
        """A model and initial state performing at ``vdot`` after ``background`` training."""
        params = params or FitnessParams()
        state = steady_state(background, vdot, sex, params)
        return cls(calibrate_base(state, vdot, ceiling, params), ceiling, params), state

    def vdot(self, state: FitnessState) -> float:
        """VDOT on the day."""
        return performance_vdot(state, self.base, self.ceiling, self.params)

    def potential(self, state: FitnessState) -> float:
        """VDOT without fatigue."""
        return potential_vdot(state, self.base, self.ceiling, self.params)

    def row(self, state: FitnessState, dose: Dose) -> dict[str, float]:
        """One day of the fitness frame: the morning state and the day's dose."""
        return {
            "minutes": dose.total_minutes,
            "trimp": dose.total_trimp,
            "z1_min": dose.minutes[0],
            "z2_min": dose.minutes[1],
            "z3_min": dose.minutes[2],
            "volume": state.volume,
            "intensity": state.intensity,
            "aerobic": state.aerobic,
            "speed": state.speed,
            "fatigue": state.fatigue,
            "monotony": monotony(state.week, self.params.monotony_cap),
            "vdot_potential": self.potential(state),
            "vdot": self.vdot(state),
        }

    def run(self, doses: Sequence[Dose], state: FitnessState, start: pd.Timestamp) -> pd.DataFrame:
        """The daily fitness frame for a sequence of daily doses, from ``state`` on ``start``."""
        rows = []
        for dose in doses:
            rows.append(self.row(state, dose))
            state = update(state, dose, self.params)
        index = pd.date_range(pd.Timestamp(start), periods=len(rows), freq="D", name="date")
        return pd.DataFrame(rows, index=index)
