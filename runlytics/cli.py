"""The ``runlytics`` command line.

``runlytics read FILE...``   load activity files and print what they hold
``runlytics demo``           the main job on the bundled sample data
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from runlytics.activity import Activity
from runlytics.errors import RunlyticsError
from runlytics.io.read import read_activities

MAX_LAPS_SHOWN = 12


def _pace(seconds: float, metres: float) -> str:
    if not metres or not seconds or pd.isna(metres) or pd.isna(seconds):
        return "-"
    per_km = seconds / metres * 1000
    return f"{int(per_km // 60)}:{int(per_km % 60):02d}/km"


def describe(activity: Activity) -> str:
    """A few lines a coach can read: the session, then the laps."""
    s = activity.session
    lines = [repr(activity)]
    lines.append(
        f"  sport {s.sport or '?'}/{s.sub_sport or '?'}, device {s.device or '?'}, "
        f"timer {s.timer_s / 60:.1f} min, moving {s.moving_s / 60:.1f} min, "
        f"pace {_pace(s.moving_s, s.distance_m)}"
    )
    hr = activity.records["heart_rate_bpm"]
    if hr.notna().any():
        lines.append(f"  heart rate mean {hr.mean():.0f} bpm, max {hr.max():.0f} bpm")
    for note in s.notes:
        lines.append(f"  note: {note}")
    laps = activity.laps
    if len(laps) > 1:
        table = pd.DataFrame(
            {
                "km": (laps["distance_m"] / 1000).round(2),
                "time": (laps["timer_s"] / 60).round(1),
                "pace": [
                    _pace(t, d) for t, d in zip(laps["timer_s"], laps["distance_m"], strict=True)
                ],
                "hr": laps["avg_heart_rate_bpm"].round(0),
                "trigger": laps["trigger"],
            }
        )
        shown = table.head(MAX_LAPS_SHOWN).to_string(index=False).replace("\n", "\n  ")
        more = (
            f"\n  ... {len(table) - MAX_LAPS_SHOWN} more laps"
            if len(table) > MAX_LAPS_SHOWN
            else ""
        )
        lines.append("  laps:\n  " + shown + more)
    return "\n".join(lines)


def _read(paths: Sequence[str], engine: str | None, strict: bool) -> int:
    failures = 0
    for path in paths:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                activities = read_activities(path, engine=engine, strict=strict)
        except RunlyticsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        for warning in caught:
            print(f"warning: {warning.message}", file=sys.stderr)
        for activity in activities:
            print(describe(activity))
    return 1 if failures else 0


def _demo_files(folder: Path) -> list[Path]:
    """Three simulated runs written as real files (FIT.gz, GPX, TCX) into ``folder``."""
    from runlytics.io.fit_write import write_fit
    from runlytics.io.gpx_write import write_gpx
    from runlytics.io.tcx_write import write_tcx
    from runlytics.simulate import Runner, easy_run, intervals, long_run, simulate_run

    runner = Runner(name="demo", sex="male", age=35, hr_max=186, hr_rest=50, vdot=50)
    plan = [
        (intervals(6, distance_m=800, recovery_s=120), write_fit, "intervals.fit.gz"),
        (easy_run(40), write_gpx, "easy.gpx"),
        (long_run(18), write_tcx, "long.tcx"),
    ]
    paths = []
    for day, (workout, write, name) in enumerate(plan):
        run = simulate_run(workout, runner, start=f"2026-03-0{day + 2} 07:00", seed=day)
        write(run.activity, folder / name)
        paths.append(folder / name)
    return paths


def _demo() -> int:
    """Write a few simulated runs as real files, read them back and summarise them."""
    import tempfile

    from runlytics.athlete import Athlete
    from runlytics.summary import summarize

    athlete = Athlete(sex="male", hr_max=186, hr_rest=50)
    with tempfile.TemporaryDirectory() as tmp:
        for path in _demo_files(Path(tmp)):
            activity = read_activities(path)[0]
            print(describe(activity))
            summary = summarize(activity, athlete)
            keys = ["distance_m", "moving_s", "trimp_banister", "hrtss", "ef", "decoupling_pct"]
            print("  summary: " + ", ".join(f"{k} {summary[k]:.2f}" for k in keys if k in summary))
            print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="runlytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    read = commands.add_parser("read", help="load activity files and print what they hold")
    read.add_argument("paths", nargs="+", help="FIT/GPX/TCX/CSV files, optionally gzipped")
    read.add_argument("--engine", default=None, help="decoder engine (see docs/data-model.md)")
    read.add_argument("--strict", action="store_true", help="fail on damaged files")
    commands.add_parser("demo", help="the main job on the bundled sample data")
    args = parser.parse_args(argv)
    if args.command == "read":
        return _read(args.paths, args.engine, args.strict)
    return _demo()


if __name__ == "__main__":
    sys.exit(main())
