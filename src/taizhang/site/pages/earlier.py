"""往年: a unit's earlier plan years, folded into its own page (units/<id>.md), one compact section each.

An earlier year's report texts are not repeated on the site: they are in the year's data archive
(links.year_data: reports, statuses and figures as CSV and JSON) and in the repository. The section lists
the year's tasks and roles, the grid of periods × kinds with each status and hand-in time, and the year's
score; each report's cell carries the anchor its section had when every report was on this page
(r-monthly-2023-09), so a link made then (units/<id>.html#r-monthly-2023-09) still lands on its entry.
"""

from __future__ import annotations

from taizhang.data.model import ROLE_ZH, Unit
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import fmt, grid
from taizhang.site.pages.facts import Archive, Facts, beijing
from taizhang.tracking.obligations import UnitScore


def took_part(facts: Facts, unit_id: str) -> bool:
    return bool(facts.unit_tasks(unit_id) or facts.owed_by_unit.get(unit_id) or facts.by_unit.get(unit_id))


def section(archive: Archive, unit: Unit, tallies: dict[str, dict[str, UnitScore]]) -> list[str]:
    """The 往年 section of the unit's page: nothing when the unit took part in no earlier year."""
    shown = [f for f in archive.earlier if took_part(f, unit.id)]
    if not shown:
        return []
    repo = links.Repo.of(archive.ledger.config)
    where = "该年度的数据下载和台账仓库" if repo.url else "该年度的数据下载"
    intro = f"往年各年度的报送情况如下；报告全文不在页面上重复，见{where}。"
    parts = ["## 往年 { data-search-exclude }", intro]
    for facts in shown:
        parts += year(archive, facts, unit, tallies[facts.plan.key].get(unit.id), repo)
    return parts


def year(archive: Archive, facts: Facts, unit: Unit, score: UnitScore | None, repo: links.Repo) -> list[str]:
    """One earlier year: heading, tasks and roles on one line, the grid, the score and the archive."""
    src = fmt.unit_page(unit.id)
    plan = facts.plan
    # a heading of its own in the page's table of contents; out of the search like the section above it
    head = f"### {plan.year}年度：{escape.heading(plan.title)} {{#{fmt.year_anchor(facts)} data-search-exclude}}"
    held = facts.unit_tasks(unit.id)
    tasks = "；".join(
        f"{escape.inline(t.number)} {fmt.link(t.title, src, fmt.task_page(facts, t.id))}"
        f"（{'、'.join(ROLE_ZH[r] for r in roles)}）"
        for t, roles in held
    )
    parts = [
        head,
        f"工作要点：{fmt.link(f'《{plan.title}》', src, fmt.plan_home(facts))}（{escape.inline(plan.document_number)}）。"
        + (f"承担的任务：{tasks}。" if tasks else "本单位在该年度工作要点中没有任务分工。"),
        grid.grid(archive, facts, unit, lambda kind, period: _cell(facts, unit.id, kind, period, repo), compact=True)
        or "本单位该年度没有报送义务。",
    ]
    if score is not None:
        parts.append(grid.score_line(facts, score))
    data = fmt.link(f"{plan.year}年度数据（压缩包）", src, links.year_data(plan.year))
    text = f"本年度各份报告的全文（进展情况、存在问题、下步计划等）、报送情况和数据指标见{data}，其中是 CSV 和 JSON 文件，CSV 可用 Excel 打开"
    parts.append(text + ("；表中的“文件”链接打开台账仓库中的报告文件。" if repo.url else "。"))
    return parts


def _cell(facts: Facts, unit_id: str, kind: str, period: str, repo: links.Repo) -> str:
    """The status and hand-in time; a report's cell holds its old anchor and, with a code host, its file."""
    o = facts.owed.get((kind, unit_id, period))
    report = facts.reports.get((kind, unit_id, period))
    text = grid.label(o, kind, period)
    if o is not None and o.submitted_at is not None:
        text += f" {beijing(o.submitted_at)}"
    if report is None:
        return text
    url = repo.view(report.path)
    return f'<span id="{fmt.anchor(kind, period)}"></span>{text}' + (f" [文件]({url})" if url else "")
