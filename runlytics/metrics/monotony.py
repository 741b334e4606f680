"""Foster's training monotony and strain per calendar week.

Foster C. (1998). Monitoring training in athletes with reference to
overtraining syndrome. Med Sci Sports Exerc 30:1164-1168. Over the 7 daily
loads of a week (rest days count as 0)::

    monotony = mean(daily load) / SD(daily load)
    strain   = weekly load x monotony

Weeks are calendar weeks, Monday to Sunday, of the daily load's own (local)
days. Foster does not say which SD: ``ddof=1`` (sample SD, spreadsheet STDEV,
the default) or ``ddof=0`` (population SD). With one session in the week,
monotony is ``1/sqrt(7)`` = 0.378 (``ddof=1``) or ``1/sqrt(6)`` = 0.408 (``ddof=0``).

Conventions for the edge cases:

* a week the daily load covers only in part (the first and last weeks of a
  history) has ``days < 7``: its ``load`` is the sum over the days present and
  its ``monotony``/``strain`` are NaN (the missing days are unknown, not rest);
* SD 0 with a positive mean (the same load every day) gives ``inf`` monotony
  and strain: the mathematical limit, and the most monotonous week there is.
  Tools differ here: Fellrnr caps monotony at 10, Runalyze switched to
  ``mean / (SD + mean)``; apply either to this output if wanted;
* a week of rest only (all 0) has monotony and strain NaN (undefined).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.metrics.daily import DailyLoad, check_daily_load

WEEK_DAYS = 7


def monotony_strain(daily_load: DailyLoad, *, ddof: int = 1) -> pd.DataFrame:
    """Weekly ``load``, ``monotony``, ``strain`` and ``days``, indexed by each week's Monday."""
    if ddof not in (0, 1):
        raise ValueError(f"ddof must be 0 (population SD) or 1 (sample SD), not {ddof!r}")
    load = check_daily_load(daily_load)
    index = pd.DatetimeIndex(load.index)
    wall = index.tz_localize(None) if index.tz is not None else index  # local calendar days
    monday = wall - pd.to_timedelta(wall.day_of_week, unit="D")
    grouped = load.groupby(monday.to_numpy())
    out = pd.DataFrame(
        {
            "load": grouped.sum(),
            "mean": grouped.mean(),
            "sd": grouped.std(ddof=ddof),
            "days": grouped.size(),
        }
    )
    full = out["days"].to_numpy() == WEEK_DAYS
    mean, sd = out["mean"].to_numpy(), out["sd"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = np.where(full & (mean > 0), mean / sd, np.nan)
    out["monotony"] = monotony
    out["strain"] = out["load"] * monotony
    if index.tz is not None:
        out.index = pd.DatetimeIndex(out.index).tz_localize(
            index.tz, ambiguous=True, nonexistent="shift_forward"
        )
    out.index.name = "week"
    return out[["load", "monotony", "strain", "days"]]
