"""Write the notebooks from their cell sources (run: python notebooks/build_notebooks.py).

Notebooks are kept as code here and in case_*.py so that diffs stay readable; the
.ipynb files are committed without outputs (cell ids numbered, so a rebuild changes
nothing), executed by tests/test_notebooks.py and exported with their outputs to
docs/notebooks/ by scripts/export_notebooks.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from case_boston import CELLS as BOSTON  # noqa: E402
from case_ivan import CELLS as IVAN  # noqa: E402
from case_real import CELLS as REAL  # noqa: E402

TOUR = [
    new_markdown_cell(
        "# A tour of runlytics\n\n"
        "From an athlete's export (a Strava-style folder: `activities.csv` plus FIT, GPX and "
        "TCX files, gzipped) to a cleaned run, its summary, its structure and its label. "
        "The data are the bundled sample athlete `boston` (simulated, see "
        "`data/samples/boston/README.md`)."
    ),
    new_code_cell(
        "%matplotlib inline\n"
        "from pathlib import Path\n\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n\n"
        "import runlytics\n\n"
        "export = Path('../data/samples/boston')\n"
        "print((export / 'README.md').read_text())"
    ),
    new_markdown_cell("## The training log: one row per activity"),
    new_code_cell(
        "log = runlytics.read_training_log(export / 'activities.csv')\n"
        "columns = ['start_time', 'name', 'distance_m', 'moving_s', 'avg_heart_rate_bpm']\n"
        "log[columns].tail()"
    ),
    new_code_cell(
        "weekly_km = log.set_index('start_time')['distance_m'].resample('W').sum() / 1000\n"
        "ax = weekly_km.plot(figsize=(9, 3), title='Weekly volume (km)')\n"
        "ax.set_xlabel('')"
    ),
    new_markdown_cell(
        "## One run: read, prepare, summarise\n\n"
        "`read_activity` gives the canonical frame (SI units, UTC, pauses in `timer_running`); "
        "`prepare` puts it on a clean 1 Hz grid with grade-adjusted speed."
    ),
    new_code_cell(
        "files = log.dropna(subset=['source_file'])\n"
        "path = export / files['source_file'].iloc[-20]\n"
        "run = runlytics.read_activity(path)\n"
        "run"
    ),
    new_code_cell("run.records.head()"),
    new_code_cell(
        "athlete = runlytics.Athlete(sex='male', hr_max=176, hr_rest=47)\n"
        "runlytics.summarize(run, athlete).round(2)"
    ),
    new_markdown_cell("## Structure and label"),
    new_code_cell(
        "segments = runlytics.detect_segments(run)\n"
        "label = runlytics.classify_run(run, athlete)\n"
        "print(label.label, f'(confidence {label.confidence:.2f})')\n"
        "for reason in label.reasons:\n"
        "    print(' -', reason)\n"
        "segments[['start', 'duration_s', 'distance_m', 'gap_speed_mps', 'heart_rate_bpm', 'kind']]"
    ),
    new_code_cell(
        "ax = runlytics.plot_run(run, segments)\n"
        "ax.figure.set_size_inches(10, 4)"
    ),
    new_markdown_cell("## What the last eight weeks were made of"),
    new_code_cell(
        "recent = files[files['start_time'] >= files['start_time'].max() - pd.Timedelta(weeks=8)]\n"
        "labels = [\n"
        "    runlytics.classify_run(runlytics.read_activity(export / f), athlete).label\n"
        "    for f in recent['source_file']\n"
        "]\n"
        "pd.Series(labels).value_counts()"
    ),
]


NOTEBOOKS = {
    "01_tour.ipynb": TOUR,
    "02_ivan.ipynb": IVAN,
    "03_boston_qualifier.ipynb": BOSTON,
    "04_real_export.ipynb": REAL,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` from its cells, without outputs, cell ids numbered."""
    notebook = new_notebook(cells=[nbformat.from_dict(c) for c in NOTEBOOKS[name]])
    for number, cell in enumerate(notebook.cells):
        cell.id = f"{name.split('_')[0]}-{number:02d}"
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def write(name: str) -> Path:
    path = HERE / name
    nbformat.write(build(name), path)
    return path


if __name__ == "__main__":
    for name in NOTEBOOKS:
        print(write(name))
