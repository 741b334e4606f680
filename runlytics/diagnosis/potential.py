"""Rules on what the athlete can race: current VDOT and equivalents, and the goal.

Thresholds are named here and argued in ``docs/diagnosis.md``.
"""

from __future__ import annotations

import math

import pandas as pd

from runlytics.athlete import Athlete
from runlytics.diagnosis.context import Context
from runlytics.diagnosis.drawings import line_with_band
from runlytics.diagnosis.model import Finding, Goal
from runlytics.history.goal import GoalFeasibility, goal_feasibility
from runlytics.metrics.vdot import race_time
from runlytics.vocabulary import Severity, format_pace, format_time

#: The race distances a coach quotes equivalents for (m).
EQUIVALENTS = {"5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5, "marathon": 42195.0}
#: Without a race date, the goal race is this many weeks after the diagnosis (a training block:
#: Daniels' 18-24-week marathon plans less the base already done; 16 weeks is the usual block).
HORIZON_WEEKS = 16
#: Boston: the qualifying window opens in September; the race is on the third Monday of April
#: (the 15th-21st; the 15th is used for the age on race day).
BOSTON_WINDOW_MONTH = 9
BOSTON_DAY = 15
#: Severity of each verdict of :func:`~runlytics.history.goal.goal_feasibility`.
VERDICT_SEVERITY: dict[str, Severity] = {
    "reached": "strength",
    "within reach": "info",
    "unlikely": "warning",
}


def goal_race_date(goal: Goal, as_of: pd.Timestamp) -> pd.Timestamp:
    """The goal's race day, else :data:`HORIZON_WEEKS` after ``as_of``."""
    if goal.race_date is not None:
        return pd.Timestamp(goal.race_date).normalize()
    return as_of + pd.Timedelta(weeks=HORIZON_WEEKS)


def boston_day(qualifier_day: pd.Timestamp) -> pd.Timestamp:
    """The Boston Marathon a qualifier run on ``qualifier_day`` counts for (its mid-April day).

    The B.A.A.'s qualifying window for race year Y opens on 1 September of Y-2 and closes at
    registration in September of Y-1: a qualifier from September counts two years on.
    """
    year = qualifier_day.year + (2 if qualifier_day.month >= BOSTON_WINDOW_MONTH else 1)
    return pd.Timestamp(year=year, month=4, day=BOSTON_DAY)


def goal_time(goal: Goal, athlete: Athlete | None, race_day: pd.Timestamp) -> float:
    """The goal time (s): given, or the standard for the athlete's sex and age.

    For the Boston standard, the age and the standards are those of the Boston race the
    qualifier on ``race_day`` counts for (:func:`boston_day`).
    """
    day = boston_day(race_day) if goal.standard == "boston" else race_day
    return goal.target_time(age_on(athlete, day), None if athlete is None else athlete.sex, day)


def age_on(athlete: Athlete | None, day: pd.Timestamp) -> float | None:
    """The athlete's age in whole years on ``day`` (None without a birth date)."""
    if athlete is None or athlete.birth_date is None:
        return None
    birth = pd.Timestamp(athlete.birth_date)
    birth = birth.tz_localize(None) if birth.tzinfo is not None else birth
    return float((day - birth).days // 365.25)


def racing_potential(ctx: Context) -> Finding | None:
    """Info: the current VDOT, its race equivalents and the best form of the history."""
    vdot, week = ctx.current_vdot()
    if not math.isfinite(vdot) or week is None:
        return None
    weekly = ctx.trend.weekly
    best_week = weekly["vdot"].idxmax()
    races = ctx.races[ctx.races["is_race"].astype(bool)] if "is_race" in ctx.races else ctx.races
    best_race = races.loc[[races["vdot"].idxmax()]].iloc[0] if len(races) else None
    equivalents = {name: format_time(race_time(vdot, d)) for name, d in EQUIVALENTS.items()}
    evidence: dict[str, object] = {
        "vdot_now": round(vdot, 1),
        "week": f"{week:%Y-%m-%d}",
        **equivalents,
        "best_vdot": round(float(weekly["vdot"].max()), 1),
        "best_week": f"{best_week:%Y-%m-%d}",
    }
    statement = (
        f"Current VDOT {vdot:.1f} (week of {week:%Y-%m-%d}), worth "
        + ", ".join(f"{k} {v}" for k, v in equivalents.items())
        + f". Best form of the history: VDOT {weekly['vdot'].max():.1f} (week of "
        f"{best_week:%Y-%m-%d})"
    )
    if best_race is not None:
        evidence["best_race"] = f"{best_race['date']:%Y-%m-%d} {best_race['name']}"
        evidence["best_race_vdot"] = round(float(best_race["vdot"]), 1)
        statement += (
            f"; best race {best_race['name']} on {best_race['date']:%Y-%m-%d} in "
            f"{format_time(float(best_race['time_s']))} (VDOT {best_race['vdot']:.1f})"
        )
    return Finding(
        "racing_potential",
        "info",
        "Racing potential",
        statement + ".",
        evidence,
        line_with_band(weekly["vdot"], weekly["vdot_low"], weekly["vdot_high"], "VDOT"),
    )


def feasibility(ctx: Context, goal: Goal) -> GoalFeasibility:
    """:func:`~runlytics.history.goal.goal_feasibility` of ``goal`` on the context."""
    race_day = goal_race_date(goal, ctx.as_of)
    target = goal_time(goal, ctx.athlete, race_day)
    return goal_feasibility(
        ctx.history,
        goal.distance_m,
        target,
        race_date=race_day,
        as_of=ctx.as_of,
        athlete=ctx.athlete,
    )


def goal_feasibility_finding(ctx: Context, goal: Goal | None) -> Finding | None:
    """The goal against the current fitness and the weeks left (strength, info or warning)."""
    if goal is None:
        return None
    f = feasibility(ctx, goal)
    if f.verdict not in VERDICT_SEVERITY:
        return None
    evidence = {e.name: e.value for e in f.evidence} | {
        "goal_time": format_time(f.time_s),
        "goal_pace": format_pace(f.distance_m / f.time_s),
        "distance_m": f.distance_m,
        "race_date": f"{f.race_date:%Y-%m-%d}",
        "weeks_available": round(f.weeks_available, 1),
        "verdict": f.verdict,
    }
    what = f"{f.distance_m / 1000:g} km in {format_time(f.time_s)}"
    if goal.standard == "boston":
        boston = boston_day(f.race_date)
        age = age_on(ctx.athlete, boston)
        what += f" (the standard for Boston {boston.year}, age {age:.0f} on its race day)"
    text = {
        "reached": "the current fitness already covers it",
        "within reach": (
            f"a gap of {f.gap:.1f} VDOT, {f.weeks_needed:.0f}-{f.weeks_needed_conservative:.0f} "
            f"weeks of consistent training at 1 VDOT per 4-6 weeks, and "
            f"{f.weeks_available:.0f} weeks to go"
        ),
        "unlikely": (
            f"a gap of {f.gap:.1f} VDOT needs {f.weeks_needed:.0f}-"
            f"{f.weeks_needed_conservative:.0f} weeks at best, only {f.weeks_available:.0f} "
            f"remain, and the recent trend is {f.trend_per_week:+.2f} VDOT a week"
        ),
    }[f.verdict]
    statement = (
        f"Goal {what} on {f.race_date:%Y-%m-%d} needs VDOT {f.vdot_needed:.1f}; current "
        f"{f.vdot_now:.1f}: {f.verdict}: {text}."
    )
    weekly = ctx.trend.weekly
    return Finding(
        "goal_feasibility",
        VERDICT_SEVERITY[f.verdict],
        f"Goal: {f.verdict}",
        statement,
        evidence,
        line_with_band(
            weekly["vdot"], weekly["vdot_low"], weekly["vdot_high"], "VDOT", level=f.vdot_needed
        ),
    )
