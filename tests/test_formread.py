"""The Excel 填报表: downloaded per unit and period, filled in as a clerk would, imported back (import-xlsx)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from taizhang import templates
from taizhang.cli import main
from taizhang.data.ledger import Ledger
from taizhang.data.validate import validate
from taizhang.office import formbook, formread
from tests.gitrepo import REPO_ROOT

MOMENT = dt.datetime(2024, 1, 10)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formread") / "season"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def ledger(demo: Path) -> Ledger:
    result = validate(demo)
    assert result.diagnostics == []
    return result.ledger


@pytest.fixture
def repo(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo to write into."""
    return Path(shutil.copytree(demo, tmp_path / "repo", symlinks=True))


def data_of(root: Path, path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    return loaded


def form(ledger: Ledger, root: Path, kind: str, unit: str, period: str, filled: bool = True) -> Workbook:
    path = templates.target(ledger, kind, unit, period)[3]
    data = data_of(root, path) if filled else None
    before = f"{period[:5]}{int(period[5:]) - 1:02d}" if kind == "monthly" and not filled else None
    previous = data_of(root, templates.target(ledger, kind, unit, before)[3]) if before else None
    book = formbook.build(formbook.target(ledger, kind, unit, period, data), data, previous, MOMENT)
    return load_workbook(io.BytesIO(book))


def save(book: Workbook, folder: Path, name: str = "填报表.xlsx") -> Path:
    path = folder / name
    book.save(path)
    return path


def import_xlsx(root: Path, file: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "import-xlsx", str(file), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_demo_report_comes_back_the_same_through_its_workbook(demo: Path, ledger: Ledger) -> None:
    assert len(ledger.reports) > 100 and {r.kind for r in ledger.reports} == {
        "monthly",
        "annual_plan",
        "annual_summary",
    }
    for report in ledger.reports:
        data = data_of(demo, report.path)
        target = formbook.target(ledger, report.kind, report.unit, report.period, data)
        book = load_workbook(io.BytesIO(formbook.build(target, data, None, MOMENT)))
        got = formread.read(book, "x.xlsx", ledger)
        assert got.diagnostics == [], report.path
        path, text = templates.from_data(demo, ledger, got.data, "x.xlsx")
        assert path == report.path
        assert yaml.safe_load(text) == data, report.path


def test_import_writes_the_report_at_its_path_ready_to_commit(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "reports/2023-09/xinfu.yml").unlink()
    out = tmp_path / "9月.xlsx"
    assert main(["--root", str(repo), "export-xlsx", "--unit", "xinfu", "--period", "2023-09", "--out", str(out)]) == 0
    book = load_workbook(out)  # blank: last month's status carried over, text to write
    sheet = book["进展情况"]
    for row in range(4, sheet.max_row + 1):
        sheet[f"G{row}"] = f"9月完成第 {row} 项工作，已完成全年计划的四分之三以上。"
    book["基本信息"]["B7"] = "张三"
    save(book, tmp_path, "9月.xlsx")

    code, _, err = import_xlsx(repo, out, capsys)

    assert code == 0, err
    assert "已生成 reports/2023-09/xinfu.yml" in err
    written = data_of(repo, "reports/2023-09/xinfu.yml")
    assert written["contact"] == {"name": "张三"} and written["period"] == "2023-09"
    assert written["tasks"]["t1"]["progress"] == "9月完成第 4 项工作，已完成全年计划的四分之三以上。"
    assert written["tasks"]["t1"]["status"] == data_of(repo, "reports/2023-08/xinfu.yml")["tasks"]["t1"]["status"]
    assert main(["--root", str(repo), "validate", str(repo / "reports/2023-09/xinfu.yml")]) == 0


def test_a_blank_form_locks_the_headers_offers_a_status_dropdown_and_date_typed_study_rows(
    demo: Path, ledger: Ledger
) -> None:
    book = form(ledger, demo, "monthly", "xinfu", "2023-09", filled=False)
    assert book.sheetnames[:4] == ["进展情况", "基本信息", "数据指标", "中心组学习"] and "填写说明" in book.sheetnames
    assert book["taizhang"].sheet_state == "veryHidden"
    sheet = book["进展情况"]
    tasks = ledger.unit_tasks("2023", "xinfu")
    assert sheet.max_row == 3 + len(tasks)
    assert [c.value for c in sheet[3]][:4] == ["序号", "任务代码", "重点任务", "本单位分工"]
    assert sheet["G3"].value == "进展情况" and sheet["F3"].value == "推进状态"
    assert sheet.protection.sheet and sheet["B4"].protection.locked and not sheet["G4"].protection.locked
    assert sheet["E4"].value and str(sheet["E4"].value).startswith("【示例数据】8月")  # last month, for reference
    assert sheet["G4"].value is None
    (dropdown,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert dropdown.formula1 == '"未启动,正常推进,滞后,已完成"' and str(dropdown.sqref) == f"F4:F{sheet.max_row}"
    study = book["中心组学习"]
    assert study["A4"].number_format == "yyyy-mm-dd" and not study["A4"].protection.locked
    assert any(v.type == "date" for v in study.data_validations.dataValidation)
    guide = " ".join(str(c.value) for c in book["填写说明"]["A"])
    assert "不要删除、增加、合并任务行" in guide and "import-xlsx" in guide


def test_a_report_workbook_types_its_dates_and_numbers(demo: Path, ledger: Ledger) -> None:
    book = form(ledger, demo, "monthly", "xinfu", "2023-08")
    assert book["中心组学习"]["A4"].value == dt.datetime(2023, 8, 10)
    figures = book["数据指标"]
    assert [figures["A4"].value, figures["B4"].value, figures["C4"].value, figures["D4"].value] == [
        "t4-2",
        "新增新能源车辆",
        56,
        "辆",
    ]
    plan = form(ledger, demo, "annual_plan", "xinfu", "2023")
    assert isinstance(plan["时间表"]["B4"].value, dt.datetime)


def test_an_empty_progress_cell_is_named_by_sheet_row_header_and_cell(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"]["G7"] = None
    code, out, err = import_xlsx(repo, save(book, tmp_path), capsys)
    assert code == 1
    assert "X501 工作表“进展情况”第 7 行“进展情况”列（G7）未填写" in out
    assert "未生成报告文件" in err


def test_text_pasted_from_word_keeps_its_paragraphs_and_drops_odd_spaces(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"]["G4"] = "一是完成\xa0路面修复 12 公里；\r\n二是新开\u3000公交线路\u20282 条。  \r\n  "
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0
    progress = yaml.safe_load(out)["tasks"]["t1"]["progress"]
    assert progress == "一是完成 路面修复 12 公里；\n二是新开\u3000公交线路\n2 条。"


def test_a_figure_typed_as_text_is_read_as_a_number(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["数据指标"]["C4"] = " 1,２56 "
    book["中心组学习"]["C4"] = "18"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0
    data = yaml.safe_load(out)
    assert data["tasks"]["t4-2"]["figures"][0]["value"] == 1256
    assert data["study_sessions"][0]["participants"] == 18


def test_a_figure_with_its_unit_typed_in_is_refused_at_its_cell(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["数据指标"]["C4"] = "56辆"
    book["中心组学习"]["C4"] = "18人"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--force")
    assert code == 1
    assert "X503 工作表“数据指标”第 4 行“数值”列（C4）应为数字，而不是“56辆”" in out
    assert "X503 工作表“中心组学习”第 4 行“参加人数”列（C4）应为 1 以上的整数，而不是“18人”" in out
    assert "56辆" not in (repo / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8")


def test_a_date_typed_as_text_is_read_and_a_wrong_one_is_refused(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["中心组学习"]["A4"] = "2023年8月9日"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0 and yaml.safe_load(out)["study_sessions"][0]["date"] == "2023-08-09"
    book["中心组学习"]["A4"] = "8月上旬"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 1 and "X504 工作表“中心组学习”第 4 行“学习日期”列（A4）应为日期，而不是“8月上旬”" in out


def test_an_added_blank_row_changes_nothing(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"].insert_rows(6)
    book["数据指标"].insert_rows(3)
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0
    assert yaml.safe_load(out) == data_of(repo, "reports/2023-08/xinfu.yml")


def test_a_deleted_task_row_is_named_and_no_report_is_written(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    (repo / "reports/2023-08/xinfu.yml").unlink()
    book["进展情况"].delete_rows(6)  # （三）2, t3-2
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys)
    assert code == 1
    assert "X508 工作表“进展情况”缺少任务 （三）2（任务代码 t3-2）的行" in out
    assert not (repo / "reports/2023-08/xinfu.yml").exists()


def test_a_renamed_sheet_is_still_found_by_its_headers(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"].title = "8月进展"
    book["数据指标"].title = "Sheet3"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0
    assert yaml.safe_load(out) == data_of(repo, "reports/2023-08/xinfu.yml")


def test_a_merged_cell_is_refused_with_its_range(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"].merge_cells("G5:G6")
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys)
    assert code == 1
    assert "X505 工作表“进展情况”第 5 行有合并单元格（G5:G6）；每个单元格请分别填写，取消合并后再导入。" in out


def test_a_status_outside_the_list_is_refused(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"]["F4"] = "进行中"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys)
    assert code == 1
    assert (
        "X502 工作表“进展情况”第 4 行“推进状态”列（F4）应为 未启动、正常推进、滞后、已完成 之一，而不是“进行中”" in out
    )


def test_a_text_starting_with_equals_stays_text_both_ways(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"]["H4"] = "=1+1 不是公式"
    book["进展情况"]["H4"].data_type = "s"
    code, out, _ = import_xlsx(repo, save(book, tmp_path), capsys, "--stdout")
    assert code == 0 and yaml.safe_load(out)["tasks"]["t1"]["problems"] == "=1+1 不是公式"


def test_another_units_workbook_is_refused_when_the_unit_is_given(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    code, _, err = import_xlsx(repo, save(book, tmp_path), capsys, "--unit", "yuanping")
    assert code == 2 and "单位“xinfu” 2023-08 的填报表" in err


def test_an_existing_report_is_not_overwritten_without_force(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "monthly", "xinfu", "2023-08")
    book["进展情况"]["G4"] = "改过的进展：本月新增新能源公交车二十辆，已全部投入运营。"
    file = save(book, tmp_path)
    code, _, err = import_xlsx(repo, file, capsys)
    assert code == 2 and "已存在，未覆盖" in err
    assert "改过的进展" not in (repo / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8")
    code, _, _ = import_xlsx(repo, file, capsys, "--force")
    assert (
        code == 0
        and data_of(repo, "reports/2023-08/xinfu.yml")["tasks"]["t1"]["progress"]
        == "改过的进展：本月新增新能源公交车二十辆，已全部投入运营。"
    )


def test_a_file_that_is_no_workbook_is_a_clear_error(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "月报.xls"
    file.write_bytes(b"\xd0\xcf\x11\xe0 an old Excel file")
    code, _, err = import_xlsx(repo, file, capsys)
    assert code == 2 and "另存为" in err and "Traceback" not in err


def test_a_form_copied_without_its_hidden_facts_needs_unit_and_period(
    repo: Path, tmp_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    book = form(ledger, repo, "annual_summary", "xinfu", "2023")
    del book["taizhang"]
    file = save(book, tmp_path)
    code, _, err = import_xlsx(repo, file, capsys, "--stdout")
    assert code == 2 and "--unit 单位代码 --period 期间" in err
    code, out, _ = import_xlsx(repo, file, capsys, "--stdout", "--unit", "xinfu", "--period", "2023")
    assert code == 0
    data = yaml.safe_load(out)
    expected = data_of(repo, "reports/2023/annual_summary/xinfu.yml")
    assert data == {k: v for k, v in expected.items() if k != "sample"}  # the sample mark lived in the hidden sheet
