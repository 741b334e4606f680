"""Training load of one session from heart rate or grade-adjusted speed.

* Banister TRIMP (Morton R.H., Fitz-Clarke J.R., Banister E.W. (1990). Modeling
  human performance in running. J Appl Physiol 69:1171-1177)::

      TRIMP = sum(dt_min * x * a * exp(b x)),  x = Karvonen HRR fraction clipped to [0, 1]

  with ``a = 0.64, b = 1.92`` for men and ``a = 0.86, b = 1.67`` for women. The
  sex is required: no default (some tools silently keep the male constants).
* Edwards TRIMP (Edwards S. (1993). The Heart Rate Monitor Book): minutes in
  50-60, 60-70, 70-80, 80-90, 90-100 % HRmax weighted 1..5 (below 50 % counts
  0, above HRmax counts 5).
* hrTSS-like score: Banister TRIMP normalised so that 60 min at threshold HR
  scores 100 (GoldenCheetah "TRIMP(100)", Elevate HRSS)::

      hrTSS = 100 * TRIMP / (60 * x_t * a * exp(b x_t)),  x_t = HRR fraction at threshold HR

* rTSS (TrainingPeaks): ``100 * hours * IF^2`` with ``IF = v_gap / v_threshold``, a
  speed ratio (a pace ratio would invert it).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from runlytics.metrics.zones import hrr_fraction

#: Banister weighting constants (a, b) per sex (Morton et al. 1990).
BANISTER_CONSTANTS: dict[str, tuple[float, float]] = {
    "male": (0.64, 1.92),
    "female": (0.86, 1.67),
}
#: Lower edges of Edwards' five zones as fractions of HRmax (weights 1..5).
EDWARDS_EDGES: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)


def banister_constants(sex: str) -> tuple[float, float]:
    """The Banister constants ``(a, b)`` for ``sex`` ("male"/"female", or "m"/"f")."""
    key = {"m": "male", "f": "female"}.get(sex.strip().lower(), sex.strip().lower())
    try:
        return BANISTER_CONSTANTS[key]
    except KeyError:
        raise ValueError(
            f"sex must be 'male' or 'female' for Banister TRIMP, not {sex!r}"
        ) from None


def banister_trimp(
    hr_bpm: ArrayLike, dt_s: ArrayLike, *, hr_rest: float, hr_max: float, sex: str
) -> float:
    """Banister TRIMP (arbitrary units, minutes x weighted HRR); samples without HR add 0."""
    a, b = banister_constants(sex)
    x = np.clip(hrr_fraction(hr_bpm, hr_rest, hr_max), 0.0, 1.0)
    dt_min = np.asarray(dt_s, dtype="float64") / 60.0
    terms = dt_min * x * a * np.exp(b * x)
    return float(np.nansum(terms))


def edwards_trimp(hr_bpm: ArrayLike, dt_s: ArrayLike, *, hr_max: float) -> float:
    """Edwards TRIMP: minutes in each 10 % HRmax band from 50 % times its weight 1..5."""
    hr = np.asarray(hr_bpm, dtype="float64")
    dt = np.asarray(dt_s, dtype="float64")
    ok = np.isfinite(hr)
    weight = np.searchsorted(np.asarray(EDWARDS_EDGES) * hr_max, hr[ok], side="right")
    return float(np.sum(weight * dt[ok]) / 60.0)


def hrtss(
    hr_bpm: ArrayLike,
    dt_s: ArrayLike,
    *,
    hr_rest: float,
    hr_max: float,
    hr_threshold: float,
    sex: str,
) -> float:
    """hrTSS-like load: Banister TRIMP scaled so 60 min at threshold HR = 100."""
    a, b = banister_constants(sex)
    x_t = float(hrr_fraction(hr_threshold, hr_rest, hr_max))
    if not 0 < x_t <= 1:
        raise ValueError(f"hr_threshold {hr_threshold} must lie between hr_rest and hr_max")
    hour_at_threshold = 60.0 * x_t * a * np.exp(b * x_t)
    trimp = banister_trimp(hr_bpm, dt_s, hr_rest=hr_rest, hr_max=hr_max, sex=sex)
    return 100.0 * trimp / hour_at_threshold


def rtss(duration_s: float, gap_speed_mps: float, threshold_speed_mps: float) -> float:
    """rTSS = 100 * hours * IF^2, IF = mean grade-adjusted speed / threshold speed (m/s)."""
    if not threshold_speed_mps > 0:
        raise ValueError("threshold_speed_mps must be positive")
    intensity = gap_speed_mps / threshold_speed_mps
    return 100.0 * duration_s / 3600.0 * intensity**2
