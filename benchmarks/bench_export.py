"""Whole exports: cold ``read_export`` on 2 cores vs the loop a user writes today, cache, memory.

Run: ``python benchmarks/bench_export.py [--samples boston,ivan,control] [--big 1000]``.

For each sample export (``data/samples/<name>``, about 300 runs each):

* ``user loop``: ``read_activity`` + ``classify_run`` + ``summarize`` on every
  file, serially, what a user writes without ``read_export`` (no log matching,
  no problems table, no weeks);
* ``cold``: ``read_export`` with a 2-process pool and an empty cache folder,
  the athlete estimated from the export (two passes: the cores, then the
  athlete part from the cached cores); ``cold, athlete given``: one pass;
* ``cache``: the same ``read_export`` again (every file a cache hit).

Then where the time of a cold load goes (serial, on the first 30 files: read,
core, per-run stats, cache write, the second pass), and the peak RSS of a
load of ``--big`` distinct activity files (sample files, re-gzipped with
another header time where they run out, so each one has new content) in a
child process: the parent's peak and the largest worker's.

Targets: cold >= 2x the user loop, cache >= 20x cold, peak RSS < 1 GiB for
1,000 activities. The machine's load average is printed: other processes
share the cores and move the figures.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import runlytics
from runlytics.analysis.run import RunAnalysis, run_core
from runlytics.history.cache import RunStore, content_hash, session_meta
from runlytics.history.loading import core_meta

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
ATHLETE = runlytics.Athlete(
    sex="male", hr_max=185, hr_rest=50, hr_threshold=170, threshold_speed_mps=4.2
)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (pool workers once shut down)."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def user_loop(export: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the loop a user writes today."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in sorted((export / "activities").iterdir()):
            activity = runlytics.read_activity(path)
            runlytics.classify_run(activity)
            runlytics.summarize(activity)
    return time.perf_counter() - t0, cpu_seconds() - c0


def load(
    export: Path, cache: Path, athlete: runlytics.Athlete | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of ``read_export`` on a 2-process pool."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    with ProcessPoolExecutor(2) as pool:
        runlytics.read_export(export, athlete=athlete, cache=cache, executor=pool, progress=False)
    return time.perf_counter() - t0, cpu_seconds() - c0


def where_time_goes(export: Path, count: int = 30) -> dict[str, float]:
    """Serial ms per file of the steps of a cold load."""
    steps: dict[str, float] = {}

    def timed(name: str, fn, *args):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        value = fn(*args)
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - t0
        return value

    store = RunStore.at(tempfile.mkdtemp(prefix="bench-export-"))
    files = sorted((export / "activities").iterdir())[:count]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            data = path.read_bytes()
            activity = timed("read file", runlytics.read_activity, path)
            core = timed("core (prepare, segments, efforts)", run_core, activity)
            meta = timed("per-run stats and summary row", core_meta, core)
            meta |= {"session": session_meta(activity.session), "file_sport": "running",
                     "analysed": True}  # fmt: skip
            digest = content_hash(data)
            timed("cache write (Parquet)", store.write, digest, meta, core)
            loaded = timed("2nd pass: load core", store.load_core, digest)
            timed("2nd pass: athlete part", RunAnalysis.from_core, loaded, ATHLETE)
    shutil.rmtree(store.root.parent, ignore_errors=True)
    return {k: v / len(files) * 1000 for k, v in steps.items()}


def big_export(target: Path, count: int) -> Path:
    """``count`` distinct activity files from the samples (re-gzipped copies where needed)."""
    files = sorted(SAMPLES.glob("*/activities/*"))
    for i in range(count):
        source = files[i % len(files)]
        name = f"{i:05d}-{source.name}"
        if i < len(files):
            shutil.copyfile(source, target / name)
        else:
            raw = gzip.decompress(source.read_bytes())
            (target / name).write_bytes(gzip.compress(raw, compresslevel=6, mtime=i))
    return target


def peak_rss(export: Path, cache: Path) -> tuple[float, float]:
    """Peak RSS (MiB) of a child process loading ``export``: its own and its largest worker's."""
    code = (
        "import resource, sys, runlytics;"
        "runlytics.read_export(sys.argv[1], cache=sys.argv[2], progress=False);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(export), str(cache)],
        capture_output=True, text=True, check=True, env=env,
    ).stdout.split()  # fmt: skip
    return int(out[0]) / 1024, int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", default="boston,ivan,control")
    parser.add_argument("--big", type=int, default=1000)
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()}")
    for name in args.samples.split(","):
        export = SAMPLES / name
        n = len(list((export / "activities").iterdir()))
        with tempfile.TemporaryDirectory() as tmp:
            (user, user_cpu), load_before = user_loop(export), os.getloadavg()[0]
            cold, cold_cpu = load(export, Path(tmp) / "a")
            given, given_cpu = load(export, Path(tmp) / "b", ATHLETE)
            warm, warm_cpu = load(export, Path(tmp) / "a")
        print(
            f"{name} ({n} files, load average {load_before:.1f}): "
            f"user loop {user:.1f} s wall, {user_cpu:.1f} s CPU\n"
            f"  cold            {cold:6.1f} s wall ({user / cold:.2f}x faster), "
            f"{cold_cpu:.1f} s CPU ({cold_cpu / user_cpu:.2f}x the user's CPU)\n"
            f"  cold, athlete   {given:6.1f} s wall ({user / given:.2f}x faster), "
            f"{given_cpu:.1f} s CPU ({given_cpu / user_cpu:.2f}x the user's CPU)\n"
            f"  from the cache  {warm:6.2f} s wall ({cold / warm:.0f}x faster than cold), "
            f"{warm_cpu:.1f} s CPU"
        )
    print(f"load average {os.getloadavg()}")
    steps = where_time_goes(SAMPLES / args.samples.split(",")[0])
    total = sum(steps.values())
    print(f"where a cold load's time goes (serial, ms per file, total {total:.0f}):")
    for step, ms in steps.items():
        print(f"  {step:36s} {ms:6.1f} ms  {ms / total:5.1%}")
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
        export = big_export(Path(tmp), args.big)
        t0 = time.perf_counter()
        parent, worker = peak_rss(export, Path(cache))
        took = time.perf_counter() - t0
    print(
        f"{args.big} activities: peak RSS {parent:.0f} MiB (main process), largest worker "
        f"{worker:.0f} MiB, {took:.0f} s (default executor: {os.cpu_count()} workers)"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process: peak RSS {own:.0f} MiB")


if __name__ == "__main__":
    main()
