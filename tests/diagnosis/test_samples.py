"""The diagnosis against the samples' stories (their truth read here, never by the library)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from runlytics import Diagnosis, Goal, History, diagnose

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
#: Boston: the December and spring marathons missed the standard; the structured block began
#: on 2025-06-16 and the autumn marathon (2025-09-21) qualified.
BEFORE, SPRING = "2025-04-13", pd.Timestamp("2025-06-01")
AFTER, AUTUMN = "2025-08-03", pd.Timestamp("2025-09-21")
#: Ivan five weeks into his return from COVID.
RETURN = "2022-05-15"


def truth(name: str) -> dict[str, object]:
    result: dict[str, object] = json.loads((SAMPLES / name / "truth" / "history.json").read_text())
    return result


def codes(d: Diagnosis, *severities: str) -> set[str]:
    return {f.code for f in d.findings if not severities or f.severity in severities}


@pytest.fixture(scope="module")
def ivan_return(ivan: History) -> Diagnosis:
    return diagnose(ivan, as_of=RETURN, goal=Goal(distance_m=21097.5, time_s=5400.0))


@pytest.fixture(scope="module")
def boston_before(boston: History) -> Diagnosis:
    return diagnose(boston, as_of=BEFORE, goal=Goal(standard="boston", race_date=SPRING))


@pytest.fixture(scope="module")
def boston_after(boston: History) -> Diagnosis:
    return diagnose(boston, as_of=AFTER, goal=Goal(standard="boston", race_date=AUTUMN))


def test_ivan_break_dates_within_days_of_truth(ivan_return: Diagnosis) -> None:
    true = truth("ivan")["layoffs"][0]  # type: ignore[index]
    found = ivan_return.finding("layoff")
    assert found is not None and found.severity == "warning"
    evidence = dict(found.evidence)
    for key in ("start", "end"):
        gap = abs(pd.Timestamp(evidence[key]) - pd.Timestamp(true[key]))
        assert gap <= pd.Timedelta(days=3), (key, evidence[key], true[key])


def test_ivan_easy_runs_too_fast_in_the_return(ivan_return: Diagnosis) -> None:
    found = ivan_return.finding("easy_runs_too_fast")
    assert found is not None and found.severity in ("warning", "problem")
    evidence = found.evidence_frame()
    assert (pd.to_datetime(evidence["local_date"]) >= pd.Timestamp("2022-04-11")).all()
    assert "2022-04-11" in found.statement


def test_ivan_base_phase_needed_with_length_and_reason(ivan_return: Diagnosis) -> None:
    found = ivan_return.finding("base_phase_needed")
    assert found is not None
    weeks = dict(found.evidence)["base_weeks"]
    assert 5 <= weeks <= 12  # 35 days off: at least a week per week off
    assert ivan_return.prescription.base_phase_weeks > 0
    base = [a for a in ivan_return.prescription.advice if a.topic == "base phase"]
    assert base and "base_phase_needed" in base[0].because
    low, high = ivan_return.prescription.weekly_km or (0, 0)
    assert 0 < low < high < 60  # below what he held before the break, not his peak


def test_ivan_full_history_reports_the_old_break_as_info(ivan: History) -> None:
    d = diagnose(ivan)
    assert d.finding("layoff") is not None and d.finding("layoff").severity == "info"  # type: ignore[union-attr]
    assert "base_phase_needed" not in codes(d)


def test_boston_before_the_change(boston_before: Diagnosis) -> None:
    assert {"unstructured_speedwork", "mileage_up_fitness_flat"} <= codes(boston_before)
    goal = boston_before.finding("goal_feasibility")
    assert goal is not None and dict(goal.evidence)["verdict"] == "unlikely"
    assert dict(goal.evidence)["goal_time"] == "3:15:00"


def test_boston_after_the_change(boston_after: Diagnosis) -> None:
    assert not {"unstructured_speedwork", "mileage_up_fitness_flat"} & codes(boston_after)
    goal = boston_after.finding("goal_feasibility")
    assert goal is not None and dict(goal.evidence)["verdict"] in ("within reach", "reached")


def test_boston_compare(boston_before: Diagnosis, boston_after: Diagnosis) -> None:
    table = boston_before.compare(boston_after)
    assert table.loc["unstructured_speedwork", "severity_before"] == "warning"
    assert pd.isna(table.loc["unstructured_speedwork", "severity_after"])
    assert table.loc["mileage_up_fitness_flat", "severity_before"] == "problem"
    assert table.loc["goal_feasibility", "severity_after"] in ("info", "strength")


def test_boston_prescription_ties_advice_to_findings(boston_before: Diagnosis) -> None:
    p = boston_before.prescription
    assert p.paces is not None and 44 < p.paces.vdot < 50
    topics = {a.topic: a.because for a in p.advice}
    assert "unstructured_speedwork" in topics["quality sessions"]
    assert "mileage_up_fitness_flat" in topics["volume"]
    assert (
        p.weekly_km is not None and p.weekly_km[1] < 105
    )  # less than the mileage block he stalled on


def test_control_raises_no_warning_or_problem(control: History) -> None:
    d = diagnose(control, goal=Goal(distance_m=10000.0, time_s=2400.0))
    assert not codes(d, "warning", "problem"), d.summary()
    assert {"consistency", "long_run_habit", "racing_potential"} <= codes(d)


def test_as_of_cuts_the_history(boston: History) -> None:
    d = diagnose(boston, as_of=BEFORE)
    assert d.as_of == pd.Timestamp(BEFORE)
    assert all(
        pd.Timestamp(str(v)) <= d.as_of
        for f in d.findings
        for k, v in (f.evidence.items() if isinstance(f.evidence, dict) else ())
        if k in ("end", "week")
    )


def test_an_activities_frame_is_diagnosed_too(ivan: History) -> None:
    d = diagnose(ivan.activities, as_of=RETURN)
    assert d.as_of == pd.Timestamp(RETURN) and d.athlete_name == "athlete"
    assert {"layoff", "base_phase_needed", "easy_runs_too_fast"} <= codes(d)


def test_reports_render(boston_before: Diagnosis) -> None:
    page = boston_before.to_html()
    assert page.count("<img") >= 3 and "http://" not in page and "https://" not in page
    assert "Speedwork without structure" in boston_before.to_markdown()
