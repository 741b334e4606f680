"""Was it running? Speed and cadence that no runner shows flag an activity recorded as a run.

A bike ride (or a car, a ski run) recorded in running mode must not be labelled a
race at 140 % of the athlete's VDOT. :func:`running_implausibility` returns the
evidence when the data cannot be running, else ``None``:

* **speed beyond world records**: the best 5-min (or 20-min) mean raw speed is
  worth more than :data:`MAX_RUNNING_VDOT` as a race (Daniels-Gilbert): the men's
  5000 m and 10 000 m world records are worth about VDOT 85, so 90 is out of reach
  of any runner;
* **cadence of a rider**: moving at :data:`CADENCE_CHECK_MPS` or faster (a 4:10/km
  pace) with a median cadence below :data:`MIN_RUNNING_CADENCE_SPM`. Runners at
  that speed take 150-200 steps per minute (Cavanagh & Kram 1989; Heiderscheit
  2011: 160-180 typical); pedalling cadence is 60-100 rpm and a wrist on a
  handlebar counts few or no steps.

Relative to the athlete (faster than anything they show) is judged by the
classifier (``RACE_VDOT_MAX`` in :mod:`runlytics.analysis.classify`).
"""

from __future__ import annotations

import numpy as np

from runlytics.analysis.best_efforts import best_efforts_of
from runlytics.analysis.prepare import PreparedActivity
from runlytics.evidence import Evidence
from runlytics.metrics.vdot import vdot_from_race
from runlytics.vocabulary import format_pace

#: A race worth more than this VDOT is beyond any runner (world records are about 85).
MAX_RUNNING_VDOT = 90.0
#: Efforts checked against :data:`MAX_RUNNING_VDOT` (rows of the best-efforts frame).
CHECKED_EFFORTS = ("5 min", "20 min")
#: At this moving speed (m/s) or faster, a runner's cadence is well above the minimum below.
CADENCE_CHECK_MPS = 4.0
#: Fewer steps per minute than this at :data:`CADENCE_CHECK_MPS` is not running.
MIN_RUNNING_CADENCE_SPM = 120.0
#: Share of moving time the cadence must cover to be judged.
CADENCE_COVERAGE = 0.5


def running_implausibility(prepared: PreparedActivity) -> Evidence | None:
    """Evidence that the activity was not running (see the module docstring), else ``None``."""
    efforts = best_efforts_of(prepared).loc[list(CHECKED_EFFORTS), ["speed_mps", "time_s"]]
    for name, (best, seconds) in zip(CHECKED_EFFORTS, efforts.to_numpy(), strict=True):
        if not (np.isfinite(best) and best > 0):
            continue
        vdot = vdot_from_race(float(best * seconds), float(seconds))
        if vdot > MAX_RUNNING_VDOT:
            text = (
                f"best {name} at {format_pace(float(best))} is worth VDOT {vdot:.0f} as a race, "
                "beyond any runner (world records are about 85): not running (a ride recorded "
                "as a run?)"
            )
            return Evidence("implausible_vdot", vdot, "ml/kg/min", text)
    records = prepared.records
    moving = records["moving"].to_numpy()
    speed = records["speed_mps"].to_numpy()
    cadence = records["cadence_spm"].to_numpy() if "cadence_spm" in records else None
    if cadence is None or not moving.any():
        return None
    fast = moving & (speed >= CADENCE_CHECK_MPS)
    if fast.sum() < 0.5 * moving.sum() or np.isfinite(cadence[fast]).mean() < CADENCE_COVERAGE:
        return None
    median = float(np.nanmedian(cadence[fast]))
    if median >= MIN_RUNNING_CADENCE_SPM:
        return None
    text = (
        f"median cadence {median:.0f}/min while moving at "
        f"{format_pace(float(np.median(speed[fast])))}: runners take "
        f"{MIN_RUNNING_CADENCE_SPM:.0f}+ steps/min at that speed, not running"
    )
    return Evidence("implausible_cadence", median, "1/min", text)
