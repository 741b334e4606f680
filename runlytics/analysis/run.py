"""One analysis per run: :func:`analyze_run` computes everything a run yields, once.

A :class:`RunAnalysis` has two parts:

* the athlete-independent :class:`RunCore`: the prepared activity, the effort
  signal, the segments, the best efforts, decoupling and pace fade. It is the
  expensive part, and what an export loader caches;
* the athlete-dependent part: the classification (zones and label) and the
  summary (with the loads), cheap to derive again from the core when the
  athlete's parameters change (:meth:`RunAnalysis.with_athlete`).

The public single-purpose functions (:func:`~runlytics.analysis.classify.classify_run`,
:func:`~runlytics.analysis.summary.summarize`, ...) are views over the same
machinery: each part is derived once per activity, whichever is called first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from runlytics.activity import Activity
from runlytics.analysis.best_efforts import best_efforts_of
from runlytics.analysis.classify import RunClassification, classify
from runlytics.analysis.efficiency import DecouplingResult, decoupling_of
from runlytics.analysis.pacing import PaceFadeResult, pace_fade_of
from runlytics.analysis.prepare import PreparedActivity, ensure_prepared
from runlytics.analysis.segments import EffortSignal, segments_of, signal_of
from runlytics.analysis.summary import summarize
from runlytics.athlete import Athlete
from runlytics.evidence import Evidence
from runlytics.vocabulary import RunLabel


@dataclass(frozen=True, eq=False)
class RunCore:
    """What a run yields whatever the athlete: prepared records, signal, segments, efforts.

    ``decoupling`` and ``pace_fade`` are always computed; their ``steady``
    flag and ``reason`` say whether they apply to this run.
    """

    prepared: PreparedActivity
    signal: EffortSignal
    segments: pd.DataFrame
    best_efforts: pd.DataFrame
    decoupling: DecouplingResult
    pace_fade: PaceFadeResult


def run_core(activity: Activity) -> RunCore:
    """The :class:`RunCore` of a raw or prepared activity (each part derived once)."""
    prepared = ensure_prepared(activity)
    return RunCore(
        prepared,
        signal_of(prepared),
        segments_of(prepared),
        best_efforts_of(prepared),
        decoupling_of(prepared),
        pace_fade_of(prepared),
    )


@dataclass(frozen=True, eq=False)
class RunAnalysis:
    """Everything one run yields: its :class:`RunCore` and what the athlete adds to it.

    ``classification`` (label, confidence, evidence) and ``summary`` (distance,
    times, HR, TRIMP, hrTSS, rTSS, efficiency factor, decoupling and fade where
    steady) depend on ``athlete`` (``None``: estimated from the run).
    """

    core: RunCore
    athlete: Athlete | None
    classification: RunClassification
    summary: pd.Series

    @classmethod
    def from_core(cls, core: RunCore, athlete: Athlete | None = None) -> RunAnalysis:
        """Derive the athlete-dependent part from a core (no preparing, no segmenting)."""
        classification = classify(core.prepared, core.signal, core.segments, athlete)
        return cls(core, athlete, classification, summarize(core.prepared, athlete))

    def with_athlete(self, athlete: Athlete | None) -> RunAnalysis:
        """The same run for other athlete parameters (the core is reused)."""
        return RunAnalysis.from_core(self.core, athlete)

    @property
    def prepared(self) -> PreparedActivity:
        return self.core.prepared

    @property
    def segments(self) -> pd.DataFrame:
        return self.core.segments

    @property
    def best_efforts(self) -> pd.DataFrame:
        return self.core.best_efforts

    @property
    def decoupling(self) -> DecouplingResult | None:
        """The decoupling result where the run is steady enough for it, else ``None``."""
        return self.core.decoupling if self.core.decoupling.steady else None

    @property
    def pace_fade(self) -> PaceFadeResult | None:
        """The pace fade where the run is continuous enough for it, else ``None``."""
        return self.core.pace_fade if self.core.pace_fade.steady else None

    @property
    def label(self) -> RunLabel:
        return self.classification.label

    @property
    def confidence(self) -> float:
        return self.classification.confidence

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.classification.reasons

    def __repr__(self) -> str:
        s = self.core.prepared.session
        km = self.summary["distance_m"] / 1000
        return (
            f"<RunAnalysis {s.start_time:%Y-%m-%d %H:%M} UTC {km:.2f} km: {self.label} "
            f"({self.confidence:.2f}), {len(self.segments)} segments ({s.source})>"
        )


def analyze_run(activity: Activity, athlete: Athlete | None = None) -> RunAnalysis:
    """Everything one run yields, computed once (see :class:`RunAnalysis`).

    Accepts a raw or prepared activity. ``athlete`` gives zones, labels and
    loads in force on the run's local date; without it they are estimated from
    the run (lower confidence, loads NaN).
    """
    return RunAnalysis.from_core(run_core(activity), athlete)
