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


def test_missing_path_is_a_file_not_found_error(tmp_path) -> None:
    path = tmp_path / "nope.gpx"
    with pytest.raises(FileNotFoundError) as info:
        runlytics.read_gpx(path)
    assert isinstance(info.value, runlytics.RunlyticsError)
    assert info.value.filename == str(path) and str(info.value).startswith(str(path))


def test_registry_lists_every_format_with_its_parse_function() -> None:
    from runlytics.io import csv, fit, gpx, tcx
    from runlytics.io.read import READERS

    assert dict(READERS) == {
        "fit": READERS["fit"],
        "gpx": READERS["gpx"],
        "tcx": READERS["tcx"],
        "csv": READERS["csv"],
    }
    assert [READERS[f].parse for f in ("fit", "gpx", "tcx", "csv")] == [
        fit.parse,
        gpx.parse,
        tcx.parse,
        csv.parse,
    ]
    assert READERS["fit"].engines == ("fitfast", "fitparse")
    assert READERS["csv"].engines == ("pandas",)


FIT_RUN = encode(run_messages(seconds=30))
GPX_RUN = (
    b'<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
    b'<trk><trkseg><trkpt lat="1" lon="2"><time>2024-01-01T10:00:00Z</time></trkpt>'
    b'<trkpt lat="1.0001" lon="2"><time>2024-01-01T10:00:01Z</time></trkpt></trkseg></trk></gpx>'
)
TCX_RUN = (
    b'<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
    b'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-01-01T10:00:00Z'
    b'</Id><Lap StartTime="2024-01-01T10:00:00Z"><Track><Trackpoint><Time>2024-01-01T10:00:00Z'
    b"</Time><DistanceMeters>0</DistanceMeters></Trackpoint><Trackpoint><Time>2024-01-01T10:00:01Z"
    b"</Time><DistanceMeters>3</DistanceMeters></Trackpoint></Track></Lap></Activity></Activities>"
    b"</TrainingCenterDatabase>"
)


@pytest.mark.parametrize(
    ("read", "data", "engines"),
    [
        (runlytics.read_fit, FIT_RUN, "'fitfast', 'fitparse'"),
        (runlytics.read_gpx, GPX_RUN, "'lxml', 'gpxpy'"),
        (runlytics.read_tcx, TCX_RUN, "'lxml'"),
        (runlytics.read_csv, SEMICOLON_CSV, "'pandas'"),
        (runlytics.read_activity, FIT_RUN, "'fitfast', 'fitparse'"),
        (runlytics.read_activity, SEMICOLON_CSV, "'pandas'"),
    ],
)
def test_unknown_engine_is_a_value_error_naming_the_engines(read, data, engines) -> None:
    assert read(io.BytesIO(data)).records.shape[0] >= 2  # the data itself reads
    with pytest.raises(ValueError, match=f"valid options are None, {engines}") as info:
        read(io.BytesIO(data), engine="nope")
    assert isinstance(info.value, runlytics.UnsupportedFormatError)  # as before


def test_unknown_engine_is_reported_before_the_file_is_opened(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown GPX engine 'fast'"):
        runlytics.read_gpx(tmp_path / "missing.gpx", engine="fast")
