"""Plans and simulated histories."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import runlytics.simulate as sim

RUNNER = sim.Runner("h", "F", age=35, hr_max=185, hr_rest=50, vdot=45.0, vdot_ceiling=55.0)
BACKGROUND = sim.Background(minutes_per_week=240)
WEEK = sim.Week(tue=sim.intervals(4), thu=sim.easy_run(40), sun=sim.long_run(14))
MONDAY = dt.date(2024, 3, 4)


def small_plan() -> sim.Plan:
    race_week = sim.Week(tue=sim.easy_run(30), sun=sim.race(sim.FIVE_K, "park 5k"))
    return (
        sim.Plan(MONDAY)
        .weeks(2, WEEK, phase="build", volume=(1.0, 1.2))
        .layoff(10, reason="flu")
        .weeks(1, race_week, phase="race", paces="last_race")
    )


def test_plan_lays_out_days_by_weekday() -> None:
    plan = small_plan()
    assert len(plan.days) == 31 and plan.end == MONDAY + dt.timedelta(days=31)
    assert [d.date for d in plan.days] == [MONDAY + dt.timedelta(days=i) for i in range(31)]
    tuesdays = [d for d in plan.days[:14] if d.date.weekday() == 1]
    assert all(d.workout is not None and d.workout.label == "intervals" for d in tuesdays)
    sundays = [d.workout for d in plan.days[:14] if d.date.weekday() == 6]
    assert sundays[1].steps[0].distance_m == pytest.approx(1.2 * sundays[0].steps[0].distance_m)
    flu = [d for d in plan.days if d.layoff]
    assert len(flu) == 10 and all(d.workout is None for d in flu)
    # after 10 days the weekday template still follows the calendar
    race_day = next(d for d in plan.days if d.workout and d.workout.label == "race")
    assert race_day.date.weekday() == 6 and race_day.paces == "last_race"


def test_down_weeks() -> None:
    plan = sim.Plan(MONDAY).weeks(4, WEEK, phase="x", down_every=2)
    longs = [d.workout.steps[0].distance_m for d in plan.days if d.date.weekday() == 6]
    assert longs == pytest.approx([14000, 11200, 14000, 11200])


@pytest.fixture(scope="module")
def history() -> sim.History:
    return sim.simulate_history(small_plan(), RUNNER, seed=5, background=BACKGROUND)


def test_history_runs_the_plan(history: sim.History) -> None:
    labels = [r.truth.label for r in history.runs]
    assert labels.count("intervals") == 2 and labels.count("race") == 1
    assert len(history.fitness) == 31
    assert history.fitness.index[0] == pd.Timestamp(MONDAY)
    assert list(history.fitness["layoff"]).count("flu") == 10
    assert history.layoffs == (
        sim.Layoff(MONDAY + dt.timedelta(days=14), MONDAY + dt.timedelta(days=24), "flu"),
    )
    for run in history.runs:
        assert run.activity.session.format == "sim"
        local = run.truth.start + pd.Timedelta(hours=RUNNER.utc_offset_h)
        assert pd.Timestamp(local.date()) in history.fitness.index


def test_runs_use_the_day_fitness_and_doses_feed_the_model(history: sim.History) -> None:
    first = history.runs[0].truth
    assert first.vdot == pytest.approx(history.fitness["vdot"].iloc[1])
    day = history.fitness.loc[pd.Timestamp(MONDAY + dt.timedelta(days=1))]
    assert day["minutes"] == pytest.approx(first.dose.total_minutes)


def test_race_result_comes_from_the_day_vdot(history: sim.History) -> None:
    (race,) = history.races
    assert race.result.distance_m == sim.FIVE_K
    assert race.result.vdot == pytest.approx(race.vdot_fitness, rel=0.04)
    assert race.result.time_s == pytest.approx(
        sim.race_time(race.result.vdot, sim.FIVE_K), rel=1e-3
    )
    assert history.race_results["name"].tolist() == ["park 5k"]


def test_last_race_paces_come_from_the_initial_vdot_before_any_race(history: sim.History) -> None:
    race_week = history.fitness[history.fitness["phase"] == "race"]
    assert race_week["pace_vdot"].iloc[0] == RUNNER.vdot
    build = history.fitness[history.fitness["phase"] == "build"]
    assert (build["pace_vdot"] == build["vdot"]).all()


def test_background_defaults_to_the_first_weeks_of_the_plan() -> None:
    bg = sim.plan_background(small_plan(), RUNNER, weeks=2)
    assert bg.days_per_week == 3
    assert 150 < bg.minutes_per_week < 250
    assert 0.05 < bg.intensity_share < 0.2 and bg.grey_share < 0.05
    with pytest.raises(ValueError, match="without running"):
        sim.plan_background(sim.Plan(MONDAY).layoff(28, reason="injury"), RUNNER)


def test_same_seed_same_history() -> None:
    plan = sim.Plan(MONDAY).weeks(1, WEEK, phase="x")
    one = sim.simulate_history(plan, RUNNER, seed=11)
    two = sim.simulate_history(plan, RUNNER, seed=11)
    pd.testing.assert_frame_equal(one.fitness, two.fitness)
    assert [r.truth for r in one.runs] == [r.truth for r in two.runs]
    pd.testing.assert_frame_equal(one.runs[1].activity.records, two.runs[1].activity.records)


def test_history_truth_round_trips(history: sim.History) -> None:
    truth = history.truth()
    assert [p[0] for p in truth.phases] == ["build", "flu", "race"]
    assert truth.ceiling_vdot == RUNNER.vdot_ceiling and len(truth.runs) == len(history.runs)
    again = sim.HistoryTruth.from_json(truth.to_json())
    assert again.races == truth.races and again.layoffs == truth.layoffs
    assert again.runs == truth.runs and again.runner == truth.runner
    assert again.daily["vdot"] == pytest.approx(truth.daily["vdot"])
