"""Figures of a whole history: volume by run type, PMC, fitness, easy runs, quality sessions, races.

Each ``plot_*`` function takes a :class:`~runlytics.History` (or the frame or
result it would compute from it: the activities frame, a daily load, a
:class:`~runlytics.FitnessTrend`, an :class:`~runlytics.EasyDiscipline`, ...)
and an optional ``ax``, draws on it (a new figure when ``None``) and returns
the Axes. The frames they draw are public too (:func:`weekly_volume_by_label`,
:func:`quality_sessions`, :func:`race_equivalents`), so a figure's numbers can
be read, not only seen. Pace axes are in min/km and inverted: faster is up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from runlytics.analysis.run import RunAnalysis
from runlytics.history.discipline import EasyDiscipline, easy_discipline
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.protocol import Source, daily_load_of, runs_of
from runlytics.history.weeks import monday
from runlytics.metrics.pmc import pmc
from runlytics.metrics.race import predict_race_time
from runlytics.metrics.vdot import race_time, training_paces
from runlytics.vocabulary import RUN_LABELS, format_pace, format_time

#: One colour per run label (easy running in greens and blues, hard running in warm colours).
LABEL_COLOURS: dict[str, str] = {
    "recovery": "#a6d96a",
    "easy": "#66bd63",
    "long": "#1a9850",
    "steady": "#fee08b",
    "tempo": "#fdae61",
    "intervals": "#d73027",
    "progression": "#f46d43",
    "fartlek": "#9e0142",
    "race": "#5e4fa2",
    "unstructured_speedwork": "#8c510a",
}
#: Labels of quality sessions (the runs whose reps :func:`quality_sessions` lists).
QUALITY_LABELS = ("tempo", "intervals", "progression", "fartlek", "unstructured_speedwork")
#: Standard race distances (m) of :func:`race_equivalents`.
RACE_DISTANCES: dict[str, float] = {
    "5K": 5000.0,
    "10K": 10000.0,
    "half marathon": 21097.5,
    "marathon": 42195.0,
}
_FAST, _OK = "#c62828", "#2e7d32"
#: Room above the data for the legend (a factor of the data's range).
HEADROOM = 1.3


class RunSource(Protocol):
    """A History: its activities and one run's full analysis."""

    @property
    def activities(self) -> pd.DataFrame: ...

    def run(self, activity_id: int) -> RunAnalysis: ...


def _axes(ax: Axes | None, size: tuple[float, float] = (10.0, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _pace_axis(ax: Axes, label: str = "pace (min/km)") -> None:
    """Format ``ax``'s y axis (seconds per km) as m:ss, faster up."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda s, _: format_pace(1000 / s, unit=False)))
    ax.set_ylabel(label)
    if not ax.yaxis_inverted():
        ax.invert_yaxis()


def _dates(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))


# --- weekly volume by run type -------------------------------------------------------------


def weekly_volume_by_label(history: Source) -> pd.DataFrame:
    """Kilometres per calendar week (index: Monday, every week) and run label (columns).

    Columns follow :data:`~runlytics.RUN_LABELS` (labels never run are left
    out); runs without a label are in ``"unlabelled"``.
    """
    runs = runs_of(history, "distance_m", "label")
    label = runs["label"].astype("string").fillna("unlabelled")
    km = (runs["distance_m"].astype(float) / 1000.0).fillna(0.0)
    table = km.groupby([monday(runs["local_date"]), label]).sum().unstack().fillna(0.0)
    if table.empty:
        return table
    weeks = pd.date_range(table.index.min(), table.index.max(), freq="7D", name="week")
    order = [c for c in (*RUN_LABELS, "unlabelled") if c in table.columns]
    return table.reindex(index=weeks, columns=order, fill_value=0.0)


def plot_weekly_volume(history: Source, ax: Axes | None = None) -> Axes:
    """Weekly kilometres as bars stacked by run label.

    ``history``: a History or activities frame, or the table of
    :func:`weekly_volume_by_label` itself.
    """
    if isinstance(history, pd.DataFrame) and "local_date" not in history.columns:
        table = history
    else:
        table = weekly_volume_by_label(history)
    ax = _axes(ax)
    bottom = np.zeros(len(table))
    for label in table.columns:
        values = table[label].to_numpy(float)
        ax.bar(table.index, values, width=6, bottom=bottom, align="edge", label=label,
               color=LABEL_COLOURS.get(str(label), "0.7"), lw=0)  # fmt: skip
        bottom += values
    ax.set_ylabel("km per week")
    ax.set_ylim(0, max(float(bottom.max(initial=0.0)), 1.0) * HEADROOM)
    ax.set_title("Weekly volume by run type")
    ax.legend(fontsize=7, ncol=5, loc="upper left", frameon=False)
    _dates(ax)
    return ax


# --- performance management chart ---------------------------------------------------------


def plot_pmc(history: Source | pd.Series, ax: Axes | None = None, *, metric: str = "trimp") -> Axes:
    """CTL (fitness), ATL (fatigue) and TSB (form, shaded) of :func:`runlytics.pmc`.

    ``history``: a History (its ``daily_load(metric)``: "trimp" by default, the
    load known whenever heart rate is, as :func:`runlytics.detect_layoffs`
    uses; "hrtss" needs the threshold heart rate), an activities frame, or a
    daily load Series itself.
    """
    daily = history if isinstance(history, pd.Series) else daily_load_of(history, metric)
    chart = pmc(daily)
    ax = _axes(ax)
    days = pd.DatetimeIndex(chart.index)
    if days.tz is not None:
        days = days.tz_localize(None)
    ax.plot(days, chart["ctl"], color="#1565c0", lw=1.8, label="CTL (fitness, 42 d)")
    ax.plot(days, chart["atl"], color="#ef6c00", lw=0.9, alpha=0.8, label="ATL (fatigue, 7 d)")
    tsb = chart["tsb"].to_numpy(float)
    ax.fill_between(days, 0, tsb, where=tsb >= 0, color=_OK, alpha=0.25, lw=0, label="TSB > 0")
    ax.fill_between(days, 0, tsb, where=tsb < 0, color=_FAST, alpha=0.2, lw=0, label="TSB < 0")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set_ylabel(f"daily load ({daily.name or metric})")
    ax.set_title("Performance management chart")
    ax.legend(fontsize=7, ncol=4, loc="upper left", frameon=False)
    _dates(ax)
    return ax


# --- fitness trend --------------------------------------------------------------------------


def plot_fitness_trend(
    history: Source | FitnessTrend,
    ax: Axes | None = None,
    *,
    layoffs: pd.DataFrame | None = None,
) -> Axes:
    """Weekly VDOT with its 95 % band, the good race VDOTs as points, breaks shaded.

    The best-effort VDOT of the weeks (training efforts: a lower bound) is a thin
    grey step line where the trend has it.

    ``history``: a History or activities frame (its :func:`runlytics.fitness_trend`
    is computed), or a :class:`~runlytics.FitnessTrend`. ``layoffs``: the frame
    of :func:`runlytics.detect_layoffs` to shade (optional). Weeks with fewer
    runs than the trend trusts are drawn dotted.
    """
    trend = history if isinstance(history, FitnessTrend) else fitness_trend(history)
    ax = _axes(ax)
    w = trend.weekly
    weeks = pd.DatetimeIndex(w.index)
    good = (w["vdot_quality"] == "good").to_numpy()
    ax.fill_between(weeks, w["vdot_low"].to_numpy(float), w["vdot_high"].to_numpy(float),
                    where=good, color="#1565c0", alpha=0.2, lw=0, label="95 % band")  # fmt: skip
    ax.plot(weeks, w["vdot"].where(good), color="#1565c0", lw=1.8, label="VDOT (heart rate)")
    ax.plot(weeks, w["vdot"], color="#1565c0", lw=0.8, ls=":", label="_few runs")
    if "effort_vdot" in w and w["effort_vdot"].notna().any():
        ax.step(weeks, w["effort_vdot"], where="post", color="0.55", lw=0.8,
                label="best efforts (a lower bound)")  # fmt: skip
    races = trend.markers[
        (trend.markers["marker"] == "vdot_race") & (trend.markers["quality"] == "good")
    ]
    if len(races):
        ax.scatter(pd.DatetimeIndex(races["date"]), races["value"], marker="*", s=120,
                   color="#5e4fa2", zorder=3, label="race")  # fmt: skip
    if layoffs is not None:
        for start, end in zip(layoffs["start"], layoffs["end"], strict=True):
            stop = end if pd.notna(end) else weeks[-1] + pd.Timedelta(days=7)
            ax.axvspan(mdates.date2num(start), mdates.date2num(stop), color="0.5", alpha=0.2, lw=0)
    ax.set_ylabel("VDOT (ml/kg/min)")
    ax.set_title("Fitness trend")
    low, high = ax.get_ylim()
    ax.set_ylim(low, low + (high - low) * HEADROOM)
    ax.legend(fontsize=7, loc="upper left", frameon=False, ncol=4)
    _dates(ax)
    return ax


# --- easy runs ------------------------------------------------------------------------------


def plot_easy_runs(history: Source | EasyDiscipline, ax: Axes | None = None) -> Axes:
    """Each easy-intent run's pace against Daniels' easy range, and its heart rate.

    ``history``: a History or activities frame (:func:`runlytics.easy_discipline`
    is computed) or an :class:`~runlytics.EasyDiscipline`. Pace on ``ax``
    (runs faster than the range in red, the range shaded), average heart rate
    on a twin axis with the easy ceiling (79 % of HRmax) dashed. Returns the
    pace Axes.
    """
    result = history if isinstance(history, EasyDiscipline) else easy_discipline(history)
    runs = result.runs[result.runs["vdot"].notna()].sort_values("date")
    ax = _axes(ax)
    dates = pd.DatetimeIndex(runs["date"])
    slow = 1000.0 / runs["easy_min_mps"].to_numpy(float)
    fast = 1000.0 / runs["easy_max_mps"].to_numpy(float)
    ax.fill_between(dates, slow, fast, step="mid", color=_OK, alpha=0.2, lw=0, label="easy range")
    pace = 1000.0 / runs["speed_mps"].to_numpy(float)
    too_fast = runs["too_fast"].to_numpy(bool)
    ax.scatter(dates[~too_fast], pace[~too_fast], s=12, color=_OK, label="within the range")
    ax.scatter(dates[too_fast], pace[too_fast], s=12, color=_FAST, label="too fast")
    _pace_axis(ax)
    ax.set_title(f"Easy runs: {result.share_too_fast:.0%} faster than the easy range")
    hr = runs["avg_hr_bpm"].to_numpy(float)
    if np.isfinite(hr).any():
        ax_hr = ax.twinx()
        ax_hr.scatter(dates, hr, s=8, marker="x", color="0.45", alpha=0.6, label="average HR")
        ax_hr.plot(dates, runs["hr_ceiling_bpm"], color="0.3", ls="--", lw=0.8,
                   label="easy HR ceiling")  # fmt: skip
        ax_hr.set_ylabel("heart rate (bpm)", color="0.35")
        ax_hr.legend(fontsize=7, loc="lower right", frameon=False)
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    _dates(ax)
    return ax


# --- quality sessions -----------------------------------------------------------------------


def quality_sessions(history: RunSource, labels: Iterable[str] = QUALITY_LABELS) -> pd.DataFrame:
    """The reps of every quality session: one row per work segment, in date order.

    Columns: ``activity_id``, ``date`` (local day), ``label``, ``rep`` (0 for a
    session without reps: then one row of the whole run's moving pace),
    ``duration_s``, ``distance_m``, ``speed_mps`` (grade-adjusted).
    Reads each session's segments with ``history.run`` (from the run cache).
    """
    runs = runs_of(history, "label", "distance_m", "moving_s")
    runs = runs[runs["label"].isin(tuple(labels))]
    whole = {i: (float(m), float(d)) for i, m, d in zip(
        runs.index, runs["moving_s"], runs["distance_m"], strict=True)}  # fmt: skip
    rows: list[pd.DataFrame] = []
    for activity_id, day, label in zip(runs.index, runs["local_date"], runs["label"], strict=True):
        segments = history.run(int(activity_id)).segments
        work = segments[segments["kind"] == "work"]
        if len(work):
            part = pd.DataFrame({"rep": work["rep"].astype(int).to_numpy(),
                                 "duration_s": work["moving_s"].to_numpy(float),
                                 "distance_m": work["distance_m"].to_numpy(float),
                                 "speed_mps": work["gap_speed_mps"].to_numpy(float)})  # fmt: skip
        else:
            moving, distance = whole[activity_id]
            speed = distance / moving if moving > 0 else np.nan
            part = pd.DataFrame({"rep": [0], "duration_s": [moving], "distance_m": [distance],
                                 "speed_mps": [speed]})  # fmt: skip
        rows.append(part.assign(activity_id=int(activity_id), date=day, label=label))
    columns = ["activity_id", "date", "label", "rep", "duration_s", "distance_m", "speed_mps"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True)[columns]


def plot_quality_sessions(
    history: RunSource | pd.DataFrame, ax: Axes | None = None, *, vdot: float | None = None
) -> Axes:
    """Rep paces of each quality session week to week, coloured by label.

    ``history``: a History (its :func:`quality_sessions` are read) or that
    frame. Each rep is a dot, each session's median a larger marker; sessions
    without reps (one pace for the whole run) are hollow. ``vdot``: Daniels'
    threshold and interval paces for it drawn as the targets.
    """
    reps = history if isinstance(history, pd.DataFrame) else quality_sessions(history)
    ax = _axes(ax)
    reps = reps[reps["speed_mps"] > 0]
    pace = 1000.0 / reps["speed_mps"].astype(float)
    for label, group in reps.assign(pace=pace).groupby("label", sort=False):
        colour = LABEL_COLOURS.get(str(label), "0.5")
        with_reps = group[group["rep"] > 0]
        median = with_reps.groupby("date")["pace"].median()
        if len(with_reps):
            dates = pd.DatetimeIndex(with_reps["date"])
            ax.scatter(dates, with_reps["pace"], s=6, color=colour, alpha=0.5)
            ax.scatter(pd.DatetimeIndex(median.index), median, s=36, color=colour,
                       edgecolor="black", lw=0.5, label=str(label))  # fmt: skip
        whole = group[group["rep"] == 0]
        if len(whole):
            ax.scatter(pd.DatetimeIndex(whole["date"]), whole["pace"], s=36, facecolor="none",
                       edgecolor=colour, lw=1.2,
                       label=f"{label}, no reps")  # fmt: skip
    if vdot is not None and np.isfinite(vdot):
        paces = training_paces(vdot)
        for name, speed in (("threshold", paces.threshold_mps), ("interval", paces.interval_mps)):
            ax.axhline(1000.0 / speed, color="0.3", ls="--", lw=0.8)
            ax.annotate(f"{name} {format_pace(speed)}", (1.0, 1000.0 / speed), fontsize=7,
                        xycoords=("axes fraction", "data"), ha="right", va="bottom")  # fmt: skip
    _pace_axis(ax, "rep pace (min/km, grade-adjusted)")
    ax.set_title("Quality sessions: pace of each rep, session by session")
    ax.legend(fontsize=7, loc="upper left", frameon=False, ncol=3)
    _dates(ax)
    return ax


# --- race equivalents -----------------------------------------------------------------------


def race_equivalents(
    vdot: float,
    *,
    race: tuple[float, float] | None = None,
    distances: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Equivalent race times (s) at standard distances.

    Column ``vdot``: Daniels-Gilbert time for the current ``vdot``; with a
    ``race`` ``(distance_m, time_s)``, columns ``riegel`` and ``cameron``:
    :func:`runlytics.predict_race_time` from that race. Index: the distance
    names; ``distance_m`` and ``pace_s_per_km`` (of the VDOT time) as columns.
    """
    distances = RACE_DISTANCES if distances is None else distances
    frame = pd.DataFrame({"distance_m": pd.Series(distances, dtype=float)})
    frame["vdot"] = [race_time(vdot, d) for d in frame["distance_m"]]
    if race is not None:
        for method in ("riegel", "cameron"):
            frame[method] = [
                predict_race_time(race[1], race[0], d, method=method) for d in frame["distance_m"]
            ]
    frame["pace_s_per_km"] = frame["vdot"] / frame["distance_m"] * 1000.0
    return frame


def plot_race_equivalents(
    equivalents: pd.DataFrame,
    ax: Axes | None = None,
    *,
    goal: tuple[float, float] | None = None,
) -> Axes:
    """Race pace per distance of each prediction in :func:`race_equivalents`, times written.

    ``goal``: ``(distance_m, time_s)`` drawn as a star with its pace.
    """
    ax = _axes(ax, (8.0, 3.6))
    x = np.arange(len(equivalents))
    styles = {"vdot": ("o", "#1565c0", "VDOT now"), "riegel": ("s", "0.5", "Riegel (last race)"),
              "cameron": ("^", "0.3", "Cameron (last race)")}  # fmt: skip
    distance = equivalents["distance_m"].to_numpy(float)
    for column, (marker, colour, name) in styles.items():
        if column not in equivalents:
            continue
        pace = equivalents[column].to_numpy(float) / distance * 1000.0
        ax.plot(x, pace, marker=marker, color=colour, lw=0.8, label=name)
        if column == "vdot":
            for xi, p, t in zip(x, pace, equivalents[column], strict=True):
                ax.annotate(format_time(float(t)), (xi, p), textcoords="offset points",
                            xytext=(0, 7), ha="center", fontsize=8)  # fmt: skip
    if goal is not None:
        gx = float(np.interp(goal[0], distance, x))
        ax.scatter([gx], [goal[1] / goal[0] * 1000.0], marker="*", s=160, color=_FAST, zorder=3,
                   label=f"goal {format_time(goal[1])}")  # fmt: skip
    ax.set_xticks(x, [str(i) for i in equivalents.index])
    _pace_axis(ax, "race pace (min/km)")
    ax.set_title("Race equivalents")
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    return ax
