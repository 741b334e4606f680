"""The ``runlytics`` command line.

``runlytics read PATH...``   load activity files (or whole exports: folders, zips) and print them
``runlytics demo [EXPORT]``  the diagnosis of any export (the bundled samples by default)
``runlytics diagnose EXPORT [--goal "marathon 3:15:00"] [--as-of DATE]``  findings, prescription
``runlytics report EXPORT -o report.html``  the diagnosis as a self-contained HTML page
``runlytics cache``          where the run cache is and how big (``--clear`` empties it)
``runlytics samples``        regenerate the sample data from the simulator

Errors runlytics raises on purpose (a damaged file, an unsafe archive) and bad
arguments (a goal or date not understood) print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from runlytics.activity import Activity
from runlytics.diagnosis.diagnose import diagnose
from runlytics.diagnosis.model import Diagnosis, Goal
from runlytics.diagnosis.profile import parse_goal, read_profile
from runlytics.errors import RunlyticsError
from runlytics.history import History, clear_cache, default_cache_dir, read_export
from runlytics.io.read import read_activities
from runlytics.vocabulary import format_pace

MAX_LAPS_SHOWN = 12
MAX_PROBLEMS_SHOWN = 10
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _pace(seconds: float, metres: float) -> str:
    if not metres or not seconds or pd.isna(metres) or pd.isna(seconds):
        return "-"
    return format_pace(metres / seconds)


def describe(activity: Activity) -> str:
    """A few lines a coach can read: the session, then the laps."""
    s = activity.session
    lines = [Activity.__repr__(activity)]  # a PreparedActivity has the dataclass repr
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
        if is_export(Path(path)):
            failures += _read_export(Path(path))
            continue
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


def is_export(path: Path) -> bool:
    """A folder or a zip: read as a whole export."""
    return path.is_dir() or (path.is_file() and zipfile.is_zipfile(path))


def summarize_activities(history: History) -> str:
    """The activities table in a few lines: counts by sport, span, labels, problems."""
    a = history.activities
    if a.empty:
        return f"{history!r}\n  no activities"
    lines = [repr(history)]
    by_sport = a.groupby(a["sport"].fillna("unknown"), sort=False).agg(
        activities=("sport", "size"),
        km=("distance_m", lambda d: d.sum() / 1000),
        hours=("moving_s", lambda t: t.sum() / 3600),
    )
    by_sport = by_sport.sort_values("activities", ascending=False).round(1)
    lines.append("  " + by_sport.to_string().replace("\n", "\n  "))
    labels = a["label"].dropna().value_counts()
    if len(labels):
        lines.append("  runs by type: " + ", ".join(f"{k} {v}" for k, v in labels.items()))
    files, in_log = int(a["source_file"].notna().sum()), int(a["in_log"].sum())
    lines.append(f"  {files} with a file, {in_log} in the training log")
    for row in history.problems.head(MAX_PROBLEMS_SHOWN).itertuples():
        lines.append(f"  problem: {row.file}: {row.error}: {row.message}")
    if len(history.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  ... {len(history.problems) - MAX_PROBLEMS_SHOWN} more problems")
    return "\n".join(lines)


def _read_export(path: Path) -> int:
    try:
        history = read_export(path)
    except RunlyticsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summarize_activities(history))
    return 0


def _demo_athlete(history: History, name: str, weeks: int) -> None:
    a = history.activities
    runs = a[a["analysed"]]
    if runs.empty:
        print(f"== {name}: no runs among {len(a)} activities")
        return
    print(
        f"== {name}: {len(runs)} runs, {runs['distance_m'].sum() / 1000:,.0f} km, "
        f"{runs['local_date'].min():%Y-%m-%d} to {runs['local_date'].max():%Y-%m-%d}"
    )
    weekly = history.weekly().tail(weeks)
    print(
        f"   weekly km, last {weeks} weeks: "
        + " ".join(f"{km / 1000:.0f}" for km in weekly["distance_m"])
    )
    recent = runs[runs["local_date"] >= weekly.index[0]]
    counts = recent["label"].value_counts()
    print("   runs by type, same weeks: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if len(history.problems):
        print(f"   {len(history.problems)} files could not be read (see History.problems)")
    print("   latest run:")
    latest = history.run(int(runs.index[-1]))
    print("   " + describe(latest.prepared).replace("\n", "\n   "))
    print(f"   label {latest.label} ({latest.confidence:.2f})")


def _exports(source: Path) -> list[Path]:
    """``source`` itself if it is an export, else the exports inside it (one per athlete)."""
    if source.is_file() or (source / "activities.csv").exists():
        return [source]
    inner = sorted(p for p in source.iterdir() if is_export(p)) if source.is_dir() else []
    return inner if inner and all(not p.name.startswith(".") for p in inner) else [source]


def _demo(source: Path, weeks: int) -> int:
    """The main job on an export or a folder of exports: volume, run types, the diagnosis."""
    if not source.exists():
        hint = "; run 'runlytics samples' to make them" if source == SAMPLES else ""
        print(f"error: no export at {source}{hint}", file=sys.stderr)
        return 2
    for export in _exports(source):
        athlete, goal = read_profile(export)
        history = read_export(export, athlete=athlete)
        _demo_athlete(history, export.name, weeks)
        print()
        print(_diagnosis(history, export.name, goal, None).to_markdown())
    return 0


def _diagnosis(history: History, name: str, goal: Goal | None, as_of: str | None) -> Diagnosis:
    result = diagnose(history, goal=goal, as_of=as_of)
    return dataclasses.replace(result, athlete_name=name)


def _load(export: Path, goal_text: str | None) -> tuple[History, Goal | None]:
    """The export read with the athlete it states (``athlete.json``/README), and the goal."""
    if not export.exists():
        raise ValueError(f"no export at {export}")
    athlete, goal = read_profile(export)
    if goal_text is not None:
        goal = parse_goal(goal_text)
    return read_export(export, athlete=athlete), goal


def _diagnose(export: Path, goal_text: str | None, as_of: str | None) -> int:
    history, goal = _load(export, goal_text)
    print(_diagnosis(history, export.name, goal, _date(as_of)).to_markdown())
    return 0


def _report(export: Path, out: Path, goal_text: str | None, as_of: str | None) -> int:
    history, goal = _load(export, goal_text)
    page = _diagnosis(history, export.name, goal, _date(as_of)).to_html()
    out.write_text(page, encoding="utf-8")
    print(f"wrote {out} ({len(page) / 1024:.0f} KiB)")
    return 0


def _date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        pd.Timestamp(text)
    except ValueError:
        raise ValueError(f"date {text!r} not understood: give it as YYYY-MM-DD") from None
    return text


def _cache(clear: bool) -> int:
    folder = default_cache_dir()
    if clear:
        print(f"removed {clear_cache() / 2**20:.1f} MiB from {folder}")
        return 0
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    print(f"run cache: {folder} ({size / 2**20:.1f} MiB); 'runlytics cache --clear' empties it")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="runlytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    read = commands.add_parser("read", help="load activity files or exports and print them")
    read.add_argument(
        "paths", nargs="+", help="FIT/GPX/TCX/CSV files (optionally gzipped), folders or zips"
    )
    read.add_argument("--engine", default=None, help="decoder engine (see docs/data-model.md)")
    read.add_argument("--strict", action="store_true", help="fail on damaged files")
    demo = commands.add_parser("demo", help="the main job on an export (default: the samples)")
    demo.add_argument(
        "export", nargs="?", type=Path, default=None,
        help="an export (folder or zip) or a folder of exports (default: the samples)",
    )  # fmt: skip
    demo.add_argument("--samples", type=Path, default=SAMPLES, help=argparse.SUPPRESS)
    demo.add_argument("--weeks", type=int, default=6, help="recent weeks to look at")
    for name, text in (
        ("diagnose", "findings and prescription for an export"),
        ("report", "the diagnosis of an export as an HTML page"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("export", type=Path, help="an export (folder or zip)")
        command.add_argument("--goal", default=None, help='e.g. "marathon 3:15:00" or "boston"')
        command.add_argument("--as-of", default=None, help="diagnose as of this day (YYYY-MM-DD)")
        if name == "report":
            command.add_argument("-o", "--output", type=Path, required=True, help="HTML file")
    cache = commands.add_parser("cache", help="where the run cache is; --clear empties it")
    cache.add_argument("--clear", action="store_true", help="delete the run cache")
    commands.add_parser("samples", help="regenerate the sample data (data/samples)", add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "samples":
        from runlytics.simulate.samples import main as samples_main

        return samples_main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        if args.command == "read":
            return _read(args.paths, args.engine, args.strict)
        if args.command == "cache":
            return _cache(args.clear)
        if args.command == "diagnose":
            return _diagnose(args.export, args.goal, args.as_of)
        if args.command == "report":
            return _report(args.export, args.output, args.goal, args.as_of)
        return _demo(args.export or args.samples, args.weeks)
    except (RunlyticsError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
