"""The :class:`History`: an athlete's whole export as one immutable object of summaries.

One row per activity in :attr:`History.activities`; the records of a run stay
on disk (run cache, saved dataset or the export itself) until
:meth:`History.run` asks for them. :meth:`History.to_parquet` writes a plain
Parquet dataset that :func:`read_history` (or DuckDB, Polars, Dask) reads back.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from runlytics.analysis.prepare import PreparedActivity
from runlytics.analysis.run import RunAnalysis, RunCore, run_core
from runlytics.athlete import DATED_PARAMETERS, Athlete, Estimate
from runlytics.history.archive import FileRef, gunzip_limited, read_ref
from runlytics.history.cache import RunStore, session_from
from runlytics.history.rows import log_row
from runlytics.io.read import read_activities
from runlytics.vocabulary import RUN_LABELS

#: Loads :meth:`History.daily_load` knows, each with its fallbacks in order.
LOAD_FALLBACKS: dict[str, tuple[str, ...]] = {
    "hrtss": ("hrtss", "rtss"),
    "rtss": ("rtss",),
    "trimp": ("trimp",),
}
ZONE_COLUMNS = tuple(f"time_in_zone_{z}_s" for z in range(1, 6))
PROBLEM_COLUMNS = ("file", "error", "message")


@dataclass(frozen=True, eq=False)
class History:
    """An athlete's export: activities (summaries), best efforts, problems, log and athlete.

    Build one with :func:`~runlytics.read_export` or :func:`read_history`. The
    frames are returned as copies; nothing in a History changes once made.
    """

    frame: pd.DataFrame = field(repr=False)
    efforts: pd.DataFrame = field(repr=False)
    athlete: Athlete
    issues: pd.DataFrame = field(repr=False)
    log_frame: pd.DataFrame = field(repr=False)
    sports: tuple[str, ...] = ("running",)
    files: Mapping[int, tuple[FileRef | None, str | None]] = field(default_factory=dict, repr=False)
    store: RunStore | None = field(default=None, repr=False)
    dataset: Path | None = field(default=None, repr=False)

    @property
    def activities(self) -> pd.DataFrame:
        """One row per activity (index ``activity_id``), by start time (see docs/history.md)."""
        return self.frame.copy()

    @property
    def best_efforts(self) -> pd.DataFrame:
        """The best efforts of every analysed run (``activity_id``, ``effort``, the values)."""
        return self.efforts.copy()

    @property
    def problems(self) -> pd.DataFrame:
        """Files that yielded no activity: ``file``, ``error`` (type) and ``message``."""
        return self.issues.copy()

    @property
    def log(self) -> pd.DataFrame:
        """The training log of the export (empty when it has none)."""
        return self.log_frame.copy()

    def __repr__(self) -> str:
        a = self.frame
        runs = int(a["analysed"].sum()) if len(a) else 0
        span = (
            f"{a['local_date'].min():%Y-%m-%d} to {a['local_date'].max():%Y-%m-%d}"
            if len(a)
            else "empty"
        )
        return (
            f"<History {len(a)} activities ({runs} runs analysed), {span}, "
            f"{len(self.issues)} problems>"
        )

    def until(self, day: str | pd.Timestamp) -> History:
        """The history as it stood at the end of local ``day``: activities, efforts, log.

        The log is cut at midnight UTC after ``day``. The athlete, the files and the
        run cache are shared (nothing is read again).
        """
        cut = pd.Timestamp(day).normalize()
        if cut.tzinfo is not None:
            cut = cut.tz_localize(None)
        keep = self.frame["local_date"] <= cut
        frame = self.frame[keep]
        efforts = self.efforts
        if "activity_id" in efforts.columns:
            efforts = efforts[efforts["activity_id"].isin(frame.index)]
        log = self.log_frame
        if "start_time" in log.columns and len(log):
            start = pd.to_datetime(log["start_time"], utc=True).dt.tz_localize(None)
            log = log[(start < cut + pd.Timedelta(days=1)).to_numpy(dtype=bool)]
        return dataclasses.replace(
            self, frame=frame.copy(), efforts=efforts.copy(), log_frame=log.copy()
        )

    # --- one run -----------------------------------------------------------------------------

    def run(self, activity_id: int) -> RunAnalysis:
        """The full :class:`RunAnalysis` of one run, read lazily (cache, dataset or the file)."""
        if activity_id not in self.frame.index:
            raise KeyError(f"no activity {activity_id} in this history")
        row = log_row(self.frame, activity_id)
        if not bool(row["analysed"]):
            raise ValueError(
                f"activity {activity_id} ({row['sport']}, {row['name']}) is not analysed as a run"
                + ("" if pd.notna(row["source_file"]) else ": it has no file")
            )
        return RunAnalysis.from_core(self._core(activity_id), self.athlete)

    def _core(self, activity_id: int) -> RunCore:
        ref, digest = self.files.get(activity_id, (None, None))
        if self.store is not None and digest is not None and self.store.has_core(digest):
            return self.store.load_core(digest, None if ref is None else ref.display)
        if self.dataset is not None:
            return _core_from_dataset(self.dataset, activity_id, log_row(self.frame, activity_id))
        if ref is None:
            raise KeyError(f"activity {activity_id}: its file is not known")
        data = gunzip_limited(read_ref(ref), ref.display)
        import io

        stream = io.BytesIO(data)
        stream.name = ref.display
        return run_core(read_activities(stream)[0])

    # --- load and weeks ----------------------------------------------------------------------

    def daily_load(self, metric: str = "hrtss") -> pd.Series:
        """Training load per local day, every day from the first to the last activity.

        ``metric``: "hrtss" (falls back to rTSS from grade-adjusted pace where an
        activity has no hrTSS), "rtss" or "trimp" (Edwards). Rest days are 0.
        ``.attrs["used"]`` is a Series saying which load each day used ("hrtss",
        "rtss", "hrtss+rtss", "rest", or "none" when a day's activities have no load).
        """
        if metric not in LOAD_FALLBACKS:
            raise ValueError(f"metric must be one of {sorted(LOAD_FALLBACKS)}, not {metric!r}")
        load, used = self._activity_load(metric)
        a = self.frame
        days = _all_days(a["local_date"])
        daily = load.fillna(0.0).groupby(a["local_date"]).sum().reindex(days, fill_value=0.0)
        per_day = (
            used.fillna("none")
            .groupby(a["local_date"])
            .agg(lambda s: "+".join(sorted(set(s) - {"none"})) or "none")
        )
        daily.name, daily.index.name = metric, "local_date"
        daily.attrs["used"] = per_day.reindex(days, fill_value="rest").astype("string")
        return daily

    def _activity_load(self, metric: str) -> tuple[pd.Series, pd.Series]:
        a = self.frame
        load = pd.Series(np.nan, index=a.index)
        used = pd.Series(pd.NA, index=a.index, dtype="string")
        for name in LOAD_FALLBACKS[metric]:
            take = load.isna() & np.isfinite(a[name].astype("float64"))
            load[take] = a.loc[take, name]
            used[take] = name
        return load, used

    def weekly(self, metric: str = "hrtss") -> pd.DataFrame:
        """Monday-Sunday weeks in local time: volume, time, load, runs, longest, labels, zones.

        Index: the Monday of each week, every week from the first to the last.
        ``distance_m``, ``moving_s``, ``runs``, ``longest_run_m`` and the label
        counts are of runs; ``other_s`` the moving time of other sports; ``load``
        the week's :meth:`daily_load` (``metric``, with its fallback);
        ``time_in_zone_*_s`` summed over runs with heart rate and zones.
        """
        a = self.frame
        runs = a[self._is_run()]
        week = _monday(runs["local_date"])
        daily = self.daily_load(metric)
        mondays = _monday(daily.index)
        weeks = (
            pd.date_range(mondays.min(), mondays.max(), freq="7D")
            if len(mondays)
            else pd.DatetimeIndex([])
        )
        grouped = runs.groupby(week)
        table = pd.DataFrame(
            {
                "distance_m": grouped["distance_m"].sum(),
                "moving_s": grouped["moving_s"].sum(),
                "runs": grouped.size(),
                "longest_run_m": grouped["distance_m"].max(),
            }
        )
        others = a[~self._is_run()]
        table["other_s"] = (
            others["moving_s"]
            .fillna(others["elapsed_s"])
            .groupby(_monday(others["local_date"]))
            .sum()
        )
        table["load"] = daily.groupby(_monday(daily.index)).sum()
        labels = runs["label"].astype("string")
        for label in RUN_LABELS:
            table[f"label_{label}"] = (labels == label).groupby(week).sum()
        for zone in ZONE_COLUMNS:
            table[zone] = runs[zone].groupby(week).sum(min_count=1)
        table = table.reindex(weeks)
        counts = ["distance_m", "moving_s", "runs", "other_s", "load"]
        counts += [c for c in table.columns if c.startswith("label_")]
        table[counts] = table[counts].fillna(0)
        table["runs"] = table["runs"].astype("int64")
        table.index.name = "week"
        return table

    def _is_run(self) -> pd.Series:
        a = self.frame
        return a["analysed"] | a["sport"].isin(self.sports).fillna(False).astype(bool)

    # --- saving -------------------------------------------------------------------------------

    def to_parquet(self, path: str | os.PathLike[str]) -> Path:
        """Write the history as a plain Parquet dataset in folder ``path`` (returned).

        ``activities.parquet``, ``best_efforts.parquet``, ``problems.parquet``,
        ``log.parquet``, ``athlete.json``, and the prepared 1 Hz records and laps of
        every analysed run under ``records/activity_id=<id>/`` and
        ``laps/activity_id=<id>/`` (hive partitioning).
        """
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        self.frame.reset_index().to_parquet(out / "activities.parquet", index=False)
        self.efforts.to_parquet(out / "best_efforts.parquet", index=False)
        self.issues.to_parquet(out / "problems.parquet", index=False)
        _log_for_parquet(self.log_frame).to_parquet(out / "log.parquet", index=False)
        (out / "athlete.json").write_text(json.dumps(athlete_to_json(self.athlete), indent=1))
        for activity_id in self.frame.index[self.frame["analysed"].to_numpy(dtype=bool)]:
            core = self._core(int(activity_id))
            for name, frame in (("records", core.prepared.records), ("laps", core.prepared.laps)):
                folder = out / name / f"activity_id={int(activity_id)}"
                folder.mkdir(parents=True, exist_ok=True)
                frame.reset_index(names=["timestamp"] if name == "records" else None).to_parquet(
                    folder / "part-0.parquet", index=False
                )
        return out


def read_history(path: str | os.PathLike[str]) -> History:
    """A :class:`History` from a dataset written by :meth:`History.to_parquet`."""
    root = Path(path)
    activities = pd.read_parquet(root / "activities.parquet").set_index("activity_id")
    return History(
        activities,
        pd.read_parquet(root / "best_efforts.parquet"),
        athlete_from_json(json.loads((root / "athlete.json").read_text())),
        pd.read_parquet(root / "problems.parquet"),
        pd.read_parquet(root / "log.parquet"),
        dataset=root,
    )


def _core_from_dataset(root: Path, activity_id: int, row: pd.Series) -> RunCore:
    part = f"activity_id={activity_id}/part-0.parquet"
    records = pd.read_parquet(root / "records" / part).set_index("timestamp")
    laps = pd.read_parquet(root / "laps" / part)
    offset = row["utc_offset_s"]
    session = session_from(
        {
            "sport": row["sport"], "sub_sport": row["sub_sport"],
            "start_time": row["start_time"].isoformat(),
            "utc_offset": None if pd.isna(offset) else float(offset),
            "elapsed_s": float(row["elapsed_s"]), "timer_s": float(row["moving_s"]),
            "moving_s": float(row["moving_s"]), "distance_m": float(row["distance_m"]),
            "device": None, "format": "parquet", "source": str(row["source_file"]), "notes": [],
        }
    )  # fmt: skip
    return run_core(PreparedActivity(records, laps, session))


def _log_for_parquet(log: pd.DataFrame) -> pd.DataFrame:
    out = log.copy()
    odd = [c for c in out.columns if out[c].dtype == object]
    out = out.astype({c: "string" for c in odd})
    out.attrs = {}
    return out


def _all_days(dates: pd.Series) -> pd.DatetimeIndex:
    if dates.dropna().empty:
        return pd.DatetimeIndex([], name="local_date")
    return pd.date_range(dates.min(), dates.max(), freq="D", name="local_date")


def _monday(dates: pd.Series | pd.Index) -> pd.Series | pd.Index:
    d = pd.to_datetime(dates)
    if isinstance(d, pd.Series):
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    return d - pd.to_timedelta(d.day_of_week, unit="D")


def athlete_to_json(athlete: Athlete) -> dict[str, object]:
    """An athlete's parameters as JSON (each value with its date, source and estimate flag)."""
    out: dict[str, object] = {
        "sex": athlete.sex,
        "birth_date": None if athlete.birth_date is None else athlete.birth_date.isoformat(),
    }
    for name in DATED_PARAMETERS:
        out[name] = [
            {
                "since": None if e.since is None else e.since.isoformat(),
                "value": e.value,
                "source": e.source,
                "is_estimate": e.is_estimate,
            }
            for e in getattr(athlete, name)
        ]
    return out


def athlete_from_json(values: Mapping[str, object]) -> Athlete:
    """The inverse of :func:`athlete_to_json`."""
    athlete = Athlete(sex=values["sex"], birth_date=values["birth_date"])  # type: ignore[arg-type]
    for name in DATED_PARAMETERS:
        given: list[dict[str, Any]] = list(values.get(name, []))  # type: ignore[call-overload]
        for e in sorted(given, key=lambda e: e["since"] is not None):
            value = Estimate(float(e["value"]), str(e["source"]), None, bool(e["is_estimate"]))
            athlete = athlete.with_values(since=e["since"], **{name: value})
    return athlete
