"""Segments of a run: change points in the effort, device laps checked against the data.

:func:`detect_segments` returns one row per segment with its kind (warmup,
work, recovery, cooldown, steady). The method, each threshold and the
figures measured on simulated and real runs are documented in
``docs/analysis.md`` ("Segments and run classification"); in short:

1. **Effort signal.** The prepared 1 Hz grid, pauses cut to
   :data:`PAUSE_KEEP_S`. Grade-adjusted speed (grade over
   :data:`GRADE_SPAN_M`), 0 when not moving, median-filtered over
   :data:`SMOOTH_S`; raw speed instead when heart rate follows it better
   (band-passed correlation): noisy altitude makes a GAP the heart does not
   see. Segments are found on moving time; stops of :data:`MIN_STOP_S` are
   marked.
2. **Levels.** The *reference* is the median of the 60-s means of running
   (the whole run, not its first minutes); the *noise* the median change
   between consecutive 30-s means. Every contrast is a fraction of the
   reference, raised on noisy runs (hills, GPS) to a multiple of the noise.
3. **Fine segments.** Binary segmentation (l2 cost, vectorised) gives change
   points; device laps that agree with a step are kept as boundaries (laps the
   runner pressed need half the step). Bottom-up, boundaries whose step
   (means of up to :data:`STEP_WINDOW_S` either side) is below the step
   threshold go, and each survivor is placed on the 1 Hz signal (the best
   split between the levels either side within :data:`PLACE_S`, timed on raw
   speed where it steps too: the crest of a hill rep).
4. **Reps.** A bout is a run of fast segments that beats both neighbours by
   the rep contrast (0 next to a stop), at least :data:`REP_FLOOR` faster than
   the running outside the bouts and like the other reps. On a grade-adjusted
   effort a flat bout must also be faster in raw speed, and uphill bouts count
   only as a set of similar hill reps. Shorter than ``min_work_s``: a stride.
   Fewer than :data:`MIN_REPS` bouts are surges unless each is a long block.
5. **Blocks.** A coarse segmentation (a penalty worth a lasting step) gives
   long segments; one of :data:`LONG_BOUT_S` or more is a block (tempo,
   marathon-pace run, fast finish) when it steps up from the segment before
   (and down to the one after) by the block contrast and is not the end of a
   ramp.
6. **Kinds.** Before the first work bout: warmup; between bouts: recovery;
   after the last: cooldown (a part longer than :data:`MAX_WARMUP_S` is
   steady). Without work bouts every segment is steady.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.activity import Activity
from runlytics.analysis.memo import per_activity
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.analysis.segments.bouts import _blocks, _reps, _with_blocks
from runlytics.analysis.segments.changepoints import _candidates, _coarse, _lap_boundaries, _sharpen
from runlytics.analysis.segments.levels import effort_levels, reference_and_noise
from runlytics.analysis.segments.params import (
    MIN_WORK_S,
    PENALTY,
    STEP_MIN,
    STEP_NOISE,
    WORK_CONTRAST,
)
from runlytics.analysis.segments.signal import EffortSignal, signal_of
from runlytics.analysis.segments.table import (
    SEGMENT_COLUMNS,
    _kinds,
    _merge_same,
    _segment_table,
    _stops,
    _timeline_pieces,
)
from runlytics.vocabulary import SEGMENT_KINDS


def detect_segments(
    activity: Activity,
    *,
    use_laps: bool = True,
    min_work_s: float = MIN_WORK_S,
    work_contrast: float = WORK_CONTRAST,
    penalty: float = PENALTY,
) -> pd.DataFrame:
    """Segments of a run, one row each (see the module docstring for the method).

    Columns: ``start``/``end`` (UTC; a segment covers the seconds after
    ``start`` up to ``end``), ``duration_s`` (elapsed), ``active_s`` (not
    paused), ``moving_s``, ``distance_m``, ``speed_mps`` (distance / active
    time), ``gap_speed_mps`` and ``effort_mps`` (means over active time,
    stops count 0), ``heart_rate_bpm`` (mean), ``kind`` (one of
    :data:`SEGMENT_KINDS`), ``rep`` (1, 2, ... on work segments),
    ``stride`` (a fast bout too short to be a rep), ``source`` ("laps" when
    both ends are device lap boundaries that agree with the data, else "data").
    ``attrs``: ``signal`` (the effort column used) and ``signal_reason``, and
    the levels: ``reference_mps``, ``noise`` (fraction of the reference),
    ``step_mps``, ``rep_step_mps``, ``block_step_mps`` (see :class:`Levels`).
    """
    prepared = ensure_prepared(activity)
    defaults = (use_laps, min_work_s, work_contrast, penalty) == (
        True,
        MIN_WORK_S,
        WORK_CONTRAST,
        PENALTY,
    )
    if defaults:
        return segments_of(prepared).copy()
    return _segments(prepared, signal_of(prepared), use_laps, min_work_s, work_contrast, penalty)


@per_activity
def segments_of(prepared: PreparedActivity) -> pd.DataFrame:
    """:func:`detect_segments` with its defaults, remembered (callers must not modify it)."""
    return _segments(prepared, signal_of(prepared), True, MIN_WORK_S, WORK_CONTRAST, PENALTY)


def _segments(
    prepared: PreparedActivity,
    signal: EffortSignal,
    use_laps: bool,
    min_work_s: float,
    work_contrast: float,
    penalty: float,
) -> pd.DataFrame:
    records = prepared.records
    moving_rows = np.flatnonzero(signal.moving)
    xm, zm = signal.effort[moving_rows], signal.speed[moving_rows]
    reference, noise = reference_and_noise(xm)
    step = max(STEP_MIN, STEP_NOISE * noise) * reference
    laps, manual = _lap_boundaries(
        records, prepared.laps if use_laps else prepared.laps[:0], signal.rows
    )
    laps_m, manual_m = (np.unique(np.searchsorted(moving_rows, p)) for p in (laps, manual))
    stops_m = _stops(signal.moving)
    candidates, marks_m = _candidates(xm, laps_m, manual_m, step, penalty)
    fine_m = _sharpen(xm, zm, candidates, step, marks_m, stops_m)
    levels = effort_levels(xm, fine_m, work_contrast)
    terrain = (zm, signal.grade[moving_rows]) if signal.name == "gap_speed_mps" else None
    work_m, stride_m = _reps(xm, terrain, fine_m, stops_m, marks_m, levels, min_work_s)
    coarse = _coarse(xm, zm, levels.coarse, marks_m)
    fast = work_m | stride_m
    blocks = _blocks(xm, terrain, coarse, levels, fine_m[:-1][fast], fine_m[1:][fast])
    bounds_m, work_m, stride_m = _with_blocks(fine_m, work_m, stride_m, blocks)
    bounds, work, strides = _timeline_pieces(signal.moving, bounds_m, work_m, stride_m)
    kinds, strides = _kinds(work, strides, np.diff(bounds).astype("float64"), min_work_s)
    bounds, kinds, strides = _merge_same(bounds, kinds, strides)
    lap_marks = moving_rows[marks_m[marks_m < len(moving_rows)]]
    frame = _segment_table(records, signal, bounds, lap_marks)
    frame["kind"] = pd.Categorical(kinds, categories=SEGMENT_KINDS)
    work = frame["kind"].to_numpy() == "work"
    frame["rep"] = pd.array(np.where(work, np.cumsum(work), 0), dtype="Int64")
    frame.loc[~work, "rep"] = pd.NA
    frame["stride"] = strides
    frame.attrs = {
        "signal": signal.name,
        "signal_reason": signal.reason,
        "reference_mps": levels.reference,
        "noise": levels.noise,
        "step_mps": levels.step,
        "rep_step_mps": levels.rep_step,
        "block_step_mps": levels.block,
    }
    return frame[list(SEGMENT_COLUMNS)]

