"""Athlete: dated parameters, sources, estimates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.analysis.estimate import (
    best_effort,
    estimate_hr_max,
    estimate_threshold_hr,
    estimate_threshold_speed,
)
from runlytics.athlete import (
    Athlete,
    Estimate,
    estimate_vdot,
    hr_max_from_age,
    threshold_speed_from_vdot,
)
from runlytics.vocabulary import parse_pace
from tests.analysis.synthetic_runs import START, steady_run, synthetic


def test_dated_values_in_force_on_a_date() -> None:
    a = Athlete(sex="male", hr_max=185, hr_rest=[("2021-03-01", 48), ("2020-01-01", 52)])
    assert a.at("2020-06-01").hr_rest == 52
    assert a.at("2021-03-01").hr_rest == 48  # from its date on
    assert a.at("2019-01-01").hr_rest == 52  # before the first date: the earliest value
    p = a.at(pd.Timestamp("2021-05-01T23:30", tz="Europe/Paris"))
    assert p.date == pd.Timestamp("2021-05-01") and p.hr_max == 185
    assert p.hr_threshold is None and p.sex == "male"
    assert p.sources == {"hr_max": "given", "hr_rest": "given"}
    assert not p.estimated


def test_undated_base_with_later_changes_and_series_input() -> None:
    a = Athlete(hr_max=190).with_values(since="2023-01-01", hr_max=186)
    assert a.at("2022-12-31").hr_max == 190
    assert a.at("2023-01-01").hr_max == 186
    series = pd.Series([50.0, 47.0], index=pd.to_datetime(["2022-01-01", "2022-06-01"]))
    assert Athlete(hr_rest=series).at("2022-07-01").hr_rest == 47
    assert Athlete(hr_max=190).with_values(hr_max=180).at("2000-01-01").hr_max == 180


def test_threshold_pace_stored_as_speed() -> None:
    assert parse_pace("4:10") == 250 and parse_pace("1:02:30") == 3750 and parse_pace(250) == 250
    a = Athlete(threshold_pace_s_per_km="4:10")
    assert a.at("2024-01-01").threshold_speed_mps == pytest.approx(4.0)
    assert a.at("2024-01-01").threshold_pace_s_per_km == pytest.approx(250)
    dated = Athlete(threshold_pace_s_per_km=[("2024-01-01", "5:00"), ("2024-06-01", 240)])
    assert dated.at("2024-07-01").threshold_speed_mps == pytest.approx(1000 / 240)
    with pytest.raises(ValueError, match="not both"):
        Athlete(threshold_speed_mps=4.0, threshold_pace_s_per_km=250)
    with pytest.raises(ValueError, match="m:ss"):
        parse_pace("fast")


def test_validation() -> None:
    assert Athlete(sex="F").sex == "female"
    with pytest.raises(ValueError, match="sex"):
        Athlete(sex="x")
    with pytest.raises(ValueError, match="not dated parameters"):
        Athlete().with_values(weight=70)


def test_age_and_tanaka_estimate_flagged() -> None:
    a = Athlete(birth_date="1985-06-15")
    assert a.age_on("2025-06-14") == 39 and a.age_on("2025-06-15") == 40
    est = hr_max_from_age(40)
    assert est.value == pytest.approx(180) and est.is_estimate and "Tanaka" in est.source
    p = Athlete(birth_date="1985-06-15", hr_max=est).at("2025-07-01")
    assert p.hr_max == 180 and p.is_estimate("hr_max") and "Tanaka" in p.sources["hr_max"]
    assert p.age_years == 40


def test_estimate_hr_max_ignores_spikes() -> None:
    t = np.arange(1801.0)
    hr = np.full(t.size, 150.0)
    hr[100] = 228  # a single-sample strap spike
    hr[1000:1030] = 184  # a real 30-s peak
    run = synthetic(t, speed_mps=np.full(t.size, 3.0), heart_rate_bpm=hr)
    other = steady_run(600, hr=170.0, start=START + pd.Timedelta(days=3))
    est = estimate_hr_max([run, other])
    assert est.value == 184 and est.is_estimate
    assert est.date == pd.Timestamp("2024-03-10")
    with pytest.raises(ValueError, match="no activity with heart rate"):
        estimate_hr_max([steady_run(600)])


def test_threshold_from_best_30_min_effort() -> None:
    # 10 min easy, 30 min hard at 4.2 m/s with HR settling at 172, 10 min easy.
    t = np.arange(3001.0)
    hard = (t > 600) & (t <= 2400)
    speed = np.where(hard, 4.2, 3.0)
    hr = np.where(hard, np.where(t <= 1200, 165.0, 172.0), 140.0)
    run = synthetic(t, speed_mps=speed, heart_rate_bpm=hr)
    effort = best_effort(run)
    assert effort is not None
    assert effort.start == START + pd.Timedelta(seconds=600)
    assert effort.gap_speed_mps == pytest.approx(4.2)
    assert effort.hr_bpm == pytest.approx(172)
    assert estimate_threshold_hr([run, steady_run(1200, hr=150.0)]).value == pytest.approx(172)
    speed_est = estimate_threshold_speed([run])
    assert speed_est.value == pytest.approx(4.2) and speed_est.is_estimate
    assert best_effort(steady_run(1200)) is None


def test_vdot_estimates() -> None:
    est = estimate_vdot(5000, 1200, date="2024-04-01")
    assert est.value == pytest.approx(49.8, abs=0.1) and est.date == pd.Timestamp("2024-04-01")
    t_speed = threshold_speed_from_vdot(est.value)
    assert 1000 / t_speed.value == pytest.approx(256, abs=3)  # Daniels T pace ~4:16/km
    a = Athlete(vdot=[("2024-04-01", est)])
    assert a.at("2024-05-01").is_estimate("vdot")


def test_athlete_is_immutable_and_comparable() -> None:
    a = Athlete(sex="male", hr_max=Estimate(190.0, "lab test", is_estimate=False))
    assert a == Athlete(sex="male", hr_max=Estimate(190.0, "lab test", is_estimate=False))
    assert not a.at("2024-01-01").is_estimate("hr_max")
    with pytest.raises(AttributeError):
        a.sex = "female"  # type: ignore[misc]
