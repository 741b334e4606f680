"""Time pmc, acwr and monotony_strain on long daily loads; print milliseconds per call.

Run: ``python benchmarks/bench_history_metrics.py [repeats]``. Median of ``repeats``
calls (default 7) on 10 and 50 years of synthetic daily load. The day-by-day
recurrences run in ``scipy.signal.lfilter``, so the cost is that of a few array
passes, not of a Python loop over days.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from runlytics.metrics.acwr import acwr
from runlytics.metrics.monotony import monotony_strain
from runlytics.metrics.pmc import pmc


def median_ms(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main(repeats: int = 7) -> None:
    rng = np.random.default_rng(0)
    for years in (10, 50):
        n = 365 * years
        load = pd.Series(
            rng.gamma(2.0, 40.0, n) * (rng.random(n) > 0.25),
            index=pd.date_range("1990-01-01", periods=n, freq="D"),
        )
        for name, call in (
            ("pmc", lambda s=load: pmc(s)),
            ("acwr ewma", lambda s=load: acwr(s)),
            ("acwr rolling", lambda s=load: acwr(s, method="rolling")),
            ("monotony_strain", lambda s=load: monotony_strain(s)),
        ):
            print(f"{name:16s} {years:3d} years ({n:6d} days): {median_ms(call, repeats):7.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
