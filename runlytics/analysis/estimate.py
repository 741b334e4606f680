"""Athlete parameters estimated from runs: HRmax, threshold HR and speed from best efforts.

Each returns an :class:`~runlytics.athlete.Estimate` with its source and date,
to feed back into an :class:`~runlytics.athlete.Athlete`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.prepare import ensure_prepared
from runlytics.athlete import CREDIBLE_HR_BPM, Estimate, local_date


def _credible_hr(records: pd.DataFrame) -> pd.Series:
    hr = records["heart_rate_bpm"]
    lo, hi = CREDIBLE_HR_BPM
    return hr.where((hr >= lo) & (hr <= hi))


def estimate_hr_max(activities: Iterable[Activity], *, window_s: int = 10) -> Estimate:
    """Highest credible HR: the highest ``window_s``-second centred median HR in the activities.

    The median ignores brief spikes (strap static, optical cadence lock);
    values outside :data:`CREDIBLE_HR_BPM` are dropped. It is a floor of the
    true HRmax unless one of the activities was a maximal effort.
    """
    best, best_day, count = -np.inf, None, 0
    for activity in activities:
        records = ensure_prepared(activity).records
        sustained = _credible_hr(records).rolling(window_s, center=True, min_periods=window_s)
        peak = sustained.median().max()
        count += 1
        if np.isfinite(peak) and peak > best:
            best, best_day = float(peak), local_date(activity)
    if best_day is None:
        raise ValueError("no activity with heart rate to estimate HRmax from")
    return Estimate(
        best,
        f"highest {window_s}-s median HR in {count} activities (a floor of HRmax)",
        best_day,
    )


@dataclass(frozen=True)
class BestEffort:
    """The fastest window of ``duration_s`` in an activity, by mean grade-adjusted speed.

    ``hr_bpm`` is the mean HR over the window's last two thirds (the last 20 min
    of a 30-min effort, as in Friel's threshold test), NaN if HR covers less
    than 80 % of it.
    """

    start: pd.Timestamp
    duration_s: float
    gap_speed_mps: float
    hr_bpm: float


def best_effort(activity: Activity, duration_s: float = 1800.0) -> BestEffort | None:
    """The fastest ``duration_s`` window (elapsed; stops count as 0 m/s); ``None`` if too short."""
    records = ensure_prepared(activity).records
    n = round(duration_s)
    if len(records) <= n:
        return None
    w = interval_seconds(records)
    moving = records["moving"].to_numpy()
    speed = np.where(moving, np.nan_to_num(records["gap_speed_mps"].to_numpy()), 0.0) * w
    total = np.concatenate(([0.0], np.cumsum(speed)))
    window = total[n + 1 :] - total[1:-n]  # rows i+1..i+n: the n seconds after row i
    i = int(np.argmax(window))
    tail = _credible_hr(records).to_numpy()[i + 1 + n // 3 : i + n + 1]
    hr = float(np.nanmean(tail)) if np.isfinite(tail).mean() >= 0.8 else float("nan")
    return BestEffort(records.index[i], float(n), float(window[i] / n), hr)


def _best_efforts(
    activities: Iterable[Activity], duration_s: float
) -> list[tuple[BestEffort, pd.Timestamp]]:
    found = []
    for activity in activities:
        effort = best_effort(activity, duration_s)
        if effort is not None:
            found.append((effort, local_date(activity)))
    return found


def estimate_threshold_hr(
    activities: Iterable[Activity], *, duration_s: float = 1800.0
) -> Estimate:
    """Threshold HR from the fastest ``duration_s`` effort with HR (Friel's 30-min test rule).

    The mean HR over the last 20 of the 30 minutes of the fastest 30-min window
    (by grade-adjusted speed) among the activities. Only as good as that effort
    was hard: a training run gives a low estimate.
    """
    efforts = [(e, d) for e, d in _best_efforts(activities, duration_s) if np.isfinite(e.hr_bpm)]
    if not efforts:
        raise ValueError(f"no activity has {duration_s / 60:g} min with heart rate")
    effort, day = max(efforts, key=lambda ed: ed[0].gap_speed_mps)
    return Estimate(
        effort.hr_bpm,
        f"mean HR over the last 2/3 of the fastest {duration_s / 60:g}-min effort (Friel)",
        day,
    )


def estimate_threshold_speed(
    activities: Iterable[Activity], *, duration_s: float = 1800.0
) -> Estimate:
    """Threshold speed (m/s): mean grade-adjusted speed of the fastest ``duration_s`` effort.

    Friel's functional threshold pace is the pace of a 30-min solo time trial;
    a training run gives a low estimate.
    """
    efforts = _best_efforts(activities, duration_s)
    if not efforts:
        raise ValueError(f"no activity lasts {duration_s / 60:g} min")
    effort, day = max(efforts, key=lambda ed: ed[0].gap_speed_mps)
    return Estimate(
        effort.gap_speed_mps,
        f"mean grade-adjusted speed of the fastest {duration_s / 60:g}-min effort (Friel)",
        day,
    )
