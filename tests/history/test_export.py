"""read_export on exports built by the tests: Strava folder and zip, Garmin zip, problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics import History, read_export
from runlytics.history.rows import ACTIVITY_COLUMNS, NO_FILE_NOTE
from runlytics.metrics.vdot import speed_at_vo2, vdot_from_race
from tests.history.exports import START, garmin_export, run, zip_folder

DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def history(small_export: Path, tmp_path_factory: pytest.TempPathFactory) -> History:
    cache = tmp_path_factory.mktemp("cache")
    return read_export(small_export, cache=cache, progress=False)


def test_one_row_per_activity_with_the_contract_columns(history: History) -> None:
    a = history.activities
    assert list(a.columns) == list(ACTIVITY_COLUMNS)
    assert a.index.name == "activity_id"
    assert sorted(a.index) == [900, 901, 1001, 1002, 1003, 1004, 1005]
    assert a["start_time"].is_monotonic_increasing
    assert str(a["start_time"].dt.tz) == "UTC"
    assert history.problems.empty


def test_runs_are_analysed_other_sports_stay_as_rows(history: History) -> None:
    a = history.activities
    assert a.loc[[1001, 1002, 1003, 1004], "analysed"].all()
    assert a.loc[[1001, 1002, 1003, 1004], "label"].notna().all()
    ride = a.loc[1005]
    assert not ride["analysed"] and ride["sport"] == "cycling" and pd.isna(ride["label"])
    assert ride["distance_m"] == pytest.approx(30 * 60 * 7.0, rel=0.02)
    with pytest.raises(ValueError, match="not analysed"):
        history.run(1005)


def test_log_title_type_and_gear_are_kept(history: History) -> None:
    row = history.activities.loc[1002]
    assert (row["name"], row["activity_type"], row["gear"]) == ("Run 1002", "Run", "Shoe A")
    assert row["source_file"] == "activities/1002.fit.gz"
    assert row["in_log"]


def test_log_rows_without_a_file_have_summary_values_and_a_flagged_load(history: History) -> None:
    old = history.activities.loc[900]
    assert not old["analysed"] and pd.isna(old["source_file"])
    assert old["distance_m"] == pytest.approx(6000.0)
    assert old["moving_s"] == pytest.approx(1800.0)
    assert old["load_estimated"] and old["notes"] == NO_FILE_NOTE
    assert np.isfinite(old["rtss"]) and old["rtss"] > 0  # from pace, threshold estimated
    assert np.isfinite(old["trimp"]) and old["trimp"] > 0  # from average HR
    assert not history.activities.loc[1001, "load_estimated"]


def test_local_dates_use_the_offset_and_fall_back_to_the_typical_one(history: History) -> None:
    a = history.activities
    assert (a["utc_offset_s"].loc[[1001, 1002, 1003]] == 3600.0).all()
    assert pd.isna(a.loc[1004, "utc_offset_s"])  # no offset in the file
    expected = (START + 7 * DAY + pd.Timedelta(hours=1)).tz_localize(None).normalize()
    assert a.loc[1004, "local_date"] == expected


def test_the_athlete_is_estimated_and_flagged(history: History) -> None:
    params = history.athlete.at(START)
    assert {"hr_max", "hr_rest", "threshold_speed_mps", "vdot"} <= params.estimated
    assert params.hr_max == pytest.approx(163.0, abs=3.0)  # the 155 bpm run ends at 163
    vdot = vdot_from_race(20 * 60 * 3.4, 20 * 60)  # the fastest run: 20 min at 3.4 m/s
    assert params.vdot == pytest.approx(vdot, abs=1.0)
    assert "best efforts" in params.sources["vdot"]
    assert params.threshold_speed_mps == pytest.approx(speed_at_vo2(0.88 * params.vdot))
    assert params.hr_threshold == pytest.approx(140 + 8 * 32.5 / 45, abs=2.0)  # the 45-min run
    assert params.hr_rest == 60 and "default" in params.sources["hr_rest"]


def test_the_estimate_is_estimate_athletes(history: History, small_export: Path) -> None:
    """One logic: the export's athlete is ``estimate_athlete`` of its files (the ride left out)."""
    files = sorted((small_export / "activities").glob("*.fit.gz"))
    direct = runlytics.estimate_athlete([runlytics.read_activity(f) for f in files])
    for name in ("vdot", "threshold_speed_mps", "hr_max", "hr_threshold", "hr_rest"):
        got, expected = history.athlete.at(START), direct.at(START)
        assert getattr(got, name) == pytest.approx(getattr(expected, name)), name
        assert got.sources[name] == expected.sources[name]


def test_a_given_athlete_is_used_as_is(small_export: Path, tmp_path: Path) -> None:
    athlete = runlytics.Athlete(
        sex="male", hr_max=190, hr_rest=50, hr_threshold=170, threshold_speed_mps=4.0
    )
    h = read_export(small_export, athlete=athlete, cache=tmp_path, progress=False)
    assert h.athlete is athlete
    runs = h.activities[h.activities["analysed"]]
    assert np.isfinite(runs["hrtss"]).all() and np.isfinite(runs["time_in_zone_2_s"]).all()
    assert h.run(1002).summary["hrtss"] == pytest.approx(runs.loc[1002, "hrtss"])


def test_run_gives_the_full_analysis(history: History) -> None:
    analysis = history.run(1003)
    assert isinstance(analysis, runlytics.RunAnalysis)
    assert analysis.label == history.activities.loc[1003, "label"]
    assert analysis.summary["distance_m"] == pytest.approx(
        history.activities.loc[1003, "distance_m"]
    )
    assert set(history.best_efforts["activity_id"]) == {1001, 1002, 1003, 1004}


def test_the_zipped_export_gives_the_same_history(small_export: Path, tmp_path: Path) -> None:
    zipped = zip_folder(small_export, tmp_path / "export.zip")
    a = read_export(zipped, cache=False, progress=False).activities
    b = read_export(small_export, cache=False, progress=False).activities
    pd.testing.assert_frame_equal(a, b)


def test_sports_chooses_what_is_analysed(small_export: Path, tmp_path: Path) -> None:
    h = read_export(small_export, sports=("running", "cycling"), cache=tmp_path, progress=False)
    assert h.activities.loc[1005, "analysed"]


def test_a_folder_without_log_matches_nothing_and_keeps_every_file(tmp_path: Path) -> None:
    for i in range(3):
        runlytics.write_fit(run(START + i * DAY), tmp_path / f"morning-{i}.fit")
    (tmp_path / "notes.txt").write_text("not an activity")
    h = read_export(tmp_path, cache=False, progress=False)
    a = h.activities
    assert len(a) == 3 and a["analysed"].all() and not a["in_log"].any()
    assert a.index.is_unique and h.log.empty


def test_a_corrupt_file_among_good_ones_is_a_problem_row(
    small_export: Path, tmp_path: Path
) -> None:
    folder = shutil.copytree(small_export, tmp_path / "export")
    (folder / "activities" / "1003.fit.gz").write_bytes(b"\x1f\x8bnot gzip at all")
    (folder / "activities" / "7.gpx").write_text("<gpx><trk><trkseg></trkseg></trk></gpx>")
    h = read_export(folder, cache=False, progress=False)
    problems = h.problems.set_index("file")
    assert set(problems.index) == {"activities/1003.fit.gz", "activities/7.gpx"}
    assert problems.loc["activities/1003.fit.gz", "error"] == "CorruptFileError"
    assert "1003.fit.gz" in problems.loc["activities/1003.fit.gz", "message"]
    a = h.activities
    assert a.loc[[1001, 1002, 1004], "analysed"].all()
    assert a.loc[1003, "notes"] == NO_FILE_NOTE  # its log row stays, as a row without a file


def test_a_duplicate_file_is_counted_once(small_export: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(small_export, tmp_path / "export")
    shutil.copy(folder / "activities" / "1001.fit.gz", folder / "copy-of-1001.fit.gz")
    h = read_export(folder, cache=False, progress=False)
    assert h.problems["error"].tolist() == ["DuplicateFile"]
    assert len(h.activities) == 7


def test_sport_disagreement_is_noted(tmp_path: Path) -> None:
    from tests.history.exports import strava_export

    strava_export(tmp_path, {5: run(START)}, types={5: "Walk"})
    row = read_export(tmp_path, cache=False, progress=False).activities.loc[5]
    assert row["sport"] == "walking" and not row["analysed"]
    assert "the log says walking, the file says running" in row["notes"]


def test_garmin_export_nested_zips_and_json_summaries(tmp_path: Path) -> None:
    runs = [run(START + i * DAY, minutes=20 + 5 * i) for i in range(3)]
    export = garmin_export(tmp_path / "garmin.zip", runs, summaries_only=2)
    h = read_export(export, cache=tmp_path / "cache", progress=False)
    a = h.activities
    assert h.problems.empty
    assert len(a) == 5 and a["analysed"].sum() == 3
    files = a[a["analysed"]]
    assert files["source_file"].str.startswith("DI_CONNECT/").all()
    assert files["source_file"].str.contains(r"Part1\.zip/someone@example\.com_900\d\.fit").all()
    assert sorted(files.index) == [10_000, 10_001, 10_002]  # the summary's id, matched by time
    assert (files["name"] == [f"Garmin run {i}" for i in files.index]).all()
    old = a[~a["analysed"]]
    assert (old["notes"] == NO_FILE_NOTE).all() and (old["elevation_gain_m"] == 12.0).all()
    assert (old["utc_offset_s"] == 3600.0).all()
    assert h.run(10_001).summary["moving_s"] == pytest.approx(25 * 60, abs=5)


def test_a_missing_source_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(runlytics.UnsupportedFormatError, match="no such file"):
        read_export(tmp_path / "nowhere", cache=False)


def test_read_exports_reads_several_athletes(small_export: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    runlytics.write_fit(run(START), other / "a.fit")
    histories = runlytics.read_exports([small_export, other], cache=False, progress=False)
    assert list(histories) == [str(small_export), str(other)]
    assert len(histories[str(other)].activities) == 1


def test_an_empty_export_is_an_empty_history(tmp_path: Path) -> None:
    h = read_export(tmp_path, cache=False, progress=False)
    assert h.activities.empty and h.problems.empty
    assert h.daily_load().empty and h.weekly().empty


def test_a_log_without_files_is_a_history_of_log_rows(small_export: Path, tmp_path: Path) -> None:
    shutil.copy(small_export / "activities.csv", tmp_path / "activities.csv")
    a = read_export(tmp_path, cache=False, progress=False).activities
    assert len(a) == 7 and not a["analysed"].any() and a["load_estimated"].all()
    assert a.loc[1003, "distance_m"] > 0 and a.loc[1003, "name"] == "Run 1003"
