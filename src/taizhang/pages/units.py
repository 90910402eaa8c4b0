"""单位: the list of units and one page per unit with its tasks, its grid of obligations and its reports."""

from __future__ import annotations

from taizhang import escape
from taizhang.model import ROLE_ZH, UNIT_KIND_ZH, Unit
from taizhang.obligations import UnitScore
from taizhang.pages import fmt, reports
from taizhang.pages.facts import Facts, months, quarters, scores

GRID_KINDS = ("monthly", "quarterly_study", "annual_plan", "annual_summary")


def pages(facts: Facts) -> dict[str, str]:
    tally = {s.unit: s for s in scores(facts)}
    out = {"units/index.md": index(facts, tally)}
    for unit in facts.ledger.ordered_units():
        out[fmt.unit_page(unit.id)] = page(facts, unit, tally.get(unit.id))
    return out


def index(facts: Facts, tally: dict[str, UnitScore]) -> str:
    src = "units/index.md"
    rows = []
    for unit in facts.ledger.ordered_units():
        held = facts.unit_tasks(unit.id)
        score = tally.get(unit.id)
        rows.append(
            [
                fmt.link(unit.name, src, fmt.unit_page(unit.id)),
                escape.inline(UNIT_KIND_ZH.get(unit.kind, unit.kind)),
                str(len(held)),
                str(len(facts.by_unit.get(unit.id, []))),
                fmt.percent(score.on_time_rate) if score else "—",
                str(score.overdue) if score else "—",
            ]
        )
    table = fmt.table(["单位", "类别", "承担任务", "已报送报告", "按时率", "逾期"], rows)
    return f"# 单位\n\n《{escape.inline(facts.plan.title)}》涉及的单位及其报送情况。\n\n{table}\n"


def page(facts: Facts, unit: Unit, score: UnitScore | None) -> str:
    src = fmt.unit_page(unit.id)
    groups = [facts.ledger.groups[g].name for g in unit.groups if g in facts.ledger.groups]
    parts = [
        f"# {escape.heading(unit.name)}",
        f"全称：{escape.inline(unit.full_name)} · 类别：{escape.inline(UNIT_KIND_ZH.get(unit.kind, unit.kind))}"
        + (f" · 所属：{escape.inline('、'.join(groups))}" if groups else "")
        + (f" · 填报账号：{escape.inline('、'.join(unit.accounts))}" if unit.accounts else ""),
        "## 承担的任务",
        _tasks(facts, unit, src),
        "## 报送情况",
        _grid(facts, unit),
    ]
    if score is not None:
        parts.append(
            f"应报 {score.assessed} 项：按时 {score.on_time}，迟报 {score.late}，逾期 {score.overdue}；"
            f"按时率 {fmt.percent(score.on_time_rate)}。尚未到期 {score.pending} 项。"
        )
    parts.append("## 报告")
    mine = facts.by_unit.get(unit.id, [])
    parts += [reports.section(facts, r, src) for r in reversed(mine)] or ["尚未报送报告。"]
    return "\n\n".join(parts) + "\n"


def _tasks(facts: Facts, unit: Unit, src: str) -> str:
    held = facts.unit_tasks(unit.id)
    if not held:
        return "本单位在本工作要点中没有任务分工。"
    rows = [
        [escape.inline(t.number), fmt.link(t.title, src, fmt.task_page(t.id)), "、".join(ROLE_ZH[r] for r in roles)]
        for t, roles in held
    ]
    return fmt.table(["序号", "任务", "本单位角色"], rows)


def _grid(facts: Facts, unit: Unit) -> str:
    """Periods down, obligation kinds across; a quarter sits on its last month, the year on its own row."""
    quarter_of = {q: f"{q[:4]}-{int(q[-1]) * 3:02d}" for q in quarters(facts)}
    rows_keys = [str(facts.plan.year), *months(facts)]
    cells: dict[tuple[str, str], str] = {}
    for kind in GRID_KINDS:
        for period in _periods(facts, unit.id, kind):
            row = quarter_of.get(period, period)
            cells[(row, kind)] = _cell(facts, unit.id, kind, period)
    if not cells:
        return "本单位没有报送义务。"
    rows = []
    for key in rows_keys:
        label = f"{key}年度" if len(key) == 4 else fmt.period_zh("monthly", key)
        rows.append([label] + [cells.get((key, kind), "—") for kind in GRID_KINDS])
    return fmt.table(["期间", *(fmt.KIND_SHORT[k] for k in GRID_KINDS)], rows)


def _periods(facts: Facts, unit_id: str, kind: str) -> list[str]:
    owed = {o.period for o in facts.owed_by_unit.get(unit_id, []) if o.kind == kind}
    sent = {r.period for r in facts.by_unit.get(unit_id, []) if r.kind == kind}
    return sorted(owed | sent)


def _cell(facts: Facts, unit_id: str, kind: str, period: str) -> str:
    o = facts.owed.get((kind, unit_id, period))
    report = facts.reports.get((kind, unit_id, period))
    text = fmt.badge(o) if o is not None else "已报送"
    if "-Q" in period:
        text = f"{escape.inline(period[-2:])} {text}"
    if report is not None:
        text = f"[{text}](#{fmt.anchor(kind, period)})"
    return text
