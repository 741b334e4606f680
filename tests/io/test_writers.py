"""The writers: write_fit, write_gpx, write_tcx, write_csv.

Each format is checked twice: what the file holds (decoded by independent
tools: fitparse, Garmin's SDK decoder, fitfast, gpxpy, lxml, pandas) and the
round trip through runlytics' own readers, within each format's precision and
only for what the format keeps (see docs/io-writers.md).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import fitfast
import fitparse
import gpxpy
import numpy as np
import pandas as pd
import pytest
from garmin_fit_sdk import FIT_EPOCH_S, Decoder, Stream
from lxml import etree

import runlytics
from runlytics.activity import (
    RECORD_CHANNELS,
    Activity,
    assign_laps,
    build_laps,
    build_records,
    build_session,
    utc_index,
)
from runlytics.errors import MissingDataError
from runlytics.io import _write
from runlytics.io.csv_write import CSV_COLUMNS, csv_text, write_csv
from runlytics.io.fit_write import encode_fit, pauses, write_fit
from runlytics.io.gpx_write import TPX_NS, gpx_xml, write_gpx
from runlytics.io.tcx_write import AX_NS, TCD_NS, tcx_bytes, write_tcx

WRITERS = {"fit": write_fit, "gpx": write_gpx, "tcx": write_tcx, "csv": write_csv}
READERS = {
    "fit": runlytics.read_fit,
    "gpx": runlytics.read_gpx,
    "tcx": runlytics.read_tcx,
    "csv": runlytics.read_csv,
}
START = pd.Timestamp("2024-05-04T07:00:00Z")
LAP_SAMPLES = (600, 1200, 600)  # warm-up, active (with a pause), cool-down
PAUSE_1 = LAP_SAMPLES[0] + LAP_SAMPLES[1] // 2  # one untimed sample after a 90 s stop
PAUSE_2 = LAP_SAMPLES[0] + LAP_SAMPLES[1] + 300  # two untimed samples (recorded while stopped)
NO_HR = slice(100, 110)
NO_GPS = slice(200, 230)
SEMICIRCLE_DEG = 180 / 2**31


def make_activity(
    *, source: str = "synthetic-run", sport: str | None = "running", seed: int = 7
) -> Activity:
    """A 1 Hz run: 3 laps (warmup/active/cooldown), 2 pauses, gaps in HR, GPS and power."""
    rng = np.random.default_rng(seed)
    n = sum(LAP_SAMPLES)
    t = np.arange(n, dtype=float)
    t[PAUSE_1:] += 90
    t[PAUSE_2:] += 30
    t[PAUSE_2 + 1 :] += 20
    running = np.ones(n, dtype=bool)
    running[PAUSE_1] = False
    running[PAUSE_2 : PAUSE_2 + 2] = False
    speed = 3.0 + 0.3 * np.sin(t / 60) + rng.normal(0, 0.05, n)
    distance = np.cumsum(np.r_[0.0, speed[1:] * np.diff(t) * running[1:]])
    channels = {
        "distance_m": distance,
        "speed_mps": speed,
        "heart_rate_bpm": 140 + 10 * np.sin(t / 300) + rng.normal(0, 1, n),
        "cadence_spm": 170 + rng.normal(0, 3, n),
        "altitude_m": 100 + 20 * np.sin(t / 500) + rng.normal(0, 0.3, n),
        "latitude_deg": 48.1 + distance * 0.7e-5,
        "longitude_deg": -11.5 + distance * 1e-5,
        "power_w": 250 + rng.normal(0, 10, n),
        "temperature_c": 21 + t / 1000,
    }
    channels["heart_rate_bpm"][NO_HR] = np.nan
    channels["latitude_deg"][NO_GPS] = np.nan
    channels["longitude_deg"][NO_GPS] = np.nan
    channels["power_w"][:5] = np.nan
    index = utc_index(START.value / 1e9 + t)
    records = build_records(index, channels, timer_running=running)
    records = assign_laps(records, index[[0, LAP_SAMPLES[0], LAP_SAMPLES[0] + LAP_SAMPLES[1]]])
    file_laps = pd.DataFrame(
        {
            "intensity": ["warmup", "active", "cooldown"],
            "trigger": ["manual", "distance", "session_end"],
        }
    )
    laps = build_laps(records, file_laps)
    session = build_session(
        records,
        format="fit",
        source=source,
        sport=sport,
        sub_sport="street" if sport else None,
        utc_offset=pd.Timedelta(hours=2),
        device="Forerunner 965",
    )
    return Activity(records, laps, session)


def empty_activity() -> Activity:
    a = make_activity(source="empty-run.fit")
    return Activity(a.records.iloc[:0], a.laps.iloc[:0], a.session)


@pytest.fixture(scope="module")
def activity() -> Activity:
    return make_activity()


@pytest.fixture(scope="module")
def fit_bytes(activity: Activity) -> bytes:
    return encode_fit(activity)


def fitparse_records(data: bytes) -> list[dict[str, object]]:
    fit = fitparse.FitFile(io.BytesIO(data), check_crc=True)
    return [m.get_values() for m in fit.get_messages("record")]


def sdk_messages(data: bytes) -> dict[str, list[dict[str, object]]]:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit() and decoder.check_integrity()
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(convert_datetimes_to_dates=False)
    assert errors == []
    return messages


def column(rows: list[dict[str, object]], name: str) -> np.ndarray:
    return np.array([np.nan if r.get(name) is None else float(r[name]) for r in rows])


def assert_close(actual: np.ndarray, expected: np.ndarray, tol: float, what: str) -> None:
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    assert np.array_equal(np.isnan(actual), np.isnan(expected)), f"{what}: missing values differ"
    ok = ~np.isnan(expected)
    worst = np.max(np.abs(actual[ok] - expected[ok]), initial=0.0)
    assert worst <= tol, f"{what}: off by {worst} > {tol}"


# --- what every writer shares ------------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
def test_empty_activity_raises_missing_data_naming_the_source(fmt: str) -> None:
    with pytest.raises(MissingDataError, match=r"empty-run\.fit") as info:
        WRITERS[fmt](empty_activity(), io.BytesIO())
    assert info.value.source == "empty-run.fit"
    assert fmt.upper() in info.value.problem


@pytest.mark.parametrize("fmt", WRITERS)
def test_not_an_activity_is_a_type_error(fmt: str) -> None:
    with pytest.raises(TypeError, match="Activity"):
        WRITERS[fmt](pd.DataFrame(), io.BytesIO())


@pytest.mark.parametrize("fmt", WRITERS)
def test_gzip_by_extension_or_keyword(fmt: str, activity: Activity, tmp_path: Path) -> None:
    write = WRITERS[fmt]
    plain, zipped = tmp_path / f"a.{fmt}", tmp_path / f"a.{fmt}.gz"
    write(activity, plain)
    write(activity, zipped)
    assert zipped.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(zipped.read_bytes()) == plain.read_bytes()
    write(activity, zipped, compress=False)
    assert zipped.read_bytes() == plain.read_bytes()
    buffer = io.BytesIO()
    write(activity, buffer, compress=True)
    assert gzip.decompress(buffer.getvalue()) == plain.read_bytes()
    with open(tmp_path / f"b.{fmt}.gz", "wb") as named:  # a file object's name counts too
        write(activity, named)
    assert gzip.decompress((tmp_path / f"b.{fmt}.gz").read_bytes()) == plain.read_bytes()


@pytest.mark.parametrize("fmt", WRITERS)
def test_same_activity_same_bytes(fmt: str, activity: Activity) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    WRITERS[fmt](activity, first, compress=True)
    WRITERS[fmt](activity, second, compress=True)
    assert first.getvalue() == second.getvalue()


@pytest.mark.parametrize("fmt", WRITERS)
def test_text_file_object_is_refused(fmt: str, activity: Activity) -> None:
    with pytest.raises(TypeError, match="binary"):
        WRITERS[fmt](activity, io.StringIO())


def test_iso_times_keep_sub_second_times_exact() -> None:
    index = utc_index([1.0e9, 1.0e9 + 0.25, 1.0e9 + 1])
    assert _write.iso_times(index) == [
        "2001-09-09T01:46:40.000Z",
        "2001-09-09T01:46:40.250Z",
        "2001-09-09T01:46:41.000Z",
    ]
    assert _write.iso_times(index[[0, 2]]) == ["2001-09-09T01:46:40Z", "2001-09-09T01:46:41Z"]


# --- FIT: what independent decoders read -------------------------------------------------


def test_fit_decoders_read_the_records(activity: Activity, fit_bytes: bytes) -> None:
    rec = activity.records
    fp = fitparse_records(fit_bytes)
    sdk = sdk_messages(fit_bytes)["record_mesgs"]
    ff = fitfast.records(fit_bytes, degrees=False)
    assert len(fp) == len(sdk) == len(ff["timestamp"]) == len(rec)

    unix = rec.index.as_unit("ns").asi8 / 1e9
    assert_close(column(sdk, "timestamp") + FIT_EPOCH_S, unix, 0, "timestamp")
    assert_close(ff["timestamp"], unix, 0, "timestamp (fitfast)")
    expected = {  # FIT field: (canonical values in FIT units, FIT resolution / 2)
        "position_lat": (rec["latitude_deg"] / SEMICIRCLE_DEG, 0.5),
        "position_long": (rec["longitude_deg"] / SEMICIRCLE_DEG, 0.5),
        "distance": (rec["distance_m"], 0.005),
        "enhanced_speed": (rec["speed_mps"], 0.0005),
        "speed": (rec["speed_mps"], 0.0005),
        "enhanced_altitude": (rec["altitude_m"], 0.1),
        "altitude": (rec["altitude_m"], 0.1),
        "heart_rate": (rec["heart_rate_bpm"], 0.5),
        "power": (rec["power_w"], 0.5),
        "temperature": (rec["temperature_c"], 0.5),
    }
    for name, (values, tol) in expected.items():
        want = values.to_numpy()
        from_fp, from_sdk = column(fp, name), column(sdk, name)
        assert_close(from_fp, want, tol + 1e-9, f"{name} (fitparse)")
        assert_close(from_sdk, want, tol + 1e-9, f"{name} (garmin sdk)")
        assert_close(ff[name], want, tol + 1e-9, f"{name} (fitfast)")
        assert_close(from_fp, from_sdk, 1e-9, f"{name}: fitparse vs garmin sdk")
    for rows, who in ((fp, "fitparse"), (sdk, "garmin sdk")):
        steps = 2 * (column(rows, "cadence") + column(rows, "fractional_cadence"))
        assert_close(steps, rec["cadence_spm"], 1 / 128 + 1e-9, f"cadence (steps/min, {who})")


def test_fit_missing_values_are_left_out(activity: Activity, fit_bytes: bytes) -> None:
    sdk = sdk_messages(fit_bytes)["record_mesgs"]
    fp = fitparse_records(fit_bytes)
    for i in range(NO_HR.start, NO_HR.stop):
        assert "heart_rate" not in sdk[i]
        assert fp[i].get("heart_rate") is None
    for i in range(NO_GPS.start, NO_GPS.stop):
        assert "position_lat" not in sdk[i] and "position_long" not in sdk[i]
    assert "power" not in sdk[0] and "power" in sdk[5]


def test_fit_out_of_range_values_are_left_out_not_wrapped() -> None:
    a = make_activity()
    records = a.records.copy()
    records.iloc[0, records.columns.get_loc("heart_rate_bpm")] = 300.0
    records.iloc[1, records.columns.get_loc("speed_mps")] = 70.0  # > uint16 speed, fits enhanced
    records.iloc[2, records.columns.get_loc("altitude_m")] = -600.0  # below FIT's -500 m offset
    records.iloc[3, records.columns.get_loc("cadence_spm")] = 600.0  # 300 strides/min > 254
    records.iloc[4, records.columns.get_loc("temperature_c")] = 200.0  # sint8
    sdk = sdk_messages(encode_fit(Activity(records, a.laps, a.session)))["record_mesgs"]
    assert "heart_rate" not in sdk[0]
    assert "speed" not in sdk[1] and sdk[1]["enhanced_speed"] == pytest.approx(70.0)
    assert "altitude" not in sdk[2] and "enhanced_altitude" not in sdk[2]
    assert "cadence" not in sdk[3] and "fractional_cadence" not in sdk[3]
    assert "temperature" not in sdk[4] and sdk[5]["temperature"] == 21


def test_fit_file_is_laid_out_like_a_watch_file(activity: Activity, fit_bytes: bytes) -> None:
    m = sdk_messages(fit_bytes)
    assert m["file_id_mesgs"][0]["type"] == "activity"
    assert m["file_id_mesgs"][0]["manufacturer"] == "development"
    assert m["file_id_mesgs"][0]["time_created"] + FIT_EPOCH_S == START.timestamp()
    assert m["device_info_mesgs"][0]["device_index"] == "creator"
    assert m["device_info_mesgs"][0]["product_name"] == "Forerunner 965"

    fit_t = (activity.records.index.as_unit("ns").asi8 // 10**9 - FIT_EPOCH_S).tolist()
    events = [(e["timestamp"], e["event"], e["event_type"]) for e in m["event_mesgs"]]
    assert events == [
        (fit_t[0], "timer", "start"),
        (fit_t[PAUSE_1 - 1], "timer", "stop_all"),
        (fit_t[PAUSE_1], "timer", "start"),
        (fit_t[PAUSE_2 - 1], "timer", "stop_all"),
        (fit_t[PAUSE_2 + 1], "timer", "start"),
        (fit_t[-1], "timer", "stop_all"),
    ]
    assert pauses(activity.records) == [(PAUSE_1 - 1, PAUSE_1), (PAUSE_2 - 1, PAUSE_2 + 1)]
    assert all(e["timer_trigger"] == "manual" for e in m["event_mesgs"])

    (act,) = m["activity_mesgs"]
    assert act["local_timestamp"] - act["timestamp"] == 7200
    assert act["num_sessions"] == 1 and act["type"] == "manual"


def test_fit_messages_come_in_watch_order(fit_bytes: bytes) -> None:
    fit = fitparse.FitFile(io.BytesIO(fit_bytes))
    kinds = [m.name for m in fit.get_messages()]
    assert kinds[:3] == ["file_id", "device_info", "event"]
    assert kinds[-5:] == ["record", "event", "lap", "session", "activity"]
    first_lap = kinds.index("lap")
    assert kinds[first_lap - 1] == "record"  # a lap follows its last record
    assert kinds.count("lap") == 3


def test_fit_laps_and_session(activity: Activity, fit_bytes: bytes) -> None:
    m = sdk_messages(fit_bytes)
    laps, s = activity.laps, activity.session
    fit_laps = m["lap_mesgs"]
    assert [lap["intensity"] for lap in fit_laps] == ["warmup", "active", "cooldown"]
    assert [lap["lap_trigger"] for lap in fit_laps] == ["manual", "distance", "session_end"]
    assert [lap["message_index"] for lap in fit_laps] == [0, 1, 2]
    for lap, (_, want) in zip(fit_laps, laps.iterrows(), strict=True):
        assert lap["start_time"] + FIT_EPOCH_S == want["start"].timestamp()
        assert lap["timestamp"] + FIT_EPOCH_S == want["end"].timestamp()
        assert lap["total_elapsed_time"] == pytest.approx(want["elapsed_s"], abs=5e-4)
        assert lap["total_timer_time"] == pytest.approx(want["timer_s"], abs=5e-4)
        assert lap["total_distance"] == pytest.approx(want["distance_m"], abs=5e-3)
        assert lap["enhanced_avg_speed"] == pytest.approx(want["avg_speed_mps"], abs=5e-4)
        assert lap["avg_heart_rate"] == round(want["avg_heart_rate_bpm"])
        assert lap["max_heart_rate"] == round(want["max_heart_rate_bpm"])
    (session,) = m["session_mesgs"]
    assert (session["sport"], session["sub_sport"]) == ("running", "street")
    assert session["start_time"] + FIT_EPOCH_S == s.start_time.timestamp()
    assert session["total_elapsed_time"] == pytest.approx(s.elapsed_s, abs=5e-4)
    assert session["total_timer_time"] == pytest.approx(s.timer_s, abs=5e-4)
    assert session["total_distance"] == pytest.approx(s.distance_m, abs=5e-3)
    assert session["num_laps"] == 3


def test_fit_unknown_or_missing_sport() -> None:
    a = make_activity()
    for sport, expected in (("parkour", "generic"), (None, None), ("Run", "running")):
        session = build_session(a.records, format="fit", source="x", sport=sport)
        sdk = sdk_messages(encode_fit(Activity(a.records, a.laps, session)))
        assert sdk["session_mesgs"][0].get("sport") == expected
        assert "local_timestamp" not in sdk["activity_mesgs"][0]


def test_fit_without_laps_writes_one_lap_over_the_records() -> None:
    a = make_activity()
    records = a.records.assign(lap=0)
    sdk = sdk_messages(encode_fit(Activity(records, a.laps.iloc[:0], a.session)))
    (lap,) = sdk["lap_mesgs"]
    assert lap["start_time"] + FIT_EPOCH_S == START.timestamp()
    assert lap["total_timer_time"] == pytest.approx(a.session.timer_s)
    assert lap["total_distance"] == pytest.approx(a.session.distance_m, abs=5e-3)


@pytest.mark.slow
def test_fit_one_hour_at_1hz_encodes() -> None:
    n = 3600
    t = np.arange(n, dtype=float)
    channels = {name: 100 + np.sin(t) for name in RECORD_CHANNELS if name != "elapsed_s"}
    channels["latitude_deg"] = 48 + t * 1e-5
    records = build_records(utc_index(START.value / 1e9 + t), channels)
    a = Activity(records, build_laps(records), build_session(records, format="x", source="hour"))
    data = encode_fit(a)  # its speed is measured by benchmarks/bench_simulate.py
    assert len(fitfast.records(data)["timestamp"]) == n


# --- GPX: what gpxpy and lxml read -------------------------------------------------------


def test_gpx_document(activity: Activity) -> None:
    text = gpx_xml(activity)
    gpx = gpxpy.parse(text)
    assert gpx.creator == "Forerunner 965"
    (track,) = gpx.tracks
    assert track.type == "running"
    # segments: start, after pause 1, and one per untimed sample of pause 2
    assert [len(s.points) for s in track.segments] == [
        PAUSE_1 - (NO_GPS.stop - NO_GPS.start),
        PAUSE_2 - PAUSE_1,
        1,
        len(activity.records) - PAUSE_2 - 1,
    ]
    assert "<time>2024-05-04T07:00:00Z</time>" in text
    root = etree.fromstring(text.encode())
    assert root.nsmap["gpxtpx"] == TPX_NS
    ns = {"g": "http://www.topografix.com/GPX/1/1", "x": TPX_NS}
    points = root.findall(".//g:trkpt", ns)
    rec = activity.records[activity.records["latitude_deg"].notna()]
    assert len(points) == len(rec)
    i = 20  # a point with every value
    point, want = points[i], rec.iloc[i]
    assert float(point.get("lat")) == want["latitude_deg"]
    assert float(point.get("lon")) == want["longitude_deg"]
    assert float(point.findtext("g:ele", namespaces=ns)) == want["altitude_m"]
    tpx = point.find("g:extensions/x:TrackPointExtension", ns)
    assert [child.tag.split("}")[1] for child in tpx] == ["atemp", "hr", "cad"]
    assert float(tpx.findtext("x:atemp", namespaces=ns)) == want["temperature_c"]
    assert int(tpx.findtext("x:hr", namespaces=ns)) == round(want["heart_rate_bpm"])
    assert int(tpx.findtext("x:cad", namespaces=ns)) == round(want["cadence_spm"] / 2)
    assert float(point.findtext("g:extensions/g:power", namespaces=ns)) == want["power_w"]
    assert points[NO_HR.start].find(".//x:hr", ns) is None


def test_gpx_escapes_the_creator_and_needs_positions() -> None:
    a = make_activity()
    name = 'Forerunner "9" <&> \x01'
    session = build_session(a.records, format="fit", source="odd", device=name, sport="a<b")
    text = gpx_xml(Activity(a.records, a.laps, session))
    root = etree.fromstring(text.encode())
    assert root.get("creator") == 'Forerunner "9" <&> '
    assert gpxpy.parse(text).tracks[0].type == "a<b"
    records = a.records.assign(latitude_deg=np.nan, longitude_deg=np.nan)
    with pytest.raises(MissingDataError, match="no positions"):
        write_gpx(Activity(records, a.laps, a.session), io.BytesIO())


# --- TCX: what lxml reads ----------------------------------------------------------------


def test_tcx_document(activity: Activity) -> None:
    root = etree.fromstring(tcx_bytes(activity))
    ns = {"t": TCD_NS, "x": AX_NS}
    (act,) = root.findall("t:Activities/t:Activity", ns)
    assert act.get("Sport") == "Running"
    assert act.findtext("t:Id", namespaces=ns) == "2024-05-04T07:00:00Z"
    assert act.findtext("t:Creator/t:Name", namespaces=ns) == "Forerunner 965"
    laps = act.findall("t:Lap", ns)
    assert [lap.findtext("t:Intensity", namespaces=ns) for lap in laps] == ["Active"] * 3
    assert [lap.findtext("t:TriggerMethod", namespaces=ns) for lap in laps] == [
        "Manual",
        "Distance",
        "Manual",
    ]
    assert [len(lap.findall("t:Track", ns)) for lap in laps] == [1, 2, 3]
    order = [etree.QName(child).localname for child in laps[1]]
    assert order[:9] == [
        "TotalTimeSeconds",
        "DistanceMeters",
        "MaximumSpeed",
        "Calories",
        "AverageHeartRateBpm",
        "MaximumHeartRateBpm",
        "Intensity",
        "TriggerMethod",
        "Track",
    ]
    want = activity.laps.iloc[1]
    assert laps[1].get("StartTime") == "2024-05-04T07:10:00Z"
    assert float(laps[1].findtext("t:TotalTimeSeconds", namespaces=ns)) == want["timer_s"]
    assert float(laps[1].findtext("t:DistanceMeters", namespaces=ns)) == want["distance_m"]
    points = act.findall(".//t:Trackpoint", ns)
    assert len(points) == len(activity.records)
    point, rec = points[20], activity.records.iloc[20]
    assert (
        float(point.findtext("t:Position/t:LatitudeDegrees", namespaces=ns)) == rec["latitude_deg"]
    )
    assert float(point.findtext("t:DistanceMeters", namespaces=ns)) == rec["distance_m"]
    assert int(point.findtext("t:HeartRateBpm/t:Value", namespaces=ns)) == round(
        rec["heart_rate_bpm"]
    )
    tpx = point.find("t:Extensions/x:TPX", ns)
    assert [etree.QName(c).localname for c in tpx] == ["Speed", "RunCadence", "Watts"]
    assert float(tpx.findtext("x:Speed", namespaces=ns)) == rec["speed_mps"]
    assert int(tpx.findtext("x:RunCadence", namespaces=ns)) == round(rec["cadence_spm"] / 2)
    assert points[NO_GPS.start].find("t:Position", ns) is None


def test_tcx_rest_laps_other_sports_and_odd_device_names() -> None:
    a = make_activity(sport="cycling")
    laps = a.laps.assign(intensity=pd.array(["rest", "active", "rest"], dtype="string"))
    session = build_session(a.records, format="x", source="x", sport="cycling", device="A&B <\x02>")
    root = etree.fromstring(tcx_bytes(Activity(a.records, laps, session)))
    ns = {"t": TCD_NS, "x": AX_NS}
    act = root.find("t:Activities/t:Activity", ns)
    assert act.get("Sport") == "Biking"
    assert act.findtext("t:Creator/t:Name", namespaces=ns) == "A&B <>"
    assert [lap.findtext("t:Intensity", namespaces=ns) for lap in act.findall("t:Lap", ns)] == [
        "Resting",
        "Active",
        "Resting",
    ]
    point = act.findall(".//t:Trackpoint", ns)[20]  # bike cadence: rpm, in <Cadence>
    assert int(point.findtext("t:Cadence", namespaces=ns)) == round(
        a.records["cadence_spm"].iloc[20]
    )
    assert point.find(".//x:RunCadence", ns) is None


def test_tcx_without_laps_has_one_lap_with_every_trackpoint() -> None:
    a = make_activity()
    records = a.records.assign(lap=0)
    root = etree.fromstring(tcx_bytes(Activity(records, a.laps.iloc[:0], a.session)))
    ns = {"t": TCD_NS}
    (lap,) = root.findall(".//t:Lap", ns)
    assert len(lap.findall(".//t:Trackpoint", ns)) == len(records)
    assert float(lap.findtext("t:TotalTimeSeconds", namespaces=ns)) == a.session.timer_s


# --- CSV ----------------------------------------------------------------------------------


def test_csv_columns_and_exact_values(activity: Activity) -> None:
    text = csv_text(activity)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert text.splitlines()[1].startswith("2024-05-04T07:00:00Z,")
    frame = pd.read_csv(io.StringIO(text))
    for name in CSV_COLUMNS[1:]:
        np.testing.assert_array_equal(frame[name].to_numpy(), activity.records[name].to_numpy())


# --- round trips through runlytics' readers -----------------------------------------------

#: Per format: record channels kept and their tolerance (half the format's resolution).
RECORD_TOLERANCE = {
    "fit": {
        "elapsed_s": 0,
        "distance_m": 0.005,
        "speed_mps": 0.0005,
        "heart_rate_bpm": 0.5,
        "cadence_spm": 1 / 128,
        "altitude_m": 0.1,
        "latitude_deg": SEMICIRCLE_DEG / 2,
        "longitude_deg": SEMICIRCLE_DEG / 2,
        "power_w": 0.5,
        "temperature_c": 0.5,
    },
    "gpx": {
        "heart_rate_bpm": 0.5,
        "cadence_spm": 1.0,  # whole strides/min
        "altitude_m": 1e-9,
        "latitude_deg": 1e-12,
        "longitude_deg": 1e-12,
        "power_w": 1e-9,
        "temperature_c": 1e-9,
    },
    "tcx": {
        "elapsed_s": 0,
        "distance_m": 1e-9,
        "speed_mps": 1e-9,
        "heart_rate_bpm": 0.5,
        "cadence_spm": 1.0,  # whole strides/min
        "altitude_m": 1e-9,
        "latitude_deg": 1e-12,
        "longitude_deg": 1e-12,
        "power_w": 0.5,
    },
    "csv": dict.fromkeys(RECORD_CHANNELS, 0.0),
}
#: Per format: lap columns kept (tolerance, or None for exact equality).
LAP_TOLERANCE = {
    "fit": {
        "start": None,
        "end": None,
        "elapsed_s": 5e-4,
        "timer_s": 5e-4,
        "distance_m": 0.005,
        "avg_speed_mps": 5e-4,
        "avg_heart_rate_bpm": 0.5,
        "max_heart_rate_bpm": 0.5,
        "intensity": None,
        "trigger": None,
    },
    "tcx": {
        "start": None,
        "timer_s": 1e-9,
        "distance_m": 1e-9,
        "avg_speed_mps": 1e-9,
        "avg_heart_rate_bpm": 0.5,
        "max_heart_rate_bpm": 0.5,
    },
    "csv": {
        "start": None,
        "end": None,
        "elapsed_s": 0,
        "timer_s": 0,
        "distance_m": 1e-9,
        "avg_speed_mps": 1e-9,
        "avg_heart_rate_bpm": 1e-9,
        "max_heart_rate_bpm": 0,
    },
}


def round_trip(activity: Activity, fmt: str, tmp_path: Path) -> Activity:
    path = tmp_path / f"round-trip.{fmt}.gz"
    WRITERS[fmt](activity, path)
    return READERS[fmt](path)


@pytest.mark.parametrize("fmt", WRITERS)
def test_round_trip_records(fmt: str, activity: Activity, tmp_path: Path) -> None:
    back = round_trip(activity, fmt, tmp_path)
    want = activity.records
    if fmt == "gpx":  # GPX points need a position: samples without one are not written
        want = want[want["latitude_deg"].notna()]
    assert len(back.records) == len(want)
    assert back.records.index.equals(want.index)
    np.testing.assert_array_equal(back.records["timer_running"], want["timer_running"])
    if fmt != "gpx":
        np.testing.assert_array_equal(back.records["lap"], want["lap"])
    for name, tol in RECORD_TOLERANCE[fmt].items():
        assert_close(
            back.records[name].to_numpy(), want[name].to_numpy(), tol + 1e-9, f"{fmt} {name}"
        )


@pytest.mark.parametrize("fmt", ["fit", "tcx", "csv"])
def test_round_trip_laps(fmt: str, activity: Activity, tmp_path: Path) -> None:
    back = round_trip(activity, fmt, tmp_path).laps
    want, kept = activity.laps, dict(LAP_TOLERANCE[fmt])
    if fmt == "tcx":  # TCX intensity is Active/Resting; it has no session-end trigger
        want = want.assign(intensity=["active"] * 3, trigger=["manual", "distance", "manual"])
        kept.update(intensity=None, trigger=None)
    assert len(back) == len(want)
    for name, tol in kept.items():
        if tol is None:
            assert back[name].tolist() == want[name].tolist(), f"{fmt} lap {name}"
        else:
            assert_close(
                back[name].to_numpy(), want[name].to_numpy(), tol + 1e-9, f"{fmt} lap {name}"
            )


@pytest.mark.parametrize("fmt", WRITERS)
def test_round_trip_session(fmt: str, activity: Activity, tmp_path: Path) -> None:
    back = round_trip(activity, fmt, tmp_path).session
    s = activity.session
    assert back.start_time == s.start_time
    assert back.elapsed_s == pytest.approx(s.elapsed_s, abs=5e-4)
    assert back.timer_s == pytest.approx(s.timer_s, abs=5e-4)
    if fmt in ("fit", "gpx", "tcx"):
        assert back.sport == s.sport
    if fmt == "fit":
        assert back.sub_sport == s.sub_sport
        assert back.utc_offset == s.utc_offset
    if fmt in ("fit", "tcx", "csv"):
        assert back.distance_m == pytest.approx(s.distance_m, abs=5e-3)


@pytest.mark.parametrize(("fmt", "engine"), [("fit", "fitparse"), ("gpx", "gpxpy")])
def test_round_trip_same_with_the_other_engine(
    fmt: str, engine: str, activity: Activity, tmp_path: Path
) -> None:
    path = tmp_path / f"engines.{fmt}"
    WRITERS[fmt](activity, path)
    default, other = READERS[fmt](path), READERS[fmt](path, engine=engine)
    pd.testing.assert_frame_equal(other.records, default.records)
    pd.testing.assert_frame_equal(other.laps, default.laps)


@pytest.mark.parametrize("fmt", ["fit", "tcx", "csv"])
def test_round_trip_without_gps_power_or_laps(fmt: str, tmp_path: Path) -> None:
    """A treadmill-like activity: no positions, altitude, power or temperature, one lap."""
    t = np.arange(0.0, 900.0, 2.0)
    channels = {
        "distance_m": t * 2.8,
        "speed_mps": np.full(len(t), 2.8),
        "heart_rate_bpm": 130 + t / 60,
        "cadence_spm": np.full(len(t), 166.0),
    }
    records = build_records(utc_index(START.value / 1e9 + t), channels)
    session = build_session(records, format="x", source="treadmill", sport="running")
    a = Activity(records, build_laps(records), session)
    back = round_trip(a, fmt, tmp_path)
    assert len(back.records) == len(records)
    for name in RECORD_CHANNELS:
        tol = RECORD_TOLERANCE[fmt].get(name, 0.0)
        assert_close(back.records[name].to_numpy(), records[name].to_numpy(), tol + 1e-9, name)
    assert len(back.laps) == 1
