"""Opening a source: path or binary file object, gzipped or not, and sniffing its format."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from runlytics.errors import (
    CorruptFileError,
    SourceNotFoundError,
    UnknownEngineError,
    UnsupportedFormatError,
)

Source = Union[str, "os.PathLike[str]", IO[bytes]]

FORMATS = ("fit", "gpx", "tcx", "csv")


@dataclass(frozen=True)
class Payload:
    """The decompressed bytes of a source, with the name errors should use."""

    data: bytes
    name: str
    extension: str  # format extension without .gz, e.g. "fit"; "" when unknown


def check_engine(fmt: str, engine: str | None, engines: Sequence[str | None], name: str) -> None:
    """Raise :class:`UnknownEngineError` (a ValueError) unless ``engine`` is None or listed."""
    if engine is not None and engine not in engines:
        options = ", ".join(repr(e) for e in engines if e is not None)
        raise UnknownEngineError(
            name, f"unknown {fmt.upper()} engine {engine!r} (valid options are None, {options})"
        )


def source_name(source: Source) -> str:
    """A human-readable name for a path or file object."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, (str, os.PathLike)) else "<stream>"


def read_payload(source: Source) -> Payload:
    """Read all bytes of ``source`` and undo gzip compression (detected by content)."""
    name = source_name(source)
    if isinstance(source, (str, os.PathLike)):
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError as exc:
            raise SourceNotFoundError(name, "cannot be opened (no such file)") from exc
        except OSError as exc:
            raise UnsupportedFormatError(name, f"cannot be opened ({exc.strerror or exc})") from exc
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, (bytes, bytearray)):
            raise UnsupportedFormatError(name, "file object must be opened in binary mode ('rb')")
        data = bytes(data)
    else:
        raise TypeError(f"expected a path or a binary file object, got {type(source).__name__}")
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise CorruptFileError(name, f"gzip data is damaged ({exc})") from exc
    return Payload(data, name, _extension(name))


def _extension(name: str) -> str:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1].lstrip(".") if suffixes else ""
    return ext if ext in FORMATS else ""


def sniff_format(payload: Payload) -> str:
    """The format of ``payload`` from its content, else from its extension."""
    data = payload.data
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        if b"<trainingcenterdatabase" in head:
            return "tcx"
        if b"<gpx" in head:
            return "gpx"
    if payload.extension:
        return payload.extension
    first_line = head.split(b"\n", 1)[0]
    if head and b"\x00" not in head and any(sep in first_line for sep in (b",", b";", b"\t")):
        return "csv"
    raise UnsupportedFormatError(
        payload.name, "not a FIT, GPX, TCX or CSV file (by content or extension)"
    )
