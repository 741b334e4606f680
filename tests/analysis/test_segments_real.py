"""detect_segments / classify_run / plot_run on the shared real files.

What is expected of each file, and the label distribution of the Strava export,
is reported in docs/analysis.md ("Real files").
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import runlytics
from runlytics.analysis.classify import classify_run
from runlytics.report.plots import plot_run
from runlytics.vocabulary import RUN_LABELS
from tests.conftest import real_path

pytestmark = pytest.mark.real

STRAVA = "patricktudor-running/strava-export-2019-01-to-05/"


def classify(relative: str):
    return classify_run(runlytics.read_activity(real_path(relative)))


@pytest.mark.parametrize(
    "relative",
    [
        "dtcooper-python-fitparse/antfs-dump.63.fit",
        "dtcooper-python-fitparse/compressed-speed-distance.fit",
        "runalyze-runalyze/Treadmill-doubled-cadence.tcx",
        "runalyze-runalyze/FR70-intervals.fit",
        "dtcooper-python-fitparse/strava-android-app-201.10-b1218918.fit",
    ],
)
def test_treadmill_and_no_hr_files_run(relative: str) -> None:
    with pytest.warns() if "strava-android" in relative else _nothing():
        activity = runlytics.read_activity(real_path(relative))
    result = classify_run(activity)
    assert result.label in RUN_LABELS and 0 < result.confidence <= 1
    ax = plot_run(activity, result.segments)
    plt.close(ax.figure)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize("relative", [STRAVA + "2562199071.fit.gz", STRAVA + "2537563430.fit.gz"])
def test_reps_without_manual_laps_are_not_unstructured(relative: str) -> None:
    result = classify(relative)
    assert result.label != "unstructured_speedwork"
    assert result.stats.reps >= 4


def test_harriers_eight_reps() -> None:
    assert classify(STRAVA + "2562199071.fit.gz").stats.reps == 8


def test_time_jump_six_by_three_minutes_with_laps() -> None:
    result = classify("runalyze-runalyze/time-jump.fit")
    work = result.segments.query("kind == 'work'")
    assert len(work) == 6 and (work["source"] == "laps").all()
    assert work["active_s"].between(170, 195).all()
    assert result.segments.attrs["signal"] == "speed_mps"  # GPS altitude: GAP is noise
    assert result.label == "intervals"


@pytest.mark.parametrize(
    "relative",
    [
        "runalyze-runalyze/garmin-runPower.fit",
        STRAVA + "2493331415.fit.gz",
        "corriporai-runpandas-data/Garmin_Forerunner_910XT-Running.fit",
    ],
)
def test_long_and_easy_runs_are_continuous(relative: str) -> None:
    result = classify(relative)
    assert result.label in {"easy", "long", "race", "steady"}
    assert result.stats.reps == 0


#: Labels of a run without structure or hard effort.
CONTINUOUS = {"recovery", "easy", "long", "steady", "race", "progression"}


@pytest.mark.slow
def test_strava_export_runs_are_mostly_continuous() -> None:
    """Of the export's runs (rides, walks, skiing left out) most are continuous; the titled
    sessions are structured."""
    folder = real_path(STRAVA)
    labels = {}
    for path in sorted(folder.glob("*.fit.gz")):
        activity = runlytics.read_activity(path)
        if activity.session.sport == "running":
            labels[path.name] = classify_run(activity).label
    assert len(labels) >= 90
    continuous = sum(label in CONTINUOUS for label in labels.values())
    assert continuous >= 0.8 * len(labels)
    assert labels["2562199071.fit.gz"] == "intervals"  # Harriers 8 x 400 m
    assert labels["2537563430.fit.gz"] in {"intervals", "fartlek"}  # hill sprints
    assert labels["2226643762.fit.gz"] == "intervals"  # titled as hills: 10 climbs
