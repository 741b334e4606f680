"""Performance management chart: fitness (CTL), fatigue (ATL), form (TSB), ramp.

Banister's impulse-response model as popularised by Coggan (TrainingPeaks'
Performance Manager). Each of CTL and ATL is an exponentially weighted average
of the daily load, updated once a day::

    X_t = X_{t-1} + k (load_t - X_{t-1}),   X_{-1} = X0 (ctl0 / atl0, default 0)

with time constant ``N`` = 42 days for CTL and 7 days for ATL. The weight ``k``
depends on the convention:

* ``"exponential"`` (default): ``k = 1 - exp(-1/N)``, the exact daily decay of
  Banister's continuous impulse response ``exp(-t/N)`` (GoldenCheetah);
* ``"trainingpeaks"``: ``k = 1/N`` (TrainingPeaks, intervals.icu), its first-order
  approximation, slightly faster;
* ``"runalyze"``: ``k = 2/(N+1)`` (Runalyze, pandas ``ewm(span=N)``), which behaves
  like a time constant of about N/2.

``tsb`` on a day is the *previous* day's CTL - ATL (form going into the day,
TrainingPeaks' convention); on the first day it is ``ctl0 - atl0``. ``ramp`` is
``CTL_t - CTL_{t-7}`` (load units per week), NaN on the first 7 days, whose CTL
7 days earlier is not known. Loads are in whatever unit the daily load has
(TSS, TRIMP, ...); CTL, ATL, TSB share it.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.metrics.daily import DailyLoad, check_daily_load

PmcConvention = Literal["exponential", "trainingpeaks", "runalyze"]
#: Days over which ``ramp`` measures the change of CTL.
RAMP_DAYS = 7


def pmc_weight(days: float, convention: PmcConvention = "exponential") -> float:
    """The daily weight ``k`` of a time constant of ``days`` under ``convention``."""
    if not days > 0:
        raise ValueError(f"time constants must be positive days, not {days!r}")
    if convention == "exponential":
        return 1.0 - math.exp(-1.0 / days)
    if convention == "trainingpeaks":
        return 1.0 / days
    if convention == "runalyze":
        return 2.0 / (days + 1.0)
    raise ValueError(
        f"convention must be 'exponential', 'trainingpeaks' or 'runalyze', not {convention!r}"
    )


def ewma_recurrence(load: NDArray[np.float64], k: float, x0: float) -> NDArray[np.float64]:
    """``x_t = x_{t-1} + k (load_t - x_{t-1})`` from ``x_{-1} = x0`` (``scipy.signal.lfilter``)."""
    # Imported here to keep ``import runlytics`` light.
    from scipy.signal import lfilter

    a = 1.0 - k
    out, _ = lfilter([k], [1.0, -a], load, zi=[a * x0])
    return np.asarray(out, dtype="float64")


def pmc(
    daily_load: DailyLoad,
    *,
    ctl_days: float = 42,
    atl_days: float = 7,
    convention: PmcConvention = "exponential",
    ctl0: float = 0.0,
    atl0: float = 0.0,
) -> pd.DataFrame:
    """CTL, ATL, TSB and ramp per day of ``daily_load`` (see the module docstring).

    ``daily_load`` is a Series on consecutive days (rest days 0); the result has
    the same index and the columns ``ctl``, ``atl``, ``tsb``, ``ramp``.
    """
    series = check_daily_load(daily_load)
    load = series.to_numpy()
    ctl = ewma_recurrence(load, pmc_weight(ctl_days, convention), float(ctl0))
    atl = ewma_recurrence(load, pmc_weight(atl_days, convention), float(atl0))
    balance = ctl - atl
    tsb = np.concatenate(([float(ctl0) - float(atl0)], balance[:-1]))
    ramp = np.full_like(ctl, np.nan)
    ramp[RAMP_DAYS:] = ctl[RAMP_DAYS:] - ctl[:-RAMP_DAYS]
    out = pd.DataFrame({"ctl": ctl, "atl": atl, "tsb": tsb, "ramp": ramp}, index=series.index)
    out.attrs["convention"] = convention
    return out
