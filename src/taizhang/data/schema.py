"""JSON Schemas for every kind of file, and their errors told in Chinese with line numbers."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from taizhang.data import precheck
from taizhang.data.diagnostics import Diagnostic
from taizhang.data.load import FULLWIDTH_KEY, locate
from taizhang.tracking import kinds

# Every schema file: the other files', then each report form's (the registry says which kind uses which).
KINDS = ("config", "unit", "group", "plan", "task", *kinds.SCHEMAS, "calendar", "receipts", "return", "extension")

TYPE_ZH = {
    "object": "若干“字段: 内容”组成的一组",
    "array": "列表（每项以“- ”开头）",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "null": "空",
}

PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]{0,63}$": "代码只能由小写英文字母、数字和连字符组成，如 xinfu、yunshu-zhongxin",
    "^[0-9]{4}-(0[1-9]|1[0-2])$": "月份应写成“年-月”，如 2023-08",
    "^t[0-9]+(-[0-9]+)*$": "任务代码应写成 t 加序号，如 t1、t4-1",
    "^([0-9+() -]{5,30})?$": "电话只能包含数字、空格、+、-、括号",
    "^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$": "期间应写成月份（如 2023-08）、季度（2023-Q3）或年度（2023）",
    "^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12]|-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$": (
        "期间应写成月份（如 2023-08）、季度（2023-Q3）、半年（2023-H1）、年度（2023）或日期（2023-10-31）"
    ),
    "^[0-9]{4}-(Q[1-4]|H[12]|(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$": (
        "期间应写成季度（如 2024-Q1）、半年（2024-H1）或一次性报送的截止日期（2024-10-31）"
    ),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)$": (
        "时间应写成“年-月-日T时:分:秒+08:00”（北京时间），如 2023-08-03T16:20:00+08:00"
    ),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "日期应写成“年-月-日”，如 2023-10-07",
}


def schema_name(kind: str) -> str:
    """The schema file stem for files of `kind` (a report kind's own, or the file kind's name)."""
    report = kinds.get(kind)
    return report.schema if report is not None and report.schema else kind


def schema_text(kind: str) -> str:
    return (
        resources.files("taizhang").joinpath("schemas", f"{schema_name(kind)}.schema.json").read_text(encoding="utf-8")
    )


@cache
def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(kind))
    return loaded


@cache
def validator(kind: str) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema(kind))
    return cls(schema(kind), format_checker=cls.FORMAT_CHECKER)


@cache
def quick(kind: str) -> precheck.Check | None:
    """The compiled yes/no check of `kind`'s schema (None if it cannot be compiled)."""
    formats = jsonschema.validators.validator_for(schema(kind)).FORMAT_CHECKER  # as validator() uses
    return precheck.compile_check(schema(kind), formats)


def check(kind: str, path: str, text: str, data: Any) -> list[Diagnostic]:
    """Every schema error of `data` as a diagnostic at its line. Empty when valid (the fast path:
    the compiled check; jsonschema is asked only when it says no, and tells what is wrong)."""
    fast = quick(kind)
    if fast is not None and fast(data):
        return []
    v = validator(kind)
    if v.is_valid(data):
        return []
    found: list[Diagnostic] = []
    for error in sorted(v.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        found.extend(_translate(kind, path, text, error))
    return found


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# The sentences of the schema diagnostics, shared word for word with the site's 在线填报 form
# (site/pages/form.py hands them to form.js), so the form says what `validate` would say.
MESSAGES = {
    "empty": "{name}未填写；请填上内容。",
    "required": "{name}缺少必填项{label}；请补上，例如“{missing}: …”。",
    "type": "{name}应为{wanted}，现在是{actual}“{shown}”。",
    "enum": "{name}的值“{shown}”不在可选范围内；应为以下之一：{choices}。",
    "const": "{name}应为“{expected}”，现在是“{shown}”。",
    "pattern": "{name}的值“{shown}”写法不对：{hint}。",
    "date": "{name}的值“{shown}”不是有效日期；请写成“年-月-日”，如 2023-08-03。",
    "format": "{name}的值“{shown}”不符合 {expected} 格式。",
    "length": "{name}{limit}。",
    "range": "{name}的值 {shown} {limit}。",
    "unique": "{name}中有重复的项，请删去重复的。",
}
_CODES = {"empty": "S201", "required": "S201", "type": "S203", "enum": "S204", "const": "S204"}
_CODES |= {"pattern": "S205", "date": "S206", "format": "S205", "length": "S207", "range": "S208", "unique": "S209"}


def _translate(kind: str, path: str, text: str, error: ValidationError) -> list[Diagnostic]:
    where = tuple(error.absolute_path)
    sub = _as_dict(error.schema)
    name = field_name(schema(kind), where)
    keyword = str(error.validator)
    instance = error.instance
    if keyword == "anyOf" or keyword == "oneOf":
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None and best is not error:
            return _translate(kind, path, text, best)
    if keyword == "type" and isinstance(instance, str) and FULLWIDTH_KEY.match(instance):
        key = FULLWIDTH_KEY.match(instance).group(1)  # type: ignore[union-attr]
        line, column = locate(text, where)[0]
        return [
            Diagnostic(
                path,
                line,
                column,
                "Y104",
                f"“{key}”后面用了全角冒号“：”；字段名和内容之间要用半角冒号加空格，请改成“{key}: ”。",
            )
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(sub.get("properties", {}))
        extras = [k for k in instance if k not in allowed]
        out = []
        for extra in extras:
            value_at, key_at = locate(text, (*where, extra))
            line, column = key_at or value_at
            choices = "、".join(allowed)
            out.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    "S202",
                    f"{_where_zh(kind, where)}不允许有字段“{extra}”；可用的字段有：{choices}。请检查拼写或删除它。",
                )
            )
        return out
    if keyword == "propertyNames":
        value_at, key_at = locate(text, (*where, str(instance)))
        line, column = key_at or value_at
        hint = PATTERN_HINTS.get(sub.get("pattern", ""), "请检查拼写")
        return [Diagnostic(path, line, column, "S205", f"{_where_zh(kind, where)}中的“{instance}”写法不对：{hint}。")]
    value_at, key_at = locate(text, where)
    line, column = value_at
    code, message = _describe(keyword, name, instance, error)
    if keyword == "required":
        line, column = key_at or value_at
    return [Diagnostic(path, line, column, code, message)]


def _describe(keyword: str, name: str, instance: Any, error: ValidationError) -> tuple[str, str]:
    schema_ = _as_dict(error.schema)
    expected: Any = error.validator_value
    shown = _show(instance)
    if is_empty(instance) and keyword in ("type", "enum", "minLength", "pattern", "format", "const"):
        return _said("empty", name=name)
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(expected)
        title = schema_.get("properties", {}).get(missing, {}).get("title")
        label = f"“{missing}”（{title}）" if title else f"“{missing}”"
        return _said("required", name=name, label=label, missing=missing)
    if keyword == "type":
        wanted = "或".join(TYPE_ZH.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        return _said("type", name=name, wanted=wanted, actual=_type_zh(instance), shown=shown)
    if keyword == "enum":
        return _said("enum", name=name, shown=shown, choices="、".join(str(c) for c in expected))
    if keyword == "const":
        return _said("const", name=name, expected=expected, shown=shown)
    if keyword == "pattern":
        return _said("pattern", name=name, shown=shown, hint=PATTERN_HINTS.get(str(expected), f"应符合格式 {expected}"))
    if keyword == "format":
        return _said("date" if expected == "date" else "format", name=name, shown=shown, expected=expected)
    if keyword in LENGTH_ZH:
        return _said("length", name=name, limit=LENGTH_ZH[keyword].format(expected))
    if keyword in RANGE_ZH:
        return _said("range", name=name, shown=shown, limit=RANGE_ZH[keyword].format(expected))
    if keyword == "uniqueItems":
        return _said("unique", name=name)
    return "S209", f"{name}不符合要求：{error.message}。"


def _said(key: str, **values: Any) -> tuple[str, str]:
    return _CODES[key], MESSAGES[key].format(**values)


def is_empty(value: Any) -> bool:
    """未填写: nothing there (null) or only blanks: said so, never as `null` or `""`."""
    return value is None or (isinstance(value, str) and not value.strip())


LENGTH_ZH = {
    "minLength": "不能为空（至少 {} 个字）",
    "maxLength": "太长，最多 {} 个字",
    "minItems": "至少要有 {} 项",
    "maxItems": "最多 {} 项",
    "minProperties": "至少要填写 {} 项",
    "maxProperties": "最多 {} 项",
}
RANGE_ZH = {
    "minimum": "小于最小值 {}",
    "maximum": "大于最大值 {}",
    "exclusiveMinimum": "应大于 {}",
    "exclusiveMaximum": "应小于 {}",
}


def field_name(root: dict[str, Any], where: tuple[str | int, ...]) -> str:
    """A field as a clerk reads it: its Chinese label, then the dotted path (任务 t1·进展情况（tasks.t1.progress）)."""
    if not where:
        return "文件"
    return f"{label(root, where)}（{dotted(where)}）"


def label(root: dict[str, Any], where: tuple[str | int, ...]) -> str:
    """The Chinese names along `where`, from the schema's titles: 任务 t1·数据指标第 2 项·数值."""
    parts: list[str] = []
    node: dict[str, Any] = root
    for step in where:
        title = node.get("title")
        node, free = _child(root, node, step)
        if isinstance(step, int):  # 数据指标第 2 项 in place of 数据指标
            if parts and parts[-1] == title:
                parts.pop()
            parts.append(f"{title or ''}第 {step + 1} 项")
        elif free and "title" in node:  # a key the data chooses: 任务 t1, not 各项任务进展·t1
            parts[-1:] = []
            parts.append(f"{node['title']} {step}")
        else:
            parts.append(str(node.get("title") or step))
    return "·".join(parts)


def resolve(root: dict[str, Any], node: Any) -> dict[str, Any]:
    """`node` with its local $ref (#/$defs/…) merged in, its own keywords (a title) winning."""
    plain = _as_dict(node)
    ref = plain.get("$ref")
    if not (isinstance(ref, str) and ref.startswith("#/")):
        return plain
    target: Any = root
    for part in ref[2:].split("/"):
        target = _as_dict(target).get(part, {})
    return {**resolve(root, target), **{k: v for k, v in plain.items() if k != "$ref"}}


def _child(root: dict[str, Any], node: dict[str, Any], step: str | int) -> tuple[dict[str, Any], bool]:
    """The schema of `step` under `node`, and whether it is a free key (additionalProperties)."""
    node = resolve(root, node)
    if isinstance(step, int):
        return resolve(root, node.get("items")), False
    named = _as_dict(node.get("properties"))
    if step in named:
        return resolve(root, named[step]), False
    return resolve(root, node.get("additionalProperties")), True


def _where_zh(kind: str, where: tuple[str | int, ...]) -> str:
    return f"{field_name(schema(kind), where)}中" if where else "文件顶层"


def dotted(where: tuple[str | int, ...]) -> str:
    out = ""
    for step in where:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _type_zh(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真/假值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    return "一组字段"


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"
