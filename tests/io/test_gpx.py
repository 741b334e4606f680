"""GPX reader: small documents written here, plus every real GPX file."""

from __future__ import annotations

import gzip
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    RunlyticsError,
    UnsupportedFormatError,
)
from runlytics.io.gpx import ENGINES, gpx_sport
from runlytics.io.xml import EARTH_RADIUS_M, cadence_factor, path_distance
from tests.conftest import real_files, real_path
from tests.schema import assert_canonical

GPX_NS = "http://www.topografix.com/GPX/1/1"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
START = pd.Timestamp("2021-03-04T08:00:00Z")


def point(
    i: int,
    *,
    ext: str = "",
    lat: float | None = None,
    time: str | None = "auto",
    seconds: int | None = None,
) -> str:
    """One <trkpt>: 0.0001 deg of latitude (about 11.1 m) and 5 s after the previous one."""
    lat = 50.0 + i * 0.0001 if lat is None else lat
    t = START + pd.Timedelta(seconds=5 * i if seconds is None else seconds)
    when = t.strftime("%Y-%m-%dT%H:%M:%SZ") if time == "auto" else time
    time_xml = "" if when is None else f"<time>{when}</time>"
    ext_xml = f"<extensions>{ext}</extensions>" if ext else ""
    return f'<trkpt lat="{lat:.6f}" lon="7.0"><ele>{100 + i}</ele>{time_xml}{ext_xml}</trkpt>'


def tpx(prefix: str = "gpxtpx", **fields: float) -> str:
    inner = "".join(f"<{prefix}:{k}>{v}</{prefix}:{k}>" for k, v in fields.items())
    return f"<{prefix}:TrackPointExtension>{inner}</{prefix}:TrackPointExtension>"


def gpx(
    *segments: list[str],
    sport: str | None = None,
    creator: str = "Test Watch",
    version: str = "1.1",
    namespaces: str = f'xmlns:gpxtpx="{TPX_NS}" xmlns:ns3="{TPX_NS}"',
    tracks: int = 1,
) -> bytes:
    """A GPX document; ``tracks`` > 1 puts each segment in its own track."""
    type_xml = f"<type>{sport}</type>" if sport is not None else ""
    segs = ["<trkseg>" + "".join(points) + "</trkseg>" for points in segments]
    if tracks > 1:
        body = "".join(f"<trk>{type_xml}{seg}</trk>" for seg in segs)
    else:
        body = f"<trk>{type_xml}{''.join(segs)}</trk>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="{version}" creator="{creator}" '
        f'xmlns="{GPX_NS}" {namespaces}>\n{body}\n</gpx>\n'
    ).encode()


def run(n: int = 10, **fields: float) -> list[str]:
    return [point(i, ext=tpx(**fields) if fields else "") for i in range(n)]


def read(data: bytes, **kwargs: object) -> runlytics.Activity:
    return runlytics.read_gpx(io.BytesIO(data), **kwargs)  # type: ignore[arg-type]



# --- made-up files -------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_canonical_schema_and_si_values(engine: str) -> None:
    a = read(gpx(run(10, hr=140, cad=85, atemp=18)), engine=engine)
    assert_canonical(a)
    first = a.records.iloc[0]
    assert first["heart_rate_bpm"] == 140 and first["temperature_c"] == 18
    assert first["altitude_m"] == 100 and first["latitude_deg"] == 50.0
    assert first["longitude_deg"] == 7.0
    assert a.records.index[0] == START
    assert a.session.format == "gpx" and a.session.device == "Test Watch"
    assert len(a.laps) == 1 and a.laps["start"].iloc[0] == START


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("ext", "expected"),
    [
        (tpx("gpxtpx", hr=150, cad=80), {"heart_rate_bpm": 150, "cadence_spm": 160}),
        (tpx("ns3", hr=151, atemp=21.5), {"heart_rate_bpm": 151, "temperature_c": 21.5}),
        ("<heartrate>152</heartrate><cadence>81</cadence>", {"heart_rate_bpm": 152}),
        (
            "<gpxdata:hr>153</gpxdata:hr><gpxdata:cadence>82</gpxdata:cadence>"
            "<gpxdata:temp>9</gpxdata:temp>",
            {"heart_rate_bpm": 153, "cadence_spm": 164, "temperature_c": 9},
        ),
        ("<power>250</power>", {"power_w": 250}),
        ("<pwr:PowerInWatts>260</pwr:PowerInWatts>", {"power_w": 260}),
        ("<gpxdata:speed>3.5</gpxdata:speed>", {"speed_mps": 3.5}),
        (tpx("gpxtpx", hr=154, speed=3.25), {"heart_rate_bpm": 154, "speed_mps": 3.25}),
        ("<heartrate>155</heartrate>" + tpx("ns3", hr=99), {"heart_rate_bpm": 155}),
    ],
    ids=["gpxtpx", "ns3", "bare", "cluetrust", "power", "pwr", "speed", "tpx-v2-speed", "first"],
)
def test_extension_forms(engine: str, ext: str, expected: dict[str, float]) -> None:
    namespaces = (
        f'xmlns:gpxtpx="{TPX_NS}" xmlns:ns3="{TPX_NS}" '
        'xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0" '
        'xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1"'
    )
    data = gpx([point(i, ext=ext) for i in range(6)], sport="running", namespaces=namespaces)
    first = read(data, engine=engine).records.iloc[1]
    for column, value in expected.items():
        assert first[column] == value, column


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("tracks", [1, 2])
def test_segment_break_is_a_pause(engine: str, tracks: int) -> None:
    first = [point(i, ext=tpx(hr=140)) for i in range(5)]  # 0..20 s
    second = [point(i, ext=tpx(hr=140), seconds=100 + 5 * i) for i in range(5, 10)]  # 125..145 s
    a = read(gpx(first, second, tracks=tracks), engine=engine)
    paused = a.records.index[~a.records["timer_running"]]
    assert list(paused) == [START + pd.Timedelta(seconds=125)]
    assert a.session.elapsed_s == 145 and a.session.timer_s == 145 - 105
    # distance keeps accumulating across the break (the athlete really moved)
    step = np.radians(0.0001) * EARTH_RADIUS_M
    assert a.records["distance_m"].iloc[-1] == pytest.approx(9 * step, rel=1e-6)
    # no speed is invented over the pause
    assert np.isnan(a.records["speed_mps"].iloc[5])
    assert a.records["speed_mps"].iloc[6] == pytest.approx(step / 5, rel=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_file_speed_wins_and_missing_speed_is_computed(engine: str) -> None:
    points = [point(i, ext=tpx(speed=4.0) if i < 5 else "") for i in range(10)]
    a = read(gpx(points), engine=engine)
    speed = a.records["speed_mps"].to_numpy()
    assert (speed[:5] == 4.0).all()
    step = np.radians(0.0001) * EARTH_RADIUS_M
    assert speed[5:] == pytest.approx(step / 5, rel=1e-6)
    assert any("speed_mps computed" in n for n in a.session.notes)


def test_haversine_distance_is_vectorised_and_skips_missing_positions() -> None:
    lat = np.array([np.nan, 0.0, 1.0, np.nan, 1.0])
    lon = np.array([np.nan, 0.0, 0.0, np.nan, 1.0])
    d = path_distance(lat, lon)
    one_degree = np.radians(1.0) * EARTH_RADIUS_M
    assert np.isnan(d[0])
    assert d[1:4] == pytest.approx([0.0, one_degree, one_degree])
    assert d[4] == pytest.approx(one_degree + one_degree * np.cos(np.radians(1.0)), rel=1e-4)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("label", "sport"),
    [
        ("9", "running"),
        ("1", "cycling"),
        ("4", "hiking"),
        ("10", "walking"),
        ("16", "swimming"),
        ("Running", "running"),
        ("running", "running"),
        ("Biking", "cycling"),
        ("Kayaking", "kayaking"),
        ("unknown", None),
        (None, None),
    ],
)
def test_track_type_to_sport(engine: str, label: str | None, sport: str | None) -> None:
    assert gpx_sport(label) == sport
    assert read(gpx(run(3), sport=label), engine=engine).session.sport == sport


@pytest.mark.parametrize("engine", ENGINES)
def test_byte_order_mark(engine: str) -> None:
    a = read(b"\xef\xbb\xbf" + gpx(run(5, hr=130)), engine=engine)
    assert len(a.records) == 5 and a.records["heart_rate_bpm"].iloc[0] == 130


def test_gzip_file_and_file_object(tmp_path: Path) -> None:
    data = gpx(run(5, hr=130))
    path = tmp_path / "morning.gpx.gz"
    path.write_bytes(gzip.compress(data))
    from_path = runlytics.read_gpx(path)
    assert from_path.session.source == str(path)
    with path.open("rb") as handle:
        from_handle = runlytics.read_gpx(handle)
    pd.testing.assert_frame_equal(from_path.records, from_handle.records)
    assert runlytics.read_activity(io.BytesIO(data)).session.format == "gpx"


@pytest.mark.parametrize("engine", ENGINES)
def test_offset_is_kept_and_times_are_utc(engine: str) -> None:
    points = [
        point(
            i,
            time=(START + pd.Timedelta(seconds=5 * i, hours=2)).strftime("%Y-%m-%dT%H:%M:%S")
            + "+02:00",
        )
        for i in range(3)
    ]
    a = read(gpx(points), engine=engine)
    assert a.records.index[0] == START
    assert a.session.utc_offset == pd.Timedelta(hours=2)
    assert read(gpx(run(3)), engine=engine).session.utc_offset is None


@pytest.mark.parametrize("engine", ENGINES)
def test_no_times_raises_missing_data(engine: str) -> None:
    data = gpx([point(i, time=None) for i in range(5)])
    with pytest.raises(MissingDataError, match="no times"):
        runlytics.read_gpx(io.BytesIO(data), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_route_without_track_raises_missing_data(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "route.gpx"
    path.write_bytes(
        f'<gpx version="1.1" creator="x" xmlns="{GPX_NS}"><rte>'
        '<rtept lat="50" lon="7"/><rtept lat="50.1" lon="7"/></rte></gpx>'.encode()
    )
    with pytest.raises(MissingDataError, match=r"route\.gpx"):
        runlytics.read_gpx(path, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_points_without_time_are_dropped_with_a_note(engine: str) -> None:
    points = run(6)
    points[3] = point(3, time=None)
    a = read(gpx(points), engine=engine)
    assert len(a.records) == 5
    assert "1 track points without a time dropped" in a.session.notes
    with pytest.raises(CorruptFileError, match="strict"):
        read(gpx(points), engine=engine, strict=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_garbage_number_is_nan_with_a_note_or_an_error_when_strict(engine: str) -> None:
    points = [point(i, ext=tpx(hr="abc" if i == 2 else 140)) for i in range(5)]
    a = read(gpx(points), engine=engine)
    assert np.isnan(a.records["heart_rate_bpm"].iloc[2])
    assert a.records["heart_rate_bpm"].iloc[3] == 140
    assert any("'abc'" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="abc"):
        read(gpx(points), engine=engine, strict=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_zero_heart_rate_means_no_reading(engine: str) -> None:
    a = read(gpx(run(4, hr=0)), engine=engine)
    assert a.records["heart_rate_bpm"].isna().all()
    assert any("heart rate 0" in n for n in a.session.notes)


@pytest.mark.parametrize("engine", ENGINES)
def test_out_of_order_times_are_sorted_with_a_note(engine: str) -> None:
    points = run(5)
    points[0], points[1] = points[1], points[0]
    a = read(gpx(points), engine=engine)
    assert a.records.index.is_monotonic_increasing
    assert a.records["distance_m"].is_monotonic_increasing
    assert any("backwards" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError):
        read(gpx(points), engine=engine, strict=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_samples_a_millisecond_apart_are_an_artefact(engine: str) -> None:
    """A stale copy of each point 1 ms later (seen in exports) must not add distance."""
    points = []
    for i in range(6):
        points.append(point(i))
        stale = (START + pd.Timedelta(seconds=5 * i, milliseconds=1)).isoformat()
        points.append(point(0, time=stale.replace("+00:00", "Z")))
    a = read(gpx(points), engine=engine)
    assert len(a.records) == 6
    step = np.radians(0.0001) * EARTH_RADIUS_M
    assert a.records["distance_m"].iloc[-1] == pytest.approx(5 * step, rel=1e-6)
    assert any("6 sample(s) less than 10 ms" in n for n in a.session.notes)


def test_derived_speed_spans_at_least_a_second() -> None:
    points = [point(0), point(1, seconds=1), point(2, time="2021-03-04T08:00:01.5Z")]
    speed = read(gpx(points)).records["speed_mps"].to_numpy()
    step = np.radians(0.0001) * EARTH_RADIUS_M
    assert np.isnan(speed[0])
    assert speed[1] == pytest.approx(step, rel=1e-6)
    assert speed[2] == pytest.approx(2 * step / 1.5, rel=1e-6)  # from the sample 1.5 s before


def test_point_without_position_is_kept_by_lxml() -> None:
    points = run(5)
    points[0] = points[0].replace('lat="50.000000" lon="7.0"', "")
    a = read(gpx(points))
    assert len(a.records) == 5 and np.isnan(a.records["latitude_deg"].iloc[0])
    assert a.records["distance_m"].iloc[-1] > 0
    with pytest.raises(CorruptFileError):
        read(gpx(points), engine="gpxpy")  # gpxpy refuses it: "latitude is mandatory"


@pytest.mark.parametrize("engine", ENGINES)
def test_gpx10_speed_element(engine: str) -> None:
    points = [p.replace("</time>", "</time><speed>3.0</speed>") for p in run(4)]
    data = gpx(points, version="1.0", namespaces="").replace(
        GPX_NS.encode(), b"http://www.topografix.com/GPX/1/0"
    )
    a = read(data, engine=engine)
    assert (a.records["speed_mps"] == 3.0).all()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"<gpx><trk><trkseg><trkpt lat='1' lon='2'></trk></gpx>", "line 1"),
        (b'<gpx version="1.1">\n<trk>\n<name>x</nam>\n</trk>\n<trk/>\n</gpx>', "line 3"),
    ],
    ids=["mismatch", "mid-file"],
)
def test_malformed_xml_raises_corrupt_with_line(engine: str, data: bytes, match: str) -> None:
    with pytest.raises(CorruptFileError, match=match) as info:
        read(data, engine=engine)
    assert "<stream>" in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_file_is_corrupt(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "empty.gpx"
    path.write_bytes(b"\xef\xbb\xbf \n")
    with pytest.raises(CorruptFileError, match="empty"):
        runlytics.read_gpx(path, engine=engine)


def test_truncated_file_is_read_up_to_the_damage() -> None:
    data = gpx(run(10, hr=140))
    cut = data[: data.index(b"<trkpt", len(data) // 2) + 40]
    with pytest.warns(RecoveredDataWarning, match="cut short"):
        a = read(cut)
    assert 3 <= len(a.records) < 10
    assert any("cut short" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="line"):
        read(cut, strict=True)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE gpx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<!DOCTYPE gpx [<!ENTITY c SYSTEM "http://127.0.0.1:9/secret">]>',
        '<!DOCTYPE gpx [<!ENTITY c SYSTEM "file:///etc/hostname">]>',
    ],
    ids=["billion-laughs", "external-http", "external-file"],
)
def test_entities_are_never_expanded(engine: str, doctype: str) -> None:
    data = gpx(run(3), creator="&c;").replace(b"<gpx ", doctype.encode() + b"\n<gpx ", 1)
    try:
        a = read(data, engine=engine)
    except CorruptFileError as exc:
        assert "entities" in str(exc)
    else:  # pragma: no cover - only if a parser reads it without expanding
        assert "haha" not in (a.session.device or "")


@pytest.mark.parametrize("engine", ENGINES)
def test_external_dtd_is_not_loaded(tmp_path: Path, engine: str) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY c "EVIL">')
    data = gpx(run(3)).replace(b"<gpx ", f'<!DOCTYPE gpx SYSTEM "{dtd.as_uri()}">\n<gpx '.encode())
    a = read(data, engine=engine)
    assert a.session.device == "Test Watch" and len(a.records) == 3


def test_unknown_engine_is_a_runlytics_error() -> None:
    with pytest.raises(UnsupportedFormatError, match="engine"):
        read(gpx(run(3)), engine="fast")


def test_not_gpx_root_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "other.gpx"
    path.write_bytes(b"<kml><Document/></kml>")
    with pytest.raises(UnsupportedFormatError, match="kml"):
        runlytics.read_gpx(path)


# --- cadence rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "sport", "speed", "factor"),
    [
        ([84, 86, 88, 90], "running", 3.0, 2),  # strides/min: doubled
        ([168, 172, 176, 180], "running", 3.0, 1),  # steps/min already
        ([84, 86, 0, 0, 176, 178, 180], "running", 3.0, 1),  # high percentile: steps
        ([88, 90, 92], "cycling", 8.0, 1),  # rpm, never doubled
        ([54, 56, 58], "walking", 1.4, 2),  # walking strides
        ([108, 112, 116], "walking", 1.4, 1),  # walking steps
        ([84, 86, 88], None, 3.0, 2),  # unknown sport, running pace
        ([108, 112, 116], None, 1.3, 1),  # unknown sport, walking pace: steps
        ([0, 0], "running", 3.0, 1),  # nothing to decide
    ],
)
def test_cadence_rule(values: list[float], sport: str | None, speed: float, factor: int) -> None:
    cadence = np.array(values, dtype=float)
    got, note = cadence_factor(cadence, sport, np.full(len(values), speed))
    assert got == factor
    assert bool(note) == bool((cadence > 0).any())


@pytest.mark.parametrize("engine", ENGINES)
def test_cadence_note_in_session(engine: str) -> None:
    doubled = read(gpx(run(6, cad=85), sport="9"), engine=engine)
    assert (doubled.records["cadence_spm"] == 170).all()
    assert any("doubled" in n for n in doubled.session.notes)
    ride = read(gpx(run(6, cad=85), sport="1"), engine=engine)
    assert (ride.records["cadence_spm"] == 85).all()
    assert any("kept as recorded" in n for n in ride.session.notes)


# --- the two engines -------------------------------------------------------------------------

MADE_UP = {
    "plain": gpx(run(20, hr=140, cad=85, atemp=20), sport="9"),
    "segments": gpx(
        run(5, hr=140),
        [point(i, ext=tpx(hr=150), seconds=100 + 5 * i) for i in range(5, 9)],
        tracks=2,
    ),
    "partial": gpx([point(i, ext=tpx(hr=140) if i % 2 else "") for i in range(8)]),
    "offset": gpx(
        [point(i, time=f"2021-03-04T10:00:{10 + i:02d}.25+02:00") for i in range(5)],
        sport="Running",
    ),
    "first-wins": gpx(
        [
            point(i, ext="<ns3:hr/><heartrate>150</heartrate>" + tpx("ns3", hr=99, cad=80))
            for i in range(4)
        ],
        sport="4",
    ),
    "gpx10": gpx(
        [p.replace("</time>", "</time><speed>2.5</speed>") for p in run(4)],
        version="1.0",
        namespaces="",
    ),
    "empty-ele": gpx(
        [p.replace(f"<ele>{100 + i}</ele>", "<ele></ele>") for i, p in enumerate(run(4))]
    ),
}


@pytest.mark.parametrize("name", sorted(MADE_UP))
def test_engines_identical_on_made_up_files(name: str) -> None:
    assert_engines_identical(MADE_UP[name])


def assert_engines_identical(data: bytes, source: Path | None = None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RecoveredDataWarning)
        fast = read(data, engine="lxml")
        reference = read(data, engine="gpxpy")
    pd.testing.assert_frame_equal(fast.records, reference.records, check_exact=True)
    pd.testing.assert_frame_equal(fast.laps, reference.laps, check_exact=True)
    assert fast.session == reference.session, source


# --- real files ------------------------------------------------------------------------------


@pytest.mark.real
@pytest.mark.parametrize("relative", real_files(".gpx"))
def test_real_gpx_loads_or_raises_a_useful_error(relative: str) -> None:
    path = real_path(relative)
    try:
        a = runlytics.read_gpx(path)
    except RunlyticsError as exc:
        assert path.name in str(exc) and exc.problem
        return
    assert_canonical(a)
    r = a.records
    hr = r["heart_rate_bpm"].dropna()
    assert hr.between(25, 250).all()
    assert r["latitude_deg"].dropna().between(-90, 90).all()
    assert r["longitude_deg"].dropna().between(-180, 180).all()
    assert r["distance_m"].dropna().is_monotonic_increasing
    if a.session.sport == "running":
        assert (r["speed_mps"].dropna() < 30).mean() > 0.995  # isolated GPS glitches aside
    assert a.session.elapsed_s + 1e-6 >= a.session.timer_s >= 0
    assert a.session.start_time == r.index[0]


@pytest.mark.real
@pytest.mark.parametrize("relative", real_files(".gpx"))
def test_real_gpx_engines_identical(relative: str) -> None:
    path = real_path(relative)
    try:
        runlytics.read_gpx(path, engine="gpxpy")
    except RunlyticsError:
        return  # gpxpy cannot read it (e.g. a point without latitude)
    assert_engines_identical(path.read_bytes(), path)


@pytest.mark.real
@pytest.mark.parametrize(
    ("relative", "sport", "elapsed", "km", "records"),
    [
        ("corriporai-runpandas/stopped_example.gpx", "running", "1:25:27", 12.61, 1696),
        ("corriporai-runpandas/run.gpx", None, "0:23:43", 4.81, 1424),
        ("jimmykane-sports-lib/amazfit.gpx", "running", "0:42:11", 8.73, 1216),
        ("jimmykane-sports-lib/20170319_run_906581465.gpx", "running", "0:32:38", 4.59, 1038),
        ("runalyze-runalyze/NavRun500.gpx", None, "1:13:00", 12.23, 1328),
        ("aaron-schroeder-heartandsole/testdata.gpx", "running", "0:03:42", 0.19, 46),
        ("goldencheetah-sweatpy/activity_5039744860.gpx", "cycling", "0:02:06", 0.90, 96),
    ],
)
def test_real_gpx_known_facts(
    relative: str, sport: str | None, elapsed: str, km: float, records: int
) -> None:
    a = runlytics.read_gpx(real_path(relative))
    assert a.session.sport == sport
    assert a.session.elapsed_s == pytest.approx(pd.Timedelta(elapsed).total_seconds(), abs=1)
    assert a.session.distance_m / 1000 == pytest.approx(km, rel=0.01, abs=0.01)
    assert len(a.records) == records


@pytest.mark.real
def test_real_segment_break_is_a_pause() -> None:
    a = runlytics.read_gpx(real_path("runalyze-runalyze/break-between-trkseg.gpx"))
    assert (~a.records["timer_running"]).sum() >= 1
    assert a.session.timer_s < a.session.elapsed_s - 3000  # the hour between segments
    assert a.session.utc_offset == pd.Timedelta(hours=2)
    assert a.session.distance_m > 36_000  # gpxpy's per-segment track length, plus the jump


@pytest.mark.real
def test_real_strava_cadence_doubled_and_recorded() -> None:
    a = runlytics.read_gpx(real_path("runalyze-runalyze/strava-export.gpx"))
    assert a.records["cadence_spm"].median() > 150
    assert any("doubled" in n for n in a.session.notes)
    assert a.records["temperature_c"].notna().all()


@pytest.mark.real
@pytest.mark.parametrize(
    "relative",
    [
        "tkrajina-gpxpy/route.gpx",
        "tkrajina-gpxpy/gpx_with_garmin_extension.gpx",
        "tkrajina-gpxpy/unicode_with_bom.gpx",
        "martin-ueding-geo-activity-playground/Berlin (0,9 km).gpx",
    ],
)
def test_real_gpx_without_a_recording_raises_missing_data(relative: str) -> None:
    with pytest.raises(MissingDataError):
        runlytics.read_gpx(real_path(relative))


@pytest.mark.real
def test_real_point_without_latitude() -> None:
    path = real_path("runalyze-runalyze/standard.gpx")
    a = runlytics.read_gpx(path)
    assert any("without lat/lon" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="latitude"):
        runlytics.read_gpx(path, engine="gpxpy")
    with pytest.raises(CorruptFileError, match="strict"):
        runlytics.read_gpx(path, strict=True)
