"""``read_export``: an athlete's whole export (folder or zip) to a :class:`History`.

The steps: open the export safely (:mod:`.archive`), find its training log
(:mod:`.logs`), hash every activity file and look it up in the run cache
(:mod:`.cache`), read and analyse the others (:mod:`.loading`, on an executor),
match log rows to files, estimate the athlete if none is given
(:mod:`.estimate`), derive each run's athlete part (from the cores, no second
analysis) and assemble one row per activity, log rows without a file included.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pandas as pd

from runlytics.analysis.estimate import RUN_STAT_COLUMNS, athlete_from_run_stats
from runlytics.athlete import Athlete
from runlytics.errors import RunlyticsError, UnsupportedFormatError
from runlytics.history.archive import Entry, ExportArchive, FileRef
from runlytics.history.cache import Meta, RunStore, athlete_key, content_hash
from runlytics.history.history import PROBLEM_COLUMNS, History
from runlytics.history.loading import (
    CoreTask,
    FileResult,
    FileTask,
    analyse_file,
    decide_sport,
    derive_athlete_part,
    run_tasks,
    show_progress,
)
from runlytics.history.logs import (
    EXPORT_LOG_COLUMNS,
    garmin_summaries,
    log_frame_from_csv,
    match_by_name,
    match_by_time,
)
from runlytics.history.rows import activity_table, best_effort_table_from_meta

PathLike = str | os.PathLike[str]


def read_export(
    source: PathLike,
    *,
    athlete: Athlete | None = None,
    sports: Iterable[str] = ("running",),
    cache: bool | PathLike = True,
    executor: Executor | None = None,
    progress: bool | None = None,
) -> History:
    """Read an athlete's export (folder or zip) into a :class:`History`.

    ``source``: a Strava bulk export (``activities.csv`` and the activity
    files), a Garmin Connect data export (nested zips of FIT files and
    ``summarizedActivities`` JSON), or any folder or zip of activity files.
    ``athlete``: the parameters for zones, labels and loads; ``None``
    estimates them from the export (flagged as estimates). ``sports``: the
    sports analysed as runs (trail and treadmill runs are ``running``); other
    activities stay as rows. ``cache``: True for the user cache folder, a
    path, or False. ``executor``: any ``concurrent.futures.Executor`` (default:
    serial for a few dozen files, else a process pool on every core).
    ``progress``: a progress bar (default: when interactive).

    Every file yields a row or a row of ``History.problems``. Raises
    :class:`~runlytics.errors.UnsupportedFormatError` if ``source`` does not
    exist and :class:`~runlytics.errors.UnsafeArchiveError` for an archive
    over the total size limits.
    """
    with ExitStack() as stack:
        store: RunStore | None = None
        if cache is not False:
            store = RunStore.at(None if cache is True else cache)
        elif athlete is None:  # the second pass reads the cores from a store for this load
            store = RunStore.at(stack.enter_context(tempfile.TemporaryDirectory()))
        if store is not None:
            store.root.mkdir(parents=True, exist_ok=True)
        loader = _Loader(tuple(sports), athlete, store, executor, show_progress(progress))
        archive = stack.enter_context(ExportArchive(source))
        history = loader.load(archive)
        if cache is False:
            history = History(**{**vars(history), "store": None})
        return history


def read_exports(
    sources: Iterable[PathLike], *, executor: Executor | None = None, **options: Any
) -> dict[str, History]:
    """Several athletes' exports (e.g. on one Dask cluster): ``{str(source): History}``.

    ``options`` are those of :func:`read_export`, the same for every export.
    """
    return {str(s): read_export(s, executor=executor, **options) for s in sources}


class _Loader:
    """One load: the state shared by its steps."""

    def __init__(
        self,
        sports: tuple[str, ...],
        athlete: Athlete | None,
        store: RunStore | None,
        executor: Executor | None,
        progress: bool,
    ) -> None:
        self.sports, self.athlete, self.store = sports, athlete, store
        self.executor, self.progress = executor, progress
        self.key = None if athlete is None else athlete_key(athlete)
        self.problems: list[tuple[str, str, str]] = []
        self.metas: dict[str, Meta] = {}
        self.athlete_rows: dict[str, Meta] = {}
        self.refs: dict[str, FileRef] = {}

    def load(self, archive: ExportArchive) -> History:
        for name, exc in archive.problems:
            self._problem(name, exc)
        log, entries = self._find_log(archive)
        by_name = match_by_name(log, [e.ref.name for e in entries])
        tasks = self._plan(archive, entries, log, by_name)
        for result in run_tasks(
            analyse_file,
            tasks,
            len(entries),
            self.executor,
            progress=self.progress,
            desc="reading",
        ):
            self._take(result)
        files = self._file_frame(log, by_name)
        athlete = self.athlete
        if athlete is None:
            athlete = _estimate(_stats(files, self.metas))
        self._athlete_parts(files, athlete)
        activities, ids = activity_table(files, log, self.metas, self.athlete_rows, athlete)
        problems = pd.DataFrame(self.problems, columns=list(PROBLEM_COLUMNS)).astype("string")
        efforts = best_effort_table_from_meta(
            {ids[d]: self.metas[d]["best_efforts"] for d in ids
             if "best_efforts" in self.metas[d] and activities.at[ids[d], "analysed"]}
        )  # fmt: skip
        return History(
            activities,
            efforts,
            athlete,
            problems,
            log,
            self.sports,
            {i: (self.refs[d], d) for d, i in ids.items()},
            self.store,
        )

    def _problem(self, name: str, exc: BaseException | tuple[str, str]) -> None:
        kind, message = exc if isinstance(exc, tuple) else (type(exc).__name__, str(exc))
        self.problems.append((name, kind, message))

    def _find_log(self, archive: ExportArchive) -> tuple[pd.DataFrame, list[Entry]]:
        """The export's log (empty frame if none) and the entries that are activity files."""
        logs: list[pd.DataFrame] = []
        activities = [e for e in archive.entries if e.kind == "activity"]
        csvs = sorted((e for e in archive.entries if e.kind == "csv"),
                      key=lambda e: (Path(e.ref.name).name.lower() != "activities.csv",
                                     len(e.ref.parts), e.ref.name))  # fmt: skip
        for entry, data in archive.iter_bytes(csvs):
            if isinstance(data, Exception):
                self._problem(entry.ref.name, data)
                continue
            try:
                logs.append(log_frame_from_csv(data, entry.ref.display))
            except UnsupportedFormatError:
                activities.append(entry)  # a record-stream CSV
            except RunlyticsError as exc:
                self._problem(entry.ref.name, exc)
        summaries = [e for e in archive.entries if e.kind == "summary"]
        for entry, data in archive.iter_bytes(summaries):
            try:
                if isinstance(data, Exception):
                    raise data
                logs.append(garmin_summaries(data, entry.ref.display))
            except RunlyticsError as exc:
                self._problem(entry.ref.name, exc)
        if not logs:
            empty = pd.DataFrame({c: pd.Series(dtype="object") for c in EXPORT_LOG_COLUMNS})
            empty["start_time"] = pd.to_datetime(empty["start_time"], utc=True)
            return empty, activities
        log = logs[0] if len(logs) == 1 else pd.concat(logs, ignore_index=True)
        log = log.drop_duplicates(["start_time", "activity_id"]).sort_values(
            "start_time", kind="stable"
        )
        log = log.reset_index(drop=True)
        log.attrs = dict(logs[0].attrs)
        return log, activities

    def _plan(
        self,
        archive: ExportArchive,
        entries: list[Entry],
        log: pd.DataFrame,
        by_name: dict[str, int],
    ) -> Iterator[FileTask | None]:
        """Hash every file: cache hits are taken at once (``None``), the others become tasks."""
        for entry, data in archive.iter_bytes(entries):
            name = entry.ref.name
            if isinstance(data, Exception):
                self._problem(name, data)
                continue
            digest = content_hash(data)
            if digest in self.refs:
                first = self.refs[digest].name
                self._problem(name, ("DuplicateFile", f"same content as {first}; counted once"))
                continue
            self.refs[digest] = entry.ref
            row = by_name.get(name)
            log_sport = None if row is None else _text(log.at[row, "sport"])
            if self._hit(digest, name, log_sport):
                yield None
            else:
                yield FileTask(
                    name,
                    entry.ref.display,
                    data,
                    digest,
                    log_sport,
                    self.sports,
                    self.athlete,
                    self.key,
                    None if self.store is None else str(self.store.root),
                )

    def _hit(self, digest: str, name: str, log_sport: str | None) -> bool:
        meta = None if self.store is None else self.store.meta(digest)
        if meta is None or self.store is None:
            return False
        sport, analyse, notes = decide_sport(log_sport, meta["file_sport"], self.sports)
        if analyse and not (meta["analysed"] and self.store.has_core(digest)):
            return False
        meta |= {"sport": sport, "analysed": analyse, "notes": [*meta["notes"], *notes]}
        self.metas[digest] = meta
        if analyse and self.key is not None:
            row = self.store.athlete_row(digest, self.key)
            if row is not None:
                self.athlete_rows[digest] = row
        return True

    def _take(self, result: FileResult) -> None:
        if result.error is not None or result.meta is None:
            kind, message = result.error or ("Error", "no result")
            self._problem(result.name, (kind, message))
            self.refs.pop(result.digest, None)
            return
        self.metas[result.digest] = result.meta
        if result.athlete_row is not None:
            self.athlete_rows[result.digest] = result.athlete_row

    def _file_frame(self, log: pd.DataFrame, by_name: dict[str, int]) -> pd.DataFrame:
        """One row per file read: its name, start, sport, and the log row it matches."""
        digests = list(self.metas)
        frame = pd.DataFrame(
            {
                "digest": digests,
                "source_file": [self.refs[d].name for d in digests],
                "start_time": pd.to_datetime(
                    [self.metas[d]["session"]["start_time"] for d in digests], utc=True
                ),
            },
            index=pd.Index(digests),
        )
        frame["log_row"] = frame["source_file"].map(by_name).astype("Int64")
        unmatched_logs = log["start_time"].drop(list(by_name.values()), errors="ignore")
        unmatched_files = frame.loc[frame["log_row"].isna(), "start_time"]
        for digest, row in match_by_time(unmatched_logs, unmatched_files).items():
            frame.at[digest, "log_row"] = row
            meta = self.metas[digest]
            log_sport = _text(log.at[row, "sport"])
            if meta["sport"] is None and log_sport is not None:
                meta["sport"] = log_sport  # the file did not know; the log does
            if log_sport is not None and meta["file_sport"] not in (None, log_sport):
                meta["notes"] = [
                    *meta["notes"],
                    f"sport: the log says {log_sport}, the file says {meta['file_sport']} "
                    "(file used: matched by start time)",
                ]
        return frame

    def _athlete_parts(self, files: pd.DataFrame, athlete: Athlete) -> None:
        """Derive the athlete part of every analysed run that lacks it for ``athlete``."""
        key = athlete_key(athlete)
        if key != self.key:
            self.athlete_rows = {}
        tasks = []
        for digest in files["digest"]:
            if not self.metas[digest]["analysed"] or digest in self.athlete_rows:
                continue
            if self.store is None:
                raise RuntimeError(f"{self.refs[digest].display}: no athlete part and no store")
            row = self.store.athlete_row(digest, key)
            if row is not None:
                self.athlete_rows[digest] = row
            else:
                tasks.append(CoreTask(digest, athlete, key, str(self.store.root)))
        for digest, row, error in run_tasks(
            derive_athlete_part,
            tasks,
            len(tasks),
            self.executor,
            progress=self.progress,
            desc="athlete part",
        ):
            if row is not None:
                self.athlete_rows[digest] = row
            else:
                self.metas[digest]["notes"] = [*self.metas[digest]["notes"], f"label: {error}"]


def _stats(files: pd.DataFrame, metas: dict[str, Meta]) -> pd.DataFrame:
    """The per-run stats of the analysed files (cached by the first pass), with their local
    dates and sports: what :func:`athlete_from_run_stats` reads."""
    rows = []
    for digest in files["digest"]:
        meta = metas[digest]
        if meta["analysed"] and "stats" in meta:
            session = meta["session"]
            start = pd.Timestamp(session["start_time"])
            start += pd.Timedelta(seconds=session["utc_offset"] or 0.0)
            day = start.tz_localize(None).normalize()
            rows.append({**meta["stats"], "local_date": day, "sport": meta["sport"]})
    columns = [*RUN_STAT_COLUMNS, "local_date", "sport"]
    return pd.DataFrame(rows, columns=columns).reset_index(drop=True)


def _estimate(stats: pd.DataFrame) -> Athlete:
    """The athlete of the export's runs; an empty athlete when it holds no run."""
    try:
        return athlete_from_run_stats(stats)
    except ValueError:
        return Athlete()


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
