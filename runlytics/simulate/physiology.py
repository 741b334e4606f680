"""Physiological relations the simulator runs on.

Every relation is documented with its source in ``docs/simulator.md``:

* oxygen cost of running and the sustainable fraction of VO2max (Daniels &
  Gilbert 1979), VDOT, race-time equivalence and training paces as fractions
  of VDOT (Daniels 2014);
* cost of running on a grade (Minetti et al. 2002);
* steady-state heart rate from %VO2 reserve = %HR reserve (Swain &
  Leutholtz 1997), first-order kinetics, cardiac drift (Coyle & González-Alonso
  2001; Wingo et al. 2012);
* cadence against speed (van Oeveren et al. 2017);
* Banister TRIMP (Morton, Fitz-Clarke & Banister 1990).

Speeds are m/s, oxygen uptake ml/kg/min, heart rate bpm, grade decimal.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq
from scipy.signal import lfilter

FloatArray = NDArray[np.float64]
Sex = Literal["M", "F"]

#: Resting oxygen uptake (1 MET), ml/kg/min.
VO2_REST = 3.5
#: Oxygen uptake standing still after running, ml/kg/min (about 1.5 MET).
VO2_STANDING = 5.0

#: Training intensities as fractions of VDOT (Daniels 2014; see docs/simulator.md).
EFFORTS: dict[str, float] = {
    "recovery": 0.60,
    "easy": 0.66,
    "long": 0.68,
    "steady": 0.76,
    "grey": 0.78,
    "threshold": 0.88,
    "interval": 0.975,
    "repetition": 1.05,
    "stride": 1.08,
    "jog": 0.55,
}
#: Daniels' easy range as fractions of VDOT.
EASY_RANGE = (0.59, 0.74)


def vo2_cost(speed_mps: ArrayLike) -> FloatArray:
    """Oxygen cost of running on the flat (Daniels & Gilbert 1979), ml/kg/min."""
    v = np.asarray(speed_mps, dtype="float64") * 60.0
    return -4.60 + 0.182258 * v + 0.000104 * v**2


def speed_at_vo2(vo2: ArrayLike) -> FloatArray:
    """The flat running speed (m/s) whose oxygen cost is ``vo2`` (inverse of :func:`vo2_cost`)."""
    c = np.asarray(vo2, dtype="float64") + 4.60
    v = (-0.182258 + np.sqrt(0.182258**2 + 4 * 0.000104 * c)) / (2 * 0.000104)
    return v / 60.0


def sustainable_fraction(minutes: ArrayLike) -> FloatArray:
    """Fraction of VO2max sustainable for ``minutes`` of racing (Daniels & Gilbert 1979)."""
    t = np.asarray(minutes, dtype="float64")
    return 0.8 + 0.1894393 * np.exp(-0.012778 * t) + 0.2989558 * np.exp(-0.1932605 * t)


def vdot(distance_m: float, time_s: float) -> float:
    """VDOT of a race: oxygen cost of its speed over the fraction sustainable for its time."""
    minutes = time_s / 60.0
    return float(vo2_cost(distance_m / time_s) / sustainable_fraction(minutes))


def race_time(vdot_value: float, distance_m: float) -> float:
    """Equivalent race time (s) for ``distance_m`` at ``vdot_value`` (Daniels equivalence)."""

    def excess(time_s: float) -> float:
        return vdot(distance_m, time_s) - vdot_value

    return float(brentq(excess, distance_m / 12.0, distance_m / 0.5, xtol=1e-3))


def effort_speed(effort: ArrayLike, vdot_value: float) -> FloatArray:
    """Flat speed (m/s) at a fraction ``effort`` of VDOT."""
    return speed_at_vo2(np.asarray(effort, dtype="float64") * vdot_value)


def marathon_effort(vdot_value: float) -> float:
    """Marathon pace as a fraction of VDOT: the fraction sustainable for the equivalent time."""
    return float(sustainable_fraction(race_time(vdot_value, 42195.0) / 60.0))


def effort_of_speed(speed_mps: ArrayLike, vdot_value: float) -> FloatArray:
    """Fraction of VDOT that a flat-equivalent speed costs (0 when standing)."""
    return np.maximum(vo2_cost(speed_mps), 0.0) / vdot_value


def minetti_cost(grade: ArrayLike) -> FloatArray:
    """Cost of running (J/kg/m) at a decimal grade (Minetti et al. 2002), clipped to ±45 %."""
    i = np.clip(np.asarray(grade, dtype="float64"), -0.45, 0.45)
    # 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6, by Horner's rule
    return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6


def flat_equivalent_speed(speed_mps: ArrayLike, grade: ArrayLike) -> FloatArray:
    """Speed on the flat with the same energy cost: ``v * Cr(i) / Cr(0)``."""
    return np.asarray(speed_mps, dtype="float64") * minetti_cost(grade) / 3.6


def heart_rate_reserve_fraction(vo2: ArrayLike, vdot_value: float) -> FloatArray:
    """%HRR from %VO2R (Swain & Leutholtz 1997): ``(VO2 - 3.5) / (VO2max - 3.5)``."""
    return (np.asarray(vo2, dtype="float64") - VO2_REST) / (vdot_value - VO2_REST)


def steady_state_hr(vo2: ArrayLike, vdot_value: float, hr_rest: float, hr_max: float) -> FloatArray:
    """Steady-state heart rate (bpm) for an oxygen demand, capped at ``hr_max``."""
    x = heart_rate_reserve_fraction(np.maximum(vo2, VO2_STANDING), vdot_value)
    return np.clip(hr_rest + x * (hr_max - hr_rest), hr_rest, hr_max)


def first_order(signal: ArrayLike, tau_s: float, initial: float, dt_s: float = 1.0) -> FloatArray:
    """Discrete first-order lag ``y' = (u - y) / tau`` of a uniformly sampled signal."""
    u = np.asarray(signal, dtype="float64")
    a = np.exp(-dt_s / tau_s)
    y, _ = lfilter([1.0 - a], [1.0, -a], u, zi=[a * initial])
    return np.asarray(y, dtype="float64")


def hr_kinetics(
    hr_target: ArrayLike, initial: float, tau_on_s: float = 30.0, tau_off_s: float = 60.0
) -> FloatArray:
    """Heart rate following its steady state with a faster rise than fall.

    The upper envelope of two first-order lags: while the target rises the fast
    lag (``tau_on_s``) leads, while it falls the slow one (``tau_off_s``) stays
    above. Exact for single steps up or down from steady state.
    """
    fast = first_order(hr_target, tau_on_s, initial)
    slow = first_order(hr_target, tau_off_s, initial)
    return np.maximum(fast, slow)


def drift_pct_per_hour(
    temperature_c: float, vdot_value: float, *, base: float = 3.0, per_degree: float = 0.06
) -> float:
    """Cardiac drift (% HR per hour at constant speed).

    ``base`` at 15 °C for VDOT 55, growing by ``per_degree`` (relative) per °C
    above 15 °C and with lower fitness as ``(55 / VDOT) ** 1.5``.
    """
    heat = 1.0 + per_degree * max(temperature_c - 15.0, 0.0)
    return base * heat * (55.0 / vdot_value) ** 1.5


def cadence_spm(
    speed_mps: ArrayLike, cadence_ref_spm: float, slope_spm_per_mps: float = 12.0
) -> FloatArray:
    """Running cadence (steps/min): ``ref + slope * (v - 3.33)``; walking ~115; 0 standing."""
    v = np.asarray(speed_mps, dtype="float64")
    run = np.clip(cadence_ref_spm + slope_spm_per_mps * (v - 10 / 3), 140.0, 215.0)
    walk = np.full_like(v, 115.0)
    return np.where(v < 0.3, 0.0, np.where(v < 1.8, walk, run))


def trimp_per_minute(hrr_fraction: ArrayLike, sex: Sex) -> FloatArray:
    """Banister TRIMP weight per minute (Morton et al. 1990): ``x * a * exp(b x)``."""
    x = np.clip(np.asarray(hrr_fraction, dtype="float64"), 0.0, 1.0)
    a, b = (0.64, 1.92) if sex == "M" else (0.86, 1.67)
    return x * a * np.exp(b * x)
