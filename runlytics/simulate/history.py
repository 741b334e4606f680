"""Training histories: a day-by-day plan, run by a runner whose fitness answers to it.

A :class:`Plan` is built from weekly templates (:class:`Week`) and layoffs;
:func:`simulate_history` walks it day by day: the fitness model gives the
morning VDOT, the day's workout is simulated at 1 Hz with paces set from the
runner's belief (current fitness, or their last race), the run's dose updates
the model. Races are run at the day's VDOT with day-form noise, so results
come out of the fitness the plan built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from runlytics.simulate.course import (
    Course,
    hill_course,
    loop_course,
    out_and_back_course,
    shifted,
    track_course,
)
from runlytics.simulate.fitness import (
    ZONE_EDGES,
    Background,
    Dose,
    FitnessModel,
    FitnessParams,
    update,
)
from runlytics.simulate.physiology import vdot as race_vdot
from runlytics.simulate.physiology import vo2_cost
from runlytics.simulate.run import Conditions, SimulatedRun, simulate_run, step_targets
from runlytics.simulate.runner import Runner
from runlytics.simulate.truth import RaceResult, RunTruth, from_json, to_json
from runlytics.simulate.workouts import Workout

PacePolicy = Literal["fitness", "last_race"]
#: Day-to-day variation of race performance (SD of VDOT, relative); Hopkins & Hewson 2001.
RACE_DAY_SD = 0.01
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Week:
    """A week of training, one workout or ``None`` (rest) per weekday."""

    mon: Workout | None = None
    tue: Workout | None = None
    wed: Workout | None = None
    thu: Workout | None = None
    fri: Workout | None = None
    sat: Workout | None = None
    sun: Workout | None = None

    def on(self, day: dt.date) -> Workout | None:
        """The workout planned on ``day``'s weekday."""
        return getattr(self, WEEKDAYS[day.weekday()])


@dataclass(frozen=True)
class PlanDay:
    """One planned day: the workout (``None``: rest), its phase, and how paces are set.

    ``paces="fitness"`` sets paces from the runner's current VDOT (a coach who
    keeps them dialled in); ``"last_race"`` from their last race result.
    ``layoff`` names why the runner cannot run (illness, injury).
    """

    date: dt.date
    workout: Workout | None
    phase: str
    paces: PacePolicy = "fitness"
    layoff: str | None = None


@dataclass(frozen=True)
class Plan:
    """A day-by-day plan from ``start``, built with :meth:`weeks` and :meth:`layoff`."""

    start: dt.date
    days: tuple[PlanDay, ...] = ()

    @property
    def end(self) -> dt.date:
        """The day after the last planned day."""
        return self.start + dt.timedelta(days=len(self.days))

    def weeks(
        self,
        n: int,
        week: Week,
        *,
        phase: str,
        volume: tuple[float, float] = (1.0, 1.0),
        down_every: int | None = None,
        paces: PacePolicy = "fitness",
    ) -> Plan:
        """Append ``n`` weeks of ``week``.

        Scalable steps (easy and long running) grow linearly from ``volume[0]``
        to ``volume[1]``; with ``down_every=k`` every k-th week is cut to 80 %.
        """
        days = list(self.days)
        for i in range(n):
            factor = volume[0] + (volume[1] - volume[0]) * (i / (n - 1) if n > 1 else 0.0)
            if down_every and (i + 1) % down_every == 0:
                factor *= 0.8
            for _ in range(7):
                date = self.start + dt.timedelta(days=len(days))
                workout = week.on(date)
                scaled = workout.scaled(factor) if workout is not None else None
                days.append(PlanDay(date, scaled, phase, paces))
        return replace(self, days=tuple(days))

    def layoff(self, days: int, *, reason: str) -> Plan:
        """Append ``days`` without running (illness, injury)."""
        new = [
            PlanDay(self.end + dt.timedelta(days=i), None, reason, layoff=reason)
            for i in range(days)
        ]
        return replace(self, days=(*self.days, *new))


@dataclass(frozen=True)
class Layoff:
    """Days without running and why (local calendar dates, ``end`` exclusive)."""

    start: dt.date
    end: dt.date
    reason: str


@dataclass(frozen=True)
class Race:
    """A race in a history: its date and result."""

    date: dt.date
    result: RaceResult
    vdot_fitness: float


@dataclass(frozen=True)
class HistoryTruth:
    """The ground truth of a whole history (for tests; never read by analysis code)."""

    runner: Runner
    seed: int
    start: dt.date
    end: dt.date
    base_vdot: float
    ceiling_vdot: float
    layoffs: tuple[Layoff, ...]
    races: tuple[Race, ...]
    phases: tuple[tuple[str, dt.date, dt.date], ...]
    daily: dict[str, tuple[float, ...]]
    runs: tuple[RunTruth, ...]

    def to_json(self, **kwargs: object) -> str:
        """The truth as a JSON document."""
        return to_json(self, **kwargs)

    @classmethod
    def from_json(cls, text: str) -> HistoryTruth:
        """Read a truth written by :meth:`to_json`."""
        return from_json(cls, text)


@dataclass(frozen=True)
class History:
    """A simulated training history.

    ``runs`` are the simulated activities with their truths; ``fitness`` is
    one row per day (dose, model state, ``vdot`` and ``vdot_potential``, the
    phase, layoff reason and the VDOT paces were set from); ``races`` one row
    per race.
    """

    runner: Runner
    plan: Plan
    seed: int
    model: FitnessModel
    runs: tuple[SimulatedRun, ...]
    fitness: pd.DataFrame
    races: tuple[Race, ...]

    @property
    def layoffs(self) -> tuple[Layoff, ...]:
        """The layoffs, merged into spans of consecutive days."""
        spans: list[Layoff] = []
        for day in self.plan.days:
            if day.layoff is None:
                continue
            nxt = day.date + dt.timedelta(days=1)
            last = spans[-1] if spans else None
            if last and last.end == day.date and last.reason == day.layoff:
                spans[-1] = replace(last, end=nxt)
            else:
                spans.append(Layoff(day.date, nxt, day.layoff))
        return tuple(spans)

    @property
    def race_results(self) -> pd.DataFrame:
        """One row per race: date, name, distance, time, VDOT run and model VDOT."""
        rows = [
            {
                "date": r.date,
                "name": r.result.name,
                "distance_m": r.result.distance_m,
                "time_s": r.result.time_s,
                "vdot": r.result.vdot,
                "vdot_fitness": r.vdot_fitness,
            }
            for r in self.races
        ]
        return pd.DataFrame(rows)

    def truth(self) -> HistoryTruth:
        """The ground truth of the history."""
        phases: list[tuple[str, dt.date, dt.date]] = []
        for day in self.plan.days:
            nxt = day.date + dt.timedelta(days=1)
            if phases and phases[-1][0] == day.phase:
                phases[-1] = (day.phase, phases[-1][1], nxt)
            else:
                phases.append((day.phase, day.date, nxt))
        numeric = self.fitness.select_dtypes("number")
        return HistoryTruth(
            runner=self.runner,
            seed=self.seed,
            start=self.plan.start,
            end=self.plan.end,
            base_vdot=self.model.base,
            ceiling_vdot=self.model.ceiling,
            layoffs=self.layoffs,
            races=self.races,
            phases=tuple(phases),
            daily={str(k): tuple(float(x) for x in v) for k, v in numeric.items()},
            runs=tuple(r.truth for r in self.runs),
        )


def home_courses(runner: Runner, rng: np.random.Generator) -> dict[str, Course]:
    """The runner's usual courses, invented around ``runner.home``."""
    home = runner.home
    return {
        "track": shifted(track_course("track", rng, origin=home), 900.0, -1200.0),
        "park loop": loop_course("park loop", 2300.0, rng, origin=home, relief_m=6),
        "town loop": loop_course("town loop", 5200.0, rng, origin=home, relief_m=15),
        "hilly loop": loop_course(
            "hilly loop", 8100.0, rng, origin=home, relief_m=45, max_grade=0.06
        ),
        "river road": out_and_back_course("river road", 17_000.0, rng, origin=home, relief_m=12),
        "hill": shifted(hill_course("hill", rng, origin=home), -600.0, 1500.0),
    }


def choose_course(
    workout: Workout, courses: dict[str, Course], rng: np.random.Generator
) -> Course | None:
    """Where a runner would do this workout (``None``: invent one, e.g. a race course)."""
    work = [s for s in workout.steps if s.kind == "work"]
    if any(s.uphill for s in workout.steps):
        return courses["hill"]
    if workout.label == "race":
        return None
    if workout.label == "intervals" and work and all(s.distance_m for s in work):
        return courses["track"]
    if workout.label == "long":
        return courses["river road"]
    if workout.label == "unstructured_speedwork":
        return courses[str(rng.choice(["park loop", "town loop"]))]
    names = ["park loop", "town loop", "hilly loop", "river road"]
    return courses[str(rng.choice(names, p=[0.3, 0.4, 0.15, 0.15]))]


def _start_time(
    day: dt.date, workout: Workout, runner: Runner, rng: np.random.Generator
) -> pd.Timestamp:
    """UTC start: weekday mornings or evenings, weekend and races mid-morning."""
    if workout.label == "race":
        hour = 9.0
    elif day.weekday() >= 5:
        hour = rng.normal(8.5, 0.7)
    else:
        hour = rng.choice([6.8, 18.3], p=[0.6, 0.4]) + rng.normal(0.0, 0.3)
    local = pd.Timestamp(day) + pd.Timedelta(hours=float(hour))
    return (local - pd.Timedelta(hours=runner.utc_offset_h)).tz_localize("UTC").round("s")


def _temperature(day: dt.date, hour_utc: float, runner: Runner, rng: np.random.Generator) -> float:
    """Air temperature: seasonal cycle (peak late July), cooler mornings, weather noise."""
    mean, amplitude = runner.climate_c
    season = amplitude * np.cos(2 * np.pi * (day.timetuple().tm_yday - 200) / 365.25)
    local_hour = (hour_utc + runner.utc_offset_h) % 24
    diurnal = -3.0 * np.cos(2 * np.pi * (local_hour - 4.0) / 24.0)
    return float(round(mean + season + diurnal + rng.normal(0.0, 3.0), 1))


def plan_background(plan: Plan, runner: Runner, weeks: int = 4) -> Background:
    """A background like the plan's first ``weeks``, run at the runner's VDOT."""
    minutes = np.zeros(3)
    days = 0
    for day in plan.days[: 7 * weeks]:
        if day.workout is None:
            continue
        days += 1
        for step in day.workout.steps:
            v0, v1 = step_targets(step, runner.vdot, runner.vdot)
            speed = (v0 + v1) / 2
            effort = float(vo2_cost(speed)) / runner.vdot if speed > 0 else 0.0
            if effort > 0.3:
                seconds = step.duration_s or (step.distance_m or 0.0) / speed
                minutes[int(np.digitize(effort, ZONE_EDGES))] += seconds / 60.0
    total = minutes.sum()
    if total == 0:
        raise ValueError("the plan starts without running: give the runner's background")
    return Background(
        minutes_per_week=total / weeks,
        grey_share=minutes[1] / total,
        intensity_share=minutes[2] / total,
        days_per_week=int(np.clip(round(days / weeks), 1, 7)),
    )


def simulate_history(
    plan: Plan,
    runner: Runner,
    *,
    seed: int,
    background: Background | None = None,
    params: FitnessParams | None = None,
) -> History:
    """Run ``plan`` day by day with ``runner`` starting at ``runner.vdot``.

    ``background`` is how the runner trained before the plan (it sets the
    model's initial state and, with ``runner.vdot_ceiling``, its untrained
    base); by default the plan's first four weeks (:func:`plan_background`).
    Each day has its own random stream from ``(seed, date)``, so the same
    arguments give the same history.
    """
    background = background or plan_background(plan, runner)
    model, state = FitnessModel.calibrated(
        background, runner.vdot, runner.vdot_ceiling, runner.sex, params
    )
    courses = home_courses(runner, np.random.default_rng([seed, 0]))
    last_race = runner.vdot
    runs: list[SimulatedRun] = []
    races: list[Race] = []
    rows: list[dict[str, object]] = []
    for day in plan.days:
        rng = np.random.default_rng([seed, day.date.toordinal()])
        fitness = model.vdot(state)
        pace_vdot = fitness if day.paces == "fitness" else last_race
        dose = Dose()
        if day.workout is not None:
            workout = day.workout
            is_race = workout.label == "race"
            vdot_today = fitness * (1.0 + rng.normal(0.0, RACE_DAY_SD)) if is_race else fitness
            start = _start_time(day.date, workout, runner, rng)
            temperature = _temperature(day.date, start.hour + start.minute / 60, runner, rng)
            run = simulate_run(
                workout,
                replace(runner, vdot=vdot_today),
                start=start,
                seed=int(rng.integers(2**32)),
                course=choose_course(workout, courses, rng),
                conditions=Conditions(temperature_c=temperature),
                pace_vdot=pace_vdot,
            )
            runs.append(run)
            dose = run.truth.dose
            if run.truth.race is not None:
                result = run.truth.race
                result = replace(result, vdot=race_vdot(result.distance_m, result.time_s))
                races.append(Race(day.date, result, fitness))
                last_race = result.vdot
        rows.append(
            {
                "date": pd.Timestamp(day.date),
                **model.row(state, dose),
                "pace_vdot": pace_vdot,
                "label": day.workout.label if day.workout else "",
                "phase": day.phase,
                "layoff": day.layoff or "",
            }
        )
        state = update(state, dose, model.params)
    fitness_frame = pd.DataFrame(rows).set_index("date")
    return History(runner, plan, seed, model, tuple(runs), fitness_frame, tuple(races))
