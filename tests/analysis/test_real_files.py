"""prepare / summarize / decoupling / splits / pace fade on the shared real files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.activity import Activity
from runlytics.analysis.efficiency import decoupling
from runlytics.analysis.pacing import pace_fade, splits
from runlytics.analysis.prepare import prepare
from runlytics.analysis.summary import summarize
from tests.conftest import real_path

pytestmark = pytest.mark.real

MARATHON = "patricktudor-running/strava-export-2019-01-to-05/2493331415.fit.gz"


def read(relative: str) -> Activity:
    return runlytics.read_activity(real_path(relative))


def test_timer_pauses_fenix2() -> None:
    a = read("runalyze-runalyze/Fenix-2-pauses.fit")
    records = a.records.copy(deep=True)
    p = prepare(a)
    pd.testing.assert_frame_equal(a.records, records)
    assert prepare(p) is p
    s = summarize(p)
    assert s["elapsed_s"] - s["timer_s"] > 180  # 7 pauses, about 4 min stopped
    assert s["moving_s"] <= s["timer_s"]
    assert s["distance_m"] == pytest.approx(a.session.distance_m, rel=0.005)
    assert p.records["paused"].sum() >= s["elapsed_s"] - s["timer_s"]


def test_long_easy_run_low_drift() -> None:
    result = decoupling(read("runalyze-runalyze/garmin-runPower.fit"))
    assert result.steady, result.reason
    assert abs(result.decoupling_pct) < 5


def test_hr_drift_at_steady_pace_is_positive() -> None:
    result = decoupling(read("corriporai-runpandas-data/Garmin_Forerunner_910XT-Running.fit"))
    assert result.steady, result.reason
    assert 0 < result.decoupling_pct < 10


def test_marathon_splits_fade_and_drift() -> None:
    a = read(MARATHON)
    s = splits(a)
    assert len(s) == 43 and s["partial"].tolist() == [False] * 42 + [True]
    assert s["distance_m"].sum() == pytest.approx(42459, abs=5)
    assert s["elapsed_s"].sum() == pytest.approx(11650, abs=1)
    assert 240 < s["pace_s_per_km"].median() < 300
    fade = pace_fade(a)
    assert fade.steady and fade.fade_pct > 0  # a positive split
    drift = decoupling(a)
    assert drift.steady and drift.decoupling_pct > 5


def test_gps_glitch_distance_cleaned() -> None:
    a = read("corriporai-runpandas/nike-sessions/556160e9-d74c-440c-b0af-363efb753430.gpx")
    assert 4_000 < a.session.distance_m < 8_000  # the reader drops stale 1 ms duplicates
    s = summarize(a)
    assert 4_000 < s["distance_m"] < 8_000
    assert prepare(a).records["speed_mps"].max() <= 12


def test_gpx_long_stop_inferred() -> None:
    s = summarize(read("corriporai-runpandas/stopped_example.gpx"))
    assert s["timer_s"] == s["elapsed_s"]  # GPX has no timer events
    assert s["elapsed_s"] - s["moving_s"] > 300


def test_footpod_run_without_gps() -> None:
    a = read("dtcooper-python-fitparse/compressed-speed-distance.fit")
    r = prepare(a).records
    assert (r["grade"] == 0).all()
    np.testing.assert_array_equal(r["gap_speed_mps"], r["speed_mps"])
    assert summarize(a)["distance_m"] == pytest.approx(10250, rel=0.01)
    assert pace_fade(a).fade_pct < 0  # a progression run: faster second half


def test_hr_only_file() -> None:
    s = summarize(read("dtcooper-python-fitparse/antfs-dump.63.fit"))
    assert np.isnan(s["distance_m"]) and s["moving_s"] == s["timer_s"]
    assert 100 < s["avg_hr_bpm"] < 200


def test_treadmill_tcx() -> None:
    r = prepare(read("runalyze-runalyze/Treadmill-doubled-cadence.tcx")).records
    assert (r["grade"] == 0).all()


def test_reps_are_not_steady() -> None:
    a = read("patricktudor-running/strava-export-2019-01-to-05/2562199071.fit.gz")  # 8 x 400 m
    assert not decoupling(a).steady
    assert not pace_fade(a).steady


def test_every_analysis_runs_on_every_real_activity() -> None:
    """prepare, summarize, decoupling, splits, pace fade, segments and classification on every
    real activity: a result or a RunlyticsError, never another exception."""
    import warnings

    import runlytics
    from tests.io.test_real_files import FILES

    if not FILES:
        pytest.skip("real files missing")
    steps = (
        runlytics.prepare,
        runlytics.analyze_run,
        runlytics.best_efforts,
        runlytics.summarize,
        runlytics.decoupling,
        runlytics.splits,
        runlytics.pace_fade,
        runlytics.detect_segments,
        runlytics.classify_run,
    )
    analysed = 0
    for path in FILES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", runlytics.RecoveredDataWarning)
            try:
                activities = runlytics.read_activities(path)
            except runlytics.RunlyticsError:
                continue
        for activity in activities:
            for step in steps:
                try:
                    step(activity)
                except runlytics.RunlyticsError:
                    continue
            analysed += 1
    assert analysed > 300
