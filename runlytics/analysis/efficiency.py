"""Aerobic decoupling of one run, gated on steadiness.

Formulas, units and sources are in :mod:`runlytics.metrics.efficiency`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.memo import per_activity
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.metrics.efficiency import decoupling_pct, efficiency_factor
from runlytics.metrics.steadiness import block_cv, moving_clock


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


@per_activity
def decoupling_of(prepared: PreparedActivity) -> DecouplingResult:
    """:func:`decoupling` with its default gates, remembered."""
    return decoupling(prepared)
