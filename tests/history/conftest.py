"""Session fixtures: the three sample exports as History-like frames (cached on disk)."""

from __future__ import annotations

import pytest

from tests.history.samples import SampleHistory, load


def _sample(request: pytest.FixtureRequest, name: str) -> SampleHistory:
    """The sample from pytest's cache folder (kept between runs), else a session temp folder."""
    cache = request.config.cache
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
