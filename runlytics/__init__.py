"""runlytics: runners' activity files to pandas, cleaned, and a coaching diagnosis."""

from runlytics.activity import Activity, Session
from runlytics.analysis.best_efforts import best_efforts
from runlytics.analysis.classify import RunClassification, classify_run, classify_runs
from runlytics.analysis.efficiency import DecouplingResult, decoupling
from runlytics.analysis.estimate import (
    BestEffort,
    EffortCurve,
    best_effort,
    effort_curve,
    estimate_athlete,
    estimate_hr_max,
    estimate_threshold_hr,
    estimate_threshold_speed,
)
from runlytics.analysis.pacing import PaceFadeResult, pace_fade, splits
from runlytics.analysis.prepare import PreparedActivity, is_prepared, prepare
from runlytics.analysis.run import RunAnalysis, RunCore, analyze_run
from runlytics.analysis.segments import detect_segments
from runlytics.analysis.summary import summarize
from runlytics.athlete import (
    Athlete,
    AthleteParams,
    Estimate,
    estimate_vdot,
    hr_max_from_age,
    threshold_speed_from_vdot,
)
from runlytics.diagnosis.diagnose import diagnose
from runlytics.diagnosis.model import Diagnosis, Finding, Goal, Prescription
from runlytics.errors import (
    CorruptFileError,
    MissingDataError,
    MultipleActivitiesError,
    RecoveredDataWarning,
    RunlyticsError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)
from runlytics.evidence import Evidence
from runlytics.history import History, read_export, read_exports, read_history
from runlytics.history.discipline import EasyDiscipline, easy_discipline
from runlytics.history.fitness import FitnessTrend, fitness_trend
from runlytics.history.goal import GoalFeasibility, goal_feasibility
from runlytics.history.intensity import intensity_distribution, polarization_index
from runlytics.history.layoffs import detect_layoffs
from runlytics.history.markers import fitness_markers
from runlytics.history.phases import detect_phases
from runlytics.history.plateau import detect_plateau
from runlytics.history.races import find_races
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
from runlytics.metrics.acwr import acwr
from runlytics.metrics.boston import boston_standard
from runlytics.metrics.critical_speed import CriticalSpeed, critical_speed
from runlytics.metrics.efficiency import efficiency_factor
from runlytics.metrics.monotony import monotony_strain
from runlytics.metrics.pmc import pmc
from runlytics.metrics.race import predict_race_time
from runlytics.metrics.vdot import TrainingPaces, race_time, training_paces, vdot_from_race
from runlytics.vocabulary import RUN_LABELS, SEGMENT_KINDS

__version__ = "0.1.0"


#: Figures, imported on first use so that ``import runlytics`` does not load matplotlib.
_PLOTS = {
    "plot_run": "runlytics.report.plots",
    "plot_weekly_volume": "runlytics.report.history_plots",
    "plot_pmc": "runlytics.report.history_plots",
    "plot_fitness_trend": "runlytics.report.history_plots",
    "plot_easy_runs": "runlytics.report.history_plots",
    "plot_quality_sessions": "runlytics.report.history_plots",
    "plot_race_equivalents": "runlytics.report.history_plots",
    "quality_sessions": "runlytics.report.history_plots",
    "race_equivalents": "runlytics.report.history_plots",
    "weekly_volume_by_label": "runlytics.report.history_plots",
}


def __getattr__(name: str) -> object:
    """The figures (``runlytics.plot_run``, ...) without importing matplotlib until used."""
    if name in _PLOTS:
        import importlib

        return getattr(importlib.import_module(_PLOTS[name]), name)
    raise AttributeError(f"module 'runlytics' has no attribute {name!r}")


__all__ = [
    "RUN_LABELS",
    "SEGMENT_KINDS",
    "Activity",
    "Athlete",
    "AthleteParams",
    "BestEffort",
    "CorruptFileError",
    "CriticalSpeed",
    "DecouplingResult",
    "Diagnosis",
    "EasyDiscipline",
    "EffortCurve",
    "Estimate",
    "Evidence",
    "Finding",
    "FitnessTrend",
    "Goal",
    "GoalFeasibility",
    "History",
    "MissingDataError",
    "MultipleActivitiesError",
    "PaceFadeResult",
    "PreparedActivity",
    "Prescription",
    "RecoveredDataWarning",
    "RunAnalysis",
    "RunClassification",
    "RunCore",
    "RunlyticsError",
    "Session",
    "TrainingPaces",
    "UnsafeArchiveError",
    "UnsupportedFormatError",
    "acwr",
    "analyze_run",
    "best_effort",
    "best_efforts",
    "boston_standard",
    "classify_run",
    "classify_runs",
    "critical_speed",
    "decoupling",
    "detect_layoffs",
    "detect_phases",
    "detect_plateau",
    "detect_segments",
    "diagnose",
    "easy_discipline",
    "efficiency_factor",
    "effort_curve",
    "estimate_athlete",
    "estimate_hr_max",
    "estimate_threshold_hr",
    "estimate_threshold_speed",
    "estimate_vdot",
    "find_races",
    "fitness_markers",
    "fitness_trend",
    "goal_feasibility",
    "hr_max_from_age",
    "intensity_distribution",
    "is_prepared",
    "monotony_strain",
    "pace_fade",
    "plot_easy_runs",
    "plot_fitness_trend",
    "plot_pmc",
    "plot_quality_sessions",
    "plot_race_equivalents",
    "plot_run",
    "plot_weekly_volume",
    "pmc",
    "polarization_index",
    "predict_race_time",
    "prepare",
    "quality_sessions",
    "race_equivalents",
    "race_time",
    "read_activities",
    "read_activity",
    "read_csv",
    "read_export",
    "read_exports",
    "read_fit",
    "read_gpx",
    "read_history",
    "read_tcx",
    "read_training_log",
    "splits",
    "summarize",
    "threshold_speed_from_vdot",
    "training_paces",
    "vdot_from_race",
    "weekly_volume_by_label",
    "write_csv",
    "write_fit",
    "write_gpx",
    "write_tcx",
]
