"""Cell helpers shared by the notebook sources (see build_notebooks.py)."""

from __future__ import annotations

from textwrap import dedent

from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell


def md(text: str) -> NotebookNode:
    """A Markdown cell. Static prose only: every number is printed by a code cell."""
    return new_markdown_cell(dedent(text).strip())


def code(text: str, *, tags: tuple[str, ...] = ()) -> NotebookNode:
    """A code cell (``tags`` go into its metadata, e.g. "remove-input" for the HTML export)."""
    cell = new_code_cell(dedent(text).strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def setup(export: str) -> NotebookNode:
    """Imports, ``say`` (Markdown from an f-string), the run cache and the export's path."""
    return code(
        f"""
        %matplotlib inline
        import tempfile
        import time
        from pathlib import Path

        import matplotlib.pyplot as plt
        import numpy as np
        import pandas as pd
        from IPython.display import Markdown, display

        import runlytics as rl
        from runlytics.vocabulary import format_pace, format_time

        pd.set_option('display.precision', 2)
        plt.rcParams['figure.figsize'] = (10, 3.6)


        def say(text: str) -> None:
            \"\"\"Prose whose numbers come from the code (an f-string), shown as Markdown.\"\"\"
            display(Markdown(text))


        def km(metres: float) -> str:
            return f'{{metres / 1000:.0f}} km'


        # The run cache: a second execution reads each run's analysis from here (seconds, not a minute).
        CACHE = Path(tempfile.gettempdir()) / 'runlytics-notebooks'
        EXPORT = Path({export!r})
        """
    )
