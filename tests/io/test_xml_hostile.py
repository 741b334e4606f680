"""GPX and TCX on hostile input: entities in any encoding, bad bytes, odd dates, streaming."""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pytest

import runlytics
from runlytics.errors import CorruptFileError, RecoveredDataWarning
from runlytics.io.gpx import BATCH, ENGINES
from tests.io.test_gpx import gpx, point, read, run, tpx
from tests.io.test_tcx import activity, lap, points, tcx

ENTITY_DOC = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<!DOCTYPE gpx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    '<gpx version="1.1" creator="&b;" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><trkseg>" + "".join(run(3)) + "</trkseg></trk></gpx>"
)


def _utf7(text: str) -> bytes:
    """UTF-7 with every markup character escaped (``<`` as ``+ADw-``): no ASCII '<!ENTITY'."""
    return "".join(c if c.isalnum() or c in " \n" else "+" + _b64(c) + "-" for c in text).encode()


def _b64(char: str) -> str:
    import base64

    return base64.b64encode(char.encode("utf-16-be")).decode().rstrip("=")


ENCODED = {
    "utf-16-bom": lambda t: t.replace("{encoding}", "UTF-16").encode("utf-16"),
    "utf-16-le-no-bom": lambda t: t.replace("{encoding}", "UTF-16LE").encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.replace("{encoding}", "UTF-16BE").encode("utf-16-be"),
    "utf-32-bom": lambda t: t.replace("{encoding}", "UTF-32").encode("utf-32"),
    "utf-7": lambda t: _utf7(t.replace("{encoding}", "UTF-7")),
    "utf-8": lambda t: t.replace("{encoding}", "UTF-8").encode(),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_entities_are_refused_whatever_the_encoding(engine: str, encoding: str) -> None:
    data = ENCODED[encoding](ENTITY_DOC)
    if encoding == "utf-7":
        assert b"<!ENTITY" not in data and b"ENTITY" in data
    try:
        a = read(data, engine=engine)
    except CorruptFileError as exc:  # refused, or not readable in that encoding
        assert "hahaha" not in str(exc)
    else:  # pragma: no cover - a reader that took it must not have expanded anything
        raise AssertionError(f"read {a.session.device!r}")


@pytest.mark.parametrize("encoding", ["utf-16-bom", "utf-16-le-no-bom", "utf-16-be-no-bom"])
def test_lxml_refuses_entities_at_the_parser(encoding: str) -> None:
    with pytest.raises(CorruptFileError, match="entities"):
        read(ENCODED[encoding](ENTITY_DOC))


def test_tcx_refuses_entities_at_the_parser_in_utf16_without_bom() -> None:
    doc = tcx(activity(lap(0, *points(0, 20)))).decode()
    doc = doc.replace(
        "<TrainingCenterDatabase", '<!DOCTYPE x [<!ENTITY a "b">]>\n<TrainingCenterDatabase', 1
    )
    doc = doc.replace('encoding="UTF-8"', 'encoding="UTF-16LE"')
    with pytest.raises(CorruptFileError, match="entities"):
        runlytics.read_tcx(io.BytesIO(doc.encode("utf-16-le")))


@pytest.mark.parametrize("engine", ENGINES)
def test_invalid_utf8_is_a_corrupt_file_in_every_engine(engine: str) -> None:
    data = gpx(run(3), creator="Watch \xff").replace(
        "Watch \xc3\xbf".encode("latin-1"), b"Watch \xff"
    )
    assert b"\xff" in data
    with pytest.raises(CorruptFileError):
        read(data, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_cut_utf16_document_is_a_corrupt_file_in_every_engine(engine: str) -> None:
    data = gpx(run(3)).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RecoveredDataWarning)
        try:
            a = read(data[:-3], engine=engine)  # an odd number of bytes: half a character
        except CorruptFileError:
            return
    assert len(a.records) == 3  # read up to the damage (lxml) is also a typed outcome


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("when", "year"),
    [
        ("0001-01-01T00:00:00Z", 1),
        ("9999-12-31T23:59:59Z", 9999),
        ("2263-01-01T00:00:00Z", 2263),
        ("1677-09-21T00:00:00Z", 1677),
        ("2300-01-01T00:00:00+02:00", 2299),
    ],
)
def test_times_out_of_range_are_dropped_and_noted_never_another_date(
    engine: str, when: str, year: int
) -> None:
    points_ = run(6)
    points_[3] = point(3, time=when)
    a = read(gpx(points_), engine=engine)
    assert len(a.records) == 5
    assert a.records.index.year.unique().tolist() == [2021]
    assert any(
        f"1 time value(s) outside the years 1900-2199 (e.g. year {year})" in n
        for n in a.session.notes
    )
    with pytest.raises(CorruptFileError, match="outside the years"):
        read(gpx(points_), engine=engine, strict=True)


def test_tcx_times_out_of_range_are_dropped_and_noted() -> None:
    data = tcx(activity(lap(0, *points(0, 30)))).replace(
        b"2021-05-06T07:00:10Z", b"9999-05-06T07:00:10Z"
    )
    assert b"9999" in data
    a = runlytics.read_tcx(io.BytesIO(data))
    assert a.records.index.year.unique().tolist() == [2021]
    assert any("outside the years 1900-2199 (e.g. year 9999)" in n for n in a.session.notes)


def test_streaming_spans_batches_and_segments() -> None:
    """More points than one batch, a segment break inside a batch, notes counted over batches."""
    n = BATCH + 500
    first = [point(i, ext=tpx(hr=140)) for i in range(n // 2)]
    second = [point(i, ext=tpx(hr="x" if i % 1000 == 0 else 141)) for i in range(n // 2, n)]
    a = read(gpx(first, second))
    assert len(a.records) == n
    assert int((~a.records["timer_running"]).sum()) == 1
    expected_bad = sum(1 for i in range(n // 2, n) if i % 1000 == 0)
    assert any(f"{expected_bad} unreadable heart_rate_bpm value(s)" in x for x in a.session.notes)
    assert np.isnan(a.records["heart_rate_bpm"]).sum() == expected_bad


def test_streaming_ignores_routes_waypoints_and_stray_points() -> None:
    data = gpx(run(4)).replace(
        b"<trk>",
        b'<wpt lat="1" lon="1"><time>2021-03-04T08:00:00Z</time></wpt>'
        b'<rte><rtept lat="2" lon="2"><time>2021-03-04T08:00:01Z</time></rtept></rte>'
        b'<extensions><trkpt lat="3" lon="3"><time>2021-03-04T08:00:02Z</time></trkpt></extensions>'
        b"<trk>",
        1,
    )
    a = read(data)
    assert len(a.records) == 4 and a.records["latitude_deg"].min() >= 50.0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ((b'lat="50.000100"', b'lat="abc"'), "cannot read the value 'abc' in a lat or lon"),
        ((b"<ele>101</ele>", b"<ele>x</ele>"), "cannot read the value 'x' in <ele>"),
        ((b'lat="50.000100" ', b""), "without latitude or longitude"),
    ],
)
def test_gpxpy_errors_are_reworded_for_users(change: tuple[bytes, bytes], words: str) -> None:
    data = gpx(run(3)).replace(*change)
    assert data != gpx(run(3))
    with pytest.raises(CorruptFileError, match=re.escape(words)) as info:
        read(data, engine="gpxpy")
    assert "None" not in str(info.value) and "could not convert" not in str(info.value)


def test_invalid_character_reference_is_said_in_words() -> None:
    with pytest.raises(CorruptFileError, match="character reference &#0; is not a valid XML"):
        read(gpx(run(3), creator="a&#0;b"))
