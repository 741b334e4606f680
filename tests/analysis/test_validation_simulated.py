"""Segments and labels against simulator truth (figures in docs/analysis.md).

The full figures come from ``python benchmarks/validate_classification.py 500``;
this test runs a smaller sample (about 20 s) and guards the measured levels.
"""

from __future__ import annotations

import pytest

from benchmarks.validate_classification import evaluate, figures

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    return figures(evaluate(range(150)))


def test_reps_found_in_structured_sessions(measured: dict[str, float]) -> None:
    assert measured["rep_count_exact"] >= 0.90
    assert measured["boundaries_within_10s"] >= 0.65


def test_labels(measured: dict[str, float]) -> None:
    assert measured["label_accuracy"] >= 0.85
    assert measured["spurious_reps_share"] <= 0.15


def test_no_structured_session_is_unstructured(measured: dict[str, float]) -> None:
    assert measured["structured_called_unstructured"] == 0
