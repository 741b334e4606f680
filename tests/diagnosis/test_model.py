"""Goal, Finding, Prescription and Diagnosis: targets, rendering, comparison."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from lxml import html as lxml_html

from runlytics.diagnosis.model import Advice, Diagnosis, Finding, Goal, Prescription
from runlytics.metrics.vdot import training_paces


def diagnosis(*findings: Finding) -> Diagnosis:
    prescription = Prescription(
        paces=training_paces(45.0),
        weekly_km=(50.0, 60.0),
        base_phase_weeks=6,
        advice=(Advice("easy runs", "slower than 5:40/km", ("easy_runs_too_fast",)),),
    )
    return Diagnosis("test athlete", pd.Timestamp("2024-06-01"), None, findings, prescription)


EASY = Finding(
    "easy_runs_too_fast",
    "warning",
    "Easy runs too fast",
    "12 of 20 easy runs were faster than the easy range.",
    {"share_too_fast": 0.6, "runs": 20},
)
CONSISTENT = Finding(
    "consistency",
    "strength",
    "Consistent training",
    "Ran 5 days a week for 16 weeks.",
    pd.DataFrame({"runs": [5, 5, 4]}, index=pd.Index(["w1", "w2", "w3"], name="week")),
)


def test_goal_from_a_standard_and_from_a_time() -> None:
    boston = Goal(standard="boston")
    assert boston.target_time(47, "male", pd.Timestamp("2026-04-20")) == 3 * 3600 + 15 * 60
    assert Goal(time_s=11700).target_time(None, None, pd.Timestamp("2026-04-20")) == 11700
    with pytest.raises(ValueError, match="time_s or a standard"):
        Goal()
    with pytest.raises(ValueError, match="unknown standard"):
        Goal(standard="london")


def test_finding_checks_severity_and_plots() -> None:
    with pytest.raises(ValueError, match="severity"):
        Finding("layoff", "fatal", "t", "s", {})  # type: ignore[arg-type]
    ax = EASY.plot()
    assert ax.get_title() == "Easy runs too fast" and len(ax.patches) == 2
    plt.close(ax.figure)  # type: ignore[arg-type]


def test_markdown_lists_problems_before_strengths_and_the_prescription() -> None:
    text = diagnosis(CONSISTENT, EASY).to_markdown()
    assert text.index("Easy runs too fast") < text.index("Consistent training")
    assert "Base phase: 6 weeks" in text and "Weekly volume: 50-60 km" in text
    assert "| threshold |" in text


def test_html_is_self_contained() -> None:
    tree = lxml_html.fromstring(diagnosis(CONSISTENT, EASY).to_html())
    assert len(tree.findall(".//img")) == 2
    assert all(img.get("src").startswith("data:image/png") for img in tree.findall(".//img"))
    assert "12 of 20 easy runs" in tree.text_content()


def test_compare_before_and_after() -> None:
    fixed = Finding("easy_runs_too_fast", "info", "Easy runs easy", "2 of 20.", {})
    frame = diagnosis(CONSISTENT, EASY).compare(diagnosis(CONSISTENT, fixed))
    assert frame.loc["easy_runs_too_fast", "severity_before"] == "warning"
    assert frame.loc["easy_runs_too_fast", "severity_after"] == "info"
    assert diagnosis(EASY).finding("layoff") is None
