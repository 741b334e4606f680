"""runlytics: runners' activity files to pandas, cleaned, and a coaching diagnosis."""

from runlytics.activity import Activity, Session
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

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "CorruptFileError",
    "MissingDataError",
    "MultipleActivitiesError",
    "RecoveredDataWarning",
    "RunlyticsError",
    "Session",
    "UnsupportedFormatError",
    "read_activities",
    "read_activity",
    "read_csv",
    "read_fit",
    "read_gpx",
    "read_tcx",
    "write_csv",
    "write_fit",
    "write_gpx",
    "write_tcx",
]
