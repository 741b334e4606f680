"""splits() and pace_fade(): exact boundaries, time-weighting, partial split, fade sign, gates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.analysis.pacing import SPLIT_COLUMNS, pace_fade, splits
from tests.analysis.synthetic_runs import START, steady_run, synthetic


def test_splits_of_a_steady_run_with_partial_last() -> None:
    s = splits(steady_run(1375, speed=4.0, hr=150.0))  # 5.5 km at 4 m/s
    assert list(s.columns) == list(SPLIT_COLUMNS)
    assert s.index.tolist() == [1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose(s["distance_m"], [1000] * 5 + [500])
    np.testing.assert_allclose(s["elapsed_s"], [250] * 5 + [125])
    np.testing.assert_allclose(s["moving_s"], s["elapsed_s"])
    np.testing.assert_allclose(s["speed_mps"], 4.0)
    np.testing.assert_allclose(s["pace_s_per_km"], 250.0)
    np.testing.assert_allclose(s["avg_hr_bpm"], 150.0)
    assert s["partial"].tolist() == [False] * 5 + [True]
    assert s["start"].iloc[1] == START + pd.Timedelta(seconds=250)
    assert s["end"].iloc[-1] == START + pd.Timedelta(seconds=1375)


def test_split_boundaries_interpolated_between_samples() -> None:
    # 3 m/s: 1000 m is crossed at 333.33 s, between two 1 Hz rows.
    s = splits(steady_run(1000, speed=3.0), every_m=1000)
    assert s["elapsed_s"].iloc[0] == pytest.approx(1000 / 3)
    assert len(s) == 3 and s["partial"].tolist() == [False, False, False]


def test_split_with_a_pause_and_a_hill() -> None:
    # 2 km at 4 m/s; timer stopped 300 s at 1500 m; second km climbs 20 m.
    t = np.concatenate((np.arange(0, 376.0), np.arange(675, 801.0)))
    d = np.where(t <= 375, 4 * t, 1500 + 4 * (t - 675))
    altitude = np.clip(d - 1000, 0, 1000) * 0.02
    a = synthetic(t, distance_m=d, altitude_m=altitude, timer_running=t != 675)
    s = splits(a)
    assert s["elapsed_s"].tolist() == pytest.approx([250, 550])
    assert s["moving_s"].tolist() == pytest.approx([250, 250])
    assert s["speed_mps"].tolist() == pytest.approx([4.0, 4.0])
    assert s["elevation_gain_m"].iloc[1] == pytest.approx(20, abs=0.5)
    assert s["elevation_gain_m"].sum() == pytest.approx(20, abs=0.2)  # smoothing rounds the ends
    assert s["gap_speed_mps"].iloc[1] > s["gap_speed_mps"].iloc[0]


def test_splits_time_weighted_on_irregular_samples() -> None:
    rng = np.random.default_rng(5)
    t = np.concatenate(([0.0], np.cumsum(rng.integers(1, 8, 500))))
    s = splits(synthetic(t, distance_m=3.5 * t), every_m=500)
    np.testing.assert_allclose(s["speed_mps"], 3.5)
    np.testing.assert_allclose(s["elapsed_s"].iloc[:-1], 500 / 3.5)


def test_no_distance_no_splits() -> None:
    t = np.arange(600.0)
    s = splits(synthetic(t, heart_rate_bpm=np.full(t.size, 120.0)))
    assert s.empty and list(s.columns) == list(SPLIT_COLUMNS)


def test_fade_of_a_positive_split() -> None:
    # 5 km at 4 m/s then 5 km at 3.6 m/s: 10 % fade.
    t = np.arange(0, 1250 + 1389.0)
    speed = np.where(t <= 1250, 4.0, 3.6)
    d = np.cumsum(np.concatenate(([0.0], speed[1:])))
    result = pace_fade(synthetic(t, distance_m=d, speed_mps=speed))
    assert result.first_half_speed_mps == pytest.approx(4.0, abs=0.01)
    assert result.second_half_speed_mps == pytest.approx(3.6, abs=0.01)
    assert result.fade_pct == pytest.approx(10, abs=0.3)
    assert result.slope_mps_per_km < 0
    assert result.steady


def test_fade_slope_of_a_linear_decline() -> None:
    # Speed falls 0.05 m/s per km from 4 m/s over 10 km: v(d) = 4 - 0.05 d_km.
    d = np.linspace(0, 10_000, 20_001)
    v = 4 - 0.05 * d / 1000
    t = np.concatenate(([0.0], np.cumsum(np.diff(d) / ((v[1:] + v[:-1]) / 2))))
    result = pace_fade(synthetic(t, distance_m=d))
    assert result.slope_mps_per_km == pytest.approx(-0.05, rel=0.02)
    assert result.fade_pct == pytest.approx(
        100 * 0.25 / 3.875, rel=0.05
    )  # halves at ~3.875, 3.625 m/s


def test_negative_split_is_negative() -> None:
    t = np.arange(2401.0)
    speed = np.where(t <= 1200, 3.0, 3.3)
    d = np.cumsum(np.concatenate(([0.0], speed[1:])))
    assert pace_fade(synthetic(t, distance_m=d, speed_mps=speed)).fade_pct < 0


def test_fade_gates() -> None:
    short = pace_fade(steady_run(600, 3.0))
    assert not short.steady and "10 min of moving time" in short.reason
    t = np.arange(3601.0)
    speed = np.where((t // 120) % 2 == 0, 5.0, 2.0)
    d = np.cumsum(np.concatenate(([0.0], speed[1:])))
    reps = pace_fade(synthetic(t, distance_m=d, speed_mps=speed))
    assert not reps.steady and "not a continuous effort" in reps.reason
