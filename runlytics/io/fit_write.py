"""Write an activity as a FIT file, through Garmin's official encoder (``garmin_fit_sdk``).

The file is laid out the way a Garmin watch writes one: ``file_id``,
``device_info`` (creator), a timer ``start`` event, then the records in time
order with a ``stop_all`` event after the last record before each pause and a
``start`` event before the first record after it, each ``lap`` after its last
record, and at the end a timer ``stop_all`` event, the last lap, the
``session`` and the ``activity`` (with ``local_timestamp`` when the UTC offset
is known).

Values are rounded to FIT resolution: whole seconds for times, 1 semicircle for
positions, 1 cm for distance, 1 mm/s for speed, 0.2 m for altitude, 1 bpm,
1 W, 1 °C, 1/128 stride/min for running cadence. Missing (NaN) values and
values outside a field's range are omitted, never written as numbers.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
from garmin_fit_sdk import FIT_EPOCH_S, Encoder, Profile

from runlytics.activity import Activity, Session, build_laps
from runlytics.errors import RunlyticsError
from runlytics.io._write import (
    Destination,
    check_writable,
    file_cadence,
    pause_starts,
    write_bytes,
)
from runlytics.vocabulary import is_foot_sport, sport_name

Mesg = dict[str, object]

_MESG_NUM = Profile["mesg_num"]
_TYPES = Profile["types"]
_SEMICIRCLES_PER_DEG = 2**31 / 180.0
_MIN_FIT_TIME = FIT_EPOCH_S + 0x10000000  # smaller FIT date_time values mean device time
_MAX_DEVICE_NAME = 100  # bytes; FIT strings hold at most 255

# Canonical lap values -> FIT enums.
_LAP_TRIGGERS = {
    "manual": "manual",
    "distance": "distance",
    "time": "time",
    "position": "position_lap",
    "session_end": "session_end",
}
_INTENSITIES = frozenset({"active", "rest", "warmup", "cooldown"})

#: FIT base types: (lowest valid raw value, highest valid raw value).
_RAW_RANGE = {
    "uint8": (0, 0xFE),
    "uint16": (0, 0xFFFE),
    "uint32": (0, 0xFFFFFFFE),
    "sint8": (-0x7F, 0x7E),
    "sint16": (-0x7FFF, 0x7FFE),
    "sint32": (-0x7FFFFFFF, 0x7FFFFFFE),
}


def write_fit(
    activity: Activity, path_or_buffer: Destination, *, compress: bool | None = None
) -> None:
    """Write ``activity`` as a FIT activity file (``compress=None``: gzip if the path ends ``.gz``).

    Keeps every canonical channel, pauses (timer events), laps (times, totals,
    heart rate, intensity, trigger) and the session (sport, sub-sport, totals,
    UTC offset), at FIT resolution; see ``docs/io-writers.md``. Raises
    :class:`~runlytics.errors.MissingDataError` for an activity without records.
    """
    check_writable(activity, "FIT")
    write_bytes(encode_fit(activity), path_or_buffer, compress)


def encode_fit(activity: Activity) -> bytes:
    """The bytes of ``activity`` as a FIT file."""
    check_writable(activity, "FIT")
    encoder = Encoder()
    try:
        for mesg in fit_messages(activity):
            encoder.write_mesg(mesg)
    except ValueError as exc:  # the SDK's only error: a value it cannot encode
        raise RunlyticsError(activity.session.source, f"cannot be encoded as FIT ({exc})") from exc
    return encoder.close()


def fit_messages(activity: Activity) -> Iterator[Mesg]:
    """Every FIT message of ``activity``, in file order, as ``garmin_fit_sdk`` dicts."""
    records, session = activity.records, activity.session
    times = fit_times(records.index, session.source)
    laps = activity.laps if len(activity.laps) else build_laps(records)
    lap_mesgs = [_lap_mesg(i, lap, records) for i, lap in enumerate(laps.to_dict("records"))]
    after, before = _interleaved(records, times, laps, lap_mesgs)
    device = _device_name(session.device)

    yield _file_id(times[0], device)
    yield _device_info(times[0], device)
    yield _timer_event(times[0], "start")
    for i, record in enumerate(record_mesgs(activity, times)):
        yield from before.get(i, ())
        yield record
        yield from after.get(i, ())
    yield _timer_event(times[-1], "stop_all")
    if lap_mesgs:
        yield lap_mesgs[-1]
    end = times[-1]
    yield _session_mesg(activity, end, len(lap_mesgs))
    yield _activity_mesg(session, end)


def fit_times(index: pd.Index, source: str) -> list[int]:
    """FIT ``date_time`` values (whole seconds since 1989-12-31) of ``index``."""
    unix = (pd.DatetimeIndex(index).as_unit("ns").asi8 + 500_000_000) // 1_000_000_000
    if unix.min() < _MIN_FIT_TIME:
        raise RunlyticsError(source, "has times before 1998-07; FIT cannot store them")
    return (unix - FIT_EPOCH_S).tolist()


def _fit_time(value: Any) -> int | None:
    """One time as a FIT ``date_time`` (None when missing)."""
    if value is None or pd.isna(value):
        return None
    return int((pd.Timestamp(value).value + 500_000_000) // 1_000_000_000 - FIT_EPOCH_S)


# --- records ----------------------------------------------------------------------------


def record_mesgs(activity: Activity, times: list[int]) -> Iterator[Mesg]:
    """One ``record`` message per sample (missing values left out)."""
    columns = record_columns(activity)
    columns["timestamp"] = list[object](times)
    names = list(columns)
    num = _MESG_NUM["RECORD"]
    for row in zip(*columns.values(), strict=True):
        mesg = dict(zip(names, row, strict=True))
        mesg["mesg_num"] = num
        yield mesg


def record_columns(activity: Activity) -> dict[str, list[object]]:
    """Record field values per FIT field name, None where missing or out of range."""
    rec = activity.records

    def col(name: str) -> np.ndarray:
        return rec[name].to_numpy(dtype="float64")

    cadence, fraction = cadence_fields(
        file_cadence(activity), is_foot_sport(activity.session.sport)
    )
    columns = {
        "position_lat": fit_values(
            col("latitude_deg") * _SEMICIRCLES_PER_DEG, "record", "position_lat"
        ),
        "position_long": fit_values(
            col("longitude_deg") * _SEMICIRCLES_PER_DEG, "record", "position_long"
        ),
        "distance": fit_values(col("distance_m"), "record", "distance"),
        "enhanced_speed": fit_values(col("speed_mps"), "record", "enhanced_speed"),
        "speed": fit_values(col("speed_mps"), "record", "speed"),
        "enhanced_altitude": fit_values(col("altitude_m"), "record", "enhanced_altitude"),
        "altitude": fit_values(col("altitude_m"), "record", "altitude"),
        "heart_rate": fit_values(col("heart_rate_bpm"), "record", "heart_rate"),
        "cadence": fit_values(cadence, "record", "cadence"),
        "fractional_cadence": fit_values(fraction, "record", "fractional_cadence"),
        "power": fit_values(col("power_w"), "record", "power"),
        "temperature": fit_values(col("temperature_c"), "record", "temperature"),
    }
    columns["fractional_cadence"] = [
        None if whole is None else part
        for whole, part in zip(columns["cadence"], columns["fractional_cadence"], strict=True)
    ]
    return {name: values for name, values in columns.items() if any(v is not None for v in values)}


def cadence_fields(cadence: np.ndarray, fractional: bool) -> tuple[np.ndarray, np.ndarray]:
    """FIT ``cadence`` (whole) and ``fractional_cadence`` (1/128) for ``cadence`` per minute.

    ``fractional=False`` (non-foot sports, whose readers ignore the fraction)
    rounds to a whole cadence and gives no fraction.
    """
    if not fractional:
        return np.rint(cadence), np.full(len(cadence), np.nan)
    with np.errstate(invalid="ignore"):
        whole = np.floor(cadence)
        ticks = np.rint((cadence - whole) * 128)  # 0..128
        whole = whole + (ticks == 128)
        ticks = np.where(ticks == 128, 0, ticks)
    return whole, np.where(np.isfinite(cadence), ticks / 128, np.nan)


def fit_values(values: np.ndarray, mesg: str, field: str) -> list[object]:
    """Python values for the SDK, None where NaN or outside the field's raw range.

    Scaled fields get floats (the SDK scales and rounds); unscaled integer
    fields get rounded ints (the SDK would truncate floats).
    """
    scale, offset, base_type = field_spec(mesg, field)
    lo, hi = _RAW_RANGE[base_type]
    values = np.asarray(values, dtype="float64")
    with np.errstate(invalid="ignore", over="ignore"):
        raw = np.rint((values + offset) * scale)
        ok = np.isfinite(raw) & (raw >= lo) & (raw <= hi)
    out = (
        values.tolist()
        if (scale, offset) != (1, 0)
        else np.where(ok, raw, 0).astype("int64").tolist()
    )
    return [v if keep else None for v, keep in zip(out, ok.tolist(), strict=True)]


def field_spec(mesg: str, field: str) -> tuple[float, float, str]:
    """(scale, offset, base type) of a FIT profile field."""
    fields = Profile["messages"][_MESG_NUM[mesg.upper()]]["fields"]
    spec = next(f for f in fields.values() if f["name"] == field)
    scale, offset = spec["scale"], spec["offset"]
    scale = scale[0] if isinstance(scale, list) else scale
    offset = offset[0] if isinstance(offset, list) else offset
    return scale, offset, spec["base_type"]


def _value(value: object, mesg: str, field: str) -> object:
    """One value for the SDK (None when missing or out of range)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return fit_values(np.array([number]), mesg, field)[0]


# --- events, laps and where they go ------------------------------------------------------


def _timer_event(timestamp: int, event_type: str) -> Mesg:
    return {
        "mesg_num": _MESG_NUM["EVENT"],
        "timestamp": timestamp,
        "event": "timer",
        "event_type": event_type,
        "data": 0,  # timer_trigger: manual
        "event_group": 0,
    }


def pauses(records: pd.DataFrame) -> list[tuple[int, int]]:
    """(last running sample, first sample of the resumed timer) of each pause.

    A run of samples ``i..j`` with ``timer_running`` False (``i >= 1``) means
    the timer stopped at sample ``i - 1`` and started again at sample ``j``:
    the FIT reader then finds every interval ending in ``i..j`` untimed.
    """
    flags = pause_starts(records).astype("int8")
    edges = np.diff(np.concatenate(([0], flags, [0])))
    first = np.flatnonzero(edges == 1)
    last = np.flatnonzero(edges == -1) - 1
    return list(zip((first - 1).tolist(), last.tolist(), strict=True))


def _interleaved(
    records: pd.DataFrame, times: list[int], laps: pd.DataFrame, lap_mesgs: list[Mesg]
) -> tuple[dict[int, list[Mesg]], dict[int, list[Mesg]]]:
    """Messages to write after / before the record at each position."""
    after: dict[int, list[Mesg]] = {}
    before: dict[int, list[Mesg]] = {}
    for stop, start in pauses(records):
        after.setdefault(stop, []).append(_timer_event(times[stop], "stop_all"))
        before.setdefault(start, []).append(_timer_event(times[start], "start"))
    ends = pd.DatetimeIndex(laps["end"]).as_unit("ns").asi8[:-1]
    starts = pd.DatetimeIndex(records.index).as_unit("ns").asi8
    where = np.searchsorted(starts, ends, side="right") - 1
    for position, mesg in zip(where.tolist(), lap_mesgs[:-1], strict=True):
        after.setdefault(max(position, 0), []).append(mesg)
    return after, before


def _lap_mesg(index: int, lap: Mapping[Hashable, Any], records: pd.DataFrame) -> Mesg:
    """A ``lap`` message from one row of the laps frame."""
    speed = records["speed_mps"].to_numpy()[records["lap"].to_numpy() == index]
    max_speed = float(np.nanmax(speed)) if np.isfinite(speed).any() else np.nan
    intensity, trigger = lap["intensity"], lap["trigger"]
    return {
        "mesg_num": _MESG_NUM["LAP"],
        "message_index": index,
        "timestamp": _fit_time(lap["end"]),
        "start_time": _fit_time(lap["start"]),
        "event": "lap",
        "event_type": "stop",
        "total_elapsed_time": _value(lap["elapsed_s"], "lap", "total_elapsed_time"),
        "total_timer_time": _value(lap["timer_s"], "lap", "total_timer_time"),
        "total_distance": _value(lap["distance_m"], "lap", "total_distance"),
        "enhanced_avg_speed": _value(lap["avg_speed_mps"], "lap", "enhanced_avg_speed"),
        "avg_speed": _value(lap["avg_speed_mps"], "lap", "avg_speed"),
        "enhanced_max_speed": _value(max_speed, "lap", "enhanced_max_speed"),
        "max_speed": _value(max_speed, "lap", "max_speed"),
        "avg_heart_rate": _value(lap["avg_heart_rate_bpm"], "lap", "avg_heart_rate"),
        "max_heart_rate": _value(lap["max_heart_rate_bpm"], "lap", "max_heart_rate"),
        "intensity": intensity
        if isinstance(intensity, str) and intensity in _INTENSITIES
        else None,
        "lap_trigger": _LAP_TRIGGERS.get(trigger) if isinstance(trigger, str) else None,
    }


# --- header and summary messages ---------------------------------------------------------


def _device_name(device: str | None) -> str | None:
    if not device:
        return None
    return str(device).encode("utf-8")[:_MAX_DEVICE_NAME].decode("utf-8", "ignore") or None


def _file_id(time_created: int, device: str | None) -> Mesg:
    return {
        "mesg_num": _MESG_NUM["FILE_ID"],
        "type": "activity",
        "manufacturer": "development",
        "product": 0,
        "time_created": time_created,
        "product_name": device,
    }


def _device_info(timestamp: int, device: str | None) -> Mesg:
    return {
        "mesg_num": _MESG_NUM["DEVICE_INFO"],
        "timestamp": timestamp,
        "device_index": "creator",
        "manufacturer": "development",
        "product": 0,
        "product_name": device,
    }


def _enum_name(value: str | None, type_name: str) -> str | None:
    """``value`` if it names a member of FIT type ``type_name``, else None."""
    if value is None:
        return None
    return value if value in _TYPES[type_name].values() else None


def _session_mesg(activity: Activity, end: int, num_laps: int) -> Mesg:
    records, s = activity.records, activity.session
    speed = records["speed_mps"].to_numpy()
    hr = records["heart_rate_bpm"].to_numpy()
    max_speed = np.nanmax(speed) if np.isfinite(speed).any() else np.nan
    avg_speed = s.distance_m / s.timer_s if s.timer_s > 0 else np.nan
    sport = sport_name(s.sport)
    sub_sport = sport_name(s.sub_sport)
    return {
        "mesg_num": _MESG_NUM["SESSION"],
        "message_index": 0,
        "timestamp": end,
        "start_time": _fit_time(s.start_time),
        "event": "session",
        "event_type": "stop",
        "trigger": "activity_end",
        "sport": None if sport is None else (_enum_name(sport, "sport") or "generic"),
        "sub_sport": _enum_name(sub_sport, "sub_sport"),
        "total_elapsed_time": _value(s.elapsed_s, "session", "total_elapsed_time"),
        "total_timer_time": _value(s.timer_s, "session", "total_timer_time"),
        "total_distance": _value(s.distance_m, "session", "total_distance"),
        "enhanced_avg_speed": _value(avg_speed, "session", "enhanced_avg_speed"),
        "avg_speed": _value(avg_speed, "session", "avg_speed"),
        "enhanced_max_speed": _value(max_speed, "session", "enhanced_max_speed"),
        "max_speed": _value(max_speed, "session", "max_speed"),
        "avg_heart_rate": _value(timed_mean(records, hr), "session", "avg_heart_rate"),
        "max_heart_rate": _value(
            np.nanmax(hr) if np.isfinite(hr).any() else np.nan, "session", "max_heart_rate"
        ),
        "first_lap_index": 0,
        "num_laps": num_laps,
    }


def timed_mean(records: pd.DataFrame, values: np.ndarray) -> float:
    """Mean of ``values`` weighted by the timed seconds ending at each sample."""
    t = pd.DatetimeIndex(records.index).as_unit("ns").asi8
    dt = np.diff(t, prepend=t[:1]) / 1e9
    weights = np.where(records["timer_running"].to_numpy(dtype=bool) & np.isfinite(values), dt, 0.0)
    total = weights.sum()
    return float(np.nansum(values * weights) / total) if total > 0 else np.nan


def _activity_mesg(session: Session, end: int) -> Mesg:
    offset = session.utc_offset
    local = None
    if offset is not None and not pd.isna(offset):
        local = end + round(pd.Timedelta(offset).total_seconds())
    return {
        "mesg_num": _MESG_NUM["ACTIVITY"],
        "timestamp": end,
        "total_timer_time": _value(session.timer_s, "activity", "total_timer_time"),
        "num_sessions": 1,
        "type": "manual",
        "event": "activity",
        "event_type": "stop",
        "local_timestamp": local,
    }
