"""报送情况: a unit's grid of one plan year — periods down, obligation kinds across.

The current year's grid (units.py) links each report to its section and offers 填报 where a report is
open; an earlier year's (earlier.py) carries each report's anchor in its cell instead, since the
report's text is in the year's data archive, not on the page.
"""

from __future__ import annotations

from collections.abc import Callable

from taizhang.data.model import Obligation, Unit
from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Archive, Facts, months
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore
from taizhang.tracking.timing import doubt_zh

# (kind, period) -> the cell's Markdown
Cell = Callable[[str, str], str]


def grid(archive: Archive, facts: Facts, unit: Unit, cell: Cell, compact: bool = False) -> str:
    """The grid as a table kept out of the search, or "" when the unit owed and sent nothing that year.
    A quarter, a half-year or a one-off date sits on its last month. `compact` (an earlier year, one of
    several on the page): only the rows and columns that hold something."""
    columns = grid_kinds(archive)
    cells: dict[tuple[str, str], str] = {}
    for kind in columns:
        for period in _periods(facts, unit.id, kind):
            cells[(_row_of(period), kind)] = cell(kind, period)
    if not cells:
        return ""
    keys = [str(facts.plan.year), *months(facts)]
    keys += sorted({key for key, _ in cells} - set(keys))
    if compact:
        columns = [kind for kind in columns if any(k == kind for _, k in cells)]
        keys = [key for key in keys if any((key, kind) in cells for kind in columns)]
    rows = [[kinds.period_zh(key)] + [cells.get((key, kind), "—") for kind in columns] for key in keys]
    return fmt.unsearched(fmt.table(["期间", *(fmt.kind_short(k) for k in columns)], rows))


def grid_kinds(archive: Archive) -> list[str]:
    """The kinds the plans on the site ask for, in the registry's order."""
    asked = {rule.kind for facts in archive.plans for rule in facts.plan.rules}
    return [name for name in kinds.KINDS if name in asked]


def label(o: Obligation | None, kind: str, period: str) -> str:
    """The cell's status: the badge (已报送 for a report nobody asked for), the quarter or the one-off
    date when the row does not say it, and whether it came on paper or its time is in doubt."""
    text = fmt.badge(o) if o is not None else "已报送"
    parsed = kinds.period_of(period)
    if parsed is not None and parsed.cadence in ("quarter", "half_year"):
        text = f"{escape.inline(period[-2:])} {text}"
    elif parsed is not None and parsed.cadence == "once":
        text = f"{parsed.end.month}月{parsed.end.day}日 {text}"
    if o is not None and o.via == "receipt" and o.submitted_at is not None:
        text += "（线下报送）"  # received on paper or by e-mail: there is no file to show
    if o is not None and doubt_zh(o):
        text += "（存疑）"  # the report's section (or the year's data archive) says why
    return text


def _row_of(period: str) -> str:
    """The grid row a period sits on: a year or a month as itself, anything else on its last month."""
    parsed = kinds.period_of(period)
    if parsed is None or parsed.cadence in ("year", "month"):
        return period
    return parsed.last_month


def _periods(facts: Facts, unit_id: str, kind: str) -> list[str]:
    owed = {o.period for o in facts.owed_by_unit.get(unit_id, []) if o.kind == kind}
    sent = {r.period for r in facts.by_unit.get(unit_id, []) if r.kind == kind}
    return sorted(owed | sent)


def score_line(facts: Facts, score: UnitScore) -> str:
    return (
        f"{facts.plan.year}年度：应报 {score.assessed} 项：按时 {score.on_time}，迟报 {score.late}，"
        f"逾期 {score.overdue}；按时率 {fmt.percent(score.on_time_rate)}。尚未到期 {score.pending} 项。"
    )
