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

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
ACTIVITY_GLOBS = ("*.fit", "*.fit.gz", "*.gpx", "*.gpx.gz", "*.tcx", "*.tcx.gz")


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
        lines.append("  laps:\n" + table.to_string(index=False).replace("\n", "\n  "))
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="runlytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    read = commands.add_parser("read", help="load activity files and print what they hold")
    read.add_argument("paths", nargs="+", help="FIT/GPX/TCX/CSV files, optionally gzipped")
    read.add_argument("--engine", default=None, help="decoder engine (see docs/data-model.md)")
    read.add_argument("--strict", action="store_true", help="fail on damaged files")
    args = parser.parse_args(argv)
    if args.command == "read":
        return _read(args.paths, args.engine, args.strict)
    return 2


if __name__ == "__main__":
    sys.exit(main())
