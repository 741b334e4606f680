"""The History: daily load with its fallback, Monday-Sunday weeks, the Parquet dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import runlytics
from runlytics import History, read_export, read_history

ATHLETE = runlytics.Athlete(
    sex="male", hr_max=190, hr_rest=50, hr_threshold=170, threshold_speed_mps=3.5
)


@pytest.fixture(scope="module")
def history(small_export: Path, tmp_path_factory: pytest.TempPathFactory) -> History:
    cache = tmp_path_factory.mktemp("cache")
    return read_export(small_export, athlete=ATHLETE, cache=cache, progress=False)


def test_history_is_immutable(history: History) -> None:
    frame = history.activities
    frame.loc[:, "distance_m"] = 0.0
    assert (history.activities["distance_m"] > 0).all()
    with pytest.raises(AttributeError):
        history.athlete = ATHLETE  # type: ignore[misc]


def test_daily_load_covers_every_day_with_zeros_on_rest_days(history: History) -> None:
    load = history.daily_load()
    a = history.activities
    assert load.index[0] == a["local_date"].min() and load.index[-1] == a["local_date"].max()
    assert len(load) == (load.index[-1] - load.index[0]).days + 1
    rest = ~load.index.isin(a["local_date"])
    assert (load[rest] == 0).all() and rest.any()
    assert (load.attrs["used"][rest] == "rest").all()
    day = a.loc[1002, "local_date"]
    assert load[day] == pytest.approx(a.loc[1002, "hrtss"])
    assert load.attrs["used"][day] == "hrtss"


def test_daily_load_falls_back_to_rtss_where_hrtss_is_missing(history: History) -> None:
    a = history.activities
    old = a.loc[900]  # a log row without a file: hrTSS estimated from its average HR
    load = history.daily_load()
    assert load[old["local_date"]] == pytest.approx(old["hrtss"])
    frame = a.copy()
    frame["hrtss"] = np.nan
    no_hr = History(frame, history.best_efforts, history.athlete, history.problems, history.log)
    fallback = no_hr.daily_load()
    day = a.loc[1002, "local_date"]
    assert fallback[day] == pytest.approx(a.loc[1002, "rtss"])
    assert fallback.attrs["used"][day] == "rtss"
    assert fallback.attrs["used"][a.loc[1005, "local_date"]] == "none"  # the ride: no pace load
    with pytest.raises(ValueError, match="metric"):
        history.daily_load("watts")


def test_weekly_is_monday_to_sunday_in_local_time(history: History) -> None:
    weeks = history.weekly()
    assert (weeks.index.day_of_week == 0).all()
    assert weeks.index.freq is None or weeks.index.freqstr == "7D"
    a = history.activities
    runs = a[a["sport"] == "running"]
    assert weeks["runs"].sum() == len(runs)
    assert weeks["distance_m"].sum() == pytest.approx(runs["distance_m"].sum())
    assert weeks["load"].sum() == pytest.approx(history.daily_load().sum())
    labels = weeks.filter(like="label_").sum().sum()
    assert labels == runs["label"].notna().sum()
    first = weeks.loc["2024-03-04"]
    assert first["runs"] == 3 and first["other_s"] > 0  # Mon, Wed, Sat runs and the ride
    assert first["longest_run_m"] == pytest.approx(a.loc[1003, "distance_m"])
    assert weeks.loc["2024-03-11", "runs"] == 1
    zones = weeks.filter(like="time_in_zone_").loc["2024-03-04"].sum()
    assert zones == pytest.approx(a.loc[[1001, 1002, 1003], "time_in_zone_1_s":"time_in_zone_5_s"]
                                  .sum().sum())  # fmt: skip


def test_parquet_round_trip(history: History, tmp_path: Path) -> None:
    path = history.to_parquet(tmp_path / "saved")
    back = read_history(path)
    pd.testing.assert_frame_equal(back.activities, history.activities)
    pd.testing.assert_frame_equal(back.best_efforts, history.best_efforts)
    assert repr(back.athlete) == repr(history.athlete)
    run = back.run(1003)
    assert run.label == history.activities.loc[1003, "label"]
    assert run.summary["distance_m"] == pytest.approx(history.run(1003).summary["distance_m"])


def test_the_dataset_is_plain_parquet(history: History, tmp_path: Path) -> None:
    path = history.to_parquet(tmp_path / "saved")
    activities = pq.read_table(path / "activities.parquet")
    assert "activity_id" in activities.column_names and activities.num_rows == 7
    records = ds.dataset(path / "records", format="parquet", partitioning="hive").to_table()
    ids = set(records.column("activity_id").to_pylist())
    assert ids == {1001, 1002, 1003, 1004}
    assert {"timestamp", "distance_m", "heart_rate_bpm", "moving"} <= set(records.column_names)
    efforts = pq.read_table(path / "best_efforts.parquet").to_pandas()
    assert set(efforts["activity_id"]) == ids


def test_daily_load_feeds_the_history_metrics(history: History) -> None:
    load = history.daily_load()
    chart = runlytics.pmc(load)
    assert len(chart) == len(load) and chart["ctl"].iloc[-1] > 0
    assert len(runlytics.acwr(load)) == len(load)


def test_until_cuts_activities_efforts_and_log_at_a_day(history: History) -> None:
    days = history.activities["local_date"]
    cut = days.sort_values().iloc[2]
    early = history.until(cut)
    assert (early.activities["local_date"] <= cut).all()
    assert len(early.activities) == int((days <= cut).sum()) < len(history.activities)
    assert set(early.best_efforts["activity_id"]) <= set(early.activities.index)
    assert len(early.log) < len(history.log)
    assert early.athlete is history.athlete
    assert len(history.until(days.max()).activities) == len(history.activities)
    first_run = int(early.activities.index[early.activities["analysed"]][0])
    assert early.run(first_run).summary["distance_m"] > 0  # runs still read from the cache


def test_load_metrics_take_a_history(small_export: Path) -> None:
    history = runlytics.read_export(small_export, athlete=ATHLETE, cache=False, progress=False)
    daily = history.daily_load()
    pd.testing.assert_frame_equal(runlytics.pmc(history), runlytics.pmc(daily))
    pd.testing.assert_series_equal(runlytics.acwr(history), runlytics.acwr(daily))
    weeks = runlytics.monotony_strain(daily)
    pd.testing.assert_frame_equal(runlytics.monotony_strain(history), weeks)
