"""An import written out: plan.yml and one file per task in the repository's own layout, or JSON.

The YAML is written by hand (not yaml.dump) so that it reads like the bundled files: key order,
flow lists for roles, double-quoted text, and comments that mark every guess for the user.
A unit name that matched nothing is written as it stands in a role list, where `taizhang validate`
points at it, with a comment naming the closest registered unit.
"""

from __future__ import annotations

import json
import re
from typing import Any

from taizhang.data import layout
from taizhang.data.load import parse_document
from taizhang.data.model import ROLES
from taizhang.importer import Imported, Task, Unmatched

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")
_REF = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def scalar(value: object, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain when the project's strict loader reads it back as the same
    string (so 2023-07-17 stays plain, yes or 07 get quotes), double-quoted otherwise."""
    if not isinstance(value, str):
        return str(value)
    plain = bool(_PLAIN.match(value)) and ": " not in value and not value.endswith(":")
    if flow and re.search(r"[,\[\]{}]", value):
        plain = False
    if plain:
        read = parse_document("-", f"v: {value}\n".encode())
        if read.ok and read.data == {"v": value}:
            return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def unmatched_comment(names: list[str], unmatched: dict[str, Unmatched], indent: str = "") -> list[str]:
    strange = [n for n in names if not _REF.match(n)]
    if not strange:
        return []
    parts = []
    for name in strange:
        near = unmatched[name].closest if name in unmatched else None
        parts.append(f"“{name}”" + (f"（是否是“{near.name}”，代码 {near.id}？）" if near else ""))
    return [
        f"{indent}# 未登记的单位：{'、'.join(parts)}；"
        "请在 units/ 登记，或改为已登记的单位代码（taizhang validate 会指出此处）"
    ]


def task_yaml(task: Task, schema: str | None, unmatched: dict[str, Unmatched]) -> str:
    lines = [
        *layout.modeline(schema),
        f"id: {task.id}",
        f"number: {scalar(task.number)}",
        f"order: {task.order}",
    ]
    if task.group:
        lines += [
            "group:",
            f"  number: {scalar(task.group['number'])}",
            f"  title: {scalar(task.group['title'])}",
        ]
    lines += [f"title: {scalar(task.title)}", f"text: {json.dumps(task.text, ensure_ascii=False)}"]
    if task.note:
        lines.append(f"note: {json.dumps(task.note, ensure_ascii=False)}")
    if not task.refs:
        lines.append(
            "# 请补充：原文中没有找到本任务的分工括注；请填写单位代码："
            "lead 牵头、responsible 负责、cooperating 配合、implementing 落实"
        )
        lines.append("roles: {}")
        return "\n".join(lines) + "\n"
    lines += unmatched_comment([r for refs in task.refs.values() for r in refs], unmatched)
    lines.append("roles:")
    lines += [f"  {role}: {flow_list(task.refs[role])}" for role in ROLES if role in task.refs]
    return "\n".join(lines) + "\n"


def plan_yaml(result: Imported, schema: str | None) -> str:
    plan, checks = result.plan, result.checks
    unmatched = {u.name: u for u in result.unmatched}
    lines = [
        *layout.modeline(schema),
        f"# 工作要点：{plan['issuer']}《{plan['title']}》（{plan['document_number']}）",
        "# 由 taizhang import-plan 从原文导入；带注释的值是导入时的推断或默认值，请逐条核对。",
    ]
    for key in ("title", "notice_title", "issuer", "document_number", "issued", "printed_by", "publicity"):
        if key in plan:
            lines += _noted(checks, key, "", f"{key}: {scalar(plan[key])}")
    lines.append(f"year: {plan['year']}")
    period = plan["period"]
    lines += _noted(checks, "period", "", "period:", f"  start: {period['start']}", f"  end: {period['end']}")
    if "addressees" in plan:
        lines += unmatched_comment(plan["addressees"], unmatched)
        lines.append(f"addressees: {flow_list(plan['addressees'])}")
    if "source" in plan:
        lines.append(f"source: {scalar(plan['source'])}")
    lines += ["# 报送规则（原文“工作要求”等处）。截止日当天24时前（北京时间）报送均为按时。", "reporting:"]
    reporting = plan["reporting"]
    for key in ("timezone", "reviewer", "holiday_shift", "due_soon_days", "hand_in_grace_days"):
        if key in reporting:
            lines += _noted(checks, f"reporting.{key}", "  ", f"  {key}: {scalar(reporting[key])}")
    lines.append("  rules:")
    for rule in reporting["rules"]:
        lines += _rule(rule, checks)
    lines += [f"  # {remark}" for remark in result.absent]
    return "\n".join(lines) + "\n"


def _rule(rule: dict[str, Any], checks: dict[str, str]) -> list[str]:
    kind, due = rule["kind"], rule["due"]
    lines = _noted(checks, f"rules.{kind}", "    ", f"    - kind: {kind}", f"      name: {scalar(rule['name'])}")
    lines += _noted(checks, f"rules.{kind}.who", "      ", f"      who: {flow_list(rule['who'])}")
    if "to" in rule:
        lines.append(f"      to: {rule['to']}")
    lines.append(f"      every: {rule['every']}")
    if "min_sessions" in rule:
        lines.append(f"      min_sessions: {rule['min_sessions']}")
    flow = f"{{from: {due['from']}, months: {due['months']}, day: {due['day']}}}"
    lines += _noted(checks, f"rules.{kind}.due", "      ", f"      due: {flow}")
    if "source" in rule:
        lines.append(f"      source: {scalar(rule['source'])}")
    return lines


def _noted(checks: dict[str, str], key: str, indent: str, *lines: str) -> list[str]:
    """`lines`, after a comment with the remark on `key` when there is one."""
    return [*([f"{indent}# {checks[key]}"] if key in checks else []), *lines]


def as_json(result: Imported) -> dict[str, Any]:
    """The `--format json` shape: unit names as written in `roles`, registry ids in `refs`."""
    return {
        "plan": result.plan,
        "tasks": [
            {
                "id": t.id,
                "number": t.number,
                "order": t.order,
                "group": t.group,
                "title": t.title,
                "text": t.text,
                "note": t.note,
                "roles": t.names,
                "refs": t.refs,
            }
            for t in result.tasks
        ],
        "unmatched_units": [u.name for u in result.unmatched],
        "unmatched_details": [
            {
                "name": u.name,
                "where": u.where,
                "closest": {"name": u.closest.name, "id": u.closest.id} if u.closest else None,
            }
            for u in result.unmatched
        ],
        "checks": result.checks,
        "warnings": result.warnings,
    }
