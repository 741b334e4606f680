"""Execute the notebooks and export them, with their outputs, to HTML under docs/notebooks/.

Run from anywhere: ``python scripts/export_notebooks.py`` (all published notebooks) or
``python scripts/export_notebooks.py 02_ivan`` (some). The notebooks read the sample
exports through the run cache in the temporary folder, so a second export is quick.

``04_real_export`` is executed by the tests but not published: its data (a real
athlete's files, in the shared folder beside the repository) are not ours to
redistribute. The pages are self-contained: figures are embedded, the template's
scripts are removed, and a Content-Security-Policy forbids every network request.
The kernel draws inline whatever ``MPLBACKEND`` says (the notebooks use
``%matplotlib inline``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
OUT = REPO / "docs" / "notebooks"
#: Notebooks never exported (see the module docstring).
UNPUBLISHED = frozenset({"04_real_export"})
#: The template's scripts (MathJax settings, Mermaid from a CDN): the pages need none.
SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)
#: Anything the page would fetch from elsewhere.
REMOTE = re.compile(r"""((src|href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)(https?:)?//""", re.I)
#: Nothing may be fetched, as in runlytics.report.html pages.
CSP = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:\">"
)


def export(path: Path) -> tuple[Path, float]:
    """Execute ``path`` and write its HTML; returns the page and the execution time (s)."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    ).execute()
    seconds = time.perf_counter() - started
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    if errors:
        raise SystemExit(f"{path.name}: {errors[0].ename}: {errors[0].evalue}")
    exporter = HTMLExporter(template_name="lab", mathjax_url="", require_js_url="")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(notebook)
    body = SCRIPT.sub("", body).replace("<head>", f"<head>\n{CSP}", 1)
    remote = REMOTE.search(body)
    if remote:
        raise SystemExit(f"{path.name}: the page would fetch {body[remote.start() :][:80]!r}")
    OUT.mkdir(parents=True, exist_ok=True)
    page = OUT / f"{path.stem}.html"
    page.write_text(body, encoding="utf-8")
    return page, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook names (default: all published)")
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.stem in args.names or p.name in args.names]
    for path in paths:
        if path.stem in UNPUBLISHED:
            print(f"{path.name}: not published (real data)")
            continue
        page, seconds = export(path)
        print(
            f"{page.relative_to(REPO)}: executed in {seconds:.0f} s, {page.stat().st_size:,} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
