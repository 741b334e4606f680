"""Races across a history: the runs labelled race, with their VDOT, and what the titles add.

The data decides, the log's title and workout type add evidence: a **race
effort** is a run whose race-equivalent VDOT is at least the heart-rate VDOT
of the week before (the fitness trend without its race calibration, which the
races set) minus ``EFFORT_MARGIN`` (2; :mod:`runlytics.history.fitness`).

* labelled race (:func:`runlytics.classify_run`) and titled as a race: a race,
  unless its VDOT is more than 5 below the heart-rate fitness of those weeks
  (a hard-feeling easy run); the title raises the label's confidence by 0.25
  (to at most 0.95);
* labelled race, default title ("Morning Run" says nothing): a race when it
  was a race effort (an easy run after a break can feel, and look, hard);
* titled as a race, labelled otherwise (an evenly run race looks like a tempo
  run): a race when it was a race effort, confidence 0.6;
* otherwise listed with ``is_race`` False and its label: a title alone never
  makes a race.

VDOT: Daniels-Gilbert over the standard race distance within 3 % of the
recorded one, in the elapsed time (:func:`runlytics.history.markers.race_vdots`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.markers import race_vdots
from runlytics.history.protocol import Source, athlete_of, runs_of

#: Words and patterns of a race title (case-insensitive).
RACE_TITLE = re.compile(
    r"\b(?:race|marathon|half|parkrun|championships?|relay|ultra|trot|cross[- ]?country|xc"
    r"|time trial|\d+(?:\.\d+)?\s?(?:k|km|mi|miles?|miler))\b",
    re.IGNORECASE,
)
#: Strava's workout type of a race run (API ``workout_type`` 1) and the words logs use.
RACE_WORKOUT_TYPES = frozenset({"race", "1", "1.0", "wettkampf", "course"})
TITLE_BONUS = 0.25
EFFORT_MARGIN = 2.0
CONFIRMED_CONFIDENCE = 0.6
MAX_CONFIDENCE = 0.95

RACE_COLUMNS = (
    "date",
    "name",
    "label",
    "distance_m",
    "time_s",
    "vdot",
    "over",
    "title_says_race",
    "is_race",
    "confidence",
    "evidence",
)


def title_says_race(runs: pd.DataFrame) -> pd.Series:
    """Whether each run's title or workout type names a race."""
    says = pd.Series(False, index=runs.index)
    if "name" in runs.columns:
        says |= runs["name"].astype("string").str.contains(RACE_TITLE).fillna(False).astype(bool)
    if "workout_type" in runs.columns:
        kind = runs["workout_type"].astype("string").str.strip().str.lower()
        says |= kind.isin(list(RACE_WORKOUT_TYPES)).fillna(False).astype(bool)
    return says


def find_races(
    history: Source, *, athlete: Athlete | None = None, trend: FitnessTrend | None = None
) -> pd.DataFrame:
    """The races of a history and the runs titled as races (columns :data:`RACE_COLUMNS`).

    Index ``activity_id``. ``is_race`` is the verdict, ``confidence`` the
    label's confidence with the title's evidence, ``evidence`` the reasons.
    """
    runs = runs_of(history, "distance_m", "moving_s", "label")
    athlete = athlete_of(history, athlete)
    titled = title_says_race(runs)
    labelled = runs["label"] == "race"
    candidates = runs[labelled | titled]
    if candidates.empty:
        return pd.DataFrame(columns=list(RACE_COLUMNS), index=pd.Index([], name="activity_id"))
    trend = trend if trend is not None else fitness_trend(history, athlete=athlete)
    doubted = trend.markers[
        (trend.markers["marker"] == "vdot_race") & (trend.markers["quality"] == "poor")
    ]
    timed = race_vdots(candidates)
    confidence = candidates.get("label_confidence", pd.Series(np.nan, index=candidates.index))
    rows = []
    conf_of = confidence.astype(float).to_dict()
    labelled_of, titled_of = labelled.to_dict(), titled.to_dict()
    doubted_ids = set(doubted["activity_id"].tolist())
    # the heart-rate fitness before the race calibration, which the races themselves set
    weeks = (trend.weekly["vdot"] - trend.offset).dropna()
    before = candidates["local_date"] - pd.Timedelta(days=7)
    position = weeks.index.searchsorted(
        before - pd.to_timedelta(before.dt.day_of_week, unit="D"), "right"
    )
    fitness_of = dict(
        zip(candidates.index.tolist(), np.r_[np.nan, weeks.to_numpy()][position], strict=True)
    )
    for activity_id in candidates.index.tolist():
        run = candidates.loc[activity_id]
        is_labelled, says = bool(labelled_of[activity_id]), bool(titled_of[activity_id])
        doubt = activity_id in doubted_ids
        fitness = float(fitness_of[activity_id])
        t = timed.loc[activity_id]
        effort = float(t["vdot"]) >= fitness - EFFORT_MARGIN  # NaN fitness: unconfirmed
        evidence = [
            Evidence(
                "vdot",
                round(float(t["vdot"]), 2),
                "ml/kg/min",
                f"{t['over']} in {t['time_s'] / 60:.1f} min: VDOT {t['vdot']:.1f}",
            ),
            Evidence(
                "label",
                str(run["label"]),
                "",
                f"the classifier labelled it {run['label']}"
                + (f" ({conf_of[activity_id]:.2f})" if np.isfinite(conf_of[activity_id]) else ""),
            ),
        ]
        if says:
            evidence.append(
                Evidence("title", str(run.get("name", "")), "", f"titled {run.get('name', '')!r}")
            )
        if effort and not (is_labelled and says):
            evidence.append(
                Evidence(
                    "race_effort",
                    round(float(t["vdot"]) - fitness, 2),
                    "ml/kg/min",
                    f"run at race effort: VDOT {t['vdot']:.1f} against {fitness:.1f} "
                    "the week before",
                )
            )
        if doubt:
            evidence.append(
                Evidence("doubt", "fitness", "", "far below the heart-rate fitness of those weeks")
            )
        conf = float(conf_of[activity_id])
        if is_labelled and says:
            conf = min(MAX_CONFIDENCE, conf + TITLE_BONUS)
        elif says and effort:
            conf = CONFIRMED_CONFIDENCE
        rows.append(
            {
                "activity_id": activity_id,
                "date": run["local_date"],
                "name": run.get("name"),
                "label": run["label"],
                "distance_m": float(t["distance_m"]),
                "time_s": float(t["time_s"]),
                "vdot": float(t["vdot"]),
                "over": t["over"],
                "title_says_race": says,
                "is_race": (is_labelled and says and not doubt)
                or ((is_labelled or says) and effort),
                "confidence": conf,
                "evidence": tuple(evidence),
            }
        )
    return pd.DataFrame(rows).set_index("activity_id")[list(RACE_COLUMNS)]
