"""台账.xlsx: the whole ledger as an Excel workbook in the layout the bureau's staff use, typed and printable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from taizhang.data.ledger import Ledger
from taizhang.office import workbook
from taizhang.site import pages
from tests import sitedata

AS_OF = dt.date(2023, 10, 10)


def season(tmp_path: Path) -> Ledger:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    sitedata.write_report(root, registry, "monthly", "zhifadui", "2023-09")
    return sitedata.ledger_of(root)


def test_workbook_has_the_familiar_columns_and_one_row_per_task_entry(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    owed = [sitedata.obligation("xinfu", "monthly", "2023-09", "late", 1)]
    facts = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    book = load_workbook(io.BytesIO(workbook.build(facts)))
    assert book.sheetnames == ["任务进展", "台账", "任务分工", "报送情况", "数据指标", "考核"]
    sheet = book["台账"]
    assert sheet["A1"].value == "2023年交通运输绿色低碳发展工作要点　台账（数据截至2023年10月10日）"
    header = [c.value for c in sheet[2]]
    assert header[:6] == ["序号", "任务", "牵头单位", "责任单位", "配合单位", "落实单位"]
    assert header[7:] == ["进展情况", "存在问题", "下步计划", "数据指标", "报送单位", "月份", "报送时间", "状态"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == sum(len(r.entries) for r in ledger.reports)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    t52 = next(r for r in rows if r[1] == "（五）2 加强扬尘污染治理" and r[11] == "忻府区交通运输局")
    assert t52[3] == "建管科、公路科" and t52[14] == "迟报"
    assert t52[12] == dt.datetime(2023, 9, 1) and t52[13] == dt.datetime(2023, 10, 4, 16, 30)  # typed, Beijing time
    assert str(t52[8]).startswith("【示例数据】")
    assert sheet.freeze_panes == "A3"
    assert book["任务分工"].max_row == 18  # the title row, the header row and 16 tasks
    figures = [[c.value for c in row] for row in book["数据指标"].iter_rows(min_row=2)]
    reported = [f for r in ledger.reports for e in r.entries.values() for f in e.get("figures", [])]
    assert figures[0][:4] == ["工作要点", "指标", "计量单位", "数值"] and len(figures) == len(reported) + 1
    assert sorted(row[3] for row in figures[1:]) == sorted(f["value"] for f in reported)  # numbers, so they sum


def test_numbers_percentages_dates_and_months_are_typed_so_they_sort_and_sum(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    owed = [
        sitedata.obligation("xinfu", "monthly", "2023-09", "late", 1),
        sitedata.obligation("zhifadui", "monthly", "2023-09", "on_time"),
        sitedata.obligation("yuanping", "monthly", "2023-09", "overdue", 7),
    ]
    book = load_workbook(io.BytesIO(workbook.build(pages.gather(ledger, owed, AS_OF, pages.SiteConfig()))))
    ledger_sheet = book["台账"]
    assert ledger_sheet["M3"].is_date and ledger_sheet["M3"].number_format == 'yyyy"年"m"月"'
    assert ledger_sheet["N3"].number_format == "yyyy-mm-dd hh:mm"
    status = {row[1].value: row for row in book["报送情况"].iter_rows(min_row=3)}
    overdue = status["yuanping"]
    assert overdue[4].value == dt.datetime(2023, 10, 3) and overdue[4].number_format == "yyyy-mm-dd"
    assert overdue[7].value == 7 and overdue[7].data_type == "n"
    assert status["zhifadui"][5].value == dt.datetime(2023, 10, 2, 16, 30)
    scores = {row[1].value: row for row in book["考核"].iter_rows(min_row=3)}
    xinfu = scores["忻府区交通运输局"]
    assert [c.value for c in xinfu[2:6]] == [1, 0, 1, 0] and xinfu[6].value == 0.0 and xinfu[6].number_format == "0.0%"
    assert scores["市交通运输综合行政执法队"][6].value == 1.0
    assert book["任务分工"]["J3"].value == 2023


def test_every_sheet_prints_a4_landscape_fit_to_width_with_its_header_on_each_page(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    book = load_workbook(io.BytesIO(workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$2:$2", sheet.title
        assert "数据截至2023年10月10日" in str(sheet["A1"].value) and sheet["A1"].font.b
        assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{sheet.cell(2, sheet.max_column).column_letter}1"]
        assert "&P" in sheet.oddFooter.center.text
    assert book["台账"].column_dimensions["L"].width >= 2 * len("五台山风景名胜区旅游和交通发展中心")


def test_the_printed_sheet_has_one_row_per_task_with_each_units_latest_progress(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    sheet = load_workbook(io.BytesIO(workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))))["任务进展"]
    assert [c.value for c in sheet[2]] == ["序号", "任务", "牵头单位", "各单位最新进展"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=3)}
    assert len(rows) == 16
    dust = str(rows["（五）2 加强扬尘污染治理"][3].value).split("\n")
    order = [u.name for u in ledger.ordered_units() if u.id in ("xinfu", "zhifadui")]  # registry order
    assert [line.split("（")[0] for line in dust] == order
    xinfu = next(line for line in dust if line.startswith("忻府区交通运输局"))
    assert xinfu.startswith("忻府区交通运输局（2023年9月，") and "【示例数据】" in xinfu
    assert (
        rows["（四）1 推进交通物流节能高效"][2].value == "运输科" and rows["（五）2 加强扬尘污染治理"][2].value is None
    )


def test_figures_have_a_column_of_their_own(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    sheet = load_workbook(io.BytesIO(workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))))["台账"]
    report = next(r for r in ledger.reports if r.unit == "xinfu")
    entry = next(e for e in report.entries.values() if e.get("figures"))
    figure = entry["figures"][0]
    cells = [row[10].value for row in sheet.iter_rows(min_row=3) if row[11].value == "忻府区交通运输局"]
    assert f"{figure['name']}：{figure['value']} {figure['unit']}" in [str(c).split("\n")[0] for c in cells if c]


def test_each_unit_and_each_month_has_an_extract_of_its_own_rows(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    owed = [sitedata.obligation("xinfu", "monthly", "2023-09", "late", 1)]
    archive = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    made = {path: make() for path, make in workbook.extracts(archive).items()}  # made as each file is written
    assert set(made) == workbook.extract_paths(ledger, AS_OF)
    unit = load_workbook(io.BytesIO(made["downloads/units/xinfu.xlsx"]))
    assert unit.sheetnames == ["台账", "报送情况"] and "忻府区交通运输局台账" in str(unit["台账"]["A1"].value)
    xinfu = next(r for r in ledger.reports if r.unit == "xinfu")
    assert {row[11].value for row in unit["台账"].iter_rows(min_row=3)} == {"忻府区交通运输局"}
    assert unit["台账"].max_row == 2 + len(xinfu.entries)
    assert [row[1].value for row in unit["报送情况"].iter_rows(min_row=3)] == ["xinfu"]
    month = load_workbook(io.BytesIO(made["downloads/periods/2023-09.xlsx"]))
    assert month["台账"].max_row == 2 + sum(len(r.entries) for r in ledger.reports)
    assert load_workbook(io.BytesIO(made["downloads/periods/2023-08.xlsx"]))["台账"].max_row == 2


def test_a_units_extract_names_itself_and_a_count_where_a_role_lists_many_units(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    owed = [sitedata.obligation("xinfu", "monthly", "2023-09", "late", 1)]
    archive = pages.gather(ledger, owed, AS_OF, pages.SiteConfig())
    whole = load_workbook(io.BytesIO(workbook.build(archive)))["台账"]
    full = {(r[1], r[11], r[12]): r for r in whole.iter_rows(min_row=3, values_only=True)}
    sheet = load_workbook(io.BytesIO(workbook.extracts(archive)["downloads/units/xinfu.xlsx"]()))["台账"]
    assert "完整名单见台账.xlsx 的“任务分工”表" in str(sheet["A1"].value)  # the extract says where the lists are
    cut = 0
    for row in sheet.iter_rows(min_row=3, values_only=True):
        same = full[(row[1], row[11], row[12])]
        assert row[6:] == same[6:] and row[2] == same[2]  # the report's cells and 牵头 as in 台账.xlsx
        for mine, every in zip(row[3:6], same[3:6], strict=True):
            names = str(every or "").split("、")
            if len(names) <= workbook.CUT:
                assert mine == every
            else:  # 落实 by the 15 county bureaus: 忻府 itself and how many there are
                cut += 1
                own = "忻府区交通运输局等" if "忻府区交通运输局" in names else "共"
                assert mine == f"{own} {len(names)} 个单位"
    assert cut


def test_a_report_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09", "=cmd|' /C calc'!A0")
    ledger = sitedata.ledger_of(root)
    facts = pages.gather(ledger, [], AS_OF, pages.SiteConfig())
    sheet = load_workbook(io.BytesIO(workbook.build(facts)))["台账"]
    cell = next(row[7] for row in sheet.iter_rows(min_row=3) if row[7].value and str(row[7].value).startswith("="))
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


def test_header_row_is_bold_shaded_frozen_and_filtered_and_texts_wrap(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    facts = pages.gather(ledger, [], AS_OF, pages.SiteConfig())
    book = load_workbook(io.BytesIO(workbook.build(facts)))
    sheet = book["台账"]
    header = sheet["A2"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("DDEBF7") and header.alignment.horizontal == "center"
    assert sheet["H3"].alignment.wrap_text and sheet["H3"].alignment.vertical == "top"
    assert sheet.column_dimensions["H"].width == 50  # 进展情况
    assert sheet.auto_filter.ref == f"A2:O{sheet.max_row}"
    assert book.properties.title == "2023年交通运输绿色低碳发展工作要点" and book.properties.creator == "taizhang"


def test_the_same_ledger_on_the_same_day_gives_the_same_file(tmp_path: Path) -> None:
    ledger = season(tmp_path)
    first = workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))
    again = workbook.build(pages.gather(ledger, [], AS_OF, pages.SiteConfig()))
    assert first == again  # a rebuild of an unchanged ledger rewrites nothing
