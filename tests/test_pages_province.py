"""Pages sized for a province: the home page's 各单位近 12 个月月报 strip (past STRIP_ROWS units the home
page shows the units that most need attention, and the whole strip is on pages of its own) and the
数据指标合计 rows (the units and reports beside a total bounded, the rest counted).

The province is scripts/gen_province.py at 250 units and three months (238 owe monthly reports).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest

from taizhang.site import pages
from taizhang.site.pages import strip, totals
from taizhang.tracking import status
from tests import sitedata
from tests.conftest import province_repo

AS_OF = dt.date(2023, 4, 10)
ROW = re.compile(r"^\| \[[^]]+\]\((?:units/)?([a-z0-9-]+)\.md\) \| <span class=\"tz-strip\">(.*)</span> \|$", re.M)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], set[str]]:
    out = tmp_path_factory.mktemp("province") / "repo"
    province_repo(out, 250, 3)
    ledger, owed = status.compute(out, AS_OF)
    owing = {o.unit for o in owed if o.kind == "monthly"}
    return sitedata.readable(pages.generate(ledger, owed, AS_OF)), owing


def test_a_province_home_page_shows_the_units_needing_attention_and_links_the_full_strip(
    province: tuple[dict[str, str], set[str]],
) -> None:
    site, owing = province
    assert len(owing) > strip.STRIP_ROWS
    home = site["index.md"].split("## 各单位近 12 个月月报")[1].split("\n## ")[0]
    shown = ROW.findall(home)
    assert 0 < len(shown) <= strip.STRIP_ROWS
    # only units with an overdue, returned, needs-revision or late month; the overdue ones first
    marks = [m for _, m in shown]
    assert all(re.search(r">[逾退修迟]<", m) for m in marks)
    worst = [">逾<" in m or ">退<" in m or ">修<" in m for m in marks]
    assert worst == sorted(worst, reverse=True)
    assert f"全部 {len(owing)} 个单位的月报一览按单位名录顺序分页" in home
    assert (
        "[第 1—100 个](units/strip_1.md)、[第 101—200 个](units/strip_2.md)、[第 201—238 个](units/strip_3.md)" in home
    )


def test_every_unit_owing_monthly_reports_is_on_exactly_one_page_of_the_full_strip(
    province: tuple[dict[str, str], set[str]],
) -> None:
    site, owing = province
    split = sorted(p for p in site if p.startswith("units/strip_"))
    assert split == ["units/strip_1.md", "units/strip_2.md", "units/strip_3.md"]
    found = [unit for path in split for unit, _ in ROW.findall(site[path])]
    assert sorted(found) == sorted(owing)  # every one, once
    assert all(len(ROW.findall(site[p])) <= strip.STRIP_ROWS for p in split)
    second = site["units/strip_2.md"]
    assert second.startswith("---\nsearch:\n  exclude: true\n---\n\n# 各单位近 12 个月月报（第 101—200 个单位）\n")
    assert "[第 1—100 个](strip_1.md)、第 101—200 个、[第 201—238 个](strip_3.md)" in second
    for path in split:  # every link lands on a page of the site
        for target in re.findall(r"\]\(([^)#]+)", site[path]):
            assert posixpath.normpath(posixpath.join("units", target)) in site, (path, target)


def test_at_the_demo_size_the_home_page_shows_every_units_strip_as_before(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    ledger, owed = sitedata.season(root, dt.date(2023, 11, 10))
    site = sitedata.readable(pages.generate(ledger, owed, dt.date(2023, 11, 10)))
    home = site["index.md"].split("## 各单位近 12 个月月报")[1].split("\n## ")[0]
    owing = {o.unit for o in owed if o.kind == "monthly"}
    assert sorted(u for u, _ in ROW.findall(home)) == sorted(owing) and "分页" not in home
    assert not [p for p in site if p.startswith("units/strip_")]


def test_a_total_lists_its_first_reports_and_largest_units_and_counts_the_rest(
    province: tuple[dict[str, str], set[str]],
) -> None:
    site, _ = province
    section = site["index.md"].split("## 数据指标合计")[1].split("\n## ")[0]
    row = next(line for line in section.splitlines() if line.startswith("| 本月完成投资 |"))
    _, _, units, sources = row.strip("| ").split(" | ")
    reports = int(sources.split(" 份报告")[0])
    assert reports > totals.SHOWN
    assert sources.count("](units/") == totals.SHOWN
    assert sources.endswith(f"等（其余 {reports - totals.SHOWN} 份见年度数据包中的 figures.csv）")
    assert units.count("；") == totals.SHOWN and re.search(r"；等 [0-9]+ 个单位$", units)
