"""The words of a 催办 issue: its title, labels and body, in Chinese, from one period's obligations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from taizhang.data.diagnostics import visible
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation, Plan
from taizhang.host import links
from taizhang.host.links import Repo
from taizhang.tracking import kinds

LABEL = "台账"
PHASE_LABELS = {"before": "催办", "after": "逾期"}
BODY_LIMIT = 60_000  # GitHub refuses issue bodies over 65,536 characters
BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")
WEEKDAYS = "一二三四五六日"
SUBMITTED = ("on_time", "late")
OWING = ("pending", "overdue", "needs_revision", "returned")  # not (validly) submitted yet: 需修改 and 退回 too
REVISING = ("returned", "needs_revision")  # landed but not counted: listed once, under 退回或需修改, with why
DEFAULT_WINDOW = 3
GUIDE = "docs/guide.md"  # a ledger's own 填报指南 for its clerks (the bundled ledger has one; a new ledger does not)
SUBMIT_PAGE = "submit.html"  # 填报说明: every ledger's site has it (taizhang.site.pages.submit)
WHY_LIMIT = 160  # characters of a validation message shown as the reason in a table cell
Row = tuple[bool, str]  # (listed under 退回或需修改, the table row)


@dataclass(frozen=True)
class Fill:
    """What a unit opens to submit: the file's path, whether it exists, and a template for a new one."""

    path: str
    exists: bool = False
    template: str | None = None


@dataclass(frozen=True)
class Guide:
    """The page the footer sends a clerk to for how to submit: its name and address (None: named only)."""

    name: str
    url: str | None

    @classmethod
    def of(cls, ledger: Ledger, repo: Repo, own_guide: bool = False) -> Guide:
        """The ledger's own 填报指南 (docs/guide.md) when it has one, else the 填报说明 page that every
        built site has; on the site when the ledger has one, else (the guide) in the repository."""
        site = ledger.config.site_url if ledger.config else None
        if own_guide:
            return cls("填报指南", links.published(site, "guide.html") if site else repo.view(GUIDE))
        return cls("网站上的“填报说明”", links.published(site, SUBMIT_PAGE))


@dataclass(frozen=True)
class Part:
    """One issue's body, and the units it lists as owing."""

    body: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """The obligations of one kind and period: every unit that owes, e.g., the August monthly report."""

    kind: str
    period: str
    plan: Plan | None
    obligations: tuple[Obligation, ...]

    @property
    def due(self) -> dt.date:
        return min(o.due for o in self.obligations)

    @property
    def opens(self) -> dt.date:
        """The first day of the reminder window before the deadline."""
        window = self.plan.due_soon_days if self.plan else DEFAULT_WINDOW
        return self.due - dt.timedelta(days=window)

    def phase(self, as_of: dt.date) -> str:
        """before the deadline, after it, or done when every unit has submitted."""
        if all(o.status in SUBMITTED for o in self.obligations):
            return "done"
        return "before" if as_of <= self.due else "after"

    def with_status(self, *statuses: str) -> list[Obligation]:
        return [o for o in self.obligations if o.status in statuses]


def subject(kind: str, period: str) -> str:
    """`2023年8月月度进展情况`, `2023年度工作总结`, `2023年第三季度中心组学习`."""
    return kinds.title(kind, period)


def day_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def labels_for(phase: str) -> set[str]:
    return {LABEL, PHASE_LABELS[phase]} if phase in PHASE_LABELS else {LABEL}


def title_for(group: Group, phase: str, ledger: Ledger, part: int = 1, total: int = 1) -> str:
    return _title(group, phase) + _part(part, total)


def _title(group: Group, phase: str) -> str:
    what = subject(group.kind, group.period)
    due = f"{group.due.month}月{group.due.day}日"
    if phase == "before":
        return f"【催办】{what}（{due}截止）"
    if phase == "after":
        return f"【逾期】{what}：{len(group.with_status('overdue'))} 个单位未报送"
    return f"【已报齐】{what}"


def mention(account: str) -> str:
    return "@" + account.strip().removeprefix("@")


def who(ledger: Ledger, unit_id: str) -> tuple[str, str]:
    """(unit name, @-mentions of its accounts)."""
    unit = ledger.units.get(unit_id)
    if unit is None:
        return unit_id, "（未登记）"
    return unit.name, " ".join(mention(a) for a in unit.accounts) or "（未登记填报账号）"


def mention_line(group: Group, ledger: Ledger, units: Sequence[str] | None = None) -> str:
    """The comment posted once, when the deadline passes, so that every overdue unit (of one part of
    the list, when it is split over several issues) is notified."""

    def names(*statuses: str) -> str:
        found = [o for o in group.with_status(*statuses) if units is None or o.unit in units]
        return "、".join(f"{who(ledger, o.unit)[1]}（{who(ledger, o.unit)[0]}）" for o in found)

    text = f"{subject(group.kind, group.period)}的截止日期 {day_zh(group.due)}已过，以下单位尚未报送，请尽快报送："
    text += names("overdue") + "。"
    revising = names(*REVISING)
    if revising:  # their report landed but does not count: told too, pointed at the reason
        text += f"以下单位的报告被退回或需修改，尚不算报送，请按议题正文写明的原因修改：{revising}。"
    return text + "名单见议题正文，随报送情况自动更新。"


def bodies_for(
    group: Group,
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    guide: Guide | None = None,
) -> list[Part]:
    """The issue bodies of one period and kind: as many parts as it takes for every unit still owing
    to have its own 填报 link with its template, each part within GitHub's body limit.

    The first part carries the counts and the lists of who has submitted; each part lists, in the
    registry's order, the units owing that fit in it."""
    guide = guide or Guide.of(ledger, repo)
    owing = _owing(group)
    rows = _missing_rows(owing, phase, as_of, ledger, repo, fills, prefill=True)
    parts: list[list[Row]] = [[]]
    units: list[list[str]] = [[]]
    for ob, row in zip(owing, rows, strict=True):
        trial = parts[-1] + [row]
        if parts[-1] and len(_body(group, phase, as_of, ledger, repo, guide, trial, len(parts), 99)) > BODY_LIMIT:
            parts.append([row])
            units.append([ob.unit])
        else:
            parts[-1] = trial
            units[-1].append(ob.unit)
    total = len(parts)
    out = []
    for i, (part, listed) in enumerate(zip(parts, units, strict=True)):
        body = _body(group, phase, as_of, ledger, repo, guide, part, i + 1, total)
        body = body if len(body) <= BODY_LIMIT else _bare(group, phase, as_of, ledger, repo, fills, guide)
        out.append(Part(body, tuple(listed)))
    return out


def body_for(
    group: Group,
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    guide: Guide | None = None,
) -> str:
    """The first part's body (the whole body when one part holds every unit)."""
    return bodies_for(group, phase, as_of, ledger, repo, fills, guide)[0].body


def _bare(
    group: Group,
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    guide: Guide,
) -> str:
    """A body that cannot be split further (its fixed part alone is too long): links without templates."""
    rows = _missing_rows(_owing(group), phase, as_of, ledger, repo, fills, prefill=False)
    return _body(group, phase, as_of, ledger, repo, guide, rows, 1, 1)[:BODY_LIMIT]


def marker(group: Group, part: int) -> str:
    return f"<!-- taizhang:reminder {group.kind} {group.period}{f' part {part}' if part > 1 else ''} -->"


def _body(
    group: Group,
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    guide: Guide,
    rows: list[Row],
    part: int,
    total: int,
) -> str:
    what = subject(group.kind, group.period)
    lines = [marker(group, part), f"<!-- taizhang:phase {phase} -->", f"## {what}" + _part(part, total), ""]
    lines.append(
        f"**截止日期：{day_zh(group.due)}**，当天 24 时（北京时间）前合并到主分支即为按时报送。" + _source(group)
    )
    if part == 1:
        lines += ["", _counts(group, phase, as_of)]
    if total > 1:
        lines += [
            "",
            f"应报送的单位较多，名单按单位顺序分在 {total} 个议题中（标题中的“{part}/{total}”），每个单位都有自己的“填报”链接。",
        ]
    for section in (False, True):  # each owing unit once: not yet submitted, or 退回/需修改 with the reason
        shown = [text for revising, text in rows if revising == section]
        if not shown:
            continue
        heading = "退回或需修改" if section else ("尚未报送" if phase == "before" else "逾期未报")
        count = (
            len(group.with_status(*REVISING))
            if section
            else len(group.with_status(*OWING)) - len(group.with_status(*REVISING))
        )
        lines += ["", f"### {heading}（{count}）" + ("" if total == 1 else f"：本议题 {len(shown)} 个单位"), ""]
        lines += _table_head(phase, section) + shown
    if part == 1:
        lines += _submitted(group, ledger)
    lines += ["", "---", _footer(phase, guide)]
    return "\n".join(lines) + "\n"


def _part(part: int, total: int) -> str:
    return f"（{part}/{total}）" if total > 1 else ""


def _submitted(group: Group, ledger: Ledger) -> list[str]:
    """The late table and the on-time names; at province scale shortened to stay a small part of the body."""
    lines: list[str] = []
    late = group.with_status("late")
    if late:
        rows = [f"| {who(ledger, o.unit)[0]} | {_when(o)} | {o.days_late} 天 |" for o in late]
        if sum(len(r) + 1 for r in rows) > BODY_LIMIT // 4:
            names = [f"{who(ledger, o.unit)[0]}（{o.days_late} 天）" for o in late]
            lines += ["", f"### 迟报（{len(late)}）", "", _capped(names, BODY_LIMIT // 4)]
        else:
            lines += ["", f"### 迟报（{len(late)}）", "", "| 单位 | 报送时间（北京时间） | 迟报天数 |", "|---|---|---|"]
            lines += rows
    on_time = group.with_status("on_time")
    if on_time:
        names = [who(ledger, o.unit)[0] for o in on_time]
        lines += ["", f"### 按时报送（{len(on_time)}）", "", _capped(names, BODY_LIMIT // 4)]
    return lines


def _capped(names: list[str], budget: int) -> str:
    """`甲、乙、丙`, or `甲、乙等 N 个单位` when the whole list would pass `budget` characters."""
    text = "、".join(names)
    if len(text) <= budget:
        return text
    shown, used = [], 0
    for name in names:
        used += len(name) + 1
        if used > budget - 40:
            break
        shown.append(name)
    return "、".join(shown) + f"等 {len(names)} 个单位（完整名单见网站或 taizhang status）"


def _table_head(phase: str, revising: bool = False) -> list[str]:
    late_col = phase == "after"
    return [
        "| 单位 | 填报账号 |" + (" 逾期天数 |" if late_col else "") + (" 原因 | 修改 |" if revising else " 填报 |"),
        "|---|---|" + ("---|" if late_col else "") + ("---|---|" if revising else "---|"),
    ]


def _owing(group: Group) -> list[Obligation]:
    """The units still owing, in the order the body lists them: not yet submitted, then 退回 and 需修改."""
    owing = group.with_status(*OWING)
    return [o for o in owing if o.status not in REVISING] + [o for o in owing if o.status in REVISING]


def _missing_rows(
    missing: list[Obligation],
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    prefill: bool,
) -> list[Row]:
    late_col = phase == "after"
    site = ledger.config.site_url if ledger.config else None
    rows = []
    for ob in missing:
        name, accounts = who(ledger, ob.unit)
        days = f" {max((as_of - ob.due).days, ob.days_late)} 天 |" if late_col else ""
        link = _link(ob, repo, fills, prefill, site)
        if ob.status in REVISING:
            link = link.replace("[填报](", "[修改](", 1)
            rows.append((True, f"| {name} | {accounts} |{days} {_why(ob, ledger)} | {link} |"))
        else:
            rows.append((False, f"| {name} | {accounts} |{days} {link} |"))
    return rows


def _link(ob: Obligation, repo: Repo, fills: dict[tuple[str, str, str], Fill], prefill: bool, site: str | None) -> str:
    """The 填报 link (links.Repo.new_file, as on the site), and the site's copy of the template
    when the link cannot carry it."""
    fill = fills.get((ob.kind, ob.unit, ob.period))
    path = fill.path if fill else ob.path
    if path is None:
        return "—"
    if fill is not None and fill.exists:
        url = repo.edit(path)
        return f"[填报]({url})" if url else f"`{path}`"
    template = fill.template if fill else None
    editor = repo.new_file(path, template if prefill else None)
    if editor is None:
        return f"`{path}`"
    cell = f"[填报]({links.compact(editor.url)})"
    download = links.published(site, links.template_file(path)) if template else None
    return cell + (f"（[下载模板]({download})）" if download and not editor.prefilled else "")


def _counts(group: Group, phase: str, as_of: dt.date) -> str:
    total = len(group.obligations)
    on_time, late = len(group.with_status("on_time")), len(group.with_status("late"))
    revising = len(group.with_status(*REVISING))
    missing = total - on_time - late - revising
    head = f"截至 {as_of.year}年{as_of.month}月{as_of.day}日，应报送 {total} 个单位："
    tail = f"，退回或需修改 {revising} 个。" if revising else "。"
    if phase == "before":
        return head + f"已报送 {on_time + late} 个，尚未报送 {missing} 个" + tail
    return head + f"按时 {on_time} 个，迟报 {late} 个，逾期未报 {missing} 个" + tail


def _source(group: Group) -> str:
    if group.plan is None:
        return ""
    rule = group.plan.rule(group.kind)
    basis = f"依据《{group.plan.title}》（{group.plan.document_number}）"
    return f"{basis}{'：' + rule.source if rule and rule.source else '。'}"


def _when(ob: Obligation) -> str:
    if ob.submitted_at is None:
        return "—"
    at = ob.submitted_at.astimezone(BEIJING) if ob.submitted_at.tzinfo else ob.submitted_at
    return at.strftime("%Y-%m-%d %H:%M") + ("（纸质或邮件报送）" if ob.via == "receipt" else "")


def _footer(phase: str, page: Guide) -> str:
    closing = "本议题已关闭。" if phase == "done" else "报告合并后名单自动更新，全部报齐后本议题自动关闭。"
    guide = f"[{page.name}]({page.url})" if page.url else page.name
    return f"<sub>本议题由 taizhang 根据仓库数据自动生成，请勿手工编辑正文；{closing}填报方法见{guide}。</sub>"


def _why(o: Obligation, ledger: Ledger) -> str:
    """Why the landed report does not count: the reviewer's reason (退回), or the first problem
    validation found in it (需修改), with the line, so the clerk knows what to change."""
    if o.status == "returned" and o.returns:
        return "退回：" + _cell(o.returns[-1].reason)
    general = "已合并但未通过校验（内容不全、只填“无”或留有示例数据），不算报送"
    found = sorted((d for d in ledger.rejected if o.path and d.path == o.path), key=lambda d: (d.line, d.column))
    if not found:
        return general + "，请按拉取请求检查的提示修改"
    first = found[0]
    more = f"等 {len(found)} 处问题" if len(found) > 1 else ""
    text = _cell(first.message)
    text = text if len(text) <= WHY_LIMIT else text[: WHY_LIMIT - 1] + "…"
    return f"{general}：第 {first.line} 行 {first.code} {text}{more}，请修改后重新提交"


def _cell(text: str) -> str:
    """Plain text in one Markdown table cell: no pipe or line break can end it."""
    return visible(" ".join(text.replace("|", "｜").split()))
