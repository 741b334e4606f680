"""Every notebook under notebooks/ runs top to bottom without error, and is what its source builds.

The case notebooks read the sample exports through the run cache in the system's
temporary folder (``runlytics-notebooks``): cold, about a minute each; from the
cache, a few seconds of reading plus the analyses.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
CASES = ("02_ivan.ipynb", "03_boston_qualifier.ipynb", "04_real_export.ipynb")
#: A digit in static prose is allowed only as the number of a list item or a section.
NUMBERING = re.compile(r"^\s*(#+\s*)?\d+\.\s", re.MULTILINE)


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_notebooks", FOLDER / "build_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode, kind: str) -> list[nbformat.NotebookNode]:
    return [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == kind]


def markdown_outputs(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(
        o["data"]["text/markdown"]
        for o in outputs(notebook, "display_data")
        if "text/markdown" in o.get("data", {})
    )


def test_committed_notebooks_are_what_the_sources_build() -> None:
    builder = _builder()
    assert sorted(builder.NOTEBOOKS) == [p.name for p in NOTEBOOKS]
    for name in builder.NOTEBOOKS:
        committed = (FOLDER / name).read_text().rstrip("\n")
        built = nbformat.writes(builder.build(name)).rstrip("\n")
        assert committed == built, f"{name} is stale: run python notebooks/build_notebooks.py"


@pytest.mark.parametrize("name", CASES)
def test_case_prose_types_no_number(name: str) -> None:
    """The numbers of a case are printed by its code cells, never typed in Markdown."""
    notebook = nbformat.read(FOLDER / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            text = NUMBERING.sub("", cell.source).replace(name.split(".")[0], "")
            assert not re.search(r"\d", text), f"{name}: a number typed in {cell.source[:60]!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path: Path) -> None:
    notebook = execute(path)
    assert not outputs(notebook, "error")
    if path.name in CASES[:2]:
        prose = markdown_outputs(notebook)
        assert "# Diagnosis" in prose  # the walk ends in the diagnosis
        figures = [o for o in outputs(notebook, "display_data") if "image/png" in o["data"]]
        assert len(figures) >= 6


@pytest.mark.slow
def test_real_export_notebook_stops_gracefully_without_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNLYTICS_REAL_DIR", str(tmp_path))  # the kernel inherits it
    notebook = execute(FOLDER / "04_real_export.ipynb")
    assert not outputs(notebook, "error")
    assert "real export is not present" in markdown_outputs(notebook)
    assert not [o for o in outputs(notebook, "display_data") if "image/png" in o["data"]]
