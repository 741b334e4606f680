"""Acute:chronic workload ratio (ACWR): how fast the daily load changed.

Two families, both over a daily load on consecutive days (rest days 0):

* ``method="ewma"`` (default), Williams S. et al. (2017). Better way to determine
  the acute:chronic workload ratio? Br J Sports Med 51:209-210::

      EWMA_t = lambda load_t + (1 - lambda) EWMA_{t-1},   lambda = 2 / (N + 1)

  with N = ``acute_days`` (7) and ``chronic_days`` (28), both averages seeded
  with the first day's load (``EWMA_0 = load_0``), ratio = acute / chronic.
  This is Williams' published form; its chronic average includes the recent
  days by construction, so ``coupled`` does not apply (``coupled=True`` raises).
* ``method="rolling"``: acute = mean load of the last ``acute_days`` days
  (t-6..t); chronic = mean of the last ``chronic_days`` days (t-27..t) when
  ``coupled=True`` (Hulin, Gabbett et al.), or of days t-27..t-7 when
  ``coupled=False`` (default: the acute week is left out of the chronic
  window, since the coupling alone correlates the two; Lolli et al. 2019,
  Windt & Gabbett 2019).

No ratio (NaN) on the first ``chronic_days - 1`` days for either method: the
first ratio is on day ``chronic_days`` (day 28), the first day a rolling chronic
window is full, as in Williams' worked example (ratios "on day 28"); the EWMA is
computed from day 1 but is dominated by its seed before that. A chronic load of
0 gives NaN, not infinity. The ratio describes how fast load changed; its use as
an injury predictor (the "0.8-1.3 sweet spot") is disputed (Impellizzeri et al.
2020) and nothing here scores risk.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from runlytics.metrics.daily import DailyLoad, check_daily_load
from runlytics.metrics.pmc import ewma_recurrence

AcwrMethod = Literal["ewma", "rolling"]


def williams_lambda(days: float) -> float:
    """Williams et al. 2017 decay ``lambda = 2 / (N + 1)`` for a window of ``days``."""
    return 2.0 / (days + 1.0)


def acwr(
    daily_load: DailyLoad,
    *,
    acute_days: int = 7,
    chronic_days: int = 28,
    method: AcwrMethod = "ewma",
    coupled: bool = False,
) -> pd.Series:
    """Acute:chronic workload ratio per day of ``daily_load`` (see the module docstring)."""
    if not 0 < acute_days < chronic_days:
        raise ValueError(f"need 0 < acute_days < chronic_days, not {acute_days} and {chronic_days}")
    series = check_daily_load(daily_load)
    load = series.to_numpy()
    if method == "ewma":
        if coupled:
            raise ValueError(
                "coupled applies to method='rolling' only; method='ewma' is Williams et al. "
                "2017 as published (its chronic average always includes the recent days)"
            )
        acute = ewma_recurrence(load, williams_lambda(acute_days), load[0])
        chronic = ewma_recurrence(load, williams_lambda(chronic_days), load[0])
    elif method == "rolling":
        csum = np.concatenate(([0.0], np.cumsum(load)))
        n = len(load)
        acute = np.full(n, np.nan)
        chronic = np.full(n, np.nan)
        t = np.arange(chronic_days - 1, n)  # days with a full chronic window
        acute_sum = csum[t + 1] - csum[t + 1 - acute_days]
        window_sum = csum[t + 1] - csum[t + 1 - chronic_days]
        acute[t] = acute_sum / acute_days
        if coupled:
            chronic[t] = window_sum / chronic_days
        else:
            chronic[t] = (window_sum - acute_sum) / (chronic_days - acute_days)
    else:
        raise ValueError(f"method must be 'ewma' or 'rolling', not {method!r}")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(chronic > 0, acute / chronic, np.nan)
    ratio[: chronic_days - 1] = np.nan
    return pd.Series(ratio, index=series.index, name="acwr")
