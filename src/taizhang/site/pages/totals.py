"""数据指标合计: reported figures added up per task, per unit and overall, with their sources.

The home page and each task page show the totals over the plan year; figures.csv and figures.json in
the year's data archive (downloads/data/<year>.zip), and the workbook's 数据指标 sheet for the current
year, hold every figure, matched or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from taizhang.host import links
from taizhang.site import escape, figures
from taizhang.site.figures import Figures, Item, Total
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Facts
from taizhang.tracking import kinds

SHOWN = 20  # units and source reports listed beside a total; the rest are counted
HEADERS = ["工作要点", "指标", "计量单位", "数值", "单位", "单位代码", "任务代码", "期间", "报告文件", "合并为", "说明"]


def of(facts: Facts, task_id: str | None = None) -> Figures:
    """The plan's figures (only those on `task_id` when given), matched and totalled (the plan's, once:
    shared, do not modify)."""
    if task_id is not None:
        return figures.total(i for i in _figure_items(facts) if i.task == task_id)
    if facts.figures is None:
        facts.figures = figures.total(_figure_items(facts))
    return facts.figures


def _figure_items(facts: Facts) -> list[Item]:
    if facts.figure_items is None:
        facts.figure_items = figures.items(facts.reports.values())
    return facts.figure_items


def by_task(facts: Facts) -> dict[str, Figures]:
    """Each task's figures, matched and totalled, reading the reports once."""
    grouped: dict[str, list[Item]] = {}
    for item in _figure_items(facts):
        grouped.setdefault(item.task, []).append(item)
    return {task: figures.total(items) for task, items in grouped.items()}


def section(facts: Facts, src: str, task_id: str | None = None, found: Figures | None = None) -> list[str]:
    """The totals table and the unmatched list (of the plan, or of `task_id` when given: `found`
    when worked out already); nothing when no unit reported a figure."""
    found = found if found is not None else of(facts, task_id)
    if not found.totals and not found.unmatched:
        return []
    scope = "本任务" if task_id else "各项任务"
    parts = [
        f"{facts.plan.year}年度各单位月报中{scope}填报的数据指标，按指标名称和计量单位合并"
        f"（全角/半角、空格和常见的计量单位写法视为相同）后合计。"
        f"逐条数据见{fmt.link(f'{facts.plan.year}年度数据包', src, links.year_data(facts.plan.year))}中的 figures.csv。",
        fmt.table(["指标", "合计", "各单位", "来源"], [_row(facts, t, src) for t in found.totals]),
    ]
    if found.unmatched:
        rows = [
            [
                escape.inline(i.name),
                escape.inline(f"{figures.number(i.value)} {i.measure or '（未填计量单位）'}"),
                fmt.link(facts.unit_name(i.unit), src, fmt.unit_page(i.unit), fmt.anchor(kinds.MONTHLY, i.period)),
                fmt.period_zh(kinds.MONTHLY, i.period),
            ]
            for i in found.unmatched
        ]
        parts += [
            "**未能合并的数据**：以下数据的计量单位与同名指标的多数写法不同，未计入合计，请填报单位核对。",
            fmt.table(["指标", "数值", "单位", "月份"], rows),
        ]
    return parts


def _row(facts: Facts, t: Total, src: str) -> list[str]:
    """One total: its sum, the units that reported most and the reports it came from. At a province's
    size a total gathers thousands of reports (a 1.3 MB home page): past SHOWN of either, the rest is
    counted, and every figure is in the year's figures.csv."""
    ranked = sorted(t.by_unit.items(), key=lambda kv: -kv[1])
    per_unit = "；".join(f"{escape.inline(facts.unit_name(u))} {figures.number(v)}" for u, v in ranked[:SHOWN])
    if len(ranked) > SHOWN:
        per_unit += f"；等 {len(ranked)} 个单位"
    sources = "、".join(
        fmt.link(
            f"{facts.unit_name(i.unit)}{int(i.period[5:7])}月",
            src,
            fmt.unit_page(i.unit),
            fmt.anchor(kinds.MONTHLY, i.period),
        )
        for i in t.items[:SHOWN]
    )
    more = f"等（其余 {len(t.items) - SHOWN} 份见年度数据包中的 figures.csv）" if len(t.items) > SHOWN else ""
    return [
        escape.inline(t.name),
        f"<strong>{figures.number(t.value)}</strong> {escape.inline(t.measure)}",  # a raw HTML table cell
        per_unit,
        f"{len(t.items)} 份报告：{sources}{more}",
    ]


def rows(plans: Iterable[Facts], typed: bool = False) -> list[list[str | float]]:
    """Every figure of `plans`, in their order: matched to its total or marked unmatched.
    The value is text for CSV ("56", "12.5"), or a number with `typed` (a workbook cell that sums)."""
    out = []
    for facts in plans:
        found = of(facts)
        for t in found.totals:
            out += [_item_row(facts, i, t.name, "", typed) for i in t.items]
        out += [_item_row(facts, i, "", "计量单位与同名指标不一致，未计入合计", typed) for i in found.unmatched]
    return out


def _item_row(facts: Facts, i: Item, matched: str, note: str, typed: bool) -> list[str | float]:
    value: str | float = (int(i.value) if i.value == int(i.value) else i.value) if typed else figures.number(i.value)
    return [
        facts.plan.key,
        i.name,
        i.measure,
        value,
        facts.unit_name(i.unit),
        i.unit,
        i.task,
        i.period,
        i.path,
        matched,
        note,
    ]


def as_json(plans: Iterable[Facts]) -> dict[str, Any]:
    """{"plans": [{"plan", "totals": [...], "unmatched": [...]}]}, in the order of `plans`."""
    out = []
    for facts in plans:
        found = of(facts)
        out.append(
            {
                "plan": facts.plan.key,
                "totals": [
                    {
                        "name": t.name,
                        "unit": t.measure,
                        "value": t.value,
                        "by_unit": t.by_unit,
                        "by_task": t.by_task,
                        "sources": _items(t.items),
                    }
                    for t in found.totals
                ],
                "unmatched": _items(found.unmatched),
            }
        )
    return {"plans": out}


def _items(found: Iterable[Item]) -> list[dict[str, Any]]:
    return [
        {
            "unit": i.unit,
            "task": i.task,
            "period": i.period,
            "path": i.path,
            "name": i.name,
            "value": i.value,
            "measure": i.measure,
        }
        for i in found
    ]
