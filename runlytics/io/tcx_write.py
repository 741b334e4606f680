"""Write an activity as a Garmin Training Center (TCX v2) file, built with lxml.

One ``<Activity>`` (``Sport`` Running, Biking or Other; ``<Id>`` the start
time) with one ``<Lap>`` per lap: ``StartTime``, ``TotalTimeSeconds`` (the
lap's timer time, as Garmin Connect writes it), ``DistanceMeters``,
``MaximumSpeed``, ``Calories`` (0: not in the canonical schema),
``AverageHeartRateBpm``, ``MaximumHeartRateBpm``, ``Intensity``
(Active/Resting), ``TriggerMethod``, then the trackpoints. A pause starts a new
``<Track>`` inside the lap. Speed, running cadence (strides/min) and power go
in the ActivityExtension v2 ``TPX`` element; the lap average speed in ``LX``.
Every value is set as element text by lxml, so nothing is spliced into XML.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import numpy as np
from lxml import etree

from runlytics.activity import Activity, build_laps
from runlytics.io._write import (
    Destination,
    check_writable,
    file_cadence,
    iso_time,
    iso_times,
    number,
    pause_starts,
    write_bytes,
    xml_text,
)
from runlytics.vocabulary import is_foot_sport, sport_name

TCD_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_NSMAP = {None: TCD_NS, "ns3": AX_NS, "xsi": XSI_NS}
_SCHEMA_LOCATION = (
    f"{TCD_NS} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd "
    f"{AX_NS} http://www.garmin.com/xmlschemas/ActivityExtensionv2.xsd"
)

_SPORTS = {"running": "Running", "cycling": "Biking", "e_biking": "Biking"}
_TRIGGERS = {"manual": "Manual", "distance": "Distance", "position": "Location", "time": "Time"}


def write_tcx(
    activity: Activity, path_or_buffer: Destination, *, compress: bool | None = None
) -> None:
    """Write ``activity`` as a TCX file (``compress=None``: gzip if the path ends ``.gz``).

    Keeps positions, times, altitude, distance, speed, heart rate, cadence,
    power, pauses (as tracks), laps (start, timer time, distance, heart rate,
    Active/Resting, trigger) and the device (``Creator``); loses temperature,
    lap warm-up/cool-down, sub-sport and the UTC offset. See
    ``docs/io-writers.md``. Raises :class:`~runlytics.errors.MissingDataError`
    for an activity without records.
    """
    check_writable(activity, "TCX")
    write_bytes(tcx_bytes(activity), path_or_buffer, compress)


def tcx_bytes(activity: Activity) -> bytes:
    """The TCX document of ``activity`` (UTF-8, with an XML declaration)."""
    return etree.tostring(
        build_tcx(activity), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def build_tcx(activity: Activity) -> etree._Element:
    """The ``TrainingCenterDatabase`` element of ``activity``."""
    check_writable(activity, "TCX")
    session = activity.session
    root = etree.Element(_tcd("TrainingCenterDatabase"), nsmap=_NSMAP)
    root.set(f"{{{XSI_NS}}}schemaLocation", _SCHEMA_LOCATION)
    sport = _SPORTS.get(sport_name(session.sport) or "", "Other")
    element = _sub(_sub(root, "Activities"), "Activity", Sport=sport)
    _sub(element, "Id", iso_time(session.start_time))
    trackpoints = list(trackpoint_elements(activity))
    records = activity.records
    laps = activity.laps if len(activity.laps) else build_laps(records)
    new_track = pause_starts(records)
    # every record goes in a lap (TCX has no trackpoints outside laps)
    lap_of = np.clip(records["lap"].to_numpy(), 0, len(laps) - 1)
    speed = records["speed_mps"].to_numpy(dtype="float64")
    for i, lap in enumerate(laps.to_dict("records")):
        (rows,) = np.nonzero(lap_of == i)
        max_speed = np.nanmax(speed[rows]) if np.isfinite(speed[rows]).any() else np.nan
        points = [trackpoints[k] for k in rows]
        element.append(lap_element(lap, points, new_track[rows], max_speed))
    if session.device:
        element.append(creator_element(session.device))
    return root


def lap_element(
    lap: Mapping[Hashable, Any],
    points: list[etree._Element],
    new_track: np.ndarray,
    max_speed: float,
) -> etree._Element:
    """A ``<Lap>`` with its trackpoints, a new ``<Track>`` at each pause."""
    element = etree.Element(_tcd("Lap"), StartTime=iso_time(lap["start"]))
    _sub(element, "TotalTimeSeconds", _num(lap["timer_s"], default="0"))
    _optional(element, "DistanceMeters", lap["distance_m"])
    _optional(element, "MaximumSpeed", max_speed)
    _sub(element, "Calories", "0")
    for name, key in (
        ("AverageHeartRateBpm", "avg_heart_rate_bpm"),
        ("MaximumHeartRateBpm", "max_heart_rate_bpm"),
    ):
        bpm = _byte(lap[key])
        if bpm is not None:
            _sub(_sub(element, name), "Value", bpm)
    _sub(element, "Intensity", "Resting" if lap["intensity"] == "rest" else "Active")
    trigger = lap["trigger"]
    _sub(
        element,
        "TriggerMethod",
        _TRIGGERS.get(trigger, "Manual") if isinstance(trigger, str) else "Manual",
    )
    track = None
    for point, new in zip(points, new_track.tolist(), strict=True):
        if track is None or new:
            track = _sub(element, "Track")
        track.append(point)
    avg_speed = _num(lap["avg_speed_mps"])
    if avg_speed is not None:
        lx = _sub(_sub(element, "Extensions"), f"{{{AX_NS}}}LX")
        _sub(lx, f"{{{AX_NS}}}AvgSpeed", avg_speed)
    return element


def trackpoint_elements(activity: Activity) -> Iterator[etree._Element]:
    """One ``<Trackpoint>`` per record."""
    rec = activity.records
    foot = is_foot_sport(activity.session.sport)

    def col(name: str) -> list[float]:
        return rec[name].to_numpy(dtype="float64").tolist()

    cadence = np.rint(file_cadence(activity)).tolist()
    rows = zip(
        iso_times(rec.index),
        col("latitude_deg"),
        col("longitude_deg"),
        col("altitude_m"),
        col("distance_m"),
        np.rint(rec["heart_rate_bpm"].to_numpy(dtype="float64")).tolist(),
        cadence,
        col("speed_mps"),
        np.rint(rec["power_w"].to_numpy(dtype="float64")).tolist(),
        strict=True,
    )
    for time, lat, lon, alt, dist, hr, cad, speed, watts in rows:
        point = etree.Element(_tcd("Trackpoint"))
        _sub(point, "Time", time)
        if np.isfinite(lat) and np.isfinite(lon):
            position = _sub(point, "Position")
            _sub(position, "LatitudeDegrees", number(lat))
            _sub(position, "LongitudeDegrees", number(lon))
        _optional(point, "AltitudeMeters", alt)
        _optional(point, "DistanceMeters", dist)
        if 1 <= hr <= 255:
            _sub(_sub(point, "HeartRateBpm"), "Value", number(hr))
        if not foot and 0 <= cad <= 254:
            _sub(point, "Cadence", number(cad))
        tpx_values = (
            ("Speed", speed if np.isfinite(speed) else None),
            ("RunCadence", cad if foot and 0 <= cad <= 254 else None),
            ("Watts", watts if 0 <= watts <= 65535 else None),
        )
        if any(v is not None for _, v in tpx_values):
            tpx = _sub(_sub(point, "Extensions"), f"{{{AX_NS}}}TPX")
            for name, value in tpx_values:
                if value is not None:
                    _sub(tpx, f"{{{AX_NS}}}{name}", number(value))
        yield point


def creator_element(device: str) -> etree._Element:
    """The activity's ``<Creator xsi:type="Device_t">`` naming the recording device."""
    creator = etree.Element(_tcd("Creator"))
    creator.set(f"{{{XSI_NS}}}type", "Device_t")
    _sub(creator, "Name", xml_text(device))
    _sub(creator, "UnitId", "0")
    _sub(creator, "ProductID", "0")
    version = _sub(creator, "Version")
    for name in ("VersionMajor", "VersionMinor", "BuildMajor", "BuildMinor"):
        _sub(version, name, "0")
    return creator


def _tcd(name: str) -> str:
    return name if name.startswith("{") else f"{{{TCD_NS}}}{name}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrib: str
) -> etree._Element:
    element = etree.SubElement(parent, _tcd(name), **attrib)
    if text is not None:
        element.text = text
    return element


def _num(value: object, default: str | None = None) -> str | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number(x) if np.isfinite(x) else default


def _optional(parent: etree._Element, name: str, value: object) -> None:
    text = _num(value)
    if text is not None:
        _sub(parent, name, text)


def _byte(value: object) -> str | None:
    text = _num(value)
    if text is None:
        return None
    bpm = round(float(text))
    return str(bpm) if 1 <= bpm <= 255 else None
