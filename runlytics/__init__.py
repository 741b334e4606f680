"""runlytics: runners' activity files to pandas, cleaned, and a coaching diagnosis."""

from runlytics.activity import Activity, Session
from runlytics.athlete import (
    Athlete,
    AthleteParams,
    BestEffort,
    Estimate,
    best_effort,
    estimate_hr_max,
    estimate_threshold_hr,
    estimate_threshold_speed,
    estimate_vdot,
    hr_max_from_age,
    threshold_speed_from_vdot,
)
from runlytics.classify import RUN_LABELS, RunClassification, classify_run
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    MultipleActivitiesError,
    RecoveredDataWarning,
    RunlyticsError,
    UnsupportedFormatError,
)
from runlytics.io.csv_write import write_csv
from runlytics.io.fit_write import write_fit
from runlytics.io.gpx_write import write_gpx
from runlytics.io.read import (
    read_activities,
    read_activity,
    read_csv,
    read_fit,
    read_gpx,
    read_tcx,
)
from runlytics.io.tcx_write import write_tcx
from runlytics.io.training_log import read_training_log
from runlytics.metrics.efficiency import DecouplingResult, decoupling, efficiency_factor
from runlytics.metrics.pacing import PaceFadeResult, pace_fade, splits
from runlytics.metrics.vdot import TrainingPaces, race_time, training_paces, vdot_from_race
from runlytics.prepare import is_prepared, prepare
from runlytics.segments import SEGMENT_KINDS, detect_segments
from runlytics.summary import summarize

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``runlytics.plot_run`` without importing matplotlib until it is used."""
    if name == "plot_run":
        from runlytics.plot import plot_run

        return plot_run
    raise AttributeError(f"module 'runlytics' has no attribute {name!r}")


__all__ = [
    "RUN_LABELS",
    "SEGMENT_KINDS",
    "Activity",
    "Athlete",
    "AthleteParams",
    "BestEffort",
    "CorruptFileError",
    "DecouplingResult",
    "Estimate",
    "MissingDataError",
    "MultipleActivitiesError",
    "PaceFadeResult",
    "RecoveredDataWarning",
    "RunClassification",
    "RunlyticsError",
    "Session",
    "TrainingPaces",
    "UnsupportedFormatError",
    "best_effort",
    "classify_run",
    "decoupling",
    "detect_segments",
    "efficiency_factor",
    "estimate_hr_max",
    "estimate_threshold_hr",
    "estimate_threshold_speed",
    "estimate_vdot",
    "hr_max_from_age",
    "is_prepared",
    "pace_fade",
    "plot_run",
    "prepare",
    "race_time",
    "read_activities",
    "read_activity",
    "read_csv",
    "read_fit",
    "read_gpx",
    "read_tcx",
    "read_training_log",
    "splits",
    "summarize",
    "threshold_speed_from_vdot",
    "training_paces",
    "vdot_from_race",
    "write_csv",
    "write_fit",
    "write_gpx",
    "write_tcx",
]
