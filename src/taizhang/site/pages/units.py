"""单位: the list of units and one page per unit and plan year with its tasks, grid and reports.

A unit's page (units/<id>.md) shows the current plan year; each earlier year the unit took part in has a
page of its own (plans/<key>/units/<id>.md), so a page grows with one year's reports, not with all of them.
The unit's page lists the earlier years' reports as links under their old anchors (r-monthly-2023-05),
so a link made when every report was on this page still lands on the report's link.
"""

from __future__ import annotations

from taizhang.data.model import ROLE_ZH, UNIT_KIND_ZH, Unit
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import fmt, form, keywords, reports, todo
from taizhang.site.pages.facts import Archive, Facts, is_open, months, scores
from taizhang.site.pages.submit import fill_cell
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore
from taizhang.tracking.timing import doubt_zh


def pages(archive: Archive) -> dict[str, str]:
    tallies = {f.plan.key: {s.unit: s for s in scores(f)} for f in archive.plans}
    out = {"units/index.md": index(archive.current, tallies[archive.current.plan.key])}
    for unit in archive.ledger.ordered_units():
        earlier = [f for f in archive.earlier if _took_part(f, unit.id)]
        out[fmt.unit_page(unit.id)] = page(archive, archive.current, unit, tallies, earlier)
        for facts in earlier:
            out[fmt.report_page(facts, unit.id)] = page(archive, facts, unit, tallies, [])
    return out


def _took_part(facts: Facts, unit_id: str) -> bool:
    return bool(facts.unit_tasks(unit_id) or facts.owed_by_unit.get(unit_id) or facts.by_unit.get(unit_id))


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


def page(
    archive: Archive, facts: Facts, unit: Unit, tallies: dict[str, dict[str, UnitScore]], earlier: list[Facts]
) -> str:
    """The unit's page for one plan year: the current one (with links to the earlier years) or an earlier one."""
    src = fmt.report_page(facts, unit.id)
    groups = [archive.ledger.groups[g].name for g in unit.groups if g in archive.ledger.groups]
    year = f"（{facts.plan.year}年度）" if not facts.current else ""
    parts = [
        f"# {escape.heading(unit.name)}{year}",
        *fmt.archived(facts, src),
        f"全称：{escape.inline(unit.full_name)} · 类别：{escape.inline(UNIT_KIND_ZH.get(unit.kind, unit.kind))}"
        + (f" · 所属：{escape.inline('、'.join(groups))}" if groups else "")
        + (f" · 填报账号：{escape.inline('、'.join(unit.accounts))}" if unit.accounts else "")
        + _office_line(archive, unit),
        *([todo.box(archive, unit)] if facts.current else []),  # 待办 spans every year: on the current page
        f"{form.link_to(unit.id, src)}：在网页上填写本单位的报告，不需要懂 YAML。",
    ]
    if not facts.current:
        parts.append(f"本单位当前年度的任务和报告见{fmt.link(unit.name, src, fmt.unit_page(unit.id))}。")
    parts += [f"## 承担的任务（{escape.inline(facts.plan.title)}）", _tasks(facts, unit, src)]
    parts += todo.led(archive, unit) if facts.current else []
    parts += ["## 报送情况", _grid(archive, facts, unit, src)]
    if facts.current and links.unit_workbook(unit.id) in archive.config.office:
        parts.append(f"下载：{fmt.link('本单位台账（Excel）', src, links.unit_workbook(unit.id))}")
    score = tallies[facts.plan.key].get(unit.id)
    if score is not None:
        parts.append(
            f"{facts.plan.year}年度：应报 {score.assessed} 项：按时 {score.on_time}，迟报 {score.late}，"
            f"逾期 {score.overdue}；按时率 {fmt.percent(score.on_time_rate)}。尚未到期 {score.pending} 项。"
        )
    parts.append("## 报告")
    # every year's terms on the current year's page: earlier years' pages stay out of the search index
    words = keywords.terms(r for f in (archive.plans if facts.current else [facts]) for r in f.by_unit.get(unit.id, []))
    if words:  # in the search index, unlike the reports themselves: searching “公转铁” finds this unit
        parts.append(f"报告中提到：{escape.inline('、'.join(words))}")
    sent = [reports.section(facts, r, src) for r in reversed(facts.by_unit.get(unit.id, []))]
    parts += sent or ["尚未报送报告。"]
    if earlier:
        parts += ["## 往年 { data-search-exclude }", *(_earlier(f, unit, src) for f in earlier)]
    # An earlier year's page is reached from the unit's page, not from the search: 4,000 of them at a
    # province's size made two thirds of the search index
    head = "" if facts.current else "---\nsearch:\n  exclude: true\n---\n\n"
    return head + "\n\n".join(parts) + "\n"


def _earlier(facts: Facts, unit: Unit, src: str) -> str:
    """An earlier year: a link to its page, then its reports, each link under the anchor it once had here."""
    dst = fmt.report_page(facts, unit.id)
    head = f"{fmt.link(f'{facts.plan.year}年度（{facts.plan.title}）', src, dst)}"
    sent = [
        f'<span id="{fmt.anchor(r.kind, r.period)}"></span>'
        + fmt.link(fmt.report_title(r.kind, r.period), src, dst, fmt.anchor(r.kind, r.period))
        for r in reversed(facts.by_unit.get(unit.id, []))
    ]
    return head + ("：" + "、".join(sent) if sent else "：尚未报送报告。")


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
    table = fmt.table(["序号", "任务", "本单位角色"], rows)
    # earlier years' out of the search (each task has its own page there): a province's 4,000 unit pages of
    # earlier years repeating these rows made half its search index
    return table if facts.current else fmt.unsearched(table)


def _grid(archive: Archive, facts: Facts, unit: Unit, src: str) -> str:
    """Periods down (the plan's year, then its months), obligation kinds across; a quarter, a half-year
    or a one-off date sits on its last month."""
    columns = grid_kinds(archive)
    rows = []
    cells: dict[tuple[str, str], str] = {}
    for kind in columns:
        for period in _periods(facts, unit.id, kind):
            cells[(_row_of(period), kind)] = _cell(archive, facts, unit.id, kind, period, src)
    if cells:
        keys = [str(facts.plan.year), *months(facts)]
        keys += sorted({key for key, _ in cells} - set(keys))
        for key in keys:
            rows.append([kinds.period_zh(key)] + [cells.get((key, kind), "—") for kind in columns])
    if not rows:
        return (
            "本单位没有报送义务（牵头任务的进展见上方“牵头任务进展”）。"
            if facts.current and _leads(archive, unit)
            else "本单位没有报送义务。"
        )
    return fmt.unsearched(fmt.table(["期间", *(fmt.kind_short(k) for k in columns)], rows))


def grid_kinds(archive: Archive) -> list[str]:
    """The kinds the plans on the site ask for, in the registry's order."""
    asked = {rule.kind for facts in archive.plans for rule in facts.plan.rules}
    return [name for name in kinds.KINDS if name in asked]


def _row_of(period: str) -> str:
    """The grid row a period sits on: a year or a month as itself, anything else on its last month."""
    parsed = kinds.period_of(period)
    if parsed is None or parsed.cadence in ("year", "month"):
        return period
    return parsed.last_month


def _leads(archive: Archive, unit: Unit) -> bool:
    return any("lead" in roles for _, roles in archive.current.unit_tasks(unit.id))


def _periods(facts: Facts, unit_id: str, kind: str) -> list[str]:
    owed = {o.period for o in facts.owed_by_unit.get(unit_id, []) if o.kind == kind}
    sent = {r.period for r in facts.by_unit.get(unit_id, []) if r.kind == kind}
    return sorted(owed | sent)


def _cell(archive: Archive, facts: Facts, unit_id: str, kind: str, period: str, src: str) -> str:
    """The obligation's status, linked to the report when there is one, with a 填报 link when open."""
    o = facts.owed.get((kind, unit_id, period))
    report = facts.reports.get((kind, unit_id, period))
    text = fmt.badge(o) if o is not None else "已报送"
    parsed = kinds.period_of(period)
    if parsed is not None and parsed.cadence in ("quarter", "half_year"):
        text = f"{escape.inline(period[-2:])} {text}"
    elif parsed is not None and parsed.cadence == "once":
        text = f"{parsed.end.month}月{parsed.end.day}日 {text}"
    if o is not None and o.via == "receipt" and o.submitted_at is not None:
        text += "（线下报送）"  # received on paper or by e-mail: there is no file to show
    if o is not None and doubt_zh(o):
        text += "（存疑）"  # the report's section below says why
    if report is not None:
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
