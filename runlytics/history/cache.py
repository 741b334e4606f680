"""The run cache: each file's athlete-independent analysis on disk, keyed by its content.

An entry is a folder ``<root>/v<ANALYSIS_VERSION>/<hash[:2]>/<hash>/`` named by
the SHA-256 of the file's bytes:

* ``meta.json``: the activity's summary row (athlete-independent values), the
  per-run numbers the athlete estimate needs, the best efforts, the session
  and the preparation parameters;
* for runs, the :class:`~runlytics.analysis.run.RunCore` frames as Parquet
  (``records``: the prepared 1 Hz records, ``laps``, ``segments``); the
  effort signal, decoupling and pace fade are derived again from the prepared
  records when the core is loaded (milliseconds);
* ``athlete-<key>.json``: the athlete-dependent part (label, loads, zones) for
  one set of athlete parameters, so a second load with the same athlete reads
  two small files per run, and a new athlete re-derives only this part.

Entries are written to a temporary folder and renamed into place, so parallel
writers and interrupted runs never leave half an entry. Bump
:data:`ANALYSIS_VERSION` whenever the analysis changes its results.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from runlytics.activity import Session
from runlytics.analysis.efficiency import decoupling_of
from runlytics.analysis.pacing import pace_fade_of
from runlytics.analysis.prepare import PreparedActivity, PrepareParams
from runlytics.analysis.run import RunCore
from runlytics.analysis.segments import signal_of
from runlytics.athlete import Athlete
from runlytics.vocabulary import SEGMENT_KINDS

#: Version of the cached results; entries of other versions are ignored (and can be cleared).
ANALYSIS_VERSION = "2"

Meta = dict[str, Any]


def default_cache_dir() -> Path:
    """The user cache folder of runlytics (``platformdirs.user_cache_path('runlytics')``)."""
    return platformdirs.user_cache_path("runlytics") / "runs"


def content_hash(data: bytes) -> str:
    """The cache key of a file: SHA-256 of its bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def athlete_key(athlete: Athlete | None) -> str:
    """A short key for a set of athlete parameters (their full ``repr``, hashed)."""
    return hashlib.sha256(repr(athlete).encode()).hexdigest()[:16]


def clear_cache(path: str | os.PathLike[str] | None = None) -> int:
    """Delete the run cache (the default folder, or ``path``); returns the bytes freed."""
    root = Path(path) if path is not None else default_cache_dir()
    if not root.exists():
        return 0
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    shutil.rmtree(root)
    return size


@dataclasses.dataclass(frozen=True)
class RunStore:
    """A cache folder (see the module docstring); ``root`` includes the version."""

    root: Path

    @classmethod
    def at(cls, path: str | os.PathLike[str] | None = None) -> RunStore:
        base = Path(path) if path is not None else default_cache_dir()
        return cls(base / f"v{ANALYSIS_VERSION}")

    def entry(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def meta(self, digest: str) -> Meta | None:
        """The entry's ``meta.json``, or None when the file is not cached."""
        try:
            return dict(json.loads((self.entry(digest) / "meta.json").read_text()))
        except (OSError, ValueError):
            return None

    def has_core(self, digest: str) -> bool:
        return (self.entry(digest) / "records.parquet").exists()

    def write(self, digest: str, meta: Meta, core: RunCore | None) -> None:
        """Store an entry (atomically; an existing entry is kept)."""
        final = self.entry(digest)
        if (final / "meta.json").exists() and (core is None or self.has_core(digest)):
            return
        tmp = self.root / "tmp" / uuid.uuid4().hex
        tmp.mkdir(parents=True)
        try:
            if core is not None:
                _write_core(core, tmp)
                meta = {**meta, "segments_attrs": core.segments.attrs}
            (tmp / "meta.json").write_text(json.dumps(meta, default=_jsonable))
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.replace(tmp, final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (final / "meta.json").exists():
                raise

    def load_core(self, digest: str, source: str | None = None) -> RunCore:
        """The :class:`RunCore` of a cached run (``KeyError`` if it is not cached).

        The cache is keyed by content, so the same file may have been analysed under
        another path: ``source`` (the file as read now) replaces the session's.
        """
        meta = self.meta(digest)
        folder = self.entry(digest)
        if meta is None or not self.has_core(digest):
            raise KeyError(digest)
        records = _read(folder / "records.parquet")
        laps = _read(folder / "laps.parquet")
        segments = _read(folder / "segments.parquet")
        segments["kind"] = pd.Categorical(segments["kind"].astype(str), categories=SEGMENT_KINDS)
        segments.attrs = dict(meta.get("segments_attrs", {}))
        session = session_from(meta["session"])
        if source is not None:
            session = dataclasses.replace(session, source=source)
        prepared = PreparedActivity(records, laps, session, PrepareParams(**meta["params"]))
        return RunCore(
            prepared,
            signal_of(prepared),
            segments,
            best_efforts_from(meta["best_efforts"]),
            decoupling_of(prepared),
            pace_fade_of(prepared),
        )

    def athlete_row(self, digest: str, key: str) -> Meta | None:
        try:
            text = (self.entry(digest) / f"athlete-{key}.json").read_text()
        except OSError:
            return None
        return dict(json.loads(text))

    def write_athlete_row(self, digest: str, key: str, row: Meta) -> None:
        folder = self.entry(digest)
        if not folder.exists():
            return
        tmp = folder / f".{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(row, default=_jsonable))
        os.replace(tmp, folder / f"athlete-{key}.json")


def _write_core(core: RunCore, folder: Path) -> None:
    records = core.prepared.records
    odd = [c for c in records.columns if records[c].dtype == object]
    if odd:  # device extras of mixed types: kept as text
        records = records.astype({c: "string" for c in odd})
    _write(records, folder / "records.parquet")
    _write(core.prepared.laps, folder / "laps.parquet")
    _write(core.segments, folder / "segments.parquet")


def _write(frame: pd.DataFrame, path: Path) -> None:
    """A frame as Parquet through pyarrow (pandas metadata kept: index and dtypes come back)."""
    table = pa.Table.from_pandas(frame)
    table = table.replace_schema_metadata(
        {k: v for k, v in (table.schema.metadata or {}).items() if k == b"pandas"}
    )  # df.attrs are kept in meta.json, not here
    pq.write_table(table, path, compression="lz4")


def _read(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


def session_meta(session: Session) -> Meta:
    """A session as JSON-ready values."""
    values = dataclasses.asdict(session)
    offset = session.utc_offset
    values["utc_offset"] = None if offset is None else offset.total_seconds()
    values["start_time"] = session.start_time.isoformat()
    values["notes"] = list(session.notes)
    return values


def session_from(values: Meta) -> Session:
    offset = values["utc_offset"]
    return Session(
        **{
            **values,
            "start_time": pd.Timestamp(values["start_time"]).tz_convert("UTC"),
            "utc_offset": None if offset is None else pd.Timedelta(seconds=offset),
            "notes": tuple(values["notes"]),
        }
    )


def best_efforts_meta(frame: pd.DataFrame) -> Meta:
    """A best-efforts frame as JSON-ready columns."""
    out = frame.copy()
    out["start"] = out["start"].map(lambda t: None if pd.isna(t) else t.isoformat())
    return {"index": list(out.index), "columns": {c: out[c].tolist() for c in out.columns}}


def best_efforts_from(values: Meta) -> pd.DataFrame:
    frame = pd.DataFrame(values["columns"], index=pd.Index(values["index"], name="effort"))
    frame["start"] = pd.to_datetime(frame["start"], utc=True, format="ISO8601").dt.as_unit("ns")
    for column in frame.columns.drop(["kind", "start"]):
        frame[column] = frame[column].astype("float64")
    return frame


def _jsonable(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, pd.Timedelta):
        return value.total_seconds()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    if value is pd.NA or value is pd.NaT:
        return None
    raise TypeError(f"cannot store {type(value).__name__} in the run cache")
