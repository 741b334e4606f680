"""Validate the diagnosis on fresh simulated athletes: precision and recall per finding code.

Run: ``python benchmarks/validate_diagnosis.py [--seeds 1 2] [--scenarios ivan boston control]
[--every 4]``.

Each scenario of :mod:`runlytics.simulate.scenarios` is simulated with seeds other than the
samples' (0) and analysed as ``benchmarks/validate_history.py`` does (the athlete a coach
would enter). The diagnosis is then run as of every ``--every`` weeks from week 16 to the
end (the state a coach would see on each of those days), and each finding code is scored
against what the simulator decided (its truth, never shown to the library):

* ``layoff``: a true break (10+ days without running) ended within the 52 weeks up to the day;
* ``base_phase_needed``: a true break of 14+ days whose base phase (a week per week off, plus
  a week per VDOT the true fitness lost beyond the first) is not over on the day;
* ``easy_runs_too_fast``: of the runs the plan meant easy (truth label easy, recovery, long)
  in the last 12 weeks (since the return after a break), 30 % or more truly ran above the
  top of Daniels' easy range (mean effort of the steps, by time, above 0.74 of the true
  VDOT), or half of all runs were planned hard;
* ``unstructured_speedwork``: of the true hard sessions of the last 12 weeks, 4+ and half
  or more were planned as unstructured speedwork;
* ``mileage_up_fitness_flat``: the day lies 8+ weeks into a phase the scenario's story calls
  flat under rising mileage (boston's "autumn mileage" and "more miles"; ivan's "stalled" is
  at held volume), up to 4 weeks after it ended (the new block has not shown yet).

A code is counted found when its finding is a warning or problem (``layoff``: at any
severity, an old break is info). Control seeds are athletes
with none of these problems: every finding they raise is a false positive.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, replace

import pandas as pd
from validate_history import FLAT_PHASES, frames

import runlytics as rl
from runlytics.diagnosis.progress import base_weeks
from runlytics.simulate import scenarios

SCORED = (
    "layoff",
    "base_phase_needed",
    "easy_runs_too_fast",
    "unstructured_speedwork",
    "mileage_up_fitness_flat",
)
EASY_TRUTH = {"easy", "recovery", "long"}
HARD_TRUTH = {"tempo", "intervals", "progression", "fartlek", "unstructured_speedwork"}
EASY_TOP = 0.74
#: Flat phases under rising mileage (ivan's "stalled" is at held volume: not this finding).
MILEAGE_FLAT = FLAT_PHASES - {"stalled"}
#: A stall is still the current state in the first weeks of the block that ends it.
STALL_GRACE = pd.Timedelta(weeks=4)


@dataclass(frozen=True)
class SimHistory:
    """The History-like object the diagnosis reads: activities, athlete, ``until``."""

    activities: pd.DataFrame
    athlete: rl.Athlete

    def until(self, day: pd.Timestamp) -> SimHistory:
        return replace(self, activities=self.activities[self.activities["local_date"] <= day])


def run_truth(history: object, activities: pd.DataFrame) -> pd.DataFrame:
    """One row per run: local day, true label, and whether it ran above the easy range."""
    rows = []
    for run in history.runs:  # type: ignore[attr-defined]
        t = run.truth
        seconds = [(s.end - s.start).total_seconds() for s in t.steps]
        effort = sum(s.effort * w for s, w in zip(t.steps, seconds, strict=True))
        rows.append({"label": t.label, "above_easy": effort / max(sum(seconds), 1.0) > EASY_TOP})
    out = pd.DataFrame(rows, index=activities.index)
    out["local_date"] = activities["local_date"]
    return out


def expected(day: pd.Timestamp, truth: object, runs: pd.DataFrame, vdot: pd.Series) -> set[str]:
    """The codes the simulator's truth calls for on ``day``."""
    codes = set()
    window = day - pd.Timedelta(weeks=12)
    start = window
    for b in truth.layoffs:  # type: ignore[attr-defined]
        s, e = pd.Timestamp(b.start), pd.Timestamp(b.end)
        if e > day:
            continue
        if e >= day - pd.Timedelta(weeks=52):
            codes.add("layoff")
        days = (e - s).days
        lost = float(vdot.get(s - pd.Timedelta(days=1), math.nan)) - float(
            vdot.get(min(e + pd.Timedelta(weeks=4), day), math.nan)
        )
        if days >= 14 and (day - e).days / 7 < base_weeks(days, lost):
            codes.add("base_phase_needed")
        if e > start:
            start = e
    recent = runs[(runs["local_date"] > start) & (runs["local_date"] <= day)]
    easy = recent[recent["label"].isin(EASY_TRUTH)]
    hard_share = recent["label"].isin(HARD_TRUTH).mean() if len(recent) else 0.0
    if len(easy) >= 8 and easy["above_easy"].mean() >= 0.3:
        codes.add("easy_runs_too_fast")
    elif len(recent) >= 8 and hard_share >= 0.5:
        codes.add("easy_runs_too_fast")
    last12 = runs[(runs["local_date"] > window) & (runs["local_date"] <= day)]
    hard = last12[last12["label"].isin(HARD_TRUTH)]
    unstructured = int((hard["label"] == "unstructured_speedwork").sum())
    if unstructured >= 4 and unstructured / len(hard) >= 0.5:
        codes.add("unstructured_speedwork")
    for phase, a, b in truth.phases:  # type: ignore[attr-defined]
        a, b = pd.Timestamp(a), pd.Timestamp(b)
        if phase in MILEAGE_FLAT and a + pd.Timedelta(weeks=8) <= day < b + STALL_GRACE:
            codes.add("mileage_up_fitness_flat")
    return codes


def validate(name: str, seed: int, every: int) -> list[dict[str, object]]:
    t0 = time.perf_counter()
    scenario = getattr(scenarios, name)()
    simulated = scenario.simulate(seed=seed)
    truth = simulated.truth()
    activities, athlete = frames(simulated, scenario.runner)
    runs = run_truth(simulated, activities)
    vdot = pd.Series(
        truth.daily["vdot"], index=pd.date_range(truth.start, periods=len(truth.daily["vdot"]))
    )
    history = SimHistory(activities, athlete)
    first, last = activities["local_date"].min(), activities["local_date"].max()
    days = list(pd.date_range(first + pd.Timedelta(weeks=16), last, freq=f"{7 * every}D"))
    days.append(last)
    rows = []
    for day in days:
        d = rl.diagnose(history, as_of=day)
        found = {
            f.code for f in d.findings if f.severity in ("warning", "problem") or f.code == "layoff"
        }
        rows.append(
            {
                "athlete": f"{name} {seed}",
                "day": day,
                "found": found,
                "expected": expected(day, truth, runs, vdot),
            }
        )
    print(f"{name} seed {seed}: {len(days)} diagnoses, {time.perf_counter() - t0:.0f} s")
    return rows


def score(rows: list[dict[str, object]]) -> pd.DataFrame:
    table = {}
    for code in SCORED:
        tp = sum(code in r["found"] and code in r["expected"] for r in rows)  # type: ignore[operator]
        fp = sum(code in r["found"] and code not in r["expected"] for r in rows)  # type: ignore[operator]
        fn = sum(code not in r["found"] and code in r["expected"] for r in rows)  # type: ignore[operator]
        table[code] = {
            "true": tp + fn,
            "found": tp + fp,
            "precision": tp / (tp + fp) if tp + fp else math.nan,
            "recall": tp / (tp + fn) if tp + fn else math.nan,
        }
    return pd.DataFrame(table).T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scenarios", nargs="+", default=["ivan", "boston", "control"])
    parser.add_argument("--every", type=int, default=4, help="weeks between diagnosis days")
    args = parser.parse_args()
    rows = [r for s in args.seeds for n in args.scenarios for r in validate(n, s, args.every)]
    print(score(rows).to_string(float_format=lambda v: f"{v:.2f}"))
    other = [
        f"{r['athlete']} {r['day']:%Y-%m-%d}: {sorted(r['found'])}"  # type: ignore[arg-type]
        for r in rows
        if str(r["athlete"]).startswith("control") and r["found"]
    ]
    print(f"control diagnoses with a warning or problem: {len(other)}")
    for line in other:
        print("  " + line)
    misses = [
        f"{r['athlete']} {r['day']:%Y-%m-%d}: found {sorted(r['found'])}, "  # type: ignore[arg-type]
        f"expected {sorted(r['expected'])}"  # type: ignore[arg-type]
        for r in rows
        if {c for c in r["found"] if c in SCORED} != r["expected"]  # type: ignore[attr-defined]
    ]
    print(f"disagreements ({len(misses)} of {len(rows)} diagnoses):")
    for line in misses:
        print("  " + line)


if __name__ == "__main__":
    main()
