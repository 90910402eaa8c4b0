"""需修改, 退回, 补报 and 延期 on the site: what happened to a report, and the rules that counted it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from taizhang.data import content, reviews
from taizhang.data.model import Obligation
from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import BEIJING, Archive, Facts, beijing

UNSETTLED = ("needs_revision", "returned")


def story(o: Obligation | None) -> list[str]:
    """A report's first landing, its returns with reasons and fixes (补报), and its extension, as lines."""
    if o is None:
        return []
    out = []
    if o.status == "needs_revision" and o.first_landed_at:
        out.append(
            f"首次提交于 {beijing(o.first_landed_at)}，但未通过校验（内容不全、只填“无”或留有示例数据），"
            "尚不算报送；修改后通过校验的时间即为报送时间。"
        )
    elif o.first_landed_at and o.submitted_at and o.first_landed_at < o.submitted_at:
        out.append(
            f"首次提交于 {beijing(o.first_landed_at)}，未通过校验；{beijing(o.submitted_at)} 修改后通过，计为报送。"
        )
    for r in o.returns:
        fixed = f"{beijing(r.fixed_at)} 补报" if r.fixed_at else "尚未补报"
        out.append(f"{beijing(r.at)} 被退回，原因：{escape.inline(r.reason)}；{fixed}。")
    if o.returns and o.status in ("on_time", "late"):
        basis = "补报时间" if o.judged_by == "final" else "首次报送时间"
        out.append(f"按时或迟报按{basis}判定。")
    if o.extension is not None:
        e = o.extension
        granted = beijing(e.granted_at) if e.granted_at else "—"
        if e.applied:
            out.append(
                f"延期 {e.days} 天（{granted} 批准，原因：{escape.inline(e.reason)}）："
                f"原截止日期 {fmt.date_zh(o.original_due or o.due)}，延至 {fmt.date_zh(o.due)}。"
            )
        else:
            out.append(f"延期申请（{e.days} 天，{granted} 合并）不予计算：{escape.inline(e.why_not)}。")
    return out


def rules(facts: Facts) -> str:
    """The plan's rules that decided what counts, in words (bulletins and assessment pages)."""
    lines = [*content.rules_of(facts.plan).describe(), *reviews.rules_of(facts.plan).describe()]
    items = "\n".join(f"- {escape.inline(line)}" for line in lines)
    return f"计入规则（《{escape.inline(facts.plan.title)}》的报送规则，见 plan.yml）：\n\n{items}"


def unsettled(archive: Archive, src: str) -> str:
    """Reports that landed but do not count yet: 需修改 and 退回, with why."""
    items = [o for o in archive.obligations() if o.status in UNSETTLED]
    if not items:
        return ""
    rows = [
        [
            fmt.link(archive.current.unit_name(o.unit), src, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.link(fmt.period_zh(o.kind, o.period), src, fmt.period_page(o.period)),
            fmt.badge(o),
            escape.inline(o.returns[-1].reason) if o.status == "returned" else "未通过校验，请按校验提示修改",
        ]
        for o in items
    ]
    return "## 需修改和退回\n\n" + fmt.table(["单位", "报送事项", "期间", "状态", "原因"], rows)


def tallies(facts: Facts, owed: list[Obligation], src: str | None) -> list[str]:
    """A bulletin's lines on 需修改, 退回, 补报 and 延期 among `owed`: Markdown with links to the units'
    pages, or plain text (the .docx) when `src` is None."""

    def names(items: list[Obligation], note: Callable[[Obligation], str]) -> str:
        return "、".join(f"{unit(o.unit)}（{note(o)}）" for o in items)

    def unit(name: str) -> str:
        return fmt.link(facts.unit_name(name), src, fmt.unit_page(name)) if src else facts.unit_name(name)

    revision = [o for o in owed if o.status == "needs_revision"]
    returned = [o for o in owed if o.status == "returned"]
    fixed = [o for o in owed if o.returns and o.status in ("on_time", "late")]
    extended = [o for o in owed if o.extension is not None and o.extension.applied]
    out = []
    if revision:
        out.append(f"**需修改（已提交但未通过校验，不算报送）**：{names(revision, lambda o: '未通过校验')}")
    if returned:
        out.append(f"**退回（待补报）**：{names(returned, lambda o: '退回于' + _day(o.returns[-1].at))}")
    if fixed:
        out.append(f"**退回后补报**：{names(fixed, lambda o: '补报于' + _day(o.returns[-1].fixed_at))}")
    if extended:
        out.append(f"**延期**：{names(extended, _extended)}")
    return out if src else [line.replace("**", "") for line in out]


def _extended(o: Obligation) -> str:
    days = o.extension.days if o.extension else 0
    return f"延期 {days} 天，原截止{fmt.date_zh(o.original_due or o.due)}"


def _day(moment: dt.datetime | None) -> str:
    return fmt.date_zh(moment.astimezone(BEIJING).date()) if moment else "—"
