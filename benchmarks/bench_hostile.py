"""Readers on hostile or huge input: time and peak memory per case (issue: bounded resources).

Run from the repository root:  python benchmarks/bench_hostile.py [--points N] [--tree DIR]

Each case is generated into a temporary folder, then read in a fresh Python
process so that its peak resident memory (``ru_maxrss``) is its own. Printed per
case: the input size, wall and CPU seconds for the read (CPU is the figure to
compare on a loaded machine), the peak memory above the process's memory just
before the read (the bytes read included), and the outcome (records or error).
``--tree DIR`` runs the same cases against another checkout of runlytics (for
example ``git archive <commit> | tar -x -C DIR``), to print before/after figures.
``--timeout S`` stops a case after S seconds (printed as ``> S``).

Cases: a GPX of ``--points`` track points (1e6 by default, about 100 MB); a
gzip bomb (1.5 MB that inflates to 1.5 GB); 100,000 empty gzip members; a CSV
with one 2 MB time cell; a CSV with a 200,000-column header; a CSV of ``--rows``
rows with separate date and time columns; a Strava training log with a 2 MB date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
    'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>\n'
)
STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
    "Max Heart Rate,Elapsed Time,Moving Time,Distance\n"
)


def write_gpx(path: Path, points: int) -> None:
    with open(path, "w") as f:
        f.write(GPX_HEAD)
        for start in range(0, points, 10_000):
            f.write(
                "".join(
                    f'<trkpt lat="{50 + i * 1e-6:.6f}" lon="7.000000"><ele>{100 + i % 50}</ele>'
                    f"<time>{_iso(i)}</time></trkpt>\n"
                    for i in range(start, min(start + 10_000, points))
                )
            )
        f.write("</trkseg></trk></gpx>\n")


def _iso(second: int) -> str:
    day, rest = divmod(second, 86_400)
    hour, rest = divmod(rest, 3600)
    minute, sec = divmod(rest, 60)
    return f"2021-03-{4 + day:02d}T{hour:02d}:{minute:02d}:{sec:02d}Z"


def write_gzip_bomb(path: Path, inflated: int = 1_500_000_000) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(16 * 2**20)
    with open(path, "wb") as f:
        for _ in range(inflated // len(chunk)):
            f.write(packer.compress(chunk))
        f.write(packer.flush())


def write_gzip_members(path: Path) -> None:
    path.write_bytes(gzip.compress(b"") * 100_000)


def write_big_cell(path: Path) -> None:
    rows = [f"2024-01-01T10:00:{i:02d}Z,{3 * i},{120 + i}" for i in range(10)]
    rows[3] = "2024-01-01T10:00:03Z" + "7" * 2_000_000 + ",9,123"
    path.write_text("time,distance,heart_rate\n" + "\n".join(rows) + "\n")


def write_wide(path: Path, columns: int = 200_000) -> None:
    header = "time,distance," + ",".join(f"col{i}" for i in range(columns))
    rows = [f"2024-01-01T10:00:0{i}Z,{i}," + ",".join("1" for _ in range(columns)) for i in (0, 1)]
    path.write_text("\n".join([header, *rows]) + "\n")


def write_date_time(path: Path, rows: int) -> None:
    with open(path, "w") as f:
        f.write("date,time,distance,heart_rate\n")
        for start in range(0, rows, 50_000):
            f.write(
                "".join(
                    f"2024-01-{1 + i // 86_400:02d},{_iso(i)[11:19]},{3 * i},{120 + i % 50}\n"
                    for i in range(start, min(start + 50_000, rows))
                )
            )


def write_log_big_date(path: Path) -> None:
    path.write_text(
        STRAVA_HEADER
        + '1,"Oct 6, 2022'
        + "9" * 2_000_000
        + '",Run,Run,979,2.43,177,979,971,2432.7\n'
        + '2,"Oct 7, 2022, 1:14:11 PM",Run,Run,979,2.43,177,979,971,2432.7\n'
    )


CASES: dict[str, tuple[str, str, Callable[..., None]]] = {
    # name: (file name, reader, writer)
    "gpx_points": ("track.gpx", "read_gpx", write_gpx),
    "gzip_bomb": ("bomb.fit.gz", "read_activity", write_gzip_bomb),
    "gzip_members": ("members.fit.gz", "read_activity", write_gzip_members),
    "csv_2mb_cell": ("cell.csv", "read_csv", write_big_cell),
    "csv_200k_columns": ("wide.csv", "read_csv", write_wide),
    "csv_date_time": ("datetime.csv", "read_csv", write_date_time),
    "log_2mb_date": ("activities.csv", "read_training_log", write_log_big_date),
}


def child(reader: str, path: str) -> None:
    """Read ``path`` with ``runlytics.<reader>`` and print one JSON line of figures."""
    import warnings

    import runlytics

    warnings.simplefilter("ignore")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = getattr(runlytics, reader)(path)
        outcome = f"{len(getattr(result, 'records', result)):,} rows"
    except Exception as exc:  # the figure to print, whatever it is
        outcome = f"{type(exc).__name__}: {str(exc)[len(path) + 2 :][:70]}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"seconds": seconds, "cpu": cpu, "peak_mb": (peak - before) / 1024}
    print(json.dumps({**figures, "outcome": outcome}))


def measure(reader: str, path: Path, tree: Path, timeout: float) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", reader, str(path)]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mb": None, "outcome": f"stopped after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if not lines:
        return {"seconds": None, "peak_mb": None, "outcome": done.stderr.strip()[-70:]}
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--cases", nargs="*", default=list(CASES))
    parser.add_argument("--child", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"tree: {args.tree}")
    print(
        f"{'case':<18} {'input MB':>9} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'x input':>8}"
        "  outcome"
    )
    with tempfile.TemporaryDirectory() as folder:
        for name in args.cases:
            file_name, reader, write = CASES[name]
            path = Path(folder) / file_name
            if write is write_gpx:
                write(path, args.points)
            elif write is write_date_time:
                write(path, args.rows)
            else:
                write(path)
            size = path.stat().st_size / 2**20
            got = measure(reader, path, args.tree, args.timeout)
            seconds, cpu, peak = got["seconds"], got.get("cpu"), got["peak_mb"]
            cpus = f"{cpu:8.2f}" if isinstance(cpu, float) else f"{'-':>8}"
            secs = (
                f"{seconds:8.2f}"
                if isinstance(seconds, float)
                else f"{'> ' + str(int(args.timeout)):>8}"
            )
            peaks = f"{peak:8.0f}" if isinstance(peak, (int, float)) else f"{'-':>8}"
            ratio = f"{peak / size:8.1f}" if isinstance(peak, (int, float)) else f"{'-':>8}"
            print(
                f"{name:<18} {size:9.1f} {secs} {cpus} {peaks} {ratio}  {got['outcome']}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
