"""统计图表: pygal charts pre-rendered as static SVG with Chinese labels, each beside its data table."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.site import pages
from tests import sitedata
from tests.gitrepo import REPO_ROOT

AS_OF = dt.date(2024, 1, 10)
CHARTS = ("charts/ontime-by-month.svg", "charts/status-by-task.svg", "charts/by-unit.svg")


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[Obligation]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("charts"))
    return sitedata.season(root, AS_OF)


@pytest.fixture(scope="module")
def site(season: tuple[Ledger, list[Obligation]]) -> dict[str, str]:
    return sitedata.readable(pages.generate(*season, AS_OF))


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
    again = sitedata.readable(pages.generate(*season, AS_OF))
    assert [again[name] for name in CHARTS] == [site[name] for name in CHARTS]


def test_a_plan_without_reports_still_draws_its_charts(tmp_path: Path) -> None:
    ledger = sitedata.ledger_of(sitedata.bundled(tmp_path))
    site = sitedata.readable(pages.generate(ledger, [], AS_OF))
    assert "暂无数据" in site["charts/ontime-by-month.svg"]


CHARTS_OF = """
import datetime as dt, json, sys
from pathlib import Path
from taizhang.site import pages
from taizhang.tracking import status
as_of = dt.date(2024, 1, 10)
site = pages.generate(*status.compute(Path(sys.argv[1]), as_of), as_of)
json.dump({name: text for name, text in site.items() if name.endswith(".svg")}, sys.stdout)
"""


def _build_charts(demo: Path, env: dict[str, str]) -> dict[str, str]:
    """The site's chart SVGs, generated in a fresh process as `taizhang build` generates them.

    (The whole build cannot run without lxml any more: python-docx, for the Word downloads, needs it.)"""
    command = [sys.executable, "-c", CHARTS_OF, str(demo)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    charts: dict[str, str] = json.loads(done.stdout)
    return charts


def test_charts_are_the_same_whether_or_not_lxml_is_installed(tmp_path: Path) -> None:
    # python-docx brings lxml, and pygal builds its trees with lxml whenever it can import it
    assert importlib.util.find_spec("lxml") is not None, (
        "the test environment must have lxml, as users' environments do"
    )
    demo = tmp_path / "demo"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(demo)]) == 0
    with_lxml = _build_charts(demo, dict(os.environ))

    blocker = tmp_path / "no-lxml"
    (blocker / "lxml").mkdir(parents=True)
    marker = tmp_path / "lxml-refused"
    (blocker / "lxml" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nraise ImportError('lxml blocked by the test')\n", encoding="utf-8"
    )
    path = os.pathsep.join(p for p in (str(blocker), os.environ.get("PYTHONPATH", "")) if p)
    without_lxml = _build_charts(demo, {**os.environ, "PYTHONPATH": path})

    assert marker.exists(), "pygal never asked for lxml: the build without it proved nothing"
    assert sorted(with_lxml) == sorted(without_lxml) and len(with_lxml) >= 3
    for name, svg in with_lxml.items():
        assert svg == without_lxml[name], name
        root = ET.fromstring(svg.split("\n", 1)[1])  # well-formed XML after the declaration
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text, f"{name} lost its title (what a screen reader announces)"
