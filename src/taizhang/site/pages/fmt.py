"""Small formatting helpers shared by the pages: paths, links, labels, badges and tables.

Every value from the data passes through taizhang.site.escape before it lands in Markdown; the raw HTML
written here (badges, lights) carries only our own class names and labels.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from taizhang.data.model import STATUS_ZH, Obligation
from taizhang.site import escape
from taizhang.site.pages.facts import Facts
from taizhang.tracking import kinds

ARCHIVE = "plans/index.md"  # 往年工作要点


def task_page(facts: Facts, task_id: str) -> str:
    """A task's page: tasks/<id>.md for the current plan, plans/<key>/tasks/<id>.md for earlier ones."""
    return f"{facts.base}tasks/{task_id}.md"


def tasks_index(facts: Facts) -> str:
    return f"{facts.base}tasks/index.md"


def plan_home(facts: Facts) -> str:
    """The plan's front page: the site's home page for the current plan."""
    return f"{facts.base}index.md"


def stats_page(facts: Facts) -> str:
    return f"{facts.base}stats.md"


def chart_file(facts: Facts, name: str) -> str:
    return f"{facts.base}charts/{name}.svg"


def assessment_page(facts: Facts) -> str:
    """Where the plan year's bulletins and assessment (考核) are listed."""
    return "bulletins/index.md" if facts.current else f"bulletins/{facts.plan.year}.md"


def unit_page(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def year_anchor(facts: Facts) -> str:
    """The id of an earlier plan year's section on a unit's page (units/<id>.md#plan-2023)."""
    return f"plan-{facts.plan.key}"


def period_page(period: str) -> str:
    return f"periods/{period}.md"


def bulletin_page(month: str) -> str:
    return f"bulletins/{month}.md"


def archived(facts: Facts, src: str) -> list[str]:
    """The notice on every page of an earlier plan (none on the current plan's pages)."""
    if facts.current:
        return []
    plan = facts.plan
    whose = "《" + plan.title + "》"
    which = (
        f"本页属于{link(whose, src, plan_home(facts))}" if src != plan_home(facts) else f"本页为{escape.inline(whose)}"
    )
    return [
        f'!!! note "往年工作要点"\n\n    {which}（{escape.inline(plan.document_number)}），已不是当前的工作要点；'
        f"当前的工作要点见{link('首页', src, 'index.md')}，往年的见{link('往年工作要点', src, ARCHIVE)}。"
    ]


def anchor(kind: str, period: str) -> str:
    """The id of a report's section on its unit's page."""
    return f"r-{kind.replace('_', '-')}-{period.lower()}"


def rel(src: str, dst: str, fragment: str | None = None) -> str:
    """A relative link from page `src` to file `dst` (both normalised paths under the docs folder)."""
    folder = src.rpartition("/")[0]  # posixpath.dirname of a normalised path, without its generality
    # within the same folder; else up to the docs folder and down (these paths never hold "." or "..")
    target = dst[len(folder) + 1 :] if dst.startswith(folder + "/") else "../" * src.count("/") + dst
    return f"{target}#{fragment}" if fragment else target


def link(text: str, src: str, dst: str, fragment: str | None = None) -> str:
    """A Markdown link whose text is data (escaped here) and whose target is ours."""
    return f"[{escape.inline(text)}]({rel(src, dst, fragment)})"


def period_zh(kind: str, period: str) -> str:
    return kinds.period_zh(period, kind)


def report_title(kind: str, period: str) -> str:
    """2023年9月月度进展情况, 2023年度工作总结."""
    return kinds.title(kind, period)


def kind_zh(kind: str) -> str:
    return kinds.zh(kind)


def kind_short(kind: str) -> str:
    known = kinds.get(kind)
    return known.short if known else kind


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def status_label(o: Obligation) -> str:
    label = STATUS_ZH.get(o.status, o.status)
    if o.status in ("late", "overdue", "needs_revision", "returned") and o.days_late:
        label += f" {o.days_late} 天"
    if o.status == "pending" and o.due_soon:
        label += "（即将到期）"
    if o.original_due and o.due != o.original_due:
        label += "（已延期）"
    if o.status in ("on_time", "late") and o.returns and o.returns[-1].fixed_at is not None:
        label += "（退回后补报）"
    return label


def badge(o: Obligation | None) -> str:
    if o is None:
        return "—"
    css = o.status if o.status in STATUS_ZH else "pending"
    return f'<span class="tz-badge tz-{css}">{escape.inline(status_label(o))}</span>'


def light(css: str, label: str) -> str:
    return f'<span class="tz-light tz-light-{css}" title="{label}"></span> {label}'


def unsearched(content: str) -> str:
    """`content` shown on the page but kept out of the site search: tables of units × periods would make
    the index grow with units times periods. Material skips an element marked data-search-exclude (and
    removes the attribute from the page when it has a value).

    A table from `table()` is raw HTML already, so the div around it is raw HTML too and Markdown passes
    the whole block through untouched; anything else is Markdown, parsed inside the div (md_in_html)."""
    if content.startswith("<table>") and "\n\n" not in content:
        return f'<div data-search-exclude="data-search-exclude">\n{content}\n</div>'
    return f'<div markdown="1" data-search-exclude>\n\n{content}\n\n</div>'


# A link of ours, `[text](target)`: its text escaped (so no brackets in it), its target a path or URL we built.
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
# Python-Markdown's escaping of an attribute (markdown.serializers): an ampersand that starts no entity.
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def href(target: str) -> str:
    """A link's target as MkDocs writes it into the page (use_directory_urls: false): a page's `x.md`
    becomes `x.html` and a path is percent-encoded as MkDocs' File.url is; an external URL or a fragment
    alone stays as it is; then escaped for an HTML attribute as Python-Markdown escapes it."""
    if target.startswith(("#", "https://", "http://")):  # most links of a province's pages: nothing to rewrite
        return _attribute(target)
    return _page_href(target)


@functools.lru_cache(maxsize=1 << 15)  # the same pages and anchors are linked from thousands of pages
def _page_href(target: str) -> str:
    parts = urlsplit(target)
    if parts.path and not parts.scheme and not parts.netloc:
        path = parts.path[:-3] + ".html" if parts.path.endswith(".md") else parts.path
        target = urlunsplit(("", "", quote(unquote(path)), parts.query, parts.fragment))
    return _attribute(target)


def _attribute(target: str) -> str:
    text = _AMP.sub("&amp;", target) if "&" in target else target
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _html(cell: str) -> str:
    """A cell's Markdown (escaped text, our own inline HTML, our links) as HTML: only the links change."""
    cell = cell.strip()
    return _LINK.sub(lambda m: f'<a href="{href(m[2])}">{m[1]}</a>', cell) if "](" in cell else cell


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table as raw HTML, as Python-Markdown's tables extension writes one (so Material styles it the
    same): Markdown passes a raw HTML block through instead of running its inline patterns over every
    cell, which took most of `mkdocs build`'s time on a province's pages. Cells hold one line each of
    escaped text (escape.inline), our own inline HTML and links from `link()`, nothing else Markdown would
    change; a row short of cells is filled with empty ones and one with more is cut, as Markdown does."""
    width = len(headers)
    out = ["<table>\n<thead>\n<tr>\n", *(f"<th>{_html(h)}</th>\n" for h in headers), "</tr>\n</thead>\n<tbody>\n"]
    html = _html
    for row in rows:  # one string per row: a province's tables have two million cells
        cells = row[:width]
        filler = "<td></td>\n" * (width - len(cells))
        if cells:
            out.append("<tr>\n<td>" + "</td>\n<td>".join(map(html, cells)) + "</td>\n" + filler + "</tr>\n")
        else:
            out.append("<tr>\n" + filler + "</tr>\n")
    out.append("</tbody>\n</table>")
    return "".join(out)


def names(facts: Facts, ids: Iterable[str], src: str | None = None, limit: int | None = None) -> str:
    """Unit names joined by 、 — as links to their pages when `src` is given; beyond `limit`, 等 N 个单位."""
    shown = list(ids)
    total = len(shown)
    if limit is not None and total > limit:
        shown = shown[: max(limit - 1, 1)]
    parts = [link(facts.unit_name(u), src, unit_page(u)) if src else escape.inline(facts.unit_name(u)) for u in shown]
    text = "、".join(parts) or "—"
    return f"{text}等 {total} 个单位" if len(shown) < total else text
