"""The office commands: `import-xlsx` (Excel 填报表 in), `export-xlsx` (the form out) and `export-docx`
(a report as Word). Each is a function of plain arguments returning an exit code; cli.py parses.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from taizhang import templates
from taizhang.data import diagnostics, regular
from taizhang.data.ledger import Ledger
from taizhang.data.load import read_document
from taizhang.data.validate import validate
from taizhang.errors import FatalError
from taizhang.office import formbook, formread, wordout
from taizhang.tracking import kinds

KINDS = (kinds.MONTHLY, kinds.ANNUAL_PLAN, kinds.ANNUAL_SUMMARY)


def kind_of(period: str, kind: str | None) -> str:
    """The report kind a --period means: a month is a 月报; a year needs --kind."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        if kind not in (None, kinds.MONTHLY):
            raise FatalError(f"--period {period} 是月份，只能是月报；年度报告请写年份，如 --period {period[:4]}")
        return kinds.MONTHLY
    if not re.fullmatch(r"\d{4}", period):
        raise FatalError(f"--period 应为月份（如 2023-08）或年份（如 2023），而不是 {period}")
    if kind not in (kinds.ANNUAL_PLAN, kinds.ANNUAL_SUMMARY):
        raise FatalError(
            f"--period {period} 是年份：请用 --kind annual_plan（年度工作要点备案）或 --kind annual_summary（年度工作总结）"
        )
    return kind


def _registry(root: Path) -> Ledger:
    result = validate(root, only=[])
    if result.diagnostics:
        sys.stderr.write(diagnostics.format_text(result.diagnostics))
        raise FatalError(
            f"单位、任务或工作要点数据有 {len(result.diagnostics)} 处问题，请先运行 taizhang validate 并修正"
        )
    return result.ledger


def _report(root: Path, ledger: Ledger, kind: str, unit: str, period: str) -> dict[str, Any] | None:
    """A report's data as its file holds it, None when there is no such file or it cannot be read."""
    path = templates.target(ledger, kind, unit, period)[3]
    if not (root / path).is_file():
        return None
    document = read_document(root, path)
    return document.data if isinstance(document.data, dict) and not document.diagnostics else None


def _previous(period: str) -> str | None:
    if "-" not in period:
        return None
    year, month = map(int, period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def import_xlsx(root: Path, file: str, unit: str | None, period: str | None, force: bool, stdout: bool) -> int:
    """Write the report in a filled 填报表 at its path (or print it); 1 when the workbook has problems."""
    ledger = _registry(root)
    got = formread.read(formread.open_book(Path(file)), file, ledger, unit, period)
    if got.diagnostics:
        sys.stdout.write(diagnostics.format_text(got.diagnostics))
        print(f"{file}：{len(got.diagnostics)} 处问题，未生成报告文件；请在 Excel 中改正后重新导入。", file=sys.stderr)
        return 1
    path, text = templates.from_data(root, ledger, got.data, Path(file).name)
    if stdout:
        sys.stdout.write(text)
        return 0
    try:  # never through a link, never over anything but a regular file
        regular.write(root, path, text.encode("utf-8"), replace=force)
    except FileExistsError:
        raise FatalError(f"{path} 已存在，未覆盖；确认要用这个工作簿替换它时，加上 --force") from None
    except regular.NotRegular as exc:
        raise FatalError(f"{path} 处是{exc.what}，未写入；请先删除它") from None
    found = validate(root, [path]).diagnostics
    if found:
        sys.stdout.write(diagnostics.format_text(found))
        print(f"已写入 {path}，但校验发现 {len(found)} 处问题，请修改后再提交。", file=sys.stderr)
        return 1
    print(f"已生成 {path}，校验通过；提交这个文件即完成报送。", file=sys.stderr)
    return 0


def export_xlsx(root: Path, unit: str, period: str, kind: str | None, out: str | None, today: dt.date) -> int:
    """The 填报表 of a unit and period: filled with its report when there is one, else blank."""
    kind = kind_of(period, kind)
    ledger = _registry(root)
    data = _report(root, ledger, kind, unit, period)
    before = _previous(period) if kind == kinds.MONTHLY else None
    previous = _report(root, ledger, kind, unit, before) if before and ledger.plan_for(kind, before) else None
    target = formbook.target(ledger, kind, unit, period, data)
    book = formbook.build(target, data, previous, dt.datetime.combine(today, dt.time()))
    name = Path(out or f"{target.title.replace(' ', '')}填报表.xlsx")
    name.write_bytes(book)
    print(f"已生成 {name}" + ("（已填入现有报告）" if data else ""), file=sys.stderr)
    return 0


def export_docx(root: Path, unit: str, period: str, kind: str | None, out: str | None) -> int:
    """The report of a unit and period as a Word document; 1 when the report has problems."""
    kind = kind_of(period, kind)
    ledger = _registry(root)
    path = templates.target(ledger, kind, unit, period)[3]
    if not (root / path).is_file():
        raise FatalError(f"{path} 不存在：这一期的报告还没有提交；可以用 taizhang new 或 export-xlsx 生成模板")
    found = validate(root, [path]).diagnostics
    if found:
        sys.stdout.write(diagnostics.format_text(found))
        print(f"{path} 有 {len(found)} 处问题，请先修改，再导出 Word。", file=sys.stderr)
        return 1
    data = _report(root, ledger, kind, unit, period)
    assert data is not None  # it validated
    target = formbook.target(ledger, kind, unit, period, data)
    name = Path(out or f"{target.title.replace(' ', '')}.docx")
    name.write_bytes(wordout.build(target, data, reviewer_name(ledger, target)))
    print(f"已生成 {name}", file=sys.stderr)
    return 0


def reviewer_name(ledger: Ledger, target: formbook.Target) -> str | None:
    """Whom the report goes to: the plan's reviewing office (运输科), by its full name."""
    unit = ledger.units.get(target.plan.reviewer or "")
    return unit.full_name if unit else None
