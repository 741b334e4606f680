"""Splits and pace fade.

* :func:`splits`: one row per ``every_m`` of distance. Boundaries are placed at
  the exact (interpolated) time the distance crosses each multiple, and every
  quantity is a time-weighted integral between boundaries: elapsed and moving
  seconds, speed = distance / moving time, GAP speed and HR = time-weighted
  means (GAP over moving time, HR over non-paused time), elevation gain/loss
  from the smoothed altitude. The last, partial split is kept and flagged.
* :func:`pace_fade`: the run after an optional warm-up is cut at half its
  distance::

      fade_pct = 100 * (v_first - v_second) / v_first

  with ``v`` the time-weighted mean GAP speed (or speed) over moving time in
  each half. **Positive = the second half was slower** (the run faded);
  negative = a negative split. The trend is the Theil–Sen slope (Sen 1968,
  robust to a few outliers) of 100-m mean speeds against distance, in (m/s)
  per km: **negative = slowing down**. Gated like decoupling: ``steady`` is
  False with a ``reason`` when there are fewer than 15 min of moving time or
  the CV of 1-min mean speeds exceeds 15 % (intervals, fartlek).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.memo import per_activity
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.metrics.steadiness import block_cv, moving_clock, weighted_mean

SPLIT_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "speed_mps",
    "pace_s_per_km",
    "gap_speed_mps",
    "avg_hr_bpm",
    "elevation_gain_m",
    "elevation_loss_m",
    "partial",
)


def _cumulative(values: NDArray[np.float64], weight: NDArray[np.float64]) -> NDArray[np.float64]:
    """Running sum of ``values * weight`` (missing values add nothing)."""
    return np.cumsum(np.where(np.isfinite(values) & (weight > 0), values * weight, 0.0))


def _crossings(distance: NDArray[np.float64], marks: NDArray[np.float64]) -> NDArray[np.float64]:
    """Fractional row position where a non-decreasing ``distance`` first reaches each mark."""
    i = np.clip(np.searchsorted(distance, marks, side="left"), 1, len(distance) - 1)
    step = distance[i] - distance[i - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(step > 0, (marks - distance[i - 1]) / step, 1.0)
    return i - 1 + np.clip(frac, 0.0, 1.0)


def splits(activity: Activity, every_m: float = 1000.0) -> pd.DataFrame:
    """One row per ``every_m`` metres (the last may be partial: flagged), indexed from 1.

    Columns: :data:`SPLIT_COLUMNS`. Empty if the activity has no distance.
    """
    if not every_m > 0:
        raise ValueError("every_m must be positive")
    records = ensure_prepared(activity).records
    distance = records["distance_m"].to_numpy()
    if len(records) < 2 or not np.isfinite(distance).all() or distance[-1] <= distance[0]:
        return pd.DataFrame(columns=list(SPLIT_COLUMNS), index=pd.RangeIndex(1, 1, name="split"))
    dt = interval_seconds(records)
    moving = np.where(records["moving"].to_numpy(), dt, 0.0)
    active = np.where(records["paused"].to_numpy(), 0.0, dt)
    gap_speed = records["gap_speed_mps"].to_numpy()
    hr = records["heart_rate_bpm"].to_numpy()
    climb = np.diff(records["altitude_smooth_m"].to_numpy(), prepend=np.nan)
    sums = {
        "elapsed": np.cumsum(dt),
        "moving": np.cumsum(moving),
        "gap": _cumulative(gap_speed, moving),
        "gap_t": _cumulative(np.where(np.isfinite(gap_speed), 1.0, np.nan), moving),
        "hr": _cumulative(hr, active),
        "hr_t": _cumulative(np.where(np.isfinite(hr), 1.0, np.nan), active),
        "gain": _cumulative(np.maximum(climb, 0.0), dt),
        "loss": _cumulative(np.maximum(-climb, 0.0), dt),
    }
    total = distance[-1] - distance[0]
    inner = distance[0] + every_m * np.arange(1, int(np.ceil(total / every_m - 1e-9)))
    pos = np.concatenate(([0.0], _crossings(distance, inner), [len(distance) - 1.0]))
    rows = np.arange(len(distance), dtype="float64")
    at = {name: np.diff(np.interp(pos, rows, c)) for name, c in sums.items()}
    start_ns = pd.DatetimeIndex(records.index).asi8[0]
    times = pd.to_datetime(
        start_ns + np.round(np.interp(pos, rows, sums["elapsed"]) * 1e9), utc=True
    )
    lengths = np.diff(np.concatenate(([distance[0]], inner, [distance[-1]])))
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = np.where(at["moving"] > 0, lengths / at["moving"], np.nan)
        frame = pd.DataFrame(
            {
                "start": times[:-1],
                "end": times[1:],
                "distance_m": lengths,
                "elapsed_s": at["elapsed"],
                "moving_s": at["moving"],
                "speed_mps": speed,
                "pace_s_per_km": 1000.0 / speed,
                "gap_speed_mps": at["gap"] / at["gap_t"],
                "avg_hr_bpm": at["hr"] / at["hr_t"],
                "elevation_gain_m": at["gain"],
                "elevation_loss_m": at["loss"],
                "partial": lengths < every_m - 1e-6,
            },
            index=pd.RangeIndex(1, len(lengths) + 1, name="split"),
        )
    return frame


@dataclass(frozen=True)
class PaceFadeResult:
    """Pace fade of one run: half-to-half change and trend, with the steadiness verdict.

    ``fade_pct`` > 0: second half slower. ``slope_mps_per_km`` < 0: slowing.
    ``steady`` False with a ``reason`` (empty when steady) when a gate fails;
    the numbers are computed whenever possible.
    """

    first_half_speed_mps: float
    second_half_speed_mps: float
    fade_pct: float
    slope_mps_per_km: float
    duration_s: float
    speed_cv: float
    steady: bool
    reason: str


def pace_fade(
    activity: Activity,
    *,
    warmup_s: float = 0.0,
    min_duration_s: float = 900.0,
    max_speed_cv: float = 0.15,
    use_gap: bool = True,
    bin_m: float = 100.0,
    block_s: float = 60.0,
) -> PaceFadeResult:
    """Second-half vs first-half speed change (%) and speed-vs-distance trend of a run.

    Halves are cut at half the distance covered after the first ``warmup_s``
    of moving time; only moving samples count. See the module docstring for
    signs and gates. Accepts a raw or prepared activity.
    """
    records = ensure_prepared(activity).records
    dt = interval_seconds(records)
    moving = records["moving"].to_numpy()
    clock = moving_clock(moving, dt) - warmup_s
    rows = moving & (clock > 0)
    speed = records["gap_speed_mps" if use_gap else "speed_mps"].to_numpy()
    distance = records["distance_m"].to_numpy()
    duration = float(dt[rows].sum())
    nan = float("nan")
    v1 = v2 = slope = cv = nan
    if rows.any() and np.isfinite(distance[rows]).all():
        d = distance[rows] - distance[rows][0]
        first = d <= d[-1] / 2
        v1 = weighted_mean(speed[rows][first], dt[rows][first])
        v2 = weighted_mean(speed[rows][~first], dt[rows][~first])
        slope = _trend(d, speed[rows], dt[rows], bin_m)
        cv = block_cv(speed[rows], clock[rows], dt[rows], block_s)
    reasons = []
    if duration < min_duration_s:
        reasons.append(
            f"{duration / 60:.0f} min of moving time after the warm-up, "
            f"fewer than {min_duration_s / 60:g}"
        )
    if not cv <= max_speed_cv:
        reasons.append(
            "too little speed and distance data to judge steadiness"
            if np.isnan(cv)
            else f"not a continuous effort (CV of {block_s:g}-s mean speeds {cv:.1%} > "
            f"{max_speed_cv:.0%})"
        )
    return PaceFadeResult(
        first_half_speed_mps=v1,
        second_half_speed_mps=v2,
        fade_pct=100.0 * (v1 - v2) / v1,
        slope_mps_per_km=slope,
        duration_s=duration,
        speed_cv=cv,
        steady=not reasons,
        reason="; ".join(reasons),
    )


@per_activity
def pace_fade_of(prepared: PreparedActivity) -> PaceFadeResult:
    """:func:`pace_fade` with its default gates, remembered."""
    return pace_fade(prepared)


def _trend(
    distance_m: NDArray[np.float64],
    speed: NDArray[np.float64],
    dt: NDArray[np.float64],
    bin_m: float,
) -> float:
    """Theil–Sen slope of ``bin_m`` mean speeds vs bin-centre distance, in (m/s)/km."""
    w = np.where(np.isfinite(speed), dt, 0.0)
    b = np.floor(distance_m / bin_m).astype(np.intp)
    seconds = np.bincount(b, weights=w)
    sums = np.bincount(b, weights=np.where(w > 0, speed, 0.0) * w)
    full = seconds > 0
    if full.sum() < 3:
        return float("nan")
    centre_km = (np.flatnonzero(full) + 0.5) * bin_m / 1000.0
    from scipy.stats import theilslopes  # lazy: keeps `import runlytics` fast
    return float(theilslopes(sums[full] / seconds[full], centre_km).slope)
