"""Reusing the HTML of pages whose source did not change since the last build (issue 17).

MkDocs' own `--dirty` build is not fit for a published site: it skips unchanged pages entirely, so the
search index of Material for MkDocs then holds only the changed pages (squidfunk/mkdocs-material#7638)
and the navigation of the skipped pages goes stale (MkDocs warns it is "for site development purposes
only"). This plugin, attached by `taizhang build`, keeps the whole build and narrows only the per-page
work: for each page whose key is in the cache, Markdown is not rendered, the template is not run and
the search plugin does not parse it; the page's HTML, its search entries and the anchors other pages
validate against are taken from the cache, in the place the full build would put them.

A page's key digests everything its output depends on: its path and source (front matter included),
the configuration files (build/mkdocs.yml and what it inherits, the theme's overrides), the navigation
(titles and addresses: every page carries it), the versions of MkDocs, the theme, Markdown, jieba and
the minifier, and this module, stash.py and share.py (whose worker processes write records for the main build to
take). The files it links to must still exist; links into other pages' anchors are validated as in a
full build. Records are staged during the build and kept only when the build succeeds, so a page
that warned is never reused; records no longer used are deleted.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import shutil
from collections.abc import MutableMapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import material
import mkdocs
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from taizhang import buildcache

NAME = "taizhang/reuse"
TEMPLATE = "taizhang-reused.html"  # a page taken from the cache is rendered with this (empty) template
UPDATED = "\ue000taizhang-updated\ue000"  # in place of the footer's update time while rendering
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jieba", "mkdocs-minify-html-plugin")
_LINK = re.compile(r'(?:href|src)="([^"#?:]+)[^"]*"')


@dataclass
class Record:
    output: str  # the page's HTML as written to the site
    entries: list[dict[str, Any]]  # its entries in the search index, in order
    anchors: set[str]  # ids other pages' links may point at (present_anchor_ids)
    links: dict[str, dict[str, str]]  # its links into other pages' anchors, by the target's source path
    title: str | None  # the title MkDocs took from its first heading
    targets: list[str]  # the site files its content links to: all must still exist


class Reuse(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self, folder: Path, context: str = "") -> None:
        """`context`: anything else every page's output depends on (the words jieba keeps whole)."""
        super().__init__()
        self.folder = folder
        self.context = context
        self.staged = folder / "new"
        self.base = ""
        self.dests: set[str] = set()
        # page source path -> key of the record reused in this build; its HTML and search entries are read
        # again when the page is written, so that 6,000 pages' records are not all held at once
        self.hits: dict[str, str] = {}
        self.page: tuple[str, Record] | None = None  # the page being written, and its record
        self.marks: dict[str, tuple[set[str], dict[str, dict[str, str]], str | None]] = {}
        self.keys: dict[str, str] = {}  # page source path -> key
        self.meta: dict[str, MutableMapping[str, Any]] = {}
        self.start: dict[str, int] = {}
        self.used: set[str] = set()
        self.search: Any = None
        self.reused = 0
        self.rendered = 0
        self.updated = UPDATED

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        extra: dict[str, Any] = dict(config.extra or {})
        footer = extra.get("taizhang")
        if isinstance(footer, dict) and footer.get("updated"):
            # every page's footer says when the data last changed, which is every time a report lands:
            # pages are rendered with a placeholder, written (and reused) with the time of this build
            self.updated = str(escape(footer["updated"]))
            config.extra["taizhang"] = {**footer, "updated": UPDATED}
        shutil.rmtree(self.staged, ignore_errors=True)
        self.staged.mkdir(parents=True, exist_ok=True)
        self.base = buildcache.digest((_config_digest(config), self.context))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.dests = {f.dest_uri for f in files}
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.base = buildcache.digest((self.base, _nav_digest(nav.items, config)))
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        key = self.keys[src] = self.key(page, markdown)
        record = self._load(key, files)
        if record is None:
            self.rendered += 1
            return markdown
        self.hits[src] = key
        self.marks[src] = (record.anchors, record.links, record.title)
        self.reused += 1
        self.meta[src] = page.meta
        page.meta = {**page.meta, "template": TEMPLATE, "search": {"exclude": True}}
        return ""

    def key(self, page: Page, markdown: str) -> str:
        """The page's record's name: a digest of its source and all it is rendered with."""
        meta = json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=str)
        return buildcache.digest((self.base, page.file.src_uri, meta, markdown))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        marks = self.marks.pop(page.file.src_uri, None)
        if marks is None:
            return html
        anchors, links, title = marks
        page.present_anchor_ids = anchors
        page.links_to_anchors = {files.get_file_from_path(s): v for s, v in links.items()}  # type: ignore[misc]
        page._title_from_render = title
        return html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        loader = env.loader
        assert loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: ""}), loader])
        return env

    @event_priority(100)  # before the search plugin indexes the page
    def _before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.search is not None:
            self.start[page.file.src_uri] = len(self.search.search_index.entries)
        return context

    @event_priority(-100)  # after it: the cached entries go where the full build would have put them
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        src = page.file.src_uri
        key = self.hits.get(src)
        if key is not None:
            page.meta = self.meta.pop(src)
            record = self._record(key)
            self.page = (src, record)
            if self.search is not None:
                self.search.search_index.entries.extend(record.entries)
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return output.replace(UPDATED, self.updated)  # 404.html, sitemap.xml

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        try:
            return self._post_page(output, page)
        finally:
            # MkDocs keeps every page's Markdown and HTML until the build ends (a province: 6,000 pages,
            # most of its memory); nothing reads them once the page is written. Its title stays as it was:
            # it is taken from the front matter or the first heading, kept apart.
            page.markdown, page.content = "", None

    def _post_page(self, output: str, page: Page) -> str:
        src = page.file.src_uri
        key = self.hits.get(src)
        if key is not None:
            record = self.page[1] if self.page and self.page[0] == src else self._record(key)
            self.page = None
            return record.output.replace(UPDATED, self.updated)
        entries = self.search.search_index.entries[self.start.pop(src, 0) :] if self.search is not None else []
        links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
        record = Record(output, list(entries), set(page.present_anchor_ids or ()), links,
                        page._title_from_render, self._targets(page))  # fmt: skip
        key = self.keys[src]
        (self.staged / key).write_text(_dump(record), encoding="utf-8")
        self.used.add(key)
        return output.replace(UPDATED, self.updated)

    def keep(self) -> None:
        """This build's new records join the cache."""
        for path in self.staged.iterdir():
            path.replace(self.folder / path.name)
        self.staged.rmdir()

    def commit(self) -> None:
        """The build succeeded: keep this build's new records, drop those it no longer used."""
        self.keep()
        for path in self.folder.iterdir():
            if path.is_file() and path.name not in self.used:
                path.unlink()

    def discard(self) -> None:
        shutil.rmtree(self.staged, ignore_errors=True)

    def _load(self, key: str, files: Files) -> Record | None:
        try:
            record = _parse((self.folder / key).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none yet, or unreadable: the page is rendered
        if not all(t in self.dests for t in record.targets):
            return None
        if any(files.get_file_from_path(s) is None for s in record.links):
            return None
        self.used.add(key)
        return record

    def _record(self, key: str) -> Record:
        """A record _load accepted earlier in this build (build/cache is this build's own)."""
        return _parse((self.folder / key).read_text(encoding="utf-8"))

    def _targets(self, page: Page) -> list[str]:
        """The site files the page's content links to (resolved as MkDocs wrote them)."""
        here = posixpath.dirname(page.file.dest_uri)
        found = set()
        for href in _LINK.findall(page.content or ""):
            path = urlsplit(html.unescape(href)).path
            if not path or path.startswith("/"):
                continue
            dest = posixpath.normpath(posixpath.join(here, unquote(path)))
            if dest in self.dests:
                found.add(dest)
        return sorted(found)


def _dump(record: Record) -> str:
    """JSON, not pickle: the cache may be restored from CI's cache storage, and loading it must run no code."""
    fields = {**record.__dict__, "anchors": sorted(record.anchors)}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _parse(text: str) -> Record:
    data = json.loads(text)
    record = Record(str(data["output"]), list(data["entries"]), set(data["anchors"]), dict(data["links"]),
                    data["title"], list(data["targets"]))  # fmt: skip
    if not all(isinstance(e, dict) for e in record.entries) or not isinstance(record.title, str | None):
        raise ValueError("not a page record")
    return record


def _config_digest(config: MkDocsConfig) -> str:
    """The settings as MkDocs loaded them (mkdocs.yml and build/mkdocs.yml, the theme's, the plugins'),
    the theme's overrides, the engine's versions and this module. Not where the site is written, nor
    whether warnings fail the build (share.py's workers render non-strict for the strict build after)."""
    here = Path(__file__)
    parts = [here.with_name(name).read_text(encoding="utf-8") for name in ("reuse.py", "share.py", "stash.py")]
    for name in PACKAGES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -")
    for key in sorted(config.keys()):
        if key not in ("site_dir", "config_file_path", "strict", "nav", "plugins", "theme"):  # nav: _nav_digest
            parts += [key, _json(config[key])]
    parts += ["theme", str(config.theme.name), _json(dict(config.theme.items()))]
    parts += [f"{name} {_json(dict(p.config))}" for name, p in config.plugins.items() if name != NAME]
    engines = [Path(m.__file__).parent for m in (mkdocs, material) if m.__file__]
    for folder in config.theme.dirs:
        if any(Path(folder).is_relative_to(e) for e in engines):
            continue  # the engine's and theme's own templates: their versions above stand for them
        for file in sorted(Path(folder).rglob("*")):
            if file.is_file():
                parts += [file.as_posix(), hashlib.sha256(file.read_bytes()).hexdigest()]
    return buildcache.digest(parts)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _nav_digest(items: list[Any], config: MkDocsConfig) -> str:
    """Every page carries the navigation: its titles and addresses. A page listed without a title shows
    its first heading, so that is read from its source."""
    parts: list[str] = []
    for item in items:
        if isinstance(item, Section):
            parts += ["section", str(item.title), _nav_digest(item.children, config)]
        elif isinstance(item, Link):
            parts += ["link", str(item.title), item.url]
        elif isinstance(item, Page):
            title = item.__dict__.get("title")  # given in the nav (MkDocs' weak_property keeps it there)
            parts += ["page", item.file.src_uri, str(title), "" if title else _head(item)]
    return buildcache.digest(parts)


def _head(page: Page) -> str:
    """The page's source up to its first heading: the front matter and the heading give its title."""
    if page.file.abs_src_path is None:
        return ""
    lines = []
    try:
        with open(page.file.abs_src_path, encoding="utf-8") as fh:
            for line in fh:
                lines.append(line)
                if line.startswith("# "):
                    break
    except OSError:
        return ""
    return "".join(lines)
