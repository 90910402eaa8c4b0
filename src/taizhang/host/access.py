"""Who may change what (权限), from the units registry: each unit's `accounts`, the plan's
reviewing office (审核科室) and the maintainers (维护人员) in taizhang.yml.

- A unit's accounts may change that unit's reports (月报、年度工作要点备案、年度工作总结).
- The reviewing office's accounts may change receipts/ (paper or e-mail submissions it records).
- Maintainers may change anything; nobody else may change the plan, tasks, registry, workflows or code.
- 退回 and 延期 (issue 12): only reviewers (the reviewing office's accounts, maintainers) may write
  returns/; a unit may propose its own extensions/ request, which only a reviewer may approve (merge),
  and never one of its own unit's. Neither merges by itself.

An account is a code-host login (`xz-xinfu`, `@xz-xinfu`) or a team (`@org/team`). Logins compare
case-insensitively, as on GitHub; a team entry matches when the author's teams (looked up by the
workflow and passed in) include it.

Pure: the ledger, the author and the list of changes come in; refusals and verdicts go out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from taizhang.data import layout
from taizhang.data.ledger import Ledger
from taizhang.data.model import Unit
from taizhang.tracking import kinds

REPORT_KINDS = frozenset(layout.REPORT_KINDS)
RECEIPTS = "receipts/"
ADDING = frozenset("ACM")  # added, copied, modified: what "adds or amends" means
DATA_FOLDERS = ("reports/", "receipts/", "returns/", "extensions/", "tasks/", "units/", "groups/")
REGULAR = frozenset({"100644", "100755"})  # the only modes that are data
_MODE_ZH = {"120000": "符号链接（symlink）", "160000": "子模块（gitlink）", "040000": "目录"}


@dataclass(frozen=True)
class Change:
    """One changed file, as `git diff --name-status` says: A M D R C T (first letter), path, old path."""

    status: str
    path: str
    old_path: str | None = None
    mode: str | None = None  # the new entry's git mode (100644 a file, 120000 a symlink, 160000 a submodule)
    old_mode: str | None = None  # the old entry's mode; known only when the changes come from git itself

    def paths(self) -> tuple[str, ...]:
        """Every path the change touches: a rename or copy touches the old path too."""
        return (self.old_path, self.path) if self.old_path else (self.path,)


@dataclass(frozen=True)
class Author:
    """The person behind a pull request: a login and the teams (org/team) it belongs to."""

    login: str
    teams: frozenset[str] = frozenset()

    @classmethod
    def of(cls, login: str, teams: Iterable[str] = ()) -> Author:
        return cls(normal(login), frozenset(normal(t) for t in teams if t.strip()))

    def holds(self, accounts: Iterable[str]) -> bool:
        """Whether this author is one of `accounts` (a login or a team it belongs to)."""
        return any(normal(a) == self.login or normal(a) in self.teams for a in accounts)


@dataclass(frozen=True)
class Refusal:
    """A file the author may not change, and why, in Chinese."""

    path: str
    message: str


@dataclass(frozen=True)
class Verdict:
    """Whether a pull request merges automatically, and the reasons it does not."""

    eligible: bool
    reasons: tuple[str, ...]


def normal(account: str) -> str:
    """`@Org/Team` → `org/team`, `@XZ-Xinfu` → `xz-xinfu`: GitHub compares names case-insensitively."""
    return account.strip().removeprefix("@").lower()


def parse_changes(text: str) -> list[Change]:
    """Changes from `git diff --name-status` output, with or without `-z`; a bare path (from
    --name-only) counts as modified."""
    if text.startswith(":"):
        return parse_raw(text)
    if "\0" in text:
        return _parse_nul(text.split("\0"))
    if text.lstrip().startswith("{"):
        return _parse_api(text)
    changes = []
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) == 1:
            changes.append(Change("M", fields[0].strip()))
        elif len(fields) == 3 and fields[0][:1] in "RC":
            changes.append(Change(fields[0][0], fields[2], fields[1]))
        else:
            changes.append(Change(fields[0][:1] or "M", fields[-1]))
    return changes


def _parse_nul(fields: list[str]) -> list[Change]:
    """`git diff --name-status -z`: status, path (two paths for a rename or copy), each NUL-terminated."""
    changes = []
    items = iter(field for field in fields if field)
    for status in items:
        if status[:1] in "RC":
            old, new = next(items, ""), next(items, "")
            changes.append(Change(status[0], new, old))
        else:
            changes.append(Change(status[:1], next(items, "")))
    return changes


def parse_raw(text: str) -> list[Change]:
    """`git diff --raw -z`: ":oldmode newmode oldsha newsha status", then the path (two for a rename or
    copy), each NUL-terminated. Modes are kept, so a symlink or a submodule is seen for what it is."""
    changes = []
    items = iter(text.split("\0"))
    for head in items:
        if not head.startswith(":"):
            continue
        old_mode, mode, _, _, status = head[1:].split(" ")[:5]
        if status[:1] in "RC":
            old, new = next(items, ""), next(items, "")
            changes.append(Change(status[0], new, old, mode, old_mode))
        else:
            path = next(items, "")
            changes.append(Change(status[:1], path, None, None if status == "D" else mode, old_mode))
    return changes


_API_STATUS = {"added": "A", "removed": "D", "modified": "M", "renamed": "R", "copied": "C", "changed": "T"}


def _parse_api(text: str) -> list[Change]:
    """The code host's list of a pull request's files, one JSON object after another
    (`gh api repos/{owner}/{repo}/pulls/N/files --jq '.[]'`): status, filename, previous_filename."""
    decoder, at = json.JSONDecoder(), 0
    changes: list[Change] = []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return changes
        item, at = decoder.raw_decode(text, at)
        status = _API_STATUS.get(str(item.get("status")), "M")
        changes.append(Change(status, str(item["filename"]), item.get("previous_filename")))


def reviewer_units(ledger: Ledger) -> list[Unit]:
    """The reviewing offices (审核科室) named by the plans, e.g. 运输科."""
    ids = sorted({p.reviewer for p in ledger.plans.values() if p.reviewer})
    return [ledger.units[i] for i in ids if i in ledger.units]


def maintainers(ledger: Ledger) -> tuple[str, ...]:
    return ledger.config.maintainers if ledger.config else ()


def report_unit(path: str) -> tuple[str, str] | None:
    """(kind, unit) when `path` is a report's conventional place, else None."""
    place = layout.classify(path)
    if not isinstance(place, layout.Place) or place.kind not in REPORT_KINDS or place.unit is None:
        return None
    return place.kind, place.unit


def refusal(ledger: Ledger, author: Author, path: str) -> Refusal | None:
    """Why `author` may not change `path`, or None when it may."""
    if author.holds(maintainers(ledger)):
        return None
    report = report_unit(path)
    if report is not None:
        unit = ledger.units.get(report[1])
        if unit is not None and author.holds(unit.accounts):
            return None
        return Refusal(path, _report_refusal(ledger, author, report[0], report[1], unit))
    review = _review_refusal(ledger, author, path)
    if review is not None:
        return review if isinstance(review, Refusal) else None
    if path.startswith(RECEIPTS):
        offices = reviewer_units(ledger)
        if any(author.holds(u.accounts) for u in offices):
            return None
        names = "、".join(u.name for u in offices) or "审核科室"
        return Refusal(path, f"报送登记（receipts/）只能由{names}的填报账号或维护人员修改")
    return Refusal(path, f"{_what(path)}只能由维护人员（taizhang.yml 的 maintainers）修改")


def authorize(ledger: Ledger, author: Author, changes: Iterable[Change]) -> list[Refusal]:
    """Every file the author may not change, each named once, in order."""
    seen: set[str] = set()
    out = []
    for change in changes:
        strange = not_data(change)
        if strange is not None:
            seen.add(change.path)
            out.append(strange)
        for path in change.paths():
            if path in seen:
                continue
            seen.add(path)
            found = refusal(ledger, author, path)
            if found is not None:
                out.append(found)
    return out


def not_data(change: Change) -> Refusal | None:
    """A symlink, submodule or other non-file under a data folder: refused for everyone, maintainers
    too, since nothing but a regular file is ever read as data (a symlink could point at /etc/passwd)."""
    if change.mode is None or change.mode in REGULAR or not change.path.startswith(DATA_FOLDERS):
        return None
    what = _MODE_ZH.get(change.mode, f"类型为 {change.mode} 的条目")
    return Refusal(
        change.path,
        f"这是{what}，不是普通文件；{'、'.join(DATA_FOLDERS)}中只能放普通的 YAML 文件，请删除它，改为提交文件本身",
    )


def auto_merge(ledger: Ledger, author: Author, changes: list[Change]) -> Verdict:
    """公平计时: a pull request merges by itself when it only adds or amends reports of the author's
    own unit(s). Everything else (other files, deletions, renames, the plan, the registry, receipts,
    workflows) waits for a maintainer's review. Validation passing is checked separately."""
    reasons = []
    if not changes:
        reasons.append("没有改动任何文件")
    for change in changes:
        report = report_unit(change.path)
        if change.mode is not None and change.mode not in REGULAR:
            reasons.append(f"{change.path}：不是普通文件（{_MODE_ZH.get(change.mode, change.mode)}），需要维护人员审核")
        elif change.status not in ADDING or (change.old_path and not _own_report(ledger, author, change.old_path)):
            reasons.append(
                f"{change.path}：{_status_zh(change.status)}文件需要维护人员审核（自动合并只限新增或修改报告）"
            )
        elif change.path.startswith(EXTENSIONS):
            reasons.append(f"{change.path}：延期申请需经{_reviewers_zh(ledger)}审核批准（合并即为批准），不自动合并")
        elif report is None:
            reasons.append(f"{change.path}：{_what(change.path)}不是报告，需要维护人员审核")
        elif change.old_mode not in (None, "000000", change.mode):
            reasons.append(f"{change.path}：改变了文件权限（{change.old_mode} → {change.mode}），需要维护人员审核")
        else:
            unit = ledger.units.get(report[1])
            if unit is None or not author.holds(unit.accounts):
                name = unit.name if unit else report[1]
                reasons.append(f"{change.path}：不是本单位的报告（属于{name}），需要维护人员审核")
    return Verdict(not reasons, tuple(reasons))


RETURNS, EXTENSIONS = "returns/", "extensions/"


def is_reviewer(ledger: Ledger, author: Author) -> bool:
    """Reviewers: the maintainers and the reviewing office's (审核科室) accounts."""
    return author.holds(maintainers(ledger)) or any(author.holds(u.accounts) for u in reviewer_units(ledger))


def _review_refusal(ledger: Ledger, author: Author, path: str) -> Refusal | str | None:
    """For returns/ and extensions/: a refusal, "" when allowed, None when `path` is neither."""
    if not path.startswith((RETURNS, EXTENSIONS)):
        return None
    if is_reviewer(ledger, author):
        return ""
    names = _reviewers_zh(ledger)
    if path.startswith(RETURNS):
        return Refusal(path, f"退回文件（returns/）只能由{names}写入；单位不能退回报告。对退回有异议的，请在议题中说明")
    place = layout.classify(path)
    target = layout.review_target(place) if isinstance(place, layout.Place) else None
    unit = ledger.units.get(target[1]) if target else None
    if unit is not None and author.holds(unit.accounts):
        return ""  # a request for its own report; approved only by a reviewer's merge
    owner = f"{unit.name}的" if unit else ""
    return Refusal(path, f"这是{owner}延期申请，只能由该单位登记的填报账号提出，或由{names}写入")


def approval_refusals(ledger: Ledger, approver: Author, changes: Iterable[Change]) -> list[Refusal]:
    """Who may approve (merge) returns and extension requests: reviewers only, and never for their own
    unit's reports. Every other file follows the usual rules (authorize)."""
    out = []
    names = _reviewers_zh(ledger)
    for change in changes:
        path = change.path
        if not path.startswith((RETURNS, EXTENSIONS)):
            continue
        what = "退回" if path.startswith(RETURNS) else "延期申请"
        place = layout.classify(path)
        target = layout.review_target(place) if isinstance(place, layout.Place) else None
        unit = ledger.units.get(target[1]) if target else None
        if not is_reviewer(ledger, approver):
            out.append(Refusal(path, f"{what}只能由{names}批准合并；账号 {approver.login} 不是审核人员"))
        elif unit is not None and approver.holds(unit.accounts) and not approver.holds(maintainers(ledger)):
            out.append(Refusal(path, f"不能批准本单位（{unit.name}）的{what}；请由其他审核人员或维护人员批准"))
    return out


def _reviewers_zh(ledger: Ledger) -> str:
    offices = "、".join(u.name for u in reviewer_units(ledger))
    return f"审核科室（{offices}）或维护人员" if offices else "维护人员"


def _own_report(ledger: Ledger, author: Author, path: str) -> bool:
    """Whether `path` is a report of one of the author's units (a copy from it is an addition)."""
    report = report_unit(path)
    unit = ledger.units.get(report[1]) if report else None
    return unit is not None and author.holds(unit.accounts)


def teams_named(ledger: Ledger) -> list[str]:
    """Every team (org/team) named in the registry, for the workflow to look up membership."""
    names = {normal(a) for u in ledger.units.values() for a in u.accounts if "/" in a}
    names |= {normal(a) for a in maintainers(ledger) if "/" in a}
    return sorted(names)


def units_of(ledger: Ledger, author: Author) -> list[Unit]:
    return [u for u in ledger.ordered_units() if author.holds(u.accounts)]


def _report_refusal(ledger: Ledger, author: Author, kind: str, unit_id: str, unit: Unit | None) -> str:
    what = kinds.zh(kind)
    if unit is None:
        return f"单位代码“{unit_id}”未在 units/ 中登记，这份{what}只能由维护人员添加"
    if not unit.accounts:
        return f"这是{unit.name}的{what}；该单位未登记填报账号（{unit.path} 的 accounts），只能由维护人员代为提交"
    own = units_of(ledger, author)
    mine = (
        f"您的账号登记在：{'、'.join(u.name for u in own)}"
        if own
        else f"账号 {author.login} 未登记为任何单位的填报账号"
    )
    teams = [a for a in unit.accounts if "/" in a]
    hint = (
        f"；该单位登记了团队 {'、'.join(teams)}，如您是团队成员，请联系维护人员确认工作流能读取团队成员"
        if teams
        else ""
    )
    return (
        f"这是{unit.name}的{what}，只有该单位登记的填报账号（{unit.path} 的 accounts）可以提交；"
        f"{mine}。请只提交本单位的报告{hint}"
    )


def _what(path: str) -> str:
    """What a non-report file is, in the bureau's words."""
    place = layout.classify(path)
    kind = place.kind if isinstance(place, layout.Place) else None
    names = {
        "config": "仓库配置（taizhang.yml）",
        "unit": "单位名录（units/）",
        "group": "单位分组（groups/）",
        "plan": "工作要点（plan.yml）",
        "task": "重点任务（tasks/）",
    }
    if kind in names:
        return names[kind]
    if path.startswith(".github/workflows/"):
        return "工作流（.github/workflows/）"
    if path.startswith(".github/"):
        return "代码托管设置（.github/）"
    if path.startswith("reports/"):
        return "不符合报告命名约定的文件"
    if path.startswith(RECEIPTS):
        return "报送登记"
    if path.startswith(RETURNS):
        return "退回文件（returns/）"
    return "程序代码、文档和其他文件"


def _status_zh(status: str) -> str:
    return {"D": "删除", "R": "重命名", "C": "复制", "T": "改变类型的"}.get(status, "改动")
