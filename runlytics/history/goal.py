"""Is a race goal within reach? The VDOT it needs against the current VDOT and its trend.

:func:`goal_feasibility` compares:

* ``vdot_needed``: Daniels-Gilbert VDOT of the goal (``distance_m`` in ``time_s``);
* ``vdot_now``: the fitness trend's VDOT (:func:`runlytics.fitness_trend`) of the
  last week with a good estimate on or before ``as_of`` (default: the last run),
  computed from the runs up to ``as_of`` only, with its 95 % band;
* ``trend_per_week``: the least-squares slope of the good heart-rate VDOT
  markers of the last 12 weeks (VDOT per week) with its 95 % interval;
* the weeks the gap takes at a realistic rate of gain. Daniels advises raising
  the training VDOT by 1 after 4-6 weeks of consistent training (*Daniels'
  Running Formula*, 3rd ed., 2014, ch. 5): 0.25 VDOT a week (``gain_per_week``)
  is the optimistic end, 1/6 the conservative one; at the athlete's own current
  trend when it is rising;
* ``weeks_available`` from ``as_of`` to ``race_date``.

Verdict: "reached" when the band's upper bound is at or above the need;
"within reach" when the gap takes no more weeks than are available at
the optimistic rate; "unlikely" otherwise. A VDOT gain is not guaranteed by
the weeks: this is a pace budget, not a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.history.fitness import fitness_trend
from runlytics.history.markers import daniels_vdot
from runlytics.history.protocol import Source, activities_of, athlete_of, best_efforts_of
from runlytics.vocabulary import format_duration

GAIN_PER_WEEK = 0.25
CONSERVATIVE_GAIN_PER_WEEK = 1.0 / 6.0
TREND_WEEKS = 12


@dataclass(frozen=True)
class GoalFeasibility:
    """The goal's VDOT against the current one, the weeks the gap takes, and why."""

    distance_m: float
    time_s: float
    race_date: pd.Timestamp
    as_of: pd.Timestamp
    vdot_needed: float
    vdot_now: float
    vdot_now_low: float
    vdot_now_high: float
    trend_per_week: float
    trend_per_week_low: float
    trend_per_week_high: float
    gap: float
    weeks_available: float
    weeks_needed: float
    weeks_needed_conservative: float
    weeks_at_trend: float
    verdict: str
    evidence: tuple[Evidence, ...]


def goal_feasibility(
    history: Source,
    distance_m: float,
    time_s: float,
    *,
    race_date: str | pd.Timestamp,
    as_of: str | pd.Timestamp | None = None,
    athlete: Athlete | None = None,
    gain_per_week: float = GAIN_PER_WEEK,
) -> GoalFeasibility:
    """How the goal (``distance_m`` m in ``time_s`` s on ``race_date``) compares (see module)."""
    if not (distance_m > 0 and time_s > 0 and gain_per_week > 0):
        raise ValueError("distance_m, time_s and gain_per_week must be positive")
    frame = activities_of(history)
    athlete = athlete_of(history, athlete)
    efforts = best_efforts_of(history, None)
    day = pd.Timestamp(as_of).normalize() if as_of is not None else frame["local_date"].max()
    race = pd.Timestamp(race_date).normalize()
    upto = frame[frame["local_date"] <= day]
    trend = fitness_trend(upto, athlete=athlete, best_efforts=efforts)
    needed = float(daniels_vdot([distance_m], [time_s])[0])
    current = trend.current(day)
    now = current if current is not None else pd.Series(np.nan, index=trend.weekly.columns)
    slope, half = _slope(trend.markers, day)
    gap = needed - float(now["vdot"])
    available = (race - day).days / 7.0
    weeks = max(gap, 0.0) / gain_per_week
    conservative = max(gap, 0.0) / CONSERVATIVE_GAIN_PER_WEEK
    at_trend = max(gap, 0.0) / slope if slope > 0 else (0.0 if gap <= 0 else float("inf"))
    if not np.isfinite(gap):
        verdict = "unknown"
    elif needed <= float(now["vdot_high"]) or gap <= 0:
        verdict = "reached"
    elif weeks <= available:
        verdict = "within reach"
    else:
        verdict = "unlikely"
    evidence = (
        Evidence(
            "vdot_needed",
            round(needed, 2),
            "ml/kg/min",
            f"{distance_m / 1000:g} km in {format_duration(time_s)} needs VDOT {needed:.1f}",
        ),
        Evidence(
            "vdot_now",
            round(float(now["vdot"]), 2),
            "ml/kg/min",
            f"current VDOT {now['vdot']:.1f} (95 % {now['vdot_low']:.1f}-{now['vdot_high']:.1f}, "
            f"week of {now.name:%Y-%m-%d})"
            if current is not None
            else "no current VDOT",
        ),
        Evidence(
            "trend_per_week",
            round(slope, 3),
            "ml/kg/min per week",
            f"over the last {TREND_WEEKS} weeks VDOT moved {slope:+.2f} a week "
            f"(95 % {slope - half:+.2f} to {slope + half:+.2f})",
        ),
        Evidence(
            "weeks_needed",
            round(weeks, 1),
            "weeks",
            f"a gap of {gap:.1f} takes {weeks:.0f}-{conservative:.0f} weeks at 1 VDOT per 4-6 "
            f"weeks; {available:.0f} weeks to race day",
        ),
    )
    return GoalFeasibility(
        float(distance_m),
        float(time_s),
        race,
        day,
        needed,
        float(now["vdot"]),
        float(now["vdot_low"]),
        float(now["vdot_high"]),
        slope,
        slope - half,
        slope + half,
        gap,
        available,
        weeks,
        conservative,
        at_trend,
        verdict,
        evidence,
    )


def _slope(markers: pd.DataFrame, day: pd.Timestamp) -> tuple[float, float]:
    """VDOT per week of the good heart-rate markers of the last weeks, and its 95 % half-width."""
    m = markers[(markers["marker"] == "vdot_hr") & (markers["quality"] == "good")]
    m = m[m["date"] > day - pd.Timedelta(weeks=TREND_WEEKS)]
    if len(m) < 3:
        return float("nan"), float("nan")
    x = (pd.DatetimeIndex(m["date"]) - day).days.to_numpy(float) / 7.0
    from scipy import stats  # lazy: keeps `import runlytics` fast
    fit = stats.linregress(x, m["value"].to_numpy(float))
    half = float(stats.t.ppf(0.975, len(m) - 2) * fit.stderr)
    return float(fit.slope), half
