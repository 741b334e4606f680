"""Hostile archives: path escapes, zip and gzip bombs; each a typed problem, never a crash."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import runlytics
from runlytics import UnsafeArchiveError, read_export
from runlytics.history import archive
from runlytics.history.archive import check_member_name, gunzip_limited
from tests.history.exports import START, fit_gz, run

ZEROS = 64 * 2**20  # 64 MiB of zeros compress to about 64 KiB


def hostile_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities/1.fit.gz", fit_gz(run(START)))
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return path


@pytest.mark.parametrize(
    "name", ["../../etc/evil.fit", "/etc/evil.fit", "activities/../../evil.gpx", "C:/evil.tcx"]
)
def test_a_member_leaving_the_export_is_refused(tmp_path: Path, name: str) -> None:
    h = read_export(hostile_zip(tmp_path / "x.zip", {name: b"x"}), cache=False, progress=False)
    assert h.problems["error"].tolist() == ["UnsafeArchiveError"]
    assert "leaves the export" in h.problems["message"].iloc[0]
    assert len(h.activities) == 1 and h.activities["analysed"].all()  # the good member is read


def test_member_name_check_raises_a_typed_error() -> None:
    assert check_member_name("activities/1.fit", "x.zip") == "activities/1.fit"
    with pytest.raises(UnsafeArchiveError, match=r"x\.zip/\.\./a"):
        check_member_name("../a", "x.zip")


def test_a_zip_bomb_member_is_refused_by_its_ratio(tmp_path: Path) -> None:
    bomb = hostile_zip(tmp_path / "bomb.zip", {"activities/2.fit": bytes(ZEROS)})
    h = read_export(bomb, cache=False, progress=False)
    problem = h.problems.iloc[0]
    assert (problem["file"], problem["error"]) == ("activities/2.fit", "UnsafeArchiveError")
    assert "ratio" in problem["message"]
    assert len(h.activities) == 1


def test_a_gzip_bomb_in_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ok.fit.gz").write_bytes(fit_gz(run(START)))
    (tmp_path / "bomb.fit.gz").write_bytes(gzip.compress(bytes(ZEROS)))
    h = read_export(tmp_path, cache=False, progress=False)
    assert h.problems.set_index("file").loc["bomb.fit.gz", "error"] == "UnsafeArchiveError"
    assert len(h.activities) == 1


def test_size_limit_counts_the_bytes_produced_not_the_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(UnsafeArchiveError, match="more than"):
        gunzip_limited(gzip.compress(bytes(5000)), "x.gz")
    assert gunzip_limited(gzip.compress(b"abc"), "y.gz") == b"abc"


def test_a_nested_bomb_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.fit", bytes(ZEROS))
        z.writestr("good.fit.gz", fit_gz(run(START + pd.Timedelta(days=1))))
    path = hostile_zip(tmp_path / "n.zip", {"part.zip": inner.getvalue()})
    h = read_export(path, cache=False, progress=False)
    assert h.problems["file"].tolist() == ["part.zip/big.fit"]
    assert h.activities["source_file"].tolist() == ["activities/1.fit.gz", "part.zip/good.fit.gz"]


def test_an_archive_over_the_total_limit_is_refused_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 1)
    with pytest.raises(UnsafeArchiveError, match="members"):
        read_export(hostile_zip(tmp_path / "m.zip", {"a.gpx": b"x"}), cache=False)


def test_a_damaged_zip_member_is_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "d.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("activities/1.fit.gz", fit_gz(run(START)))
        z.writestr("activities/3.gpx", b"<gpx>" + b"A" * 4000 + b"</gpx>")
    data = bytearray(path.read_bytes())
    at = data.find(b"AAAA")
    data[at : at + 4] = b"BBBB"  # the stored bytes no longer match their CRC
    path.write_bytes(bytes(data))
    h = read_export(path, cache=False, progress=False)
    assert h.problems["file"].tolist() == ["activities/3.gpx"]
    assert h.problems["error"].tolist() == ["CorruptFileError"]
    assert len(h.activities) == 1


def test_a_damaged_zip_is_a_typed_error(tmp_path: Path) -> None:
    path = hostile_zip(tmp_path / "d.zip", {})
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    data[at : at + 4] = b"XXXX"  # the central directory is damaged
    path.write_bytes(bytes(data))
    with pytest.raises(runlytics.CorruptFileError, match="damaged zip"):
        read_export(path, cache=False, progress=False)


def test_a_zip_that_is_not_one_is_an_error_not_an_empty_history(tmp_path: Path) -> None:
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"PK\x03\x04 cut off")
    with pytest.raises(runlytics.CorruptFileError, match="not a readable zip"):
        runlytics.read_export(broken, cache=False, progress=False)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(runlytics.UnsupportedFormatError, match="neither an export"):
        runlytics.read_export(other, cache=False, progress=False)


def test_a_damaged_zip_inside_a_folder_is_a_problem_row(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "more.zip").write_bytes(b"not a zip")
    history = runlytics.read_export(folder, cache=False, progress=False)
    assert history.problems["error"].tolist() == ["CorruptFileError"]
