"""Text from the data reaches the site as text: never as HTML, never as Markdown.

Every string that comes from a data file (report text, unit and task names, contact names) goes
through one of these helpers before it is placed in a generated page. Each ASCII punctuation
character becomes a numeric character reference (`<` → `&#60;`, `[` → `&#91;`, `{` → `&#123;`):
the browser shows the same character, but neither the HTML parser nor Markdown nor any Markdown
extension (attr_list's `{: onclick=…}`, links, emphasis, tables, lists) can see syntax in it.
Chinese text, letters and digits pass unchanged, so the search index still segments the words.

Titles go elsewhere too: MkDocs and Material print nav titles and the site name into the HTML
unescaped (and `striptags` unescapes entities in `<title>`), so `title()` replaces the five
characters that matter in HTML by their full-width forms instead.
"""

from __future__ import annotations

import re
import string

_MARKUP = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
# C0 controls (but tab and newline), DEL and the C1 block: invisible, and some break parsers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPECIAL = re.compile(r"[!-/:-@\[-`{-~\s\x00-\x1f\x7f-\x9f]")
_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def inline(value: object) -> str:
    """One line of text for a table cell, a list item or a heading: line breaks become `<br>`."""
    text = "" if value is None else str(value)
    if not _SPECIAL.search(text):  # most Chinese text: nothing to escape
        return text.strip()
    lines = [line.strip() for line in _clean(text).split("\n")]
    return "<br>".join(line.translate(_MARKUP) for line in lines if line)


def block(value: object) -> str:
    """Paragraphs of text: blank lines separate paragraphs, single line breaks are kept."""
    paragraphs = re.split(r"\n\s*\n", _clean(value).strip())
    return "\n\n".join(p for p in (inline(p) for p in paragraphs) if p)


def title(value: object) -> str:
    """A nav title or page title (rendered raw by the theme): no HTML-significant character left."""
    return " ".join(_clean(value).split()).translate(_FULL_WIDTH)


def heading(value: object) -> str:
    """Text for a Markdown heading: safe in the page and in the table of contents."""
    return inline(title(value))
