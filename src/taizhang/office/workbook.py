"""The ledger as an Excel workbook (台账.xlsx) in the layout the bureau's staff already use.

Sheets: 台账 (one row per task entry of every report: 序号, 任务, 牵头单位, 责任单位, 配合单位, 落实单位,
进展情况, 存在问题, 下步计划, 报送单位, 月份, 报送时间, 状态), 任务分工, 报送情况 and 考核 — over every plan
on the site, the earliest first, with one 考核 sheet per earlier year (2023年度考核).
Every value from the data is written as a string cell, never as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from taizhang.data.model import ROLES, STATUS_ZH
from taizhang.office import xlsx
from taizhang.site.pages import fmt, totals
from taizhang.site.pages.downloads import STATUS_HEADERS, TASK_HEADERS, status_rows, task_rows
from taizhang.site.pages.facts import Archive, Facts, beijing, scores
from taizhang.tracking import kinds

LEDGER_HEADERS = [
    "序号",
    "任务",
    "牵头单位",
    "责任单位",
    "配合单位",
    "落实单位",
    "推进状态",
    "进展情况",
    "存在问题",
    "下步计划",
    "报送单位",
    "月份",
    "报送时间",
    "状态",
]
WIDE = {"任务": 30, "内容": 60, "进展情况": 50, "存在问题": 30, "下步计划": 30, "分工": 40}


def ledger_rows(archive: Archive) -> Iterator[list[object]]:
    """One row per progress report entry (月报、季报…): plan by plan, in task order, then unit order, then month.

    Made as they are written (a province's sheet has 270,000 rows), numbered from 1."""
    entries = (row for facts in reversed(archive.plans) for row in _ledger_rows(facts))
    for number, row in enumerate(entries, 1):
        yield [number, *row]


def _ledger_rows(facts: Facts) -> Iterator[list[object]]:
    tasks = facts.tasks
    units = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}
    progress = {name for name, kind in kinds.KINDS.items() if kind.form == "progress"}
    monthly = sorted(
        (r for r in facts.reports.values() if r.kind in progress), key=lambda r: (units.get(r.unit, 0), r.period)
    )
    for task in tasks:
        roles = facts.roles(task)
        names = ["、".join(facts.unit_name(u) for u in roles.get(role, ())) for role in ROLES]
        title = f"{task.number} {task.title}"
        for report in monthly:
            entry = report.entries.get(task.id)
            if not isinstance(entry, dict):
                continue
            o = facts.obligation(report)
            yield [
                title,
                *names,
                entry.get("status", ""),
                entry.get("progress", ""),
                entry.get("problems", ""),
                entry.get("next_steps", ""),
                facts.unit_name(report.unit),
                kinds.period_zh(report.period, report.kind),
                beijing(o.submitted_at) if o else "",
                STATUS_ZH.get(o.status, o.status) if o else "已报送",
            ]


def _scores(facts: Facts) -> list[list[object]]:
    return [
        [
            i,
            facts.unit_name(s.unit),
            s.assessed,
            s.on_time,
            s.late,
            s.overdue,
            fmt.percent(s.on_time_rate),
            "" if s.spotless else "是",
        ]
        for i, s in enumerate(scores(facts), 1)
    ]


def build(archive: Archive) -> bytes:
    sheets = [
        _sheet("台账", LEDGER_HEADERS, ledger_rows(archive)),
        _sheet("任务分工", TASK_HEADERS, task_rows(archive)),
        _sheet("报送情况", STATUS_HEADERS, status_rows(archive)),
        _sheet("数据指标", totals.HEADERS, totals.rows(archive)),
    ]
    for facts in archive.plans:
        title = "考核" if facts.current else f"{facts.plan.year}年度考核"
        sheets.append(
            _sheet(title, ["序号", "单位", "应报", "按时", "迟报", "逾期", "按时率", "一票否优"], _scores(facts))
        )
    moment = dt.datetime.combine(archive.as_of, dt.time())
    return xlsx.workbook(sheets, archive.current.plan.title, "taizhang", moment)


def _sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> xlsx.Sheet:
    widths = [WIDE.get(name, max(8, len(name) * 2 + 2)) for name in headers]
    cells = ([v if isinstance(v, int) else str(v) for v in row] for row in rows)
    return xlsx.Sheet(title, headers, cells, widths)
