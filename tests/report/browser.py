"""Headless Chromium for the report tests: a screenshot and the requests a page makes."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str:
    """The Chromium executable; skips (or fails when CI requires it) if it is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless Chromium not found (Debian package 'chromium'; .ci/run installs it)"
        if os.environ.get("RUNLYTICS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def screenshot(page: Path, out: Path, tmp: Path) -> list[str]:
    """Serve ``page`` on loopback, screenshot it with Chromium; the paths the browser asked for."""
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(page.parent), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{page.name}"
        subprocess.run(
            [
                chromium(),
                *FLAGS,
                f"--user-data-dir={tmp / 'profile'}",
                f"--screenshot={out}",
                "--window-size=1200,1600",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()
    return requests
