"""Record-stream CSV headers: the vocabulary, what a header cell means, where the header is.

Headers are matched case- and punctuation-insensitively and may carry their
unit (``distance_km``, ``Speed (km/h)``, ``Distance [m]``, ``pace_min_mi``);
the rules are in ``docs/io-csv.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn

import pandas as pd

from runlytics.errors import UnsupportedFormatError
from runlytics.io.text import header_key, listing, sniff_delimiter, split_line

#: Lines searched for the header row (files may open with a preamble).
HEADER_SEARCH_LINES = 200
#: Columns read from a record stream; any further ones are ignored with a note
#: (real exports have a few dozen; this bounds the per-column work).
MAX_COLUMNS = 1_000

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
KIND_UNITS: dict[str, tuple[str, ...]] = {
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
TIME_KINDS = ("timestamp", "time", "date", "elapsed")


@dataclass(frozen=True)
class Column:
    """A header cell and what it was understood as (``kind`` None: not understood)."""

    position: int
    header: str
    kind: str | None = None
    unit: str | None = None
    rank: int = 0


def split_unit(header: str) -> tuple[str, str | None]:
    """``'Speed (km/h)'`` -> ``('Speed', 'km/h')``; no bracket -> ``(header, None)``."""
    m = re.match(r"^(.*?)\s*[\[(]\s*([^\])]*?)\s*[\])]\s*$", header)
    if m and m.group(1).strip():
        return m.group(1), m.group(2)
    return header, None


def classify_header(position: int, header: str) -> Column:
    """What a header cell means: a kind and unit from the vocabulary, or nothing."""
    name, unit_text = split_unit(header.strip().lstrip("\ufeff"))
    candidates: list[tuple[str, str | None]] = [(header_key(name), None)]
    tokens = [t for t in re.split(r"[^0-9a-zA-Z]+", name.lower()) if t]
    if unit_text is None and len(tokens) >= 2:
        pair = (tokens[-2], tokens[-1])
        if len(tokens) >= 3 and pair in _UNIT_PAIRS:
            candidates.append(("".join(tokens[:-2]), _UNIT_PAIRS[pair]))
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
        if unit is None or unit in KIND_UNITS[kind]:
            return Column(position, header, kind, unit, rank)
        if kind in ("elapsed", "time", "timestamp") and unit == "mps":  # "ms" read as m/s
            return Column(position, header, kind, "ms", rank)
    return Column(position, header)


def find_header(lines: list[str]) -> tuple[int, str, list[Column]] | None:
    """The first line that reads as a record header: a time column and another channel."""
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        delimiter = sniff_delimiter(line)
        cells = split_line(line, delimiter)
        if len(cells) < 2:
            continue
        columns = [classify_header(j, c) for j, c in enumerate(cells[:MAX_COLUMNS])]
        kinds = {c.kind for c in columns if c.kind}
        if kinds & set(TIME_KINDS) and kinds - set(TIME_KINDS):
            return i, delimiter, columns
    return None


def raise_no_time(name: str, lines: list[str]) -> NoReturn:
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    cells = split_line(first, sniff_delimiter(first))[:MAX_COLUMNS]
    columns = [classify_header(j, c) for j, c in enumerate(cells)]
    unknown = [c.header.strip() for c in columns if c.kind is None]
    has_time = any(c.kind in TIME_KINDS for c in columns)
    problem = (
        "no other column recognised besides the time"
        if has_time
        else "no time column recognised (expected one of: time, timestamp, datetime, "
        "date_time, elapsed, elapsed_time, seconds, time_s)"
    )
    raise UnsupportedFormatError(
        name,
        f"is not a record-stream CSV: {problem}; columns not understood: "
        + (listing([repr(u) for u in unknown]) if unknown else "none"),
    )


def read_preamble(lines: list[str], delimiter: str) -> dict[str, object]:
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


def preamble_text(preamble: dict[str, object], key: str) -> str | None:
    value = preamble.get(key)
    return str(value).strip().lower() if value else None
