"""Fixtures of the history tests: a small Strava-style export built once, and the three
sample exports as History-like frames (cached on disk)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.history.exports import START, run, strava_export
from tests.history.samples import SampleHistory, load

DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="session")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four runs over two weeks, a ride, two log rows without a file."""
    folder = tmp_path_factory.mktemp("strava")
    activities = {
        1001: run(START, minutes=25, hr=135),
        1002: run(START + 2 * DAY, minutes=20, speed=3.4, hr=155),
        1003: run(START + 5 * DAY, minutes=45, hr=140),
        1004: run(START + 7 * DAY, minutes=20, hr=150, offset_h=None),
        1005: run(START + 3 * DAY, minutes=30, speed=7.0, hr=120, sport="cycling"),
    }
    log_only = {
        900: (START - 10 * DAY, "Run", 1800.0, 6000.0, 145.0),
        901: (START - 9 * DAY, "Ride", 3600.0, 25000.0, 125.0),
    }
    return strava_export(folder, activities, log_only=log_only, types={1005: "Ride"})


def _sample(request: pytest.FixtureRequest, name: str) -> SampleHistory:
    """The sample from pytest's cache folder (kept between runs), else a session temp folder."""
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    if cache is not None:
        folder = cache.mkdir("runlytics-history-samples")
    else:  # -p no:cacheprovider
        folder = request.getfixturevalue("tmp_path_factory").mktemp("samples")
    return load(name, folder)


@pytest.fixture(scope="session")
def ivan(request: pytest.FixtureRequest) -> SampleHistory:
    return _sample(request, "ivan")


@pytest.fixture(scope="session")
def boston(request: pytest.FixtureRequest) -> SampleHistory:
    return _sample(request, "boston")


@pytest.fixture(scope="session")
def control(request: pytest.FixtureRequest) -> SampleHistory:
    return _sample(request, "control")
