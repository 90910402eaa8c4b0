"""The words of a 催办 issue: its title, labels and body, in Chinese, from one period's obligations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
DEFAULT_WINDOW = 3
GUIDE = "docs/contributing.md"


@dataclass(frozen=True)
class Fill:
    """What a unit opens to submit: the file's path, whether it exists, and a template for a new one."""

    path: str
    exists: bool = False
    template: str | None = None


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


def title_for(group: Group, phase: str, ledger: Ledger) -> str:
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


def mention_line(group: Group, ledger: Ledger) -> str:
    """The comment posted once, when the deadline passes, so that every overdue unit is notified."""
    names = [f"{who(ledger, o.unit)[1]}（{who(ledger, o.unit)[0]}）" for o in group.with_status("overdue")]
    return (
        f"{subject(group.kind, group.period)}的截止日期 {day_zh(group.due)}已过，以下单位尚未报送，请尽快报送："
        + "、".join(names)
        + "。名单见议题正文，随报送情况自动更新。"
    )


def body_for(
    group: Group, phase: str, as_of: dt.date, ledger: Ledger, repo: Repo, fills: dict[tuple[str, str, str], Fill]
) -> str:
    """The issue body; when prefilled links would make it too long, the last ones lose their template."""
    missing = group.with_status("pending", "overdue")
    for prefilled in range(len(missing), -1, -1):
        body = _body(group, phase, as_of, ledger, repo, fills, prefilled)
        if len(body) <= BODY_LIMIT:
            return body
    return body


def _body(
    group: Group,
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    prefilled: int,
) -> str:
    what = subject(group.kind, group.period)
    lines = [
        f"<!-- taizhang:reminder {group.kind} {group.period} -->",
        f"<!-- taizhang:phase {phase} -->",
        f"## {what}",
        "",
        f"**截止日期：{day_zh(group.due)}**，当天 24 时（北京时间）前合并到主分支即为按时报送。" + _source(group),
        "",
        _counts(group, phase, as_of),
    ]
    missing = group.with_status("pending", "overdue")
    if missing:
        heading = "尚未报送" if phase == "before" else "逾期未报"
        lines += ["", f"### {heading}（{len(missing)}）", ""]
        lines += _missing_table(missing, phase, as_of, ledger, repo, fills, prefilled)
        if prefilled < len(missing):
            where = "点该单位的“下载模板”" if ledger.config and ledger.config.site_url else "用 `taizhang new` 生成模板"
            lines += ["", f"部分单位的链接未预填模板（议题长度有限）；请{where}，填好后粘贴到打开的编辑器中。"]
    late = group.with_status("late")
    if late:
        lines += ["", f"### 迟报（{len(late)}）", "", "| 单位 | 报送时间（北京时间） | 迟报天数 |", "|---|---|---|"]
        lines += [f"| {who(ledger, o.unit)[0]} | {_when(o)} | {o.days_late} 天 |" for o in late]
    on_time = group.with_status("on_time")
    if on_time:
        lines += ["", f"### 按时报送（{len(on_time)}）", "", "、".join(who(ledger, o.unit)[0] for o in on_time)]
    lines += ["", "---", _footer(phase, repo)]
    return "\n".join(lines) + "\n"


def _missing_table(
    missing: list[Obligation],
    phase: str,
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    prefilled: int,
) -> list[str]:
    late_col = phase == "after"
    site = ledger.config.site_url if ledger.config else None
    rows = ["| 单位 | 填报账号 |" + (" 逾期天数 |" if late_col else "") + " 填报 |"]
    rows.append("|---|---|" + ("---|" if late_col else "") + "---|")
    for index, ob in enumerate(missing):
        name, accounts = who(ledger, ob.unit)
        days = f" {max((as_of - ob.due).days, ob.days_late)} 天 |" if late_col else ""
        fill = _link(ob, repo, fills, index < prefilled, site)
        rows.append(f"| {name} | {accounts} |{days} {fill} |")
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
    missing = total - on_time - late
    head = f"截至 {as_of.year}年{as_of.month}月{as_of.day}日，应报送 {total} 个单位："
    if phase == "before":
        return head + f"已报送 {on_time + late} 个，尚未报送 {missing} 个。"
    return head + f"按时 {on_time} 个，迟报 {late} 个，逾期未报 {missing} 个。"


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


def _footer(phase: str, repo: Repo) -> str:
    closing = "本议题已关闭。" if phase == "done" else "报告合并后名单自动更新，全部报齐后本议题自动关闭。"
    link = repo.view(GUIDE)
    guide = f"[填报指南]({link})" if link else GUIDE
    return f"<sub>本议题由 taizhang 根据仓库数据自动生成，请勿手工编辑正文；{closing}填报方法见{guide}。</sub>"
