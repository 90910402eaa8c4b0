"""Two built sites, page by page, as a reader sees them: does each page say the same and link to the same places?

    .venv/bin/python scripts/articles_diff.py BEFORE_SITE AFTER_SITE

For every HTML page in either site: the text of its <article> with whitespace normalised, the elements it
is made of (tag names in order: a table stays a table, bold stays bold), and where each link inside it
leads, resolved against the page (so `../../units/x.html` and `../units/x.html` written on different
pages compare by the file they open). Prints each page that differs with the first difference, and a
summary; exit status 1 when anything differs. Used to check that a change in how pages are written
(issue 17: tables as raw HTML) changes nothing a reader can see.
"""

from __future__ import annotations

import posixpath
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Article(HTMLParser):
    """The text, element names and link targets inside a page's <article>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.depth = 0  # open elements inside the article (0: outside it)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        self.tags.append(tag)
        if tag not in VOID:
            self.depth += 1
        for key, value in attrs:
            if key in ("href", "src") and value is not None:
                self.links.append(resolve(self.page, value))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)

    def summary(self) -> tuple[str, list[str], list[str]]:
        return " ".join("".join(self.text).split()), self.tags, self.links


def resolve(page: str, target: str) -> str:
    """Where a link on `page` leads: a path under the site (with its fragment), or the external URL as it is."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return target if parts.scheme or parts.netloc else f"{page}#{parts.fragment}"
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return f"{path}#{parts.fragment}" if parts.fragment else path


def read(site: Path, page: str) -> tuple[str, list[str], list[str]]:
    parser = Article(page)
    parser.feed(site.joinpath(page).read_text(encoding="utf-8"))
    parser.close()
    return parser.summary()


def first_difference(a: list[str] | str, b: list[str] | str) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if isinstance(a, str):
                return f"第 {i} 个字符起：{a[max(i - 30, 0) : i + 50]!r} ≠ {b[max(i - 30, 0) : i + 50]!r}"
            return f"第 {i} 项：{x!r} ≠ {y!r}"
    return f"长度 {len(a)} ≠ {len(b)}"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：scripts/articles_diff.py 改动前的网站目录 改动后的网站目录", file=sys.stderr)
        return 2
    before, after = (Path(a) for a in argv)
    pages = {site: {p.relative_to(site).as_posix() for p in site.rglob("*.html")} for site in (before, after)}
    differ = 0
    for page in sorted(pages[before] ^ pages[after]):
        print(f"{page}: 只在{'改动前' if page in pages[before] else '改动后'}的网站中")
        differ += 1
    same = sorted(pages[before] & pages[after])
    for page in same:
        old, new = read(before, page), read(after, page)
        for name, x, y in zip(("文字", "元素", "链接"), old, new, strict=True):
            if x != y:
                print(f"{page}: {name}不同，{first_difference(x, y)}")
                differ += 1
                break
    print(f"比较了 {len(same)} 个页面：{differ} 处不同")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
