"""A filled Excel 填报表 read back into a report's data, every problem named by sheet, cell and header.

Clerks fill the form in Excel or WPS, paste from Word, type numbers as text, add rows, delete rows,
rename sheets and merge cells. Each of these either reads correctly or gives a diagnostic (X5xx)
such as `工作表“进展情况”第 7 行“进展情况”列（G7）未填写`; a report is never guessed at. Sheets are
found by name, or by their header row when renamed; columns by their header text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.data.diagnostics import Diagnostic, sorted_unique
from taizhang.data.ledger import Ledger
from taizhang.errors import FatalError
from taizhang.office import formbook, forms
from taizhang.office.forms import Field, Form, Table
from taizhang.tracking import kinds

SCAN = 15  # rows searched for a sheet's header row
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029]|_x000[dD]_\n?")
_SPACES = re.compile(r"[\xa0\u2007\u202f\u200b\ufeff]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass
class Read:
    """What a workbook says: whose report for which period, its data, and the problems found."""

    kind: str
    unit: str
    period: str
    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def open_book(path: Path) -> Workbook:
    """The workbook at `path`; FatalError when it is no .xlsx file that can be read."""
    if not path.is_file():
        raise FatalError(f"找不到文件：{path}")
    try:
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FatalError(
            f"{path} 不是可以读取的 Excel 工作簿（.xlsx）；如果是 .xls 或 WPS 的 .et 文件，"
            "请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再导入；加了打开密码的请先取消密码"
        ) from None


def read(book: Workbook, name: str, ledger: Ledger, unit: str | None = None, period: str | None = None) -> Read:
    """The report in `book` (shown to the user as `name`); `unit` and `period`, when given, must match it."""
    meta = _meta(book)
    kind, unit, period = _whose(book, meta, unit, period)
    target = formbook.target(ledger, kind, unit, period)
    tables = target.tables
    if "sheets" in meta:
        listed = set(filter(None, meta["sheets"].split(",")))
        tables = [t for t in forms.FORMS[kind].tables if t.sheet in listed]
    reader = _Reader(book, name, forms.FORMS[kind], {task.id: task.number for task, _ in target.tasks})
    data: dict[str, Any] = {"kind": kind, "unit": unit}
    data |= {"period": period} if kind == kinds.MONTHLY else {"year": int(period)}
    basics = reader.basics()
    if "title" in basics:
        data["title"] = basics.pop("title")
    if meta.get("sample") == "true":
        data["sample"] = True
    contact = {k.split(".", 1)[1]: basics.pop(k) for k in ("contact.name", "contact.phone") if k in basics}
    if contact:
        data["contact"] = contact
    data |= basics
    data["tasks"] = reader.tasks()
    for table in tables:
        reader.table(table, data)
    return Read(kind, unit, period, data, sorted_unique(reader.found))


def _meta(book: Workbook) -> dict[str, str]:
    if forms.META not in book.sheetnames:
        return {}
    sheet = book[forms.META]
    return {str(k): str(v) for k, v in sheet.iter_rows(max_col=2, values_only=True) if k is not None and v is not None}


def _whose(book: Workbook, meta: dict[str, str], unit: str | None, period: str | None) -> tuple[str, str, str]:
    if meta.get("kind") in forms.FORMS and meta.get("unit") and meta.get("period"):
        said = (meta["unit"], meta["period"])
        if (unit or said[0], period or said[1]) != said:
            raise FatalError(
                f"这个工作簿是单位“{said[0]}” {said[1]} 的填报表，与指定的 --unit {unit or said[0]} --period "
                f"{period or said[1]} 不符；请检查是否选错了文件"
            )
        return meta["kind"], said[0], said[1]
    if not unit or not period:
        raise FatalError(
            "这个工作簿不是从网站下载的填报表（或其中的隐藏信息被删除了），看不出是哪个单位、哪一期的报告；"
            "请加上 --unit 单位代码 --period 期间（如 --unit xinfu --period 2023-08），或从网站重新下载填报表"
        )
    for form in forms.FORMS.values():
        if (form.kind == kinds.MONTHLY) == bool(re.fullmatch(r"\d{4}-\d{2}", period)) and _find(
            book, form.sheet, _signature(form)
        ):
            return form.kind, unit, period
    raise FatalError("工作簿中找不到任务填报工作表（表头含“任务代码”的工作表）；请从网站重新下载填报表")


def _signature(form: Form) -> list[str]:
    return [forms.TASK_CODE, *(f.header for f in form.fields)]


def _find(book: Workbook, title: str, headers: list[str]) -> tuple[Worksheet, int] | None:
    """The sheet called `title`, or else the one whose header row holds `headers`; and that row's number."""
    named = [book[title]] if title in book.sheetnames else []
    others = [s for s in book.worksheets if s.title != title and s.title != forms.META]
    for sheet in named + others:
        for number, row in enumerate(sheet.iter_rows(max_row=SCAN, values_only=True), 1):
            if set(headers) <= {text(v) for v in row}:
                return sheet, number
    return None


class _Reader:
    def __init__(self, book: Workbook, name: str, form: Form, tasks: dict[str, str]) -> None:
        self.book, self.name, self.form, self.tasks_held = book, name, form, tasks
        self.found: list[Diagnostic] = []
        self.entries: dict[str, dict[str, Any]] = {}

    def problem(self, code: str, sheet: str, row: int, column: int, message: str) -> None:
        self.found.append(Diagnostic(self.name, row, column, code, f"工作表“{sheet}”{message}"))

    def cell_problem(self, code: str, sheet: str, row: int, column: int, header: str, message: str) -> None:
        ref = f"{get_column_letter(column)}{row}"
        self.problem(code, sheet, row, column, f"第 {row} 行“{header}”列（{ref}）{message}")

    def sheet(self, title: str, headers: list[str]) -> tuple[Worksheet, int, dict[str, int]] | None:
        found = _find(self.book, title, headers)
        if found is None:
            self.problem(
                "X506",
                title,
                1,
                1,
                f"找不到：工作簿中没有这个工作表，也没有表头为“{'、'.join(headers)}”的工作表；请从网站重新下载填报表，把内容复制过去。",
            )
            return None
        sheet, header_row = found
        merged = [r for r in sheet.merged_cells.ranges if r.max_row >= header_row]
        for cells in merged:
            self.problem(
                "X505",
                sheet.title,
                cells.min_row,
                cells.min_col,
                f"第 {cells.min_row} 行有合并单元格（{cells.coord}）；每个单元格请分别填写，取消合并后再导入。",
            )
        if merged:
            return None
        columns: dict[str, int] = {}
        for column, value in enumerate(
            next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True)), 1
        ):
            columns.setdefault(text(value), column)
        return sheet, header_row, columns

    def rows(self, sheet: Worksheet, header_row: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        yield from enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1)

    def value(self, sheet: str, row: int, column: int, raw: object, spec: Field) -> object:
        """The cell's value as the YAML wants it; None when empty; a diagnostic when it cannot be."""
        try:
            value = convert(raw, spec)
        except ValueError as exc:
            code = {forms.DATE: "X504", forms.CHOICE: "X502"}.get(spec.type, "X503")
            self.cell_problem(code, sheet, row, column, spec.header, str(exc))
            return None
        if value is None and spec.required:
            self.cell_problem("X501", sheet, row, column, spec.header, f"未填写；请填写{spec.hint or spec.header}。")
        return value

    def basics(self) -> dict[str, Any]:
        found = self.sheet(forms.BASICS, ["项目", "内容"])
        if found is None:
            return {}
        sheet, header_row, columns = found
        label, content = columns["项目"], columns["内容"]
        lines = {
            text(row[label - 1]): (number, row) for number, row in self.rows(sheet, header_row) if len(row) >= label
        }
        out: dict[str, Any] = {}
        for spec in self.form.basics:
            if spec.header not in lines:
                self.problem(
                    "X507", sheet.title, header_row, label, f"缺少“{spec.header}”一行；请从网站重新下载填报表。"
                )
                continue
            number, row = lines[spec.header]
            value = self.value(sheet.title, number, content, row[content - 1] if len(row) >= content else None, spec)
            if value is not None:
                out[spec.key] = value
        return out

    def tasks(self) -> dict[str, dict[str, Any]]:
        found = self.sheet(self.form.sheet, _signature(self.form))
        if found is None:
            return {}
        sheet, header_row, columns = found
        code_at = columns[forms.TASK_CODE]
        for number, row in self.rows(sheet, header_row):
            cells = {spec.key: (columns[spec.header], _at(row, columns[spec.header])) for spec in self.form.fields}
            code = text(_at(row, code_at))
            if not code:
                if any(text(v) for _, v in cells.values()):
                    self.cell_problem(
                        "X509",
                        sheet.title,
                        number,
                        code_at,
                        forms.TASK_CODE,
                        "为空，但这一行填了内容；请把内容填到对应任务的行中，删去这一行。",
                    )
                continue
            if not self._known(code, sheet.title, number, code_at):
                continue
            entry: dict[str, Any] = {}
            for spec in self.form.fields:
                column, raw = cells[spec.key]
                value = self.value(sheet.title, number, column, raw, spec)
                if value is not None:
                    entry[spec.key] = value
            self.entries[code] = entry
        for code, task_number in self.tasks_held.items():
            if code not in self.entries:
                self.problem(
                    "X508",
                    sheet.title,
                    header_row,
                    code_at,
                    f"缺少任务 {task_number}（任务代码 {code}）的行；本单位承担这项任务，请从网站重新下载填报表，把这一行复制回来并填写。",
                )
        return {code: self.entries[code] for code in self.tasks_held if code in self.entries}

    def _known(self, code: str, sheet: str, row: int, column: int) -> bool:
        if code not in self.tasks_held:
            held = "、".join(self.tasks_held)
            self.cell_problem(
                "X509", sheet, row, column, forms.TASK_CODE, f"“{code}”不是本单位承担的任务；本单位的任务代码：{held}。"
            )
            return False
        if sheet == self.form.sheet and code in self.entries:
            self.cell_problem(
                "X509", sheet, row, column, forms.TASK_CODE, f"“{code}”重复：这项任务已在前面一行填写；请合并为一行。"
            )
            return False
        return True

    def table(self, table: Table, data: dict[str, Any]) -> None:
        headers = ([forms.TASK_CODE] if table.per_task else []) + [f.header for f in table.fields]
        found = self.sheet(table.sheet, headers)
        items: dict[str | None, list[dict[str, Any]]] = {}
        if found is not None:
            sheet, header_row, columns = found
            for number, row in self.rows(sheet, header_row):
                cells = [(spec, columns[spec.header], _at(row, columns[spec.header])) for spec in table.fields]
                if not any(text(raw) for _, _, raw in cells):
                    continue  # an empty row, or a task code alone (a blank form's rows come with their codes)
                code: str | None = None
                if table.per_task:
                    code_at = columns[forms.TASK_CODE]
                    code = text(_at(row, code_at))
                    if not code:
                        self.cell_problem(
                            "X501", sheet.title, number, code_at, forms.TASK_CODE, "未填写；请选择这一行属于哪项任务。"
                        )
                        continue
                    if not self._known(code, sheet.title, number, code_at):
                        continue
                item = {}
                for spec, column, raw in cells:
                    value = self.value(sheet.title, number, column, raw, spec)
                    if value is not None:
                        item[spec.key] = value
                items.setdefault(code, []).append(item)
        if not table.per_task:
            data[table.key] = items.get(None, [])
            return
        for code, entry in data["tasks"].items():
            if code in items:
                entry[table.key] = items[code]
            elif table.min_per_task and found is not None:
                self.problem(
                    "X508",
                    table.sheet,
                    found[1],
                    1,
                    f"还没有任务代码为 {code} 的内容；每项任务至少填写 {table.min_per_task} 行"
                    f"（{'、'.join(f.header for f in table.fields)}）。",
                )


def _at(row: tuple[Any, ...], column: int) -> Any:
    return row[column - 1] if len(row) >= column else None


def text(value: object) -> str:
    """A cell as text the way a report keeps it: Word's line breaks and odd spaces made plain, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    plain = _SPACES.sub(" ", _BREAKS.sub("\n", str(value)))
    return "\n".join(line.rstrip() for line in plain.split("\n")).strip()


def convert(value: object, spec: Field) -> object:
    """The YAML value of a cell for `spec`, None when empty; ValueError (a Chinese reason) when it cannot be."""
    if spec.type == forms.DATE:
        return _date(value)
    if spec.type == forms.COUNT:
        try:
            count = _number(value)
        except ValueError:
            count = -1
        if count is not None and (not isinstance(count, int) or count < 1):
            raise ValueError(f"应为 1 以上的整数，而不是“{text(value)}”；请只填{spec.hint}。")
        return count
    if spec.type == forms.NUMBER:
        return _number(value)
    written = text(value)
    if not written:
        return None
    if spec.type == forms.CHOICE and written not in spec.choices:
        raise ValueError(f"应为 {'、'.join(spec.choices)} 之一，而不是“{written}”；请从下拉列表中选择。")
    return written


def _number(value: object) -> int | float | None:
    if isinstance(value, bool):
        raise ValueError(f"应为数字，而不是“{text(value)}”。")
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    written = unicodedata.normalize("NFKC", text(value)).replace(",", "").replace(" ", "")
    if not written:
        return None
    if not _NUMBER.fullmatch(written):
        raise ValueError(f"应为数字，而不是“{text(value)}”；请只填数字（如 56 或 12.5），单位写在“计量单位”一列。")
    number = float(written)
    return int(number) if number.is_integer() and "e" not in written.lower() else number


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 36526 <= value < 73051:  # 2000–2099
        moment = from_excel(value)
        return (moment.date() if isinstance(moment, dt.datetime) else moment).isoformat()
    written = unicodedata.normalize("NFKC", text(value))
    if not written:
        return None
    match = _DATE.fullmatch(written)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    raise ValueError(f"应为日期，而不是“{written}”；请填写如 2023-08-10 的日期。")
