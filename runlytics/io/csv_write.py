"""Write an activity's record stream as CSV, one row per sample.

Columns: ``timestamp`` (ISO-8601 UTC, ``Z``), the canonical channels in
:data:`~runlytics.activity.RECORD_CHANNELS` order (SI units, cadence in
steps/min, empty where missing), ``lap`` (0-based) and ``timer_running``
(``True``/``False``). Floats are written in Python's shortest exact form, so
the values read back are the values written.
"""

from __future__ import annotations

import pandas as pd

from runlytics.activity import RECORD_CHANNELS, Activity
from runlytics.io._write import Destination, check_writable, iso_times, write_bytes

#: The CSV header, in order.
CSV_COLUMNS: tuple[str, ...] = ("timestamp", *RECORD_CHANNELS, "lap", "timer_running")


def write_csv(
    activity: Activity, path_or_buffer: Destination, *, compress: bool | None = None
) -> None:
    """Write the records of ``activity`` as CSV (``compress=None``: gzip if the path ends ``.gz``).

    Keeps every canonical channel at full precision, laps as the ``lap``
    column and pauses as ``timer_running``; loses the session (sport, device,
    UTC offset, file totals), lap intensity and trigger, and extra device
    channels. See ``docs/io-writers.md``. Raises
    :class:`~runlytics.errors.MissingDataError` for an activity without records.
    """
    check_writable(activity, "CSV")
    write_bytes(csv_text(activity).encode("utf-8"), path_or_buffer, compress)


def csv_text(activity: Activity) -> str:
    """The CSV document of ``activity``'s records."""
    check_writable(activity, "CSV")
    rec = activity.records
    frame = pd.DataFrame({"timestamp": iso_times(rec.index)})
    for name in CSV_COLUMNS[1:]:
        frame[name] = rec[name].to_numpy()
    return frame.to_csv(index=False, lineterminator="\n")
