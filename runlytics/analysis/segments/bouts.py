"""Work bouts: reps that beat their neighbours, hill reps on terrain, long blocks."""

from __future__ import annotations

import numpy as np

from runlytics.analysis.segments.changepoints import _segment_means
from runlytics.analysis.segments.levels import Levels
from runlytics.analysis.segments.params import (
    FINISH_SHARE,
    HILL_CV,
    HILL_GRADE,
    HILL_REPS,
    LEVEL_S,
    LONE_REP_S,
    LONG_BOUT_S,
    MIN_REPS,
    PAIR_RATIO,
    PLACE_S,
    REP_FLOOR,
    RUNNING_MPS,
    Array,
    Index,
    Mask,
)


def _reps(
    x: Array,
    terrain: tuple[Array, Array] | None,
    bounds: Index,
    stops: Index,
    marks: Index,
    levels: Levels,
    min_work_s: float,
) -> tuple[Mask, Mask]:
    """Rep and stride flags of the moving-time segments.

    ``stops`` are where the runner stood, ``marks`` the agreeing lap boundaries.
    Bouts (see ``_bouts``, and ``_on_terrain`` when the effort is
    grade-adjusted: ``terrain`` is then the raw speed and the grade) at least
    :data:`REP_FLOOR` faster than the running outside them (its median) and
    not slower than the median work bout by ``levels.rep_step`` (a session's
    reps are alike; the cool-down between two stops is not one) are reps:
    work if they last ``min_work_s``, else strides. Fewer than
    :data:`MIN_REPS` reps are a session only if each lasts :data:`LONE_REP_S`
    and at least :data:`PAIR_RATIO` of the longest; else they are surges in a
    continuous run (strides).
    """
    means = _segment_means(x, bounds)
    work, stride = np.zeros(len(means), dtype=bool), np.zeros(len(means), dtype=bool)
    if not np.isfinite(levels.reference):
        return work, stride
    cs = np.r_[0.0, np.cumsum(x)]
    spans = _bouts(cs, bounds, stops, marks, means, levels)
    if terrain is not None:
        spans = _on_terrain(*terrain, bounds, stops, spans, levels.rep_step / levels.reference)
    outside = _outside(x, bounds, spans)
    running = outside[outside >= RUNNING_MPS]
    easy = float(np.median(running)) if len(running) else 0.0
    spans = [(i, j) for i, j in spans if _mean(cs, bounds[i], bounds[j]) >= (1 + REP_FLOOR) * easy]
    level = [_mean(cs, bounds[i], bounds[j]) for i, j in spans]
    long_enough = [bounds[j] - bounds[i] >= min_work_s for i, j in spans]
    if any(long_enough):
        typical = float(np.median([m for m, ok in zip(level, long_enough, strict=True) if ok]))
        spans = [s for s, m in zip(spans, level, strict=True) if m >= typical - levels.rep_step]
    seconds = np.array([bounds[j] - bounds[i] for i, j in spans])
    reps = seconds >= min_work_s
    if reps.sum() < MIN_REPS:
        reps &= (seconds >= LONE_REP_S) & (seconds >= PAIR_RATIO * seconds[reps].max(initial=0))
    for (i, j), rep in zip(spans, reps, strict=True):
        work[i:j], stride[i:j] = rep, not rep
    return work, stride


def _outside(y: Array, bounds: Index, spans: list[tuple[int, int]]) -> Array:
    """The values of ``y`` outside the segment spans ``spans``."""
    keep = np.ones(len(y), dtype=bool)
    for i, j in spans:
        keep[bounds[i] : bounds[j]] = False
    return y[keep]


def _neighbour_levels(
    cs: Array, bounds: Index, stops: Index, i: int, j: int
) -> tuple[float, float]:
    """Levels either side of segments ``i:j``: the mean of up to :data:`LEVEL_S` of the
    neighbouring segment, or 0 where the runner stopped (``stops``) within that time."""
    a, b = int(bounds[i]), int(bounds[j])
    lo, hi = max(int(bounds[i - 1]), a - LEVEL_S), min(int(bounds[j + 1]), b + LEVEL_S)
    stopped_before = np.any((stops >= a - LEVEL_S) & (stops <= a))
    stopped_after = np.any((stops >= b) & (stops <= b + LEVEL_S))
    return (0.0 if stopped_before else _mean(cs, lo, a)), (
        0.0 if stopped_after else _mean(cs, b, hi)
    )


def _bouts(
    cs: Array, bounds: Index, stops: Index, marks: Index, means: Array, levels: Levels
) -> list[tuple[int, int]]:
    """Segment spans ``(i, j)`` that stand out from both neighbouring segments.

    Among contiguous segments at or above the reference (not across a stop or
    a lap mark: the runner ended the rep there, even easing off slowly), a
    bout grows from the fastest one over neighbours closer to its level than
    to the level outside the fast run (the reference past a stop or the ends
    of the run; see ``_grow``): an acceleration piece, a rep cut in two;
    not the warm-up or the normal running next to a stride. The rest of the
    fast run is searched the same way, the bout now outside it. A bout
    stands out if it has a segment on either side and beats each one's level
    by ``levels.rep_step`` (see ``_neighbour_levels``; when lap marks bound the
    bout, the neighbouring lap's mean if lower: the runner said where the rep
    ended, even if easing off slowly).
    """
    n = len(means)
    sizes = np.diff(bounds)
    fast = means >= levels.reference
    stop_before, stop_after = np.isin(bounds[:-1], stops), np.isin(bounds[1:], stops)
    left_of = np.where(stop_before, levels.reference, np.r_[levels.reference, means[:-1]])
    right_of = np.where(stop_after, levels.reference, np.r_[means[1:], levels.reference])
    new = fast & ~(np.r_[False, fast[:-1]] & ~np.isin(bounds[:-1], np.r_[stops, marks]))
    starts = np.flatnonzero(new)
    barriers = np.r_[np.flatnonzero(~fast | new), n]
    ends = barriers[np.searchsorted(barriers, starts, side="right")]
    todo = [
        (int(i), int(j), left_of[i], right_of[j - 1]) for i, j in zip(starts, ends, strict=True)
    ]
    spans = []
    while todo:
        i, j, outer_left, outer_right = todo.pop()
        lo, hi = _grow(means, sizes, i, j, outer_left, outer_right)
        level = _mean(cs, bounds[lo], bounds[hi])
        todo += [
            t for t in ((i, lo, outer_left, level), (hi, j, level, outer_right)) if t[1] > t[0]
        ]
        if lo == 0 or hi == n:
            continue
        sides = _neighbour_levels(cs, bounds, stops, lo, hi)
        if bounds[lo] in marks and bounds[hi] in marks:
            laps = _lap_levels(cs, bounds[lo], bounds[hi], np.r_[0, marks, len(cs) - 1])
            sides = min(sides[0], laps[0]), min(sides[1], laps[1])
        if level - max(sides) >= levels.rep_step:
            spans.append((lo, hi))
    return sorted(spans)


def _lap_levels(cs: Array, a: int, b: int, marks: Index) -> tuple[float, float]:
    """Mean levels of the laps before ``a`` and after ``b`` (``marks``: lap boundaries)."""
    before = marks[np.searchsorted(marks, a) - 1]
    after = marks[np.searchsorted(marks, b, side="right")] if b < marks[-1] else b
    return _mean(cs, int(before), a), (_mean(cs, b, int(after)) if after > b else 0.0)


def _on_terrain(
    z: Array,
    grade: Array,
    bounds: Index,
    stops: Index,
    spans: list[tuple[int, int]],
    contrast: float,
) -> list[tuple[int, int]]:
    """The grade-adjusted bouts that are reps on the terrain: raw speed ``z``, ``grade``.

    A bout on the flat (mean grade below :data:`HILL_GRADE`) must also beat
    both neighbours in raw speed by half of ``contrast`` x the median running
    speed, and that median outside the bouts: a climb pushed on an easy run
    lifts grade-adjusted speed only. An uphill
    bout is a hill rep when it is faster in raw speed than the recovery after
    it (jogged back down) and belongs to a set of at least :data:`HILL_REPS`
    such bouts whose durations vary by at most :data:`HILL_CV`.
    """
    zs, gs = np.r_[0.0, np.cumsum(z)], np.r_[0.0, np.cumsum(grade)]
    running = z[z >= RUNNING_MPS]
    need = contrast * (float(np.median(running)) if len(running) else 0.0)
    outside = _outside(z, bounds, spans)
    outside = outside[outside >= RUNNING_MPS]
    typical = float(np.median(outside)) if len(outside) else 0.0
    flat, hills = [], []
    for i, j in spans:
        before, after = _neighbour_levels(zs, bounds, stops, i, j)
        speed = _mean(zs, bounds[i], bounds[j])
        if _mean(gs, bounds[i], bounds[j]) < HILL_GRADE:
            if speed - max(before, after) >= need / 2 and speed >= typical:
                flat.append((i, j))
        elif speed > after:
            hills.append((i, j))
    seconds = np.array([bounds[j] - bounds[i] for i, j in hills], dtype="float64")
    if len(hills) < HILL_REPS or seconds.std() > HILL_CV * seconds.mean():
        hills = []
    return sorted(flat + hills)


def _grow(
    means: Array, sizes: Index, i: int, j: int, outer_left: float, outer_right: float
) -> tuple[int, int]:
    """The bout within segments ``i:j`` (``sizes``: their lengths) around the fastest one.

    Neighbours at or above the midpoint between the bout's level and the level
    outside ``i:j`` on their side are taken in, until none is.
    """
    lo = i + int(np.argmax(means[i:j]))
    hi = lo + 1
    while True:
        level = np.average(means[lo:hi], weights=sizes[lo:hi])
        new_lo, new_hi = lo, hi
        while new_lo > i and means[new_lo - 1] >= (level + outer_left) / 2:
            new_lo -= 1
        while new_hi < j and means[new_hi] >= (level + outer_right) / 2:
            new_hi += 1
        if (new_lo, new_hi) == (lo, hi):
            return lo, hi
        lo, hi = new_lo, new_hi


def _blocks(
    x: Array,
    terrain: tuple[Array, Array] | None,
    coarse: Index,
    levels: Levels,
    rep_starts: Index,
    rep_ends: Index,
) -> list[tuple[int, int]]:
    """Spans of the coarse segments that are blocks (see ``_is_block``).

    A block holds no rep or stride (``rep_starts``/``rep_ends``: their spans),
    and a block ending the run is a cool-down, not a fast finish, after reps.
    When the effort is grade-adjusted (``terrain``: raw speed and grade), a
    block is also faster in raw speed than the segment before it: a long climb
    is not a tempo.
    """
    spans = []
    for i in np.flatnonzero(np.diff(coarse) >= LONG_BOUT_S):
        a, b = int(coarse[i]), int(coarse[i + 1])
        overlap = np.any((rep_starts < b) & (rep_ends > a))
        after_reps = b == len(x) and np.any(rep_ends <= a)
        if overlap or after_reps or not _is_block(x, coarse, int(i), levels):
            continue
        if terrain is None or terrain[0][a:b].mean() > terrain[0][coarse[i - 1] : a].mean():
            spans.append((a, b))
    return spans


def _with_blocks(
    bounds: Index, work: Mask, stride: Mask, blocks: list[tuple[int, int]]
) -> tuple[Index, Mask, Mask]:
    """Fine bounds and flags with each block made one work segment.

    Fine boundaries inside a block or within :data:`PLACE_S` of its ends go;
    a segment keeps the flags of the fine segment it starts in.
    """
    if not blocks:
        return bounds, work, stride
    spans = np.asarray(blocks, dtype=np.intp)
    near = (bounds[:, None] > spans[:, 0] - PLACE_S) & (bounds[:, None] < spans[:, 1] + PLACE_S)
    inner = bounds[1:-1][~near[1:-1].any(axis=1)]
    out = np.unique(np.r_[bounds[0], inner, spans.ravel(), bounds[-1]])
    source = np.searchsorted(bounds, out[:-1], side="right") - 1
    in_block = np.isin(out[:-1], spans[:, 0])
    return out, work[source] | in_block, stride[source] & ~in_block


def _mean(cs: Array, lo: int, hi: int) -> float:
    """Mean of the series whose prefix sums are ``cs`` over ``lo:hi``."""
    return float((cs[hi] - cs[lo]) / (hi - lo))


def _is_block(x: Array, bounds: Index, i: int, levels: Levels) -> bool:
    """Whether the long coarse segment ``i`` is a block run at a new pace (a tempo, a fast finish).

    It does not start the run, its mean is at least the reference and beats the
    mean of the segment before it, and of the one after it unless it ends the
    run, by ``levels.block``; it is not a ramp (see ``_is_ramp``). A block that
    ends the run (a fast finish) covers at most :data:`FINISH_SHARE` of the
    moving time, beats the mean of all the running before it by ``levels.block``
    and follows steady running (a rise of less than half that: not the end of
    a progression).
    """
    a, b = int(bounds[i]), int(bounds[i + 1])
    mean = float(x[a:b].mean())
    if a == 0 or mean < levels.reference or _is_ramp(x, a, b):
        return False
    if mean - float(x[bounds[i - 1] : a].mean()) < levels.block:
        return False
    if b < len(x):
        return mean - float(x[b : bounds[i + 2]].mean()) >= levels.block
    earlier = x[:a][x[:a] >= RUNNING_MPS]
    if len(earlier) < LONG_BOUT_S or b - a > FINISH_SHARE * len(x):
        return False
    return mean - float(earlier.mean()) >= levels.block and _rise(earlier) < levels.block / 2


def _rise(y: Array) -> float:
    """Rise (m/s) of the least-squares line through ``y`` from its first to its last second."""
    t = np.arange(len(y), dtype="float64")
    return float(np.polyfit(t, y, 1)[0] * (len(y) - 1))


def _is_ramp(x: Array, a: int, b: int) -> bool:
    """Whether the block ``a:b`` and as long a stretch before it fit a line as well as a step.

    The last part of a progression is a ramp; a tempo block after a warm-up, or
    a fast finish after a long steady run, is a step.
    """
    lo = max(0, a - (b - a))
    y = x[lo:b]
    t = np.arange(len(y), dtype="float64")
    step = np.where(t < a - lo, y[: a - lo].mean(), y[a - lo :].mean())
    line = np.polyval(np.polyfit(t, y, 1), t)
    return bool(np.sum((y - line) ** 2) <= np.sum((y - step) ** 2))

