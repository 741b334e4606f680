"""``diagnose``: every rule on a history as of a date, and the prescription they motivate."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from runlytics.diagnosis import easy, potential, progress, training
from runlytics.diagnosis.context import Context, build_context
from runlytics.diagnosis.model import Diagnosis, Finding, Goal
from runlytics.diagnosis.prescription import prescribe
from runlytics.errors import MissingDataError
from runlytics.history.protocol import HistoryLike, runs_of

#: The rules in the order a coach tells them: what works, then what to change.
RULES: tuple[Callable[[Context], Finding | None], ...] = (
    training.consistency,
    training.long_run_habit,
    potential.racing_potential,
    progress.layoff,
    progress.return_too_fast,
    progress.base_phase_needed,
    progress.mileage_up_fitness_flat,
    easy.easy_runs_too_fast,
    easy.aerobic_decoupling,
    easy.pace_fade,
    training.unstructured_speedwork,
    training.no_progression,
)


def diagnose(
    history: HistoryLike | pd.DataFrame,
    *,
    goal: Goal | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> Diagnosis:
    """The findings about ``history`` as of ``as_of`` (default its last run) and a prescription.

    ``history``: a :class:`~runlytics.History`, History-like, or its activities frame
    (then without athlete: no VDOT, so no paces and no easy-pace judgement); ``goal``: a
    :class:`Goal` (a time, or ``standard="boston"`` from the athlete's birth date
    and sex); ``as_of``: a local day; the history is cut there first, so the
    diagnosis sees what a coach saw then.
    """
    runs = runs_of(history, "distance_m", "moving_s", "label")
    if runs.empty:
        raise MissingDataError("history", "holds no runs to diagnose")
    if as_of is not None:
        day = pd.Timestamp(as_of).normalize()
        if day.tzinfo is not None:
            day = day.tz_localize(None)
        if day < runs["local_date"].min():
            raise ValueError(f"as_of {day:%Y-%m-%d} is before the first run")
        history = _until(history, day)
    else:
        day = pd.Timestamp(runs["local_date"].max())
    ctx = build_context(history, day)
    findings = tuple(f for rule in RULES if (f := rule(ctx)) is not None)
    feasible = potential.goal_feasibility_finding(ctx, goal)
    if feasible is not None:
        findings += (feasible,)
    name = getattr(history, "name", None)
    name = name if isinstance(name, str) and name else "athlete"
    return Diagnosis(name, day, goal, findings, prescribe(ctx, findings))


def _until(history: HistoryLike | pd.DataFrame, day: pd.Timestamp) -> HistoryLike | pd.DataFrame:
    if isinstance(history, pd.DataFrame):
        return history[pd.to_datetime(history["local_date"]) <= day]
    until = getattr(history, "until", None)
    if until is None:
        raise TypeError("as_of needs a History (with .until) or an activities frame")
    result: HistoryLike = until(day)
    return result
