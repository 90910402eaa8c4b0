"""台账.xlsx: the whole ledger as an Excel workbook in the layout the bureau's staff use."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from taizhang.office import workbook
from taizhang.site import pages
from tests import sitedata

AS_OF = dt.date(2023, 10, 10)


def test_workbook_has_the_familiar_columns_and_one_row_per_task_entry(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    sitedata.write_report(root, registry, "monthly", "zhifadui", "2023-09")
    ledger = sitedata.ledger_of(root)
    owed = [sitedata.obligation("xinfu", "monthly", "2023-09", "late", 1)]
    facts = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    book = load_workbook(io.BytesIO(workbook.build(facts)))
    assert book.sheetnames == ["台账", "任务分工", "报送情况", "数据指标", "考核"]
    sheet = book["台账"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["序号", "任务", "牵头单位", "责任单位", "配合单位", "落实单位"]
    assert header[7:] == ["进展情况", "存在问题", "下步计划", "报送单位", "月份", "报送时间", "状态"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == sum(len(r.entries) for r in ledger.reports)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    t52 = next(r for r in rows if r[1] == "（五）2 加强扬尘污染治理" and r[10] == "忻府区交通运输局")
    assert t52[3] == "建管科、公路科" and t52[11] == "2023年9月" and t52[12] == "2023-10-04 16:30" and t52[13] == "迟报"
    assert str(t52[8]).startswith("【示例数据】")
    assert sheet.freeze_panes == "A2"
    assert book["任务分工"].max_row == 17
    figures = [[c.value for c in row] for row in book["数据指标"].iter_rows()]
    reported = [f for r in ledger.reports for e in r.entries.values() for f in e.get("figures", [])]
    assert figures[0][:4] == ["工作要点", "指标", "计量单位", "数值"] and len(figures) == len(reported) + 1


def test_a_report_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09", "=cmd|' /C calc'!A0")
    ledger = sitedata.ledger_of(root)
    facts = pages.gather(ledger, [], AS_OF, pages.SiteConfig())
    sheet = load_workbook(io.BytesIO(workbook.build(facts)))["台账"]
    cell = next(row[7] for row in sheet.iter_rows(min_row=2) if row[7].value and str(row[7].value).startswith("="))
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


def test_header_row_is_bold_shaded_frozen_and_filtered_and_texts_wrap(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    facts = pages.gather(sitedata.ledger_of(root), [], AS_OF, pages.SiteConfig())
    book = load_workbook(io.BytesIO(workbook.build(facts)))
    sheet = book["台账"]
    header = sheet["A1"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("DDEBF7") and header.alignment.horizontal == "center"
    assert sheet["H2"].alignment.wrap_text and sheet["H2"].alignment.vertical == "top"
    assert sheet.column_dimensions["H"].width == 50  # 进展情况
    assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    assert book.properties.title == "2023年交通运输绿色低碳发展工作要点" and book.properties.creator == "taizhang"


def test_the_same_ledger_on_the_same_day_gives_the_same_file(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    ledger = sitedata.ledger_of(root)

    first = workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))
    again = workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))

    assert first == again  # a rebuild of an unchanged ledger rewrites nothing
