"""Workout descriptions and their factories."""

from __future__ import annotations

import pytest

import runlytics.simulate as sim
from runlytics.simulate.workouts import LABELS, Step


def test_a_step_needs_exactly_one_of_duration_and_distance() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Step("work", 0.9)
    with pytest.raises(ValueError, match="exactly one"):
        Step("work", 0.9, duration_s=60, distance_m=400)
    with pytest.raises(ValueError, match="effort"):
        Step("work", "tempo", duration_s=60)  # type: ignore[arg-type]


def test_unknown_label_is_refused() -> None:
    with pytest.raises(ValueError, match="label"):
        sim.Workout("jogging", "x", ())  # type: ignore[arg-type]


def test_every_label_has_a_factory() -> None:
    workouts = [
        sim.recovery_run(),
        sim.easy_run(),
        sim.long_run(),
        sim.steady_run(),
        sim.tempo_run(),
        sim.intervals(),
        sim.progression_run(),
        sim.fartlek(),
        sim.race(sim.TEN_K, "10k"),
        sim.unstructured_speedwork(),
    ]
    assert {w.label for w in workouts} == set(LABELS)


def test_intervals_alternate_work_and_recovery_after_warmup_strides() -> None:
    w = sim.intervals(4, distance_m=800, strides=2)
    kinds = [s.kind for s in w.steps]
    assert kinds[:5] == ["warmup", "stride", "warmup", "stride", "warmup"]
    assert kinds[5:-1] == ["work", "recovery"] * 3 + ["work"]
    assert kinds[-1] == "cooldown"
    assert w.structured and not sim.easy_run().structured


def test_scaling_stretches_only_scalable_steps() -> None:
    w = sim.easy_run(40, strides=2).scaled(1.5)
    assert w.steps[0].duration_s == 60 * 60
    assert all(s.duration_s in (20, 60) for s in w.steps[1:])
    tempo = sim.tempo_run(20).scaled(2.0)
    assert [s.duration_s for s in tempo.steps] == [s.duration_s for s in sim.tempo_run(20).steps]


def test_unstructured_speedwork_has_no_target_and_hill_reps_go_up() -> None:
    step = sim.unstructured_speedwork().steps[0]
    assert step.wander > 0 and not step.is_target
    assert all(s.uphill for s in sim.hill_reps().steps if s.kind == "work")
    assert sim.long_run(30, marathon_finish_km=10).steps[-1].effort == "marathon"
