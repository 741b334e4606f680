"""FIT activities: decode with one of two engines, then build canonical activities.

Decoding and building are separate. An engine (:mod:`runlytics.io.fit_decode`)
turns the file's bytes into :class:`~runlytics.io.fit_decode.FitMessages`
(columnar float arrays per message kind, FIT profile names, scale and offset
applied, times in Unix seconds, positions in degrees, enums as numbers).
:func:`activities_from_messages` turns those into activities, the same code
whatever the engine, so both engines give identical frames.

Engines: ``"fitfast"`` (default; Rust decoder, columnar NumPy output) and
``"fitparse"`` (pure Python). A file the fast decoder rejects is decoded again
by the tolerant fitparse path, which keeps every message before the damage.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from garmin_fit_sdk import Profile
from pandas.api.extensions import ExtensionArray

from runlytics.activity import (
    Activity,
    build_laps,
    build_records,
    build_session,
    interval_seconds,
)
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    UnsupportedFormatError,
)
from runlytics.io.fit_bytes import repair_header_crc, split_chain
from runlytics.io.fit_decode import (
    FIT_EPOCH_S,
    Columns,
    FitMessages,
    decode_fitfast,
    decode_fitparse,
)
from runlytics.io.source import Payload
from runlytics.vocabulary import FOOT_SPORTS

ENGINES = ("fitfast", "fitparse")
#: Most chained FIT files read from one file (real ones chain up to about ten:
#: multisport, HR straps); the rest is dropped with a RecoveredDataWarning. Settable.
MAX_CHAINED_PARTS = 100
#: Largest local UTC offset kept (s): real time zones run from UTC-12 to UTC+14.
MAX_UTC_OFFSET_S = 14 * 3600

_RELATIVE_TIME_LIMIT_S = FIT_EPOCH_S + 0x10000000  # FIT: smaller date_time = device time
_TYPES = Profile["types"]

#: Extra record fields kept, converted to SI: FIT name -> (column, factor).
_EXTRA_FIELDS = {
    "vertical_oscillation": ("vertical_oscillation_m", 1e-3),
    "stance_time": ("stance_time_s", 1e-3),
    "stance_time_percent": ("stance_time_pct", 1.0),
    "stance_time_balance": ("stance_time_balance_pct", 1.0),
    "vertical_ratio": ("vertical_ratio_pct", 1.0),
    "step_length": ("step_length_m", 1e-3),
    "respiration_rate": ("respiration_rate_bpm", 1.0),
}
#: Developer fields that carry running power in watts (Stryd, Garmin Running Power).
_POWER_DEV_FIELDS = ("Power", "RP_Power")


def parse(payload: Payload, *, engine: str | None = None, strict: bool = False) -> list[Activity]:
    """Every activity in a FIT payload: one per session of each chained part."""
    decode = _engine(engine, payload.name)
    parts, chain_problem = split_chain(payload.data, MAX_CHAINED_PARTS)
    problems = [chain_problem] if chain_problem else []
    decoded = [_decode_part(decode, part) for part in parts]
    problems += [m.problem for m in decoded if m.problem]
    repairs = [r for m in decoded for r in m.repairs]
    beats = _beats(decoded)  # HR messages may sit in another chained part (HRM-Swim)
    activities: list[Activity] = []
    missing: MissingDataError | None = None
    for messages in decoded:
        try:
            activities += activities_from_messages(messages, payload.name, beats)
        except MissingDataError as exc:
            missing = missing or exc
    if (problems and not activities) or (strict and (problems or repairs)):
        if missing is not None and not activities:
            problems.append(missing.problem)
        raise CorruptFileError(payload.name, "; ".join(problems + repairs))
    if not activities:
        raise missing or MissingDataError(payload.name, "holds no activity")
    said = [f"{'; '.join(problems)}; kept the data before the damage"] if problems else []
    if said or repairs:
        warnings.warn(
            f"{payload.name}: {'; '.join(said + repairs)}", RecoveredDataWarning, stacklevel=4
        )
    return activities


def _decode_part(decode: Callable[[bytes], FitMessages], part: bytes) -> FitMessages:
    """Decode one chained part after setting its header CRC right (noted when it was wrong)."""
    part, repair = repair_header_crc(part)
    messages = decode(part)
    return dataclasses.replace(messages, repairs=(repair,)) if repair else messages


def _engine(engine: str | None, name: str) -> Callable[[bytes], FitMessages]:
    if engine in (None, "fitfast"):
        return decode_fitfast
    if engine == "fitparse":
        return decode_fitparse
    raise UnsupportedFormatError(name, f"unknown FIT engine {engine!r}; choose from {ENGINES}")


# --- HR messages (heart rate recorded apart from the records) ----------------------------


def expand_hr_messages(hr: Sequence[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Unix times and bpm of every beat-to-beat HR value in FIT ``hr`` messages.

    Anchor messages carry a ``timestamp`` and a 32-bit ``event_timestamp``
    (1/1024 s); the others pack eight 12-bit event times that roll over onto
    the last value (FIT profile accumulation).
    """
    times: list[float] = []
    bpms: list[float] = []
    anchor_time, anchor_raw = 0.0, 0  # set by the first anchor, before any ts12 is read
    last_raw: int | None = None
    for msg in hr:
        if msg["timestamp"] is not None and msg["anchor"] is not None:
            anchor_time = float(msg["timestamp"]) + float(msg["fractional_timestamp"])
            anchor_raw = last_raw = round(float(msg["anchor"]) * 1024)
            raws = [anchor_raw]
        elif msg["ts12"] is not None and last_raw is not None:
            raws = []
            for v in _unpack12(msg["ts12"]):
                last_raw += (v - last_raw) & 0xFFF
                raws.append(last_raw)
        else:
            continue
        for raw, bpm in zip(raws, msg["bpm"], strict=False):
            if bpm is not None:
                times.append(anchor_time + (raw - anchor_raw) / 1024)
                bpms.append(float(bpm))
    return np.array(times), np.array(bpms)


def _unpack12(packed: bytes) -> list[int]:
    bits = int.from_bytes(packed, "little")
    return [(bits >> (12 * i)) & 0xFFF for i in range(len(packed) * 8 // 12)]


def merge_hr(record_times: np.ndarray, hr_times: np.ndarray, bpm: np.ndarray) -> np.ndarray:
    """Mean HR of the beats in the interval ending at each record (NaN where none)."""
    out = np.full(len(record_times), np.nan)
    if len(hr_times) == 0 or len(record_times) == 0:
        return out
    slot = np.searchsorted(record_times, hr_times, side="left")
    inside = slot < len(record_times)
    total = np.bincount(slot[inside], bpm[inside], minlength=len(record_times))
    count = np.bincount(slot[inside], minlength=len(record_times))
    has = count > 0
    out[has] = total[has] / count[has]
    return out


# --- building activities ----------------------------------------------------------------


def _beats(decoded: list[FitMessages]) -> tuple[np.ndarray, np.ndarray]:
    """Times and bpm of the HR messages of every chained part, in time order."""
    expanded = [expand_hr_messages(m.hr) for m in decoded if m.hr]
    if not expanded:
        return np.zeros(0), np.zeros(0)
    times = np.concatenate([t for t, _ in expanded])
    bpm = np.concatenate([b for _, b in expanded])
    order = np.argsort(times, kind="stable")
    return times[order], bpm[order]


def activities_from_messages(
    messages: FitMessages, name: str, beats: tuple[np.ndarray, np.ndarray] | None = None
) -> list[Activity]:
    """One activity per session (or one for a session-less part with records).

    ``beats`` are HR-message beats (times, bpm) that fill records lacking heart rate.
    """
    cols = messages.columns
    file_type = _first_enum(cols["file_id"], "type", "file")
    record = cols["record"]
    times = record.get("timestamp", np.zeros(0))
    if file_type not in (None, "activity") and not cols["session"]:
        kind = f"file of unknown type {file_type}" if file_type.isdigit() else f"{file_type} file"
        raise MissingDataError(name, f"is a FIT {kind}, not a recorded activity")
    if not np.isfinite(times).any():
        raise MissingDataError(name, "holds no timed records (no activity data)")
    offset, offset_note = _utc_offset(cols["activity"])  # both times share any clock jump
    cols, jump_note = undo_clock_jump(cols)
    messages = dataclasses.replace(messages, columns=cols)
    times = cols["record"]["timestamp"]
    sessions = _sessions(cols["session"], times)
    notes = _time_notes(times) + jump_note + offset_note + messages.repairs
    if messages.problem:
        notes += (f"decoding stopped early: {messages.problem}",)
    hr_times, bpm = beats if beats is not None else _beats([messages])
    device = messages.product_name or _device(cols["file_id"])
    activities = [
        _activity(messages, name, s, device, offset, notes, hr_times, bpm) for s in sessions
    ]
    if not any(a is not None for a in activities):
        raise MissingDataError(name, "its sessions hold no records")
    return [a for a in activities if a is not None]


#: Fields holding times that a clock jump shifts.
_TIME_FIELDS = ("timestamp", "start_time")


def undo_clock_jump(columns: dict[str, Columns]) -> tuple[dict[str, Columns], tuple[str, ...]]:
    """Undo a forward jump of the device clock in a single-session file.

    When the records span more than the session's ``total_elapsed_time`` (plus
    a minute) and one interval between records accounts for the excess, the
    device clock jumped (a GPS time fix): every time at or after the jump is
    moved back by the interval's excess over the median sampling interval.
    """
    session = columns["session"]
    elapsed = session.get("total_elapsed_time")
    t = np.sort(columns["record"]["timestamp"][np.isfinite(columns["record"]["timestamp"])])
    if elapsed is None or len(elapsed) != 1 or not np.isfinite(elapsed[0]) or len(t) < 3:
        return columns, ()
    gaps = np.diff(t)
    k = int(np.argmax(gaps))
    jump = gaps[k] - float(np.median(gaps))
    span = t[-1] - t[0]
    if span <= elapsed[0] + 60 or jump < 60 or span - jump > elapsed[0] + 60:
        return columns, ()
    cut = t[k + 1]
    fixed = {
        kind: {
            field: np.where(values >= cut, values - jump, values)
            if field in _TIME_FIELDS
            else values
            for field, values in fields.items()
        }
        for kind, fields in columns.items()
    }
    return fixed, (f"a device clock jump of {jump:.0f} s after {k + 1} records was undone",)


@dataclass(frozen=True)
class _SessionSpan:
    start: float
    end: float  # exclusive
    values: dict[str, float]


def _sessions(session: Columns, times: np.ndarray) -> list[_SessionSpan]:
    """Time spans of the sessions in file order; one span over all records without any."""
    finite = times[np.isfinite(times)]
    if not session or "start_time" not in session:
        return [_SessionSpan(-np.inf, np.inf, {})]
    rows = [{k: v[i] for k, v in session.items()} for i in range(len(session["start_time"]))]
    rows = sorted((r for r in rows if np.isfinite(r["start_time"])), key=lambda r: r["start_time"])
    if not rows:
        return [_SessionSpan(-np.inf, np.inf, {})]
    spans = []
    for i, row in enumerate(rows):
        start = row["start_time"] if i else min(row["start_time"], finite.min())
        end = rows[i + 1]["start_time"] if i + 1 < len(rows) else np.inf
        spans.append(_SessionSpan(start, end, row))
    return spans


def _activity(
    messages: FitMessages,
    name: str,
    span: _SessionSpan,
    device: str | None,
    offset: pd.Timedelta | None,
    notes: tuple[str, ...],
    hr_times: np.ndarray,
    bpm: np.ndarray,
) -> Activity | None:
    """The activity of one session, or None when the session holds no records."""
    cols = messages.columns
    rec = _select(cols["record"], "timestamp", span)
    if len(rec["timestamp"]) == 0:
        return None
    sport = _enum(span.values.get("sport"), "sport")
    sub_sport = _enum(span.values.get("sub_sport"), "sub_sport")
    times = rec["timestamp"]
    channels, extra, channel_notes = _channels(rec, sport, messages.developer_fields)
    heart_rate = channels["heart_rate_bpm"]
    if len(hr_times) and np.isnan(heart_rate).any():
        channels["heart_rate_bpm"] = np.where(
            np.isnan(heart_rate), merge_hr(times, hr_times, bpm), heart_rate
        )
        channel_notes += ("heart rate filled from FIT hr messages",)
    running = timer_running(times, cols["event"])
    records = build_records(_utc(_ns(times)), channels, timer_running=running, extra=extra)
    laps = _laps(records, _select(cols["lap"], "start_time", span))
    start = span.values.get("start_time")
    return Activity(
        records=records,
        laps=laps,
        session=build_session(
            records,
            format="fit",
            source=name,
            sport=sport,
            sub_sport=sub_sport,
            start_time=_utc(_ns(np.array([start])))[0] if start is not None else None,
            utc_offset=offset,
            elapsed_s=span.values.get("total_elapsed_time"),
            timer_s=span.values.get("total_timer_time"),
            distance_m=span.values.get("total_distance"),
            device=device,
            notes=notes + channel_notes,
        ),
    )


def _select(columns: Columns, time_field: str, span: _SessionSpan) -> Columns:
    t = columns.get(time_field)
    if t is None:
        return {"timestamp": np.zeros(0)} if time_field == "timestamp" else {}
    keep = np.isfinite(t) & (t >= span.start) & (t < span.end)
    return columns if keep.all() else {k: v[keep] for k, v in columns.items()}


def _channels(
    rec: Columns, sport: str | None, developer_fields: frozenset[str]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], tuple[str, ...]]:
    n = len(rec["timestamp"])
    nan = np.full(n, np.nan)

    def first(*names: str) -> np.ndarray:
        out = nan
        for field_name in reversed(names):
            values = rec.get(field_name)
            if values is not None:
                out = np.where(np.isfinite(values), values, out)
        return out

    cadence = first("cadence")
    notes: tuple[str, ...] = ()
    if sport in FOOT_SPORTS or (sport is None and "fractional_cadence" in rec):
        # with no session (a truncated file) running watches still tell by fractional_cadence
        cadence = 2.0 * (cadence + np.nan_to_num(first("fractional_cadence")))
        notes = ("cadence: FIT strides/min doubled to steps/min",)
    elif np.isfinite(cadence).any():
        notes = (f"cadence: kept as recorded (rpm) for sport {sport or 'unknown'}",)
    power = first("power", *(f for f in _POWER_DEV_FIELDS if f in developer_fields))
    channels = {
        "distance_m": first("distance"),
        "speed_mps": first("speed", "enhanced_speed"),  # see docs: fitfast rounds the latter
        "heart_rate_bpm": first("heart_rate"),
        "cadence_spm": cadence,
        "altitude_m": first("enhanced_altitude", "altitude"),
        "latitude_deg": first("position_lat"),
        "longitude_deg": first("position_long"),
        "power_w": power,
        "temperature_c": first("temperature"),
    }
    extra = {col: rec[f] * k for f, (col, k) in _EXTRA_FIELDS.items() if f in rec}
    extra.update({f: rec[f] for f in developer_fields if f in rec})
    return channels, extra, notes


def timer_running(times: np.ndarray, event: Columns) -> np.ndarray:
    """Per record: did the timer run during the interval ending at it (FIT timer events)."""
    running = np.ones(len(times), dtype=bool)
    if not {"event", "event_type", "timestamp"} <= set(event):
        return running
    is_timer = (event["event"] == 0) & np.isfinite(event["timestamp"])
    ev_t = event["timestamp"][is_timer]
    ev_type = event["event_type"][is_timer]
    starts_stops = np.isin(ev_type, (0, 1, 4, 8, 9))  # start, stop, stop_all, stop_disable(_all)
    ev_t, ev_type = ev_t[starts_stops], ev_type[starts_stops]
    if len(ev_t) == 0:
        return running
    order = np.argsort(ev_t, kind="stable")
    ev_t, is_start = ev_t[order], ev_type[order] == 0
    k = np.searchsorted(ev_t, times, side="left") - 1
    return np.where(k >= 0, is_start[np.clip(k, 0, None)], True)


_TRIGGERS = {
    "manual": "manual",
    "time": "time",
    "distance": "distance",
    "position_start": "position",
    "position_lap": "position",
    "position_waypoint": "position",
    "position_marked": "position",
    "session_end": "session_end",
}
_INTENSITIES = {
    "active": "active",
    "rest": "rest",
    "warmup": "warmup",
    "cooldown": "cooldown",
    "recovery": "rest",
    "interval": "active",
}


def _laps(records: pd.DataFrame, lap: Columns) -> pd.DataFrame:
    """The canonical laps: the file's lap values, numbered onto ``records`` (in place).

    Built once from arrays; values the file leaves out (NaN) are computed from
    the records as :func:`~runlytics.activity.build_laps` does, only when some are.
    """
    if not len(lap.get("start_time", ())):
        return build_laps(records)
    order = np.argsort(lap["start_time"], kind="stable")
    n = len(order)

    def get(*names: str) -> np.ndarray:
        for field_name in names:
            if field_name in lap:
                return lap[field_name][order]
        return np.full(n, np.nan)

    start, elapsed, end, speed = (
        get("start_time"),
        get("total_elapsed_time"),
        get("timestamp"),
        get("avg_speed"),
    )
    values = {
        "start": _ns(start),
        "end": _ns(np.where(np.isfinite(end), end, start + elapsed)),
        "elapsed_s": elapsed,
        "timer_s": get("total_timer_time"),
        "distance_m": get("total_distance"),
        "avg_speed_mps": np.where(np.isfinite(speed), speed, get("enhanced_avg_speed")),
        "avg_heart_rate_bpm": get("avg_heart_rate"),
        "max_heart_rate_bpm": get("max_heart_rate"),
    }
    slot = np.searchsorted(values["start"], _times_ns(records), side="left") - 1
    records["lap"] = np.clip(slot, 0, n - 1).astype("int64")
    missing = {k: _missing(v) for k, v in values.items()}
    if any(m.any() for m in missing.values()):
        _fill_from_records(values, missing, records)
    columns: dict[str, object] = {
        k: _utc(v) if k in ("start", "end") else v for k, v in values.items()
    }
    columns["intensity"] = _labels(get("intensity"), "intensity", _INTENSITIES)
    columns["trigger"] = _labels(get("lap_trigger"), "lap_trigger", _TRIGGERS)
    return pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)  # fresh arrays


_NAT = np.iinfo("int64").min  # NaT as int64 nanoseconds


def _missing(values: np.ndarray) -> np.ndarray:
    return values == _NAT if values.dtype.kind == "i" else np.isnan(values)


def _ns(seconds: np.ndarray) -> np.ndarray:
    """Unix seconds as int64 nanoseconds, NaN as NaT (as ``activity.utc_index`` converts)."""
    ns = seconds * 1e9
    finite = np.isfinite(ns)
    out = np.where(finite, ns, 0).astype("int64")
    out[~finite] = _NAT
    return out


def _times_ns(records: pd.DataFrame) -> np.ndarray:
    """The records' times as int64 nanoseconds."""
    return cast(pd.DatetimeIndex, records.index).asi8


def _utc(ns: np.ndarray) -> pd.DatetimeIndex:
    """Int64 nanoseconds as a UTC ``DatetimeIndex`` (cheaper than ``pd.to_datetime``)."""
    return pd.DatetimeIndex(ns.view("datetime64[ns]")).tz_localize("UTC")


def _fill_from_records(
    values: dict[str, np.ndarray], missing: dict[str, np.ndarray], records: pd.DataFrame
) -> None:
    """Fill missing lap values (in place) with what the records of each lap give."""
    lap = records["lap"].to_numpy()
    first = np.flatnonzero(np.diff(lap, prepend=lap[0] - 1))  # laps are in time order
    for name, computed in _record_lap_values(records, first).items():
        full = np.full(len(values[name]), _NAT if name in ("start", "end") else np.nan)
        full[lap[first]] = computed
        values[name][missing[name]] = full[missing[name]]


def _record_lap_values(records: pd.DataFrame, first: np.ndarray) -> dict[str, np.ndarray]:
    """Per lap (records ``first`` onwards): the values :func:`~runlytics.activity.build_laps`
    computes from records (time-weighted, NaN-aware; a lap starts where the previous ended).
    Arrays only, no frame; ``start``/``end`` in int64 nanoseconds.
    """
    t = _times_ns(records)
    last = np.append(first[1:] - 1, len(t) - 1)
    timer = np.where(records["timer_running"].to_numpy(), interval_seconds(records), 0.0)
    hr = records["heart_rate_bpm"].to_numpy()
    has_hr = np.isfinite(hr) & (timer > 0)
    dist = records["distance_m"].to_numpy()
    dist_end = np.fmax.reduceat(dist, first)
    distance = dist_end - np.append(np.fmin.reduceat(dist, first)[:1], dist_end[:-1])
    timer_s = np.add.reduceat(timer, first)
    hr_t = np.add.reduceat(np.where(has_hr, timer, 0.0), first)
    starts = np.append(t[first[0]], t[last[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "start": starts,
            "end": t[last],
            "elapsed_s": (t[last] - starts) / 1e9,
            "timer_s": timer_s,
            "distance_m": distance,
            "avg_speed_mps": np.where(timer_s > 0, distance / timer_s, np.nan),
            "avg_heart_rate_bpm": np.where(
                hr_t > 0, np.add.reduceat(np.where(has_hr, hr * timer, 0.0), first) / hr_t, np.nan
            ),
            "max_heart_rate_bpm": np.fmax.reduceat(hr, first),
        }


def _labels(codes: np.ndarray, type_name: str, names: dict[str, str]) -> ExtensionArray:
    """FIT enum codes as canonical lap labels (missing where unknown)."""
    return pd.array([names.get(_enum(v, type_name) or "") for v in codes], dtype="string")


# --- metadata ----------------------------------------------------------------------------


def _enum(value: float | None, type_name: str) -> str | None:
    if value is None or not np.isfinite(value):
        return None
    return _TYPES[type_name].get(int(value), str(int(value)))


def _first_enum(columns: Columns, field_name: str, type_name: str) -> str | None:
    values = columns.get(field_name)
    return _enum(values[0], type_name) if values is not None and len(values) else None


def _device(file_id: Columns) -> str | None:
    maker = _first_enum(file_id, "manufacturer", "manufacturer")
    product = file_id.get("product")
    if maker is None:
        return None
    if product is None or not len(product) or not np.isfinite(product[0]):
        return maker
    if maker in ("garmin", "dynastream", "dynastream_oem", "tacx"):
        return f"{maker} {_enum(product[0], 'garmin_product')}"
    return f"{maker} {int(product[0])}"


def _utc_offset(activity: Columns) -> tuple[pd.Timedelta | None, tuple[str, ...]]:
    """Local time minus UTC from the activity message, and a note when it is nonsense.

    Real time zones lie within +-14 h in whole quarter hours; anything else (Zwift
    and other virtual rides and runs, device-relative clocks) is dropped and noted.
    """
    local, utc = activity.get("local_timestamp"), activity.get("timestamp")
    if local is None or utc is None or not len(local):
        return None, ()
    ok = np.isfinite(local) & np.isfinite(utc)
    if not ok.any():
        return None, ()
    seconds = float(local[ok][0] - utc[ok][0])
    if abs(seconds) <= MAX_UTC_OFFSET_S and seconds % 900 == 0:
        return pd.Timedelta(seconds=seconds), ()
    size = f"{seconds / 3600:+.2f} h" if abs(seconds) < 86400 else f"{seconds / 86400:+,.0f} days"
    return None, (f"local time offset dropped: the file puts it {size} from UTC, not a time zone",)


def _time_notes(times: np.ndarray) -> tuple[str, ...]:
    finite = times[np.isfinite(times)]
    if len(finite) and finite.max() < _RELATIVE_TIME_LIMIT_S:
        return ("timestamps are device-relative (the file gives no real date)",)
    return ()
