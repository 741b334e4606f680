"""Breaks in running (layoffs) and how the athlete came back from them.

A **layoff** is a stretch of at least ``min_days`` consecutive local days without
a run (other sports do not end it: a runner on the bike is still not running).
For each: ``start`` (the first day without running), ``end`` (the day running
resumed; ``NaT`` if the history ends inside the break), ``days`` (``end - start``).

Fitness around the break is the Banister/Coggan chronic training load (CTL,
:func:`runlytics.pmc`, 42-day exponential, in the units of the chosen daily load)
on the last day before the break and on its last day (the lowest), and the
VDOT of :func:`runlytics.fitness_trend` the week before and 4 weeks after. The return is
judged on volume: the weekly distance before (mean of the 4 weeks before the
break), then week by week from the return day (7-day bins), the number of weeks
until a week reached 90 % of that level, and the peak acute:chronic workload
ratio (:func:`runlytics.acwr`, Williams et al. 2017 EWMA) in the 6 weeks after
the return: after a break the chronic load has decayed, so a quick return to the
old volume shows as a high ratio (above ~1.5 is a fast ramp; the ratio describes
the change of load, it does not score injury risk; Impellizzeri et al. 2020).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.history.fitness import fitness_trend
from runlytics.history.protocol import Source, athlete_of, daily_load_of, runs_of
from runlytics.metrics.acwr import acwr
from runlytics.metrics.pmc import pmc

#: Share of the pre-break weekly volume that counts as "back to volume".
RETURN_SHARE = 0.9
#: Weeks before a break that set the pre-break volume.
BEFORE_WEEKS = 4
#: Days after the return over which the ACWR peak is looked for.
ACWR_WINDOW_DAYS = 42

LAYOFF_COLUMNS = (
    "start",
    "end",
    "days",
    "ctl_before",
    "ctl_at_return",
    "vdot_before",
    "vdot_after",
    "weekly_m_before",
    "first_week_m",
    "weeks_to_volume",
    "acwr_peak",
    "acwr_peak_date",
    "evidence",
)


def detect_layoffs(
    history: Source, *, min_days: int = 10, load: str = "trimp", athlete: Athlete | None = None
) -> pd.DataFrame:
    """Breaks of at least ``min_days`` days without running, and the return from each.

    One row per break (columns :data:`LAYOFF_COLUMNS`): ``start``, ``end``,
    ``days``; ``ctl_before`` and ``ctl_at_return`` (CTL of the ``load`` column
    on the day before ``start`` and the day before ``end``, load units);
    ``vdot_before`` (the fitness trend's VDOT of the last week before the break)
    and ``vdot_after`` (of the week 4 weeks after the return: the trend's
    window then holds only runs after the break; NaN without an athlete);
    ``weekly_m_before`` (m per week, mean of the 4 weeks before);
    ``first_week_m`` (m in the 7 days from ``end``); ``weeks_to_volume`` (weeks
    from ``end`` until a 7-day bin reached 90 % of ``weekly_m_before``; NaN if
    not within the history); ``acwr_peak`` and its date in the 6 weeks from
    ``end``; ``evidence`` (a tuple of :class:`~runlytics.evidence.Evidence`).
    The module docstring gives the conventions.
    """
    if min_days < 1:
        raise ValueError(f"min_days must be at least 1, not {min_days}")
    runs = runs_of(history, "distance_m")
    athlete = athlete_of(history, athlete)
    days = pd.DatetimeIndex(runs["local_date"].drop_duplicates())
    rows: list[dict[str, object]] = []
    if len(days) < 2:
        return pd.DataFrame(rows, columns=list(LAYOFF_COLUMNS))
    off = (days[1:] - days[:-1]).days - 1
    daily = daily_load_of(history, load)
    chart = pmc(daily)
    ratio = acwr(daily)
    distance = runs["distance_m"].astype(float).groupby(runs["local_date"]).sum()
    distance = distance.reindex(daily.index, fill_value=0.0)
    breaks = np.flatnonzero(off >= min_days).tolist()
    weekly = fitness_trend(history, athlete=athlete).weekly["vdot"] if breaks else None
    for i in breaks:
        start, end = days[i] + pd.Timedelta(days=1), days[i + 1]
        row = _layoff(start, end, chart["ctl"], ratio, distance)
        row["vdot_before"] = _week_value(weekly, start - pd.Timedelta(days=7))
        row["vdot_after"] = _week_value(weekly, end + pd.Timedelta(weeks=4))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(LAYOFF_COLUMNS))


def _week_value(weekly: pd.Series | None, day: pd.Timestamp) -> float:
    """The weekly value of the week holding ``day`` (NaN outside the history)."""
    if weekly is None:
        return float("nan")
    week = day - pd.Timedelta(days=day.day_of_week)
    return float(weekly.get(week, float("nan")))


def _layoff(
    start: pd.Timestamp,
    end: pd.Timestamp,
    ctl: pd.Series,
    ratio: pd.Series,
    distance: pd.Series,
) -> dict[str, object]:
    last, back = start - pd.Timedelta(days=1), end - pd.Timedelta(days=1)
    before = distance[last - pd.Timedelta(days=7 * BEFORE_WEEKS - 1) : last]
    weekly_before = float(before.sum()) / BEFORE_WEEKS
    after = distance[end:]
    weekly_after = after.groupby(np.arange(len(after)) // 7).sum()
    weekly_after = weekly_after[: len(after) // 7]  # whole weeks only
    reached = np.flatnonzero(weekly_after.to_numpy() >= RETURN_SHARE * weekly_before)
    weeks = float(reached[0] + 1) if reached.size else float("nan")
    window = ratio[end : end + pd.Timedelta(days=ACWR_WINDOW_DAYS - 1)].dropna()
    peak = float(window.max()) if len(window) else float("nan")
    peak_date = window.idxmax() if len(window) else pd.NaT
    first = float(weekly_after.iloc[0]) if len(weekly_after) else float("nan")
    days = int((end - start).days)
    evidence = (
        Evidence("days", days, "d", f"no run for {days} days ({start:%Y-%m-%d} to {end:%Y-%m-%d})"),
        Evidence(
            "ctl_change",
            round(float(ctl[back] - ctl[last]), 1),
            "load",
            f"chronic load went from {ctl[last]:.0f} to {ctl[back]:.0f}",
        ),
        Evidence(
            "weeks_to_volume",
            weeks,
            "weeks",
            f"{weekly_before / 1000:.0f} km/week before; "
            + (
                f"back to {RETURN_SHARE:.0%} of it in week {weeks:.0f} after the return"
                if reached.size
                else "not back to it within the history"
            ),
        ),
        Evidence(
            "acwr_peak",
            round(peak, 2),
            "",
            f"acute:chronic load ratio peaked at {peak:.2f} in the {ACWR_WINDOW_DAYS} days after",
        ),
    )
    return {
        "start": start,
        "end": end,
        "days": days,
        "ctl_before": float(ctl[last]),
        "ctl_at_return": float(ctl[back]),
        "weekly_m_before": weekly_before,
        "first_week_m": first,
        "weeks_to_volume": weeks,
        "acwr_peak": peak,
        "acwr_peak_date": peak_date,
        "evidence": evidence,
    }
