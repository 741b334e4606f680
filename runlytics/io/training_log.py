"""Training logs: one row per activity, from Strava and Garmin Connect summary exports.

:func:`read_training_log` reads Strava's bulk-export ``activities.csv`` and
Garmin Connect's ``Activities.csv`` (current and legacy layouts), with headers
in any language of :mod:`runlytics.io.log_headers`, into one frame with the
canonical columns of :data:`LOG_COLUMNS`, followed by the remaining source
columns. Rules, languages and column meanings are in ``docs/io-csv.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from runlytics.errors import RunlyticsError, UnsupportedFormatError
from runlytics.io.log_headers import (
    GARMIN_HEADERS,
    GARMIN_LEGACY_HEADERS,
    GARMIN_POSITIONS,
    SPORT_RULES,
    STRAVA_HEADERS,
    Vocabulary,
)
from runlytics.io.log_values import integer_ids, log_dates, log_seconds
from runlytics.io.source import Source, read_payload
from runlytics.io.text import (
    decode_text,
    header_key,
    is_missing,
    read_table,
    snake_case,
    sniff_delimiter,
    split_line,
    text_lines,
    to_booleans,
    to_numbers,
    unique_names,
)

#: The canonical training-log columns, in order.
LOG_COLUMNS: tuple[str, ...] = (
    "start_time",
    "sport",
    "name",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "avg_heart_rate_bpm",
    "max_heart_rate_bpm",
    "elevation_gain_m",
    "activity_id",
    "source_file",
)
#: Extra column holding the source's own activity type ("Trail Running", "Run").
TYPE_COLUMN = "activity_type"
UNITS = ("metric", "imperial")

_MILE_M = 1609.344
_YARD_M = 0.9144
_FOOT_M = 0.3048
#: Garmin "Avg Stride Length" medians at or above this are feet, below are metres.
STRIDE_FEET_FROM = 2.0

Aliases = dict[str, tuple[str, ...]]
Attrs = dict[Hashable, Any]


@dataclass(frozen=True)
class Layout:
    """A known summary-export layout: which header names give which field.

    ``fields`` holds normalised header names (:func:`header_key`) per field and
    language; ``required`` lists groups of fields, one of each group needed.
    """

    key: str
    kind: str
    title: str
    required: tuple[tuple[str, ...], ...]
    fields: dict[str, Aliases] = field(default_factory=dict)

    def aliases(self, name: str) -> tuple[str, ...]:
        """Every normalised header name of a field, all languages."""
        return tuple(a for names in self.fields.get(name, {}).values() for a in names)

    def matches(self, keys: set[str]) -> bool:
        """Do these normalised headers hold every required field?"""
        return all(_has(self, keys, group) for group in self.required)

    def language(self, keys: set[str]) -> str:
        """The language whose headers match most of these (first listed on ties)."""
        languages = list(dict.fromkeys(lang for f in self.fields.values() for lang in f))
        scores = {
            lang: len(keys & {a for f in self.fields.values() for a in f.get(lang, ())})
            for lang in languages
        }
        return max(languages, key=lambda lang: scores[lang])


def _keyed(vocabulary: Vocabulary) -> dict[str, Aliases]:
    return {
        name: {lang: tuple(header_key(h) for h in headers) for lang, headers in by_lang.items()}
        for name, by_lang in vocabulary.items()
    }


STRAVA = Layout(
    key="strava_activities",
    kind="strava",
    title="Strava activities.csv training log",
    required=(("activity_id",), ("date",), ("type",)),
    fields=_keyed(STRAVA_HEADERS),
)
GARMIN = Layout(
    key="garmin_connect_activities",
    kind="garmin",
    title="Garmin Connect Activities.csv training log",
    required=(("type",), ("date",), ("time", "elapsed", "moving", "distance")),
    fields=_keyed(GARMIN_HEADERS),
)
GARMIN_LEGACY = Layout(
    key="garmin_connect_legacy",
    kind="garmin",
    title="Garmin Connect (legacy layout) activities CSV training log",
    required=(("type",), ("date",), ("name",)),
    fields=_keyed(GARMIN_LEGACY_HEADERS),
)
LAYOUTS: tuple[Layout, ...] = (STRAVA, GARMIN_LEGACY, GARMIN)
#: Languages of the header vocabularies, for messages.
LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "da": "Danish", "no": "Norwegian",
    "sv": "Swedish",
}  # fmt: skip


def detect_layout(cells: list[str]) -> Layout | None:
    """The training-log layout a header row belongs to, or None."""
    keys = {header_key(c) for c in cells}
    return next((layout for layout in LAYOUTS if layout.matches(keys)), None)


def read_training_log(source: Source, *, units: str | None = None) -> pd.DataFrame:
    """Read a Strava or Garmin Connect activity list (one row per activity).

    ``source`` is a path or a binary file object, optionally gzipped. Returns
    the columns of :data:`LOG_COLUMNS` (SI units, ``start_time`` tz-aware UTC,
    NaN/``<NA>`` where unknown), then ``activity_type`` (the source's own
    label) and every other source column snake_cased, sorted by
    ``start_time``. ``units`` (``"metric"``/``"imperial"``) overrides the
    guess of a Garmin account's distance unit. Provenance, language, number
    format and unit decisions are in ``df.attrs``.
    """
    if units not in (None, *UNITS):
        raise ValueError(f"units must be None, 'metric' or 'imperial', not {units!r}")
    payload = read_payload(source)
    text, encoding = decode_text(payload)
    lines = text_lines(text)
    notes: list[str] = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    found = _find_layout(lines)
    fixed: dict[str, int] | None = None
    if found is None:
        found = _garmin_by_position(lines, payload.name)
        if found is None:
            raise UnsupportedFormatError(payload.name, _not_a_log(lines))
        fixed = GARMIN_POSITIONS
        notes.append(
            "headers in a language runlytics does not know: columns read by their "
            "position in Garmin Connect's layout (type, date, title, distance, time, HR)"
        )
    index, delimiter, layout = found
    table = read_table(lines[index:], delimiter, payload.name, False, notes)
    headers = split_line(lines[index], delimiter)
    headers += [""] * (table.shape[1] - len(headers))
    cols = _Columns(table, headers, layout, fixed)
    builder: Callable[[_Columns, str | None], tuple[pd.DataFrame, Attrs]]
    builder = _strava if layout.kind == "strava" else _garmin
    canonical, attrs = builder(cols, units)
    canonical[TYPE_COLUMN] = _strings(cols.text_of("type"))
    frame = pd.concat([canonical, cols.extras()], axis=1)
    frame = frame.sort_values("start_time", kind="stable", na_position="last")
    frame = frame.reset_index(drop=True)
    unreadable = int(frame["start_time"].isna().sum())
    if unreadable:
        notes.append(f"{unreadable} row(s) with an unreadable date (start_time NaT, last)")
    frame.attrs = {
        "source": payload.name,
        "source_kind": layout.kind,
        "layout": layout.key,
        "language": cols.language,
        "decimal_mark": "," if cols.decimal_comma else ".",
        "decimal_mark_decided_by": cols.decimal_reason,
        **attrs,
        "notes": notes,
    }
    return frame


def _find_layout(lines: list[str]) -> tuple[int, str, Layout] | None:
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            continue
        delimiter = sniff_delimiter(line)
        layout = detect_layout(split_line(line, delimiter))
        if layout is not None:
            return i, delimiter, layout
    return None


def _garmin_by_position(lines: list[str], name: str) -> tuple[int, str, Layout] | None:
    """A Garmin Connect export with headers in an unknown language, told by its values.

    The first non-empty line must have at least 9 columns, and the values must
    be Garmin's: ``YYYY-MM-DD HH:MM:SS`` dates in column 2, ``true``/``false``
    in column 3 and durations in column 7.
    """
    index = next((i for i, ln in enumerate(lines[:20]) if ln.strip()), None)
    if index is None:
        return None
    delimiter = sniff_delimiter(lines[index])
    if len(split_line(lines[index], delimiter)) < 9:
        return None
    try:
        table = read_table(lines[index : index + 201], delimiter, name, True, [])
    except RunlyticsError:
        return None
    if table.shape[1] < 9 or table.empty:
        return None
    p = GARMIN_POSITIONS
    date = table.iloc[:, p["date"]].str.strip()
    favorite = table.iloc[:, p["favorite"]].str.strip().str.lower()
    time = table.iloc[:, p["time"]]
    ok = (
        bool(date.str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all())
        and bool(favorite.isin(("true", "false")).all())
        and not bool(log_seconds(time)[1].any())
    )
    return (index, delimiter, GARMIN) if ok else None


def _not_a_log(lines: list[str]) -> str:
    """What was expected, which required fields are missing and which columns were not
    understood, for the line most like a header."""
    candidates = [ln for ln in lines[:20] if ln.strip()] or [""]
    known = {a for layout in LAYOUTS for f in layout.fields for a in layout.aliases(f)}

    def cells_of(line: str) -> list[str]:
        return [c.strip() for c in split_line(line, sniff_delimiter(line))]

    cells = max(
        (cells_of(ln) for ln in candidates), key=lambda c: sum(header_key(x) in known for x in c)
    )
    keys = {header_key(c) for c in cells}
    closest = max(
        (GARMIN, STRAVA, GARMIN_LEGACY),
        key=lambda lay: (
            sum(_has(lay, keys, g) for g in lay.required),
            sum(_has(lay, keys, (f,)) for f in lay.fields),
        ),
    )
    missing = [
        " or ".join(_FIELD_WORDS.get(f, f) for f in group)
        for group in closest.required
        if not _has(closest, keys, group)
    ]
    unknown = [c for c in cells if c and header_key(c) not in known]
    shown = repr(unknown[:40]) + (f" and {len(unknown) - 40} more" if len(unknown) > 40 else "")
    hint = ""
    from runlytics.io.csv_header import find_header as _find_header

    if _find_header(lines) is not None:
        hint = "; it looks like a record stream (one row per sample): use runlytics.read_csv()"
    return (
        "is not a recognised training log: expected a Strava activities.csv (columns "
        "'Activity ID', 'Activity Date', 'Activity Type', ...) or a Garmin Connect "
        "Activities.csv ('Activity Type', 'Date', 'Title', 'Distance', 'Time', ... or the "
        "legacy 'Activity Name', 'Start' layout), with headers in "
        + ", ".join(LANGUAGES.values())
        + f"; no column understood as {', '.join(missing)}; "
        f"columns not understood: {shown}" + hint
    )


def _has(layout: Layout, keys: set[str], group: tuple[str, ...]) -> bool:
    return any(keys & set(layout.aliases(f)) for f in group)


_FIELD_WORDS = {
    "activity_id": "the activity ID",
    "name": "the activity name",
    "type": "the activity type",
    "date": "the date",
    "time": "the time",
    "elapsed": "the elapsed time",
    "moving": "the moving time",
    "distance": "the distance",
}


class _Columns:
    """A log table read by field name; remembers which source columns were consumed.

    ``fixed`` maps fields to column positions when the headers are not understood.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        headers: list[str],
        layout: Layout,
        fixed: dict[str, int] | None = None,
    ) -> None:
        self.table = table
        self.headers = headers
        self.layout = layout
        self.fixed = fixed
        self.keys = [header_key(h) for h in headers]
        self.consumed: set[int] = set()
        self.language = "unknown" if fixed else layout.language(set(self.keys))
        self.decimal_comma, self.decimal_reason = self._decimal_mark()

    def _decimal_mark(self) -> tuple[bool, str]:
        """Strava: by language. Garmin: by the values (``5,02`` or ``5.02``), which
        depend on the account's settings, not on the header language."""
        if self.layout.kind == "strava":
            return self.language != "en", f"by the header language ({self.language})"
        cells = pd.Series(self.table.head(500).to_numpy().ravel(), dtype="string").str.strip()
        comma = int(cells.str.fullmatch(_COMMA_DECIMAL).sum())
        dot = int(cells.str.fullmatch(_DOT_DECIMAL).sum())
        if comma != dot:
            return comma > dot, f"from the values ({comma} with a decimal comma, {dot} with a dot)"
        default = self.layout is GARMIN_LEGACY and self.language != "en"
        return default, "no value tells; assumed from the layout"

    def positions(self, name: str, *, consume: bool = True) -> list[int]:
        """Positions of every column of a field, in file order."""
        if self.fixed is not None:
            found = [self.fixed[name]] if name in self.fixed else []
        else:
            aliases = set(self.layout.aliases(name))
            found = [i for i, k in enumerate(self.keys) if k in aliases]
        if consume:
            self.consumed.update(found)
        return found

    def text_of(self, name: str) -> pd.Series:
        found = self.positions(name)
        if not found:
            return pd.Series(pd.NA, index=self.table.index, dtype="string")
        return self.table.iloc[:, found[0]].astype("string")

    def numbers(self, position: int) -> pd.Series:
        return to_numbers(self.table.iloc[:, position], decimal_comma=self.decimal_comma)[0]

    def seconds(self, position: int) -> pd.Series:
        return log_seconds(self.table.iloc[:, position], decimal_comma=self.decimal_comma)[0]

    def first_of(
        self, name: str, read: Callable[[int], pd.Series], *, consume: bool = True
    ) -> pd.Series:
        """The field's first non-missing value over its repeated columns, row by row."""
        out = pd.Series(np.nan, index=self.table.index, dtype="float64")
        for position in self.positions(name, consume=consume):
            out = out.fillna(read(position))
        return out

    def extras(self) -> pd.DataFrame:
        """Every column not consumed, snake_cased, typed (numbers, booleans, seconds, text)."""
        kept = [i for i in range(self.table.shape[1]) if i not in self.consumed]
        kept = [i for i in kept if self.headers[i].strip() or _has_values(self.table.iloc[:, i])]
        columns: list[tuple[str, pd.Series]] = []
        for i in kept:
            name, values = _typed(self.headers[i], self.table.iloc[:, i], self.decimal_comma)
            columns.append((name, values))
        names = unique_names((n for n, _ in columns), taken=(*LOG_COLUMNS, TYPE_COLUMN))
        return pd.DataFrame(
            {n: v for n, (_, v) in zip(names, columns, strict=True)}, index=self.table.index
        )


#: Numbers that can only be read one way: ``12,34`` / ``1.234,5`` vs ``12.34`` /
#: ``1,234.5`` (three digits after a lone separator may be a thousands group).
_COMMA_DECIMAL = r"[+-]?(\d+,(\d{1,2}|\d{4,})|\d{1,3}(\.\d{3})+,\d+)"
_DOT_DECIMAL = r"[+-]?(\d+\.(\d{1,2}|\d{4,})|\d{1,3}(,\d{3})+\.\d+)"


def _has_values(values: pd.Series) -> bool:
    return bool((~is_missing(values)).any())


def _typed(header: str, values: pd.Series, decimal_comma: bool) -> tuple[str, pd.Series]:
    """An extra column typed: numbers, then true/false, then durations (``_s``), else text."""
    name = snake_case(header)
    text = values.astype("string").str.strip()
    if text.str.startswith("'").any():  # Excel guard: '-12
        text = text.str.replace(r"^'(?=[-+\d])", "", regex=True)
    missing = is_missing(text)
    if missing.all():
        return name, pd.Series(np.nan, index=values.index, dtype="float64")
    numbers, bad = to_numbers(text, decimal_comma=decimal_comma)
    if not bad.any():
        return name, numbers
    words = text[~missing].str.lower()
    if words.isin(("true", "false", "yes", "no")).all():
        return name, to_booleans(text.mask(missing))
    if text[~missing].str.fullmatch(r"\d+(:\d{1,2}){1,2}([.,]\d+)?").all():
        seconds, bad = log_seconds(text, decimal_comma=decimal_comma)
        if not bad.any():
            return name + "_s", seconds
    return name, _strings(text)


def _strings(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(is_missing(text)).astype("string")


# ---------------------------------------------------------------------------
# Strava
# ---------------------------------------------------------------------------


def _strava(cols: _Columns, units: str | None) -> tuple[pd.DataFrame, Attrs]:
    """Strava: dates UTC; the last 'Distance' is metres, the first in display units."""
    start = log_dates(cols.text_of("date"), month_first=cols.language == "en")
    distance_cols = cols.positions("distance")
    display_factor = _MILE_M if units == "imperial" else 1000.0
    metres = pd.Series(np.nan, index=cols.table.index, dtype="float64")
    if len(distance_cols) >= 2:
        metres = cols.numbers(distance_cols[-1])
        distance_rule = f"metres from the last of {len(distance_cols)} 'Distance' columns"
    else:
        distance_rule = "no metres column"
    if distance_cols:
        display = cols.numbers(distance_cols[0]) * display_factor
        if metres.isna().any() and display.notna().any():
            unit = "mi" if units == "imperial" else "km"
            distance_rule += f"; first 'Distance' column read as {unit} where metres are missing"
        metres = metres.fillna(display)
    sport_raw = cols.text_of("type")
    frame = _canonical(
        cols,
        start=start,
        sport_raw=sport_raw,
        distance=metres,
        elapsed=cols.first_of("elapsed", cols.seconds),
        moving=cols.first_of("moving", cols.seconds),
        elevation_gain=cols.first_of("elevation_gain", cols.numbers),
        activity_id=integer_ids(cols.text_of("activity_id")),
        source_file=_strings(cols.text_of("file")),
    )
    attrs: Attrs = {
        "time_zone": "UTC (Strava's activity dates are UTC)",
        "units": {"distance": distance_rule, "elevation": "m"},
    }
    return frame, attrs


# ---------------------------------------------------------------------------
# Garmin Connect
# ---------------------------------------------------------------------------


def _garmin(cols: _Columns, units: str | None) -> tuple[pd.DataFrame, Attrs]:
    """Garmin: local dates without offset; distances in the account's unit (km or mi),
    swims in m or yd; ascent in m or ft."""
    start = log_dates(cols.text_of("date"), month_first=cols.language == "en")
    sport_raw = cols.text_of("type")
    sport = normalise_sport(sport_raw)
    imperial, reason = _garmin_units(cols, units)
    raw = cols.first_of("distance", cols.numbers)
    swim = (sport == "swimming").fillna(False).to_numpy(dtype=bool)
    long_unit, swim_unit = (_MILE_M, _YARD_M) if imperial else (1000.0, 1.0)
    distance = pd.Series(np.where(swim, raw * swim_unit, raw * long_unit), index=raw.index)
    elapsed = cols.first_of("elapsed", cols.seconds)
    elapsed = elapsed.where(elapsed > 0)  # early manual entries carry 00:00:00
    timer_is_elapsed = not cols.positions("elapsed", consume=False)  # legacy layout
    elapsed = elapsed.fillna(cols.first_of("time", cols.seconds, consume=timer_is_elapsed))
    elevation = cols.first_of("elevation_gain", cols.numbers) * (_FOOT_M if imperial else 1.0)
    na = pd.Series(pd.NA, index=raw.index, dtype="string")
    no_ids = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    frame = _canonical(
        cols,
        start=start,
        sport_raw=sport_raw,
        distance=distance,
        elapsed=elapsed,
        moving=cols.first_of("moving", cols.seconds),
        elevation_gain=elevation,
        activity_id=no_ids,
        source_file=na,
    )
    system = "imperial" if imperial else "metric"
    attrs: Attrs = {
        "time_zone": (
            "local time of the activity with unknown UTC offset, stored as if UTC "
            "(Garmin Connect exports no offset)"
        ),
        "units": {
            "system": system,
            "decided_by": reason,
            "distance": "mi (swims yd)" if imperial else "km (swims m)",
            "elevation": "ft" if imperial else "m",
        },
    }
    return frame, attrs


def _garmin_units(cols: _Columns, units: str | None) -> tuple[bool, str]:
    """Is the account imperial? Caller's choice, else a header hint, else stride length."""
    if units is not None:
        return units == "imperial", "units argument"
    for position in cols.positions("distance", consume=False):
        header = cols.headers[position].lower()
        if "(mi" in header or "mile" in header:
            return True, f"header {cols.headers[position]!r}"
        if "(km" in header:
            return False, f"header {cols.headers[position]!r}"
    stride = cols.first_of("stride", cols.numbers, consume=False)
    stride = stride[stride > 0]
    if len(stride):
        median = float(stride.median())
        system = "ft" if median >= STRIDE_FEET_FROM else "m"
        return median >= STRIDE_FEET_FROM, f"Avg Stride Length median {median:.2f} ({system})"
    return False, "assumed metric (no unit hint in the file; pass units='imperial' if wrong)"


# ---------------------------------------------------------------------------
# Shared
# ---------------------------------------------------------------------------


def _canonical(
    cols: _Columns,
    *,
    start: pd.Series,
    sport_raw: pd.Series,
    distance: pd.Series,
    elapsed: pd.Series,
    moving: pd.Series,
    elevation_gain: pd.Series,
    activity_id: pd.Series,
    source_file: pd.Series,
) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "start_time": pd.to_datetime(start, utc=True).dt.as_unit("ns"),
            "sport": normalise_sport(sport_raw),
            "name": _strings(cols.text_of("name")),
            "distance_m": distance.astype("float64"),
            "elapsed_s": elapsed.astype("float64"),
            "moving_s": moving.astype("float64"),
            "avg_heart_rate_bpm": cols.first_of("avg_hr", cols.numbers),
            "max_heart_rate_bpm": cols.first_of("max_hr", cols.numbers),
            "elevation_gain_m": elevation_gain.astype("float64"),
            "activity_id": activity_id,
            "source_file": source_file.astype("string"),
        },
        index=cols.table.index,
    )
    return frame[list(LOG_COLUMNS)]


def normalise_sport(raw: pd.Series) -> pd.Series:
    """Lowercase sport names (running, cycling, walking, ...) from source labels in
    any language of :data:`SPORT_RULES`."""
    text = _strings(raw)
    labels = pd.Series(text.dropna().unique(), dtype="string")
    keys = labels.map(sport_key)
    sport = pd.Series(pd.NA, index=labels.index, dtype="string")
    for pattern, name in SPORT_RULES:
        hit = keys.str.contains(pattern, regex=True) & sport.isna()
        sport = sport.mask(hit, name)
    sport = sport.fillna(labels.map(snake_case).astype("string"))
    mapping = dict(zip(labels, sport, strict=True))
    return text.map(mapping).astype("string")


_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d"})


def sport_key(label: str) -> str:
    """A sport label as lowercase ASCII letters and digits (``Løb`` -> ``lob``)."""
    text = unicodedata.normalize("NFKD", label.lower().translate(_LETTERS))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))
