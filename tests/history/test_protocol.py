"""The inputs: a History-like object or its frames give the same answers; bad input is named."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

import runlytics as rl
from runlytics.errors import MissingDataError
from runlytics.history.protocol import (
    HistoryLike,
    activities_of,
    best_efforts_of,
    daily_load_of,
    runs_of,
)
from tests.history.frames import ATHLETE, activities, every_day, steady_runs
from tests.history.samples import SampleHistory


@dataclass(frozen=True)
class Export:
    """A History-like object with an athlete and its own daily load."""

    activities: pd.DataFrame
    athlete: rl.Athlete

    def daily_load(self, metric: str = "hrtss") -> pd.Series:
        days = pd.date_range(
            self.activities["local_date"].min(), self.activities["local_date"].max()
        )
        return pd.Series(100.0 if metric == "trimp" else 1.0, index=days)


def test_a_history_like_object_and_its_frame_agree() -> None:
    frame = steady_runs(
        every_day("2024-01-01", "2024-03-31", skip=[("2024-02-01", "2024-02-14")]), 50.0
    )
    export = Export(frame, ATHLETE)
    assert isinstance(export, HistoryLike)
    by_object = rl.fitness_trend(export).weekly
    by_frame = rl.fitness_trend(frame, athlete=ATHLETE).weekly
    pd.testing.assert_frame_equal(by_object, by_frame)
    # the History's own daily load is used (100 a day here, 60 per run from the frame)
    assert daily_load_of(export, "trimp").iloc[0] == 100.0
    assert daily_load_of(frame, "trimp").iloc[0] == 60.0
    assert (
        rl.detect_layoffs(export).iloc[0]["ctl_before"]
        > rl.detect_layoffs(frame).iloc[0]["ctl_before"]
    )


def test_frames_are_normalised_and_not_modified() -> None:
    frame = activities(["2024-01-02", "2024-01-01"], sport=["running", "cycling"])
    frame["local_date"] = frame["local_date"].dt.tz_localize("Europe/Paris")
    before = frame.copy()
    got = activities_of(frame)
    assert got["local_date"].dt.tz is None
    assert got["start_time"].is_monotonic_increasing
    assert runs_of(frame).index.tolist() == [1]
    pd.testing.assert_frame_equal(frame, before)
    daily = daily_load_of(frame.assign(trimp=[float("nan"), 5.0]), "trimp")
    assert daily.attrs["runs_without_load"] == 1


def test_missing_columns_are_named() -> None:
    with pytest.raises(MissingDataError, match="local_date"):
        activities_of(pd.DataFrame({"distance_m": [1.0]}))
    with pytest.raises(MissingDataError, match="gap_time_s"):
        best_efforts_of(
            pd.DataFrame(), pd.DataFrame({"activity_id": [1], "effort": ["5 km"], "time_s": [1.0]})
        )


@pytest.mark.slow
def test_sample_object_and_frames_agree(boston: SampleHistory) -> None:
    by_object = rl.detect_plateau(boston)
    by_frame = rl.detect_plateau(boston.activities, athlete=boston.athlete)
    pd.testing.assert_frame_equal(
        by_object.drop(columns="evidence"), by_frame.drop(columns="evidence")
    )
