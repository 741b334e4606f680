"""Grade-adjusted speed from the energy cost of running on a slope.

Minetti A.E., Moia C., Roi G.S., Susta D., Ferretti G. (2002). Energy cost of
walking and running at extreme uphill and downhill slopes. J Appl Physiol
93:1039-1046. The cost of running on decimal grade ``i`` (rise over run) is the
fifth-order polynomial fitted to their treadmill data, valid for
``-0.45 <= i <= 0.45``::

    Cr(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6   [J kg^-1 m^-1]

The flat-equivalent (grade-adjusted) speed is the speed on the flat that costs
the same energy per unit time: ``v_gap = v * Cr(i) / Cr(0)`` with ``Cr(0) = 3.6``.
Minetti over-credits steep downhills compared with heart-rate data (the cost
minimum is near ``i = -0.18``); it is the documented default, not the truth.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Grade limits of Minetti's fit (decimal, ±45 %); grades are clipped to them.
MAX_GRADE = 0.45
#: Polynomial coefficients of Cr(i), highest power first (J/kg/m).
MINETTI_COEFFICIENTS = (155.4, -30.4, -43.3, 46.3, 19.5, 3.6)
#: Cost of running on the flat, Cr(0) (J/kg/m).
FLAT_COST = 3.6


def minetti_cost(grade: ArrayLike) -> NDArray[np.float64]:
    """Energy cost of running Cr(i) in J/kg/m at decimal grade ``i`` (clipped to ±0.45)."""
    i = np.clip(np.asarray(grade, dtype="float64"), -MAX_GRADE, MAX_GRADE)
    return np.polyval(MINETTI_COEFFICIENTS, i)


def gap_factor(grade: ArrayLike) -> NDArray[np.float64]:
    """Ratio Cr(i) / Cr(0): how much harder than the flat a grade is (1 on the flat)."""
    return minetti_cost(grade) / FLAT_COST


def gap_speed(speed_mps: ArrayLike, grade: ArrayLike) -> NDArray[np.float64]:
    """Grade-adjusted (flat-equivalent) speed in m/s: ``v * Cr(i) / Cr(0)`` (Minetti 2002)."""
    return np.asarray(speed_mps, dtype="float64") * gap_factor(grade)
