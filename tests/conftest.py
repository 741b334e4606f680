"""Shared test settings: where the real activity files are, and whether they must be there.

The real files live beside the repository in ``../shared/data/real`` (never copied
into it). A user's clone has no such folder: tests that need it skip with the
reason below. CI sets ``RUNLYTICS_REQUIRE_REAL=1`` so that a missing folder fails
the run instead of skipping silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parent.parent
REAL_DIR = Path(os.environ.get("RUNLYTICS_REAL_DIR", REPO / ".." / "shared" / "data" / "real"))
REAL_MISSING_REASON = (
    f"real activity files not found at {REAL_DIR} (they live beside the repository in "
    "../shared/data/real; set RUNLYTICS_REAL_DIR to point elsewhere)"
)


def real_available() -> bool:
    return REAL_DIR.is_dir()


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("RUNLYTICS_REQUIRE_REAL") == "1" and not real_available():
        raise pytest.UsageError(f"RUNLYTICS_REQUIRE_REAL=1 but {REAL_MISSING_REASON}")


def real_path(relative: str) -> Path:
    """Path of a real file, skipping the calling test when the folder is missing.

    A file missing from a folder that is there fails the test: the real files
    are fixed, so a missing one is a broken test, not a reason to skip.
    """
    if not real_available():
        pytest.skip(REAL_MISSING_REASON)
    path = REAL_DIR / relative
    if not path.exists():
        pytest.fail(f"real file {relative} not found in {REAL_DIR}")
    return path


def real_files(suffix: str) -> list[object]:
    """Pytest params: the real files ending in ``suffix`` (relative paths), or one skip."""
    if not real_available():
        return [pytest.param(None, marks=pytest.mark.skip(reason=REAL_MISSING_REASON))]
    paths = sorted(p.relative_to(REAL_DIR).as_posix() for p in REAL_DIR.rglob(f"*{suffix}"))
    return [pytest.param(p, id=p) for p in paths]


@pytest.fixture
def real() -> Path:
    """The real-files folder (skips the test when it is missing)."""
    if not real_available():
        pytest.skip(REAL_MISSING_REASON)
    return REAL_DIR


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how the real files fared (see tests/io/test_real_files.py)."""
    import sys

    module = sys.modules.get("tests.io.test_real_files")
    if module is not None and module.OUTCOMES:
        counts = ", ".join(f"{n} {what}" for what, n in sorted(module.OUTCOMES.items()))
        terminalreporter.write_line(f"real activity files: {counts}")
