"""Prepare an activity for analysis: 1 Hz grid, pauses, GPS spikes, grade, GAP, moving.

:func:`prepare` returns a new :class:`~runlytics.activity.Activity` whose
``records`` sit on a regular 1 Hz grid and carry, besides every canonical
column, the analysis columns ``gap``, ``paused``, ``moving``,
``altitude_smooth_m``, ``grade`` and ``gap_speed_mps``. The rules (and their
thresholds, all parameters) are documented in ``docs/analysis.md``; in short:

* **Grid.** One row per whole second from the first sample (the last fraction
  of a second is dropped). Row ``i`` stands for the second ending at it, like a
  canonical sample, so ``lap``/``timer_running`` come from the raw sample that
  ends the interval holding the row. ``gap`` is True on rows no raw sample
  falls on (nearest second).
* **Gaps.** Raw intervals up to ``max_gap_s`` are interpolated linearly for every
  channel. Across a longer interval, instantaneous channels (speed, HR,
  cadence, power, temperature) are left missing; distance and position are
  interpolated, or held where the interval is a pause.
* **Pauses.** An interval is a pause if the timer was stopped
  (``timer_running`` False), or if it is longer than ``max_gap_s`` and the data
  do not show movement across it (mean speed below ``moving_threshold_mps``,
  or no speed/distance to tell).
* **Spikes.** A GPS fix is a spike when the implied speed to a neighbour
  exceeds ``max_speed_mps`` and it lies farther than ``max_speed_mps x dt`` from
  the median position of its 5-fix neighbourhood; it is replaced by
  interpolation. Distance steps faster than ``max_speed_mps`` are replaced by the
  neighbouring plausible speed x time; negative steps become 0. Speed samples
  above ``max_speed_mps`` are dropped.
* **Altitude and grade.** Altitude is resampled on a 1 m distance axis,
  smoothed by a centred moving average of ``altitude_window_m`` applied twice,
  differentiated, and the grade clipped to ±0.45. No altitude or no distance:
  grade 0.
* **GAP.** ``gap_speed_mps = speed_mps * Cr(grade) / Cr(0)`` (Minetti 2002).
* **Moving.** ``moving = not paused and speed_mps >= moving_threshold_mps``;
  without any speed or distance, ``moving = not paused``.

The result is a :class:`PreparedActivity` (an :class:`Activity` that carries
the :class:`PrepareParams` it was prepared with), so that a second
:func:`prepare` is a no-op; ``session.moving_s`` is the prepared moving time.
:func:`ensure_prepared` remembers the prepared copy of each raw activity (by
identity, for as long as the raw activity lives), so analysis functions called
one after another on the same activity prepare it once.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.ndimage import median_filter, uniform_filter1d

from runlytics.activity import MOVING_SPEED_MPS, RECORD_CHANNELS, RECORD_COLUMNS, Activity
from runlytics.analysis.memo import per_activity
from runlytics.errors import MissingDataError
from runlytics.metrics.gap import MAX_GRADE, gap_speed

#: Columns :func:`prepare` adds after the canonical ones.
PREPARED_COLUMNS: tuple[str, ...] = (
    "gap",
    "paused",
    "moving",
    "altitude_smooth_m",
    "grade",
    "gap_speed_mps",
)
MAX_GAP_S = 15.0
MAX_RUNNING_SPEED_MPS = 12.0
ALTITUDE_WINDOW_M = 20.0

_EARTH_RADIUS_M = 6_371_008.8
_DISTANCE_STEP_M = 1.0
_INSTANT_CHANNELS = ("heart_rate_bpm", "cadence_spm", "power_w", "temperature_c")
_EPS_S = 1e-6

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclasses.dataclass(frozen=True)
class PrepareParams:
    """The parameters of :func:`prepare` (see its docstring)."""

    moving_threshold_mps: float = MOVING_SPEED_MPS
    max_gap_s: float = MAX_GAP_S
    max_speed_mps: float = MAX_RUNNING_SPEED_MPS
    altitude_window_m: float = ALTITUDE_WINDOW_M


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class PreparedActivity(Activity):
    """An activity on the 1 Hz analysis grid, with the parameters it was prepared with."""

    params: PrepareParams = PrepareParams()


def is_prepared(activity: Activity) -> bool:
    """True if ``activity`` came out of :func:`prepare`."""
    return isinstance(activity, PreparedActivity)


def ensure_prepared(activity: Activity) -> PreparedActivity:
    """``activity`` itself if already prepared (with any parameters), else ``prepare(activity)``.

    The prepared copy of a raw activity is remembered while the raw activity
    lives, so a second call costs nothing.
    """
    return activity if isinstance(activity, PreparedActivity) else _prepared_copy(activity)


def prepare(
    activity: Activity,
    *,
    moving_threshold_mps: float = MOVING_SPEED_MPS,
    max_gap_s: float = MAX_GAP_S,
    max_speed_mps: float = MAX_RUNNING_SPEED_MPS,
    altitude_window_m: float = ALTITUDE_WINDOW_M,
) -> PreparedActivity:
    """A new activity on a 1 Hz grid with pauses, spikes, grade, GAP and moving resolved.

    Parameters: ``moving_threshold_mps`` (slower is not moving), ``max_gap_s``
    (longest recording gap interpolated for instantaneous channels; longer
    gaps without movement are pauses), ``max_speed_mps`` (faster is a GPS or
    sensor spike; 12 m/s suits running), ``altitude_window_m`` (altitude
    smoothing window over distance). See the module docstring.

    Idempotent: an already prepared activity is returned unchanged; asking for
    other parameters then raises ``ValueError`` (prepare the raw activity
    instead). The input is never modified.
    """
    params = PrepareParams(moving_threshold_mps, max_gap_s, max_speed_mps, altitude_window_m)
    if isinstance(activity, PreparedActivity):
        if activity.params != params:
            raise ValueError(
                f"activity already prepared with {activity.params}; prepare the raw activity "
                "to change them"
            )
        return activity
    records = activity.records
    if records.empty:
        raise MissingDataError(activity.session.source, "has no records to prepare")
    ns = pd.DatetimeIndex(records.index).asi8
    t = (ns - ns[0]) / 1e9
    grid = _Grid.build(t)
    clean = _Clean.of(t, records, max_speed_mps)
    timer = records["timer_running"].to_numpy(dtype=bool)

    # Pauses: timer stopped, or a long gap the data do not show movement across.
    long_gap = np.diff(t, prepend=t[0]) > max_gap_s
    still = ~(_interval_speed(t, clean.distance, clean.speed) >= moving_threshold_mps)
    inferred = long_gap & timer & still
    paused_raw = ~timer | inferred
    paused = paused_raw[grid.interval]
    long_pause = (long_gap & paused_raw)[grid.interval]

    out = _resample(grid, t, records, clean, long_pause, max_gap_s)
    speed = out["speed_mps"]
    moving = ~paused & (speed >= moving_threshold_mps) if np.isfinite(speed).any() else ~paused
    altitude_smooth, grade = _smooth_altitude(
        out["distance_m"], out["altitude_m"], ~moving, altitude_window_m
    )
    frame = pd.DataFrame(
        {
            **out,
            "lap": records["lap"].to_numpy()[grid.interval],
            "timer_running": timer[grid.interval],
            "gap": grid.gap,
            "paused": paused,
            "moving": moving,
            "altitude_smooth_m": altitude_smooth,
            "grade": grade,
            "gap_speed_mps": gap_speed(speed, grade),
        },
        index=pd.DatetimeIndex(
            records.index[0] + pd.to_timedelta(grid.t, unit="s"), name="timestamp"
        ),
    )
    notes = []
    if clean.spikes:
        notes.append(f"prepare: GPS spikes removed: {clean.spikes}")
    if clean.replaced:
        notes.append(f"prepare: implausible distance/speed samples replaced: {clean.replaced}")
    if inferred.any():
        notes.append(f"prepare: pauses inferred from recording gaps: {int(inferred.sum())}")
    session = dataclasses.replace(
        activity.session,
        moving_s=float(moving[1:].sum()),
        notes=(*activity.session.notes, *notes),
    )
    return PreparedActivity(
        _with_extras(frame, records, grid), activity.laps.copy(), session, params
    )


@per_activity
def _prepared_copy(activity: Activity) -> PreparedActivity:
    return prepare(activity)


@dataclasses.dataclass(frozen=True)
class _Grid:
    """The 1 Hz grid: seconds from the first sample, raw interval of each row, gap flag."""

    t: Array
    interval: NDArray[np.intp]
    gap: Mask

    @classmethod
    def build(cls, t: Array) -> _Grid:
        g = np.arange(int(np.floor(t[-1] + _EPS_S)) + 1, dtype="float64")
        interval = np.minimum(np.searchsorted(t, g - _EPS_S, side="left"), len(t) - 1)
        hit = np.zeros(len(g), dtype=bool)
        rows = np.rint(t).astype(np.intp)
        hit[rows[rows < len(g)]] = True
        return cls(g, interval, ~hit)


@dataclasses.dataclass(frozen=True)
class _Clean:
    """Raw samples with spikes removed: positions, distance, speed, and what was replaced."""

    latitude: Array
    longitude: Array
    distance: Array
    speed: Array
    spikes: int
    replaced: int

    @classmethod
    def of(cls, t: Array, records: pd.DataFrame, max_speed: float) -> _Clean:
        lat = records["latitude_deg"].to_numpy(dtype="float64")
        lon = records["longitude_deg"].to_numpy(dtype="float64")
        spikes = _gps_spikes(t, lat, lon, max_speed)
        lat, lon = np.where(spikes, np.nan, lat), np.where(spikes, np.nan, lon)
        distance = records["distance_m"].to_numpy(dtype="float64")
        if not np.isfinite(distance).any():
            distance = _distance_from_positions(lat, lon)
        distance, bad_steps = _clean_distance(t, distance, max_speed)
        speed = records["speed_mps"].to_numpy(dtype="float64")
        implausible = (speed > max_speed) | (speed < 0)
        speed = np.where(implausible, np.nan, speed)
        replaced = bad_steps + int(implausible.sum())
        return cls(lat, lon, distance, speed, int(spikes.sum()), replaced)


def _resample(
    grid: _Grid,
    t: Array,
    records: pd.DataFrame,
    clean: _Clean,
    long_pause: Mask,
    max_gap_s: float,
) -> dict[str, Array]:
    """Every canonical float channel on the grid (see the module docstring for the rules)."""
    held = grid.gap & long_pause
    out = {"elapsed_s": grid.t.copy()}
    for name in _INSTANT_CHANNELS:
        raw = records[name].to_numpy(dtype="float64")
        out[name] = _interp_instant(grid.t, t, raw, max_gap_s)
    track = {
        "latitude_deg": clean.latitude,
        "longitude_deg": clean.longitude,
        "altitude_m": records["altitude_m"].to_numpy(dtype="float64"),
    }
    for name, raw in track.items():
        out[name] = _interp_track(grid.t, t, raw, held, fill_ends=False)
    distance = _interp_track(grid.t, t, clean.distance, held, fill_ends=True)
    device_speed = _interp_instant(grid.t, t, clean.speed, max_gap_s)
    out["distance_m"], out["speed_mps"] = _distance_and_speed(distance, device_speed, long_pause)
    return {name: out[name] for name in RECORD_CHANNELS}


def _planar_m(lat1: Array, lon1: Array, lat2: Array, lon2: Array) -> Array:
    """Equirectangular distance in metres (exact enough below a few km)."""
    phi = np.radians((lat1 + lat2) / 2)
    dx = np.radians(lon2 - lon1) * np.cos(phi)
    dy = np.radians(lat2 - lat1)
    return _EARTH_RADIUS_M * np.hypot(dx, dy)


def _gps_spikes(t: Array, lat: Array, lon: Array, max_speed: float) -> Mask:
    """Fixes too fast to reach or leave and far from their 5-fix median position."""
    spikes = np.zeros(len(t), dtype=bool)
    idx = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if len(idx) < 3:
        return spikes
    la, lo, tt = lat[idx], lon[idx], t[idx]
    deviation = _planar_m(
        la, lo, median_filter(la, size=5, mode="nearest"), median_filter(lo, size=5, mode="nearest")
    )
    step = _planar_m(la[:-1], lo[:-1], la[1:], lo[1:])
    dt = np.maximum(np.diff(tt), _EPS_S)
    speed = step / dt
    fast_in = np.concatenate(([False], speed > max_speed))
    fast_out = np.concatenate((speed > max_speed, [False]))
    shortest = np.minimum(np.concatenate(([np.inf], dt)), np.concatenate((dt, [np.inf])))
    spikes[idx] = (fast_in | fast_out) & (deviation > max_speed * shortest)
    return spikes


def _distance_from_positions(lat: Array, lon: Array) -> Array:
    """Cumulative distance (m) along valid fixes; NaN where there is no fix."""
    dist = np.full(len(lat), np.nan)
    idx = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if len(idx):
        step = _planar_m(lat[idx[:-1]], lon[idx[:-1]], lat[idx[1:]], lon[idx[1:]])
        dist[idx] = np.concatenate(([0.0], np.cumsum(step)))
    return dist


def _clean_distance(t: Array, dist: Array, max_speed: float) -> tuple[Array, int]:
    """Non-decreasing distance: negative steps -> 0, too-fast steps -> neighbours' speed x dt."""
    idx = np.flatnonzero(np.isfinite(dist))
    if len(idx) < 2:
        return dist, 0
    tt, d = t[idx], dist[idx]
    step, dt = np.diff(d), np.maximum(np.diff(tt), _EPS_S)
    bad = step > max_speed * dt
    if bad.any():
        good = ~bad & (step >= 0)
        mid = (tt[1:] + tt[:-1]) / 2
        speed = step / dt
        fill = np.interp(mid[bad], mid[good], speed[good]) if good.any() else np.zeros(bad.sum())
        step = step.copy()
        step[bad] = fill * dt[bad]
    step = np.maximum(step, 0.0)
    out = np.full(len(dist), np.nan)
    out[idx] = d[0] + np.concatenate(([0.0], np.cumsum(step)))
    return out, int(bad.sum())


def _interval_speed(t: Array, dist: Array, speed: Array) -> Array:
    """Mean speed over each raw interval: distance / time, else the mean of its end speeds."""
    dt = np.diff(t, prepend=t[0])
    with np.errstate(invalid="ignore", divide="ignore"):
        by_distance = np.diff(dist, prepend=np.nan) / dt
        by_speed = (speed + np.concatenate(([np.nan], speed[:-1]))) / 2
    return np.where(np.isfinite(by_distance), by_distance, by_speed)


def _neighbours(tv: Array, g: Array) -> tuple[NDArray[np.intp], Mask]:
    """Index of the first valid sample at or after each row, and whether the row is on it."""
    right = np.searchsorted(tv, g - _EPS_S, side="left")
    on = (right < len(tv)) & (np.abs(tv[np.minimum(right, len(tv) - 1)] - g) <= _EPS_S)
    return right, on


def _interp_instant(g: Array, t: Array, x: Array, max_gap_s: float) -> Array:
    """Linear between valid samples at most ``max_gap_s`` apart, else NaN; no extrapolation."""
    ok = np.isfinite(x)
    if not ok.any():
        return np.full(len(g), np.nan)
    tv, xv = t[ok], x[ok]
    right, on = _neighbours(tv, g)
    inside = (right > 0) & (right < len(tv))
    span = tv[np.minimum(right, len(tv) - 1)] - tv[np.maximum(right - 1, 0)]
    keep = on | (inside & (span <= max_gap_s + _EPS_S))
    return np.where(keep, np.interp(g, tv, xv), np.nan)


def _interp_track(g: Array, t: Array, x: Array, held: Mask, *, fill_ends: bool) -> Array:
    """Linear between valid samples, held at the previous one on ``held`` rows.

    Outside the valid samples: their end values if ``fill_ends``, else NaN.
    """
    ok = np.isfinite(x)
    if not ok.any():
        return np.full(len(g), np.nan)
    tv, xv = t[ok], x[ok]
    right, on = _neighbours(tv, g)
    out = np.interp(g, tv, xv)
    previous = xv[np.clip(right - 1, 0, len(tv) - 1)]
    out = np.where(held & ~on & (right > 0), previous, out)
    if not fill_ends:
        out[(g < tv[0] - _EPS_S) | (g > tv[-1] + _EPS_S)] = np.nan
    return out


def _distance_and_speed(
    distance: Array, device_speed: Array, no_derived: Mask
) -> tuple[Array, Array]:
    """Distance and speed completed from each other.

    Speed is the device's where it has one, else the distance step per second
    (not across long pauses). Without distance, distance integrates that speed.
    """
    if np.isfinite(distance).any():
        derived = np.diff(distance, prepend=np.nan)
        if len(derived) > 1:
            derived[0] = derived[1]
        derived[no_derived] = np.nan
        return distance, np.where(np.isfinite(device_speed), device_speed, derived)
    if not np.isfinite(device_speed).any():
        return distance, device_speed
    step = np.where(np.isfinite(device_speed), device_speed, 0.0)
    step[0] = 0.0
    return np.cumsum(step), device_speed


def _smooth_altitude(
    distance: Array, altitude: Array, still: Mask, window_m: float
) -> tuple[Array, Array]:
    """Altitude smoothed over distance (moving average of ``window_m``, twice) and its grade.

    Altitude changed while not moving (``still``: stops, pauses, where distance
    does not grow) is set aside before smoothing and added back after, so it
    shows in the altitude but makes no grade.
    """
    grade = np.zeros(len(distance))
    known = np.isfinite(distance)
    step = np.diff(altitude, prepend=np.nan)
    offset = np.cumsum(np.where(still & np.isfinite(step), step, 0.0))
    ok = known & np.isfinite(altitude)
    if not ok.any():
        return np.full(len(distance), np.nan), grade
    d, a = distance[ok], altitude[ok] - offset[ok]
    if d[-1] - d[0] < _DISTANCE_STEP_M:
        return np.where(known, np.interp(distance, d, a) + offset, altitude), grade
    # Mean altitude per distinct distance (standing still records several).
    ud, inverse = np.unique(d, return_inverse=True)
    ua = np.bincount(inverse, weights=a) / np.bincount(inverse)
    axis = np.arange(ud[0], ud[-1] + _DISTANCE_STEP_M, _DISTANCE_STEP_M)
    size = 2 * round(window_m / _DISTANCE_STEP_M / 2) + 1
    profile = np.interp(axis, ud, ua)
    for _ in range(2):
        profile = uniform_filter1d(profile, size=size, mode="nearest")
    slope = np.clip(np.gradient(profile, _DISTANCE_STEP_M), -MAX_GRADE, MAX_GRADE)
    smooth = np.full(len(distance), np.nan)
    smooth[known] = np.interp(distance[known], axis, profile) + offset[known]
    grade[known] = np.interp(distance[known], axis, slope)
    return smooth, grade


def _with_extras(frame: pd.DataFrame, records: pd.DataFrame, grid: _Grid) -> pd.DataFrame:
    """Non-canonical device fields: their value on rows a raw sample falls on, else missing."""
    extras = [c for c in records.columns if c not in RECORD_COLUMNS and c not in frame.columns]
    if not extras:
        return frame
    source = np.full(len(grid.t), -1, dtype=np.intp)
    ns = pd.DatetimeIndex(records.index).asi8
    t = (ns - ns[0]) / 1e9
    rows = np.rint(t).astype(np.intp)
    inside = rows < len(grid.t)
    source[rows[inside]] = np.flatnonzero(inside)
    values = records[extras].reset_index(drop=True).reindex(source)
    values.index = frame.index
    return pd.concat([frame, values], axis=1)
