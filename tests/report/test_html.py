"""Self-contained HTML pages: escaped text, embedded figures, no network source, real rendering."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from lxml import html as lxml_html

from runlytics.report import html
from tests.report.browser import screenshot


def sample_page() -> str:
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([0, 1, 2], [3, 1, 2], color="#c62828", lw=6)
    image = html.image(fig, "a <test> figure")
    plt.close(fig)
    frame = pd.DataFrame({"km": [10.0, 12.5], "note": ["<b>bold?</b>", "ok"]})
    return html.page(
        "Report <&> title",
        [("Volume", html.table(frame)), ("Figure", image)],
        intro=f"<p>{html.escape('5 < 6 & 7')}</p>",
    )


def test_page_escapes_text_and_embeds_figures() -> None:
    text = sample_page()
    tree = lxml_html.fromstring(text)
    assert tree.findtext(".//title") == "Report <&> title"
    assert "<b>bold?</b>" not in text and "&lt;b&gt;bold?&lt;/b&gt;" in text
    images = tree.findall(".//img")
    assert len(images) == 1 and images[0].get("src").startswith("data:image/png;base64,")
    csp = tree.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "default-src 'none'" in csp and "img-src data:" in csp


def test_page_has_no_network_source() -> None:
    tree = lxml_html.fromstring(sample_page())
    for element in tree.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            assert value is None or value.startswith("data:"), (element.tag, value)


def test_page_renders_in_a_real_browser_without_requests(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(sample_page(), encoding="utf-8")
    out = tmp_path / "shot.png"
    requests = screenshot(page, out, tmp_path)
    assert requests == ["/report.html"]  # nothing but the page itself was asked for
    pixels = matplotlib.image.imread(out)
    red = (pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)
    assert red.sum() > 200  # the embedded figure's thick red line is on screen
    assert np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0).shape[0] > 50
