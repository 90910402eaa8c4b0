"""首页: the plan, the as-of date, the headline figures and a status light per task.

An earlier plan gets the same front page at plans/<key>/index.md, and the archive (往年工作要点,
plans/index.md) lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.charts import figure
from taizhang.site.pages.facts import Archive, Facts, current_month, rate, tally
from taizhang.site.pages.tasks import overview
from taizhang.tracking import kinds

SRC = "index.md"  # the current plan's front page is the site's home


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
    owed_now = facts.owed_by_period.get((kinds.MONTHLY, month), []) if month else []
    owing = {o.unit for o in owed_now} or (set(ledger.owes(plan, kinds.MONTHLY)) if month else set())
    received = len(set(facts.sent.get((kinds.MONTHLY, month), ())) & owing) if month else 0
    counts = tally(facts.obligations)
    return Headline(len(tasks), len(involved), month, received, len(owing), rate(counts), counts["overdue"])


def page(facts: Facts, archive: Archive | None = None) -> str:
    """The plan's front page; for the current plan (the site's home), with the earlier plans listed."""
    plan = facts.plan
    src = fmt.plan_home(facts)
    h = headline(facts)
    month = kinds.period_zh(h.month) if h.month else "本期"
    figures = [
        ("重点任务", f"{h.tasks} 项", fmt.tasks_index(facts)),
        ("涉及单位", f"{h.units} 个", "units/index.md"),
        (f"{month}月报已收到", f"{h.received} / {h.owed}", fmt.period_page(h.month) if h.month else "periods/index.md"),
        ("按时率", fmt.percent(h.on_time_rate) if facts.computed else "—", fmt.assessment_page(facts)),
        ("逾期未报", f"{h.overdue} 项" if facts.computed else "—", "overdue.md"),
    ]
    cards = "\n".join(
        f'<div class="tz-figure" markdown>\n<span class="tz-figure-label">{label}</span>\n\n'
        f"[{value}]({fmt.rel(src, target)}){{ .tz-figure-value }}\n</div>"
        for label, value, target in figures
    )
    parts = [
        f"# {escape.heading(plan.title)}",
        *fmt.archived(facts, src),
        f"{escape.inline(plan.issuer)} · {escape.inline(plan.document_number)} · "
        f"{fmt.date_zh(plan.issued)}印发 · 数据截至 **{fmt.date_zh(facts.as_of)}**",
    ]
    if facts.config.note:
        parts.append(f'!!! warning "注意"\n\n    {escape.inline(facts.config.note)}')
    parts += [f'<div class="tz-figures" markdown>\n{cards}\n</div>', "## 各项任务进展", overview(facts, src)]
    if facts.computed:
        parts += ["## 各月按时率", figure(fmt.chart_file(facts, "ontime-by-month"), "各月月报按时率柱状图", src)]
        parts.append(
            f"数据见{fmt.link('统计图表', src, fmt.stats_page(facts))}；"
            f"各单位情况见{fmt.link('通报与考核', src, fmt.assessment_page(facts))}。"
        )
    if archive is not None and archive.earlier:
        earlier = "、".join(fmt.link(f"《{f.plan.title}》", src, fmt.plan_home(f)) for f in archive.earlier)
        parts.append(f"往年工作要点：{earlier}（{fmt.link('全部', src, fmt.ARCHIVE)}）。")
    sample = sum(1 for r in facts.reports.values() if r.sample)
    if sample:
        parts.append(f"*本站目前有 {sample} 份报告为演示用示例数据（标有“【示例数据】”）。*")
    return "\n\n".join(parts) + "\n"


def archive_page(archive: Archive) -> str:
    """往年工作要点: every earlier plan, with its figures and where to find its pages."""
    src = fmt.ARCHIVE
    current = archive.current.plan
    parts = [
        "# 往年工作要点",
        f"当前的工作要点是{fmt.link('《' + current.title + '》', src, 'index.md')}。"
        "往年工作要点的任务、报送情况、通报和考核都保留在本站，可随时查阅；各单位页面列有历年的报送情况和报告。",
    ]
    rows = []
    for facts in archive.earlier:
        h = headline(facts)
        rows.append(
            [
                fmt.link(facts.plan.title, src, fmt.plan_home(facts)),
                escape.inline(facts.plan.document_number),
                fmt.date_zh(facts.plan.issued),
                fmt.link(f"{h.tasks} 项", src, fmt.tasks_index(facts)),
                fmt.percent(h.on_time_rate) if facts.computed else "—",
                fmt.link("通报与考核", src, fmt.assessment_page(facts)),
            ]
        )
    parts.append(
        fmt.table(["工作要点", "文号", "印发日期", "重点任务", "按时率", "通报与考核"], rows)
        if rows
        else "暂无往年工作要点。"
    )
    return "\n\n".join(parts) + "\n"
