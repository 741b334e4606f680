"""The fitness model answers to training the way the literature says."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from runlytics.simulate.fitness import (
    Background,
    Dose,
    FitnessModel,
    FitnessState,
    constant_dose,
    monotony,
    update,
)

Day = list[tuple[float, float]]  # (minutes, effort) parts
Weekly = Callable[[int], list[Day]]


def polarised(week: int, volume: float = 1.0) -> list[Day]:
    """Six days, about 80 % easy, intervals and a threshold run."""
    v = volume * (1.0 + 0.25 * week / 23)
    return [
        [],
        [(50 * v, 0.66)],
        [(25, 0.66), (24, 0.97)],
        [(50 * v, 0.66)],
        [(40 * v, 0.66)],
        [(20, 0.66), (25, 0.88)],
        [(100 * v, 0.68)],
    ]


def grey(week: int) -> list[Day]:
    """Monotonous moderate running, volume rising 40 %."""
    v = 1.0 + 0.4 * week / 23
    return [[], *[[(60 * v, 0.79)]] * 5, [(110 * v, 0.76)]]


def simulate(
    weekly: Weekly, weeks: int, background: Background, vdot: float, ceiling: float
) -> pd.Series:
    """Daily VDOT from a weekly pattern of (minutes, effort) parts."""
    model, state = FitnessModel.calibrated(background, vdot, ceiling, "M")
    out = []
    for w in range(weeks):
        for parts in weekly(w):
            v = model.vdot(state)
            out.append(v)
            dose = Dose()
            for minutes, effort in parts:
                dose = dose + constant_dose(minutes, effort, v, "M")
            state = update(state, dose, model.params)
    return pd.Series(out)


def test_polarised_structured_training_progresses_steadily() -> None:
    v = simulate(polarised, 24, Background(300, 0.1, 0.03, 5), 48.0, 58.0)
    monthly = v.iloc[::28].to_numpy()
    assert v.iloc[-1] - v.iloc[0] > 2.5
    assert np.all(np.diff(monthly) > 0)


def test_monotonous_grey_mileage_plateaus_even_as_volume_rises() -> None:
    v = simulate(grey, 24, Background(470, 0.8, 0.02, 6), 47.3, 54.0)
    later = v.iloc[56:]
    assert later.max() - later.min() < 0.8
    assert v.iloc[-1] < v.iloc[0] + 0.5


def layoff_then_return(week: int) -> list[Day]:
    if week < 8:
        return polarised(0, 1.1)
    if week < 13:
        return [[]] * 7
    return polarised(0, min(0.5 + 0.1 * (week - 13), 1.1))


def test_a_layoff_costs_fitness_and_a_gradual_return_restores_it() -> None:
    v = simulate(layoff_then_return, 40, Background(330, 0.1, 0.05, 6), 51.0, 58.0)
    before, low = v.iloc[55], v.iloc[91]
    assert 0.05 < 1 - low / before < 0.12  # Coyle 1984: ~7 % in 3 weeks, more by 5
    three_weeks = v.iloc[56 + 21]
    assert three_weeks < before
    months = v.iloc[91::28].to_numpy()
    assert np.all(np.diff(months) > 0)  # gradual recovery
    assert v.iloc[-1] > before - 0.5


def taper(week: int) -> list[Day]:
    if week < 10:
        return polarised(0, 1.2)
    return [
        [],
        [(25, 0.66)],
        [(20, 0.66), (18, 0.97)],
        [(25, 0.66)],
        [(20, 0.66)],
        [(20, 0.66), (18, 0.88)],
        [(50, 0.68)],
    ]


def test_a_taper_keeping_intensity_sharpens() -> None:
    v = simulate(taper, 12, Background(330, 0.1, 0.05, 6), 51.0, 58.0)
    gain = v.iloc[70:84].max() / v.iloc[69] - 1
    assert 0.005 < gain < 0.04  # Bosquet et al. 2007: about 2 %


def test_calibration_reproduces_the_given_vdot() -> None:
    model, state = FitnessModel.calibrated(Background(400, 0.3, 0.05), 50.0, 60.0, "F")
    assert model.vdot(state) == pytest.approx(50.0)
    assert model.base < 50.0 < model.potential(state) < 60.0
    with pytest.raises(ValueError, match="not reachable"):
        FitnessModel.calibrated(Background(60), 55.0, 56.0, "M")


def test_foster_monotony() -> None:
    assert monotony([0, 60, 60, 60, 60, 60, 60]) == pytest.approx(360 / 7 / np.std([0] + [60] * 6))
    assert monotony([50] * 7) == 4.0
    assert monotony([0] * 7) == 0.0


def test_dose_counts_minutes_and_trimp_by_zone() -> None:
    dose = (
        constant_dose(30, 0.66, 50, "M")
        + constant_dose(10, 0.8, 50, "M")
        + constant_dose(5, 0.95, 50, "M")
    )
    assert dose.minutes == pytest.approx((30, 10, 5))
    assert dose.trimp[2] / 5 > dose.trimp[1] / 10 > dose.trimp[0] / 30
    assert Dose.from_efforts(np.zeros(60), 50, "M").total_minutes == 0


def test_model_frame_has_one_row_per_day() -> None:
    model, state = FitnessModel.calibrated(Background(300), 48.0, 58.0, "M")
    frame = model.run([Dose()] * 10, state, pd.Timestamp("2024-01-01"))
    assert len(frame) == 10 and frame.index[0] == pd.Timestamp("2024-01-01")
    assert frame["vdot"].iloc[-1] != frame["vdot"].iloc[0]
    assert isinstance(state, FitnessState)
