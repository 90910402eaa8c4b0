"""What a reader gets from one engine's site, for scripts/engines: its pages, their text, its search, its requests.

    survey(site) -> Survey        every HTML page's visible text (the <article>, whitespace normalised, as a
                                  digest), the site's size, the search index, the hosts its pages load from
    article(path) -> str          one page's visible text, to show a difference
    found(index, queries)         benchsearch's query set asked of the engine's own index (in a page's text)
    browse(site, kind, queries)   the same queries typed into the engine's search box in headless chromium:
                                  is the page among the first ten results

Material (MkDocs, ProperDocs) writes search/search_index.json ({"docs": [{location, title, text}]}); Zensical
writes search.json ({"items": [{location, title, text}]}).
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from benchsearch import Query

INDEXES = (("search/search_index.json", "docs", "material"), ("search.json", "items", "zensical"))
LOADS = "//link[@href] | //script[@src] | //img[@src] | //iframe[@src] | //source[@src]"


@dataclass
class Index:
    path: str
    size: int
    kind: str  # material | zensical
    docs: list[tuple[str, str]]  # (page, title + text)


@dataclass
class Survey:
    size: int = 0
    files: int = 0
    pages: dict[str, str] = field(default_factory=dict)  # HTML path -> digest of its <article> text
    others: set[str] = field(default_factory=set)  # every other file, but the engine's own (assets/, search)
    index: Index | None = None
    hosts: dict[str, int] = field(default_factory=dict)  # external host a page loads from -> pages


def survey(site: Path) -> Survey:
    out = Survey()
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            out.size += path.stat().st_size
            out.files += 1
            rel = path.relative_to(site).as_posix()
            if not name.endswith(".html"):
                if not rel.startswith(("assets/", "search/", "search.json")):
                    out.others.add(rel)
            else:
                tree = _parse(path)
                text = _article(tree)
                out.pages[rel] = hashlib.sha1(text.encode("utf-8")).hexdigest()
                for host in _hosts(tree):
                    out.hosts[host] = out.hosts.get(host, 0) + 1
    out.index = _index(site)
    return out


def _parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes() or b"<html></html>")


def _article(tree: lxml.html.HtmlElement) -> str:
    found = tree.xpath("//article")
    if not found:
        return ""
    node = found[0]
    for junk in node.xpath(".//script | .//style"):
        junk.drop_tree()
    return " ".join(node.text_content().split())


def article(path: Path) -> str:
    return _article(_parse(path))


def _hosts(tree: lxml.html.HtmlElement) -> set[str]:
    """Hosts the page loads something from (stylesheets, scripts, images, fonts): not plain links."""
    hosts: set[str] = set()
    for node in tree.xpath(LOADS):
        if (
            node.tag == "link"
            and "stylesheet" not in (node.get("rel") or "")
            and "preconnect" not in (node.get("rel") or "")
        ):
            continue
        url = node.get("href") if node.tag == "link" else node.get("src")
        parts = urlsplit(url or "")
        if parts.scheme in ("http", "https") or (url or "").startswith("//"):
            hosts.add(parts.netloc)
    return hosts


def _index(site: Path) -> Index | None:
    for rel, key, kind in INDEXES:
        path = site / rel
        if path.is_file():
            raw = path.read_bytes()
            data = json.loads(raw)
            docs = [
                (str(d.get("location", "")).split("#")[0], f"{d.get('title', '')} {d.get('text', '')}")
                for d in data.get(key, [])
            ]
            return Index(rel, len(raw), kind, docs)
    return None


def found(index: Index, asked: list[Query]) -> dict[str, tuple[int, int]]:
    """Per query group: (found in the text of its page's index entries, asked), as benchsearch checks."""
    by_page: dict[str, list[str]] = {}
    for page, text in index.docs:
        by_page.setdefault(_page(page), []).append(text.replace("\u200b", "").replace("\u2060", ""))
    out: dict[str, tuple[int, int]] = {}
    for q in asked:
        a, n = out.get(q.group, (0, 0))
        out[q.group] = (a + any(q.text in t for t in by_page.get(q.page, [])), n + 1)
    return out


def _page(location: str) -> str:
    """An index location as an HTML path: Zensical writes pages with use_directory_urls off as MkDocs does,
    but may drop the leading ./ or write the folder's index."""
    page = location.removeprefix("./").removeprefix("/")
    if page == "" or page.endswith("/"):
        page += "index.html"
    return page


# How each engine's search box is reached in the browser: Material's input and result list, and Zensical's
# dialog (in a shadow root, which playwright's CSS locators pierce) opened by its button.
BOXES = {
    "material": (None, ".md-search__input", ".md-search-result__item > a"),
    "zensical": (".md-search__button", "input[role=combobox]", "ol[role=listbox] a"),
}
SETTLED = 900  # ms the result list must stay the same to count as the answer (up to 15 s; 60 s the first time)
FIRST = 10  # results a reader sees without scrolling


def browse(
    site: Path, kind: str, asked: list[Query], chromium: str = "/usr/bin/chromium"
) -> dict[str, tuple[int, int]]:
    """Ask each query in headless chromium, as a reader pastes it into the search box: per group, how many
    found their page among the first ten results."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opener, box, results = BOXES[kind]
    out: dict[str, tuple[int, int]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")  # the search box shown
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
            page.wait_for_load_state("networkidle")
            if opener:
                page.locator(opener).first.evaluate("el => el.click()")  # in the classic look it is an icon
            field_ = page.locator(box).first
            for n, q in enumerate(asked):
                field_.fill(q.text)  # as a paste or an input method does; then a key, without which
                field_.press("End")  # Material does not look at a second query in the same box
                hrefs = _settled(page, results, 60_000 if n == 0 else 15_000)  # the first waits for the index
                pages = {posixpath.normpath(urlsplit(h).path.lstrip("/")) for h in hrefs}
                hit = q.page in pages
                a, b = out.get(q.group, (0, 0))
                out[q.group] = (a + hit, b + 1)
            browser.close()
    finally:
        server.shutdown()
    return out


def _settled(page: Any, results: str, most: int) -> list[str]:
    """The first results once the list has stopped changing (the engines search in a worker, as typed)."""
    last: list[str] = []
    steady = waited = 0
    while waited < most:
        page.wait_for_timeout(300)
        waited += 300
        now: list[str] = page.locator(results).evaluate_all("els => els.map(e => e.getAttribute('href'))")[:FIRST]
        steady = steady + 300 if now == last else 0
        last = now
        if steady >= SETTLED and (now or waited >= 3000):
            return now
    return last
