"""Time prepare + detect_segments + classify_run; print milliseconds per hour of 1 Hz data.

Run: ``python benchmarks/bench_analysis.py [repeats]``. Median of ``repeats`` runs
(default 7) on simulated 1 h and 2 h runs (intervals, long run) and on the
largest real running FIT file when ../shared/data/real is there. Target: under
100 ms per hour.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

import runlytics
from runlytics.activity import Activity
from runlytics.analysis.classify import classify_run
from runlytics.analysis.prepare import prepare
from runlytics.analysis.segments import detect_segments
from runlytics.athlete import Athlete
from runlytics.simulate import workouts
from runlytics.simulate.run import simulate_run
from runlytics.simulate.runner import Runner

REAL = Path(__file__).resolve().parent.parent / ".." / "shared" / "data" / "real"
ATHLETE = Athlete(sex="male", hr_max=185, hr_rest=50, vdot=50.0)


def analyse(activity: Activity) -> None:
    prepared = prepare(activity)
    detect_segments(prepared)
    classify_run(prepared, ATHLETE)


def per_hour_ms(activity: Activity, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        analyse(activity)
        times.append(time.perf_counter() - t0)
    hours = (activity.records.index[-1] - activity.records.index[0]).total_seconds() / 3600
    return statistics.median(times) * 1000 / hours


def largest_real_fit() -> Path | None:
    files = [p for p in REAL.rglob("*.fit") if p.stat().st_size < 5_000_000]
    running = []
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:15]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", runlytics.RecoveredDataWarning)
                if runlytics.read_fit(path).session.sport == "running":
                    running.append(path)
        except runlytics.RunlyticsError:
            continue
    return running[0] if running else None


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    runner = Runner("bench", "M", age=35, hr_max=185, hr_rest=50, vdot=50.0)
    cases = {
        "simulated 1 h intervals": workouts.intervals(8, distance_m=1000, warmup_min=20),
        "simulated 2 h long run": workouts.long_run(26),
    }
    for name, workout in cases.items():
        activity = simulate_run(workout, runner, start="2024-05-01T07:00", seed=1).activity
        print(f"{name:40s} {per_hour_ms(activity, repeats):6.1f} ms per hour")
    path = largest_real_fit() if REAL.is_dir() else None
    if path is not None:
        label = f"real {path.name}"
        print(f"{label:40s} {per_hour_ms(runlytics.read_fit(path), repeats):6.1f} ms per hour")


if __name__ == "__main__":
    main()
