"""Training phases week by week: base, build, peak, taper, race, recovery, layoff.

Each calendar week (Monday, local days) gets one phase and the reason, decided
in this order (a week keeps the first that applies):

1. **layoff**: at least 4 of its days inside a break of :func:`detect_layoffs`;
2. **race**: it holds a race (:func:`find_races`, ``is_race``);
3. **taper**: up to ``TAPER_WEEKS`` weeks right before a race week (3 before a
   marathon or longer, 2 before a race from 15 km, 1 before a shorter one)
   whose distance is under 90 % of the block's reference (the highest
   weekly distance of the 4 weeks before those candidates), counted back
   from the race while that holds (Mujika I., Padilla S. 2003, *Med Sci
   Sports Exerc* 35:1182: tapers of 1-3 weeks, volume cut 40-60 %);
4. **recovery**: the weeks after a race under 80 % of the reference before
   it, up to 4 after a race from 15 km (1 after a shorter one), until training
   resumes (from the second week, a week of 1.5 times the distance before);
5. **peak**: the week of highest load among the 3 weeks before a taper
   (or before the race week without a taper), when the block before it was
   a build;
6. **build** or **base** for the other weeks: **build** with 2 or more hard
   sessions (tempo, intervals, progression, fartlek, race, unstructured
   speedwork) or at least 15 % of the running time in them, **base** with
   mostly easy running; a single week different from both neighbours takes
   their phase (a busy or an easy week does not make a phase).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.history.layoffs import detect_layoffs
from runlytics.history.protocol import Source, athlete_of, runs_of
from runlytics.history.races import find_races
from runlytics.history.weeks import HARD_LABELS, monday, weekly_training

TAPER_SHARE = 0.9
RECOVERY_SHARE = 0.8
HARD_SESSIONS = 2
HARD_TIME_SHARE = 0.15
LONG_RACE_M = 15000.0
RECOVERY_WEEKS = 4
RESUMED = 1.5
MARATHON_M = 30000.0

PHASE_COLUMNS = ("phase", "reason", "distance_m", "load", "runs", "hard", "longest_m")


def detect_phases(
    history: Source, *, athlete: Athlete | None = None, load: str = "trimp"
) -> pd.DataFrame:
    """One row per calendar week (index ``week``, the Monday): ``phase``, ``reason``
    and the figures it rests on (``distance_m``, ``load``, ``runs``, ``hard``,
    ``longest_m``). See the module docstring for the rules."""
    runs = runs_of(history, "distance_m", "moving_s", "label")
    athlete = athlete_of(history, athlete)
    table = weekly_training(runs, load=load)
    n = len(table)
    distance = table["distance_m"].to_numpy(float)
    phase = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)

    weeks = list(table.index)
    layoffs = detect_layoffs(history, load=load)
    for start, end, length in zip(
        layoffs["start"].tolist(), layoffs["end"].tolist(), layoffs["days"].tolist(), strict=True
    ):
        days = pd.date_range(start, end - pd.Timedelta(days=1))
        per_week = pd.Series(1, index=monday(days)).groupby(level=0).sum()
        for week, count in zip(per_week.index.tolist(), per_week.tolist(), strict=True):
            if count >= 4 and week in weeks:
                k = weeks.index(week)
                phase[k], reason[k] = "layoff", f"{count} days of a {length}-day break"

    races = find_races(history, athlete=athlete)
    races = races[races["is_race"]]
    race_weeks: dict[int, float] = {}
    race_mondays = monday(pd.DatetimeIndex(races["date"])).tolist()
    for week, name, over, time_s, race_m in zip(
        race_mondays,
        races["name"].tolist(),
        races["over"].tolist(),
        races["time_s"].tolist(),
        races["distance_m"].tolist(),
        strict=True,
    ):
        k = weeks.index(week)
        if phase[k] == "":
            phase[k], reason[k] = "race", f"{name}: {over} in {time_s / 60:.0f} min"
        race_weeks[k] = max(race_weeks.get(k, 0.0), float(race_m))

    for k, race_m in sorted(race_weeks.items()):
        _taper(phase, reason, distance, k, race_m)
        _recovery(phase, reason, distance, k, race_m)
    for k in sorted(race_weeks):
        _peak(phase, reason, table, k)

    time_hard = table[[f"time_{lab}" for lab in sorted(HARD_LABELS)]].sum(axis=1)
    share = (time_hard / table["moving_s"].where(table["moving_s"] > 0)).fillna(0.0).to_numpy()
    hard = table["hard"].to_numpy()
    built = (hard >= HARD_SESSIONS) | (share >= HARD_TIME_SHARE)
    free = phase == ""
    kind = np.where(built, "build", "base")
    smooth = kind.copy()
    for k in range(1, n - 1):
        if free[k - 1] and free[k + 1] and kind[k - 1] == kind[k + 1] != kind[k]:
            smooth[k] = kind[k - 1]
    for k in np.flatnonzero(free).tolist():
        phase[k] = smooth[k]
        reason[k] = f"{hard[k]} hard sessions, {share[k]:.0%} of the time hard" + (
            "" if smooth[k] == kind[k] else f" (one {kind[k]} week between {smooth[k]} weeks)"
        )
    out = table[["distance_m", "load", "runs", "hard", "longest_m"]].copy()
    out.insert(0, "reason", reason)
    out.insert(0, "phase", phase)
    return out[list(PHASE_COLUMNS)]


def _reference(distance: np.ndarray, end: int, weeks: int = 4) -> float:
    """Highest weekly distance of the ``weeks`` weeks before week ``end``."""
    window = distance[max(0, end - weeks) : end]
    return float(window.max()) if window.size else float("nan")


def _taper(
    phase: np.ndarray, reason: np.ndarray, distance: np.ndarray, race: int, race_m: float
) -> None:
    longest = 3 if race_m >= MARATHON_M else 2 if race_m >= LONG_RACE_M else 1
    ref = _reference(distance, race - longest)
    for k in range(race - 1, max(race - longest, 0) - 1, -1):
        if phase[k] != "" or not distance[k] < TAPER_SHARE * ref:
            break
        phase[k] = "taper"
        reason[k] = f"{distance[k] / 1000:.0f} km, {distance[k] / ref:.0%} of the block's top week"


def _recovery(
    phase: np.ndarray,
    reason: np.ndarray,
    distance: np.ndarray,
    race: int,
    race_m: float,
) -> None:
    ref = _reference(distance, race)
    longest = RECOVERY_WEEKS if race_m >= LONG_RACE_M else 1
    for k in range(race + 1, min(race + 1 + longest, len(phase))):
        if phase[k] != "" or not distance[k] < RECOVERY_SHARE * ref:
            break
        if k > race + 1 and distance[k] >= RESUMED * distance[k - 1]:
            break  # back to training
        phase[k] = "recovery"
        reason[k] = f"{distance[k] / 1000:.0f} km after the race, {distance[k] / ref:.0%} of before"


def _peak(phase: np.ndarray, reason: np.ndarray, table: pd.DataFrame, race: int) -> None:
    first = race
    while first > 0 and phase[first - 1] == "taper":
        first -= 1
    window = range(max(first - 3, 0), first)
    candidates = [k for k in window if phase[k] == ""]
    if not candidates:
        return
    loads = table["load"].to_numpy(float)
    k = max(candidates, key=lambda i: loads[i])
    hard_block = table["hard"].to_numpy()[max(first - 6, 0) : first].mean() >= 1.0
    if hard_block:
        phase[k] = "peak"
        reason[k] = f"highest load ({loads[k]:.0f}) of the 3 weeks before the taper"
