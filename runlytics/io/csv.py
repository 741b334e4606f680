"""Record-stream CSV reader: one row per sample, headers recognised by name.

``parse`` turns a CSV whose rows are samples (a time plus channels such as
distance, speed or pace, heart rate, cadence, altitude, position, power,
temperature, lap) into one canonical :class:`~runlytics.activity.Activity`.
Headers are matched case- and punctuation-insensitively and may carry their
unit (``distance_km``, ``Speed (km/h)``, ``Distance [m]``, ``pace_min_mi``).
Every rule is documented in ``docs/io-csv.md``.
"""

from __future__ import annotations

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
    UnsupportedFormatError,
)
from runlytics.io.csv_header import (
    KIND_UNITS,
    MAX_COLUMNS,
    TIME_KINDS,
    Column,
    find_header,
    preamble_text,
    raise_no_time,
    read_preamble,
    split_unit,
)
from runlytics.io.datetimes import parse_datetimes
from runlytics.io.source import Payload, check_engine
from runlytics.io.text import (
    decode_text,
    header_key,
    listing,
    read_table,
    shorten,
    snake_case,
    sniff_delimiter,
    split_line,
    text_lines,
    to_booleans,
    to_numbers,
    to_seconds,
    unique_names,
)
from runlytics.io.training_log import detect_layout

ENGINES = (None, "pandas")

#: Median moving speed (m/s) above which cadence is taken as pedalling, never doubled.
CYCLING_SPEED_MPS = 6.0

_SEMICIRCLE_DEG = 180.0 / 2**31
_EPOCH_FIRST_S = -2208988800.0  # 1900-01-01
_EPOCH_LAST_S = 7258118400.0  # 2200-01-01
_MILE_M = 1609.344
_FOOT_M = 0.3048


# ---------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------


def parse(payload: Payload, *, engine: str | None = None, strict: bool = False) -> list[Activity]:
    """Read a record-stream CSV (one row per sample) into one :class:`Activity`.

    ``engine`` is None or ``"pandas"`` (the only one). ``strict=True`` raises
    :class:`CorruptFileError` where the reader would otherwise recover
    (malformed lines skipped, unreadable values or times read as missing).
    """
    check_engine("csv", engine, ENGINES, payload.name)
    text, encoding = decode_text(payload)
    notes: list[str] = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    lines = text_lines(text)
    _reject_other_layouts(payload.name, lines)
    found = find_header(lines)
    if found is None:
        raise_no_time(payload.name, lines)
    index, delimiter, columns = found
    table = read_table(lines[index:], delimiter, payload.name, strict, notes, MAX_COLUMNS)
    preamble = read_preamble(lines[:index], delimiter)
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
    sport = preamble_text(preamble, "sport")
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
    for line in lines[:20]:
        delimiter = sniff_delimiter(line)
        layout = detect_layout(split_line(line, delimiter))
        if layout is not None:
            raise UnsupportedFormatError(
                name,
                f"is a {layout.title} (one row per activity), not a record stream; "
                "read it with runlytics.read_training_log()",
            )


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
        example = shorten(str(self.text(column)[bad].iloc[0]))
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
        return bool(not bad.any() and values.notna().any())


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
        if len(group) > 1 and kind not in TIME_KINDS:
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
            unit = column.unit or KIND_UNITS[kind][0]
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
        header = next((c.header for k, c in chosen.items() if k in TIME_KINDS), "?")
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
    after = relative.to_numpy(dtype="float64")
    after = np.where(np.abs(after) < 1e9, after, np.nan)  # beyond ~31 years: unreadable
    index = pd.DatetimeIndex(start.iloc[0] + pd.to_timedelta(after, unit="s"), name="timestamp")
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
        example = shorten(str(raw[bad].iloc[0]))
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
    key = header_key(split_unit(column.header)[0])
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
            flags = to_booleans(reader.text(chosen[kind])).fillna(not invert).to_numpy(dtype=bool)
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
        notes.append("non-numeric columns ignored: " + listing(ignored))
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
