"""Invented courses: a path with altitude, and the GPS and barometer that record it.

A :class:`Course` is a polyline sampled every :data:`GRID_M` metres along the
path: east/north offsets (m) from an ``origin`` (lat, lon) and altitude (m).
Runners move along it by distance ``s``; :func:`fold` turns a distance run
into a position on an out-and-back stretch. Nothing here is a real place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from runlytics.simulate.physiology import FloatArray, first_order

#: Spacing of the course polyline, m.
GRID_M = 5.0
#: Metres per degree of latitude (spherical Earth, enough for a few km).
M_PER_DEG = 111_320.0

CourseKind = Literal["loop", "out_and_back", "hill", "track"]


@dataclass(frozen=True, eq=False)
class Course:
    """A path: distance ``s`` along it, east ``x``/north ``y`` offsets and altitude ``z`` (m).

    ``hill_start_m`` (hill courses) is where the climb begins: reps run up from there.
    """

    name: str
    kind: CourseKind
    s: FloatArray
    x: FloatArray
    y: FloatArray
    z: FloatArray
    origin: tuple[float, float]
    hill_start_m: float = float("nan")

    @property
    def length_m(self) -> float:
        """Length of the path, m."""
        return float(self.s[-1])

    @property
    def grade(self) -> FloatArray:
        """Decimal grade along the path (altitude differentiated over distance)."""
        return np.gradient(self.z, self.s)

    def at(self, s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """East, north, altitude and forward grade at distances ``s`` along the path."""
        pos = np.clip(s, 0.0, self.length_m)
        return (
            np.interp(pos, self.s, self.x),
            np.interp(pos, self.s, self.y),
            np.interp(pos, self.s, self.z),
            np.interp(pos, self.s, self.grade),
        )

    def to_latlon(self, east: FloatArray, north: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Latitude and longitude (degrees) of east/north offsets from the origin."""
        lat0, lon0 = self.origin
        lat = lat0 + north / M_PER_DEG
        lon = lon0 + east / (M_PER_DEG * np.cos(np.radians(lat0)))
        return lat, lon


def fold(u: FloatArray, lo: float, hi: float) -> tuple[FloatArray, FloatArray]:
    """Position in ``[lo, hi]`` and direction (+1/-1) after running ``u`` metres back and forth."""
    width = max(hi - lo, GRID_M)
    r = np.mod(u - lo, 2 * width)
    out = r < width
    return lo + np.where(out, r, 2 * width - r), np.where(out, 1.0, -1.0)


def _resample(x: FloatArray, y: FloatArray, length_m: float) -> tuple[FloatArray, ...]:
    """Scale a polyline to ``length_m`` and resample it every :data:`GRID_M` metres."""
    seg = np.hypot(np.diff(x), np.diff(y))
    s_raw = np.concatenate([[0.0], np.cumsum(seg)])
    scale = length_m / s_raw[-1]
    s = np.arange(0.0, length_m + GRID_M / 2, GRID_M)
    s[-1] = length_m
    return s, np.interp(s, s_raw * scale, x * scale), np.interp(s, s_raw * scale, y * scale)


def _profile(
    s: FloatArray, rng: np.random.Generator, relief_m: float, periodic: bool, max_grade: float
) -> FloatArray:
    """A smooth altitude profile: a few sinusoids, peak-to-peak at most ``relief_m``.

    Scaled down where needed so that no grade exceeds ``max_grade``.
    """
    length = s[-1]
    k = np.arange(1, 5)
    wavelength = length / k if periodic else rng.uniform(1500.0, 6000.0, k.size)
    amp = rng.uniform(0.3, 1.0, k.size) / k
    phase = rng.uniform(0, 2 * np.pi, k.size)
    z = (amp * np.sin(2 * np.pi * s[:, None] / wavelength + phase)).sum(axis=1)
    span, steepest = np.ptp(z), np.abs(np.gradient(z, s)).max()
    if span == 0:
        return np.zeros_like(s)
    return (z - z[0]) * min(relief_m / span, max_grade / steepest)


def loop_course(
    name: str,
    length_m: float,
    rng: np.random.Generator,
    *,
    origin: tuple[float, float],
    relief_m: float = 15.0,
    max_grade: float = 0.04,
    base_altitude_m: float = 120.0,
) -> Course:
    """A closed loop of irregular shape starting and ending at the origin."""
    theta = np.linspace(0, 2 * np.pi, 721)
    k = np.arange(2, 5)
    amp = rng.uniform(0.0, 0.18, k.size)
    phase = rng.uniform(0, 2 * np.pi, k.size)
    r = 1.0 + (amp * np.cos(k * theta[:, None] + phase)).sum(axis=1)
    rot = rng.uniform(0, 2 * np.pi)
    x, y = r * np.cos(theta + rot), r * np.sin(theta + rot)
    s, x, y = _resample(x - x[0], y - y[0], length_m)
    z = base_altitude_m + _profile(s, rng, relief_m, True, max_grade)
    return Course(name, "loop", s, x, y, z, origin)


def out_and_back_course(
    name: str,
    length_m: float,
    rng: np.random.Generator,
    *,
    origin: tuple[float, float],
    relief_m: float = 20.0,
    max_grade: float = 0.025,
    base_altitude_m: float = 120.0,
) -> Course:
    """A gently winding road of ``length_m`` from the origin (run out and back)."""
    n = int(length_m // GRID_M) + 1
    turn = first_order(rng.normal(0.0, 0.02, n), 60.0, 0.0)
    heading = rng.uniform(0, 2 * np.pi) + np.cumsum(turn)
    x = np.concatenate([[0.0], np.cumsum(np.cos(heading[:-1]))]) * GRID_M
    y = np.concatenate([[0.0], np.cumsum(np.sin(heading[:-1]))]) * GRID_M
    s, x, y = _resample(x, y, length_m)
    z = base_altitude_m + _profile(s, rng, relief_m, False, max_grade)
    return Course(name, "out_and_back", s, x, y, z, origin)


def hill_course(
    name: str,
    rng: np.random.Generator,
    *,
    origin: tuple[float, float],
    flat_m: float = 1500.0,
    climb_m: float = 500.0,
    grade: float = 0.06,
    base_altitude_m: float = 120.0,
) -> Course:
    """A flat approach of ``flat_m`` then a straight climb of ``climb_m`` at ``grade``."""
    length = flat_m + climb_m
    heading = rng.uniform(0, 2 * np.pi)
    s = np.arange(0.0, length + GRID_M / 2, GRID_M)
    bend = 0.15 * np.sin(np.pi * np.minimum(s, flat_m) / flat_m)
    x = np.cumsum(np.cos(heading + bend)) * GRID_M - GRID_M
    y = np.cumsum(np.sin(heading + bend)) * GRID_M
    climb = np.clip(s - flat_m, 0.0, None)
    # ease into the climb over 30 m so the grade has no step
    z = base_altitude_m + grade * np.where(climb < 30.0, climb**2 / 60.0, climb - 15.0)
    return Course(name, "hill", s, x, y, z, origin, hill_start_m=flat_m)


def track_course(name: str, rng: np.random.Generator, *, origin: tuple[float, float]) -> Course:
    """A 400 m standard track (two 84.39 m bends of radius 36.5 m), flat."""
    straight, radius = 84.39, 36.5
    t = np.linspace(0, 1, 801)
    bend_len = np.pi * radius
    perim = 2 * straight + 2 * bend_len
    u = t * perim
    x = np.select(
        [u < straight, u < straight + bend_len, u < 2 * straight + bend_len],
        [u, straight + radius * np.sin((u - straight) / radius), 2 * straight + bend_len - u],
        -radius * np.sin((u - 2 * straight - bend_len) / radius),
    )
    y = np.select(
        [u < straight, u < straight + bend_len, u < 2 * straight + bend_len],
        [
            np.zeros_like(u),
            radius - radius * np.cos((u - straight) / radius),
            np.full_like(u, 2 * radius),
        ],
        radius + radius * np.cos((u - 2 * straight - bend_len) / radius),
    )
    rot = rng.uniform(0, np.pi)
    xr, yr = x * np.cos(rot) - y * np.sin(rot), x * np.sin(rot) + y * np.cos(rot)
    s, xr, yr = _resample(xr, yr, 400.0)
    return Course(name, "track", s, xr, yr, np.full_like(s, 118.0), origin)


def shifted(course: Course, east_m: float, north_m: float) -> Course:
    """The same course moved by east/north metres (e.g. a track away from home)."""
    return Course(
        course.name,
        course.kind,
        course.s,
        course.x + east_m,
        course.y + north_m,
        course.z,
        course.origin,
        course.hill_start_m,
    )


def ar1(rng: np.random.Generator, n: int, sigma: float, tau_s: float) -> FloatArray:
    """Stationary AR(1) noise at 1 Hz: standard deviation ``sigma``, time constant ``tau_s``."""
    a = np.exp(-1.0 / tau_s)
    e = rng.normal(0.0, sigma * np.sqrt(1 - a**2), n)
    y = first_order(e / (1 - a), tau_s, rng.normal(0.0, sigma))
    return y


def gps_fix(
    course: Course,
    east: FloatArray,
    north: FloatArray,
    rng: np.random.Generator,
    sigma_m: float = 2.5,
    tau_s: float = 20.0,
) -> tuple[FloatArray, FloatArray]:
    """Latitude/longitude of a GPS receiver: true position plus correlated AR(1) error."""
    n = east.size
    return course.to_latlon(east + ar1(rng, n, sigma_m, tau_s), north + ar1(rng, n, sigma_m, tau_s))


def barometric_altitude(altitude: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Barometric altimeter: calibration offset, slow drift, noise, 0.2 m resolution."""
    n = altitude.size
    offset = rng.normal(0.0, 4.0)
    drift = ar1(rng, n, 1.0, 300.0)
    noisy = altitude + offset + drift + rng.normal(0.0, 0.15, n)
    return np.round(noisy * 5.0) / 5.0
