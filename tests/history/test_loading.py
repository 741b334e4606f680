"""Executors and progress: the same history whatever runs the work; warnings into notes."""

from __future__ import annotations

import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import runlytics
from runlytics import History, read_export
from runlytics.history import loading
from runlytics.io.fit_write import encode_fit
from tests.history.exports import START, run


@pytest.fixture(scope="module")
def serial(small_export: Path) -> History:
    return read_export(small_export, cache=False, progress=False)


def test_a_thread_pool_gives_the_same_history(small_export: Path, serial: History) -> None:
    with ThreadPoolExecutor(2) as pool:
        h = read_export(small_export, cache=False, executor=pool, progress=False)
    pd.testing.assert_frame_equal(h.activities, serial.activities)


def test_a_process_pool_gives_the_same_history(
    small_export: Path, serial: History, tmp_path: Path
) -> None:
    with ProcessPoolExecutor(2) as pool:
        h = read_export(small_export, cache=tmp_path, executor=pool, progress=False)
    pd.testing.assert_frame_equal(h.activities, serial.activities)


def test_the_default_is_a_process_pool_above_a_few_dozen_files(
    small_export: Path, serial: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None) -> None:
            used.append(max_workers or 0)
            super().__init__(max_workers)

    monkeypatch.setattr(loading, "ProcessPoolExecutor", Pool)
    read_export(small_export, cache=False, progress=False)
    assert used == []  # five files: serial
    monkeypatch.setattr(loading, "PARALLEL_FROM", 2)
    h = read_export(small_export, cache=False, progress=False)
    assert used and used[0] >= 1
    pd.testing.assert_frame_equal(h.activities, serial.activities)


def test_progress_bar_on_request_and_off_by_default_when_not_interactive(
    small_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    read_export(small_export, cache=False, progress=True)
    assert "reading" in capsys.readouterr().err
    read_export(small_export, cache=False)  # pytest's stderr is not a terminal
    assert capsys.readouterr().err == ""
    assert loading.show_progress(False) is False and loading.show_progress(True) is True


def test_file_warnings_go_into_the_row_notes_not_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = encode_fit(run(START))
    (tmp_path / "cut.fit").write_bytes(data[: len(data) * 2 // 3])
    runlytics.write_fit(run(START + pd.Timedelta(days=1)), tmp_path / "whole.fit")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h = read_export(tmp_path, cache=False, progress=False)
    assert [w for w in caught if issubclass(w.category, runlytics.RecoveredDataWarning)] == []
    assert capsys.readouterr().err == ""
    notes = h.activities.set_index("source_file").loc["cut.fit", "notes"]
    assert "damaged" in notes


@pytest.mark.slow
def test_a_dask_cluster_executor(small_export: Path, serial: History, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        h = read_export(
            small_export, cache=tmp_path, executor=client.get_executor(), progress=False
        )
        many = runlytics.read_exports(
            [small_export], executor=client.get_executor(), cache=tmp_path, progress=False
        )
    pd.testing.assert_frame_equal(h.activities, serial.activities)
    pd.testing.assert_frame_equal(many[str(small_export)].activities, serial.activities)
