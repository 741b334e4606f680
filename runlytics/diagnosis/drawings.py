"""Small figures of findings: each returns a :data:`~runlytics.diagnosis.model.Drawing`
(a function drawing on a matplotlib ``Axes``), so nothing is drawn until asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from runlytics.diagnosis.model import Drawing

if TYPE_CHECKING:
    from matplotlib.axes import Axes

BLUE = "#1565c0"
RED = "#c62828"
GREY = "#9e9e9e"


def bars_by_week(
    values: pd.Series, ylabel: str, *, marks: pd.DatetimeIndex | None = None
) -> Drawing:
    """Weekly bars (index: Mondays), with optional shaded weeks ``marks``."""
    values = values.copy()

    def draw(ax: Axes) -> None:
        colours = [RED if marks is not None and w in marks else BLUE for w in values.index]
        ax.bar(values.index, values.to_numpy(float), width=6, color=colours)
        ax.set_ylabel(ylabel)

    return draw


def points_over_time(dates: pd.Series, values: pd.Series, ylabel: str) -> Drawing:
    """One point per run, by date."""
    x, y = pd.to_datetime(dates).to_numpy(), values.to_numpy(float)

    def draw(ax: Axes) -> None:
        ax.plot(x, y, "o", color=BLUE)
        ax.set_ylabel(ylabel)

    return draw


def line_with_band(
    values: pd.Series,
    low: pd.Series | None,
    high: pd.Series | None,
    ylabel: str,
    *,
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    level: float | None = None,
) -> Drawing:
    """A weekly line with its interval, an optional shaded span and a horizontal level."""
    values = values.copy()

    def draw(ax: Axes) -> None:
        ax.plot(values.index, values.to_numpy(float), color=BLUE)
        if low is not None and high is not None:
            ax.fill_between(
                values.index,
                low.to_numpy(float),
                high.to_numpy(float),
                color=BLUE,
                alpha=0.2,
                linewidth=0,
            )
        if span is not None:
            ax.axvspan(span[0], span[1], color=RED, alpha=0.15)  # type: ignore[arg-type]
        if level is not None:
            ax.axhline(level, color=RED, linestyle="--")
        ax.set_ylabel(ylabel)

    return draw


def easy_runs(runs: pd.DataFrame) -> Drawing:
    """Easy runs' speed against the top of the easy range: too fast in red."""
    runs = runs.copy()

    def draw(ax: Axes) -> None:
        ok = ~runs["too_fast"].astype(bool)
        ax.plot(runs["date"][ok], runs["speed_mps"][ok], "o", color=BLUE, label="within easy range")
        ax.plot(runs["date"][~ok], runs["speed_mps"][~ok], "o", color=RED, label="too fast")
        ax.plot(runs["date"], runs["easy_max_mps"], "-", color=GREY, label="top of easy range")
        ax.set_ylabel("speed, m/s")
        ax.legend(loc="lower left", fontsize=8)

    return draw
