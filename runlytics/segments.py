"""Segments of a run: change points in grade-adjusted speed, device laps checked against the data.

:func:`detect_segments` returns one row per segment with its kind (warmup,
work, recovery, cooldown, steady). The method, each threshold and the
figures measured on simulated runs are documented in ``docs/analysis.md``
("Segments and run classification"); in short:

1. **Timeline.** The prepared 1 Hz grid; inside a pause only the first
   :data:`PAUSE_KEEP_S` seconds are kept (a 20-day clock jump is not 1.7 M
   rows of standing). The *effort signal* is the grade-adjusted speed where
   moving and 0 where not (standing recoveries are slow), median-filtered
   over 5 s. If the grade-adjusted speed explains the heart rate clearly worse
   than the raw speed (noisy altitude), the raw speed is used instead.
2. **Change points.** Binary segmentation with the least-squares (l2) cost and
   a penalty, computed with prefix sums: the same breakpoints as
   ``ruptures.Binseg(model="l2")`` but vectorised (O(n) numpy per level).
3. **Laps.** A device lap boundary *agrees* with the data when the effort
   steps there (the means of the 30 s on either side differ by at least
   :data:`STEP_MIN` of the run's running speed). Agreeing lap boundaries
   replace data breakpoints within :data:`LAP_SNAP_S` and are added where the
   data found none; the others (auto laps in steady running) are ignored.
4. **Sharp steps only.** Breakpoints whose local step is below
   :data:`STEP_MIN` of the base are removed (a ramp or a slow wander is one
   segment), one per step, and the survivors are re-placed at the best split
   within :data:`REFINE_S`. Steps are taken on moving time (stops removed).
5. **Kinds.** The *base* is a low quantile of the effort over the first
   minutes (runs start easy). A *work* bout is a run of contiguous segments
   at least :data:`REP_CONTRAST` faster than the base lasting ``min_work_s``,
   or a block at least :data:`WORK_CONTRAST` faster lasting
   :data:`LONG_BOUT_S`; shorter hard bouts are *strides* (not reps). Before
   the first work bout: warmup; between bouts: recovery; after the last:
   cooldown (a part longer than :data:`MAX_WARMUP_S` is steady). Without work
   bouts every segment is steady.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.ndimage import median_filter
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
#: Shortest segment the change-point search makes (s).
MIN_SIZE_S = 6
#: Window either side of a boundary for its local step (s) and the guard skipped at it (s).
STEP_WINDOW_S = 30
STEP_GUARD_S = 3
#: Smallest local step a boundary needs, as a fraction of the run's running speed.
STEP_MIN = 0.12
#: A work bout is at least this much faster than the base (fraction).
WORK_CONTRAST = 0.10
#: Shortest work bout (s); faster bouts shorter than this are strides.
MIN_WORK_S = 30.0
#: A bout at least this much faster than the base is hard (a rep or a stride).
REP_CONTRAST = 0.20
#: A bout only ``WORK_CONTRAST`` faster than the base is work if it lasts this long (s).
LONG_BOUT_S = 600.0
#: Window (s) either side of a long bout's ends that must show the step.
BLOCK_WINDOW_S = 120
#: Lap boundaries that agree with the data replace breakpoints this close (s).
LAP_SNAP_S = 15
#: Boundaries closer than this (s) are one step: the strongest stays.
MERGE_S = 10
#: A stop (not moving) at least this long (s) is a piece of its own and splits reps.
MIN_STOP_S = 10
#: Boundaries are re-placed at the best split within this distance (s).
REFINE_S = 15
#: A part before the first / after the last work bout longer than this is steady, not warm-up.
MAX_WARMUP_S = 2400.0
#: The base level: a low quantile of the effort over the first minutes of moving time.
BASE_WINDOW_S = 600
BASE_SKIP_S = 60
BASE_QUANTILE = 0.3
#: Effort (m/s) below which a segment is not running (stops, walking) for the base level.
RUNNING_MPS = 1.5
#: Heart-rate lag used to compare speed and GAP against heart rate (s).
HR_LAG_S = 40.0
#: GAP is replaced by speed when its correlation with heart rate is this much lower.
HR_CORRELATION_MARGIN = 0.10

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
    the median-filtered effort (m/s, 0 when not moving); ``moving`` the
    prepared ``moving`` flag of those rows; ``name`` the column
    it comes from (``gap_speed_mps`` or ``speed_mps``) and ``reason`` why.
    """

    rows: Index
    effort: Array
    moving: NDArray[np.bool_]
    name: str
    reason: str


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
    ``attrs``: ``signal`` (the effort column used) and why, and the effort
    above which a segment is fast (``fast_threshold_mps``).
    """
    prepared = ensure_prepared(activity)
    records = prepared.records
    signal = effort_signal(records)
    moving_rows = np.flatnonzero(signal.moving)
    xm = signal.effort[moving_rows]
    laps = _lap_boundaries(records, prepared.laps, signal.rows) if use_laps else np.zeros(0, int)
    laps_m = np.unique(np.searchsorted(moving_rows, laps))
    bounds_m, marks_m = _moving_breaks(xm, laps_m, penalty)
    levels = _levels(xm, work_contrast)
    work_m, stride_m = _bouts(xm, bounds_m, levels, min_work_s)
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
        "base_mps": levels.base,
        "fast_mps": levels.fast,
        "rep_mps": levels.rep,
    }
    return frame[list(SEGMENT_COLUMNS)]


def _moving_breaks(x: Array, laps: Index, penalty: float) -> tuple[Index, Index]:
    """Segment bounds of the moving-time effort ``x`` and the lap marks among them."""
    none = np.zeros(0, dtype=np.intp)
    if len(x) < 2 * MIN_SIZE_S:
        return np.array([0, len(x)], dtype=np.intp), none
    reference = _levels(x, 0.0).base
    if not reference > 0:
        reference = _running_speed(x)
    bounds = np.r_[0, binary_segmentation(x, _penalty(x, penalty), MIN_SIZE_S), len(x)]
    laps = laps[(laps > MIN_SIZE_S) & (laps < len(x) - MIN_SIZE_S)]
    marks = _agreeing(x, laps, reference)
    bounds = _snap(bounds, marks)
    bounds = _sharp(x, bounds, reference, keep=marks)
    return _refine(x, bounds, fixed=marks), marks


def _timeline_pieces(
    moving: NDArray[np.bool_],
    bounds_m: Index,
    work_m: NDArray[np.bool_],
    stride_m: NDArray[np.bool_],
) -> tuple[Index, NDArray[np.bool_], NDArray[np.bool_]]:
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


def _long_runs(mask: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
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
    """The effort series of prepared ``records`` (see :class:`EffortSignal`)."""
    rows = _timeline_rows(records["paused"].to_numpy())
    moving = records["moving"].to_numpy()[rows]
    hr = records["heart_rate_bpm"].to_numpy()[rows]
    speed = _stopped_zero(records["speed_mps"].to_numpy()[rows], moving)
    raw_speed = records["speed_mps"].to_numpy()[rows]
    grade = _long_grade(records["distance_m"].to_numpy(), records["altitude_smooth_m"].to_numpy())
    gap = _stopped_zero(gap_speed(raw_speed, grade[rows]), moving)
    name, reason = "gap_speed_mps", f"grade-adjusted speed (grade over {GRADE_SPAN_M:g} m)"
    r_speed, r_gap = _hr_correlation(speed, hr), _hr_correlation(gap, hr)
    if r_gap < r_speed - HR_CORRELATION_MARGIN:
        name = "speed_mps"
        reason = (
            f"raw speed: grade-adjusted speed follows heart rate worse (r = {r_gap:.2f} vs "
            f"{r_speed:.2f}), the altitude is too noisy"
        )
    chosen = gap if name == "gap_speed_mps" else speed
    effort = median_filter(chosen, size=SMOOTH_S, mode="nearest") if len(chosen) else chosen
    return EffortSignal(rows, effort, moving, name, reason)


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


def _timeline_rows(paused: NDArray[np.bool_]) -> Index:
    """Rows kept: all but those more than :data:`PAUSE_KEEP_S` seconds into a pause."""
    i = np.arange(len(paused))
    first_paused = paused & ~np.r_[False, paused[:-1]]
    run_start = np.maximum.accumulate(np.where(first_paused, i, 0))
    return np.flatnonzero(~paused | (i - run_start < PAUSE_KEEP_S))


def _stopped_zero(values: Array, moving: NDArray[np.bool_]) -> Array:
    """Speed where moving, 0 where not, clipped to a plausible running range."""
    return np.clip(np.where(moving & np.isfinite(values), values, 0.0), 0.0, 10.0)


def _hr_correlation(effort: Array, hr: Array) -> float:
    """Correlation of heart rate with the effort lagged by first order (NaN if unusable)."""
    ok = np.isfinite(hr)
    if ok.sum() < 300 or ok.mean() < 0.5:
        return float("nan")
    a = np.exp(-1.0 / HR_LAG_S)
    lagged = lfilter([1.0 - a], [1.0, -a], effort, zi=[a * effort[0]])[0]
    x, y = lagged[ok], hr[ok]
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _running_speed(x: Array) -> float:
    """Median effort over running seconds (the scale of steps); overall median without any."""
    running = x[x >= RUNNING_MPS]
    return float(np.median(running if len(running) else x))


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


def _local_steps(x: Array, at: Index, window: int = STEP_WINDOW_S) -> Array:
    """Median of the ``window`` seconds after each position minus that of the window before.

    The :data:`STEP_GUARD_S` seconds either side of the position (the
    acceleration) are skipped; windows stop at the ends of the run, not at other
    boundaries, so a step is judged the same whatever was found around it. Medians
    ignore the few slow seconds of slowing for and leaving a stop.
    """
    if not len(at):
        return np.zeros(0)
    offsets = np.arange(STEP_GUARD_S, STEP_GUARD_S + window)
    last = len(x) - 1
    after = np.median(x[np.clip(at[:, None] + offsets, 0, last)], axis=1)
    before = np.median(x[np.clip(at[:, None] - 1 - offsets, 0, last)], axis=1)
    return after - before


def _step_size(x: Array, at: Index) -> Array:
    """Size of the step at each position: the larger of the 30-s and the 120-s window steps.

    Reps change pace within seconds; a block at a new pace may take half a minute
    to settle, which the longer window sees.
    """
    short = np.abs(_local_steps(x, at))
    return np.maximum(short, np.abs(_local_steps(x, at, BLOCK_WINDOW_S)))


def _sharp(x: Array, bounds: Index, reference: float, keep: Index) -> Index:
    """Boundaries with a local step of at least :data:`STEP_MIN` x ``reference``, one per step.

    Of boundaries closer than :data:`MERGE_S` to each other only the strongest
    stays (an acceleration is one step). Boundaries in ``keep`` (agreeing laps)
    always stay and win over data breakpoints.
    """
    inner = bounds[1:-1]
    inner = inner[(inner >= MERGE_S) & (inner <= len(x) - MERGE_S)]
    strength = _step_size(x, inner)
    lap = np.isin(inner, keep)
    ok = lap | (strength >= STEP_MIN * reference)
    inner, strength = inner[ok], np.where(lap, np.inf, strength)[ok]
    chosen: list[int] = []
    for i in np.argsort(-strength, kind="stable"):
        if all(abs(int(inner[i]) - c) >= MERGE_S for c in chosen):
            chosen.append(int(inner[i]))
    return np.unique(np.r_[bounds[0], np.asarray(chosen, dtype=np.intp), bounds[-1]])


def _refine(x: Array, bounds: Index, fixed: Index) -> Index:
    """Each inner boundary moved to the best two-segment split within :data:`REFINE_S`."""
    out = bounds.copy()
    cs = np.r_[0.0, np.cumsum(x)]
    for j in range(1, len(out) - 1):
        if out[j] in fixed:
            continue
        a, b = out[j - 1], out[j + 1]
        lo = max(a + 1, out[j] - REFINE_S)
        hi = min(b - 1, out[j] + REFINE_S)
        a = max(a, out[j] - 4 * STEP_WINDOW_S)
        b = min(b, out[j] + 4 * STEP_WINDOW_S)
        k = np.arange(lo, hi + 1)
        if not len(k):
            continue
        s1, s2 = cs[k] - cs[a], cs[b] - cs[k]
        gain = s1**2 / (k - a) + s2**2 / (b - k)
        out[j] = int(k[np.argmax(gain)])
    return out


def _segment_means(x: Array, bounds: Index) -> Array:
    cs = np.r_[0.0, np.cumsum(x)]
    return (cs[bounds[1:]] - cs[bounds[:-1]]) / np.diff(bounds)


# --- laps ----------------------------------------------------------------------------------------


def _lap_boundaries(records: pd.DataFrame, laps: pd.DataFrame, rows: Index) -> Index:
    """Timeline positions where device laps start (the first sample after each lap start)."""
    if len(laps) < 2:
        return np.zeros(0, dtype=np.intp)
    t = records.index.asi8[rows]
    starts = pd.DatetimeIndex(laps["start"].iloc[1:]).asi8
    pos = np.searchsorted(t, starts, side="right")
    return np.unique(pos[(pos > MIN_SIZE_S) & (pos < len(t) - MIN_SIZE_S)])


def _agreeing(x: Array, marks: Index, reference: float) -> Index:
    """Lap boundaries where the effort steps by at least :data:`STEP_MIN` x ``reference``."""
    if not len(marks):
        return marks
    return marks[_step_size(x, marks) >= STEP_MIN * reference]


def _snap(bounds: Index, marks: Index) -> Index:
    """Breakpoints within :data:`LAP_SNAP_S` of a lap mark replaced by it; the other marks added."""
    if not len(marks):
        return bounds
    inner = bounds[1:-1]
    near = np.abs(inner[:, None] - marks[None, :]).min(axis=1) <= LAP_SNAP_S if len(inner) else []
    kept = inner[~np.asarray(near, dtype=bool)] if len(inner) else inner
    return np.unique(np.r_[bounds[0], kept, marks, bounds[-1]])


# --- kinds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Levels:
    """Effort levels of a run (m/s): easy ``base``, ``fast`` (bout candidates), ``rep`` (hard).

    ``base`` is the :data:`BASE_QUANTILE` quantile of the effort over the first
    :data:`BASE_WINDOW_S` of moving time (after :data:`BASE_SKIP_S`): runs start
    easy (a warm-up, the first minutes of an easy or long run). ``fast`` is
    ``(1 + contrast) x base`` and ``rep`` is ``(1 + REP_CONTRAST) x base``.
    """

    base: float
    fast: float
    rep: float


def _levels(x: Array, contrast: float) -> Levels:
    """The :class:`Levels` of the moving-time effort ``x``."""
    if not len(x):
        return Levels(float("nan"), float("nan"), float("nan"))
    skip = BASE_SKIP_S if len(x) > 2 * BASE_SKIP_S else 0
    start = x[skip : skip + BASE_WINDOW_S]
    base = float(np.quantile(start, BASE_QUANTILE))
    if base <= 0:
        return Levels(base, float("nan"), float("nan"))
    return Levels(base, (1 + contrast) * base, (1 + REP_CONTRAST) * base)


def _bouts(
    x: Array, bounds: Index, levels: Levels, min_work_s: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Work and stride flags of the moving-time segments.

    A bout is a run of contiguous segments at or above ``levels.fast``. If its
    mean reaches ``levels.rep`` it is trimmed to its segments that do and is work
    if it then lasts ``min_work_s``; otherwise it is work if
    it lasts :data:`LONG_BOUT_S` and is a block (see ``_is_block``); a
    bout reaching ``levels.rep`` but shorter than ``min_work_s`` is a stride.
    """
    means, sizes = _segment_means(x, bounds), np.diff(bounds)
    n = len(means)
    work, stride = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if not np.isfinite(levels.fast):
        return work, stride
    edges = np.diff(np.r_[0, (means >= levels.fast).astype(np.int8), 0])
    for i, j in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        seconds = sizes[i:j].sum()
        mean = float(np.sum(means[i:j] * sizes[i:j]) / seconds)
        if mean >= levels.rep:
            strong = np.flatnonzero(means[i:j] >= levels.rep) + i
            i, j = strong[0], strong[-1] + 1  # slower ends belong to the warm-up / recovery
            seconds = sizes[i:j].sum()
            work[i:j] = seconds >= min_work_s
            stride[i:j] = seconds < min_work_s
        elif seconds >= LONG_BOUT_S and _is_block(x, bounds, i, j, levels):
            work[i:j] = True
    return work, stride


def _is_block(x: Array, bounds: Index, i: int, j: int, levels: Levels) -> bool:
    """Whether a long moderate bout (segments ``i:j``) is a block run at a new pace.

    Its ends must be sustained steps: the medians of the :data:`BLOCK_WINDOW_S`
    either side of each inner end differ by at least ``levels.fast - levels.base``
    (a wander of the pace does not hold that long), and it must not be a ramp.
    """
    ends = np.array([e for e in (bounds[i], bounds[j]) if 0 < e < len(x)], dtype=np.intp)
    if not len(ends):
        return False
    steps = _local_steps(x, ends, BLOCK_WINDOW_S) * np.where(ends == bounds[i], 1.0, -1.0)
    return bool(np.all(steps >= levels.fast - levels.base) and not _is_ramp(x, bounds, i, j))


def _is_ramp(x: Array, bounds: Index, i: int, j: int) -> bool:
    """Whether segments ``i:j`` and their slower neighbour fit a line as well as a step.

    A progression cut in two is a ramp; a tempo block after a warm-up is a step.
    The neighbour is the segment before the bout, else the one after; a bout
    with neither is the whole run (a ramp).
    """
    if i > 0:
        lo, mid, hi = bounds[i - 1], bounds[i], bounds[j]
    elif j < len(bounds) - 1:
        lo, mid, hi = bounds[i], bounds[j], bounds[j + 1]
    else:
        return True
    y = x[lo:hi]
    t = np.arange(len(y), dtype="float64")
    step = np.where(t < mid - lo, y[: mid - lo].mean(), y[mid - lo :].mean())
    line = np.polyval(np.polyfit(t, y, 1), t)
    return bool(np.sum((y - line) ** 2) <= np.sum((y - step) ** 2))


def _kinds(
    work: NDArray[np.bool_], strides: NDArray[np.bool_], seconds: Array, min_work_s: float
) -> tuple[NDArray[np.object_], NDArray[np.bool_]]:
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
    bounds: Index, kinds: NDArray[np.object_], strides: NDArray[np.bool_]
) -> tuple[Index, NDArray[np.object_], NDArray[np.bool_]]:
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
