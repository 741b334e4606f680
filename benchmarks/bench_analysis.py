"""Time analyze_run against the summarize + classify_run pair; print ms per hour of 1 Hz data.

Run: ``python benchmarks/bench_analysis.py [repeats] [--per-sample N]``.

Cases: the three largest real running FIT files (when ../shared/data/real is
there) and N sample runs of each bundled athlete (every k-th file of
``data/samples/*/activities``, default 12 each). For each case, the median of
``repeats`` runs (default 5), in CPU time of this process (``time.process_time``:
steadier than wall time on a shared machine; the work is single-threaded), on a
fresh copy of the read activity (so nothing derived from an earlier repeat is
reused) of:

* ``pair``: ``summarize(a, athlete)`` then ``classify_run(a, athlete)``, what a
  user called before ``analyze_run`` existed;
* ``analyze_run``: everything one run yields (prepared records, signal,
  segments, best efforts, decoupling, pace fade, classification, summary).

Target: ``analyze_run`` under 30 ms per hour. Run it with ``PYTHONPATH`` on an
older checkout to time that checkout's pair (the script then skips
``analyze_run``, which it does not have).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import runlytics
from runlytics.activity import Activity

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / ".." / "shared" / "data" / "real"
SAMPLES = ROOT / "data" / "samples"
ATHLETE = runlytics.Athlete(
    sex="male", hr_max=185, hr_rest=50, hr_threshold=170, threshold_speed_mps=4.2, vdot=50.0
)


def fresh(activity: Activity) -> Activity:
    """The same data as a new object: nothing remembered from earlier calls applies."""
    return Activity(activity.records, activity.laps, activity.session)


def pair(activity: Activity) -> None:
    runlytics.summarize(activity, ATHLETE)
    runlytics.classify_run(activity, ATHLETE)


def median_ms(step: Callable[[Activity], object], runs: list[Activity], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        copies = [fresh(a) for a in runs]
        t0 = time.process_time()
        for a in copies:
            step(a)
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def hours(runs: list[Activity]) -> float:
    return sum((a.records.index[-1] - a.records.index[0]).total_seconds() for a in runs) / 3600


def read_quietly(path: Path) -> Activity | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", runlytics.RecoveredDataWarning)
        try:
            return runlytics.read_activity(path)
        except runlytics.RunlyticsError:
            return None


def largest_real_runs(n: int = 3) -> list[tuple[str, list[Activity]]]:
    files = sorted(REAL.rglob("*.fit"), key=lambda p: p.stat().st_size, reverse=True)
    cases: list[tuple[str, list[Activity]]] = []
    for path in files:
        if path.stat().st_size > 5_000_000:
            continue
        activity = read_quietly(path)
        if activity is not None and activity.session.sport == "running":
            cases.append((f"real {path.name}", [activity]))
        if len(cases) == n:
            break
    return cases


def sample_runs(per_athlete: int) -> list[tuple[str, list[Activity]]]:
    cases = []
    for folder in sorted(p for p in SAMPLES.iterdir() if (p / "activities").is_dir()):
        files = sorted((folder / "activities").iterdir())
        chosen = files[:: max(1, len(files) // per_athlete)][:per_athlete]
        runs = [a for a in map(read_quietly, chosen) if a is not None]
        cases.append((f"samples {folder.name} ({len(runs)} runs)", runs))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=5)
    parser.add_argument("--per-sample", type=int, default=12)
    args = parser.parse_args()
    has_analyze = hasattr(runlytics, "analyze_run")
    cases = (largest_real_runs() if REAL.is_dir() else []) + sample_runs(args.per_sample)
    print(f"{'case':44s} {'hours':>6s} {'pair ms/h':>10s} {'analyze_run ms/h':>17s} {'ratio':>6s}")
    for name, activities in cases:
        h = hours(activities)
        old = median_ms(pair, activities, args.repeats) / h
        if has_analyze:
            new = median_ms(lambda a: runlytics.analyze_run(a, ATHLETE), activities, args.repeats)
            new /= h
            print(f"{name:44s} {h:6.2f} {old:10.1f} {new:17.1f} {new / old:6.2f}")
        else:
            print(f"{name:44s} {h:6.2f} {old:10.1f} {'-':>17s} {'-':>6s}")


if __name__ == "__main__":
    main()
