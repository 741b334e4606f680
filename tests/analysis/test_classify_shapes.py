"""The failure shapes seen on real athletes, on synthetic runs with noise and wobbling pace:
long reps, many short efforts, standing recoveries, a change of pace in an easy run, an easy
run that drifts faster, a grey-zone wander against a held pace, manual laps (a track pyramid,
short reps without heart rate, long reps with standing recoveries)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.ndimage import uniform_filter1d

from runlytics.activity import Activity, assign_laps, build_laps
from runlytics.analysis.classify import classify_run
from tests.analysis.synthetic_runs import synthetic
from tests.analysis.test_classify import ATHLETE, at
from tests.analysis.test_segments import profile

Parts = list[tuple[float, float]]


def wobble(seconds: float, speed: float, cv: float, step: float, rng: np.random.Generator) -> Parts:
    """``seconds`` at ``speed`` whose pace wobbles by ``cv`` every ``step`` seconds."""
    n = max(1, int(seconds // step))
    return [(seconds / n, speed * (1 + w)) for w in rng.normal(0, cv, n)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_long_threshold_reps_are_two_reps(seed: int) -> None:
    """2 x 15 min at threshold, pace wobbling minute to minute: two reps, not 1-min reps."""
    rng = np.random.default_rng(seed)
    parts = wobble(900, at(0.65), 0.05, 60, rng) + wobble(900, at(0.88), 0.04, 60, rng)
    parts += wobble(180, at(0.6), 0.05, 60, rng) + wobble(900, at(0.88), 0.04, 60, rng)
    parts += wobble(600, at(0.65), 0.05, 60, rng)
    result = classify_run(profile(parts, seed=seed, noise=0.4), ATHLETE)
    work = result.segments.query("kind == 'work'")
    assert len(work) == 2 and work["active_s"].between(870, 930).all()
    assert result.label == "intervals"


@pytest.mark.parametrize("seed", [0, 1])
def test_many_short_efforts_are_all_found(seed: int) -> None:
    """A club session of 16 efforts of 40-60 s with 1-min jogs: 16 reps, not 3."""
    rng = np.random.default_rng(seed)
    parts = wobble(900, at(0.65), 0.05, 60, rng)
    for _ in range(16):
        parts += wobble(40 + 20 * rng.random(), at(1.0), 0.03, 20, rng)
        parts += wobble(60, at(0.62), 0.05, 20, rng)
    parts += wobble(600, at(0.65), 0.05, 60, rng)
    result = classify_run(profile(parts, seed=seed, noise=0.4), ATHLETE)
    assert result.stats.reps == 16 and result.label in {"intervals", "fartlek"}


def test_standing_recoveries_split_long_reps() -> None:
    """3 x 8 min with 3.5-min standing recoveries (timer running, speed 0): three reps."""
    parts: Parts = [(900, at(0.65))]
    for _ in range(3):
        parts += [(480, at(0.9)), (210, 0.0)]
    result = classify_run(profile([*parts, (600, at(0.65))]), ATHLETE)
    work = result.segments.query("kind == 'work'")
    assert len(work) == 3 and work["active_s"].between(470, 490).all()
    assert result.label == "intervals"


def test_a_change_of_pace_within_easy_is_not_a_tempo() -> None:
    """A long run whose middle 25 min are a little quicker but still easy (a slower partner
    for the rest): a long run, not a tempo."""
    parts = [(1800, at(0.55)), (1500, at(0.70)), (2200, at(0.55))]
    result = classify_run(profile(parts), ATHLETE)
    assert result.label == "long", [str(r) for r in result.reasons]


def test_an_easy_run_drifting_faster_is_easy_not_progression() -> None:
    """Pace rising 20 % but ending well inside the easy range: easy, not a progression."""
    ramp = [(60, v) for v in np.linspace(at(0.52), at(0.64), 40)]
    result = classify_run(profile(ramp), ATHLETE)
    assert result.label in {"easy", "recovery"}, [str(r) for r in result.reasons]


@pytest.mark.parametrize("seed", [0, 1])
def test_grey_zone_wander_and_held_pace_differ(seed: int) -> None:
    """45 min swinging by +-8 % in 6-minute waves around a grey-zone pace is unstructured
    speedwork; the same pace held is steady."""
    minutes = np.arange(45)
    waves = [(60, at(0.77) * (1 + 0.08 * np.sin(2 * np.pi * m / 6 + seed))) for m in minutes]
    wander = classify_run(profile(waves, seed=seed, noise=0.4), ATHLETE)
    held = classify_run(profile([(2700, at(0.77))], seed=seed, noise=0.4), ATHLETE)
    assert wander.label == "unstructured_speedwork" and held.label == "steady"


def recorded(parts: Parts, seed: int = 0, manual_laps: bool = False, hr: bool = False):
    """A run as a device records it: speed smoothed over 8 s, GPS noise of 0.5 m/s, and a
    manual lap at the start of every part when ``manual_laps``."""
    rng = np.random.default_rng(seed)
    v = uniform_filter1d(np.concatenate([np.full(round(s), x) for s, x in parts]), 8)
    v = np.r_[0.0, np.maximum(v + rng.normal(0, 0.5, v.size), 0.0)]
    t = np.arange(v.size, dtype="float64")
    channels: dict[str, object] = {"distance_m": np.cumsum(v), "speed_mps": v}
    if hr:
        channels["heart_rate_bpm"] = 120 + 15 * uniform_filter1d(v, 30)
    a = synthetic(t, **channels)
    if not manual_laps:
        return a
    first = np.r_[0, np.cumsum([round(s) for s, _ in parts])[:-1]]
    records = assign_laps(a.records, pd.DatetimeIndex(a.records.index[first]))
    laps = build_laps(records).assign(trigger="manual")
    return Activity(records, laps, a.session)


@pytest.mark.parametrize("seed", [0, 1])
def test_track_pyramid_with_manual_laps_is_intervals(seed: int) -> None:
    """200-400-600-800-600-400-200 m with manual laps: planned reps (intervals), whose
    lengths vary as a pyramid's do; without the laps the data alone say fartlek."""
    parts: Parts = [(600, at(0.65))]
    for metres in (200, 400, 600, 800, 600, 400, 200):
        parts += [(metres / at(1.0), at(1.0)), (90, at(0.55))]
    parts.append((600, at(0.65)))
    with_laps = classify_run(recorded(parts, seed, manual_laps=True, hr=True), ATHLETE)
    assert with_laps.stats.reps == 7 and with_laps.label == "intervals"
    assert any(r.name == "manual_laps" for r in with_laps.reasons)
    assert classify_run(recorded(parts, seed, hr=True), ATHLETE).label == "fartlek"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_short_reps_with_manual_laps_and_no_heart_rate(seed: int) -> None:
    """8 x 200 m with 200 m jogs, manual laps, no heart rate: 8 reps bounded by the laps."""
    parts: Parts = [(600, at(0.65))]
    for _ in range(8):
        parts += [(200 / at(1.05), at(1.05)), (200 / at(0.5), at(0.5))]
    parts.append((600, at(0.65)))
    result = classify_run(recorded(parts, seed, manual_laps=True))
    work = result.segments.query("kind == 'work'")
    assert len(work) == 8 and (work["source"] == "laps").all()
    assert result.label == "intervals"


def test_long_reps_with_standing_recoveries_and_manual_laps() -> None:
    """3 x 10 min with 3.5-min standing recoveries (GPS drift while standing), manual laps."""
    parts: Parts = [(900, at(0.65))]
    for _ in range(3):
        parts += [(600, at(0.9)), (210, 0.0)]
    parts.append((600, at(0.65)))
    result = classify_run(recorded(parts, manual_laps=True, hr=True), ATHLETE)
    work = result.segments.query("kind == 'work'")
    assert len(work) == 3 and (work["source"] == "laps").all()
    assert result.label == "intervals"


def test_a_few_runs_in_a_walk_are_not_intervals() -> None:
    """A shuffle with three 1-min runs 12 min apart (rests of 12 x the bout) is no session."""
    parts: Parts = [(600, 2.2)]
    for _ in range(3):
        parts += [(60, 3.4), (720, 2.2)]
    result = classify_run(profile(parts))
    assert result.stats.reps == 3 and result.label not in {"intervals", "fartlek"}
    assert any(r.name == "rest_to_bout" for r in result.reasons)


def test_short_reps_with_long_rests_stay_intervals() -> None:
    """6 x 1 min with 3-min jogs (rests 3 x the rep, as repetition training prescribes)."""
    parts: Parts = [(900, at(0.65))]
    for _ in range(6):
        parts += [(60, at(1.05)), (180, at(0.55))]
    result = classify_run(profile([*parts, (600, at(0.65))]), ATHLETE)
    assert result.stats.reps == 6 and result.label == "intervals"


def test_the_effort_used_is_stated() -> None:
    """Every label says which effort it was judged on (grade-adjusted or raw speed, and why)."""
    result = classify_run(profile([(2700, at(0.66))]), ATHLETE)
    stated = [r for r in result.reasons if r.name == "effort_signal"]
    assert len(stated) == 1 and stated[0].value in {"gap_speed_mps", "speed_mps"}
    assert "speed" in stated[0].text
