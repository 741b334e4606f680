"""best_efforts(): fastest distances and durations within a run, with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.analysis.best_efforts import (
    BEST_EFFORT_COLUMNS,
    DISTANCES_M,
    DURATIONS_S,
    best_efforts,
)
from tests.analysis.synthetic_runs import START, steady_run, synthetic


def test_steady_run_gives_its_speed_everywhere() -> None:
    frame = best_efforts(steady_run(3600, 3.0))
    assert list(frame.columns) == list(BEST_EFFORT_COLUMNS)
    assert list(frame.index) == [*DISTANCES_M, *DURATIONS_S]
    assert frame.loc["1 km", "time_s"] == pytest.approx(1000 / 3.0, abs=1e-6)
    assert frame.loc["5 km", "time_s"] == pytest.approx(5000 / 3.0, abs=1e-6)
    assert frame.loc["5 min", "distance_m"] == pytest.approx(900.0)
    assert frame.loc["60 min", "distance_m"] == pytest.approx(10800.0)
    # the flat run's grade-adjusted efforts are the raw ones
    assert frame.loc["1 km", "gap_time_s"] == pytest.approx(1000 / 3.0, rel=1e-6)
    # longer than the run: no effort
    assert np.isnan(frame.loc["half marathon", "time_s"])
    assert pd.isna(frame.loc["marathon", "start"])
    assert frame["start"].dt.tz is not None


def test_fast_block_is_found_with_its_start() -> None:
    t = np.arange(1801.0)
    speed = np.where((t > 600) & (t <= 700), 5.0, 3.0)  # 100 s at 5 m/s: 500 m
    distance = np.concatenate(([0.0], np.cumsum(speed[1:])))
    frame = best_efforts(synthetic(t, distance_m=distance, speed_mps=speed))
    assert frame.loc["400 m", "time_s"] == pytest.approx(80.0)
    assert frame.loc["400 m", "speed_mps"] == pytest.approx(5.0)
    assert START + pd.Timedelta(seconds=600) <= frame.loc["400 m", "start"]
    assert frame.loc["400 m", "start"] <= START + pd.Timedelta(seconds=620)
    # 2 min covers the whole 500 m block and 20 s at 3 m/s
    assert frame.loc["2 min", "distance_m"] == pytest.approx(560.0)


def test_a_timer_pause_does_not_make_an_effort_faster() -> None:
    # 1 km in 500 s at 2 m/s, a 10-min timer stop, then 1 km more at 2 m/s
    t = np.concatenate((np.arange(0, 501.0), np.arange(1100, 1601.0)))
    distance = np.concatenate((2.0 * np.arange(0, 501.0), 1000 + 2.0 * np.arange(0, 501.0)))
    timer = np.ones(t.size, dtype=bool)
    timer[501] = False  # the sample after the stop ends the paused interval
    a = synthetic(t, distance_m=distance, speed_mps=np.full(t.size, 2.0), timer_running=timer)
    frame = best_efforts(a)
    assert frame.loc["1 km", "time_s"] == pytest.approx(500.0, abs=1.5)
    assert frame.loc["12 min", "distance_m"] == pytest.approx(1440.0, abs=3.0)


def test_uphill_effort_is_faster_grade_adjusted() -> None:
    t = np.arange(1201.0)
    a = steady_run(1200, 3.0, altitude_m=0.05 * 3.0 * t)  # a steady 5 % climb
    frame = best_efforts(a)
    assert frame.loc["1 km", "gap_time_s"] < frame.loc["1 km", "time_s"] * 0.85
