"""MkDocs on every core: the pages without a record are rendered by worker processes first (issue 17).

MkDocs renders one page after another in one process. On a build where most pages have no record in the
page cache (reuse.py: the first build, or after the settings or the engine changed), `taizhang build`
first starts N worker processes (spawn). Each runs a non-strict MkDocs build of the same build/mkdocs.yml
in a folder of its own and renders only its share of the pages (shares balanced by Markdown size); it
writes their records, keyed as the main build keys them (same settings, navigation, jieba words, footer
placeholder), to build/cache/pages/worker-<i>/, and moves them into the cache when it ends. The other
pages get reuse.py's empty template and stay out of its search; only their first heading is rendered,
since the navigation on every page shows it. A page that warned in a worker gets no record. Then the usual
strict build in the main process takes every page from the cache and validates the whole site: the site
is the one a single process makes, byte for byte (tests/test_reuse.py).

The worker writes no HTML and copies no downloads: its output is only the records.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from taizhang.errors import FatalError
from taizhang.site import reuse, stash

ENV = "TAIZHANG_BUILD_WORKERS"  # how many processes render the pages; 1: MkDocs alone, in one process
PAGE_COST = 4096  # what rendering a page's template weighs besides its Markdown, in bytes of Markdown
log = logging.getLogger("taizhang")


def count_from(value: str | None, cores: int | None) -> int:
    """The number of worker processes: TAIZHANG_BUILD_WORKERS if set, else the machine's cores."""
    if value is None or not value.strip():
        return max(1, cores or 1)
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise FatalError(
            f"环境变量 {ENV}={value!r} 无效：应为正整数（渲染页面的进程数，1 表示只用一个进程）；请改正或删除它"
        )
    return count


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worth_it(workers: int, pages: int, records: int) -> bool:
    """Workers pay for themselves when most pages have no record (a first or a full build)."""
    return workers > 1 and pages > 1 and pages - records > pages / 2


def shares(sizes: list[tuple[str, int]], count: int) -> list[set[str]]:
    """The pages (source path, bytes of Markdown) in `count` shares of about equal work: the largest
    first, each to the least loaded share. Every worker computes the same shares from the same files."""
    loads = [0] * count
    parts: list[set[str]] = [set() for _ in range(count)]
    for src, size in sorted(sizes, key=lambda s: (-s[1], s[0])):
        least = min(range(count), key=lambda i: (loads[i], i))
        loads[least] += size + PAGE_COST
        parts[least].add(src)
    return parts


def render(config_file: Path, folder: Path, words: list[str], count: int) -> int:
    """The pages without a record in `folder`, rendered by `count` processes; the number rendered."""
    folder.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            jobs = [pool.submit(render_share, config_file, folder, words, i, count) for i in range(count)]
            try:
                return sum(job.result() for job in jobs)
            except BrokenProcessPool:
                raise FatalError(
                    f"渲染页面的子进程意外退出（可能是内存不足）；请检查机器的可用内存后重试，或设 {ENV}=1 只用一个进程构建"
                ) from None
            except FatalError:
                raise
            except Exception as exc:  # a bug in a worker: its traceback to the log, one line to the user
                log.debug("渲染页面的子进程出错", exc_info=exc)
                raise FatalError(
                    f"渲染页面的子进程出错（{type(exc).__name__}: {exc}）；可设 {ENV}=1 只用一个进程构建，并请报告此问题"
                ) from None
            finally:
                for job in jobs:
                    job.cancel()
    finally:
        for staged in folder.glob("worker-*"):
            shutil.rmtree(staged, ignore_errors=True)


def render_share(config_file: Path, folder: Path, words: list[str], index: int, count: int) -> int:
    """In a worker: a non-strict MkDocs build that renders share `index` of `count`; their records kept."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from taizhang.site.build import keep_whole

    silence()
    keep_whole(words)
    plugin = Share(folder, "\n".join(words), index, count)
    counter = _Counter(plugin)
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        with tempfile.TemporaryDirectory(prefix="taizhang-share-") as site:
            config = load_config(str(config_file), strict=False, site_dir=site)
            config.plugins[reuse.NAME] = plugin
            config.plugins[stash.NAME] = stash.Stash()
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        plugin.discard()
        raise FatalError(f"MkDocs 构建失败：{exc}（生成的页面在 {config_file.parent / 'docs'}）") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    plugin.keep()
    return plugin.rendered


def silence() -> None:
    """A worker's warnings do not count (the main build validates every page): none printed."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    mk = logging.getLogger("mkdocs")
    mk.setLevel(logging.WARNING)
    mk.propagate = False


class _Counter(logging.Handler):
    def __init__(self, plugin: Share) -> None:
        super().__init__(logging.WARNING)
        self.plugin = plugin

    def emit(self, record: logging.LogRecord) -> None:
        self.plugin.warnings += 1


class Share(reuse.Reuse):  # type: ignore[no-untyped-call]
    """reuse.Reuse in a worker: renders the pages of its share that have no record, writes their records."""

    def __init__(self, folder: Path, context: str, index: int, count: int) -> None:
        super().__init__(folder, context)
        self.index, self.count = index, count
        self.staged = folder / f"worker-{index}"  # not new/: the main build's staging folder
        self.mine: set[str] = set()
        self.skipped: set[str] = set()
        self.warned: set[str] = set()
        self.warnings = 0  # warnings MkDocs logged so far in this build (_Counter)
        self.since: dict[str, int] = {}  # page -> warnings before its rendering began

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        super().on_files(files, config=config)
        pages = [(f.src_uri, _size(f.abs_src_path)) for f in files.documentation_pages()]
        self.mine = shares(pages, self.count)[self.index]
        for file in files:
            if not file.is_documentation_page():
                file.copy_file = _copy_nothing  # type: ignore[method-assign]  # the main build copies them
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        self.since[page.file.src_uri] = self.warnings
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        key = self.keys[src] = self.key(page, markdown)
        if src in self.mine and not (self.folder / key).is_file():
            self.rendered += 1
            return markdown
        self.skipped.add(src)
        page.meta = {**page.meta, "template": reuse.TEMPLATE, "search": {"exclude": True}}
        return _title_only(markdown)

    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._check(page)
        return html

    @event_priority(100)
    def _before_template(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.since[page.file.src_uri] = self.warnings
        return self._before_search(context, page=page, config=config, nav=nav)

    on_page_context = CombinedEvent(_before_template, reuse.Reuse._after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        src = page.file.src_uri
        try:
            self._check(page)
            if src not in self.skipped and src not in self.warned:
                self._post_page(output, page)
            return ""  # nothing written: the main build writes the site
        finally:
            page.markdown, page.content = "", None

    def _check(self, page: Page) -> None:
        """A page that warned while it was rendered gets no record: the main build renders it, strictly."""
        src = page.file.src_uri
        if self.warnings != self.since.pop(src, self.warnings):
            self.warned.add(src)


def _copy_nothing(dirty: bool = False) -> None:
    return None


def _size(path: str | None) -> int:
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0


def _title_only(markdown: str) -> str:
    """What gives a page outside the share its title (MkDocs takes a first-level heading that opens the
    page): that heading alone; the whole page when it opens otherwise."""
    for line in markdown.splitlines():
        if line.strip():
            return line if line.startswith("# ") else markdown
    return markdown
