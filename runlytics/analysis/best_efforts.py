"""Best efforts within one run: the fastest time over standard distances and durations.

For each standard distance (400 m to the marathon) the shortest time in which
the run covered it, and for each standard duration (2 to 60 min) the longest
distance covered in it; both raw and grade-adjusted. The clock is *active
time*: the prepared 1 Hz grid without its paused rows (a stop with the timer
running counts, a timer stop does not), so a pause cannot make an effort
faster than it was. Distances are interpolated between the 1-s rows; the
grade-adjusted distance is the integral of ``gap_speed_mps`` over moving time.

Everything is vectorised: for each target, a ``searchsorted`` of the shifted
cumulative distance (or time) over every start row, then the best window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.memo import per_activity
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared

Array = NDArray[np.float64]

#: Standard distances (m), named as runners name them.
DISTANCES_M: dict[str, float] = {
    "400 m": 400.0,
    "800 m": 800.0,
    "1 km": 1000.0,
    "1 mile": 1609.344,
    "3 km": 3000.0,
    "5 km": 5000.0,
    "10 km": 10000.0,
    "half marathon": 21097.5,
    "marathon": 42195.0,
}
#: Standard durations (s).
DURATIONS_S: dict[str, float] = {
    "2 min": 120.0,
    "5 min": 300.0,
    "12 min": 720.0,
    "20 min": 1200.0,
    "30 min": 1800.0,
    "60 min": 3600.0,
}
#: Columns of the :func:`best_efforts` frame.
BEST_EFFORT_COLUMNS: tuple[str, ...] = (
    "kind",
    "distance_m",
    "time_s",
    "speed_mps",
    "start",
    "gap_distance_m",
    "gap_time_s",
    "gap_speed_mps",
)


def best_efforts(activity: Activity) -> pd.DataFrame:
    """Fastest efforts within a run, one row per standard distance and duration.

    Index: the effort's name ("400 m" ... "marathon", "2 min" ... "60 min").
    Columns: ``kind`` ("distance" or "duration"); ``distance_m`` and
    ``time_s`` of the best raw effort (the target and the time for a distance,
    the distance covered and the target for a duration), ``speed_mps``, its
    ``start`` (UTC); ``gap_distance_m``, ``gap_time_s``, ``gap_speed_mps`` the
    same on grade-adjusted distance. NaN (and NaT) where the run is shorter
    than the target. Accepts a raw or prepared activity.
    """
    return best_efforts_of(ensure_prepared(activity)).copy()


@per_activity
def best_efforts_of(prepared: PreparedActivity) -> pd.DataFrame:
    """:func:`best_efforts` of a prepared run, remembered (callers must not modify it)."""
    r = prepared.records
    active = ~r["paused"].to_numpy()
    dt = np.where(active, interval_seconds(r), 0.0)
    step = np.nan_to_num(np.diff(r["distance_m"].to_numpy(), prepend=np.nan))
    gap = np.where(r["moving"].to_numpy(), np.nan_to_num(r["gap_speed_mps"].to_numpy()), 0.0)
    clock = np.cumsum(dt)
    raw = np.cumsum(np.where(active, np.maximum(step, 0.0), 0.0))
    adjusted = np.cumsum(gap * dt)
    starts = r.index
    rows = []
    for name, metres in DISTANCES_M.items():
        t_raw, i_raw = _fastest_distance(clock, raw, metres)
        t_gap, _ = _fastest_distance(clock, adjusted, metres)
        rows.append((name, "distance", metres, t_raw, i_raw, metres, t_gap))
    for name, seconds in DURATIONS_S.items():
        d_raw, i_raw = _farthest_in(clock, raw, seconds)
        d_gap, _ = _farthest_in(clock, adjusted, seconds)
        rows.append((name, "duration", d_raw, seconds, i_raw, d_gap, seconds))
    first = [row[4] for row in rows]
    frame = pd.DataFrame(
        {
            "kind": [row[1] for row in rows],
            "distance_m": [row[2] for row in rows],
            "time_s": [row[3] for row in rows],
            # pandas-stubs: to_datetime takes a list holding NaT (a datetime) at run time too
            "start": pd.to_datetime([starts[i] if i >= 0 else pd.NaT for i in first], utc=True),  # type: ignore[arg-type]
            "gap_distance_m": [row[5] for row in rows],
            "gap_time_s": [row[6] for row in rows],
        },
        index=pd.Index([row[0] for row in rows], name="effort"),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["speed_mps"] = frame["distance_m"] / frame["time_s"]
        frame["gap_speed_mps"] = frame["gap_distance_m"] / frame["gap_time_s"]
    return frame[list(BEST_EFFORT_COLUMNS)]


def _fastest_distance(clock: Array, distance: Array, metres: float) -> tuple[float, int]:
    """Shortest time to cover ``metres`` (interpolated) and the start row; (NaN, -1) if never."""
    if len(distance) < 2 or distance[-1] - distance[0] < metres:
        return float("nan"), -1
    last = np.searchsorted(distance, distance[-1] - metres, side="right")
    start = np.arange(last)
    goal = distance[start] + metres
    j = np.searchsorted(distance, goal, side="left")
    before, after = distance[j - 1], distance[j]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(after > before, (goal - before) / (after - before), 1.0)
    end = clock[j - 1] + frac * (clock[j] - clock[j - 1])
    times = end - clock[start]
    best = int(np.argmin(times))
    return float(times[best]), best


def _farthest_in(clock: Array, distance: Array, seconds: float) -> tuple[float, int]:
    """Longest distance covered in ``seconds`` of active time and the start row; (NaN, -1)."""
    if len(clock) < 2 or clock[-1] - clock[0] < seconds:
        return float("nan"), -1
    last = np.searchsorted(clock, clock[-1] - seconds, side="right")
    start = np.arange(last)
    j = np.searchsorted(clock, clock[start] + seconds, side="left")
    covered = distance[j] - distance[start]
    best = int(np.argmax(covered))
    return float(covered[best]), best
