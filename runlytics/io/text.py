"""Text helpers shared by the CSV readers (record streams and training logs).

Decoding, line and delimiter handling, tables of strings, numbers with decimal
commas and thousands separators, durations, booleans and header names.
"""

from __future__ import annotations

import csv as _csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    UnsupportedFormatError,
)
from runlytics.io.source import Payload

MISSING_TOKENS = frozenset({"", "--", "-", "null", "none", "nan", "n/a", "na", "#n/a", "---"})


def is_missing(values: pd.Series) -> pd.Series:
    """Missing tokens: empty, ``--``, ``--:--:--``, ``null``, ``n/a``, ``nan``..."""
    s = values.astype("string").str.strip()
    return (
        (s.isna() | s.str.lower().isin(MISSING_TOKENS) | s.str.fullmatch(r"[-:.]+"))
        .fillna(True)
        .astype(bool)
    )


def decode_text(payload: Payload) -> tuple[str, str]:
    """The payload as text: UTF-8 (BOM dropped) or UTF-16 by BOM, else latin-1."""
    data = payload.data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CorruptFileError(payload.name, f"UTF-16 text is damaged ({exc})") from exc
    if b"\x00" in data[:4096]:
        raise UnsupportedFormatError(payload.name, "is binary data, not a CSV text file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def text_lines(text: str) -> list[str]:
    """Physical lines (``\\n``, ``\\r\\n`` or ``\\r``; other Unicode breaks stay inside)."""
    return re.split(r"\r\n|\n|\r", text)


def sniff_delimiter(line: str) -> str:
    """``,``, ``;`` or tab: whichever splits the line into most fields (ties: that order)."""
    counts = {d: len(split_line(line, d)) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ",", d == ";"))


def split_line(line: str, delimiter: str) -> list[str]:
    """The cells of one CSV line (quotes honoured, surrounding spaces kept)."""
    try:
        return next(_csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])
    except _csv.Error:
        return line.split(delimiter)


def read_table(
    lines: list[str],
    delimiter: str,
    name: str,
    strict: bool,
    notes: list[str],
    max_columns: int | None = None,
) -> pd.DataFrame:
    """Header line plus rows as a frame of strings ('' for empty), columns by position.

    A malformed line (more fields than the header) raises in strict mode, else
    the bad lines are skipped with a :class:`RecoveredDataWarning`. Columns past
    ``max_columns`` are not read (noted).
    """
    text = "\n".join(lines)
    width = len(split_line(lines[0], delimiter)) if lines and max_columns else 0
    usecols: range | None = None
    if max_columns and width > max_columns:
        usecols = range(max_columns)
        notes.append(f"{width - max_columns:,} columns past the first {max_columns:,} ignored")
    try:
        frame = _read_csv(text, delimiter, usecols, skip_bad_lines=False)
    except pd.errors.EmptyDataError as exc:
        raise MissingDataError(name, "holds no CSV rows") from exc
    except (pd.errors.ParserError, ValueError, _csv.Error) as exc:
        problem = f"malformed CSV ({_short(exc)})"
        if strict:
            raise CorruptFileError(name, problem) from exc
        try:
            frame = _read_csv(text, delimiter, usecols, skip_bad_lines=True)
        except (pd.errors.ParserError, ValueError, _csv.Error) as again:
            raise CorruptFileError(name, f"malformed CSV ({_short(again)})") from again
        warnings.warn(
            f"{name}: {problem}; malformed lines skipped", RecoveredDataWarning, stacklevel=4
        )
        notes.append(f"{problem}; malformed lines skipped")
    frame = frame.fillna("").astype(str)
    frame = frame.iloc[1:]  # the header line (read by position to keep repeated names)
    blank = (frame.iloc[:, 1:] == "").all(axis=1) & (frame.iloc[:, 0].str.strip() == "")
    return frame[~blank].reset_index(drop=True)


def _read_csv(
    text: str, delimiter: str, usecols: range | None, *, skip_bad_lines: bool
) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        usecols=usecols,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skipinitialspace=True,
        skip_blank_lines=True,
        index_col=False,
        on_bad_lines="skip" if skip_bad_lines else "error",
    )


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def _short(exc: BaseException) -> str:
    """The parser's complaint in words about the file (lines counted from the header)."""
    text = str(exc).strip()
    if m := _FIELDS.search(text):
        return f"line {m[2]} of the table has {m[3]} fields where the header has {m[1]}"
    if m := _OPEN_QUOTE.search(text):
        return f"a quoted field opened on line {int(m[1]) + 1} of the table is never closed"
    text = text.replace("Error tokenizing data. C error: ", "")
    return shorten(text.splitlines()[-1], 200) if text else type(exc).__name__


def to_numbers(values: pd.Series, *, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
    """Floats from text, and a mask of values present but unreadable.

    Plain numbers take a fast path; only the other values go through the
    separator rules below (the whole column when ``decimal_comma`` and some
    value has a dot, since dots may then be thousands separators).

    Missing tokens (``''``, ``--``, ``null``, ``n/a``...) give NaN. Per column:
    with both separators the last one is the decimal mark (``1,234.5``,
    ``1.234,5``); a lone comma is a thousands separator when every such value
    looks like ``1,234`` and ``decimal_comma`` is False, else a decimal comma;
    a lone dot is a decimal point unless ``decimal_comma`` is set and the
    column uses commas as decimals or every dotted value looks like ``1.234``.
    """
    raw = pd.Series(values).astype(object)
    numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
    todo = (numbers.isna() & raw.ne("") & raw.notna()).to_numpy().copy()
    if decimal_comma and raw.astype("string").str.contains(".", regex=False).any():
        todo[:] = True
    bad = pd.Series(False, index=raw.index)
    if todo.any():
        slow, slow_bad = _to_numbers_by_rules(raw[todo], decimal_comma)
        numbers[todo] = slow.to_numpy()
        bad[todo] = slow_bad.to_numpy()
    numbers[~np.isfinite(numbers.to_numpy())] = np.nan
    return numbers, bad


def _to_numbers_by_rules(values: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    s = values.astype("string").str.strip()
    missing = is_missing(s)
    s = s.mask(missing).str.replace(r"[\s\u00a0\u202f'’]", "", regex=True)
    comma = s.str.contains(",", regex=False).fillna(False).astype(bool)
    dot = s.str.contains(".", regex=False).fillna(False).astype(bool)
    if comma.any():
        both = comma & dot
        comma_last = (s.str.rfind(",") > s.str.rfind(".")).fillna(False).astype(bool)
        lone = comma & ~dot
        thousands = s[lone].str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+").all()
        comma_decimal = decimal_comma or not thousands
        decimal_commas = (both & comma_last) | (lone & comma_decimal)
        dot_thousands = decimal_comma and (
            bool(decimal_commas.any())
            or bool(s[dot & ~comma].str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+").all())
        )
        s = s.where(~decimal_commas, s.str.replace(".", "", regex=False).str.replace(",", "."))
        s = s.where(decimal_commas, s.str.replace(",", "", regex=False))
        lone_dot = dot & ~comma
        if dot_thousands and lone_dot.any():
            s = s.where(~lone_dot, s.str.replace(".", "", regex=False))
    elif decimal_comma and dot.any():
        dotted = s[dot]
        if bool(dotted.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+").all()):
            s = s.str.replace(".", "", regex=False)
    numbers = pd.to_numeric(s, errors="coerce").astype("float64")
    numbers[~np.isfinite(numbers.to_numpy())] = np.nan
    bad = (~missing & numbers.isna()).astype(bool)
    return numbers, bad


_DURATION = r"[+-]?(\d+:)?\d{1,3}:\d{1,2}([.,]\d+)?"
_DURATION_PARTS = r"^\s*([+-])?(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:[.,]\d+)?)\s*$"


def to_seconds(values: pd.Series, *, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
    """Seconds from ``h:mm:ss``, ``mm:ss`` (fractions allowed) or plain numbers."""
    raw = pd.Series(values).astype("string")
    clock = raw.str.contains(":", regex=False).fillna(False).to_numpy(dtype=bool)
    out, bad = to_numbers(raw.mask(clock, ""), decimal_comma=decimal_comma)
    if clock.any():
        parts = raw[clock].str.extract(_DURATION_PARTS)
        hms = parts[[1, 2, 3]].apply(lambda p: pd.to_numeric(p.str.replace(",", ".")))
        hms = hms.astype("float64").to_numpy()
        total = np.nan_to_num(hms[:, 0]) * 3600 + hms[:, 1] * 60 + hms[:, 2]
        total = np.where(parts[0].eq("-").fillna(False).to_numpy(dtype=bool), -total, total)
        out[clock] = total
        bad[clock] = np.isnan(total) & ~is_missing(raw[clock]).to_numpy()
    return out.astype("float64"), bad.astype(bool)


def to_booleans(values: pd.Series) -> pd.Series:
    """``true/false``, ``yes/no``, ``1/0`` (any case) to a nullable boolean Series."""
    s = values.astype("string").str.strip().str.lower()
    mapping = {
        **dict.fromkeys(("true", "yes", "y", "t", "1", "1.0"), True),
        **dict.fromkeys(("false", "no", "n", "f", "0", "0.0"), False),
    }
    return s.map(mapping).astype("boolean")


def header_key(text: str) -> str:
    """A header reduced to lowercase ASCII letters and digits (``Ø`` reads as ``avg``)."""
    text = text.replace("Ø", "avg").replace("ø", "avg").replace("°", "deg")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def snake_case(text: str) -> str:
    """A header as a Python-friendly column name (``Avg HR`` -> ``avg_hr``)."""
    text = unicodedata.normalize("NFKD", text.replace("Ø", "avg ").replace("ø", "avg "))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "column"


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters (with ``...``) for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def listing(names: list[str], limit: int = 10) -> str:
    """Names joined by commas, the first ``limit`` only (``... and N more``)."""
    shown = ", ".join(shorten(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")


def unique_names(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Names made unique by suffixes ``_2``, ``_3``... (repeated headers, clashes)."""
    seen = set(taken)
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
