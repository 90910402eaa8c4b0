"""重点任务: the list of tasks with their status lights, and one page per task."""

from __future__ import annotations

from taizhang.data.model import ROLE_ZH, ROLES, Task
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.figures import Figures
from taizhang.site.lights import LABELS, rule_of
from taizhang.site.pages import fmt, totals
from taizhang.site.pages.facts import Facts, latest_entries, light, months
from taizhang.site.pages.reports import MONTHLY_FIELDS
from taizhang.tracking import kinds


def pages(facts: Facts) -> dict[str, str]:
    """The plan's task list and one page per task (under plans/<key>/ for an earlier plan)."""
    out = {fmt.tasks_index(facts): index(facts)}
    found = totals.by_task(facts)
    for task in facts.tasks:
        out[fmt.task_page(facts, task.id)] = page(facts, task, found.get(task.id, Figures([], [])))
    return out


def task_light(facts: Facts, task: Task) -> str:
    """The light with its label, and how many units are behind when some are."""
    statuses = [str(entry.get("status", "")) for _, _, entry in latest_entries(facts, task)]
    css, label = light(statuses, rule_of(facts.plan.raw))
    behind = statuses.count("滞后")
    return fmt.light(css, label) + (f"（{behind}/{len(statuses)} 个单位滞后）" if behind else "")


def legend_of(facts: Facts) -> str:
    """The lights' legend: each colour with its label, then the rule that sets them."""
    keys = " ".join(fmt.light(css, label) for css, label in LABELS.items())
    return f'<p class="tz-legend">{keys}</p>\n\n{escape.inline(rule_of(facts.plan.raw).explain())}'


def overview(facts: Facts, src: str) -> str:
    """The table of tasks with a status light each (home page and task list)."""
    rows = []
    for task in facts.tasks:
        roles = facts.roles(task)
        first = next((role for role in ROLES if roles.get(role)), None)
        duty = f"{ROLE_ZH[first]}：{fmt.names(facts, roles[first], limit=3)}" if first else "—"
        latest = latest_entries(facts, task)
        last = max((r.period for _, r, _ in latest), default="")
        rows.append(
            [
                escape.inline(task.number),
                fmt.link(task.title, src, fmt.task_page(facts, task.id)),
                duty,
                task_light(facts, task),
                f"{len(latest)} 个单位" + (f"，最新 {kinds.period_zh(last)}" if last else ""),
            ]
        )
    return fmt.table(["序号", "任务", "主要责任单位", "状态", "报告"], rows)


def index(facts: Facts) -> str:
    legend = legend_of(facts)
    src = fmt.tasks_index(facts)
    title = "重点任务" if facts.current else f"{facts.plan.year}年重点任务"
    parts = [f"# {title}", *fmt.archived(facts, src), legend, overview(facts, src)]
    return "\n\n".join(parts) + "\n"


def page(facts: Facts, task: Task, figures: Figures | None = None) -> str:
    src = fmt.task_page(facts, task.id)
    year = "" if facts.current else f"（{facts.plan.year}年）"  # tells it apart from this year's task in search
    parts = [f"# {escape.heading(task.number)} {escape.heading(task.title)}{year}", *fmt.archived(facts, src)]
    if task.group_title:
        parts.append(f"所属：{escape.inline(task.group_number or '')}{escape.inline(task.group_title)}")
    parts.append(f"状态：{task_light(facts, task)}")
    parts += ["## 任务内容", escape.block(task.text)]
    if task.note:
        parts.append(f"分工：{escape.inline(task.note)}")
    roles = facts.roles(task)
    rows = [[ROLE_ZH[role], fmt.names(facts, roles[role], src)] for role in ROLES if roles.get(role)]
    parts += ["## 责任分工", fmt.table(["角色", "单位"], rows)]
    found = totals.section(facts, src, task.id, figures)
    parts += ["## 数据指标 { data-search-exclude }", *found] if found else []  # sources grow with reports
    if not facts.current:  # an earlier year: last statuses only; texts and months are in the year's archive
        return "\n\n".join([*parts, "## 各单位最后状态 { data-search-exclude }", _last(facts, task, src)]) + "\n"
    # quotes from reports: out of the site search, which would grow with them
    parts += ["## 最新进展 { data-search-exclude }", _latest(facts, task, src)]
    parts += ["## 报告历史 { data-search-exclude }", _history(facts, task, src)]
    return "\n\n".join(parts) + "\n"


def _latest(facts: Facts, task: Task, src: str) -> str:
    rows = []
    for unit_id, report, entry in latest_entries(facts, task):
        where = fmt.unit_page(unit_id)
        month = fmt.period_zh(report.kind, report.period)
        rows.append(
            [
                fmt.link(facts.unit_name(unit_id), src, where),
                f"[{month}]({fmt.rel(src, where, fmt.anchor(report.kind, report.period))})",
                escape.inline(entry.get("status", "")),
                *(escape.inline(entry.get(key, "")) for key, _ in MONTHLY_FIELDS),
            ]
        )
    if not rows:
        return "暂无单位报送本任务的进展。"
    return fmt.table(["单位", "月份", "推进状态", *(label for _, label in MONTHLY_FIELDS)], rows)


def _last(facts: Facts, task: Task, src: str) -> str:
    """An earlier year: each unit's last progress status on the task, linked to the year's section of
    the unit's page (the report texts are in the year's data archive, not quoted here)."""
    rows = [
        [
            fmt.link(facts.unit_name(unit_id), src, fmt.unit_page(unit_id), fmt.year_anchor(facts)),
            fmt.period_zh(report.kind, report.period),
            escape.inline(entry.get("status", "")),
        ]
        for unit_id, report, entry in latest_entries(facts, task)
    ]
    if not rows:
        return "该年度没有单位报送本任务的进展。"
    data = fmt.link(f"{facts.plan.year}年度数据", src, links.year_data(facts.plan.year))
    note = f"各单位在该年度最后一次报告中的推进状态；报告全文见{data}（压缩包，CSV 和 JSON）。"
    return note + "\n\n" + fmt.table(["单位", "最后报告", "推进状态"], rows)


def _history(facts: Facts, task: Task, src: str) -> str:
    """Units down, months across: each cell the unit's progress status that month, linked to the
    report; a month without a report says why (未报, 纸质报送, 未到期, 未涉及本任务)."""
    periods = months(facts)
    anchors = [fmt.anchor(kinds.MONTHLY, period) for period in periods]
    held = {u for ids in facts.roles(task).values() for u in ids}
    rows = []
    for unit in facts.ledger.ordered_units():
        page = fmt.rel(src, fmt.unit_page(unit.id))  # a cell's link: the page, then the month's anchor
        cells = [
            _history_cell(facts, task, unit.id, period, f"{page}#{anchor}")
            for period, anchor in zip(periods, anchors, strict=True)
        ]
        if unit.id in held or any(c.startswith("[") for c in cells):
            rows.append([fmt.link(unit.name, src, fmt.unit_page(unit.id)), *cells])
    if not rows:
        return "暂无报告。"
    return fmt.unsearched(fmt.table(["单位", *(fmt.period_zh(kinds.MONTHLY, p) for p in periods)], rows))


def _history_cell(facts: Facts, task: Task, unit: str, period: str, target: str) -> str:
    report = facts.reports.get((kinds.MONTHLY, unit, period))
    entry = report.entries.get(task.id) if report else None
    if report is not None and isinstance(entry, dict):
        return f"[{escape.inline(entry.get('status', '已报送'))}]({target})"
    o = facts.owed.get((kinds.MONTHLY, unit, period))
    if report is not None:
        return "未涉及本任务"
    if o is None:
        return "—"
    if o.via == "receipt" and o.submitted_at is not None:
        return "纸质报送"
    return {"overdue": "未报", "pending": "未到期"}.get(o.status, "已报送")
