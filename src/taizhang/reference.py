"""The reference page (docs/reference.md), generated from the code so it cannot drift:
every command and option, every diagnostic code, every field of every schema.

tests/test_reference.py fails when the committed page is stale; regenerate it with
`TAIZHANG_UPDATE_GOLDEN=1 pytest tests/test_reference.py`.
"""

from __future__ import annotations

import argparse
import functools
from typing import Any

from taizhang.data.diagnostics import CODES
from taizhang.data.load import LIMITS
from taizhang.data.schema import KINDS, schema

_FAMILIES = {
    "Y": "读取文件",
    "S": "字段与格式",
    "P": "路径约定",
    "R": "跨文件引用",
    "X": "Excel 填报表",
    "D": "待确认、待填写",
}


def render(parser: argparse.ArgumentParser) -> str:
    parts = ["# 参考手册", "", "本页由程序自动生成（`taizhang.reference`），请勿手工修改。", ""]
    parts += _commands(parser)
    parts += _codes()
    parts += _limits()
    parts += _fields()
    return "\n".join(parts).rstrip() + "\n"


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    out = ["## 命令", ""]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    for name, command in sub.choices.items():
        command.formatter_class = functools.partial(argparse.HelpFormatter, width=100)  # same page everywhere
        out += [f"### `taizhang {name}`", "", helps.get(name) or "", ""]
        out += ["```text", command.format_usage().strip().replace("usage: ", "用法：", 1), "```", ""]
        rows = [a for a in command._actions if a.help is not argparse.SUPPRESS and a.dest != "help"]
        if rows:
            out += ["| 参数 | 说明 |", "|---|---|"]
            for action in rows:
                flag = ", ".join(action.option_strings) or action.dest
                choices = f"（可选：{'、'.join(map(str, action.choices))}）" if action.choices else ""
                out.append(f"| `{flag}` | {(action.help or '').replace('|', '/')}{choices} |")
            out.append("")
    return out


def _codes() -> list[str]:
    out = ["## 诊断代码", "", "每个问题以 `文件:行:列: 代码 说明` 的形式列出；代码固定不变，不会挪作他用。", ""]
    out += ["| 代码 | 类别 | 含义 |", "|---|---|---|"]
    out += [f"| {code} | {_FAMILIES[code[0]]} | {text} |" for code, text in CODES.items()]
    return [*out, ""]


def _limits() -> list[str]:
    out = ["## 读取限制", ""]
    out.append(
        "每个数据文件在建出数据之前先按下列限制检查（`taizhang.data.bounded`、`taizhang.data.regular`），超出时给出诊断、退出码 1，"
        "不会崩溃、卡住或耗尽内存。正常的报告离这些限制很远。"
    )
    out += ["", "| 限制 | 上限 | 代码 | 为什么 |", "|---|---|---|---|"]
    out += [f"| {name} | {value} | {code} | {why} |" for name, value, code, why in LIMITS]
    return [*out, ""]


def _fields() -> list[str]:
    out = ["## 文件字段", ""]
    for kind in KINDS:
        loaded = schema(kind)
        out += [f"### {loaded['title']}（`{kind}`）", "", loaded.get("description", ""), ""]
        out += ["| 字段 | 名称 | 必填 | 说明 |", "|---|---|---|---|"]
        out += _rows(loaded, loaded, "")
        out.append("")
    return out


def _rows(node: dict[str, Any], root: dict[str, Any], prefix: str) -> list[str]:
    rows = []
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        resolved = _resolve(prop, root)
        title = prop.get("title") or resolved.get("title", "")
        note = resolved.get("description", "")
        if "enum" in resolved:
            note = (note + " " if note else "") + "可选：" + "、".join(map(str, resolved["enum"]))
        rows.append(f"| `{prefix}{name}` | {title} | {'是' if name in required else ''} | {note} |")
        rows += _rows(resolved, root, f"{prefix}{name}.")
        items = _resolve(resolved.get("items", {}), root)
        rows += _rows(items, root, f"{prefix}{name}[].")
        values = resolved.get("additionalProperties")
        if isinstance(values, dict):
            rows += _rows(_resolve(values, root), root, f"{prefix}{name}.<代码>.")
    return rows


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target: dict[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
        return target
    return node
