"""Equivalent race times: Daniels-Gilbert VDOT, Riegel, Cameron, on published examples."""

from __future__ import annotations

import pytest

from runlytics.metrics.race import METRES_PER_MILE, cameron_factor, predict_race_time

MARATHON, HALF = 42195.0, 21097.5


def hms(h: int, m: int, s: float) -> float:
    return 3600 * h + 60 * m + s


def test_vdot_reproduces_daniels_table_within_seconds() -> None:
    # Daniels' Running Formula, VDOT 50 row: 5K 19:57, 10K 41:21, half 1:31:35,
    # marathon 3:10:49. The tables come from the equations but are rounded and smoothed:
    # within 3 s here.
    five_k = hms(0, 19, 57)
    assert predict_race_time(five_k, 5000, 10000) == pytest.approx(hms(0, 41, 21), abs=3)
    assert predict_race_time(five_k, 5000, HALF) == pytest.approx(hms(1, 31, 35), abs=3)
    assert predict_race_time(five_k, 5000, MARATHON) == pytest.approx(hms(3, 10, 49), abs=3)


def test_vdot_matches_a_published_calculator() -> None:
    # A runworks.com (Daniels' formula) calculator printout for a 1:07:48 15K, VDOT 46.4:
    # 5K 21:15.1, 10K 44:03.9, marathon 3:22:58.7 (marathonquest.blogspot.com, 2007).
    t15 = hms(1, 7, 48)
    assert predict_race_time(t15, 15000, 5000) == pytest.approx(hms(0, 21, 15.1), abs=1)
    assert predict_race_time(t15, 15000, 10000) == pytest.approx(hms(0, 44, 3.9), abs=1)
    assert predict_race_time(t15, 15000, MARATHON) == pytest.approx(hms(3, 22, 58.7), abs=3)


def test_riegel_published_examples() -> None:
    # T2 = T1 (D2/D1)^1.06 (Riegel 1981). Worked examples: a 25:00 5K gives a 3:59:47
    # marathon (racetale-pace docs); a 40:00 10K a 1:28:15 half (88.26 min, aifithub.io).
    assert predict_race_time(1500, 5000, MARATHON, method="riegel") == pytest.approx(
        hms(3, 59, 47), abs=0.5
    )
    assert predict_race_time(2400, 10000, HALF, method="riegel") / 60 == pytest.approx(
        88.26, abs=0.005
    )
    # Exponent 1 is even pace; the prediction is invertible.
    assert predict_race_time(1200, 5000, 10000, method="riegel", exponent=1.0) == 2400
    there = predict_race_time(1200, 5000, MARATHON, method="riegel", exponent=1.08)
    assert predict_race_time(there, MARATHON, 5000, method="riegel", exponent=1.08) == (
        pytest.approx(1200)
    )


def test_cameron_units_and_published_example() -> None:
    # Cameron published f with d in miles: 13.49681 - 0.048865 d + 2.438936 d^-0.7905.
    # The metre form used here is the same function.
    for miles in (1.0, 3.10686, 6.21371, 13.1094, 26.2188):
        mile_form = 13.49681 - 0.048865 * miles + 2.438936 * miles**-0.7905
        assert cameron_factor(miles * METRES_PER_MILE) == pytest.approx(mile_form, rel=2e-6)
    # had2know.org worked example: 3.5 mi (5632.704 m) in 51:30 -> 5 mi (8046.72 m) in
    # 75.1334 min (factor f(D1)/f(D2) = 1.0212319); 2.5 mi in 34:45 -> 72.5961 min.
    assert cameron_factor(5632.704) / cameron_factor(8046.72) == pytest.approx(1.0212319, abs=1e-7)
    assert predict_race_time(51.5 * 60, 5632.704, 8046.72, method="cameron") / 60 == (
        pytest.approx(75.1334, abs=1e-4)
    )
    assert predict_race_time(34.75 * 60, 4023.36, 8046.72, method="cameron") / 60 == (
        pytest.approx(72.5961, abs=1e-4)
    )


def test_cameron_direction_longer_is_slower_pace() -> None:
    assert cameron_factor(1500) > cameron_factor(5000) > cameron_factor(MARATHON)
    marathon = predict_race_time(hms(0, 20, 0), 5000, MARATHON, method="cameron")
    assert marathon / MARATHON > 1200 / 5000  # slower pace
    back = predict_race_time(marathon, MARATHON, 5000, method="cameron")
    assert back == pytest.approx(1200)


def test_methods_agree_roughly_and_bad_input() -> None:
    times = [predict_race_time(2400, 10000, HALF, method=m) for m in ("vdot", "riegel", "cameron")]
    assert max(times) - min(times) < 90  # within 1.5 min on a 1:28 half
    with pytest.raises(ValueError, match="method"):
        predict_race_time(2400, 10000, HALF, method="mcmillan")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="time_s"):
        predict_race_time(0, 10000, HALF)
    with pytest.raises(ValueError, match="target_distance_m"):
        predict_race_time(2400, 10000, float("nan"))
    with pytest.raises(ValueError, match="exponent"):
        predict_race_time(2400, 10000, HALF, method="riegel", exponent=0)
