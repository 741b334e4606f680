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

The number means something only for a steady effort, so :func:`decoupling`
reports ``steady=False`` with a ``reason`` when a gate fails (defaults): less
than 20 min of moving time after the 10-min warm-up, HR on less than 90 % of
it, or a CV of 1-min mean GAP speeds above 10 %.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from runlytics.activity import Activity, interval_seconds
from runlytics.metrics.steadiness import block_cv, moving_clock
from runlytics.prepare import ensure_prepared


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


@dataclass(frozen=True)
class DecouplingResult:
    """Aerobic decoupling of one run, with the numbers behind it.

    ``ef`` is the efficiency factor of the whole analysed part (m/beat),
    ``duration_s`` its moving time, ``hr_coverage`` the fraction of it with HR,
    ``speed_cv`` the CV of its 1-min mean speeds. ``steady`` is False when a gate
    fails; ``reason`` then says which (empty when steady). The numbers are
    computed whenever possible, steady or not.
    """

    ef_first: float
    ef_second: float
    decoupling_pct: float
    ef: float
    duration_s: float
    hr_coverage: float
    speed_cv: float
    steady: bool
    reason: str


def decoupling(
    activity: Activity,
    *,
    warmup_s: float = 600.0,
    min_duration_s: float = 1200.0,
    min_hr_coverage: float = 0.9,
    max_speed_cv: float = 0.10,
    use_gap: bool = True,
    block_s: float = 60.0,
) -> DecouplingResult:
    """Friel aerobic decoupling (Pa:HR) of a run, gated on steadiness.

    The first ``warmup_s`` of moving time are dropped; the rest (moving samples
    only) is cut into two halves of equal moving time. Speed is the
    grade-adjusted speed (``use_gap=True``) or the plain speed. Accepts a raw
    or prepared activity.
    """
    records = ensure_prepared(activity).records
    dt = interval_seconds(records)
    moving = records["moving"].to_numpy()
    clock = moving_clock(moving, dt) - warmup_s
    rows = moving & (clock > 0)
    dt_a = np.where(rows, dt, 0.0)
    duration = float(dt_a.sum())
    speed = records["gap_speed_mps" if use_gap else "speed_mps"].to_numpy()
    hr = records["heart_rate_bpm"].to_numpy()
    first = rows & (clock <= duration / 2)
    second = rows & ~first
    ef_first = efficiency_factor(speed, hr, np.where(first, dt, 0.0))
    ef_second = efficiency_factor(speed, hr, np.where(second, dt, 0.0))
    hr_coverage = float(dt_a[np.isfinite(hr)].sum() / duration) if duration > 0 else 0.0
    cv = block_cv(speed[rows], clock[rows], dt[rows], block_s) if rows.any() else float("nan")

    reasons = []
    if duration < min_duration_s:
        reasons.append(
            f"{duration / 60:.0f} min of moving time after the {warmup_s / 60:g}-min warm-up, "
            f"fewer than {min_duration_s / 60:g}"
        )
    if hr_coverage < min_hr_coverage:
        reasons.append(
            "no heart rate"
            if hr_coverage == 0
            else f"heart rate on {hr_coverage:.0%} of the time, under {min_hr_coverage:.0%}"
        )
    if not cv <= max_speed_cv:
        reasons.append(
            "too little speed data to judge steadiness"
            if np.isnan(cv)
            else f"not a steady effort (CV of {block_s:g}-s mean speeds {cv:.1%} > "
            f"{max_speed_cv:.0%})"
        )
    return DecouplingResult(
        ef_first=ef_first,
        ef_second=ef_second,
        decoupling_pct=decoupling_pct(ef_first, ef_second),
        ef=efficiency_factor(speed, hr, dt_a),
        duration_s=duration,
        hr_coverage=hr_coverage,
        speed_cv=cv,
        steady=not reasons,
        reason="; ".join(reasons),
    )
