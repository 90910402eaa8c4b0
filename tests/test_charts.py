"""统计图表: pygal charts pre-rendered as static SVG with Chinese labels, each beside its data table."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.site import pages
from tests import sitedata

AS_OF = dt.date(2024, 1, 10)
CHARTS = ("charts/ontime-by-month.svg", "charts/status-by-task.svg", "charts/by-unit.svg")


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[Obligation]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("charts"))
    return sitedata.season(root, AS_OF)


@pytest.fixture(scope="module")
def site(season: tuple[Ledger, list[Obligation]]) -> dict[str, str]:
    return pages.generate(*season, AS_OF)


@pytest.mark.parametrize("name", CHARTS)
def test_charts_are_static_svg_that_load_and_run_nothing(site: dict[str, str], name: str) -> None:
    svg = site[name]
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg and "kozea" not in svg and "pygal.js" not in svg
    assert not [u for u in re.findall(r"https?://[^\s\"')]+", svg) if not u.startswith("http://www.w3.org/")]
    assert not re.search(r"\b(href|src)=\"(?!#)", svg)


def test_chart_labels_are_chinese_and_intact(site: dict[str, str]) -> None:
    assert "各月月报按时率（%）" in site["charts/ontime-by-month.svg"] and ">9月<" in site["charts/ontime-by-month.svg"]
    assert "（五）2加强扬尘污染治理" in site["charts/status-by-task.svg"]
    assert "忻府区交通运输局" in site["charts/by-unit.svg"]
    assert "Noto Sans CJK SC" in site["charts/by-unit.svg"]


def test_each_chart_sits_beside_its_data_table(season: tuple[Ledger, list[Obligation]], site: dict[str, str]) -> None:
    _, owed = season
    page = site["stats.md"]
    for name in CHARTS:
        section = page[page.index(f"]({name})") :].split("\n## ")[0]
        assert "\n|---|" in section
    september = [o for o in owed if (o.kind, o.period) == ("monthly", "2023-09")]
    on_time = sum(o.status == "on_time" for o in september)
    late = sum(o.status == "late" for o in september)
    overdue = sum(o.status == "overdue" for o in september)
    row = f"| 2023年9月 | {len(september)} | {on_time} | {late} | {overdue} | {on_time / len(september) * 100:.1f}% |"
    assert row in page


def test_charts_are_the_same_for_the_same_data(season: tuple[Ledger, list[Obligation]], site: dict[str, str]) -> None:
    again = pages.generate(*season, AS_OF)
    assert [again[name] for name in CHARTS] == [site[name] for name in CHARTS]


def test_a_plan_without_reports_still_draws_its_charts(tmp_path: Path) -> None:
    ledger = sitedata.ledger_of(sitedata.bundled(tmp_path))
    site = pages.generate(ledger, [], AS_OF)
    assert "暂无数据" in site["charts/ontime-by-month.svg"]
