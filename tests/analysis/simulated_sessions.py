"""Random simulated sessions of every workout type, with truth, for validating the analysis.

Shared by ``tests/analysis/test_validation_simulated.py`` and
``benchmarks/validate_classification.py``: :func:`session` draws a runner,
a workout of a random type with random parameters and recording conditions
(smart recording, auto-pause, step laps or only 1 km auto laps) from one seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.simulate import workouts as w
from runlytics.simulate.physiology import EFFORTS
from runlytics.simulate.run import Conditions, SimulatedRun, simulate_run
from runlytics.simulate.runner import Runner

Rng = np.random.Generator


def _easy(rng: Rng) -> w.Workout:
    strides = int(rng.choice([0, 0, 4, 6]))
    return w.easy_run(float(rng.uniform(30, 65)), strides=strides)


def _recovery(rng: Rng) -> w.Workout:
    return w.recovery_run(float(rng.uniform(25, 40)))


def _long(rng: Rng) -> w.Workout:
    finish = float(rng.choice([0, 0, 6, 8, 10]))
    return w.long_run(float(rng.uniform(17, 30)), marathon_finish_km=finish)


def _steady(rng: Rng) -> w.Workout:
    return w.steady_run(float(rng.uniform(35, 65)))


def _tempo(rng: Rng) -> w.Workout:
    if rng.random() < 0.3:
        return w.marathon_pace_run(float(rng.uniform(8, 14)))
    return w.tempo_run(float(rng.uniform(15, 35)))


def _intervals(rng: Rng) -> w.Workout:
    kind = rng.integers(4)
    if kind == 0:
        return w.cruise_intervals(
            int(rng.integers(3, 6)), distance_m=float(rng.choice([1000, 1600]))
        )
    if kind == 1:
        return w.hill_reps(int(rng.integers(6, 11)), duration_s=float(rng.choice([45, 60, 75, 90])))
    rest = 0.0 if rng.random() < 0.2 else EFFORTS["jog"]
    if kind == 2:
        return w.intervals(
            int(rng.integers(4, 9)),
            distance_m=float(rng.choice([400, 800, 1000, 1200])),
            recovery_s=float(rng.choice([60, 90, 120, 180])),
            recovery_effort=rest,
        )
    return w.intervals(
        int(rng.integers(4, 8)),
        duration_s=float(rng.choice([120, 180, 240])),
        recovery_s=float(rng.choice([60, 90, 120])),
        recovery_effort=rest,
    )


def _progression(rng: Rng) -> w.Workout:
    return w.progression_run(float(rng.uniform(40, 65)))


def _fartlek(rng: Rng) -> w.Workout:
    lengths = [45, 60, 90, 120, 150, 180, 240]
    surges = tuple(float(s) for s in rng.choice(lengths, size=rng.integers(5, 8), replace=False))
    return w.fartlek(surges, float_s=float(rng.choice([60, 90, 120])))


def _race(rng: Rng) -> w.Workout:
    distance, name = [
        (w.FIVE_K, "5k"),
        (w.TEN_K, "10k"),
        (w.HALF_MARATHON, "half marathon"),
        (w.MARATHON, "marathon"),
    ][int(rng.integers(4))]
    return w.race(distance, name)


def _unstructured(rng: Rng) -> w.Workout:
    return w.unstructured_speedwork(float(rng.uniform(40, 75)))


#: Workout generators by label (every label of the simulator).
GENERATORS: dict[str, Callable[[Rng], w.Workout]] = {
    "recovery": _recovery,
    "easy": _easy,
    "long": _long,
    "steady": _steady,
    "tempo": _tempo,
    "intervals": _intervals,
    "progression": _progression,
    "fartlek": _fartlek,
    "race": _race,
    "unstructured_speedwork": _unstructured,
}


@dataclass(frozen=True)
class Session:
    """A simulated run and the athlete a coach would know (HRmax, HRrest, VDOT)."""

    run: SimulatedRun
    athlete: Athlete
    laps: str


def runner(rng: Rng) -> Runner:
    """A random runner (VDOT 35-65, HR, recording habits)."""
    age = int(rng.integers(20, 60))
    hr_max = float(np.round(208 - 0.7 * age + rng.normal(0, 6)))
    return Runner(
        "sim",
        "M" if rng.random() < 0.5 else "F",
        age=age,
        hr_max=hr_max,
        hr_rest=float(np.round(rng.uniform(42, 62))),
        vdot=float(rng.uniform(35, 65)),
        cadence_ref_spm=float(rng.uniform(160, 180)),
        auto_pause=bool(rng.random() < 0.4),
        smart_recording=float(rng.random() < 0.3),
        stops_per_hour=float(rng.uniform(0, 1.5)),
    )


def session(seed: int, label: str | None = None) -> Session:
    """One random session (workout type cycled by ``seed`` unless ``label`` is given)."""
    rng = np.random.default_rng(seed)
    labels = list(GENERATORS)
    label = label or labels[seed % len(labels)]
    athlete_runner = runner(rng)
    laps = "auto" if rng.random() < 0.5 else "km"
    start = pd.Timestamp("2024-01-01T07:00Z") + pd.Timedelta(days=int(rng.integers(0, 365)))
    run = simulate_run(
        GENERATORS[label](rng),
        athlete_runner,
        start=start,
        seed=seed,
        conditions=Conditions(laps=laps, temperature_c=float(rng.uniform(0, 28))),  # type: ignore[arg-type]
    )
    athlete = Athlete(
        sex="male" if athlete_runner.sex == "M" else "female",
        hr_max=athlete_runner.hr_max,
        hr_rest=athlete_runner.hr_rest,
        vdot=run.truth.pace_vdot,
    )
    return Session(run, athlete, laps)
