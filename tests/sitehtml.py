"""Reading the built site's HTML in tests: MkDocs' output is minified (mkdocs.yml: minify_html), which drops the
quotes around attribute values where HTML allows it; `page` gives it back as lxml serializes it, every attribute
quoted, so a test can look for `<span id="r-monthly-2023-09">` as a browser's document holds it."""

from __future__ import annotations

from pathlib import Path

import lxml.html


def page(path: Path) -> str:
    """The page at `path`, parsed and serialized again (attributes quoted, in the order they were written)."""
    tree = lxml.html.fromstring(path.read_text(encoding="utf-8")).getroottree()
    return str(lxml.html.tostring(tree, encoding="unicode"))
