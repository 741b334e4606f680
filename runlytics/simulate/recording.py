"""What the simulated watch records: sample times, sensor dropouts, laps, the canonical Activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from runlytics.activity import (
    Activity,
    assign_laps,
    build_laps,
    build_records,
    build_session,
    utc_index,
)
from runlytics.simulate.physiology import FloatArray
from runlytics.simulate.workouts import Step


@dataclass(frozen=True, eq=False)
class Recording:
    """What the watch recorded, as arrays; :meth:`activity` builds the canonical Activity."""

    t0: pd.Timestamp
    seconds: np.ndarray  # recorded sample times, s from t0
    channels: dict[str, np.ndarray]
    timer_running: np.ndarray
    lap_starts: np.ndarray  # s from t0
    lap_intensity: list[str]
    lap_trigger: list[str]
    sub_sport: str
    utc_offset: pd.Timedelta
    source: str

    def activity(self) -> Activity:
        """The canonical Activity (``session.format == "sim"``)."""
        timestamp = utc_index(self.t0.timestamp() + self.seconds)
        records = build_records(timestamp, self.channels, timer_running=self.timer_running)
        times = pd.DatetimeIndex(self.t0 + pd.to_timedelta(self.lap_starts, unit="s")).as_unit("ns")
        records = assign_laps(records, times)
        present = np.unique(records["lap"].to_numpy())
        records["lap"] = np.searchsorted(present, records["lap"].to_numpy())
        file_laps = pd.DataFrame(
            {
                "intensity": np.asarray(self.lap_intensity)[present],
                "trigger": np.asarray(self.lap_trigger)[present],
            }
        )
        file_laps.loc[file_laps.index[-1], "trigger"] = "session_end"
        session = build_session(
            records,
            format="sim",
            source=self.source,
            sport="running",
            sub_sport=self.sub_sport,
            utc_offset=self.utc_offset,
            device="runlytics simulator",
        )
        return Activity(records, build_laps(records, file_laps), session)


def lap_plan(
    steps: tuple[Step, ...],
    bounds: np.ndarray,
    distance: FloatArray,
    mode: Literal["steps", "km"],
) -> tuple[np.ndarray, list[str], list[str]]:
    """Lap start sample indices, intensities and triggers."""
    if mode == "km":
        marks = np.arange(1000.0, distance[-1], 1000.0)
        starts = np.r_[0, np.searchsorted(distance, marks)]
        return starts, ["active"] * len(starts), ["distance"] * (len(starts) - 1) + ["session_end"]
    group = {"stride": "warmup", "warmup": "warmup"}
    intensity = {
        "warmup": "warmup",
        "work": "active",
        "recovery": "rest",
        "cooldown": "cooldown",
        "steady": "active",
    }
    starts, intensities, triggers = [], [], []
    for j, step in enumerate(steps):
        kind = group.get(step.kind, step.kind)
        prev = group.get(steps[j - 1].kind, steps[j - 1].kind) if j else None
        if j == 0 or kind != prev or kind in ("work", "recovery"):
            starts.append(bounds[j])
            intensities.append(intensity[kind])
            triggers.append("time" if step.duration_s is not None else "distance")
    triggers[-1] = "session_end"
    return np.asarray(starts), intensities, triggers


def hr_dropouts(n: int, count: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Sample spans [first, end) of 15-120 s where the HR strap or optical sensor drops out."""
    out = []
    for _ in range(count):
        length = int(rng.integers(15, 121))
        if n > length + 60:
            first = int(rng.integers(30, n - length))
            out.append((first, first + length))
    return out


def kept_samples(n: int, paused: np.ndarray, smart: bool, rng: np.random.Generator) -> np.ndarray:
    """Indices of recorded samples: none inside a pause; every 1-7 s with smart recording."""
    keep = np.ones(n, dtype=bool)
    if smart:
        gaps = rng.choice(np.arange(1, 8), size=n, p=[0.3, 0.2, 0.15, 0.12, 0.1, 0.08, 0.05])
        at = np.cumsum(gaps)
        keep[:] = False
        keep[at[at < n]] = True
        keep[[0, -1]] = True
    nxt = np.r_[paused[1:], False]
    keep &= ~(paused & nxt)
    keep |= paused & ~nxt  # the sample where the timer restarts
    return np.flatnonzero(keep)
