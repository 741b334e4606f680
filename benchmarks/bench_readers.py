"""Reader throughput on the largest real files (issue: FIT default engine >= 30x fitparse).

Run from the repository root:  python benchmarks/bench_readers.py [--repeat N]

Prints, for the largest real FIT files: records per second end to end (bytes to
the canonical Activity: records, laps, session, pauses) with the default engine
and with the fitparse engine, their ratio, and the ratio of the default engine's
end-to-end time to the time the fast decoder alone needs for the records
(``fitfast.records``), which is the floor. Then GPX points per second end to
end for both GPX engines on the largest real GPX files.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import fitfast

import runlytics
from runlytics.io.fit_bytes import repair_zero_header_crc

REAL = Path(__file__).resolve().parent.parent / ".." / "shared" / "data" / "real"


HEADER = "{:>10} {:>8} {:>11} {:>11} {:>6} {:>10}"
ROW = "{:>10} {:>8} {:>11,.0f} {:>11,.0f} {:>6.1f} {:>10.2f}"


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def load_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def readable(path: Path, engine: str | None = None) -> int:
    """Number of records (0 when the file is not a readable activity)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return sum(len(a.records) for a in runlytics.read_activities(path, engine=engine))
    except (runlytics.RunlyticsError, Warning):
        return 0


def bench_fit(n_files: int, repeat: int) -> bool:
    files = sorted(REAL.rglob("*.fit*"), key=lambda p: p.stat().st_size, reverse=True)
    chosen = [(p, n) for p in files if (n := readable(p)) > 0][:n_files]
    print(f"FIT: {len(chosen)} largest readable real files, best of {repeat}")
    print(HEADER.format("file", "records", "default/s", "fitparse/s", "ratio", "vs decoder"))
    tot = {"fast": 0.0, "slow": 0.0, "decoder": 0.0, "n": 0}
    for i, (path, n) in enumerate(chosen):
        data = repair_zero_header_crc(load_bytes(path))  # else fitfast rejects some files
        fast = best_time(lambda p=path: runlytics.read_activities(p), repeat)
        slow = best_time(lambda p=path: runlytics.read_activities(p, engine="fitparse"), 1)
        decoder = best_time(lambda d=data: fitfast.records(d), repeat)
        tot["fast"] += fast
        tot["slow"] += slow
        tot["decoder"] += decoder
        tot["n"] += n
        print(ROW.format(f"file {i + 1}", n, n / fast, n / slow, slow / fast, fast / decoder))
    ratio = tot["slow"] / tot["fast"]
    n_all, fast_all = tot["n"], tot["fast"]
    print(
        ROW.format(
            "all", n_all, n_all / fast_all, n_all / tot["slow"], ratio, fast_all / tot["decoder"]
        )
    )
    print(f"default engine / fitparse engine speed ratio: {ratio:.1f}x (target >= 30x)")
    print(
        f"default engine end to end / fitfast.records alone: {tot['fast'] / tot['decoder']:.2f}x "
        "(1.0 is the decoder's floor)"
    )
    return ratio >= 30


def bench_gpx(n_files: int, repeat: int) -> bool:
    files = sorted(REAL.rglob("*.gpx*"), key=lambda p: p.stat().st_size, reverse=True)
    chosen = [(p, n) for p in files if (n := readable(p)) > 0][:n_files]
    print(f"\nGPX: {len(chosen)} largest readable real files, best of {repeat}")
    total = {"lxml": 0.0, "gpxpy": 0.0, "n": 0}
    for i, (path, n) in enumerate(chosen):
        fast = best_time(lambda p=path: runlytics.read_activities(p), repeat)
        slow = best_time(lambda p=path: runlytics.read_activities(p, engine="gpxpy"), repeat)
        total["lxml"] += fast
        total["gpxpy"] += slow
        total["n"] += n
        print(
            f"  file {i + 1}: {n:>6} points  default {n / fast:>9,.0f} points/s  "
            f"gpxpy {n / slow:>9,.0f} points/s"
        )
    rate = total["n"] / total["lxml"]
    print(
        f"GPX default engine: {rate:,.0f} points/s end to end (target >= 50,000); "
        f"gpxpy engine: {total['n'] / total['gpxpy']:,.0f} points/s"
    )
    return rate >= 50_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5, help="how many of the largest files")
    parser.add_argument("--repeat", type=int, default=5, help="runs per file (best kept)")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"real files not found at {REAL}", file=sys.stderr)
        return 2
    ok = bench_fit(args.files, args.repeat) & bench_gpx(args.files, args.repeat)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
