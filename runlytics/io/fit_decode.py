"""FIT decoding engines: a FIT part's bytes to :class:`FitMessages`.

Both engines give the same thing: columnar float arrays per message kind (FIT
profile names, scale and offset applied, times in Unix seconds, positions in
degrees, enums as numbers), the HR messages, and what went wrong, in a user's
words. ``fitfast`` (Rust, columnar NumPy output) is the default; ``fitparse``
(pure Python) is the tolerant path that keeps every message before damage.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

import fitfast
import fitparse
import numpy as np
from garmin_fit_sdk import Profile

from runlytics.io.fit_bytes import CUT_SHORT, WRONG_CRC, used_messages, whole_messages

#: Message kinds the readers use.
KINDS = ("file_id", "record", "event", "lap", "session", "activity")

Columns = dict[str, np.ndarray]

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
_SEMICIRCLE_DEG = 180.0 / 2**31


@dataclass
class FitMessages:
    """What an engine decoded: numeric columns per message kind, HR messages as dicts."""

    columns: dict[str, Columns]
    hr: list[dict[str, object]] = field(default_factory=list)
    developer_fields: frozenset[str] = frozenset()
    problem: str | None = None  # why decoding stopped early, if it did
    repairs: tuple[str, ...] = ()  # what was set right before decoding (nothing lost)
    product_name: str | None = None  # file_id.product_name, a string the columns leave out


def decode_fitfast(data: bytes) -> FitMessages:
    """Decode one FIT part with fitfast, salvaging a part cut short or with a wrong CRC.

    fitfast rejects a header CRC of 0: :func:`parse` repairs headers before decoding.
    A part that ends mid-message (a watch that died) or whose file CRC does not
    match is cut after its last whole message and decoded again with fitfast:
    every message fitparse would keep, at fitfast's speed. Other damage goes to
    the tolerant fitparse path, which keeps every message before it.
    """
    try:
        return _decode_fast(data)
    except BaseException as exc:  # a panic in the Rust decoder is pyo3's PanicException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        failure = exc
    salvaged = whole_messages(data)
    if salvaged is not None:
        try:
            return dataclasses.replace(_decode_fast(salvaged[0]), problem=salvaged[1])
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
    messages = decode_fitparse(data)
    if messages.problem is None:
        messages.problem = damage(failure)
    return messages


def _decode_fast(data: bytes) -> FitMessages:
    """Decode a sound FIT part with fitfast (raises on damage).

    Records come columnar from ``fitfast.records``; the other messages from
    ``fitfast.parse`` of the part cut down to the message kinds the reader uses
    (see :func:`~runlytics.io.fit_bytes.used_messages`), so the file is decoded
    about once rather than once per message kind.
    """
    small = used_messages(data) or data  # first: it refuses what fitfast panics on
    record = fitfast.records(data, "record")
    others = fitfast.parse(small, enum_names=False)
    if not ({"speed", "distance"} & set(record)):
        # fitfast.records skips array fields such as compressed_speed_distance
        full = others if small is data else fitfast.parse(data, enum_names=False)
        record.update(_compressed_speed_distance(full.get("record", [])))
    columns = {kind: _columnar([_numbers(m) for m in others.get(kind, [])]) for kind in KINDS}
    columns["record"] = record
    hr = [_hr_dict(m) for m in others.get("hr", [])]
    name = next((m.get("product_name") for m in others.get("file_id", [])), None)
    return FitMessages(columns, hr, _developer_fields(record), product_name=_text(name))


def _numbers(message: dict) -> dict[str, float]:
    """The numeric scalar fields of a ``fitfast.parse`` message, as ``fitfast.records`` keeps."""
    return {
        k: float(v)
        for k, v in message.items()
        if isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def decode_fitparse(data: bytes) -> FitMessages:
    """Decode one FIT part with fitparse, keeping every message read before any damage."""
    rows: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    hr: list[dict[str, object]] = []
    product_name = None
    problem = None
    try:
        fit = fitparse.FitFile(io.BytesIO(data), check_crc=True)
        for message in fit.get_messages():
            kind = message.name
            if kind == "file_id" and product_name is None:
                product_name = _text(message.get_value("product_name"))
            if kind == "hr":
                hr.append(_fitparse_hr(message))
            elif kind in rows:
                rows[kind].append(_fitparse_values(message))
    except (
        fitparse.FitParseError,
        struct.error,
        LookupError,
        ValueError,
        TypeError,
        AttributeError,
        ArithmeticError,
    ) as exc:
        problem = damage(exc)
    columns = {kind: _columnar(values) for kind, values in rows.items()}
    return FitMessages(
        columns, hr, _developer_fields(columns["record"]), problem, product_name=product_name
    )


#: What a decoder's error says, in a user's words: (phrase in the error, meaning).
_DAMAGE = (
    ("crc", WRONG_CRC),
    ("checksum", WRONG_CRC),
    ("tried to read", CUT_SHORT),
    ("eof", CUT_SHORT),
    ("header", "FIT data is damaged: the file header is not a valid FIT header"),
    ("local message type", "FIT data is damaged: a message has no definition before it"),
    ("dev_data_index", "FIT data is damaged: a developer field has no developer data defined"),
    ("developer fields", "FIT data is damaged: a developer field has no developer data defined"),
    ("field size", "FIT data is damaged: a field is not as long as its type requires"),
)


def damage(exc: BaseException) -> str:
    """What a decoder's error means for the file, in words a user understands.

    The decoders' own messages name their internals (struct formats, dictionary
    keys, Rust panics); they are mapped to what is wrong with the file.
    """
    text = str(exc).lower()
    default = "FIT data is damaged: a message cannot be decoded"
    return next((words for phrase, words in _DAMAGE if phrase in text), default)


def _fitparse_values(message: fitparse.DataMessage) -> dict[str, float]:
    """One fitparse message as fitfast would give it: numbers only, unix times, degrees."""
    out: dict[str, float] = {}
    for fd in message.fields:
        value = fd.value
        if fd.field is None or value is None or _UNNAMED.match(fd.name):
            continue
        name = fd.parent_field.name if isinstance(fd.field, fitparse.records.SubField) else fd.name
        if isinstance(value, tuple):
            value = value[0]  # fitparse reads some scalars as arrays of one and an invalid
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC).timestamp()
        elif fd.units == "semicircles" and isinstance(value, int):
            value = value * _SEMICIRCLE_DEG
        elif isinstance(value, str):
            value = fd.raw_value  # an enum: keep its number, as fitfast does
        elif isinstance(value, int) and _is_date_time(fd):
            value = value + FIT_EPOCH_S  # device-relative time, left as a number by fitparse
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def _text(value: object) -> str | None:
    """A non-empty string field, stripped (FIT strings may carry padding)."""
    return value.strip("\x00 ") or None if isinstance(value, str) else None


def _is_date_time(fd: fitparse.records.FieldData) -> bool:
    field_type = getattr(fd.field, "type", None)
    return getattr(field_type, "name", None) in ("date_time", "local_date_time")


def _columnar(rows: list[dict[str, float]]) -> Columns:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return {n: np.array([row.get(n, np.nan) for row in rows], dtype="float64") for n in names}


def _fitparse_hr(message: fitparse.DataMessage) -> dict[str, object]:
    values = {fd.name: fd.value for fd in message.fields}
    timestamp = values.get("timestamp")
    if isinstance(timestamp, datetime):
        values["timestamp"] = timestamp.replace(tzinfo=UTC).timestamp()
    return _hr_dict(values)


def _hr_dict(message: dict) -> dict[str, object]:
    """The fields of an HR message the expansion needs, in one shape for both engines."""
    bpm = message.get("filtered_bpm")
    ts12 = message.get("event_timestamp_12")
    anchor = message.get("event_timestamp")
    return {
        "timestamp": message.get("timestamp"),
        "fractional_timestamp": message.get("fractional_timestamp") or 0.0,
        "anchor": anchor[0] if isinstance(anchor, (list, tuple)) else anchor,
        "ts12": bytes(ts12) if ts12 is not None else None,
        "bpm": list(bpm) if isinstance(bpm, (list, tuple)) else [bpm],
    }


_RECORD_FIELDS = frozenset(
    f["name"] for f in Profile["messages"][Profile["mesg_num"]["RECORD"]]["fields"].values()
) | {"timestamp"}
_UNNAMED = re.compile(r"^(unknown_\d+|dev_\d+_\d+|unnamed_dev_field_\d+)$")


def _developer_fields(record: Columns) -> frozenset[str]:
    """Named developer fields among the record columns (unnamed ones mean nothing)."""
    return frozenset(n for n in record if n not in _RECORD_FIELDS and not _UNNAMED.match(n))


def _compressed_speed_distance(records: list[dict]) -> Columns:
    """Speed and distance from the 3-byte ``compressed_speed_distance`` record field.

    Bits 0-11: speed in cm/s; bits 12-23: distance in 1/16 m, a 12-bit counter
    that rolls over and accumulates (FIT profile components).
    """
    packed = [r.get("compressed_speed_distance") for r in records]
    have = np.array([isinstance(p, (bytes, bytearray)) and len(p) == 3 for p in packed])
    if not have.any():
        return {}
    raw = np.zeros((len(packed), 3), dtype=np.int64)
    raw[have] = np.frombuffer(
        b"".join(p for p in packed if isinstance(p, (bytes, bytearray)) and len(p) == 3), np.uint8
    ).reshape(-1, 3)
    speed = np.where(have, (raw[:, 0] | (raw[:, 1] & 0x0F) << 8) / 100.0, np.nan)
    counter = (raw[have, 1] >> 4) | (raw[have, 2] << 4)
    steps = np.diff(counter, prepend=counter[:1]) & 0xFFF
    distance = np.full(len(packed), np.nan)
    distance[have] = (counter[0] + np.cumsum(steps)) / 16.0
    return {"speed": speed, "distance": distance}
