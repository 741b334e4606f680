"""classify_run on hand-built runs with an athlete of known VDOT."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from runlytics.analysis.classify import RunClassification, classify_run
from runlytics.athlete import Athlete
from runlytics.metrics.vdot import speed_at_vo2
from runlytics.vocabulary import RUN_LABELS
from tests.analysis.test_segments import profile, six_by_800

VDOT = 50.0
ATHLETE = Athlete(sex="male", hr_max=190, hr_rest=50, vdot=VDOT)


def at(fraction: float) -> float:
    """Speed (m/s) at a fraction of VDOT 50."""
    return float(speed_at_vo2(fraction * VDOT))


def wander(seconds: int, mean: float, cv: float, seed: int = 1) -> list[tuple[float, float]]:
    """A pace wandering slowly around ``mean`` (2-min steps of a random walk, CV ``cv``)."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0, 1, seconds // 120)
    walk = np.convolve(steps, np.ones(3) / 3, mode="same")
    walk = walk / walk.std() * cv
    return [(120, mean * (1 + w)) for w in walk]


def test_intervals() -> None:
    c = classify_run(profile(six_by_800()), ATHLETE)
    assert isinstance(c, RunClassification) and c.label == "intervals"
    assert c.stats.reps == 6 and 0 < c.confidence <= 1
    assert any("6 work bouts" in str(r) for r in c.reasons)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.label = "easy"  # type: ignore[misc]


def test_tempo() -> None:
    c = classify_run(profile([(900, at(0.66)), (1500, at(0.88)), (600, at(0.66))]), ATHLETE)
    assert c.label == "tempo"


def test_easy_long_recovery_steady_by_intensity() -> None:
    assert classify_run(profile([(2700, at(0.66))]), ATHLETE).label == "easy"
    assert classify_run(profile([(6000, at(0.67))]), ATHLETE).label == "long"
    assert classify_run(profile([(1800, at(0.58))]), ATHLETE).label == "recovery"
    assert classify_run(profile([(3000, at(0.77))]), ATHLETE).label == "steady"


def test_progression() -> None:
    ramp = [(60, v) for v in np.linspace(at(0.64), at(0.88), 50)]
    assert classify_run(profile(ramp), ATHLETE).label == "progression"


def test_wandering_grey_zone_is_unstructured_held_is_steady() -> None:
    c = classify_run(profile(wander(3600, at(0.78), 0.06)), ATHLETE)
    assert c.label == "unstructured_speedwork", c.reasons
    assert any("wandering" in str(r) for r in c.reasons)
    assert classify_run(profile([(3600, at(0.78))]), ATHLETE).label == "steady"


def test_easy_run_with_strides_is_easy() -> None:
    parts = [(2400, at(0.66))]
    for _ in range(5):
        parts += [(18, at(1.1)), (60, at(0.6))]
    assert classify_run(profile(parts), ATHLETE).label == "easy"


def test_without_athlete_says_so() -> None:
    c = classify_run(profile([(2700, at(0.66))]))
    assert c.label in RUN_LABELS
    assert c.zones is not None and c.zones.estimated
    assert any("no athlete" in str(r) for r in c.reasons)
    assert c.confidence < classify_run(profile([(2700, at(0.66))]), ATHLETE).confidence
