"""PMC: CTL/ATL/TSB/ramp under the three weighting conventions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from runlytics.metrics.pmc import PmcConvention, pmc, pmc_weight


def daily(values: list[float] | np.ndarray, start: str = "2026-01-05") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def reference_loop(load: np.ndarray, k: float, x0: float) -> np.ndarray:
    """The recurrence written out day by day, as the sources state it."""
    out, x = [], x0
    for value in load:
        x = x + k * (value - x)
        out.append(x)
    return np.array(out)


def test_weights_of_the_three_conventions() -> None:
    assert pmc_weight(42) == pytest.approx(1 - math.exp(-1 / 42))
    assert pmc_weight(42, "trainingpeaks") == pytest.approx(1 / 42)
    assert pmc_weight(42, "runalyze") == pytest.approx(2 / 43)
    with pytest.raises(ValueError, match="convention"):
        pmc_weight(42, "banister")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="positive"):
        pmc_weight(0)


def test_trainingpeaks_worked_example() -> None:
    # TrainingPeaks / Allen & Coggan (Training and Racing with a Power Meter):
    # CTL_today = CTL_yesterday + (TSS_today - CTL_yesterday) / 42, and 7 for ATL.
    # Yesterday CTL 50, ATL 70; today 100 TSS -> CTL 51.190, ATL 74.286, TSB today 50 - 70.
    out = pmc(daily([100.0, 0.0]), convention="trainingpeaks", ctl0=50, atl0=70)
    assert out["ctl"].iloc[0] == pytest.approx(50 + 50 / 42)
    assert out["atl"].iloc[0] == pytest.approx(70 + 30 / 7)
    assert out["tsb"].iloc[0] == pytest.approx(-20.0)
    # Next day (rest): TSB is yesterday's CTL - ATL.
    assert out["tsb"].iloc[1] == pytest.approx((50 + 50 / 42) - (70 + 30 / 7))
    assert out["ctl"].iloc[1] == pytest.approx((50 + 50 / 42) * 41 / 42)


def test_exponential_is_banister_impulse_response() -> None:
    # Constant load L from 0: CTL_n = L (1 - exp(-n/42)); after one time constant
    # (42 days) fitness reaches 1 - 1/e = 63.2 % of the load (GoldenCheetah's weighting).
    out = pmc(daily(np.full(84, 100.0)))
    n = np.arange(1, 85)
    np.testing.assert_allclose(out["ctl"], 100 * (1 - np.exp(-n / 42)), rtol=1e-12)
    np.testing.assert_allclose(out["atl"], 100 * (1 - np.exp(-n / 7)), rtol=1e-12)
    assert out["ctl"].iloc[41] == pytest.approx(63.212, abs=1e-3)


CONVENTIONS: list[PmcConvention] = ["exponential", "trainingpeaks", "runalyze"]


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_matches_the_recurrence_and_pandas_ewm(convention: PmcConvention) -> None:
    rng = np.random.default_rng(3)
    load = rng.gamma(2.0, 40.0, 400) * (rng.random(400) > 0.3)
    out = pmc(daily(load), convention=convention, ctl0=30, atl0=45)
    np.testing.assert_allclose(
        out["ctl"], reference_loop(load, pmc_weight(42, convention), 30), rtol=1e-10
    )
    np.testing.assert_allclose(
        out["atl"], reference_loop(load, pmc_weight(7, convention), 45), rtol=1e-10
    )
    # Seeded with the first load, it is pandas' ewm(alpha=k, adjust=False).
    seeded = pmc(daily(load), convention=convention, ctl0=load[0], atl0=load[0])
    expected = pd.Series(load).ewm(alpha=pmc_weight(42, convention), adjust=False).mean()
    np.testing.assert_allclose(seeded["ctl"], expected, rtol=1e-10)


def test_runalyze_is_pandas_span() -> None:
    load = np.linspace(0, 150, 90)
    out = pmc(daily(load), convention="runalyze", ctl0=load[0], atl0=load[0])
    np.testing.assert_allclose(out["atl"], pd.Series(load).ewm(span=7, adjust=False).mean())


def test_constant_load_converges_and_tsb_lags_one_day() -> None:
    out = pmc(daily(np.full(600, 80.0)), convention="trainingpeaks")
    assert out["ctl"].iloc[-1] == pytest.approx(80.0, rel=1e-5)
    assert out["atl"].iloc[-1] == pytest.approx(80.0, rel=1e-9)
    assert out["tsb"].iloc[-1] == pytest.approx(0.0, abs=1e-3)
    balance = (out["ctl"] - out["atl"]).to_numpy()
    np.testing.assert_allclose(out["tsb"].to_numpy()[1:], balance[:-1])
    assert out["tsb"].iloc[0] == 0.0


def test_taper_raises_form() -> None:
    # Six weeks at 100 then a rest week: ATL falls faster than CTL, form turns positive.
    out = pmc(daily(np.r_[np.full(42, 100.0), np.zeros(7)]))
    assert out["tsb"].iloc[41] < 0 < out["tsb"].iloc[-1]


def test_ramp_is_ctl_change_over_seven_days() -> None:
    out = pmc(daily(np.arange(30.0)))
    assert out["ramp"].iloc[:7].isna().all()
    np.testing.assert_allclose(
        out["ramp"].iloc[7:], out["ctl"].to_numpy()[7:] - out["ctl"].to_numpy()[:-7]
    )
    assert list(out.columns) == ["ctl", "atl", "tsb", "ramp"]
    assert out.index.equals(daily(np.arange(30.0)).index)


def test_short_series_and_bad_input() -> None:
    out = pmc(daily([50.0]))
    assert out["ctl"].iloc[0] == pytest.approx(50 * (1 - math.exp(-1 / 42)))
    assert np.isnan(out["ramp"].iloc[0])
    with pytest.raises(ValueError, match="consecutive"):
        pmc(daily([1.0, 2.0, 3.0]).iloc[[0, 2]])


def test_linear_in_the_load() -> None:
    # The recurrence is a linear filter: the PMC of a sum of loads is the sum of PMCs
    # (from zero seeds), and scaling the load scales CTL, ATL, TSB and ramp.
    rng = np.random.default_rng(11)
    a, b = rng.random(120) * 100, rng.random(120) * 50
    both = pmc(daily(a + b))
    np.testing.assert_allclose(both, pmc(daily(a)) + pmc(daily(b)), rtol=1e-10)
    np.testing.assert_allclose(pmc(daily(3 * a)), 3 * pmc(daily(a)), rtol=1e-10)
