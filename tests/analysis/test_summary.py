"""summarize(): SI values named with units, time-weighted, athlete-dependent loads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.analysis.prepare import prepare
from runlytics.analysis.summary import summarize
from runlytics.athlete import Athlete
from tests.analysis.synthetic_runs import steady_run, synthetic

ATHLETE = Athlete(sex="male", hr_max=200, hr_rest=50, hr_threshold=170, threshold_speed_mps=4.0)


def test_summary_of_a_steady_hour() -> None:
    s = summarize(steady_run(3600, 3.0, hr=125.0), ATHLETE)
    assert s.dtype == np.float64
    assert s["distance_m"] == pytest.approx(10800)
    assert s["elapsed_s"] == s["timer_s"] == s["moving_s"] == 3600
    assert s["avg_speed_mps"] == pytest.approx(3.0)
    assert s["avg_pace_s_per_km"] == pytest.approx(1000 / 3)
    assert s["avg_gap_speed_mps"] == pytest.approx(3.0)
    assert s["avg_hr_bpm"] == 125 and s["max_hr_bpm"] == 125 and s["hr_coverage"] == 1
    # 125 bpm = 50 % HRR: zone 1 (< 60 % HRR) for the whole hour.
    assert s["time_in_zone_1_s"] == 3600 and s["time_in_zone_2_s"] == 0
    assert s["trimp_banister"] == pytest.approx(60 * 0.5 * 0.64 * np.exp(0.96))
    assert s["trimp_edwards"] == pytest.approx(60 * 2)  # 62.5 % HRmax: weight 2
    assert s["rtss"] == pytest.approx(100 * 0.75**2)
    assert s["ef"] == pytest.approx(180 / 125)
    assert s["decoupling_pct"] == pytest.approx(0, abs=1e-9)
    assert s["pace_fade_pct"] == pytest.approx(0, abs=1e-9)
    assert s["elevation_gain_m"] == 0


def test_female_trimp_is_explicit() -> None:
    run = steady_run(3600, 3.0, hr=125.0)
    female = Athlete(sex="female", hr_max=200, hr_rest=50)
    assert summarize(run, female)["trimp_banister"] == pytest.approx(
        60 * 0.5 * 0.86 * np.exp(1.67 * 0.5)
    )
    assert np.isnan(summarize(run, Athlete(hr_max=200, hr_rest=50))["trimp_banister"])  # no sex


def test_hrtss_hour_at_threshold() -> None:
    assert summarize(steady_run(3600, 3.0, hr=170.0), ATHLETE)["hrtss"] == pytest.approx(100)


def test_pauses_split_elapsed_timer_moving() -> None:
    # 20 min running, 5 min timer stop, 10 min standing with the timer on, 20 min running.
    t = np.arange(3301.0)
    stopped = (t > 1200) & (t <= 1500)
    standing = (t > 1500) & (t <= 2100)
    speed = np.where(stopped | standing, 0.0, 3.0)
    d = np.cumsum(np.concatenate(([0.0], speed[1:])))
    hr = np.where(standing, 100.0, 150.0)
    s = summarize(
        synthetic(t, distance_m=d, speed_mps=speed, heart_rate_bpm=hr, timer_running=~stopped),
        ATHLETE,
    )
    assert s["elapsed_s"] == 3300
    assert s["timer_s"] == 3000
    assert s["moving_s"] == 2400
    assert s["distance_m"] == pytest.approx(7200)
    assert s["avg_speed_mps"] == pytest.approx(3.0)
    # HR over active time (standing counted, timer stop not): (2400*150 + 600*100) / 3000.
    assert s["avg_hr_bpm"] == pytest.approx(140)
    assert s[[f"time_in_zone_{z}_s" for z in range(1, 6)]].sum() == 3000


def test_no_athlete_no_hr_no_gps() -> None:
    s = summarize(steady_run(1800, 3.0))
    for name in (
        "avg_hr_bpm",
        "time_in_zone_1_s",
        "trimp_banister",
        "hrtss",
        "rtss",
        "ef",
        "decoupling_pct",
    ):
        assert np.isnan(s[name]), name
    assert s["hr_coverage"] == 0
    assert s["distance_m"] == pytest.approx(5400)
    assert np.isnan(summarize(steady_run(1800, 3.0, hr=140.0))["trimp_banister"])


def test_raw_and_prepared_give_the_same_summary() -> None:
    rng = np.random.default_rng(6)
    t = np.concatenate(([0.0], np.cumsum(rng.integers(1, 6, 900))))
    a = synthetic(
        t,
        distance_m=3.1 * t,
        heart_rate_bpm=rng.normal(150, 4, t.size),
        altitude_m=50 + 10 * np.sin(t / 300),
    )
    pd.testing.assert_series_equal(summarize(a, ATHLETE), summarize(prepare(a), ATHLETE))


def test_dated_athlete_values_follow_the_activity_date() -> None:
    run = steady_run(3600, 3.0, hr=150.0)  # 2024-03-10
    before = Athlete(sex="male", hr_max=200, hr_rest=[("2024-01-01", 50), ("2024-03-11", 60)])
    after = Athlete(sex="male", hr_max=200, hr_rest=[("2024-01-01", 50), ("2024-03-10", 60)])
    assert summarize(run, before)["trimp_banister"] > summarize(run, after)["trimp_banister"]


def test_hrmax_zone_model() -> None:
    s = summarize(steady_run(600, 3.0, hr=150.0), Athlete(hr_max=200), zone_model="hrmax")
    assert s["time_in_zone_3_s"] == 600  # 75 % HRmax
    assert np.isnan(
        summarize(steady_run(600, 3.0, hr=150.0), Athlete(hr_max=200))["time_in_zone_1_s"]
    )
