"""Hill repeats from the altitude alone: the same climb run again and again.

On hill repeats the effort signal can lose the reps: uphill the raw speed *drops*,
and where the altitude is too noisy for grade-adjusted speed the segmentation falls
back to raw speed (see the effort signal), so the hard climbs look like the slow
parts of an easy run. The altitude still shows them, even from GPS: a climb of 10-50
m gained in 20 s to 3 min, repeated from the same foot of the hill after a jog down.

:func:`hill_repeats` smooths the prepared altitude (median then mean over
:data:`SMOOTH_S`), takes its **vertical speed**, and finds climbs: rising faster
than :data:`CLIMB_VZ` for :data:`MIN_CLIMB_S` to :data:`MAX_CLIMB_S` and gaining
:data:`MIN_GAIN_M` (pieces less than :data:`SMOOTH_S` apart joined). A set of at least
:data:`MIN_REPEATS` climbs is hill repeats when

* they start from the same foot: start altitudes within :data:`BASE_BAND` of the
  median gain (at least :data:`BASE_BAND_M`), so different hills on a route do not count;
* each follows the previous one after a return to its foot: the next climb starts within
  :data:`RETURN_FACTOR` x the climb's distance + :data:`RETURN_EXTRA_M` of its top (the
  jog or walk back down, a few steps at the bottom; any rest standing), so the same hill
  passed once per lap of a loop course does not count;
* with GPS, they start from the same place: every start within :data:`SAME_PLACE_M` of
  their median position (GPS altitude noise on a flat route makes bumps anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.ndimage import binary_closing, median_filter, uniform_filter1d

from runlytics.analysis.prepare import PreparedActivity
from runlytics.evidence import Evidence

#: Altitude smoothing (s): a median (GPS altitude jumps) then a mean of this length.
SMOOTH_S = 15
#: A climb rises faster than this (m/s; 0.08 m/s is a 3 % grade at 2.7 m/s) ...
CLIMB_VZ = 0.08
#: ... for this long (s) ...
MIN_CLIMB_S = 15
MAX_CLIMB_S = 300
#: ... and gains this much (m), moving.
MIN_GAIN_M = 6.0
#: Hill repeats are at least this many climbs ...
MIN_REPEATS = 4
#: ... from the same foot: start altitudes within this fraction of the median gain (or metres).
BASE_BAND = 0.5
BASE_BAND_M = 5.0
#: ... from the same place (m; GPS error is 5-20 m, and noise in the altitude moves where a
#: climb seems to start by tens of metres).
SAME_PLACE_M = 100.0
EARTH_RADIUS_M = 6_371_008.8
#: ... each starting within this factor of the previous climb's distance plus metres.
RETURN_FACTOR = 2.5
RETURN_EXTRA_M = 200.0


@dataclass(frozen=True)
class HillRepeats:
    """Climbs of hill repeats: ``count``, median ``gain_m``, ``duration_s`` and vertical
    speed (``vertical_mps``), and ``evidence`` stating them."""

    count: int
    gain_m: float
    duration_s: float
    vertical_mps: float
    evidence: Evidence


def hill_repeats(prepared: PreparedActivity) -> HillRepeats | None:
    """The hill repeats of a prepared run (see the module docstring), or ``None``."""
    records = prepared.records
    altitude = pd.Series(records["altitude_smooth_m"].to_numpy(dtype="float64"))
    if altitude.notna().sum() < 2 * MAX_CLIMB_S:
        return None
    a = altitude.interpolate(limit_direction="both").to_numpy()
    a = uniform_filter1d(median_filter(a, SMOOTH_S, mode="nearest"), SMOOTH_S, mode="nearest")
    rising = (np.gradient(a) > CLIMB_VZ) & records["moving"].to_numpy()
    rising = binary_closing(rising, np.ones(SMOOTH_S, dtype=bool))  # a climb cut by noise
    edges = np.flatnonzero(np.diff(np.r_[0, rising.astype(np.int8), 0]))
    start, end = edges[::2], edges[1::2] - 1
    gain = a[end] - a[start]
    length = end - start + 1
    keep = (length >= MIN_CLIMB_S) & (length <= MAX_CLIMB_S) & (gain >= MIN_GAIN_M)
    start, end, gain, length = start[keep], end[keep], gain[keep], length[keep]
    distance = records["distance_m"].interpolate(limit_direction="both").to_numpy()
    if not np.isfinite(distance).all():
        return None
    best = _longest_set(a[start], distance[start], distance[end], gain)
    if best is None or not _same_place(records, start[best]):
        return None
    g, s = float(np.median(gain[best])), float(np.median(length[best]))
    v = float(np.median(gain[best] / length[best]))
    text = (
        f"{len(best)} climbs of the same hill ({g:.0f} m in {s:.0f} s, median; vertical speed "
        f"{v * 60:.0f} m/min), each after a return to its foot: hill repeats"
    )
    return HillRepeats(len(best), g, s, v, Evidence("hill_repeats", len(best), "count", text))


def _same_place(records: pd.DataFrame, rows: np.ndarray) -> bool:
    """True if the rows' positions are within :data:`SAME_PLACE_M` of their median (or
    unknown)."""
    if "latitude_deg" not in records or "longitude_deg" not in records:
        return True
    lat = records["latitude_deg"].to_numpy()[rows]
    lon = records["longitude_deg"].to_numpy()[rows]
    if not (np.isfinite(lat).all() and np.isfinite(lon).all()):
        return True
    north = np.radians(lat - np.median(lat)) * EARTH_RADIUS_M
    east = np.radians(lon - np.median(lon)) * EARTH_RADIUS_M * np.cos(np.radians(lat))
    return bool(np.hypot(north, east).max() <= SAME_PLACE_M)


def _longest_set(
    base: np.ndarray, start_m: np.ndarray, end_m: np.ndarray, gain: np.ndarray
) -> np.ndarray | None:
    """Indices of the longest run of consecutive climbs from one foot, each soon after the
    last (by distance); ``None`` if shorter than :data:`MIN_REPEATS`."""
    if len(start_m) < MIN_REPEATS:
        return None
    climb = end_m[:-1] - start_m[:-1]
    soon = start_m[1:] - end_m[:-1] <= RETURN_FACTOR * climb + RETURN_EXTRA_M
    band = max(BASE_BAND_M, BASE_BAND * float(np.median(gain)))
    same = np.abs(np.diff(base)) <= band
    linked = np.r_[False, soon & same]
    best: np.ndarray | None = None
    group = [0]
    for i in range(1, len(start_m) + 1):
        if i < len(start_m) and linked[i]:
            group.append(i)
            continue
        if len(group) >= MIN_REPEATS and (best is None or len(group) > len(best)):
            best = np.asarray(group)
        group = [i]
    return best
