"""How long one simulated year takes: the history, the activities, and the sample files.

Run from the repository root:  python benchmarks/bench_simulate.py [--athlete boston] [--seed 0]

Prints, for one sample athlete (default boston, a year and about 300 runs):
the time to simulate the history (fitness and truths), to build every
canonical Activity, and to generate and write the whole sample folder
(activity files, truths, activities.csv) into a temporary directory, with
files per second and megabytes written.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from runlytics.simulate.samples import SAMPLES, folder_size, sample_scenario, write_athlete


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Time one simulated year: history, activities, files."
    )
    parser.add_argument("--athlete", default="boston", choices=list(SAMPLES))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    scenario = sample_scenario(SAMPLES[args.athlete])

    start = time.perf_counter()
    history = scenario.simulate(args.seed)
    simulated = time.perf_counter() - start
    days = len(history.fitness)
    print(f"{args.athlete}: {days} days, {len(history.runs)} runs")
    print(f"  simulate the history (fitness, truths): {simulated:6.1f} s")

    start = time.perf_counter()
    records = sum(len(run.recording.activity().records) for run in history.runs)
    built = time.perf_counter() - start
    print(f"  build every Activity ({records:,} records): {built:6.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        folder = write_athlete(args.athlete, Path(tmp) / args.athlete, args.seed)
        written = time.perf_counter() - start
        count, size = folder_size(folder)
    runs = len(history.runs)
    print(
        f"  simulate, encode and write the folder:   {written:6.1f} s: {count} files "
        f"({count / written:.1f} files/s, {runs / written:.1f} runs/s), "
        f"{size / 1e6:.1f} MB ({size / 1e6 / written:.2f} MB/s)"
    )
    print(f"  one simulated year: {written * 365 / days:.1f} s to generate and write")


if __name__ == "__main__":
    main()
