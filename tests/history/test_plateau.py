"""detect_plateau: flat fitness under rising training, synthetic and on the samples' truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.history.plateau import detect_plateau, window_trends
from tests.history.frames import ATHLETE, every_day, steady_runs
from tests.history.samples import SampleHistory, truth


def history(vdot: np.ndarray, distance_scale: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Daily steady runs with VDOT ``vdot`` (+ noise of sd 1) and distance x ``distance_scale``."""
    days = every_day("2024-01-01", "2024-12-29")[: len(vdot)]
    noisy = vdot + np.random.default_rng(seed).normal(0.0, 1.0, len(vdot))
    frame = steady_runs(days, noisy)
    frame["distance_m"] *= distance_scale
    frame["moving_s"] *= distance_scale
    frame["trimp"] *= distance_scale
    return frame


def test_window_trends_closed_form_matches_polyfit() -> None:
    rng = np.random.default_rng(1)
    x = np.sort(rng.uniform(0, 10, 60))
    y = 0.3 * x + rng.normal(0, 0.5, 60)
    got = window_trends(x.astype(int), x, y, 10)
    inside = (x >= 2) & (x < 8)
    slope = np.polyfit(x[inside], y[inside], 1)[0]
    assert got["change"][2, 7] == pytest.approx(slope * 6)
    assert got["n"][2, 7] == inside.sum()


def test_flat_fitness_under_rising_volume_is_a_plateau() -> None:
    n = 7 * 20
    found = detect_plateau(history(np.full(n, 50.0), np.linspace(1.0, 1.5, n)), athlete=ATHLETE)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["weeks"] >= 16
    assert row["vdot_change_low"] >= -1.0 and row["vdot_change_high"] <= 1.0
    assert row["volume_change_pct"] > 10
    assert row["label_mix"] == {"easy": 1.0}
    assert {e.name for e in row["evidence"]} == {"vdot_change", "volume_change_pct", "training"}


def test_rising_fitness_or_flat_volume_is_not_a_plateau() -> None:
    n = 7 * 20
    rising = history(np.linspace(45.0, 50.0, n), np.linspace(1.0, 1.5, n))
    assert detect_plateau(rising, athlete=ATHLETE).empty
    held = history(np.full(n, 50.0), np.ones(n))
    assert detect_plateau(held, athlete=ATHLETE).empty
    assert len(detect_plateau(held, athlete=ATHLETE, min_rise=0.0)) == 1


def test_too_few_markers_prove_nothing() -> None:
    n = 7 * 20
    sparse = history(np.full(n, 50.0), np.linspace(1.0, 1.5, n)).iloc[::7]  # one run a week
    assert detect_plateau(sparse, athlete=ATHLETE).empty


@pytest.mark.slow
def test_boston_plateau_under_grey_zone_mileage(boston: SampleHistory) -> None:
    """The true VDOT is flat from October to the end of May while the mileage grows, then
    rises in the structured block: the plateau covers the "more miles" phase and ends within
    4 weeks of the block's start (measured: 2024-10-07 to 2025-06-29)."""
    found = detect_plateau(boston)
    phases = {name: (pd.Timestamp(a), pd.Timestamp(b)) for name, a, b in truth("boston")["phases"]}
    more_start, more_end = phases["more miles"]
    block_start = phases["structured block"][0]
    assert len(found) == 1
    row = found.iloc[0]
    assert row["start"] <= more_start and row["end"] >= more_end - pd.Timedelta(days=7)
    assert row["end"] <= block_start + pd.Timedelta(weeks=4)
    assert row["volume_change_pct"] >= 10
    # the training it held: mostly the grey zone (measured 14/64/22 % by heart rate)
    assert row["hr_zones"]["z2"] > row["hr_zones"]["z1"]


@pytest.mark.slow
def test_control_improves_and_has_no_plateau(control: SampleHistory) -> None:
    assert detect_plateau(control).empty


@pytest.mark.slow
def test_ivan_stall_at_held_volume(ivan: SampleHistory) -> None:
    """Ivan's volume held (~56 km a week) while his fitness stalled: found with min_rise=0,
    inside the true "stalled" phase (measured: 2022-09-19 to 2023-02-26)."""
    assert detect_plateau(ivan).empty  # his volume did not rise
    found = detect_plateau(ivan, min_rise=0.0)
    stalled = next(p for p in truth("ivan")["phases"] if p[0] == "stalled")
    assert len(found) == 1
    row = found.iloc[0]
    assert row["start"] >= pd.Timestamp(stalled[1]) and row["end"] <= pd.Timestamp(stalled[2])
    assert row["weeks"] >= 16
