"""`runlytics diagnose` and `runlytics report`: output, and one-line errors with status 2."""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib.image
import pytest

from runlytics import cli, read_export
from tests.report.browser import screenshot

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.mark.parametrize(
    "argv",
    [
        ["diagnose", "NOWHERE"],
        ["diagnose", str(SAMPLES / "boston"), "--goal", "marathon soon"],
        ["diagnose", str(SAMPLES / "boston"), "--as-of", "someday"],
        ["report", "NOWHERE", "-o", "x.html"],
    ],
)
def test_bad_input_is_one_line_and_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = [str(tmp_path / a) if a in ("NOWHERE", "x.html") else a for a in argv]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow
def test_diagnose_and_report_a_sample(
    sample_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(cli, "read_export", functools.partial(read_export, cache=sample_cache))
    boston = str(SAMPLES / "boston")
    assert cli.main(["diagnose", boston, "--as-of", "2025-04-13"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Diagnosis: boston, as of 2025-04-13")
    assert "Speedwork without structure" in out and "| threshold |" in out
    goal = ["--goal", "marathon 3:10:00", "--as-of", "2025-04-13"]
    assert cli.main(["diagnose", boston, *goal]) == 0
    assert "3:10:00" in capsys.readouterr().out
    page = tmp_path / "report.html"
    assert cli.main(["report", boston, "-o", str(page)]) == 0
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") or "<html" in html[:200]
    assert "<img" in html and "https://" not in html
    # the real report in a real browser: rendered, its figures on screen, no request but itself
    shot = tmp_path / "report.png"
    assert screenshot(page, shot, tmp_path) == ["/report.html"]
    rgb = matplotlib.image.imread(shot)[..., :3]
    saturated = (rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.3
    assert saturated.sum() > 2000  # coloured figures on screen, not a blank or text-only page
