"""The ledger as an Excel workbook (台账.xlsx) in the layout the bureau's staff already use.

Sheets: 任务进展 (the sheet that gets printed: one row per task of the current plan, with each unit's
latest progress), 台账 (one row per task entry of every monthly report: 序号, 任务, 牵头单位, 责任单位,
配合单位, 落实单位, 推进状态, 进展情况, 存在问题, 下步计划, 数据指标, 报送单位, 月份, 报送时间, 状态),
任务分工, 报送情况, 数据指标 and 考核 — of the current plan year only: earlier years' reports, statuses and
figures are in their data archives (downloads/data/<year>.zip, pages/yeardata.py), which keeps a
province's workbook to one year (it held five: 23 MB). Numbers, percentages, dates and months are typed cells, so that they sort
and sum; every sheet has a title row (the plan and the as-of date) and prints A4 landscape, fit to the
page width, with its header row on every page. Text from the data is written as text, never a formula.

Extracts: the same 台账 and 报送情况 sheets for one unit (downloads/units/<unit>.xlsx, linked from its page;
its 负责/配合/落实 columns name the unit and a count where a role has more than CUT units, as its title row says)
and for one month of the current plan (downloads/periods/<YYYY-MM>.xlsx, linked from the period's
page), of the current plan year too.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLES, STATUS_ZH, Obligation, Report, Task
from taizhang.host import links
from taizhang.office import xlsx
from taizhang.site.pages import fmt, totals
from taizhang.site.pages.downloads import STATUS_HEADERS, TASK_HEADERS, task_rows
from taizhang.site.pages.facts import BEIJING, Archive, Facts, latest_entries, scores, shown_plans
from taizhang.tracking import kinds

PROGRESS = {name for name, kind in kinds.KINDS.items() if kind.form == "progress"}  # 月报、季报…

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
    "数据指标",
    "报送单位",
    "月份",
    "报送时间",
    "状态",
]
PROGRESS_HEADERS = ["序号", "任务", "牵头单位", "各单位最新进展"]
SCORE_HEADERS = ["序号", "单位", "应报", "按时", "迟报", "逾期", "按时率", "一票否优"]
WIDE = {
    "任务": 30,
    "内容": 60,
    "进展情况": 50,
    "存在问题": 30,
    "下步计划": 30,
    "分工": 40,
    "数据指标": 24,
    "各单位最新进展": 110,
    "报送时间": 17,
    "截止日期": 12,
    "月份": 11,
}
UNIT_COLUMNS = ("单位", "报送单位", "牵头单位", "责任单位", "配合单位", "落实单位")


def build(archive: Archive) -> bytes:
    """台账.xlsx of the current plan year (earlier years are in their data archives, yeardata.py)."""
    current = archive.current
    sheets = [
        _sheet(archive, "任务进展", PROGRESS_HEADERS, _progress_rows(current)),
        _sheet(archive, "台账", LEDGER_HEADERS, ledger_rows(current)),
        _sheet(archive, "任务分工", TASK_HEADERS, ([*row[:-1], int(row[-1])] for row in task_rows([current]))),
        _sheet(archive, "报送情况", STATUS_HEADERS, _status_rows(archive, current.obligations)),
        _sheet(archive, "数据指标", totals.HEADERS, totals.rows([current], typed=True)),
        _sheet(archive, "考核", SCORE_HEADERS, _scores(current)),
    ]
    return xlsx.workbook(sheets, current.plan.title, "taizhang", _moment(archive))


def extract_paths(ledger: Ledger, as_of: dt.date) -> set[str]:
    """The extracts extracts() makes: one per unit, one per month of the current plan."""
    shown = shown_plans(ledger, as_of)
    months = set(shown[0].months()) if shown else set()
    return {links.unit_workbook(u) for u in ledger.units} | {links.period_workbook(m) for m in months}


def extracts(archive: Archive) -> dict[str, Callable[[], bytes]]:
    """Per unit and per month of the current plan year: the 台账 rows and the 报送情况 rows that concern
    it, each as a maker called when its file is written (build.write_tree), so that they are not all held
    at once. Earlier years' rows are in their data archives."""
    current = archive.current
    owed_by_unit: dict[str, list[Obligation]] = defaultdict(list)
    owed_by_month: dict[str, list[Obligation]] = defaultdict(list)
    for o in current.obligations:
        owed_by_unit[o.unit].append(o)
        owed_by_month[o.period].append(o)
    out: dict[str, Callable[[], bytes]] = {}
    roles = _roles(current)  # a task's roles expand groups: once, not per extract
    for unit in archive.ledger.units.values():
        monthly = [r for r in current.by_unit.get(unit.id, []) if r.kind in PROGRESS]
        made = functools.partial(_unit_extract, archive, unit.id, roles, monthly, owed_by_unit[unit.id])
        out[links.unit_workbook(unit.id)] = made
    heads = _heads(current, roles)
    by_month: dict[str, list[Report]] = defaultdict(list)
    for report in current.reports.values():
        if report.kind in PROGRESS:
            by_month[report.period].append(report)
    for month in current.plan.months():
        name = fmt.period_zh(kinds.MONTHLY, month)
        out[links.period_workbook(month)] = functools.partial(
            _extract, archive, name, heads, by_month[month], owed_by_month[month]
        )
    return out


Roles = tuple[Task, str, list[tuple[str, ...]]]  # a task, its title and its unit ids by role
Head = tuple[Task, str, list[str]]  # a task, its title and its units' names by role
CUT = 5  # in a unit's own extract, a role of more units than this is the unit itself and a count
CUT_NOTE = "。负责、配合、落实单位超过 5 个的，只列本单位和单位数，完整名单见台账.xlsx 的“任务分工”表和网站上的任务页面"


def _roles(facts: Facts) -> list[Roles]:
    return [
        (task, f"{task.number} {task.title}", [tuple(facts.roles(task).get(role, ())) for role in ROLES])
        for task in facts.tasks
    ]


def _heads(facts: Facts, roles: list[Roles] | None = None, unit: str | None = None) -> list[Head]:
    """Each task's units by role, every name; in `unit`'s own extract a long list of a role other than
    牵头 is cut to the unit itself and a count (at province scale 落实 lists hundreds of names in every row)."""
    out = []
    for task, title, ids in _roles(facts) if roles is None else roles:
        names = [
            _cut(facts, who, unit) if unit is not None and role != "lead" and len(who) > CUT else _names(facts, who)
            for role, who in zip(ROLES, ids, strict=True)
        ]
        out.append((task, title, names))
    return out


def _names(facts: Facts, ids: tuple[str, ...]) -> str:
    return "、".join(facts.unit_name(u) for u in ids)


def _cut(facts: Facts, ids: tuple[str, ...], unit: str) -> str:
    return f"{facts.unit_name(unit)}等 {len(ids)} 个单位" if unit in ids else f"共 {len(ids)} 个单位"


def _unit_extract(
    archive: Archive, unit: str, roles: list[Roles], monthly: list[Report], owed: list[Obligation]
) -> bytes:
    heads = _heads(archive.current, roles, unit)
    return _extract(archive, archive.current.unit_name(unit), heads, monthly, owed, CUT_NOTE)


def _extract(
    archive: Archive, name: str, heads: list[Head], monthly: list[Report], owed: list[Obligation], note: str = ""
) -> bytes:
    sheets = [
        _sheet(archive, "台账", LEDGER_HEADERS, _numbered(_ledger_rows(archive.current, heads, monthly)), name, note),
        _sheet(archive, "报送情况", STATUS_HEADERS, _status_rows(archive, owed), name),
    ]
    return xlsx.workbook(sheets, f"{name} {archive.current.plan.title}", "taizhang", _moment(archive))


def ledger_rows(facts: Facts) -> Iterator[list[xlsx.Value]]:
    """One row per monthly report entry of the plan: in task order, then unit order, then month.

    Made as they are written (a province's year has 54,000 rows), numbered from 1."""
    return _numbered(_ledger_rows(facts, _heads(facts), [r for r in facts.reports.values() if r.kind in PROGRESS]))


def _numbered(rows: Iterable[list[xlsx.Value]]) -> Iterator[list[xlsx.Value]]:
    for number, row in enumerate(rows, 1):
        yield [number, *row]


def _ledger_rows(facts: Facts, heads: list[Head], monthly: list[Report]) -> Iterator[list[xlsx.Value]]:
    units = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}
    monthly = sorted(monthly, key=lambda r: (units.get(r.unit, 0), r.period))
    # a report's own cells once, not once per task (a province's sheet: 270,000 rows from 60,000 reports)
    written = [(report.entries, _report_cells(facts, report)) for report in monthly]
    for task, title, names in heads:
        for entries, tail in written:
            entry = entries.get(task.id)
            if not isinstance(entry, dict):
                continue
            yield [
                title,
                *names,
                entry.get("status", ""),
                entry.get("progress", ""),
                entry.get("problems", ""),
                entry.get("next_steps", ""),
                _figures(entry.get("figures")),
                *tail,
            ]


def _report_cells(facts: Facts, report: Report) -> list[xlsx.Value]:
    """报送单位, 月份, 报送时间 and 状态 of a report's rows."""
    o = facts.obligation(report)
    return [
        facts.unit_name(report.unit),
        _period(report),
        _when(o.submitted_at) if o else "",
        STATUS_ZH.get(o.status, o.status) if o else "已报送",
    ]


def _period(report: Report) -> xlsx.Value:
    """A month as a typed month cell (it sorts as a date); a quarter or half-year as its Chinese name."""
    if report.kind == kinds.MONTHLY:
        return xlsx.Month(int(report.period[:4]), int(report.period[5:7]), 1)
    return kinds.period_zh(report.period, report.kind)


def _figures(figures: object) -> str:
    """数据指标 as a line each: 新增新能源车辆：56 辆."""
    if not isinstance(figures, list):
        return ""
    return "\n".join(
        f"{f.get('name', '')}：{f.get('value', '')}{' ' + str(f['unit']) if f.get('unit') else ''}"
        for f in figures
        if isinstance(f, dict)
    )


def _progress_rows(facts: Facts) -> Iterator[list[xlsx.Value]]:
    """The printed sheet: each task of the current plan, its lead, and every unit's latest progress."""
    for number, task in enumerate(facts.tasks, 1):
        lead = "、".join(facts.unit_name(u) for u in facts.roles(task).get("lead", ()))
        lines = [
            f"{facts.unit_name(unit)}（{fmt.period_zh(report.kind, report.period)}，{entry.get('status', '')}）："
            f"{entry.get('progress', '')}"
            for unit, report, entry in latest_entries(facts, task)
        ]
        yield [number, f"{task.number} {task.title}", lead, "\n".join(lines) or "尚无进展报告"]


def _status_rows(archive: Archive, owed: Iterable[Obligation]) -> Iterator[list[xlsx.Value]]:
    for o in owed:
        yield [
            archive.current.unit_name(o.unit),
            o.unit,
            fmt.kind_zh(o.kind),
            o.period,
            o.due,
            _when(o.submitted_at),
            STATUS_ZH.get(o.status, o.status),
            o.days_late,
            "是" if o.due_soon else "",
        ]


def _when(moment: dt.datetime | None) -> xlsx.Value:
    """A submission time in Beijing time, to the minute, as Excel's (zoneless) date and time."""
    return "" if moment is None else moment.astimezone(BEIJING).replace(tzinfo=None, second=0, microsecond=0)


def _scores(facts: Facts) -> list[list[xlsx.Value]]:
    return [
        [
            i,
            facts.unit_name(s.unit),
            s.assessed,
            s.on_time,
            s.late,
            s.overdue,
            "" if s.on_time_rate is None else xlsx.Percent(s.on_time_rate),
            "" if s.spotless else "是",
        ]
        for i, s in enumerate(scores(facts), 1)
    ]


def _moment(archive: Archive) -> dt.datetime:
    return dt.datetime.combine(archive.as_of, dt.time())


def _sheet(
    archive: Archive,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[xlsx.Value]],
    whose: str = "",
    note: str = "",
) -> xlsx.Sheet:
    names = max((len(u.name) for u in archive.ledger.units.values()), default=8)
    widths = [
        WIDE.get(name, min(2 * names + 2, 40) if name in UNIT_COLUMNS else max(8, len(name) * 2 + 2))
        for name in headers
    ]
    caption = f"{archive.current.plan.title}　{whose}{title}（数据截至{fmt.date_zh(archive.as_of)}）{note}"
    return xlsx.Sheet(title, headers, rows, widths, caption)
