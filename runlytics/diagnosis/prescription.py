"""The prescription: paces from the current VDOT, a volume range, the next block's sessions.

Each :class:`~runlytics.diagnosis.model.Advice` names the findings that motivate it.
"""

from __future__ import annotations

import math

import pandas as pd

from runlytics.diagnosis.context import Context, tolerated_km
from runlytics.diagnosis.model import Advice, Finding, Prescription
from runlytics.metrics.vdot import training_paces
from runlytics.vocabulary import FindingCode, format_pace

#: Volume range as fractions of the tolerated week (75th percentile of the half year before):
#: in a base phase after a break (start low, Daniels: no more than about a mile a session a week
#: added), after a stall (less volume, more quality), otherwise (hold what was held).
BASE_RANGE = (0.6, 0.8)
STALL_RANGE = (0.8, 0.9)
HOLD_RANGE = (0.9, 1.0)
#: Goals from this distance (m) practise goal pace inside the long run (marathon-type goals).
LONG_GOAL_M = 30000.0
#: Weekly volume increase while building (the classic 10 % guideline, a ceiling not a target).
BUILD_STEP = 0.10


def _codes(findings: tuple[Finding, ...]) -> set[str]:
    return {f.code for f in findings if f.severity in ("warning", "problem")} | {
        f.code for f in findings if f.code in ("consistency", "long_run_habit", "goal_feasibility")
    }


def weekly_range(ctx: Context, findings: tuple[Finding, ...]) -> tuple[float, float] | None:
    """The weekly km range: from what was tolerated before a recent break, else recently."""
    codes = _codes(findings)
    until = ctx.as_of
    fractions = HOLD_RANGE
    brk = ctx.layoffs
    if "base_phase_needed" in codes and not brk.empty:
        until = pd.Timestamp(brk.iloc[-1]["start"]) - pd.Timedelta(days=1)
        fractions = BASE_RANGE
    elif "mileage_up_fitness_flat" in codes:
        fractions = STALL_RANGE
    km = tolerated_km(ctx.weekly_km, until)
    if not math.isfinite(km):
        return None
    return (round(km * fractions[0]), round(km * fractions[1]))


def prescribe(ctx: Context, findings: tuple[Finding, ...]) -> Prescription:
    """Paces, volume, base phase and advice for the findings of ``ctx``."""
    vdot, _ = ctx.current_vdot()
    paces = training_paces(vdot) if math.isfinite(vdot) else None
    codes = _codes(findings)
    present = {f.code for f in findings}
    base = next((f for f in findings if f.code == "base_phase_needed"), None)
    base_weeks = int(dict(base.evidence)["weeks_remaining"]) if base is not None else 0
    advice: list[Advice] = []

    def add(topic: str, text: str, *because: FindingCode) -> None:
        advice.append(Advice(topic, text, tuple(c for c in because if c in present)))

    easy = (
        f"{format_pace(paces.easy_max_mps, unit=False)}-{format_pace(paces.easy_min_mps)}"
        if paces is not None
        else "conversational pace"
    )
    if "easy_runs_too_fast" in codes or "aerobic_decoupling" in codes:
        add(
            "easy pace",
            f"Run every easy and long run at {easy} and hold back when heart rate climbs; the "
            "easy days carry the aerobic gains and leave legs for the hard days.",
            "easy_runs_too_fast",
            "aerobic_decoupling",
        )
    if base_weeks:
        add(
            "base phase",
            f"{base_weeks} more weeks of base: easy running at {easy}, 4-6 strides twice a week, "
            f"one long run, no hard sessions; add at most {BUILD_STEP:.0%} a week.",
            "base_phase_needed",
            "layoff",
            "return_too_fast",
        )
    if "return_too_fast" in codes and not base_weeks:
        add(
            "volume",
            f"Hold the volume steady for 3-4 weeks before adding more; at most "
            f"{BUILD_STEP:.0%} a week after that.",
            "return_too_fast",
        )
    if {"unstructured_speedwork", "no_progression"} & codes and not base_weeks and paces:
        add(
            "quality sessions",
            f"Two structured sessions a week with a target pace: threshold "
            f"({format_pace(paces.threshold_mps)}, e.g. 4-5 x 1.6 km with 1 min jog) and "
            f"intervals ({format_pace(paces.interval_mps)}, e.g. 5 x 1 km with 3 min jog). "
            "Progress one step at a time: a rep more every 1-2 weeks, and the paces up once "
            "the VDOT rises.",
            "unstructured_speedwork",
            "no_progression",
        )
    if "mileage_up_fitness_flat" in codes:
        add(
            "volume",
            "Cut the weekly volume to the range below: the miles added did not raise the "
            "fitness; the time goes to recovery and the quality sessions.",
            "mileage_up_fitness_flat",
        )
    goal = next((f for f in findings if f.code == "goal_feasibility"), None)
    if goal is not None and not base_weeks:
        g = dict(goal.evidence)
        where = (
            "segments inside the long run, progressing from 20 to 60 minutes"
            if float(g["distance_m"]) >= LONG_GOAL_M
            else "as the work of one quality session a week, from 2 x 10 to 3 x 15 minutes"
        )
        add(
            "goal work",
            f"Race-specific work in the last 8 weeks: goal pace ({g['goal_pace']}) {where}.",
            "goal_feasibility",
        )
    if not advice:
        add(
            "keep going",
            "Keep the current structure: it works. Race to check the VDOT and raise the paces "
            "when it rises.",
            "consistency",
            "long_run_habit",
            "racing_potential",
        )
    return Prescription(paces, weekly_range(ctx, findings), base_weeks, tuple(advice))
