"""GPX tracks (``.gpx``, ``.gpx.gz``) to a canonical :class:`~runlytics.activity.Activity`.

Two engines give identical frames on conforming files:

* ``"lxml"`` (default): a streaming safe lxml parse (``iterparse``) that clears
  each track point once read, so memory follows the columns, not the XML tree;
  each point's values are collected as strings and converted with numpy/pandas
  in batches of :data:`BATCH` points.
* ``"gpxpy"``: gpxpy's object model for positions, elevations, times and GPX 1.0
  speed; its extensions (raw XML elements) are read with the same rules.

Every track and segment of the file goes into one activity; the first point of
each segment after the first starts after a pause (``timer_running`` False).
GPX has no laps, so the activity has one. Rules and limits: ``docs/io-gpx-tcx.md``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from lxml import etree

from runlytics.activity import Activity
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    UnsupportedFormatError,
)
from runlytics.io.source import Payload, check_engine
from runlytics.io.text import shorten
from runlytics.io.xml import Samples, to_activity
from runlytics.io.xml_parse import (
    END_YEAR,
    FIRST_YEAR,
    SAFE_OPTIONS,
    Recovery,
    Tally,
    at_end,
    child_text,
    clean_bytes,
    decode_text,
    float_values,
    local_name,
    note_cut_short,
    out_of_range_template,
    refuse_entities,
    syntax_problem,
    time_values,
    to_floats,
    utc_offset_of,
)
from runlytics.vocabulary import sport_name

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

#: Track points whose texts are converted to arrays at a time (bounds the strings held).
BATCH = 1 << 16
#: Elements the stream stops at, to read (track points, track types) or to clear.
_STREAM_TAGS = ("{*}trkpt", "{*}trk", "{*}wpt", "{*}rte", "{*}rtept")
#: Column of a GPX 1.0 ``<speed>`` child, kept apart until the version is known.
_SPEED10 = len(_KEYS)
_SKIP = -1
_IN_EXTENSIONS = -2


@dataclass
class _Columns:
    """Track point texts gathered in batches, converted to arrays batch by batch."""

    rows: list[list[str | None]] = field(default_factory=list)
    positions: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)
    first_time: str | None = None

    def add(self, row: list[str | None], lat: str | None, lon: str | None, segment: int) -> None:
        self.rows.append(row)
        self.positions.append((lat, lon, segment))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        texts = dict(zip((*_KEYS, "speed10"), zip(*self.rows, strict=True), strict=True))
        lat, lon, segment = zip(*self.positions, strict=True)
        times = time_values(texts.pop("time"), "time", self._tally("time"))
        if self.first_time is None:
            timed = np.flatnonzero(~np.isnat(times))
            self.first_time = self.rows[timed[0]][0] if timed.size else None
        self._keep("time", times)
        self._keep("lat", float_values(lat, "lat", self._tally("lat")))
        self._keep("lon", float_values(lon, "lon", self._tally("lon")))
        for key, column in texts.items():
            label = "speed_mps" if key == "speed10" else key
            self._keep(key, float_values(column, label, self._tally(key)))
        self._keep("segment", np.array(segment, dtype=np.int64))
        self.rows, self.positions = [], []

    def _tally(self, key: str) -> Tally:
        return self.tallies.setdefault(key, Tally())

    def _keep(self, key: str, values: np.ndarray) -> None:
        self.parts.setdefault(key, []).append(values)

    def column(self, key: str, dtype: str = "float64") -> np.ndarray:
        parts = self.parts.get(key)
        return np.concatenate(parts) if parts else np.array([], dtype=dtype)


@dataclass
class _Walk:
    """What the streaming walk learns besides the point columns."""

    columns: _Columns = field(default_factory=_Columns)
    root: etree._Element | None = None
    gpx11: bool = False
    track_types: list[str | None] = field(default_factory=list)
    segment: int = 0
    parent: etree._Element | None = None  # the trkseg of the previous point
    in_track: bool = False  # whether that parent is a track segment of the root


def _read_lxml(payload: Payload, recovery: Recovery) -> _Points:
    data = clean_bytes(payload)
    try:
        walk = _walk(data, payload.name, recover=False)
    except etree.XMLSyntaxError as exc:
        if not at_end(data, exc) or recovery.strict:
            raise CorruptFileError(payload.name, syntax_problem(exc)) from exc
        try:
            walk = _walk(data, payload.name, recover=True)
        except etree.XMLSyntaxError:
            raise CorruptFileError(payload.name, syntax_problem(exc)) from exc
        note_cut_short(payload.name, exc, recovery)
    columns = walk.columns
    columns.flush()
    if not walk.gpx11 and walk.root is not None:
        walk.gpx11 = next(walk.root.iter("{*}extensions"), None) is not None
    speed = "speed_mps" if walk.gpx11 else "speed10"
    for key in ("time", "lat", "lon", *_KEYS[1:]):
        if (tally := columns.tallies.get(speed if key == "speed_mps" else key)) is not None:
            tally.report(recovery)
    values = {key: columns.column(key) for key in _KEYS[1:]}
    values["speed_mps"] = columns.column(speed)
    if not len(values["speed_mps"]):
        values["speed_mps"] = np.full(len(columns.column("lat")), np.nan)
    return _Points(
        times=columns.column("time", "datetime64[ns]"),
        offset=utc_offset_of(columns.first_time),
        lat=columns.column("lat"),
        lon=columns.column("lon"),
        values=values,
        segment=columns.column("segment", "int64"),
        track_types=walk.track_types if walk.gpx11 else [None] * len(walk.track_types),
        creator=None if walk.root is None else walk.root.get("creator"),
    )


def _walk(data: bytes, name: str, *, recover: bool) -> _Walk:
    """Stream the document: collect each track point, then free it and what precedes it."""
    walk = _Walk()
    events = etree.iterparse(
        io.BytesIO(data), events=("end",), tag=_STREAM_TAGS, recover=recover, **SAFE_OPTIONS
    )
    point_tag: dict[str, bool] = {}
    reader = _PointReader()
    for _, element in events:
        if walk.root is None:
            walk.root = _checked_root(element.getroottree().getroot(), name)
            reader.gpx11 = walk.gpx11 = walk.root.get("version") == "1.1"
        tag = element.tag
        is_point = point_tag.get(tag)
        if is_point is None:
            is_point = point_tag[tag] = local_name(tag) == "trkpt"
        if is_point:
            _take_point(element, walk, reader)
        else:
            _take_other(element, walk)
        _free(element, walk)
    if walk.root is None:
        root = events.root
        if root is None:
            raise CorruptFileError(name, "holds no XML element")
        walk.root = _checked_root(root, name)
        walk.gpx11 = walk.root.get("version") == "1.1"
    walk.gpx11 = walk.gpx11 or reader.gpx11
    return walk


def _checked_root(root: etree._Element, name: str) -> etree._Element:
    refuse_entities(root, name)
    if local_name(root.tag) != "gpx":
        raise UnsupportedFormatError(name, f"is XML with root <{local_name(root.tag)}>, not <gpx>")
    return root


def _take_point(point: etree._Element, walk: _Walk, reader: _PointReader) -> None:
    parent = point.getparent()
    if parent is not walk.parent:
        walk.parent = parent
        track = None if parent is None else parent.getparent()
        walk.in_track = (
            parent is not None
            and track is not None
            and local_name(parent.tag) == "trkseg"
            and local_name(track.tag) == "trk"
            and track.getparent() is walk.root
        )
        walk.segment += walk.in_track
    if walk.in_track:
        row = reader.texts(point)
        walk.columns.add(row, point.get("lat"), point.get("lon"), walk.segment)


def _take_other(element: etree._Element, walk: _Walk) -> None:
    """A track's type; an ``<extensions>`` anywhere makes the file read as GPX 1.1."""
    if not walk.gpx11 and next(element.iter("{*}extensions"), None) is not None:
        walk.gpx11 = True
    if local_name(element.tag) == "trk" and element.getparent() is walk.root:
        walk.track_types.append(child_text(element, "type"))


def _free(element: etree._Element, walk: _Walk) -> None:
    """Clear ``element`` and drop the siblings before it (they are read)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is None:
        return
    while (previous := element.getprevious()) is not None:
        if not walk.gpx11 and next(previous.iter("{*}extensions"), None) is not None:
            walk.gpx11 = True
        del parent[0]


class _PointReader:
    """A track point's texts in :data:`_KEYS` order (plus the GPX 1.0 speed).

    The first occurrence of a field in a point wins (the first non-empty one in
    ``<extensions>``). Column indexes are cached per full (namespaced) tag, so
    the per-point work is a few dict look-ups; extension fields are found by
    lxml's C-level tag filter. The parser drops comments and processing
    instructions, so a point's children are elements.
    """

    def __init__(self) -> None:
        self.gpx11 = False  # set from the root's version; True once a point has extensions
        self.child_index: dict[object, int] = {}
        self.ext_index: dict[str, int] = {}

    def texts(self, point: etree._Element) -> list[str | None]:
        row: list[str | None] = [None] * (_SPEED10 + 1)
        for child in point:
            tag = child.tag
            j = self.child_index.get(tag)
            if j is None:
                j = self.child_index[tag] = self._index(local_name(tag))
            if j >= 0:
                if row[j] is None:  # the first child wins, even empty (as in gpxpy)
                    row[j] = child.text or ""
            elif j == _IN_EXTENSIONS:
                self.gpx11 = True
                for element in child.iter(_EXT_TAGS):
                    k = self.ext_index.get(element.tag)
                    if k is None:
                        k = self.ext_index[element.tag] = _EXT_INDEX[local_name(element.tag)]
                    if row[k] is None:
                        row[k] = element.text
        return row

    def _index(self, name: str) -> int:
        if name == "extensions":
            return _IN_EXTENSIONS
        if name == "speed":
            return _SKIP if self.gpx11 else _SPEED10
        return _CHILD_INDEX.get(name, _SKIP)


_CHILD_INDEX = {name: _KEYS.index(key) for name, key in _CHILDREN.items() if name != "speed"}


# -------------------------------------------------------------------- gpxpy engine


def _read_gpxpy(payload: Payload, recovery: Recovery) -> _Points:
    import gpxpy
    import gpxpy.gpx

    text = decode_text(clean_bytes(payload), payload.name)
    version = "1.1" if _EXTENSIONS.search(text) else None
    try:
        gpx = gpxpy.parse(text, version=version)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        problem = syntax_problem(exc.__cause__ or exc)
        raise CorruptFileError(payload.name, problem) from exc
    except Exception as exc:  # gpxpy raises GPXException, ValueError, AttributeError, ...
        raise CorruptFileError(payload.name, _gpxpy_problem(exc)) from exc
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
                for key, column in texts.items():
                    column.append(row.get(key))
    utc_times = _utc_datetimes(times, recovery)
    floats = {k: np.array(v, dtype=np.float64) for k, v in numbers.items()}
    values = {key: to_floats(column, key, recovery) for key, column in texts.items()}
    values["altitude_m"] = floats["ele"]
    gpx10_speed = floats["speed"]
    values["speed_mps"] = np.where(np.isnan(gpx10_speed), values["speed_mps"], gpx10_speed)
    first = next((t for t in times if t is not None), None)
    return _Points(
        times=utc_times,
        offset=_offset_of_datetime(first),
        lat=floats["lat"],
        lon=floats["lon"],
        values=values,
        segment=np.array(segments, dtype=np.int64),
        track_types=[track.type for track in gpx.tracks],
        creator=gpx.creator,
    )


_GPXPY_VALUE = re.compile(
    r"Invalid value for <(\w+)>\.\.\. (.*?)(?: \(could not convert.*)?$", re.S
)


def _gpxpy_problem(exc: BaseException) -> str:
    """gpxpy's complaint in words about the file, with a hint to the default engine."""
    text = str(exc).strip()
    hint = "; the default lxml engine reads what it can"
    if m := _GPXPY_VALUE.match(text):
        where = "a lat or lon attribute" if m[1] == "None" else f"<{m[1]}>"
        return f"gpxpy cannot read the value {shorten(m[2], 40)!r} in {where}{hint}"
    if "is mandatory" in text:
        return f"gpxpy cannot read a point without latitude or longitude{hint}"
    return f"gpxpy cannot read it ({shorten(text, 160) or type(exc).__name__}){hint}"


def _extension_texts(extensions: Sequence[etree._Element]) -> dict[str, str | None]:
    """Channel texts from gpxpy's raw extension elements (first match wins)."""
    row: dict[str, str | None] = {}
    for extension in extensions:
        for element in extension.iter(_EXT_TAGS):
            key = EXTENSION_FIELDS[local_name(element.tag)]
            if row.get(key) is None:
                row[key] = element.text
    return row


def _utc_datetimes(values: list[datetime | None], recovery: Recovery) -> np.ndarray:
    """Naive-UTC datetime64[ns] from gpxpy datetimes (naive ones are UTC already).

    Times outside the years the readers accept are dropped with the note the
    lxml engine gives, never read as another date.
    """
    utc: list[datetime | None] = []
    outside: list[int] = []
    for value in values:
        if value is not None and value.tzinfo is not None:
            try:
                value = value.astimezone(UTC).replace(tzinfo=None)
            except OverflowError:  # year 1 or 9999 moved past the calendar's ends
                outside.append(value.year)
                value = None
        if value is not None and not FIRST_YEAR <= value.year < END_YEAR:
            outside.append(value.year)
            value = None
        utc.append(value)
    tally = Tally()
    tally.add(out_of_range_template("time"), len(outside), outside[0] if outside else None)
    tally.report(recovery)
    return pd.to_datetime(pd.Series(utc, dtype=object)).to_numpy(dtype="datetime64[ns]")


def _offset_of_datetime(value: datetime | None) -> pd.Timedelta | None:
    offset = None if value is None else value.utcoffset()
    return None if offset is None or not offset else pd.Timedelta(offset)
