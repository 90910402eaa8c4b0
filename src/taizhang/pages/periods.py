"""报送期间: one page per month, quarter and year — every report received and who is missing."""

from __future__ import annotations

from taizhang import escape
from taizhang.model import Obligation
from taizhang.pages import fmt, issue
from taizhang.pages.facts import Archive, Facts, beijing, months, quarters, tally
from taizhang.timing import notes_zh

INDEX = "periods/index.md"


def pages(archive: Archive) -> dict[str, str]:
    """The index of every plan's periods, and each period's page (period keys never repeat across plans)."""
    out = {INDEX: index(archive)}
    for facts in archive.plans:
        out.update(plan_pages(facts))
    return out


def plan_pages(facts: Facts) -> dict[str, str]:
    out = {}
    for month in months(facts):
        out[fmt.period_page(month)] = month_page(facts, month)
    for quarter in quarters(facts):
        out[fmt.period_page(quarter)] = quarter_page(facts, quarter)
    year = str(facts.plan.year)
    out[fmt.period_page(year)] = year_page(facts, year)
    return out


def all_periods(facts: Facts) -> list[tuple[str, str]]:
    """(period, kind shown there) for every period page, in reading order."""
    return [(str(facts.plan.year), "annual"), *((m, "monthly") for m in months(facts))] + [
        (q, "quarterly_study") for q in quarters(facts)
    ]


def index(archive: Archive) -> str:
    parts = ["# 报送期间"]
    for facts in archive.plans:
        if len(archive.plans) > 1:
            parts.append(f"## {escape.heading(facts.plan.title)}{'' if facts.current else '（往年）'}")
        parts.append(_periods_table(facts))
    return "\n\n".join(parts) + "\n"


def _periods_table(facts: Facts) -> str:
    rows = []
    for period, kind in all_periods(facts):
        kinds = ("annual_plan", "annual_summary") if kind == "annual" else (kind,)
        owed = [o for k in kinds for o in facts.owed_by_period.get((k, period), [])]
        counts = tally(owed)
        received = sum(len(facts.sent.get((k, period), ())) for k in kinds)
        label = fmt.period_zh(kind, period)
        rows.append(
            [
                fmt.link(label, INDEX, fmt.period_page(period)),
                "、".join(fmt.KIND_SHORT[k] for k in kinds),
                str(len(owed)) if owed else "—",
                str(received),
                str(counts["overdue"]),
            ]
        )
    return fmt.table(["期间", "报送事项", "应报", "已收到报告", "逾期"], rows)


def month_page(facts: Facts, month: str) -> str:
    src = fmt.period_page(month)
    parts = [f"# {fmt.period_zh('monthly', month)}", *fmt.archived(facts, src), *_roster(facts, "monthly", month, src)]
    return "\n\n".join(parts) + "\n"


def year_page(facts: Facts, year: str) -> str:
    src = fmt.period_page(year)
    parts = [f"# {year}年度", *fmt.archived(facts, src)]
    for kind in ("annual_plan", "annual_summary"):
        parts += [f"## {fmt.kind_zh(kind)}", *_roster(facts, kind, year, src)]
    return "\n\n".join(parts) + "\n"


def quarter_page(facts: Facts, quarter: str) -> str:
    """中心组季度学习: met through the study sessions recorded in the quarter's monthly reports."""
    src = fmt.period_page(quarter)
    first = (int(quarter[-1]) - 1) * 3 + 1
    in_quarter = [f"{quarter[:4]}-{m:02d}" for m in range(first, first + 3)]
    parts = [
        f"# {fmt.period_zh('quarterly_study', quarter)}",
        *fmt.archived(facts, src),
        "中心组学习情况随本季度各月月报报送（每季度至少学习 1 次）。",
    ]
    owed = facts.owed_by_period.get(("quarterly_study", quarter), [])
    units = [o.unit for o in owed] or [u for u in facts.ledger.owes(facts.plan, "quarterly_study")]
    rows = []
    for unit_id in units:
        sessions = []
        for month in in_quarter:
            report = facts.reports.get(("monthly", unit_id, month))
            for s in (report.data.get("study_sessions") or []) if report else []:
                if isinstance(s, dict):
                    target = fmt.rel(src, fmt.unit_page(unit_id), fmt.anchor("monthly", month))
                    sessions.append(f"[{escape.inline(s.get('date', month))}]({target})")
        o = facts.owed.get(("quarterly_study", unit_id, quarter))
        rows.append(
            [fmt.link(facts.unit_name(unit_id), src, fmt.unit_page(unit_id)), fmt.badge(o), "、".join(sessions)]
        )
    parts.append(fmt.table(["单位", "状态", "学习记录"], rows) if rows else "本季度没有学习要求。")
    return "\n\n".join(parts) + "\n"


def _roster(facts: Facts, kind: str, period: str, src: str) -> list[str]:
    owed = facts.owed_by_period.get((kind, period), [])
    due = sorted({o.due for o in owed})
    counts = tally(owed)
    received = set(facts.sent.get((kind, period), ()))
    units = [o.unit for o in owed] or list(facts.ledger.owes(facts.plan, kind))
    units += sorted(received - set(units))
    out = []
    if due:
        out.append(f"截止日期：{'、'.join(fmt.date_zh(d) for d in due)}（北京时间当日 24 时前）")
    if owed:
        out.append(
            f"应报 {len(owed)} 个单位：已报 {counts['on_time'] + counts['late']}"
            f"（按时 {counts['on_time']}，迟报 {counts['late']}），逾期未报 {counts['overdue']}，未到期 {counts['pending']}。"
        )
    if kind == "monthly" and period in issue.issued_months(facts):
        out.append(f"本月报送情况已形成{fmt.link('通报', src, fmt.bulletin_page(period))}。")
    rows = [_row(facts, kind, period, unit, src) for unit in units]
    out.append(fmt.table(["单位", "状态", "报送时间", "报告"], rows) if rows else "本期没有报送要求。")
    missing = [unit for unit in units if unit not in received]
    if missing:
        out.append(f"**尚未报送（{len(missing)}）**：{fmt.names(facts, missing, src)}")
    return out


def _row(facts: Facts, kind: str, period: str, unit: str, src: str) -> list[str]:
    o: Obligation | None = facts.owed.get((kind, unit, period))
    report = facts.reports.get((kind, unit, period))
    when = beijing(o.submitted_at) if o is not None else ""
    if o is not None and o.via == "receipt" and o.submitted_at is not None:
        when += "（线下报送登记）"
    when += escape.inline(notes_zh(o)) if o is not None else ""
    view = fmt.link("查看", src, fmt.unit_page(unit), fmt.anchor(kind, period)) if report else ""
    status = fmt.badge(o) if o is not None else ("已报送" if report else "—")
    return [fmt.link(facts.unit_name(unit), src, fmt.unit_page(unit)), status, when, view]
