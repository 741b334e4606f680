"""Record-stream CSV reader: headers, units, layouts, errors, and the real CSV files."""

from __future__ import annotations

import gzip
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.activity import RECORD_COLUMNS
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    RunlyticsError,
    UnsupportedFormatError,
)
from runlytics.io.csv import parse
from runlytics.io.source import Payload
from tests.conftest import real_path
from tests.schema import assert_canonical as assert_schema

T0 = pd.Timestamp("2024-05-01T07:30:00Z")


def write(tmp_path: Path, text: str, name: str = "run.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(tmp_path: Path, text: str, **kwargs: object) -> runlytics.Activity:
    return runlytics.read_csv(write(tmp_path, text), **kwargs)  # type: ignore[arg-type]


def assert_canonical(activity: runlytics.Activity) -> None:
    assert_schema(activity)
    assert activity.session.format == "csv"


# ---------------------------------------------------------------------------
# Headers and units
# ---------------------------------------------------------------------------


def test_basic_iso_stream(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "timestamp,heart_rate,distance,speed,cadence,altitude,lat,lon,power,temperature\n"
        "2024-05-01T07:30:00Z,120,0,3.0,170,10,45.0,6.0,250,18\n"
        "2024-05-01T07:30:01Z,121,3,3.1,172,11,45.00001,6.00001,251,18\n"
        "2024-05-01T07:30:02Z,122,6.2,3.2,171,12,45.00002,6.00002,252,19\n",
    )
    assert_canonical(a)
    r = a.records
    assert r.index[0] == T0 and len(r) == 3
    assert r["heart_rate_bpm"].tolist() == [120, 121, 122]
    assert r["distance_m"].tolist() == [0, 3, 6.2]
    assert r["cadence_spm"].tolist() == [170, 172, 171]  # >= 120: steps already
    assert r["elapsed_s"].tolist() == [0, 1, 2]
    assert a.session.distance_m == pytest.approx(6.2)
    assert a.session.utc_offset == pd.Timedelta(0)
    assert len(a.laps) == 1


@pytest.mark.parametrize(
    ("time", "hr", "dist", "factor"),
    [
        ("Time", "HeartRate", "Distance (km)", 1000.0),
        ("date_time", "heart-rate", "dist_km", 1000.0),
        ("TIMESTAMP", "BPM", "distance [m]", 1.0),
        ("DateTime", "HR", "Distance_mi", 1609.344),
        ("Date/Time", "Heart Rate (bpm)", "DISTANCE (MILES)", 1609.344),
        ("time", "hr", "distance_m", 1.0),
        ("datetime", "Pulse", "dist (ft)", 0.3048),
    ],
)
def test_header_variants(tmp_path: Path, time: str, hr: str, dist: str, factor: float) -> None:
    a = read(
        tmp_path,
        f"{time},{hr},{dist}\n2024-05-01 07:30:00,100,0\n2024-05-01 07:30:10,110,2.5\n",
    )
    assert a.records["heart_rate_bpm"].tolist() == [100, 110]
    assert a.records["distance_m"].tolist() == pytest.approx([0, 2.5 * factor])
    assert a.records.index[0] == T0


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("speed_kmh", ("18", "36"), (5.0, 10.0)),
        ("Speed (km/h)", ("18", "36"), (5.0, 10.0)),
        ("speed [m/s]", ("5", "10"), (5.0, 10.0)),
        ("Speed (mph)", ("10", "20"), (4.4704, 8.9408)),
        ("pace", ("5:00", "4:00"), (1000 / 300, 1000 / 240)),
        ("Pace (min/km)", ("5.5", "4"), (1000 / 330, 1000 / 240)),
        ("pace_s_km", ("300", "250"), (1000 / 300, 1000 / 250)),
        ("Pace (min/mi)", ("8:00", "7:30"), (1609.344 / 480, 1609.344 / 450)),
    ],
)
def test_speed_and_pace_units(
    tmp_path: Path, header: str, values: tuple[str, str], expected: tuple[float, float]
) -> None:
    a = read(
        tmp_path,
        f"time,{header}\n2024-05-01T07:30:00,{values[0]}\n2024-05-01T07:30:05,{values[1]}\n",
    )
    assert a.records["speed_mps"].tolist() == pytest.approx(expected)


def test_altitude_temperature_units(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "time,elevation (ft),temp_f,Power [W]\n"
        "2024-05-01T07:30:00,1000,50,200\n2024-05-01T07:30:01,1010,68,210\n",
    )
    r = a.records
    assert r["altitude_m"].tolist() == pytest.approx([304.8, 307.848])
    assert r["temperature_c"].tolist() == pytest.approx([10.0, 20.0])
    assert r["power_w"].tolist() == [200, 210]


def test_cadence_in_strides_is_doubled_and_noted(tmp_path: Path) -> None:
    rows = "".join(f"2024-05-01T07:30:{s:02d},{85 + s % 3},3.0\n" for s in range(10))
    a = read(tmp_path, "time,cad,speed\n" + rows)
    assert a.records["cadence_spm"].iloc[0] == 170
    assert any("doubled" in n for n in a.session.notes)


def test_cadence_in_steps_or_cycling_is_kept(tmp_path: Path) -> None:
    rows = "".join(f"2024-05-01T07:30:{s:02d},85,3.0\n" for s in range(10))
    steps = read(tmp_path, "time,cadence_spm,speed\n" + rows)
    assert steps.records["cadence_spm"].iloc[0] == 85
    riding = "".join(f"2024-05-01T07:30:{s:02d},85,9.0\n" for s in range(10))
    bike = read(tmp_path, "time,cadence,speed\n" + riding)
    assert bike.records["cadence_spm"].iloc[0] == 85
    assert not any("doubled" in n for n in bike.session.notes)


def test_semicircles_from_header_and_fit_names(tmp_path: Path) -> None:
    text = (
        "timestamp,position_lat[semicircles],position_long[semicircles],hr\n"
        "2024-05-01T07:30:00Z,536870912,-1073741824,100\n"
    )
    a = read(tmp_path, text)
    assert a.records["latitude_deg"].iloc[0] == pytest.approx(45.0)
    assert a.records["longitude_deg"].iloc[0] == pytest.approx(-90.0)
    b = read(tmp_path, "timestamp,position_lat,position_long,hr\n2024-05-01,536870912,0,1\n")
    assert b.records["latitude_deg"].iloc[0] == pytest.approx(45.0)


def test_unknown_numeric_columns_kept_text_columns_noted(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "time,hr,Ground Contact (ms),device\n"
        "2024-05-01T07:30:00,100,250,watch\n2024-05-01T07:30:01,101,251,watch\n",
    )
    assert a.records["ground_contact_ms"].tolist() == [250, 251]
    assert list(a.records.columns[: len(RECORD_COLUMNS)]) == list(RECORD_COLUMNS)
    assert "device" not in a.records
    assert any("device" in n for n in a.session.notes)


def test_speed_wins_over_pace_and_preamble_sport(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "sport,Running\ntime,speed,pace\n2024-05-01T07:30:00Z,3.0,5:00\n"
        "2024-05-01T07:30:01Z,4.0,4:00\n",
    )
    assert a.records["speed_mps"].tolist() == [3.0, 4.0]
    assert a.records["pace_s_per_km"].tolist() == [300.0, 240.0]
    assert a.session.sport == "running"


def test_all_zero_sensor_channels_are_missing(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "time,hr,power,temp\n2024-05-01T07:30:00,0,0,0\n2024-05-01T07:30:01,120,0,0\n",
    )
    r = a.records
    assert np.isnan(r["heart_rate_bpm"].iloc[0]) and r["heart_rate_bpm"].iloc[1] == 120
    assert r["power_w"].isna().all() and r["temperature_c"].isna().all()


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------


def test_offsets_and_abbreviations_convert_to_utc(tmp_path: Path) -> None:
    a = read(tmp_path, "time,hr\n2024-05-01T09:30:00+02:00,100\n2024-05-01T09:30:01+02:00,101\n")
    assert a.records.index[0] == T0
    assert a.session.utc_offset == pd.Timedelta(hours=2)
    assert not any("without an offset" in n for n in a.session.notes)
    b = read(tmp_path, "timestamp,hr\nWed May 01 00:30:00 PDT 2024,100\n")
    assert b.records.index[0] == T0
    assert b.session.utc_offset == pd.Timedelta(hours=-7)


def test_naive_times_are_utc_and_noted(tmp_path: Path) -> None:
    a = read(tmp_path, "time,hr\n2024-05-01 07:30:00,100\n")
    assert a.records.index[0] == T0
    assert a.session.utc_offset is None
    assert any("read as UTC" in n for n in a.session.notes)


def test_numeric_epoch_seconds_and_milliseconds(tmp_path: Path) -> None:
    epoch = int(T0.timestamp())
    a = read(tmp_path, f"timestamp,hr\n{epoch},100\n{epoch + 1},101\n")
    assert a.records.index[0] == T0
    b = read(tmp_path, f"timestamp,hr\n{epoch * 1000},100\n{epoch * 1000 + 500},101\n")
    assert b.records["elapsed_s"].tolist() == [0, 0.5]


def test_date_and_time_columns_are_combined(tmp_path: Path) -> None:
    a = read(tmp_path, "date,time,hr\n2024-05-01,07:30:00,100\n2024-05-01,07:30:05,101\n")
    assert a.records.index[0] == T0 and a.records["elapsed_s"].iloc[-1] == 5


def test_relative_times_need_an_absolute_start(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match=r"relative times.*'elapsed_time'"):
        read(tmp_path, "elapsed_time,hr\n0,100\n1,101\n")
    a = read(tmp_path, "start_time,2024-05-01T09:30:00+02:00\nelapsed_time,hr\n0,100\n1,101\n")
    assert a.records.index[0] == T0 and a.session.utc_offset == pd.Timedelta(hours=2)
    b = read(tmp_path, "# start_time: 2024-05-01T07:30:00Z\ntime_s,hr\n0,100\n10,101\n")
    assert b.records.index[-1] == T0 + pd.Timedelta(seconds=10)
    c = read(tmp_path, "# start_time = 2024-05-01 07:30:00\nelapsed,hr\n00:00:00,1\n01:02:03,2\n")
    assert c.records["elapsed_s"].iloc[-1] == 3723


def test_wahoo_style_clock_preamble(tmp_path: Path) -> None:
    text = (
        "Device,x,model,y\nYear,2024,Month,5,Day,1,Hour,7,Minute,30,Second,0,Battery,1\n\n"
        "time,hr_heartrate,gps_dist,interval,paused\n"
        "1,100,0,1,0\n2,101,3,1,1\n3,102,6,2,0\n4,103,9,2,0\n"
    )
    a = read(tmp_path, text)
    assert a.records.index[0] == T0 + pd.Timedelta(seconds=1)
    assert a.records["timer_running"].tolist() == [True, False, True, True]
    assert a.records["lap"].tolist() == [0, 0, 1, 1]
    assert len(a.laps) == 2


def test_unreadable_times_dropped_or_strict(tmp_path: Path) -> None:
    text = "time,hr\n2024-05-01T07:30:00Z,100\nnot a time,101\n2024-05-01T07:30:02Z,102\n"
    a = read(tmp_path, text)
    assert len(a.records) == 2
    assert any("unreadable time" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="unreadable time"):
        read(tmp_path, text, strict=True)


# ---------------------------------------------------------------------------
# Encodings, delimiters, compression, sources
# ---------------------------------------------------------------------------


def test_semicolon_with_decimal_comma(tmp_path: Path) -> None:
    a = read(
        tmp_path,
        "Zeit;HR;Distance (km);Speed (km/h)\n"
        "2024-05-01 07:30:00;100;0,0;10,8\n2024-05-01 07:30:10;101;1,25;12,6\n".replace(
            "Zeit", "time"
        ),
    )
    assert a.records["distance_m"].tolist() == pytest.approx([0.0, 1250.0])
    assert a.records["speed_mps"].tolist() == pytest.approx([3.0, 3.5])


def test_tab_delimited(tmp_path: Path) -> None:
    a = read(tmp_path, "time\thr\tdistance\n2024-05-01T07:30:00Z\t100\t1.5\n")
    assert a.records["distance_m"].iloc[0] == 1.5


def test_bom_and_latin1(tmp_path: Path) -> None:
    a = read(tmp_path, "\ufefftime,hr\n2024-05-01T07:30:00Z,100\n")
    assert a.records["heart_rate_bpm"].iloc[0] == 100
    b = runlytics.read_csv(
        write(tmp_path, "time,temp (°C),hr\n2024-05-01T07:30:00Z,21,100\n", encoding="latin-1")
    )
    assert b.records["temperature_c"].iloc[0] == 21
    assert "decoded as latin-1" in b.session.notes


def test_gzip_path_and_file_object(tmp_path: Path) -> None:
    text = "time,hr\n2024-05-01T07:30:00Z,100\n2024-05-01T07:30:01Z,101\n"
    path = tmp_path / "run.csv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    assert runlytics.read_csv(path).records["heart_rate_bpm"].tolist() == [100, 101]
    assert runlytics.read_activity(path).records["heart_rate_bpm"].tolist() == [100, 101]
    with path.open("rb") as handle:
        assert len(runlytics.read_csv(handle).records) == 2
    stream = io.BytesIO(text.encode())
    assert len(runlytics.read_csv(stream).records) == 2


def test_engine_choice(tmp_path: Path) -> None:
    text = "time,hr\n2024-05-01T07:30:00Z,100\n"
    assert len(read(tmp_path, text, engine="pandas").records) == 1
    with pytest.raises(UnsupportedFormatError, match="engine 'polars'"):
        read(tmp_path, text, engine="polars")


# ---------------------------------------------------------------------------
# Errors and recovery
# ---------------------------------------------------------------------------


def test_no_time_column_lists_columns_not_understood(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        read(tmp_path, "when,hr,foo\n1,2,3\n")
    message = str(info.value)
    assert "no time column" in message and "'when'" in message and "'foo'" in message
    assert "'hr'" not in message
    assert str(tmp_path / "run.csv") in message


def test_only_time_column_is_not_a_stream(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"besides the time.*'foo'"):
        read(tmp_path, "time,foo\n2024-05-01,3\n")


def test_training_log_points_to_read_training_log(tmp_path: Path) -> None:
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Oct 6, 2022, 11:19:20 PM",Run,Run,979,2.43\n'
    )
    with pytest.raises(UnsupportedFormatError, match="read_training_log"):
        read(tmp_path, text)
    garmin = (
        "Activity Type,Date,Title,Distance,Time\nRunning,2024-03-17 09:35:21,Run,5.0,00:25:00\n"
    )
    with pytest.raises(UnsupportedFormatError, match=r"Garmin Connect.*read_training_log"):
        read(tmp_path, garmin)


def test_malformed_lines_skipped_with_warning_or_strict(tmp_path: Path) -> None:
    text = "time,hr\n2024-05-01T07:30:00Z,100\n2024-05-01T07:30:01Z,101,99,98\n"
    text += "2024-05-01T07:30:02Z,102\n"
    with pytest.warns(RecoveredDataWarning, match="malformed"):
        a = read(tmp_path, text)
    assert a.records["heart_rate_bpm"].tolist() == [100, 102]
    with pytest.raises(CorruptFileError, match="malformed"):
        read(tmp_path, text, strict=True)


def test_unreadable_values_missing_or_strict(tmp_path: Path) -> None:
    text = "time,hr,distance\n2024-05-01T07:30:00Z,100,0\n2024-05-01T07:30:01Z,abc,3\n"
    a = read(tmp_path, text)
    assert np.isnan(a.records["heart_rate_bpm"].iloc[1])
    assert any("'hr'" in n and "abc" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="'hr'"):
        read(tmp_path, text, strict=True)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", MissingDataError),
        (b"time,hr\n", MissingDataError),
        (b"[[Training]]\n[TrainingResult]\nTrainingName,x\n", UnsupportedFormatError),
        (b"\x00\x01\x02binary", UnsupportedFormatError),
        (b'time,hr\n"2024-05-01,100\n', RunlyticsError),
    ],
)
def test_bad_files_raise_runlytics_errors_naming_the_file(content: bytes, error: type) -> None:
    payload = Payload(content, "odd.csv", "csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RecoveredDataWarning)
        with pytest.raises(error, match=r"odd.csv"):
            parse(payload)


def test_round_trip_of_a_canonical_frame(tmp_path: Path) -> None:
    """A records frame exported with to_csv (ISO times) reads back identically."""
    rows = 30
    times = pd.date_range(T0, periods=rows, freq="2s", name="timestamp").as_unit("ns")
    rng = np.random.default_rng(1)
    source = pd.DataFrame(
        {
            "elapsed_s": np.arange(rows) * 2.0,
            "distance_m": np.cumsum(rng.uniform(5, 7, rows)),
            "speed_mps": rng.uniform(2.5, 3.5, rows),
            "heart_rate_bpm": rng.integers(120, 160, rows).astype(float),
            "cadence_spm": rng.integers(160, 180, rows).astype(float),
            "altitude_m": rng.uniform(10, 20, rows),
            "latitude_deg": 45 + rng.uniform(0, 1e-3, rows),
            "longitude_deg": 6 + rng.uniform(0, 1e-3, rows),
            "power_w": rng.uniform(200, 300, rows),
            "temperature_c": np.full(rows, 18.5),
            "lap": np.repeat([0, 1, 2], 10),
            "timer_running": np.r_[np.ones(15, bool), np.zeros(3, bool), np.ones(12, bool)],
        },
        index=times,
    )
    exported = source.copy()
    exported.index = exported.index.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    path = tmp_path / "export.csv"
    exported.to_csv(path, index_label="timestamp", float_format="%.17g")
    back = runlytics.read_csv(path)
    pd.testing.assert_frame_equal(back.records, source, check_freq=False, check_dtype=False)
    assert len(back.laps) == 3 and back.session.notes == ()


# ---------------------------------------------------------------------------
# Real files
# ---------------------------------------------------------------------------

real = pytest.mark.real
real_file = real_path


#: Seconds from the FIT epoch (1989-12-31) to the Unix epoch: fitparse's reference
#: CSV writes raw FIT timestamps, which runlytics reads as Unix epoch seconds.
FIT_EPOCH_S = 631065600


@real
@pytest.mark.parametrize(
    ("stem", "shift_s"),
    [("garmin-fenix-5-run", 0), ("compressed-speed-distance", FIT_EPOCH_S)],
)
def test_fitparse_reference_csv_matches_read_fit(stem: str, shift_s: int) -> None:
    folder = "dtcooper-python-fitparse"
    csv_activity = runlytics.read_csv(real_file(f"{folder}/{stem}-records.csv"))
    assert_canonical(csv_activity)
    fit = runlytics.read_fit(real_file(f"{folder}/{stem}.fit"))
    from_csv = csv_activity.records.copy()
    from_csv.index = from_csv.index + pd.Timedelta(seconds=shift_s)
    joined = from_csv.merge(
        fit.records, left_index=True, right_index=True, suffixes=("_csv", "_fit")
    )
    assert len(joined) == len(from_csv) >= 21
    for channel in ("heart_rate_bpm", "distance_m", "speed_mps"):
        np.testing.assert_allclose(
            joined[f"{channel}_csv"], joined[f"{channel}_fit"], rtol=0, atol=1e-6
        )
    # FIT adds fractional cadence (half steps) that the reference CSV rounds away
    cadence = joined["cadence_spm_csv"] - joined["cadence_spm_fit"]
    assert cadence.abs().max() <= 1


@real
def test_fenix_reference_csv_positions_and_offset() -> None:
    a = runlytics.read_csv(real_file("dtcooper-python-fitparse/garmin-fenix-5-run-records.csv"))
    assert a.session.utc_offset == pd.Timedelta(hours=-7)  # "PDT" in the times
    assert a.session.start_time == pd.Timestamp("2017-06-11T14:34:09Z")
    assert a.records["latitude_deg"].between(38.2, 38.3).all()
    assert a.records["longitude_deg"].between(-122.7, -122.6).all()


@real
def test_wahoo_export_loads() -> None:
    a = runlytics.read_csv(real_file("runalyze-runalyze/Wahoo.csv"))
    assert_canonical(a)
    r = a.records
    assert a.records.index[0] == pd.Timestamp("2016-10-07T17:24:03Z")  # start + 1 s
    assert len(r) == 500 and len(a.laps) == 2
    assert r["heart_rate_bpm"].between(100, 200).mean() > 0.95
    assert r["distance_m"].is_monotonic_increasing
    assert r["cadence_spm"].median() > 150  # RunFit steps/min, not doubled
    assert (~r["timer_running"]).sum() > 0  # paused rows
    assert r["power_w"].isna().all()  # no power sensor: zeros read as missing


@real
def test_relative_only_real_csv_needs_a_start() -> None:
    with pytest.raises(MissingDataError, match=r"relative times.*'elapsed'"):
        runlytics.read_csv(real_file("alex-hhh-activitylog2/track-data-2604.csv"))


@real
def test_sectioned_export_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match="sectioned"):
        runlytics.read_csv(real_file("runalyze-runalyze/Epson.csv"))


@real
@pytest.mark.parametrize(
    "relative",
    [
        "aakashb-1996-strava-analysis/activities.csv",
        "kostaskes-my-garmin-runs/Activities.csv",
        "conmogmatth92-running/Activities.csv",
        "lorraine-sanares-running-dashboard/activities.csv",
        "martin-ueding-geo-activity-playground/activities.csv",
        "runalyze-runalyze/GarminConnect.csv",
    ],
)
def test_real_training_logs_are_refused_by_the_record_reader(relative: str) -> None:
    with pytest.raises(UnsupportedFormatError, match="read_training_log"):
        runlytics.read_activity(real_file(relative))
