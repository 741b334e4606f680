"""The sample athletes as Strava bulk exports, each activity with its ground truth beside it.

``python -m runlytics.simulate.samples [--out data/samples]`` (or
:func:`write_samples`) simulates each scenario of :data:`SAMPLES` and writes
one folder per athlete, laid out like a Strava bulk export:

* ``activities.csv``: the Strava summary (one row per run, Strava's columns);
* ``activities/<id>.fit.gz`` (GPS watch), ``.gpx`` (phone app), ``.tcx`` /
  ``.tcx.gz`` (older watch, desktop uploads), by the device of each period;
* ``truth/<id>.json`` (each run's :class:`RunTruth`) and ``truth/history.json``
  (the :class:`HistoryTruth` without its runs): for tests only, never for
  analysis code;
* ``README.md``: who the athlete is and what the history holds.

The same seed gives the same bytes: gzip without a time stamp, JSON with
sorted keys and floats rounded to :data:`TRUTH_DECIMALS`, no wall-clock time.
The layout and the truth schema are in ``docs/simulator.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import shutil
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from runlytics.activity import Activity, interval_seconds
from runlytics.io.fit_write import write_fit
from runlytics.io.gpx_write import write_gpx
from runlytics.io.tcx_write import write_tcx
from runlytics.simulate.history import History
from runlytics.simulate.run import SimulatedRun
from runlytics.simulate.scenarios import Scenario, boston, control, ivan
from runlytics.simulate.truth import encode

#: Seed of the committed samples.
SEED = 0
#: Where ``main`` writes by default (relative to the working directory).
DEFAULT_OUT = Path("data/samples")
#: Decimals kept for floats in the truth files (keeps them small and platform-stable).
TRUTH_DECIMALS = 6
#: Activity ids are tenths of a second from this instant to the start (unique, increasing).
ID_EPOCH = pd.Timestamp("2015-01-01", tz="UTC")
#: Hysteresis (m) of the elevation gain in ``activities.csv`` (ignores barometric noise).
ELEVATION_BAND_M = 2.0
#: Line width of the generated READMEs.
WIDTH = 88

Format = Literal["fit", "gpx", "tcx"]
WRITERS: dict[Format, Callable[..., None]] = {"fit": write_fit, "gpx": write_gpx, "tcx": write_tcx}
#: Strava's default activity titles by local hour: (before hour, part of day).
DAY_PARTS = (
    (5, "Night"),
    (11, "Morning"),
    (13, "Lunch"),
    (17, "Afternoon"),
    (21, "Evening"),
    (24, "Night"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The Strava ``activities.csv`` columns written, in Strava's order (a subset of its ~90).
CSV_HEADER = (
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Filename",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Heart Rate",
    "Average Heart Rate",
    "Commute",
)


@dataclass(frozen=True)
class Device:
    """What recorded the runs from ``since`` (local date) and how the export holds the files."""

    since: dt.date
    name: str
    fmt: Format
    gzip: bool
    story: str

    @property
    def suffix(self) -> str:
        """The file name ending, e.g. ``.fit.gz``."""
        return f".{self.fmt}.gz" if self.gzip else f".{self.fmt}"


@dataclass(frozen=True)
class Sample:
    """How an athlete's export is made: scenario, devices by period, README text.

    ``smart_recording`` replaces the runner's share of runs recorded every
    1-7 s (Garmin's default "smart recording"; the rest at 1 s).
    """

    scenario: Callable[[], Scenario]
    devices: tuple[Device, ...]
    smart_recording: float
    about: str
    history: str


def _watch(since: dt.date) -> Device:
    return Device(since, "GPS watch (simulated)", "fit", True, "a GPS watch synced to Strava")


SAMPLES: dict[str, Sample] = {
    "ivan": Sample(
        ivan,
        (
            Device(
                dt.date(2021, 9, 6),
                "Phone app (simulated)",
                "gpx",
                False,
                "the Strava app on his phone",
            ),
            _watch(dt.date(2021, 9, 20)),
        ),
        smart_recording=1.0,
        about=(
            "Ran cross-country and track in high school, then hardly at all for years. "
            "Started again in September 2021 and follows plans he finds online; "
            "runs before work or in the evening, long runs on Sundays."
        ),
        history=(
            "About 18 months from September 2021 to early March 2023. He had COVID in "
            "spring 2022 and did not run for some weeks."
        ),
    ),
    "boston": Sample(
        boston,
        (
            Device(
                dt.date(2024, 10, 7),
                "Older GPS watch (simulated)",
                "tcx",
                True,
                "his old watch, uploaded as TCX by a third-party sync app",
            ),
            _watch(dt.date(2024, 10, 28)),
        ),
        smart_recording=0.85,
        about=(
            "Has run for 17 years and finished more than 20 marathons. His recent "
            "marathons were a few minutes outside his Boston qualifying standard "
            "(3:15:00 for men 45-49). Trains six or seven days a week."
        ),
        history=("A year from October 2024 to September 2025, with three marathons."),
    ),
    "control": Sample(
        control,
        (
            _watch(dt.date(2024, 1, 8)),
            Device(
                dt.date(2024, 3, 13),
                "GPS watch (simulated)",
                "tcx",
                False,
                "the same watch, exported as TCX and uploaded by hand while the sync was broken",
            ),
            _watch(dt.date(2024, 3, 17)),
            Device(
                dt.date(2024, 7, 29),
                "Phone app (simulated)",
                "gpx",
                False,
                "the Strava app on her phone (watch charger forgotten on holiday)",
            ),
            _watch(dt.date(2024, 8, 3)),
        ),
        smart_recording=1.0,
        about=(
            "A well-trained club runner who races from 5k to the half marathon and "
            "trains six days a week."
        ),
        history="A year from January 2024 to early January 2025, with four races.",
    ),
}


def sample_scenario(sample: Sample) -> Scenario:
    """The sample's scenario with its runner's smart-recording share."""
    scenario = sample.scenario()
    runner = replace(scenario.runner, smart_recording=sample.smart_recording)
    return replace(scenario, runner=runner)


def device_on(devices: Sequence[Device], day: dt.date) -> Device:
    """The device in use on ``day`` (the last one whose ``since`` is not after it)."""
    used = [d for d in devices if d.since <= day]
    if not used:
        raise ValueError(f"no device before {day}")
    return used[-1]


def activity_id(start: pd.Timestamp) -> int:
    """A Strava-like activity id: tenths of a second from :data:`ID_EPOCH` to ``start``."""
    return int((start - ID_EPOCH) // pd.Timedelta(milliseconds=100))


def strava_date(start: pd.Timestamp) -> str:
    """A UTC time as Strava's ``Activity Date``: ``Jan 5, 2019, 9:05:23 AM``."""
    t = start.tz_convert("UTC")
    hour = t.hour % 12 or 12
    return (
        f"{MONTHS[t.month - 1]} {t.day}, {t.year}, {hour}:{t.minute:02d}:{t.second:02d} "
        f"{'AM' if t.hour < 12 else 'PM'}"
    )


def strava_name(local_start: pd.Timestamp, race_name: str | None) -> str:
    """Strava's default title by local time of day ("Morning Run"); races keep their name."""
    if race_name:
        return race_name
    part = next(p for until, p in DAY_PARTS if local_start.hour < until)
    return f"{part} Run"


def elevation_changes(
    altitude: np.ndarray, band_m: float = ELEVATION_BAND_M
) -> tuple[float, float]:
    """Gain and loss (m): climbs and descents larger than ``band_m`` (hysteresis)."""
    values = altitude[np.isfinite(altitude)]
    gain = loss = 0.0
    if len(values) == 0:
        return gain, loss
    anchor = values[0]
    for value in values[1:]:
        if value - anchor >= band_m:
            gain += value - anchor
            anchor = value
        elif anchor - value >= band_m:
            loss += anchor - value
            anchor = value
    return float(gain), float(loss)


def _weighted_hr(activity: Activity) -> float:
    """Mean heart rate over timed intervals (samples weighted by their interval)."""
    records = activity.records
    hr = records["heart_rate_bpm"].to_numpy()
    weight = np.where(records["timer_running"].to_numpy(), interval_seconds(records), 0.0)
    ok = np.isfinite(hr) & (weight > 0)
    return float(np.average(hr[ok], weights=weight[ok])) if ok.any() else float("nan")


def _fmt(value: float, decimals: int) -> str:
    """A number with fixed decimals; empty when missing (as Strava leaves it)."""
    return f"{value:.{decimals}f}" if np.isfinite(value) else ""


def csv_row(ident: int, activity: Activity, name: str, filename: str) -> list[str]:
    """One ``activities.csv`` row (values as Strava formats them) for :data:`CSV_HEADER`."""
    s, records = activity.session, activity.records
    altitude = records["altitude_m"].to_numpy()
    gain, loss = elevation_changes(altitude)
    hr_max = float(np.nanmax(records["heart_rate_bpm"].to_numpy()))
    speed_max = float(np.nanmax(records["speed_mps"].to_numpy()))
    return [
        str(ident),
        strava_date(s.start_time),
        name,
        "Run",
        "",
        str(round(s.elapsed_s)),
        _fmt(s.distance_m / 1000, 2),
        _fmt(hr_max, 1),
        "",
        "false",
        filename,
        _fmt(round(s.elapsed_s), 1),
        _fmt(s.moving_s, 1),
        _fmt(s.distance_m, 2),
        _fmt(speed_max, 3),
        _fmt(s.distance_m / s.moving_s, 3),
        _fmt(gain, 1),
        _fmt(loss, 1),
        _fmt(float(np.nanmin(altitude)), 1),
        _fmt(float(np.nanmax(altitude)), 1),
        _fmt(hr_max, 1),
        _fmt(_weighted_hr(activity), 1),
        "0.0",
    ]


def csv_bytes(rows: list[list[str]]) -> bytes:
    """``activities.csv``: the header and ``rows``, quoted where needed, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def rounded(data: Any, decimals: int = TRUTH_DECIMALS) -> Any:
    """``data`` (JSON-ready) with every float rounded to ``decimals``."""
    if isinstance(data, float):
        return round(data, decimals)
    if isinstance(data, dict):
        return {k: rounded(v, decimals) for k, v in data.items()}
    if isinstance(data, list):
        return [rounded(v, decimals) for v in data]
    return data


def truth_bytes(truth: object) -> bytes:
    """A truth dataclass as JSON: floats rounded, keys sorted, one line."""
    text = json.dumps(rounded(encode(truth)), sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def activity_bytes(activity: Activity, device: Device) -> bytes:
    """The activity as the device's file (gzip without time stamp when the export gzips it)."""
    buffer = io.BytesIO()
    activity = replace(activity, session=replace(activity.session, device=device.name))
    WRITERS[device.fmt](activity, buffer, compress=device.gzip)
    return buffer.getvalue()


def local_start(run: SimulatedRun, scenario: Scenario) -> pd.Timestamp:
    """The run's local start time (the runner's fixed UTC offset)."""
    offset = pd.Timedelta(hours=scenario.runner.utc_offset_h)
    return run.truth.start.tz_convert("UTC").tz_localize(None) + offset


def readme_bytes(name: str, sample: Sample, scenario: Scenario, history: History) -> bytes:
    """The athlete's README: profile, what the history holds, the files; no spoilers."""
    r = scenario.runner
    sex = {"M": "man", "F": "woman"}[r.sex]
    counts: dict[str, int] = {}
    for run in history.runs:
        suffix = device_on(sample.devices, local_start(run, scenario).date()).suffix
        counts[suffix] = counts.get(suffix, 0) + 1
    periods = "\n".join(
        f"  - from {d.since:%Y-%m-%d}: {d.story} (`{d.suffix}`)" for d in sample.devices
    )
    files = ", ".join(f"{n} `{s}`" for s, n in sorted(counts.items()))
    first, last = (local_start(history.runs[i], scenario).date() for i in (0, -1))
    races = "\n".join(f"- {race.date:%Y-%m-%d}: {race.result.name}" for race in history.races)
    text = f"""# {name}

A simulated athlete (`runlytics.simulate`, scenario `{name}`, seed {history.seed}),
exported the way Strava exports an account.

## The athlete

- {sex.capitalize()}, {r.age} at the start of the log
- HRmax {r.hr_max:.0f} bpm, resting HR {r.hr_rest:.0f} bpm
- Goal: {r.goal}
- Lives at UTC{r.utc_offset_h:+.0f} (no daylight saving in the simulation)

{textwrap.fill(sample.about, WIDTH)}

## The history

{textwrap.fill(sample.history, WIDTH)}

{len(history.runs)} runs from {first:%Y-%m-%d} to {last:%Y-%m-%d}. Races:

{races}

## The files

- `activities.csv`: Strava's activity summary (Activity Date in UTC, the first
  Distance in km, the second in metres); `Filename` points to the activity file.
- `activities/`: one file per run: {files}. Recorded with:
{periods}
- `truth/`: what the simulator decided for each run and for the whole history.
  **For tests only: analyses must not read it.**
"""
    return text.encode("utf-8")


def top_readme_bytes() -> bytes:
    """The README of the samples folder."""
    folders = "\n".join(
        f"- `{name}/`: {s.scenario().runner.age}-year-old, goal: {s.scenario().runner.goal}"
        for name, s in SAMPLES.items()
    )
    text = f"""# Sample data

Simulated runners' training histories (`runlytics.simulate`), each exported the
way Strava exports an account: mostly gzipped FIT files, some GPX and TCX, and
the `activities.csv` summary. Read them with `runlytics.read_training_log` and
`runlytics.read_activity`.

{folders}

Each folder has a README (the athlete, the period, the devices) and a `truth/`
folder: each run's ground truth (`truth/<activity id>.json`: workout type, step
and rep times, target paces, injected HR drift, ...) and the history's
(`truth/history.json`: races, layoffs, phases, fitness per day). **`truth/` is
for tests only: analysis code must never read it.**

Regenerate (same seed, same bytes) from the repository root:

    python -m runlytics.simulate.samples --out data/samples

`tests/simulate/test_samples.py` checks that the committed files are what the
code generates. Details: `docs/simulator.md`, section "Sample data".
"""
    return text.encode("utf-8")


def athlete_files(name: str, seed: int = SEED) -> Iterator[tuple[str, bytes]]:
    """Every file of an athlete's folder as (relative path, bytes), lazily.

    Order: ``README.md``, ``truth/history.json``, then each run's activity
    file and truth in time order, and ``activities.csv`` last.
    """
    sample = SAMPLES[name]
    scenario = sample_scenario(sample)
    history = scenario.simulate(seed)
    yield "README.md", readme_bytes(name, sample, scenario, history)
    yield "truth/history.json", truth_bytes(replace(history.truth(), runs=()))
    rows = []
    for run in history.runs:
        ident = activity_id(run.truth.start)
        start = local_start(run, scenario)
        device = device_on(sample.devices, start.date())
        filename = f"activities/{ident}{device.suffix}"
        activity = run.recording.activity()  # not cached on the run: keeps memory flat
        yield filename, activity_bytes(activity, device)
        yield f"truth/{ident}.json", truth_bytes(run.truth)
        race = run.truth.race.name if run.truth.race else None
        rows.append(csv_row(ident, activity, strava_name(start, race), filename))
    yield "activities.csv", csv_bytes(rows)


def write_athlete(name: str, folder: Path, seed: int = SEED) -> Path:
    """Write an athlete's folder afresh (anything in it before is removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    for relative, data in athlete_files(name, seed):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def write_samples(
    out_dir: str | Path, names: Sequence[str] | None = None, *, seed: int = SEED
) -> dict[str, Path]:
    """Write the sample folders (all of :data:`SAMPLES` by default) and the top README.

    Returns each athlete's folder. Each folder is rewritten from scratch.
    """
    names = list(SAMPLES) if names is None else list(names)
    unknown = sorted(set(names) - set(SAMPLES))
    if unknown:
        raise ValueError(f"unknown sample athletes {unknown}; known: {sorted(SAMPLES)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.md").write_bytes(top_readme_bytes())
    return {name: write_athlete(name, out / name, seed) for name in names}


def folder_size(folder: Path) -> tuple[int, int]:
    """Number of files and total bytes under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate the sample folders and print their sizes."""
    parser = argparse.ArgumentParser(
        prog="python -m runlytics.simulate.samples",
        description="Write the sample athletes as Strava bulk exports with truth sidecars.",
    )
    parser.add_argument("names", nargs="*", help=f"athletes (default: all of {list(SAMPLES)})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed")
    args = parser.parse_args(argv)
    folders = write_samples(args.out, args.names or None, seed=args.seed)
    for folder in folders.values():
        count, size = folder_size(folder)
        print(f"{folder}: {count} files, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
