"""年度数据包: each plan year's reports, statuses and figures in downloads/data/<year>.zip, and the Office
files sized to the current plan year (issue 17).

The ledger holds the bundled 2023 plan with a season of reports and a 2024 copy of it with its first two
months; the site is generated as of 10 September 2024, when 2024 is the current plan year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.host import links
from taizhang.office import officefiles, workbook
from taizhang.site import pages
from taizhang.site.pages import downloads, yeardata
from tests import sitedata

AS_OF = dt.date(2024, 9, 10)
YEARS = (2023, 2024)
NAMES = ["说明.txt", "reports.csv", "reports.json", "statuses.csv", "statuses.json", "figures.csv", "figures.json"]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[Obligation]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("yeardata"))
    _, owed = sitedata.season(root, AS_OF)
    sitedata.next_year(root)
    registry = sitedata.ledger_of(root)
    for unit in registry.owes(registry.plans["2024"], "monthly"):
        for month in ("2024-07", "2024-08"):
            owed.append(sitedata.obligation(unit, "monthly", month, "on_time"))
            sitedata.write_report(root, registry, "monthly", unit, month)
    return sitedata.ledger_of(root), owed


@pytest.fixture(scope="module")
def archives(two_years: tuple[Ledger, list[Obligation]]) -> dict[int, bytes]:
    site = pages.build_site(*two_years, AS_OF)
    return {year: site.later[links.year_data(year)]() for year in YEARS}


def member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def plan_year(ledger: Ledger, kind: str, period: str) -> int:
    plan = ledger.plan_for(kind, period)
    assert plan is not None
    return plan.year


def test_each_years_archive_holds_every_report_of_that_plan_year_once_and_whole(
    two_years: tuple[Ledger, list[Obligation]], archives: dict[int, bytes]
) -> None:
    """What reports.json held for all years, split by plan year: each report once, in its own year's archive."""
    ledger, _ = two_years
    for year in YEARS:
        items = json.loads(member(archives[year], "reports.json"))
        keys = Counter((i["kind"], i["unit"], i["period"]) for i in items)
        expected = {(r.kind, r.unit, r.period) for r in ledger.reports if plan_year(ledger, r.kind, r.period) == year}
        assert set(keys) == expected and set(keys.values()) == {1}
        by_path = {r.path: r for r in ledger.reports}
        for item in items:
            assert set(item) == {"unit", "kind", "period", "plan", "path", "submitted_at", "status", "data"}
            report = by_path[item["path"]]
            assert item["plan"] == str(year)
            assert item["data"] == json.loads(json.dumps({k: v for k, v in report.data.items() if k != "contact"}))
        table = list(csv.reader(io.StringIO(member(archives[year], "reports.csv").removeprefix("\ufeff"))))
        assert table[0] == downloads.REPORT_HEADERS
        in_year = [r for r in ledger.reports if plan_year(ledger, r.kind, r.period) == year]
        assert len(table) - 1 == sum(len(r.entries) + bool(r.data.get("summary")) for r in in_year)
    assert sum(len(json.loads(member(a, "reports.json"))) for a in archives.values()) == len(ledger.reports)


def test_each_years_statuses_and_figures_are_that_years_only(
    two_years: tuple[Ledger, list[Obligation]], archives: dict[int, bytes]
) -> None:
    _, owed = two_years
    for year in YEARS:
        statuses = json.loads(member(archives[year], "statuses.json"))
        assert len(statuses) == sum(o.plan == str(year) for o in owed) and {s["plan"] for s in statuses} == {str(year)}
        rows = list(csv.reader(io.StringIO(member(archives[year], "statuses.csv").removeprefix("\ufeff"))))
        assert rows[0] == downloads.STATUS_HEADERS and len(rows) - 1 == len(statuses)
        figures = json.loads(member(archives[year], "figures.json"))
        assert [p["plan"] for p in figures["plans"]] == [str(year)]
        table = list(csv.reader(io.StringIO(member(archives[year], "figures.csv").removeprefix("\ufeff"))))
        assert {row[0] for row in table[1:]} <= {str(year)} and table[0][0] == "工作要点"


def test_an_archive_is_the_same_bytes_on_every_build_of_the_same_ledger_and_day(
    two_years: tuple[Ledger, list[Obligation]], archives: dict[int, bytes]
) -> None:
    again = pages.build_site(*two_years, AS_OF)
    for year in YEARS:
        assert again.later[links.year_data(year)]() == archives[year]
        infos = zipfile.ZipFile(io.BytesIO(archives[year])).infolist()
        assert [i.filename for i in infos] == NAMES
        assert {i.date_time for i in infos} == {(2024, 9, 10, 0, 0, 0)}  # the as-of date, not the clock
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    later = pages.build_site(*two_years, AS_OF + dt.timedelta(days=1)).later[links.year_data(2024)]()
    assert later != archives[2024]  # the as-of date is part of what it holds


def test_the_archive_is_a_fraction_of_the_text_it_holds(archives: dict[int, bytes]) -> None:
    for data in archives.values():
        held = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        assert len(data) < held / 3


def test_the_download_page_lists_each_years_archive_with_its_size(
    two_years: tuple[Ledger, list[Obligation]], archives: dict[int, bytes]
) -> None:
    page = pages.generate(*two_years, AS_OF)["downloads.md"]
    for year, note in ((2024, "本年度"), (2023, "往年")):
        size = downloads.size_zh(len(archives[year]))
        assert (
            f"| [{year}年度数据包](downloads/data/{year}.zip) | {size} | {note}全部报告、报送情况和数据指标 |" in page
        )
    assert page.index("2024年度数据包") < page.index("2023年度数据包")
    assert "2023年的报告和报送情况在下面的年度数据包中" in page
    assert "往年的报告全文不在网站页面上" in page


def test_the_site_made_for_writing_makes_each_archive_once_before_the_page_that_tells_its_size(
    two_years: tuple[Ledger, list[Obligation]], archives: dict[int, bytes]
) -> None:
    archive = pages.gather(*two_years, AS_OF, pages.SiteConfig())
    site = pages.site_from(archive, later=True)
    assert list(site.later) == [links.year_data(2024), links.year_data(2023), downloads.SRC]
    assert "downloads.md" not in site.files
    made = {path: make() for path, make in site.later.items()}
    assert made[links.year_data(2023)] == archives[2023]
    assert made[downloads.SRC].decode("utf-8") == pages.generate(*two_years, AS_OF)["downloads.md"]


def test_the_workbook_holds_the_current_plan_year_only(two_years: tuple[Ledger, list[Obligation]]) -> None:
    ledger, owed = two_years
    archive = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    book = load_workbook(io.BytesIO(workbook.build(archive)))
    assert book.sheetnames == ["任务进展", "台账", "任务分工", "报送情况", "数据指标", "考核"]  # no 2023年度考核
    months = {row[12].year for row in book["台账"].iter_rows(min_row=3, values_only=True)}
    assert months == {2024}
    rows = list(book["台账"].iter_rows(min_row=3, values_only=True))
    current = [r for r in ledger.reports if plan_year(ledger, r.kind, r.period) == 2024 and r.kind == "monthly"]
    assert len(rows) == sum(len(r.entries) for r in current)
    assert {row[3] for row in book["报送情况"].iter_rows(min_row=3, values_only=True)} == {"2024-07", "2024-08"}
    assert {row[-1] for row in book["任务分工"].iter_rows(min_row=3, values_only=True)} == {2024}


def test_the_unit_and_month_extracts_hold_the_current_plan_year_only(
    two_years: tuple[Ledger, list[Obligation]],
) -> None:
    ledger, owed = two_years
    archive = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    made = workbook.extracts(archive)
    months = {p for p in made if p.startswith("downloads/periods/")}
    assert months == {links.period_workbook(m) for m in archive.current.plan.months()}
    assert months and all(m.startswith("downloads/periods/2024-") for m in months)  # not 2023's
    assert set(made) == workbook.extract_paths(ledger, AS_OF)
    book = load_workbook(io.BytesIO(made[links.unit_workbook("xinfu")]()))
    ledger_rows = list(book["台账"].iter_rows(min_row=3, values_only=True))
    assert ledger_rows and {row[12].strftime("%Y-%m") for row in ledger_rows} == {"2024-07", "2024-08"}
    statuses = {row[3] for row in book["报送情况"].iter_rows(min_row=3, values_only=True)}
    assert statuses == {"2024-07", "2024-08"}


def test_archives_are_named_by_plan_year(two_years: tuple[Ledger, list[Obligation]], tmp_path: Path) -> None:
    data = yeardata.YearData(pages.gather(*two_years, AS_OF, pages.SiteConfig()))
    assert data.years() == [2024, 2023] and list(data.makers()) == [f"downloads/data/{y}.zip" for y in (2024, 2023)]


def test_word_files_are_made_for_the_current_plan_years_reports_only(
    two_years: tuple[Ledger, list[Obligation]],
) -> None:
    """Earlier years' reports are in their archives, not sections of a page: no page would link their Word file."""
    ledger, _ = two_years
    made = officefiles.word_files(ledger, AS_OF)
    assert made and all(path.startswith("downloads/word/reports/2024-") for path in made)
    assert len(made) == sum(1 for r in ledger.reports if r.period.startswith("2024-"))


def test_only_the_current_years_bulletins_offer_a_word_file(two_years: tuple[Ledger, list[Obligation]]) -> None:
    """An earlier year's 通报 stays as it was issued, on its page; its .docx is not made again every build."""
    site = pages.generate(*two_years, AS_OF)
    assert "(../downloads/bulletins/2024-07.docx)" in site["bulletins/2024-07.md"]
    assert ".docx" not in site["bulletins/2023-09.md"] and "忻交运通〔2023〕" in site["bulletins/2023-09.md"]
