"""The per-file work of a load, and running it serially, on a process pool or on Dask.

:func:`analyse_file` turns one file's bytes into its summary row and, for a
run, its :class:`~runlytics.analysis.run.RunCore` (stored in the run cache) and
athlete part; :func:`derive_athlete_part` derives the athlete part again from a
cached core. Both are top-level functions of picklable dataclasses, so any
``concurrent.futures.Executor`` can run them: the default is serial for a few
dozen files and a process pool on every core above that; a Dask cluster's
``client.get_executor()`` spreads them over machines that share the cache
folder. Warnings raised while reading a file go into its row's notes.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from runlytics.analysis.best_efforts import best_efforts_of
from runlytics.analysis.estimate import run_stats_of
from runlytics.analysis.run import RunAnalysis, RunCore, run_core
from runlytics.athlete import Athlete
from runlytics.history.archive import gunzip_limited
from runlytics.history.cache import Meta, RunStore, best_efforts_meta, session_meta
from runlytics.io.read import read_activities
from runlytics.io.training_log import normalise_sport
from runlytics.metrics.vdot import vdot_from_race

#: Above this many files to analyse, the default executor is a process pool.
PARALLEL_FROM = 36
#: Sport names that say nothing (the file does not know): such files are analysed as runs.
UNKNOWN_SPORTS = frozenset({"generic", "other", "all", "unknown"})
#: Best efforts from this distance up give the run's VDOT (shorter ones overstate it).
VDOT_FROM_M = 1500.0

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class FileTask:
    """One file to read and analyse."""

    name: str  # the path inside the export
    display: str  # the export and that path, for messages
    data: bytes
    digest: str
    log_sport: str | None
    sports: tuple[str, ...]
    athlete: Athlete | None
    athlete_key: str | None  # None: the athlete part is derived later (athlete estimated)
    store: str | None  # None: nothing is kept (no cache, and no second pass needs the core)


@dataclass(frozen=True)
class FileResult:
    """What :func:`analyse_file` found: ``meta`` (see the cache), the athlete part, or an error."""

    digest: str
    name: str
    meta: Meta | None
    athlete_row: Meta | None
    error: tuple[str, str] | None


@dataclass(frozen=True)
class CoreTask:
    """Derive a cached run's athlete part for ``athlete``."""

    digest: str
    athlete: Athlete
    athlete_key: str
    store: str


@functools.lru_cache(maxsize=256)
def file_sport(sport: str | None) -> str | None:
    """A file's sport in training-log words (``running``, ``cycling``, ...), None if unknown."""
    if sport is None or str(sport).lower() in UNKNOWN_SPORTS:
        return None
    value = normalise_sport(pd.Series([sport], dtype="string")).iloc[0]
    return None if pd.isna(value) else str(value)


def decide_sport(
    log_sport: str | None, found: str | None, sports: tuple[str, ...]
) -> tuple[str | None, bool, list[str]]:
    """The sport of an activity (the log's wins), whether to analyse it as a run, and notes."""
    notes = []
    if log_sport is not None and found is not None and log_sport != found:
        notes.append(f"sport: the log says {log_sport}, the file says {found} (log used)")
    sport = log_sport or found
    if sport is None:
        notes.append("sport unknown: analysed as a run")
        return None, True, notes
    return sport, sport in sports, notes


def analyse_file(task: FileTask) -> FileResult:
    """Read one file, analyse it if it is a run, store the core; never raises."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            stream = io.BytesIO(gunzip_limited(task.data, task.display))
            stream.name = task.display
            activities = read_activities(stream)
        notes = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        activity = activities[0]
        if len(activities) > 1:
            notes.append(f"the file holds {len(activities)} activities; the first is used")
        found = file_sport(activity.session.sport)
        sport, analysed, sport_notes = decide_sport(task.log_sport, found, task.sports)
        meta: Meta = {
            "file_sport": found,
            "sub_sport": activity.session.sub_sport,
            "analysed": analysed,
            "session": session_meta(activity.session),
        }
        athlete_row = None
        store = None if task.store is None else RunStore(Path(task.store))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if analysed:
                core = run_core(activity)
                meta |= core_meta(core)
                if store is not None:
                    store.write(task.digest, meta, core)
                if task.athlete_key is not None:
                    athlete_row = athlete_part(RunAnalysis.from_core(core, task.athlete))
                    if store is not None:
                        store.write_athlete_row(task.digest, task.athlete_key, athlete_row)
            else:
                meta |= activity_meta(activity.records, activity.session.moving_s)
                if store is not None:
                    store.write(task.digest, meta, None)
        meta["notes"] = [*meta.get("notes", []), *notes, *sport_notes]
        meta["sport"] = sport
        return FileResult(task.digest, task.name, meta, athlete_row, None)
    except Exception as exc:  # every file yields a row or a problem, whatever went wrong
        return FileResult(task.digest, task.name, None, None, (type(exc).__name__, str(exc)))


def derive_athlete_part(task: CoreTask) -> tuple[str, Meta | None, str | None]:
    """The athlete part of a cached run (digest, row, error message)."""
    try:
        store = RunStore(Path(task.store))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row = athlete_part(RunAnalysis.from_core(store.load_core(task.digest), task.athlete))
        store.write_athlete_row(task.digest, task.athlete_key, row)
        return task.digest, row, None
    except Exception as exc:
        return task.digest, None, f"{type(exc).__name__}: {exc}"


def core_meta(core: RunCore) -> Meta:
    """The athlete-independent summary of a run, with the numbers the athlete estimate needs."""
    from runlytics.analysis.summary import totals_of

    totals = totals_of(core.prepared)
    efforts = best_efforts_of(core.prepared)
    row = {
        "distance_m": totals["distance_m"],
        "moving_s": totals["moving_s"],
        "elapsed_s": core.prepared.session.elapsed_s,
        "elevation_gain_m": totals["elevation_gain_m"],
        "avg_heart_rate_bpm": totals["avg_hr_bpm"],
        "max_heart_rate_bpm": totals["max_hr_bpm"],
        "avg_speed_mps": totals["avg_speed_mps"],
        "avg_gap_speed_mps": totals["avg_gap_speed_mps"],
        "efficiency_factor": core.decoupling.ef,
        "decoupling_pct": core.decoupling.decoupling_pct if core.decoupling.steady else np.nan,
        "vdot": best_vdot(efforts),
    }
    return {
        "row": row,
        "stats": run_stats(core),
        "best_efforts": best_efforts_meta(efforts),
        "params": {k: float(v) for k, v in vars(core.prepared.params).items()},
        "notes": [n for n in core.prepared.session.notes if not n.startswith("prepare:")],
    }


def activity_meta(records: pd.DataFrame, moving_s: float) -> Meta:
    """Summary values of an activity that is not analysed (another sport)."""
    dist = records["distance_m"]
    hr = records["heart_rate_bpm"]
    row = {
        "distance_m": float(dist.max() - dist.min()) if dist.notna().any() else np.nan,
        "moving_s": moving_s,
        "avg_heart_rate_bpm": float(hr.mean()) if hr.notna().any() else np.nan,
        "max_heart_rate_bpm": float(hr.max()) if hr.notna().any() else np.nan,
    }
    return {"row": row, "notes": []}


def best_vdot(efforts: pd.DataFrame) -> float:
    """The highest VDOT of the run's best efforts over :data:`VDOT_FROM_M` and more."""
    d = efforts[(efforts["kind"] == "distance") & (efforts["distance_m"] >= VDOT_FROM_M)]
    d = d[np.isfinite(d["time_s"])]
    if d.empty:
        return np.nan
    return float(
        max(vdot_from_race(m, t) for m, t in zip(d["distance_m"], d["time_s"], strict=True))
    )


def run_stats(core: RunCore) -> Meta:
    """The per-run numbers the export's athlete estimate is built from
    (:func:`~runlytics.analysis.estimate.run_stats_of`)."""
    return dict(run_stats_of(core.prepared))


def athlete_part(analysis: RunAnalysis) -> Meta:
    """The athlete-dependent values of a run's row."""
    s = analysis.summary
    zones = {k: float(s[k]) for k in s.index if k.startswith("time_in_zone_")}
    return {
        "label": str(analysis.label),
        "label_confidence": float(analysis.confidence),
        "trimp": float(s["trimp_edwards"]),
        "trimp_banister": float(s["trimp_banister"]),
        "hrtss": float(s["hrtss"]),
        "rtss": float(s["rtss"]),
        **zones,
    }


# --- running the tasks -------------------------------------------------------------------------


def show_progress(progress: bool | None) -> bool:
    """``progress`` if given, else True where output is interactive (a terminal or a notebook)."""
    if progress is not None:
        return bool(progress)
    return sys.stderr.isatty() or _in_notebook()


def _in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (not merely beside an imported ipykernel)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def run_tasks(
    fn: Callable[[T], R],
    tasks: Iterable[T | None],
    total: int,
    executor: Executor | None,
    *,
    progress: bool,
    desc: str,
) -> Iterator[R]:
    """``fn`` over ``tasks`` (results in completion order) on ``executor`` or the default.

    ``total`` (the number of tasks, or an upper bound) sizes the progress bar and
    picks the default executor; a ``None`` task is work already done (a cache hit):
    it only moves the bar.
    """
    bar = _bar(total, progress, desc)
    try:
        if executor is None and total <= PARALLEL_FROM:
            for task in tasks:
                if task is not None:
                    yield fn(task)
                bar.update(1)
            return
        if executor is None:
            with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                yield from _bounded(pool, fn, tasks, bar)
        else:
            yield from _bounded(executor, fn, tasks, bar)
    finally:
        bar.close()


def _bounded(
    executor: Executor, fn: Callable[[T], R], tasks: Iterable[T | None], bar: Any
) -> Iterator[R]:
    """Submit a bounded window of tasks (the bytes of all files are never in flight at once)."""
    window = 4 * (os.cpu_count() or 1) + 8
    pending: set[Future[R]] = set()
    for task in tasks:
        if task is None:
            bar.update(1)
            continue
        pending.add(executor.submit(fn, task))
        if len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                bar.update(1)
                yield future.result()
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            bar.update(1)
            yield future.result()


def _bar(total: int, enabled: bool, desc: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled or total == 0, desc=desc, unit="file")
