"""The texts of the messages: short, Chinese, each item with the unit's own 填报 link.

A message must fit its platform (a WeCom text message takes 2,048 bytes): each item first carries
the web-editor link with the unit's template (as the 催办 issues and the site do, links.Repo); when
that makes the message too long, the link with the file name only, and the site's template download.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.host import links
from taizhang.host.issuetext import Fill, day_zh, subject
from taizhang.host.links import Repo
from taizhang.site.pages.bulletin import OVERDUE

LIMIT = {"wecom": 2000, "dingtalk": 18000, "feishu": 18000, "email": 1_000_000}  # bytes of text
FOOTER = "（台账系统自动发送，报送后不再提醒）"


def item_line(stage: str, ob: Obligation, as_of: dt.date) -> str:
    line = _line(stage, ob, as_of)
    if ob.status == "needs_revision" and stage in ("before", "due", "overdue"):  # landed, but fails validation
        line += "已提交的报告未通过校验，请按拉取请求上的检查结果修改。"
    return line


def _line(stage: str, ob: Obligation, as_of: dt.date) -> str:
    what = subject(ob.kind, ob.period)
    if stage == "before":
        return f"{what}：{day_zh(ob.due)}截止，还有 {(ob.due - as_of).days} 天，尚未报送。"
    if stage == "due":
        return f"{what}：今天（{day_zh(ob.due)}）24 时截止，尚未报送。"
    if stage == "overdue":
        return f"{what}：已于 {day_zh(ob.due)}截止，已逾期 {(as_of - ob.due).days} 天，请尽快报送。"
    if stage.startswith("returned"):
        returns = getattr(ob, "returns", None) or ()
        reason = _reason(returns[-1]) if returns else ""
        return f"{what}：已被退回{f'（{reason}）' if reason else ''}，请修改后重新提交。"
    if stage.startswith("extended"):
        return f"{what}：已同意延期，截止日期改为 {day_zh(ob.due)}。"
    return what


def _reason(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("reason", ""))
    return str(getattr(entry, "reason", "") or "")


def link_lines(ob: Obligation, repo: Repo, fill: Fill | None, site: str | None, prefill: bool) -> list[str]:
    """`填报：<url>` (and `模板：<url>` when the link cannot carry the template)."""
    path = fill.path if fill else ob.path
    if path is None:
        return []
    if fill is not None and fill.exists:
        url = repo.edit(path)
        return [f"修改：{url}"] if url else [f"文件：{path}"]
    template = fill.template if fill else None
    editor = repo.new_file(path, template if prefill else None)
    if editor is None:
        return [f"文件：{path}（可用 taizhang new 生成模板）"]
    out = [f"填报：{editor.url}"]
    download = links.published(site, links.template_file(path)) if template else None
    if download and not editor.prefilled:
        out.append(f"模板：{download}")
    return out


def unit_text(
    ledger: Ledger,
    unit_id: str,
    items: Sequence[tuple[str, Obligation]],
    as_of: dt.date,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    limit: int,
) -> str:
    """A unit's message for the day: each item, then its link."""
    unit = ledger.units.get(unit_id)
    site = ledger.config.site_url if ledger.config else None
    text = ""
    for prefill in (True, False):
        lines = [f"【台账提醒】{unit.name if unit else unit_id}"]
        for stage, ob in items:
            lines.append(item_line(stage, ob, as_of))
            lines += link_lines(ob, repo, fills.get((ob.kind, ob.unit, ob.period)), site, prefill)
        lines.append(FOOTER)
        text = "\n".join(lines)
        if len(text.encode()) <= limit:
            break
    return text


def summary_text(
    ledger: Ledger, reviewer: str, groups: Sequence[tuple[str, str, dt.date, list[str]]], as_of: dt.date, limit: int
) -> str:
    """The reviewing office's morning summary: per period and kind, who has not submitted."""
    unit = ledger.units.get(reviewer)
    site = ledger.config.site_url if ledger.config else None
    head = [f"【台账汇总】{unit.name if unit else reviewer}：截至 {day_zh(as_of)}，以下单位尚未报送"]
    overdue = links.published(site, OVERDUE.removesuffix(".md") + "/")  # the site's 逾期 page
    tail = [f"逾期清单：{overdue}" if overdue else "详情：taizhang status --as-of " + as_of.isoformat()]
    body: list[str] = []
    for kind, period, due, missing in groups:
        names = [ledger.units[u].name if u in ledger.units else u for u in missing]
        what = f"{subject(kind, period)}（{due.year}年{due.month}月{due.day}日截止）"
        body.append(_names_line(what, names, limit // max(1, len(groups))))
    return "\n".join(head + body + tail)


def _names_line(what: str, names: list[str], budget: int) -> str:
    """`what：逾期未报 N 个单位：甲、乙、丙。`, shortened to `甲、乙等 N 个单位` within `budget` bytes."""
    full = f"{what}：逾期未报 {len(names)} 个单位：{'、'.join(names)}。"
    if len(full.encode()) <= budget:
        return full
    shown: list[str] = []
    for name in names:
        line = f"{what}：逾期未报 {len(names)} 个单位：{'、'.join([*shown, name])}等。"
        if len(line.encode()) > budget:
            break
        shown.append(name)
    return f"{what}：逾期未报 {len(names)} 个单位：{'、'.join(shown)}等。"
