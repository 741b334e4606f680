"""Equivalent race times: the time a performance predicts over another distance.

Three published models, distances in metres and times in seconds:

* ``method="vdot"`` (default), Daniels & Gilbert (1979), Oxygen Power: the
  target time with the same VDOT (:func:`runlytics.metrics.vdot.vdot_from_race`,
  :func:`runlytics.metrics.vdot.race_time`). Daniels' published tables come from
  the same equations but are not reproduced to the second (expect seconds).
* ``method="riegel"``, Riegel P.S. (1981). Athletic records and human endurance.
  American Scientist 69:285-290: ``T2 = T1 (D2/D1)^e`` with the "fatigue
  exponent" ``e = 1.06`` for running (``exponent=`` to change), fitted on
  efforts of about 3.5 min to 4 h. Vickers & Vertosick (2016) found it well
  calibrated up to the half marathon but 10+ min too fast at the marathon for
  half of recreational runners.
* ``method="cameron"``, Cameron D. (1997/98), "A critical examination of racing
  predictions" (https://www.cs.uml.edu/~phoffman/cammod.html), a fit of average
  speed against distance on world, US and collegiate records (800 m to the
  marathon)::

      T2 = T1 (D2/D1) f(D1)/f(D2),   f(d) = 13.49681 - 0.000030363 d + 835.7114 d^-0.7905

  with ``d`` in metres. Cameron published ``f`` with ``d`` in miles
  (``13.49681 - 0.048865 d + 2.438936 d^-0.7905``); the metre constants are that
  form converted (0.048865 / 1609.344 and 2.438936 x 1609.344^0.7905), checked
  in the tests. ``f`` is proportional to the average speed a distance allows, so
  it falls with distance: a longer target gets a slower pace.
"""

from __future__ import annotations

import math
from typing import Literal

from runlytics.metrics.vdot import race_time, vdot_from_race

PredictionMethod = Literal["vdot", "riegel", "cameron"]
#: Riegel's fatigue exponent for running (Riegel 1981).
RIEGEL_EXPONENT = 1.06
METRES_PER_MILE = 1609.344


def cameron_factor(distance_m: float) -> float:
    """Cameron's speed factor ``f(d)`` with ``d`` in metres (see the module docstring)."""
    d = float(distance_m)
    return 13.49681 - 0.000030363 * d + 835.7114 * d**-0.7905


def predict_race_time(
    time_s: float,
    distance_m: float,
    target_distance_m: float,
    *,
    method: PredictionMethod = "vdot",
    exponent: float = RIEGEL_EXPONENT,
) -> float:
    """Predicted time (s) over ``target_distance_m`` from ``distance_m`` run in ``time_s``.

    ``exponent`` is Riegel's and is only used by ``method="riegel"``.
    """
    for name, value in (
        ("time_s", time_s),
        ("distance_m", distance_m),
        ("target_distance_m", target_distance_m),
    ):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number, not {value!r}")
    if method == "vdot":
        return race_time(vdot_from_race(distance_m, time_s), target_distance_m)
    if method == "riegel":
        if not (math.isfinite(exponent) and exponent > 0):
            raise ValueError(f"exponent must be a positive number, not {exponent!r}")
        return float(time_s * (target_distance_m / distance_m) ** exponent)
    if method == "cameron":
        ratio = cameron_factor(distance_m) / cameron_factor(target_distance_m)
        return float(time_s * target_distance_m / distance_m * ratio)
    raise ValueError(f"method must be 'vdot', 'riegel' or 'cameron', not {method!r}")
