"""The site's pages, generated as plain Markdown and SVG from the ledger: pure, no I/O.

    generate(ledger, obligations, as_of, config) -> {path under the docs folder: text}

Pages grow with units, tasks and periods — never with reports: a report is a section of its unit's
page, listed on its period's page, and quoted (latest entry only) on its tasks' pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from taizhang import escape
from taizhang.ledger import Ledger
from taizhang.model import Obligation
from taizhang.pages import bulletin, charts, downloads, fmt, home, periods, submit, tasks, units
from taizhang.pages.facts import Facts, SiteConfig, due_months, gather, is_open

__all__ = ["Facts", "Site", "SiteConfig", "build_site", "gather", "generate", "is_open", "site_from"]

NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class Site:
    files: dict[str, str]  # path under the docs folder -> Markdown, SVG, CSV, JSON or YAML text
    nav: list[NavItem]  # MkDocs `nav`, titles safe to print raw


def generate(
    ledger: Ledger, obligations: Iterable[Obligation], as_of: dt.date, config: SiteConfig | None = None
) -> dict[str, str]:
    return build_site(ledger, obligations, as_of, config).files


def build_site(
    ledger: Ledger, obligations: Iterable[Obligation], as_of: dt.date, config: SiteConfig | None = None
) -> Site:
    return site_from(gather(ledger, obligations, as_of, config or SiteConfig()))


def site_from(facts: Facts) -> Site:
    files = {home.SRC: home.page(facts), submit.SRC: submit.page(facts)}
    for part in (
        tasks.pages,
        units.pages,
        periods.pages,
        bulletin.pages,
        charts.pages,
        downloads.files,
        submit.downloads,
    ):
        files.update(part(facts))
    return Site(files, nav(facts))


def nav(facts: Facts) -> list[NavItem]:
    def entry(label: str, path: str) -> dict[str, str]:
        return {escape.title(label): path}

    return [
        entry("首页", home.SRC),
        {"重点任务": ["tasks/index.md", *(entry(f"{t.number} {t.title}", fmt.task_page(t.id)) for t in facts.tasks)]},
        {"单位": ["units/index.md", *(entry(u.name, fmt.unit_page(u.id)) for u in facts.ledger.ordered_units())]},
        {
            "报送期间": [
                "periods/index.md",
                *(entry(fmt.period_zh(kind, p), fmt.period_page(p)) for p, kind in periods.all_periods(facts)),
            ]
        },
        entry("逾期", bulletin.OVERDUE),
        {
            "通报与考核": [
                bulletin.INDEX,
                *(entry(f"{fmt.period_zh('monthly', m)}通报", fmt.bulletin_page(m)) for m in due_months(facts)),
            ]
        },
        entry("统计图表", charts.SRC),
        entry("填报说明", submit.SRC),
        entry("下载", downloads.SRC),
    ]
