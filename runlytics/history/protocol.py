"""What the history functions read: a History-like object, or its frames given directly.

Every function of this package accepts either an object with the attributes of
:class:`HistoryLike` (the ``History`` of an export; the concrete class is not
imported here) or the **activities frame** itself, one row per activity:

* index ``activity_id``; ``local_date`` (the day in the athlete's local time,
  midnight, naive or tz-aware), ``start_time`` (UTC), ``sport`` (``"running"``
  ...; all rows are runs when absent), ``distance_m``, ``moving_s``,
  ``elapsed_s``, ``avg_heart_rate_bpm``, ``label`` and ``label_confidence``
  (the run classification), the loads ``trimp``, ``hrtss``, ``rtss``,
  ``efficiency_factor`` (m per beat), ``decoupling_pct``; optionally
  ``avg_gap_speed_mps`` (grade-adjusted speed over moving time; else
  ``distance_m / moving_s``).

The **best-efforts frame** (``history.best_efforts`` or the ``best_efforts=``
argument) is the per-run :func:`runlytics.best_efforts` tables stacked, with the
run's ``activity_id`` and ``local_date`` as extra columns and the effort's name
in an ``effort`` column.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.errors import MissingDataError


@runtime_checkable
class HistoryLike(Protocol):
    """Anything with an athlete's activities frame (see the module docstring)."""

    @property
    def activities(self) -> pd.DataFrame: ...


#: A History-like object or its activities frame.
Source = HistoryLike | pd.DataFrame

#: ``sport`` values analysed as runs.
RUN_SPORTS = frozenset(
    {"running", "run", "trail_running", "treadmill", "treadmill_running", "track_running"}
)


def activities_of(source: Source, *required: str) -> pd.DataFrame:
    """The activities frame of ``source`` with ``local_date`` as naive midnights.

    Raises :class:`~runlytics.errors.MissingDataError` naming the missing columns.
    """
    frame = source if isinstance(source, pd.DataFrame) else source.activities
    missing = [c for c in ("local_date", *required) if c not in frame.columns]
    if missing:
        raise MissingDataError(
            "activities frame",
            f"has no column {', '.join(repr(c) for c in missing)} (see runlytics.history.protocol)",
        )
    days = pd.to_datetime(frame["local_date"])
    if days.dt.tz is not None:
        days = days.dt.tz_localize(None)
    out = frame.assign(local_date=days.dt.normalize())
    order = "start_time" if "start_time" in out.columns else "local_date"
    return out.sort_values(order, kind="stable")


def runs_of(source: Source, *required: str) -> pd.DataFrame:
    """The rows of :func:`activities_of` whose sport is a run (all rows without a sport)."""
    frame = activities_of(source, *required)
    if "sport" not in frame.columns:
        return frame
    return frame[frame["sport"].astype("string").str.lower().isin(RUN_SPORTS).fillna(False)]


def best_efforts_of(source: Source, best_efforts: pd.DataFrame | None) -> pd.DataFrame | None:
    """The best-efforts frame given, else the source's ``best_efforts``, else ``None``."""
    if best_efforts is None:
        best_efforts = getattr(source, "best_efforts", None)
        if callable(best_efforts):
            best_efforts = best_efforts()
    if best_efforts is None:
        return None
    needed = ("activity_id", "effort", "time_s", "gap_time_s")
    missing = [c for c in needed if c not in best_efforts]
    if missing:
        raise MissingDataError("best-efforts frame", f"has no column {', '.join(missing)}")
    return best_efforts


def athlete_of(source: Source, athlete: Athlete | None) -> Athlete | None:
    """The athlete given, else the source's ``athlete`` attribute, else ``None``."""
    if athlete is not None:
        return athlete
    found = getattr(source, "athlete", None)
    return found if isinstance(found, Athlete) else None


def daily_load_of(source: Source, metric: str) -> pd.Series:
    """Load per local day from the first to the last run, 0 on rest days.

    A History's own ``daily_load(metric)`` is used when it has one. From a frame:
    the sum of ``metric`` over each day's runs; a run without a load counts 0
    and the count of such runs is in ``attrs["runs_without_load"]``.
    """
    if not isinstance(source, pd.DataFrame) and callable(getattr(source, "daily_load", None)):
        daily: pd.Series = source.daily_load(metric)  # type: ignore[attr-defined]
        return daily
    runs = runs_of(source, metric)
    days = runs["local_date"]
    if runs.empty:
        return pd.Series([], index=pd.DatetimeIndex([], name="date"), name=metric, dtype=float)
    index = pd.date_range(days.min(), days.max(), freq="D", name="date")
    values = runs[metric].astype(float)
    daily = values.fillna(0.0).groupby(days).sum().reindex(index, fill_value=0.0)
    daily.name = metric
    daily.attrs["runs_without_load"] = int(np.count_nonzero(values.isna()))
    return daily
