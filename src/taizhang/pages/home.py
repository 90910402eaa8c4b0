"""首页: the plan, the as-of date, the headline figures and a status light per task."""

from __future__ import annotations

from dataclasses import dataclass

from taizhang import escape
from taizhang.pages import fmt
from taizhang.pages.charts import figure
from taizhang.pages.facts import Facts, current_month, rate, tally
from taizhang.pages.tasks import overview

SRC = "index.md"


@dataclass(frozen=True)
class Headline:
    tasks: int
    units: int
    month: str | None  # the reporting month being collected
    received: int  # reports received for that month
    owed: int  # units owing that month's report
    on_time_rate: float | None  # over every obligation of the plan already due
    overdue: int


def headline(facts: Facts) -> Headline:
    plan, ledger = facts.plan, facts.ledger
    tasks = facts.tasks
    involved = {u for t in tasks for ids in facts.roles(t).values() for u in ids}
    involved |= {u for rule in plan.rules for u in ledger.expand(rule.who)}
    month = current_month(plan, facts.as_of)
    owed_now = facts.owed_by_period.get(("monthly", month), []) if month else []
    owing = {o.unit for o in owed_now} or (set(ledger.owes(plan, "monthly")) if month else set())
    received = len(set(facts.sent.get(("monthly", month), ())) & owing) if month else 0
    counts = tally(facts.obligations)
    return Headline(len(tasks), len(involved), month, received, len(owing), rate(counts), counts["overdue"])


def page(facts: Facts) -> str:
    plan = facts.plan
    h = headline(facts)
    month = fmt.period_zh("monthly", h.month) if h.month else "本期"
    figures = [
        ("重点任务", f"{h.tasks} 项", "tasks/index.md"),
        ("涉及单位", f"{h.units} 个", "units/index.md"),
        (f"{month}月报已收到", f"{h.received} / {h.owed}", fmt.period_page(h.month) if h.month else "periods/index.md"),
        ("按时率", fmt.percent(h.on_time_rate) if facts.computed else "—", "bulletins/index.md"),
        ("逾期未报", f"{h.overdue} 项" if facts.computed else "—", "overdue.md"),
    ]
    cards = "\n".join(
        f'<div class="tz-figure" markdown>\n<span class="tz-figure-label">{label}</span>\n\n'
        f"[{value}]({fmt.rel(SRC, target)}){{ .tz-figure-value }}\n</div>"
        for label, value, target in figures
    )
    parts = [
        f"# {escape.heading(plan.title)}",
        f"{escape.inline(plan.issuer)} · {escape.inline(plan.document_number)} · "
        f"{fmt.date_zh(plan.issued)}印发 · 数据截至 **{fmt.date_zh(facts.as_of)}**",
    ]
    if facts.config.note:
        parts.append(f'!!! warning "注意"\n\n    {escape.inline(facts.config.note)}')
    parts += [f'<div class="tz-figures" markdown>\n{cards}\n</div>', "## 各项任务进展", overview(facts, SRC)]
    if facts.computed:
        parts += ["## 各月按时率", figure("charts/ontime-by-month.svg", "各月月报按时率柱状图", SRC)]
        parts.append(
            f"数据见{fmt.link('统计图表', SRC, 'stats.md')}；各单位情况见{fmt.link('通报与考核', SRC, 'bulletins/index.md')}。"
        )
    sample = sum(1 for r in facts.reports.values() if r.sample)
    if sample:
        parts.append(f"*本站目前有 {sample} 份报告为演示用示例数据（标有“【示例数据】”）。*")
    return "\n\n".join(parts) + "\n"
