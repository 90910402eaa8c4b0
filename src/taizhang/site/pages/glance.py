"""首页一览: the headline cards (each with its scope and trend) and 本月新增进展 — with each unit's
12-month strip (strip.py), what a visitor needs to answer "how is it going" in five seconds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from taizhang.site import escape
from taizhang.site.pages import fmt, issue
from taizhang.site.pages.facts import Facts, current_month, due_months, rate, tally
from taizhang.tracking import kinds

LATEST_LINES = 10
LATEST_CHARS = 80


@dataclass(frozen=True)
class Headline:
    tasks: int
    units: int
    month: str | None  # the reporting month being collected
    received: int  # reports received for that month
    owed: int  # units owing that month's report
    on_time_rate: float | None  # over every obligation of the plan already due
    overdue: int
    assessed: int  # obligations already due (the on-time rate's scope)


def headline(facts: Facts) -> Headline:
    plan, ledger = facts.plan, facts.ledger
    tasks = facts.tasks
    involved = {u for t in tasks for ids in facts.roles(t).values() for u in ids}
    involved |= {u for rule in plan.rules for u in ledger.expand(rule.who)}
    month = current_month(plan, facts.as_of)
    owed_now = facts.owed_by_period.get((kinds.MONTHLY, month), []) if month else []
    owing = {o.unit for o in owed_now} or (set(ledger.owes(plan, kinds.MONTHLY)) if month else set())
    received = len(set(facts.sent.get((kinds.MONTHLY, month), ())) & owing) if month else 0
    counts = tally(facts.obligations)
    assessed = counts["on_time"] + counts["late"] + counts["overdue"]
    return Headline(len(tasks), len(involved), month, received, len(owing), rate(counts), counts["overdue"], assessed)


def month_rate(facts: Facts, month: str) -> float | None:
    return rate(tally(facts.owed_by_period.get((kinds.MONTHLY, month), [])))


def trend(now: float | None, before: float | None, label: str) -> str:
    """较8月上升 2.1 个百分点 — in words as well as an arrow, so colour and symbols are not needed."""
    if now is None or before is None:
        return ""
    points = round((now - before) * 100, 1)
    if points == 0:
        return f"与{label}持平"
    word, arrow = ("上升", "↑") if points > 0 else ("下降", "↓")
    return f"{arrow} 较{label}{word} {abs(points):.1f} 个百分点"


def cards(facts: Facts, src: str) -> str:
    h = headline(facts)
    month = fmt.period_zh(kinds.MONTHLY, h.month) if h.month else "本期"
    due = due_months(facts)
    figures = [
        ("重点任务", f"{h.tasks} 项", fmt.tasks_index(facts), "工作要点中的末级任务", ""),
        ("涉及单位", f"{h.units} 个", "units/index.md", "有任务分工或报送义务的单位", ""),
        (
            f"{month}月报已收到",
            f"{h.received} / {h.owed}",
            fmt.period_page(h.month) if h.month else "periods/index.md",
            f"已报送{month}月报的单位 / 应报单位",
            "",
        ),
    ]
    if due and facts.computed:
        last = due[-1]
        before = due[-2] if len(due) > 1 else None
        name = fmt.period_zh(kinds.MONTHLY, last)
        figures.append(
            (
                f"{name}月报按时率",
                fmt.percent(month_rate(facts, last)),
                fmt.bulletin_page(last) if last in issue.issued_months(facts) else fmt.period_page(last),
                f"范围：{name}月报，已到截止日期的应报单位",
                trend(month_rate(facts, last), month_rate(facts, before), f"{int(before[5:])}月") if before else "",
            )
        )
    figures += [
        (
            "全年按时率",
            fmt.percent(h.on_time_rate) if facts.computed else "—",
            fmt.assessment_page(facts),
            f"范围：{facts.plan.year}年度已到截止日期的全部 {h.assessed} 项报送（月报、季度学习、年度备案和总结）",
            "",
        ),
        (
            "逾期未报",
            f"{h.overdue} 项" if facts.computed else "—",
            "overdue.md",
            f"截至{fmt.date_zh(facts.as_of)}已过截止日期仍未报送",
            "",
        ),
    ]
    return (
        '<div class="tz-figures" markdown>\n'
        + "\n".join(
            _card(label, value, fmt.rel(src, target), scope, change) for label, value, target, scope, change in figures
        )
        + "\n</div>"
    )


def _card(label: str, value: str, href: str, scope: str, change: str) -> str:
    lines = [
        '<div class="tz-figure" markdown>',
        f'<span class="tz-figure-label">{label}</span>',
        "",
        f"[{value}]({href}){{ .tz-figure-value }}",
        "",
        f'<span class="tz-figure-scope">{scope}</span>',
    ]
    if change:
        lines.append(f'<span class="tz-figure-trend">{change}</span>')
    return "\n".join([*lines, "</div>"])


def latest(facts: Facts, src: str) -> list[str]:
    """本月新增进展: the progress lines of the monthly reports that landed most recently."""
    landed = [
        (o.submitted_at, r)
        for r in facts.reports.values()
        if r.kind == kinds.MONTHLY and (o := facts.obligation(r)) is not None and o.submitted_at is not None
    ]
    landed.sort(key=lambda pair: pair[0], reverse=True)
    since = facts.as_of - dt.timedelta(days=31)
    recent = [(when, r) for when, r in landed if when.date() > since] or landed[:3]
    tasks = facts.ledger.tasks.get(facts.plan.key, {})
    lines: list[str] = []
    for when, report in recent:
        for task_id, entry in report.entries.items():
            task = tasks.get(task_id)
            if task is None or not isinstance(entry, dict) or len(lines) >= LATEST_LINES:
                continue
            text = str(entry.get("progress", ""))
            short = text if len(text) <= LATEST_CHARS else text[: LATEST_CHARS - 1] + "…"
            where = fmt.rel(src, fmt.unit_page(report.unit), fmt.anchor(kinds.MONTHLY, report.period))
            lines.append(
                f"- **{escape.inline(facts.unit_name(report.unit))}**"
                f"（[{fmt.period_zh(kinds.MONTHLY, report.period)}]({where})，{when.date().month}月{when.date().day}日报送）"
                f" {fmt.link(f'{task.number} {task.title}', src, fmt.task_page(facts, task.id))}"
                f"：{escape.inline(str(entry.get('status', '')))}。{escape.inline(short)}"
            )
    if not lines:
        return ["## 本月新增进展 { data-search-exclude }", "近一个月没有新报送的进展。"]
    intro = (
        f"最近一个月（截至{fmt.date_zh(facts.as_of)}）报送的月报中的进展，按报送时间从新到旧，最多 {LATEST_LINES} 条。"
    )
    return ["## 本月新增进展 { data-search-exclude }", intro, "\n".join(lines)]
