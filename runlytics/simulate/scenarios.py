"""The three sample athletes, each a short scenario: who they are and what they ran.

* :func:`ivan`: a former high-school runner; a half-marathon block ending in
  a strong race, a COVID layoff, then a return with easy runs too fast and
  volume back too soon: fitness stalls.
* :func:`boston`: a 47-year-old with 17 years of marathons, a few minutes
  outside his Boston standard; more and more miles with unstructured
  speedwork leave him flat; three months of lower mileage with structured
  sessions at dialled-in paces take him under the standard.
* :func:`control`: a well-trained runner on a structured, polarised plan
  making steady progress.

Places are invented around each runner's ``home``; dates are local.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from runlytics.simulate.fitness import Background
from runlytics.simulate.history import History, Plan, Week, simulate_history
from runlytics.simulate.runner import Runner
from runlytics.simulate.workouts import (
    FIVE_K,
    HALF_MARATHON,
    MARATHON,
    TEN_K,
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


@dataclass(frozen=True)
class Scenario:
    """A runner, how they trained before, and the plan they follow."""

    name: str
    story: str
    runner: Runner
    background: Background
    plan: Plan

    def simulate(self, seed: int = 0) -> History:
        """Simulate the scenario's history (deterministic for a given ``seed``)."""
        return simulate_history(self.plan, self.runner, seed=seed, background=self.background)


def ivan() -> Scenario:
    """18 months: HM block and strong race, COVID layoff, too-fast return, stall."""
    runner = Runner(
        "ivan",
        "M",
        age=27,
        hr_max=194,
        hr_rest=52,
        vdot=46.0,
        vdot_ceiling=62.0,
        cadence_ref_spm=172,
        home=(46.31, 4.83),
        utc_offset_h=1.0,
        auto_pause=True,
        stops_per_hour=1.2,
        goal="half marathon under 1:30",
    )
    base = Week(tue=easy_run(40), thu=easy_run(45, strides=4), sat=easy_run(35), sun=long_run(12))
    block = Week(
        tue=intervals(5, distance_m=1000),
        wed=easy_run(40),
        thu=tempo_run(20),
        sat=easy_run(40, strides=6),
        sun=long_run(16),
    )
    taper = Week(
        tue=intervals(4, distance_m=1000), thu=easy_run(40), sat=easy_run(30), sun=long_run(12)
    )
    race_week = Week(
        tue=cruise_intervals(3, distance_m=1000),
        thu=easy_run(30, strides=4),
        sat=easy_run(20, strides=4),
        sun=race(HALF_MARATHON, "City Half Marathon"),
    )
    after = Week(tue=easy_run(40), thu=fartlek(), sat=easy_run(40), sun=long_run(14))
    # back from COVID: old paces, "easy" a notch brisk, five runs a week at once
    brisk = 0.72
    back = Week(
        mon=easy_run(45, effort=brisk),
        tue=easy_run(50, effort=brisk),
        thu=steady_run(50),
        sat=easy_run(45, effort=brisk),
        sun=long_run(16, effort=brisk),
    )
    stalled = Week(
        tue=easy_run(50, effort=brisk),
        wed=steady_run(45),
        thu=easy_run(50, effort=brisk),
        sat=steady_run(45),
        sun=long_run(16, effort=brisk),
    )
    ten_k_week = Week(
        tue=easy_run(45, effort=brisk), thu=steady_run(40), sun=race(TEN_K, "Autumn 10k")
    )
    half_week = Week(
        tue=easy_run(45, effort=brisk),
        thu=steady_run(35),
        sun=race(HALF_MARATHON, "City Half Marathon"),
    )
    plan = (
        Plan(dt.date(2021, 9, 6))
        .weeks(8, base, phase="base", volume=(1.0, 1.3))
        .weeks(12, block, phase="half-marathon block", volume=(1.0, 1.15), down_every=4)
        .weeks(1, taper, phase="taper")
        .weeks(1, race_week, phase="taper")
        .weeks(4, after, phase="after the race")
        .layoff(35, reason="covid")
        .weeks(6, back, phase="return", paces="last_race")
        .weeks(14, stalled, phase="stalled", paces="last_race")
        .weeks(1, ten_k_week, phase="stalled", paces="last_race")
        .weeks(24, stalled, phase="stalled", volume=(1.0, 1.15), paces="last_race")
        .weeks(1, half_week, phase="stalled", paces="last_race")
    )
    background = Background(
        minutes_per_week=190, grey_share=0.3, intensity_share=0.02, days_per_week=4
    )
    return Scenario("ivan", ivan.__doc__ or "", runner, background, plan)


def boston() -> Scenario:
    """A year: more miles and unstructured speedwork stay flat; a structured block qualifies."""
    runner = Runner(
        "boston",
        "M",
        age=47,
        hr_max=176,
        hr_rest=47,
        vdot=46.8,
        vdot_ceiling=54.5,
        cadence_ref_spm=166,
        home=(40.93, -77.71),
        utc_offset_h=-5.0,
        smart_recording=0.35,
        stops_per_hour=0.5,
        climate_c=(10.0, 11.0),
        goal="Boston qualifier: marathon under 3:15:00 (M45-49)",
    )
    usual, long_effort, hardish = 0.755, 0.73, 0.765
    mileage = Week(
        mon=easy_run(50, effort=usual),
        tue=unstructured_speedwork(60, effort=hardish),
        wed=easy_run(60, effort=usual),
        thu=unstructured_speedwork(60, effort=hardish),
        fri=easy_run(50, effort=usual),
        sat=steady_run(60),
        sun=long_run(28, effort=long_effort),
    )
    marathon_week = Week(
        tue=easy_run(45, effort=usual),
        wed=unstructured_speedwork(40),
        thu=easy_run(40, effort=usual),
        sat=easy_run(30, effort=usual),
    )
    recovery = Week(tue=easy_run(30), thu=easy_run(40), sat=easy_run(40), sun=easy_run(60))
    structured = Week(
        tue=intervals(5, distance_m=1200, recovery_s=150),
        wed=easy_run(50),
        thu=marathon_pace_run(12),
        fri=recovery_run(35),
        sat=easy_run(45, strides=6),
        sun=long_run(26, marathon_finish_km=8),
    )
    threshold = Week(
        tue=cruise_intervals(4, distance_m=1600),
        wed=easy_run(50),
        thu=hill_reps(8),
        fri=recovery_run(35),
        sat=easy_run(45, strides=6),
        sun=long_run(30, marathon_finish_km=10),
    )
    taper = Week(
        tue=intervals(4, distance_m=1200, recovery_s=150),
        wed=easy_run(40),
        thu=marathon_pace_run(8),
        sat=easy_run(40, strides=4),
        sun=long_run(18),
    )
    final = Week(
        tue=intervals(3, distance_m=1000), thu=easy_run(35, strides=4), sat=easy_run(20, strides=4)
    )

    def with_race(week: Week, name: str) -> Week:
        return replace(week, sun=race(MARATHON, name))

    plan = (
        Plan(dt.date(2024, 10, 7))
        .weeks(9, mileage, phase="autumn mileage", volume=(1.0, 1.05))
        .weeks(1, with_race(marathon_week, "December Marathon"), phase="autumn mileage")
        .weeks(2, recovery, phase="recovery")
        .weeks(21, mileage, phase="more miles", volume=(1.0, 1.25))
        .weeks(1, with_race(marathon_week, "Spring Marathon"), phase="more miles")
        .weeks(2, recovery, phase="recovery")
        .weeks(4, structured, phase="structured block", down_every=4)
        .weeks(4, threshold, phase="structured block", volume=(1.0, 1.1), down_every=4)
        .weeks(4, structured, phase="structured block", volume=(1.05, 1.1), down_every=4)
        .weeks(1, taper, phase="taper")
        .weeks(1, with_race(final, "Autumn Marathon"), phase="taper")
    )
    background = Background(
        minutes_per_week=490, grey_share=0.5, intensity_share=0.025, days_per_week=6
    )
    return Scenario("boston", boston.__doc__ or "", runner, background, plan)


def control() -> Scenario:
    """A year of structured, polarised training with steady progress and races."""
    runner = Runner(
        "control",
        "F",
        age=31,
        hr_max=188,
        hr_rest=46,
        vdot=49.0,
        vdot_ceiling=60.0,
        cadence_ref_spm=176,
        home=(45.77, 3.09),
        utc_offset_h=1.0,
        auto_pause=True,
        goal="steady progress",
    )
    week_a = Week(
        mon=recovery_run(30),
        tue=intervals(6, distance_m=1000, recovery_s=120),
        wed=easy_run(40),
        thu=tempo_run(25),
        sat=easy_run(40, strides=6),
        sun=long_run(16),
    )
    week_b = Week(
        mon=recovery_run(30),
        tue=hill_reps(10, duration_s=75),
        wed=easy_run(40),
        thu=tempo_run(30),
        sat=easy_run(40, strides=6),
        sun=long_run(16),
    )
    week_c = Week(
        mon=recovery_run(30),
        tue=intervals(5, duration_s=180, recovery_s=120),
        wed=easy_run(40),
        thu=cruise_intervals(4),
        sat=easy_run(40, strides=6),
        sun=long_run(15),
    )
    recovery = Week(tue=easy_run(40), thu=fartlek(), sat=progression_run(45), sun=long_run(14))

    def race_week(distance: float, name: str) -> Week:
        return Week(
            tue=intervals(4, distance_m=800),
            wed=easy_run(40),
            thu=easy_run(35, strides=4),
            sat=easy_run(20, strides=4),
            sun=race(distance, name),
        )

    plan = (
        Plan(dt.date(2024, 1, 8))
        .weeks(6, week_a, phase="winter base", volume=(1.0, 1.1), down_every=3)
        .weeks(6, week_b, phase="winter base", volume=(1.1, 1.2), down_every=3)
        .weeks(1, race_week(TEN_K, "Spring 10k"), phase="race")
        .weeks(8, week_c, phase="half-marathon block", volume=(1.2, 1.35), down_every=4)
        .weeks(4, week_a, phase="half-marathon block", volume=(1.3, 1.4), down_every=4)
        .weeks(1, race_week(HALF_MARATHON, "Summer Half Marathon"), phase="race")
        .weeks(2, recovery, phase="recovery")
        .weeks(8, week_b, phase="autumn block", volume=(1.3, 1.45), down_every=4)
        .weeks(8, week_c, phase="autumn block", volume=(1.4, 1.5), down_every=4)
        .weeks(1, race_week(FIVE_K, "Autumn 5k"), phase="race")
        .weeks(6, week_a, phase="winter base", volume=(1.4, 1.55), down_every=3)
        .weeks(1, race_week(TEN_K, "Winter 10k"), phase="race")
    )
    background = Background(
        minutes_per_week=280, grey_share=0.1, intensity_share=0.08, days_per_week=6
    )
    return Scenario("control", control.__doc__ or "", runner, background, plan)


#: The sample athletes by name.
SCENARIOS: dict[str, Callable[[], Scenario]] = {"ivan": ivan, "boston": boston, "control": control}
