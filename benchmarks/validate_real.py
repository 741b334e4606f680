"""Validate classify_run on real runs with weak labels; print a confusion and a reliability table.

Run: ``python benchmarks/validate_real.py`` (about a minute). Needs the shared real files
(``../shared/data/real`` beside the repository, or ``RUNLYTICS_REAL_DIR``).

* The weak labels of the real Strava export in miniature (the athlete's own titles: races,
  a paced parkrun, structured sessions, long and easy runs), classified two ways: with the
  export as the history (the athlete estimated from it with ``estimate_athlete``, races judged
  against the athlete's other best efforts), and alone (no athlete, no history).
* Sessions of other athletes described in the real files' manifest (intervals with manual
  laps, long, steady and run/walk runs, a progression), each alone: no history exists.

A label is *right* when it is in the set the weak label allows (:data:`ALLOWED`): an easy run
may be easy, recovery or long (a title saying "easy" is about the effort; long is easy effort
for 75 min or more), a structured session intervals, fartlek or tempo, a paced parkrun
anything but race. The reliability table bins the stated confidence and gives the share right.
Titles are never read by the classifier: they only make the weak labels.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import runlytics
from runlytics.analysis.classify import RunClassification, classify_run, classify_runs
from tests.conftest import REAL_DIR

EXPORT = "patricktudor-running/"
#: Our labels each weak label allows.
ALLOWED: dict[str, set[str]] = {
    "race": {"race"},
    "not_race": {"recovery", "easy", "long", "steady", "tempo", "progression"},
    "structured": {"intervals", "fartlek", "tempo"},
    "long": {"long"},
    "easy": {"easy", "recovery", "long"},
    "steady": {"easy", "steady", "long"},
    "progression": {"progression"},
}
#: Sessions of the manifest (other athletes) and their weak label, read from its notes.
MANIFEST_SESSIONS: dict[str, str] = {
    "runalyze-runalyze/time-jump.fit": "structured",
    "jimmykane-sports-lib/unknown_example.tcx": "structured",
    "runalyze-runalyze/FR920xt-with-Stryd.fit": "structured",
    "runalyze-runalyze/Fenix-3-with-inactive-Moxy.fit": "easy",
    "runalyze-runalyze/FR70-intervals.fit": "easy",
    "corriporai-runpandas/run.fit": "easy",
    "runalyze-runalyze/garmin-runPower.fit": "long",
    "runalyze-runalyze/with-new-dynamics.fit": "long",
    "runalyze-runalyze/Standard.tcx": "long",
    "corriporai-runpandas-data/Garmin_Forerunner_910XT-Running.fit": "steady",
    "alex-hhh-activitylog2/310xt-run.fit": "steady",
    "runalyze-runalyze/garmin-runPower-2.fit": "steady",
    "dtcooper-python-fitparse/compressed-speed-distance.fit": "progression",
}
BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0)


def read(path: Path) -> runlytics.Activity:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return runlytics.read_activity(path)


def row(name: str, weak: str, result: RunClassification, how: str) -> dict[str, object]:
    return {
        "file": name,
        "weak": weak,
        "how": how,
        "label": result.label,
        "confidence": result.confidence,
        "right": result.label in ALLOWED[weak],
        "reps": result.stats.reps,
        "plausible": result.running_plausible,
    }


def export_rows() -> list[dict[str, object]]:
    """The weak labels of the export, with the export as history and alone."""
    folder = REAL_DIR / EXPORT
    labels = pd.read_csv(folder / "labels-2019-01-to-05.csv")
    paths = sorted((folder / "strava-export-2019-01-to-05").glob("*.fit.gz"))
    history = [read(p) for p in paths]
    by_name = {p.name: a for p, a in zip(paths, history, strict=True)}
    results = dict(zip([p.name for p in paths], classify_runs(history), strict=True))
    rows = []
    for file, weak in zip(labels["file"], labels["weak_label"], strict=True):
        name = Path(file).name
        rows.append(row(name, weak, results[name], "history"))
        rows.append(row(name, weak, classify_run(by_name[name]), "alone"))
    return rows


def manifest_rows() -> list[dict[str, object]]:
    return [
        row(Path(rel).name, weak, classify_run(read(REAL_DIR / rel)), "manifest")
        for rel, weak in MANIFEST_SESSIONS.items()
    ]


def confusion(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.crosstab(frame["weak"], frame["label"], margins=True, margins_name="all")


def reliability(frame: pd.DataFrame) -> pd.DataFrame:
    binned = pd.cut(frame["confidence"], BINS, include_lowest=True)
    table = frame.groupby(binned, observed=True).agg(
        runs=("right", "size"), stated=("confidence", "mean"), right=("right", "mean")
    )
    return table.round(2)


def report(title: str, frame: pd.DataFrame) -> None:
    right = frame["right"]
    print(f"\n== {title}: {right.mean():.0%} right ({right.sum()} of {len(frame)})")
    print(confusion(frame).to_string())
    print(reliability(frame).to_string())
    wrong = frame[~frame["right"]]
    if len(wrong):
        print(
            "wrong:",
            "; ".join(
                f"{f} {w}->{lab} {c:.2f}"
                for f, w, lab, c in wrong[["file", "weak", "label", "confidence"]].to_numpy()
            ),
        )


def main(argv: Sequence[str]) -> None:
    if not REAL_DIR.is_dir():
        raise SystemExit(f"real files not found at {REAL_DIR}")
    frame = pd.DataFrame(export_rows() + manifest_rows())
    report("export, history given (estimate_athlete)", frame[frame["how"] == "history"])
    report("export, each run alone", frame[frame["how"] == "alone"])
    report("manifest sessions, each alone", frame[frame["how"] == "manifest"])
    main_set = frame[frame["how"] != "alone"]
    report("history + manifest (the figures quoted)", main_set)
    structured = main_set[main_set["weak"] == "structured"]
    bad = structured["label"].isin(["easy", "recovery", "unstructured_speedwork"]).sum()
    races = main_set[main_set["weak"] == "race"]
    mean = float(np.mean(main_set["confidence"]))
    print(
        f"\nraces found {races['right'].sum()} of {len(races)}; structured labelled "
        f"easy/recovery/unstructured: {bad}; mean confidence {mean:.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
