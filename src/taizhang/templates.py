"""New report files: a prefilled skeleton to complete, or (with --example) a complete sample.

Written as text, not dumped, so that each task carries a comment with its number, title and
the unit's role, as a civil servant filling it in would want to see.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taizhang import samples
from taizhang.data import layout, regular
from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLE_ZH, Plan, Task, Unit
from taizhang.errors import FatalError
from taizhang.tracking import kinds

STATUSES = "未启动 / 正常推进 / 滞后 / 已完成"


def _q(value: object) -> str:
    """A YAML scalar for `value`: JSON's double-quoted strings are valid YAML and always safe."""
    return json.dumps(value, ensure_ascii=False)


def target(
    ledger: Ledger, kind: str, unit_id: str, period: str
) -> tuple[Plan, Unit, list[tuple[Task, list[str]]], str]:
    unit = ledger.units.get(unit_id)
    if unit is None:
        known = "、".join(sorted(ledger.units))
        raise FatalError(f"单位“{unit_id}”未登记；已登记的单位代码：{known}")
    plan = ledger.plan_for(kind, period)
    if plan is None:
        raise FatalError(f"{period} 不在任何工作要点的报送期间内")
    tasks = ledger.unit_tasks(plan.key, unit_id)
    if not tasks:
        raise FatalError(f"{unit.name}在《{plan.title}》中没有任务分工，无需填报")
    return plan, unit, tasks, layout.report_path(kind, unit_id, period)


def render(root: Path, ledger: Ledger, kind: str, unit_id: str, period: str, example: bool) -> tuple[str, str]:
    """(repository path, file text) of a new report."""
    plan, unit, tasks, path = target(ledger, kind, unit_id, period)
    site = ledger.config.site_url if ledger.config else None
    head = [
        *layout.modeline(layout.schema_ref(root, path, kind, site)),
        f"# {unit.name} {_title(kind, period)}",
        f"# 依据：《{plan.title}》（{plan.document_number}）",
    ]
    if example:
        head.append("# 示例数据：本文件由 taizhang new --example 生成，仅供演示和测试。")
    else:
        head.append('# 填写说明：请把每一处 "" 填写完整；内容较长时可直接在引号内书写。')
    form = kinds.KINDS[kind].form
    body = [f"kind: {kind}", f"unit: {unit.id}"]
    body.append(f"year: {int(period)}" if kinds.KINDS[kind].period_field == "year" else f"period: {_q(period)}")
    if form == "plan":
        title = f"{unit.name}{plan.year}年{plan.title.removeprefix(str(plan.year) + '年')}"
        body.append(f"title: {_q(title)}")
    if example:
        body.append("sample: true")
        body += ["contact:", f"  name: {_q('示例填报人')}", f"  phone: {_q('0350-0000000')}"]
    else:
        body += ["contact:", '  name: ""      # 填报人姓名', '  phone: ""     # 联系电话']
    if form == "summary":
        text = f"{samples.MARK}{plan.year}年，{unit.name}认真落实工作要点各项任务，总体进展顺利。" if example else ""
        body.append(f"summary: {_q(text)}   # 总体情况")
    body.append("tasks:")
    for task, roles in tasks:
        body.append(f"  # {task.number} {task.title}（本单位：{'、'.join(ROLE_ZH[r] for r in roles)}）")
        body.append(f"  {task.id}:")
        body += _entry_lines(form, unit, period, task, example)
    body += _study_lines(ledger, plan, kind, unit, period, example)
    return path, "\n".join(head + body) + "\n"


def _entry_lines(form: str, unit: Unit, period: str, task: Task, example: bool) -> list[str]:
    if form == "progress":
        if example:
            return _dump(samples.progress(unit, period, task), 4)
        return [
            f'    status: ""       # {STATUSES}',
            '    progress: ""     # 进展情况（必填）',
            '    problems: ""     # 存在问题（没有可删去此行）',
            '    next_steps: ""   # 下步计划',
        ]
    if form == "plan":
        if example:
            return _dump(samples.plan_entry(unit, int(period), task), 4)
        return [
            '    measures: ""     # 工作举措（路线图）',
            '    owner: ""        # 责任人',
            "    milestones:      # 时间表，可写多项",
            f'      - by: "{period}-12-31"',
            '        goal: ""',
        ]
    if example:
        return _dump(samples.summary_entry(unit, int(period), task), 4)
    return [
        '    status: ""         # 已完成 / 基本完成 / 未完成',
        '    achievements: ""   # 主要成效',
        '    problems: ""       # 存在问题',
        '    next_year: ""      # 下年度打算',
    ]


def _study_lines(ledger: Ledger, plan: Plan, kind: str, unit: Unit, period: str, example: bool) -> list[str]:
    """The study sessions (中心组学习) a study rule of the plan counts in reports of `kind`."""
    rule = next((r for r in plan.rules if kinds.KINDS[r.kind].counted_in == kind), None)
    if rule is None or unit.id not in ledger.expand(rule.who):
        return []
    lines = ["# 中心组学习：每季度至少学习 1 次，本月有学习的请填写（日期、内容、人数），没有可删去。"]
    if example and int(period[5:7]) % 3 in (0, 2):
        return [*lines, "study_sessions:", *_dump([samples.study_session(unit, period)], 2)]
    return [*lines, "study_sessions: []"]


def _dump(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{key}:")
                out += _dump(item, indent + 2)
            else:
                out.append(f"{pad}{key}: {_q(item)}")
        return out
    out = []
    for item in value:
        inner = _dump(item, indent + 2)
        out.append(pad + "- " + inner[0].lstrip())
        out += inner[1:]
    return out


def _title(kind: str, period: str) -> str:
    """2023年9月月度进展情况, 2023年度工作要点备案, 2023年度工作总结."""
    return kinds.title(kind, period)


def write(root: Path, path: str, text: str) -> Path:
    """Write a new report; never overwrite one that exists."""
    try:
        regular.write(root, path, text.encode("utf-8"))
    except FileExistsError:
        raise FatalError(f"{path} 已存在，未覆盖；如需修改请直接编辑该文件") from None
    except regular.NotRegular as exc:
        raise FatalError(f"{path} 处是{exc.what}，未写入；请先删除它") from None
    return root / path


def from_data(root: Path, ledger: Ledger, data: dict[str, Any], source: str) -> tuple[str, str]:
    """(repository path, file text) of a report whose content is `data` (read from `source`, e.g. an
    Excel 填报表), laid out as render() lays out a new report: a comment over each task."""
    kind, unit_id = data["kind"], data["unit"]
    period = data["period"] if kind == "monthly" else str(data["year"])
    plan, unit, tasks, path = target(ledger, kind, unit_id, period)
    site = ledger.config.site_url if ledger.config else None
    head = [
        *layout.modeline(layout.schema_ref(root, path, kind, site)),
        f"# {unit.name} {_title(kind, period)}",
        f"# 依据：《{plan.title}》（{plan.document_number}）",
        f"# 由 {source} 导入（taizhang import-xlsx）。",
    ]
    roles = {task.id: (task, held) for task, held in tasks}
    body: list[str] = []
    for key, value in data.items():
        if key != "tasks":
            body += _dump({key: value}, 0)
            continue
        body.append("tasks:")
        for task_id, entry in value.items():
            if task_id in roles:
                task, held = roles[task_id]
                body.append(f"  # {task.number} {task.title}（本单位：{'、'.join(ROLE_ZH[r] for r in held)}）")
            body += _dump({task_id: entry}, 2)
    return path, "\n".join(head + body) + "\n"
