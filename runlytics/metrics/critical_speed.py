"""Critical speed (CS) and D' from maximal efforts: the linear distance-time model.

Two-parameter model (Monod & Scherrer 1965 for work; for running e.g. Hughson
et al. 1984, Jones & Vanhatalo 2017)::

    D = CS t + D'

fitted by ordinary least squares of distance ``D`` (m) on duration ``t`` (s) over
maximal efforts: ``CS`` (m/s) is the slope, the highest speed sustained without
a steady loss of tolerance; ``D'`` (m) is the intercept, the distance that can be
covered above CS. ``r2`` is the coefficient of determination of the fit (1 by
construction with two efforts). Smyth & Muniz-Pumares (2020) fit it on best
efforts from training data; GoldenCheetah fits weekly on six-week bests.

Efforts: the model holds for maximal efforts of about 2 to 15 min (``min_s``,
``max_s``; shorter ones are dominated by speed and acceleration, longer ones
fall below the model's line). Efforts outside that window are **excluded** from
the fit with an :class:`EffortWindowWarning` saying which; at least two efforts
of different durations must remain, else ``ValueError``. A fit whose CS is not
positive (the longer efforts were not slower than the shorter, so they were not
maximal) raises ``ValueError``; a negative D' only warns, since a plateau of
submaximal short efforts produces it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

#: Durations (s) of the efforts the model is fitted on by default: about 2 to 15 min.
EFFORT_WINDOW_S = (120.0, 900.0)


class EffortWindowWarning(UserWarning):
    """Efforts outside the duration window of the critical-speed model were left out."""


@dataclass(frozen=True)
class CriticalSpeed:
    """A fitted distance-time line ``D = cs_mps * t + d_prime_m`` over ``n`` efforts."""

    cs_mps: float
    d_prime_m: float
    r2: float
    n: int

    def predict_time(self, distance_m: float) -> float:
        """Time (s) the model gives for ``distance_m``: ``(D - D') / CS``.

        Meaningful for the distances whose predicted times lie in the fitted
        window; ``ValueError`` when ``distance_m`` is not beyond ``D'``.
        """
        if not distance_m > max(self.d_prime_m, 0.0):
            raise ValueError(
                f"distance_m must exceed D' ({self.d_prime_m:.0f} m) for a positive time, "
                f"not {distance_m!r}"
            )
        return float((distance_m - self.d_prime_m) / self.cs_mps)


def critical_speed(
    distances_m: ArrayLike,
    times_s: ArrayLike,
    *,
    min_s: float = EFFORT_WINDOW_S[0],
    max_s: float = EFFORT_WINDOW_S[1],
) -> CriticalSpeed:
    """Fit CS and D' by least squares on the maximal efforts (see the module docstring)."""
    d = np.atleast_1d(np.asarray(distances_m, dtype="float64"))
    t = np.atleast_1d(np.asarray(times_s, dtype="float64"))
    if d.shape != t.shape or d.ndim != 1:
        raise ValueError(
            f"distances_m and times_s must be 1-D and of the same length, not {d.shape} "
            f"and {t.shape}"
        )
    if not (np.all(np.isfinite(d) & (d > 0)) and np.all(np.isfinite(t) & (t > 0))):
        raise ValueError("distances_m and times_s must be positive finite numbers")
    inside = (t >= min_s) & (t <= max_s)
    if not inside.all():
        left_out = ", ".join(
            f"{di:.0f} m in {ti:.0f} s" for di, ti in zip(d[~inside], t[~inside], strict=True)
        )
        warnings.warn(
            f"critical speed: left out {int((~inside).sum())} effort(s) outside "
            f"{min_s:.0f}-{max_s:.0f} s: {left_out}",
            EffortWindowWarning,
            stacklevel=2,
        )
    d, t = d[inside], t[inside]
    if np.unique(t).size < 2:
        raise ValueError(
            f"critical speed needs at least 2 maximal efforts of different durations "
            f"between {min_s:.0f} and {max_s:.0f} s; got {t.size}"
        )
    slope, intercept = np.polyfit(t, d, 1)
    if not slope > 0:
        raise ValueError(
            "critical speed fit has a non-positive slope: the longer efforts were not slower "
            "than the shorter ones, so they cannot all be maximal"
        )
    residual = d - (slope * t + intercept)
    total = np.sum((d - d.mean()) ** 2)
    r2 = float(1.0 - np.sum(residual**2) / total) if total > 0 else float("nan")
    if intercept < 0:
        warnings.warn(
            f"critical speed: D' is negative ({intercept:.0f} m); the shorter efforts were "
            "probably not maximal",
            UserWarning,
            stacklevel=2,
        )
    return CriticalSpeed(cs_mps=float(slope), d_prime_m=float(intercept), r2=r2, n=int(t.size))
