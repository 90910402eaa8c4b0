"""Big raw-HTML tables kept out of MkDocs' way while it renders a page (issue 17).

At province size most of `mkdocs build`'s time went into three Python `html.parser` passes over every
table on every page: MkDocs collecting the anchors present in raw HTML, Python-Markdown's md_in_html
finding where raw HTML blocks end, and Material's search plugin splitting the page into sections —
although the tables (fmt.table: already HTML, in sections the search leaves out) come out of all three
unchanged. This plugin, attached by `taizhang build`, takes such a table out of the page's Markdown
before it is rendered, leaving a comment in its place, and puts it back once the search plugin has
indexed the page, before the template and the minifier see it. The site is the same byte for byte:

- only a table the search would not index is taken: on a page kept out of the search, inside the
  `<div data-search-exclude="data-search-exclude">` of fmt.unsearched, or at the top level of a
  section whose heading carries `data-search-exclude`; anything unsure (a heading inside a `<div>`,
  a setext heading, a fenced code block) stops the taking until the next plain heading;
- only a block shaped as fmt.table writes one (`<table>` to `</table>`, each on a line of its own,
  no blank line between, blank lines around) is taken;
- a block with a character Markdown would change (tab, carriage return, its own STX/ETX markers) stays;
- what the search plugin does to the page's text (it removes `data-search-*="…"` attributes) is done
  to the block;
- the ids in the block join the page's anchors, so links into them are validated as before;
- a placeholder that does not come back out of Markdown fails the build instead of losing a table.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page, _HTMLHandler  # MkDocs' own reader of raw HTML's anchors

NAME = "taizhang/stash"
WRAPPER = '<div data-search-exclude="data-search-exclude">'  # fmt.unsearched around a table
_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)\s*$")
_ATTRS = re.compile(r"\{[^{}]*\}\s*$")  # a heading's attr_list, `{#id data-search-exclude}`
_SEARCH_ATTR = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material's search plugin removes them
_TAG = re.compile(r"<[a-zA-Z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")  # a start tag, quoted values whole
_BLANK = re.compile(r"\n[ ]*(?:\n|$)|^[ ]*\n")  # a blank line (or one of spaces only)
_ODD = re.compile("[\t\r\x02\x03]")  # what Markdown's NormalizeWhitespace would change in a block


class Stash(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)  # a placeholder no page's own text can hold
        self.mark = re.compile(f"<!--tz-stash-{self.nonce}-([0-9]+)-->")
        self.blocks: dict[str, list[str]] = {}
        self.strip = False  # whether the search plugin removes data-search-* attributes from pages

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        self.strip = search is not None and bool(getattr(search.config, "enabled", True))
        return config

    @event_priority(-50)  # after reuse.py's: a page taken from the cache has no source left by then
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        excluded = bool((page.meta.get("search") or {}).get("exclude"))
        text, blocks = take(markdown, excluded, self.nonce)
        if blocks:
            self.blocks[page.file.src_uri] = blocks
        return text

    @event_priority(-50)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.blocks.get(page.file.src_uri)
        if blocks and page.present_anchor_ids is not None:
            page.present_anchor_ids = page.present_anchor_ids | anchors(blocks)
        return html

    @event_priority(-50)  # after the search plugin (0) has indexed the page and cleaned its attributes
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks:
            page.content = self.put_back(page.content or "", blocks, page.file.src_uri)
        return context

    def put_back(self, html: str, blocks: list[str], src: str) -> str:
        found: list[int] = []

        def block(match: re.Match[str]) -> str:
            n = int(match[1])
            found.append(n)
            return _SEARCH_ATTR.sub("", blocks[n]) if self.strip else blocks[n]

        out = self.mark.sub(block, html)
        if sorted(found) != list(range(len(blocks))):
            raise PluginError(f"{src} 中的表格在 Markdown 转换后未能放回原处（taizhang/stash）；请报告这一问题")
        return out


def take(markdown: str, excluded: bool, nonce: str) -> tuple[str, list[str]]:
    """`markdown` with each table the search would skip replaced by a placeholder, and those tables."""
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    skipped = excluded  # the current section is left out of the search
    sure = True  # the sections so far are known (no heading inside a div, no setext heading)
    depth = 0  # <div> lines open
    fence: str | None = None
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if fence is not None:
            if line.lstrip(" ").startswith(fence):
                fence = None
            out.append(line)
            i += 1
            continue
        if m := _FENCE.match(line):
            fence = m[1][0] * 3  # until the fence closes: no table, no heading
            out.append(line)
            i += 1
            continue
        blank_before = i == 0 or not lines[i - 1].strip(" ")
        if blank_before and (line == "<table>" or (line == WRAPPER and i + 1 < n and lines[i + 1] == "<table>")):
            end = _table_end(lines, i + (line == WRAPPER))
            wrapped = line == WRAPPER
            if end is not None and wrapped:
                end = end + 1 if end + 1 < n and lines[end + 1] == "</div>" else None
            whole = end is not None and (end + 1 == n or not lines[end + 1].strip(" "))
            if whole and end is not None and (excluded or wrapped or (depth == 0 and sure and skipped)):
                out.append(f"<!--tz-stash-{nonce}-{len(blocks)}-->")
                blocks.append("\n".join(lines[i : end + 1]))
                i = end + 1
                continue
        if _HEADING.match(line):
            if depth == 0:
                attrs = _ATTRS.search(line)
                skipped, sure = excluded or bool(attrs and "data-search-exclude" in attrs[0]), True
            else:
                sure = excluded
        elif line.lstrip().startswith("<h") and line.lstrip()[2:3].isdigit():
            sure = excluded  # a heading in raw HTML
        elif _SETEXT.match(line) and i > 0 and lines[i - 1].strip():
            sure = excluded
        if "<div" in line or "</div>" in line:
            depth = max(depth + line.count("<div") - line.count("</div>"), 0)
        out.append(line)
        i += 1
    return "\n".join(out), blocks


def _table_end(lines: list[str], start: int) -> int | None:
    """The index of the `</table>` line closing the table opened at `start`, if it is fmt.table's shape:
    no blank line, no other table and nothing Markdown would change (tab, carriage return, STX/ETX)."""
    try:
        end = lines.index("</table>", start + 1)
    except ValueError:
        return None
    body = "\n".join(lines[start + 1 : end])
    if _BLANK.search(body) or "<table" in body or _ODD.search(body) or body.startswith("\n"):
        return None
    return end


def anchors(blocks: list[str]) -> set[str]:
    """The ids (and names of links) in the blocks, read by the parser MkDocs reads raw HTML's anchors with."""
    parser = _HTMLHandler()
    for block in blocks:
        for tag in _TAG.findall(block):
            if "id" in tag or "name" in tag:
                parser.feed(tag)
    parser.close()
    return parser.present_anchor_ids
