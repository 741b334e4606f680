"""GPX tracks (``.gpx``, ``.gpx.gz``) to a canonical :class:`~runlytics.activity.Activity`.

Two engines give identical frames on conforming files:

* ``"lxml"`` (default): one safe lxml parse; each track point's values are
  collected as strings by a C-level tag-filtered walk, then converted with
  numpy/pandas in one go.
* ``"gpxpy"``: gpxpy's object model for positions, elevations, times and GPX 1.0
  speed; its extensions (raw XML elements) are read with the same rules.

Every track and segment of the file goes into one activity; the first point of
each segment after the first starts after a pause (``timer_running`` False).
GPX has no laps, so the activity has one. Rules and limits: ``docs/io-gpx-tcx.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from lxml import etree

from runlytics.activity import Activity
from runlytics.errors import CorruptFileError, MissingDataError
from runlytics.io.source import Payload, check_engine
from runlytics.io.xml import (
    Recovery,
    Samples,
    child_text,
    clean_bytes,
    decode_text,
    local_name,
    parse_times,
    parse_xml,
    sport_name,
    syntax_problem,
    to_activity,
    to_floats,
    utc_offset_of,
)

ENGINES = ("lxml", "gpxpy")

#: An ``<extensions>`` element (any prefix): its presence makes a file read as GPX 1.1.
_EXTENSIONS = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?extensions[\s/>]")

#: Local names of the channels read in a track point's ``<extensions>`` (any
#: namespace, any depth). The first match in document order wins (e.g. Amazfit's
#: ``<heartrate>`` before its ``ns3:hr``).
EXTENSION_FIELDS: dict[str, str] = {
    "hr": "heart_rate_bpm",
    "heartrate": "heart_rate_bpm",
    "heart_rate": "heart_rate_bpm",
    "cad": "cadence_spm",
    "cadence": "cadence_spm",
    "atemp": "temperature_c",
    "temp": "temperature_c",
    "temperature": "temperature_c",
    "power": "power_w",
    "PowerInWatts": "power_w",
    "watts": "power_w",
    "speed": "speed_mps",
    "distance": "distance_m",
}
#: Track point children of the GPX schemas: ``speed`` exists in GPX 1.0 only.
_CHILDREN = {"time": "time", "ele": "altitude_m", "speed": "speed_mps"}
_KEYS: tuple[str, ...] = tuple(dict.fromkeys([*_CHILDREN.values(), *EXTENSION_FIELDS.values()]))
_EXT_INDEX: dict[str, int] = {name: _KEYS.index(key) for name, key in EXTENSION_FIELDS.items()}
_EXT_TAGS: tuple[str, ...] = tuple("{*}" + name for name in EXTENSION_FIELDS)

#: Strava writes its activity type as a number in ``<trk><type>``.
STRAVA_TYPES: dict[str, str] = {
    "1": "cycling",
    "4": "hiking",
    "9": "running",
    "10": "walking",
    "16": "swimming",
}


@dataclass
class _Points:
    """What an engine extracts, in file order, before conversion to an Activity."""

    times: np.ndarray  # datetime64[ns] UTC, NaT where missing
    offset: pd.Timedelta | None
    lat: np.ndarray
    lon: np.ndarray
    values: dict[str, np.ndarray]  # float channels other than position
    segment: np.ndarray
    track_types: list[str | None]
    creator: str | None


def parse(payload: Payload, *, engine: str | None = None, strict: bool = False) -> list[Activity]:
    """Read the GPX in ``payload``: a list holding its one activity."""
    check_engine("gpx", engine, ENGINES, payload.name)
    engine = engine or "lxml"
    recovery = Recovery(payload.name, strict)
    reader = _read_lxml if engine == "lxml" else _read_gpxpy
    points = reader(payload, recovery)
    return [_activity(points, payload, recovery)]


def gpx_sport(label: str | None) -> str | None:
    """Sport name for a ``<trk><type>`` value (Strava number or word)."""
    if label is not None and label.strip() in STRAVA_TYPES:
        return STRAVA_TYPES[label.strip()]
    return sport_name(label)


def _activity(points: _Points, payload: Payload, recovery: Recovery) -> Activity:
    if len(points.times) == 0:
        raise MissingDataError(payload.name, "holds no track points (waypoints or a route only?)")
    no_position = np.isnan(points.lat) | np.isnan(points.lon)
    if no_position.any():
        recovery.recover(f"{int(no_position.sum())} track point(s) without lat/lon kept unplaced")
    channels = {"latitude_deg": points.lat, "longitude_deg": points.lon, **points.values}
    samples = Samples(points.times, channels, points.segment, dropped_label="track points")
    label = next((t for t in points.track_types if t and t.strip()), None)
    return to_activity(
        samples,
        recovery,
        format="gpx",
        source=payload.name,
        sport=gpx_sport(label),
        device=(points.creator or "").strip() or None,
        utc_offset=points.offset,
    )


# --------------------------------------------------------------------- lxml engine


def _read_lxml(payload: Payload, recovery: Recovery) -> _Points:
    root = parse_xml(payload, recovery, ("gpx",))
    gpx11 = root.get("version") == "1.1" or next(root.iter("{*}extensions"), None) is not None
    rows, positions, track_types = _collect(root, gpx11)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _KEYS]
    by_key = dict(zip(_KEYS, columns, strict=True))
    lat, lon, segments = zip(*positions, strict=True) if positions else ((), (), ())
    time_texts = by_key.pop("time")
    times = parse_times(time_texts, "time", recovery)
    first = np.flatnonzero(~np.isnat(times))
    return _Points(
        times=times,
        offset=utc_offset_of(time_texts[first[0]]) if first.size else None,
        lat=to_floats(lat, "lat", recovery),
        lon=to_floats(lon, "lon", recovery),
        values={key: to_floats(texts, key, recovery) for key, texts in by_key.items()},
        segment=np.array(segments, dtype=np.int64),
        track_types=track_types,
        creator=root.get("creator"),
    )


_SKIP = -1
_IN_EXTENSIONS = -2


def _collect(
    root: etree._Element, gpx11: bool
) -> tuple[list[list[str | None]], list[tuple[str | None, str | None, int]], list[str | None]]:
    """Every track point's texts in :data:`_KEYS` order, its (lat, lon, segment), track types.

    The first occurrence of a field in a point wins (the first non-empty one in
    ``<extensions>``). Column indexes are cached
    per full (namespaced) tag, so the per-point work is a few dict look-ups;
    extension fields are found by lxml's C-level tag filter. The parser drops
    comments and processing instructions, so a point's children are elements.
    """
    children = {name: _KEYS.index(key) for name, key in _CHILDREN.items()}
    if gpx11:
        del children["speed"]  # not a GPX 1.1 element (gpxpy ignores it too)
    child_index: dict[object, int] = {}
    ext_index: dict[str, int] = {}
    rows: list[list[str | None]] = []
    positions: list[tuple[str | None, str | None, int]] = []
    track_types: list[str | None] = []
    width = len(_KEYS)
    segment = 0
    for track in root.iterchildren("{*}trk"):
        track_types.append(child_text(track, "type") if gpx11 else None)
        for seg in track.iterchildren("{*}trkseg"):
            segment += 1
            for point in seg.iterchildren("{*}trkpt"):
                row: list[str | None] = [None] * width
                for child in point:
                    tag = child.tag
                    j = child_index.get(tag)
                    if j is None:
                        name = local_name(tag)
                        j = children.get(name, _IN_EXTENSIONS if name == "extensions" else _SKIP)
                        if j == _IN_EXTENSIONS and not gpx11:
                            j = _SKIP
                        child_index[tag] = j
                    if j >= 0:
                        if row[j] is None:  # the first child wins, even empty (as in gpxpy)
                            row[j] = child.text or ""
                    elif j == _IN_EXTENSIONS:
                        for element in child.iter(_EXT_TAGS):
                            k = ext_index.get(element.tag)
                            if k is None:
                                k = ext_index[element.tag] = _EXT_INDEX[local_name(element.tag)]
                            if row[k] is None:
                                row[k] = element.text
                rows.append(row)
                positions.append((point.get("lat"), point.get("lon"), segment))
    return rows, positions, track_types


# -------------------------------------------------------------------- gpxpy engine


def _read_gpxpy(payload: Payload, recovery: Recovery) -> _Points:
    import gpxpy
    import gpxpy.gpx

    text = decode_text(clean_bytes(payload))
    version = "1.1" if _EXTENSIONS.search(text) else None
    try:
        gpx = gpxpy.parse(text, version=version)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        problem = syntax_problem(exc.__cause__ or exc)
        raise CorruptFileError(payload.name, problem) from exc
    except Exception as exc:  # gpxpy raises GPXException, ValueError, AttributeError, ...
        raise CorruptFileError(payload.name, f"gpxpy cannot read it: {exc}") from exc
    times: list[datetime | None] = []
    numbers: dict[str, list[float | None]] = {"lat": [], "lon": [], "ele": [], "speed": []}
    segments: list[int] = []
    texts: dict[str, list[str | None]] = {
        key: [] for key in dict.fromkeys(EXTENSION_FIELDS.values())
    }
    segment = 0
    for track in gpx.tracks:
        for seg in track.segments:
            segment += 1
            for point in seg.points:
                times.append(point.time)
                numbers["lat"].append(point.latitude)
                numbers["lon"].append(point.longitude)
                numbers["ele"].append(point.elevation)
                numbers["speed"].append(point.speed)
                segments.append(segment)
                row = _extension_texts(point.extensions)
                for key, values in texts.items():
                    values.append(row.get(key))
    floats = {k: np.array(v, dtype=np.float64) for k, v in numbers.items()}
    values = {key: to_floats(column, key, recovery) for key, column in texts.items()}
    values["altitude_m"] = floats["ele"]
    gpx10_speed = floats["speed"]
    values["speed_mps"] = np.where(np.isnan(gpx10_speed), values["speed_mps"], gpx10_speed)
    first = next((t for t in times if t is not None), None)
    return _Points(
        times=_utc_datetimes(times),
        offset=_offset_of_datetime(first),
        lat=floats["lat"],
        lon=floats["lon"],
        values=values,
        segment=np.array(segments, dtype=np.int64),
        track_types=[track.type for track in gpx.tracks],
        creator=gpx.creator,
    )


def _extension_texts(extensions: Sequence[etree._Element]) -> dict[str, str | None]:
    """Channel texts from gpxpy's raw extension elements (first match wins)."""
    row: dict[str, str | None] = {}
    for extension in extensions:
        for element in extension.iter(_EXT_TAGS):
            key = EXTENSION_FIELDS[local_name(element.tag)]
            if row.get(key) is None:
                row[key] = element.text
    return row


def _utc_datetimes(values: list[datetime | None]) -> np.ndarray:
    """Naive-UTC datetime64[ns] from gpxpy datetimes (naive ones are UTC already)."""
    utc = [
        None if v is None else (v.astimezone(UTC).replace(tzinfo=None) if v.tzinfo else v)
        for v in values
    ]
    return pd.to_datetime(pd.Series(utc, dtype=object)).to_numpy(dtype="datetime64[ns]")


def _offset_of_datetime(value: datetime | None) -> pd.Timedelta | None:
    offset = None if value is None else value.utcoffset()
    return None if offset is None or not offset else pd.Timedelta(offset)
