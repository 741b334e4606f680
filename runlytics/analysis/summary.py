"""One-run summary: distance, times, speeds, heart rate, zones, load, efficiency, fade.

:func:`summarize` returns a float Series whose index names carry the units.
Time-weighting and the sample sets used (from the prepared 1 Hz grid, each row
standing for the second ending at it):

* speeds over **moving** time: ``avg_speed_mps = distance_m / moving_s``;
  ``avg_gap_speed_mps`` the time-weighted mean grade-adjusted speed;
* heart rate, zones and loads over **active** time (timer running, not paused:
  standing recoveries between reps count, timer stops do not);
* ``ef``, ``decoupling_pct`` from :func:`~runlytics.analysis.efficiency.decoupling`
  and ``pace_fade_pct``, ``pace_fade_slope_mps_per_km`` from
  :func:`~runlytics.analysis.pacing.pace_fade`, with their default gates; the
  decoupling and fade values are NaN when the run is not steady (call those
  functions for the reason).

Athlete-dependent values (zones, TRIMP, hrTSS, rTSS) use the parameters in
force on the activity's local start date and are NaN when a needed parameter
or the heart rate is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.activity import Activity, interval_seconds
from runlytics.analysis.efficiency import decoupling_of
from runlytics.analysis.memo import per_activity
from runlytics.analysis.pacing import pace_fade_of
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.athlete import Athlete, AthleteParams, local_date
from runlytics.metrics.load import banister_trimp, edwards_trimp, hrtss, rtss
from runlytics.metrics.steadiness import weighted_mean
from runlytics.metrics.zones import ZONE_FRACTIONS, ZoneModel, time_in_zones, zone_edges

NAN = float("nan")


def summarize(
    activity: Activity, athlete: Athlete | None = None, *, zone_model: ZoneModel = "hrr"
) -> pd.Series:
    """Summary of one run as a float Series (SI units, named in the index).

    Accepts a raw or prepared activity (prepared with defaults if raw).
    ``zone_model`` is "hrr" (Karvonen %HRR, default) or "hrmax"; see
    :mod:`runlytics.metrics.zones`.
    """
    prepared = ensure_prepared(activity)
    values = dict(totals_of(prepared))
    r = prepared.records
    active_dt = np.where(r["paused"].to_numpy(), 0.0, interval_seconds(r))
    params = None if athlete is None else athlete.at(local_date(activity))
    hr, has_hr = r["heart_rate_bpm"].to_numpy(), values["hr_coverage"] > 0
    values |= _heart_rate_load(hr, active_dt, params, zone_model, has_hr)
    moving_s, avg_gap = values["moving_s"], values["avg_gap_speed_mps"]
    values["rtss"] = (
        rtss(moving_s, avg_gap, params.threshold_speed_mps)
        if params is not None and params.threshold_speed_mps is not None and moving_s > 0
        else NAN
    )
    dec, fade = decoupling_of(prepared), pace_fade_of(prepared)
    values |= {
        "ef": dec.ef,
        "decoupling_pct": dec.decoupling_pct if dec.steady else NAN,
        "pace_fade_pct": fade.fade_pct if fade.steady else NAN,
        "pace_fade_slope_mps_per_km": fade.slope_mps_per_km if fade.steady else NAN,
    }
    return pd.Series(values, dtype="float64", name=activity.session.source)


@per_activity
def totals_of(prepared: PreparedActivity) -> dict[str, float]:
    """The athlete-independent part of :func:`summarize`: distance, times, speeds, HR, climb."""
    r = prepared.records
    dt = interval_seconds(r)
    moving_dt = np.where(r["moving"].to_numpy(), dt, 0.0)
    active_dt = np.where(r["paused"].to_numpy(), 0.0, dt)
    timer_dt = np.where(r["timer_running"].to_numpy(), dt, 0.0)
    hr = r["heart_rate_bpm"].to_numpy()
    distance = r["distance_m"].to_numpy()
    moving_s = float(moving_dt.sum())
    dist = float(np.nanmax(distance) - np.nanmin(distance)) if np.isfinite(distance).any() else NAN
    avg_speed = dist / moving_s if moving_s > 0 else NAN
    avg_gap = weighted_mean(r["gap_speed_mps"].to_numpy(), moving_dt)
    active_s = float(active_dt.sum())
    hr_time = float(active_dt[np.isfinite(hr)].sum())
    climb = np.diff(r["altitude_smooth_m"].to_numpy())
    return {
        "distance_m": dist,
        "elapsed_s": float(dt.sum()),
        "timer_s": float(timer_dt.sum()),
        "moving_s": moving_s,
        "avg_speed_mps": avg_speed,
        "avg_pace_s_per_km": 1000.0 / avg_speed if avg_speed > 0 else NAN,
        "avg_gap_speed_mps": avg_gap,
        "avg_gap_pace_s_per_km": 1000.0 / avg_gap if avg_gap > 0 else NAN,
        "avg_hr_bpm": weighted_mean(hr, active_dt),
        "max_hr_bpm": float(np.nanmax(hr)) if hr_time > 0 else NAN,
        "hr_coverage": hr_time / active_s if active_s > 0 else NAN,
        "avg_cadence_spm": weighted_mean(r["cadence_spm"].to_numpy(), moving_dt),
        "avg_power_w": weighted_mean(r["power_w"].to_numpy(), moving_dt),
        "elevation_gain_m": float(np.nansum(np.maximum(climb, 0.0))),
        "elevation_loss_m": float(np.nansum(np.maximum(-climb, 0.0))),
    }


def _heart_rate_load(
    hr: np.ndarray,
    dt: np.ndarray,
    params: AthleteParams | None,
    zone_model: ZoneModel,
    has_hr: bool,
) -> dict[str, float]:
    """Time in zones, Banister and Edwards TRIMP, hrTSS (NaN where a parameter is missing)."""
    n_zones = len(ZONE_FRACTIONS) + 1
    out = {f"time_in_zone_{z}_s": NAN for z in range(1, n_zones + 1)}
    out |= {"trimp_banister": NAN, "trimp_edwards": NAN, "hrtss": NAN}
    p = params
    if p is None or p.hr_max is None or not has_hr:
        return out
    out["trimp_edwards"] = edwards_trimp(hr, dt, hr_max=p.hr_max)
    if zone_model == "hrmax" or p.hr_rest is not None:
        seconds = time_in_zones(hr, dt, zone_edges(p.hr_max, p.hr_rest, model=zone_model))
        out |= {f"time_in_zone_{z + 1}_s": float(s) for z, s in enumerate(seconds)}
    if p.hr_rest is not None and p.sex is not None:
        out["trimp_banister"] = banister_trimp(
            hr, dt, hr_rest=p.hr_rest, hr_max=p.hr_max, sex=p.sex
        )
        if p.hr_threshold is not None:
            out["hrtss"] = hrtss(
                hr, dt, hr_rest=p.hr_rest, hr_max=p.hr_max, hr_threshold=p.hr_threshold, sex=p.sex
            )
    return out
