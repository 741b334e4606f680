"""plot_run draws pace, HR, elevation and the segments, and returns the Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from runlytics.analysis.segments import detect_segments
from runlytics.report.plots import plot_run
from tests.analysis.test_segments import profile, six_by_800


def test_plot_run_returns_axes_with_inverted_pace() -> None:
    a = profile(six_by_800())
    ax = plot_run(a)
    assert isinstance(ax, Axes)
    low, high = ax.get_ylim()
    assert low > high  # pace axis inverted: faster is up
    assert len(ax.patches) >= 13  # one span per segment
    assert ax.yaxis.get_major_formatter()(300.0, 0) == "5:00"
    plt.close(ax.figure)


def test_plot_run_on_given_axes_and_segments() -> None:
    a = profile(six_by_800())
    fig, ax = plt.subplots()
    assert plot_run(a, detect_segments(a), ax=ax) is ax
    plt.close(fig)
