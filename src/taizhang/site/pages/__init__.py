"""The site's pages, generated as Markdown (tables as raw HTML: fmt.table) and SVG from the ledger: pure, no I/O.

    generate(ledger, obligations, as_of, config) -> {path under the docs folder: text}

The home page, 重点任务 and 统计图表 show the current plan (the latest issued by the as-of date); every
earlier plan keeps the same pages under plans/<key>/, listed in 往年工作要点. Periods and bulletins are
keyed by period (2023-09), units span all plans, and so do 逾期, 填报说明 and the downloads.

Pages grow with units, tasks and periods — never with reports: a report is a section of its unit's
page, listed on its period's page, and quoted (latest entry only) on its tasks' pages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.site import escape
from taizhang.site.pages import (
    bulletin,
    charts,
    downloads,
    fmt,
    form,
    home,
    issue,
    periods,
    submit,
    tasks,
    units,
    yeardata,
)
from taizhang.site.pages.facts import Archive, Facts, SiteConfig, gather, is_open
from taizhang.tracking import kinds

__all__ = [
    "NOT_IN_NAV",
    "Archive",
    "Facts",
    "Site",
    "SiteConfig",
    "build_site",
    "gather",
    "generate",
    "is_open",
    "plan_family",
    "site_from",
]

NavItem = dict[str, Any] | str

# Pages reached from a list page rather than the navigation (MkDocs `not_in_nav`, gitignore patterns):
# a navigation naming every unit would be written into every page, growing with units squared.
NOT_IN_NAV = ("/units/*.md",)


@dataclass(frozen=True)
class Site:
    files: dict[str, str]  # path under the docs folder -> Markdown, SVG, CSV, JSON or YAML text
    nav: list[NavItem]  # MkDocs `nav`, titles safe to print raw
    later: dict[str, Callable[[], bytes]] = field(default_factory=dict)  # binary files, made when asked


def generate(
    ledger: Ledger, obligations: Iterable[Obligation], as_of: dt.date, config: SiteConfig | None = None
) -> dict[str, str]:
    return build_site(ledger, obligations, as_of, config).files


def build_site(
    ledger: Ledger, obligations: Iterable[Obligation], as_of: dt.date, config: SiteConfig | None = None
) -> Site:
    return site_from(gather(ledger, obligations, as_of, config or SiteConfig()))


def site_from(archive: Archive, later: bool = False, kept: Mapping[str, dict[str, str]] | None = None) -> Site:
    """The site's files; each plan year's data archive (yeardata.py) is a maker in Site.later. With
    `later`, the download page, which tells each archive's size, is a maker too, placed after the
    archives': the caller makes them one at a time when the pages are written (build.write_tree), and no
    archive is made twice. Without, the archives are made here, for the page (held, but compressed).
    `kept`: by plan key, what plan_family() gave for that plan, made before (the caller's cache)."""
    files = {submit.SRC: submit.page(archive), periods.INDEX: periods.index(archive)}
    for part in (units.pages, bulletin.archive_pages, downloads.files, submit.downloads, form.pages):
        files.update(part(archive))
    for facts in archive.plans:
        files[fmt.plan_home(facts)] = home.page(facts, archive)
        files.update(kept[facts.plan.key] if kept and facts.plan.key in kept else plan_family(facts))
    if archive.earlier:
        files[fmt.ARCHIVE] = home.archive_page(archive)
    data = yeardata.YearData(archive)
    makers = data.makers()
    if later:
        makers[downloads.SRC] = lambda: downloads.page(archive, data.size).encode("utf-8")
        return Site(files, nav(archive), makers)
    made = {path: make() for path, make in makers.items()}
    files[downloads.SRC] = downloads.page(archive, data.size)
    return Site(files, nav(archive), {path: functools.partial(bytes, blob) for path, blob in made.items()})


def plan_family(facts: Facts) -> dict[str, str]:
    """The pages about one plan that read nothing but its facts (its reports and obligations, the
    registry, the as-of date): its periods, tasks, charts, bulletins and assessment. An earlier plan's
    change only when one of those does, so the caller may keep them (site/made.py keys them)."""
    files = periods.plan_pages(facts)
    files.update(tasks.pages(facts))
    files.update(charts.pages(facts))
    files.update(bulletin.plan_pages(facts))
    return files


def entry(label: str, path: str) -> dict[str, str]:
    return {escape.title(label): path}


def nav(archive: Archive) -> list[NavItem]:
    facts = archive.current
    items: list[NavItem] = [
        entry("首页", home.SRC),
        {"重点任务": _task_nav(facts)},
        entry("单位", "units/index.md"),  # the unit pages are listed there, not in every page's navigation
        {"报送期间": [periods.INDEX, *_period_nav(facts)]},
        entry("逾期", bulletin.OVERDUE),
        {"通报与考核": [bulletin.INDEX, *_bulletin_nav(facts)]},
        entry("统计图表", fmt.stats_page(facts)),
    ]
    if archive.earlier:
        items.append({"往年工作要点": [fmt.ARCHIVE, *(_plan_nav(f) for f in archive.earlier)]})
    return [*items, entry("填报说明", submit.SRC), entry("下载", downloads.SRC)]


def _task_nav(facts: Facts) -> list[NavItem]:
    return [fmt.tasks_index(facts), *(entry(f"{t.number} {t.title}", fmt.task_page(facts, t.id)) for t in facts.tasks)]


def _period_nav(facts: Facts) -> list[NavItem]:
    return [entry(kinds.period_zh(p), fmt.period_page(p)) for p, _ in periods.all_periods(facts)]


def _bulletin_nav(facts: Facts) -> list[NavItem]:
    if not facts.computed:
        return []
    return [entry(bulletin.title(s).removeprefix("关于"), bulletin.page_of(s)) for s in issue.schedule(facts)]


def _plan_nav(facts: Facts) -> NavItem:
    """An earlier plan's section of the nav: its front page, tasks, periods, bulletins and charts."""
    return {
        escape.title(facts.plan.title): [
            fmt.plan_home(facts),
            {"重点任务": _task_nav(facts)},
            {"报送期间": _period_nav(facts)},
            {"通报与考核": [fmt.assessment_page(facts), *_bulletin_nav(facts)]},
            entry("统计图表", fmt.stats_page(facts)),
        ]
    }
