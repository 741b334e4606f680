"""``import runlytics`` stays light: heavy modules load where they are used."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "scipy.stats", "scipy.optimize", "scipy.signal", "dask", "tqdm")


def test_import_runlytics_does_not_load_heavy_modules() -> None:
    probe = f"import sys, runlytics; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []
