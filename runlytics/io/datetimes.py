"""Dates and times in the many layouts CSV exports write them (vectorised per layout)."""

from __future__ import annotations

import re
import unicodedata
import warnings

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from runlytics.io.text import is_missing

#: Time-zone abbreviations found in exported times -> hours east of UTC.
TZ_ABBREVIATIONS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "KST": 9,
    "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_TZ_RE = re.compile(r"\s*\b(" + "|".join(sorted(TZ_ABBREVIATIONS, key=len)[::-1]) + r")\b\s*")
_OFFSET_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:([+-])(\d{2}):?(\d{2})|(Z))$")
#: Without ``\s`` so that pandas runs it vectorised in pyarrow (RE2), not per value.
_HAS_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?[ \t]*(?:[+-]\d{2}:?\d{2}|Z)$"
#: Longer cells are not times: unreadable, never handed to a parser (dateutil is
#: quadratic in the length of what it is given).
MAX_TIME_CHARS = 64
#: Values a layout is tried on before the rest of the column.
_FORMAT_SAMPLE = 5
#: Values tried with dateutil before it is given the rest of a column.
_DATEUTIL_SAMPLE = 20

#: Month names (lowercase, accents stripped, no dot) in German, French, Spanish,
#: Italian and Dutch -> English abbreviations, so one format list reads them all.
_MONTHS: dict[str, str] = {}
for _english, _names in {
    "Jan": "january jan januar janv janvier enero ene gennaio gen januari",
    "Feb": "february feb februar fevr fevrier febrero febbraio februari",
    "Mar": "march mar marz mrz mars marzo maart mär",
    "Apr": "april apr april avr avril abril abr aprile",
    "May": "may mai mayo maggio mag mei",
    "Jun": "june jun juni juin junio giugno giu",
    "Jul": "july jul juli juil juillet julio luglio lug",
    "Aug": "august aug august aout agosto ago augustus",
    "Sep": "september sep sept september septembre septiembre settembre set",
    "Oct": "october oct okt oktober octobre octubre ottobre ott",
    "Nov": "november nov november novembre noviembre",
    "Dec": "december dec dez dezember dic decembre diciembre dicembre december",
}.items():
    _MONTHS.update(dict.fromkeys(_names.split(), _english))

_DATE_FORMATS = (
    "%b %d, %Y, %I:%M:%S %p",  # Strava (US): Oct 6, 2022, 11:19:20 PM
    "%d %b %Y, %H:%M:%S",  # Strava (UK): 22 May 2024, 08:19:26
    "%d.%m.%Y, %H:%M:%S",  # Strava (de): 22.05.2024, 08:19:26
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",  # Garmin Connect (old, de): [Fr,] 25 Mai 2012 20:31
    "%a %b %d %H:%M:%S %Y",  # Java/Unix date: Sun Jun 11 07:34:09 [PDT] 2017
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y, %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
)


def parse_datetimes(values: pd.Series) -> tuple[pd.Series, pd.Timedelta | None, bool]:
    """UTC datetimes from text in many layouts (vectorised per layout).

    Returns the times (``datetime64[ns, UTC]``, NaT where unreadable), the UTC
    offset the first time carries (``+02:00``, ``PDT``...; else None) and
    whether some times carried no offset (those are read as UTC).
    """
    s = values.astype("string").str.strip()
    s = s.mask(s.str.len() > MAX_TIME_CHARS)
    iso = _plausible_ns(pd.to_datetime(s, format="ISO8601", errors="coerce", utc=True))
    if iso.notna().all():
        naive = not bool(s.str.contains(_HAS_OFFSET, regex=True).all())
        return iso, _first_offset(values, pd.Series(np.nan, index=s.index)), naive
    s = s.mask(is_missing(s))
    abbrev = s.str.extract(_TZ_RE, expand=False)
    hours = abbrev.map(TZ_ABBREVIATIONS).astype("float64")
    if abbrev.notna().any():
        s = s.str.replace(_TZ_RE, " ", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
    explicit = s.str.contains(_HAS_OFFSET, regex=True).fillna(False) | hours.notna()
    out = _try_formats(s)
    todo = out.isna() & s.notna()
    if todo.any():
        english = _english_dates(s[todo])
        translated = english[english != s[todo]]  # only values with weekday or month names
        if len(translated):
            out[translated.index] = _try_formats(translated)
    out = out - pd.to_timedelta(hours.fillna(0.0), unit="h")
    offset = _first_offset(values, hours)
    naive = bool((~explicit & out.notna()).any())
    return out, offset, naive


#: Times outside these bounds are not activity times: read as unreadable (NaT).
EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")
LATEST = pd.Timestamp("2200-01-01", tz="UTC")


def _plausible_ns(times: pd.Series) -> pd.Series:
    """UTC times at ns resolution; times outside 1900-2200 become NaT."""
    times = pd.Series(times, dtype=times.dtype)
    inside = (times >= EARLIEST) & (times < LATEST)
    return times.where(inside).dt.as_unit("ns")


def _try_formats(s: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    todo = s.notna()
    for fmt in ("ISO8601", *_DATE_FORMATS):
        if not todo.any():
            return out
        sample = s[todo].head(_FORMAT_SAMPLE)
        if pd.to_datetime(sample, format=fmt, errors="coerce", utc=True).isna().all():
            continue  # not this layout: spare the whole column the attempt
        part = pd.to_datetime(s[todo], format=fmt, errors="coerce", utc=True)
        out[todo] = _plausible_ns(part)
        todo &= out.isna()
    guessed = _guessed_format(s[todo]) if todo.any() else None
    if guessed is not None:  # a layout not in the list, still parsed vectorised
        out[todo] = _plausible_ns(
            pd.to_datetime(s[todo], format=guessed, errors="coerce", utc=True)
        )
        todo &= out.isna()
    if todo.any():
        sample = todo & (todo.cumsum() <= _DATEUTIL_SAMPLE)
        out[sample] = _dateutil(s[sample])
        todo &= ~sample
        if todo.any() and out[sample].notna().any():  # dateutil reads this column: the rest too
            out[todo] = _dateutil(s[todo])
    return out


def _guessed_format(s: pd.Series) -> str | None:
    """The strftime layout pandas guesses from the first value, if any."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return guess_datetime_format(str(s.iloc[0]))


def _dateutil(s: pd.Series) -> pd.Series:
    """dateutil's reading of values no explicit layout read (NaT where it fails)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            part = pd.to_datetime(s, format="mixed", errors="coerce", utc=True)
        except (ValueError, OverflowError, TypeError):  # dateutil's own failures
            return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    return _plausible_ns(part)


def _english_dates(s: pd.Series) -> pd.Series:
    """Drop a leading weekday (``Fr, ``) and translate month names to English."""
    s = s.str.replace(r"^[^\W\d_]{2,4}\.?,\s*", "", regex=True)

    def month(m: re.Match[str]) -> str:
        word = unicodedata.normalize("NFKD", m.group(1))
        word = "".join(c for c in word if not unicodedata.combining(c)).lower()
        return _MONTHS.get(word, m.group(0))

    s = s.str.replace(r"(?<![^\W\d_])([^\W\d_]{3,10})\.?", month, regex=True)
    return s.str.replace(r"\s+", " ", regex=True)


def _first_offset(values: pd.Series, hours: pd.Series) -> pd.Timedelta | None:
    first = values.astype("string").str.strip().dropna()
    first = first[first != ""]
    if first.empty:
        return None
    position = first.index[0]
    if pd.notna(hours.get(position)):
        return pd.Timedelta(hours=float(hours[position]))
    m = _OFFSET_RE.search(str(first.iloc[0]))
    if not m:
        return None
    if m.group(4):
        return pd.Timedelta(0)
    sign = -1 if m.group(1) == "-" else 1
    return sign * pd.Timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
