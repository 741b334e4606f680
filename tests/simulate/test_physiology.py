"""Physiological relations: Daniels' equations, Minetti, HR model, cadence, TRIMP."""

from __future__ import annotations

import numpy as np
import pytest

from runlytics.simulate import physiology as ph


@pytest.mark.parametrize(
    ("vdot", "distance", "table_s"),
    [(50, 5000, 19 * 60 + 57), (50, 42195, 3 * 3600 + 10 * 60 + 49), (40, 10000, 50 * 60 + 3)],
)
def test_race_time_matches_daniels_tables(vdot: float, distance: float, table_s: float) -> None:
    assert ph.race_time(vdot, distance) == pytest.approx(table_s, rel=0.005)


def test_vdot_and_race_time_are_inverse() -> None:
    t = ph.race_time(47.3, 21097.5)
    assert ph.vdot(21097.5, t) == pytest.approx(47.3, abs=1e-3)


def test_speed_at_vo2_inverts_the_oxygen_cost() -> None:
    v = np.linspace(2.0, 6.0, 9)
    np.testing.assert_allclose(ph.speed_at_vo2(ph.vo2_cost(v)), v)


def test_training_paces_are_ordered_and_match_daniels_at_vdot_50() -> None:
    pace = {k: 1000 / float(ph.effort_speed(e, 50.0)) for k, e in ph.EFFORTS.items()}
    assert pace["easy"] > pace["steady"] > pace["threshold"] > pace["interval"] > pace["repetition"]
    assert pace["threshold"] == pytest.approx(255, abs=3)  # Daniels T pace 4:15/km
    assert pace["interval"] == pytest.approx(235, abs=3)  # Daniels I pace 3:55/km
    assert 0.80 < ph.marathon_effort(50.0) < 0.83
    lo, hi = ph.EASY_RANGE
    assert all(lo <= ph.EFFORTS[k] <= hi for k in ("recovery", "easy", "long"))


def test_minetti_cost_and_flat_equivalent_speed() -> None:
    assert ph.minetti_cost(0.0) == pytest.approx(3.6)
    assert ph.minetti_cost(0.1) > 3.6 > ph.minetti_cost(-0.1)
    assert ph.flat_equivalent_speed(3.0, 0.0) == pytest.approx(3.0)
    assert ph.minetti_cost(0.9) == ph.minetti_cost(0.45)


def test_steady_state_hr_follows_reserve_and_caps_at_max() -> None:
    hr = ph.steady_state_hr(np.array([3.5 + 0.5 * 46.5, 80.0]), 50.0, 50.0, 190.0)
    assert hr[0] == pytest.approx(120.0)  # 50 % VO2R -> 50 % HRR
    assert hr[1] == 190.0


def test_hr_kinetics_rise_faster_than_they_fall() -> None:
    up = ph.hr_kinetics(np.r_[np.full(300, 160.0), np.full(300, 100.0)], 100.0, 30.0, 60.0)
    rise = 100 + 60 * (1 - np.exp(-1))
    fall = 160 - 60 * (1 - np.exp(-1))
    assert np.argmax(up >= rise) == pytest.approx(30, abs=2)
    assert np.argmax(up[300:] <= fall) == pytest.approx(60, abs=2)


def test_drift_grows_with_heat_and_shrinks_with_fitness() -> None:
    assert ph.drift_pct_per_hour(28, 50) > ph.drift_pct_per_hour(10, 50)
    assert ph.drift_pct_per_hour(15, 60) < ph.drift_pct_per_hour(15, 40)
    assert ph.drift_pct_per_hour(15, 55) == pytest.approx(3.0)


def test_cadence_rises_with_speed() -> None:
    c = ph.cadence_spm(np.array([0.0, 1.2, 3.0, 4.0, 5.0]), 170.0)
    assert c[0] == 0 and c[1] == pytest.approx(115)
    assert c[3] - c[2] == pytest.approx(12.0)  # spm per m/s
    assert c[4] > c[3] > c[2] > 150


def test_trimp_weights_grow_exponentially_with_intensity() -> None:
    m, f = ph.trimp_per_minute(np.array([0.5, 0.9]), "M"), ph.trimp_per_minute(0.5, "F")
    assert m[0] == pytest.approx(0.5 * 0.64 * np.exp(0.96))
    assert f == pytest.approx(0.5 * 0.86 * np.exp(0.835))
    assert m[1] / m[0] > 2
