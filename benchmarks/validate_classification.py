"""Validate detect_segments and classify_run against simulator truth; print the figures.

Run: ``python benchmarks/validate_classification.py [n_runs]`` (default 500). Each
seed draws a runner, a workout of one of the ten types (cycled) with random
parameters, and recording conditions (smart recording, auto-pause, step laps or
only 1 km auto laps); see ``tests/analysis/simulated_sessions.py``. Figures:

* structured sessions (truth has reps): share with the rep count exactly right,
  and share whose every rep start and end is within 10 s of the truth;
* non-structured sessions with spurious work bouts;
* label accuracy with the athlete (HRmax, HRrest, VDOT) and without;
* structured sessions labelled unstructured_speedwork (must be 0);
* reliability tables: stated confidence (binned) against the share of labels right.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runlytics.analysis.classify import classify_run
from runlytics.analysis.prepare import prepare
from tests.analysis.simulated_sessions import session

BOUNDARY_S = 10.0


def evaluate(seeds: range) -> pd.DataFrame:
    """One row per simulated run: truth, what was found, and errors."""
    rows = []
    for seed in seeds:
        s = session(seed)
        truth = s.run.truth
        prepared = prepare(s.run.activity)
        result = classify_run(prepared, s.athlete)
        alone = classify_run(prepared)
        work = result.segments[result.segments["kind"] == "work"]
        error = float("nan")
        if len(work) == len(truth.reps) and len(work):
            true = np.array([(r.start.value, r.end.value) for r in truth.reps]) / 1e9
            found = np.c_[work["start"].astype("int64"), work["end"].astype("int64")] / 1e9
            error = float(np.abs(true - found).max())
        rows.append(
            {
                "seed": seed,
                "label": truth.label,
                "name": truth.name,
                "laps": s.laps,
                "true_reps": len(truth.reps),
                "found_reps": len(work),
                "max_boundary_error_s": error,
                "predicted": result.label,
                "predicted_without_athlete": alone.label,
                "confidence": result.confidence,
                "confidence_without_athlete": alone.confidence,
            }
        )
    return pd.DataFrame(rows)


def figures(df: pd.DataFrame) -> dict[str, float]:
    """The validation figures of :func:`evaluate`'s table."""
    structured = df[df["true_reps"] > 0]
    plain = df[df["true_reps"] == 0]
    return {
        "runs": float(len(df)),
        "structured": float(len(structured)),
        "rep_count_exact": float((structured["true_reps"] == structured["found_reps"]).mean()),
        "boundaries_within_10s": float((structured["max_boundary_error_s"] <= BOUNDARY_S).mean()),
        "spurious_reps_share": float((plain["found_reps"] > 0).mean()),
        "label_accuracy": float((df["label"] == df["predicted"]).mean()),
        "label_accuracy_without_athlete": float(
            (df["label"] == df["predicted_without_athlete"]).mean()
        ),
        "structured_called_unstructured": float(
            (structured["predicted"] == "unstructured_speedwork").sum()
        ),
    }


def reliability(df: pd.DataFrame, predicted: str, confidence: str) -> pd.DataFrame:
    """Stated confidence (binned) against the share of labels right."""
    right = df["label"] == df[predicted]
    bins = pd.cut(df[confidence], [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], include_lowest=True)
    table = pd.DataFrame({"stated": df[confidence], "right": right}).groupby(bins, observed=True)
    return table.agg(runs=("right", "size"), stated=("stated", "mean"), right=("right", "mean"))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    t0 = time.perf_counter()
    df = evaluate(range(n))
    for name, value in figures(df).items():
        print(f"{name:34s} {value:.3f}")
    print(f"{'seconds':34s} {time.perf_counter() - t0:.1f}")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(pd.crosstab(df["label"], df["predicted"]))
        print(pd.crosstab(df["label"], df["predicted_without_athlete"]))
        print("reliability with the athlete")
        print(reliability(df, "predicted", "confidence").round(2))
        print("reliability without an athlete")
        print(reliability(df, "predicted_without_athlete", "confidence_without_athlete").round(2))


if __name__ == "__main__":
    main()
