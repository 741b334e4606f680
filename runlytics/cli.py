"""The ``runlytics`` command line.

``runlytics read FILE...``   load activity files and print what they hold
``runlytics demo``           the main job on the bundled sample data
``runlytics samples``        regenerate the sample data from the simulator
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
from runlytics.vocabulary import format_pace

MAX_LAPS_SHOWN = 12
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _pace(seconds: float, metres: float) -> str:
    if not metres or not seconds or pd.isna(metres) or pd.isna(seconds):
        return "-"
    return format_pace(metres / seconds)


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


def _label_counts(export: Path, files: pd.Series) -> pd.Series:
    """Workout labels of the runs whose files are listed (paths relative to ``export``)."""
    from runlytics.analysis.classify import classify_run

    labels = [classify_run(read_activities(export / name)[0]).label for name in files]
    return pd.Series(labels, dtype="string").value_counts()


def _demo_athlete(export: Path, weeks: int) -> None:
    from runlytics.io.training_log import read_training_log

    log = read_training_log(export / "activities.csv")
    runs = log[log["sport"] == "running"]
    first, last = runs["start_time"].min(), runs["start_time"].max()
    print(
        f"== {export.name}: {len(runs)} runs, {runs['distance_m'].sum() / 1000:,.0f} km, "
        f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    )
    weekly = runs.set_index("start_time")["distance_m"].resample("W").sum() / 1000
    recent = weekly.tail(weeks)
    print(f"   weekly km, last {weeks} weeks: " + " ".join(f"{km:.0f}" for km in recent))
    window = runs[runs["start_time"] > last - pd.Timedelta(weeks=weeks)]
    counts = _label_counts(export, window["source_file"].dropna())
    print("   runs by type, same weeks: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("   latest run:")
    latest = read_activities(export / window["source_file"].dropna().iloc[-1])[0]
    print("   " + describe(latest).replace("\n", "\n   "))


def _demo(samples: Path, weeks: int) -> int:
    """The main job on the bundled samples: each athlete's log, volume and run types."""
    exports = sorted(p.parent for p in samples.glob("*/activities.csv"))
    if not exports:
        print(
            f"no sample exports under {samples}; run 'runlytics samples' to make them",
            file=sys.stderr,
        )
        return 1
    for export in exports:
        _demo_athlete(export, weeks)
        print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="runlytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    read = commands.add_parser("read", help="load activity files and print what they hold")
    read.add_argument("paths", nargs="+", help="FIT/GPX/TCX/CSV files, optionally gzipped")
    read.add_argument("--engine", default=None, help="decoder engine (see docs/data-model.md)")
    read.add_argument("--strict", action="store_true", help="fail on damaged files")
    demo = commands.add_parser("demo", help="the main job on the bundled sample data")
    demo.add_argument("--samples", type=Path, default=SAMPLES, help="folder of athlete exports")
    demo.add_argument("--weeks", type=int, default=6, help="recent weeks to look at")
    commands.add_parser("samples", help="regenerate the sample data (data/samples)", add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "samples":
        from runlytics.simulate.samples import main as samples_main

        return samples_main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "read":
        return _read(args.paths, args.engine, args.strict)
    return _demo(args.samples, args.weeks)


if __name__ == "__main__":
    sys.exit(main())
