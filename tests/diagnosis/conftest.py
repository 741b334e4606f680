"""The sample exports read once per session with ``read_export`` (the athlete from each
sample's README, as the command line reads it), into a session cache under pytest's tmp."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlytics import History, read_export
from runlytics.diagnosis.profile import read_profile

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("diagnosis-run-cache")


def _read(name: str, cache: Path) -> History:
    athlete, _ = read_profile(SAMPLES / name)
    return read_export(SAMPLES / name, athlete=athlete, cache=cache, progress=False)


@pytest.fixture(scope="session")
def ivan(sample_cache: Path) -> History:
    return _read("ivan", sample_cache)


@pytest.fixture(scope="session")
def boston(sample_cache: Path) -> History:
    return _read("boston", sample_cache)


@pytest.fixture(scope="session")
def control(sample_cache: Path) -> History:
    return _read("control", sample_cache)
