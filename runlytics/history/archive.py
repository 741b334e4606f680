"""Reading an export safely: a folder, a zip, zips inside zips, gzipped members.

Nothing is extracted to disk under its archive name: members are read into
memory (nested zips spooled to a temporary file) through :func:`read_limited`,
which counts the bytes actually produced, so a lying header cannot hide a
bomb. A member whose name would escape the export (``../``, an absolute path,
a drive letter) or whose size or compression ratio passes the limits raises
:class:`~runlytics.errors.UnsafeArchiveError`; the loader turns it into a row
of ``History.problems`` for that member and goes on with the others. An archive
with more members or more bytes in total than the limits is refused whole.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from runlytics.errors import CorruptFileError, UnsafeArchiveError, UnsupportedFormatError

#: Largest size (bytes) one member may decompress to (zip or gzip layer).
MAX_MEMBER_BYTES = 512 * 2**20
#: Largest decompressed/compressed ratio a member may reach once past MIN_RATIO_BYTES.
MAX_RATIO = 200.0
#: Below this many decompressed bytes the ratio is not checked (small files compress well).
MIN_RATIO_BYTES = 2**20
#: Most bytes, in total, read out of one export.
MAX_TOTAL_BYTES = 64 * 2**30
#: Most members in one archive (nested archives count their own).
MAX_MEMBERS = 500_000
#: Deepest nesting of zips read (a Garmin export nests one level).
MAX_DEPTH = 3

#: Activity file formats read from an export (each optionally gzipped).
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".csv")
_CHUNK = 2**20


@dataclass(frozen=True)
class FileRef:
    """Where a file of an export lives: ``root`` (a folder or a zip) and the path inside it.

    ``parts`` is the relative path in a folder (one part), or the member names
    from the outer zip inwards (one part per level of nesting).
    """

    root: str
    parts: tuple[str, ...]

    @property
    def name(self) -> str:
        """The file's path inside the export, nested zips joined by ``/``."""
        return "/".join(self.parts) if self.parts else Path(self.root).name

    @property
    def display(self) -> str:
        """The name errors use: the export and the path inside it."""
        return f"{self.root}/{self.name}" if self.parts else self.root


@dataclass(frozen=True)
class Entry:
    """A member of an export, classified by its name."""

    ref: FileRef
    kind: str  # "activity", "csv" (log or activity, decided on content), "summary", "other"


def classify_name(name: str) -> str:
    """What a member's name says it is: activity file, CSV, Garmin summary JSON, or other."""
    lower = name.lower()
    base = lower[:-3] if lower.endswith(".gz") else lower
    if base.endswith(".csv"):
        return "csv"
    if base.endswith(ACTIVITY_SUFFIXES):
        return "activity"
    if base.endswith(".json") and "summarizedactivities" in base:
        return "summary"
    return "other"


def check_member_name(name: str, archive: str) -> str:
    """``name`` if it stays inside the archive, else :class:`UnsafeArchiveError`."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        raise UnsafeArchiveError(
            f"{archive}/{name}",
            "member path leaves the export folder (absolute or '..'); it was not read",
        )
    return name


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


def read_limited(stream: IO[bytes], name: str, compressed_size: int, out: Writable) -> int:
    """Copy ``stream`` to ``out`` within :data:`MAX_MEMBER_BYTES` and :data:`MAX_RATIO`."""
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        _check_size(total, compressed_size, name)
        out.write(chunk)
    return total


def _check_size(total: int, compressed_size: int, name: str) -> None:
    if total > MAX_MEMBER_BYTES:
        raise UnsafeArchiveError(
            name, f"decompresses to more than {MAX_MEMBER_BYTES / 2**20:.0f} MiB (a bomb?)"
        )
    if total > MIN_RATIO_BYTES and total > MAX_RATIO * max(compressed_size, 1):
        raise UnsafeArchiveError(
            name,
            f"compression ratio above {MAX_RATIO:.0f}:1 ({compressed_size} bytes compressed "
            f"give more than {total} bytes): refused as a decompression bomb",
        )


def gunzip_limited(data: bytes, name: str) -> bytes:
    """``data`` gunzipped (if it is gzip) within the size and ratio limits."""
    if data[:2] != b"\x1f\x8b":
        return data
    decoder = zlib.decompressobj(wbits=31)
    parts, total, rest = [], 0, data
    try:
        while rest:
            piece = decoder.decompress(rest, _CHUNK)
            total += len(piece)
            _check_size(total, len(data), name)
            parts.append(piece)
            rest = decoder.unconsumed_tail
            if decoder.eof and decoder.unused_data[:2] == b"\x1f\x8b":  # concatenated members
                rest, decoder = decoder.unused_data, zlib.decompressobj(wbits=31)
            elif decoder.eof:
                break
        if not decoder.eof:
            raise CorruptFileError(name, "gzip data is truncated")
    except zlib.error as exc:
        raise CorruptFileError(name, f"gzip data is damaged ({exc})") from exc
    return b"".join(parts)


class ExportArchive:
    """An open export: its entries and their bytes. Use as a context manager."""

    def __init__(self, source: str | os.PathLike[str]) -> None:
        self.root = os.path.abspath(os.fspath(source))
        self._stack = ExitStack()
        self._zips: dict[tuple[str, ...], zipfile.ZipFile] = {}
        self.total = 0
        self.problems: list[tuple[str, Exception]] = []
        if not os.path.exists(self.root):
            raise UnsupportedFormatError(self.root, "no such file or folder")
        self.entries: list[Entry] = self._scan()

    def __enter__(self) -> ExportArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _scan(self) -> list[Entry]:
        if os.path.isdir(self.root):
            return self._scan_folder()
        if zipfile.is_zipfile(self.root):
            try:
                archive = self._stack.enter_context(zipfile.ZipFile(self.root))
            except (zipfile.BadZipFile, OSError) as exc:
                raise CorruptFileError(self.root, f"is a damaged zip archive ({exc})") from exc
            return self._scan_zip(archive, ())
        if self.root.lower().endswith(".zip"):
            raise CorruptFileError(self.root, "is not a readable zip archive (damaged or cut off)")
        kind = classify_name(self.root)
        if kind == "other":
            raise UnsupportedFormatError(
                self.root, "is neither an export (folder or zip) nor an activity file"
            )
        return [Entry(FileRef(self.root, ()), kind)]

    def _scan_folder(self) -> list[Entry]:
        root = Path(self.root)
        entries = []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if not path.resolve().is_relative_to(root.resolve()):
                self.problems.append(
                    (rel, UnsafeArchiveError(str(path), "links outside the export; not read"))
                )
                continue
            kind = classify_name(rel)
            if kind == "other" and rel.lower().endswith(".zip") and not zipfile.is_zipfile(path):
                damaged = CorruptFileError(str(path), "is not a readable zip archive (damaged)")
                self.problems.append((rel, damaged))
            elif kind == "other" and rel.lower().endswith(".zip"):
                try:
                    archive = self._stack.enter_context(zipfile.ZipFile(path))
                except (zipfile.BadZipFile, OSError) as exc:
                    self.problems.append((rel, _typed(exc, str(path))))
                    continue
                entries += self._scan_zip(archive, (rel,))
            else:
                entries.append(Entry(FileRef(self.root, (rel,)), kind))
        return entries

    def _scan_zip(self, archive: zipfile.ZipFile, chain: tuple[str, ...]) -> list[Entry]:
        self._zips[chain] = archive
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise UnsafeArchiveError(
                FileRef(self.root, chain).display,
                f"holds {len(infos)} members, more than the limit of {MAX_MEMBERS}",
            )
        entries = []
        for info in infos:
            name = "/".join((*chain, info.filename))
            try:
                check_member_name(info.filename, FileRef(self.root, chain).display)
            except UnsafeArchiveError as exc:
                self.problems.append((name, exc))
                continue
            ref = FileRef(self.root, (*chain, info.filename))
            kind = classify_name(info.filename)
            if kind == "other" and info.filename.lower().endswith(".zip"):
                entries += self._nested(archive, info, ref)
            else:
                entries.append(Entry(ref, kind))
        return entries

    def _nested(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, ref: FileRef) -> list[Entry]:
        if len(ref.parts) > MAX_DEPTH:
            self.problems.append(
                (ref.name, UnsafeArchiveError(ref.display, f"zip nested deeper than {MAX_DEPTH}"))
            )
            return []
        spool = self._stack.enter_context(tempfile.TemporaryFile())
        try:
            with archive.open(info) as stream:
                self._count(read_limited(stream, ref.display, info.compress_size, spool))
            spool.seek(0)
            inner = self._stack.enter_context(zipfile.ZipFile(spool))
        except (UnsafeArchiveError, zipfile.BadZipFile, zlib.error, OSError) as exc:
            self.problems.append((ref.name, _typed(exc, ref.display)))
            return []
        return self._scan_zip(inner, ref.parts)

    def _count(self, size: int) -> None:
        self.total += size
        if self.total > MAX_TOTAL_BYTES:
            raise UnsafeArchiveError(
                self.root, f"holds more than {MAX_TOTAL_BYTES / 2**30:.0f} GiB: refused"
            )

    def read(self, ref: FileRef) -> bytes:
        """The bytes of one member as stored (gzip layers left for :func:`gunzip_limited`)."""
        if os.path.isdir(ref.root) and len(ref.parts) == 1:
            return _read_file(Path(ref.root) / ref.parts[0], ref.display)
        if not ref.parts:
            return _read_file(Path(ref.root), ref.display)
        archive = self._zips[ref.parts[:-1]]
        try:
            info = archive.getinfo(ref.parts[-1])
            with archive.open(info) as stream, _Sink() as sink:
                self._count(read_limited(stream, ref.display, info.compress_size, sink))
                return sink.getvalue()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _typed(exc, ref.display) from exc

    def iter_bytes(self, entries: list[Entry]) -> Iterator[tuple[Entry, bytes | Exception]]:
        """Each entry with its bytes, or the typed error that stopped reading it."""
        for entry in entries:
            try:
                yield entry, self.read(entry.ref)
            except (UnsafeArchiveError, CorruptFileError, UnsupportedFormatError) as exc:
                yield entry, exc


class _Sink:
    """A bytes buffer usable as a context manager (``io.BytesIO`` without ``getbuffer`` pins)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(data)
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)

    def __enter__(self) -> _Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self._parts.clear()


def _read_file(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_MEMBER_BYTES:
            raise UnsafeArchiveError(display, f"is {size} bytes, over the per-file limit")
        return path.read_bytes()
    except OSError as exc:
        raise UnsupportedFormatError(display, f"cannot be opened ({exc.strerror or exc})") from exc


def _typed(exc: BaseException, display: str) -> Exception:
    if isinstance(exc, UnsafeArchiveError | CorruptFileError | UnsupportedFormatError):
        return exc
    return CorruptFileError(display, f"archive member cannot be read ({exc})")


def read_ref(ref: FileRef) -> bytes:
    """The bytes of one file of an export, opening the archives again (for later re-reads)."""
    if os.path.isdir(ref.root):
        return _read_file(Path(ref.root) / ref.parts[0], ref.display)
    if not ref.parts:
        return _read_file(Path(ref.root), ref.display)
    with ExitStack() as stack:
        archive = stack.enter_context(zipfile.ZipFile(ref.root))
        for depth, part in enumerate(ref.parts[:-1]):
            spool = stack.enter_context(tempfile.TemporaryFile())
            info = archive.getinfo(part)
            with archive.open(info) as stream:
                name = FileRef(ref.root, ref.parts[: depth + 1]).display
                read_limited(stream, name, info.compress_size, spool)
            spool.seek(0)
            archive = stack.enter_context(zipfile.ZipFile(spool))
        info = archive.getinfo(ref.parts[-1])
        with archive.open(info) as stream, _Sink() as sink:
            read_limited(stream, ref.display, info.compress_size, sink)
            return sink.getvalue()
