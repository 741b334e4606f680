"""The one canonical-schema assertion every test of an Activity uses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.activity import LAP_COLUMNS, RECORD_CHANNELS, RECORD_COLUMNS, Activity


def assert_canonical(activity: Activity) -> None:
    """``activity`` has the canonical records and laps (columns, dtypes, UTC index, laps)."""
    records = activity.records
    assert tuple(records.columns[: len(RECORD_COLUMNS)]) == RECORD_COLUMNS
    assert all(records[c].dtype == np.float64 for c in RECORD_CHANNELS)
    assert records["lap"].dtype == np.int64 and records["timer_running"].dtype == bool
    assert isinstance(records.index, pd.DatetimeIndex)
    assert str(records.index.tz) == "UTC" and records.index.name == "timestamp"
    assert records.index.is_monotonic_increasing and records.index.is_unique
    assert tuple(activity.laps.columns) == LAP_COLUMNS
    assert set(records["lap"].unique()) <= set(range(max(len(activity.laps), 1)))
