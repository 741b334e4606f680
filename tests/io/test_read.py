"""The dispatcher: sources, gzip, sniffing, format checks and errors."""

from __future__ import annotations

import gzip
import io

import pytest

import runlytics
from tests.io.fitfiles import encode, run_messages

SEMICOLON_CSV = (
    b"time;distance;heart_rate\n2024-01-01T10:00:00Z;0;120\n2024-01-01T10:00:01Z;3;121\n"
)


def test_csv_with_semicolons_from_a_file_object() -> None:
    for read in (runlytics.read_csv, runlytics.read_activity):
        activity = read(io.BytesIO(SEMICOLON_CSV))
        assert activity.session.format == "csv" and len(activity.records) == 2


def test_gzip_is_detected_by_content_not_name(tmp_path) -> None:
    path = tmp_path / "run.bin"
    path.write_bytes(gzip.compress(encode(run_messages(seconds=30))))
    assert runlytics.read_activity(path).session.format == "fit"


def test_fit_given_to_read_gpx() -> None:
    with pytest.raises(runlytics.UnsupportedFormatError, match="FIT file, not GPX"):
        runlytics.read_gpx(io.BytesIO(encode(run_messages(seconds=30))))


def test_unknown_content(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\x00\x01\x02 binary junk")
    with pytest.raises(runlytics.UnsupportedFormatError, match=r"notes\.txt"):
        runlytics.read_activity(path)


def test_missing_path(tmp_path) -> None:
    with pytest.raises(runlytics.UnsupportedFormatError, match="cannot be opened"):
        runlytics.read_activity(tmp_path / "nope.fit")


def test_text_mode_file_object(tmp_path) -> None:
    path = tmp_path / "run.csv"
    path.write_bytes(SEMICOLON_CSV)
    with open(path) as text, pytest.raises(runlytics.UnsupportedFormatError, match="binary"):
        runlytics.read_activity(text)


def test_damaged_gzip(tmp_path) -> None:
    path = tmp_path / "run.fit.gz"
    path.write_bytes(gzip.compress(b"x" * 1000)[:30])
    with pytest.raises(runlytics.CorruptFileError, match="gzip"):
        runlytics.read_activity(path)
