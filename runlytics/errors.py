"""Exceptions and warnings raised by runlytics.

Every error names the file it concerns (``source``) and says what is wrong, so a
message read in a notebook or a log is enough to find the culprit.
"""

from __future__ import annotations

import errno


class RunlyticsError(Exception):
    """Base class of every error runlytics raises on purpose."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class UnsupportedFormatError(RunlyticsError):
    """The content is not a format runlytics reads (or not the one asked for)."""


class CorruptFileError(RunlyticsError):
    """The file is damaged beyond what can be recovered (or ``strict=True``)."""


class MissingDataError(RunlyticsError):
    """The file decodes but lacks what an activity needs (times, records, ...)."""


class MultipleActivitiesError(RunlyticsError):
    """``read_activity`` was given a file that holds several activities."""

    def __init__(self, source: str, count: int) -> None:
        self.count = count
        super().__init__(
            source,
            f"holds {count} activities; use runlytics.read_activities() to read them all",
        )


class RecoveredDataWarning(UserWarning):
    """A damaged file was read up to the damage; what follows it is lost."""


class SourceError(UnsupportedFormatError):
    """The source cannot be read: not a regular file, too large, closed, not readable."""


class SourceNotFoundError(SourceError, FileNotFoundError):
    """The path names no file (also a :class:`FileNotFoundError`)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(source, problem)
        self.errno = errno.ENOENT
        self.strerror = problem
        self.filename = source

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


class UnknownEngineError(UnsupportedFormatError, ValueError):
    """``engine=`` names no engine of the format (also a :class:`ValueError`)."""


class UnsafeArchiveError(RunlyticsError):
    """An archive member was not read: its path escapes the export, or it is a zip/gzip bomb."""
