"""A built site served on 127.0.0.1 for the browser tests (the site's search needs http, not file://).

As GitHub Pages serves it when asked: under a path prefix (the project's /<repo>/), and answering a
missing page with the site's own 404.html.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class _Quiet(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    not_found: Path | None = None

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0]
        return super().translate_path("/" + bare.removeprefix(self.prefix).lstrip("/"))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found is None:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path, prefix: str = "/", pages_404: bool = False) -> Iterator[str]:
    """The site's base address (ending in `prefix`) while the block runs, on a free port; with
    `pages_404`, a missing page gets the site's 404.html, as on GitHub Pages."""
    handler = type("Handler", (_Quiet,), {"prefix": prefix, "not_found": site / "404.html" if pages_404 else None})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
