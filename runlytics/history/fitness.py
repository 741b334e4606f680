"""Fitness over a history: weekly trend of the per-run markers with an uncertainty band.

:func:`fitness_trend` turns the markers of :mod:`runlytics.history.markers` into
one row per calendar week (Monday, local days):

* ``vdot`` (ml/kg/min): the mean of the good ``vdot_hr`` markers of the
  ``window_days`` (28) days ending on the week's Sunday, plus the race
  calibration; ``vdot_low`` / ``vdot_high`` the 95 % confidence interval of
  that mean (Student t, ``sd / sqrt(n)``), ``vdot_n`` the number of runs in it.
  Fewer than ``min_runs`` (6) good runs: ``vdot_quality`` "few" (value kept,
  not to be trusted), none: "none" (NaN).
* Calibration: heart-rate VDOT is biased per athlete (HRmax and resting HR
  errors, the athlete's economy). Runalyze corrects its heart-rate VO2max with a
  factor from the athlete's races; here the offset is the median over races of
  ``race VDOT - uncalibrated trend of the 28 days before the race``, added to
  every week (``FitnessTrend.offset``; 0 without a race). A race more than
  ``RACE_DOUBT`` (5) VDOT below the mean heart-rate VDOT of the 28 days on
  either side is not taken as a race effort (quality "poor", not
  used): the classifier can call a hard-feeling easy run a race.
* ``ef``, ``ef_low``, ``ef_high``, ``ef_n``: the same for the efficiency factor
  of easy runs (m per beat).
* ``race_vdot``: the best good race VDOT of the week (NaN without a race).
* ``effort_vdot``: the highest best-effort VDOT of the ``window_days``
  (submaximal in training: a lower bound, not a fitness estimate).
* ``cs_mps``, ``cs_d_prime_m``, ``cs_r2``, ``cs_n``: critical speed
  (:func:`runlytics.critical_speed`) fitted each week on the best
  grade-adjusted efforts of 2 to 15 minutes of the 6 weeks ending on its
  Sunday (the best of each standard effort; GoldenCheetah fits weekly on
  6-week bests), when the best-efforts frame is known. Training efforts are
  rarely maximal: a lower bound, NaN where the fit fails (fewer than two
  durations, or longer efforts not slower).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.history.markers import fitness_markers
from runlytics.history.protocol import Source, best_efforts_of, runs_of
from runlytics.metrics.critical_speed import critical_speed

WINDOW_DAYS = 28
CS_DAYS = 42
CS_WINDOW_S = (120.0, 900.0)
MIN_RUNS = 6
RACE_DOUBT = 5.0
#: The current VDOT is the trend's of the last good week within this many weeks, else of its last
#: week with a value within them (fewer markers, but after a break the old value is stale).
CURRENT_WEEKS = 4


@dataclass(frozen=True)
class FitnessTrend:
    """Weekly fitness (``weekly``), every marker (``markers``), the race ``offset`` and why."""

    weekly: pd.DataFrame
    markers: pd.DataFrame
    offset: float
    evidence: tuple[Evidence, ...]

    def current(self, as_of: str | pd.Timestamp) -> pd.Series | None:
        """The week whose VDOT is current on ``as_of`` (see :data:`CURRENT_WEEKS`); ``None``
        if no week has a VDOT. Before the recent weeks, the last good week, else the last one."""
        day = pd.Timestamp(as_of).normalize()
        weekly = self.weekly[self.weekly["vdot"].notna() & (self.weekly.index <= day)]
        recent = weekly[weekly.index > day - pd.Timedelta(weeks=CURRENT_WEEKS)]
        good = weekly["vdot_quality"] == "good"
        for rows in (recent[good.loc[recent.index]], recent, weekly[good], weekly):
            if len(rows):
                return rows.iloc[-1]
        return None

    def at(self, date: str | pd.Timestamp) -> pd.Series:
        """The week containing ``date`` (the last week for a later date)."""
        day = pd.Timestamp(date).normalize()
        monday = day - pd.Timedelta(days=day.day_of_week)
        return self.weekly.loc[min(monday, self.weekly.index[-1])]


def rolling_mean_ci(values: pd.Series, days: pd.DatetimeIndex, window_days: int) -> pd.DataFrame:
    """Mean, 95 % interval and count of ``values`` (indexed by date) over trailing windows.

    One row per day of ``days``; the window is the ``window_days`` days ending on it.
    """
    index = pd.date_range(days.min() - pd.Timedelta(days=window_days), days.max(), freq="D")
    grouped = values.groupby(values.index)
    sums = pd.DataFrame(
        {"s": grouped.sum(), "ss": (values**2).groupby(values.index).sum(), "n": grouped.size()}
    ).reindex(index, fill_value=0.0)
    rolled = sums.rolling(window_days, min_periods=1).sum().reindex(days)
    n = rolled["n"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = rolled["s"].to_numpy() / n
        var = (rolled["ss"].to_numpy() - n * mean**2) / (n - 1)
        from scipy import stats  # lazy: keeps `import runlytics` fast
        half = stats.t.ppf(0.975, np.maximum(n - 1, 1)) * np.sqrt(np.maximum(var, 0.0) / n)
    half = np.where(n >= 2, half, np.nan)
    return pd.DataFrame(
        {"mean": mean, "low": mean - half, "high": mean + half, "n": n.astype(int)}, index=days
    )


def fitness_trend(
    history: Source,
    *,
    athlete: Athlete | None = None,
    best_efforts: pd.DataFrame | None = None,
    window_days: int = WINDOW_DAYS,
    min_runs: int = MIN_RUNS,
) -> FitnessTrend:
    """Weekly VDOT and efficiency-factor trend with 95 % bands (see the module docstring).

    ``history``: a History-like object or its activities frame; ``athlete`` (its
    HRmax and resting HR give the heart-rate VDOT) and ``best_efforts`` default
    to the History's own.
    """
    runs = runs_of(history, "distance_m", "moving_s", "label")
    markers = fitness_markers(history, athlete=athlete, best_efforts=best_efforts)
    first, last = runs["local_date"].min(), runs["local_date"].max()
    mondays = pd.date_range(first - pd.Timedelta(days=first.day_of_week), last, freq="7D")
    sundays = pd.DatetimeIndex(mondays + pd.Timedelta(days=6))
    good = markers[markers["quality"] == "good"]

    def series(marker: str) -> pd.Series:
        m = good[good["marker"] == marker]
        return pd.Series(m["value"].to_numpy(), index=pd.DatetimeIndex(m["date"]))

    hr = rolling_mean_ci(series("vdot_hr"), sundays, window_days)
    markers, offset, evidence = _calibrate(markers, series("vdot_hr"), window_days, min_runs)
    ef = rolling_mean_ci(series("ef"), sundays, window_days)
    weekly = pd.DataFrame(index=pd.DatetimeIndex(mondays, name="week"))
    weekly["vdot"] = hr["mean"].to_numpy() + offset
    weekly["vdot_low"] = hr["low"].to_numpy() + offset
    weekly["vdot_high"] = hr["high"].to_numpy() + offset
    weekly["vdot_n"] = hr["n"].to_numpy()
    weekly["vdot_quality"] = np.select([hr["n"] >= min_runs, hr["n"] > 0], ["good", "few"], "none")
    weekly["ef"], weekly["ef_low"] = ef["mean"].to_numpy(), ef["low"].to_numpy()
    weekly["ef_high"], weekly["ef_n"] = ef["high"].to_numpy(), ef["n"].to_numpy()
    weekly["race_vdot"] = _weekly_max(markers, "vdot_race", "good", mondays, 7)
    weekly["effort_vdot"] = _weekly_max(markers, "vdot_effort", None, mondays, window_days)
    efforts = best_efforts_of(history, best_efforts)
    cs = _weekly_cs(efforts, runs, sundays) if efforts is not None else None
    for column in ("cs_mps", "cs_d_prime_m", "cs_r2", "cs_n"):
        weekly[column] = np.nan if cs is None else cs[column].to_numpy()
    return FitnessTrend(weekly, markers, offset, evidence)


def _weekly_cs(
    efforts: pd.DataFrame, runs: pd.DataFrame, sundays: pd.DatetimeIndex
) -> pd.DataFrame:
    """Critical speed per week from the best 2-15 min grade-adjusted efforts of 6 weeks."""
    e = efforts[efforts["activity_id"].isin(runs.index)]
    e = e[e["gap_time_s"].between(CS_WINDOW_S[0], CS_WINDOW_S[1]) & (e["gap_distance_m"] > 0)]
    day = runs["local_date"].reindex(e["activity_id"]).to_numpy()
    e = e.assign(day=day, speed=e["gap_distance_m"] / e["gap_time_s"])
    rows = []
    for sunday in sundays:
        recent = e[(e["day"] > sunday - pd.Timedelta(days=CS_DAYS)) & (e["day"] <= sunday)]
        best = recent.sort_values("speed").drop_duplicates("effort", keep="last")
        rows.append(
            _fit(best["gap_distance_m"].to_numpy(float), best["gap_time_s"].to_numpy(float))
        )
    return pd.DataFrame(rows, columns=["cs_mps", "cs_d_prime_m", "cs_r2", "cs_n"])


def _fit(distances: np.ndarray, times: np.ndarray) -> tuple[float, float, float, float]:
    if len(np.unique(np.round(times))) < 2:
        return (np.nan, np.nan, np.nan, float(len(times)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = critical_speed(distances, times)
    except ValueError:
        return (np.nan, np.nan, np.nan, float(len(times)))
    return (fit.cs_mps, fit.d_prime_m, fit.r2, float(fit.n))


def _weekly_max(
    markers: pd.DataFrame, marker: str, quality: str | None, mondays: pd.DatetimeIndex, days: int
) -> np.ndarray:
    m = markers[markers["marker"] == marker]
    if quality is not None:
        m = m[m["quality"] == quality]
    daily = m.groupby("date")["value"].max()
    index = pd.date_range(mondays[0] - pd.Timedelta(days=days), mondays[-1] + pd.Timedelta(days=6))
    rolled = daily.reindex(index).rolling(days, min_periods=1).max()
    return rolled.reindex(mondays + pd.Timedelta(days=6)).to_numpy()


def _calibrate(
    markers: pd.DataFrame, hr: pd.Series, window_days: int, min_runs: int
) -> tuple[pd.DataFrame, float, tuple[Evidence, ...]]:
    """Race offset of the heart-rate VDOT; races far below it marked poor."""
    is_race = (markers["marker"] == "vdot_race").to_numpy()
    races = markers[is_race]
    if races.empty:
        text = "no race in the history: heart-rate VDOT not calibrated (offset 0)"
        return markers, 0.0, (Evidence("vdot_offset", 0.0, "ml/kg/min", text),)
    before = rolling_mean_ci(
        hr, pd.DatetimeIndex(races["date"] - pd.Timedelta(days=1)), window_days
    )
    # weeks on both sides: a race after a break has no steady runs before it
    around = rolling_mean_ci(
        hr, pd.DatetimeIndex(races["date"] + pd.Timedelta(days=window_days)), 2 * window_days
    )
    doubt = races["value"].to_numpy() < around["mean"].to_numpy() - RACE_DOUBT
    markers = markers.copy()
    rows = np.flatnonzero(is_race)[doubt]
    markers.loc[markers.index[rows], "quality"] = "poor"
    markers.loc[markers.index[rows], "reason"] = (
        f"more than {RACE_DOUBT:g} below the heart-rate fitness of the weeks before: "
        "not run as a race"
    )
    usable = ~doubt & (before["n"].to_numpy() >= min_runs)
    diffs = races["value"].to_numpy()[usable] - before["mean"].to_numpy()[usable]
    if diffs.size == 0:
        text = "no race with enough steady runs before it: heart-rate VDOT not calibrated"
        return markers, 0.0, (Evidence("vdot_offset", 0.0, "ml/kg/min", text),)
    offset = float(np.median(diffs))
    text = (
        f"heart-rate VDOT shifted by {offset:+.1f} to match {diffs.size} race(s) "
        f"(race minus heart-rate VDOT: {', '.join(f'{d:+.1f}' for d in diffs)})"
    )
    return markers, offset, (Evidence("vdot_offset", round(offset, 2), "ml/kg/min", text),)
