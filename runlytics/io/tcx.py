"""Garmin Training Center files (``.tcx``, ``.tcx.gz``) to canonical activities.

One :class:`~runlytics.activity.Activity` per ``<Activity>`` element, in file
order (a multisport session gives one per sport). Laps come from ``<Lap>``: the
device's values (start, TotalTimeSeconds, distance, heart rate, intensity,
trigger, LX AvgSpeed) win and the rest is computed from the trackpoints. A new
``<Track>`` inside a lap starts after a pause; a new lap does not. Trackpoints
without a position (treadmill, pool) are kept. Rules: ``docs/io-gpx-tcx.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from lxml import etree

from runlytics.activity import Activity
from runlytics.errors import MissingDataError
from runlytics.io.source import Payload, check_engine
from runlytics.io.xml import Samples, to_activity
from runlytics.io.xml_parse import (
    Recovery,
    child_text,
    local_name,
    parse_times,
    parse_xml,
    to_floats,
    utc_offset_of,
)
from runlytics.vocabulary import sport_name

ENGINES = ("lxml",)

#: Trackpoint element local names (any namespace, any depth) -> what they hold.
#: ``Value`` is the child of ``HeartRateBpm``; the rest are plain or TPX extension fields.
TRACKPOINT_FIELDS: dict[str, str] = {
    "Time": "time",
    "LatitudeDegrees": "latitude_deg",
    "LongitudeDegrees": "longitude_deg",
    "AltitudeMeters": "altitude_m",
    "DistanceMeters": "distance_m",
    "Value": "heart_rate_bpm",
    "RunCadence": "run_cadence",
    "Cadence": "cadence",
    "Speed": "speed_mps",
    "Watts": "power_w",
}
_KEYS: tuple[str, ...] = tuple(TRACKPOINT_FIELDS.values())
_INDEX: dict[str, int] = {name: i for i, name in enumerate(TRACKPOINT_FIELDS)}
_TAGS: tuple[str, ...] = tuple("{*}" + name for name in TRACKPOINT_FIELDS)

#: TCX ``Sport`` attribute -> sport name (others are kept lower-cased).
TCX_SPORTS: dict[str, str] = {"running": "running", "biking": "cycling", "other": "other"}
#: ``<Intensity>`` -> canonical lap intensity.
INTENSITIES: dict[str, str] = {"active": "active", "resting": "rest"}
#: ``<TriggerMethod>`` -> canonical lap trigger (``HeartRate`` has none: left missing).
TRIGGERS: dict[str, str] = {
    "manual": "manual",
    "distance": "distance",
    "location": "position",
    "time": "time",
}


@dataclass
class _Lap:
    """One ``<Lap>``'s device values as strings."""

    start: str | None = None
    timer: str | None = None
    distance: str | None = None
    avg_hr: str | None = None
    max_hr: str | None = None
    avg_speed: str | None = None
    intensity: str | None = None
    trigger: str | None = None


@dataclass
class _Raw:
    """One ``<Activity>``'s trackpoint texts and laps, in file order."""

    rows: list[list[str | None]] = field(default_factory=list)
    lap_of_point: list[int] = field(default_factory=list)
    segment: list[int] = field(default_factory=list)
    laps: list[_Lap] = field(default_factory=list)


def parse(payload: Payload, *, engine: str | None = None, strict: bool = False) -> list[Activity]:
    """Read every activity of the TCX in ``payload``, in file order."""
    check_engine("tcx", engine, ENGINES, payload.name)
    recovery = Recovery(payload.name, strict)
    root = parse_xml(payload, recovery, ("TrainingCenterDatabase",))
    elements = [a for a in root.iter("{*}Activity") if _in_activities(a)]
    if not elements:
        raise MissingDataError(payload.name, "holds no <Activity> (a course or workout file?)")
    author = _author(root)
    activities: list[Activity] = []
    skipped: list[str] = []
    for number, element in enumerate(elements, start=1):
        raw = _read_activity(element)
        if not raw.rows:
            skipped.append(f"activity {number} of {len(elements)} has no trackpoints: skipped")
            continue
        activities.append(_activity(element, raw, payload, recovery.child(), author))
    if not activities:
        raise MissingDataError(payload.name, "its activities have no trackpoints (summary only)")
    if skipped and strict:
        recovery.recover(skipped[0])
    if skipped:
        activities = [_with_notes(a, skipped) for a in activities]
    return activities


def tcx_sport(label: str | None) -> str | None:
    """Sport name for a TCX ``Sport`` attribute (``Biking`` -> ``cycling``)."""
    if label is None or not label.strip():
        return None
    return TCX_SPORTS.get(label.strip().lower(), sport_name(label))


def _in_activities(element: etree._Element) -> bool:
    """True for an ``<Activity>`` under ``<Activities>`` (directly or in a multisport session)."""
    parent = element.getparent()
    while parent is not None:
        if local_name(parent.tag) == "Activities":
            return True
        parent = parent.getparent()
    return False


def _author(root: etree._Element) -> str | None:
    author = root.find("{*}Author")
    return None if author is None else child_text(author, "Name")


def _read_activity(activity: etree._Element) -> _Raw:
    raw = _Raw()
    tag_index: dict[object, int] = {}
    segment = 0
    for lap_number, lap in enumerate(activity.iterchildren("{*}Lap")):
        raw.laps.append(_read_lap(lap))
        for track_number, track in enumerate(lap.iterchildren("{*}Track")):
            if track_number:
                segment += 1
            for point in track.iterchildren("{*}Trackpoint"):
                raw.rows.append(_point_texts(point, tag_index))
                raw.lap_of_point.append(lap_number)
                raw.segment.append(segment)
    return raw


_DESCEND = -1


def _point_texts(point: etree._Element, tag_index: dict[object, int]) -> list[str | None]:
    """One trackpoint's texts in :data:`_KEYS` order (first occurrence wins).

    Leaves (Time, DistanceMeters, ...) are direct children; containers
    (Position, HeartRateBpm, Extensions/TPX) are searched with lxml's C-level
    tag filter. ``tag_index`` caches the column of each full (namespaced) tag,
    or :data:`_DESCEND` for a container, so each child costs a dict look-up.
    """
    row: list[str | None] = [None] * len(_KEYS)
    for child in point:
        j = tag_index.get(child.tag)
        if j is None:
            j = tag_index.setdefault(child.tag, _INDEX.get(local_name(child.tag), _DESCEND))
        if j >= 0:
            if row[j] is None:
                row[j] = child.text
            continue
        for element in child.iter(_TAGS):
            k = tag_index.get(element.tag)
            if k is None:
                k = tag_index.setdefault(element.tag, _INDEX[local_name(element.tag)])
            if row[k] is None:
                row[k] = element.text
    return row


def _read_lap(lap: etree._Element) -> _Lap:
    out = _Lap(start=lap.get("StartTime"))
    for child in lap.iterchildren(etree.Element):
        name = local_name(child.tag)
        if name == "TotalTimeSeconds":
            out.timer = child.text
        elif name == "DistanceMeters":
            out.distance = child.text
        elif name == "AverageHeartRateBpm":
            out.avg_hr = child_text(child, "Value")
        elif name == "MaximumHeartRateBpm":
            out.max_hr = child_text(child, "Value")
        elif name == "Intensity":
            out.intensity = child.text
        elif name == "TriggerMethod":
            out.trigger = child.text
        elif name == "Extensions":
            speed = next(child.iter("{*}AvgSpeed"), None)
            out.avg_speed = None if speed is None else speed.text
    return out


def _activity(
    element: etree._Element, raw: _Raw, payload: Payload, recovery: Recovery, author: str | None
) -> Activity:
    columns = dict(zip(_KEYS, zip(*raw.rows, strict=True), strict=True))
    time_texts = columns.pop("time")
    times = parse_times(time_texts, "Time", recovery)
    values = {key: to_floats(texts, key, recovery) for key, texts in columns.items()}
    run_cadence = values.pop("run_cadence")
    bike_cadence = values.pop("cadence")
    values["cadence_spm"] = np.where(np.isnan(run_cadence), bike_cadence, run_cadence)
    samples = Samples(times, values, np.array(raw.segment, dtype=np.int64), "trackpoints")
    laps, lap_starts = _file_laps(raw, times, recovery)
    first = np.flatnonzero(~np.isnat(times))
    offset_text = time_texts[first[0]] if first.size else None
    creator = element.find("{*}Creator")
    device = (None if creator is None else child_text(creator, "Name")) or author
    parent = element.getparent()
    if parent is not None and local_name(parent.tag) in ("FirstSport", "NextSport"):
        recovery.note("part of a multisport session: one activity per sport")
    return to_activity(
        samples,
        recovery,
        format="tcx",
        source=payload.name,
        sport=tcx_sport(element.get("Sport")),
        device=device.strip() if device and device.strip() else None,
        utc_offset=utc_offset_of(offset_text),
        lap_starts=lap_starts,
        file_laps=laps,
        timer_s=_total(laps["timer_s"]),
        distance_m=_total(laps["distance_m"]),
    )


def _file_laps(
    raw: _Raw, times: np.ndarray, recovery: Recovery
) -> tuple[pd.DataFrame, pd.DatetimeIndex]:
    """The device's laps (``file_laps`` for build_laps) and their start times, sorted."""
    laps = raw.laps
    starts = parse_times([lap.start for lap in laps], "Lap StartTime", recovery)
    first_point = _first_time_per_lap(np.array(raw.lap_of_point), times, len(laps))
    starts = np.where(np.isnat(starts), first_point, starts)
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(starts, utc=True),
            "end": pd.Series(pd.NaT, index=range(len(laps)), dtype="datetime64[ns, UTC]"),
            "elapsed_s": np.nan,
            "timer_s": to_floats([lap.timer for lap in laps], "TotalTimeSeconds", recovery),
            "distance_m": to_floats([lap.distance for lap in laps], "Lap DistanceMeters", recovery),
            "avg_speed_mps": to_floats([lap.avg_speed for lap in laps], "AvgSpeed", recovery),
            "avg_heart_rate_bpm": to_floats(
                [lap.avg_hr for lap in laps], "AverageHeartRateBpm", recovery
            ),
            "max_heart_rate_bpm": to_floats(
                [lap.max_hr for lap in laps], "MaximumHeartRateBpm", recovery
            ),
            "intensity": [_lookup(INTENSITIES, lap.intensity) for lap in laps],
            "trigger": [_lookup(TRIGGERS, lap.trigger) for lap in laps],
        }
    )
    without_speed = frame["avg_speed_mps"].isna() & (frame["timer_s"] > 0)
    frame.loc[without_speed, "avg_speed_mps"] = frame["distance_m"] / frame["timer_s"]
    frame = frame[frame["start"].notna()].reset_index(drop=True)
    if not frame["start"].is_monotonic_increasing:
        recovery.recover("lap start times out of order; laps sorted by start")
        frame = frame.sort_values("start", kind="stable").reset_index(drop=True)
    return frame, pd.DatetimeIndex(frame["start"])


def _first_time_per_lap(lap_of_point: np.ndarray, times: np.ndarray, n_laps: int) -> np.ndarray:
    out = np.full(n_laps, np.datetime64("NaT"), dtype="datetime64[ns]")
    timed = ~np.isnat(times)
    first = pd.Series(times[timed]).groupby(lap_of_point[timed]).min()
    out[first.index.to_numpy()] = first.to_numpy(dtype="datetime64[ns]")
    return out


def _lookup(table: dict[str, str], text: str | None) -> str | None:
    return None if text is None else table.get(text.strip().lower())


def _total(values: pd.Series) -> float | None:
    """Sum of a lap column when every lap has it, else None (computed from records)."""
    return float(values.sum()) if len(values) and values.notna().all() else None


def _with_notes(activity: Activity, notes: list[str]) -> Activity:
    session = replace(activity.session, notes=(*activity.session.notes, *notes))
    return Activity(records=activity.records, laps=activity.laps, session=session)
