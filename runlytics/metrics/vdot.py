"""Daniels–Gilbert running formulae: VDOT, equivalent race times, training paces.

Daniels J., Gilbert J. (1979). Oxygen Power: Performance Tables for Distance
Runners. With speed ``v`` in m/min and race duration ``t`` in minutes:

* oxygen cost of running at ``v``: ``VO2(v) = -4.60 + 0.182258 v + 0.000104 v^2``  (ml/kg/min);
* fraction of VO2max sustainable for ``t``:
  ``%VO2max(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)``;
* ``VDOT = VO2(D / t) / %VO2max(t)``.

The published tables come from these equations but are not reproduced to the
second by them: expect differences of seconds.

Training paces (Daniels' Running Formula) are intensities given as fractions of
VO2max, turned into speeds with the inverse of ``VO2(v)``: easy 59-74 %,
threshold 88 %, interval 98 %, repetition 105 % (faster than vVO2max, about
mile race pace). Marathon pace is the equivalent marathon race pace for the
VDOT (Daniels defines it so), about 80-84 % of VO2max.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

MARATHON_M = 42195.0
#: Training intensities as fractions of VO2max (see module docstring).
EASY_FRACTIONS = (0.59, 0.74)
THRESHOLD_FRACTION = 0.88
INTERVAL_FRACTION = 0.98
REPETITION_FRACTION = 1.05


def oxygen_cost(speed_m_per_min: ArrayLike) -> NDArray[np.float64]:
    """Daniels–Gilbert oxygen cost of running ``VO2(v)`` in ml/kg/min, ``v`` in m/min."""
    v = np.asarray(speed_m_per_min, dtype="float64")
    return -4.60 + 0.182258 * v + 0.000104 * v**2


def fraction_vo2max(duration_min: ArrayLike) -> NDArray[np.float64]:
    """Daniels–Gilbert fraction of VO2max sustainable for a race of ``duration_min`` minutes."""
    t = np.asarray(duration_min, dtype="float64")
    return 0.8 + 0.1894393 * np.exp(-0.012778 * t) + 0.2989558 * np.exp(-0.1932605 * t)


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """VDOT (ml/kg/min) of a race of ``distance_m`` metres run in ``time_s`` seconds."""
    if not (distance_m > 0 and time_s > 0):
        raise ValueError("distance_m and time_s must be positive")
    t_min = time_s / 60.0
    return float(oxygen_cost(distance_m / t_min) / fraction_vo2max(t_min))


def race_time(vdot: float, distance_m: float) -> float:
    """Equivalent race time in seconds over ``distance_m`` for ``vdot``.

    Solves ``VO2(D/t) / %VO2max(t) = VDOT`` for ``t`` with Brent's method.
    """
    if not (vdot > 0 and distance_m > 0):
        raise ValueError("vdot and distance_m must be positive")

    def excess(t_min: float) -> float:
        return float(oxygen_cost(distance_m / t_min) / fraction_vo2max(t_min)) - vdot

    # Slower (longer t) means lower VDOT: the root is bracketed by 1 s and 100 h.
    from scipy.optimize import brentq  # lazy: keeps `import runlytics` fast
    return 60.0 * brentq(excess, 1.0 / 60.0, 6000.0, xtol=1e-9)


def speed_at_vo2(vo2: ArrayLike) -> NDArray[np.float64]:
    """Speed (m/s) whose Daniels–Gilbert oxygen cost is ``vo2``: inverse of :func:`oxygen_cost`."""
    c = -4.60 - np.asarray(vo2, dtype="float64")
    a, b = 0.000104, 0.182258
    return (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a) / 60.0


@dataclass(frozen=True)
class TrainingPaces:
    """Daniels training speeds (m/s) for a VDOT; see the module docstring for the fractions."""

    vdot: float
    easy_min_mps: float
    easy_max_mps: float
    marathon_mps: float
    threshold_mps: float
    interval_mps: float
    repetition_mps: float


def training_paces(vdot: float) -> TrainingPaces:
    """Easy range, marathon, threshold, interval and repetition speeds (m/s) for ``vdot``."""
    return TrainingPaces(
        vdot=vdot,
        easy_min_mps=float(speed_at_vo2(EASY_FRACTIONS[0] * vdot)),
        easy_max_mps=float(speed_at_vo2(EASY_FRACTIONS[1] * vdot)),
        marathon_mps=MARATHON_M / race_time(vdot, MARATHON_M),
        threshold_mps=float(speed_at_vo2(THRESHOLD_FRACTION * vdot)),
        interval_mps=float(speed_at_vo2(INTERVAL_FRACTION * vdot)),
        repetition_mps=float(speed_at_vo2(REPETITION_FRACTION * vdot)),
    )
