"""The history figures draw what their frames say (bars, lines, bands, points), on given Axes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from runlytics.history.discipline import EasyDiscipline
from runlytics.history.fitness import FitnessTrend
from runlytics.metrics.pmc import pmc
from runlytics.metrics.vdot import race_time, training_paces
from runlytics.report.history_plots import (
    RACE_DISTANCES,
    plot_easy_runs,
    plot_fitness_trend,
    plot_pmc,
    plot_quality_sessions,
    plot_race_equivalents,
    plot_weekly_volume,
    quality_sessions,
    race_equivalents,
    weekly_volume_by_label,
)


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    plt.close("all")


def activities() -> pd.DataFrame:
    """Five runs: week 1 easy 10 km + intervals 8 km, week 2 none, week 3 easy 12 + long 20 km,
    and an interval session with no reps in week 3."""
    days = pd.to_datetime(["2025-03-03", "2025-03-05", "2025-03-17", "2025-03-23", "2025-03-19"])
    return pd.DataFrame(
        {
            "local_date": days,
            "start_time": days.tz_localize("UTC") + pd.Timedelta(hours=7),
            "sport": "running",
            "distance_m": [10000.0, 8000.0, 12000.0, 20000.0, 9000.0],
            "moving_s": [3300.0, 2400.0, 3900.0, 6600.0, 2700.0],
            "label": ["easy", "intervals", "easy", "long", "unstructured_speedwork"],
            "trimp": [50.0, 80.0, 60.0, 120.0, 70.0],
        },
        index=pd.Index([1, 2, 3, 4, 5], name="activity_id"),
    )


def points(ax: Axes) -> list[np.ndarray]:
    return [np.asarray(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)]


def test_weekly_volume_by_label_every_week_in_label_order() -> None:
    table = weekly_volume_by_label(activities())
    assert list(table.index) == list(pd.date_range("2025-03-03", periods=3, freq="7D"))
    assert list(table.columns) == ["easy", "long", "intervals", "unstructured_speedwork"]
    assert table.loc["2025-03-03", "easy"] == 10.0
    assert table.loc["2025-03-10"].sum() == 0.0  # the empty week is a row of zeros
    assert table.loc["2025-03-17"].to_dict() == {
        "easy": 12.0, "long": 20.0, "intervals": 0.0, "unstructured_speedwork": 9.0
    }  # fmt: skip


def test_plot_weekly_volume_stacks_bars_by_label() -> None:
    _, ax = plt.subplots()
    assert plot_weekly_volume(activities(), ax=ax) is ax
    bars = ax.patches
    assert len(bars) == 3 * 4  # a bar per week and label
    tops = {}
    for bar in bars:
        x = round(bar.get_x())
        tops[x] = max(tops.get(x, 0.0), bar.get_y() + bar.get_height())
    assert sorted(tops.values()) == [0.0, 18.0, 41.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["easy", "long"]


def test_plot_pmc_draws_ctl_and_atl_of_the_daily_load() -> None:
    ax = plot_pmc(activities())
    ctl, atl = ax.lines[0], ax.lines[1]
    daily = activities().set_index("local_date")["trimp"].resample("D").sum()
    expected = pmc(daily)
    np.testing.assert_allclose(np.asarray(ctl.get_ydata(), float), expected["ctl"])
    np.testing.assert_allclose(np.asarray(atl.get_ydata(), float), expected["atl"])
    assert len(ctl.get_xdata()) == 21  # every day from the first run to the last


def trend() -> FitnessTrend:
    weeks = pd.date_range("2025-01-06", periods=6, freq="7D", name="week")
    weekly = pd.DataFrame(
        {
            "vdot": [45.0, 45.5, 46.0, 46.2, 47.0, 47.5],
            "vdot_low": [44.0, 44.5, 45.0, 45.2, 46.0, 46.5],
            "vdot_high": [46.0, 46.5, 47.0, 47.2, 48.0, 48.5],
            "vdot_quality": ["few", "good", "good", "good", "good", "good"],
            "effort_vdot": [np.nan, 44.0, 44.0, 45.0, 45.0, 46.0],
        },
        index=weeks,
    )
    markers = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-02-02", "2025-02-09", "2025-02-09"]),
            "marker": ["vdot_race", "vdot_race", "vdot_hr"],
            "quality": ["good", "poor", "good"],
            "value": [48.0, 40.0, 46.0],
        }
    )
    return FitnessTrend(weekly, markers, 0.5, ())


def test_plot_fitness_trend_band_line_races_and_breaks() -> None:
    layoffs = pd.DataFrame({"start": [pd.Timestamp("2025-01-20")], "end": [pd.NaT]})
    ax = plot_fitness_trend(trend(), layoffs=layoffs)
    solid = np.asarray(ax.lines[0].get_ydata(), float)
    assert np.isnan(solid[0])  # the week of few runs is not drawn solid
    np.testing.assert_allclose(solid[1:], [45.5, 46.0, 46.2, 47.0, 47.5])
    np.testing.assert_allclose(np.asarray(ax.lines[2].get_ydata(), float)[1:], [44, 44, 45, 45, 46])
    (races,) = points(ax)
    assert races[:, 1].tolist() == [48.0]  # the good race only
    assert len(ax.patches) == 1  # the break, shaded to the end


def discipline() -> EasyDiscipline:
    speeds = np.array([3.0, 3.4, 2.9, 3.3])
    runs = pd.DataFrame(
        {
            "date": pd.date_range("2025-04-01", periods=4, freq="2D"),
            "speed_mps": speeds,
            "vdot": 45.0,
            "easy_min_mps": 2.8,
            "easy_max_mps": 3.2,
            "too_fast": speeds > 3.2,
            "avg_hr_bpm": [140.0, 160.0, 138.0, 158.0],
            "hr_ceiling_bpm": 150.0,
        }
    )
    return EasyDiscipline(runs, 0.5, 0.5, pd.DataFrame(), ())


def test_plot_easy_runs_marks_the_runs_faster_than_the_range() -> None:
    ax = plot_easy_runs(discipline())
    within, fast = points(ax)
    np.testing.assert_allclose(fast[:, 1], 1000.0 / np.array([3.4, 3.3]))
    np.testing.assert_allclose(within[:, 1], 1000.0 / np.array([3.0, 2.9]))
    assert ax.yaxis_inverted()  # faster is up
    assert "50%" in ax.get_title()
    hr_axes = [a for a in ax.figure.axes if a is not ax]
    assert hr_axes and hr_axes[0].lines[0].get_ydata()[0] == 150.0  # the HR ceiling


@dataclass(frozen=True)
class _Run:
    segments: pd.DataFrame


@dataclass(frozen=True)
class _History:
    activities: pd.DataFrame

    def run(self, activity_id: int) -> _Run:
        if activity_id == 2:  # 3 x 1 km reps, getting faster
            return _Run(pd.DataFrame({
                "kind": ["warmup", "work", "recovery", "work", "recovery", "work", "cooldown"],
                "rep": [pd.NA, 1, pd.NA, 2, pd.NA, 3, pd.NA],
                "moving_s": [600.0, 240.0, 90.0, 235.0, 90.0, 230.0, 600.0],
                "distance_m": [2000.0, 1000.0, 200.0, 1000.0, 200.0, 1000.0, 2000.0],
                "gap_speed_mps": [3.0, 1000 / 240, 2.2, 1000 / 235, 2.2, 1000 / 230, 3.0],
            }))  # fmt: skip
        return _Run(pd.DataFrame({"kind": ["steady"], "rep": [pd.NA], "moving_s": [2700.0],
                                  "distance_m": [9000.0], "gap_speed_mps": [3.33]}))  # fmt: skip


def test_quality_sessions_lists_reps_and_sessions_without_them() -> None:
    reps = quality_sessions(_History(activities()))  # type: ignore[arg-type]
    assert reps["activity_id"].tolist() == [2, 2, 2, 5]
    assert reps["rep"].tolist() == [1, 2, 3, 0]
    np.testing.assert_allclose(reps["speed_mps"].iloc[:3], 1000 / np.array([240, 235, 230]))
    assert reps["speed_mps"].iloc[3] == pytest.approx(9000 / 2700)  # whole run, no reps


def test_plot_quality_sessions_reps_medians_and_targets() -> None:
    reps = quality_sessions(_History(activities()))  # type: ignore[arg-type]
    ax = plot_quality_sessions(reps, vdot=50.0)
    dots, medians, hollow = points(ax)
    np.testing.assert_allclose(sorted(dots[:, 1]), [230.0, 235.0, 240.0])
    np.testing.assert_allclose(medians[:, 1], [235.0])
    np.testing.assert_allclose(hollow[:, 1], [300.0])
    threshold = 1000.0 / training_paces(50.0).threshold_mps
    assert any(np.allclose(line.get_ydata(), threshold) for line in ax.lines)


def test_race_equivalents_vdot_and_from_a_race() -> None:
    table = race_equivalents(50.0, race=(10000.0, 2400.0))
    assert list(table.index) == list(RACE_DISTANCES)
    assert table.loc["marathon", "vdot"] == pytest.approx(race_time(50.0, 42195.0))
    assert table.loc["10K", "riegel"] == pytest.approx(2400.0)
    assert table.loc["half marathon", "riegel"] == pytest.approx(2400.0 * 2.10975**1.06)
    assert table.loc["5K", "pace_s_per_km"] == pytest.approx(table.loc["5K", "vdot"] / 5)


def test_plot_race_equivalents_writes_times_and_the_goal() -> None:
    table = race_equivalents(50.0)
    ax = plot_race_equivalents(table, goal=(42195.0, 3 * 3600 + 15 * 60))
    texts = [t.get_text() for t in ax.texts]
    assert "3:10:49" in texts[-1] or any(t.startswith("3:1") for t in texts)
    (goal,) = points(ax)
    assert goal[0, 0] == pytest.approx(3.0)  # at the marathon tick
    assert goal[0, 1] == pytest.approx(11700 / 42.195)
    assert "goal 3:15:00" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_figures_are_exported_lazily() -> None:
    code = (
        "import sys, runlytics\n"
        "assert 'matplotlib' not in sys.modules\n"
        "from runlytics.report import history_plots\n"
        "assert runlytics.plot_pmc is history_plots.plot_pmc\n"
        "assert runlytics.plot_run.__module__ == 'runlytics.report.plots'\n"
        "assert set(runlytics.__all__) >= {'plot_fitness_trend', 'race_equivalents'}\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
