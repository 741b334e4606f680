"""What every rule of the diagnosis reads, computed once: :class:`Context`.

The history functions (fitness trend, easy discipline, layoffs, plateaus,
races) run once on the history as of the diagnosis date; the rules only look
at their results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.history.discipline import EasyDiscipline, easy_discipline
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.layoffs import detect_layoffs
from runlytics.history.plateau import detect_plateau
from runlytics.history.protocol import Source, athlete_of, runs_of
from runlytics.history.races import find_races

#: Weeks the diagnosis calls "recent": a training block (Daniels' phases are 3-6 weeks; two
#: of them is long enough to judge habits, short enough that an old habit does not count).
RECENT_WEEKS = 12
#: Labels of the sessions run fast on purpose.
HARD_LABELS = ("tempo", "intervals", "progression", "fartlek", "unstructured_speedwork")
#: Labels of structured quality sessions (reps or a sustained target pace).
STRUCTURED_LABELS = ("tempo", "intervals", "progression")


@dataclass(frozen=True)
class Context:
    """A history as of a date and the results of the history functions on it."""

    history: Source
    as_of: pd.Timestamp
    athlete: Athlete | None
    runs: pd.DataFrame
    weekly_km: pd.Series
    trend: FitnessTrend
    discipline: EasyDiscipline
    layoffs: pd.DataFrame
    plateaus: pd.DataFrame
    races: pd.DataFrame

    @property
    def recent_start(self) -> pd.Timestamp:
        """The first day of the recent window (:data:`RECENT_WEEKS` before ``as_of``)."""
        return self.as_of - pd.Timedelta(weeks=RECENT_WEEKS) + pd.Timedelta(days=1)

    def recent_runs(self) -> pd.DataFrame:
        """The runs of the recent window."""
        return self.runs[self.runs["local_date"] >= self.recent_start]

    def current_vdot(self) -> tuple[float, pd.Timestamp | None]:
        """The trend's current VDOT and its week (:meth:`FitnessTrend.current`)."""
        week = self.trend.current(self.as_of)
        if week is None:
            return float("nan"), None
        return float(week["vdot"]), pd.Timestamp(str(week.name))


def build_context(history: Source, as_of: pd.Timestamp) -> Context:
    """Run the history functions once on ``history`` (already cut at ``as_of``)."""
    athlete = athlete_of(history, None)
    runs = runs_of(history, "distance_m", "moving_s", "label")
    trend = fitness_trend(history, athlete=athlete)
    return Context(
        history=history,
        as_of=as_of,
        athlete=athlete,
        runs=runs,
        weekly_km=weekly_km(runs, as_of),
        trend=trend,
        discipline=easy_discipline(history, athlete=athlete, trend=trend),
        layoffs=detect_layoffs(history, athlete=athlete),
        plateaus=detect_plateau(history, athlete=athlete),
        races=find_races(history, athlete=athlete, trend=trend),
    )


def weekly_km(runs: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Kilometres run per calendar week (Monday), every week to the one holding ``as_of``."""
    if runs.empty:
        return pd.Series(dtype=float, name="km")
    day = pd.to_datetime(runs["local_date"])
    monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    last = as_of - pd.Timedelta(days=as_of.day_of_week)
    weeks = pd.date_range(monday.min(), max(last, monday.max()), freq="7D", name="week")
    km = runs["distance_m"].astype(float).groupby(monday).sum() / 1000.0
    return km.reindex(weeks, fill_value=0.0).rename("km")


def tolerated_km(weekly: pd.Series, until: pd.Timestamp, weeks: int = RECENT_WEEKS) -> float:
    """The weekly km the athlete held: 75th percentile of the running weeks of the ``weeks``
    up to ``until`` (not the peak)."""
    held = weekly[(weekly.index <= until) & (weekly.index > until - pd.Timedelta(weeks=weeks))]
    held = held[held > 0]
    return float(np.percentile(held, 75)) if len(held) else float("nan")
