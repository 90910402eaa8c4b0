"""Minimum content (最低内容要求): what a report must say to count as submitted, by the plan's rules.

A report with 无 in every field, or sample text (示例数据) left in, is no report. plan.yml's
`reporting.content` says, per role, how long the main text of each task must be, which words are
mere placeholders (无、暂无、同上) and whether sample markers are refused; each rule is an error
(the report does not count until fixed) or a warning (shown, not counted against the unit).
A plan without `content` gets DEFAULTS, the same rules the bundled plan spells out for the bureau
to confirm (请核对). Sample markers are allowed only in a demo repository (taizhang.yml `demo: true`).

Pure: the ledger in, findings out (validate.py turns them into lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from taizhang.data.crossref import Finding, Where
from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLE_ZH, Plan, Report, Task
from taizhang.samples import MARK
from taizhang.tracking import kinds

# The main text of each task entry, per report kind: the field the minimum applies to.
# (One place for the kind-specific part; the report-kind registry can own it later.)
MAIN_FIELD = {
    kinds.MONTHLY: ("progress", "进展情况"),
    kinds.ANNUAL_PLAN: ("measures", "工作举措"),
    kinds.ANNUAL_SUMMARY: ("achievements", "主要成效"),
}
SUMMARY_FIELD = {kinds.ANNUAL_SUMMARY: ("summary", "总体情况")}

DEFAULTS: dict[str, Any] = {
    "placeholders": ["无", "暂无", "同上", "略", "见上", "无进展", "暂无进展", "正常", "/", "-", "—"],
    "minimum": [
        {"roles": ["lead", "responsible", "implementing"], "min_chars": 15, "severity": "error"},
        {"roles": ["cooperating"], "min_chars": 15, "severity": "warning"},
    ],
    "sample_data": "error",
}
_PUNCTUATION = " \t\r\n　。，、；：！？,.;:!?…（）()“”\"'"


@dataclass(frozen=True)
class Minimum:
    """For units holding one of `roles` on a task: at least `min_chars` characters, not a placeholder."""

    roles: tuple[str, ...]
    min_chars: int
    severity: str  # error | warning


@dataclass(frozen=True)
class ContentRules:
    placeholders: frozenset[str]
    minimum: tuple[Minimum, ...]
    sample_data: str  # error | warning: how sample markers outside a demo repository are treated
    longest: int = 0  # the longest placeholder: a longer text is none of them

    def for_roles(self, roles: Iterable[str]) -> Minimum | None:
        """The strictest minimum among the unit's roles on a task (an error beats a warning)."""
        held = set(roles)
        found = [m for m in self.minimum if held & set(m.roles)]
        return max(found, key=lambda m: (m.severity == "error", m.min_chars), default=None)

    def describe(self) -> list[str]:
        """The rules in words, for the site's assessment pages."""
        out = []
        for m in self.minimum:
            roles = "、".join(ROLE_ZH.get(r, r) for r in m.roles)
            effect = "不算报送，需修改" if m.severity == "error" else "只作提示"
            out.append(f"{roles}的任务，主要内容（如进展情况）至少 {m.min_chars} 个字，否则{effect}")
        words = "、".join(sorted(self.placeholders - {"/", "-", "—"}))
        out.append(f"只填“{words}”等占位文字的，视同未填")
        return out


def rules_of(plan: Plan) -> ContentRules:
    raw: dict[str, Any] = {**DEFAULTS, **(plan.raw.get("reporting", {}).get("content") or {})}
    return ContentRules(
        placeholders=frozenset(_bare(p) for p in raw["placeholders"]),
        minimum=tuple(Minimum(tuple(m["roles"]), m["min_chars"], m.get("severity", "error")) for m in raw["minimum"]),
        sample_data=raw["sample_data"],
        longest=max((len(_bare(p)) for p in raw["placeholders"]), default=0),
    )


def check(ledger: Ledger) -> list[Finding]:
    """Every report's content problems. A province has 60,000 reports: each plan's assignments are
    asked once, and each unit's minimum per task worked out once per plan."""
    found: list[Finding] = []
    rules: dict[str, ContentRules] = {}
    minimums: dict[tuple[str, str], Minimums] = {}
    demo = bool(ledger.config and ledger.config.demo)
    for report in ledger.reports:
        plan = ledger.plan_for(report.kind, report.period)
        if plan is None or report.unit not in ledger.units:
            continue  # crossref says so
        if plan.key not in rules:
            rules[plan.key] = rules_of(plan)
            assigned = ledger.assignments(plan.key)
            for unit, tasks in assigned.items():
                minimums[(plan.key, unit)] = _minimums(rules[plan.key], tasks)
        found += _report(rules[plan.key], minimums.get((plan.key, report.unit), {}), report, demo)
    return found


Minimums = dict[str, "Minimum | None"]  # task id -> the minimum its unit's roles call for


def report_content(ledger: Ledger, plan: Plan, rules: ContentRules, report: Report, demo: bool) -> list[Finding]:
    """Every content problem of one report."""
    return _report(rules, _minimums(rules, ledger.unit_tasks(plan.key, report.unit)), report, demo)


def _minimums(rules: ContentRules, held: Iterable[tuple[Task, list[str]]]) -> Minimums:
    return {task.id: rules.for_roles(roles) for task, roles in held}


def _report(rules: ContentRules, minimums: Minimums, report: Report, demo: bool) -> list[Finding]:
    found = [] if demo else _samples(report, rules.sample_data)
    field = MAIN_FIELD.get(report.kind)
    if field is None:
        return found
    key, name = field
    for task_id, entry in report.entries.items():
        minimum = minimums.get(task_id)
        if minimum is not None and isinstance(entry, dict):
            found += _text(report.path, ("tasks", task_id, key), name, entry.get(key), minimum, rules, task_id)
    if report.kind in SUMMARY_FIELD:
        key, name = SUMMARY_FIELD[report.kind]
        strictest = rules.for_roles(ROLE_ZH)
        if strictest is not None:
            found += _text(report.path, (key,), name, report.data.get(key), strictest, rules, None)
    return found


def _text(
    path: str, where: Where, name: str, value: Any, rule: Minimum, rules: ContentRules, task: str | None
) -> list[Finding]:
    if not isinstance(value, str):
        return []  # the schema says it is missing
    text = value.replace(MARK, "") if MARK in value else value
    length = len("".join(text.split()))
    if length >= rule.min_chars and length > rules.longest:
        return []  # the usual case, told without more work: long enough to be neither short nor a placeholder
    which = f"任务 {task} 的{name}" if task else name
    if _bare(text) in rules.placeholders or not _bare(text):
        message = f"{which}只写了“{value.strip()}”，不算填报；请写明本期实际做了什么（至少 {rule.min_chars} 个字）。"
        return [Finding(path, where, "R431", message, severity=rule.severity)]
    if length < rule.min_chars:
        message = f"{which}只有 {length} 个字，少于要求的 {rule.min_chars} 个字；请写明具体措施、进度或数据。"
        return [Finding(path, where, "R430", message, severity=rule.severity)]
    return []


def _samples(report: Report, severity: str) -> list[Finding]:
    found = []
    if report.data.get("sample") is True:
        message = "sample: true 表示这是演示用示例数据，不能作为正式报告；请删除这一行，并把内容改为本单位的实际情况。"
        found.append(Finding(report.path, ("sample",), "R432", message, at_key=True, severity=severity))
    marked = list(_marked(report.data, ()))
    if marked:
        message = (
            f"报告中有 {len(marked)} 处“{MARK}”示例文字（首处在此），不能作为正式报告；"
            f"请把每一处改写为本单位的实际情况，并删去“{MARK}”。"
        )
        found.append(Finding(report.path, marked[0], "R432", message, severity=severity))
    return found


def _marked(value: Any, where: Where) -> Iterator[Where]:
    if isinstance(value, str) and MARK in value:
        yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _marked(item, (*where, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _marked(item, (*where, i))


def _bare(text: str) -> str:
    return text.strip(_PUNCTUATION)
