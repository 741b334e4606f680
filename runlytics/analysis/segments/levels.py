"""Effort levels of a run: its reference effort, noise, and the contrasts derived from them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from runlytics.analysis.segments.params import (
    BLOCK_NOISE,
    COARSE_MIN,
    COARSE_NOISE,
    LEVEL_BLOCK_S,
    NOISE_BLOCK_S,
    REP_CONTRAST,
    REP_NOISE,
    RUNNING_MPS,
    STEP_MIN,
    STEP_NOISE,
    WORK_CONTRAST,
    Array,
    Index,
)


@dataclass(frozen=True)
class Levels:
    """Effort levels of a run (m/s) and its ``noise`` (fraction of the reference).

    ``reference`` is the median of the 60-s means of running: the run's
    typical effort. ``step`` is the smallest step a boundary needs,
    ``rep_step`` by how much a rep beats each neighbour, ``coarse`` the
    smallest step of the coarse segmentation and ``block`` the step at the ends
    of a long block; each is the larger of a fixed fraction of the reference
    and a multiple of the noise.
    """

    reference: float
    noise: float
    step: float
    rep_step: float
    coarse: float
    block: float


def _block_means(x: Array, size: int) -> Array:
    """Means of consecutive ``size``-second blocks of ``x`` (the last partial block dropped)."""
    n = len(x) // size
    return x[: n * size].reshape(n, size).mean(axis=1)


def _roughness(x: Array, bounds: Index | None = None) -> float:
    """Median absolute change between consecutive :data:`NOISE_BLOCK_S` means of running.

    With segment ``bounds`` only pairs of blocks inside one segment count (the
    noise left once the structure is known); without, the few steps of a
    structure barely move the median. NaN with fewer than 3 pairs.
    """
    blocks = _block_means(x, NOISE_BLOCK_S)
    use = (blocks[1:] >= RUNNING_MPS) & (blocks[:-1] >= RUNNING_MPS)
    if bounds is not None:
        first = np.arange(len(blocks) - 1) * NOISE_BLOCK_S
        use &= np.searchsorted(bounds, first, side="right") == np.searchsorted(
            bounds, first + 2 * NOISE_BLOCK_S - 1, side="right"
        )
    if use.sum() < 3:
        return float("nan")
    return float(np.median(np.abs(np.diff(blocks))[use]))


def reference_and_noise(x: Array, bounds: Index | None = None) -> tuple[float, float]:
    """Reference level (m/s) and noise (fraction of it) of the moving-time effort ``x``.

    The reference is the median of the :data:`LEVEL_BLOCK_S` means of running
    (of the running seconds for short runs; NaN without running); the noise is
    ``_roughness`` (within the segments of ``bounds`` if given) over the
    reference (0 if unmeasurable).
    """
    blocks = _block_means(x, LEVEL_BLOCK_S)
    blocks = blocks[blocks >= RUNNING_MPS]
    running = x[x >= RUNNING_MPS]
    if len(blocks) >= 3:
        reference = float(np.median(blocks))
    elif len(running):
        reference = float(np.median(running))
    else:
        return float("nan"), 0.0
    noise = _roughness(x, bounds) / reference
    return reference, (noise if np.isfinite(noise) else 0.0)


def effort_levels(x: Array, bounds: Index, contrast: float = WORK_CONTRAST) -> Levels:
    """The :class:`Levels` of the moving-time effort ``x`` cut at ``bounds``.

    ``contrast`` is the block contrast (``work_contrast`` of :func:`detect_segments`).
    """
    reference, global_noise = reference_and_noise(x)
    _, noise = reference_and_noise(x, bounds)
    return Levels(
        reference=reference,
        noise=noise,
        step=max(STEP_MIN, STEP_NOISE * global_noise) * reference,
        rep_step=max(REP_CONTRAST, REP_NOISE * noise) * reference,
        coarse=max(COARSE_MIN, COARSE_NOISE * noise) * reference,
        block=max(contrast, BLOCK_NOISE * noise) * reference,
    )

