"""Hill repeats from the altitude: the same climb from the same place, again and again."""

from __future__ import annotations

import numpy as np

from runlytics.analysis.classify import classify_run
from runlytics.analysis.hills import hill_repeats
from runlytics.analysis.prepare import prepare
from tests.analysis.synthetic_runs import synthetic
from tests.analysis.test_classify import ATHLETE, at

LAT = 51.5


def course(velocity: np.ndarray, grade_at: object, seed: int = 0, noise_m: float = 2.0):
    """A run along a line (signed ``velocity``, m/s, 1 Hz) whose altitude is the integral of
    ``grade_at(position)``, with GPS altitude noise: a wander of ``noise_m`` (SD) over
    about 30 s, as a GPS altitude drifts."""
    rng = np.random.default_rng(seed)
    x = np.r_[0.0, np.cumsum(velocity)]
    speed = np.r_[0.0, np.abs(velocity)]
    grid = np.arange(x.min() - 1, x.max() + 2)
    altitude = np.interp(x, grid, np.cumsum(grade_at(grid)))  # type: ignore[operator]
    wobble = np.convolve(rng.normal(0, noise_m, x.size), np.ones(30) / np.sqrt(30), "same")
    t = np.arange(x.size, dtype="float64")
    lon = 3.0 + np.degrees(x / (6_371_008.8 * np.cos(np.radians(LAT))))
    return synthetic(
        t,
        distance_m=np.cumsum(speed),
        speed_mps=speed,
        altitude_m=100 + altitude + wobble,
        latitude_deg=np.full(x.size, LAT),
        longitude_deg=lon,
        heart_rate_bpm=120 + 12 * speed,
    )


def hill(x: np.ndarray) -> np.ndarray:
    """Flat, then an 8 % hill 200 m long from 2 km."""
    return np.where((x >= 2000) & (x < 2200), 0.08, 0.0)


def repeats(n: int = 8) -> np.ndarray:
    """Warm-up to the foot of the hill, ``n`` climbs of 200 m at 3.4 m/s with a jog down at
    2.0 m/s, then back home."""
    parts = [np.full(round(2000 / at(0.65)), at(0.65))]
    for _ in range(n):
        parts += [np.full(round(200 / 3.4), 3.4), np.full(round(200 / 2.0), -2.0)]
    parts.append(np.full(round(2000 / at(0.65)), -at(0.65)))
    return np.concatenate(parts)


def test_hill_repeats_with_noisy_altitude() -> None:
    found = hill_repeats(prepare(course(repeats(), hill)))
    assert found is not None and found.count == 8
    assert 12 <= found.gain_m <= 18 and 0.15 <= found.vertical_mps <= 0.35
    assert "vertical speed" in found.evidence.text


def test_hill_repeats_found_in_most_noisy_recordings() -> None:
    """GPS altitude noise (SD 2 m) cuts or hides a climb now and then: 8 climbs of 16 m are
    found as hill repeats in at least 5 of 6 recordings."""
    found = [hill_repeats(prepare(course(repeats(), hill, seed=seed))) for seed in range(6)]
    assert sum(f is not None and f.count >= 6 for f in found) >= 5


def test_hill_repeats_are_intervals_even_when_the_speed_hides_them() -> None:
    """Uphill the raw speed barely beats the jog down: the classifier may find no bouts in
    the effort signal, the climbs say hill repeats."""
    result = classify_run(course(repeats(), hill), ATHLETE)
    assert result.label == "intervals"
    assert any(r.name == "hill_repeats" for r in result.reasons)


def test_a_loop_course_passing_a_hill_each_lap_is_not_hill_repeats() -> None:
    """Five laps of a 2.5 km loop over the same hill: the same climb, but a lap apart."""

    def loop_hill(x: np.ndarray) -> np.ndarray:
        return np.where((x % 2500 >= 1000) & (x % 2500 < 1200), 0.08, 0.0)

    def loop_down(x: np.ndarray) -> np.ndarray:  # the altitude gained is lost again
        return loop_hill(x) - np.where((x % 2500 >= 2000) & (x % 2500 < 2200), 0.08, 0.0)

    velocity = np.full(round(12500 / at(0.65)), at(0.65))
    assert hill_repeats(prepare(course(velocity, loop_down))) is None


def test_flat_run_with_noisy_altitude_is_not_hill_repeats() -> None:
    velocity = np.full(3600, at(0.65))
    for seed in range(3):
        run = course(velocity, lambda x: np.zeros_like(x), seed=seed, noise_m=6.0)
        assert hill_repeats(prepare(run)) is None
