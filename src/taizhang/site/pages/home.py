"""首页: the plan, the as-of date, the headline figures and a status light per task.

An earlier plan gets the same front page at plans/<key>/index.md, and the archive (往年工作要点,
plans/index.md) lists them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from taizhang.data.model import Obligation
from taizhang.site import escape
from taizhang.site.pages import fmt, glance, strip, totals
from taizhang.site.pages.charts import figure
from taizhang.site.pages.facts import BEIJING, Archive, Facts, beijing
from taizhang.site.pages.glance import headline
from taizhang.site.pages.tasks import legend_of, overview

SRC = "index.md"  # the current plan's front page is the site's home


def page(facts: Facts, archive: Archive | None = None) -> str:
    """The plan's front page; for the current plan (the site's home), with the earlier plans listed."""
    plan = facts.plan
    src = fmt.plan_home(facts)
    updated = last_updated(archive.obligations() if archive else facts.obligations, facts.as_of)
    parts = [
        f"# {escape.heading(plan.title)}",
        *fmt.archived(facts, src),
        f"{escape.inline(plan.issuer)} · {escape.inline(plan.document_number)} · "
        f"{fmt.date_zh(plan.issued)}印发 · 数据截至 **{fmt.date_zh(facts.as_of)}**"
        + (f' · <span class="tz-updated">数据更新于 {beijing(updated)}</span>' if updated else ""),
    ]
    if facts.config.note:
        parts.append(f'!!! warning "注意"\n\n    {escape.inline(facts.config.note)}')
    parts += [glance.cards(facts, src), "## 各项任务进展", legend_of(facts), overview(facts, src)]
    found = totals.section(facts, src)
    parts += ["## 数据指标合计 { data-search-exclude }", *found] if found else []  # sources grow with reports
    if facts.computed:
        if facts.current:  # an earlier year's period pages and 通报 carry who reported when
            parts += glance.latest(facts, src)
            parts += strip.strips(archive, src) if archive is not None else []
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


def last_updated(obligations: Iterable[Obligation], as_of: dt.date) -> dt.datetime | None:
    """When the data last changed: the latest landing or amendment on main by the end of `as_of`."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), BEIJING)
    moments = [m for o in obligations for m in (o.submitted_at, *o.amended) if m is not None and m < end]
    return max(moments, default=None)


def archive_page(archive: Archive) -> str:
    """往年工作要点: every earlier plan, with its figures and where to find its pages."""
    src = fmt.ARCHIVE
    current = archive.current.plan
    parts = [
        "# 往年工作要点",
        f"当前的工作要点是{fmt.link('《' + current.title + '》', src, 'index.md')}。"
        "往年工作要点的任务、报送情况、通报和考核都保留在本站，可随时查阅；各单位页面列有历年的报送情况，"
        f"往年报告的全文在{fmt.link('下载', src, 'downloads.md')}中各年度的数据压缩包里。",
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
