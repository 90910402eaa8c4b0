"""Typed issue forms: one per unit and report kind, one field per thing to fill in (`taizhang forms`).

    .github/ISSUE_TEMPLATE/<unit>-<kind>.yml

Each form is drawn from the kind's JSON Schema and the unit's tasks in the latest plan, as the site's
在线填报 form is: a dropdown for a choice (推进状态), a textarea for text, rows as lines for lists
(数据指标, 中心组学习). Field labels are the schema's Chinese labels (schema.label), which is also how a
submitted issue is read back: GitHub writes each field as `### <label>` and its value, and read()
turns those into the report the form workflow (issueform.receive) validates and hands in.
Pure: ledger in, {path: text} out; the CLI writes and checks the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from taizhang.data import cleaning, layout, schema
from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLE_ZH, Plan, Task, Unit
from taizhang.tracking import kinds
from taizhang.tracking.kinds import Kind, Period

FOLDER = ".github/ISSUE_TEMPLATE"
HEAD = "# 由 taizhang forms 生成，请勿手工修改：单位、任务或 JSON Schema 改动后重新运行 taizhang forms。\n"
REPORT = "报告"  # the dropdown naming unit and kind: "忻府区 月度进展情况（xinfu / monthly）"
ROW_SEPARATORS = re.compile(r"\s*[|｜\t]\s*")
_CHOICE = re.compile(r"（(?P<unit>[a-z0-9][a-z0-9-]*) / (?P<kind>[a-z_]+)）\s*$")
_NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class PeriodField:
    """The form's period field, told by the kind's cadence in the registry: 报告月份, 报告季度, 报告年度 …"""

    key: str  # the report's field: period, or year
    label: str  # 报告月份
    word: str  # 月份
    example: str  # 2023-08

    @staticmethod
    def of(kind: Kind) -> PeriodField:
        word, _, example = kind.period_example().partition("，如 ")
        return PeriodField(kind.period_field, f"报告{word}", word, example)

    @property
    def placeholder(self) -> str:
        return self.example.split("（")[0].split("、")[0]


@dataclass(frozen=True)
class Field:
    """One field of a typed form: where its value goes in the report, and the schema it must meet."""

    where: tuple[str, ...]
    label: str
    sub: dict[str, Any]
    required: bool


def path_of(unit_id: str, kind: str) -> str:
    return f"{FOLDER}/{unit_id}-{kind}.yml"


def render_all(ledger: Ledger) -> dict[str, str]:
    """Every typed form: for each unit with tasks in the latest plan, each report kind it owes."""
    plan = ledger.latest_plan()
    if plan is None:
        return {}
    out = {}
    for kind in layout.REPORT_KINDS:
        owing = set(ledger.owes(plan, kind))
        for unit in ledger.ordered_units():
            if unit.id in owing and ledger.unit_tasks(plan.key, unit.id):
                out[path_of(unit.id, kind)] = render(ledger, plan, unit, kind)
    return out


def render(ledger: Ledger, plan: Plan, unit: Unit, kind: str) -> str:
    title = kinds.zh(kind)
    tasks = ledger.unit_tasks(plan.key, unit.id)
    form = {
        "name": f"{unit.name} {title}",
        "description": f"{unit.name}填报{title}：每项任务逐栏填写，不需要懂 YAML；提交后系统自动校验并报送",
        "title": f"填报：{unit.name} {title}",
        "labels": ["填报"],
        "body": [_intro(plan, kind), *_items(kind, unit, tasks)],
    }
    return HEAD + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=1000)


def _intro(plan: Plan, kind: str) -> dict[str, Any]:
    text = (
        f"依据《{plan.title}》（{plan.document_number}）。请逐项填写，带 * 的必须填写；"
        "列表类的内容（数据指标、学习记录等）每行写一项，各部分之间用竖线“|”隔开。\n\n"
        "提交后几分钟内系统会在下面回复：校验通过的本单位报告自动合并，合并时间即为报送时间；"
        "有问题时会逐项说明，请点击本议题右上角的“…”→“Edit”修改后保存，系统会重新检查。"
        "也可以在网站本单位页面的“在线填报”中填写。"
    )
    return {"type": "markdown", "attributes": {"value": text}}


def _items(kind: str, unit: Unit, tasks: list[tuple[Task, list[str]]]) -> Iterator[dict[str, Any]]:
    choice = f"{unit.name} {kinds.zh(kind)}（{unit.id} / {kind}）"
    yield {
        "type": "dropdown",
        "id": "report",
        "attributes": {"label": REPORT, "options": [choice], "default": 0},
        "validations": {"required": True},
    }
    period = PeriodField.of(kinds.KINDS[kind])
    yield {
        "type": "input",
        "id": period.key,
        "attributes": {"label": period.label, "description": f"如 {period.example}", "placeholder": period.placeholder},
        "validations": {"required": True},
    }
    order = {t.id: (t, roles) for t, roles in tasks}
    last_task = None
    for field in fields(kind, [t.id for t, _ in tasks]):
        if field.where[0] == "tasks" and field.where[1] != last_task:
            last_task = field.where[1]
            task, roles = order[last_task]
            role = "、".join(ROLE_ZH[r] for r in roles)
            heading = f"### {task.number} {task.title}\n\n本单位：{role}（任务 {task.id}）"
            yield {"type": "markdown", "attributes": {"value": heading}}
        yield _item(field)


def fields(kind: str, task_ids: list[str]) -> list[Field]:
    """The form's fields in the schema's order, tasks expanded, identity fields left to the path."""
    root = schema.schema(kind)
    out: list[Field] = []
    required = root.get("required", [])
    for name, sub in root.get("properties", {}).items():
        if name in ("kind", "unit", "period", "year", "sample"):
            continue
        out += _fields(root, (name,), sub, name in required, task_ids)
    return out


def _fields(root: dict[str, Any], where: tuple[str, ...], sub: Any, required: bool, tasks: list[str]) -> list[Field]:
    node = schema.resolve(root, sub)
    if node.get("type") == "object" and "properties" in node:
        need = node.get("required", [])
        return [f for k, s in node["properties"].items() for f in _fields(root, (*where, k), s, k in need, tasks)]
    if node.get("type") == "object":
        entry = schema.resolve(root, node.get("additionalProperties"))
        return [f for t in tasks for f in _fields(root, (*where, t), entry, True, tasks)]
    if node.get("type") == "array":  # rows: each item's fields resolved, as the rows are read back by them
        node = {**node, "items": schema.resolve(root, node.get("items"))}
    return [Field(where, schema.label(root, where), node, required)]


def _item(field: Field) -> dict[str, Any]:
    sub, ident = field.sub, "-".join(field.where)
    attributes: dict[str, Any] = {"label": field.label}
    if "enum" in sub:
        attributes["options"] = list(sub["enum"])
        return {"type": "dropdown", "id": ident, "attributes": attributes, "validations": {"required": field.required}}
    if sub.get("type") == "array":
        item = sub.get("items", {})
        parts = [str(p.get("title", k)) for k, p in item.get("properties", {}).items()]
        attributes["description"] = f"每行一项，依次写{'、'.join(parts)}，用“|”隔开；没有可不填。"
        attributes["placeholder"] = " | ".join(parts)
        return {"type": "textarea", "id": ident, "attributes": attributes, "validations": {"required": False}}
    kind = "textarea" if is_long_text(sub) else "input"
    return {"type": kind, "id": ident, "attributes": attributes, "validations": {"required": field.required}}


def is_long_text(sub: dict[str, Any]) -> bool:
    """A box for paragraphs (进展情况), not a line (姓名, 电话): as the site's form decides (form.js)."""
    plain = sub.get("type") == "string" and "pattern" not in sub and "format" not in sub
    return plain and int(sub.get("maxLength", 5000)) > 200


def sections(body: str) -> dict[str, str]:
    """An issue form's body as GitHub writes it: {label: value}, empty fields left out."""
    body = body.replace("\r\n", "\n")
    found: dict[str, str] = {}
    parts = re.split(r"^###\s+(.+?)\s*$", body, flags=re.MULTILINE)
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        value = value.strip("\n").strip()
        if value and value != _NO_RESPONSE:
            found[label.strip()] = value
    return found


def is_typed(body: str) -> bool:
    return REPORT in sections(body)


def read(ledger: Ledger, body: str) -> dict[str, Any] | str:
    """The report a typed form's issue holds, or a Chinese message saying what is wrong."""
    values = sections(body)
    match = _CHOICE.search(values.get(REPORT, ""))
    if match is None:
        return f"没有找到“{REPORT}”一栏（单位和报告类别）；请用仓库“New issue”中本单位的表单重新填写。"
    unit, kind = match["unit"], match["kind"]
    if kind not in layout.REPORT_KINDS:
        return f"“{REPORT}”一栏的报告类别“{kind}”不认识；请用本单位的表单重新填写。"
    asked = PeriodField.of(kinds.KINDS[kind])
    period = values.get(asked.label, "").strip()
    if Period.parse(period, kinds.KINDS[kind].cadence) is None:
        return f"“{asked.label}”一栏应填写{asked.word}，如 {asked.example}，现在是“{period or '未填写'}”。"
    plan = ledger.plan_for(kind, period)
    tasks = [t.id for t, _ in ledger.unit_tasks(plan.key, unit)] if plan else []
    value: str | int = int(period) if asked.key == "year" else period
    data: dict[str, Any] = {"kind": kind, "unit": unit, asked.key: value}
    for field in fields(kind, tasks):
        text = values.get(field.label)
        if text is None:
            if field.required:
                _put(data, field.where, "")  # validate says 未填写, beside the field's label
            continue
        _put(data, field.where, _value(field.sub, text))
    return data


def _value(sub: dict[str, Any], text: str) -> Any:
    if sub.get("type") != "array":
        return _scalar(sub, text)
    item = sub.get("items", {})
    names = list(item.get("properties", {}))
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = ROW_SEPARATORS.split(line.strip())
        rows.append(
            {name: _scalar(item["properties"][name], cell) for name, cell in zip(names, cells, strict=False) if cell}
        )
    return rows


def _scalar(sub: dict[str, Any], text: str) -> Any:
    text = text.strip()
    if sub.get("type") in ("number", "integer"):
        plain = text.replace(",", "").replace("，", "")
        try:
            number = float(plain)
        except ValueError:
            return text  # validate says it is not a number
        return int(number) if number.is_integer() and "." not in plain else number
    return cleaning.clean(text)


def _put(data: dict[str, Any], where: tuple[str, ...], value: Any) -> None:
    node = data
    for step in where[:-1]:
        node = node.setdefault(step, {})
    node[where[-1]] = value


def text(head: list[str], data: dict[str, Any]) -> str:
    """The report file: the template's comment lines (the $schema line first), then the data."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(head) + "\n" + body
