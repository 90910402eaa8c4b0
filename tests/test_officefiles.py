"""The site's office downloads: an Excel 填报表 beside each open obligation, Word files on the unit pages,
and each unit's and each month's 台账 extract."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from taizhang.cli import main
from taizhang.data.validate import validate
from taizhang.office import formread, officefiles
from tests.gitrepo import REPO_ROOT

AS_OF = "2024-01-10"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = tmp_path_factory.mktemp("officefiles") / "season"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(demo)]) == 0
    out = ["--out", str(demo.parent / "site"), "--no-mkdocs"]
    assert main(["--root", str(demo), "build", "--as-of", AS_OF, *out]) == 0
    return demo / "build" / "docs"


def test_each_open_obligation_offers_an_excel_form_that_reads_back(docs: Path) -> None:
    page = (docs / "units" / "wuzhai.md").read_text(encoding="utf-8")
    forms = re.findall(r"\[Excel 填报表\]\(\.\./(downloads/forms/[^)]+\.xlsx)\)", page)
    assert forms, "an overdue or pending report of 五寨县 should offer its Excel form"
    for form in forms:
        book = load_workbook(docs / form)
        assert book["taizhang"]["B2"].value == "wuzhai"
        ledger = validate(docs.parents[1], only=[]).ledger
        got = formread.read(book, form, ledger)
        assert got.diagnostics and {d.code for d in got.diagnostics} <= {"X501", "X508"}  # blank: what to fill is named


def test_the_unit_page_links_each_report_in_word(docs: Path) -> None:
    page = (docs / "units" / "xinfu.md").read_text(encoding="utf-8")
    season = docs.parents[1]  # the reports that had landed on main by the as-of date, as the site reads them
    landed = subprocess.run(
        ["git", "rev-list", "-1", "--first-parent", f"--before={AS_OF}T23:59:59+08:00", "HEAD"],
        cwd=season,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", landed, "reports/"],
        cwd=season,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    reports = [path for path in tree if path.endswith("/xinfu.yml")]
    words = re.findall(r"\[Word 文档\]\(\.\./(downloads/word/[^)]+\.docx)\)", page)
    assert len(words) == len(reports) > 6
    for word in words:
        title = docx.Document(str(docs / word)).paragraphs[1].text
        assert title.startswith("忻府区交通运输局 2023年")


def test_each_unit_and_month_links_its_own_ledger_extract(docs: Path) -> None:
    unit = (docs / "units" / "xinfu.md").read_text(encoding="utf-8")
    assert "[本单位台账（Excel）](../downloads/units/xinfu.xlsx)" in unit
    month = (docs / "periods" / "2023-09.md").read_text(encoding="utf-8")
    assert "[本月台账（Excel）](../downloads/periods/2023-09.xlsx)" in month
    sheet = load_workbook(docs / "downloads" / "periods" / "2023-09.xlsx")["台账"]
    assert {row[12].value.month for row in sheet.iter_rows(min_row=3)} == {9}


def test_word_files_go_to_the_newest_reports_first(docs: Path) -> None:
    ledger = validate(docs.parents[1]).ledger
    newest = officefiles.word_files(ledger, dt.date.fromisoformat(AS_OF), limit=3)
    assert all("/2023-12/" in path for path in newest)
    assert len(newest) == 3 and all(docx.Document(io.BytesIO(make())).tables for make in newest.values())
