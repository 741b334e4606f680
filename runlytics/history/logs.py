"""The training log of an export and its matching to the activity files.

Strava: ``activities.csv`` (any CSV :func:`~runlytics.io.training_log.read_training_log`
recognises). Garmin Connect data export: the ``*summarizedActivities*.json``
files (times in ms since the epoch, GMT and local, distances and climbs in cm,
durations in ms). The log is one frame with the training-log columns plus
``gear`` and ``utc_offset_s`` (local minus UTC where the source tells it).

Matching: a log row names its file (Strava ``Filename``; the export may be
flattened, so the base name also matches), otherwise a file matches the log
row starting within :data:`MATCH_TOLERANCE` of it (nearest first, one to one).
"""

from __future__ import annotations

import io
import json
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from runlytics.errors import CorruptFileError
from runlytics.io.training_log import LOG_COLUMNS, TYPE_COLUMN, normalise_sport

#: Largest start-time difference for a log row and a file to be the same activity.
MATCH_TOLERANCE = pd.Timedelta(minutes=2)
#: Columns of the export's log frame.
EXPORT_LOG_COLUMNS: tuple[str, ...] = (*LOG_COLUMNS, TYPE_COLUMN, "gear", "utc_offset_s")
_GEAR_COLUMNS = ("activity_gear", "gear")


def as_export_log(log: pd.DataFrame) -> pd.DataFrame:
    """A training log with the export columns (``gear``, ``utc_offset_s`` added)."""
    out = log.copy()
    gear = next((c for c in _GEAR_COLUMNS if c in log.columns), None)
    out["gear"] = (
        log[gear].astype("string") if gear else pd.Series(pd.NA, index=log.index, dtype="string")
    )
    if "utc_offset_s" not in out.columns:
        out["utc_offset_s"] = np.nan
    if out.attrs.get("source_kind") == "garmin" and "utc_offset_s" not in log.columns:
        out["utc_offset_s"] = 0.0  # Garmin CSV times are local, stored as if UTC
    return out


def garmin_summaries(data: bytes, name: str) -> pd.DataFrame:
    """A Garmin Connect ``summarizedActivities`` JSON as an export log frame."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise CorruptFileError(name, f"is not valid JSON ({exc})") from exc
    items = []
    for block in doc if isinstance(doc, list) else [doc]:
        if isinstance(block, dict):
            items += block.get("summarizedActivitiesExport", [])
    raw = pd.DataFrame(items)

    def col(key: str, scale: float = 1.0) -> pd.Series:
        if key not in raw.columns:
            return pd.Series(np.nan, index=raw.index, dtype="float64")
        return pd.to_numeric(raw[key], errors="coerce").astype("float64") / scale

    gmt = pd.to_datetime(col("startTimeGmt"), unit="ms", utc=True)
    local = pd.to_datetime(col("startTimeLocal"), unit="ms", utc=True)
    kind = raw.get("activityType", pd.Series(pd.NA, index=raw.index)).astype("string")
    elapsed = col("elapsedDuration", 1000.0).fillna(col("duration", 1000.0))
    frame = pd.DataFrame(
        {
            "start_time": gmt.dt.as_unit("ns"),
            "sport": normalise_sport(kind),
            "name": raw.get("name", pd.Series(pd.NA, index=raw.index)).astype("string"),
            "distance_m": col("distance", 100.0),
            "elapsed_s": elapsed,
            "moving_s": col("movingDuration", 1000.0),
            "avg_heart_rate_bpm": col("avgHr"),
            "max_heart_rate_bpm": col("maxHr"),
            "elevation_gain_m": col("elevationGain", 100.0),
            "activity_id": col("activityId").astype("Int64").astype("string"),
            "source_file": pd.Series(pd.NA, index=raw.index, dtype="string"),
            TYPE_COLUMN: kind,
            "gear": pd.Series(pd.NA, index=raw.index, dtype="string"),
            "utc_offset_s": (local - gmt).dt.total_seconds(),
        }
    )
    frame = frame.sort_values("start_time", kind="stable").reset_index(drop=True)
    frame.attrs = {"source": name, "source_kind": "garmin_json"}
    return frame


def match_by_name(log: pd.DataFrame, names: list[str]) -> dict[str, int]:
    """File name (path in the export) -> log row, from the log's ``source_file``."""
    files = log["source_file"].dropna()
    keys: dict[str, int] = {}
    for strip in (_full, _base, _stem):
        for row, value in zip(files.index.tolist(), files.tolist(), strict=True):
            keys.setdefault(f"{strip.__name__}:{strip(str(value))}", int(row))
    found: dict[str, int] = {}
    taken: set[int] = set()
    for name in names:
        for strip in (_full, _base, _stem):
            row = keys.get(f"{strip.__name__}:{strip(name)}")
            if row is not None and row not in taken:
                found[name] = row
                taken.add(row)
                break
    return found


def _full(name: str) -> str:
    return name.strip().lower()


def _base(name: str) -> str:
    return PurePosixPath(name.strip().replace("\\", "/")).name.lower()


def _stem(name: str) -> str:
    base = _base(name)
    return base[:-3] if base.endswith(".gz") else base


def match_by_time(
    log_starts: pd.Series, file_starts: pd.Series, tolerance: pd.Timedelta = MATCH_TOLERANCE
) -> dict[str, int]:
    """File -> log row for files starting within ``tolerance`` of a log row (one to one)."""
    logs = log_starts.dropna()
    files = file_starts.dropna()
    if logs.empty or files.empty:
        return {}
    pairs = (
        pd.DataFrame(
            {
                "file": np.repeat(files.index.to_numpy(), len(logs)),
                "row": np.tile(logs.index.to_numpy(), len(files)),
            }
        )
        if len(files) * len(logs) <= 4_000_000
        else _near_pairs(logs, files, tolerance)
    )
    gap = pd.to_datetime(files.reindex(pairs["file"]).to_numpy(), utc=True) - pd.to_datetime(
        logs.reindex(pairs["row"]).to_numpy(), utc=True
    )
    pairs["gap"] = np.abs(gap.asi8)
    pairs = pairs[pairs["gap"] <= tolerance.value].sort_values("gap", kind="stable")
    pairs = pairs.drop_duplicates("file").drop_duplicates("row")
    return {str(f): int(r) for f, r in zip(pairs["file"], pairs["row"], strict=True)}


def _near_pairs(logs: pd.Series, files: pd.Series, tolerance: pd.Timedelta) -> pd.DataFrame:
    """Candidate pairs for big logs: each file with the log rows on either side of it."""
    order = logs.sort_values()
    pos = np.searchsorted(order.to_numpy(), files.to_numpy())
    rows = []
    for shift in (-2, -1, 0, 1):
        i = np.clip(pos + shift, 0, len(order) - 1)
        rows.append(pd.DataFrame({"file": files.index, "row": order.index[i]}))
    return pd.concat(rows, ignore_index=True).drop_duplicates()


def log_frame_from_csv(data: bytes, name: str) -> pd.DataFrame:
    """A CSV read as a training log (raises UnsupportedFormatError if it is not one)."""
    from runlytics.io.training_log import read_training_log

    stream = io.BytesIO(data)
    stream.name = name
    return as_export_log(read_training_log(stream))
