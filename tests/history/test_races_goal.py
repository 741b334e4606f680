"""find_races and goal_feasibility: synthetic frames, and the samples' races and outcomes."""

from __future__ import annotations

import pandas as pd
import pytest

import runlytics as rl
from runlytics.history.goal import goal_feasibility
from runlytics.history.races import find_races, title_says_race
from tests.history.frames import ATHLETE, activities, every_day, steady_runs
from tests.history.samples import SampleHistory, truth


def test_race_titles() -> None:
    names = [
        "City Half Marathon",
        "parkrun #212",
        "Autumn 10k",
        "Sunday 5 mi",
        "Morning Run",
        "Lunch Run",
        "Halfway house",
        "Recovery jog",
    ]
    got = title_says_race(activities(every_day("2024-01-01", "2024-01-08"), name=names))
    assert got.tolist() == [True, True, True, True, False, False, False, False]
    typed = activities(["2024-01-01", "2024-01-02"], workout_type=["Race", "Workout"])
    assert title_says_race(typed).tolist() == [True, False]


def history_with(race_label: str, race_name: str, race_vdot: float) -> pd.DataFrame:
    easy = steady_runs(every_day("2024-01-01", "2024-03-31"), 50.0)
    time = rl.race_time(race_vdot, 10000.0)
    race = activities(
        ["2024-03-17"], distance_m=10150.0, moving_s=time, label=race_label, name=race_name
    )
    race.index = pd.RangeIndex(999, 1000, name="activity_id")
    return pd.concat([easy, race])


def test_a_titled_race_gains_confidence_and_keeps_its_vdot() -> None:
    races = find_races(history_with("race", "Spring 10k", 51.0), athlete=ATHLETE)
    row = races.loc[999]
    assert bool(row["is_race"]) and bool(row["title_says_race"])
    assert row["vdot"] == pytest.approx(51.0, abs=0.01)
    assert row["distance_m"] == 10000.0
    assert row["confidence"] == pytest.approx(0.9 + 0.05)  # 0.9 + 0.25 capped at 0.95


def test_a_title_never_overrides_the_data() -> None:
    # titled "Spring 10k", run well below race effort: not a race, whatever the title
    easy = find_races(history_with("steady", "Spring 10k", 44.0), athlete=ATHLETE)
    assert not easy.loc[999, "is_race"]
    assert "steady" in str(easy.loc[999, "evidence"][1])


def test_a_titled_race_the_classifier_called_tempo_is_confirmed_by_its_effort() -> None:
    # an even race looks like a tempo run; VDOT 49.5 against a fitness of 50: a race effort
    races = find_races(history_with("tempo", "Spring 10k", 49.5), athlete=ATHLETE)
    assert races.loc[999, "is_race"]
    assert races.loc[999, "confidence"] == 0.6
    assert any(e.name == "race_effort" for e in races.loc[999, "evidence"])
    # the same run without a race title stays a tempo run
    assert find_races(history_with("tempo", "Morning Run", 49.5), athlete=ATHLETE).empty


def test_an_untitled_race_label_needs_a_race_effort() -> None:
    raced = find_races(history_with("race", "Morning Run", 50.5), athlete=ATHLETE)
    assert raced.loc[999, "is_race"]
    hard_run = find_races(history_with("race", "Morning Run", 46.5), athlete=ATHLETE)
    assert not hard_run.loc[999, "is_race"]  # 3.5 below a fitness of 50: not a race effort


def test_a_race_far_below_fitness_is_doubted() -> None:
    races = find_races(history_with("race", "Morning Run", 40.0), athlete=ATHLETE)
    assert not races.loc[999, "is_race"]
    assert any(e.name == "doubt" for e in races.loc[999, "evidence"])


def test_goal_feasibility_on_a_known_history() -> None:
    frame = steady_runs(every_day("2024-01-01", "2024-06-30"), 50.0)
    at_50 = rl.race_time(50.0, 21097.5)
    reached = goal_feasibility(frame, 21097.5, at_50 + 60, race_date="2024-09-01", athlete=ATHLETE)
    assert reached.verdict == "reached"
    assert reached.vdot_now == pytest.approx(50.0)
    goal = rl.race_time(52.0, 21097.5)
    g = goal_feasibility(frame, 21097.5, goal, race_date="2024-09-29", athlete=ATHLETE)
    assert g.vdot_needed == pytest.approx(52.0)
    assert g.gap == pytest.approx(2.0)
    assert g.weeks_needed == pytest.approx(8.0)  # 2 VDOT at 0.25 a week
    assert g.weeks_needed_conservative == pytest.approx(12.0)
    assert g.weeks_available == pytest.approx(13.0)
    assert g.verdict == "within reach"
    assert g.trend_per_week == pytest.approx(0.0, abs=1e-9)
    assert g.weeks_at_trend == float("inf")
    soon = goal_feasibility(frame, 21097.5, goal, race_date="2024-08-04", athlete=ATHLETE)
    assert soon.verdict == "unlikely"
    assert [e.name for e in soon.evidence] == [
        "vdot_needed",
        "vdot_now",
        "trend_per_week",
        "weeks_needed",
    ]
    with pytest.raises(ValueError, match="positive"):
        goal_feasibility(frame, 21097.5, -1.0, race_date="2024-08-04")


def test_goal_uses_only_the_runs_up_to_as_of() -> None:
    early = steady_runs(every_day("2024-01-01", "2024-03-31"), 48.0)
    late = steady_runs(every_day("2024-04-01", "2024-06-30"), 52.0)
    late.index = late.index + len(early)
    frame = pd.concat([early, late])
    g = goal_feasibility(
        frame, 10000.0, 2400.0, race_date="2024-05-01", as_of="2024-03-31", athlete=ATHLETE
    )
    assert g.vdot_now == pytest.approx(48.0)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ivan", "boston", "control"])
def test_samples_races_are_the_true_races(name: str, request: pytest.FixtureRequest) -> None:
    history: SampleHistory = request.getfixturevalue(name)
    races = find_races(history)
    found = races[races["is_race"]]
    expected = truth(name)["races"]
    assert found["date"].dt.strftime("%Y-%m-%d").tolist() == [r["date"] for r in expected]
    assert found["vdot"].to_numpy() == pytest.approx(
        [r["result"]["vdot"] for r in expected], abs=0.01
    )
    assert found["title_says_race"].all()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("as_of", "race_date", "verdict"),
    [
        ("2024-10-31", "2024-12-15", "unlikely"),  # ran 3:21:53
        ("2025-04-15", "2025-06-01", "unlikely"),  # ran 3:17:51
        ("2025-06-15", "2025-09-21", "within reach"),  # ran 3:13:02, qualified
    ],
)
def test_boston_qualifier_goal_matches_each_outcome(
    boston: SampleHistory, as_of: str, race_date: str, verdict: str
) -> None:
    """Marathon under his standard for the 2026 race (qualifying window Sep 2024 - Sep 2025;
    48 on race day): M45-49, 3:15:00."""
    standard = rl.boston_standard(48, "male", race_year=2026)
    assert standard == 3 * 3600 + 15 * 60
    g = goal_feasibility(boston, 42195.0, standard, race_date=race_date, as_of=as_of)
    assert g.verdict == verdict


@pytest.mark.slow
def test_ivan_stalled_goal_is_unlikely(ivan: SampleHistory) -> None:
    g = goal_feasibility(ivan, 21097.5, 5400.0, race_date="2023-02-26", as_of="2023-01-01")
    assert g.verdict == "unlikely"  # he ran 1:33:05
    assert g.gap > 2.0
