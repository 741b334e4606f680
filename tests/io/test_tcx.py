"""TCX reader: small documents written here, plus every real TCX file."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    MultipleActivitiesError,
    RunlyticsError,
    UnsupportedFormatError,
)
from runlytics.io.tcx import tcx_sport
from tests.conftest import real_files, real_path
from tests.schema import assert_canonical

TCD_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
START = pd.Timestamp("2021-05-06T07:00:00Z")


def when(seconds: float) -> str:
    return (START + pd.Timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def trackpoint(
    t: float,
    *,
    dist: float | None = None,
    hr: float | str | None = 140,
    position: bool = True,
    run_cadence: float | None = 85,
    cadence: float | None = None,
    speed: float | None = 3.0,
    watts: float | None = None,
) -> str:
    """A <Trackpoint> t seconds after START, at 3 m/s unless ``dist`` is given."""
    d = 3.0 * t if dist is None else dist
    parts = [f"<Time>{when(t)}</Time>"]
    if position:
        lat = 45.0 + d / 111_195.0
        parts.append(
            f"<Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
            "<LongitudeDegrees>6.0</LongitudeDegrees></Position>"
        )
    parts.append(f"<AltitudeMeters>{200 + t / 100:.1f}</AltitudeMeters>")
    parts.append(f"<DistanceMeters>{d:.2f}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    if cadence is not None:
        parts.append(f"<Cadence>{cadence}</Cadence>")
    tpx = ""
    if speed is not None:
        tpx += f"<ns3:Speed>{speed}</ns3:Speed>"
    if run_cadence is not None:
        tpx += f"<ns3:RunCadence>{run_cadence}</ns3:RunCadence>"
    if watts is not None:
        tpx += f"<ns3:Watts>{watts}</ns3:Watts>"
    if tpx:
        parts.append(f"<Extensions><ns3:TPX>{tpx}</ns3:TPX></Extensions>")
    return "<Trackpoint>" + "".join(parts) + "</Trackpoint>"


def lap(
    start: float,
    *tracks: list[str],
    total: float | None = None,
    distance: float | None = None,
    avg_hr: float | None = 141,
    max_hr: float | None = 150,
    intensity: str = "Active",
    trigger: str = "Manual",
    avg_speed: float | None = None,
) -> str:
    parts = []
    if total is not None:
        parts.append(f"<TotalTimeSeconds>{total}</TotalTimeSeconds>")
    if distance is not None:
        parts.append(f"<DistanceMeters>{distance}</DistanceMeters>")
    if avg_hr is not None:
        parts.append(f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>")
    if max_hr is not None:
        parts.append(f"<MaximumHeartRateBpm><Value>{max_hr}</Value></MaximumHeartRateBpm>")
    parts.append(f"<Intensity>{intensity}</Intensity><TriggerMethod>{trigger}</TriggerMethod>")
    parts.extend("<Track>" + "".join(points) + "</Track>" for points in tracks)
    if avg_speed is not None:
        parts.append(
            f"<Extensions><ns3:LX><ns3:AvgSpeed>{avg_speed}</ns3:AvgSpeed></ns3:LX></Extensions>"
        )
    return f'<Lap StartTime="{when(start)}">' + "".join(parts) + "</Lap>"


def activity(*laps: str, sport: str = "Running", creator: str | None = "Forerunner 245") -> str:
    creator_xml = f"<Creator><Name>{creator}</Name></Creator>" if creator else ""
    first = laps[0].split('StartTime="', 1)[1].split('"', 1)[0] if laps else when(0)
    return f'<Activity Sport="{sport}"><Id>{first}</Id>{"".join(laps)}{creator_xml}</Activity>'


def tcx(*activities: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TrainingCenterDatabase xmlns="{TCD_NS}" xmlns:ns3="{AX_NS}">'
        f"<Activities>{''.join(activities)}</Activities></TrainingCenterDatabase>\n"
    ).encode()


def points(start: int, stop: int, step: int = 5, **kwargs: object) -> list[str]:
    return [trackpoint(t, **kwargs) for t in range(start, stop, step)]  # type: ignore[arg-type]


def two_lap_run() -> bytes:
    """Two 1-minute laps; a pause inside the second lap (a second <Track>)."""
    first = lap(0, points(0, 60), total=60, distance=180, avg_speed=3.1, trigger="Distance")
    second = lap(
        60,
        points(60, 90),
        points(150, 181),
        total=60,
        distance=None,
        avg_hr=None,
        intensity="Resting",
        trigger="Time",
    )
    return tcx(activity(first, second))


def read(data: bytes, **kwargs: object) -> runlytics.Activity:
    return runlytics.read_tcx(io.BytesIO(data), **kwargs)  # type: ignore[arg-type]



# --- made-up files -------------------------------------------------------------------------


def test_canonical_schema_and_values() -> None:
    a = read(two_lap_run())
    assert_canonical(a)
    first = a.records.iloc[0]
    assert first["heart_rate_bpm"] == 140 and first["speed_mps"] == 3.0
    assert first["cadence_spm"] == 170  # RunCadence strides/min doubled
    assert first["latitude_deg"] == pytest.approx(45.0) and first["altitude_m"] == 200
    assert a.records["distance_m"].iloc[-1] == 540
    assert a.session.sport == "running" and a.session.device == "Forerunner 245"
    assert a.session.format == "tcx"
    assert any("doubled" in n for n in a.session.notes)


def test_laps_device_values_win_and_the_rest_is_computed() -> None:
    laps = read(two_lap_run()).laps
    assert list(laps["start"]) == [START, START + pd.Timedelta(seconds=60)]
    assert list(laps["timer_s"]) == [60, 60]
    assert laps["distance_m"].iloc[0] == 180  # device value
    assert laps["distance_m"].iloc[1] == pytest.approx(540 - 180)  # from records
    assert laps["avg_speed_mps"].iloc[0] == 3.1  # LX AvgSpeed
    assert laps["avg_heart_rate_bpm"].iloc[0] == 141
    assert laps["avg_heart_rate_bpm"].iloc[1] == pytest.approx(140)  # from records
    assert list(laps["intensity"]) == ["active", "rest"]
    assert list(laps["trigger"]) == ["distance", "time"]
    assert laps["end"].iloc[1] == START + pd.Timedelta(seconds=180)


def test_new_track_inside_a_lap_is_a_pause_but_a_new_lap_is_not() -> None:
    a = read(two_lap_run())
    paused = a.records.index[~a.records["timer_running"]]
    assert list(paused) == [START + pd.Timedelta(seconds=150)]
    assert a.session.timer_s == 120  # sum of TotalTimeSeconds
    assert a.session.elapsed_s == 180
    laps = a.records["lap"]
    assert laps.loc[START + pd.Timedelta(seconds=55)] == 0
    assert laps.loc[START + pd.Timedelta(seconds=65)] == 1


@pytest.mark.parametrize(
    ("intensity", "trigger", "expected"),
    [
        ("Active", "Manual", ("active", "manual")),
        ("Resting", "Distance", ("rest", "distance")),
        ("Active", "Location", ("active", "position")),
        ("Active", "Time", ("active", "time")),
        ("Active", "HeartRate", ("active", None)),
    ],
)
def test_intensity_and_trigger(intensity: str, trigger: str, expected: tuple) -> None:
    data = tcx(activity(lap(0, points(0, 30), total=30, intensity=intensity, trigger=trigger)))
    laps = read(data).laps
    got = (laps["intensity"].iloc[0], laps["trigger"].iloc[0])
    assert (got[0], None if pd.isna(got[1]) else got[1]) == expected


def test_treadmill_points_without_position_are_kept() -> None:
    data = tcx(activity(lap(0, points(0, 60, position=False, run_cadence=88), total=60)))
    a = read(data)
    assert len(a.records) == 12
    assert a.records["latitude_deg"].isna().all() and a.records["longitude_deg"].isna().all()
    assert a.records["distance_m"].iloc[-1] == 165
    assert (a.records["cadence_spm"] == 176).all()


def test_distance_from_positions_when_trackpoints_have_none() -> None:
    text = tcx(activity(lap(0, points(0, 60), total=60))).decode()
    text = "".join(part.split("</DistanceMeters>")[-1] for part in text.split("<DistanceMeters>"))
    a = read(text.encode())
    assert a.records["distance_m"].iloc[-1] == pytest.approx(165, rel=1e-3)
    assert any("computed from positions" in n for n in a.session.notes)


def test_distance_going_down_gives_no_speed() -> None:
    pts = [trackpoint(t, speed=None) for t in range(0, 30, 5)]
    pts[3] = trackpoint(15, dist=20.0, speed=None)  # a glitch: 45 m expected
    speed = read(tcx(activity(lap(0, pts, total=30)))).records["speed_mps"]
    assert np.isnan(speed.iloc[3]) and (speed.dropna() >= 0).all()
    assert speed.iloc[1] == 3.0


def test_cycling_cadence_watts_and_sport() -> None:
    bike = points(0, 60, run_cadence=None, cadence=90, watts=210, speed=8.0)
    a = read(tcx(activity(lap(0, bike, total=60), sport="Biking", creator="Edge 1000")))
    assert a.session.sport == "cycling" and a.session.device == "Edge 1000"
    assert (a.records["cadence_spm"] == 90).all()  # rpm, never doubled
    assert (a.records["power_w"] == 210).all() and (a.records["speed_mps"] == 8.0).all()
    assert any("kept as recorded" in n for n in a.session.notes)


def test_steps_per_minute_cadence_is_kept() -> None:
    a = read(tcx(activity(lap(0, points(0, 60, run_cadence=176), total=60))))
    assert (a.records["cadence_spm"] == 176).all()
    assert any("already steps/min" in n for n in a.session.notes)


@pytest.mark.parametrize(
    ("label", "sport"),
    [("Running", "running"), ("running", "running"), ("Biking", "cycling"), ("Other", "other")],
)
def test_sport_attribute(label: str, sport: str) -> None:
    assert tcx_sport(label) == sport
    assert read(tcx(activity(lap(0, points(0, 20)), sport=label))).session.sport == sport


def several() -> bytes:
    return tcx(
        activity(lap(0, points(0, 30), total=30)),
        activity(lap(3600, points(3600, 3660), total=60), sport="Biking"),
    )


def test_several_activities() -> None:
    activities = runlytics.read_activities(io.BytesIO(several()))
    assert [a.session.sport for a in activities] == ["running", "cycling"]
    assert [len(a.records) for a in activities] == [6, 12]
    with pytest.raises(MultipleActivitiesError, match="2 activities"):
        read(several())
    with pytest.raises(MultipleActivitiesError):
        runlytics.read_activity(io.BytesIO(several()))


def test_multisport_session_gives_one_activity_per_sport() -> None:
    run_part = activity(lap(0, points(0, 30), total=30))
    bike_part = activity(lap(100, points(100, 160), total=60), sport="Biking")
    body = (
        f"<MultiSportSession><Id>{when(0)}</Id><FirstSport>{run_part}</FirstSport>"
        f"<NextSport>{bike_part}</NextSport></MultiSportSession>"
    )
    activities = runlytics.read_activities(io.BytesIO(tcx(body)))
    assert [a.session.sport for a in activities] == ["running", "cycling"]
    assert all(any("multisport" in n for n in a.session.notes) for a in activities)


def test_activity_without_trackpoints_is_skipped_with_a_note() -> None:
    data = tcx(activity(lap(0, total=30)), activity(lap(100, points(100, 130), total=30)))
    activities = runlytics.read_activities(io.BytesIO(data))
    assert len(activities) == 1
    assert any("no trackpoints" in n for n in activities[0].session.notes)
    with pytest.raises(MissingDataError, match="trackpoints"):
        read(tcx(activity(lap(0, total=30))))


def test_course_file_has_no_activity(tmp_path: Path) -> None:
    path = tmp_path / "course.tcx"
    path.write_bytes(
        f'<TrainingCenterDatabase xmlns="{TCD_NS}"><Courses><Course><Name>x</Name>'
        "</Course></Courses></TrainingCenterDatabase>".encode()
    )
    with pytest.raises(MissingDataError, match=r"course\.tcx"):
        runlytics.read_tcx(path)


def test_gzip_bom_and_file_object(tmp_path: Path) -> None:
    path = tmp_path / "run.tcx.gz"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + two_lap_run()))
    a = runlytics.read_tcx(path)
    with path.open("rb") as handle:
        b = runlytics.read_activity(handle)
    pd.testing.assert_frame_equal(a.records, b.records)
    pd.testing.assert_frame_equal(a.laps, b.laps)


def test_garbage_number_and_strict() -> None:
    bad = [trackpoint(t, hr="abc" if t == 10 else 140) for t in range(0, 30, 5)]
    data = tcx(activity(lap(0, bad, total=30)))
    a = read(data)
    assert a.records["heart_rate_bpm"].isna().sum() == 1
    assert any("'abc'" in n for n in a.session.notes)
    with pytest.raises(CorruptFileError, match="abc"):
        read(data, strict=True)


def test_malformed_xml_names_the_line() -> None:
    data = two_lap_run().replace(b"</Lap><Lap", b"</Lapp><Lap", 1)
    with pytest.raises(CorruptFileError, match="line"):
        read(data)


def test_only_the_lxml_engine() -> None:
    assert len(read(two_lap_run(), engine="lxml").records) > 0
    with pytest.raises(UnsupportedFormatError, match="engine"):
        read(two_lap_run(), engine="gpxpy")


def test_entity_declarations_are_refused() -> None:
    doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>\n'
    data = two_lap_run().replace(b"<TrainingCenterDatabase", doctype + b"<TrainingCenterDatabase")
    with pytest.raises(CorruptFileError, match="entities"):
        read(data)


def test_empty_laps_keep_their_own_values() -> None:
    """A lap without trackpoints must not shift the computed values of the laps after it."""
    data = tcx(
        activity(
            lap(0, points(0, 30), total=30),
            lap(31, total=4, distance=0, avg_hr=None, max_hr=None),
            lap(35, points(40, 60, hr=160), total=25, avg_hr=None, max_hr=None),
        )
    )
    laps = read(data).laps
    assert len(laps) == 3
    assert np.isnan(laps["avg_heart_rate_bpm"].iloc[1])
    assert laps["avg_heart_rate_bpm"].iloc[2] == pytest.approx(160, abs=5)
    assert laps["max_heart_rate_bpm"].iloc[2] == 160


# --- real files ------------------------------------------------------------------------------


@pytest.mark.real
@pytest.mark.parametrize("relative", real_files(".tcx"))
def test_real_tcx_loads_or_raises_a_useful_error(relative: str) -> None:
    path = real_path(relative)
    try:
        activities = runlytics.read_activities(path)
    except RunlyticsError as exc:
        assert path.name in str(exc) and exc.problem
        return
    for a in activities:
        assert_canonical(a)
        r = a.records
        assert r["heart_rate_bpm"].dropna().between(25, 250).all()
        assert r["latitude_deg"].dropna().between(-90, 90).all()
        assert r["longitude_deg"].dropna().between(-180, 180).all()
        if a.session.sport == "running":  # a distance glitch may make an isolated spike
            assert (r["speed_mps"].dropna() < 30).mean() > 0.995
        assert len(a.laps) >= 1 and a.laps["start"].is_monotonic_increasing
        assert set(a.laps["intensity"].dropna()) <= {"active", "rest"}
        assert a.session.start_time == r.index[0]


@pytest.mark.real
@pytest.mark.parametrize(
    ("relative", "sport", "timer", "km", "laps"),
    [
        ("corriporai-runpandas/run_garmin.tcx", "running", "0:13:36", 2.15, 3),
        ("corriporai-runpandas/sample.tcx", "running", "0:33:13", 4.69, 3),
        ("goldencheetah-sweatpy/3173437224.tcx", "running", "0:58:30", 4.51, 2),
        ("goldencheetah-sweatpy/activity_5039744860.tcx", "cycling", "0:02:06", 0.67, 5),
        ("runalyze-runalyze/Standard.tcx", "running", "1:48:44", 22.22, 23),
        ("jimmykane-sports-lib/unknown_example.tcx", "running", "0:31:56", 5.73, 32),
        ("alenrajsp-tcxreader/sup_activity_1.tcx", "other", "0:18:32", 1.16, 2),
    ],
)
def test_real_tcx_known_facts(relative: str, sport: str, timer: str, km: float, laps: int) -> None:
    a = runlytics.read_tcx(real_path(relative))
    assert a.session.sport == sport
    assert a.session.timer_s == pytest.approx(pd.Timedelta(timer).total_seconds(), abs=1)
    assert a.session.distance_m / 1000 == pytest.approx(km, abs=0.01)
    assert len(a.laps) == laps


@pytest.mark.real
def test_real_multiple_trainings() -> None:
    path = real_path("runalyze-runalyze/Multiple-Trainings.tcx")
    activities = runlytics.read_activities(path)
    assert len(activities) == 3
    assert sum(a.session.distance_m for a in activities) / 1000 == pytest.approx(27.93, abs=0.02)
    assert "rest" in set(activities[0].laps["intensity"])
    assert (~activities[0].records["timer_running"]).sum() == 2  # 3 tracks in one lap
    with pytest.raises(MultipleActivitiesError):
        runlytics.read_tcx(path)


@pytest.mark.real
def test_real_treadmill_cadence_already_steps() -> None:
    a = runlytics.read_tcx(real_path("runalyze-runalyze/Treadmill-doubled-cadence.tcx"))
    assert a.records["latitude_deg"].isna().all()
    assert a.records["cadence_spm"].max() < 200
    assert any("already steps/min" in n for n in a.session.notes)


@pytest.mark.real
def test_real_malformed_tcx_names_the_line() -> None:
    with pytest.raises(CorruptFileError, match="line 4653"):
        runlytics.read_tcx(real_path("corriporai-runpandas/malformed.tcx"))


@pytest.mark.real
def test_real_suunto_laps_without_trackpoints_stay_aligned() -> None:
    laps = runlytics.read_tcx(real_path("jimmykane-sports-lib/unknown_example.tcx")).laps
    computed = laps["end"].notna()
    assert (laps.loc[computed, "end"] >= laps.loc[computed, "start"]).all()
