"""The top of a unit's page: its 待办 box (what is overdue, what is due next, by when, with 填报
links, and its whole duty under the plan's rules), and for a lead office (牵头科室) the tasks it
leads with the latest progress of the units under them."""

from __future__ import annotations

from taizhang.data.model import Obligation, Unit
from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Archive, Facts, is_open, latest_entries, opens_on
from taizhang.site.pages.submit import fill_cell
from taizhang.tracking import kinds

PROGRESS_CHARS = 60


def box(archive: Archive, unit: Unit) -> str:
    """待办: overdue items first, then the next items due, then the rules that oblige the unit."""
    src = fmt.unit_page(unit.id)
    owed = [o for facts in reversed(archive.plans) for o in facts.owed_by_unit.get(unit.id, [])]
    overdue = sorted((o for o in owed if o.status == "overdue"), key=lambda o: (o.due, o.kind))
    redo = sorted((o for o in owed if o.status in ("returned", "needs_revision")), key=lambda o: (o.due, o.kind))
    pending = sorted((o for o in owed if o.status == "pending"), key=lambda o: (o.due, o.kind))
    nxt = [o for o in pending if o.due == pending[0].due] if pending else []
    lines = []
    if not archive.computed:
        lines.append("本次未能计算报送义务，待办事项暂缺。")
    for o in overdue:
        lines.append(f"- **逾期 {o.days_late} 天**：{_item(archive, o, src)}")
    for o in redo:
        lines.append(f"- **{_redo(o)}**：{_item(archive, o, src)}")
    for o in nxt:
        days = (o.due - archive.as_of).days
        when = "今天截止" if days == 0 else f"还有 {days} 天"
        lines.append(f"- **下一项**（{when}）：{_item(archive, o, src)}")
    if archive.computed and not overdue and not redo and not nxt:
        lines.append("- 目前没有待报送的事项。")
    duty = _duty(archive.current, unit)
    counts = [f"{len(overdue)} 项逾期" if overdue else "", f"{len(redo)} 项须修改后补报" if redo else ""]
    title = "待办" + ("：" + "，".join(c for c in counts if c) if overdue or redo else "")
    css = "tz-todo tz-todo-overdue" if overdue or redo else "tz-todo"
    body = "\n".join(lines) + ("\n\n" + duty if duty else "")
    return f'<div class="{css}" markdown>\n<p class="tz-todo-title">{title}</p>\n\n{body}\n</div>'


def _redo(o: Obligation) -> str:
    """退回（原因：…）or 需修改: a report that landed but does not count yet."""
    if o.status == "returned" and o.returns:
        return f"退回（原因：{escape.inline(o.returns[-1].reason)}），请修改后补报"
    return "已提交但未通过校验，请按校验提示修改"


def _item(archive: Archive, o: Obligation, src: str) -> str:
    text = f"{_name(o)}，截止 {fmt.date_zh(o.due)}"
    if o.kind != kinds.STUDY and is_open(o, archive.as_of):
        fill = fill_cell(archive, o, src)
        if fill != "—":
            text += f" {fill}"
    elif o.kind != kinds.STUDY and o.status == "pending" and o.path is not None:
        text += f"，{fmt.date_zh(opens_on(o))}起可填报"
    elif o.kind == kinds.STUDY:
        text += "（在该季度最后一个月的月报中填写学习记录）"
    return text


def _name(o: Obligation) -> str:
    """2023年9月月报, 2023年度工作总结 (not 2023年度年度工作总结)."""
    when, what = fmt.period_zh(o.kind, o.period), fmt.kind_short(o.kind)
    return when + (what[2:] if when.endswith("年度") and what.startswith("年度") else what)


def _duty(facts: Facts, unit: Unit) -> str:
    """The plan's reporting rules that oblige this unit, in the plan's own words."""
    rules = [r for r in facts.plan.rules if unit.id in _bound(facts, r.who)]
    if not rules:
        return "本单位在当前工作要点中没有报送义务。"
    items = "；".join(f"{escape.inline(r.name)}（{escape.inline(r.source)}）" for r in rules)
    return f"本单位的报送义务：{items}。"


def _bound(facts: Facts, who: tuple[str, ...]) -> frozenset[str]:
    """The units a rule's `who` names, groups expanded: once per plan, not once per unit's page."""
    found = facts.bound.get(who)
    if found is None:
        found = facts.bound[who] = frozenset(facts.ledger.expand(who))
    return found


def led(archive: Archive, unit: Unit) -> list[str]:
    """牵头任务进展: per task the unit leads, the latest status and progress of every other unit."""
    src = fmt.unit_page(unit.id)
    parts: list[str] = []
    for facts in archive.plans[:1]:  # the current plan: earlier plans keep their own task pages
        tasks = [t for t, roles in facts.unit_tasks(unit.id) if "lead" in roles]
        for task in tasks:
            rows = [
                [
                    fmt.link(facts.unit_name(u), src, fmt.unit_page(u), fmt.anchor(r.kind, r.period)),
                    fmt.period_zh(r.kind, r.period),
                    escape.inline(str(e.get("status", ""))),
                    escape.inline(_short(str(e.get("progress", "")))),
                ]
                for u, r, e in latest_entries(facts, task)
                if u != unit.id
            ]
            table = (
                fmt.table(["单位", "月份", "推进状态", "最新进展"], rows) if rows else "下属单位尚未报送本任务的进展。"
            )
            # bold, not a heading: a heading would start a section of its own in the search index
            parts += [f"**{fmt.link(f'{task.number} {task.title}', src, fmt.task_page(facts, task.id))}**", table]
    if not parts:
        return []
    intro = "本单位牵头的任务，以及各责任单位最近一次月报中的进展（全文见各单位页面）。"
    return ["## 牵头任务进展 { data-search-exclude }", intro, *parts]


def _short(text: str) -> str:
    return text if len(text) <= PROGRESS_CHARS else text[: PROGRESS_CHARS - 1] + "…"
