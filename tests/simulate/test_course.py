"""Invented courses, GPS error and barometric altitude."""

from __future__ import annotations

import numpy as np
import pytest

from runlytics.simulate import course as c

HOME = (46.0, 2.0)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def test_loop_closes_and_has_its_length(rng: np.random.Generator) -> None:
    loop = c.loop_course("loop", 4200.0, rng, origin=HOME, relief_m=20)
    assert loop.length_m == pytest.approx(4200.0)
    assert np.hypot(loop.x[-1] - loop.x[0], loop.y[-1] - loop.y[0]) < c.GRID_M * 2
    assert np.ptp(loop.z) <= 20.0 + 1e-9
    assert np.abs(loop.grade).max() <= 0.04 + 1e-3
    assert np.diff(loop.s).max() <= c.GRID_M + 1e-9


def test_out_and_back_road_winds_gently(rng: np.random.Generator) -> None:
    road = c.out_and_back_course("road", 9000.0, rng, origin=HOME)
    assert road.length_m == pytest.approx(9000.0)
    straight = np.hypot(road.x[-1], road.y[-1])
    assert 0.3 * 9000 < straight < 9000
    assert np.abs(road.grade).max() <= 0.025 + 1e-3


def test_hill_course_climbs_after_the_flat(rng: np.random.Generator) -> None:
    hill = c.hill_course("hill", rng, origin=HOME, flat_m=1000, climb_m=400, grade=0.07)
    flat = hill.s < hill.hill_start_m
    assert np.ptp(hill.z[flat]) == pytest.approx(0.0)
    assert np.median(hill.grade[hill.s > hill.hill_start_m + 40]) == pytest.approx(0.07)


def test_track_is_400_m_and_flat(rng: np.random.Generator) -> None:
    track = c.track_course("track", rng, origin=HOME)
    assert track.length_m == pytest.approx(400.0)
    span = np.hypot(*np.ptp(np.c_[track.x, track.y], axis=0))
    assert 100 < span < 200
    assert np.ptp(track.z) == 0.0


def test_fold_runs_back_and_forth() -> None:
    s, d = c.fold(np.array([0.0, 50.0, 100.0, 150.0, 250.0]), 0.0, 100.0)
    np.testing.assert_allclose(s, [0, 50, 100, 50, 50])
    np.testing.assert_allclose(d, [1, 1, -1, -1, 1])


def test_gps_error_is_a_few_correlated_metres(rng: np.random.Generator) -> None:
    loop = c.loop_course("loop", 3000.0, rng, origin=HOME)
    east = np.zeros(20_000)
    lat, _ = c.gps_fix(loop, east, east, rng, sigma_m=2.5)
    north_m = (lat - HOME[0]) * c.M_PER_DEG
    assert np.std(north_m) == pytest.approx(2.5, rel=0.2)
    assert np.corrcoef(north_m[:-1], north_m[1:])[0, 1] > 0.9


def test_barometric_altitude_is_noisy_but_close(rng: np.random.Generator) -> None:
    true = np.linspace(100, 150, 3600)
    baro = c.barometric_altitude(true, rng)
    err = baro - true
    assert np.abs(err - err.mean()).max() < 6
    np.testing.assert_allclose(baro * 5, np.round(baro * 5))


def test_ar1_has_its_standard_deviation(rng: np.random.Generator) -> None:
    x = c.ar1(rng, 200_000, 0.03, 20.0)
    assert np.std(x) == pytest.approx(0.03, rel=0.1)
