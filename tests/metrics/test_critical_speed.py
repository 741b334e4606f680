"""Critical speed and D' by the linear distance-time model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from runlytics.metrics.critical_speed import (
    CriticalSpeed,
    EffortWindowWarning,
    critical_speed,
)


def test_two_effort_worked_example() -> None:
    # novacalculator.com worked example: 1600 m in 6:00 and 3200 m in 13:00 ->
    # CS = 1600 / 420 = 3.810 m/s, D' = 1600 - 3.810 x 360 = 228.6 m; 5000 m in 1252.3 s.
    fit = critical_speed([1600, 3200], [360, 780])
    assert fit.cs_mps == pytest.approx(3.810, abs=5e-4)
    assert fit.d_prime_m == pytest.approx(228.6, abs=0.05)
    assert fit.r2 == pytest.approx(1.0) and fit.n == 2
    # The source rounds CS to 3.810 before dividing; unrounded it is 1252.5 s.
    assert fit.predict_time(5000) == pytest.approx(1252.3, abs=0.3)


def test_least_squares_on_three_efforts_by_hand() -> None:
    t = np.array([180.0, 420.0, 720.0])
    d = np.array([1000.0, 2000.0, 3200.0])
    fit = critical_speed(d, t)
    # Normal equations written out: slope = cov(t, d) / var(t).
    slope = np.sum((t - t.mean()) * (d - d.mean())) / np.sum((t - t.mean()) ** 2)
    assert fit.cs_mps == pytest.approx(slope)
    assert fit.d_prime_m == pytest.approx(d.mean() - slope * t.mean())
    residual = d - (slope * t + fit.d_prime_m)
    assert fit.r2 == pytest.approx(1 - np.sum(residual**2) / np.sum((d - d.mean()) ** 2))
    assert 0.99 < fit.r2 < 1.0


def test_recovers_a_known_runner() -> None:
    cs, d_prime = 4.2, 180.0
    t = np.array([150.0, 300.0, 600.0, 840.0])
    fit = critical_speed(cs * t + d_prime, t)
    assert fit.cs_mps == pytest.approx(cs) and fit.d_prime_m == pytest.approx(d_prime)
    assert fit.predict_time(cs * 700 + d_prime) == pytest.approx(700)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.cs_mps = 5.0  # type: ignore[misc]


def test_efforts_outside_two_to_fifteen_minutes_are_left_out_with_a_warning() -> None:
    cs, d_prime = 4.0, 200.0
    t = np.array([60.0, 200.0, 500.0, 800.0, 3600.0])
    d = cs * t + d_prime
    d[0] += 50  # a sprint, above the line
    d[-1] -= 1500  # an hour, below it
    with pytest.warns(EffortWindowWarning, match="left out 2 effort"):
        fit = critical_speed(d, t)
    assert fit.n == 3
    assert fit.cs_mps == pytest.approx(cs) and fit.d_prime_m == pytest.approx(d_prime)
    # A wider window takes them in (and the fit is worse).
    wide = critical_speed(d, t, min_s=30, max_s=4000)
    assert wide.n == 5 and wide.r2 < 1


def test_not_enough_efforts_and_impossible_fits() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        critical_speed([1500], [300])
    with pytest.raises(ValueError, match="at least 2"):
        critical_speed([1500, 1520], [300, 300])
    with pytest.warns(EffortWindowWarning), pytest.raises(ValueError, match="at least 2"):
        critical_speed([400, 1500, 10000], [60, 300, 2400])
    with pytest.raises(ValueError, match="non-positive slope"):
        critical_speed([2000, 1900], [300, 600])
    with pytest.raises(ValueError, match="same length"):
        critical_speed([1000, 2000], [300])
    with pytest.raises(ValueError, match="positive"):
        critical_speed([1000, -2000], [300, 600])
    with pytest.warns(UserWarning, match="D' is negative"):
        fit = critical_speed([1000, 2600], [300, 600])
    assert fit.d_prime_m == pytest.approx(-600.0)
    with pytest.raises(ValueError, match="exceed D'"):
        CriticalSpeed(cs_mps=4.0, d_prime_m=200.0, r2=1.0, n=2).predict_time(150)
