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

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.ndimage import median_filter, uniform_filter1d
from scipy.signal import lfilter

from runlytics.activity import Activity
from runlytics.metrics.gap import MAX_GRADE, gap_speed
from runlytics.prepare import ensure_prepared

Array = NDArray[np.float64]
Index = NDArray[np.intp]
Mask = NDArray[np.bool_]

#: Segment kinds, in the order they usually appear.
SEGMENT_KINDS = ("warmup", "work", "recovery", "cooldown", "steady")
#: Distance over which the effort signal's grade is taken (m).
GRADE_SPAN_M = 100.0
#: Seconds of each pause kept on the analysis timeline.
PAUSE_KEEP_S = 30
#: Median filter of the effort signal (s).
SMOOTH_S = 5
#: Binary-segmentation penalty, in units of the signal's noise variance (see ``_penalty``).
PENALTY = 12.0
#: Shortest segment the change-point search makes (s), and the shortest piece kept (s): a
#: shorter one is an acceleration cut off a step.
MIN_SIZE_S = 6
MIN_PIECE_S = 10
#: Window either side of a boundary for its step (s) and the guard skipped at it (s).
STEP_WINDOW_S = 60
STEP_GUARD_S = 3
#: Smallest step a boundary needs, as a fraction of the reference, and as a multiple of the noise.
STEP_MIN = 0.12
STEP_NOISE = 2.5
#: A rep is at least this much faster than the median running outside the bouts (fraction).
REP_FLOOR = 0.15
#: A bout whose mean grade reaches this is uphill: it is a hill rep only in a set of at least
#: ``HILL_REPS`` uphill bouts whose durations vary by at most ``HILL_CV``.
HILL_GRADE = 0.03
HILL_REPS = 3
HILL_CV = 0.3
#: A rep is faster than each neighbour by this fraction of the reference, and this multiple
#: of the noise.
REP_CONTRAST = 0.15
REP_NOISE = 5.0
#: A long block steps up (and down, unless it ends the run) by at least this fraction of the
#: reference (``work_contrast``), and this multiple of the noise.
WORK_CONTRAST = 0.10
BLOCK_NOISE = 2.5
#: Smallest step of the coarse segmentation (fraction of the reference; multiple of the noise),
#: as if between two parts of ``COARSE_SPAN_S``, with parts of at least ``COARSE_MIN_S``
#: (seconds): blocks are coarse segments.
COARSE_MIN = 0.06
COARSE_NOISE = 2.0
COARSE_SPAN_S = 600
COARSE_MIN_S = 300
#: Shortest work bout (s); faster bouts shorter than this are strides. Reps come in sets of
#: at least ``MIN_REPS``; fewer bouts are work only if each lasts ``LONE_REP_S`` (s) and
#: ``PAIR_RATIO`` of the longest.
MIN_WORK_S = 30.0
MIN_REPS = 3
LONE_REP_S = 600
PAIR_RATIO = 0.7
#: Shortest block (s), and the largest share of the moving time a block that ends the run has.
LONG_BOUT_S = 600.0
FINISH_SHARE = 0.5
#: A lap boundary agrees with the data when the medians of this many seconds either side
#: differ by the step threshold; agreeing laps replace breakpoints this close (s).
LAP_WINDOW_S = 10
MANUAL_LAP_WINDOW_S = 30
LAP_SNAP_S = 15
#: A stop (not moving) at least this long (s) is a piece of its own and splits reps; the
#: slowing and the acceleration within ``ACCEL_S`` of it belong to the running next to it.
MIN_STOP_S = 10
ACCEL_S = 20
#: Boundaries are placed within this distance (s) of the change point, and the level
#: of each side is the median of up to ``LEVEL_S`` of its segment.
PLACE_S = 20
LEVEL_S = 60
#: Raw speed times a boundary when its step is at least this share of the effort's step.
SPEED_STEP_SHARE = 0.5
#: A part before the first / after the last work bout longer than this is steady, not warm-up.
MAX_WARMUP_S = 2400.0
#: The reference level: the median of the 60-s means of running (``LEVEL_BLOCK_S``).
LEVEL_BLOCK_S = 60
#: Noise: median absolute change between consecutive means over this many seconds.
NOISE_BLOCK_S = 30
#: Effort (m/s) below which a block is not running (stops, walking).
RUNNING_MPS = 2.0
#: Heart-rate lag used to compare speed and GAP against heart rate (s), and the band:
#: changes slower than this (s) (warm-up, cardiac drift) are left out of the comparison.
HR_LAG_S = 40.0
HR_BAND_S = 600
#: Raw speed is used when GAP's correlation with heart rate is this much lower.
HR_CORRELATION_MARGIN = 0.05
#: Without heart rate, raw speed is used when GAP is this many times rougher.
ROUGHNESS_RATIO = 3.0

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


@dataclass(frozen=True)
class EffortSignal:
    """The series segments are found on, on the analysis timeline.

    ``rows`` are the prepared-record rows kept (pauses shortened); ``effort``
    the median-filtered effort (m/s, 0 when not moving); ``speed`` the raw
    speed filtered the same way (it times steps); ``grade`` the grade over
    :data:`GRADE_SPAN_M`; ``moving`` the prepared ``moving`` flag of those
    rows; ``name`` the column the effort comes from (``gap_speed_mps`` or
    ``speed_mps``) and ``reason`` why.
    """

    rows: Index
    effort: Array
    speed: Array
    grade: Array
    moving: Mask
    name: str
    reason: str


@dataclass(frozen=True)
class Levels:
    """Effort levels of a run (m/s) and its ``noise`` (fraction of the reference).

    ``reference`` is the median of the 60-s means of running: the run's
    typical effort. ``step`` is the smallest step a boundary needs,
    ``rep_step`` by how much a rep beats each neighbour, ``coarse`` the
    smallest step of the coarse segmentation and ``block`` the step at the ends
    of a long block; each is the larger of a fixed fraction of the reference
    and a multiple of the noise.
    """

    reference: float
    noise: float
    step: float
    rep_step: float
    coarse: float
    block: float


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
    records = prepared.records
    signal = effort_signal(records)
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
    before = np.cumsum(moving) - moving
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
    at = (np.cumsum(moving) - moving)[ends]
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


# --- the effort signal -------------------------------------------------------------------------


def effort_signal(records: pd.DataFrame) -> EffortSignal:
    """The effort series of prepared ``records`` (see :class:`EffortSignal`).

    Grade-adjusted speed unless heart rate follows raw speed better: the
    correlation of heart rate with each (lagged by first order over
    :data:`HR_LAG_S`, both with changes slower than :data:`HR_BAND_S` removed,
    so warm-up and cardiac drift do not count) is lower for GAP by
    :data:`HR_CORRELATION_MARGIN`. Without heart rate, raw speed is used when
    GAP is :data:`ROUGHNESS_RATIO` times rougher (see ``_roughness``).
    """
    rows = _timeline_rows(records["paused"].to_numpy())
    moving = records["moving"].to_numpy()[rows]
    hr = records["heart_rate_bpm"].to_numpy()[rows]
    raw_speed = records["speed_mps"].to_numpy()[rows]
    speed = _stopped_zero(raw_speed, moving)
    distance, altitude = records["distance_m"].to_numpy(), records["altitude_smooth_m"].to_numpy()
    grade = _long_grade(distance, altitude)[rows]
    gap = _stopped_zero(gap_speed(raw_speed, grade), moving)
    name, reason = _choose_signal(speed, gap, hr, moving)
    speed = _smooth(speed)
    effort = _smooth(gap) if name == "gap_speed_mps" else speed
    return EffortSignal(rows, effort, speed, grade, moving, name, reason)


def _choose_signal(speed: Array, gap: Array, hr: Array, moving: Mask) -> tuple[str, str]:
    """Name of the effort column and why (see :func:`effort_signal`)."""
    gap_reason = f"grade-adjusted speed (grade over {GRADE_SPAN_M:g} m)"
    r_speed, r_gap = _hr_correlation(speed, hr), _hr_correlation(gap, hr)
    if np.isfinite(r_speed) and np.isfinite(r_gap):
        if r_gap < r_speed - HR_CORRELATION_MARGIN:
            return "speed_mps", (
                f"raw speed: heart rate follows it better than grade-adjusted speed (r = "
                f"{r_speed:.2f} vs {r_gap:.2f}), the altitude is too noisy"
            )
        return "gap_speed_mps", f"{gap_reason}; heart rate r = {r_gap:.2f} (speed {r_speed:.2f})"
    rough_speed, rough_gap = _roughness(speed[moving]), _roughness(gap[moving])
    if rough_gap > ROUGHNESS_RATIO * rough_speed:
        return "speed_mps", (
            f"raw speed: grade-adjusted speed is {rough_gap / rough_speed:.1f} times rougher "
            "(no heart rate to judge), the altitude is too noisy"
        )
    return "gap_speed_mps", gap_reason


def _smooth(values: Array) -> Array:
    return median_filter(values, size=SMOOTH_S, mode="nearest") if len(values) else values


def _long_grade(distance: Array, altitude: Array) -> Array:
    """Grade over :data:`GRADE_SPAN_M` of distance centred on each row (0 without altitude).

    Barometric and GPS altitude noise makes the prepared 40 m grade swing by a few
    percent on flat ground, i.e. the grade-adjusted speed by 10 %; hills worth a
    rep are longer than this span.
    """
    ok = np.isfinite(distance) & np.isfinite(altitude)
    if ok.sum() < 2 or np.ptp(distance[ok]) < GRADE_SPAN_M:
        return np.zeros(len(distance))
    d, a = distance[ok], altitude[ok]
    half = GRADE_SPAN_M / 2
    lo = np.clip(distance - half, d[0], d[-1])
    hi = np.clip(distance + half, d[0], d[-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        grade = (np.interp(hi, d, a) - np.interp(lo, d, a)) / (hi - lo)
    return np.clip(np.nan_to_num(grade), -MAX_GRADE, MAX_GRADE)


def _timeline_rows(paused: Mask) -> Index:
    """Rows kept: all but those more than :data:`PAUSE_KEEP_S` seconds into a pause."""
    i = np.arange(len(paused))
    first_paused = paused & ~np.r_[False, paused[:-1]]
    run_start = np.maximum.accumulate(np.where(first_paused, i, 0))
    return np.flatnonzero(~paused | (i - run_start < PAUSE_KEEP_S))


def _stopped_zero(values: Array, moving: Mask) -> Array:
    """Speed where moving, 0 where not, clipped to a plausible running range."""
    return np.clip(np.where(moving & np.isfinite(values), values, 0.0), 0.0, 10.0)


def _hr_correlation(effort: Array, hr: Array) -> float:
    """Correlation of heart rate with the lagged effort, slow changes removed (NaN if unusable)."""
    ok = np.isfinite(hr)
    if ok.sum() < 300 or ok.mean() < 0.5:
        return float("nan")
    a = np.exp(-1.0 / HR_LAG_S)
    lagged = lfilter([1.0 - a], [1.0, -a], effort, zi=[a * effort[0]])[0]
    filled = np.interp(np.arange(len(hr)), np.flatnonzero(ok), hr[ok])
    x = (lagged - uniform_filter1d(lagged, HR_BAND_S, mode="nearest"))[ok]
    y = (filled - uniform_filter1d(filled, HR_BAND_S, mode="nearest"))[ok]
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _block_means(x: Array, size: int) -> Array:
    """Means of consecutive ``size``-second blocks of ``x`` (the last partial block dropped)."""
    n = len(x) // size
    return x[: n * size].reshape(n, size).mean(axis=1)


def _roughness(x: Array, bounds: Index | None = None) -> float:
    """Median absolute change between consecutive :data:`NOISE_BLOCK_S` means of running.

    With segment ``bounds`` only pairs of blocks inside one segment count (the
    noise left once the structure is known); without, the few steps of a
    structure barely move the median. NaN with fewer than 3 pairs.
    """
    blocks = _block_means(x, NOISE_BLOCK_S)
    use = (blocks[1:] >= RUNNING_MPS) & (blocks[:-1] >= RUNNING_MPS)
    if bounds is not None:
        first = np.arange(len(blocks) - 1) * NOISE_BLOCK_S
        use &= np.searchsorted(bounds, first, side="right") == np.searchsorted(
            bounds, first + 2 * NOISE_BLOCK_S - 1, side="right"
        )
    if use.sum() < 3:
        return float("nan")
    return float(np.median(np.abs(np.diff(blocks))[use]))


def reference_and_noise(x: Array, bounds: Index | None = None) -> tuple[float, float]:
    """Reference level (m/s) and noise (fraction of it) of the moving-time effort ``x``.

    The reference is the median of the :data:`LEVEL_BLOCK_S` means of running
    (of the running seconds for short runs; NaN without running); the noise is
    ``_roughness`` (within the segments of ``bounds`` if given) over the
    reference (0 if unmeasurable).
    """
    blocks = _block_means(x, LEVEL_BLOCK_S)
    blocks = blocks[blocks >= RUNNING_MPS]
    running = x[x >= RUNNING_MPS]
    if len(blocks) >= 3:
        reference = float(np.median(blocks))
    elif len(running):
        reference = float(np.median(running))
    else:
        return float("nan"), 0.0
    noise = _roughness(x, bounds) / reference
    return reference, (noise if np.isfinite(noise) else 0.0)


def effort_levels(x: Array, bounds: Index, contrast: float = WORK_CONTRAST) -> Levels:
    """The :class:`Levels` of the moving-time effort ``x`` cut at ``bounds``.

    ``contrast`` is the block contrast (``work_contrast`` of :func:`detect_segments`).
    """
    reference, global_noise = reference_and_noise(x)
    _, noise = reference_and_noise(x, bounds)
    return Levels(
        reference=reference,
        noise=noise,
        step=max(STEP_MIN, STEP_NOISE * global_noise) * reference,
        rep_step=max(REP_CONTRAST, REP_NOISE * noise) * reference,
        coarse=max(COARSE_MIN, COARSE_NOISE * noise) * reference,
        block=max(contrast, BLOCK_NOISE * noise) * reference,
    )


# --- change points -----------------------------------------------------------------------------


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

    steps = [np.inf] + [weakness(j) for j in range(1, len(b) - 1)] + [np.inf]
    while len(b) > 2:
        j = int(np.argmin(steps))
        if steps[j] >= threshold:
            break
        del b[j], steps[j]
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
    return float(np.median(y[max(a, m - LEVEL_S) : m])), float(
        np.median(y[m : min(c, m + LEVEL_S)])
    )


def _segment_means(x: Array, bounds: Index) -> Array:
    cs = np.r_[0.0, np.cumsum(x)]
    return (cs[bounds[1:]] - cs[bounds[:-1]]) / np.diff(bounds)


# --- laps ----------------------------------------------------------------------------------------


def _lap_boundaries(records: pd.DataFrame, laps: pd.DataFrame, rows: Index) -> tuple[Index, Index]:
    """Timeline positions where device laps start (the first sample after each lap start):
    those of laps started automatically or by a workout, and those the runner pressed."""
    none = np.zeros(0, dtype=np.intp)
    if len(laps) < 2:
        return none, none
    t = records.index.asi8[rows]
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


# --- kinds ----------------------------------------------------------------------------------------


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
        if overlap or after_reps or not _is_block(x, coarse, i, levels):
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


# --- the table ------------------------------------------------------------------------------------


def _segment_table(
    records: pd.DataFrame, signal: EffortSignal, bounds: Index, lap_marks: Index
) -> pd.DataFrame:
    """Per-segment times, distances and time-weighted means (all vectorised over segments)."""
    rows = signal.rows
    t = records.index[rows]
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
