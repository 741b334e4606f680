"""Opening a source: path or binary file object, gzipped or not, and sniffing its format.

Reading is bounded (:mod:`runlytics.io.limits`): only regular files are opened,
their size is checked before reading, and gzip is undone in chunks up to a cap,
so a huge, endless or hostile source ends in a typed error, never in a hang or
a ``MemoryError``.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from runlytics.errors import (
    CorruptFileError,
    SourceError,
    SourceNotFoundError,
    UnknownEngineError,
    UnsupportedFormatError,
)
from runlytics.io.limits import Limits, get_limits

Source = Union[str, "os.PathLike[str]", IO[bytes]]

FORMATS = ("fit", "gpx", "tcx", "csv")

_WHAT_A_SOURCE_IS = (
    "a source is a path (str or os.PathLike) or a binary file object opened for reading"
)
_GZIP_MAGIC = b"\x1f\x8b"
_ZERO_RUN = re.compile(rb"\x00*")
#: Compressed bytes fed to zlib per call: small at a member's start (so a file of
#: many tiny members costs linear time), doubling up to the largest.
_FIRST_CHUNK = 4096
_LARGEST_CHUNK = 1 << 20
#: Most output bytes per zlib call (memory past the limit stays this small).
_LARGEST_OUTPUT = 8 << 20


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
        return os.fspath(source).replace("\x00", "\\x00")
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, (str, os.PathLike)) else "<stream>"


def read_payload(source: Source) -> Payload:
    """Read all bytes of ``source`` and undo gzip compression (detected by content)."""
    name = source_name(source)
    limits = get_limits()
    if isinstance(source, (str, os.PathLike)):
        data = _read_path(source, name, limits.max_bytes)
    elif callable(getattr(source, "read", None)):
        data = _read_object(source, name, limits.max_bytes)
    else:
        hint = " (wrap bytes in io.BytesIO)" if isinstance(source, (bytes, bytearray)) else ""
        raise TypeError(f"{_WHAT_A_SOURCE_IS}, not {type(source).__name__}{hint}")
    if data[:2] == _GZIP_MAGIC:
        data = gunzip(data, name, limits)
    return Payload(data, name, _extension(name))


def _too_large(size: str, limit: int) -> str:
    return (
        f"{size} is more than the {limit:,} bytes an activity file may hold; if the file is "
        "genuine, raise the limit with runlytics.io.limits.set_limits(max_bytes=...)"
    )


def _read_path(path: str | os.PathLike[str], name: str, limit: int) -> bytes:
    """The bytes of a regular file, its size checked before reading."""
    if "\x00" in os.fspath(path):
        raise SourceError(name, "is not a valid path: it holds a NUL character")
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise SourceNotFoundError(name, "cannot be opened (no such file)") from exc
    except OSError as exc:
        raise SourceError(name, f"cannot be opened ({exc.strerror or exc})") from exc
    _check_regular(info.st_mode, name)
    if info.st_size > limit:
        raise SourceError(name, _too_large(f"the file's {info.st_size:,} bytes", limit))
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise SourceError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise SourceError(name, _too_large("the file", limit))
    return data


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise SourceError(name, "is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise SourceError(
            name, "is not a regular file (a device, pipe or socket): runlytics reads files"
        )


def _read_object(source: IO[bytes], name: str, limit: int) -> bytes:
    """At most ``limit`` bytes from a file object, with its faults as :class:`SourceError`."""
    if getattr(source, "closed", False) is True:
        raise SourceError(name, "is a closed file object")
    try:
        readable = source.readable() if callable(getattr(source, "readable", None)) else True
        fileno = source.fileno() if callable(getattr(source, "fileno", None)) else None
    except (OSError, ValueError):  # no descriptor (BytesIO, wrappers)
        readable, fileno = True, None
    if not readable:
        raise SourceError(name, "is not open for reading: open it with mode 'rb'")
    if fileno is not None and _is_device_or_directory(fileno):
        raise SourceError(name, "is a device or directory, not an activity file")
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        try:
            piece = source.read(limit + 1 - total)
        except Exception as exc:  # a user's file object may raise anything
            problem = str(exc) or type(exc).__name__
            raise SourceError(name, f"could not be read ({problem})") from exc
        if isinstance(piece, str):
            raise SourceError(name, "file object must be opened in binary mode ('rb')")
        if piece is None:
            raise SourceError(name, "gave no data (a non-blocking stream with nothing to read)")
        if not isinstance(piece, (bytes, bytearray, memoryview)):
            raise SourceError(name, f"read() gave {type(piece).__name__}, not bytes")
        if not piece:
            break
        chunks.append(bytes(piece))
        total += len(piece)
    if total > limit:
        raise SourceError(name, _too_large("the stream", limit))
    return b"".join(chunks)


def _is_device_or_directory(fileno: int) -> bool:
    try:
        mode = os.fstat(fileno).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISDIR(mode)


def gunzip(data: bytes, name: str, limits: Limits) -> bytes:
    """Undo gzip (one or more members) in chunks, raising :class:`CorruptFileError` past
    ``limits.max_bytes`` of output or ``limits.max_gzip_members`` members.

    Time is linear in the input (CPython's ``gzip.decompress`` is quadratic in
    the number of members); zero padding after a member is skipped, as gzip does.
    """
    view = memoryview(data)
    out: list[bytes] = []
    total = members = pos = 0
    while pos < len(data):
        if view[pos : pos + 2] != _GZIP_MAGIC:
            raise CorruptFileError(name, "gzip data is damaged (unexpected bytes after it)")
        members += 1
        if members > limits.max_gzip_members:
            raise CorruptFileError(
                name,
                f"holds more than {limits.max_gzip_members:,} gzip members; raise the "
                "limit with runlytics.io.limits.set_limits(max_gzip_members=...)",
            )
        pos, total = _gunzip_member(view, pos, out, total, name, limits.max_bytes)
        match = _ZERO_RUN.match(data, pos)
        pos = match.end() if match else pos
    return b"".join(out)


def _gunzip_member(
    view: memoryview, pos: int, out: list[bytes], total: int, name: str, limit: int
) -> tuple[int, int]:
    """Decompress the member at ``pos`` into ``out``; the position after it and the new total."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    size = _FIRST_CHUNK
    while not inflater.eof:
        chunk: bytes | memoryview = inflater.unconsumed_tail
        if not chunk:
            chunk = view[pos : pos + size]
            if not chunk:
                raise CorruptFileError(name, "gzip data is damaged (it ends too early)")
            pos += len(chunk)
            size = min(2 * size, _LARGEST_CHUNK)
        try:
            piece = inflater.decompress(chunk, min(limit - total + 1, _LARGEST_OUTPUT))
        except zlib.error as exc:
            raise CorruptFileError(name, f"gzip data is damaged ({exc})") from exc
        total += len(piece)
        if total > limit:
            raise CorruptFileError(
                name,
                f"decompresses to more than {limit:,} bytes (a gzip bomb?); if the file is "
                "genuine, raise the limit with runlytics.io.limits.set_limits(max_bytes=...)",
            )
        out.append(piece)
    return pos - len(inflater.unused_data), total


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
