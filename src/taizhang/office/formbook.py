"""The Excel 填报表 for one unit and one period, written with openpyxl: bytes out.

One row per task the unit holds, headers locked (the sheets are protected without a password, only
the white cells open), a dropdown for each choice column, date-typed date columns, a 基本信息 sheet,
a sheet per list (数据指标, 时间表, 中心组学习) and a 填写说明 sheet in Chinese. A very hidden sheet
records the kind, unit and period, so that import-xlsx knows where the report belongs.

Given a report's data, the form comes filled with it (formread.py reads back the same data: the
round trip the tests run over every demo report); without, it is blank, with last period's
推进状态 carried over and last period's 进展情况 beside each row for reference.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from taizhang import templates
from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLE_ZH, Plan, Task, Unit
from taizhang.office import forms
from taizhang.office.forms import DATE, Field, Form, Table
from taizhang.office.xlsx import ILLEGAL
from taizhang.site.pages import fmt

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OPEN = Protection(locked=False)
WRAP = Alignment(vertical="top", wrap_text=True)
DATE_FORMAT = "yyyy-mm-dd"
TITLE_ROWS = 2  # a title and a note above each sheet's header row


@dataclass(frozen=True)
class Target:
    """Whose form, for which period, and what the unit holds in the plan."""

    kind: str
    unit: Unit
    period: str
    plan: Plan
    tasks: Sequence[tuple[Task, Sequence[str]]]  # the unit's tasks in plan order, with its roles
    tables: Sequence[Table]  # the lists this unit's form carries
    title: str  # 忻府区交通运输局 2023年8月月度进展情况


def target(ledger: Ledger, kind: str, unit_id: str, period: str, data: dict[str, Any] | None = None) -> Target:
    """The form's Target; FatalError when the unit is unknown or holds no task in the period's plan."""
    plan, unit, tasks, _ = templates.target(ledger, kind, unit_id, period)
    tables = [
        t
        for t in forms.FORMS[kind].tables
        if t.only_if_owed is None or unit.id in ledger.owes(plan, t.only_if_owed) or (data and t.key in data)
    ]
    return Target(kind, unit, period, plan, tasks, tables, f"{unit.name} {fmt.report_title(kind, period)}")


def build(target: Target, data: dict[str, Any] | None, previous: dict[str, Any] | None, moment: dt.datetime) -> bytes:
    """The form of `target`, filled with `data` if given; `previous` is last period's report, if any."""
    form = forms.FORMS[target.kind]
    book = Workbook()
    main = book.active
    assert main is not None
    _task_sheet(main, form, target, data, previous)
    _basics(book.create_sheet(forms.BASICS), form, target, data)
    for table in target.tables:
        _table_sheet(book.create_sheet(table.sheet), table, target, data)
    _guide(book.create_sheet(forms.GUIDE), form, target)
    meta = book.create_sheet(forms.META)
    for row in (("kind", target.kind), ("unit", target.unit.id), ("period", target.period)):
        meta.append(row)
    meta.append(("sample", "true" if data and data.get("sample") else "false"))
    meta.append(("sheets", ",".join(t.sheet for t in target.tables)))
    meta.sheet_state = "veryHidden"
    book.properties.title = target.title
    book.properties.creator = "taizhang"
    book.properties.created = book.properties.modified = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable(buffer.getvalue(), moment)


def _stable(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with every entry dated `moment`: openpyxl stamps entries with the time of saving,
    and a site rebuilt from unchanged data should not change."""
    stamp = (max(1980, moment.year), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _task_sheet(
    sheet: Worksheet, form: Form, target: Target, data: dict[str, Any] | None, previous: dict[str, Any] | None
) -> None:
    sheet.title = form.sheet
    fixed = [
        Field("", forms.TASK_NUMBER, width=10),
        Field("", forms.TASK_CODE, width=10),
        Field("", forms.TASK_TITLE, width=28),
        Field("", forms.TASK_ROLE, width=10),
    ]
    if form.reference is not None:
        fixed.append(form.reference)
    columns = [*fixed, *form.fields]
    _head(sheet, target.title, _note(target), [c.header for c in columns], [c.width for c in columns])
    entries: dict[str, Any] = (data or {}).get("tasks", {})
    before: dict[str, Any] = (previous or {}).get("tasks", {})
    for row, (task, roles) in enumerate(target.tasks, TITLE_ROWS + 2):
        entry = entries.get(task.id) if data is not None else _carried(form, before.get(task.id))
        last = before.get(task.id, {})
        values: list[object] = [task.number, task.id, task.title, "、".join(ROLE_ZH[r] for r in roles)]
        if form.reference is not None:
            values.append(last.get(form.reference.key, "") if isinstance(last, dict) else "")
        for column, value in enumerate(values, 1):
            _cell(sheet, row, column, value, locked=True)
        for column, field in enumerate(form.fields, len(values) + 1):
            _cell(sheet, row, column, (entry or {}).get(field.key), field=field)
    _validations(sheet, form.fields, len(fixed) + 1, TITLE_ROWS + 2, TITLE_ROWS + 1 + len(target.tasks))
    sheet.freeze_panes = f"{get_column_letter(len(fixed) + 1)}{TITLE_ROWS + 2}"
    _protect(sheet, insert_rows=False)


def _carried(form: Form, last: object) -> dict[str, Any] | None:
    """What a blank form takes over from last period: the choice columns (推进状态), nothing else."""
    if not isinstance(last, dict):
        return None
    return {f.key: last[f.key] for f in form.fields if f.type == forms.CHOICE and f.key in last}


def _note(target: Target) -> str:
    return (
        f"依据：《{target.plan.title}》（{target.plan.document_number}）。白色单元格填写，灰色单元格不可修改；"
        f"填好后用 taizhang import-xlsx 导入，或随填报表单上传。详见“{forms.GUIDE}”工作表。"
    )


def _basics(sheet: Worksheet, form: Form, target: Target, data: dict[str, Any] | None) -> None:
    _head(sheet, target.title, "请在“内容”一列填写白色单元格。", ["项目", "内容", "说明"], [14, 60, 30])
    fixed = [("单位", target.unit.name), ("报告", target.title), ("依据", f"《{target.plan.title}》")]
    row = TITLE_ROWS + 2
    for label, value in fixed:
        for column, text in enumerate((label, value, ""), 1):
            _cell(sheet, row, column, text, locked=True)
        row += 1
    for field in form.basics:
        _cell(sheet, row, 1, field.header, locked=True)
        _cell(sheet, row, 2, _dig(data or {}, field.key), field=field)
        _cell(sheet, row, 3, ("必填。" if field.required else "") + field.hint, locked=True)
        row += 1
    _protect(sheet, insert_rows=False)


def _dig(data: dict[str, Any], key: str) -> object:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)  # type: ignore[assignment]
    return data


def _table_sheet(sheet: Worksheet, table: Table, target: Target, data: dict[str, Any] | None) -> None:
    headers = ([forms.TASK_CODE] if table.per_task else []) + [f.header for f in table.fields]
    widths = ([10] if table.per_task else []) + [f.width for f in table.fields]
    _head(sheet, table.sheet, table.hint, headers, widths)
    rows: list[tuple[str | None, dict[str, Any]]] = []
    if table.per_task:
        entries: dict[str, Any] = (data or {}).get("tasks", {})
        for task, _ in target.tasks:
            items = (entries.get(task.id) or {}).get(table.key, [])
            rows += [(task.id, item) for item in items]
            if data is None and table.min_per_task:  # a blank form: each task's row ready for its code
                rows += [(task.id, {})] * table.min_per_task
    else:
        rows = [(None, item) for item in (data or {}).get(table.key, [])]
    first = TITLE_ROWS + 2
    last = first + len(rows) + table.rows - 1
    for row in range(first, last + 1):
        code, item = rows[row - first] if row - first < len(rows) else (None, {})
        offset = 0
        if table.per_task:
            _cell(sheet, row, 1, code, field=Field("", forms.TASK_CODE))
            offset = 1
        for column, field in enumerate(table.fields, offset + 1):
            _cell(sheet, row, column, item.get(field.key), field=field)
    if table.per_task and target.tasks:
        end = TITLE_ROWS + 1 + len(target.tasks)
        source = f"'{forms.FORMS[target.kind].sheet}'!$B${TITLE_ROWS + 2}:$B${end}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        check.errorTitle, check.error = (
            forms.TASK_CODE,
            f"请从下拉列表中选择任务代码（见“{forms.FORMS[target.kind].sheet}”工作表）",
        )
        sheet.add_data_validation(check)
        check.add(f"A{first}:A{last}")
    _validations(sheet, table.fields, offset + 1, first, last)
    sheet.freeze_panes = f"A{first}"
    _protect(sheet, insert_rows=True)


def _guide(sheet: Worksheet, form: Form, target: Target) -> None:
    lines = [
        f"{target.title}：填写说明",
        f"1. “{form.sheet}”工作表每行是本单位承担的一项任务；灰色单元格（序号、任务代码、任务、分工）不可修改，请填写白色单元格。",
        "2. 不要删除、增加、合并任务行，也不要改动工作表名称和表头；内容可以从 Word 复制粘贴，单元格内可以换行（Alt+Enter）。",
    ]
    for field in form.fields:
        lines.append(f"   “{field.header}”：{'必填，' if field.required else ''}{field.hint}。")
    lines.append(f"3. “{forms.BASICS}”工作表填写填报人和联系电话" + ("等。" if len(form.basics) > 2 else "。"))
    for number, table in enumerate(target.tables, 4):
        lines.append(f"{number}. “{table.sheet}”工作表：{table.hint}")
    lines += [
        f"{len(target.tables) + 4}. 填好后保存为 .xlsx 文件：运行 taizhang import-xlsx 文件名.xlsx 生成报告文件，"
        "或在代码仓库的“填报报告（表单）”议题中上传本文件。有问题时会指出工作表、行和列（如“第 7 行“进展情况”列（G7）未填写”）。",
        "本工作簿由 taizhang 生成。",
    ]
    sheet.column_dimensions["A"].width = 120
    for row, text in enumerate(lines, 1):
        cell = sheet.cell(row, 1, text)
        cell.alignment = WRAP
        if row == 1:
            cell.font = Font(bold=True, size=14)
    _protect(sheet, insert_rows=False)


def _head(sheet: Worksheet, title: str, note: str, headers: Sequence[str], widths: Sequence[float]) -> None:
    """The title row, the note row (each across all columns) and the locked header row."""
    last = get_column_letter(max(len(headers), 1))
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    sheet.cell(2, 1, note).alignment = WRAP
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 32
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = sheet.cell(TITLE_ROWS + 1, column, header)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.print_title_rows = f"{TITLE_ROWS + 1}:{TITLE_ROWS + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _cell(
    sheet: Worksheet, row: int, column: int, value: object, field: Field | None = None, locked: bool = False
) -> None:
    cell = sheet.cell(row, column)
    if field is not None and field.type == DATE and value is not None:
        cell.value = dt.date.fromisoformat(str(value))
    elif isinstance(value, str):
        cell.value = ILLEGAL.sub("", value)
        if cell.data_type == "f":  # a text starting with "=" stays text, never a formula
            cell.data_type = "s"
    elif value is not None:
        cell.value = value
    if field is not None and field.type == DATE:
        cell.number_format = DATE_FORMAT
    cell.border, cell.alignment = BOX, WRAP
    if locked:
        cell.fill = LOCKED_FILL
    else:
        cell.protection = OPEN


def _validations(sheet: Worksheet, fields: Sequence[Field], first_column: int, first: int, last: int) -> None:
    if last < first:
        return
    for column, field in enumerate(fields, first_column):
        letter = get_column_letter(column)
        check = _check(field)
        if check is not None:
            sheet.add_data_validation(check)
            check.add(f"{letter}{first}:{letter}{last}")


def _check(field: Field) -> DataValidation | None:
    if field.type == forms.CHOICE:
        check = DataValidation(type="list", formula1='"' + ",".join(field.choices) + '"', allow_blank=True)
        check.error = f"请从下拉列表中选择：{'、'.join(field.choices)}"
    elif field.type == DATE:
        check = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
        check.error = "请填写日期，如 2023-08-10"
    elif field.type == forms.NUMBER:
        check = DataValidation(
            type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True
        )
        check.error = "请只填数字，如 56 或 12.5；单位写在“计量单位”一列"
    elif field.type == forms.COUNT:
        check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True)
        check.error = "请填写整数，如 18"
    else:
        return None
    check.errorTitle, check.showErrorMessage = field.header, True
    return check


def _protect(sheet: Worksheet, insert_rows: bool) -> None:
    """Locked cells cannot be typed over; columns and rows can still be resized, no password."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.insertRows = protection.deleteRows = not insert_rows
