"""The readers: one verb per format and one dispatcher, like pandas' ``read_*``.

Each format module (``fit``, ``gpx``, ``tcx``, ``csv``) exposes
``parse(payload, *, engine, strict) -> list[Activity]`` and its ``ENGINES``;
:data:`READERS` maps each format name to them. This module checks the engine,
opens the source (see :mod:`runlytics.io.source`), picks the reader and
enforces the one-activity rule of the ``read_<format>`` verbs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from runlytics.activity import Activity
from runlytics.errors import (
    MissingDataError,
    MultipleActivitiesError,
    UnsupportedFormatError,
)
from runlytics.io import csv, fit, gpx, tcx
from runlytics.io.source import (
    Payload,
    Source,
    check_engine,
    read_payload,
    sniff_format,
    source_name,
)


class Parser(Protocol):
    """The parse function of a format module."""

    def __call__(
        self, payload: Payload, *, engine: str | None = None, strict: bool = False
    ) -> list[Activity]: ...


@dataclass(frozen=True)
class Reader:
    """A format's parse function and the engines it offers (the first is the default)."""

    parse: Parser
    engines: tuple[str, ...]


#: Format name -> its reader.
READERS: Mapping[str, Reader] = MappingProxyType(
    {
        "fit": Reader(fit.parse, fit.ENGINES),
        "gpx": Reader(gpx.parse, gpx.ENGINES),
        "tcx": Reader(tcx.parse, tcx.ENGINES),
        "csv": Reader(csv.parse, tuple(e for e in csv.ENGINES if e is not None)),
    }
)


def _read_all(source: Source, fmt: str | None, engine: str | None, strict: bool) -> list[Activity]:
    if fmt is not None:
        check_engine(fmt, engine, READERS[fmt].engines, source_name(source))
    payload = read_payload(source)
    try:
        found = sniff_format(payload)
    except UnsupportedFormatError:
        if fmt is None:
            raise
        found = fmt  # the caller said which format: let its reader judge the content
    if fmt is not None and found != fmt and found in ("fit", "gpx", "tcx"):
        raise UnsupportedFormatError(payload.name, f"is a {found.upper()} file, not {fmt.upper()}")
    chosen = fmt or found
    check_engine(chosen, engine, READERS[chosen].engines, payload.name)
    activities = READERS[chosen].parse(payload, engine=engine, strict=strict)
    if not activities:
        raise MissingDataError(payload.name, "holds no activity")
    return activities


def _one(activities: list[Activity], name: str) -> Activity:
    if len(activities) > 1:
        raise MultipleActivitiesError(name, len(activities))
    return activities[0]


def read_activities(
    source: Source, *, engine: str | None = None, strict: bool = False
) -> list[Activity]:
    """Read every activity in a FIT, GPX, TCX or CSV file (gzipped or not).

    Multisport and chained FIT files and TCX files with several activities
    give one :class:`Activity` each, in the order the file holds them.
    ``engine`` picks the decoder where a format has several (see each
    ``read_<format>``); ``strict=True`` raises on damaged data instead of
    recovering what precedes the damage with a :class:`RecoveredDataWarning`.
    """
    return _read_all(source, None, engine, strict)


def read_activity(source: Source, *, engine: str | None = None, strict: bool = False) -> Activity:
    """Read the one activity in a FIT, GPX, TCX or CSV file (gzipped or not).

    The format is recognised from the content, else from the extension
    (``.fit``, ``.gpx``, ``.tcx``, ``.csv``, each optionally ``.gz``). A file
    holding several activities raises :class:`MultipleActivitiesError`: use
    :func:`read_activities` for it.
    """
    activities = _read_all(source, None, engine, strict)
    return _one(activities, source_name(source))


def read_fit(source: Source, *, engine: str | None = None, strict: bool = False) -> Activity:
    """Read a FIT activity (``.fit`` or ``.fit.gz``).

    ``engine=None`` or ``"fitfast"`` uses the fast columnar decoder; ``"fitparse"``
    the pure-Python one. Both give identical frames. See :func:`read_activity`.
    """
    return _one(_read_all(source, "fit", engine, strict), source_name(source))


def read_gpx(source: Source, *, engine: str | None = None, strict: bool = False) -> Activity:
    """Read a GPX track (``.gpx`` or ``.gpx.gz``).

    ``engine=None`` or ``"lxml"`` uses a streaming lxml parse; ``"gpxpy"`` uses
    gpxpy. Both give identical frames. See :func:`read_activity`.
    """
    return _one(_read_all(source, "gpx", engine, strict), source_name(source))


def read_tcx(source: Source, *, engine: str | None = None, strict: bool = False) -> Activity:
    """Read a Garmin TCX activity (``.tcx`` or ``.tcx.gz``). See :func:`read_activity`."""
    return _one(_read_all(source, "tcx", engine, strict), source_name(source))


def read_csv(source: Source, *, engine: str | None = None, strict: bool = False) -> Activity:
    """Read a record-stream CSV, one row per sample (``.csv`` or ``.csv.gz``).

    See :func:`read_activity` and ``docs/io-csv.md`` for recognised headers.
    """
    return _one(_read_all(source, "csv", engine, strict), source_name(source))
