"""What the writers share: checking an activity, output and compression, cadence, pauses, times.

Each ``write_<format>`` builds its bytes in memory, then :func:`write_bytes`
sends them to a path or a binary file object, gzipped when asked (or when the
path ends with ``.gz`` and ``compress`` is ``None``).
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from typing import IO, Literal, Union

import numpy as np
import pandas as pd

from runlytics.activity import Activity
from runlytics.errors import MissingDataError
from runlytics.vocabulary import is_foot_sport

Destination = Union[str, "os.PathLike[str]", IO[bytes]]

# Characters XML 1.0 forbids (lxml refuses them, gpxpy would write a broken file).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_writable(activity: Activity, fmt: str) -> None:
    """Raise unless ``activity`` is an :class:`Activity` with at least one record."""
    if not isinstance(activity, Activity):
        raise TypeError(f"expected a runlytics Activity, got {type(activity).__name__}")
    if len(activity.records) == 0:
        raise MissingDataError(activity.session.source, f"has no records to write as {fmt}")


def wants_gzip(destination: Destination, compress: bool | None) -> bool:
    """``compress`` when given, else whether the destination's name ends with ``.gz``."""
    if compress is not None:
        return bool(compress)
    if isinstance(destination, (str, os.PathLike)):
        name: object = os.fspath(destination)
    else:
        name = getattr(destination, "name", None)
    return isinstance(name, str) and name.lower().endswith(".gz")


def write_bytes(data: bytes, destination: Destination, compress: bool | None) -> None:
    """Write ``data`` (gzipped if :func:`wants_gzip`) to a path or a binary file object."""
    if wants_gzip(destination, compress):
        data = gzip.compress(data, mtime=0)  # mtime 0: the same activity gives the same bytes
    if isinstance(destination, (str, os.PathLike)):
        Path(destination).write_bytes(data)
    elif hasattr(destination, "write"):
        try:
            destination.write(data)
        except TypeError as exc:
            raise TypeError("file object must be opened in binary mode ('wb')") from exc
    else:
        raise TypeError(
            f"expected a path or a binary file object, got {type(destination).__name__}"
        )


def file_cadence(activity: Activity) -> np.ndarray:
    """The cadence channel as files store it: strides/min for foot sports, else as is."""
    cadence = activity.records["cadence_spm"].to_numpy(dtype="float64")
    return cadence / 2.0 if is_foot_sport(activity.session.sport) else cadence


def pause_starts(records: pd.DataFrame) -> np.ndarray:
    """True at each sample after the first whose ``timer_running`` is False (a pause ended)."""
    flags = ~records["timer_running"].to_numpy(dtype=bool)
    if len(flags):
        flags[0] = False
    return flags


def iso_times(index: pd.Index) -> list[str]:
    """ISO-8601 UTC strings ending in ``Z``, with the fewest decimals that keep every time exact."""
    utc = pd.DatetimeIndex(index).tz_convert("UTC").tz_localize(None)
    values = utc.to_numpy(dtype="datetime64[ns]")
    ns = values.astype("int64")
    steps: tuple[tuple[Literal["s", "ms", "us"], int], ...] = (
        ("s", 10**9),
        ("ms", 10**6),
        ("us", 10**3),
    )
    unit: Literal["s", "ms", "us", "ns"] = next(
        (u for u, step in steps if (ns % step == 0).all()), "ns"
    )
    return [f"{s}Z" for s in np.datetime_as_string(values, unit=unit)]


def iso_time(value: pd.Timestamp) -> str:
    """One timestamp as :func:`iso_times` writes it."""
    return iso_times(pd.DatetimeIndex([pd.Timestamp(value)]))[0]


def xml_text(text: object) -> str:
    """``text`` as a string XML 1.0 can hold (forbidden control characters removed)."""
    return _XML_INVALID.sub("", str(text))


def number(value: float) -> str:
    """A float as a short exact decimal: ``3`` for 3.0, else Python's shortest repr."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
