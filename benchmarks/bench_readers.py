"""Reader throughput on the real files, FIT by size class (issue: >= 50x fitparse at 1-5k).

Run from the repository root:  python benchmarks/bench_readers.py [--repeat N]

FIT: every readable real FIT file (read without error or warning), grouped by
its number of records (<1k, 1-5k, 5-20k, >20k). Per class: the mean time per
file end to end (bytes to the canonical Activity: records, laps, session) with
the default engine and with the fitparse engine, their ratio, and the time the
fast decoder alone needs for the records (``fitfast.records`` on each chained
part), which is the floor. Then GPX points per second end to end for both GPX
engines on the largest real GPX files.

Times are CPU time of this process (``time.process_time``): on a shared machine
wall time mostly measures the other processes; on an idle one both agree.
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
from runlytics.io.fit import MAX_CHAINED_PARTS
from runlytics.io.fit_bytes import repair_header_crc, split_chain

REAL = Path(__file__).resolve().parent.parent / ".." / "shared" / "data" / "real"

#: Size classes by records per file: (label, lowest, highest + 1).
CLASSES = (
    ("<1k", 0, 1_000),
    ("1-5k", 1_000, 5_000),
    ("5-20k", 5_000, 20_000),
    (">20k", 20_000, 10**9),
)
HEADER = "{:>6} {:>6} {:>9} {:>12} {:>12} {:>7} {:>11} {:>9}"
ROW = "{:>6} {:>6} {:>9,.0f} {:>12.2f} {:>12.1f} {:>7.1f} {:>11.2f} {:>9.2f}"
TARGET = 50  # default engine / fitparse engine, files of 1-5k records


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
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


def decode_records(data: bytes) -> None:
    """What the fast decoder alone does: columnar records of each chained part."""
    for part in split_chain(data, MAX_CHAINED_PARTS)[0]:
        try:
            fitfast.records(repair_header_crc(part)[0])
        except fitfast.FitDecodeError:
            pass


def bench_fit(repeat: int) -> bool:
    files = sorted(REAL.rglob("*.fit*"))
    chosen = [(p, n) for p in files if (n := readable(p)) > 0]
    print(f"FIT: {len(chosen)} readable real files by records per file; times are ms per file")
    print(f"(default engine and decoder: best of {repeat}; fitparse engine: one run)")
    print(
        HEADER.format(
            "class", "files", "records", "default", "fitparse", "ratio", "decoder", "default/"
        )
    )
    print(HEADER.format("", "", "(mean)", "(ms)", "(ms)", "", "alone (ms)", "decoder"))
    ratios = {}
    for label, low, high in CLASSES:
        group = [(p, n) for p, n in chosen if low <= n < high]
        if not group:
            continue
        fast = slow = decoder = 0.0
        for path, _ in group:
            data = load_bytes(path)
            fast += best_time(lambda p=path: runlytics.read_activities(p), repeat)
            slow += best_time(lambda p=path: runlytics.read_activities(p, engine="fitparse"), 1)
            decoder += best_time(lambda d=data: decode_records(d), repeat)
        k = len(group)
        ratios[label] = slow / fast
        mean_records = sum(n for _, n in group) / k
        print(
            ROW.format(
                label,
                k,
                mean_records,
                1e3 * fast / k,
                1e3 * slow / k,
                slow / fast,
                1e3 * decoder / k,
                fast / decoder,
            )
        )
    ratio = ratios.get("1-5k", 0.0)
    print(f"default / fitparse engine on files of 1-5k records: {ratio:.1f}x (target >= {TARGET}x)")
    return ratio >= TARGET


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
    parser.add_argument("--files", type=int, default=5, help="how many of the largest GPX files")
    parser.add_argument("--repeat", type=int, default=5, help="runs per file (best kept)")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"real files not found at {REAL}", file=sys.stderr)
        return 2
    ok = bench_fit(args.repeat) & bench_gpx(args.files, args.repeat)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
