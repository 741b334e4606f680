"""The failure shapes seen on real athletes, on synthetic runs with noise and wobbling pace:
long reps, many short efforts, standing recoveries, a change of pace in an easy run, an easy
run that drifts faster, a grey-zone wander against a held pace."""

from __future__ import annotations

import numpy as np
import pytest

from runlytics.analysis.classify import classify_run
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
