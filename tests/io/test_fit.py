"""FIT reader: synthetic files written with the Garmin SDK encoder, plus real files."""

from __future__ import annotations

import gzip
import io
import os
import re
import struct
import warnings

import numpy as np
import pandas as pd
import pytest

import runlytics
import runlytics.io.fit_decode
from runlytics.activity import RECORD_CHANNELS, build_laps
from runlytics.io.fit import expand_hr_messages, merge_hr
from runlytics.io.fit_bytes import crc16, crc_through_zeros, repair_header_crc
from tests.conftest import real_path
from tests.io.fitfiles import MESG, START, encode, run_messages
from tests.schema import assert_canonical

ENGINES = [None, "fitparse"]


def read(data: bytes, **kwargs) -> runlytics.Activity:
    return runlytics.read_fit(io.BytesIO(data), **kwargs)


@pytest.fixture(scope="module")
def paused_run() -> bytes:
    return encode(run_messages(pause=(100, 160), lap_every_s=200))


@pytest.mark.parametrize("engine", ENGINES)
def test_canonical_schema(paused_run: bytes, engine: str | None) -> None:
    assert_canonical(read(paused_run, engine=engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_values_are_si(paused_run: bytes, engine: str | None) -> None:
    a = read(paused_run, engine=engine)
    first = a.records.iloc[0]
    assert first["latitude_deg"] == pytest.approx(500_000_000 * 180 / 2**31)
    assert first["speed_mps"] == 3.0 and first["heart_rate_bpm"] == 140
    assert first["cadence_spm"] == 171.0  # 2 * (85 strides/min + 0.5)
    assert first["temperature_c"] == 18 and first["altitude_m"] == pytest.approx(100.0)
    assert a.records.index[0] == pd.Timestamp(START)


@pytest.mark.parametrize("engine", ENGINES)
def test_timer_pause(paused_run: bytes, engine: str | None) -> None:
    a = read(paused_run, engine=engine)
    stopped = a.records.index[~a.records["timer_running"]]
    assert list(stopped) == [pd.Timestamp(START) + pd.Timedelta(seconds=160)]
    assert a.session.elapsed_s == 600 and a.session.timer_s == 540
    assert a.session.moving_s == 540


@pytest.mark.parametrize("engine", ENGINES)
def test_laps_and_session(paused_run: bytes, engine: str | None) -> None:
    a = read(paused_run, engine=engine)
    assert len(a.laps) == 3
    assert list(a.laps["trigger"]) == ["time"] * 3
    assert list(a.laps["intensity"]) == ["active"] * 3
    assert a.laps["start"].iloc[1] == pd.Timestamp(START) + pd.Timedelta(seconds=200)
    assert sorted(a.records["lap"].unique()) == [0, 1, 2]
    # a sample on a lap boundary closes the earlier lap
    assert a.records.loc[a.laps["start"].iloc[1], "lap"] == 0
    s = a.session
    assert (s.sport, s.sub_sport, s.format, s.device) == (
        "running",
        "generic",
        "fit",
        "garmin fr935",
    )
    assert s.utc_offset == pd.Timedelta(hours=2)
    assert s.distance_m == pytest.approx(1620.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_lap_values_missing_in_file_come_from_records(engine: str | None) -> None:
    """FIT laps are built from arrays; what a lap leaves out is computed as build_laps does."""
    messages = run_messages(pause=(100, 160), lap_every_s=200)
    for m in messages:
        if m["mesg_num"] == MESG["LAP"]:
            del m["avg_heart_rate"], m["max_heart_rate"]
    a = read(encode(messages), engine=engine)
    computed = ["avg_speed_mps", "avg_heart_rate_bpm", "max_heart_rate_bpm"]
    given = a.laps.assign(**dict.fromkeys(computed, np.nan))
    pd.testing.assert_frame_equal(a.laps, build_laps(a.records, given))
    assert a.laps[computed].notna().all().all()
    assert a.laps["avg_speed_mps"].iloc[0] == pytest.approx(3.0)


def test_engines_identical(paused_run: bytes) -> None:
    a, b = read(paused_run), read(paused_run, engine="fitparse")
    pd.testing.assert_frame_equal(a.records, b.records)
    pd.testing.assert_frame_equal(a.laps, b.laps)
    assert a.session == b.session


def test_unknown_engine(paused_run: bytes) -> None:
    with pytest.raises(runlytics.UnsupportedFormatError, match="engine"):
        read(paused_run, engine="nope")


def test_cycling_cadence_kept_as_rpm() -> None:
    a = read(encode(run_messages(sport="cycling", cadence=90, fractional=0.0)))
    assert a.records["cadence_spm"].iloc[0] == 90
    assert any("rpm" in note for note in a.session.notes)


def test_ride_under_running_profile_keeps_sport() -> None:
    a = read(encode(run_messages(sport="running", speed=9.0)))
    assert a.session.sport == "running"


def test_multiple_sessions() -> None:
    first = run_messages(seconds=120)
    second = run_messages(seconds=120, start=START + pd.Timedelta(seconds=200), sport="cycling")
    session_two = [m for m in second if m["mesg_num"] != MESG["FILE_ID"]]
    data = encode(first[:-1] + session_two)  # one file, two sessions, one activity message
    activities = runlytics.read_activities(io.BytesIO(data))
    assert [a.session.sport for a in activities] == ["running", "cycling"]
    assert [len(a.records) for a in activities] == [121, 121]
    with pytest.raises(runlytics.MultipleActivitiesError, match=r"2 activities.*read_activities"):
        read(data)


@pytest.mark.parametrize("engine", ENGINES)
def test_chained_files(engine: str | None) -> None:
    one = encode(run_messages(seconds=60))
    two = encode(run_messages(seconds=60, start=START + pd.Timedelta(hours=1)))
    activities = runlytics.read_activities(io.BytesIO(one + two), engine=engine)
    assert len(activities) == 2
    assert activities[1].session.start_time == pd.Timestamp(START) + pd.Timedelta(hours=1)


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_file_recovers_records(paused_run: bytes, engine: str | None) -> None:
    cut = paused_run[: len(paused_run) // 2]
    with pytest.warns(runlytics.RecoveredDataWarning, match="damaged"):
        a = read(cut, engine=engine)
    whole = read(paused_run).records
    assert 200 < len(a.records) < len(whole)
    kept = list(RECORD_CHANNELS)  # laps come at the end of this file: lost with the tail
    pd.testing.assert_frame_equal(a.records[kept], whole.iloc[: len(a.records)][kept])
    assert any("stopped early" in note for note in a.session.notes)
    with pytest.raises(runlytics.CorruptFileError, match=r"<stream>"):
        read(cut, engine=engine, strict=True)


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.77, 0.99, "file CRC"])
def test_cut_short_or_bad_crc_read_by_the_fast_decoder(
    paused_run: bytes, cut: float | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watch that died mid-write or a wrong file CRC: fitfast reads every whole message
    (no slow fitparse fallback), exactly what the fitparse engine keeps."""
    if cut == "file CRC":
        damaged = paused_run[:-2] + bytes([paused_run[-2] ^ 0xFF, paused_run[-1]])
    else:
        damaged = paused_run[: int(len(paused_run) * cut)]
    with pytest.warns(runlytics.RecoveredDataWarning):
        slow = read(damaged, engine="fitparse")

    def no_fallback(data: bytes) -> None:
        raise AssertionError("fell back to fitparse")

    monkeypatch.setattr(runlytics.io.fit_decode, "decode_fitparse", no_fallback)
    with pytest.warns(runlytics.RecoveredDataWarning):
        fast = read(damaged)
    pd.testing.assert_frame_equal(fast.records, slow.records)
    pd.testing.assert_frame_equal(fast.laps, slow.laps)
    assert fast.session == slow.session


def test_bad_crc_warns(paused_run: bytes) -> None:
    broken = paused_run[:-2] + bytes([paused_run[-2] ^ 0xFF, paused_run[-1]])
    with pytest.warns(runlytics.RecoveredDataWarning, match="CRC"):
        a = read(broken)
    assert len(a.records) == len(read(paused_run).records)


def test_not_a_fit_file(tmp_path) -> None:
    path = tmp_path / "junk.fit"
    path.write_bytes(b"this is not a FIT file at all" * 10)
    with pytest.raises(runlytics.RunlyticsError, match=r"junk\.fit"):
        runlytics.read_fit(path)


def test_settings_file_is_not_an_activity() -> None:
    data = encode([{"mesg_num": MESG["FILE_ID"], "type": "settings", "manufacturer": "garmin"}])
    with pytest.raises(runlytics.MissingDataError, match="settings"):
        read(data)


def test_sources_path_gzip_and_file_object(tmp_path, paused_run: bytes) -> None:
    plain = tmp_path / "run.fit"
    plain.write_bytes(paused_run)
    gz = tmp_path / "run.fit.gz"
    gz.write_bytes(gzip.compress(paused_run))
    expected = read(paused_run).records
    for source in (plain, str(gz), open(gz, "rb")):
        activity = runlytics.read_activity(source)
        pd.testing.assert_frame_equal(activity.records, expected)
    assert runlytics.read_activity(gz).session.source == str(gz)


def test_zero_header_crc_repair(paused_run: bytes) -> None:
    """Older watches leave the header CRC at 0; the file CRC then covers the header too."""
    body = bytearray(paused_run[:-2])
    body[12:14] = b"\x00\x00"
    zeroed = bytes(body) + struct.pack("<H", crc16(bytes(body)))
    repaired, note = repair_header_crc(zeroed)
    assert crc16(repaired[:14]) == 0 and crc16(repaired) == 0 and note is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = read(zeroed)
    pd.testing.assert_frame_equal(a.records, read(paused_run).records)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("file_crc_over", ["data", "header and data", "nothing: cut short"])
def test_wrong_header_crc_is_corrected(
    paused_run: bytes, engine: str | None, file_crc_over: str
) -> None:
    """A header CRC that does not match the header costs no record: corrected and noted."""
    body = bytearray(paused_run[:-2])
    body[12:14] = struct.pack("<H", crc16(bytes(body[:12])) ^ 0x1234)
    if file_crc_over == "data":
        damaged = bytes(body) + paused_run[-2:]
    elif file_crc_over == "header and data":
        damaged = bytes(body) + struct.pack("<H", crc16(bytes(body)))
    else:
        damaged = bytes(body[: len(body) // 2])
    with pytest.warns(runlytics.RecoveredDataWarning, match="header's CRC was wrong"):
        a = read(damaged, engine=engine)
    whole = read(paused_run, engine=engine)
    if file_crc_over != "nothing: cut short":
        pd.testing.assert_frame_equal(a.records, whole.records)
        pd.testing.assert_frame_equal(a.laps, whole.laps)
        assert not any("stopped early" in note for note in a.session.notes)  # the file CRC holds
    assert len(a.records) > len(whole.records) // 3
    assert "the FIT header's CRC was wrong (corrected)" in a.session.notes
    with pytest.raises(runlytics.CorruptFileError, match="header's CRC"):
        read(damaged, engine=engine, strict=True)


def test_crc_through_zeros_matches_direct_crc() -> None:
    rng = np.random.default_rng(0)
    for n in (0, 1, 7, 1000):
        state = int(rng.integers(0, 2**16))
        assert crc_through_zeros(state, n) == crc16(bytes(n), state)


def test_hr_message_expansion_and_merge() -> None:
    anchor = {
        "timestamp": 1000.0,
        "fractional_timestamp": 0.0,
        "anchor": 10.0,
        "ts12": None,
        "bpm": [100],
    }
    # eight beats one second apart, 12-bit event times in 1/1024 s after the anchor
    raws = [(10 * 1024 + 1024 * (k + 1)) & 0xFFF for k in range(8)]
    packed = sum(r << (12 * k) for k, r in enumerate(raws)).to_bytes(12, "little")
    delta = {
        "timestamp": None,
        "fractional_timestamp": 0.0,
        "anchor": None,
        "ts12": packed,
        "bpm": [101, 102, 103, 104, 105, 106, 107, 108],
    }
    times, bpm = expand_hr_messages([anchor, delta])
    np.testing.assert_allclose(times, 1000.0 + np.arange(9))
    merged = merge_hr(np.array([1000.0, 1004.0, 1008.0]), times, bpm)
    np.testing.assert_allclose(merged, [100, 102.5, 106.5])


# --- real files ---------------------------------------------------------------------------


def test_real_compressed_speed_distance_matches_reference() -> None:
    fit = real_path("dtcooper-python-fitparse/compressed-speed-distance.fit")
    reference = pd.read_csv(fit.with_name("compressed-speed-distance-records.csv"))
    for engine in ENGINES:
        records = runlytics.read_fit(fit, engine=engine).records
        with_speed = records.dropna(subset=["speed_mps"])
        np.testing.assert_allclose(with_speed["speed_mps"], reference["Speed [m/s]"])
        np.testing.assert_allclose(with_speed["distance_m"], reference["Distance [m]"])
        assert any("device-relative" in n for n in runlytics.read_fit(fit).session.notes)


def test_real_hr_messages_in_chained_parts_match_garmin_sdk() -> None:
    from garmin_fit_sdk import Decoder, Stream

    path = real_path("dtcooper-python-fitparse/event_timestamp.fit")
    activity = runlytics.read_fit(path)
    messages, _ = Decoder(Stream.from_file(str(path))).read(merge_heart_rates=True)
    sdk = (
        pd.Series(
            [m.get("heart_rate", np.nan) for m in messages["record_mesgs"]],
            index=pd.to_datetime([m["timestamp"] for m in messages["record_mesgs"]], utc=True),
            dtype=float,
        )
        .groupby(level=0)
        .last()
    )
    diff = (activity.records["heart_rate_bpm"] - sdk.reindex(activity.records.index)).abs()
    assert activity.records["heart_rate_bpm"].notna().mean() > 0.99
    assert diff.median() <= 1 and diff.quantile(0.95) <= 4


def test_real_time_jump_file_keeps_manual_laps() -> None:
    a = runlytics.read_fit(real_path("runalyze-runalyze/time-jump.fit"))
    assert len(a.laps) == 18
    assert a.records.index.is_unique and a.records.index.is_monotonic_increasing


def test_real_developer_power() -> None:
    a = runlytics.read_fit(real_path("runalyze-runalyze/garmin-runPower.fit"))
    assert a.records["power_w"].between(50, 700).mean() > 0.9
    assert "vertical_oscillation_m" in a.records and a.records["vertical_oscillation_m"].max() < 0.2


@pytest.mark.skipif(os.environ.get("RUNLYTICS_FAST") == "1", reason="fast run")
def test_real_engines_identical_on_every_fit_file() -> None:
    """Both engines give identical frames on every real FIT file both can read."""
    root = real_path("")
    compared = 0
    for path in sorted(root.rglob("*.fit*")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fast = runlytics.read_activities(path)
            except runlytics.RunlyticsError:
                continue
            slow = runlytics.read_activities(path, engine="fitparse")
        assert len(fast) == len(slow), path.name
        for a, b in zip(fast, slow, strict=True):
            pd.testing.assert_frame_equal(a.records, b.records, rtol=1e-9, atol=1e-9, obj=path.name)
            pd.testing.assert_frame_equal(a.laps, b.laps, rtol=1e-9, atol=1e-9, obj=path.name)
            assert repr(a.session) == repr(b.session), path.name
        compared += 1
    assert compared >= 200


def test_clock_jump_is_undone() -> None:
    messages = run_messages(seconds=300, lap_every_s=100)
    jump = pd.Timedelta(days=20)
    for m in messages:  # the watch clock jumps forward after 150 s
        for key in ("timestamp", "start_time"):
            later = key in m and m[key] > START + pd.Timedelta(seconds=150)
            if later and m["mesg_num"] != MESG["FILE_ID"]:
                m[key] = m[key] + jump
        if "local_timestamp" in m:  # the same clock
            m["local_timestamp"] += int(jump.total_seconds())
    a = read(encode(messages))
    assert a.records.index[-1] - a.records.index[0] == pd.Timedelta(seconds=300)
    assert (a.laps["end"] <= pd.Timestamp(START) + pd.Timedelta(seconds=300)).all()
    assert any("clock jump" in note for note in a.session.notes)
    assert a.session.utc_offset == pd.Timedelta(hours=2)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("offset_s", "kept"),
    [
        (-936_000_000, False),  # a Zwift file: local time about -29.7 years from UTC
        (4336, False),  # 1:12:16, not a whole quarter hour
        (15 * 3600, False),  # beyond +14 h
        (5 * 3600 + 45 * 60, True),  # Nepal
        (-(9 * 3600 + 30 * 60), True),  # Marquesas
        (14 * 3600, True),  # Kiribati
        (-12 * 3600, True),
    ],
)
def test_nonsense_utc_offset_is_dropped_and_noted(
    offset_s: int, kept: bool, engine: str | None
) -> None:
    a = read(encode(run_messages(seconds=60, local_offset_s=offset_s)), engine=engine)
    noted = any("local time offset dropped" in note for note in a.session.notes)
    assert a.session.utc_offset == (pd.Timedelta(seconds=offset_s) if kept else None)
    assert noted != kept


def test_real_time_jump_file_span_matches_session() -> None:
    a = runlytics.read_fit(real_path("runalyze-runalyze/time-jump.fit"))
    span = (a.records.index[-1] - a.records.index[0]).total_seconds()
    assert span <= a.session.elapsed_s + 60


@pytest.mark.parametrize("engine", ENGINES)
def test_damaged_bytes_never_leak_a_dependency_error(paused_run: bytes, engine: str | None) -> None:
    """Random byte flips, insertions, deletions and cuts: a result or a RunlyticsError."""
    rng = np.random.default_rng(1)
    for i in range(150):
        data = bytearray(paused_run)
        at = int(rng.integers(14, len(data)))
        match i % 4:
            case 0:
                data[at] = int(rng.integers(256))
            case 1:
                data = data[:at]
            case 2:
                data[at:at] = (
                    rng.integers(0, 256, int(rng.integers(1, 20))).astype(np.uint8).tobytes()
                )
            case _:
                del data[at : at + int(rng.integers(1, 30))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                runlytics.read_activities(io.BytesIO(bytes(data)), engine=engine)
            except runlytics.RunlyticsError:
                pass


def test_chained_parts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file chaining thousands of FIT files (15 KB gzipped) reads only the first ones."""
    one = encode(run_messages(seconds=10))
    many = one * 4000
    assert len(gzip.compress(many)) < 20_000
    limit = runlytics.io.fit.MAX_CHAINED_PARTS
    with pytest.warns(runlytics.RecoveredDataWarning, match=f"more than {limit} FIT files"):
        assert len(runlytics.read_activities(io.BytesIO(many))) == limit
    monkeypatch.setattr(runlytics.io.fit, "MAX_CHAINED_PARTS", 3)
    with pytest.warns(runlytics.RecoveredDataWarning, match="MAX_CHAINED_PARTS"):
        assert len(runlytics.read_activities(io.BytesIO(one * 4))) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(runlytics.read_activities(io.BytesIO(one * 3))) == 3
    with pytest.raises(runlytics.CorruptFileError, match="more than 3 FIT files"):
        runlytics.read_activities(io.BytesIO(one * 4), strict=True)


#: Every piece ("; "-separated) of a FIT error or warning: what is wrong, in user words.
USER_WORDS = re.compile(
    "|".join(
        [
            "FIT data is damaged: (a message has no definition before it"
            "|the file ends in the middle of a message|the file header is not a valid FIT header"
            "|a developer field has no developer data defined"
            "|a field is not as long as its type requires|a message cannot be decoded)",
            r"file CRC does not match the data \(the data may be damaged\)",
            r"the [\d,]+ bytes after byte [\d,]+ are not FIT data \(no FIT header where another "
            r"chained FIT file would start\)",
            r"it does not start with a FIT file header \(not a FIT file\)",
            "kept the data before the damage",
            r"the FIT header's CRC was wrong \(corrected\)",
            r"holds no timed records \(no activity data\)",
            "its sessions hold no records",
            r"is a FIT (file of unknown type \d+|[a-z_]+ file), not a recorded activity",
            r"not a FIT, GPX, TCX or CSV file \(by content or extension\)",
        ]
    )
)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_damage_is_told_in_user_words(engine: str | None) -> None:
    """Seeded mutants of a small FIT file: every error and warning says what is wrong
    with the file, never a decoder's internals ("KeyError: None", struct formats)."""
    base = encode(run_messages(seconds=120, pause=(30, 50), lap_every_s=40))
    rng = np.random.default_rng(7)
    told = set()
    for _ in range(300):
        data = bytearray(base)
        for _ in range(int(rng.integers(1, 4))):
            at = int(rng.integers(0, len(data)))
            match int(rng.integers(5)):
                case 0:
                    data[at] = int(rng.integers(256))
                case 1:
                    data = data[:at]
                case 2:
                    data[at:at] = rng.integers(0, 256, int(rng.integers(1, 20)), np.uint8).tobytes()
                case 3:
                    del data[at : at + int(rng.integers(1, 30))]
                case _:
                    other = int(rng.integers(0, len(data)))
                    data[at : at + 8] = data[other : other + 8]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                runlytics.read_activities(io.BytesIO(bytes(data)), engine=engine)
            except runlytics.RunlyticsError as exc:
                told.add(exc.problem)
        told |= {str(w.message).removeprefix("<stream>: ") for w in caught}
    pieces = {piece for text in told for piece in text.split("; ")}
    assert len(pieces) >= 5
    assert not [p for p in pieces if not USER_WORDS.fullmatch(p)]


def first_record_header(data: bytes) -> int:
    """Byte offset of the first record data message of an SDK-encoded FIT file."""
    pos, sizes = 14, {}
    while True:
        head = data[pos]
        if head & 0x40:  # a definition (the SDK writes no developer fields)
            n_fields = data[pos + 5]
            mesg = struct.unpack_from("<H", data, pos + 3)[0]
            sizes[head & 0x0F] = (mesg, 1 + sum(data[pos + 7 : pos + 6 + 3 * n_fields : 3]))
            pos += 6 + 3 * n_fields
        elif sizes[head & 0x0F][0] == MESG["RECORD"]:
            return pos
        else:
            pos += sizes[head & 0x0F][1]


@pytest.mark.parametrize("engine", ENGINES)
def test_undescribed_developer_fields_do_not_panic(
    paused_run: bytes, engine: str | None, capfd: pytest.CaptureFixture[str]
) -> None:
    """Developer fields before any field description (damage) make fitfast panic and
    print a Rust backtrace: they are refused before decoding."""
    data = bytearray(paused_run)
    data[first_record_header(paused_run)] = 0x60  # now a definition with developer fields
    with pytest.raises(runlytics.CorruptFileError, match="FIT data is damaged"):
        read(bytes(data), engine=engine)
    assert "panicked" not in capfd.readouterr().err
