"""Rules on the course of fitness: the stall, breaks, the return, the base phase.

Thresholds are named here and argued in ``docs/diagnosis.md``.
"""

from __future__ import annotations

import math

import pandas as pd

from runlytics.diagnosis.context import Context
from runlytics.diagnosis.drawings import bars_by_week, line_with_band
from runlytics.diagnosis.model import Drawing, Finding
from runlytics.vocabulary import Severity

#: A stall is current when the plateau of :func:`~runlytics.detect_plateau` ends this close to
#: the diagnosis date (its last weeks still in it).
STALL_CURRENT_WEEKS = 4
#: ... and its volume (km, not load) rose at least this much: the finding says "more miles"; a
#: plateau found on a load rise from harder sessions is not one (control seed 1: load +11 %,
#: volume +4 %, true VDOT 52.1 to 52.8).
STALL_MIN_VOLUME_PCT = 5.0
#: Breaks reported: those ending within this many weeks of the diagnosis (older ones are history).
LAYOFF_REPORT_WEEKS = 52
#: A break still shapes the training (warning, not info) this many weeks after the return.
LAYOFF_RECENT_WEEKS = 12
#: A base phase is needed after a break of at least this many days (Daniels: up to 5 days off
#: costs nothing; from about two weeks VO2max and blood volume fall measurably, Coyle 1984).
BASE_BREAK_DAYS = 14
#: Base phase length: a week per week off, plus a week per VDOT lost beyond the first, within these.
BASE_MIN_WEEKS = 2
BASE_MAX_WEEKS = 12
#: Return too fast: the old volume back (90 %) in fewer weeks than half the base phase, or the
#: acute:chronic ratio (Williams EWMA) above this in the 6 weeks after (load doubling the habit).
RETURN_ACWR = 1.5


def mileage_up_fitness_flat(ctx: Context) -> Finding | None:
    """Problem: volume rose while the fitness markers stayed flat, up to now."""
    p = ctx.plateaus
    if p.empty:
        return None
    current = p[
        (p["end"] >= ctx.as_of - pd.Timedelta(weeks=STALL_CURRENT_WEEKS))
        & (p["volume_change_pct"] >= STALL_MIN_VOLUME_PCT)
    ]
    if current.empty:
        return None
    row = current.iloc[0]
    evidence = {
        "start": f"{row['start']:%Y-%m-%d}",
        "end": f"{row['end']:%Y-%m-%d}",
        "weeks": int(row["weeks"]),
        "vdot_change": round(float(row["vdot_change"]), 2),
        "vdot_change_95": f"{row['vdot_change_low']:+.2f} to {row['vdot_change_high']:+.2f}",
        "volume_change_pct": round(float(row["volume_change_pct"]), 1),
        "weekly_km": round(float(row["weekly_m"]) / 1000, 1),
        "hard_per_week": round(float(row["hard_per_week"]), 2),
    }
    statement = (
        f"From {row['start']:%Y-%m-%d} to {row['end']:%Y-%m-%d} ({int(row['weeks'])} weeks) "
        f"the weekly volume rose {row['volume_change_pct']:.0f} % (about "
        f"{row['weekly_m'] / 1000:.0f} km a week) while the fitness markers stayed flat: VDOT "
        f"changed {row['vdot_change']:+.2f} (95 % {row['vdot_change_low']:+.2f} to "
        f"{row['vdot_change_high']:+.2f}). More miles of the same kind are not adding fitness."
    )
    weekly = ctx.trend.weekly
    return Finding(
        "mileage_up_fitness_flat",
        "problem",
        "More miles, no more fitness",
        statement,
        evidence,
        line_with_band(
            weekly["vdot"],
            weekly["vdot_low"],
            weekly["vdot_high"],
            "VDOT",
            span=(row["start"], row["end"]),
        ),
    )


def _last_break(ctx: Context) -> pd.Series | None:
    b = ctx.layoffs
    if b.empty:
        return None
    b = b[b["end"] >= ctx.as_of - pd.Timedelta(weeks=LAYOFF_REPORT_WEEKS)]
    return None if b.empty else b.iloc[-1]


def _vdot_lost(ctx: Context, b: pd.Series) -> float:
    after = b["vdot_after"]
    if pd.isna(after) or b["end"] + pd.Timedelta(weeks=4) > ctx.as_of:
        after, _ = ctx.current_vdot()
    lost = float(b["vdot_before"]) - float(after)
    return lost if math.isfinite(lost) else float("nan")


def base_weeks(days: float, vdot_lost: float) -> int:
    """Weeks of base phase after a break of ``days`` that cost ``vdot_lost``."""
    extra = math.ceil(max(vdot_lost - 1.0, 0.0)) if math.isfinite(vdot_lost) else 0
    return int(min(max(math.ceil(days / 7) + extra, BASE_MIN_WEEKS), BASE_MAX_WEEKS))


def layoff(ctx: Context) -> Finding | None:
    """Warning (info once long past): the last break of running, its cost and the return."""
    b = _last_break(ctx)
    if b is None:
        return None
    weeks_back = (ctx.as_of - b["end"]).days / 7
    lost = _vdot_lost(ctx, b)
    severity: Severity = "warning" if weeks_back <= LAYOFF_RECENT_WEEKS else "info"
    evidence = {
        "start": f"{b['start']:%Y-%m-%d}",
        "end": f"{b['end']:%Y-%m-%d}",
        "days": int(b["days"]),
        "vdot_before": round(float(b["vdot_before"]), 1),
        "vdot_lost": round(lost, 1),
        "ctl_before": round(float(b["ctl_before"]), 1),
        "ctl_at_return": round(float(b["ctl_at_return"]), 1),
        "weekly_km_before": round(float(b["weekly_m_before"]) / 1000, 1),
        "first_week_km": round(float(b["first_week_m"]) / 1000, 1),
    }
    statement = (
        f"No running from {b['start']:%Y-%m-%d} to {b['end']:%Y-%m-%d} ({int(b['days'])} days). "
        f"Fitness (CTL) fell from {b['ctl_before']:.0f} to {b['ctl_at_return']:.0f}"
        + (f" and VDOT from {b['vdot_before']:.1f} by {lost:.1f}" if math.isfinite(lost) else "")
        + f"; {b['weekly_m_before'] / 1000:.0f} km a week in the 4 weeks before, "
        f"{b['first_week_m'] / 1000:.0f} km in the first week back."
    )
    return Finding(
        "layoff", severity, "A break from running", statement, evidence, _break_weeks(ctx, b)
    )


def _break_weeks(ctx: Context, b: pd.Series) -> Drawing:
    """Weekly km around the break (26 weeks before to now), the break's weeks in red."""
    marks = pd.date_range(
        b["start"] - pd.Timedelta(days=b["start"].day_of_week), b["end"], freq="7D"
    )
    km = ctx.weekly_km[ctx.weekly_km.index >= b["start"] - pd.Timedelta(weeks=26)]
    return bars_by_week(km, "km per week", marks=marks)


def base_phase_needed(ctx: Context) -> Finding | None:
    """Warning: a recent break of :data:`BASE_BREAK_DAYS` or more calls for a base phase."""
    b = _last_break(ctx)
    if b is None or b["days"] < BASE_BREAK_DAYS:
        return None
    lost = _vdot_lost(ctx, b)
    weeks = base_weeks(float(b["days"]), lost)
    done = (ctx.as_of - b["end"]).days / 7
    if done >= weeks:
        return None
    evidence = {
        "break_days": int(b["days"]),
        "vdot_lost": round(lost, 1),
        "base_weeks": weeks,
        "weeks_since_return": round(done, 1),
        "weeks_remaining": math.ceil(weeks - done),
    }
    statement = (
        f"After {int(b['days'])} days off ({b['start']:%Y-%m-%d} to {b['end']:%Y-%m-%d})"
        + (f" that cost {lost:.1f} VDOT" if math.isfinite(lost) else "")
        + f", {weeks} weeks of base (easy running, strides, a long run, no hard sessions) from "
        f"the return: a week per week off"
        + (
            f", plus {weeks - math.ceil(b['days'] / 7)} for the fitness lost"
            if weeks > math.ceil(b["days"] / 7)
            else ""
        )
        + f". {done:.0f} weeks are done, {math.ceil(weeks - done)} remain."
    )
    return Finding(
        "base_phase_needed",
        "warning",
        "A base phase first",
        statement,
        evidence,
        _break_weeks(ctx, b),
    )


def return_too_fast(ctx: Context) -> Finding | None:
    """Warning: after a recent break the volume came back sooner than the base phase allows."""
    b = _last_break(ctx)
    if b is None or b["days"] < BASE_BREAK_DAYS:
        return None
    if b["end"] < ctx.as_of - pd.Timedelta(weeks=LAYOFF_RECENT_WEEKS):
        return None
    weeks = base_weeks(float(b["days"]), _vdot_lost(ctx, b))
    to_volume = float(b["weeks_to_volume"])
    quick = math.isfinite(to_volume) and to_volume < weeks / 2
    spike = math.isfinite(float(b["acwr_peak"])) and float(b["acwr_peak"]) >= RETURN_ACWR
    if not (quick or spike):
        return None
    evidence = {
        "return": f"{b['end']:%Y-%m-%d}",
        "weeks_to_volume": to_volume,
        "base_weeks": weeks,
        "acwr_peak": round(float(b["acwr_peak"]), 2),
        "acwr_peak_date": f"{b['acwr_peak_date']:%Y-%m-%d}",
    }
    parts = []
    if quick:
        parts.append(
            f"back to {0.9 * b['weekly_m_before'] / 1000:.0f} km a week (90 % of before) "
            f"{to_volume:.0f} weeks after the return on {b['end']:%Y-%m-%d}, where {weeks} weeks "
            "of gradual base were due"
        )
    if spike:
        parts.append(
            f"the acute:chronic load ratio reached {b['acwr_peak']:.1f} on "
            f"{b['acwr_peak_date']:%Y-%m-%d} (the load came back faster than the habit)"
        )
    statement = "The return was quick: " + "; ".join(parts) + "."
    return Finding(
        "return_too_fast", "warning", "Back too fast", statement, evidence, _break_weeks(ctx, b)
    )
