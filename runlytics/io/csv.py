"""Record-stream CSV reader: one row per sample, headers recognised by name.

``parse`` turns a CSV whose rows are samples (a time plus channels such as
distance, speed or pace, heart rate, cadence, altitude, position, power,
temperature, lap) into one canonical :class:`~runlytics.activity.Activity`.
Headers are matched case- and punctuation-insensitively and may carry their
unit (``distance_km``, ``Speed (km/h)``, ``Distance [m]``, ``pace_min_mi``).
Every rule is documented in ``docs/io-csv.md``.

The text helpers at the bottom (decoding, delimiter sniffing, numbers with
decimal commas and thousands separators, durations, dates in many layouts)
are shared with :mod:`runlytics.io.training_log`.
"""

from __future__ import annotations

import csv as _csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import pandas as pd

from runlytics.activity import (
    MOVING_SPEED_MPS,
    RECORD_COLUMNS,
    Activity,
    build_laps,
    build_records,
    build_session,
    utc_index,
)
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    UnsupportedFormatError,
)
from runlytics.io.source import Payload

ENGINES = (None, "pandas")

#: Lines searched for the header row (files may open with a preamble).
HEADER_SEARCH_LINES = 200
#: Median moving speed (m/s) above which cadence is taken as pedalling, never doubled.
CYCLING_SPEED_MPS = 6.0

_SEMICIRCLE_DEG = 180.0 / 2**31
_EPOCH_FIRST_S = -2208988800.0  # 1900-01-01
_EPOCH_LAST_S = 7258118400.0  # 2200-01-01
_MILE_M = 1609.344
_FOOT_M = 0.3048

# ---------------------------------------------------------------------------
# Header vocabulary
# ---------------------------------------------------------------------------

#: kind -> (rank, normalised header names). Lower rank wins when several
#: columns give the same kind; vendor names (Wahoo ``gps_*``, ``fp_*``) rank lower.
_VOCABULARY: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {
    "timestamp": (
        (0, ("timestamp", "datetime", "timestamputc", "datetimeutc", "timeutc", "utctime")),
    ),
    "time": ((0, ("time",)),),
    "date": ((0, ("date",)),),
    "elapsed": (
        (0, ("elapsed", "elapsedtime", "timeelapsed", "seconds", "secs", "duration")),
        (1, ("timer", "timertime")),
    ),
    "distance": (
        (0, ("distance", "dist", "cumulativedistance", "totaldistance")),
        (1, ("gpsdist", "gpsdistance")),
        (2, ("fpaccdist",)),
    ),
    "speed": (
        (0, ("speed", "velocity", "enhancedspeed", "spd")),
        (1, ("gpsspeed",)),
        (2, ("fpspeed", "spdinstspeed")),
    ),
    "pace": ((0, ("pace",)),),
    "heart_rate": ((0, ("hr", "heartrate", "bpm", "pulse", "hrheartrate")),),
    "cadence": (
        (0, ("cadence", "cad", "spm", "runcadence", "stepcadence")),
        (1, ("macadence",)),
        (2, ("cadcadence",)),
    ),
    "altitude": (
        (0, ("altitude", "elevation", "alt", "ele", "enhancedaltitude", "height")),
        (1, ("dispaltitude", "baroaltitude")),
        (2, ("gpsaltitude", "gpsele", "gpselevation")),
    ),
    "latitude": ((0, ("lat", "latitude", "positionlat", "gpslat", "latitudedeg")),),
    "longitude": (
        (0, ("lon", "lng", "long", "longitude", "positionlong", "positionlon", "gpslon")),
    ),
    "power": ((0, ("power", "watts", "pwr", "pwrinstpwr", "instpower")),),
    "temperature": ((0, ("temperature", "temp", "atemp", "disptemperature")),),
    "lap": ((0, ("lap", "lapnumber", "lapindex", "interval", "laps")),),
    "timer_running": ((0, ("timerrunning",)),),
    "paused": ((0, ("paused", "pause")),),
}
_ALIASES: dict[str, tuple[str, int]] = {
    name: (kind, rank)
    for kind, groups in _VOCABULARY.items()
    for rank, names in groups
    for name in names
}

#: Spelling of a unit -> canonical unit code.
_UNITS: dict[str, str] = {
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres"), "m"),
    **dict.fromkeys(("km", "kilometer", "kilometers", "kilometre", "kilometres"), "km"),
    **dict.fromkeys(("mi", "mile", "miles"), "mi"),
    **dict.fromkeys(("ft", "feet", "foot"), "ft"),
    **dict.fromkeys(("m/s", "mps", "ms", "m/sec"), "mps"),
    **dict.fromkeys(("km/h", "kmh", "kph", "km/hr"), "kmh"),
    **dict.fromkeys(("mph", "mi/h", "mi/hr"), "mph"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "s"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("h", "hour", "hours"), "h"),
    **dict.fromkeys(("bpm", "beats/min", "1/min"), "bpm"),
    **dict.fromkeys(("spm", "steps/min", "steps"), "spm"),
    **dict.fromkeys(("rpm", "strides/min", "strides"), "rpm"),
    **dict.fromkeys(("deg", "degree", "degrees", "°"), "deg"),
    "semicircles": "semicircles",
    **dict.fromkeys(("c", "°c", "degc", "celsius", "ºc"), "c"),
    **dict.fromkeys(("f", "°f", "degf", "fahrenheit", "ºf"), "f"),
    **dict.fromkeys(("w", "watt", "watts"), "w"),
    **dict.fromkeys(("min/km", "minkm", "min/kilometer"), "minkm"),
    **dict.fromkeys(("s/km", "sec/km", "skm"), "skm"),
    **dict.fromkeys(("min/mi", "min/mile", "minmi", "minmile"), "minmi"),
    **dict.fromkeys(("s/mi", "sec/mi", "s/mile", "smi"), "smi"),
}
#: Two trailing name tokens read as one unit (``speed_m_s``, ``pace_min_km``).
_UNIT_PAIRS = {
    ("m", "s"): "mps",
    ("km", "h"): "kmh",
    ("min", "km"): "minkm",
    ("s", "km"): "skm",
    ("sec", "km"): "skm",
    ("min", "mi"): "minmi",
    ("min", "mile"): "minmi",
    ("s", "mi"): "smi",
    ("sec", "mi"): "smi",
}
#: Units a kind accepts (first is the default when the header gives none).
_KIND_UNITS: dict[str, tuple[str, ...]] = {
    "timestamp": ("s", "ms"),
    "time": ("s", "ms", "min", "h"),
    "date": (),
    "elapsed": ("s", "ms", "min", "h"),
    "distance": ("m", "km", "mi", "ft"),
    "speed": ("mps", "kmh", "mph"),
    "pace": ("minkm", "skm", "minmi", "smi", "min", "s"),
    "heart_rate": ("bpm",),
    "cadence": ("spm", "rpm"),
    "altitude": ("m", "ft"),
    "latitude": ("deg", "semicircles"),
    "longitude": ("deg", "semicircles"),
    "power": ("w",),
    "temperature": ("c", "f"),
    "lap": (),
    "timer_running": (),
    "paused": (),
}
_TIME_KINDS = ("timestamp", "time", "date", "elapsed")


@dataclass(frozen=True)
class Column:
    """A header cell and what it was understood as (``kind`` None: not understood)."""

    position: int
    header: str
    kind: str | None = None
    unit: str | None = None
    rank: int = 0


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


def _split_unit(header: str) -> tuple[str, str | None]:
    """``'Speed (km/h)'`` -> ``('Speed', 'km/h')``; no bracket -> ``(header, None)``."""
    m = re.match(r"^(.*?)\s*[\[(]\s*([^\])]*?)\s*[\])]\s*$", header)
    if m and m.group(1).strip():
        return m.group(1), m.group(2)
    return header, None


def classify_header(position: int, header: str) -> Column:
    """What a header cell means: a kind and unit from the vocabulary, or nothing."""
    name, unit_text = _split_unit(header.strip().lstrip("\ufeff"))
    candidates: list[tuple[str, str | None]] = [(header_key(name), None)]
    tokens = [t for t in re.split(r"[^0-9a-zA-Z]+", name.lower()) if t]
    if unit_text is None and len(tokens) >= 2:
        if len(tokens) >= 3 and tuple(tokens[-2:]) in _UNIT_PAIRS:
            candidates.append(("".join(tokens[:-2]), _UNIT_PAIRS[tuple(tokens[-2:])]))
        if tokens[-1] in _UNITS:
            candidates.append(("".join(tokens[:-1]), _UNITS[tokens[-1]]))
    elif unit_text is not None:
        code = _UNITS.get(unit_text.lower().replace(" ", ""))
        candidates = [(header_key(name), code if code else "?" + unit_text)]
    for key, unit in candidates:
        if key not in _ALIASES:
            continue
        kind, rank = _ALIASES[key]
        if key == "spm" and unit is None:
            unit = "spm"
        if unit is None or unit in _KIND_UNITS[kind]:
            return Column(position, header, kind, unit, rank)
        if kind in ("elapsed", "time", "timestamp") and unit == "mps":  # "ms" read as m/s
            return Column(position, header, kind, "ms", rank)
    return Column(position, header)


# ---------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------


def parse(payload: Payload, *, engine: str | None = None, strict: bool = False) -> list[Activity]:
    """Read a record-stream CSV (one row per sample) into one :class:`Activity`.

    ``engine`` is None or ``"pandas"`` (the only one). ``strict=True`` raises
    :class:`CorruptFileError` where the reader would otherwise recover
    (malformed lines skipped, unreadable values or times read as missing).
    """
    if engine not in ENGINES:
        raise UnsupportedFormatError(
            payload.name, f"engine {engine!r} is not available for CSV; use None or 'pandas'"
        )
    text, encoding = decode_text(payload)
    notes: list[str] = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    lines = text_lines(text)
    _reject_other_layouts(payload.name, lines)
    found = _find_header(lines)
    if found is None:
        _raise_no_time(payload.name, lines)
    index, delimiter, columns = found
    table = read_table(lines[index:], delimiter, payload.name, strict, notes)
    preamble = _preamble(lines[:index], delimiter)
    decimal_comma = delimiter == ";"
    return [_activity(payload, table, columns, preamble, decimal_comma, strict, notes)]


def _activity(
    payload: Payload,
    table: pd.DataFrame,
    columns: list[Column],
    preamble: dict[str, object],
    decimal_comma: bool,
    strict: bool,
    notes: list[str],
) -> Activity:
    name = payload.name
    if table.empty:
        raise MissingDataError(name, "has a header but no data rows")
    reader = _Values(table, name, decimal_comma, strict, notes)
    chosen = _choose(columns, reader)
    times, utc_offset = _timestamps(chosen, reader, preamble, name, strict, notes)
    sport = _preamble_text(preamble, "sport")
    channels, pace_extra = _channels(chosen, reader, sport, notes)
    extra = {**_extras(columns, chosen, reader, notes), **pace_extra}
    running = _timer_running(chosen, reader)
    lap_values = reader.numbers(chosen["lap"]) if "lap" in chosen else None
    if lap_values is not None:
        extra["__lap__"] = lap_values.to_numpy()
    if not times.notna().any():
        raise MissingDataError(name, "no row has a readable time")
    records = build_records(times, channels, timer_running=running, extra=extra)
    records = _number_laps(records)
    laps = build_laps(records)
    session = build_session(
        records,
        format="csv",
        source=name,
        sport=sport,
        utc_offset=utc_offset,
        notes=tuple(notes),
    )
    return Activity(records, laps, session)


# ---------------------------------------------------------------------------
# Layout and header detection
# ---------------------------------------------------------------------------


def _reject_other_layouts(name: str, lines: list[str]) -> None:
    """Clear errors for non-table layouts and for training logs (one row per activity)."""
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if not first:
        raise MissingDataError(name, "is empty")
    if first.startswith("[["):
        raise UnsupportedFormatError(
            name,
            f"is a sectioned export ({first[:20]!r} blocks, e.g. Epson), not a CSV table "
            "with one row per sample; it is not supported",
        )
    from runlytics.io.training_log import detect_layout  # circular at import time

    for line in lines[:20]:
        delimiter = sniff_delimiter(line)
        layout = detect_layout(split_line(line, delimiter))
        if layout is not None:
            raise UnsupportedFormatError(
                name,
                f"is a {layout.title} (one row per activity), not a record stream; "
                "read it with runlytics.read_training_log()",
            )


def _find_header(lines: list[str]) -> tuple[int, str, list[Column]] | None:
    """The first line that reads as a record header: a time column and another channel."""
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        delimiter = sniff_delimiter(line)
        cells = split_line(line, delimiter)
        if len(cells) < 2:
            continue
        columns = [classify_header(j, c) for j, c in enumerate(cells)]
        kinds = {c.kind for c in columns if c.kind}
        if kinds & set(_TIME_KINDS) and kinds - set(_TIME_KINDS):
            return i, delimiter, columns
    return None


def _raise_no_time(name: str, lines: list[str]) -> NoReturn:
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    cells = split_line(first, sniff_delimiter(first))
    columns = [classify_header(j, c) for j, c in enumerate(cells)]
    unknown = [c.header.strip() for c in columns if c.kind is None]
    has_time = any(c.kind in _TIME_KINDS for c in columns)
    problem = (
        "no other column recognised besides the time"
        if has_time
        else "no time column recognised (expected one of: time, timestamp, datetime, "
        "date_time, elapsed, elapsed_time, seconds, time_s)"
    )
    raise UnsupportedFormatError(
        name,
        f"is not a record-stream CSV: {problem}; columns not understood: "
        + (", ".join(repr(u) for u in unknown) if unknown else "none"),
    )


def _preamble(lines: list[str], delimiter: str) -> dict[str, object]:
    """Key/value lines above the header: ``start_time,<time>``, ``# sport: running``,
    and the Wahoo ``Year,2016,Month,10,Day,7,Hour,...`` line (start time)."""
    found: dict[str, object] = {}
    for line in lines:
        m = re.match(r"^\s*#\s*([\w ]+?)\s*[:=]\s*(.+?)\s*$", line)
        cells = [m.group(1), m.group(2)] if m else split_line(line, delimiter)
        cells = [c.strip() for c in cells]
        keys = [header_key(c) for c in cells[0::2]]
        pairs = dict(zip(keys, cells[1::2], strict=False))
        clock = ("year", "month", "day", "hour", "minute", "second")
        if all(k in pairs for k in clock):
            values = pd.to_numeric(pd.Series([pairs[k] for k in clock]), errors="coerce")
            if values.notna().all():
                y, mo, d, h, mi, s = (int(v) for v in values)
                found["start_time"] = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"
        elif len([c for c in cells if c]) == 2 and keys[0] in ("starttime", "start", "sport"):
            found["sport" if keys[0] == "sport" else "start_time"] = cells[1]
    return found


def _preamble_text(preamble: dict[str, object], key: str) -> str | None:
    value = preamble.get(key)
    return str(value).strip().lower() if value else None


# ---------------------------------------------------------------------------
# Column values
# ---------------------------------------------------------------------------


class _Values:
    """Column access with the file's number conventions; records recoveries in ``notes``."""

    def __init__(
        self, table: pd.DataFrame, name: str, decimal_comma: bool, strict: bool, notes: list[str]
    ) -> None:
        self.table = table
        self.name = name
        self.decimal_comma = decimal_comma
        self.strict = strict
        self.notes = notes

    def text(self, column: Column) -> pd.Series:
        return self.table.iloc[:, column.position]

    def numbers(self, column: Column) -> pd.Series:
        values, bad = to_numbers(self.text(column), decimal_comma=self.decimal_comma)
        self.report(column, bad)
        return values

    def seconds(self, column: Column) -> pd.Series:
        values, bad = to_seconds(self.text(column), decimal_comma=self.decimal_comma)
        self.report(column, bad)
        return values

    def report(self, column: Column, bad: pd.Series) -> None:
        count = int(bad.sum())
        if not count:
            return
        example = self.text(column)[bad].iloc[0]
        header = column.header.strip()
        problem = f"{count} unreadable value(s) in column {header!r} (e.g. {example!r})"
        if self.strict:
            raise CorruptFileError(self.name, problem)
        self.notes.append(problem + " read as missing")

    def is_numeric(self, column: Column) -> bool:
        text = self.text(column)
        first = text[text.str.strip() != ""].head(1)
        if first.empty or to_numbers(first, decimal_comma=self.decimal_comma)[1].any():
            return False
        values, bad = to_numbers(text, decimal_comma=self.decimal_comma)
        return not bad.any() and values.notna().any()


def _choose(columns: list[Column], reader: _Values) -> dict[str, Column]:
    """One column per kind: lowest rank, then the first with non-zero data.

    The other columns of that kind are left over and kept as extras.
    """
    chosen: dict[str, Column] = {}
    by_kind: dict[str, list[Column]] = {}
    for column in columns:
        if column.kind:
            by_kind.setdefault(column.kind, []).append(column)
    for kind, group in by_kind.items():
        group = sorted(group, key=lambda c: (c.rank, c.position))
        best = group[0]
        if len(group) > 1 and kind not in _TIME_KINDS:
            for column in group:
                values, _ = to_numbers(reader.text(column), decimal_comma=reader.decimal_comma)
                if (values.fillna(0) != 0).any():
                    best = column
                    break
        chosen[kind] = best
    return chosen


def _timestamps(
    chosen: dict[str, Column],
    reader: _Values,
    preamble: dict[str, object],
    name: str,
    strict: bool,
    notes: list[str],
) -> tuple[pd.DatetimeIndex, pd.Timedelta | None]:
    """UTC sample times from an absolute column, or a relative one plus a known start."""
    relative: pd.Series | None = None
    relative_header = ""
    for kind in ("timestamp", "time", "date"):
        column = chosen.get(kind)
        if column is None:
            continue
        raw = reader.text(column)
        if kind == "date" and not raw.str.contains(":", regex=False).any():
            continue  # a calendar date alone does not time samples
        if reader.is_numeric(column):
            values = reader.numbers(column)
            unit = column.unit or _KIND_UNITS[kind][0]
            if kind == "time" and (column.unit is not None or values.abs().median() < 1e8):
                relative, relative_header = _scale_seconds(values, column.unit), column.header
                break
            if column.unit is None and values.abs().median() >= 1e11:
                unit = "ms"
            seconds = values / 1000.0 if unit == "ms" else values
            seconds = seconds.where(seconds.between(_EPOCH_FIRST_S, _EPOCH_LAST_S))
            notes.append(f"numeric times in {column.header.strip()!r} read as Unix epoch {unit}")
            return _checked(utc_index(seconds.to_numpy()), raw, column, strict, name, notes), None
        if kind == "time" and _looks_like_clock(raw):
            date = chosen.get("date")
            if date is not None:
                raw = reader.text(date).str.strip() + " " + raw.str.strip()
            else:
                relative, relative_header = reader.seconds(column), column.header
                break
        parsed, offset, naive = parse_datetimes(raw)
        if parsed.notna().any():
            if naive:
                notes.append("times without an offset read as UTC")
            index = pd.DatetimeIndex(parsed, name="timestamp")
            return _checked(index, raw, column, strict, name, notes), offset
    if relative is None and "elapsed" in chosen:
        column = chosen["elapsed"]
        relative_header = column.header
        relative = _scale_seconds(reader.seconds(column), column.unit)
    if relative is None:
        header = next((c.header for k, c in chosen.items() if k in _TIME_KINDS), "?")
        raise MissingDataError(name, f"time column {header.strip()!r} holds no readable time")
    start_text = preamble.get("start_time")
    if start_text is None:
        raise MissingDataError(
            name,
            f"has only relative times (column {relative_header.strip()!r}) and no absolute "
            "start; add a line 'start_time,<ISO 8601 time>' above the header or use a "
            "timestamp column",
        )
    start, offset, naive = parse_datetimes(pd.Series([str(start_text)]))
    if start.isna().all():
        raise MissingDataError(name, f"start_time {start_text!r} is not a readable time")
    if naive:
        notes.append("start time without an offset read as UTC")
    seconds = relative.to_numpy(dtype="float64")
    seconds = np.where(np.abs(seconds) < 1e9, seconds, np.nan)  # beyond ~31 years: unreadable
    index = pd.DatetimeIndex(start.iloc[0] + pd.to_timedelta(seconds, unit="s"), name="timestamp")
    return index.as_unit("ns"), offset


def _scale_seconds(values: pd.Series, unit: str | None) -> pd.Series:
    factor = {"ms": 0.001, "min": 60.0, "h": 3600.0}.get(unit or "s", 1.0)
    return values * factor


def _looks_like_clock(raw: pd.Series) -> bool:
    """Values like ``07:30:05`` (a clock or a duration, no date)."""
    s = raw.str.strip()
    s = s[s != ""]
    return bool(len(s)) and bool(s.str.fullmatch(r"\d{1,3}:\d{2}(:\d{2})?([.,]\d+)?").all())


def _checked(
    index: pd.DatetimeIndex,
    raw: pd.Series,
    column: Column,
    strict: bool,
    name: str,
    notes: list[str],
) -> pd.DatetimeIndex:
    bad = index.isna() & (raw.str.strip() != "").to_numpy()
    if bad.any():
        example = raw[bad].iloc[0]
        problem = (
            f"{int(bad.sum())} unreadable time(s) in column {column.header.strip()!r} "
            f"(e.g. {example!r})"
        )
        if strict:
            raise CorruptFileError(name, problem)
        notes.append(problem + "; those rows dropped")
    return pd.DatetimeIndex(index, name="timestamp").as_unit("ns")


def _channels(
    chosen: dict[str, Column], reader: _Values, sport: str | None, notes: list[str]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Canonical channels in SI units from the chosen columns."""
    out: dict[str, np.ndarray] = {}
    extra: dict[str, np.ndarray] = {}
    simple = {
        "distance": ("distance_m", {"m": 1.0, "km": 1000.0, "mi": _MILE_M, "ft": _FOOT_M}),
        "speed": ("speed_mps", {"mps": 1.0, "kmh": 1 / 3.6, "mph": _MILE_M / 3600}),
        "heart_rate": ("heart_rate_bpm", {"bpm": 1.0}),
        "altitude": ("altitude_m", {"m": 1.0, "ft": _FOOT_M}),
        "power": ("power_w", {"w": 1.0}),
    }
    for kind, (channel, factors) in simple.items():
        if kind in chosen:
            column = chosen[kind]
            factor = factors[column.unit or next(iter(factors))]
            out[channel] = reader.numbers(column).to_numpy() * factor
    for kind, channel in (("latitude", "latitude_deg"), ("longitude", "longitude_deg")):
        if kind in chosen:
            out[channel] = _degrees(chosen[kind], reader.numbers(chosen[kind]), notes)
    if "temperature" in chosen:
        column = chosen["temperature"]
        values = reader.numbers(column).to_numpy()
        out["temperature_c"] = (values - 32.0) * 5.0 / 9.0 if column.unit == "f" else values
    if "pace" in chosen:
        pace = _pace_seconds_per_km(chosen["pace"], reader)
        speed = 1000.0 / pace
        if "speed_mps" not in out:
            out["speed_mps"] = speed
        else:
            extra["pace_s_per_km"] = pace
    if "cadence" in chosen:
        cadence = chosen["cadence"]
        out["cadence_spm"] = _cadence(cadence, reader, out.get("speed_mps"), sport, notes)
    return _absent_as_missing(out, notes), extra


def _absent_as_missing(channels: dict[str, np.ndarray], notes: list[str]) -> dict[str, np.ndarray]:
    """Zeros written for sensors that were not there become NaN.

    A channel that is 0 in every row is absent; heart rate 0 and positions at
    exactly (0, 0) are missing samples.
    """
    out = dict(channels)
    if "heart_rate_bpm" in out:
        hr = out["heart_rate_bpm"]
        out["heart_rate_bpm"] = np.where(hr > 0, hr, np.nan)
    if "latitude_deg" in out and "longitude_deg" in out:
        null_island = (out["latitude_deg"] == 0) & (out["longitude_deg"] == 0)
        out["latitude_deg"] = np.where(null_island, np.nan, out["latitude_deg"])
        out["longitude_deg"] = np.where(null_island, np.nan, out["longitude_deg"])
    for name, values in out.items():
        finite = values[np.isfinite(values)]
        if len(finite) and not finite.any():
            out[name] = np.full(len(values), np.nan)
            notes.append(f"{name} is 0 in every row (no sensor): read as missing")
    return out


def _degrees(column: Column, values: pd.Series, notes: list[str]) -> np.ndarray:
    """Degrees; FIT semicircles when the header says so, the name is FIT's, or |v| > 180."""
    arr = values.to_numpy(dtype="float64")
    key = header_key(_split_unit(column.header)[0])
    semicircles = column.unit == "semicircles" or key in ("positionlat", "positionlong")
    if not semicircles and column.unit is None and np.nanmax(np.abs(arr), initial=0) > 180:
        semicircles = True
        notes.append(f"column {column.header.strip()!r} read as semicircles (values beyond 180)")
    return arr * _SEMICIRCLE_DEG if semicircles else arr


def _pace_seconds_per_km(column: Column, reader: _Values) -> np.ndarray:
    """Pace (``5:30`` or numbers, per km or mile) as s/km; zero or missing pace -> NaN."""
    raw = reader.text(column)
    unit = column.unit or "minkm"
    if unit == "min":
        unit = "minkm"
    if unit == "s":
        unit = "skm"
    clock = raw.str.contains(":", regex=False)
    seconds, bad = to_seconds(raw, decimal_comma=reader.decimal_comma)
    reader.report(column, bad)
    if unit in ("minkm", "minmi"):
        numbers = seconds.where(clock, seconds * 60.0)  # plain numbers are minutes
    else:
        numbers = seconds
    per_km = numbers.to_numpy(dtype="float64")
    if unit in ("minmi", "smi"):
        per_km = per_km * 1000.0 / _MILE_M
    return np.where(per_km > 0, per_km, np.nan)


def _cadence(
    column: Column,
    reader: _Values,
    speed: np.ndarray | None,
    sport: str | None,
    notes: list[str],
) -> np.ndarray:
    """Steps/min by the per-file rule shared with GPX/TCX (:func:`runlytics.io.xml.cadence_factor`).

    Values the header marks as steps (``spm``) are kept. A file of unknown
    sport whose median moving speed exceeds :data:`CYCLING_SPEED_MPS` is
    taken as cycling, so its pedalling cadence is never doubled.
    """
    from runlytics.io.xml import cadence_factor  # the one cadence rule of the text formats

    values = reader.numbers(column).to_numpy(dtype="float64")
    if column.unit == "spm":
        return values
    if speed is None:
        speed = np.full(len(values), np.nan)
    moving = speed[np.isfinite(speed) & (speed >= MOVING_SPEED_MPS)]
    if sport is None and moving.size and float(np.median(moving)) > CYCLING_SPEED_MPS:
        sport = "cycling"
    factor, note = cadence_factor(values, sport, speed)
    if note:
        notes.append(note)
    return values * factor


def _timer_running(chosen: dict[str, Column], reader: _Values) -> np.ndarray | None:
    for kind, invert in (("timer_running", False), ("paused", True)):
        if kind in chosen:
            flags = to_booleans(reader.text(chosen[kind]))
            flags = flags.fillna(not invert).to_numpy(dtype=bool)
            return ~flags if invert else flags
    return None


def _extras(
    columns: list[Column], chosen: dict[str, Column], reader: _Values, notes: list[str]
) -> dict[str, np.ndarray]:
    """Numeric columns not used for a channel, kept under their snake_case names."""
    used = {c.position for c in chosen.values()}
    kept: list[tuple[str, np.ndarray]] = []
    ignored: list[str] = []
    for column in columns:
        if column.position in used or not column.header.strip():
            continue
        values, bad = to_numbers(reader.text(column), decimal_comma=reader.decimal_comma)
        if bad.any():
            ignored.append(column.header.strip())
        elif values.notna().any():
            kept.append((snake_case(column.header), values.to_numpy(dtype="float64")))
    if ignored:
        notes.append("non-numeric columns ignored: " + ", ".join(ignored))
    names = unique_names((n for n, _ in kept), taken=RECORD_COLUMNS)
    return {name: values for name, (_, values) in zip(names, kept, strict=True)}


def _number_laps(records: pd.DataFrame) -> pd.DataFrame:
    """Laps from the file's lap column: 0-based, a new lap wherever its value changes.

    The file says which lap each sample belongs to, so its numbering is kept
    as is (no re-assignment of boundary samples).
    """
    if "__lap__" not in records:
        return records
    records = records.copy()
    lap = pd.Series(records.pop("__lap__").to_numpy(dtype="float64"), index=records.index)
    lap = lap.ffill().bfill()
    if lap.isna().all():
        return records
    records["lap"] = ((lap != lap.shift()).cumsum() - 1).to_numpy(dtype="int64")
    return records


# ---------------------------------------------------------------------------
# Shared text helpers (also used by runlytics.io.training_log)
# ---------------------------------------------------------------------------

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
    lines: list[str], delimiter: str, name: str, strict: bool, notes: list[str]
) -> pd.DataFrame:
    """Header line plus rows as a frame of strings ('' for empty), columns by position.

    A malformed line (more fields than the header) raises in strict mode, else
    the bad lines are skipped with a :class:`RecoveredDataWarning`.
    """
    text = "\n".join(lines)
    options = {
        "sep": delimiter,
        "header": None,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "skipinitialspace": True,
        "skip_blank_lines": True,
        "index_col": False,
    }
    try:
        frame = pd.read_csv(io.StringIO(text), on_bad_lines="error", **options)
    except pd.errors.EmptyDataError as exc:
        raise MissingDataError(name, "holds no CSV rows") from exc
    except (pd.errors.ParserError, ValueError, _csv.Error) as exc:
        problem = f"malformed CSV ({_short(exc)})"
        if strict:
            raise CorruptFileError(name, problem) from exc
        try:
            frame = pd.read_csv(io.StringIO(text), on_bad_lines="skip", **options)
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


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else type(exc).__name__


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


# --- dates -----------------------------------------------------------------

#: Time-zone abbreviations found in exported times -> hours east of UTC.
TZ_ABBREVIATIONS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "KST": 9,
    "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_TZ_RE = re.compile(r"\s*\b(" + "|".join(sorted(TZ_ABBREVIATIONS, key=len)[::-1]) + r")\b\s*")
_OFFSET_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:([+-])(\d{2}):?(\d{2})|(Z))$")
_HAS_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[+-]\d{2}:?\d{2}|Z)$"

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
        out[todo] = _try_formats(english)
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
        part = pd.to_datetime(s[todo], format=fmt, errors="coerce", utc=True)
        out[todo] = _plausible_ns(part)
        todo &= out.isna()
    if todo.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                part = pd.to_datetime(s[todo], format="mixed", errors="coerce", utc=True)
            except (ValueError, OverflowError, TypeError):  # dateutil's own failures
                return out
        out[todo] = _plausible_ns(part)
    return out


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
