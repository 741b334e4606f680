"""The sample exports as the frames a History holds: activities, best efforts, athlete.

Built from ``data/samples/<athlete>/`` with :func:`runlytics.read_training_log`,
:func:`runlytics.read_activity` and :func:`runlytics.analyze_run`, with the athlete
stated in the sample's README (sex, age, HRmax, resting HR): never from ``truth/``.
Building one athlete analyses ~300 runs (about half a minute), so the frames are
cached on disk, keyed by a hash of the sample's log and of the library's source.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import runlytics as rl

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"

#: What each sample's README says of the athlete (sex, age at the start, HRmax, resting HR).
READMES: dict[str, dict[str, object]] = {
    "ivan": {"sex": "male", "age": 27, "hr_max": 194, "hr_rest": 52, "start": "2021-09-06"},
    "boston": {"sex": "male", "age": 47, "hr_max": 176, "hr_rest": 47, "start": "2024-10-07"},
    "control": {"sex": "female", "age": 31, "hr_max": 188, "hr_rest": 46, "start": "2024-01-08"},
}


#: Packages the frames do not depend on (their edits keep the cache).
_NOT_ANALYSIS = frozenset({"history", "report", "simulate", "diagnosis"})


@dataclass(frozen=True)
class _Prepared:
    records: pd.DataFrame


@dataclass(frozen=True)
class _Run:
    prepared: _Prepared


@dataclass(frozen=True)
class SampleHistory:
    """A History-like object over one sample export: the frames, and each run's moving
    grade-adjusted speed at 1 Hz (what ``run(id).prepared.records`` needs for pace zones)."""

    name: str
    activities: pd.DataFrame
    best_efforts: pd.DataFrame
    athlete: rl.Athlete
    speeds: dict[int, np.ndarray]

    def run(self, activity_id: int) -> _Run:
        v = self.speeds[int(activity_id)]
        records = pd.DataFrame({"gap_speed_mps": v.astype(float), "moving": True})
        return _Run(_Prepared(records))


def sample_athlete(name: str) -> rl.Athlete:
    r = READMES[name]
    birth = pd.Timestamp(str(r["start"])) - pd.DateOffset(years=int(str(r["age"])), months=6)
    return rl.Athlete(
        sex=str(r["sex"]),
        birth_date=birth,
        hr_max=float(str(r["hr_max"])),
        hr_rest=float(str(r["hr_rest"])),
    )


def _key(name: str) -> str:
    h = hashlib.sha256((SAMPLES / name / "activities.csv").read_bytes())
    for path in sorted((REPO / "runlytics").rglob("*.py")):
        if path.parent.name not in _NOT_ANALYSIS and path.name != "__init__.py":
            h.update(path.read_bytes())
    h.update(__file__.encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def build(name: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, np.ndarray]]:
    """The activities and best-efforts frames and the 1 Hz moving speeds of sample ``name``."""
    folder = SAMPLES / name
    athlete = sample_athlete(name)
    log = rl.read_training_log(folder / "activities.csv")
    rows, efforts, speeds = [], [], {}
    for entry in log.itertuples(index=False):
        activity = rl.read_activity(folder / str(entry.source_file))
        run = rl.analyze_run(activity, athlete)
        s = run.summary
        day = rl.athlete.local_date(activity)
        rows.append(
            {
                "activity_id": int(entry.activity_id),
                "start_time": activity.session.start_time,
                "local_date": day,
                "sport": entry.sport,
                "name": entry.name,
                "distance_m": s["distance_m"],
                "moving_s": s["moving_s"],
                "elapsed_s": s["elapsed_s"],
                "elevation_gain_m": s["elevation_gain_m"],
                "avg_heart_rate_bpm": s["avg_hr_bpm"],
                "avg_gap_speed_mps": s["avg_gap_speed_mps"],
                "label": run.label,
                "label_confidence": run.confidence,
                "trimp": s["trimp_banister"],
                "hrtss": s["hrtss"],
                "rtss": s["rtss"],
                "efficiency_factor": s["ef"],
                "decoupling_pct": s["decoupling_pct"],
                **{f"time_in_zone_{z}_s": s[f"time_in_zone_{z}_s"] for z in range(1, 6)},
            }
        )
        r = run.prepared.records
        speeds[int(entry.activity_id)] = (
            r["gap_speed_mps"].to_numpy()[r["moving"].to_numpy(bool)].astype("float32")
        )
        be = run.best_efforts.reset_index()
        be.insert(0, "local_date", day)
        be.insert(0, "activity_id", int(entry.activity_id))
        efforts.append(be)
    activities = pd.DataFrame(rows).set_index("activity_id").sort_values("start_time")
    return activities, pd.concat(efforts, ignore_index=True), speeds


def load(name: str, cache_dir: Path) -> SampleHistory:
    """Sample ``name`` from the on-disk cache in ``cache_dir``, built on a miss."""
    path = cache_dir / f"{name}-{_key(name)}.pkl"
    if path.exists():
        activities, efforts, speeds = pickle.loads(path.read_bytes())
    else:
        activities, efforts, speeds = build(name)
        for old in cache_dir.glob(f"{name}-*.pkl"):
            old.unlink()
        path.write_bytes(pickle.dumps((activities, efforts, speeds)))
    return SampleHistory(name, activities, efforts, sample_athlete(name), speeds)


def truth(name: str) -> dict[str, Any]:
    """The sample's ``truth/history.json`` (tests only: the library never reads it)."""
    result: dict[str, Any] = json.loads((SAMPLES / name / "truth" / "history.json").read_text())
    return result


def truth_daily(name: str, column: str) -> pd.Series:
    """A column of the truth's daily table, indexed by local day."""
    t = truth(name)
    values = t["daily"][column]
    return pd.Series(values, index=pd.date_range(t["start"], periods=len(values), name="date"))


def truth_runs(name: str) -> dict[int, dict[str, Any]]:
    """Each run's truth sidecar by activity id (tests only)."""
    folder = SAMPLES / name / "truth"
    return {
        int(p.name.split(".")[0]): json.loads(p.read_text())
        for p in folder.glob("*.json")
        if p.name != "history.json"
    }
