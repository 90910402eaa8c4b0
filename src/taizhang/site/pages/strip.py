"""各单位近 12 个月月报: each unit owing monthly reports, one mark per month (按 迟 逾 纸 延 补 退 修 未).

Up to STRIP_ROWS units the home page shows every one, as it always has. Beyond, the home page shows
the units that most need attention and links to the full strip, split over pages of STRIP_ROWS units
in registry order (units/strip_<n>.md): at a province's 1,000 units the whole strip made a 2.5 MB page,
and every unit is still on some strip.
"""

from __future__ import annotations

from taizhang.data.model import STATUS_ZH, Obligation, Unit
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Archive, current_month
from taizhang.tracking import kinds

STRIP_MONTHS = 12
STRIP_ROWS = 100  # units on the home page's strip and on each page of the full strip
STRIP_MARK = {  # one character per month; the cell's title says it in full
    "on_time": "按",
    "late": "迟",
    "overdue": "逾",
    "pending": "未",
    "receipt": "纸",
    "extended": "延",
    "resubmitted": "补",
    "returned": "退",
    "needs_revision": "修",
}
STRIP_ZH = {"receipt": "纸质报送", "extended": "延期", "resubmitted": "退回后补报", "needs_revision": "需修改"}


def strip_months(archive: Archive) -> list[str]:
    """The last twelve reporting months that have fallen due or are being collected."""
    found = sorted({o.period for o in archive.obligations() if o.kind == kinds.MONTHLY})
    month = current_month(archive.current.plan, archive.as_of) or (found[-1] if found else "")
    return [m for m in found if m <= month][-STRIP_MONTHS:]


def strip_key(o: Obligation) -> str:
    """A month's mark: 退回 and 需修改 first (not yet counted), then 纸质, 补报 and 延期, then the status."""
    if o.status in ("returned", "needs_revision"):
        return o.status
    if o.via == "receipt" and o.submitted_at is not None:
        return "receipt"
    if o.returns and o.returns[-1].fixed_at is not None:
        return "resubmitted"
    if o.extension is not None and o.extension.applied:
        return "extended"
    return o.status


def _mark(o: Obligation | None, month: str) -> str:
    when = fmt.period_zh(kinds.MONTHLY, month)
    if o is None:
        return f'<span class="tz-s tz-s-none" title="{when}：无报送义务">·</span>'
    key = strip_key(o)
    label = STRIP_ZH.get(key) or STATUS_ZH.get(key, key)
    if key == "extended" and o.extension is not None:
        label = f"延期 {o.extension.days} 天"
    if key in ("extended", "resubmitted", "receipt"):
        label += "，" + STATUS_ZH.get(o.status, o.status) + (f" {o.days_late} 天" if o.days_late else "")
    return f'<span class="tz-s tz-s-{key}" title="{when}：{label}">{STRIP_MARK.get(key, "·")}</span>'


def strips(archive: Archive, src: str) -> list[str]:
    """Each unit owing monthly reports: one mark per month, oldest first (按 迟 逾 纸 延 补 退 修 未).

    Up to STRIP_ROWS units the home page shows them all; beyond, it shows the units that most need
    attention and links to the full strip, split over pages of STRIP_ROWS units (strip_pages), so the
    home page stays under a megabyte at a province's 1,000 units and every unit is on some strip."""
    table = _strip_table(archive)
    if table is None:
        return []
    shown, owed, units = table
    head = ["## 各单位近 12 个月月报 { data-search-exclude }", _span(shown)]
    if len(units) <= STRIP_ROWS:
        return [*head, _rows(archive, shown, owed, units, src)]
    flagged = _needing_attention(shown, owed, units)
    pages = "、".join(fmt.link(_range(i, len(units)), src, strip_page(i)) for i in range(len(_chunks(units))))
    where = f"全部 {len(units)} 个单位的月报一览按单位名录顺序分页：{pages}。"
    if not flagged:
        return [*head, f"近 12 个月没有逾期、迟报、退回或需修改的单位。{where}"]
    intro = (
        f"单位较多，这里只列出近 12 个月逾期、退回、需修改或迟报最多的 {len(flagged)} 个单位"
        f"（按逾期、退回和需修改的月数，再按迟报的月数，从多到少）。{where}"
    )
    return [*head, intro, _rows(archive, shown, owed, flagged, src)]


def strip_pages(archive: Archive) -> dict[str, str]:
    """The full strip on pages of STRIP_ROWS units each, when the home page cannot hold it (none otherwise)."""
    table = _strip_table(archive)
    if table is None or len(table[2]) <= STRIP_ROWS:
        return {}
    shown, owed, units = table
    chunks = _chunks(units)
    out = {}
    for i, chunk in enumerate(chunks):
        src = strip_page(i)
        others = "、".join(
            fmt.link(_range(j, len(units)), src, strip_page(j)) if j != i else _range(j, len(units))
            for j in range(len(chunks))
        )
        parts = [
            f"# 各单位近 12 个月月报（{_range(i, len(units))}单位）",
            f"{_span(shown)}各页：{others}。需要关注的单位列在{fmt.link('首页', src, 'index.md')}。",
            _rows(archive, shown, owed, chunk, src),
        ]
        # reached from the home page: 10 pages of marks would add nothing to the search
        out[src] = "---\nsearch:\n  exclude: true\n---\n\n" + "\n\n".join(parts) + "\n"
    return out


def strip_page(index: int) -> str:
    """The n-th page of the full strip (0-based): under units/, whose pages are reached from lists, not the
    navigation; the underscore keeps it apart from every unit's page (unit ids have none)."""
    return f"units/strip_{index + 1}.md"


StripTable = tuple[list[str], dict[tuple[str, str], Obligation], list[Unit]]


def _strip_table(archive: Archive) -> StripTable | None:
    shown = strip_months(archive)
    if not shown:
        return None
    owed = {(o.unit, o.period): o for o in archive.obligations() if o.kind == kinds.MONTHLY}
    units = [u for u in archive.ledger.ordered_units() if any((u.id, m) in owed for m in shown)]
    return shown, owed, units


def _needing_attention(shown: list[str], owed: dict[tuple[str, str], Obligation], units: list[Unit]) -> list[Unit]:
    """Up to STRIP_ROWS units with an overdue, returned, needs-revision or late month, the most first."""
    ranked = []
    for i, unit in enumerate(units):
        keys = [strip_key(o) for m in shown if (o := owed.get((unit.id, m))) is not None]
        bad = sum(k in ("overdue", "returned", "needs_revision") for k in keys)
        late = sum(k == "late" for k in keys)
        if bad or late:
            ranked.append((-bad, -late, i, unit))
    return [unit for *_, unit in sorted(ranked, key=lambda r: r[:3])[:STRIP_ROWS]]


def _rows(
    archive: Archive, shown: list[str], owed: dict[tuple[str, str], Obligation], units: list[Unit], src: str
) -> str:
    rows = []
    for unit in units:
        marks = "".join(_mark(owed.get((unit.id, m)), m) for m in shown)
        rows.append([fmt.link(unit.name, src, fmt.unit_page(unit.id)), f'<span class="tz-strip">{marks}</span>'])
    return fmt.table(["单位", "各月月报"], rows)


def _span(shown: list[str]) -> str:
    legend = (
        "按＝按时，迟＝迟报，逾＝逾期未报，纸＝纸质或邮件报送（收件登记），延＝延期后报送或尚未到期，"
        "补＝退回后补报，退＝退回待补报，修＝已提交但未通过校验，未＝未到期，·＝无报送义务。"
    )
    span = f"{fmt.period_zh(kinds.MONTHLY, shown[0])}至{fmt.period_zh(kinds.MONTHLY, shown[-1])}"
    return f"{span}，每格一个月，从左到右由远及近。{legend}"


def _chunks(units: list[Unit]) -> list[list[Unit]]:
    return [units[i : i + STRIP_ROWS] for i in range(0, len(units), STRIP_ROWS)]


def _range(index: int, total: int) -> str:
    first = index * STRIP_ROWS + 1
    return f"第 {first}—{min(first + STRIP_ROWS - 1, total)} 个"
