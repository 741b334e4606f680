"""decoupling(): constructed runs with known answers, sign convention and steadiness gates."""

from __future__ import annotations

import numpy as np
import pytest

import runlytics.analysis.efficiency as eff
from runlytics.metrics.gap import minetti_cost
from tests.analysis.synthetic_runs import steady_run, synthetic


def test_hr_ramp_at_constant_speed_gives_known_decoupling() -> None:
    # 1 h at 3 m/s on the flat, HR rising linearly 140 -> 150 bpm.
    t = np.arange(3601.0)
    result = eff.decoupling(steady_run(3600, 3.0, hr=140 + 10 * t / 3600))
    # After the 10-min warm-up: halves are t in 601..2100 and 2101..3600 s.
    hr1, hr2 = 140 + 10 * 1350.5 / 3600, 140 + 10 * 2850.5 / 3600
    assert result.ef_first == pytest.approx(180 / hr1)
    assert result.ef_second == pytest.approx(180 / hr2)
    assert result.decoupling_pct == pytest.approx(100 * (1 - hr1 / hr2))
    assert result.decoupling_pct == pytest.approx(2.82, abs=0.01)  # positive: HR drifted up
    assert result.steady and result.reason == ""
    assert result.duration_s == 3000 and result.hr_coverage == 1.0
    assert result.speed_cv == pytest.approx(0.0, abs=1e-12)


def test_no_drift_is_zero_and_speed_not_pace() -> None:
    assert eff.decoupling(steady_run(3600, 3.0, hr=150.0)).decoupling_pct == pytest.approx(
        0, abs=1e-9
    )
    # Same HR, speed rising 3.0 -> 3.2 m/s: EF rises, decoupling is negative (with pace the
    # sign would flip: the known bug).
    t = np.arange(3601.0)
    speed = 3.0 + 0.2 * t / 3600
    a = synthetic(t, speed_mps=speed, heart_rate_bpm=np.full(t.size, 150.0))
    result = eff.decoupling(a)
    v1, v2 = 3.0 + 0.2 * 1350.5 / 3600, 3.0 + 0.2 * 2850.5 / 3600
    assert result.decoupling_pct == pytest.approx(100 * (v1 - v2) / v1)
    assert result.decoupling_pct < 0


def test_uses_grade_adjusted_speed() -> None:
    # Out on the flat, back up a 4 % grade at the same speed and HR: with GAP the second
    # half is "faster" for the same HR (negative decoupling); with plain speed it is 0.
    t = np.arange(3601.0)
    d = 3.0 * t
    altitude = np.where(d < 5400, 0.0, 0.04 * (d - 5400))
    a = synthetic(
        t,
        distance_m=d,
        speed_mps=np.full(t.size, 3.0),
        altitude_m=altitude,
        heart_rate_bpm=np.full(t.size, 150.0),
    )
    plain = eff.decoupling(a, use_gap=False, warmup_s=0)
    graded = eff.decoupling(a, warmup_s=0, max_speed_cv=0.2)
    assert plain.decoupling_pct == pytest.approx(0, abs=1e-9)
    factor = minetti_cost(0.04) / 3.6
    assert graded.ef_second / graded.ef_first == pytest.approx(factor, rel=0.01)
    assert graded.decoupling_pct == pytest.approx(100 * (1 - factor), rel=0.02)


def test_moving_time_only_and_pauses_ignored() -> None:
    # A 10-min timer stop in the middle changes nothing.
    t = np.concatenate((np.arange(0, 1801.0), np.arange(2400, 4201.0)))
    moving_t = np.where(t <= 1800, t, t - 600)
    hr = 140 + 10 * moving_t / 3600
    a = synthetic(
        t,
        distance_m=3 * moving_t,
        speed_mps=np.full(t.size, 3.0),
        heart_rate_bpm=hr,
        timer_running=t != 2400,
    )
    reference = eff.decoupling(steady_run(3600, 3.0, hr=140 + 10 * np.arange(3601.0) / 3600))
    assert eff.decoupling(a).decoupling_pct == pytest.approx(reference.decoupling_pct, rel=1e-6)


def test_gate_short_run() -> None:
    result = eff.decoupling(steady_run(1500, 3.0, hr=150.0))
    assert not result.steady
    assert "15 min of moving time" in result.reason
    assert np.isfinite(result.decoupling_pct)  # still computed, flagged


def test_gate_intervals_not_steady() -> None:
    t = np.arange(3601.0)
    speed = np.where((t // 180) % 2 == 0, 4.5, 2.0)  # 3 min fast / 3 min jog
    hr = np.where((t // 180) % 2 == 0, 170.0, 140.0)
    result = eff.decoupling(synthetic(t, speed_mps=speed, heart_rate_bpm=hr))
    assert not result.steady
    assert "not a steady effort" in result.reason
    assert result.speed_cv > 0.3


def test_gate_hr_coverage_and_no_hr() -> None:
    t = np.arange(3601.0)
    hr = np.where((t > 1000) & (t < 2000), np.nan, 150.0)
    partial = eff.decoupling(steady_run(3600, 3.0, hr=hr))
    assert not partial.steady and "heart rate on 67%" in partial.reason
    none = eff.decoupling(steady_run(3600, 3.0))
    assert not none.steady and "no heart rate" in none.reason
    assert np.isnan(none.ef) and np.isnan(none.decoupling_pct)


def test_result_is_frozen() -> None:
    result = eff.decoupling(steady_run(3600, 3.0, hr=150.0))
    with pytest.raises(AttributeError):
        result.steady = False  # type: ignore[misc]
