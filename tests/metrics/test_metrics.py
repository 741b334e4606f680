"""Pure metric functions: Minetti GAP, zones, loads, efficiency, VDOT."""

from __future__ import annotations

import numpy as np
import pytest

from runlytics.metrics.efficiency import decoupling_pct, efficiency_factor
from runlytics.metrics.gap import gap_factor, gap_speed, minetti_cost
from runlytics.metrics.load import banister_trimp, edwards_trimp, hrtss, rtss
from runlytics.metrics.steadiness import block_cv
from runlytics.metrics.vdot import (
    fraction_vo2max,
    oxygen_cost,
    race_time,
    speed_at_vo2,
    training_paces,
    vdot_from_race,
)
from runlytics.metrics.zones import hrr_fraction, time_in_zones, zone_edges

HOUR = np.full(3600, 1.0)  # one hour of 1-s samples


def test_minetti_cost_polynomial() -> None:
    assert minetti_cost(0.0) == pytest.approx(3.6)
    i = 0.1
    expected = 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + 3.6
    assert minetti_cost(i) == pytest.approx(expected)
    assert minetti_cost(0.6) == minetti_cost(0.45)  # clipped to the fitted range
    assert gap_factor(0.0) == pytest.approx(1.0)
    # Downhill around -10 % to -20 % is cheaper than the flat; steep downhill is not.
    assert gap_factor(-0.15) < 1 < gap_factor(-0.45)
    np.testing.assert_allclose(
        gap_speed([3.0, 3.0], [0.0, 0.05]), [3.0, 3.0 * 4.685196 / 3.6], rtol=1e-6
    )


def test_karvonen_and_zones() -> None:
    assert hrr_fraction(125, 50, 200) == pytest.approx(0.5)
    np.testing.assert_allclose(zone_edges(200, 50), [140, 155, 170, 185])
    np.testing.assert_allclose(zone_edges(200, model="hrmax"), [120, 140, 160, 180])
    with pytest.raises(ValueError, match="hr_rest"):
        zone_edges(200)
    hr = np.array([100.0, 139.9, 140.0, 160.0, 180.0, 190.0, np.nan])
    seconds = time_in_zones(hr, np.full(hr.size, 2.0), zone_edges(200, 50))
    np.testing.assert_allclose(seconds, [4, 2, 2, 2, 2])  # the edge value goes up; NaN ignored


def test_banister_trimp_male_female_constants() -> None:
    hr = np.full(3600, 125.0)  # x = 0.5 with HRrest 50, HRmax 200
    male = banister_trimp(hr, HOUR, hr_rest=50, hr_max=200, sex="male")
    female = banister_trimp(hr, HOUR, hr_rest=50, hr_max=200, sex="female")
    assert male == pytest.approx(60 * 0.5 * 0.64 * np.exp(1.92 * 0.5))  # 50.14
    assert female == pytest.approx(60 * 0.5 * 0.86 * np.exp(1.67 * 0.5))  # 59.46
    assert banister_trimp(hr, HOUR, hr_rest=50, hr_max=200, sex="F") == female
    with pytest.raises(ValueError, match="sex"):
        banister_trimp(hr, HOUR, hr_rest=50, hr_max=200, sex="unknown")
    # Below rest counts 0, above HRmax counts as HRmax, missing HR adds nothing.
    odd = np.array([40.0, 220.0, np.nan])
    assert banister_trimp(odd, [60.0] * 3, hr_rest=50, hr_max=200, sex="male") == pytest.approx(
        0.64 * np.exp(1.92)
    )


def test_edwards_trimp_minutes_times_zone_weight() -> None:
    hr = np.concatenate((np.full(1800, 150.0), np.full(600, 185.0), np.full(600, 90.0)))
    assert edwards_trimp(hr, np.ones(hr.size), hr_max=200) == pytest.approx(30 * 3 + 10 * 5)


def test_hrtss_hour_at_threshold_is_100() -> None:
    kw = {"hr_rest": 50, "hr_max": 200, "hr_threshold": 170}
    for sex in ("male", "female"):
        assert hrtss(np.full(3600, 170.0), HOUR, sex=sex, **kw) == pytest.approx(100)
        assert hrtss(np.full(1800, 170.0), HOUR[:1800], sex=sex, **kw) == pytest.approx(50)
    assert hrtss(np.full(3600, 140.0), HOUR, sex="male", **kw) < 100


def test_rtss() -> None:
    assert rtss(3600, 4.0, 4.0) == pytest.approx(100)
    assert rtss(7200, 3.0, 4.0) == pytest.approx(200 * 0.75**2)


def test_efficiency_factor_units_and_decoupling_sign() -> None:
    # 3 m/s at 150 bpm = 180 m/min / 150 bpm = 1.2 m per beat.
    assert efficiency_factor(
        [3.0, 3.0, np.nan], [150.0, np.nan, 150.0], [1, 1, 1]
    ) == pytest.approx(1.2)
    assert decoupling_pct(1.2, 1.14) == pytest.approx(5.0)  # EF fell: HR drifted up, positive


def test_block_cv() -> None:
    clock = np.arange(1, 601.0)
    assert block_cv(np.full(600, 3.0), clock, np.ones(600)) == pytest.approx(0)
    alternating = np.where((clock - 1) // 60 % 2 == 0, 2.0, 4.0)
    assert block_cv(alternating, clock, np.ones(600)) == pytest.approx(1 / 3)
    assert np.isnan(block_cv(np.full(30, 3.0), clock[:30], np.ones(30)))


@pytest.mark.parametrize(
    ("distance_m", "time_s", "vdot"),
    [
        (5000, 20 * 60, 49.8),  # Daniels' table: 5 km 20:00 ~ VDOT 49.8
        (42195, 3 * 3600, 53.5),  # marathon 3:00:00 ~ 53.5
        (10000, 41 * 60 + 21, 50.0),  # table VDOT 50: 10 km 41:21
        (1609.344, 5 * 60 + 50, 50.0),  # table VDOT 50: mile 5:50
    ],
)
def test_vdot_of_known_races(distance_m: float, time_s: float, vdot: float) -> None:
    assert vdot_from_race(distance_m, time_s) == pytest.approx(vdot, abs=0.3)


def test_equivalent_race_times_and_inverse() -> None:
    # Daniels' table at VDOT 50: 5 km 19:57, half 1:31:35, marathon 3:10:49 (seconds off allowed).
    assert race_time(50, 5000) == pytest.approx(19 * 60 + 57, abs=5)
    assert race_time(50, 21097.5) == pytest.approx(3600 + 31 * 60 + 35, abs=20)
    assert race_time(50, 42195) == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=30)
    # Round trip: the VDOT of the equivalent time is the VDOT.
    assert vdot_from_race(10000, race_time(57.3, 10000)) == pytest.approx(57.3, abs=1e-6)
    assert oxygen_cost(speed_at_vo2(45.0) * 60) == pytest.approx(45.0)
    assert fraction_vo2max(0.0) == pytest.approx(0.8 + 0.1894393 + 0.2989558)


def test_training_paces_vdot_50() -> None:
    p = training_paces(50)
    pace = {k: 1000 / getattr(p, k) for k in ("marathon_mps", "threshold_mps", "interval_mps")}
    # Daniels' table at VDOT 50: M 4:31/km, T 4:15/km, I 3:55/km.
    assert pace["marathon_mps"] == pytest.approx(271, abs=3)
    assert pace["threshold_mps"] == pytest.approx(255, abs=3)
    assert pace["interval_mps"] == pytest.approx(235, abs=3)
    assert p.easy_min_mps < p.easy_max_mps < p.marathon_mps < p.threshold_mps
    assert p.threshold_mps < p.interval_mps < p.repetition_mps
