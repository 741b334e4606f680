"""The shared real Strava export: structured sessions are not called unstructured."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlytics import diagnose, read_export
from tests.conftest import real_path

pytestmark = pytest.mark.slow


def test_real_export_speedwork_not_called_unstructured(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    cache: Path = tmp_path_factory.mktemp("real-cache")
    history = read_export(
        real_path("patricktudor-running/strava-export-2019-01-to-05"), cache=cache, progress=False
    )
    d = diagnose(history)
    assert d.finding("unstructured_speedwork") is None
    assert d.prescription.weekly_km is not None
