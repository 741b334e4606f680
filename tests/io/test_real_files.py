"""Every activity file in ../shared/data/real: it loads with the canonical schema and
plausible values, or raises a RunlyticsError subclass naming the file. The counts
of both are printed at the end of the run (see ``pytest_terminal_summary``)."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import runlytics
from tests.conftest import REAL_DIR, REAL_MISSING_REASON, real_available
from tests.schema import assert_canonical

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".csv", ".json")
OUTCOMES: Counter[str] = Counter()


def activity_files() -> list[Path]:
    if not real_available():
        return []
    return sorted(
        p
        for p in REAL_DIR.rglob("*")
        if p.is_file() and p.name.lower().removesuffix(".gz").endswith(ACTIVITY_SUFFIXES)
    )


FILES = activity_files()


@pytest.mark.skipif(not FILES, reason=REAL_MISSING_REASON)
def test_real_files_present() -> None:
    assert len(FILES) >= 370


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REAL_DIR)))
def test_real_file_loads_or_fails_clearly(path: Path) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", runlytics.RecoveredDataWarning)
            activities = runlytics.read_activities(path)
    except runlytics.RunlyticsError as exc:
        OUTCOMES["raised a RunlyticsError"] += 1
        assert str(path) in str(exc) and len(exc.problem) > 10
        return
    OUTCOMES["loaded"] += 1
    for activity in activities:
        check_activity(activity)


def check_activity(a: runlytics.Activity) -> None:
    assert_canonical(a)
    r = a.records
    assert len(r) > 0
    assert pd.Timestamp("1970", tz="UTC") <= r.index[0] < pd.Timestamp("2031", tz="UTC")
    assert r["heart_rate_bpm"].dropna().between(1, 255).all()  # SDK sample files ramp 1..254
    assert r["latitude_deg"].dropna().between(-90, 90).all()
    assert r["longitude_deg"].dropna().between(-180, 180).all()
    speed = r["speed_mps"].dropna()
    assert speed.empty or (speed.quantile(0.99) < 40 and speed.min() >= 0)
    if a.session.sport in ("running", "walking"):
        assert r["cadence_spm"].dropna().between(0, 260).all()
    assert len(a.laps) >= 1
    s = a.session
    assert s.format in ("fit", "gpx", "tcx", "csv") and s.source
    assert s.elapsed_s >= 0 and s.timer_s >= 0 and s.moving_s <= s.timer_s + 1
    assert str(s.start_time.tz) == "UTC"
