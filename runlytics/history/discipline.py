"""Easy-pace discipline: were the easy runs run easy?

For each continuous aerobic run (labels easy, recovery, long and steady: the
runs a plan means easy, "steady" being the grey zone they drift into), its
grade-adjusted speed and average heart rate against the athlete's easy range on
that date:

* pace: Daniels' E range, 59-74 % of VO2max (:func:`runlytics.training_paces`),
  from the VDOT in force: the athlete's given VDOT on that date if there is
  one, else the fitness trend's VDOT of the week before the run
  (:func:`runlytics.fitness_trend`, so a run does not set its own yardstick);
  ``too_fast`` when the speed is above the top of the range by more than
  ``tolerance`` (default 0);
* heart rate: Daniels' E heart rate is 65-79 % of HRmax (*Daniels' Running
  Formula*, 3rd ed., 2014); ``hr_too_high`` when the run's average is above
  ``hr_ceiling`` x HRmax (default 0.79).

``share_too_fast`` is the share of those runs with ``too_fast`` (and likewise
for heart rate), overall and by calendar month. Daniels, Seiler and most
coaches agree that easy days run too fast ("grey zone", "moderate-intensity
rut") cost recovery without adding stimulus (Seiler S. 2010, *Int J Sports
Physiol Perform* 5:276-291).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.markers import run_speed
from runlytics.history.protocol import Source, athlete_of, runs_of
from runlytics.metrics.vdot import EASY_FRACTIONS, speed_at_vo2

#: Run labels judged against the easy range.
EASY_INTENT_LABELS = ("recovery", "easy", "long", "steady")
HR_CEILING = 0.79


@dataclass(frozen=True)
class EasyDiscipline:
    """Per-run verdicts (``runs``), overall shares, shares by month, and the evidence."""

    runs: pd.DataFrame
    share_too_fast: float
    share_hr_too_high: float
    monthly: pd.DataFrame
    evidence: tuple[Evidence, ...]


def easy_vdot(
    runs: pd.DataFrame, athlete: Athlete | None, trend: FitnessTrend
) -> tuple[pd.Series, pd.Series]:
    """The VDOT in force for each run and where it comes from ("given" or "fitness trend")."""
    weeks = trend.weekly["vdot"].dropna()
    before = runs["local_date"] - pd.Timedelta(days=7)
    monday = before - pd.to_timedelta(before.dt.day_of_week, unit="D")
    position = weeks.index.searchsorted(monday, side="right") - 1
    known = np.r_[np.nan, weeks.to_numpy()]  # position -1: no week before the run
    from_trend = known[position + 1]
    vdot = pd.Series(from_trend, index=runs.index)
    source = pd.Series("fitness trend", index=runs.index, dtype=object)
    if athlete is not None:
        given = {}
        for day in runs["local_date"].drop_duplicates():
            p = athlete.at(day)
            if p.vdot is not None and not p.is_estimate("vdot"):
                given[day] = p.vdot
        mapped = runs["local_date"].map(given).astype(float)
        vdot = mapped.fillna(vdot)
        source = source.where(mapped.isna(), "given")
    return vdot, source


def easy_discipline(
    history: Source,
    *,
    athlete: Athlete | None = None,
    labels: tuple[str, ...] = EASY_INTENT_LABELS,
    tolerance: float = 0.0,
    hr_ceiling: float = HR_CEILING,
    trend: FitnessTrend | None = None,
) -> EasyDiscipline:
    """Each easy-intent run's pace and heart rate against the easy range (see the module).

    ``history`` is a History-like object or its activities frame; ``athlete``
    defaults to the History's; ``trend`` to :func:`fitness_trend` of the history.
    Columns of ``runs``: ``date``, ``label``, ``speed_mps``, ``vdot``,
    ``vdot_source``, ``easy_min_mps``, ``easy_max_mps``, ``pace_margin_pct``
    (speed over the top of the range, %), ``too_fast``, ``avg_hr_bpm``,
    ``hr_ceiling_bpm``, ``hr_too_high`` (NaN/False where unknown).
    """
    athlete = athlete_of(history, athlete)
    trend = trend if trend is not None else fitness_trend(history, athlete=athlete)
    runs = runs_of(history, "distance_m", "moving_s", "label")
    runs = runs[runs["label"].isin(labels)]
    vdot, source = easy_vdot(runs, athlete, trend)
    speed = run_speed(runs)
    low = pd.Series(speed_at_vo2(EASY_FRACTIONS[0] * vdot.to_numpy()), index=runs.index)
    high = pd.Series(speed_at_vo2(EASY_FRACTIONS[1] * vdot.to_numpy()), index=runs.index)
    hr = runs.get("avg_heart_rate_bpm", pd.Series(np.nan, index=runs.index)).astype(float)
    hr_max = _hr_max(runs, athlete)
    out = pd.DataFrame(
        {
            "date": runs["local_date"],
            "label": runs["label"],
            "speed_mps": speed,
            "vdot": vdot,
            "vdot_source": source,
            "easy_min_mps": low,
            "easy_max_mps": high,
            "pace_margin_pct": 100 * (speed / high - 1.0),
            "too_fast": speed > high * (1.0 + tolerance),
            "avg_hr_bpm": hr,
            "hr_ceiling_bpm": hr_ceiling * hr_max,
            "hr_too_high": hr > hr_ceiling * hr_max,
        }
    )
    judged = out[out["vdot"].notna()]
    with_hr = out[out["hr_ceiling_bpm"].notna() & out["avg_hr_bpm"].notna()]
    share = float(judged["too_fast"].mean()) if len(judged) else float("nan")
    share_hr = float(with_hr["hr_too_high"].mean()) if len(with_hr) else float("nan")
    month = judged["date"].dt.to_period("M")
    monthly = pd.DataFrame(
        {
            "runs": judged.groupby(month).size(),
            "share_too_fast": judged.groupby(month)["too_fast"].mean(),
            "median_margin_pct": judged.groupby(month)["pace_margin_pct"].median(),
        }
    )
    evidence = (
        Evidence(
            "share_too_fast",
            round(share, 3),
            "",
            f"{share:.0%} of {len(judged)} easy, recovery, long and steady runs were faster than "
            f"the top of the easy range (Daniels E, {EASY_FRACTIONS[1]:.0%} of VDOT); median "
            f"margin {judged['pace_margin_pct'].median():+.1f} %",
        ),
        Evidence(
            "share_hr_too_high",
            round(share_hr, 3),
            "",
            f"{share_hr:.0%} of {len(with_hr)} had an average heart rate above "
            f"{hr_ceiling:.0%} of HRmax",
        ),
    )
    return EasyDiscipline(out, share, share_hr, monthly, evidence)


def _hr_max(runs: pd.DataFrame, athlete: Athlete | None) -> pd.Series:
    if athlete is None:
        return pd.Series(np.nan, index=runs.index)
    values = {d: athlete.at(d).hr_max for d in runs["local_date"].drop_duplicates()}
    return runs["local_date"].map(values).astype(float)
