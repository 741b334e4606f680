"""ACWR: Williams et al. 2017 EWMA and the rolling coupled / uncoupled forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runlytics.metrics.acwr import acwr, williams_lambda


def daily(values: list[float] | np.ndarray) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2026-01-05", periods=len(values), freq="D"))


def williams_by_hand(load: np.ndarray, n: int) -> np.ndarray:
    """Williams et al. 2017 written out: EWMA_t = l*load_t + (1-l)*EWMA_{t-1}, EWMA_0 = load_0."""
    lam = 2 / (n + 1)
    out = [load[0]]
    for value in load[1:]:
        out.append(lam * value + (1 - lam) * out[-1])
    return np.array(out)


def test_williams_lambda() -> None:
    # Williams et al. 2017: lambda = 2/(N+1), N = 7 (acute) and 28 (chronic).
    assert williams_lambda(7) == pytest.approx(0.25)
    assert williams_lambda(28) == pytest.approx(2 / 29)


def test_ewma_matches_williams_formula() -> None:
    rng = np.random.default_rng(7)
    load = rng.integers(0, 900, 60).astype(float)
    ratio = acwr(daily(load))
    expected = williams_by_hand(load, 7) / williams_by_hand(load, 28)
    assert ratio.iloc[:27].isna().all()  # no ratio before day 28
    np.testing.assert_allclose(ratio.iloc[27:], expected[27:], rtol=1e-12)
    assert ratio.name == "acwr"


def test_ewma_small_case_by_hand() -> None:
    # 28 days: 27 at 100 AU then 400 AU. Both EWMAs sit at 100 until the last day, then
    # acute = 0.25*400 + 0.75*100 = 175, chronic = (2/29)*400 + (27/29)*100 = 3500/29.
    ratio = acwr(daily([100.0] * 27 + [400.0]))
    assert ratio.iloc[-1] == pytest.approx(175 / (3500 / 29))


def test_menaspa_williams_point_rolling_hides_what_ewma_sees() -> None:
    # Williams et al. 2017 answering Menaspa 2017: three athletes with the same weekly
    # totals get the same rolling ratio on day 28 (1.43 in their example) but different
    # EWMA ratios, highest for the one whose load came last. Same totals here: 600 AU
    # per week for three weeks, then 1000 AU in the last week spread three ways.
    base = [600 / 7] * 21
    early = [*base, 400.0, 300.0, 300.0, 0.0, 0.0, 0.0, 0.0]
    even = base + [1000 / 7] * 7
    late = [*base, 0.0, 0.0, 0.0, 0.0, 300.0, 300.0, 400.0]
    rolling = [acwr(daily(x), method="rolling", coupled=True).iloc[-1] for x in (early, even, late)]
    np.testing.assert_allclose(rolling, 4 * 1000 / 2800)  # = 1.43, whatever the order
    ewma = [acwr(daily(x)).iloc[-1] for x in (early, even, late)]
    assert ewma[0] < ewma[1] < ewma[2]


def test_coupled_and_uncoupled_windows_by_hand() -> None:
    # Days 1-21 at 10 AU, days 22-28 at 40 AU. Acute = 40.
    load = [10.0] * 21 + [40.0] * 7
    coupled = acwr(daily(load), method="rolling", coupled=True)
    uncoupled = acwr(daily(load), method="rolling", coupled=False)
    assert coupled.iloc[-1] == pytest.approx(40 / ((210 + 280) / 28))  # days 1-28: 2.286
    assert uncoupled.iloc[-1] == pytest.approx(40 / 10)  # days 1-21 only: 4.0
    assert coupled.iloc[:27].isna().all() and uncoupled.iloc[:27].isna().all()
    # One more day: windows slide by one (uncoupled chronic = days 2-22).
    longer = acwr(daily([*load, 40.0]), method="rolling", coupled=False)
    assert longer.iloc[-1] == pytest.approx(40 / ((20 * 10 + 40) / 21))


def test_constant_load_gives_one_and_zero_chronic_gives_nan() -> None:
    flat = daily(np.full(50, 300.0))
    for method, coupled in (("ewma", False), ("rolling", True), ("rolling", False)):
        ratio = acwr(flat, method=method, coupled=coupled)  # type: ignore[arg-type]
        np.testing.assert_allclose(ratio.iloc[27:], 1.0)
    first_load_late = daily([0.0] * 21 + [70.0] * 7)
    assert np.isnan(acwr(first_load_late, method="rolling").iloc[-1])  # chronic 0
    assert np.isnan(acwr(daily(np.zeros(30))).iloc[-1])


def test_bad_arguments() -> None:
    load = daily(np.ones(30))
    with pytest.raises(ValueError, match="coupled applies"):
        acwr(load, coupled=True)
    with pytest.raises(ValueError, match="method"):
        acwr(load, method="median")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="acute_days < chronic_days"):
        acwr(load, acute_days=28, chronic_days=7)


def test_ratio_does_not_depend_on_the_load_unit() -> None:
    rng = np.random.default_rng(5)
    load = rng.random(90) * 100
    for method in ("ewma", "rolling"):
        np.testing.assert_allclose(
            acwr(daily(load), method=method),  # type: ignore[arg-type]
            acwr(daily(60 * load), method=method),  # type: ignore[arg-type]
            rtol=1e-12,
        )
