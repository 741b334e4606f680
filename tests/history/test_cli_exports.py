"""The command line on whole exports: `read` on folders and zips, `demo`, `cache`."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlytics import cli
from runlytics.history import cache as cache_module
from tests.history.exports import zip_folder


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setattr(cache_module, "default_cache_dir", lambda: folder)
    monkeypatch.setattr(cli, "default_cache_dir", lambda: folder)
    return folder


def test_read_a_folder_prints_the_activities_summary(
    small_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["read", str(small_export)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<History 7 activities (4 runs analysed)")
    assert "running" in out and "cycling" in out and "5 with a file, 7 in the training log" in out


def test_read_a_zip(small_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["read", str(zip_folder(small_export, tmp_path / "e.zip"))]) == 0
    assert "<History 7 activities" in capsys.readouterr().out


def test_demo_on_any_export(small_export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo", str(small_export), "--weeks", "2"]) == 0
    out = capsys.readouterr().out
    assert "4 runs" in out and "weekly km, last 2 weeks" in out and "latest run:" in out


def test_demo_errors_are_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x05\x06" + bytes(8) + b"\x10\x00\x00\x00\x99\x99\x00\x00" + bytes(2))
    assert cli.main(["demo", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert cli.main(["demo", str(tmp_path / "nowhere")]) == 2


def test_cache_command_shows_and_clears(
    small_export: Path, user_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["read", str(small_export)])
    assert user_cache.exists()
    cli.main(["cache"])
    assert str(user_cache) in capsys.readouterr().out
    cli.main(["cache", "--clear"])
    assert not user_cache.exists()
