"""报送期间: one page per month, quarter and year — every report received and who is missing."""

from __future__ import annotations

import datetime as dt

from taizhang.data.model import Obligation
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import bulletin, fmt, issue
from taizhang.site.pages.facts import Archive, Facts, beijing, months, tally
from taizhang.tracking import kinds, obligations
from taizhang.tracking.timing import notes_zh

INDEX = "periods/index.md"


def pages(archive: Archive) -> dict[str, str]:
    """The index of every plan's periods, and each period's page (period keys never repeat across plans)."""
    out = {INDEX: index(archive)}
    for facts in archive.plans:
        out.update(plan_pages(facts))
    return out


def plan_pages(facts: Facts) -> dict[str, str]:
    return {fmt.period_page(period): period_page(facts, period, shown) for period, shown in all_periods(facts)}


_CADENCE_ORDER = ("year", "month", "quarter", "half_year", "once")


def all_periods(facts: Facts) -> list[tuple[str, tuple[str, ...]]]:
    """(period, kinds reported for it) for every period page, in reading order: the year, its months,
    then quarters, half-years and one-off dates as the plan's rules ask for them."""
    found: dict[str, list[str]] = {str(facts.plan.year): [], **{m: [] for m in months(facts)}}
    for rule in sorted(facts.plan.rules, key=lambda r: kinds.order(r.kind)):
        for period in obligations.periods(facts.plan, rule):
            found.setdefault(period.text, []).append(rule.kind)

    def key(period: str) -> tuple[int, tuple[dt.date, dt.date]]:
        parsed = kinds.Period.of(period)
        return _CADENCE_ORDER.index(parsed.cadence), parsed.sort_key()

    return [(period, tuple(found[period])) for period in sorted(found, key=key)]


def index(archive: Archive) -> str:
    parts = ["# 报送期间"]
    for facts in archive.plans:
        if len(archive.plans) > 1:
            parts.append(f"## {escape.heading(facts.plan.title)}{'' if facts.current else '（往年）'}")
        parts.append(_periods_table(facts))
    return "\n\n".join(parts) + "\n"


def _periods_table(facts: Facts) -> str:
    rows = []
    for period, shown in all_periods(facts):
        owed = [o for k in shown for o in facts.owed_by_period.get((k, period), [])]
        counts = tally(owed)
        received = sum(len(facts.sent.get((k, period), ())) for k in shown)
        label = kinds.period_zh(period)
        rows.append(
            [
                fmt.link(label, INDEX, fmt.period_page(period)),
                "、".join(fmt.kind_short(k) for k in shown),
                str(len(owed)) if owed else "—",
                str(received),
                str(counts["overdue"]),
            ]
        )
    return fmt.table(["期间", "报送事项", "应报", "已收到报告", "逾期"], rows)


def period_page(facts: Facts, period: str, shown: tuple[str, ...]) -> str:
    """One period: each kind reported for it, under its own heading when there are several."""
    src = fmt.period_page(period)
    parts = [f"# {kinds.period_zh(period)}", *fmt.archived(facts, src)]
    for kind in shown:
        if len(shown) > 1:
            parts.append(f"## {fmt.kind_zh(kind)}")
        known = kinds.get(kind)
        if known is not None and known.counted_in is not None:
            parts += _study(facts, known, period, src)
        else:
            parts += _roster(facts, kind, period, src)
    if not shown:
        parts += _roster(facts, "", period, src)
    if links.period_workbook(period) in facts.config.office:
        parts.append(f"下载：{fmt.link('本月台账（Excel）', src, links.period_workbook(period))}")
    return "\n\n".join(parts) + "\n"


def _study(facts: Facts, kind: kinds.Kind, period: str, src: str) -> list[str]:
    """中心组季度学习: met through the study sessions recorded in the period's monthly reports."""
    carrier = kind.counted_in or ""
    rule = facts.plan.rule(kind.name)
    needed = rule.min_sessions if rule else 1
    parts = [f"中心组学习情况随本季度各月月报报送（每季度至少学习 {needed} 次）。"]
    owed = facts.owed_by_period.get((kind.name, period), [])
    units = [o.unit for o in owed] or list(facts.ledger.owes(facts.plan, kind.name))
    rows = []
    met = []  # on time, with its sessions: one list rather than a row each (most of 1,000 rows at province)
    for unit_id in units:
        sessions = []
        for month in kinds.Period.of(period, kind.cadence).months():
            report = facts.reports.get((carrier, unit_id, month))
            for s in (report.data.get("study_sessions") or []) if report else []:
                if isinstance(s, dict):
                    target = fmt.rel(src, fmt.unit_page(unit_id), fmt.anchor(carrier, month))
                    sessions.append(f"[{escape.inline(s.get('date', month))}]({target})")
        o = facts.owed.get((kind.name, unit_id, period))
        if o is not None and o.status == "on_time" and sessions:
            met.append(f"{escape.inline(facts.unit_name(unit_id))}（{'、'.join(sessions)}）")
            continue
        rows.append(
            [fmt.link(facts.unit_name(unit_id), src, fmt.unit_page(unit_id)), fmt.badge(o), "、".join(sessions)]
        )
    if rows or not met:
        parts.append(fmt.unsearched(fmt.table(["单位", "状态", "学习记录"], rows)) if rows else "本季度没有学习要求。")
    if met:
        parts.append(
            fmt.unsearched(
                f'<span class="tz-badge tz-on_time">按时</span> **按时完成（{len(met)}）**：'
                f"括号内为学习日期，链接到记载它的月报。{'、'.join(met)}"
            )
        )
    return parts


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
            f"（按时 {counts['on_time']}，迟报 {counts['late']}），逾期未报 {counts['overdue']}，未到期 {counts['pending']}"
            + _unsettled(counts)
            + "。"
        )
    if kind == kinds.MONTHLY and period in issue.issued_months(facts):
        out.append(f"本月报送情况已形成{fmt.link('通报', src, fmt.bulletin_page(period))}。")
    on_time = [unit for unit in units if _on_time(facts, kind, period, unit)]
    listed = set(on_time)
    rows = [_row(facts, kind, period, unit, src) for unit in units if unit not in listed]
    if rows or not on_time:
        out.append(
            fmt.unsearched(fmt.table(["单位", "状态", "报送时间", "报告"], rows)) if rows else "本期没有报送要求。"
        )
    if on_time:
        out.append(fmt.unsearched(_on_time_list(facts, kind, period, on_time, src)))
    missing = [unit for unit in units if not _counted(facts.owed.get((kind, unit, period)), unit in received)]
    if missing:
        out.append(f"**尚未报送（{len(missing)}）**：{fmt.names(facts, missing, src)}")
    return out


def _row(facts: Facts, kind: str, period: str, unit: str, src: str) -> list[str]:
    o: Obligation | None = facts.owed.get((kind, unit, period))
    report = facts.reports.get((kind, unit, period))
    when = _when(o) if o is not None else ""
    view = fmt.link("查看", src, fmt.unit_page(unit), fmt.anchor(kind, period)) if report else ""
    status = fmt.badge(o) if o is not None else ("已报送" if report else "—")
    return [fmt.link(facts.unit_name(unit), src, fmt.unit_page(unit)), status, when, view]


def _when(o: Obligation) -> str:
    """When the report was handed in (Beijing time), how (线下报送登记) and the timing notes."""
    offline = "（线下报送登记）" if o.via == "receipt" and o.submitted_at is not None else ""
    return beijing(o.submitted_at) + offline + escape.inline(notes_zh(o))


def _on_time(facts: Facts, kind: str, period: str, unit: str) -> bool:
    o = facts.owed.get((kind, unit, period))
    return o is not None and o.status == "on_time" and (kind, unit, period) in facts.reports


def _on_time_list(facts: Facts, kind: str, period: str, units: list[str], src: str) -> str:
    """The on-time reports as one list rather than a row each (at province scale most of 1,000 rows):
    each unit's name opens its report, followed by when it was submitted."""
    items = []
    for unit in units:
        when = _when(facts.owed[(kind, unit, period)])
        items.append((fmt.link(facts.unit_name(unit), src, fmt.unit_page(unit), fmt.anchor(kind, period)), when))
    return (
        f'<span class="tz-badge tz-on_time">按时</span> **按时报送（{len(units)}）**：'
        f"单位名称链接到报告，括号内为报送时间。{bulletin.by_runs(items)}"
    )


def _counted(o: Obligation | None, received: bool) -> bool:
    """Whether the unit has submitted, as status says: a report that needs revision or was returned has not."""
    return received if o is None else o.status in ("on_time", "late")


def _unsettled(counts: dict[str, int]) -> str:
    """需修改 and 退回, when there are any (landed, but not counted as submitted)."""
    parts = [
        f"{name} {counts[key]}" for key, name in (("needs_revision", "需修改"), ("returned", "退回")) if counts.get(key)
    ]
    return "，" + "，".join(parts) if parts else ""
