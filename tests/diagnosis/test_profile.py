"""Goals typed on the command line, the athlete a sample's README states, rule arithmetic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from runlytics.diagnosis.potential import boston_day, goal_time
from runlytics.diagnosis.profile import parse_goal, read_profile
from runlytics.diagnosis.progress import BASE_MAX_WEEKS, base_weeks

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.mark.parametrize(
    ("text", "distance", "seconds"),
    [
        ("marathon 3:15:00", 42195.0, 11700.0),
        ("half 1:30", 21097.5, 5400.0),
        ("half marathon under 1:30", 21097.5, 5400.0),
        ("10k 40:00", 10000.0, 2400.0),
        ("5k 0:19:30", 5000.0, 1170.0),
    ],
)
def test_parse_goal(text: str, distance: float, seconds: float) -> None:
    goal = parse_goal(text)
    assert (goal.distance_m, goal.time_s) == (distance, seconds)


def test_parse_goal_boston_and_nonsense() -> None:
    assert parse_goal("Boston qualifier: marathon under 3:15:00").standard == "boston"
    with pytest.raises(ValueError, match="not understood"):
        parse_goal("steady progress")


def test_read_profile_of_the_samples() -> None:
    athlete, goal = read_profile(SAMPLES / "boston")
    assert athlete is not None and athlete.sex == "male"
    assert athlete.at("2025-01-01").hr_max == 176 and athlete.at("2025-01-01").hr_rest == 47
    assert goal is not None and goal.standard == "boston"
    _, none = read_profile(SAMPLES / "control")  # "steady progress" is no race goal
    assert none is None
    assert read_profile(SAMPLES) == (None, None)


def test_read_profile_prefers_athlete_json(tmp_path: Path) -> None:
    (tmp_path / "athlete.json").write_text(
        '{"sex": "female", "birth_date": "1990-05-01", "hr_max": 190, "hr_rest": 50,'
        ' "goal": "half 1:45:00"}'
    )
    athlete, goal = read_profile(tmp_path)
    assert athlete is not None and athlete.sex == "female"
    assert goal is not None and goal.time_s == 6300.0


def test_boston_standard_of_the_race_a_qualifier_counts_for() -> None:
    assert boston_day(pd.Timestamp("2024-12-15")).year == 2026
    assert boston_day(pd.Timestamp("2025-06-01")).year == 2026
    assert boston_day(pd.Timestamp("2025-09-21")).year == 2027
    athlete, goal = read_profile(SAMPLES / "boston")
    assert goal is not None
    assert goal_time(goal, athlete, pd.Timestamp("2025-06-01")) == 3 * 3600 + 15 * 60


def test_base_weeks_grow_with_the_break_and_the_fitness_lost() -> None:
    assert base_weeks(35, 0.0) == 5
    assert base_weeks(35, 3.8) == 8
    assert base_weeks(14, float("nan")) == 2
    assert base_weeks(200, 10.0) == BASE_MAX_WEEKS
