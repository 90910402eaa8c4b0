"""Import a work plan (工作要点) from its published text: text in, plan data, tasks and unmatched names out.

Pure: the caller reads the file and the registry and writes the results (see cli.py and render.py).

    document  the text cut into front matter, numbered body and colophon; page furniture dropped
    outline   the body's headings as a tree (一、 （一） 1. （1）)
    tasks     the leaf tasks of the task section, with their notes
    notes     unit notes and their role words
    names     unit names matched to the registry
    front     issuer, number, dates and title; rules: reporting rules; plan: plan.yml with defaults
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taizhang.data.model import ROLES
from taizhang.errors import FatalError
from taizhang.importer import document, outline, rules, tasks
from taizhang.importer.front import read_front
from taizhang.importer.names import Closest, Matcher, Registry
from taizhang.importer.plan import Said, draft


@dataclass(frozen=True)
class Task(tasks.Draft):
    """A task as read (its `names` by role as written, every role present) and matched to the registry."""

    refs: dict[str, list[str]] = field(default_factory=dict)  # role -> unit or group ids; unmatched names as written


@dataclass(frozen=True)
class Unmatched:
    name: str  # as written
    where: list[str]  # task numbers, or 主送单位
    closest: Closest | None


@dataclass(frozen=True)
class Imported:
    plan: dict[str, Any]
    checks: dict[str, str]  # plan field -> remark for the user (defaults and guesses)
    absent: list[str]  # rules the text does not state
    tasks: list[Task]
    unmatched: list[Unmatched]
    warnings: list[str]


class _Names:
    """Matches names and remembers the ones that match nothing, with where they were met."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.missed: dict[str, list[str]] = {}

    def refs(self, names: list[str], where: str) -> list[str]:
        out: list[str] = []
        for name in names:
            for written, found in self.matcher.resolve(name):
                if found is None:
                    places = self.missed.setdefault(written, [])
                    places += [where] if where not in places else []
                ref = found or written
                out += [ref] if ref not in out else []
        return out

    def unmatched(self) -> list[Unmatched]:
        return [Unmatched(name, where, self.matcher.closest(name)) for name, where in self.missed.items()]


def import_plan(raw: str, registry: Registry, year: int | None = None) -> Imported:
    doc = document.split(raw)
    front = read_front(doc)
    matcher = Matcher(registry, front.issuer)
    names = _Names(matcher)

    def known(name: str) -> bool:
        return matcher.match(name) is not None

    root = outline.build(doc, known)
    chosen = tasks.sections(root, known)
    drafts = tasks.read_tasks(root, chosen, known)
    if not drafts:
        raise FatalError("没有找到任何重点任务：原文中应有“二、重点任务”一类的部分，其下按（一）、1. 等序号列出任务")
    year = year or front.year
    if year is None:
        raise FatalError(
            "无法从原文判断工作要点的年度（标题、文号和印发日期中都没有年份）；请用 --year 指定，如 --year 2024"
        )
    addressees = names.refs(front.addressees, "主送单位")
    found = [_task(d, names) for d in drafts]
    paragraphs = tasks.paragraphs(root, chosen, doc.front)
    said = Said(
        rules.find_rules(paragraphs, matcher),
        rules.holiday_shift(paragraphs),
        addressees,
        [t.refs for t in found],
        registry,
    )
    plan = draft(front, year, said)
    warnings = _warnings(found) + rules.unsupported(paragraphs)
    return Imported(plan.data, plan.checks, plan.absent, found, names.unmatched(), warnings)


def _task(d: tasks.Draft, names: _Names) -> Task:
    written = {role: list(d.names.get(role, [])) for role in ROLES}
    refs = {role: names.refs(written[role], f"任务{d.number}") for role in ROLES if written[role]}
    return Task(**{**vars(d), "names": written, "refs": refs})


def _warnings(found: list[Task]) -> list[str]:
    out = []
    for task in found:
        if not task.refs:
            out.append(
                f"任务{task.number}“{task.title}”没有找到分工括注（牵头、负责、配合、落实单位），"
                "请在任务文件的 roles 中补充。"
            )
        if task.renumbered:
            out.append(f"任务序号{task.number}在原文中重复出现，这一项的任务代码改为 {task.id}，请核对。")
    return out
