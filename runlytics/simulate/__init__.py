"""Synthetic runners whose truth is known.

Single runs at 1 Hz from a workout description (:func:`simulate_run`), and
day-by-day training histories whose fitness answers to the plan
(:func:`simulate_history`), each activity with its ground truth. The
relations used and their sources are in ``docs/simulator.md``.

The truth (``SimulatedRun.truth``, ``History.truth()``) is for tests and
validation only: analysis code must never read it.
"""

from runlytics.simulate.course import Course, hill_course, loop_course, out_and_back_course
from runlytics.simulate.fitness import (
    Background,
    Dose,
    FitnessModel,
    FitnessParams,
    FitnessState,
)
from runlytics.simulate.history import (
    History,
    HistoryTruth,
    Layoff,
    Plan,
    PlanDay,
    Race,
    Week,
    plan_background,
    simulate_history,
)
from runlytics.simulate.physiology import EFFORTS, race_time, vdot
from runlytics.simulate.run import Conditions, SimulatedRun, simulate_run
from runlytics.simulate.runner import Runner
from runlytics.simulate.samples import write_samples
from runlytics.simulate.scenarios import SCENARIOS, Scenario, boston, control, ivan
from runlytics.simulate.truth import RaceResult, Rep, RunTruth, Span, StepTruth, Stop
from runlytics.simulate.workouts import (
    FIVE_K,
    HALF_MARATHON,
    MARATHON,
    TEN_K,
    Step,
    Workout,
    cruise_intervals,
    easy_run,
    fartlek,
    hill_reps,
    intervals,
    long_run,
    marathon_pace_run,
    progression_run,
    race,
    recovery_run,
    steady_run,
    tempo_run,
    unstructured_speedwork,
)

__all__ = [
    "EFFORTS",
    "FIVE_K",
    "HALF_MARATHON",
    "MARATHON",
    "SCENARIOS",
    "TEN_K",
    "Background",
    "Conditions",
    "Course",
    "Dose",
    "FitnessModel",
    "FitnessParams",
    "FitnessState",
    "History",
    "HistoryTruth",
    "Layoff",
    "Plan",
    "PlanDay",
    "Race",
    "RaceResult",
    "Rep",
    "RunTruth",
    "Runner",
    "Scenario",
    "SimulatedRun",
    "Span",
    "Step",
    "StepTruth",
    "Stop",
    "Week",
    "Workout",
    "boston",
    "control",
    "cruise_intervals",
    "easy_run",
    "fartlek",
    "hill_course",
    "hill_reps",
    "intervals",
    "ivan",
    "long_run",
    "loop_course",
    "marathon_pace_run",
    "out_and_back_course",
    "plan_background",
    "progression_run",
    "race",
    "race_time",
    "recovery_run",
    "simulate_history",
    "simulate_run",
    "steady_run",
    "tempo_run",
    "unstructured_speedwork",
    "vdot",
    "write_samples",
]
