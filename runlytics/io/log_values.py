"""Values of training-log columns: dates (vectorised, explicit layouts first),
durations and ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.io.datetimes import parse_datetimes
from runlytics.io.text import is_missing, to_seconds

#: Longer date cells are not dates: refused before any slow parsing.
MAX_DATE_CHARS = 64
_EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")
_LATEST = pd.Timestamp("2200-01-01", tz="UTC")
#: Numeric local layouts, tried per column (one layout for the whole column).
_DAY_FIRST = (
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d. %m. %Y %H:%M:%S", "%d. %m. %Y %H:%M",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M",
    "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y",
)  # fmt: skip
_MONTH_FIRST = (
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
)  # fmt: skip
_NUMERIC_DATE = r"\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4}\.?(?: .*)?"
_OTHER = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d. %H:%M:%S")


def log_dates(values: pd.Series, *, month_first: bool = False) -> pd.Series:
    """UTC datetimes from a log's date column, vectorised.

    ISO 8601 first, then the numeric local layouts, best first: the layout
    reading most values is chosen for the column and its day/month swap is
    then ruled out, so ``05/01/2024`` and ``12/31/2024`` are never read in two
    orders (ties: day first unless ``month_first``). Numeric dates no chosen
    layout reads stay NaT; other text (month names, time-zone names...) goes
    to :func:`parse_datetimes`. Cells longer than :data:`MAX_DATE_CHARS` and
    times outside 1900-2200 are NaT.
    """
    text = values.astype("string").str.strip()
    text = text.mask(is_missing(text) | (text.str.len() > MAX_DATE_CHARS))
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    todo = text.notna()
    if todo.any():
        out[todo] = _in_range(
            pd.to_datetime(text[todo], format="ISO8601", errors="coerce", utc=True)
        )
        todo &= out.isna()
    numeric = text.str.fullmatch(_NUMERIC_DATE).fillna(False).to_numpy(dtype=bool)
    local = todo & numeric
    order = _MONTH_FIRST + _DAY_FIRST if month_first else _DAY_FIRST + _MONTH_FIRST
    sample = text[local].head(200)
    candidates = [f for f in (*order, *_OTHER) if local.any() and _reads_any(sample, f)]
    while local.any() and candidates:
        parsed = {f: _parse(text[local], f) for f in candidates}
        best = max(candidates, key=lambda f: int(parsed[f].notna().sum()))
        if parsed[best].isna().all():
            break
        out[local] = parsed[best]
        local &= out.isna()
        swapped = best.replace("%d", "%?").replace("%m", "%d").replace("%?", "%m")
        candidates = [f for f in candidates if f not in (best, swapped)]
    todo &= ~numeric
    if todo.any():
        out[todo] = _in_range(parse_datetimes(text[todo])[0])
    return out


def _reads_any(sample: pd.Series, fmt: str) -> bool:
    return bool(_parse(sample, fmt).notna().any())


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    return _in_range(pd.to_datetime(text, format=fmt, errors="coerce", utc=True))


def _in_range(times: pd.Series) -> pd.Series:
    return times.where((times >= _EARLIEST) & (times < _LATEST)).dt.as_unit("ns")


def integer_ids(values: pd.Series) -> pd.Series:
    """Ids as ``Int64`` when every present id is a whole number, else as text."""
    text = values.astype("string").str.strip()
    text = text.mask(is_missing(text))
    present = text.dropna()
    if present.str.fullmatch(r"\d{1,18}").all():
        return pd.to_numeric(text, errors="coerce").astype("Int64")
    return text


#: Longer duration cells are not durations: read as missing before any parsing.
MAX_DURATION_CHARS = 32
_CLOCK = r"\d{1,4}:\d\d:\d\d(?:[.,]\d+)?"


def log_seconds(values: pd.Series, *, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
    """Seconds from ``h:mm:ss`` / ``mm:ss`` (fractions with ``.`` or ``,``) or plain
    numbers, and a mask of values present but unreadable.

    ``h:mm:ss`` cells go through pandas' compiled timedelta parser; the others
    through :func:`runlytics.io.csv.to_seconds`.
    """
    text = values.astype("string").str.strip()
    text = text.mask(text.str.len() > MAX_DURATION_CHARS, "")
    clock = text.str.fullmatch(_CLOCK).fillna(False).to_numpy(dtype=bool)
    out = np.full(len(text), np.nan)
    bad = np.zeros(len(text), dtype=bool)
    if clock.any():
        fast = text[clock].str.replace(",", ".", regex=False)
        out[clock] = pd.to_timedelta(fast, errors="coerce").dt.total_seconds().to_numpy()
        bad[clock] = np.isnan(out[clock])
    if (~clock).any():
        seconds, rest_bad = to_seconds(text[~clock], decimal_comma=decimal_comma)
        out[~clock] = seconds.to_numpy()
        bad[~clock] = rest_bad.to_numpy()
    return pd.Series(out, index=text.index), pd.Series(bad, index=text.index)
