"""Plots (the only module that imports matplotlib).

:func:`plot_run` draws grade-adjusted pace, heart rate and elevation against
elapsed time, with the segments of :func:`~runlytics.analysis.segments.detect_segments`
shaded.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from runlytics.activity import Activity
from runlytics.analysis.prepare import ensure_prepared
from runlytics.analysis.segments import detect_segments
from runlytics.vocabulary import format_pace

#: Shading of segment kinds (work and recovery stand out; strides are hatched).
KIND_COLOURS = {
    "warmup": "#d9d9d9",
    "work": "#e4572e",
    "recovery": "#76b041",
    "cooldown": "#d9d9d9",
    "steady": "#ffffff",
}
#: Paces slower than this (s/km) are not drawn (stops would squash the axis).
SLOWEST_PACE_S_PER_KM = 720.0
#: Pace is smoothed with a centred moving average of this many seconds.
SMOOTH_S = 15


def plot_run(
    activity: Activity, segments: pd.DataFrame | None = None, ax: Axes | None = None
) -> Axes:
    """Grade-adjusted pace (inverted axis, min/km), heart rate and elevation against time.

    Segments (computed if not given) are shaded by kind; work segments carry
    their rep number. Heart rate and elevation get twin axes on the right.
    Returns the pace Axes.
    """
    prepared = ensure_prepared(activity)
    records = prepared.records
    if segments is None:
        segments = detect_segments(prepared)
    if ax is None:
        _, ax = plt.subplots(figsize=(12, 4))
    t0 = records.index[0]
    minutes = (records.index - t0).total_seconds().to_numpy() / 60.0
    pace = _pace(records)
    ax.plot(minutes, pace, color="#1f4e79", lw=1.0, label="GAP pace")
    fastest = float(np.nanmin(pace)) if np.isfinite(pace).any() else 180.0
    ax.set_ylim(SLOWEST_PACE_S_PER_KM, max(120.0, fastest - 15.0))
    ax.yaxis.set_major_formatter(FuncFormatter(_min_per_km))
    ax.set_ylabel("grade-adjusted pace (min/km)")
    ax.set_xlabel("elapsed time (min)")
    _shade(ax, segments, t0)
    hr = records["heart_rate_bpm"]
    if hr.notna().any():
        ax_hr = ax.twinx()
        ax_hr.plot(minutes, hr.to_numpy(), color="#c00000", lw=0.8, alpha=0.8, label="HR")
        ax_hr.set_ylabel("heart rate (bpm)", color="#c00000")
    altitude = records["altitude_smooth_m"]
    if altitude.notna().any():
        ax_alt = ax.twinx()
        ax_alt.spines["right"].set_position(("axes", 1.08))
        ax_alt.fill_between(minutes, altitude.to_numpy(), altitude.min(), color="0.6", alpha=0.2)
        ax_alt.set_ylabel("elevation (m)", color="0.4")
    ax.set_title(activity.session.source, fontsize=9)
    return ax


def _pace(records: pd.DataFrame) -> np.ndarray:
    """Smoothed grade-adjusted pace (s/km); NaN when stopped or slower than the axis."""
    speed = records["gap_speed_mps"].where(records["moving"])
    smooth = speed.rolling(SMOOTH_S, center=True, min_periods=1).mean().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = 1000.0 / smooth
    return np.where(pace <= SLOWEST_PACE_S_PER_KM, pace, np.nan)


def _min_per_km(seconds: float, _position: int) -> str:
    return format_pace(1000.0 / seconds, unit=False) if seconds > 0 else ""


def _shade(ax: Axes, segments: pd.DataFrame, t0: pd.Timestamp) -> None:
    """Spans per segment coloured by kind; rep numbers on work; strides hatched."""
    starts = (pd.DatetimeIndex(segments["start"]) - t0).total_seconds() / 60.0
    ends = (pd.DatetimeIndex(segments["end"]) - t0).total_seconds() / 60.0
    rows = zip(starts, ends, segments["kind"], segments["rep"], segments["stride"], strict=True)
    for a, b, kind, rep, stride in rows:
        colour = KIND_COLOURS.get(str(kind), "#ffffff")
        ax.axvspan(a, b, color=colour, alpha=0.35, lw=0, hatch="//" if stride else None)
        if kind == "work":
            ax.text((a + b) / 2, 0.97, str(rep), transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=7)  # fmt: skip
