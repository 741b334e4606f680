"""Efficiency factor and aerobic decoupling (Friel's Pa:HR).

* Efficiency factor (Friel, TrainingPeaks; Allen & Coggan for cycling): mean
  speed over mean heart rate on a steady effort. Here speed is the
  grade-adjusted speed by default, and the unit is **metres per heartbeat**
  (speed in m/min divided by HR in bpm; e.g. 3 m/s at 150 bpm = 1.2 m/beat)::

      EF = 60 * sum(v dt) / sum(HR dt)      over samples having both

* Decoupling (Friel, *The Triathlete's Training Bible*; "Pa:HR")::

      decoupling_pct = 100 * (EF_first - EF_second) / EF_first

  on the two halves (equal moving time) of the run after trimming the warm-up.
  **Positive means HR rose relative to speed** (drift); below 5 % is the usual
  "aerobically fit for this duration" line. It uses speed, not pace: with pace
  the ratio inverts (a known bug in some tools).

The number means something only for a steady effort, so
:func:`runlytics.analysis.efficiency.decoupling` reports ``steady=False`` with
a ``reason`` when a gate fails (defaults): less than 20 min of moving time
after the 10-min warm-up, HR on less than 90 % of it, or a CV of 1-min mean GAP
speeds above 10 %.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def efficiency_factor(speed_mps: ArrayLike, hr_bpm: ArrayLike, dt_s: ArrayLike) -> float:
    """Efficiency factor in metres per heartbeat: ``60 * sum(v dt) / sum(HR dt)``.

    Only samples with both a speed and a heart rate count; NaN if none.
    """
    v = np.asarray(speed_mps, dtype="float64")
    hr = np.asarray(hr_bpm, dtype="float64")
    dt = np.asarray(dt_s, dtype="float64")
    ok = np.isfinite(v) & np.isfinite(hr) & (dt > 0)
    heartbeats = np.sum(hr[ok] * dt[ok])
    return float(60.0 * np.sum(v[ok] * dt[ok]) / heartbeats) if heartbeats > 0 else float("nan")


def decoupling_pct(ef_first: float, ef_second: float) -> float:
    """Friel decoupling in %: ``100 * (EF1 - EF2) / EF1`` (positive = HR drifted up)."""
    return 100.0 * (ef_first - ef_second) / ef_first
