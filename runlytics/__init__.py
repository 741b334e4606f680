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
from runlytics.summary import summarize

__version__ = "0.1.0"

__all__ = [
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
    "RunlyticsError",
    "Session",
    "TrainingPaces",
    "UnsupportedFormatError",
    "best_effort",
    "decoupling",
    "efficiency_factor",
    "estimate_hr_max",
    "estimate_threshold_hr",
    "estimate_threshold_speed",
    "estimate_vdot",
    "hr_max_from_age",
    "is_prepared",
    "pace_fade",
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
