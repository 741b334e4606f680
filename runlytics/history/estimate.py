"""The athlete of an export when none is given: a simple estimate from the analysed runs.

One place, so a fuller ``estimate_athlete`` can replace it. It reads only the
per-run numbers the first pass stored (no second analysis):

* ``hr_max``: the highest 10-s median heart rate of all runs (a floor of the
  true maximum unless a run was maximal);
* ``threshold_speed_mps`` and ``hr_threshold``: the fastest 30-min window by
  grade-adjusted speed and the mean HR over its last 20 min (Friel); a floor
  unless the export holds a hard 30-min effort.

Each value is an :class:`~runlytics.athlete.Estimate` (flagged as estimated
in ``Athlete.at(...).estimated``). Resting HR and sex are not estimated, so
hrTSS and Banister TRIMP stay missing with an estimated athlete and the
daily load falls back to rTSS (see :meth:`History.daily_load`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.athlete import Athlete, Estimate


def estimate_from_runs(stats: pd.DataFrame) -> Athlete:
    """An :class:`Athlete` of estimates from per-run stats (one row per analysed run).

    Columns: ``local_date``, ``hr_peak_bpm``, ``effort_30min_gap_speed_mps``,
    ``effort_30min_hr_bpm``. Runs without a value are skipped; with no values
    at all the athlete is empty.
    """
    values: dict[str, Estimate] = {}
    n = len(stats)
    days = [pd.Timestamp(d) for d in stats["local_date"]]
    peaks = stats["hr_peak_bpm"].to_numpy(dtype="float64")
    if np.isfinite(peaks).any():
        i = int(np.nanargmax(peaks))
        values["hr_max"] = Estimate(
            float(peaks[i]),
            f"highest 10-s median HR in {n} runs of the export (a floor of HRmax)",
            days[i],
        )
    speed = stats["effort_30min_gap_speed_mps"].to_numpy(dtype="float64")
    if np.isfinite(speed).any():
        i = int(np.nanargmax(speed))
        day = days[i]
        values["threshold_speed_mps"] = Estimate(
            float(speed[i]),
            f"grade-adjusted speed of the fastest 30-min effort in {n} runs (Friel; a floor)",
            day,
        )
        hr = float(stats["effort_30min_hr_bpm"].to_numpy(dtype="float64")[i])
        if np.isfinite(hr):
            values["hr_threshold"] = Estimate(
                hr, "mean HR over the last 20 min of that 30-min effort (Friel)", day
            )
    return Athlete(**values)  # type: ignore[arg-type]
