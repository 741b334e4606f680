"""Exports built by the tests: Strava-style folders and Garmin-style zips."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from runlytics import write_fit
from runlytics.activity import Activity, build_laps, build_records, build_session, utc_index
from runlytics.io.fit_write import encode_fit

START = pd.Timestamp("2024-03-04T06:30:00Z")  # a Monday


def run(
    start: pd.Timestamp,
    minutes: float = 20.0,
    speed: float = 3.0,
    hr: float = 140.0,
    sport: str = "running",
    offset_h: float | None = 1.0,
) -> Activity:
    """A steady 1 Hz activity with distance, speed and heart rate."""
    t = np.arange(int(minutes * 60) + 1, dtype="float64")
    wobble = 0.2 * np.sin(t / 30.0)
    channels = {
        "distance_m": np.cumsum(np.full(t.shape, speed) + wobble) - speed,
        "speed_mps": speed + wobble,
        "heart_rate_bpm": hr + 8.0 * t / t[-1],
        "altitude_m": 50.0 + 5.0 * np.sin(t / 200.0),
    }
    records = build_records(utc_index(start.value / 1e9 + t), channels)
    offset = None if offset_h is None else pd.Timedelta(hours=offset_h)
    session = build_session(records, format="fit", source="test", sport=sport, utc_offset=offset)
    return Activity(records, build_laps(records), session)


def fit_gz(activity: Activity) -> bytes:
    return gzip.compress(encode_fit(activity), mtime=0)


def strava_date(ts: pd.Timestamp) -> str:
    return ts.strftime("%b %-d, %Y, %-I:%M:%S %p")


def strava_export(
    folder: Path,
    activities: dict[int, Activity],
    *,
    log_only: dict[int, tuple[pd.Timestamp, str, float, float, float]] | None = None,
    types: dict[int, str] | None = None,
) -> Path:
    """A Strava bulk export: activities.csv and activities/<id>.fit.gz.

    ``log_only``: rows without a file, id -> (start, type, seconds, metres, avg HR).
    ``types``: the log's activity type per id (default "Run").
    """
    (folder / "activities").mkdir(parents=True, exist_ok=True)
    lines = [
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
        "Activity Gear,Filename,Moving Time,Distance,Average Heart Rate"
    ]
    for aid, activity in activities.items():
        (folder / "activities" / f"{aid}.fit.gz").write_bytes(fit_gz(activity))
        s = activity.session
        kind = (types or {}).get(aid, "Run")
        lines.append(
            f'{aid},"{strava_date(s.start_time)}",Run {aid},{kind},{s.elapsed_s:.0f},'
            f"{s.distance_m / 1000:.2f},Shoe A,activities/{aid}.fit.gz,{s.moving_s:.0f},"
            f"{s.distance_m:.1f},{activity.records['heart_rate_bpm'].mean():.1f}"
        )
    for aid, (start, kind, seconds, metres, hr) in (log_only or {}).items():
        lines.append(
            f'{aid},"{strava_date(start)}",Old {kind} {aid},{kind},{seconds:.0f},'
            f"{metres / 1000:.2f},,,{seconds:.0f},{metres:.1f},{hr:.1f}"
        )
    (folder / "activities.csv").write_text("\n".join(lines) + "\n")
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def garmin_export(target: Path, activities: list[Activity], *, summaries_only: int = 0) -> Path:
    """A Garmin Connect data export: a zip holding a zip of FIT files and JSON summaries.

    ``summaries_only``: that many extra summaries (earlier runs) without a file.
    """
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as part:
        for i, activity in enumerate(activities):
            buffer = io.BytesIO()
            write_fit(activity, buffer)
            part.writestr(f"someone@example.com_{9000 + i}.fit", buffer.getvalue())
    items = []
    for i, activity in enumerate(activities):
        items.append(_summary(10_000 + i, activity.session.start_time, activity.session))
    for j in range(summaries_only):
        start = activities[0].session.start_time - pd.Timedelta(days=7 * (j + 1))
        items.append(_summary(20_000 + j, start, None))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue()
        )
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/someone_0_summarizedActivities.json",
            json.dumps([{"summarizedActivitiesExport": items}]),
        )
    return target


def _summary(aid: int, start: pd.Timestamp, session: object | None) -> dict[str, object]:
    gmt = int(start.value // 1_000_000)
    seconds = 1800.0 if session is None else session.elapsed_s  # type: ignore[attr-defined]
    metres = 6000.0 if session is None else session.distance_m  # type: ignore[attr-defined]
    return {
        "activityId": aid,
        "name": f"Garmin run {aid}",
        "activityType": "running",
        "startTimeGmt": gmt,
        "startTimeLocal": gmt + 3_600_000,
        "duration": seconds * 1000,
        "elapsedDuration": seconds * 1000,
        "movingDuration": seconds * 1000,
        "distance": metres * 100,
        "avgHr": 150.0,
        "maxHr": 170.0,
        "elevationGain": 1200.0,
    }
