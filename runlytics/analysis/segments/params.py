"""Segments: the tunable thresholds and the array type aliases (see docs/analysis.md)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

Index = NDArray[np.intp]

Mask = NDArray[np.bool_]

#: Distance over which the effort signal's grade is taken (m).
GRADE_SPAN_M = 100.0

#: Seconds of each pause kept on the analysis timeline.
PAUSE_KEEP_S = 30

#: Median filter of the effort signal (s).
SMOOTH_S = 5

#: Binary-segmentation penalty, in units of the signal's noise variance (see ``_penalty``).
PENALTY = 12.0

#: Shortest segment the change-point search makes (s), and the shortest piece kept (s): a
#: shorter one is an acceleration cut off a step.
MIN_SIZE_S = 6

MIN_PIECE_S = 10

#: Window either side of a boundary for its step (s) and the guard skipped at it (s).
STEP_WINDOW_S = 60

STEP_GUARD_S = 3

#: Smallest step a boundary needs, as a fraction of the reference, and as a multiple of the noise.
STEP_MIN = 0.12

STEP_NOISE = 2.5

#: A rep is at least this much faster than the median running outside the bouts (fraction).
REP_FLOOR = 0.15

#: A bout whose mean grade reaches this is uphill: it is a hill rep only in a set of at least
#: ``HILL_REPS`` uphill bouts whose durations vary by at most ``HILL_CV``.
HILL_GRADE = 0.03

HILL_REPS = 3

HILL_CV = 0.3

#: A rep is faster than each neighbour by this fraction of the reference, and this multiple
#: of the noise.
REP_CONTRAST = 0.15

REP_NOISE = 5.0

#: A long block steps up (and down, unless it ends the run) by at least this fraction of the
#: reference (``work_contrast``), and this multiple of the noise.
WORK_CONTRAST = 0.10

BLOCK_NOISE = 2.5

#: Smallest step of the coarse segmentation (fraction of the reference; multiple of the noise),
#: as if between two parts of ``COARSE_SPAN_S``, with parts of at least ``COARSE_MIN_S``
#: (seconds): blocks are coarse segments.
COARSE_MIN = 0.06

COARSE_NOISE = 2.0

COARSE_SPAN_S = 600

COARSE_MIN_S = 300

#: Shortest work bout (s); faster bouts shorter than this are strides. Reps come in sets of
#: at least ``MIN_REPS``; fewer bouts are work only if each lasts ``LONE_REP_S`` (s) and
#: ``PAIR_RATIO`` of the longest.
MIN_WORK_S = 30.0

MIN_REPS = 3

LONE_REP_S = 600

PAIR_RATIO = 0.7

#: Shortest block (s), and the largest share of the moving time a block that ends the run has.
LONG_BOUT_S = 600.0

FINISH_SHARE = 0.5

#: A lap boundary agrees with the data when the medians of this many seconds either side
#: differ by the step threshold; agreeing laps replace breakpoints this close (s).
LAP_WINDOW_S = 10

MANUAL_LAP_WINDOW_S = 30

LAP_SNAP_S = 15

#: A stop (not moving) at least this long (s) is a piece of its own and splits reps; the
#: slowing and the acceleration within ``ACCEL_S`` of it belong to the running next to it.
MIN_STOP_S = 10

ACCEL_S = 20

#: Boundaries are placed within this distance (s) of the change point, and the level
#: of each side is the median of up to ``LEVEL_S`` of its segment.
PLACE_S = 20

LEVEL_S = 60

#: Raw speed times a boundary when its step is at least this share of the effort's step.
SPEED_STEP_SHARE = 0.5

#: A part before the first / after the last work bout longer than this is steady, not warm-up.
MAX_WARMUP_S = 2400.0

#: The reference level: the median of the 60-s means of running (``LEVEL_BLOCK_S``).
LEVEL_BLOCK_S = 60

#: Noise: median absolute change between consecutive means over this many seconds.
NOISE_BLOCK_S = 30

#: Effort (m/s) below which a block is not running (stops, walking).
RUNNING_MPS = 2.0

#: Heart-rate lag used to compare speed and GAP against heart rate (s), and the band:
#: changes slower than this (s) (warm-up, cardiac drift) are left out of the comparison.
HR_LAG_S = 40.0

HR_BAND_S = 600

#: Raw speed is used when GAP's correlation with heart rate is this much lower.
HR_CORRELATION_MARGIN = 0.05

#: Without heart rate, raw speed is used when GAP is this many times rougher.
ROUGHNESS_RATIO = 3.0

