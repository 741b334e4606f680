"""easy_discipline: easy runs against Daniels' easy range, synthetic and on the samples' truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runlytics as rl
from runlytics.history.discipline import easy_discipline
from runlytics.metrics.vdot import speed_at_vo2
from tests.history.frames import ATHLETE, activities, every_day
from tests.history.samples import SampleHistory, truth_runs


def runs_at(fractions: list[float], vdot: float = 50.0) -> pd.DataFrame:
    """Easy runs at ``fractions`` of VO2max, for an athlete with a given VDOT."""
    speed = speed_at_vo2(np.asarray(fractions) * vdot)
    days = every_day("2024-03-01", "2024-03-31")[: len(fractions)]
    return activities(days, distance_m=speed * 3000, moving_s=3000.0, avg_heart_rate_bpm=140.0)


def test_runs_above_74_percent_of_vdot_are_too_fast() -> None:
    athlete = rl.Athlete(sex="male", hr_max=190, hr_rest=50, vdot=50.0)
    result = easy_discipline(runs_at([0.62, 0.70, 0.73, 0.76, 0.80]), athlete=athlete)
    assert result.runs["too_fast"].tolist() == [False, False, False, True, True]
    assert result.share_too_fast == pytest.approx(0.4)
    assert set(result.runs["vdot_source"]) == {"given"}
    top = rl.training_paces(50.0).easy_max_mps
    assert result.runs["easy_max_mps"].iloc[0] == pytest.approx(top)
    assert result.runs["hr_too_high"].tolist() == [False] * 5  # 140 < 0.79 x 190
    assert "40%" in str(result.evidence[0])


def test_heart_rate_ceiling_and_tolerance() -> None:
    athlete = rl.Athlete(sex="male", hr_max=190, hr_rest=50, vdot=50.0)
    frame = runs_at([0.745, 0.745])
    frame["avg_heart_rate_bpm"] = [149.0, 152.0]  # 0.79 x 190 = 150.1
    result = easy_discipline(frame, athlete=athlete, tolerance=0.02)
    assert result.runs["too_fast"].tolist() == [False, False]
    assert result.runs["hr_too_high"].tolist() == [False, True]


def test_workouts_are_not_judged() -> None:
    athlete = rl.Athlete(sex="male", hr_max=190, hr_rest=50, vdot=50.0)
    frame = runs_at([0.9, 0.9])
    frame["label"] = ["tempo", "easy"]
    assert easy_discipline(frame, athlete=athlete).runs.index.tolist() == [2]


def test_without_a_vdot_the_trend_of_the_week_before_is_used() -> None:
    from tests.history.frames import steady_runs

    days = every_day("2024-01-01", "2024-02-29")
    result = easy_discipline(steady_runs(days, 50.0, hrr=0.6), athlete=ATHLETE)
    judged = result.runs.dropna(subset=["vdot"])
    assert judged["date"].min() >= pd.Timestamp("2024-01-08")  # no week before the first
    assert judged["vdot"].to_numpy() == pytest.approx(50.0)
    assert set(judged["vdot_source"]) == {"fitness trend"}


def truly_too_fast(name: str) -> pd.Series:
    """Runs the plan meant easy (truth label easy/recovery/long) and whether they ran above 74 %."""
    out = {}
    for activity_id, t in truth_runs(name).items():
        efforts = [  # the run's steady part, not its strides
            s["effort"]
            for s in t["steps"]
            if s["kind"] == "steady" and isinstance(s["effort"], float)
        ]
        if t["label"] in ("easy", "recovery", "long") and efforts:
            out[activity_id] = max(efforts) * t["pace_vdot"] / t["vdot"] > 0.745
    return pd.Series(out)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "share"), [("ivan", (0.35, 0.7)), ("boston", (0.35, 0.7)), ("control", (0.0, 0.05))]
)
def test_samples_easy_runs_too_fast_match_the_truth(
    name: str, share: tuple[float, float], request: pytest.FixtureRequest
) -> None:
    """Precision >= 0.8 and recall >= 0.7 of "too fast" on the runs meant easy (measured:
    ivan 1.00/0.74, boston 0.89/0.89; control none, truly none)."""
    history: SampleHistory = request.getfixturevalue(name)
    result = easy_discipline(history)
    assert share[0] <= result.share_too_fast <= share[1]
    true = truly_too_fast(name)
    got = result.runs["too_fast"].reindex(true.index)
    judged = got.notna()
    got, true = got[judged].astype(bool), true[judged]
    assert judged.mean() > 0.9
    if true.any():
        assert (got & true).sum() / got.sum() >= 0.8
        assert (got & true).sum() / true.sum() >= 0.7
    else:
        assert not got.any()
