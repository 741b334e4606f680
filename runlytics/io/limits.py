"""How much the readers may take from one source, settable per process.

The defaults fit any real activity file many times over (a 24-hour run
recorded every second is under 30 MB of GPX) while keeping a hostile file
(a gzip bomb, a huge or endless source) from taking the machine down. See
``docs/data-model.md`` ("Limits").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """The readers' limits; a source past one raises a typed error naming it."""

    #: Largest source, and largest content after gzip decompression, in bytes.
    max_bytes: int = 256 * MIB
    #: Most gzip members (concatenated gzip streams) in one source.
    max_gzip_members: int = 10_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{f.name} must be a positive integer, got {value!r}")


_current = [Limits()]


def get_limits() -> Limits:
    """The limits in force."""
    return _current[0]


def set_limits(**changes: int) -> Limits:
    """Change limits for the whole process (e.g. ``max_bytes=1024 * MIB``); returns the old ones.

    Worker processes start with the defaults: set the limits in each worker.
    """
    previous = _current[0]
    _current[0] = replace(previous, **changes)
    return previous


@contextmanager
def limits(**changes: int) -> Iterator[Limits]:
    """Change limits within a ``with`` block (process-wide while it runs)."""
    previous = set_limits(**changes)
    try:
        yield _current[0]
    finally:
        _current[0] = previous
