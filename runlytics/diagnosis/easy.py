"""Rules on the aerobic running: easy pace, drift on long runs, fade.

Thresholds are named here and argued in ``docs/diagnosis.md``.
"""

from __future__ import annotations

import math

import pandas as pd

from runlytics.diagnosis.context import HARD_LABELS, RECENT_WEEKS, Context
from runlytics.diagnosis.drawings import easy_runs, points_over_time
from runlytics.diagnosis.model import Finding
from runlytics.vocabulary import Severity, format_pace

#: Easy runs judged in the recent window: at least this many with a VDOT to judge them by.
MIN_EASY_RUNS = 8
#: Share of them above the top of Daniels' easy range for a warning, and for a problem.
TOO_FAST_SHARE = 0.3
TOO_FAST_PROBLEM = 0.5
#: Most runs at tempo effort or harder (classifier labels): the easy days are gone.
HARD_SHARE = 0.5
#: Long runs (label long, or 90 min and more) with a decoupling (Friel: under 5 % is aerobically
#: fit for the duration); the median of at least this many above the limit.
MIN_LONG_RUNS = 3
DECOUPLING_LIMIT_PCT = 5.0
LONG_RUN_S = 90 * 60
#: Pace fade: races and long runs whose second half was this much slower, in at least this many
#: of the recent ones looked at (at most :data:`FADE_RUNS`, the latest).
FADE_LIMIT_PCT = 5.0
FADE_MIN = 2
FADE_RUNS = 6


def window_start(ctx: Context) -> pd.Timestamp:
    """The recent window, or the return from a break inside it (the return is judged alone)."""
    start = ctx.recent_start
    if not ctx.layoffs.empty and ctx.layoffs["end"].iloc[-1] > start:
        start = pd.Timestamp(ctx.layoffs["end"].iloc[-1])
    return start


def easy_runs_too_fast(ctx: Context) -> Finding | None:
    """Warning (problem from half): recent easy runs faster than Daniels' easy range, or most
    runs at tempo effort or harder (no easy days left to judge)."""
    start = window_start(ctx)
    everything = ctx.runs[(ctx.runs["local_date"] >= start) & (ctx.runs["label"] != "race")]
    hard = everything[everything["label"].isin(HARD_LABELS)]
    if len(everything) >= MIN_EASY_RUNS and len(hard) / len(everything) >= HARD_SHARE:
        return _no_easy_days(ctx, everything, hard, start)
    runs = ctx.discipline.runs
    runs = runs[(runs["date"] >= start) & runs["vdot"].notna()]
    if len(runs) < MIN_EASY_RUNS:
        return None
    share = float(runs["too_fast"].mean())
    if share < TOO_FAST_SHARE:
        return None
    fast = runs[runs["too_fast"].astype(bool)]
    last = runs.iloc[-1]
    examples = ", ".join(
        f"{d:%Y-%m-%d} (#{i}) {format_pace(float(v))}"
        for i, d, v in zip(fast.index[-3:], fast["date"][-3:], fast["speed_mps"][-3:], strict=True)
    )
    statement = (
        f"{len(fast)} of {len(runs)} easy, recovery, long and steady runs since "
        f"{start:%Y-%m-%d} ({share:.0%}) were faster than the easy range "
        f"{format_pace(float(last['easy_max_mps']), unit=False)}-"
        f"{format_pace(float(last['easy_min_mps']))} of VDOT {last['vdot']:.1f} (median "
        f"{fast['pace_margin_pct'].median():.0f} % too fast). Latest: {examples}."
    )
    evidence = runs[
        ["date", "label", "speed_mps", "easy_max_mps", "pace_margin_pct", "too_fast", "avg_hr_bpm"]
    ].round({"speed_mps": 3, "easy_max_mps": 3, "pace_margin_pct": 1, "avg_hr_bpm": 0})
    severity: Severity = "problem" if share >= TOO_FAST_PROBLEM else "warning"
    return Finding(
        "easy_runs_too_fast", severity, "Easy runs too fast", statement, evidence, easy_runs(runs)
    )


def _no_easy_days(
    ctx: Context, runs: pd.DataFrame, hard: pd.DataFrame, start: pd.Timestamp
) -> Finding:
    share = len(hard) / len(runs)
    hr_max = ctx.athlete.at(ctx.as_of).hr_max if ctx.athlete is not None else None
    evidence = runs[["local_date", "label", "distance_m", "moving_s", "avg_heart_rate_bpm"]].copy()
    if hr_max is not None and math.isfinite(float(hr_max)):
        evidence["pct_hr_max"] = (100 * evidence["avg_heart_rate_bpm"] / float(hr_max)).round(0)
        hr_text = f", at a median {evidence.loc[hard.index, 'pct_hr_max'].median():.0f} % of HRmax"
    else:
        hr_text = ""
    latest = ", ".join(f"{d:%Y-%m-%d} (#{i})" for i, d in hard["local_date"][-3:].items())
    statement = (
        f"{len(hard)} of the {len(runs)} runs since {start:%Y-%m-%d} ({share:.0%}) were at tempo "
        f"effort or harder{hr_text}: the runs meant to be easy are run hard, and no easy day is "
        f"left. Latest: {latest}."
    )
    return Finding(
        "easy_runs_too_fast",
        "problem",
        "Easy runs too fast",
        statement,
        evidence.round({"distance_m": 0, "moving_s": 0, "avg_heart_rate_bpm": 0}),
        points_over_time(evidence["local_date"], evidence["avg_heart_rate_bpm"], "heart rate, bpm"),
    )


def aerobic_decoupling(ctx: Context) -> Finding | None:
    """Warning: the recent long runs drift (pace to heart rate) by more than 5 % (median)."""
    recent = ctx.recent_runs()
    long = recent[(recent["label"] == "long") | (recent["moving_s"].astype(float) >= LONG_RUN_S)]
    long = long[long["label"] != "race"]
    if "decoupling_pct" not in long.columns:
        return None
    long = long[long["decoupling_pct"].notna()]
    if len(long) < MIN_LONG_RUNS:
        return None
    median = float(long["decoupling_pct"].median())
    if median <= DECOUPLING_LIMIT_PCT:
        return None
    evidence = long[["local_date", "distance_m", "moving_s", "decoupling_pct"]]
    evidence = evidence.round({"distance_m": 0, "moving_s": 0, "decoupling_pct": 1})
    worst = long.loc[[long["decoupling_pct"].idxmax()]].iloc[0]
    statement = (
        f"The {len(long)} long runs of the last {RECENT_WEEKS} weeks drifted a median "
        f"{median:.1f} % (heart rate rising against pace from the first half to the second; "
        f"under {DECOUPLING_LIMIT_PCT:.0f} % means aerobically fit for the distance). Worst: "
        f"{worst['local_date']:%Y-%m-%d} (#{worst.name}), {worst['decoupling_pct']:.1f} %."
    )
    return Finding(
        "aerobic_decoupling",
        "warning",
        "Long runs drifting",
        statement,
        evidence,
        points_over_time(evidence["local_date"], evidence["decoupling_pct"], "decoupling, %"),
    )


def pace_fade(ctx: Context) -> Finding | None:
    """Warning: recent races and long runs slowed by more than 5 % in their second half."""
    run = getattr(ctx.history, "run", None)
    if run is None:
        return None
    recent = ctx.recent_runs()
    chosen = recent[(recent["label"] == "race") | (recent["moving_s"].astype(float) >= LONG_RUN_S)]
    rows = []
    for activity_id in chosen.index[-FADE_RUNS:]:
        try:
            fade = run(int(activity_id)).pace_fade
        except (KeyError, ValueError, OSError):
            continue
        if fade is None or not math.isfinite(float(fade.fade_pct)):
            continue
        rows.append(
            {
                "activity_id": int(activity_id),
                "local_date": chosen.loc[activity_id, "local_date"],
                "label": chosen.loc[activity_id, "label"],
                "fade_pct": round(float(fade.fade_pct), 1),
            }
        )
    table = pd.DataFrame(rows, columns=["activity_id", "local_date", "label", "fade_pct"])
    faded = table[table["fade_pct"] > FADE_LIMIT_PCT]
    if len(faded) < FADE_MIN:
        return None
    statement = (
        f"{len(faded)} of the last {len(table)} races and long runs slowed by more than "
        f"{FADE_LIMIT_PCT:.0f} % in their second half: "
        + ", ".join(
            f"{d:%Y-%m-%d} (#{i}) {f:+.1f} %"
            for i, d, f in zip(
                faded["activity_id"], faded["local_date"], faded["fade_pct"], strict=True
            )
        )
        + "."
    )
    return Finding(
        "pace_fade",
        "warning",
        "Fading in the second half",
        statement,
        table.set_index("activity_id"),
        points_over_time(table["local_date"], table["fade_pct"], "fade, %"),
    )
