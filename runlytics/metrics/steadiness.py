"""Helpers shared by decoupling and pace fade: moving-time clock and steadiness.

Steadiness is the coefficient of variation (population SD / mean) of the
time-weighted means of speed over consecutive blocks of moving time (60 s by
default): block means average out GPS noise and stride-to-stride scatter, so
the CV measures changes of effort (intervals, surges, stops), not sensor noise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def moving_clock(moving: ArrayLike, dt_s: ArrayLike) -> NDArray[np.float64]:
    """Cumulative moving seconds at each sample (only moving samples advance it)."""
    return np.cumsum(np.where(np.asarray(moving, dtype=bool), np.asarray(dt_s, float), 0.0))


def weighted_mean(values: ArrayLike, dt_s: ArrayLike) -> float:
    """Time-weighted mean of the finite values (NaN if none)."""
    v = np.asarray(values, dtype="float64")
    w = np.where(np.isfinite(v), np.asarray(dt_s, dtype="float64"), 0.0)
    total = w.sum()
    return float(np.sum(np.where(w > 0, v, 0.0) * w) / total) if total > 0 else float("nan")


def block_cv(
    values: ArrayLike, clock_s: ArrayLike, dt_s: ArrayLike, block_s: float = 60.0
) -> float:
    """CV of time-weighted block means over consecutive ``block_s`` of ``clock_s``.

    Blocks less than half covered by finite values are left out; NaN with
    fewer than two blocks.
    """
    v = np.asarray(values, dtype="float64")
    clock = np.asarray(clock_s, dtype="float64")
    w = np.where(np.isfinite(v), np.asarray(dt_s, dtype="float64"), 0.0)
    if not len(v):
        return float("nan")
    block = np.floor((clock - clock[0]) / block_s).astype(np.intp)
    seconds = np.bincount(block, weights=w)
    sums = np.bincount(block, weights=np.where(w > 0, v, 0.0) * w)
    full = seconds >= block_s / 2
    if full.sum() < 2:
        return float("nan")
    means = sums[full] / seconds[full]
    return float(np.std(means) / np.mean(means))
