"""analyze_run(): one analysis per run, the athlete-independent core reused, views agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.analysis import prepare as prepare_module
from runlytics.analysis.run import RunAnalysis, analyze_run, run_core
from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.simulate import workouts
from runlytics.simulate.run import simulate_run
from runlytics.simulate.runner import Runner

ATHLETE = Athlete(
    sex="male", hr_max=185, hr_rest=50, hr_threshold=170, threshold_speed_mps=4.2, vdot=50.0
)
RUNNER = Runner("test", "M", age=35, hr_max=185, hr_rest=50, vdot=50.0)


@pytest.fixture(scope="module")
def intervals() -> runlytics.Activity:
    workout = workouts.intervals(6, distance_m=1000, warmup_min=15)
    return simulate_run(workout, RUNNER, start="2024-05-01T07:00", seed=3).activity


def test_analysis_holds_every_part(intervals: runlytics.Activity) -> None:
    result = analyze_run(intervals, ATHLETE)
    assert isinstance(result, RunAnalysis)
    assert runlytics.is_prepared(result.prepared)
    assert result.label == "intervals" and result.confidence > 0.5
    assert (result.segments["kind"] == "work").sum() == 6
    assert {"trimp_banister", "hrtss", "rtss", "ef"} <= set(result.summary.index)
    assert np.isfinite(result.summary[["trimp_banister", "hrtss", "rtss"]]).all()
    assert result.best_efforts.loc["1 km", "time_s"] > 0
    assert all(isinstance(e, Evidence) for e in result.evidence)
    assert "intervals" in repr(result)


def test_views_agree_with_the_analysis(intervals: runlytics.Activity) -> None:
    result = analyze_run(intervals, ATHLETE)
    pd.testing.assert_series_equal(runlytics.summarize(intervals, ATHLETE), result.summary)
    c = runlytics.classify_run(intervals, ATHLETE)
    assert (c.label, c.confidence, c.reasons) == (result.label, result.confidence, result.evidence)
    pd.testing.assert_frame_equal(runlytics.detect_segments(intervals), result.segments)
    assert runlytics.decoupling(intervals) == result.core.decoupling
    assert runlytics.pace_fade(intervals) == result.core.pace_fade


def test_views_prepare_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = prepare_module.prepare

    def counting(activity: runlytics.Activity, **kw: float) -> runlytics.PreparedActivity:
        calls.append(activity)
        return real(activity, **kw)

    monkeypatch.setattr(prepare_module, "prepare", counting)
    workout = workouts.easy_run(30)
    activity = simulate_run(workout, RUNNER, start="2024-05-02T07:00", seed=4).activity
    runlytics.summarize(activity, ATHLETE)
    runlytics.classify_run(activity, ATHLETE)
    runlytics.detect_segments(activity)
    runlytics.decoupling(activity)
    runlytics.splits(activity)
    analyze_run(activity, ATHLETE)
    assert len(calls) == 1


def test_a_new_athlete_reuses_the_core(intervals: runlytics.Activity) -> None:
    result = analyze_run(intervals)
    assert np.isnan(result.summary["hrtss"])  # no athlete: no load
    again = result.with_athlete(ATHLETE)
    assert again.core is result.core
    assert np.isfinite(again.summary["hrtss"])
    other = Athlete(sex="male", hr_max=190, hr_rest=45, vdot=45.0)
    assert RunAnalysis.from_core(run_core(intervals), other).core.prepared is result.prepared


def test_returned_frames_are_copies(intervals: runlytics.Activity) -> None:
    segments = runlytics.detect_segments(intervals)
    segments["kind"] = "steady"
    assert (runlytics.detect_segments(intervals)["kind"] == "work").any()
    efforts = runlytics.best_efforts(intervals)
    efforts["time_s"] = 0.0
    assert (runlytics.best_efforts(intervals)["time_s"].dropna() > 0).all()


def test_reasons_name_the_effort_actually_used() -> None:
    # no altitude, no heart rate: raw speed on the flat is what grade-adjusted means here
    workout = workouts.easy_run(40)
    activity = simulate_run(workout, RUNNER, start="2024-05-03T07:00", seed=5).activity
    c = runlytics.classify_run(activity, ATHLETE)
    main = c.reasons[0]
    assert main.name == "main_intensity" and main.unit == "fraction of VDOT"
    assert c.stats.effort_from in str(main)
    assert c.stats.effort_from in ("grade-adjusted speed", "raw speed")
