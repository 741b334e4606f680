"""Change points: binary segmentation, laps that agree with the data, merging and placing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.analysis.segments.params import (
    ACCEL_S,
    COARSE_MIN_S,
    COARSE_SPAN_S,
    LAP_SNAP_S,
    LAP_WINDOW_S,
    LEVEL_S,
    MANUAL_LAP_WINDOW_S,
    MIN_PIECE_S,
    MIN_SIZE_S,
    PLACE_S,
    SPEED_STEP_SHARE,
    STEP_GUARD_S,
    STEP_WINDOW_S,
    Array,
    Index,
    Mask,
)


def _candidates(
    x: Array, laps: Index, manual: Index, step: float, penalty: float
) -> tuple[Index, Index]:
    """Change points of the moving-time effort ``x`` with agreeing laps, and those lap marks.

    An automatic or workout lap boundary (``laps``) agrees when the effort
    steps there by ``step`` (m/s; medians of :data:`LAP_WINDOW_S` either side,
    see ``_local_steps``): the step is at the lap, not a stride's a few seconds
    before it. A lap the runner pressed (``manual``) marks the intent: it
    agrees with half that step over :data:`MANUAL_LAP_WINDOW_S` (a rep eased
    off after the button). Agreeing laps replace change points within
    :data:`LAP_SNAP_S` and are added where there is none.
    """
    none = np.zeros(0, dtype=np.intp)
    if len(x) < 2 * MIN_SIZE_S or not step > 0:
        return np.array([0, len(x)], dtype=np.intp), none
    bounds = np.r_[0, binary_segmentation(x, _penalty(x, penalty), MIN_SIZE_S), len(x)]
    laps = laps[(laps > MIN_SIZE_S) & (laps < len(x) - MIN_SIZE_S)]
    manual = manual[(manual > MIN_SIZE_S) & (manual < len(x) - MIN_SIZE_S)]
    auto_ok = np.abs(_local_steps(x, laps, LAP_WINDOW_S)) >= step
    manual_ok = np.abs(_local_steps(x, manual, MANUAL_LAP_WINDOW_S)) >= step / 2
    marks = np.union1d(laps[auto_ok], manual[manual_ok])
    return _snap(bounds, marks), marks


def _sharpen(
    x: Array, z: Array, bounds: Index, threshold: float, marks: Index, stops: Index
) -> Index:
    """Bounds with steps of at least ``threshold`` (see ``_merge_weak``), placed precisely.

    Weak boundaries are merged away and the others placed (``_place``, timed on
    raw speed ``z`` where it steps too), twice, and merged once more: placing
    can leave an acceleration piece or a weak step. ``marks`` (agreeing laps)
    and ``stops`` stay; the slowing into and the acceleration out of a stop (or
    the start and end of the run) belong to the running next to it, and a lap
    mark is its step: boundaries within :data:`ACCEL_S` of the first or
    :data:`LAP_SNAP_S` of the second go.
    """
    fixed = np.union1d(marks, stops)
    bounds = np.union1d(bounds, stops)
    for _ in range(2):
        bounds = _merge_weak(x, bounds, threshold, fixed)
        bounds = _place(x, z, bounds, fixed=fixed)
    bounds = _merge_weak(x, bounds, threshold, fixed)
    near = _near(bounds, np.r_[0, stops, len(x)], ACCEL_S) | _near(bounds, marks, LAP_SNAP_S)
    return bounds[~near | np.isin(bounds, fixed) | (bounds == 0) | (bounds == len(x))]


def _near(values: Index, to: Index, distance: int) -> Mask:
    """Whether each of ``values`` lies within ``distance`` of one of ``to``."""
    if not len(to):
        return np.zeros(len(values), dtype=bool)
    return np.abs(values[:, None] - to[None, :]).min(axis=1) <= distance


def _penalty(x: Array, factor: float) -> float:
    """Penalty = ``factor`` x noise variance x log(n), noise from the first differences' MAD."""
    diff = np.diff(x)
    sigma = 1.4826 * np.median(np.abs(diff - np.median(diff))) / np.sqrt(2.0)
    sigma = max(sigma, 0.02)  # a perfectly smooth signal still has a floor
    return factor * sigma**2 * np.log(len(x))


def binary_segmentation(x: Array, penalty: float, min_size: int) -> Index:
    """Breakpoints of ``x`` by binary segmentation with the l2 cost, stopping below ``penalty``.

    A breakpoint ``k`` starts a new segment at ``x[k]``. A segment is split at the
    point that most reduces the sum of squared deviations from segment means
    while that reduction is at least ``penalty`` (the stopping rule of
    ``ruptures.Binseg(...).predict(pen=penalty)``); every part keeps at least
    ``min_size`` samples. Prefix sums make each search one vectorised pass.
    """
    x = np.asarray(x, dtype="float64")
    cs = np.r_[0.0, np.cumsum(x)]
    found: list[int] = []
    stack = [(0, len(x))]
    while stack:
        a, b = stack.pop()
        if b - a < 2 * min_size:
            continue
        k = np.arange(a + min_size, b - min_size + 1)
        s1, s2 = cs[k] - cs[a], cs[b] - cs[k]
        total = cs[b] - cs[a]
        gain = s1**2 / (k - a) + s2**2 / (b - k) - total**2 / (b - a)
        best = int(np.argmax(gain))
        if gain[best] < penalty:
            continue
        split = int(k[best])
        found.append(split)
        stack += [(a, split), (split, b)]
    return np.sort(np.asarray(found, dtype=np.intp))


def _local_steps(x: Array, at: Index, window: int) -> Array:
    """Median of the ``window`` seconds after each position minus that of the window before.

    The :data:`STEP_GUARD_S` seconds either side of the position (the
    acceleration) are skipped; windows stop at the ends of the run, not at other
    boundaries, so a step is judged the same whatever was found around it.
    """
    if not len(at):
        return np.zeros(0)
    offsets = np.arange(STEP_GUARD_S, STEP_GUARD_S + window)
    last = len(x) - 1
    after = np.median(x[np.clip(at[:, None] + offsets, 0, last)], axis=1)
    before = np.median(x[np.clip(at[:, None] - 1 - offsets, 0, last)], axis=1)
    return after - before


def _coarse(x: Array, z: Array, step: float, marks: Index) -> Index:
    """Coarse segments of ``x``: level changes of ``step`` (m/s) that last, with lap ``marks``.

    Binary segmentation stops when a split gains less than two parts of
    :data:`COARSE_SPAN_S` differing by ``step`` would; parts are at least
    :data:`COARSE_MIN_S` long. The boundaries are then placed precisely.
    """
    if len(x) < 2 * COARSE_MIN_S or not step > 0:
        return np.array([0, len(x)], dtype=np.intp)
    penalty = step**2 * COARSE_SPAN_S / 2
    bounds = np.r_[0, binary_segmentation(x, penalty, COARSE_MIN_S), len(x)]
    return _place(x, z, _snap(bounds, marks), marks)


def _window_means(cs: Array, bounds: list[int], j: int, window: int) -> tuple[float, float]:
    """Means of up to ``window`` seconds either side of inner boundary ``bounds[j]``.

    Windows stay inside the two segments and skip :data:`STEP_GUARD_S` at the
    boundary unless the segment is too short for it.
    """
    a, m, c = bounds[j - 1], bounds[j], bounds[j + 1]
    lo, hi = max(a, m - STEP_GUARD_S - window), m - STEP_GUARD_S
    if hi - lo < STEP_GUARD_S:
        lo, hi = a, m
    lo2, hi2 = m + STEP_GUARD_S, min(c, m + STEP_GUARD_S + window)
    if hi2 - lo2 < STEP_GUARD_S:
        lo2, hi2 = m, c
    return (cs[hi] - cs[lo]) / (hi - lo), (cs[hi2] - cs[lo2]) / (hi2 - lo2)


def _merge_weak(
    x: Array, bounds: Index, threshold: float, keep: Index, window: int = STEP_WINDOW_S
) -> Index:
    """Bounds without the inner boundaries whose step is below ``threshold``, weakest first.

    The step of a boundary is the difference of the means of up to ``window``
    seconds either side within its two segments, so it is
    re-judged when a neighbour goes. A segment shorter than :data:`MIN_PIECE_S`
    (an acceleration cut off a step) loses its weaker boundary first.
    Boundaries in ``keep`` (agreeing laps) stay.
    """
    cs = np.r_[0.0, np.cumsum(x)]
    kept = {int(v) for v in keep}
    b = [int(v) for v in bounds]

    def weakness(j: int) -> float:
        if b[j] in kept:
            return np.inf
        before, after = _window_means(cs, b, j, window)
        short = min(b[j] - b[j - 1], b[j + 1] - b[j]) < MIN_PIECE_S
        return abs(after - before) - (1e6 if short else 0.0)

    steps = np.array([np.inf] + [weakness(j) for j in range(1, len(b) - 1)] + [np.inf])
    while len(b) > 2:
        j = int(steps.argmin())
        if steps[j] >= threshold:
            break
        del b[j]
        steps = np.delete(steps, j)
        for k in (j - 1, j):
            if 0 < k < len(b) - 1:
                steps[k] = weakness(k)
    return np.asarray(b, dtype=np.intp)


def _place(x: Array, z: Array, bounds: Index, fixed: Index) -> Index:
    """Each inner boundary not in ``fixed`` placed precisely within :data:`PLACE_S`.

    The levels either side are the medians of up to :data:`LEVEL_S` of the two
    segments next to the boundary; the boundary goes where the 1 Hz signal is
    best split between them (least squares with those levels: the minimum of
    the running sum of the signal's deviation from their midpoint). The signal
    is raw speed ``z`` when it steps the same way by at least
    :data:`SPEED_STEP_SHARE` of the effort's relative step, else the effort ``x``.
    """
    out = bounds.copy()
    for j in range(1, len(out) - 1):
        if out[j] in fixed:
            continue
        a, m, c = int(out[j - 1]), int(out[j]), int(out[j + 1])
        y, before, after = _timing_signal(x, z, a, m, c)
        lo = max(a + MIN_SIZE_S, m - PLACE_S)
        hi = min(c - MIN_SIZE_S, m + PLACE_S)
        if hi <= lo or after == before:
            continue
        deviation = (y[lo:hi] - (before + after) / 2) * np.sign(after - before)
        out[j] = lo + int(np.argmin(np.r_[0.0, np.cumsum(deviation)]))
    return out


def _timing_signal(x: Array, z: Array, a: int, m: int, c: int) -> tuple[Array, float, float]:
    """The signal timing the step at ``m`` between segments ``a:m`` and ``m:c``, and its levels."""
    xb, xa = _side_levels(x, a, m, c)
    zb, za = _side_levels(z, a, m, c)
    rel_x = (xa - xb) / max(xa + xb, 1e-9)
    rel_z = (za - zb) / max(za + zb, 1e-9)
    if rel_x * rel_z > 0 and abs(rel_z) >= SPEED_STEP_SHARE * abs(rel_x):
        return z, zb, za
    return x, xb, xa


def _side_levels(y: Array, a: int, m: int, c: int) -> tuple[float, float]:
    """Medians of up to :data:`LEVEL_S` of ``y`` before and after ``m`` within ``a:c``."""
    return _median(y[max(a, m - LEVEL_S) : m]), _median(y[m : min(c, m + LEVEL_S)])


def _median(v: Array) -> float:
    """``np.median`` of a short 1-D array without its per-call overhead (NaN if empty)."""
    n = len(v)
    if n == 0:
        return float("nan")
    s = np.sort(v)
    return float(s[n // 2]) if n % 2 else float((s[n // 2 - 1] + s[n // 2]) / 2)


def _segment_means(x: Array, bounds: Index) -> Array:
    cs = np.r_[0.0, np.cumsum(x)]
    return (cs[bounds[1:]] - cs[bounds[:-1]]) / np.diff(bounds)


def _lap_boundaries(records: pd.DataFrame, laps: pd.DataFrame, rows: Index) -> tuple[Index, Index]:
    """Timeline positions where device laps start (the first sample after each lap start):
    those of laps started automatically or by a workout, and those the runner pressed."""
    none = np.zeros(0, dtype=np.intp)
    if len(laps) < 2:
        return none, none
    t = pd.DatetimeIndex(records.index).asi8[rows]
    starts = pd.DatetimeIndex(laps["start"].iloc[1:]).asi8
    pos = np.searchsorted(t, starts, side="right")
    inside = (pos > MIN_SIZE_S) & (pos < len(t) - MIN_SIZE_S)
    manual = laps["trigger"].iloc[1:].eq("manual").fillna(False).to_numpy(dtype=bool)
    return np.unique(pos[inside & ~manual]), np.unique(pos[inside & manual])


def _snap(bounds: Index, marks: Index) -> Index:
    """Breakpoints within :data:`LAP_SNAP_S` of a lap mark replaced by it; the other marks added."""
    if not len(marks):
        return bounds
    inner = bounds[1:-1]
    near = np.abs(inner[:, None] - marks[None, :]).min(axis=1) <= LAP_SNAP_S if len(inner) else []
    kept = inner[~np.asarray(near, dtype=bool)] if len(inner) else inner
    return np.unique(np.r_[bounds[0], kept, marks, bounds[-1]])

