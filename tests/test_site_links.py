"""Every link on the built site opens a page or file of the site, and every #fragment a place on that page.

MkDocs checks the links written in Markdown (strict build), but the pages' tables are raw HTML (issue 17:
Markdown passes them through instead of parsing every cell), and MkDocs checks nothing inside raw HTML.
So the built site itself is crawled: the demo (`make site`) and a ledger in its second plan year, each
HTML page parsed, each `href` and `src` resolved against the page; external addresses are not followed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from taizhang.cli import main
from tests import sitedata
from tests.gitrepo import REPO_ROOT


class Page(HTMLParser):
    """The ids on one HTML page and the links it makes (href and src of any element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is None:
                continue
            if key == "id" or (key == "name" and tag == "a"):
                self.ids.add(value)
            elif key in ("href", "src"):
                self.links.append(value)


@dataclass
class Crawl:
    checked: set[str] = field(default_factory=set)  # "page -> where it leads", for every internal link
    broken: list[str] = field(default_factory=list)


def crawl(site: Path, base: str = "/") -> Crawl:
    """Follow every internal link of every HTML page under `site` (without a web server: files only).
    `base` is the site's path on its web server (site_url's): the 404 page links absolutely under it."""
    pages: dict[str, Page] = {}
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        page.close()
        pages[path.relative_to(site).as_posix()] = page
    found = Crawl()
    for name, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:  # another site, mailto:, data:: not ours to follow
                continue
            target = resolve(name, unquote(parts.path), base)
            if (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            found.checked.add(f"{name} -> {target}#{parts.fragment}" if parts.fragment else f"{name} -> {target}")
            if target.startswith("../") or not (site / target).is_file():
                found.broken.append(f"{name}: {link}（没有 {target} 这个文件）")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                found.broken.append(f"{name}: {link}（{target} 中没有 id 为 {parts.fragment} 的位置）")
    return found


def resolve(page: str, path: str, base: str) -> str:
    """The file a link's path leads to from `page`, under the site's folder ("../…" when outside it)."""
    if not path:
        return page
    if path.startswith("/"):  # absolute: under the site's base on the web server, or outside the site
        return posixpath.normpath(path.removeprefix(base)) if path.startswith(base) else "../" + path.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def base(root: Path) -> str:
    """The site's path on its web server, from the site_url `taizhang build` wrote into build/mkdocs.yml."""
    config = yaml.safe_load((root / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    return urlsplit(config.get("site_url") or "/").path or "/"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo, as `make site` builds it: a season of the bundled plan, replayed in git."""
    tmp = tmp_path_factory.mktemp("demo")
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(tmp / "demo")]) == 0
    assert main(["--root", str(tmp / "demo"), "build", "--as-of", "2024-01-10", "--out", str(tmp / "site")]) == 0
    return tmp / "site", base(tmp / "demo")


@pytest.fixture(scope="module")
def second_year_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """2023's reports, then the 2024 plan and its first reports: the site as of 10 September 2024."""
    tmp = tmp_path_factory.mktemp("second")
    root, _ = sitedata.second_plan_year(tmp)
    assert main(["--root", str(root), "build", "--as-of", "2024-09-10", "--out", str(tmp / "site")]) == 0
    return tmp / "site", base(root)


def test_every_link_on_the_demo_site_opens_a_page_and_a_place_on_it(demo_site: tuple[Path, str]) -> None:
    found = crawl(*demo_site)
    assert found.broken == []
    # links in the raw HTML tables were followed too: a period's table to each report on its unit's page
    assert "periods/2023-09.html -> units/xinfu.html#r-monthly-2023-09" in found.checked
    assert "tasks/t5-2.html -> units/xinfu.html" in found.checked
    assert "404.html -> assets/images/favicon.png" in found.checked  # written under the site's path: /taizhang/…
    assert len(found.checked) > 2000


def test_every_link_on_a_second_plan_years_site_opens_a_page_and_a_place_on_it(
    second_year_site: tuple[Path, str],
) -> None:
    found = crawl(*second_year_site)
    assert found.broken == []
    assert "periods/2024-07.html -> units/xinfu.html#r-monthly-2024-07" in found.checked
    assert {c for c in found.checked if c.startswith("plans/2023/tasks/t5-2.html -> ")}  # the earlier year's pages
    # an earlier year's period page links to the unit (a row of its own) or its report (the on-time list)
    assert {c for c in found.checked if c.startswith("periods/2023-09.html -> units/fanshi.html")}


def test_a_link_to_a_missing_page_or_place_is_reported_and_others_are_not(tmp_path: Path) -> None:
    (tmp_path / "units").mkdir()
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "台账.xlsx").write_bytes(b"PK")
    (tmp_path / "units" / "xinfu.html").write_text('<h3 id="r-monthly-2023-09">9月</h3>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<table><tr><td><a href="units/xinfu.html#r-monthly-2023-09">有</a></td>'
        '<td><a href="units/xinfu.html#r-monthly-2023-10">没有这个位置</a></td>'
        '<td><a href="units/fanshi.html">没有这一页</a></td>'
        '<td><a href="downloads/%E5%8F%B0%E8%B4%A6.xlsx">台账</a></td>'
        '<td><a href="https://github.com/xinzhou-jtj/taizhang">仓库</a> <a href="mailto:a@example.org">邮件</a></td>'
        '<td><a href="#nowhere">本页没有</a> <img src="../outside.png"></td>'
        '<td><a href="/taizhang/units/xinfu.html">网站内</a> <a href="/other/x.html">网站外</a></td></tr></table>',
        encoding="utf-8",
    )
    found = crawl(tmp_path, "/taizhang/")
    assert found.broken == [
        "index.html: units/xinfu.html#r-monthly-2023-10（units/xinfu.html 中没有 id 为 r-monthly-2023-10 的位置）",
        "index.html: units/fanshi.html（没有 units/fanshi.html 这个文件）",
        "index.html: #nowhere（index.html 中没有 id 为 nowhere 的位置）",
        "index.html: ../outside.png（没有 ../outside.png 这个文件）",
        "index.html: /other/x.html（没有 ../other/x.html 这个文件）",
    ]
    assert {"index.html -> downloads/台账.xlsx", "index.html -> units/xinfu.html"} <= found.checked
