"""What the XML readers (GPX, TCX) share: turning samples into an Activity.

The raw samples of one activity (:class:`Samples`) become an
:class:`~runlytics.activity.Activity` with the rules both formats follow: pauses
from segment breaks, distance from positions when the file has none, speed from
distance where the file has none, and the per-file cadence rule. See
``docs/io-gpx-tcx.md``. Parsing and conversion are in :mod:`runlytics.io.xml_parse`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from runlytics.activity import (
    MOVING_SPEED_MPS,
    Activity,
    assign_laps,
    build_laps,
    build_records,
    build_session,
    utc_index,
)
from runlytics.errors import MissingDataError
from runlytics.io.xml_parse import Recovery
from runlytics.vocabulary import FOOT_SPORTS

#: Mean Earth radius (IUGG), metres, for great-circle distances.
EARTH_RADIUS_M = 6_371_008.8
#: Speed computed from distance spans at least this many seconds.
SPEED_BASE_S = 1.0
#: A sample this close after the previous one (s) is an exporter artefact and dropped.
NEAR_DUPLICATE_S = 0.01


# ------------------------------------------------------------- samples -> Activity

#: Below this median strides/min become steps/min (running, or unknown sport moving fast).
RUN_STRIDE_LIMIT = 120.0
#: The same for walking and hiking (walking steps/min rarely fall below it).
WALK_STRIDE_LIMIT = 80.0
#: A 90th percentile at or above this is already steps/min (no one strides this fast).
STEPS_P90 = 140.0
#: Unknown sport: median moving speed below this (m/s) is taken as walking.
WALK_SPEED_MPS = 1.9


@dataclass
class Samples:
    """Raw samples of one activity, in file order, before any rule is applied.

    ``segment`` numbers the stretches the timer ran through: a sample whose
    segment differs from the previous sample's starts after a pause.
    """

    times: np.ndarray  # datetime64[ns], UTC, NaT where missing
    channels: dict[str, np.ndarray]  # canonical channel -> float64
    segment: np.ndarray  # int64
    dropped_label: str = "points"


def to_activity(
    samples: Samples,
    recovery: Recovery,
    *,
    format: str,
    source: str,
    sport: str | None,
    device: str | None,
    utc_offset: pd.Timedelta | None,
    lap_starts: pd.DatetimeIndex | None = None,
    file_laps: pd.DataFrame | None = None,
    timer_s: float | None = None,
    distance_m: float | None = None,
) -> Activity:
    """Build the canonical Activity of one recorded track (shared GPX/TCX rules)."""
    timed = ~np.isnat(samples.times)
    if not timed.any():
        raise MissingDataError(
            source,
            f"its {samples.dropped_label} have no times (a planned route or course, "
            "not a recording)",
        )
    if not timed.all():
        recovery.recover(f"{int((~timed).sum())} {samples.dropped_label} without a time dropped")
    keep = timed & ~_near_duplicates(samples.times, timed)
    if (timed & ~keep).any():
        recovery.recover(
            f"{int((timed & ~keep).sum())} sample(s) less than {NEAR_DUPLICATE_S * 1000:g} ms "
            "after the previous one dropped (an exporter artefact)"
        )
    times = samples.times[keep]
    channels = {k: v[keep] for k, v in samples.channels.items()}
    segment = samples.segment[keep]
    running = np.ones(len(times), dtype=bool)
    running[1:] = segment[1:] == segment[:-1]
    _check_ranges(channels, recovery)
    zero_hr = int((channels.get("heart_rate_bpm", np.zeros(0)) <= 0).sum())
    if zero_hr:  # build_records makes them missing
        recovery.note(f"heart rate 0 (no reading) set to NaN at {zero_hr} samples")
    steps_back = int((np.diff(times.view("int64")) < 0).sum())
    if steps_back:
        recovery.recover(f"time goes backwards {steps_back} time(s); samples sorted by time")
    records = build_records(utc_index(times), channels, timer_running=running)
    merged = len(times) - len(records)
    if merged:
        recovery.note(f"{merged} sample(s) sharing a timestamp merged")
    records = _fill_distance_and_speed(records, recovery)
    records = _apply_cadence_rule(records, sport, recovery)
    if lap_starts is not None and len(lap_starts):
        records = assign_laps(records, lap_starts)
    laps = build_laps(records, file_laps)
    session = build_session(
        records,
        format=format,
        source=source,
        sport=sport,
        utc_offset=utc_offset,
        timer_s=timer_s,
        distance_m=distance_m,
        device=device,
        notes=tuple(recovery.notes),
    )
    return Activity(records=records, laps=laps, session=session)


def _near_duplicates(times: np.ndarray, timed: np.ndarray) -> np.ndarray:
    """True for samples less than :data:`NEAR_DUPLICATE_S` after the previous one in time.

    Some exporters write a second, often stale, sample a millisecond after each
    real one; distance and speed through such pairs are nonsense. Samples at
    exactly the same time are not flagged (``build_records`` merges them).
    """
    out = np.zeros(len(times), dtype=bool)
    index = np.flatnonzero(timed)
    if index.size < 2:
        return out
    order = index[np.argsort(times[index], kind="stable")]
    step = np.diff(times[order].view("int64"))
    close = (step > 0) & (step < NEAR_DUPLICATE_S * 1e9)
    out[order[1:][close]] = True
    return out


def _check_ranges(channels: dict[str, np.ndarray], recovery: Recovery) -> None:
    """Latitudes and longitudes outside the globe are damage: NaN (error when strict)."""
    for name, limit in (("latitude_deg", 90.0), ("longitude_deg", 180.0)):
        values = channels.get(name)
        if values is None:
            continue
        bad = np.abs(values) > limit
        if bad.any():
            recovery.recover(f"{int(bad.sum())} {name} value(s) outside ±{limit:g} set to NaN")
            values[bad] = np.nan


def path_distance(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Cumulative great-circle (haversine) distance in metres along the samples.

    Samples without a position carry the distance of the last one with a
    position (NaN before the first fix); every step between successive fixes
    counts, including jumps across pauses.
    """
    n = len(lat)
    ok = np.isfinite(lat) & np.isfinite(lon)
    out = np.full(n, np.nan)
    if not ok.any():
        return out
    phi = np.radians(lat[ok])
    lam = np.radians(lon[ok])
    a = (
        np.sin(np.diff(phi) / 2) ** 2
        + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(np.diff(lam) / 2) ** 2
    )
    steps = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    cumulative = np.concatenate(([0.0], np.cumsum(steps)))
    last_fix = np.maximum.accumulate(np.where(ok, np.arange(n), -1))
    has_fix = last_fix >= 0
    out[has_fix] = cumulative[np.cumsum(ok)[has_fix] - 1]
    return out


def _fill_distance_and_speed(records: pd.DataFrame, recovery: Recovery) -> pd.DataFrame:
    """Distance from positions when the file has none; speed from distance where missing."""
    dist = records["distance_m"].to_numpy()
    if np.isnan(dist).all():
        lat = records["latitude_deg"].to_numpy()
        lon = records["longitude_deg"].to_numpy()
        if np.isfinite(lat).any():
            dist = path_distance(lat, lon)
            records["distance_m"] = dist
            recovery.note("distance_m computed from positions (haversine, across pauses too)")
    speed = records["speed_mps"].to_numpy()
    missing = np.isnan(speed)
    if missing.any() and np.isfinite(dist).any():
        derived = derived_speed(
            records.index.to_numpy(dtype="int64"), dist, records["timer_running"].to_numpy()
        )
        fill = missing & np.isfinite(derived)
        if fill.any():
            records["speed_mps"] = np.where(fill, derived, speed)
            recovery.note(
                f"speed_mps computed from distance and time at {int(fill.sum())} of "
                f"{len(speed)} samples (the file gives none there)"
            )
    return records


def derived_speed(t_ns: np.ndarray, dist: np.ndarray, running: np.ndarray) -> np.ndarray:
    """Speed (m/s) at each sample from distance and time, NaN where it cannot be told.

    The difference is taken from the latest sample at least
    :data:`SPEED_BASE_S` earlier (sub-second time stamps, as some exporters
    write, would otherwise give absurd speeds); NaN across a pause, before the
    first such sample, where either distance is missing or where distance goes
    down (a device reset or glitch).
    """
    speed = np.full(len(t_ns), np.nan)
    if len(t_ns) < 2:
        return speed
    earlier = np.searchsorted(t_ns, t_ns - int(SPEED_BASE_S * 1e9), side="right") - 1
    has = earlier >= 0
    j = np.where(has, earlier, 0)
    segment = np.cumsum(~running)
    dt = (t_ns - t_ns[j]) / 1e9
    dd = dist - dist[j]
    ok = has & (segment[j] == segment) & (dt > 0) & (dd >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        speed[ok] = dd[ok] / dt[ok]
    return speed


def cadence_factor(cadence: np.ndarray, sport: str | None, speed: np.ndarray) -> tuple[int, str]:
    """Decide the per-file cadence rule: the factor to apply and a note saying why.

    Only foot sports (and an unknown sport) are considered. File cadence there
    is strides/min (Garmin Connect, Strava: ~80-95 running) or steps/min
    (~160-190). The values decide: a 90th percentile of positive values at or
    above :data:`STEPS_P90` is steps already; else a median below
    :data:`RUN_STRIDE_LIMIT` (running) or :data:`WALK_STRIDE_LIMIT` (walking,
    hiking, or an unknown sport whose median moving speed is walking pace) is
    strides and is doubled. Other sports keep their cadence (rpm, strokes/min).
    """
    positive = cadence[np.isfinite(cadence) & (cadence > 0)]
    if positive.size == 0:
        return 1, ""
    if sport is not None and sport not in FOOT_SPORTS:
        return 1, (
            f"cadence_spm kept as recorded: for {sport} it is not steps/min "
            "(pedal revolutions or strokes per minute)"
        )
    median = float(np.median(positive))
    p90 = float(np.percentile(positive, 90))
    limit = RUN_STRIDE_LIMIT
    if sport in ("walking", "hiking"):
        limit = WALK_STRIDE_LIMIT
    elif sport is None:
        moving = speed[np.isfinite(speed) & (speed >= MOVING_SPEED_MPS)]
        if moving.size and float(np.median(moving)) < WALK_SPEED_MPS:
            limit = WALK_STRIDE_LIMIT
    if p90 >= STEPS_P90 or median >= limit:
        return 1, f"cadence_spm kept: already steps/min (median {median:.0f})"
    return 2, (
        f"cadence_spm doubled: the file gives strides/min "
        f"(median {median:.0f} -> {2 * median:.0f} steps/min)"
    )


def _apply_cadence_rule(
    records: pd.DataFrame, sport: str | None, recovery: Recovery
) -> pd.DataFrame:
    cadence = records["cadence_spm"].to_numpy()
    factor, note = cadence_factor(cadence, sport, records["speed_mps"].to_numpy())
    if factor != 1:
        records["cadence_spm"] = cadence * factor
    if note:
        recovery.note(note)
    return records
