"""Write an activity as a GPX 1.1 track, through gpxpy.

One ``<trk>`` (``<type>`` the sport) with a new ``<trkseg>`` at each pause
(each sample after the first whose ``timer_running`` is False), times in UTC
(``Z``). Heart rate, cadence and air temperature go in Garmin's
TrackPointExtension v1 (``gpxtpx:hr``, ``gpxtpx:cad``, ``gpxtpx:atemp``),
power in a ``<power>`` element beside it (the Strava convention). Cadence is
written per leg (strides/min, Garmin Connect's convention) for foot sports.
Samples without a position are left out (GPX points need one).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.sax.saxutils import escape

import gpxpy.gpx
import numpy as np
import pandas as pd

from runlytics.activity import Activity
from runlytics.errors import MissingDataError
from runlytics.io._write import (
    Destination,
    check_writable,
    file_cadence,
    number,
    pause_starts,
    write_bytes,
    xml_text,
)

TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TPX_PREFIX = "gpxtpx"
DEFAULT_CREATOR = "runlytics"


def write_gpx(
    activity: Activity, path_or_buffer: Destination, *, compress: bool | None = None
) -> None:
    """Write ``activity`` as a GPX track (``compress=None``: gzip if the path ends ``.gz``).

    Keeps positions, times, altitude, heart rate, cadence, temperature, power,
    pauses (as track segments), the sport (``<type>``) and the device
    (``creator``); loses laps, distance, speed and the UTC offset. See
    ``docs/io-writers.md``. Raises :class:`~runlytics.errors.MissingDataError`
    when the activity has no records or no positions.
    """
    check_writable(activity, "GPX")
    write_bytes(gpx_xml(activity).encode("utf-8"), path_or_buffer, compress)


def gpx_xml(activity: Activity) -> str:
    """The GPX document of ``activity`` as text."""
    return build_gpx(activity).to_xml(version="1.1")


def build_gpx(activity: Activity) -> gpxpy.gpx.GPX:
    """A gpxpy ``GPX`` holding ``activity`` as one track."""
    check_writable(activity, "GPX")
    records, session = activity.records, activity.session
    has_position = (
        records["latitude_deg"].notna().to_numpy() & records["longitude_deg"].notna().to_numpy()
    )
    if not has_position.any():
        raise MissingDataError(session.source, "has no positions; a GPX track needs them")
    gpx = gpxpy.gpx.GPX()
    # gpxpy writes attribute values as given: escape the device name here.
    creator = xml_text(session.device) if session.device else DEFAULT_CREATOR
    gpx.creator = escape(creator, {'"': "&quot;"})
    gpx.nsmap[TPX_PREFIX] = TPX_NS
    gpx.time = records.index[0].to_pydatetime()
    track = gpxpy.gpx.GPXTrack()
    if session.sport:
        track.type = xml_text(session.sport)  # type: ignore[assignment]  # gpxpy annotates it None
    gpx.tracks.append(track)
    segment_of = np.cumsum(pause_starts(records))[has_position]
    points = list(track_points(activity, has_position))
    for ids in np.split(np.arange(len(points)), np.flatnonzero(np.diff(segment_of)) + 1):
        track.segments.append(gpxpy.gpx.GPXTrackSegment([points[i] for i in ids]))
    return gpx


def track_points(activity: Activity, keep: np.ndarray) -> Iterator[gpxpy.gpx.GPXTrackPoint]:
    """One gpxpy point per record where ``keep`` (records with a position)."""
    rec = activity.records[keep]

    def col(name: str) -> list[float]:
        return rec[name].to_numpy(dtype="float64").tolist()

    utc = pd.DatetimeIndex(rec.index).tz_convert("UTC")
    times: list[dt.datetime] = utc.to_pydatetime().tolist()
    cadence = np.rint(file_cadence(activity)[keep]).tolist()
    heart_rate = np.rint(rec["heart_rate_bpm"].to_numpy(dtype="float64")).tolist()
    rows = zip(
        col("latitude_deg"),
        col("longitude_deg"),
        col("altitude_m"),
        times,
        heart_rate,
        cadence,
        col("temperature_c"),
        col("power_w"),
        strict=True,
    )
    for lat, lon, ele, time, hr, cad, temp, power in rows:
        point = gpxpy.gpx.GPXTrackPoint(lat, lon, elevation=_finite(ele), time=time)
        point.extensions = extensions(hr, cad, temp, power)
        yield point


def extensions(hr: float, cad: float, temp: float, power: float) -> list[ET.Element]:
    """A point's ``<power>`` and ``<gpxtpx:TrackPointExtension>`` (only what is known)."""
    out = []
    if np.isfinite(power):
        element = ET.Element("power")
        element.text = number(power)
        out.append(element)
    tpx = ET.Element(f"{{{TPX_NS}}}TrackPointExtension")
    # TrackPointExtension v1 order: atemp, wtemp, depth, hr, cad; hr and cad are bytes.
    for name, value, valid in (
        ("atemp", temp, np.isfinite(temp)),
        ("hr", hr, 0 <= hr <= 255),
        ("cad", cad, 0 <= cad <= 255),
    ):
        if valid:
            ET.SubElement(tpx, f"{{{TPX_NS}}}{name}").text = number(value)
    if len(tpx):
        out.append(tpx)
    return out


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None
