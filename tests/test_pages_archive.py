"""Every plan on the site: once next year's plan arrives, this year's tasks, reports and statuses stay.

The ledger holds the bundled 2023 plan with a season of reports and a 2024 copy of it (the year
changed) with its first two months; the site is generated as of 10 September 2024.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.site import escape, pages
from taizhang.site.pages.downloads import WORKBOOK
from tests import sitedata
from tests.conftest import REPO

AS_OF = dt.date(2024, 9, 10)
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[Obligation], dict[str, str]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("archive"))
    _, owed = sitedata.season(root, AS_OF)
    sitedata.next_year(root)
    registry = sitedata.ledger_of(root)
    for unit in registry.owes(registry.plans["2024"], "monthly"):
        owed.append(sitedata.obligation(unit, "annual_plan", "2024", "on_time"))
        sitedata.write_report(root, registry, "annual_plan", unit, "2024")
        for month in ("2024-07", "2024-08"):
            status = "overdue" if unit == "fanshi" else "on_time"
            owed.append(sitedata.obligation(unit, "monthly", month, status, 38 if status == "overdue" else 0))
            if status == "on_time":
                sitedata.write_report(root, registry, "monthly", unit, month)
    ledger = sitedata.ledger_of(root)
    assert set(ledger.plans) == {"2023", "2024"}
    return ledger, owed, sitedata.readable(pages.generate(ledger, owed, AS_OF))


def nav_paths(items: list[Any]) -> set[str]:
    found: set[str] = set()
    for item in items:
        if isinstance(item, str):
            found.add(item)
        else:
            for value in item.values():
                found |= nav_paths(value) if isinstance(value, list) else {value}
    return found


def test_the_home_page_shows_the_new_plan_and_points_to_the_earlier_one(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    site = two_plans[2]
    home = site["index.md"]
    assert home.startswith("# 2024年交通运输绿色低碳发展工作要点\n") and "忻交发〔2024〕102号" in home
    assert "往年工作要点：[《2023年交通运输绿色低碳发展工作要点》](plans/2023/index.md)" in home
    archive = site["plans/index.md"]
    assert "[2023年交通运输绿色低碳发展工作要点](2023/index.md) | 忻交发〔2023〕102号 | 2023年7月17日" in archive
    earlier = site["plans/2023/index.md"]
    assert earlier.startswith("# 2023年交通运输绿色低碳发展工作要点\n")
    assert '!!! note "往年工作要点"' in earlier and "[首页](../../index.md)" in earlier
    assert "[16 项](tasks/index.md)" in earlier and "(../../periods/2023-12.md)" in earlier
    # the year's period pages and 通报 say who reported when: its home has no per-unit strip
    assert "## 各单位近 12 个月月报" in home and "近 12 个月" not in earlier and "本月新增进展" not in earlier


def test_both_plans_tasks_are_reachable_each_with_its_own_reports(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    site = two_plans[2]
    current = site["tasks/t5-2.md"]
    assert "2024年8月" in current and "2023年9月" not in current
    earlier = site["plans/2023/tasks/t5-2.md"]
    assert earlier.startswith("# （五）2 加强扬尘污染治理（2023年）\n") and '!!! note "往年工作要点"' in earlier
    assert "2024年" not in earlier
    # each unit's last status, linked to the year's section of its page; the texts are in the year's archive
    last = earlier.split("## 各单位最后状态")[1].split("\n## ")[0]
    assert "| [忻府区交通运输局](../../../units/xinfu.md#plan-2023) | 2023年12月 | 滞后 |" in last
    assert "[2023年度数据](../../../downloads/data/2023.zip)" in last and "【示例数据】" not in earlier
    assert "## 报告历史" not in earlier and "## 报告历史" in current  # an earlier year's months: in its archive
    assert "## 最新进展" in current and "【示例数据】" in current.split("## 最新进展")[1]  # this year quotes them
    listing = site["plans/2023/tasks/index.md"]
    assert len(re.findall(r"\]\(t[0-9-]+\.md\)", listing)) == 16
    assert len([p for p in site if re.fullmatch(r"plans/2023/tasks/t[0-9-]+\.md", p)]) == 16
    assert len([p for p in site if re.fullmatch(r"tasks/t[0-9-]+\.md", p)]) == 16


def test_the_earlier_plans_obligations_still_appear(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    ledger, owed, site = two_plans
    overdue = site["overdue.md"]
    assert "（含往年工作要点的事项）" in overdue
    assert "[繁峙县交通运输局](units/fanshi.md) | 月度进展情况 | [2023年9月](periods/2023-09.md)" in overdue
    assert "[繁峙县交通运输局](units/fanshi.md) | 月度进展情况 | [2024年7月](periods/2024-07.md)" in overdue
    fanshi = site["units/fanshi.md"]
    this_year, last_year = fanshi.split("## 往年 { data-search-exclude }")

    def rows(page: str) -> dict[str, str]:
        return {line.split(" | ")[0].strip("| "): line for line in page.splitlines() if line.startswith("| 202")}

    assert "逾期" in rows(this_year)["2024年7月"] and "2023年9月" not in rows(this_year)
    assert "逾期" in rows(last_year)["2023年9月"] and "按时" in rows(last_year)["2023年7月"]
    assert "[加强扬尘污染治理](../tasks/t5-2.md) | 落实 |" in this_year
    # the earlier year in one compact section: its tasks and roles on one line, its score, its archive
    assert "### 2023年度：2023年交通运输绿色低碳发展工作要点 {#plan-2023 data-search-exclude}" in last_year
    assert "[加强扬尘污染治理](../plans/2023/tasks/t5-2.md)（落实）" in last_year
    assert "2024年度：应报" in this_year and "2023年度：应报" in last_year
    assert "[2023年度数据（压缩包）](../downloads/data/2023.zip)" in last_year
    assert not [p for p in site if p.startswith("plans/2023/units/")]
    assert {"periods/2023-09.md", "periods/2024-08.md", "bulletins/2023-09.md", "bulletins/2024-08.md"} <= set(site)
    assert "2023年交通运输绿色低碳发展工作要点（往年）" in site["periods/index.md"]
    assert "[2023年度通报与考核](2023.md)" in site["bulletins/index.md"]
    year = site["bulletins/2023.md"]
    assert "## 2023年度考核" in year and "[关于2023年9月工作台账报送情况的通报](2023-09.md)" in year
    later = pages.build_site(ledger, owed, AS_OF).later
    years = [zipfile.ZipFile(io.BytesIO(later[f"downloads/data/{y}.zip"]())) for y in ("2023", "2024")]
    statuses = [s for z in years for s in json.loads(z.read("statuses.json"))]
    assert len(statuses) == len(owed) and {s["plan"] for s in statuses} == {"2023", "2024"}
    tasks = list(csv.reader(io.StringIO(site["downloads/tasks.csv"][1:])))
    assert len(tasks) == 1 + 32 and {row[-1] for row in tasks[1:]} == {"2023", "2024"}
    assert sum(len(json.loads(z.read("reports.json"))) for z in years) == len(ledger.reports)
    assert json.loads(site["downloads/plans/2023/tasks.json"])["plan"]["document_number"] == "忻交发〔2023〕102号"


def test_every_page_is_in_the_nav_and_every_link_leads_to_a_page(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    ledger, owed, _ = two_plans
    site = pages.build_site(ledger, owed, AS_OF)
    md = {p for p in site.files if p.endswith(".md")}
    texts = sitedata.readable({p: t for p, t in site.files.items() if p in md and isinstance(t, str)})
    forms = {p for p in md if p.startswith("form/")}  # 在线填报: linked from each unit, kept off the nav
    assert forms == {"form/index.md"} and {f"form/{u}.html" for u in ledger.units} <= set(site.files)
    assert "  /form/\n" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")  # not_in_nav, so --strict passes
    unit_pages = {p for p in md if re.fullmatch(r"units/[a-z0-9_-]+\.md", p) and "index" not in p}
    assert nav_paths(site.nav) == md - unit_pages - forms  # unit pages are listed on units/index.md, not in every page
    assert {f"units/{u}.md" for u in ledger.units} <= unit_pages
    linked = {
        posixpath.normpath(posixpath.join(posixpath.dirname(p), t.split("#")[0]))
        for p in md
        for t in LINK.findall(texts[p])
    }
    assert unit_pages <= linked  # every one is reached by a link
    assert "plans/2023/tasks/t5-2.md" in nav_paths(site.nav[7]["往年工作要点"])
    broken = []
    for path in sorted(md):
        for target in LINK.findall(texts[path]):
            if target.startswith(("http://", "https://", "#")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), re.split("[?#]", target)[0]))
            at_edge = resolved == WORKBOOK or resolved.endswith(".docx")  # binary files: added by build.py
            if resolved not in site.files and resolved not in site.later and not at_edge:
                broken.append(f"{path} -> {target}")
    assert broken == []


def test_a_plan_not_yet_issued_is_not_shown(two_plans: tuple[Ledger, list[Obligation], dict[str, str]]) -> None:
    ledger, owed, _ = two_plans
    site = sitedata.readable(pages.generate(ledger, owed, dt.date(2024, 7, 1)))  # the 2024 plan is issued on 17 July
    assert site["index.md"].startswith("# 2023年交通运输绿色低碳发展工作要点\n")
    assert not [p for p in site if p.startswith("plans/")]
    assert "periods/2024-07.md" not in site and "2024年" not in site["units/xinfu.md"]


def test_a_single_plan_site_has_no_archive(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    site = pages.build_site(sitedata.ledger_of(root), [], dt.date(2023, 10, 10))
    assert not [p for p in site.files if p.startswith("plans/")] and "往年" not in site.files["index.md"]
    assert "往年工作要点" not in repr(site.nav)


def test_every_report_is_on_its_units_page_this_years_with_its_text_earlier_ones_listed_under_their_anchor(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    """The same reports as when a unit's page held every year, each once: this year's with its text,
    an earlier year's as an entry under its old anchor, linked to its file and to the year's archive."""
    ledger, _, site = two_plans
    heading = re.compile(r"^### .* \{#(r-[a-z0-9-]+) data-search-exclude\}$", re.MULTILINE)
    span = re.compile(r'<span id="(r-[a-z0-9-]+)"></span>')
    sections: dict[tuple[str, str], int] = {}
    entries: dict[tuple[str, str], int] = {}
    for path, text in site.items():
        if path.endswith(".md"):
            for anchor in heading.findall(text):
                sections[(path, anchor)] = sections.get((path, anchor), 0) + 1
            for anchor in span.findall(text):
                entries[(path, anchor)] = entries.get((path, anchor), 0) + 1
    this_year = {(f"units/{r.unit}.md", anchor_of(r.kind, r.period)): r for r in ledger.reports if r.period >= "2024"}
    earlier = {(f"units/{r.unit}.md", anchor_of(r.kind, r.period)): r for r in ledger.reports if r.period < "2024"}
    assert len(this_year) + len(earlier) == len(ledger.reports)
    assert sections == dict.fromkeys(this_year, 1) and entries == dict.fromkeys(earlier, 1)
    for (page, anchor), report in this_year.items():
        section = site[page].split(f"{{#{anchor} data-search-exclude}}")[1].split("\n### ")[0]
        for entry in report.entries.values():
            if isinstance(entry, dict) and entry.get("progress"):
                assert escape.inline(entry["progress"]) in section, (page, anchor)
    for (page, anchor), report in earlier.items():
        year = site[page].split("{#plan-2023 data-search-exclude}")[1]
        row = next(line for line in year.splitlines() if f'<span id="{anchor}">' in line)
        cell = row.split(f'<span id="{anchor}"></span>')[1].split(" | ")[0]
        assert f"[文件](https://github.com/xinzhou-jtj/taizhang/blob/main/{report.path})" in cell, cell
        assert "[2023年度数据（压缩包）](../downloads/data/2023.zip)" in year
        for entry in report.entries.values():
            if isinstance(entry, dict) and entry.get("progress"):
                assert escape.inline(entry["progress"]) not in year  # linked, not repeated


def anchor_of(kind: str, period: str) -> str:
    return f"r-{kind.replace('_', '-')}-{period.lower()}"


def test_no_page_links_into_the_old_per_year_unit_pages(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    ledger, owed, _ = two_plans
    site = pages.build_site(ledger, owed, AS_OF)
    assert not [p for p in site.files if re.match(r"plans/[^/]+/units/", p)]
    into = [p for p, text in site.files.items() if p.endswith(".md") and re.search(r"plans/[^/)]+/units/", text)]
    assert into == []


def test_a_units_page_grows_with_one_years_reports_not_with_all_of_them(
    two_plans: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    _, _, site = two_plans
    this_year, last_year = site["units/xinfu.md"].split("## 往年 { data-search-exclude }")
    assert "{#r-monthly-2024-08 data-search-exclude}" in this_year
    assert "{#r-monthly-2023-09 data-search-exclude}" not in last_year  # an entry under its old anchor instead
    # six months of last year take a grid; two months of this year take their full text
    assert len(last_year) < len(this_year) / 3
