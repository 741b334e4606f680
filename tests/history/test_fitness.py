"""fitness_markers and fitness_trend: synthetic frames with known VDOT, and the samples' truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runlytics as rl
from runlytics.history.fitness import FitnessTrend, fitness_trend, rolling_mean_ci
from runlytics.history.markers import daniels_vdot, fitness_markers, race_vdots
from runlytics.metrics.vdot import oxygen_cost
from tests.history.frames import ATHLETE, activities, every_day, steady_runs
from tests.history.samples import SampleHistory, truth, truth_daily


def test_daniels_vdot_matches_the_scalar_formula() -> None:
    assert daniels_vdot([5000.0], [1197.0])[0] == pytest.approx(rl.vdot_from_race(5000, 1197))
    assert np.isnan(daniels_vdot([5000.0], [0.0])[0])


def test_heart_rate_vdot_inverts_swain() -> None:
    frame = steady_runs(every_day("2024-01-01", "2024-01-10"), vdot=50.0)
    m = fitness_markers(frame, athlete=ATHLETE)
    hr = m[m["marker"] == "vdot_hr"]
    assert hr["value"].to_numpy() == pytest.approx(50.0)
    assert set(hr["quality"]) == {"good"}
    assert oxygen_cost(60 * frame["avg_gap_speed_mps"].iloc[0]) > 3.5


def test_workouts_and_decoupled_runs_are_poor_markers_not_dropped() -> None:
    frame = steady_runs(every_day("2024-01-01", "2024-01-04"), vdot=50.0)
    frame.loc[1, "label"] = "intervals"
    frame.loc[2, "decoupling_pct"] = 9.0
    m = fitness_markers(frame, athlete=ATHLETE)
    hr = m[m["marker"] == "vdot_hr"].set_index("activity_id")
    assert hr["quality"].to_dict() == {1: "poor", 2: "poor", 3: "good", 4: "good"}
    assert "steady" in hr.loc[1, "reason"]
    assert "decoupled" in hr.loc[2, "reason"]


def test_race_snaps_to_the_standard_distance() -> None:
    # A 10 km race the GPS measured 10.2 km: VDOT of 10 km in the elapsed time.
    frame = activities(["2024-03-03"], distance_m=10200.0, moving_s=2400.0, label="race")
    got = race_vdots(frame).iloc[0]
    assert got["distance_m"] == 10000.0
    assert got["vdot"] == pytest.approx(rl.vdot_from_race(10000, 2400))
    assert race_vdots(activities(["2024-03-03"], distance_m=12345.0)).iloc[0]["over"] == (
        "the whole run"
    )


def test_rolling_mean_ci() -> None:
    values = pd.Series(
        [1.0, 2.0, 3.0], index=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-20"])
    )
    got = rolling_mean_ci(values, pd.DatetimeIndex(["2024-01-02", "2024-01-30"]), 7)
    assert got["mean"].tolist()[0] == 1.5
    assert got["n"].tolist() == [2, 0]
    half = 12.706 * np.sqrt(0.5 / 2)  # t(0.975, 1) * sd / sqrt(n)
    assert got["high"].iloc[0] - 1.5 == pytest.approx(half, rel=1e-3)


def test_trend_follows_a_known_rise_and_calibrates_on_a_race() -> None:
    days = every_day("2024-01-01", "2024-06-30")
    vdots = np.linspace(45.0, 50.0, len(days))
    frame = pd.concat([steady_runs([d], v) for d, v in zip(days, vdots, strict=True)])
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="activity_id")
    trend = fitness_trend(frame, athlete=ATHLETE)
    assert trend.offset == 0.0
    late = trend.at("2024-06-30")
    assert late["vdot"] == pytest.approx(49.6, abs=0.3)  # the mean of the last 28 days
    assert late["vdot_low"] < late["vdot"] < late["vdot_high"]
    assert trend.weekly["vdot"].is_monotonic_increasing
    # A race 2 VDOT above the heart-rate estimate shifts every week by about +2.
    race_time = rl.race_time(49.5 + 2.0, 10000.0)
    race = activities(["2024-06-16"], distance_m=10000.0, moving_s=race_time, label="race")
    race.index = pd.RangeIndex(10_000, 10_001, name="activity_id")
    raced = fitness_trend(pd.concat([frame, race]), athlete=ATHLETE)
    assert raced.offset == pytest.approx(2.0, abs=0.3)
    assert raced.at("2024-06-16")["race_vdot"] == pytest.approx(51.5, abs=0.01)


def test_without_an_athlete_there_is_no_heart_rate_vdot() -> None:
    frame = steady_runs(every_day("2024-01-01", "2024-01-31"), vdot=50.0)
    trend = fitness_trend(frame)
    assert set(trend.weekly["vdot_quality"]) == {"none"}
    assert trend.weekly["vdot"].isna().all()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ivan", "boston", "control"])
def test_samples_vdot_trend_tracks_the_true_fitness(
    name: str, request: pytest.FixtureRequest
) -> None:
    """Weekly VDOT within 1.0 of the simulator's true VDOT on average (measured: 0.3-0.5)."""
    history: SampleHistory = request.getfixturevalue(name)
    trend = fitness_trend(history)
    weekly = trend.weekly[trend.weekly["vdot_quality"] == "good"]
    true = truth_daily(name, "vdot").reindex(weekly.index + pd.Timedelta(days=6)).to_numpy()
    assert len(weekly) >= 0.8 * len(trend.weekly)
    assert np.nanmean(np.abs(weekly["vdot"].to_numpy() - true)) < 1.0
    inside = (true >= weekly["vdot_low"].to_numpy() - 0.5) & (true <= weekly["vdot_high"] + 0.5)
    assert inside.mean() > 0.6
    # every true race found with its official VDOT
    races = trend.markers[
        (trend.markers["marker"] == "vdot_race") & (trend.markers["quality"] == "good")
    ]
    expected = [r["result"]["vdot"] for r in truth(name)["races"]]
    assert races["value"].to_numpy() == pytest.approx(expected, abs=0.05)


@pytest.mark.slow
def test_ivan_easy_run_after_covid_is_not_taken_as_a_race(ivan: SampleHistory) -> None:
    markers = fitness_trend(ivan).markers
    doubted = markers[(markers["marker"] == "vdot_race") & (markers["quality"] == "poor")]
    assert doubted["date"].tolist() == [pd.Timestamp("2022-04-12")]


def test_weekly_critical_speed_from_the_best_efforts_of_six_weeks() -> None:
    frame = steady_runs(every_day("2024-01-01", "2024-03-31"), 50.0)
    rows = []
    for activity_id, day in zip(frame.index, frame["local_date"], strict=True):
        cs = 4.0 if day < pd.Timestamp("2024-02-15") else 4.2  # D' 200 m
        for name, seconds in (
            ("2 min", 120.0),
            ("5 min", 300.0),
            ("12 min", 720.0),
            ("60 min", 3600.0),
        ):
            metres = cs * seconds + 200.0
            rows.append(
                {
                    "activity_id": activity_id,
                    "local_date": day,
                    "effort": name,
                    "kind": "duration",
                    "distance_m": metres,
                    "time_s": seconds,
                    "gap_distance_m": metres,
                    "gap_time_s": seconds,
                }
            )
    trend = fitness_trend(frame, athlete=ATHLETE, best_efforts=pd.DataFrame(rows))
    assert trend.at("2024-02-05")["cs_mps"] == pytest.approx(4.0)
    assert trend.at("2024-02-05")["cs_d_prime_m"] == pytest.approx(200.0)
    assert trend.at("2024-02-05")["cs_n"] == 3  # the 60 min effort is outside 2-15 min
    assert trend.at("2024-03-25")["cs_mps"] == pytest.approx(4.2)
    assert fitness_trend(frame, athlete=ATHLETE).weekly["cs_mps"].isna().all()


def test_current_week_prefers_recent_weeks_over_an_old_good_one() -> None:
    weeks = pd.date_range("2024-01-01", periods=10, freq="W-MON")
    weekly = pd.DataFrame(
        {
            "vdot": [50.0] * 6 + [np.nan, np.nan, 46.0, 45.5],
            "vdot_quality": ["good"] * 6 + [None, None, "few", "few"],
        },
        index=weeks,
    )
    trend = FitnessTrend(weekly, pd.DataFrame(), 0.0, ())
    assert trend.current(weeks[-1])["vdot"] == 45.5  # after a break, the recent value
    assert trend.current(weeks[5])["vdot"] == 50.0
    assert trend.current(weeks[8] + pd.Timedelta(weeks=6))["vdot"] == 50.0  # nothing recent
    assert FitnessTrend(weekly.iloc[:0], pd.DataFrame(), 0.0, ()).current(weeks[0]) is None
