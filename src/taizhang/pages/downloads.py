"""下载: the ledger as CSV and JSON (tasks, reports, statuses), the JSON Schemas, and the download page.

The Excel workbook is built at the edge (taizhang.workbook) since it is binary; this page links to it.
CSV files carry a UTF-8 BOM so that Excel opens the Chinese text correctly, and any cell that a
spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from taizhang import exports
from taizhang.model import ROLES, STATUS_ZH
from taizhang.pages import fmt
from taizhang.pages.facts import Facts, beijing

SRC = "downloads.md"
WORKBOOK = "downloads/taizhang.xlsx"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A spreadsheet cell that shows as text: formula-like strings get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def to_json(value: Any, indent: int | None = None) -> str:
    """JSON text; large files stay compact (indenting switches json to its slow pure-Python encoder)."""
    return json.dumps(value, ensure_ascii=False, indent=indent) + "\n"


TASK_HEADERS = ["序号", "任务代码", "任务", "内容", "分工", "牵头单位", "负责单位", "配合单位", "落实单位"]
REPORT_HEADERS = [
    "报送单位",
    "单位代码",
    "报送事项",
    "期间",
    "任务序号",
    "任务",
    "推进状态",
    "进展情况",
    "存在问题",
    "下步计划",
    "报送时间",
    "报送状态",
]
STATUS_HEADERS = ["单位", "单位代码", "报送事项", "期间", "截止日期", "报送时间", "状态", "迟报或逾期天数", "即将到期"]


def task_rows(facts: Facts) -> list[list[str]]:
    rows = []
    for task in facts.tasks:
        roles = facts.roles(task)
        names = ["、".join(facts.unit_name(u) for u in roles.get(role, ())) for role in ROLES]
        rows.append([task.number, task.id, task.title, task.text, task.note, *names])
    return rows


def report_rows(facts: Facts) -> list[list[str]]:
    """One row per task entry of every report (an annual summary's overall text on a row of its own)."""
    rows = []
    for (kind, unit, period), report in facts.reports.items():
        o = facts.obligation(report)
        when, status = (beijing(o.submitted_at), STATUS_ZH.get(o.status, o.status)) if o else ("", "")
        head = [facts.unit_name(unit), unit, fmt.kind_zh(kind), period]
        tasks = facts.ledger.tasks.get(facts.plan.key, {})
        if kind == "annual_summary" and report.data.get("summary"):
            rows.append([*head, "", "总体情况", "", str(report.data["summary"]), "", "", when, status])
        for task_id, entry in report.entries.items():
            task = tasks.get(task_id)
            text = entry.get("progress") or entry.get("measures") or entry.get("achievements") or ""
            follow = entry.get("next_steps") or entry.get("next_year") or ""
            rows.append(
                [
                    *head,
                    task.number if task else task_id,
                    task.title if task else "",
                    str(entry.get("status", "")),
                    str(text),
                    str(entry.get("problems", "")),
                    str(follow),
                    when,
                    status,
                ]
            )
    return rows


def status_rows(facts: Facts) -> list[list[str]]:
    return [
        [
            facts.unit_name(o.unit),
            o.unit,
            fmt.kind_zh(o.kind),
            o.period,
            o.due.isoformat(),
            beijing(o.submitted_at),
            STATUS_ZH.get(o.status, o.status),
            str(o.days_late),
            "是" if o.due_soon else "",
        ]
        for o in facts.obligations
    ]


def statuses_json(facts: Facts) -> list[dict[str, Any]]:
    """The same shape as `taizhang status --format json`, plus the unit's name."""
    return [
        {
            "unit": o.unit,
            "unit_name": facts.unit_name(o.unit),
            "kind": o.kind,
            "period": o.period,
            "due": o.due.isoformat(),
            "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
            "status": o.status,
            "days_late": o.days_late,
            "due_soon": o.due_soon,
            "via": o.via,
        }
        for o in facts.obligations
    ]


def reports_json(facts: Facts) -> list[dict[str, Any]]:
    out = []
    for report in facts.reports.values():
        o = facts.obligation(report)
        out.append(
            {
                "unit": report.unit,
                "kind": report.kind,
                "period": report.period,
                "path": report.path,
                "submitted_at": o.submitted_at.isoformat() if o and o.submitted_at else None,
                "status": o.status if o else None,
                "data": report.data,
            }
        )
    return out


def files(facts: Facts) -> dict[str, str]:
    out = {
        "downloads/tasks.csv": to_csv(TASK_HEADERS, task_rows(facts)),
        "downloads/tasks.json": to_json(exports.export(facts.ledger, facts.plan), indent=2),
        "downloads/reports.csv": to_csv(REPORT_HEADERS, report_rows(facts)),
        "downloads/reports.json": to_json(reports_json(facts)),
        "downloads/statuses.csv": to_csv(STATUS_HEADERS, status_rows(facts)),
        "downloads/statuses.json": to_json(statuses_json(facts)),
    }
    for name, text in sorted(facts.config.schemas.items()):
        out[f"downloads/schemas/{name}"] = text
    out[SRC] = page(facts)
    return out


def page(facts: Facts) -> str:
    def item(label: str, path: str, note: str) -> str:
        return f"| {fmt.link(label, SRC, path)} | {note} |"

    rows = [
        item("台账（Excel）", WORKBOOK, "全部任务、分工、各单位报告、报送情况和考核，按常用台账表格排列"),
        item("任务（CSV）", "downloads/tasks.csv", "重点任务及牵头、负责、配合、落实单位"),
        item("任务（JSON）", "downloads/tasks.json", "与 taizhang export 相同：工作要点、单位、任务（分组已展开）"),
        item("报告（CSV）", "downloads/reports.csv", "每份报告每项任务一行"),
        item("报告（JSON）", "downloads/reports.json", "每份报告的全部内容"),
        item("报送情况（CSV）", "downloads/statuses.csv", "每项报送义务的截止日期、报送时间和状态"),
        item("报送情况（JSON）", "downloads/statuses.json", "与 taizhang status --format json 相同的字段"),
    ]
    rows += [item(name, f"downloads/schemas/{name}", "JSON Schema（2020-12）") for name in sorted(facts.config.schemas)]
    return (
        "\n\n".join(
            [
                "# 下载",
                f"数据截至{fmt.date_zh(facts.as_of)}，由台账仓库自动生成。CSV 文件为 UTF-8 编码（带 BOM），可直接用 Excel 打开。",
                "| 文件 | 内容 |\n|---|---|\n" + "\n".join(rows),
            ]
        )
        + "\n"
    )
