"""The training of each calendar week (Monday to Sunday, local days), from the activities frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runlytics.vocabulary import RUN_LABELS

#: Labels counted as hard sessions.
HARD_LABELS = frozenset(
    {"tempo", "intervals", "progression", "fartlek", "race", "unstructured_speedwork"}
)


def monday(days: pd.Series | pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The Monday of each day's calendar week."""
    index = pd.DatetimeIndex(days)
    return pd.DatetimeIndex(index - pd.to_timedelta(index.day_of_week, unit="D"))


def weekly_training(runs: pd.DataFrame, *, load: str = "trimp") -> pd.DataFrame:
    """One row per calendar week from the first run's to the last's (weeks without runs: 0).

    Columns: ``distance_m``, ``moving_s``, ``runs``, ``load`` (sum of the ``load``
    column, NaN loads as 0), ``longest_m``, ``hard`` (runs with a hard label),
    ``race`` (runs labelled race), and ``time_<label>`` (moving seconds per run
    label). Index ``week``: the Monday.
    """
    weeks = monday(runs["local_date"])
    first, last = weeks.min(), weeks.max()
    index = pd.date_range(first, last, freq="7D", name="week")
    label = runs["label"].astype("string").fillna("unlabelled").to_numpy()
    moving = runs["moving_s"].astype(float).to_numpy()
    frame = pd.DataFrame(
        {
            "distance_m": runs["distance_m"].astype(float).to_numpy(),
            "moving_s": moving,
            "runs": 1,
            "load": runs[load].astype(float).fillna(0.0).to_numpy() if load in runs else np.nan,
            "longest_m": runs["distance_m"].astype(float).to_numpy(),
            "hard": np.isin(label, list(HARD_LABELS)).astype(int),
            "race": (label == "race").astype(int),
            **{f"time_{lab}": np.where(label == lab, moving, 0.0) for lab in RUN_LABELS},
        },
        index=weeks,
    )
    sums = frame.drop(columns="longest_m").groupby(level=0).sum()
    sums["longest_m"] = frame["longest_m"].groupby(level=0).max()
    out = sums.reindex(index, fill_value=0)
    out.index.name = "week"
    return out
