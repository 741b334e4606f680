"""Athlete parameters estimated from runs: VDOT, HRmax, threshold HR and speed from best efforts.

:func:`estimate_athlete` puts them together into an :class:`~runlytics.athlete.Athlete`
from a history of activities: each run gives its :func:`run_stats_of`, and
:func:`athlete_from_run_stats` makes the athlete from those per-run numbers (the export
loader calls it with the numbers it cached, without a second analysis). Each value is an
:class:`~runlytics.athlete.Estimate` with its source and date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.best_efforts import best_efforts_of
from runlytics.analysis.plausibility import running_implausibility
from runlytics.analysis.prepare import ensure_prepared
from runlytics.athlete import CREDIBLE_HR_BPM, Athlete, Estimate, local_date
from runlytics.metrics.vdot import THRESHOLD_FRACTION, speed_at_vo2, vdot_from_race


def _credible_hr(records: pd.DataFrame) -> pd.Series:
    hr = records["heart_rate_bpm"]
    lo, hi = CREDIBLE_HR_BPM
    return hr.where((hr >= lo) & (hr <= hi))


def estimate_hr_max(activities: Iterable[Activity], *, window_s: int = 10) -> Estimate:
    """Highest credible HR: the highest ``window_s``-second centred median HR in the activities.

    The median ignores brief spikes (strap static, optical cadence lock);
    values outside :data:`CREDIBLE_HR_BPM` are dropped. It is a floor of the
    true HRmax unless one of the activities was a maximal effort.
    """
    best, best_day, count = -np.inf, None, 0
    for activity in activities:
        peak = hr_peak(activity, window_s)
        count += 1
        if np.isfinite(peak) and peak > best:
            best, best_day = float(peak), local_date(activity)
    if best_day is None:
        raise ValueError("no activity with heart rate to estimate HRmax from")
    return Estimate(
        best,
        f"highest {window_s}-s median HR in {count} activities (a floor of HRmax)",
        best_day,
    )


def hr_peak(activity: Activity, window_s: int = 10) -> float:
    """The highest ``window_s``-second centred median of credible HR; NaN without one."""
    records = ensure_prepared(activity).records
    sustained = _credible_hr(records).rolling(window_s, center=True, min_periods=window_s)
    return float(sustained.median().max())


@dataclass(frozen=True)
class BestEffort:
    """The fastest window of ``duration_s`` in an activity, by mean grade-adjusted speed.

    ``hr_bpm`` is the mean HR over the window's last two thirds (the last 20 min
    of a 30-min effort, as in Friel's threshold test), NaN if HR covers less
    than 80 % of it.
    """

    start: pd.Timestamp
    duration_s: float
    gap_speed_mps: float
    hr_bpm: float


def best_effort(activity: Activity, duration_s: float = 1800.0) -> BestEffort | None:
    """The fastest ``duration_s`` window (elapsed; stops count as 0 m/s); ``None`` if too short."""
    records = ensure_prepared(activity).records
    n = round(duration_s)
    if len(records) <= n:
        return None
    w = interval_seconds(records)
    moving = records["moving"].to_numpy()
    speed = np.where(moving, np.nan_to_num(records["gap_speed_mps"].to_numpy()), 0.0) * w
    total = np.concatenate(([0.0], np.cumsum(speed)))
    window = total[n + 1 :] - total[1:-n]  # rows i+1..i+n: the n seconds after row i
    i = int(np.argmax(window))
    tail = _credible_hr(records).to_numpy()[i + 1 + n // 3 : i + n + 1]
    hr = float(np.nanmean(tail)) if np.isfinite(tail).mean() >= 0.8 else float("nan")
    return BestEffort(records.index[i], float(n), float(window[i] / n), hr)


def _best_efforts(
    activities: Iterable[Activity], duration_s: float
) -> list[tuple[BestEffort, pd.Timestamp]]:
    found = []
    for activity in activities:
        effort = best_effort(activity, duration_s)
        if effort is not None:
            found.append((effort, local_date(activity)))
    return found


def estimate_threshold_hr(
    activities: Iterable[Activity], *, duration_s: float = 1800.0
) -> Estimate:
    """Threshold HR from the fastest ``duration_s`` effort with HR (Friel's 30-min test rule).

    The mean HR over the last 20 of the 30 minutes of the fastest 30-min window
    (by grade-adjusted speed) among the activities. Only as good as that effort
    was hard: a training run gives a low estimate.
    """
    efforts = [(e, d) for e, d in _best_efforts(activities, duration_s) if np.isfinite(e.hr_bpm)]
    if not efforts:
        raise ValueError(f"no activity has {duration_s / 60:g} min with heart rate")
    effort, day = max(efforts, key=lambda ed: ed[0].gap_speed_mps)
    return Estimate(
        effort.hr_bpm,
        f"mean HR over the last 2/3 of the fastest {duration_s / 60:g}-min effort (Friel)",
        day,
    )


def estimate_threshold_speed(
    activities: Iterable[Activity], *, duration_s: float = 1800.0
) -> Estimate:
    """Threshold speed (m/s): mean grade-adjusted speed of the fastest ``duration_s`` effort.

    Friel's functional threshold pace is the pace of a 30-min solo time trial;
    a training run gives a low estimate.
    """
    efforts = _best_efforts(activities, duration_s)
    if not efforts:
        raise ValueError(f"no activity lasts {duration_s / 60:g} min")
    effort, day = max(efforts, key=lambda ed: ed[0].gap_speed_mps)
    return Estimate(
        effort.gap_speed_mps,
        f"mean grade-adjusted speed of the fastest {duration_s / 60:g}-min effort (Friel)",
        day,
    )


# --- the athlete from a history of runs ----------------------------------------------------------

#: Best efforts used for VDOT: standard distances and durations whose Daniels-Gilbert value
#: is meaningful (races of about 3.5 min to 4 h; the 400 m, 800 m and 2 min are sprints). The
#: durations count a race that GPS measured a little short of its distance.
VDOT_EFFORTS = (
    "1 mile", "3 km", "5 km", "10 km", "half marathon", "marathon",
    "5 min", "12 min", "20 min", "30 min", "60 min",
)  # fmt: skip
#: Efforts shorter than this (s) are left out: Daniels-Gilbert's equations hold from about
#: 3.5 min (the 1500 m).
MIN_EFFORT_S = 210.0
#: A run's VDOT more than this factor above the next best run's is an outlier (GPS glitch,
#: a ride in running mode) and is set aside.
VDOT_OUTLIER = 1.15
#: Races are compared with the efforts of this many days either side: a season, over which
#: fitness changes by a few per cent (longer histories must not judge a race by a later peak).
SEASON_DAYS = 120
#: Resting HR when the data hold none: a population value (Swain 1997 uses HRR; adults
#: rest at 50-80 bpm, trained runners lower), flagged as a default.
DEFAULT_HR_REST = 60.0


def is_running(activity: Activity) -> bool:
    """A running activity by its sport (running, trail, generic or unknown) and plausible data."""
    if not running_sport(activity.session.sport):
        return False
    return running_implausibility(ensure_prepared(activity)) is None


def running_sport(sport: object) -> bool:
    """Whether a sport name may be running: unknown, generic or naming a run (trail, treadmill)."""
    if not isinstance(sport, str):  # None, NaN: unknown
        return True
    name = sport.lower()
    return not name or "run" in name or name == "generic"


@dataclass(frozen=True)
class EffortCurve:
    """The history's best efforts: for each run and standard distance, its time and VDOT.

    ``time_s``, ``vdot``, ``run`` (the index of the run in the history) and
    ``day`` (its local date, days since 1970) are parallel arrays;
    :meth:`best_near` is the top of what the athlete showed for a duration.
    """

    time_s: NDArray[np.float64]
    vdot: NDArray[np.float64]
    run: NDArray[np.int64]
    day: NDArray[np.int64]

    def best_near(
        self,
        duration_s: float,
        ratio: float,
        exclude: int = -1,
        day: int | None = None,
        window_days: int = SEASON_DAYS,
    ) -> float:
        """Highest VDOT of an effort lasting ``duration_s`` within a factor ``ratio``
        (runs other than ``exclude``; within ``window_days`` of ``day`` if given); NaN
        if none."""
        near = (self.time_s >= duration_s / ratio) & (self.time_s <= duration_s * ratio)
        near &= self.run != exclude
        if day is not None:
            near &= np.abs(self.day - day) <= window_days
        return float(self.vdot[near].max()) if near.any() else float("nan")


def effort_curve(activities: Iterable[Activity]) -> EffortCurve:
    """The :class:`EffortCurve` of the running activities: their best efforts (raw speed,
    active time, :data:`VDOT_EFFORTS`) and each whole run."""
    times, vdots, runs, days = [], [], [], []
    for i, activity in enumerate(activities):
        if not is_running(activity):
            continue
        for seconds, vdot in _effort_vdots(activity):
            times.append(seconds)
            vdots.append(vdot)
            runs.append(i)
            days.append(day_number(activity))
    return EffortCurve(
        np.asarray(times, dtype="float64"),
        np.asarray(vdots, dtype="float64"),
        np.asarray(runs, dtype="int64"),
        np.asarray(days, dtype="int64"),
    )


def _effort_vdots(activity: Activity) -> list[tuple[float, float]]:
    """(time in s, VDOT) of the run's :data:`VDOT_EFFORTS` and of the whole run, from
    :data:`MIN_EFFORT_S`."""
    prepared = ensure_prepared(activity)
    efforts = best_efforts_of(prepared).loc[list(VDOT_EFFORTS), ["distance_m", "time_s"]]
    pairs = np.vstack([efforts.to_numpy(), [_whole_run(prepared.records)]])
    pairs = pairs[np.isfinite(pairs).all(axis=1) & (pairs[:, 1] >= MIN_EFFORT_S)]
    return [(float(t), vdot_from_race(float(m), float(t))) for m, t in pairs[pairs[:, 0] > 0]]


def day_number(activity: Activity) -> int:
    """The activity's local date as days since 1970-01-01."""
    return int(local_date(activity).value // (86_400 * 10**9))


def _whole_run(records: pd.DataFrame) -> tuple[float, float]:
    """Distance (m) and active time (s) of the whole run: a race is often the whole file."""
    known = records["distance_m"].dropna()
    active = float(np.sum(interval_seconds(records)[~records["paused"].to_numpy()]))
    return (float(known.max() - known.min()) if len(known) else float("nan")), active


# --- per-run stats, and the athlete from them ---------------------------------------------------

#: The columns of :func:`run_stats_of`: what :func:`athlete_from_run_stats` reads of each run,
#: besides ``local_date`` and ``sport``.
RUN_STAT_COLUMNS = (
    "vdot_best", "hr_peak_bpm", "effort_30min_gap_speed_mps", "effort_30min_hr_bpm",
    "running_plausible",
)  # fmt: skip
#: The duration (s) of the best effort giving threshold HR (Friel's 30-min test).
THRESHOLD_EFFORT_S = 1800.0


def run_stats_of(activity: Activity) -> dict[str, float | bool]:
    """The numbers :func:`athlete_from_run_stats` needs of one run (:data:`RUN_STAT_COLUMNS`).

    ``vdot_best``: the highest VDOT of its :data:`VDOT_EFFORTS` and whole run
    (NaN if none lasts :data:`MIN_EFFORT_S`); ``hr_peak_bpm``: :func:`hr_peak`;
    ``effort_30min_*``: its :func:`best_effort` of 30 min (NaN if shorter);
    ``running_plausible``: the data can be running (:func:`running_implausibility`).
    """
    prepared = ensure_prepared(activity)
    vdots = [v for _, v in _effort_vdots(prepared)]
    effort = best_effort(prepared, THRESHOLD_EFFORT_S)
    return {
        "vdot_best": max(vdots) if vdots else float("nan"),
        "hr_peak_bpm": hr_peak(prepared),
        "effort_30min_gap_speed_mps": float("nan") if effort is None else effort.gap_speed_mps,
        "effort_30min_hr_bpm": float("nan") if effort is None else effort.hr_bpm,
        "running_plausible": running_implausibility(prepared) is None,
    }


def estimate_athlete(activities: Iterable[Activity]) -> Athlete:
    """An :class:`~runlytics.athlete.Athlete` estimated from a history of activities.

    Only running activities count (:func:`is_running`); each gives its
    :func:`run_stats_of`, and :func:`athlete_from_run_stats` makes the athlete.
    Raises ``ValueError`` when no running activity is given.
    """
    rows = [
        {**run_stats_of(a), "local_date": local_date(a), "sport": a.session.sport}
        for a in activities
        if running_sport(a.session.sport)
    ]
    columns = [*RUN_STAT_COLUMNS, "local_date", "sport"]
    return athlete_from_run_stats(pd.DataFrame(rows, columns=columns))


def athlete_from_run_stats(stats: pd.DataFrame) -> Athlete:
    """An :class:`~runlytics.athlete.Athlete` from per-run stats, one row per activity.

    Columns: :data:`RUN_STAT_COLUMNS` (see :func:`run_stats_of`), ``local_date``
    and ``sport`` (rows of another sport, :func:`running_sport`, or not plausible
    as running are left out). Each value is an :class:`~runlytics.athlete.Estimate`
    saying where it comes from:

    * ``vdot``: the best Daniels-Gilbert VDOT of the runs' best efforts over
      1 mile to the marathon and 5 to 60 min (:data:`VDOT_EFFORTS`), an outlier more than
      :data:`VDOT_OUTLIER` above the next run set aside; a floor when no run was
      raced;
    * ``threshold_speed_mps``: Daniels T pace, 88 % of that VDOT;
    * ``hr_max``: the highest :func:`hr_peak` (a floor unless a run was maximal);
    * ``hr_threshold``: the mean HR over the last 20 min of the fastest 30-min effort
      with heart rate (Friel), as :func:`estimate_threshold_hr`;
    * ``hr_rest``: the files hold no resting heart rate: :data:`DEFAULT_HR_REST`,
      flagged as a population default.

    Raises ``ValueError`` when no row is a running activity.
    """
    running = stats["running_plausible"].astype(bool) & stats["sport"].map(running_sport)
    runs = stats[running.to_numpy(dtype=bool)].reset_index(drop=True)
    if runs.empty:
        raise ValueError("no running activity to estimate the athlete from")
    days = [pd.Timestamp(d).normalize() for d in runs["local_date"]]
    values: dict[str, Estimate] = {}
    vdot = _vdot_estimate(runs["vdot_best"].to_numpy(dtype="float64"), days)
    if vdot is not None:
        values["vdot"] = vdot
        speed = float(speed_at_vo2(THRESHOLD_FRACTION * vdot.value))
        source = f"Daniels T pace: {THRESHOLD_FRACTION:.0%} of VDOT {vdot.value:.1f}"
        values["threshold_speed_mps"] = Estimate(speed, source, vdot.date)
    peaks = runs["hr_peak_bpm"].to_numpy(dtype="float64")
    if np.isfinite(peaks).any():
        i = int(np.nanargmax(peaks))
        count = int(np.isfinite(peaks).sum())
        source = f"highest 10-s median HR in {count} activities (a floor of HRmax)"
        values["hr_max"] = Estimate(float(peaks[i]), source, days[i])
    hr = runs["effort_30min_hr_bpm"].to_numpy(dtype="float64")
    speed_30 = np.where(np.isfinite(hr), runs["effort_30min_gap_speed_mps"], np.nan)
    if np.isfinite(speed_30).any():
        i = int(np.nanargmax(speed_30))
        source = f"mean HR over the last 2/3 of the fastest {THRESHOLD_EFFORT_S / 60:g}-min effort"
        values["hr_threshold"] = Estimate(float(hr[i]), f"{source} (Friel)", days[i])
    rest = Estimate(
        DEFAULT_HR_REST, f"population default {DEFAULT_HR_REST:.0f} bpm: no resting HR in the data"
    )
    return Athlete(
        hr_max=values.get("hr_max"),
        hr_rest=rest,
        hr_threshold=values.get("hr_threshold"),
        threshold_speed_mps=values.get("threshold_speed_mps"),
        vdot=values.get("vdot"),
    )


def _vdot_estimate(vdots: NDArray[np.float64], days: list[pd.Timestamp]) -> Estimate | None:
    """The best run's VDOT, runs more than :data:`VDOT_OUTLIER` above the next set aside."""
    known = np.flatnonzero(np.isfinite(vdots))
    if not len(known):
        return None
    order = known[np.argsort(-vdots[known], kind="stable")]
    values = vdots[order]
    top = 0
    while top + 1 < len(values) and values[top] > VDOT_OUTLIER * values[top + 1]:
        top += 1
    set_aside = f", {top} higher outlier run(s) set aside" if top else ""
    source = (
        "best Daniels-Gilbert VDOT of the best efforts (1 mile to marathon, 5 to 60 min, whole "
        f"run) of {len(values)} runs{set_aside}; a floor if none was raced"
    )
    return Estimate(float(values[top]), source, days[int(order[top])])
