"""The rows of ``History.activities``: files with their log rows, and log rows without a file.

A file's values come from its analysis (runs) or its session (other sports);
its log row adds the title, the log's activity type and gear, and fills values
the file lacks. A log row without a file keeps the log's summary values and a
load estimated from its duration and average HR (and, for runs, its average
speed), flagged in ``load_estimated``. The local date is the start time plus
the session's UTC offset; where a file or log row has none, the median offset
of the export's files (else 0, i.e. UTC).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from runlytics.analysis.best_efforts import BEST_EFFORT_COLUMNS
from runlytics.athlete import Athlete
from runlytics.history.cache import Meta
from runlytics.metrics.load import edwards_trimp, hrtss, rtss

#: Columns of ``History.activities`` (index ``activity_id``), in order.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "start_time",
    "local_date",
    "utc_offset_s",
    "sport",
    "sub_sport",
    "name",
    "activity_type",
    "gear",
    "source_file",
    "in_log",
    "analysed",
    "distance_m",
    "moving_s",
    "elapsed_s",
    "elevation_gain_m",
    "avg_heart_rate_bpm",
    "max_heart_rate_bpm",
    "avg_speed_mps",
    "label",
    "label_confidence",
    "trimp",
    "hrtss",
    "rtss",
    "load_estimated",
    "efficiency_factor",
    "decoupling_pct",
    "vdot",
    *(f"time_in_zone_{z}_s" for z in range(1, 6)),
    "notes",
)
_NUMBERS = (
    "distance_m", "moving_s", "elapsed_s", "elevation_gain_m", "avg_heart_rate_bpm",
    "max_heart_rate_bpm", "avg_speed_mps", "label_confidence", "trimp", "hrtss", "rtss",
    "efficiency_factor", "decoupling_pct", "vdot", *(f"time_in_zone_{z}_s" for z in range(1, 6)),
)  # fmt: skip
_TEXT = ("sport", "sub_sport", "name", "activity_type", "gear", "source_file", "label", "notes")
_FROM_LOG = ("distance_m", "moving_s", "elapsed_s", "elevation_gain_m", "avg_heart_rate_bpm",
             "max_heart_rate_bpm")  # fmt: skip
FILE_LOAD_NOTE = "not analysed: load estimated from duration and average HR"
NO_FILE_NOTE = "no file: summary values from the log; load estimated from duration and average HR"


def activity_table(
    files: pd.DataFrame,
    log: pd.DataFrame,
    metas: dict[str, Meta],
    athlete_rows: dict[str, Meta],
    athlete: Athlete,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """``History.activities`` and the activity id of each file digest."""
    rows: list[dict[str, object]] = []
    digests: list[str | None] = []
    for digest, file in files.iterrows():
        meta = metas[str(digest)]
        session = meta["session"]
        row: dict[str, object] = {
            **{k: v for k, v in meta["row"].items() if k in ACTIVITY_COLUMNS},
            "start_time": session["start_time"],
            "utc_offset_s": session["utc_offset"],
            "sport": meta["sport"],
            "sub_sport": meta.get("sub_sport"),
            "source_file": file["source_file"],
            "analysed": bool(meta["analysed"]),
            "in_log": pd.notna(file["log_row"]),
            "elapsed_s": meta["row"].get("elapsed_s", session["elapsed_s"]),
            "notes": "; ".join(dict.fromkeys(meta["notes"])),
            "activity_id": _file_id(file["source_file"], str(digest)),
        }
        if row["analysed"]:
            row |= athlete_rows.get(str(digest), {})
        if pd.notna(file["log_row"]):
            row |= _from_log(log_row(log, int(file["log_row"])), row)
        rows.append(row)
        digests.append(str(digest))
    matched = set(files["log_row"].dropna().astype(int))
    for i in log.index.difference(list(matched)):
        entry = log_row(log, int(i))
        if pd.isna(entry["start_time"]):
            continue
        row = {"start_time": entry["start_time"], "utc_offset_s": entry["utc_offset_s"],
               "sport": entry["sport"], "in_log": True, "analysed": False, "source_file": None,
               "notes": NO_FILE_NOTE, "load_estimated": True,
               "activity_id": _log_id(entry, int(i))}  # fmt: skip
        rows.append(row | _from_log(entry, {}))
        digests.append(None)
    table = _typed(pd.DataFrame(rows))
    table = _local_dates(table)
    table = _estimated_loads(table, athlete)
    table.index = _unique_ids(table.pop("activity_id"))
    order = np.argsort(table["start_time"].to_numpy(), kind="stable")
    ids = {d: int(i) for d, i in zip(digests, table.index, strict=True) if d is not None}
    return table.iloc[order][list(ACTIVITY_COLUMNS)], ids


def log_row(frame: pd.DataFrame, label: int) -> pd.Series:
    """One row of a frame with a unique index, as a Series."""
    row = frame.loc[label]
    if not isinstance(row, pd.Series):
        raise KeyError(f"row {label} is not unique")
    return row


def _from_log(entry: pd.Series, row: dict[str, object]) -> dict[str, object]:
    """What a log row adds: title, type, gear, id, and the values the file lacks."""
    out: dict[str, object] = {
        "name": entry.get("name"),
        "activity_type": entry.get("activity_type"),
        "gear": entry.get("gear"),
    }
    for key in _FROM_LOG:
        if key not in row or row[key] is None or pd.isna(row[key]):  # type: ignore[call-overload]
            out[key] = entry.get(key)
    if pd.notna(entry.get("activity_id")) and str(entry["activity_id"]).isdigit():
        out["activity_id"] = int(entry["activity_id"])
    if row.get("utc_offset_s") is None and pd.notna(entry.get("utc_offset_s")):
        out["utc_offset_s"] = entry["utc_offset_s"]
    return out


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for column in (*ACTIVITY_COLUMNS, "activity_id"):
        if column not in table.columns:
            table[column] = None
    table["start_time"] = pd.to_datetime(table["start_time"], utc=True, format="ISO8601")
    table["start_time"] = table["start_time"].dt.as_unit("ns")
    for column in (*_NUMBERS, "utc_offset_s"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    for column in _TEXT:
        table[column] = table[column].astype("string")
    for column in ("in_log", "analysed", "load_estimated"):
        table[column] = table[column].fillna(False).astype(bool)
    speed = table["distance_m"] / table["moving_s"].where(table["moving_s"] > 0)
    table["avg_speed_mps"] = table["avg_speed_mps"].fillna(speed)
    return table


def _local_dates(table: pd.DataFrame) -> pd.DataFrame:
    files = table["source_file"].notna()
    known = table.loc[files, "utc_offset_s"].dropna()
    typical = float(known.median()) if len(known) else 0.0
    offset = pd.to_timedelta(table["utc_offset_s"].fillna(typical), unit="s")
    table["local_date"] = (table["start_time"] + offset).dt.tz_localize(None).dt.normalize()
    return table


def _estimated_loads(table: pd.DataFrame, athlete: Athlete) -> pd.DataFrame:
    """Loads from duration and average HR (and speed for runs) where no analysis gave them."""
    todo = ~table["analysed"] & table["avg_heart_rate_bpm"].notna()
    todo |= ~table["analysed"] & (table["sport"] == "running").fillna(False)
    for i in table.index[todo]:
        row = table.loc[i]
        p = athlete.at(row["local_date"])
        seconds = row["moving_s"] if row["moving_s"] > 0 else row["elapsed_s"]
        hr = np.array([row["avg_heart_rate_bpm"]])
        dt = np.array([seconds])
        if not np.isfinite(seconds):
            continue
        if p.hr_max is not None and np.isfinite(hr).all():
            table.at[i, "trimp"] = edwards_trimp(hr, dt, hr_max=p.hr_max)
            if p.hr_rest is not None and p.hr_threshold is not None and p.sex is not None:
                table.at[i, "hrtss"] = hrtss(
                    hr, dt, hr_rest=p.hr_rest, hr_max=p.hr_max, hr_threshold=p.hr_threshold,
                    sex=p.sex,
                )  # fmt: skip
        speed = row["avg_speed_mps"]
        if row["sport"] == "running" and p.threshold_speed_mps and np.isfinite(speed):
            table.at[i, "rtss"] = rtss(seconds, speed, p.threshold_speed_mps)
        table.at[i, "load_estimated"] = True
        if pd.notna(row["source_file"]):
            table.at[i, "notes"] = "; ".join(
                n for n in (row["notes"], FILE_LOAD_NOTE) if pd.notna(n) and n
            )
    return table


def _file_id(name: str, digest: str) -> int:
    """The number in a file's name (Strava, Garmin), else one derived from its content."""
    stem = re.sub(r"(\.gz)?$", "", name.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    digits = re.findall(r"\d{5,18}", stem)
    return int(digits[-1]) if digits else int(digest[:13], 16)


def _log_id(entry: pd.Series, position: int) -> int:
    if pd.notna(entry.get("activity_id")) and str(entry["activity_id"]).isdigit():
        return int(entry["activity_id"])
    key = f"{entry['start_time']}|{entry.get('name')}|{position}"
    return int(hashlib.sha256(key.encode()).hexdigest()[:13], 16)


def _unique_ids(ids: pd.Series) -> pd.Index:
    values: list[int] = []
    seen: set[int] = set()
    for v in ids.astype("int64").tolist():
        while v in seen:
            v = int(hashlib.sha256(str(v).encode()).hexdigest()[:13], 16)
        values.append(v)
        seen.add(v)
    return pd.Index(values, name="activity_id", dtype="int64")


def best_effort_table_from_meta(values: Mapping[int, Mapping[str, Any]]) -> pd.DataFrame:
    """:func:`best_effort_table` straight from the cached JSON of each run (one frame built)."""
    if not values:
        return best_effort_table({})
    ids: list[int] = []
    efforts: list[str] = []
    columns: dict[str, list[Any]] = {c: [] for c in BEST_EFFORT_COLUMNS}
    for activity_id, value in sorted(values.items()):  # as pd.concat orders a mapping
        ids += [activity_id] * len(value["index"])
        efforts += value["index"]
        for c in BEST_EFFORT_COLUMNS:
            columns[c] += value["columns"][c]
    frame = pd.DataFrame({"activity_id": ids, "effort": efforts, **columns})
    frame["start"] = pd.to_datetime(frame["start"], utc=True, format="ISO8601").dt.as_unit("ns")
    for c in BEST_EFFORT_COLUMNS:
        if c not in ("kind", "start"):
            frame[c] = frame[c].astype("float64")
    frame["kind"] = frame["kind"].astype("string")
    frame["effort"] = frame["effort"].astype("string")
    return frame


def best_effort_table(efforts: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Every run's best efforts in one long frame (``activity_id``, ``effort``, columns)."""
    if not efforts:
        columns = ["activity_id", "effort", "kind", "distance_m", "time_s", "speed_mps", "start",
                   "gap_distance_m", "gap_time_s", "gap_speed_mps"]  # fmt: skip
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    frame = pd.concat(efforts, names=["activity_id", "effort"]).reset_index()
    frame["kind"] = frame["kind"].astype("string")
    frame["effort"] = frame["effort"].astype("string")
    return frame
