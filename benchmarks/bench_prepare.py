"""Time runlytics.prepare() on a synthetic 3-hour 1 Hz run; print ms per hour of data.

Run: ``python benchmarks/bench_prepare.py [repeats]``. The run has GPS with a few
spikes, noisy altitude over rolling hills, HR, cadence, two timer pauses and
some smart-recording gaps: every branch of prepare works.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

from runlytics.activity import Activity, build_laps, build_records, build_session, utc_index
from runlytics.analysis.prepare import prepare
from runlytics.analysis.summary import summarize

HOURS = 3.0


def synthetic_run(hours: float = HOURS, seed: int = 0) -> Activity:
    rng = np.random.default_rng(seed)
    t = np.arange(int(hours * 3600) + 1, dtype="float64")
    t = t[rng.random(t.size) > 0.2]  # drop 20 % of samples: irregular 1-3 s gaps
    speed = 3.2 + 0.3 * np.sin(t / 600) + rng.normal(0, 0.05, t.size)
    timer = ~(((t > 3600) & (t < 3900)) | ((t > 7200) & (t < 7260)))
    speed = np.where(timer, speed, 0.0)
    distance = np.cumsum(speed * np.diff(t, prepend=0.0))
    lat = 48.0 + distance / 111_195.0 * 0.6
    lon = 2.0 + distance / 74_400.0 * 0.8
    spikes = rng.choice(t.size, 10, replace=False)
    lat[spikes] += 0.002
    channels = {
        "distance_m": distance,
        "speed_mps": speed,
        "heart_rate_bpm": 140 + 10 * t / t[-1] + rng.normal(0, 2, t.size),
        "cadence_spm": 172 + rng.normal(0, 2, t.size),
        "altitude_m": 100 + 20 * np.sin(distance / 800) + rng.normal(0, 1.0, t.size),
        "latitude_deg": lat,
        "longitude_deg": lon,
    }
    index = utc_index(pd.Timestamp("2024-01-01T08:00Z").value / 1e9 + t)
    records = build_records(index, channels, timer_running=timer)
    return Activity(
        records, build_laps(records), build_session(records, format="bench", source="bench")
    )


def median_seconds(func: object, activity: Activity, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func(activity)  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(repeats: int = 15) -> None:
    activity = synthetic_run()
    prepared = prepare(activity)  # warm up imports and caches
    summarize(prepared)
    per_hour = 1000.0 / HOURS
    t_prepare = median_seconds(prepare, activity, repeats)
    t_summary = median_seconds(summarize, prepared, repeats)
    raw, rows = len(activity.records), len(prepared.records)
    print(f"synthetic run: {HOURS:g} h, {raw} raw samples -> {rows} rows on the 1 Hz grid")
    print(f"prepare:   {t_prepare * per_hour:6.2f} ms per hour of data (median of {repeats})")
    print(f"summarize: {t_summary * per_hour:6.2f} ms per hour of data on the prepared run")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
