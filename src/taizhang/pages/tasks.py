"""重点任务: the list of tasks with their status lights, and one page per task."""

from __future__ import annotations

from taizhang import escape
from taizhang.model import ROLE_ZH, ROLES, Task
from taizhang.pages import fmt
from taizhang.pages.facts import Facts, latest_entries, light, months
from taizhang.pages.reports import MONTHLY_FIELDS


def pages(facts: Facts) -> dict[str, str]:
    out = {"tasks/index.md": index(facts)}
    for task in facts.tasks:
        out[fmt.task_page(task.id)] = page(facts, task)
    return out


def task_light(facts: Facts, task: Task) -> tuple[str, str]:
    return light([str(entry.get("status", "")) for _, _, entry in latest_entries(facts, task)])


def overview(facts: Facts, src: str) -> str:
    """The table of tasks with a status light each (home page and task list)."""
    rows = []
    for task in facts.tasks:
        roles = facts.ledger.roles(task)
        leaders = roles.get("lead") or roles.get("responsible") or ()
        latest = latest_entries(facts, task)
        last = max((r.period for _, r, _ in latest), default="")
        rows.append(
            [
                escape.inline(task.number),
                fmt.link(task.title, src, fmt.task_page(task.id)),
                fmt.names(facts, leaders),
                fmt.light(*task_light(facts, task)),
                f"{len(latest)} 个单位" + (f"，最新 {fmt.period_zh('monthly', last)}" if last else ""),
            ]
        )
    return fmt.table(["序号", "任务", "牵头/负责单位", "状态", "报告"], rows)


def index(facts: Facts) -> str:
    legend = "状态灯按各单位最近一次月报中的推进状态：有“滞后”为红，有“未启动”为黄，全部“已完成”为蓝，其余为绿。"
    return f"# 重点任务\n\n{legend}\n\n{overview(facts, 'tasks/index.md')}\n"


def page(facts: Facts, task: Task) -> str:
    src = fmt.task_page(task.id)
    parts = [f"# {escape.heading(task.number)} {escape.heading(task.title)}"]
    if task.group_title:
        parts.append(f"所属：{escape.inline(task.group_number or '')}{escape.inline(task.group_title)}")
    parts.append(f"状态：{fmt.light(*task_light(facts, task))}")
    parts += ["## 任务内容", escape.block(task.text)]
    if task.note:
        parts.append(f"分工：{escape.inline(task.note)}")
    roles = facts.ledger.roles(task)
    rows = [[ROLE_ZH[role], fmt.names(facts, roles[role], src)] for role in ROLES if roles.get(role)]
    parts += ["## 责任分工", fmt.table(["角色", "单位"], rows)]
    parts += ["## 最新进展", _latest(facts, task, src)]
    parts += ["## 报告历史", _history(facts, task, src)]
    return "\n\n".join(parts) + "\n"


def _latest(facts: Facts, task: Task, src: str) -> str:
    blocks = []
    for unit_id, report, entry in latest_entries(facts, task):
        where = fmt.unit_page(unit_id)
        head = (
            f"**{fmt.link(facts.unit_name(unit_id), src, where)}** · "
            f"[{fmt.period_zh(report.kind, report.period)}]({fmt.rel(src, where, fmt.anchor(report.kind, report.period))})"
            f" · {escape.inline(entry.get('status', ''))}"
        )
        lines = [f"{label}：{escape.inline(entry[key])}" for key, label in MONTHLY_FIELDS if entry.get(key)]
        blocks.append("\n\n".join([head, *lines]))
    return "\n\n---\n\n".join(blocks) or "暂无单位报送本任务的进展。"


def _history(facts: Facts, task: Task, src: str) -> str:
    """Units down, months across: each cell the unit's progress status that month, linked to the report."""
    periods = months(facts)
    rows = []
    for unit in facts.ledger.ordered_units():
        cells = []
        for period in periods:
            report = facts.reports.get(("monthly", unit.id, period))
            entry = report.entries.get(task.id) if report else None
            if report is None or not isinstance(entry, dict):
                cells.append("")
                continue
            target = fmt.rel(src, fmt.unit_page(unit.id), fmt.anchor("monthly", period))
            cells.append(f"[{escape.inline(entry.get('status', '已报送'))}]({target})")
        if any(cells):
            rows.append([fmt.link(unit.name, src, fmt.unit_page(unit.id)), *cells])
    if not rows:
        return "暂无报告。"
    return fmt.table(["单位", *(fmt.period_zh("monthly", p) for p in periods)], rows)
