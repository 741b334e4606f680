"""The run cache: misses analyse, hits do not; a new athlete re-derives only its part."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics import read_export
from runlytics.history import cache as cache_module
from runlytics.history import loading
from runlytics.history.cache import RunStore, content_hash


def no_analysis(*_: object) -> None:
    raise AssertionError("the run was analysed again")


def test_a_second_load_reads_the_cache_and_analyses_nothing(
    small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_export(small_export, cache=tmp_path, progress=False)
    monkeypatch.setattr(loading, "run_core", no_analysis)
    second = read_export(small_export, cache=tmp_path, progress=False)
    assert second.problems.empty
    pd.testing.assert_frame_equal(first.activities, second.activities)
    pd.testing.assert_frame_equal(first.best_efforts, second.best_efforts)


def test_a_miss_analyses(
    small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "run_core", no_analysis)
    h = read_export(small_export, cache=tmp_path, progress=False)
    assert set(h.problems["error"]) == {"AssertionError"}  # the test's stand-in failed: it ran
    assert len(h.problems) == 4


def test_a_new_athlete_rederives_only_the_athlete_part(
    small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    easy = runlytics.Athlete(sex="female", hr_max=200, hr_rest=45, hr_threshold=180,
                             threshold_speed_mps=4.5)  # fmt: skip
    hard = runlytics.Athlete(sex="female", hr_max=170, hr_rest=60, hr_threshold=150,
                             threshold_speed_mps=3.0)  # fmt: skip
    a = read_export(small_export, athlete=easy, cache=tmp_path, progress=False).activities
    monkeypatch.setattr(loading, "run_core", no_analysis)
    b = read_export(small_export, athlete=hard, cache=tmp_path, progress=False).activities
    runs = a.index[a["analysed"]]
    assert (b.loc[runs, "hrtss"] > a.loc[runs, "hrtss"]).all()
    assert (b.loc[runs, "rtss"] > a.loc[runs, "rtss"]).all()
    pd.testing.assert_series_equal(a["distance_m"], b["distance_m"])
    parts = list(tmp_path.rglob("athlete-*.json"))
    assert len(parts) == 2 * len(runs)


def test_the_cached_core_gives_the_same_analysis(small_export: Path, tmp_path: Path) -> None:
    athlete = runlytics.Athlete(sex="male", hr_max=190, hr_rest=50, hr_threshold=170,
                                threshold_speed_mps=3.5)  # fmt: skip
    read_export(small_export, athlete=athlete, cache=tmp_path, progress=False)
    path = small_export / "activities" / "1003.fit.gz"
    core = RunStore.at(tmp_path).load_core(content_hash(path.read_bytes()))
    fresh = runlytics.analyze_run(runlytics.read_activity(path), athlete)
    cached = runlytics.RunAnalysis.from_core(core, athlete)
    pd.testing.assert_series_equal(cached.summary, fresh.summary, check_names=False)
    assert (cached.label, cached.confidence) == (fresh.label, fresh.confidence)
    pd.testing.assert_frame_equal(cached.segments, fresh.segments)
    assert cached.segments.attrs == fresh.segments.attrs
    pd.testing.assert_frame_equal(cached.best_efforts, fresh.best_efforts)
    pd.testing.assert_frame_equal(cached.prepared.records, fresh.prepared.records)
    assert cached.prepared.session == replace(fresh.prepared.session, source=str(path))


def test_cache_defaults_to_the_user_folder_and_can_be_cleared(
    small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "default_cache_dir", lambda: tmp_path / "user-cache")
    read_export(small_export, cache=False, progress=False)
    assert not (tmp_path / "user-cache").exists()
    read_export(small_export, progress=False)
    assert list((tmp_path / "user-cache").rglob("records.parquet"))
    assert runlytics.history.clear_cache() > 0
    assert not (tmp_path / "user-cache").exists()


def test_another_analysis_version_misses(
    small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = f"v{cache_module.ANALYSIS_VERSION}"
    read_export(small_export, cache=tmp_path, progress=False)
    monkeypatch.setattr(cache_module, "ANALYSIS_VERSION", "test-next")
    read_export(small_export, cache=tmp_path, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([current, "vtest-next"])


def test_run_without_cache_reads_the_file_again(small_export: Path) -> None:
    h = read_export(small_export, cache=False, progress=False)
    assert h.store is None
    assert np.isfinite(h.run(1001).summary["distance_m"])


def test_a_cached_run_read_from_another_folder_names_that_folder(
    small_export: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    read_export(small_export, cache=cache, progress=False)
    moved = shutil.copytree(small_export, tmp_path / "moved")
    history = read_export(moved, cache=cache, progress=False)
    run_id = history.activities.index[history.activities["analysed"]][0]
    assert str(moved) in history.run(run_id).prepared.session.source
