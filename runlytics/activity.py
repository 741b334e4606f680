"""The canonical activity: one schema whatever the file format.

An :class:`Activity` holds three things:

* ``records``: one row per sample, indexed by a tz-aware UTC ``timestamp``;
* ``laps``: one row per lap;
* ``session``: a :class:`Session` with what describes the whole activity.

Readers build these through :func:`build_records`, :func:`build_laps` and
:func:`build_session`, so every format ends in exactly the same shape. The data
model is documented in ``docs/data-model.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

#: Float64 sample channels present in every ``records`` frame (NaN when absent).
RECORD_CHANNELS: tuple[str, ...] = (
    "elapsed_s",
    "distance_m",
    "speed_mps",
    "heart_rate_bpm",
    "cadence_spm",
    "altitude_m",
    "latitude_deg",
    "longitude_deg",
    "power_w",
    "temperature_c",
)
#: Every canonical ``records`` column, in order.
RECORD_COLUMNS: tuple[str, ...] = (*RECORD_CHANNELS, "lap", "timer_running")

#: Every ``laps`` column, in order.
LAP_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "elapsed_s",
    "timer_s",
    "distance_m",
    "avg_speed_mps",
    "avg_heart_rate_bpm",
    "max_heart_rate_bpm",
    "intensity",
    "trigger",
)
LAP_INTENSITIES = ("active", "rest", "warmup", "cooldown")
LAP_TRIGGERS = ("manual", "distance", "time", "position", "session_end")

#: Samples slower than this (m/s) do not count as moving time (see docs).
MOVING_SPEED_MPS = 0.5
#: Longest interval between two samples that can count as moving time (s).
MAX_MOVING_INTERVAL_S = 60.0


@dataclass(frozen=True)
class Session:
    """What describes a whole activity.

    ``utc_offset`` is local time minus UTC where the file tells it (FIT
    ``local_timestamp``, offsets in TCX/GPX times), else ``None``. ``notes``
    lists what the reader did to the data that a user should know (e.g. a
    cadence doubled, a damaged tail dropped).
    """

    sport: str | None
    sub_sport: str | None
    start_time: pd.Timestamp
    utc_offset: pd.Timedelta | None
    elapsed_s: float
    timer_s: float
    moving_s: float
    distance_m: float
    device: str | None
    format: str
    source: str
    notes: tuple[str, ...] = ()

    def to_series(self) -> pd.Series:
        """The session as a labelled Series (handy in a notebook)."""
        return pd.Series({k: getattr(self, k) for k in self.__dataclass_fields__}, dtype=object)


@dataclass(frozen=True, eq=False)
class Activity:
    """One recorded activity: ``records``, ``laps`` and ``session``.

    An immutable container, not a DataFrame subclass. Functions that transform
    an activity return a new one and leave their input untouched, so analyses
    may remember what they derived from an activity (compared by identity).
    """

    records: pd.DataFrame
    laps: pd.DataFrame
    session: Session

    def __repr__(self) -> str:
        s = self.session
        km = f"{s.distance_m / 1000:.2f} km" if np.isfinite(s.distance_m) else "no distance"
        return (
            f"<Activity {s.sport or 'unknown sport'} {s.start_time:%Y-%m-%d %H:%M} UTC, {km}, "
            f"{_hms(s.elapsed_s)} elapsed, {len(self.records)} records, {len(self.laps)} laps "
            f"({s.format}: {s.source})>"
        )

    @property
    def duration(self) -> pd.Timedelta:
        """Elapsed time from the first to the last record."""
        return pd.Timedelta(seconds=self.session.elapsed_s)


def _hms(seconds: float) -> str:
    if not np.isfinite(seconds):
        return "?"
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def utc_index(values: object) -> pd.DatetimeIndex:
    """A tz-aware UTC ``DatetimeIndex`` named ``timestamp`` from datetimes or epoch seconds."""
    arr = np.asarray(values)
    if arr.dtype.kind in "fiu":
        idx = pd.to_datetime(arr.astype("float64") * 1e9, unit="ns", utc=True)
    else:
        # to_datetime takes any list-like of datetimes or strings; pandas-stubs lists only some
        idx = pd.DatetimeIndex(pd.to_datetime(cast(pd.Index, values), utc=True))
    return pd.DatetimeIndex(idx.as_unit("ns"), name="timestamp")


def build_records(
    timestamp: pd.DatetimeIndex,
    channels: Mapping[str, object],
    *,
    timer_running: object | None = None,
    extra: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Assemble a canonical ``records`` frame.

    ``channels`` maps canonical channel names to arrays aligned with
    ``timestamp``; missing channels become NaN. ``extra`` holds other device
    fields, kept under their own names after the canonical columns. Rows
    without a time are dropped, rows are sorted by time (stable) and rows that
    share a timestamp are merged: each column takes the last non-missing value.
    A heart rate of 0 or less (what devices write without strap contact) is
    missing.
    ``lap`` is set to 0; :func:`build_laps` assigns real lap numbers.
    """
    unknown = set(channels) - set(RECORD_CHANNELS)
    if unknown:
        raise ValueError(f"not canonical channels: {sorted(unknown)}")
    timestamp = pd.DatetimeIndex(timestamp).as_unit("ns")
    n = len(timestamp)
    data: dict[str, np.ndarray] = {}
    for name in RECORD_CHANNELS:
        values = channels.get(name)
        data[name] = np.full(n, np.nan) if values is None else np.array(values, dtype="float64")
    data["lap"] = np.zeros(n, dtype="int64")
    running = np.ones(n, dtype=bool) if timer_running is None else np.asarray(timer_running, bool)
    data["timer_running"] = running
    for name, values in sorted((extra or {}).items()):
        if name not in data:
            data[name] = np.asarray(values)
    heart_rate = data["heart_rate_bpm"]
    heart_rate[heart_rate <= 0] = np.nan  # devices write 0 when the strap has no contact
    frame = pd.DataFrame(data, index=timestamp)
    frame = frame[frame.index.notna()]
    if not frame.index.is_monotonic_increasing:
        frame = frame.iloc[np.argsort(pd.DatetimeIndex(frame.index).asi8, kind="stable")]
    if frame.index.has_duplicates:
        frame = _merge_duplicate_times(frame)
    if len(frame):
        t = pd.DatetimeIndex(frame.index).asi8
        frame["elapsed_s"] = (t - t[0]) / 1e9
    frame.index.name = "timestamp"
    return frame


def _merge_duplicate_times(frame: pd.DataFrame) -> pd.DataFrame:
    """Merge rows sharing a timestamp: last non-missing value per column."""
    running = frame["timer_running"].groupby(level=0, sort=False).all()
    merged = frame.groupby(level=0, sort=False).last()
    merged["timer_running"] = running
    merged["lap"] = merged["lap"].astype("int64")
    return merged


def interval_seconds(records: pd.DataFrame) -> np.ndarray:
    """Seconds from the previous sample to each sample (0 for the first)."""
    t = pd.DatetimeIndex(records.index).asi8
    return np.diff(t, prepend=t[:1]) / 1e9 if len(t) else np.zeros(0)


def assign_laps(records: pd.DataFrame, lap_starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Number each record with the lap it belongs to (0-based).

    A sample belongs to the lap during which the interval ending at it was
    recorded, so a sample exactly on a lap boundary closes the earlier lap.
    """
    if len(lap_starts) == 0 or len(records) == 0:
        return records
    idx = np.searchsorted(lap_starts.asi8, pd.DatetimeIndex(records.index).asi8, side="left") - 1
    out = records.copy()
    out["lap"] = np.clip(idx, 0, len(lap_starts) - 1).astype("int64")
    return out


def build_laps(records: pd.DataFrame, file_laps: pd.DataFrame | None = None) -> pd.DataFrame:
    """The canonical ``laps`` frame: file values where given, else computed from records.

    ``file_laps`` (optional) has one row per lap in ``records['lap']`` order and
    any of :data:`LAP_COLUMNS`; NaN/missing values in it are filled from the
    records. Without it there is one lap per distinct ``records['lap']``.
    """
    derived = _laps_from_records(records)  # indexed by lap number
    if file_laps is None or file_laps.empty:
        return derived.reset_index(drop=True)
    given = _lap_dtypes(file_laps.reset_index(drop=True))
    return given.fillna(derived.reindex(given.index))


def _laps_from_records(records: pd.DataFrame) -> pd.DataFrame:
    """Lap values computed from the records, indexed by lap number.

    Laps are contiguous runs of ``lap``, NaN-aware (``fmax``/``fmin``) and
    time-weighted; a lap starts where the previous one ended.
    """
    if records.empty:
        return _lap_dtypes(pd.DataFrame(columns=list(LAP_COLUMNS)))
    t = pd.DatetimeIndex(records.index).asi8
    dt = interval_seconds(records)
    lap = records["lap"].to_numpy()
    first = np.flatnonzero(np.diff(lap, prepend=lap[0] - 1))  # first sample of each lap
    last = np.append(first[1:] - 1, len(lap) - 1)
    timer = np.where(records["timer_running"].to_numpy(), dt, 0.0)
    hr = records["heart_rate_bpm"].to_numpy()
    has_hr = np.isfinite(hr) & (timer > 0)
    dist = records["distance_m"].to_numpy()
    dist_end = np.fmax.reduceat(dist, first)
    dist_start = np.append(np.fmin.reduceat(dist, first)[:1], dist_end[:-1])
    timer_s = np.add.reduceat(timer, first)
    hr_t = np.add.reduceat(np.where(has_hr, timer, 0.0), first)
    starts = np.append(t[first[0]], t[last[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        laps = pd.DataFrame(
            {
                "start": pd.to_datetime(starts, utc=True),
                "end": pd.to_datetime(t[last], utc=True),
                "elapsed_s": (t[last] - starts) / 1e9,
                "timer_s": timer_s,
                "distance_m": dist_end - dist_start,
                "avg_speed_mps": np.where(timer_s > 0, (dist_end - dist_start) / timer_s, np.nan),
                "avg_heart_rate_bpm": np.where(
                    hr_t > 0,
                    np.add.reduceat(np.where(has_hr, hr * timer, 0.0), first) / hr_t,
                    np.nan,
                ),
                "max_heart_rate_bpm": np.fmax.reduceat(hr, first),
                "intensity": None,
                "trigger": None,
            }
        )
    laps = _lap_dtypes(laps)
    laps.index = lap[first]
    return laps[~laps.index.duplicated()]  # a lap number seen again later keeps its first run


def _lap_dtypes(laps: pd.DataFrame) -> pd.DataFrame:
    """Canonical lap columns and dtypes (missing columns become missing values)."""
    columns = {}
    for name in LAP_COLUMNS:
        values = laps[name] if name in laps else pd.Series(None, index=laps.index, dtype=object)
        if name in ("start", "end"):
            values = pd.to_datetime(values, utc=True).dt.as_unit("ns")
        elif name in ("intensity", "trigger"):
            values = values.astype("string")
        else:
            values = values.astype("float64")
        columns[name] = values
    return pd.DataFrame(columns).reset_index(drop=True)


def timer_seconds(records: pd.DataFrame) -> float:
    """Timed seconds: intervals that end at a sample with ``timer_running``."""
    return float(interval_seconds(records)[records["timer_running"].to_numpy()].sum())


def moving_seconds(records: pd.DataFrame, threshold_mps: float = MOVING_SPEED_MPS) -> float:
    """Seconds timed and at or above ``threshold_mps``.

    Speed is the ``speed_mps`` channel, or distance over time where it is
    missing. A file with neither gives the timer time (nothing tells stops).
    Intervals longer than :data:`MAX_MOVING_INTERVAL_S` count only that long
    (a recording gap or a clock jump is not a minute-long stride).
    """
    dt = interval_seconds(records)
    speed = records["speed_mps"].to_numpy()
    if np.isnan(speed).all():
        dist = records["distance_m"].to_numpy()
        if np.isnan(dist).all():
            return timer_seconds(records)
        with np.errstate(invalid="ignore", divide="ignore"):
            speed = np.diff(dist, prepend=dist[:1]) / dt
    moving = records["timer_running"].to_numpy() & (speed >= threshold_mps)
    return float(np.minimum(dt[moving], MAX_MOVING_INTERVAL_S).sum())


def build_session(
    records: pd.DataFrame,
    *,
    format: str,
    source: str,
    sport: str | None = None,
    sub_sport: str | None = None,
    start_time: pd.Timestamp | None = None,
    utc_offset: pd.Timedelta | None = None,
    elapsed_s: float | None = None,
    timer_s: float | None = None,
    distance_m: float | None = None,
    device: str | None = None,
    notes: tuple[str, ...] = (),
) -> Session:
    """A :class:`Session`: values the file gives win, the rest come from records."""
    t = records.index
    if start_time is None or pd.isna(start_time):
        start_time = t[0]
    if elapsed_s is None or not np.isfinite(elapsed_s):
        elapsed_s = (t[-1] - start_time).total_seconds() if len(t) else 0.0
    if timer_s is None or not np.isfinite(timer_s):
        timer_s = timer_seconds(records)
    if distance_m is None or not np.isfinite(distance_m):
        dist = records["distance_m"]
        distance_m = float(dist.max() - dist.min()) if dist.notna().any() else float("nan")
    return Session(
        sport=sport,
        sub_sport=sub_sport,
        start_time=pd.Timestamp(start_time).tz_convert("UTC"),
        utc_offset=utc_offset,
        elapsed_s=float(elapsed_s),
        timer_s=float(timer_s),
        moving_s=min(moving_seconds(records), float(timer_s)),
        distance_m=float(distance_m),
        device=device,
        format=format,
        source=source,
        notes=notes,
    )
