"""The checks every daily-load metric shares (runlytics.metrics.daily)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.metrics.daily import check_daily_load


def days(n: int, start: str = "2026-01-05", tz: str | None = None) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="D", tz=tz)


def test_accepts_consecutive_days_naive_and_local_across_dst() -> None:
    values = check_daily_load(pd.Series([1, 2, 0], index=days(3)))
    assert values.dtype == np.float64
    # 2026-03-29 is the European DST switch: local midnights are 23 h apart there.
    local = pd.Series(1.0, index=days(5, "2026-03-27", tz="Europe/Paris"))
    assert len(check_daily_load(local)) == 5


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (pd.Series([1.0, 2.0], index=days(3)[[0, 2]]), "consecutive days"),
        (pd.Series([1.0, 2.0], index=days(1).append(days(1))), "consecutive days"),
        (pd.Series([1.0, 2.0], index=days(2)[::-1]), "consecutive days"),
        (pd.Series([1.0, np.nan], index=days(2)), "finite"),
        (pd.Series([1.0, -3.0], index=days(2)), ">= 0"),
        (pd.Series([1.0], index=pd.DatetimeIndex(["2026-01-05 06:00"])), "midnights"),
        (pd.Series([1.0, 2.0]), "DatetimeIndex"),
        (pd.Series([], dtype=float, index=days(0)), "empty"),
    ],
)
def test_refuses_what_would_shift_the_time_constants(series: pd.Series, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_daily_load(series)


def test_refuses_non_series() -> None:
    with pytest.raises(TypeError, match="pandas Series"):
        check_daily_load([1.0, 2.0])  # type: ignore[arg-type]
