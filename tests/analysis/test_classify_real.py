"""classify_runs on a real athlete's export against the weak labels of their own titles.

The titles are never read by the classifier; they make the weak labels only. The figures
and the tables are printed by ``benchmarks/validate_real.py``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import runlytics
from runlytics.analysis.classify import RunClassification, classify_runs
from tests.conftest import real_path

pytestmark = pytest.mark.real

EXPORT = "patricktudor-running/"
STRUCTURED_NOT = {"easy", "recovery", "long", "unstructured_speedwork"}


@pytest.fixture(scope="module")
def labelled() -> list[tuple[str, str, RunClassification]]:
    folder = real_path(EXPORT)
    labels = pd.read_csv(folder / "labels-2019-01-to-05.csv")
    paths = sorted((folder / "strava-export-2019-01-to-05").glob("*.fit.gz"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = [runlytics.read_activity(p) for p in paths]
    results = dict(zip([p.name for p in paths], classify_runs(history), strict=True))
    return [
        (Path(f).name, weak, results[Path(f).name])
        for f, weak in zip(labels["file"], labels["weak_label"], strict=True)
    ]


@pytest.mark.slow
def test_every_race_found_and_the_paced_parkrun_not(labelled) -> None:
    races = [(name, r.label) for name, weak, r in labelled if weak == "race"]
    assert len(races) == 7 and all(label == "race" for _, label in races), races
    assert all(r.label != "race" for _, weak, r in labelled if weak == "not_race")


@pytest.mark.slow
def test_structured_sessions_are_structured(labelled) -> None:
    for name, weak, r in labelled:
        if weak == "structured":
            assert r.label not in STRUCTURED_NOT and r.stats.reps >= 4, name


@pytest.mark.slow
def test_easy_runs_easy_and_long_runs_long(labelled) -> None:
    for name, weak, r in labelled:
        if weak == "easy":
            assert r.label in {"easy", "recovery", "long"}, (name, r.label)
        if weak == "long":
            assert r.label == "long", (name, r.label)


@pytest.mark.slow
def test_labels_are_plausible_runs_with_confidence(labelled) -> None:
    assert all(r.running_plausible and 0 < r.confidence <= 1 for _, _, r in labelled)
