"""read_export on the real Strava export (folder and zip) and the sample exports."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from runlytics import History, read_export, read_training_log
from tests.conftest import real_path

STRAVA = "patricktudor-running/strava-export-2019-01-to-05"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def strava_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def strava(strava_cache: Path) -> History:
    return read_export(real_path(STRAVA), cache=strava_cache, progress=False)


@pytest.mark.real
def test_real_strava_export_every_log_row_and_file_accounted_for(strava: History) -> None:
    folder = real_path(STRAVA)
    log = read_training_log(folder / "activities.csv")
    files = [p for p in folder.iterdir() if p.name != "activities.csv"]
    a = strava.activities
    assert len(a) == len(log) and strava.problems.empty
    assert a["source_file"].notna().sum() == len(files)
    assert set(a.index) == {int(i) for i in log["activity_id"]}
    runs = a[a["sport"] == "running"]
    assert runs["analysed"].all() and runs["label"].notna().all()
    assert not a.loc[a["sport"] != "running", "analysed"].any()
    assert {"cycling", "walking"} <= set(a["sport"])
    assert (a["name"].notna()).all()
    assert strava.athlete.at("2019-03-01").is_estimate("hr_max")
    weeks = strava.weekly()
    assert weeks["runs"].sum() == len(runs)


@pytest.mark.real
def test_real_strava_export_zipped_gives_the_same_rows(
    strava: History, strava_cache: Path, tmp_path: Path
) -> None:
    """The zip's members have the folder's bytes: the cache (content-keyed) serves them."""
    folder = real_path(STRAVA)
    target = tmp_path / "export.zip"
    with zipfile.ZipFile(target, "w") as z:  # stored: the files are gzipped already
        for path in sorted(folder.iterdir()):
            z.write(path, f"export/{path.name}")
    zipped = read_export(target, cache=strava_cache, progress=False).activities
    expected = strava.activities
    expected["source_file"] = "export/" + expected["source_file"]
    pd.testing.assert_frame_equal(zipped, expected)


def sample_subset(name: str, target: Path, count: int) -> Path:
    """The sample's full log with only the first ``count`` activity files."""
    source = SAMPLES / name
    (target / "activities").mkdir(parents=True)
    shutil.copy(source / "activities.csv", target / "activities.csv")
    for path in sorted((source / "activities").iterdir())[:count]:
        shutil.copy(path, target / "activities" / path.name)
    return target


@pytest.mark.parametrize("name", ["boston", "ivan", "control"])
def test_sample_subset_files_and_log_rows_without_files(name: str, tmp_path: Path) -> None:
    export = sample_subset(name, tmp_path / name, 12)
    h = read_export(export, cache=tmp_path / "cache", progress=False)
    a = h.activities
    log = read_training_log(export / "activities.csv")
    assert len(a) == len(log) and h.problems.empty
    assert a["analysed"].sum() == 12
    rest = a[~a["analysed"]]
    assert rest["load_estimated"].all() and rest["source_file"].isna().all()
    assert h.daily_load().attrs["used"].isin(["hrtss", "rtss", "rest", "none",
                                              "hrtss+rtss"]).all()  # fmt: skip


def test_one_whole_sample_export(tmp_path: Path) -> None:
    h = read_export(SAMPLES / "boston", cache=tmp_path, progress=False)
    a = h.activities
    assert h.problems.empty and a["analysed"].all()
    assert len(a) == len(list((SAMPLES / "boston" / "activities").iterdir()))
    assert a["label"].nunique() >= 4
    assert len(h.weekly()) >= 40
