"""Checks across files: references resolve, paths agree with content, reports fit the plan.

Pure: takes the ledger and returns findings that name a JSON path inside a file; the caller
turns them into line numbers (only failing files are read again).
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLE_ZH, Plan, Report, Task
from taizhang.tracking import kinds

Where = tuple[str | int, ...]
Assignments = dict[str, list[tuple[Task, list[str]]]]  # unit -> the tasks it holds, with its roles


@dataclass(frozen=True)
class Finding:
    path: str
    where: Where
    code: str
    message: str
    at_key: bool = False  # point at the key rather than the value
    severity: str = "error"  # error | warning (content rules say which, in plan.yml)


def check(ledger: Ledger) -> list[Finding]:
    found: list[Finding] = []
    found += _ids(ledger)
    found += _groups(ledger)
    for plan in ledger.plans.values():
        found += _plan(ledger, plan)
    found += _overlaps(ledger)
    found += _orphan_tasks(ledger)
    found += _channels(ledger)
    assignments: dict[str, Assignments] = {}  # by plan, asked once each
    for report in ledger.reports:
        found += _report(ledger, report, assignments)
    return found


def _ids(ledger: Ledger) -> list[Finding]:
    things = [(k, u.id, u.path, "单位") for k, u in ledger.units.items()]
    things += [(k, g.id, g.path, "分组") for k, g in ledger.groups.items()]
    things += [(k, t.id, t.path, "任务") for tasks in ledger.tasks.values() for k, t in tasks.items()]
    found = [
        Finding(path, ("id",), "P305", f"{what}代码“{stated}”与文件名“{key}”不一致；请让 id 与文件名相同。")
        for key, stated, path, what in things
        if stated != key
    ]
    for key in sorted(ledger.units.keys() & ledger.groups.keys()):
        found.append(
            Finding(ledger.groups[key].path, ("id",), "R405", f"分组代码“{key}”与单位代码重复；请给分组换一个代码。")
        )
    return found


def _groups(ledger: Ledger) -> list[Finding]:
    found = []
    for unit in ledger.units.values():
        for i, group_id in enumerate(unit.groups):
            if group_id not in ledger.groups:
                found.append(
                    Finding(
                        unit.path,
                        ("groups", i),
                        "R406",
                        f"分组“{group_id}”不存在{_suggest(group_id, ledger.groups)}；分组见 groups/ 目录。",
                    )
                )
    for group in ledger.groups.values():
        if not ledger.members(group.id) and not group.draft:  # a draft's members are a placeholder: D506
            found.append(
                Finding(
                    group.path,
                    ("id",),
                    "R411",
                    f"分组“{group.name}”没有成员；请在相应单位文件的 groups 中加入“{group.id}”。",
                )
            )
    return found


def _channels(ledger: Ledger) -> list[Finding]:
    """Each channel a unit's `notify` names is one taizhang.yml's `notify.channels` defines."""
    defined = (ledger.config.notify.get("channels") or {}) if ledger.config else {}
    return [
        Finding(
            unit.path,
            ("notify", name),
            "R450",
            f"通知通道“{name}”未在 taizhang.yml 的 notify.channels 中定义{_suggest(name, defined)}；"
            "请先在 taizhang.yml 中定义该通道，或改为已定义的通道名称。",
            at_key=True,
        )
        for unit in ledger.units.values()
        for name in unit.notify
        if name not in defined
    ]


def _plan(ledger: Ledger, plan: Plan) -> list[Finding]:
    found = []
    path = plan.path
    if plan.start > plan.end:
        found.append(Finding(path, ("period",), "R404", f"报送期间起始月份 {plan.start} 晚于结束月份 {plan.end}。"))
    if not plan.start.startswith(f"{plan.year}-"):
        found.append(Finding(path, ("period", "start"), "R404", f"起始月份 {plan.start} 不在年度 {plan.year} 内。"))
    for i, ref in enumerate(plan.addressees):
        found += _ref(ledger, path, ("addressees", i), ref)
    if plan.reviewer:
        found += _ref(ledger, path, ("reporting", "reviewer"), plan.reviewer, unit_only=True)
    seen: set[str] = set()
    for i, rule in enumerate(plan.rules):
        where: Where = ("reporting", "rules", i)
        if rule.kind in seen:
            found.append(
                Finding(path, (*where, "kind"), "R405", f"报送类别“{rule.kind}”的规则重复；每类只能有一条规则。")
            )
        seen.add(rule.kind)
        for j, ref in enumerate(rule.who):
            found += _ref(ledger, path, (*where, "who", j), ref)
        if rule.to:
            found += _ref(ledger, path, (*where, "to"), rule.to, unit_only=True)
        expected = kinds.KINDS[rule.kind].cadence
        if rule.every != expected:
            found.append(Finding(path, (*where, "every"), "R410", f"“{rule.kind}”规则的周期应为 {expected}。"))
        elif (rule.every == "once") != (rule.due.date is not None):
            message = (
                "一次性报送的截止日应写成 due: {date: 年-月-日}，如 due: {date: 2023-10-31}。"
                if rule.every == "once"
                else "只有一次性报送（every: once）的截止日写日期；定期报送请写 due: {from: period_end, months: 1, day: 3} 的形式。"
            )
            found.append(Finding(path, (*where, "due"), "R410", message))
    if plan.key not in ledger.tasks:
        found.append(
            Finding(path, (), "P306", f"工作要点 {plan.key} 下没有任务文件；任务应放在 tasks/{plan.key}/ 目录。")
        )
    for task in ledger.ordered_tasks(plan.key):
        for role, refs in task.roles.items():
            for j, ref in enumerate(refs):
                found += _ref(ledger, task.path, ("roles", role, j), ref)
    return found


def _ref(ledger: Ledger, path: str, where: Where, ref: str, unit_only: bool = False) -> list[Finding]:
    if ref in ledger.units or (not unit_only and ref in ledger.groups):
        return []
    names = dict(ledger.units) if unit_only else {**ledger.units, **ledger.groups}
    what = "单位" if unit_only else "单位或分组"
    return [
        Finding(
            path,
            where,
            "R406",
            f"“{ref}”不是已登记的{what}{_suggest(ref, names)}；单位见 units/ 目录，分组见 groups/ 目录。",
        )
    ]


def _overlaps(ledger: Ledger) -> list[Finding]:
    found = []
    plans = sorted(ledger.plans.values(), key=lambda p: p.start)
    for before, after in itertools.pairwise(plans):
        if after.start <= before.end:
            found.append(
                Finding(
                    after.path,
                    ("period",),
                    "R409",
                    f"报送期间与 {before.path} 重叠（{after.start} 早于 {before.end}）；每个月只能属于一份工作要点。",
                )
            )
    return found


def _orphan_tasks(ledger: Ledger) -> list[Finding]:
    return [
        Finding(task.path, (), "P306", f"缺少工作要点文件 tasks/{plan}/plan.yml。")
        for plan, tasks in ledger.tasks.items()
        if plan not in ledger.plans
        for task in list(tasks.values())[:1]
    ]


def report_findings(ledger: Ledger, report: Report) -> list[Finding]:
    """The cross-file checks of one report alone (an earlier version of it, read from the history)."""
    return _report(ledger, report, {})


def _report(ledger: Ledger, report: Report, assignments: dict[str, Assignments]) -> list[Finding]:
    found = []
    data, path = report.data, report.path
    if data["unit"] != report.unit:
        found.append(
            Finding(
                path,
                ("unit",),
                "P303",
                f"文件中的单位“{data['unit']}”与路径中的单位“{report.unit}”不一致；请把 unit 改为“{report.unit}”，或把文件放到本单位的文件名下。",
            )
        )
    stated = data.get("period", str(data.get("year", "")))
    if str(stated) != report.period:
        field = "period" if "period" in data else "year"
        found.append(
            Finding(
                path,
                (field,),
                "P304",
                f"文件中的期间“{stated}”与路径中的“{report.period}”不一致；请改为“{report.period}”，或把文件放到对应目录。",
            )
        )
    if report.unit not in ledger.units:
        found.append(
            Finding(
                path,
                ("unit",),
                "R401",
                f"单位“{report.unit}”未在单位名录中登记{_suggest(report.unit, ledger.units)}；请检查单位代码（见 units/ 目录）。",
            )
        )
        return found
    plan = ledger.plan_for(report.kind, report.period)
    if plan is None:
        span = "、".join(f"{p.start} 至 {p.end}" for p in ledger.plans.values()) or "（无）"
        field = kinds.KINDS[report.kind].period_field
        what = {"month": "月份", "year": "年度"}.get(kinds.KINDS[report.kind].cadence, "期间")
        found.append(
            Finding(
                path,
                (field,),
                "R404",
                f"{what} {report.period} 不在任何工作要点的报送期间内（现有：{span}）。",
            )
        )
        return found
    if plan.key not in assignments:
        assignments[plan.key] = ledger.assignments(plan.key)
    held = {task.id: roles for task, roles in assignments[plan.key].get(report.unit, [])}
    tasks = ledger.tasks.get(plan.key, {})
    for task_id in report.entries:
        if task_id not in tasks:
            found.append(
                Finding(
                    path,
                    ("tasks", task_id),
                    "R402",
                    f"任务“{task_id}”不在《{plan.title}》中{_suggest(task_id, tasks)}。",
                    at_key=True,
                )
            )
        elif task_id not in held:
            task = tasks[task_id]
            found.append(
                Finding(
                    path,
                    ("tasks", task_id),
                    "R403",
                    f"本单位在任务 {task.number}“{task.title}”中没有分工，不需要填报这一项；请删除。",
                    at_key=True,
                )
            )
    for task_id, roles in held.items():
        if task_id not in report.entries:
            task = tasks[task_id]
            role = "、".join(ROLE_ZH[r] for r in roles)
            found.append(
                Finding(
                    path,
                    ("tasks",),
                    "R407",
                    f"缺少任务 {task.number}“{task.title}”（本单位：{role}）；请补上 {task_id} 一项。",
                    at_key=True,
                )
            )
    if any(kind.counted_in == report.kind for kind in kinds.KINDS.values()):
        for i, session in enumerate(data.get("study_sessions", [])):
            month = session["date"][:7]
            if month > report.period or month < plan.start:
                found.append(
                    Finding(
                        path,
                        ("study_sessions", i, "date"),
                        "R408",
                        f"学习日期 {session['date']} 不在可报告的范围内（{plan.start} 至 {report.period}）。",
                    )
                )
    return found


def _suggest(name: str, known: object) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return f"（是否是“{close[0]}”？）" if close else ""
