"""逾期 and 通报: who is overdue now, and the monthly bulletin with the assessment table (考核)."""

from __future__ import annotations

import datetime as dt

from taizhang import escape
from taizhang.model import Obligation
from taizhang.obligations import UnitScore
from taizhang.pages import fmt
from taizhang.pages.facts import Facts, due_months, scores, tally
from taizhang.pages.submit import fill_cell

OVERDUE = "overdue.md"
INDEX = "bulletins/index.md"
VETO_NOTE = "一票否优：有迟报或逾期未报事项的单位，标“是”，不得评为优秀。"


def pages(facts: Facts) -> dict[str, str]:
    out = {OVERDUE: overdue(facts), INDEX: index(facts)}
    for month in due_months(facts):
        out[fmt.bulletin_page(month)] = bulletin(facts, month)
    return out


def overdue(facts: Facts) -> str:
    parts = ["# 逾期", f"截至{fmt.date_zh(facts.as_of)}，已过截止日期仍未报送的事项。"]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无逾期清单。"]) + "\n"
    late = sorted((o for o in facts.obligations if o.status == "overdue"), key=lambda o: (-o.days_late, o.due, o.unit))
    parts.append(_table(facts, late, OVERDUE, fill=True) if late else "目前没有逾期未报的事项。")
    soon = [o for o in facts.obligations if o.status == "pending" and o.due_soon]
    if soon:
        parts += ["## 即将到期", _table(facts, soon, OVERDUE, fill=True)]
    return "\n\n".join(parts) + "\n"


def _table(facts: Facts, items: list[Obligation], src: str, fill: bool = False) -> str:
    rows = []
    for o in items:
        row = [
            fmt.link(facts.unit_name(o.unit), src, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.link(fmt.period_zh(o.kind, o.period), src, fmt.period_page(o.period)),
            fmt.date_zh(o.due),
            fmt.badge(o),
        ]
        rows.append([*row, fill_cell(facts, o, src)] if fill else row)
    headers = ["单位", "报送事项", "期间", "截止日期", "状态"]
    return fmt.table([*headers, "填报"] if fill else headers, rows)


def assessment(facts: Facts, items: list[UnitScore], src: str) -> str:
    """考核: per unit, obligations due, on time, late, overdue, on-time rate, 一票否优."""
    rows = [
        [
            str(i),
            fmt.link(facts.unit_name(s.unit), src, fmt.unit_page(s.unit)),
            str(s.assessed),
            str(s.on_time),
            str(s.late),
            str(s.overdue),
            fmt.percent(s.on_time_rate),
            "" if s.spotless else "是",
        ]
        for i, s in enumerate(items, 1)
    ]
    return fmt.table(["序号", "单位", "应报", "按时", "迟报", "逾期", "按时率", "一票否优"], rows)


def index(facts: Facts) -> str:
    parts = ["# 通报与考核"]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无通报。"]) + "\n"
    months = due_months(facts)
    items = [f"- {fmt.link(_title(m), INDEX, fmt.bulletin_page(m))}" for m in reversed(months)]
    parts += ["## 月度通报", "\n".join(items) or "尚无到期的月报。"]
    parts += [
        f"## {facts.plan.year}年度考核（截至{fmt.date_zh(facts.as_of)}）",
        "统计范围：本年度已到截止日期的全部报送事项（月报、季度学习、年度工作要点备案、年度工作总结）。" + VETO_NOTE,
        assessment(facts, scores(facts), INDEX),
    ]
    return "\n\n".join(parts) + "\n"


def _title(month: str) -> str:
    return f"关于{fmt.period_zh('monthly', month)}工作台账报送情况的通报"


def bulletin(facts: Facts, month: str) -> str:
    src = fmt.bulletin_page(month)
    owed = facts.owed_by_period.get(("monthly", month), [])
    counts = tally(owed)
    due = max((o.due for o in owed), default=facts.as_of)
    rule = facts.plan.rule("monthly")
    who = "、".join(facts.ledger.groups[g].name for g in (rule.who if rule else ()) if g in facts.ledger.groups)
    late = [o.unit for o in owed if o.status == "late"]
    missing = [o.unit for o in owed if o.status == "overdue"]
    on_time = [o.unit for o in owed if o.status == "on_time"]
    parts = [
        f"# {escape.heading(_title(month))}",
        f"{escape.inline(who)}：" if who else "",
        f"根据《{escape.inline(facts.plan.title)}》（{escape.inline(facts.plan.document_number)}）要求，"
        f"{fmt.period_zh('monthly', month)}任务进展情况应于{fmt.date_zh(due)}前报送。"
        f"截至{fmt.date_zh(facts.as_of)}，应报 {len(owed)} 个单位，按时报送 {counts['on_time']} 个，"
        f"迟报 {counts['late']} 个，逾期未报 {counts['overdue']} 个。",
        f"**按时报送**：{fmt.names(facts, on_time, src)}",
        f"**迟报**：{_with_days(facts, owed, 'late', src)}" if late else "",
        f"**逾期未报**：{_with_days(facts, owed, 'overdue', src)}" if missing else "",
        "请逾期未报的单位尽快补报，迟报单位严格落实报送时限。" if late or missing else "",
        f"## 考核情况（截至本期，{facts.plan.year}年度累计）",
        VETO_NOTE,
        assessment(facts, _scores_through(facts, due), src),
        f"详见{fmt.link(fmt.period_zh('monthly', month), src, fmt.period_page(month))}报送情况。",
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _with_days(facts: Facts, owed: list[Obligation], status: str, src: str) -> str:
    return "、".join(
        f"{fmt.link(facts.unit_name(o.unit), src, fmt.unit_page(o.unit))}（{o.days_late} 天）"
        for o in owed
        if o.status == status
    )


def _scores_through(facts: Facts, due: dt.date) -> list[UnitScore]:
    """The year's tally over obligations due on or before this bulletin's deadline."""
    return scores(facts, [o for o in facts.obligations if o.due <= due])
