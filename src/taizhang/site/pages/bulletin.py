"""逾期 and 通报: who is overdue now, and the monthly bulletin with the assessment table (考核)."""

from __future__ import annotations

import datetime as dt

from taizhang.data.model import Obligation
from taizhang.site import escape
from taizhang.site.pages import fmt, reviewed
from taizhang.site.pages.facts import Archive, Facts, due_months, scores, tally
from taizhang.site.pages.submit import fill_cell
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore

OVERDUE = "overdue.md"
INDEX = "bulletins/index.md"
VETO_NOTE = "一票否优：有迟报或逾期未报事项的单位，标“是”，不得评为优秀。"


def pages(archive: Archive) -> dict[str, str]:
    """逾期 (every plan's), the current year's bulletins and assessment, each earlier year's, and
    one bulletin per month that has fallen due."""
    out = {OVERDUE: overdue(archive), INDEX: index(archive)}
    for facts in archive.plans:
        if not facts.current:
            out[fmt.assessment_page(facts)] = year_page(facts)
        for month in due_months(facts):
            out[fmt.bulletin_page(month)] = bulletin(facts, month)
    return out


def overdue(archive: Archive) -> str:
    scope = "（含往年工作要点的事项）" if archive.earlier else ""
    parts = ["# 逾期", f"截至{fmt.date_zh(archive.as_of)}，已过截止日期仍未报送的事项{scope}。"]
    if not archive.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无逾期清单。"]) + "\n"
    owed = archive.obligations()
    late = sorted((o for o in owed if o.status == "overdue"), key=lambda o: (-o.days_late, o.due, o.unit))
    parts.append(_table(archive, late, OVERDUE) if late else "目前没有逾期未报的事项。")
    parts.append(reviewed.unsettled(archive, OVERDUE))
    soon = [o for o in owed if o.status == "pending" and o.due_soon]
    if soon:
        parts += ["## 即将到期", _table(archive, soon, OVERDUE)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _table(archive: Archive, items: list[Obligation], src: str) -> str:
    rows = [
        [
            fmt.link(archive.current.unit_name(o.unit), src, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.link(fmt.period_zh(o.kind, o.period), src, fmt.period_page(o.period)),
            fmt.date_zh(o.due),
            fmt.badge(o),
            fill_cell(archive, o, src),
        ]
        for o in items
    ]
    return fmt.table(["单位", "报送事项", "期间", "截止日期", "状态", "填报"], rows)


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
            str(s.returned),
            str(s.resubmitted),
            f"{s.extended} 次 {s.extension_days} 天" if s.extended else "0",
            "" if s.spotless else "是",
        ]
        for i, s in enumerate(items, 1)
    ]
    headers = ["序号", "单位", "应报", "按时", "迟报", "逾期", "按时率", "退回", "补报", "延期", "一票否优"]
    return fmt.table(headers, rows)


def index(archive: Archive) -> str:
    facts = archive.current
    parts = ["# 通报与考核"]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无通报。"]) + "\n"
    parts += _year(facts, INDEX)
    if archive.earlier:
        items = [
            f"- {fmt.link(f'{f.plan.year}年度通报与考核', INDEX, fmt.assessment_page(f))}" for f in archive.earlier
        ]
        parts += ["## 往年通报与考核", "\n".join(items)]
    return "\n\n".join(parts) + "\n"


def year_page(facts: Facts) -> str:
    """An earlier plan year's bulletins and its assessment."""
    src = fmt.assessment_page(facts)
    parts = [f"# {facts.plan.year}年度通报与考核", *fmt.archived(facts, src)]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无通报。"]) + "\n"
    return "\n\n".join(parts + _year(facts, src)) + "\n"


def _year(facts: Facts, src: str) -> list[str]:
    """A plan year's monthly bulletins, newest first, and its assessment (考核) so far."""
    items = [f"- {fmt.link(_title(m), src, fmt.bulletin_page(m))}" for m in reversed(due_months(facts))]
    return [
        "## 月度通报",
        "\n".join(items) or "尚无到期的月报。",
        f"## {facts.plan.year}年度考核（截至{fmt.date_zh(facts.as_of)}）",
        "统计范围：本年度已到截止日期的全部报送事项（月报、季度学习、年度工作要点备案、年度工作总结）。" + VETO_NOTE,
        assessment(facts, scores(facts), src),
        reviewed.rules(facts),
    ]


def _title(month: str) -> str:
    return f"关于{kinds.period_zh(month)}工作台账报送情况的通报"


def bulletin(facts: Facts, month: str) -> str:
    src = fmt.bulletin_page(month)
    owed = facts.owed_by_period.get((kinds.MONTHLY, month), [])
    counts = tally(owed)
    due = max((o.due for o in owed), default=facts.as_of)
    rule = facts.plan.rule(kinds.MONTHLY)
    who = "、".join(facts.ledger.groups[g].name for g in (rule.who if rule else ()) if g in facts.ledger.groups)
    late = [o.unit for o in owed if o.status == "late"]
    missing = [o.unit for o in owed if o.status == "overdue"]
    on_time = [o.unit for o in owed if o.status == "on_time"]
    parts = [
        f"# {escape.heading(_title(month))}",
        *fmt.archived(facts, src),
        f"{escape.inline(who)}：" if who else "",
        f"根据《{escape.inline(facts.plan.title)}》（{escape.inline(facts.plan.document_number)}）要求，"
        f"{kinds.period_zh(month)}任务进展情况应于{fmt.date_zh(due)}前报送。"
        f"截至{fmt.date_zh(facts.as_of)}，应报 {len(owed)} 个单位，按时报送 {counts['on_time']} 个，"
        f"迟报 {counts['late']} 个，逾期未报 {counts['overdue']} 个。",
        f"**按时报送**：{fmt.names(facts, on_time, src)}",
        f"**迟报**：{_with_days(facts, owed, 'late', src)}" if late else "",
        f"**逾期未报**：{_with_days(facts, owed, 'overdue', src)}" if missing else "",
        *reviewed.tallies(facts, owed, src),
        "请逾期未报的单位尽快补报，迟报单位严格落实报送时限。" if late or missing else "",
        f"## 考核情况（截至本期，{facts.plan.year}年度累计）",
        VETO_NOTE,
        assessment(facts, _scores_through(facts, due), src),
        reviewed.rules(facts),
        f"详见{fmt.link(kinds.period_zh(month), src, fmt.period_page(month))}报送情况。",
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
