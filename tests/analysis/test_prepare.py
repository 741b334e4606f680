"""prepare(): 1 Hz grid, gaps, pauses, spikes, grade, GAP, moving, idempotence, purity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.activity import RECORD_COLUMNS
from runlytics.analysis.prepare import (
    PREPARED_COLUMNS,
    PreparedActivity,
    PrepareParams,
    ensure_prepared,
    is_prepared,
    prepare,
)
from runlytics.metrics.gap import minetti_cost
from tests.analysis.synthetic_runs import steady_run, synthetic

EAST_DEG_PER_M = 1 / 111_195.0  # degrees of longitude per metre on the equator


def test_columns_dtypes_and_regular_utc_grid() -> None:
    p = prepare(steady_run(600, hr=150.0))
    r = p.records
    assert list(r.columns) == [*RECORD_COLUMNS, *PREPARED_COLUMNS]
    assert str(r.index.tz) == "UTC"
    assert (np.diff(r.index.asi8) == 1_000_000_000).all()
    for name in ("gap", "paused", "moving", "timer_running"):
        assert r[name].dtype == bool
    for name in ("grade", "altitude_smooth_m", "gap_speed_mps", "distance_m"):
        assert r[name].dtype == np.float64
    assert r["lap"].dtype == np.int64
    assert is_prepared(p) and not is_prepared(steady_run(60))


def test_smart_recording_gaps_become_flagged_1hz_rows() -> None:
    rng = np.random.default_rng(1)
    t = np.concatenate(([0.0], np.cumsum(rng.integers(1, 8, 400)))).astype(float)
    a = synthetic(t, distance_m=3.2 * t, heart_rate_bpm=140 + t / 100)
    r = prepare(a).records
    assert len(r) == int(t[-1]) + 1
    expected_gap = ~np.isin(np.arange(len(r)), t.astype(int))
    np.testing.assert_array_equal(r["gap"].to_numpy(), expected_gap)
    # Linear channels are reproduced exactly on every row, measured or interpolated.
    np.testing.assert_allclose(r["distance_m"], 3.2 * np.arange(len(r)))
    np.testing.assert_allclose(r["heart_rate_bpm"], 140 + np.arange(len(r)) / 100)
    np.testing.assert_allclose(r["speed_mps"], 3.2)
    assert r["moving"].all() and not r["paused"].any()


def test_time_weighting_not_sample_weighting() -> None:
    # 10 samples 1 s apart at 2 m/s, then 10 samples 6 s apart at 4 m/s.
    t = np.concatenate((np.arange(10.0), 9 + 6 * np.arange(1, 11)))
    speed = np.where(t <= 9, 2.0, 4.0)
    r = prepare(synthetic(t, speed_mps=speed)).records
    moving = r["moving"].to_numpy()[1:]
    mean = r["speed_mps"].to_numpy()[1:][moving].mean()
    # Per-sample averaging would give 3.0. Time-weighted: 9 s at 2 m/s, 5 s of the ramp
    # from 2 to 4 m/s (mean 3), 55 s at 4 m/s.
    assert mean == pytest.approx((9 * 2 + 5 * 3 + 55 * 4) / 69)


def test_timer_pause_is_paused_not_interpolated() -> None:
    t = np.concatenate((np.arange(0, 601.0), np.arange(900, 1501.0)))
    dist = np.where(t <= 600, 3.0 * t, 1800 + 3.0 * (t - 900))
    timer = t != 900  # the sample ending the stopped interval
    a = synthetic(
        t,
        distance_m=dist,
        speed_mps=np.full(t.size, 3.0),
        heart_rate_bpm=np.full(t.size, 150.0),
        timer_running=timer,
    )
    p = prepare(a)
    r = p.records
    inside = (r["elapsed_s"] > 600) & (r["elapsed_s"] <= 900)
    assert r.loc[inside, "paused"].all() and not r.loc[~inside, "paused"].any()
    assert not r.loc[inside, "moving"].any()
    assert r.loc[inside & r["gap"], "heart_rate_bpm"].isna().all()
    assert (r.loc[inside & r["gap"], "distance_m"] == 1800).all()  # held, not interpolated
    assert p.session.moving_s == 1200
    assert r["timer_running"].iloc[1:].sum() == 1200


def test_long_gap_without_movement_is_an_inferred_pause() -> None:
    # GPX-like: no timer events; a 120 s recording gap standing still.
    t = np.concatenate((np.arange(0, 301.0), np.arange(420, 721.0)))
    dist = np.where(t <= 300, 3.0 * t, 900 + 3.0 * (t - 420))
    p = prepare(synthetic(t, distance_m=dist))
    r = p.records
    inside = (r["elapsed_s"] > 300) & (r["elapsed_s"] <= 420)
    assert r.loc[inside, "paused"].all()
    assert r["timer_running"].all()  # the file's timer is left as it was
    assert p.session.moving_s == 600
    assert any(n.endswith("pauses inferred from recording gaps: 1") for n in p.session.notes)


def test_long_gap_with_movement_is_interpolated() -> None:
    # A 30 s GPS drop-out while running on: not a pause, distance interpolated.
    t = np.concatenate((np.arange(0, 301.0), np.arange(330, 631.0)))
    p = prepare(synthetic(t, distance_m=3.0 * t, heart_rate_bpm=np.full(t.size, 150.0)))
    r = p.records
    assert not r["paused"].any() and r["moving"].iloc[1:].all()
    np.testing.assert_allclose(r["distance_m"], 3.0 * np.arange(631))
    inside = (r["elapsed_s"] > 300) & (r["elapsed_s"] < 330)
    assert r.loc[inside, "heart_rate_bpm"].isna().all()  # longer than max_gap_s: not invented
    assert (
        prepare(synthetic(t, distance_m=3.0 * t), max_gap_s=60)
        .records["heart_rate_bpm"]
        .isna()
        .all()
    )


def test_gps_spike_removed_and_distance_from_clean_track() -> None:
    n = 600
    t = np.arange(n + 1.0)
    lon = 3.0 * t * EAST_DEG_PER_M
    lat = np.zeros(t.size)
    lat[300] = 250 / 111_195.0  # one fix 250 m off the road
    p = prepare(synthetic(t, latitude_deg=lat, longitude_deg=lon))
    r = p.records
    assert r["latitude_deg"].abs().max() < 1e-9
    assert r["longitude_deg"].iloc[300] == pytest.approx(lon[300])
    assert r["distance_m"].iloc[-1] == pytest.approx(3.0 * n, rel=1e-3)
    assert r["speed_mps"].max() < 3.1
    assert any(note.endswith("GPS spikes removed: 1") for note in p.session.notes)


def test_distance_glitch_and_speed_spike_replaced() -> None:
    t = np.arange(1201.0)
    dist = 3.0 * t + np.where(t >= 600, 400.0, 0.0)  # a 400 m jump in 1 s
    speed = np.full(t.size, 3.0)
    speed[100] = 45.0
    r = prepare(synthetic(t, distance_m=dist, speed_mps=speed)).records
    assert r["distance_m"].iloc[-1] == pytest.approx(3.0 * 1200)
    assert r["speed_mps"].max() == pytest.approx(3.0)


def test_constant_grade_hill_gives_minetti_gap() -> None:
    seconds, speed, grade = 1200, 3.0, 0.05
    t = np.arange(seconds + 1.0)
    d = speed * t
    r = prepare(
        synthetic(t, distance_m=d, speed_mps=np.full(t.size, speed), altitude_m=100 + grade * d)
    ).records
    interior = (r["distance_m"] > 100) & (r["distance_m"] < d[-1] - 100)
    np.testing.assert_allclose(r.loc[interior, "grade"], grade, atol=1e-9)
    expected = speed * minetti_cost(grade) / 3.6  # = 3.904 m/s
    assert expected == pytest.approx(3.9043, abs=1e-3)
    np.testing.assert_allclose(r.loc[interior, "gap_speed_mps"], expected, rtol=1e-9)
    np.testing.assert_allclose(
        r.loc[interior, "altitude_smooth_m"], 100 + grade * r.loc[interior, "distance_m"]
    )


def test_downhill_gap_slower_and_noisy_altitude_smoothed() -> None:
    rng = np.random.default_rng(2)
    t = np.arange(1801.0)
    d = 3.0 * t
    altitude = 200 - 0.08 * d + rng.normal(0, 1.5, t.size)  # GPS-like noise
    r = prepare(synthetic(t, distance_m=d, altitude_m=altitude)).records
    interior = (r["distance_m"] > 100) & (r["distance_m"] < d[-1] - 100)
    assert r.loc[interior, "grade"].mean() == pytest.approx(-0.08, abs=0.005)
    assert r["grade"].abs().max() <= 0.45
    assert (r.loc[interior, "gap_speed_mps"] < r.loc[interior, "speed_mps"]).mean() > 0.95
    # Elevation loss from the smoothed profile is close to the true 432 m, not inflated by noise.
    loss = -np.minimum(np.diff(r["altitude_smooth_m"]), 0).sum()
    assert loss == pytest.approx(0.08 * d[-1], rel=0.1)


def test_altitude_change_during_a_stop_makes_no_grade() -> None:
    # Standing still (speed 0) while a barometric altitude drifts up 5 m.
    t = np.arange(901.0)
    d = np.where(t < 300, 3.0 * t, np.where(t < 400, 900.0, 900 + 3.0 * (t - 400)))
    alt = 50 + np.clip(t - 300, 0, 100) * 0.05
    r = prepare(synthetic(t, distance_m=d, altitude_m=alt)).records
    assert r["grade"].abs().max() < 1e-9
    assert r["altitude_smooth_m"].iloc[-1] == pytest.approx(55.0)


def test_treadmill_speed_only() -> None:
    t = np.arange(1801.0)
    r = prepare(
        synthetic(t, speed_mps=np.full(t.size, 3.5), heart_rate_bpm=np.full(t.size, 140.0))
    ).records
    assert r["distance_m"].iloc[-1] == pytest.approx(3.5 * 1800)
    assert (r["grade"] == 0).all()
    np.testing.assert_array_equal(r["gap_speed_mps"], r["speed_mps"])
    assert r["altitude_smooth_m"].isna().all()


def test_distance_only_and_no_hr() -> None:
    t = np.arange(0, 1801.0, 2)
    r = prepare(synthetic(t, distance_m=2.5 * t)).records
    np.testing.assert_allclose(r["speed_mps"], 2.5)
    assert r["heart_rate_bpm"].isna().all()
    assert r["moving"].iloc[1:].all()


def test_hr_only_file_moves_with_the_timer() -> None:
    t = np.arange(601.0)
    timer = (t <= 200) | (t > 300)
    p = prepare(synthetic(t, heart_rate_bpm=np.full(t.size, 130.0), timer_running=timer))
    assert p.session.moving_s == 500
    assert p.records["distance_m"].isna().all()


def test_moving_threshold_is_a_parameter() -> None:
    a = steady_run(600, speed=0.6)
    assert prepare(a).session.moving_s == 600
    assert prepare(a, moving_threshold_mps=0.8).session.moving_s == 0


def test_extra_device_fields_kept_on_measured_rows() -> None:
    t = np.array([0.0, 2, 4, 6])
    a = synthetic(t, distance_m=3 * t, extra={"vertical_oscillation_mm": [80.0, 81, 82, 83]})
    r = prepare(a).records
    assert r["vertical_oscillation_mm"].tolist()[::2] == [80.0, 81, 82, 83]
    assert r["vertical_oscillation_mm"].iloc[1::2].isna().all()


def test_fractional_timestamps() -> None:
    t = np.arange(0, 300, 0.5) + 0.3
    r = prepare(synthetic(t - 0.3 + 0.25, distance_m=3 * t)).records
    assert len(r) == 300
    np.testing.assert_allclose(r["speed_mps"], 3.0)


def test_idempotent() -> None:
    rng = np.random.default_rng(3)
    t = np.concatenate(([0.0], np.cumsum(rng.integers(1, 8, 300)))).astype(float)
    a = synthetic(
        t,
        distance_m=3 * t,
        altitude_m=rng.normal(50, 2, t.size),
        heart_rate_bpm=rng.normal(150, 3, t.size),
    )
    once = prepare(a)
    twice = prepare(once)
    pd.testing.assert_frame_equal(twice.records, once.records)
    assert twice.session == once.session
    assert twice is once and ensure_prepared(once) is once
    assert isinstance(once, PreparedActivity) and once.params == PrepareParams()
    assert not any(n.startswith("prepared") for n in once.session.notes)  # a field, not a note
    with pytest.raises(ValueError, match="already prepared"):
        prepare(once, moving_threshold_mps=1.0)


def test_input_not_mutated() -> None:
    t = np.concatenate((np.arange(0, 301.0), np.arange(420, 721.0)))
    lat = np.zeros(t.size)
    lat[50] = 0.01
    a = synthetic(
        t,
        latitude_deg=lat,
        longitude_deg=3 * t * EAST_DEG_PER_M,
        speed_mps=np.full(t.size, 50.0),
        altitude_m=np.linspace(0, 30, t.size),
    )
    records, laps, session = a.records.copy(deep=True), a.laps.copy(deep=True), a.session
    prepare(a)
    pd.testing.assert_frame_equal(a.records, records)
    pd.testing.assert_frame_equal(a.laps, laps)
    assert a.session == session


def test_ensure_prepared_prepares_a_raw_activity_once() -> None:
    raw = steady_run(600)
    first = ensure_prepared(raw)
    assert ensure_prepared(raw) is first
    assert prepare(raw) is not first  # prepare itself always builds a new one
