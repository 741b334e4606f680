"""What the XML readers (GPX, TCX) share: safe parsing and turning samples into an Activity.

Parsing is safe by construction: lxml never expands entities, never loads a DTD,
never touches the network and keeps its default size limits (``huge_tree=False``).
A document that declares entities is refused before it reaches any parser.

Element names are matched by local name whatever their namespace (``{*}hr``
matches ``gpxtpx:hr``, ``ns3:hr`` and a bare ``hr``). Numbers and times are
collected as strings and converted in one vectorised step.

The second half turns the raw samples of one activity (:class:`Samples`) into an
:class:`~runlytics.activity.Activity` with the rules both formats follow: pauses
from segment breaks, distance from positions when the file has none, speed from
distance where the file has none, and the per-file cadence rule. See
``docs/io-gpx-tcx.md``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lxml import etree

from runlytics.activity import (
    MOVING_SPEED_MPS,
    Activity,
    assign_laps,
    build_laps,
    build_records,
    build_session,
    utc_index,
)
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    RecoveredDataWarning,
    UnsupportedFormatError,
)
from runlytics.io.source import Payload

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")
_LINE_SUFFIX = re.compile(r",? line \d+, column \d+$")
_ENCODING_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")

#: Mean Earth radius (IUGG), metres, for great-circle distances.
EARTH_RADIUS_M = 6_371_008.8
#: Speed computed from distance spans at least this many seconds.
SPEED_BASE_S = 1.0
#: A sample this close after the previous one (s) is an exporter artefact and dropped.
NEAR_DUPLICATE_S = 0.01


# --------------------------------------------------------------------------- parsing


class Recovery:
    """Collects the notes of one read; with ``strict=True`` a recovery raises instead."""

    def __init__(self, source: str, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        """Record something done to the data that is not a repair."""
        self.notes.append(text)

    def recover(self, text: str) -> None:
        """Record a repair of damaged data, or raise :class:`CorruptFileError` when strict."""
        if self.strict:
            raise CorruptFileError(self.source, f"{text} (strict=True)")
        self.notes.append(text)

    def child(self) -> Recovery:
        """A new collector starting with this one's notes (one per activity of a file)."""
        out = Recovery(self.source, self.strict)
        out.notes = list(self.notes)
        return out


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and never uses the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def clean_bytes(payload: Payload) -> bytes:
    """The document bytes without a UTF-8 byte-order mark or leading whitespace.

    Raises :class:`CorruptFileError` for an empty document or one that declares
    entities (``<!ENTITY``): activity files never need them and they are the
    vehicle of entity-expansion and external-entity attacks.
    """
    data = payload.data
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if not data.startswith(_UTF16_BOMS):
        data = data.lstrip()
    if not data:
        raise CorruptFileError(payload.name, "is empty")
    if b"<!ENTITY" in _as_utf8(data):
        raise CorruptFileError(
            payload.name, "declares XML entities (<!ENTITY>); refused for safety, never expanded"
        )
    return data


def _as_utf8(data: bytes) -> bytes:
    """UTF-16 documents re-encoded as UTF-8 (for byte searches); others unchanged."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    return data


def decode_text(data: bytes) -> str:
    """Document bytes as text (BOM or declared encoding, else UTF-8), declared UTF-8."""
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16")
    else:
        head = data[:200].decode("ascii", errors="replace")
        match = re.search(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", head.split("?>")[0])
        encoding = match.group(1) if match else "utf-8"
        try:
            text = data.decode(encoding)
        except LookupError:
            text = data.decode("utf-8")
    return _ENCODING_DECL.sub(r'\1"utf-8"', text, count=1)


def parse_xml(payload: Payload, recovery: Recovery, root_names: Sequence[str]) -> etree._Element:
    """Parse ``payload`` safely and check its root element's local name.

    A document cut short (the syntax error is at the very end of the data, as
    when a device crashed while writing) is read up to the damage with a
    :class:`RecoveredDataWarning`, or raises with ``strict=True``; any other
    syntax error raises :class:`CorruptFileError` naming the line.
    """
    data = clean_bytes(payload)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        root = _recover_truncated(payload, data, exc, recovery)
    name = local_name(root.tag)
    if name not in root_names:
        kinds = " or ".join(f"<{n}>" for n in root_names)
        raise UnsupportedFormatError(payload.name, f"is XML with root <{name}>, not {kinds}")
    return root


def _recover_truncated(
    payload: Payload, data: bytes, exc: etree.XMLSyntaxError, recovery: Recovery
) -> etree._Element:
    line = exc.lineno or 0
    message = syntax_problem(exc)
    if not _at_end(data, exc) or recovery.strict:
        raise CorruptFileError(payload.name, message) from exc
    try:
        root = etree.fromstring(data, safe_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise CorruptFileError(payload.name, message) from exc
    reason = _LINE_SUFFIX.sub("", str(exc.msg))
    text = f"file is cut short at line {line} ({reason}); read what precedes the damage"
    recovery.recover(text)
    warnings.warn(f"{payload.name}: {text}", RecoveredDataWarning, stacklevel=4)
    return root


def _at_end(data: bytes, exc: etree.XMLSyntaxError) -> bool:
    """True when the syntax error sits at the very end of the data (a cut-short file)."""
    line, column = exc.position
    end_line = data.count(b"\n") + 1
    end_column = len(data) - data.rfind(b"\n")
    return (line, column) >= (end_line, end_column)


def syntax_problem(exc: BaseException) -> str:
    """'is not well-formed XML at line N: reason' from an lxml syntax error."""
    line = getattr(exc, "lineno", None)
    reason = _LINE_SUFFIX.sub("", str(getattr(exc, "msg", None) or exc))
    where = f" at line {line}" if line else ""
    return f"is not well-formed XML{where}: {reason}"


def local_name(tag: object) -> str:
    """The local part of an lxml tag (``'{ns}hr'`` -> ``'hr'``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag[tag.rfind("}") + 1 :]


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first child with local name ``name`` (any namespace), else None."""
    child = element.find("{*}" + name)
    return None if child is None else child.text


# ---------------------------------------------------------------------- conversion


def to_floats(texts: Sequence[str | None], label: str, recovery: Recovery) -> np.ndarray:
    """Float64 array from number strings; None, blank and 'nan' are NaN.

    A string that is not a finite number becomes NaN with a note, or raises
    :class:`CorruptFileError` when strict.
    """
    if texts.count(None) == len(texts):
        return np.full(len(texts), np.nan)
    prepared = ["nan" if t is None else t for t in texts]
    try:
        values = np.array(prepared, dtype=np.float64)
        bad = np.isinf(values)
    except ValueError:  # garbage or blanks: the slow path finds which
        values = np.array([_float_or_nan(t) for t in prepared], dtype=np.float64)
        bad = np.isinf(values) | np.array([_is_bad_number(t) for t in prepared], dtype=bool)
    if bad.any():
        example = prepared[int(np.flatnonzero(bad)[0])].strip()
        recovery.recover(
            f"{int(bad.sum())} unreadable {label} value(s) (e.g. {example!r}) set to NaN"
        )
        values[bad] = np.nan
    return values


def _float_or_nan(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return np.nan


def _is_bad_number(text: str) -> bool:
    stripped = text.strip()
    return stripped not in ("", "nan") and np.isnan(_float_or_nan(stripped))


def parse_times(texts: Sequence[str | None], label: str, recovery: Recovery) -> np.ndarray:
    """UTC ``datetime64[ns]`` array (NaT where missing) from ISO-8601 strings.

    Offsets are applied; times without one are taken as UTC (as GPX and TCX
    specify). Times are truncated to the microsecond, the precision of Python
    datetimes. A present but unreadable time is NaT with a note (error when strict).
    """
    series = pd.Series(texts, dtype=object)
    parsed = pd.to_datetime(series, format="ISO8601", utc=True, errors="coerce")
    missing = parsed.isna().to_numpy()
    if missing.any():
        bad = missing & np.array([_is_text(t) for t in texts], dtype=bool)
        if bad.any():
            example = str(series[bad].iloc[0]).strip()
            recovery.recover(
                f"{int(bad.sum())} unreadable {label} value(s) (e.g. {example!r}) ignored"
            )
    return parsed.dt.floor("us").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def utc_offset_of(text: str | None) -> pd.Timedelta | None:
    """Local time minus UTC from an ISO-8601 time's suffix; None for 'Z', none or zero.

    A zero offset is treated like 'Z' (gpxpy cannot tell them apart and writers
    use both to mean plain UTC).
    """
    if not text:
        return None
    match = _OFFSET.search(text.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    offset = pd.Timedelta(hours=int(match.group(2)), minutes=int(match.group(3))) * sign
    return offset if offset != pd.Timedelta(0) else None


# ------------------------------------------------------------- samples -> Activity

#: Sport names the XML readers give to common sport labels (lower-cased).
SPORT_NAMES: Mapping[str, str] = {
    **dict.fromkeys(["run", "running", "trail_running", "trail running", "jogging"], "running"),
    **dict.fromkeys(["treadmill_running", "virtualrun", "virtual_run", "trailrun"], "running"),
    **dict.fromkeys(
        ["ride", "cycling", "biking", "bike", "road_biking", "mountain_biking"], "cycling"
    ),
    **dict.fromkeys(["virtualride", "ebikeride", "gravel_cycling", "indoor_cycling"], "cycling"),
    **dict.fromkeys(["walk", "walking"], "walking"),
    **dict.fromkeys(["hike", "hiking"], "hiking"),
    **dict.fromkeys(["swim", "swimming", "open_water_swimming", "lap_swimming"], "swimming"),
}
#: Sports whose cadence counts legs (steps or strides), so the doubling rule applies.
FOOT_SPORTS = frozenset({"running", "walking", "hiking"})
#: Below this median strides/min become steps/min (running, or unknown sport moving fast).
RUN_STRIDE_LIMIT = 120.0
#: The same for walking and hiking (walking steps/min rarely fall below it).
WALK_STRIDE_LIMIT = 80.0
#: A 90th percentile at or above this is already steps/min (no one strides this fast).
STEPS_P90 = 140.0
#: Unknown sport: median moving speed below this (m/s) is taken as walking.
WALK_SPEED_MPS = 1.9


def sport_name(label: str | None) -> str | None:
    """Canonical sport name for a file's label; unknown labels kept lower-cased."""
    if label is None or not label.strip():
        return None
    key = label.strip().lower()
    if key in ("unknown", "generic"):
        return None
    return SPORT_NAMES.get(key, key)


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
        derived = derived_speed(records.index.asi8, dist, records["timer_running"].to_numpy())
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
