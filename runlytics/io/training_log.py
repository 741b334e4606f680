"""Training logs: one row per activity, from Strava and Garmin Connect summary exports.

:func:`read_training_log` reads Strava's bulk-export ``activities.csv`` (English,
German or French headers) and Garmin Connect's ``Activities.csv`` (current and
legacy layouts) into one frame with the canonical columns of
:data:`LOG_COLUMNS`, followed by the remaining source columns. Rules and
column meanings are in ``docs/io-csv.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from runlytics.errors import UnsupportedFormatError
from runlytics.io.datetimes import parse_datetimes
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
    to_seconds,
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


@dataclass(frozen=True)
class Layout:
    """A known summary-export layout: which header names give which field."""

    key: str
    kind: str
    title: str
    required: tuple[str, ...]
    fields: dict[str, Aliases] = field(default_factory=dict)

    def aliases(self, name: str) -> tuple[str, ...]:
        """Every normalised header name of a field, all languages."""
        return tuple(a for names in self.fields.get(name, {}).values() for a in names)


STRAVA = Layout(
    key="strava_activities",
    kind="strava",
    title="Strava activities.csv training log",
    required=("activity_id", "date", "type"),
    fields={
        "activity_id": {"en": ("activityid",), "de": ("aktivitatsid",), "fr": ("iddelactivite",)},
        "date": {
            "en": ("activitydate",),
            "de": ("aktivitatsdatum",),
            "fr": ("datedelactivite",),
        },
        "name": {
            "en": ("activityname",),
            "de": ("namederaktivitat",),
            "fr": ("nomdelactivite",),
        },
        "type": {"en": ("activitytype",), "de": ("aktivitatsart",), "fr": ("typedactivite",)},
        "elapsed": {"en": ("elapsedtime",), "de": ("verstrichenezeit",), "fr": ("tempsecoule",)},
        "moving": {
            "en": ("movingtime",),
            "de": ("bewegungszeit",),
            "fr": ("dureededeplacement", "tempsdedeplacement"),
        },
        "distance": {"en": ("distance",), "de": ("distanz",)},
        "elevation_gain": {
            "en": ("elevationgain",),
            "de": ("hohenzunahme",),
            "fr": ("denivelepositif",),
        },
        "avg_hr": {
            "en": ("averageheartrate",),
            "de": ("durchschnittlicheherzfrequenz",),
            "fr": ("frequencecardiaquemoyenne",),
        },
        "max_hr": {
            "en": ("maxheartrate",),
            "de": ("maxherzfrequenz",),
            "fr": ("frequencecardiaquemax", "frequencecardiaquemaximale"),
        },
        "file": {"en": ("filename",), "de": ("dateiname",), "fr": ("nomdufichier",)},
    },
)
GARMIN = Layout(
    key="garmin_connect_activities",
    kind="garmin",
    title="Garmin Connect Activities.csv training log",
    required=("type", "date", "time"),
    fields={
        "type": {"en": ("activitytype",), "de": ("aktivitatstyp",)},
        "date": {"en": ("date",), "de": ("datum",)},
        "name": {"en": ("title",), "de": ("titel",)},
        "distance": {"en": ("distance",), "de": ("distanz",)},
        "elapsed": {"en": ("elapsedtime",), "de": ("verstrichenezeit",)},
        "time": {"en": ("time",), "de": ("zeit",)},
        "moving": {"en": ("movingtime",), "de": ("bewegungszeit",)},
        "avg_hr": {"en": ("avghr",), "de": ("avgherzfrequenz", "avghf")},
        "max_hr": {"en": ("maxhr",), "de": ("maxherzfrequenz", "maximaleherzfrequenz")},
        "elevation_gain": {"en": ("totalascent", "elevationgain"), "de": ("anstieggesamt",)},
        "stride": {"en": ("avgstridelength",), "de": ("avgschrittlange",)},
    },
)
GARMIN_LEGACY = Layout(
    key="garmin_connect_legacy",
    kind="garmin",
    title="Garmin Connect (legacy layout) activities CSV training log",
    required=("type", "date", "name"),
    fields={
        "type": {"en": ("activitytype",), "de": ("aktivitatstyp",)},
        "date": {"en": ("start",), "de": ("start",)},
        "name": {"en": ("activityname",), "de": ("aktivitatsname",)},
        "distance": {"en": ("distance",), "de": ("distanz",)},
        "time": {"en": ("time",), "de": ("zeit",)},
        "elevation_gain": {"en": ("elevationgain",), "de": ("positiverhohenunterschied",)},
        "avg_hr": {"en": ("avghr",), "de": ("avghf",)},
        "max_hr": {"en": ("maxhr",), "de": ("maxhf",)},
    },
)
LAYOUTS: tuple[Layout, ...] = (STRAVA, GARMIN_LEGACY, GARMIN)


def detect_layout(cells: list[str]) -> Layout | None:
    """The training-log layout a header row belongs to, or None."""
    keys = {header_key(c) for c in cells}
    for layout in LAYOUTS:
        if all(keys & set(layout.aliases(name)) for name in layout.required):
            return layout
    return None


def read_training_log(source: Source, *, units: str | None = None) -> pd.DataFrame:
    """Read a Strava or Garmin Connect activity list (one row per activity).

    ``source`` is a path or a binary file object, optionally gzipped. Returns
    the columns of :data:`LOG_COLUMNS` (SI units, ``start_time`` tz-aware UTC,
    NaN/``<NA>`` where unknown), then ``activity_type`` (the source's own
    label) and every other source column snake_cased, sorted by
    ``start_time``. ``units`` (``"metric"``/``"imperial"``) overrides the
    guess of a Garmin account's distance unit. Provenance and unit decisions
    are in ``df.attrs``.
    """
    if units not in (None, *UNITS):
        raise ValueError(f"units must be None, 'metric' or 'imperial', not {units!r}")
    payload = read_payload(source)
    text, encoding = decode_text(payload)
    lines = text_lines(text)
    found = _find_layout(lines)
    if found is None:
        raise UnsupportedFormatError(payload.name, _not_a_log(lines))
    index, delimiter, layout = found
    notes: list[str] = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    table = read_table(lines[index:], delimiter, payload.name, False, notes)
    headers = split_line(lines[index], delimiter)
    headers += [""] * (table.shape[1] - len(headers))
    cols = _Columns(table, headers, layout)
    builder: Callable[[_Columns, str | None], tuple[pd.DataFrame, dict[str, object]]]
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


def _not_a_log(lines: list[str]) -> str:
    first = next((ln for ln in lines if ln.strip()), "")
    cells = [c.strip() for c in split_line(first, sniff_delimiter(first))][:12]
    hint = ""
    from runlytics.io.csv_header import find_header as _find_header

    if _find_header(lines) is not None:
        hint = "; it looks like a record stream (one row per sample): use runlytics.read_csv()"
    return (
        "is not a recognised training log: expected a Strava activities.csv (columns "
        "'Activity ID', 'Activity Date', 'Activity Type', ...; also in German or French) or "
        "a Garmin Connect Activities.csv ('Activity Type', 'Date', 'Title', 'Distance', "
        f"'Time', ... or the legacy 'Activity Name', 'Start' layout); found columns {cells}" + hint
    )


class _Columns:
    """A log table read by field name; remembers which source columns were consumed."""

    def __init__(self, table: pd.DataFrame, headers: list[str], layout: Layout) -> None:
        self.table = table
        self.headers = headers
        self.layout = layout
        self.keys = [header_key(h) for h in headers]
        self.consumed: set[int] = set()
        self.language = self._language()
        self.decimal_comma = self.language != "en"

    def _language(self) -> str:
        keys = set(self.keys)
        for language in ("de", "fr"):
            names = {a for f in self.layout.fields.values() for a in f.get(language, ())}
            english = {a for f in self.layout.fields.values() for a in f.get("en", ())}
            if keys & (names - english):
                return language
        return "en"

    def positions(self, name: str, *, consume: bool = True) -> list[int]:
        """Positions of every column of a field, in file order."""
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
        return to_seconds(self.table.iloc[:, position], decimal_comma=self.decimal_comma)[0]

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


def _has_values(values: pd.Series) -> bool:
    return bool((~is_missing(values)).any())


def _typed(header: str, values: pd.Series, decimal_comma: bool) -> tuple[str, pd.Series]:
    """An extra column typed: numbers, then true/false, then durations (``_s``), else text."""
    name = snake_case(header)
    text = values.astype("string").str.strip()
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
        seconds, bad = to_seconds(text, decimal_comma=decimal_comma)
        if not bad.any():
            return name + "_s", seconds
    return name, _strings(text)


def _strings(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(is_missing(text)).astype("string")


# ---------------------------------------------------------------------------
# Strava
# ---------------------------------------------------------------------------


def _strava(cols: _Columns, units: str | None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Strava: dates UTC; the last 'Distance' is metres, the first in display units."""
    start, _, _ = parse_datetimes(cols.text_of("date"))
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
        activity_id=_strings(cols.text_of("activity_id")),
        source_file=_strings(cols.text_of("file")),
    )
    attrs = {
        "time_zone": "UTC (Strava's activity dates are UTC)",
        "units": {"distance": distance_rule, "elevation": "m"},
    }
    return frame, attrs


# ---------------------------------------------------------------------------
# Garmin Connect
# ---------------------------------------------------------------------------


def _garmin(cols: _Columns, units: str | None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Garmin: local dates without offset; distances in the account's unit (km or mi),
    swims in m or yd; ascent in m or ft."""
    start, _, _ = parse_datetimes(cols.text_of("date"))
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
    frame = _canonical(
        cols,
        start=start,
        sport_raw=sport_raw,
        distance=distance,
        elapsed=elapsed,
        moving=cols.first_of("moving", cols.seconds),
        elevation_gain=elevation,
        activity_id=na,
        source_file=na,
    )
    system = "imperial" if imperial else "metric"
    attrs = {
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
            "activity_id": activity_id.astype("string"),
            "source_file": source_file.astype("string"),
        },
        index=cols.table.index,
    )
    return frame[list(LOG_COLUMNS)]


#: Keyword rules (first match wins) on the activity type, lowercased with accents
#: and punctuation removed. Anything else becomes its snake_cased label.
SPORT_RULES: tuple[tuple[str, str], ...] = (
    (r"swim|schwimm|natation|nuoto|natacion", "swimming"),
    (r"nordicski|crosscountry|langlauf|rollerski|skatingski|skidefond", "cross_country_skiing"),
    (r"ski|snowboard", "alpine_skiing"),
    (r"ebike|emountainbike|pedelec", "e_biking"),
    (r"run|lauf|courseapied|trail|jogg|carrera", "running"),
    (r"ride|cycl|bike|biking|velo|radfahr|^rad|ciclismo", "cycling"),
    (r"walk|gehen|marche|spazier|camminata|caminata", "walking"),
    (r"hik|wander|randonnee|senderismo|escursion", "hiking"),
    (r"row|rudern|aviron|remo", "rowing"),
    (r"paddl|kayak|canoe|kanu|sup$", "paddling"),
    (r"elliptical|stair|equipment|crosstrainer", "fitness_equipment"),
    (r"strength|weight|kraft|musculation|yoga|pilates|hiit|cardio|workout|crossfit"
     r"|training|breath|gym|fitness|core|mobility", "training"),
    (r"multisport|triathlon|duathlon", "multisport"),
)  # fmt: skip


def normalise_sport(raw: pd.Series) -> pd.Series:
    """Lowercase sport names (running, cycling, walking, ...) from source labels."""
    text = _strings(raw)
    labels = pd.Series(text.dropna().unique(), dtype="string")
    keys = labels.map(header_key)
    sport = pd.Series(pd.NA, index=labels.index, dtype="string")
    for pattern, name in SPORT_RULES:
        hit = keys.str.contains(pattern, regex=True) & sport.isna()
        sport = sport.mask(hit, name)
    sport = sport.fillna(labels.map(snake_case).astype("string"))
    mapping = dict(zip(labels, sport, strict=True))
    return text.map(mapping).astype("string")
