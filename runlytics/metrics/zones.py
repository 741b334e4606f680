"""Heart-rate intensity: Karvonen reserve fraction, zone edges, time in zones.

Karvonen M.J., Kentala E., Mustala O. (1957). The effects of training on heart
rate; a longitudinal study. Ann Med Exp Biol Fenn 35:307-315. Heart-rate
reserve (HRR) fraction::

    x = (HR - HRrest) / (HRmax - HRrest)        [dimensionless, 0 at rest, 1 at HRmax]

Default zone model (``"hrr"``): five zones on %HRR with upper edges at 60, 70,
80 and 90 % HRR. Zone 1 is everything below 60 % HRR (it includes the
50-60 % "recovery" band and anything lower), zone 5 everything from 90 % up
(HR above HRmax included). The ``"hrmax"`` model uses the same fractions of
HRmax instead. A heart rate exactly on an edge belongs to the upper zone.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

ZoneModel = Literal["hrr", "hrmax"]
#: Upper edges of zones 1-4 as fractions of HRR (model "hrr") or HRmax (model "hrmax").
ZONE_FRACTIONS: tuple[float, ...] = (0.6, 0.7, 0.8, 0.9)


def hrr_fraction(hr_bpm: ArrayLike, hr_rest: float, hr_max: float) -> NDArray[np.float64]:
    """Karvonen heart-rate reserve fraction ``(HR - HRrest) / (HRmax - HRrest)`` (not clipped)."""
    if not hr_max > hr_rest:
        raise ValueError(f"hr_max ({hr_max}) must exceed hr_rest ({hr_rest})")
    return (np.asarray(hr_bpm, dtype="float64") - hr_rest) / (hr_max - hr_rest)


def zone_edges(
    hr_max: float,
    hr_rest: float | None = None,
    *,
    model: ZoneModel = "hrr",
    fractions: tuple[float, ...] = ZONE_FRACTIONS,
) -> NDArray[np.float64]:
    """Zone edges in bpm: ``HRrest + f (HRmax - HRrest)`` ("hrr") or ``f HRmax`` ("hrmax").

    ``len(fractions) + 1`` zones; the edges are the upper bounds of zones
    1..n-1 (defaults: 60/70/80/90 %).
    """
    f = np.asarray(fractions, dtype="float64")
    if model == "hrmax":
        return f * hr_max
    if model == "hrr":
        if hr_rest is None:
            raise ValueError("the 'hrr' zone model needs hr_rest")
        return hr_rest + f * (hr_max - hr_rest)
    raise ValueError(f"unknown zone model {model!r}; use 'hrr' or 'hrmax'")


def time_in_zones(hr_bpm: ArrayLike, dt_s: ArrayLike, edges_bpm: ArrayLike) -> NDArray[np.float64]:
    """Seconds spent in each zone (``len(edges) + 1`` values); samples without HR are ignored.

    ``dt_s`` is the duration each sample stands for (time-weighting).
    """
    hr = np.asarray(hr_bpm, dtype="float64")
    dt = np.asarray(dt_s, dtype="float64")
    edges = np.asarray(edges_bpm, dtype="float64")
    ok = np.isfinite(hr) & (dt > 0)
    zone = np.searchsorted(edges, hr[ok], side="right")
    return np.bincount(zone, weights=dt[ok], minlength=len(edges) + 1).astype("float64")
