"""Validate the history functions on fresh simulated athletes: layoffs, plateaus, phases, VDOT.

Run: ``python benchmarks/validate_history.py [--seeds 1 2] [--scenarios ivan boston control]``.

Each scenario of :mod:`runlytics.simulate.scenarios` is simulated with seeds other
than the samples' (0): other runs, courses, weather, heart-rate offsets and
noise, the same plan. Variations (``--variations``): the plans with a break
inserted (control: 18 days of injury from 2024-09-02; boston: 12 days from
2025-02-10), the days of the break becoming layoff days of the truth. Every
run is analysed with :func:`runlytics.analyze_run` for the athlete as a coach
would enter it (sex, age, HRmax, resting HR), into the
activities frame the history functions read; titles are Strava's defaults,
races keep their name (as the export writer does). Then, against the truth:

* layoffs: a found break matches a true one when both ends are within 3 days
  (precision, recall);
* plateaus: weeks inside a found plateau against the weeks of the phases the
  scenario's story calls flat (boston's "autumn mileage" and "more miles",
  ivan's "stalled"), with the default ``min_rise`` and with ``min_rise=0``;
* phases: share of weeks in the true phase, where the simulator's phase has a
  counterpart (a peak counts as build);
* VDOT: mean absolute error of the weekly fitness trend (weeks of good quality)
  against the true VDOT, and of the race VDOTs against the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import replace

import numpy as np
import pandas as pd

import runlytics as rl
from runlytics.athlete import local_date
from runlytics.simulate import scenarios
from runlytics.simulate.truth import PHASE_NAMES

FLAT_PHASES = {"autumn mileage", "more miles", "stalled"}


def frames(history: object, runner: object) -> tuple[pd.DataFrame, rl.Athlete]:
    """The activities frame of a simulated history, analysed as a coach would."""
    athlete = rl.Athlete(
        sex="male" if runner.sex == "M" else "female",  # type: ignore[attr-defined]
        hr_max=runner.hr_max,  # type: ignore[attr-defined]
        hr_rest=runner.hr_rest,  # type: ignore[attr-defined]
    )
    offset = pd.Timedelta(hours=runner.utc_offset_h)  # type: ignore[attr-defined]
    rows = []
    for i, run in enumerate(history.runs):  # type: ignore[attr-defined]
        activity = run.activity
        a = rl.analyze_run(activity, athlete)
        s = a.summary
        start = activity.session.start_time
        day = (start + offset).tz_localize(None).normalize()
        if activity.session.utc_offset is not None:
            day = local_date(activity)
        part = "Morning" if (start + offset).hour < 12 else "Evening"
        rows.append(
            {
                "activity_id": i + 1,
                "start_time": start,
                "local_date": day,
                "sport": "running",
                "name": run.truth.race.name if run.truth.race else f"{part} Run",
                "distance_m": s["distance_m"],
                "moving_s": s["moving_s"],
                "elapsed_s": s["elapsed_s"],
                "avg_heart_rate_bpm": s["avg_hr_bpm"],
                "avg_gap_speed_mps": s["avg_gap_speed_mps"],
                "label": a.label,
                "label_confidence": a.confidence,
                "trimp": s["trimp_banister"],
                "efficiency_factor": s["ef"],
                "decoupling_pct": s["decoupling_pct"],
                **{f"time_in_zone_{z}_s": s[f"time_in_zone_{z}_s"] for z in range(1, 6)},
            }
        )
    return pd.DataFrame(rows).set_index("activity_id"), athlete


def precision_recall(found: set[object], true: set[object]) -> tuple[float, float]:
    p = len(found & true) / len(found) if found else float("nan")
    r = len(found & true) / len(true) if true else float("nan")
    return p, r


def weeks_of(spans: list[tuple[pd.Timestamp, pd.Timestamp]]) -> set[pd.Timestamp]:
    """Mondays of the weeks whose Thursday lies in one of the [start, end) spans."""
    out = set()
    for start, end in spans:
        for day in pd.date_range(start, end - pd.Timedelta(days=1)):
            if day.day_of_week == 3:
                out.add(day - pd.Timedelta(days=3))
    return out


#: Breaks inserted into a scenario's plan: (first day, days).
VARIATIONS = {"control": (dt.date(2024, 9, 2), 18), "boston": (dt.date(2025, 2, 10), 12)}


def with_break(scenario: scenarios.Scenario, first: dt.date, days: int) -> scenarios.Scenario:
    """The scenario with ``days`` days of injury from ``first`` (a layoff in its truth)."""
    last = first + dt.timedelta(days=days)
    plan_days = tuple(
        replace(d, workout=None, phase="injury", layoff="injury") if first <= d.date < last else d
        for d in scenario.plan.days
    )
    return replace(scenario, plan=replace(scenario.plan, days=plan_days))


def validate(name: str, seed: int, variation: bool = False) -> dict[str, object]:
    t0 = time.perf_counter()
    scenario = getattr(scenarios, name)()
    if variation:
        scenario = with_break(scenario, *VARIATIONS[name])
    history = scenario.simulate(seed=seed)
    truth = history.truth()
    activities, athlete = frames(history, scenario.runner)
    seconds = time.perf_counter() - t0
    label = f"{name} seed {seed}" + (" + break" if variation else "")
    out: dict[str, object] = {"athlete": label, "runs": len(activities)}

    found = rl.detect_layoffs(activities)
    matched = {
        j
        for j, true in enumerate(truth.layoffs)
        for row in found.itertuples()
        if abs((row.start - pd.Timestamp(true.start)).days) <= 3
        and abs((row.end - pd.Timestamp(true.end)).days) <= 3
    }
    out["layoffs found/true/matched"] = f"{len(found)}/{len(truth.layoffs)}/{len(matched)}"

    flat = weeks_of(
        [(pd.Timestamp(a), pd.Timestamp(b)) for p, a, b in truth.phases if p in FLAT_PHASES]
    )
    for rise in (0.1, 0.0):
        plateaus = rl.detect_plateau(activities, athlete=athlete, min_rise=rise)
        got = weeks_of([(r.start, r.end + pd.Timedelta(days=1)) for r in plateaus.itertuples()])
        p, r = precision_recall(got, flat)
        out[f"plateau weeks P/R (min_rise {rise:g})"] = f"{p:.2f}/{r:.2f}" if flat or got else "-/-"

    phases = rl.detect_phases(activities, athlete=athlete)["phase"].replace({"peak": "build"})
    true_phase = pd.Series(None, index=phases.index, dtype=object)
    thursday = phases.index + pd.Timedelta(days=3)
    for p, a, b in truth.phases:
        inside = (thursday >= pd.Timestamp(a)) & (thursday < pd.Timestamp(b))
        true_phase[inside] = PHASE_NAMES.get(p)
    for race in truth.races:
        day = pd.Timestamp(race.date)
        true_phase[day - pd.Timedelta(days=day.day_of_week)] = "race"
    scored = true_phase.notna()
    out["phase agreement"] = (
        f"{(phases[scored] == true_phase[scored]).mean():.2f} of {scored.sum()}"
    )

    trend = rl.fitness_trend(activities, athlete=athlete)
    weekly = trend.weekly[trend.weekly["vdot_quality"] == "good"]
    true_vdot = pd.Series(
        truth.daily["vdot"], index=pd.date_range(truth.start, periods=len(truth.daily["vdot"]))
    )
    err = weekly["vdot"] - true_vdot.reindex(weekly.index + pd.Timedelta(days=6)).to_numpy()
    out["VDOT MAE (weeks)"] = f"{np.nanmean(np.abs(err)):.2f} ({len(weekly)}/{len(trend.weekly)})"
    races = rl.find_races(activities, athlete=athlete, trend=trend)
    races = races[races["is_race"]]
    found_days = {d.date() for d in races["date"]}
    true_days = {r.date for r in truth.races}
    p, r = precision_recall(found_days, true_days)
    vdot_err = [
        abs(float(races.loc[races["date"] == pd.Timestamp(x.date), "vdot"].iloc[0]) - x.result.vdot)
        for x in truth.races
        if x.date in found_days
    ]
    out["races P/R, VDOT err"] = f"{p:.2f}/{r:.2f}, {max(vdot_err, default=float('nan')):.2f}"
    out["simulate+analyse s"] = round(seconds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scenarios", nargs="+", default=["ivan", "boston", "control"])
    parser.add_argument("--variations", action="store_true", help="also the plans with a break")
    args = parser.parse_args()
    rows = [validate(name, seed) for seed in args.seeds for name in args.scenarios]
    if args.variations:
        rows += [
            validate(name, args.seeds[0], True) for name in VARIATIONS if name in args.scenarios
        ]
    table = pd.DataFrame(rows).set_index("athlete")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.T.to_string())


if __name__ == "__main__":
    main()
