"""Self-contained HTML pages: figures embedded as PNG data, no request ever leaves the page.

The building blocks a report is made of (the diagnosis renders itself with
them): :func:`figure_data_uri` turns a matplotlib figure into a ``data:`` PNG,
:func:`table` a frame into an HTML table, :func:`page` wraps sections into one
document whose Content-Security-Policy forbids every network source (images
only from ``data:``, inline style only), so the page renders the same offline
and cannot leak what it shows.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The page's Content-Security-Policy: nothing may be fetched.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; }
.severity { display: inline-block; padding: 0 0.5rem; border-radius: 0.3rem; font-size: 0.8rem;
            color: white; margin-right: 0.4rem; }
.strength { background: #2e7d32; } .info { background: #1565c0; }
.warning { background: #ef6c00; } .problem { background: #c62828; }
"""


def escape(text: object) -> str:
    """``text`` safe inside HTML."""
    return html.escape(str(text), quote=True)


def figure_data_uri(figure: Figure, *, dpi: int = 96) -> str:
    """A ``data:image/png;base64,...`` URI of ``figure`` (the figure is left open)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def image(figure: Figure, alt: str) -> str:
    """An ``<img>`` of ``figure`` embedded in the page."""
    return f'<img src="{figure_data_uri(figure)}" alt="{escape(alt)}">'


def table(frame: pd.DataFrame | pd.Series, *, float_format: str = "{:,.2f}") -> str:
    """An HTML table of ``frame`` (values escaped)."""
    data = frame.to_frame() if isinstance(frame, pd.Series) else frame
    return data.to_html(
        border=0, escape=True, na_rep="", float_format=float_format.format, classes="data"
    )


def page(title: str, sections: Iterable[tuple[str, str]], *, intro: str = "") -> str:
    """A complete HTML document: ``title``, an optional ``intro`` and ``(heading, html)`` sections.

    Section bodies are HTML already (build them with :func:`escape`, :func:`table`,
    :func:`image`); headings and title are escaped here.
    """
    body = "".join(f"<h2>{escape(h)}</h2>\n{content}\n" for h, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{intro}\n{body}</body>\n</html>\n"
    )
