"""The daily-load series every history-level load metric takes, and its checks.

A daily load is a pandas Series of non-negative, finite loads (TRIMP, hrTSS,
rTSS, session RPE x minutes, ...) on *consecutive* calendar days: a
``DatetimeIndex`` of midnights (naive, or tz-aware in the athlete's local time
zone, so weeks and days are cut where the athlete lives), one row per day,
rest days present with load 0. Gaps, duplicates, unsorted days, times other
than midnight and NaN are refused with a ``ValueError`` saying what is wrong,
because a silently skipped day would shift every time constant.

Anything with a ``daily_load()`` method (a :class:`~runlytics.history.History`)
is accepted too: its default daily load is used.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd


@runtime_checkable
class HasDailyLoad(Protocol):
    """What gives a daily load: a History (its ``daily_load()`` on every local day)."""

    def daily_load(self) -> pd.Series: ...


DailyLoad = pd.Series | HasDailyLoad


def check_daily_load(daily_load: DailyLoad, *, name: str = "daily_load") -> pd.Series:
    """``daily_load`` (or a History's daily load) as float64, checked to be on consecutive days.

    Raises ``ValueError`` (``TypeError`` for a non-Series) naming the first
    offending day.
    """
    if isinstance(daily_load, HasDailyLoad):
        daily_load = daily_load.daily_load()
    if not isinstance(daily_load, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by day, not {type(daily_load)}")
    if daily_load.empty:
        raise ValueError(f"{name} is empty: at least one day of load is needed")
    index = daily_load.index
    if not isinstance(index, pd.DatetimeIndex):
        raise ValueError(f"{name} must have a DatetimeIndex of days, not {type(index).__name__}")
    wall = index.tz_localize(None) if index.tz is not None else index
    not_midnight = wall != wall.normalize()
    if not_midnight.any():
        raise ValueError(
            f"{name} must be indexed by days (midnights); {index[not_midnight][0]} is not"
        )
    days = wall.to_numpy().astype("datetime64[D]").astype(np.int64)
    one_day = np.diff(days) == 1
    if not one_day.all():
        i = int(np.argmin(one_day))
        raise ValueError(
            f"{name} must be on consecutive days (rest days as 0): "
            f"{wall[i].date()} is followed by {wall[i + 1].date()}"
        )
    values = pd.to_numeric(daily_load, errors="coerce").astype("float64")
    bad = ~np.isfinite(values.to_numpy()) | (values.to_numpy() < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} must be finite and >= 0 on every day (a rest day is 0): "
            f"{index[i].date()} has {daily_load.iloc[i]!r}"
        )
    return values
