"""Rules on how the athlete trains: consistency, the long run, the quality sessions.

Each rule takes the :class:`~runlytics.diagnosis.context.Context` and returns a
:class:`~runlytics.diagnosis.model.Finding` or ``None``; thresholds are named
here and argued in ``docs/diagnosis.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.diagnosis.context import HARD_LABELS, RECENT_WEEKS, STRUCTURED_LABELS, Context
from runlytics.diagnosis.drawings import bars_by_week, points_over_time
from runlytics.diagnosis.model import Finding
from runlytics.vocabulary import format_pace

#: Weeks judged for consistency (half a year), and the fewest weeks of history to judge.
CONSISTENCY_WEEKS = 26
CONSISTENCY_MIN_WEEKS = 12
#: A week counts as trained with this many runs; the strength needs this share of such weeks.
RUNS_PER_WEEK = 3
CONSISTENT_SHARE = 0.9
#: A long run: at least this moving time (Daniels: long runs of up to 2.5 h; 90 min is the usual
#: threshold of glycogen and capillary adaptations), in this share of the recent weeks.
LONG_RUN_S = 90 * 60
LONG_RUN_SHARE = 0.75
#: Unstructured speedwork: at least this many fast sessions in the recent weeks, this share of
#: them with no reps and no held target pace (classifier label ``unstructured_speedwork``).
MIN_FAST_SESSIONS = 4
UNSTRUCTURED_SHARE = 0.5
#: No progression: at least this many quality sessions, and their speed over the window rose by
#: less than this (a month of structured work moves T and I pace 1-2 %, Daniels' VDOT step).
MIN_QUALITY_SESSIONS = 6
MIN_PROGRESS_PCT = 1.0
#: ... or their median distance rose by at least this (more work at the same pace also progresses).
MIN_VOLUME_PROGRESS_PCT = 10.0
#: The runs whose average speed is their intensity (judged for progression).
NO_STRUCTURE_LABELS = ("unstructured_speedwork",)
#: Sessions of one kind needed in each half of the window to compare them.
MIN_PER_HALF = 3


def _ids(frame: pd.DataFrame, n: int = 5) -> str:
    return ", ".join(f"{d:%Y-%m-%d} (#{i})" for i, d in frame["local_date"].tail(n).items())


def consistency(ctx: Context) -> Finding | None:
    """Strength: a run at least :data:`RUNS_PER_WEEK` times in nearly every week of half a year."""
    runs = ctx.runs[ctx.runs["local_date"] > ctx.as_of - pd.Timedelta(weeks=CONSISTENCY_WEEKS)]
    if runs.empty:
        return None
    day = pd.to_datetime(runs["local_date"])
    counts = runs.groupby(day - pd.to_timedelta(day.dt.day_of_week, unit="D")).size()
    weeks = ctx.weekly_km.index[ctx.weekly_km.index > ctx.as_of - pd.Timedelta(weeks=26)]
    counts = counts.reindex(weeks, fill_value=0)
    if len(counts) < CONSISTENCY_MIN_WEEKS:
        return None
    trained = counts >= RUNS_PER_WEEK
    if trained.mean() < CONSISTENT_SHARE:
        return None
    km = ctx.weekly_km.reindex(weeks)
    evidence = {
        "weeks": len(counts),
        "weeks_with_3_runs": int(trained.sum()),
        "median_runs_per_week": float(counts.median()),
        "median_km_per_week": round(float(km.median()), 1),
        "from": f"{weeks[0]:%Y-%m-%d}",
    }
    statement = (
        f"Ran {RUNS_PER_WEEK} or more times in {int(trained.sum())} of the last {len(counts)} "
        f"weeks (since {weeks[0]:%Y-%m-%d}), a median of {counts.median():.0f} runs and "
        f"{km.median():.0f} km a week: the steady work that fitness is built on."
    )
    return Finding(
        "consistency",
        "strength",
        "Consistent training",
        statement,
        evidence,
        bars_by_week(km, "km per week"),
    )


def long_run_habit(ctx: Context) -> Finding | None:
    """Strength: a run of :data:`LONG_RUN_S` or more in most recent weeks."""
    recent = ctx.recent_runs()
    if ctx.weekly_km.index.size < RECENT_WEEKS // 2 or recent.empty:
        return None
    long = recent[recent["moving_s"].astype(float) >= LONG_RUN_S]
    day = pd.to_datetime(long["local_date"])
    weeks_with = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).nunique()
    share = weeks_with / RECENT_WEEKS
    if share < LONG_RUN_SHARE:
        return None
    evidence = pd.DataFrame(
        {
            "local_date": long["local_date"],
            "km": (long["distance_m"] / 1000).round(1),
            "minutes": (long["moving_s"] / 60).round(),
            "label": long["label"],
        }
    )
    statement = (
        f"A run of 90 minutes or more in {weeks_with} of the last {RECENT_WEEKS} weeks "
        f"(longest {evidence['km'].max():.1f} km); latest: {_ids(long, 3)}."
    )
    return Finding(
        "long_run_habit",
        "strength",
        "A regular long run",
        statement,
        evidence,
        points_over_time(evidence["local_date"], evidence["km"], "long run, km"),
    )


def unstructured_speedwork(ctx: Context) -> Finding | None:
    """Warning: most recent fast sessions had no reps and no held target pace."""
    recent = ctx.recent_runs()
    fast = recent[recent["label"].isin(HARD_LABELS)]
    unstructured = fast[fast["label"] == "unstructured_speedwork"]
    if len(fast) < MIN_FAST_SESSIONS or len(unstructured) < MIN_FAST_SESSIONS:
        return None
    share = len(unstructured) / len(fast)
    if share < UNSTRUCTURED_SHARE:
        return None
    structured = int(fast["label"].isin(STRUCTURED_LABELS).sum())
    evidence = _session_table(unstructured)
    statement = (
        f"{len(unstructured)} of the {len(fast)} faster sessions of the last {RECENT_WEEKS} "
        f"weeks ({share:.0%}) were hard running with no repetitions and no pace held to a "
        f"target (median {format_pace(float(evidence['speed_mps'].median()))}); only "
        f"{structured} were tempo, interval or progression sessions. Latest: "
        f"{_ids(unstructured)}."
    )
    return Finding(
        "unstructured_speedwork",
        "warning",
        "Speedwork without structure",
        statement,
        evidence,
        points_over_time(evidence["local_date"], evidence["speed_mps"], "speed, m/s"),
    )


def no_progression(ctx: Context) -> Finding | None:
    """Warning: the recent hard runs without structure got no faster and no longer.

    Like with like: the first six weeks of the window against the last six, for the runs
    whose average speed is their intensity (no warm-up, no reps: ``unstructured_speedwork``).
    A structured session's average mixes warm-up, work and recoveries, so its average speed
    says nothing of progression; those are not judged (a false alarm on control otherwise).
    """
    recent = ctx.recent_runs()
    fast = recent[recent["label"].isin(NO_STRUCTURE_LABELS)]
    if len(fast) < MIN_QUALITY_SESSIONS:
        return None
    table = _session_table(fast)
    second = table["local_date"] > ctx.as_of - pd.Timedelta(weeks=RECENT_WEEKS / 2)
    late = second.rename("second")
    first = table[~late].groupby("label")[["speed_mps", "km"]].median()
    last = table[late].groupby("label")[["speed_mps", "km"]].median()
    n_first, n_last = table[~late].groupby("label").size(), table[late].groupby("label").size()
    judged = [
        str(label)
        for label in first.index.intersection(last.index)
        if n_first[label] >= MIN_PER_HALF and n_last[label] >= MIN_PER_HALF
    ]
    if not judged:
        return None
    ratio = 100 * (last.loc[judged] / first.loc[judged] - 1.0)
    changes = dict(
        zip(
            judged, zip(ratio["speed_mps"].tolist(), ratio["km"].tolist(), strict=True), strict=True
        )
    )
    if any(s >= MIN_PROGRESS_PCT or k >= MIN_VOLUME_PROGRESS_PCT for s, k in changes.values()):
        return None
    table = table[table["label"].isin(judged)]
    statement = (
        f"The {len(table)} hard runs of the last {RECENT_WEEKS} weeks did not progress "
        "from the first six weeks to the last six: "
        + "; ".join(
            f"{label.replace('_', ' ')}: speed {s:+.1f} %, distance {k:+.0f} %"
            for label, (s, k) in changes.items()
        )
        + f" (progress: speed up {MIN_PROGRESS_PCT:.0f} % or distance up "
        f"{MIN_VOLUME_PROGRESS_PCT:.0f} %)."
    )
    return Finding(
        "no_progression",
        "warning",
        "Quality sessions not progressing",
        statement,
        table,
        points_over_time(table["local_date"], table["speed_mps"], "speed, m/s"),
    )


def _session_table(runs: pd.DataFrame) -> pd.DataFrame:
    speed = runs.get("avg_gap_speed_mps", runs["distance_m"] / runs["moving_s"]).astype(float)
    speed = speed.where(np.isfinite(speed), runs["distance_m"] / runs["moving_s"])
    return pd.DataFrame(
        {
            "local_date": runs["local_date"],
            "label": runs["label"],
            "km": (runs["distance_m"].astype(float) / 1000).round(2),
            "speed_mps": speed.round(3),
            "pace": [format_pace(float(v), unit=False) for v in speed],
        }
    )
