"""The segment table: pieces back on the timeline, kinds, and per-segment sums."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.analysis.segments.params import MAX_WARMUP_S, MIN_STOP_S, Array, Index, Mask
from runlytics.analysis.segments.signal import EffortSignal, _stopped_zero

SEGMENT_COLUMNS = (
    "start",
    "end",
    "duration_s",
    "active_s",
    "moving_s",
    "distance_m",
    "speed_mps",
    "gap_speed_mps",
    "effort_mps",
    "heart_rate_bpm",
    "kind",
    "rep",
    "stride",
    "source",
)


def _timeline_pieces(
    moving: Mask, bounds_m: Index, work_m: Mask, stride_m: Mask
) -> tuple[Index, Mask, Mask]:
    """Moving-time segments laid back on the timeline, with stops of :data:`MIN_STOP_S` apart.

    A stopped row belongs to the moving segment that follows it; a stop at least
    :data:`MIN_STOP_S` long is a piece of its own, never work (it splits reps).
    Returns the piece bounds and their work and stride flags.
    """
    n = len(moving)
    if n == 0 or not len(work_m):
        return np.array([0, n], dtype=np.intp), np.zeros(1, bool), np.zeros(1, bool)
    before = np.cumsum(moving, dtype=np.intp) - moving
    seg = np.clip(np.searchsorted(bounds_m, before, side="right") - 1, 0, len(bounds_m) - 2)
    stop = _long_runs(~moving, MIN_STOP_S)
    change = np.flatnonzero((seg[1:] != seg[:-1]) | (stop[1:] != stop[:-1])) + 1
    starts = np.r_[0, change]
    first = seg[starts]
    return np.r_[starts, n], work_m[first] & ~stop[starts], stride_m[first] & ~stop[starts]


def _stops(moving: Mask) -> Index:
    """Moving-time positions of the stops of at least :data:`MIN_STOP_S` within the run."""
    stopped = _long_runs(~moving, MIN_STOP_S)
    ends = np.flatnonzero(stopped[:-1] & ~stopped[1:]) + 1
    at = (np.cumsum(moving, dtype=np.intp) - moving)[ends]
    return np.unique(at[(at > 0) & (at < moving.sum())])


def _long_runs(mask: Mask, length: int) -> Mask:
    """Rows of ``mask`` that lie in runs of at least ``length`` True values."""
    edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = (ends - starts) >= length
    out = np.zeros(len(mask) + 1, dtype=np.int64)
    np.add.at(out, starts[keep], 1)
    np.add.at(out, ends[keep], -1)
    return np.cumsum(out[:-1]) > 0


def _kinds(
    work: Mask, strides: Mask, seconds: Array, min_work_s: float
) -> tuple[NDArray[np.object_], Mask]:
    """Kind and stride flag of each piece (see the module docstring).

    Work pieces cut by a stop into parts shorter than ``min_work_s`` are strides.
    """
    n = len(work)
    edges = np.diff(np.r_[0, work.astype(np.int8), 0])
    is_work = np.zeros(n, dtype=bool)
    strides = strides.copy()
    for s, e in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        long_enough = seconds[s:e].sum() >= min_work_s
        is_work[s:e] = long_enough
        strides[s:e] |= not long_enough
    kinds = np.full(n, "steady", dtype=object)
    first_last = np.flatnonzero(is_work)
    if len(first_last):
        first, last = first_last[0], first_last[-1]
        kinds[:first] = "warmup" if seconds[:first].sum() <= MAX_WARMUP_S else "steady"
        kinds[last + 1 :] = "cooldown" if seconds[last + 1 :].sum() <= MAX_WARMUP_S else "steady"
        kinds[first:last] = "recovery"
        kinds[is_work] = "work"
    return kinds, strides


def _merge_same(
    bounds: Index, kinds: NDArray[np.object_], strides: Mask
) -> tuple[Index, NDArray[np.object_], Mask]:
    """Adjacent segments of the same kind and stride flag joined (a rep is one row)."""
    if not len(kinds):
        return bounds, kinds, strides
    change = np.r_[True, (kinds[1:] != kinds[:-1]) | (strides[1:] != strides[:-1])]
    return np.r_[bounds[:-1][change], bounds[-1]], kinds[change], strides[change]


def _segment_table(
    records: pd.DataFrame, signal: EffortSignal, bounds: Index, lap_marks: Index
) -> pd.DataFrame:
    """Per-segment times, distances and time-weighted means (all vectorised over segments)."""
    rows = signal.rows
    t = pd.DatetimeIndex(records.index)[rows]
    first, last = bounds[:-1], bounds[1:] - 1
    start = t[np.maximum(first - 1, 0)]
    end = t[last]
    active = ~records["paused"].to_numpy()[rows]
    moving = records["moving"].to_numpy()[rows]
    dt = (rows > 0).astype("float64")  # each grid row stands for one second
    dt_active = np.where(active, dt, 0.0)
    distance = records["distance_m"].to_numpy()[rows]
    gap = _stopped_zero(records["gap_speed_mps"].to_numpy()[rows], moving)
    hr = records["heart_rate_bpm"].to_numpy()[rows]
    active_s = _sums(dt_active, first, last)
    dist_at = np.r_[np.nan, distance]  # distance at the sample before each segment
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = distance[last] - np.where(first > 0, dist_at[first], distance[0])
        hr_w = np.where(np.isfinite(hr), dt_active, 0.0)
        frame = pd.DataFrame(
            {
                "start": start,
                "end": end,
                "duration_s": (end.asi8 - start.asi8) / 1e9,
                "active_s": active_s,
                "moving_s": _sums(np.where(moving, dt, 0.0), first, last),
                "distance_m": dist,
                "speed_mps": dist / active_s,
                "gap_speed_mps": _sums(gap * dt_active, first, last) / active_s,
                "effort_mps": _sums(signal.effort * dt_active, first, last) / active_s,
                "heart_rate_bpm": _sums(np.nan_to_num(hr) * hr_w, first, last)
                / _sums(hr_w, first, last),
            }
        )
    is_lap = np.isin(bounds, np.r_[0, lap_marks, bounds[-1]])
    frame["source"] = np.where(is_lap[:-1] & is_lap[1:] & (len(lap_marks) > 0), "laps", "data")
    return frame


def _sums(values: Array, first: Index, last: Index) -> Array:
    """Sums of ``values`` over rows ``first[i]..last[i]``; the first row of the run counts 0."""
    cs = np.r_[0.0, np.cumsum(values)]
    return cs[last + 1] - cs[first]

