"""Segments of a run: change points in the effort, device laps checked against the data.

The method is in :mod:`~runlytics.analysis.segments.detect` (and
``docs/analysis.md``); the modules follow its steps: :mod:`.signal` (the effort
series), :mod:`.levels` (reference and noise), :mod:`.changepoints`,
:mod:`.bouts` (reps and blocks), :mod:`.table` (the frame), with the
thresholds in :mod:`.params`.
"""

from runlytics.analysis.segments.detect import detect_segments, segments_of
from runlytics.analysis.segments.levels import Levels, effort_levels, reference_and_noise
from runlytics.analysis.segments.signal import EffortSignal, effort_signal, signal_of
from runlytics.analysis.segments.table import SEGMENT_COLUMNS
from runlytics.vocabulary import SEGMENT_KINDS

__all__ = [
    "SEGMENT_COLUMNS",
    "SEGMENT_KINDS",
    "EffortSignal",
    "Levels",
    "detect_segments",
    "effort_levels",
    "effort_signal",
    "reference_and_noise",
    "segments_of",
    "signal_of",
]
