"""Start-up cost: ``import runlytics`` beyond ``import pandas, numpy``, in CPU seconds.

Run: ``python benchmarks/bench_import.py [repeats]``. Each measurement is a fresh
interpreter (median of ``repeats``, default 7) timing its own imports with
``time.process_time``. Target (issue "Readers ... fast on small files"): under
0.5 s beyond pandas and numpy; the ratio printed is runlytics' extra cost over
the cost of pandas and numpy themselves.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

PROBE = """
import time
t = time.process_time(); import numpy, pandas; base = time.process_time() - t
t = time.process_time(); import runlytics; extra = time.process_time() - t
print(base, extra)
"""


def measure(repeats: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
        base, extra = map(float, out.stdout.split())
        runs.append((base, extra))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    base, extra = measure(repeats)
    print(f"import numpy, pandas:          {base:.3f} s CPU")
    print(f"import runlytics beyond them:  {extra:.3f} s CPU (target < 0.5 s)")
    print(f"ratio runlytics / (pandas, numpy): {extra / base:.2f}")


if __name__ == "__main__":
    main()
