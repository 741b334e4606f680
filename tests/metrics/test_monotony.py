"""Foster monotony and strain by calendar week."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from runlytics.metrics.monotony import monotony_strain


def daily(values: list[float] | np.ndarray, start: str = "2026-01-05") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def test_foster_formula_on_a_week_by_hand() -> None:
    # Foster 1998: monotony = mean / SD of the 7 daily loads (rest days 0),
    # strain = weekly load x monotony. 2026-01-05 is a Monday.
    week = [300.0, 0.0, 450.0, 240.0, 600.0, 0.0, 750.0]
    out = monotony_strain(daily(week))
    mean, sd = np.mean(week), np.std(week, ddof=1)
    assert out["load"].iloc[0] == pytest.approx(2340.0)
    assert out["monotony"].iloc[0] == pytest.approx(mean / sd)
    assert out["strain"].iloc[0] == pytest.approx(2340.0 * mean / sd)
    assert out.index[0] == pd.Timestamp("2026-01-05")
    population = monotony_strain(daily(week), ddof=0)
    assert population["monotony"].iloc[0] == pytest.approx(mean / np.std(week))


def test_one_session_a_week() -> None:
    # One session among seven days: mean/SD = 1/sqrt(7) (sample SD) or 1/sqrt(6)
    # (population SD; Runalyze's "lowest value" 1/(1+sqrt 6) of its mean/(SD+mean) variant).
    week = [0.0, 0.0, 500.0, 0.0, 0.0, 0.0, 0.0]
    assert monotony_strain(daily(week))["monotony"].iloc[0] == pytest.approx(1 / math.sqrt(7))
    assert monotony_strain(daily(week), ddof=0)["monotony"].iloc[0] == pytest.approx(
        1 / math.sqrt(6)
    )


def test_calendar_weeks_partial_edges_and_degenerate_weeks() -> None:
    # Starts on Wednesday 2026-01-07: the first and last weeks are partial (days < 7).
    first = [100.0] * 5  # Wed-Sun
    second = [50.0, 0.0, 50.0, 0.0, 50.0, 0.0, 50.0]  # Mon 12 - Sun 18
    third = [0.0] * 7  # a week of rest
    last = [10.0] * 3  # Mon-Wed
    load = daily(first + second + third + last, "2026-01-07")
    out = monotony_strain(load)
    weeks = pd.to_datetime(["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"])
    assert list(out.index) == list(weeks)
    assert out["days"].tolist() == [5, 7, 7, 3]
    assert out["load"].tolist() == [500.0, 200.0, 0.0, 30.0]
    assert np.isnan(out["monotony"].iloc[0]) and np.isnan(out["monotony"].iloc[3])
    # 4 x 50 and 3 x 0, worked out by numpy:
    assert out["monotony"].iloc[1] == pytest.approx(np.mean(second) / np.std(second, ddof=1))
    assert out["strain"].iloc[1] == pytest.approx(200.0 * out["monotony"].iloc[1])
    # A week of rest: monotony and strain undefined (NaN), load 0.
    assert np.isnan(out["monotony"].iloc[2]) and np.isnan(out["strain"].iloc[2])
    # The same load every day: SD 0, monotony and strain infinite.
    flat = monotony_strain(daily(np.full(7, 60.0)))
    assert math.isinf(flat["monotony"].iloc[0]) and math.isinf(flat["strain"].iloc[0])


def test_weeks_are_local_calendar_weeks() -> None:
    idx = pd.date_range("2026-03-23", periods=14, freq="D", tz="Europe/Paris")  # DST on 29 Mar
    out = monotony_strain(pd.Series(np.arange(14.0), index=idx))
    assert out["days"].tolist() == [7, 7]
    assert out.index[1] == pd.Timestamp("2026-03-30", tz="Europe/Paris")


def test_bad_ddof() -> None:
    with pytest.raises(ValueError, match="ddof"):
        monotony_strain(daily(np.ones(7)), ddof=2)
