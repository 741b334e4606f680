"""detect_segments on hand-built 1 Hz speed profiles (known answers) and the change-point core."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import ruptures

from runlytics.activity import Activity, assign_laps, build_laps
from runlytics.analysis.segments import SEGMENT_COLUMNS, detect_segments
from runlytics.analysis.segments.changepoints import binary_segmentation
from tests.analysis.synthetic_runs import START, synthetic


def profile(parts: list[tuple[float, float]], seed: int = 0, noise: float = 0.05):
    """A flat 1 Hz run from (seconds, speed) parts, with a little speed noise and HR."""
    rng = np.random.default_rng(seed)
    speed = np.concatenate([np.full(int(s), v) for s, v in parts])
    speed = np.maximum(speed + rng.normal(0, noise, speed.size), 0.0)
    speed = np.r_[0.0, speed]
    t = np.arange(speed.size, dtype="float64")
    hr = 120 + 15 * speed + rng.normal(0, 1, speed.size)
    return synthetic(t, distance_m=np.cumsum(speed), speed_mps=speed, heart_rate_bpm=hr)


def six_by_800() -> list[tuple[float, float]]:
    parts = [(900, 3.0)]
    for i in range(6):
        parts.append((800 / 4.4, 4.4))
        if i < 5:
            parts.append((90, 2.5))
    return [*parts, (600, 3.0)]


def test_six_by_800_found_with_boundaries() -> None:
    seg = detect_segments(profile(six_by_800()))
    assert list(seg.columns) == list(SEGMENT_COLUMNS)
    work = seg[seg["kind"] == "work"]
    assert len(work) == 6 and work["rep"].tolist() == [1, 2, 3, 4, 5, 6]
    assert np.allclose(work["active_s"], 800 / 4.4, atol=6)
    assert np.allclose(work["distance_m"], 800, atol=30)
    assert seg["kind"].iloc[0] == "warmup" and seg["kind"].iloc[-1] == "cooldown"
    assert (seg[seg["kind"] == "recovery"]["active_s"].round() == 90).sum() >= 4
    assert seg["duration_s"].sum() == sum(int(s) for s, _ in six_by_800())


def test_rep_boundaries_within_seconds() -> None:
    work = detect_segments(profile(six_by_800(), noise=0.1)).query("kind == 'work'")
    starts = 900 + np.arange(6) * (int(800 / 4.4) + 90)  # profile() cuts parts to whole seconds
    start = (work["start"] - START).dt.total_seconds().to_numpy()
    assert np.abs(start - starts).max() <= 3
    assert np.abs(work["active_s"].to_numpy() - 800 / 4.4).max() <= 4


def test_noisy_altitude_gives_way_to_speed() -> None:
    rng = np.random.default_rng(2)
    a = profile(six_by_800())
    altitude = 100 + np.cumsum(rng.normal(0, 1.5, len(a.records)))  # GPS altitude: a random walk
    a.records["altitude_m"] = altitude
    seg = detect_segments(a)
    assert seg.attrs["signal"] == "speed_mps" and "heart rate" in seg.attrs["signal_reason"]
    assert (seg["kind"] == "work").sum() == 6


def test_a_lone_surge_is_not_a_session() -> None:
    seg = detect_segments(profile([(1500, 3.0), (90, 4.3), (1500, 3.0)]))
    assert not (seg["kind"] == "work").any()
    assert seg["stride"].sum() == 1


def test_tempo_block_is_one_work_segment() -> None:
    seg = detect_segments(profile([(900, 3.0), (1200, 3.9), (600, 3.0)]))
    work = seg[seg["kind"] == "work"]
    assert len(work) == 1
    assert work["active_s"].iloc[0] == pytest.approx(1200, abs=5)


def test_progression_and_steady_runs_have_no_work() -> None:
    ramp = [(60, v) for v in np.linspace(2.9, 3.9, 50)]
    for parts in (ramp, [(3000, 3.3)]):
        seg = detect_segments(profile(parts))
        assert (seg["kind"] == "steady").all()


def test_strides_in_an_easy_run_are_not_reps() -> None:
    parts = [(2400, 3.0)]
    for _ in range(5):
        parts += [(18, 5.0), (60, 2.8)]
    seg = detect_segments(profile(parts))
    assert not (seg["kind"] == "work").any()
    assert seg["stride"].sum() == 5


def test_standing_recoveries_split_reps() -> None:
    parts = [(600, 3.0)]
    for i in range(4):
        parts.append((240, 4.2))
        if i < 3:
            parts.append((90, 0.0))
    seg = detect_segments(profile([*parts, (300, 3.0)]))
    assert (seg["kind"] == "work").sum() == 4


def test_laps_that_agree_set_boundaries() -> None:
    a = profile(six_by_800(), noise=0.15)
    work = detect_segments(a)
    assert (work[work["kind"] == "work"]["source"] == "data").all()


def test_no_speed_gives_one_steady_segment() -> None:
    t = np.arange(1800, dtype="float64")
    a = synthetic(t, heart_rate_bpm=np.full(t.size, 140.0))
    seg = detect_segments(a)
    assert len(seg) == 1 and seg["kind"].iloc[0] == "steady"


def test_binary_segmentation_matches_ruptures() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([np.full(200, 3.0), np.full(80, 4.5), np.full(150, 2.5), np.full(300, 3.2)])
    x = x + rng.normal(0, 0.1, x.size)
    ours = binary_segmentation(x, penalty=2.0, min_size=5)
    theirs = ruptures.Binseg(model="l2", min_size=5, jump=1).fit(x).predict(pen=2.0)[:-1]
    assert ours.tolist() == theirs


def test_input_not_modified() -> None:
    a = profile(six_by_800())
    before = a.records.copy()
    detect_segments(a)
    pd.testing.assert_frame_equal(a.records, before)


def test_laps_without_trigger_are_handled() -> None:
    """Device laps whose trigger the file does not give (missing values) are still used."""
    a = profile(six_by_800())
    starts = pd.DatetimeIndex(a.records.index[:: len(a.records) // 4])
    records = assign_laps(a.records, starts)
    laps = build_laps(records)
    assert laps["trigger"].isna().all() and len(laps) >= 4
    seg = detect_segments(Activity(records, laps, a.session))
    assert (seg["kind"] == "work").sum() == 6
