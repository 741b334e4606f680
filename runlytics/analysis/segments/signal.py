"""The effort signal segments are found on: grade-adjusted or raw speed, on moving time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.ndimage import median_filter, uniform_filter1d

from runlytics.analysis.memo import per_activity
from runlytics.analysis.prepare import PreparedActivity
from runlytics.analysis.segments.levels import _roughness
from runlytics.analysis.segments.params import (
    GRADE_SPAN_M,
    HR_BAND_S,
    HR_CORRELATION_MARGIN,
    HR_LAG_S,
    PAUSE_KEEP_S,
    ROUGHNESS_RATIO,
    SMOOTH_S,
    Array,
    Index,
    Mask,
)
from runlytics.metrics.gap import MAX_GRADE, gap_speed


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


@per_activity
def signal_of(prepared: PreparedActivity) -> EffortSignal:
    """The effort signal of a prepared run, remembered."""
    return effort_signal(prepared.records)


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
    from scipy.signal import lfilter  # here: scipy.signal costs most of an import of runlytics

    a = np.exp(-1.0 / HR_LAG_S)
    lagged = lfilter([1.0 - a], [1.0, -a], effort, zi=[a * effort[0]])[0]
    filled = np.interp(np.arange(len(hr)), np.flatnonzero(ok), hr[ok])
    x = (lagged - uniform_filter1d(lagged, HR_BAND_S, mode="nearest"))[ok]
    y = (filled - uniform_filter1d(filled, HR_BAND_S, mode="nearest"))[ok]
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])

