"""The form's static files (form.js, form.css and the validators vendored from npm), read from the package.

ajv (ajv-dist) and js-yaml are pinned in package.json; their browser builds are committed under
src/taizhang/assets/form/vendor/ so that `taizhang build` needs no Node.js, and the site loads them from
itself, never from a CDN (tests/test_form_page.py checks the copies against node_modules).
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

from taizhang.site.pages.form import STATIC

FOLDER = resources.files("taizhang").joinpath("assets", "form")


def form() -> dict[str, bytes]:
    """{path under the docs folder: bytes} for every file of the form's static folder."""
    return dict(_walk(FOLDER, STATIC))


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            out += _walk(item, f"{prefix}/{item.name}")
        elif not item.name.startswith("."):
            out.append((f"{prefix}/{item.name}", item.read_bytes()))
    return out
