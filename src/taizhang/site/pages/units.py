"""单位: the list of units and one page per unit with its tasks, grid and reports.

A unit's page (units/<id>.md) shows the current plan year in full: its 待办 box, tasks, grid and every
report with its text. Each earlier year the unit took part in follows as a compact 往年 section
(earlier.py): tasks, grid and score, the report texts linked in the year's data archive, not repeated.
A page thus grows with one year's reports, not with all of them.
"""

from __future__ import annotations

from taizhang.data.model import ROLE_ZH, UNIT_KIND_ZH, Unit
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import earlier, fmt, form, grid, keywords, reports, strip, todo
from taizhang.site.pages.facts import Archive, Facts, is_open, scores
from taizhang.site.pages.submit import fill_cell
from taizhang.tracking.obligations import UnitScore


def pages(archive: Archive) -> dict[str, str]:
    tallies = {f.plan.key: {s.unit: s for s in scores(f)} for f in archive.plans}
    out = {"units/index.md": index(archive.current, tallies[archive.current.plan.key])}
    for unit in archive.ledger.ordered_units():
        out[fmt.unit_page(unit.id)] = page(archive, unit, tallies)
    out.update(strip.strip_pages(archive))  # the home page's strip in full, when it shows only part of it
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
    table = fmt.unsearched(fmt.table(["单位", "类别", "承担任务", "已报送报告", "按时率", "逾期"], rows))
    return f"# 单位\n\n《{escape.inline(facts.plan.title)}》涉及的单位及其报送情况。\n\n{table}\n"


def page(archive: Archive, unit: Unit, tallies: dict[str, dict[str, UnitScore]]) -> str:
    """The unit's page: the current plan year in full, then a 往年 section per earlier year."""
    facts = archive.current
    src = fmt.unit_page(unit.id)
    groups = [archive.ledger.groups[g].name for g in unit.groups if g in archive.ledger.groups]
    parts = [
        f"# {escape.heading(unit.name)}",
        f"全称：{escape.inline(unit.full_name)} · 类别：{escape.inline(UNIT_KIND_ZH.get(unit.kind, unit.kind))}"
        + (f" · 所属：{escape.inline('、'.join(groups))}" if groups else "")
        + (f" · 填报账号：{escape.inline('、'.join(unit.accounts))}" if unit.accounts else "")
        + _office_line(archive, unit),
        todo.box(archive, unit),  # 待办 spans every year
        f"{form.link_to(unit.id, src)}：在网页上填写本单位的报告，不需要懂 YAML。",
    ]
    parts += [f"## 承担的任务（{escape.inline(facts.plan.title)}）", _tasks(facts, unit, src)]
    parts += todo.led(archive, unit)
    parts += ["## 报送情况", _grid(archive, facts, unit, src)]
    if links.unit_workbook(unit.id) in archive.config.office:
        parts.append(f"下载：{fmt.link('本单位台账（Excel）', src, links.unit_workbook(unit.id))}")
    score = tallies[facts.plan.key].get(unit.id)
    if score is not None:
        parts.append(grid.score_line(facts, score))
    parts.append("## 报告")
    # every year's terms: the earlier years' reports are not on the site's pages, their terms are
    words = keywords.unit_terms(archive.plans, unit.id)
    if words:  # in the search index, unlike the reports themselves: searching “公转铁” finds this unit
        parts.append(f"报告中提到：{escape.inline('、'.join(words))}")
    sent = [reports.section(facts, r, src) for r in reversed(facts.by_unit.get(unit.id, []))]
    parts += sent or ["尚未报送报告。"]
    parts += earlier.section(archive, unit, tallies)
    return "\n\n".join(parts) + "\n"


def _tasks(facts: Facts, unit: Unit, src: str) -> str:
    held = facts.unit_tasks(unit.id)
    if not held:
        return "本单位在本工作要点中没有任务分工。"
    rows = [
        [
            escape.inline(t.number),
            fmt.link(t.title, src, fmt.task_page(facts, t.id)),
            "、".join(ROLE_ZH[r] for r in roles),
        ]
        for t, roles in held
    ]
    return fmt.table(["序号", "任务", "本单位角色"], rows)


def _grid(archive: Archive, facts: Facts, unit: Unit, src: str) -> str:
    """The current year's grid: each report linked to its section below, 填报 where one is open."""
    found = grid.grid(archive, facts, unit, lambda kind, period: _cell(archive, facts, unit.id, kind, period, src))
    if found:
        return found
    if _leads(archive, unit):
        return "本单位没有报送义务（牵头任务的进展见上方“牵头任务进展”）。"
    return "本单位没有报送义务。"


def _leads(archive: Archive, unit: Unit) -> bool:
    return any("lead" in roles for _, roles in archive.current.unit_tasks(unit.id))


def _cell(archive: Archive, facts: Facts, unit_id: str, kind: str, period: str, src: str) -> str:
    """The obligation's status, linked to the report when there is one, with a 填报 link when open."""
    o = facts.owed.get((kind, unit_id, period))
    text = grid.label(o, kind, period)
    if (kind, unit_id, period) in facts.reports:
        return f"[{text}](#{fmt.anchor(kind, period)})"
    if o is not None and o.path is not None and is_open(o, archive.as_of):
        fill = fill_cell(archive, o, src)
        return f"{text} {fill}" if fill != "—" else text
    return text


def _office_line(archive: Archive, unit: Unit) -> str:
    """The unit's office phone, when taizhang.yml says the site shows it (site.contact: office_phone);
    contact persons' names and phones are never shown."""
    config = archive.ledger.config
    if config is None or config.contact != "office_phone" or not unit.office_phone:
        return ""
    return f" · 办公电话：{escape.inline(unit.office_phone)}"
