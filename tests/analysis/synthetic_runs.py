"""Synthetic activities with known answers for the analysis tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.activity import Activity, build_laps, build_records, build_session, utc_index

START = pd.Timestamp("2024-03-10T07:00:00Z")


def synthetic(
    t_s: object,
    *,
    timer_running: object | None = None,
    extra: dict[str, object] | None = None,
    start: pd.Timestamp = START,
    **channels: object,
) -> Activity:
    """An activity from sample times (s after ``start``) and canonical channels."""
    t = np.asarray(t_s, dtype="float64")
    index = utc_index(start.value / 1e9 + t)
    records = build_records(index, channels, timer_running=timer_running, extra=extra)
    session = build_session(records, format="synthetic", source="synthetic", sport="running")
    return Activity(records, build_laps(records), session)


def steady_run(
    seconds: int = 3600, speed: float = 3.0, hr: object | None = None, **channels: object
) -> Activity:
    """1 Hz run at constant ``speed`` with distance and speed channels (and ``hr`` if given)."""
    t = np.arange(seconds + 1, dtype="float64")
    if hr is not None:
        channels["heart_rate_bpm"] = np.broadcast_to(np.asarray(hr, dtype="float64"), t.shape)
    return synthetic(t, distance_m=speed * t, speed_mps=np.full(t.shape, speed), **channels)
