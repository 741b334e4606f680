"""Committed sample data (data/samples): what the code generates; loads cleanly; tells its story.

Gzipped files are compared by their content: the deflate stream depends on
the zlib build, the payload does not (two runs on one machine are compared
byte for byte).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runlytics
from runlytics.simulate import MARATHON, HistoryTruth, RunTruth
from runlytics.simulate.samples import (
    SAMPLES,
    activity_id,
    athlete_files,
    device_on,
    elevation_changes,
    strava_date,
    strava_name,
    top_readme_bytes,
    write_samples,
)

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"
BOSTON_STANDARD_S = 3 * 3600 + 15 * 60
MAX_TOTAL_MB = 40
NAMES = list(SAMPLES)


def content(relative: str, data: bytes) -> bytes:
    """The file's payload: gzip undone for ``.gz`` files."""
    return gzip.decompress(data) if relative.endswith(".gz") else data


def committed(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` by its relative POSIX path."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def mismatches(expected: dict[str, bytes], folder: Path) -> list[str]:
    """What differs between generated files and those committed in ``folder``."""
    on_disk = committed(folder)
    problems = [f"missing from {folder}: {p}" for p in sorted(set(expected) - set(on_disk))]
    for relative in sorted(set(expected) & set(on_disk)):
        if content(relative, on_disk[relative].read_bytes()) != content(
            relative, expected[relative]
        ):
            problems.append(f"differs: {relative}")
    return problems


def log(name: str) -> pd.DataFrame:
    return runlytics.read_training_log(SAMPLES_DIR / name / "activities.csv")


def history(name: str) -> HistoryTruth:
    return HistoryTruth.from_json((SAMPLES_DIR / name / "truth" / "history.json").read_text())


@pytest.mark.parametrize(
    ("utc", "text"),
    [
        ("2019-01-05 09:05:23", "Jan 5, 2019, 9:05:23 AM"),
        ("2022-10-06 23:19:20", "Oct 6, 2022, 11:19:20 PM"),
        ("2024-12-01 00:01:00", "Dec 1, 2024, 12:01:00 AM"),
        ("2024-12-01 12:01:00", "Dec 1, 2024, 12:01:00 PM"),
    ],
)
def test_strava_date_reads_back(utc: str, text: str) -> None:
    start = pd.Timestamp(utc, tz="UTC")
    assert strava_date(start) == text
    csv = f'Activity ID,Activity Date,Activity Type\n1,"{text}",Run\n'.encode()
    assert runlytics.read_training_log(io.BytesIO(csv))["start_time"].iloc[0] == start


def test_names_ids_devices_and_elevation() -> None:
    assert strava_name(pd.Timestamp("2024-05-01 06:30"), None) == "Morning Run"
    assert strava_name(pd.Timestamp("2024-05-01 22:30"), None) == "Night Run"
    assert strava_name(pd.Timestamp("2024-05-05 09:00"), "Spring 10k") == "Spring 10k"
    start = pd.Timestamp("2024-05-01 06:30:00", tz="UTC")
    assert activity_id(start + pd.Timedelta(seconds=1)) == activity_id(start) + 10
    devices = SAMPLES["control"].devices
    assert device_on(devices, dt.date(2024, 3, 14)).suffix == ".tcx"
    assert device_on(devices, dt.date(2024, 3, 17)).suffix == ".fit.gz"
    with pytest.raises(ValueError, match="no device"):
        device_on(devices, dt.date(2023, 1, 1))
    noisy = np.array([100.0, 101.0, 100.0, 101.5, 105.0, 104.0, 99.0, np.nan, 100.0])
    assert elevation_changes(noisy) == (5.0, 6.0)


@pytest.mark.parametrize("name", NAMES)
def test_first_files_regenerate_as_committed(name: str) -> None:
    """README, history truth and the first three runs (GPX, TCX.GZ, FIT.GZ among them)."""
    first = dict(itertools.islice(athlete_files(name), 2 + 2 * 3))
    assert mismatches(first, SAMPLES_DIR / name) == []


def test_top_readme_regenerates_as_committed() -> None:
    assert (SAMPLES_DIR / "README.md").read_bytes() == top_readme_bytes()


def test_same_seed_same_bytes() -> None:
    files = [list(itertools.islice(athlete_files("ivan"), 6)) for _ in range(2)]
    assert files[0] == files[1]
    assert any(path.endswith(".gpx") for path, _ in files[0])


@pytest.mark.slow
def test_all_samples_regenerate_as_committed(tmp_path: Path) -> None:
    folders = write_samples(tmp_path)
    problems = []
    for name, folder in folders.items():
        generated = {rel: path.read_bytes() for rel, path in committed(folder).items()}
        problems += mismatches(generated, SAMPLES_DIR / name)
        extra = set(committed(SAMPLES_DIR / name)) - set(generated)
        problems += [f"extra in {SAMPLES_DIR / name}: {p}" for p in sorted(extra)]
    assert problems == [], "\n".join(problems)


def test_samples_are_small_and_gzip_has_no_time_stamp() -> None:
    files = committed(SAMPLES_DIR)
    assert sum(p.stat().st_size for p in files.values()) < MAX_TOTAL_MB * 1e6
    stamps = {rel: p.read_bytes()[4:8] for rel, p in files.items() if rel.endswith(".gz")}
    assert stamps and set(stamps.values()) == {b"\0\0\0\0"}


@pytest.mark.parametrize("name", NAMES)
def test_log_lists_every_activity_with_its_truth(name: str) -> None:
    folder = SAMPLES_DIR / name
    df = log(name)
    assert df.attrs["layout"] == "strava_activities"
    assert len(df) > 250 and (df["sport"] == "running").all()
    assert df["activity_id"].is_unique and df["start_time"].is_monotonic_increasing
    assert (df["distance_m"] > 1000).all() and (df["moving_s"] <= df["elapsed_s"]).all()
    assert df["avg_heart_rate_bpm"].between(80, 200).all()
    listed = set(df["source_file"])
    files = {f"activities/{p.name}" for p in (folder / "activities").iterdir()}
    assert listed == files
    truths = {p.stem for p in (folder / "truth").glob("*.json")} - {"history"}
    assert truths == {str(i) for i in df["activity_id"]}  # ids are Int64
    suffixes = {"".join(Path(f).suffixes) for f in files}
    assert ".fit.gz" in suffixes and len(suffixes) >= 2
    fit_share = sum(f.endswith(".fit.gz") for f in files) / len(files)
    assert fit_share > 0.9


@pytest.mark.parametrize("name", NAMES)
def test_every_activity_loads_without_warnings_and_matches_its_truth(name: str) -> None:
    folder = SAMPLES_DIR / name
    for row in log(name).itertuples():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            activity = runlytics.read_activity(folder / row.source_file)
        truth = RunTruth.from_json((folder / "truth" / f"{row.activity_id}.json").read_text())
        assert activity.session.sport == "running"
        assert activity.records.index[0] == truth.start == row.start_time
        assert abs(activity.records.index[-1] - truth.end) <= pd.Timedelta(seconds=1)
        assert activity.records["heart_rate_bpm"].notna().mean() > 0.8


@pytest.mark.parametrize("name", NAMES)
def test_readme_gives_the_profile_without_the_truth(name: str) -> None:
    text = (SAMPLES_DIR / name / "README.md").read_text()
    runner = history(name).runner
    assert f"HRmax {runner.hr_max:.0f} bpm" in text and f"resting HR {runner.hr_rest:.0f}" in text
    assert f"{runner.age}" in text and runner.goal in text
    assert "vdot" not in text.lower()


def test_ivan_has_a_layoff_of_several_weeks_between_two_half_marathons() -> None:
    h = history("ivan")
    (layoff,) = h.layoffs
    assert (layoff.end - layoff.start).days >= 21
    halves = [r for r in h.races if "Half" in r.result.name]
    assert len(halves) == 2 and halves[0].date < layoff.start < halves[1].date
    names = set(log("ivan")["name"])
    assert {r.result.name for r in h.races} <= names


def test_boston_qualifies_only_in_his_last_marathon() -> None:
    races = history("boston").races
    assert len(races) == 3 and all(r.result.distance_m == MARATHON for r in races)
    *earlier, last = (r.result.time_s for r in races)
    assert last < BOSTON_STANDARD_S < min(earlier)


def test_control_improves_race_after_race_without_layoff() -> None:
    h = history("control")
    vdots = [r.result.vdot for r in h.races]
    assert len(vdots) == 4 and vdots == sorted(vdots) and vdots[-1] > vdots[0] + 1.5
    assert h.layoffs == ()
