"""Small synthetic activities frames for unit tests of the history functions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

import runlytics as rl
from runlytics.metrics.vdot import speed_at_vo2

#: The athlete of the synthetic frames.
ATHLETE = rl.Athlete(sex="male", hr_max=190, hr_rest=50)


def activities(
    days: Sequence[str | pd.Timestamp],
    *,
    distance_m: float | Sequence[float] = 10000.0,
    moving_s: float | Sequence[float] = 3000.0,
    label: str | Sequence[str] = "easy",
    sport: str | Sequence[str] = "running",
    trimp: float | Sequence[float] = 60.0,
    **columns: float | Sequence[float] | Sequence[str],
) -> pd.DataFrame:
    """An activities frame with one row per day given (the other columns constant or given)."""
    local = pd.DatetimeIndex(pd.to_datetime(list(days)))
    frame = pd.DataFrame(
        {
            "start_time": (local + pd.Timedelta(hours=7)).tz_localize("UTC"),
            "local_date": local,
            "sport": sport,
            "distance_m": distance_m,
            "moving_s": moving_s,
            "elapsed_s": moving_s,
            "label": label,
            "label_confidence": 0.9,
            "trimp": trimp,
            **columns,
        },
        index=pd.RangeIndex(1, len(local) + 1, name="activity_id"),
    )
    return frame


def every_day(start: str, end: str, *, skip: Sequence[tuple[str, str]] = ()) -> list[pd.Timestamp]:
    """Every day from ``start`` to ``end``, without the (first, last) ranges in ``skip``."""
    days = pd.date_range(start, end, freq="D")
    for first, last in skip:
        days = days[(days < first) | (days > last)]
    return list(days)


def steady_runs(
    days: Sequence[pd.Timestamp],
    vdot: float | Sequence[float],
    hrr: float = 0.65,
    **columns: object,
) -> pd.DataFrame:
    """Easy runs whose pace and heart rate imply ``vdot`` exactly (Swain's %HRR = %VO2R)."""
    vo2 = 3.5 + hrr * (np.asarray(vdot, dtype=float) - 3.5)
    speed = np.broadcast_to(speed_at_vo2(vo2), (len(days),))
    frame = activities(
        days,
        distance_m=speed * 3000.0,
        moving_s=3000.0,
        avg_heart_rate_bpm=50 + hrr * 140,
        avg_gap_speed_mps=speed,
        efficiency_factor=60 * speed / (50 + hrr * 140),
        decoupling_pct=2.0,
    )
    for name, value in columns.items():
        frame[name] = value
    return frame
