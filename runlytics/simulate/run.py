"""Simulate one run at 1 Hz: a canonical :class:`~runlytics.activity.Activity` and its truth.

The pipeline (each stage vectorised over the samples; only steps and stops
are looped over):

1. each step's target speed from the runner's VDOT (``physiology``);
2. speed per second: target times slow AR(1) pace noise (or a wandering walk),
   adjusted to the grade of the course at the runner's position, cut at the
   step's distance; traffic-light stops inserted into easy running;
3. a first-order lag (2 s) for accelerations; position along the course;
4. heart rate: steady state from the flat-equivalent speed (Minetti grade
   cost, Daniels oxygen cost, %HRR = %VO2R), asymmetric first-order kinetics,
   cardiac drift, day offset and sensor noise, dropouts;
5. cadence from speed, barometric altitude, GPS with correlated error,
   device distance with a calibration error;
6. samples dropped where the timer was paused and, for smart recording,
   kept every 1-7 s; laps per workout step or per km.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from runlytics.activity import (
    Activity,
)
from runlytics.simulate.course import (
    Course,
    ar1,
    barometric_altitude,
    fold,
    gps_fix,
    hill_course,
    loop_course,
    out_and_back_course,
    shifted,
    track_course,
)
from runlytics.simulate.fitness import Dose
from runlytics.simulate.physiology import (
    FloatArray,
    cadence_spm,
    drift_pct_per_hour,
    effort_of_speed,
    effort_speed,
    first_order,
    flat_equivalent_speed,
    hr_kinetics,
    minetti_cost,
    race_time,
    steady_state_hr,
    vo2_cost,
)
from runlytics.simulate.recording import Recording, hr_dropouts, kept_samples, lap_plan
from runlytics.simulate.runner import Runner
from runlytics.simulate.truth import (
    RaceResult,
    Rep,
    RunConditions,
    RunTruth,
    Span,
    StepTruth,
    Stop,
)
from runlytics.simulate.workouts import (
    HELD_CV,
    HELD_TAU_S,
    MARATHON,
    WANDER_TAU_S,
    Step,
    Workout,
)

LapMode = Literal["auto", "steps", "km"]

#: Time constant of accelerations (s).
ACCELERATION_TAU_S = 2.0
#: Pace noise of easy running (CV, time constant s) and of strides.
EASY_CV, EASY_TAU_S = 0.03, 60.0
#: How much runners let the grade change their speed: ``v = v_flat * (3.6 / Cr(i)) ** alpha``.
GRADE_ALPHA = {"uphill": 1.0, "work": 0.6, "other": 0.8}
#: Heart-rate kinetics (s), day-to-day offset SD and sensor noise SD (bpm).
HR_TAU_ON_S, HR_TAU_OFF_S = 30.0, 60.0
HR_DAY_SD, HR_NOISE_SD = 2.0, 1.2
#: Step kinds where a runner may stop at a traffic light.
STOPPABLE = ("steady", "warmup", "cooldown")


@dataclass(frozen=True)
class Conditions:
    """The circumstances of one run; ``None`` lets the simulator draw it.

    ``stops`` number of traffic-light stops on easy running (default: Poisson
    at the runner's rate); ``auto_pause`` whether the watch pauses at stops
    (default: the runner's habit); ``smart_recording`` 1-7 s sampling
    (default: the runner's share of runs); ``hr_dropouts`` number of HR
    dropouts (default: one or two in 12 % of runs); ``laps`` per workout step,
    per km, or ``"auto"`` (steps for structured workouts).
    """

    temperature_c: float = 12.0
    stops: int | None = None
    auto_pause: bool | None = None
    smart_recording: bool | None = None
    hr_dropouts: int | None = None
    laps: LapMode = "auto"
    gps_sigma_m: float = 2.5


@dataclass(frozen=True, eq=False)
class SimulatedRun:
    """A simulated run: its ground truth and what the watch recorded.

    ``activity`` (the canonical Activity) is built on first access, so a
    history can be simulated for its fitness and truths without paying for
    pandas frames. Analysis code must never read ``truth``.
    """

    truth: RunTruth
    recording: Recording = field(repr=False)

    @cached_property
    def activity(self) -> Activity:
        """The recorded run as a canonical :class:`~runlytics.activity.Activity`."""
        return self.recording.activity()


@dataclass(frozen=True)
class _Leg:
    """How a step moves along the course: ``mode`` with an ``origin`` within ``[lo, hi]``."""

    mode: Literal["wrap", "fold", "up", "down"]
    origin: float
    lo: float
    hi: float

    def positions(self, cum: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Position along the course and direction of travel after ``cum`` metres."""
        if self.mode == "wrap":
            return np.mod(self.origin + cum, self.hi), np.ones_like(cum)
        if self.mode == "fold":
            return fold(self.origin + cum, self.lo, self.hi)
        if self.mode == "up":
            return np.minimum(self.origin + cum, self.hi), np.ones_like(cum)
        return np.maximum(self.origin - cum, self.lo), -np.ones_like(cum)


def step_targets(step: Step, vdot: float, pace_vdot: float) -> tuple[float, float]:
    """Target flat speed (m/s) at the start and end of a step.

    Paces come from ``pace_vdot`` (what the runner believes); a race is run at
    the equivalent speed of the true ``vdot``.
    """
    if step.effort == "race":
        distance = float(step.distance_m or 0.0)
        speed = distance / race_time(vdot, distance)
        return speed, speed
    if step.effort == "marathon":
        speed = MARATHON / race_time(pace_vdot, MARATHON)
        return speed, speed
    if step.effort == 0.0:
        return 0.0, 0.0
    v0 = float(effort_speed(step.effort, pace_vdot))
    v1 = v0 if step.effort_end is None else float(effort_speed(step.effort_end, pace_vdot))
    return v0, v1


def planned_distance(steps: tuple[Step, ...], targets: list[tuple[float, float]]) -> float:
    """Distance (m) the workout should cover at its targets."""
    total = 0.0
    for step, (v0, v1) in zip(steps, targets, strict=True):
        if step.distance_m is not None:
            total += step.distance_m
        else:
            total += float(step.duration_s or 0.0) * (v0 + v1) / 2
    return total


def default_course(
    workout: Workout, planned_m: float, home: tuple[float, float], rng: np.random.Generator
) -> Course:
    """A plausible course for the workout: hill, track, race road, out-and-back or loops."""
    if any(s.uphill for s in workout.steps):
        return hill_course("hill", rng, origin=home)
    work = [s for s in workout.steps if s.kind == "work"]
    if workout.label == "intervals" and work and all(s.distance_m for s in work):
        return shifted(track_course("track", rng, origin=home), 900.0, -1200.0)
    if workout.label == "race":
        road = out_and_back_course("race course", planned_m / 2 + 200, rng, origin=home, relief_m=8)
        return shifted(road, *rng.uniform(-30_000, 30_000, 2))
    if workout.label == "long":
        return out_and_back_course("road", planned_m / 2 + 300, rng, origin=home)
    laps = max(2, round(planned_m / 2500)) if workout.label == "unstructured_speedwork" else 1
    laps = int(rng.integers(1, 4)) if laps == 1 else laps
    length = max(planned_m / laps, 1200.0)
    return loop_course(f"loop {length / 1000:.1f} km", length, rng, origin=home)


def _legs(course: Course, steps: tuple[Step, ...], done: list[float], half_m: float) -> list[_Leg]:
    """Legs of the steps whose distances ``done`` are known (and of the next one)."""
    legs: list[_Leg] = []
    n = min(len(steps), len(done) + 1)
    w = course.hill_start_m
    first_up = next((k for k, s in enumerate(steps) if s.uphill), None)
    pre_m = sum(done[:first_up]) if first_up is not None else 0.0
    for j in range(n):
        before = sum(done[:j])
        if course.kind in ("loop", "track"):
            legs.append(_Leg("wrap", before, 0.0, course.length_m))
        elif course.kind == "out_and_back" or first_up is None:
            hi = min(half_m, course.length_m) if course.kind == "out_and_back" else w
            legs.append(_Leg("fold", before, 0.0, hi))
        elif steps[j].uphill:
            legs.append(_Leg("up", w, w, course.length_m))
        elif j > 0 and steps[j - 1].uphill and steps[j].kind == "recovery":
            legs.append(_Leg("down", w + done[j - 1], w, course.length_m))
        elif j > 0 and steps[j - 1].uphill:  # run down from the top, on along the flat
            legs.append(_Leg("fold", 2 * course.length_m - w - done[j - 1], 0.0, course.length_m))
        elif j < first_up:
            legs.append(_Leg("fold", (w - pre_m) % (2 * w) + before, 0.0, w))
        else:
            last = max(k for k in range(j) if steps[k].uphill or (k > 0 and steps[k - 1].uphill))
            legs.append(_Leg("fold", w + sum(done[last + 1 : j]), 0.0, w))
    return legs


def _grade(course: Course, leg: _Leg, speed: FloatArray) -> FloatArray:
    s, direction = leg.positions(np.cumsum(speed))
    return course.at(s)[3] * direction


def _pace_noise(step: Step, n: int, rng: np.random.Generator) -> FloatArray:
    """Relative pace variation over a step: held, easy, or a wandering walk."""
    if step.wander > 0:
        return ar1(rng, n, step.wander, WANDER_TAU_S) + ar1(rng, n, 0.015, 15.0)
    if step.kind in ("work", "stride"):
        return ar1(rng, n, HELD_CV, HELD_TAU_S)
    return ar1(rng, n, EASY_CV, EASY_TAU_S)


def _step_speed(
    step: Step,
    target: tuple[float, float],
    leg: _Leg,
    course: Course,
    rng: np.random.Generator,
) -> FloatArray:
    """Speed every second of one step, grade-adjusted and cut at its distance."""
    v0, v1 = target
    if leg.mode == "down":  # jog back down to the foot of the hill in the recovery time
        n = round(step.duration_s or 60.0)
        v = 1.0 + ar1(rng, n, 0.03, 10.0)
        return v * (leg.origin - leg.lo) / v.sum()
    if v0 == 0.0:
        return np.zeros(round(step.duration_s or 0.0))
    if step.duration_s is not None:
        n = round(step.duration_s)
        base = np.linspace(v0, v1, n)
    else:
        assert step.distance_m is not None  # Step: one of duration_s, distance_m
        n = int(np.ceil(2.0 * step.distance_m / v0)) + 30
        base = np.full(n, v0)
    flat = base * (1.0 + _pace_noise(step, n, rng))
    alpha = GRADE_ALPHA["uphill" if step.uphill else "work" if step.kind == "work" else "other"]
    v = flat
    for _ in range(2):
        v = flat * (3.6 / minetti_cost(_grade(course, leg, v))) ** alpha
    if step.distance_m is not None:
        k = int(np.searchsorted(np.cumsum(v), step.distance_m)) + 1
        v = v[:k] * step.distance_m / v[:k].sum()
    return v


def _draw_stops(
    steps: tuple[Step, ...],
    speeds: list[FloatArray],
    count: int,
    rng: np.random.Generator,
) -> list[list[tuple[int, int]]]:
    """(position, duration) of stops per step, in easy running away from step edges."""
    sizes = np.array(
        [
            len(v) if s.kind in STOPPABLE and s.effort != 0.0 else 0
            for s, v in zip(steps, speeds, strict=True)
        ],
        dtype="float64",
    )
    room = np.clip(sizes - 240, 0, None)
    per_step: list[list[tuple[int, int]]] = [[] for _ in steps]
    if count == 0 or room.sum() == 0:
        return per_step
    for j in rng.choice(len(steps), size=count, p=room / room.sum()):
        per_step[j].append((int(rng.integers(120, room[j] + 120)), int(rng.integers(20, 91))))
    return [sorted(x) for x in per_step]


def _insert_stops(
    v: FloatArray, stops: list[tuple[int, int]]
) -> tuple[FloatArray, list[tuple[int, int]]]:
    """``v`` with zero blocks at the stops, and each stop's (start, duration) in the new array."""
    pieces, placed, prev, shift = [], [], 0, 0
    for pos, dur in stops:
        pieces += [v[prev:pos], np.zeros(dur)]
        placed.append((pos + shift, dur))
        shift += dur
        prev = pos
    pieces.append(v[prev:])
    return np.concatenate(pieces), placed


@dataclass(frozen=True)
class _Motion:
    """The run as moved: per-interval true speed, step bounds, position, grade, stops."""

    speed: FloatArray  # m/s at each sample (interval ending there), sample 0 = 0
    bounds: np.ndarray  # step j covers samples bounds[j] + 1 .. bounds[j + 1]
    east: FloatArray
    north: FloatArray
    altitude: FloatArray
    grade: FloatArray
    stops: list[tuple[int, int]]  # (first stopped sample, duration s)


def _move(
    workout: Workout,
    targets: list[tuple[float, float]],
    course: Course,
    runner: Runner,
    stops: int | None,
    rng: np.random.Generator,
) -> _Motion:
    """Speed every second, stops, and the runner's position along the course."""
    steps = workout.steps
    half = planned_distance(steps, targets) / 2
    speeds: list[FloatArray] = []
    for j, step in enumerate(steps):
        leg = _legs(course, steps, [float(v.sum()) for v in speeds], half)[j]
        speeds.append(_step_speed(step, targets[j], leg, course, rng))
    if stops is None:
        easy_s = sum(len(v) for v, s in zip(speeds, steps, strict=True) if s.kind in STOPPABLE)
        rate = 0.0 if workout.label == "race" else runner.stops_per_hour
        stops = int(rng.poisson(rate * easy_s / 3600))
    placed: list[list[tuple[int, int]]] = []
    for j, plan in enumerate(_draw_stops(steps, speeds, stops, rng)):
        speeds[j], where = _insert_stops(speeds[j], plan)
        placed.append(where)
    bounds = np.r_[0, np.cumsum([len(v) for v in speeds])]
    command = np.concatenate(speeds)
    v = first_order(command, ACCELERATION_TAU_S, 0.0)
    v[(command == 0.0) & (v < 0.8)] = 0.0  # standing still once slowed down
    done = [float(v[bounds[j] : bounds[j + 1]].sum()) for j in range(len(steps))]
    legs = _legs(course, steps, done, half)
    s_pos, direction = (np.empty(len(v) + 1) for _ in range(2))
    s_pos[:1], direction[:1] = legs[0].positions(np.zeros(1))
    for j, leg in enumerate(legs):
        s_pos[bounds[j] + 1 : bounds[j + 1] + 1], direction[bounds[j] + 1 : bounds[j + 1] + 1] = (
            leg.positions(np.cumsum(v[bounds[j] : bounds[j + 1]]))
        )
    east, north, altitude, grade = course.at(s_pos)
    stop_list = [(bounds[j] + p + 1, d) for j, where in enumerate(placed) for p, d in where]
    return _Motion(np.r_[0.0, v], bounds, east, north, altitude, grade * direction, stop_list)


def _heart_rate(
    motion: _Motion, runner: Runner, drift: float, rng: np.random.Generator
) -> tuple[FloatArray, float]:
    """Heart rate every second and the day's offset (bpm)."""
    n = motion.speed.size
    offset = float(rng.normal(0.0, HR_DAY_SD))
    vo2 = vo2_cost(flat_equivalent_speed(motion.speed, motion.grade))
    target = steady_state_hr(vo2, runner.vdot, runner.hr_rest, runner.hr_max) + offset
    hr0 = runner.hr_rest + 0.25 * (runner.hr_max - runner.hr_rest)
    hr = hr_kinetics(target, hr0, HR_TAU_ON_S, HR_TAU_OFF_S)
    hr = hr * (1.0 + drift / 100.0 * np.arange(n) / 3600.0) + ar1(rng, n, HR_NOISE_SD, 4.0)
    return np.clip(np.round(hr), np.ceil(runner.hr_rest - 5), np.floor(runner.hr_max)), offset


def simulate_run(
    workout: Workout,
    runner: Runner,
    *,
    start: pd.Timestamp | str,
    seed: int,
    course: Course | None = None,
    conditions: Conditions = Conditions(),
    pace_vdot: float | None = None,
) -> SimulatedRun:
    """Simulate ``workout`` run by ``runner`` from ``start`` (UTC if naive), at 1 Hz.

    ``pace_vdot`` is the VDOT the runner sets paces from (default: their true
    ``runner.vdot``); a lower true VDOT makes the same paces harder. Without a
    ``course`` one is invented for the workout. Same arguments, same output.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    t0 = t0.tz_localize("UTC") if t0.tzinfo is None else t0.tz_convert("UTC")
    pace_vdot = runner.vdot if pace_vdot is None else pace_vdot
    targets = [step_targets(s, runner.vdot, pace_vdot) for s in workout.steps]
    course = course or default_course(
        workout, planned_distance(workout.steps, targets), runner.home, rng
    )
    motion = _move(workout, targets, course, runner, conditions.stops, rng)
    n = motion.speed.size

    drift = drift_pct_per_hour(conditions.temperature_c, runner.vdot)
    hr, hr_offset = _heart_rate(motion, runner, drift, rng)
    n_drop = conditions.hr_dropouts
    if n_drop is None:
        n_drop = int(rng.integers(1, 3)) if rng.random() < 0.12 else 0
    dropouts = hr_dropouts(n, n_drop, rng)
    for a, b in dropouts:
        hr[a:b] = np.nan

    cadence = cadence_spm(motion.speed, runner.cadence_ref_spm)
    cadence = np.where(cadence > 0, np.round(cadence + ar1(rng, n, 1.2, 10.0)), 0.0)
    scale = float(rng.normal(1.0, 0.008))
    distance = np.cumsum(motion.speed)
    noisy = np.maximum(motion.speed * scale + ar1(rng, n, 0.05, 3.0), 0.0)
    device_speed = np.where(motion.speed > 0, noisy, 0.0)
    lat, lon = gps_fix(course, motion.east, motion.north, rng, conditions.gps_sigma_m)
    temperature = np.round(conditions.temperature_c + ar1(rng, n, 0.4, 600.0))
    altitude = barometric_altitude(motion.altitude, rng)

    auto_pause = runner.auto_pause if conditions.auto_pause is None else conditions.auto_pause
    paused = np.zeros(n, dtype=bool)
    if auto_pause:
        for first, dur in motion.stops:
            paused[first : first + dur] = True
    smart = conditions.smart_recording
    if smart is None:
        smart = bool(rng.random() < runner.smart_recording)
    kept = kept_samples(n, paused, smart, rng)
    stopped = np.cumsum(paused)[kept]
    timer_running = np.r_[True, np.diff(stopped) == 0]

    channels = {
        "distance_m": distance * scale,
        "speed_mps": device_speed,
        "heart_rate_bpm": hr,
        "cadence_spm": cadence,
        "altitude_m": altitude,
        "latitude_deg": lat,
        "longitude_deg": lon,
        "temperature_c": temperature,
    }
    mode = conditions.laps
    if mode == "auto":
        mode = "steps" if workout.structured else "km"
    lap_starts, lap_intensity, lap_trigger = lap_plan(
        workout.steps, motion.bounds, distance * scale, mode
    )
    recording = Recording(
        t0=t0,
        seconds=kept.astype("float64"),
        channels={k: v[kept] for k, v in channels.items()},
        timer_running=timer_running,
        lap_starts=lap_starts,
        lap_intensity=lap_intensity,
        lap_trigger=lap_trigger,
        sub_sport="track" if course.kind == "track" else "street",
        utc_offset=pd.Timedelta(hours=runner.utc_offset_h),
        source=f"runlytics.simulate seed {seed}",
    )
    effort = effort_of_speed(flat_equivalent_speed(motion.speed[1:], motion.grade[1:]), runner.vdot)
    truth = _truth(
        workout,
        runner,
        seed=seed,
        t0=t0,
        motion=motion,
        targets=targets,
        pace_vdot=pace_vdot,
        course=course,
        extras={
            "temperature_c": conditions.temperature_c,
            "drift_pct_per_h": drift,
            "hr_offset_bpm": hr_offset,
            "distance_scale": scale,
            "smart_recording": smart,
            "laps": mode,
        },
        paused=auto_pause,
        dropouts=dropouts,
        dose=Dose.from_efforts(effort, runner.vdot, runner.sex),
    )
    return SimulatedRun(truth, recording)


def _truth(
    workout: Workout,
    runner: Runner,
    *,
    seed: int,
    t0: pd.Timestamp,
    motion: _Motion,
    targets: list[tuple[float, float]],
    pace_vdot: float,
    course: Course,
    extras: RunConditions,
    paused: bool,
    dropouts: list[tuple[int, int]],
    dose: Dose,
) -> RunTruth:
    """The ground truth of a simulated run."""

    def at(i: float) -> pd.Timestamp:
        return t0 + pd.Timedelta(seconds=float(i))

    b = motion.bounds
    cum = np.cumsum(motion.speed)
    steps, reps, strides = [], [], []
    race = None
    for j, (step, (v0, v1)) in enumerate(zip(workout.steps, targets, strict=True)):
        start, end = at(b[j]), at(b[j + 1])
        dist = float(cum[b[j + 1]] - cum[b[j]])
        target = v0 if step.is_target else None
        effort = float(vo2_cost(v0) / runner.vdot) if v0 > 0 else None
        steps.append(
            StepTruth(
                step.kind,
                start,
                end,
                target,
                v1 if step.is_target else None,
                effort,
                dist,
                step.uphill,
            )
        )
        if step.kind == "stride":
            strides.append(Span(start, end))
        elif step.effort == "race":
            race = RaceResult(
                workout.name, float(step.distance_m or dist), float(b[j + 1] - b[j]), runner.vdot
            )
        elif step.kind == "work" and target is not None:
            reps.append(Rep(start, end, target, dist, step.uphill))
    return RunTruth(
        label=workout.label,
        name=workout.name,
        seed=seed,
        start=t0,
        end=at(b[-1]),
        vdot=runner.vdot,
        pace_vdot=pace_vdot,
        hr_max=runner.hr_max,
        hr_rest=runner.hr_rest,
        course=course.name,
        course_kind=course.kind,
        distance_m=float(cum[-1]),
        steps=tuple(steps),
        reps=tuple(reps),
        strides=tuple(strides),
        stops=tuple(
            Stop(at(first - 1), at(first - 1 + dur), paused) for first, dur in motion.stops
        ),
        hr_dropouts=tuple(Span(at(a), at(b_)) for a, b_ in dropouts),
        race=race,
        dose=dose,
        **extras,
    )
