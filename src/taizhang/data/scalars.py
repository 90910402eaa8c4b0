"""One YAML scalar to a value: its type as YAML 1.1 resolves it, the traps it hides, the limits on it.

Text stays text; a number must be finite and an integer at most 15 digits; only the standard tags
are read; `yes`/`no`, `08` and `12:30` are named rather than silently converted. Problems are noted
through the callback given, never raised.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from typing import Any, Protocol

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import ScalarEvent

MAX_INT_DIGITS = 15  # Excel keeps 15 significant digits; the workbook and reports.json must hold the number exactly
SHARED_TEXT = 16  # texts up to this long are interned: statuses, units of measure, kinds

_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null"
TIMESTAMP, MERGE, VALUE, MAP, SEQ = _Y + "timestamp", _Y + "merge", _Y + "value", _Y + "map", _Y + "seq"
ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MAP, SEQ})  # what `!!` may name; `!` means text
TRAP_BOOL = "tag:taizhang:yaml11-bool"
TRAP_ZERO = "tag:taizhang:leading-zero"
TRAP_SEXAGESIMAL = "tag:taizhang:sexagesimal"


class Mark(Protocol):
    """Where an event starts (PyYAML's and libyaml's marks alike): 0-based line and column."""

    line: int
    column: int


Note = Callable[["Mark | None", str, str], None]  # where, code, Chinese message


def _resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's YAML 1.1 implicit types, with traps in front for the surprising ones."""
    traps = [
        (TRAP_BOOL, re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"), "yYnNoO"),
        (TRAP_ZERO, re.compile(r"^[-+]?0[0-9_]+$"), "-+0"),
        (TRAP_SEXAGESIMAL, re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"), "-+0123456789"),
    ]
    table = {k: list(v) for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    for tag, regexp, first in reversed(traps):
        for ch in first:
            table.setdefault(ch, []).insert(0, (tag, regexp))
    return table


class EventReader(yaml.CSafeLoader):
    """libyaml's scanner and parser, with our implicit types; its composer and constructor are not used."""

    yaml_implicit_resolvers = _resolvers()


class _Merge:
    """The `<<` key of a mapping: what follows it is merged in, not stored under a key."""


_MERGE_KEY = _Merge()


MERGE_KEY = _Merge()


class Scalars:
    """Values of scalar events read by `reader`, problems told to `note`."""

    def __init__(self, reader: EventReader, note: Note) -> None:
        self.reader = reader
        self.note = note
        self.resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = reader.resolve

    def value(self, event: ScalarEvent) -> Any:
        """The value of a scalar of at most the allowed length (the caller has checked it)."""
        text: str = event.value
        mark = event.start_mark
        tag = event.tag
        if tag is None:
            tag = self.resolve(yaml.ScalarNode, text, event.implicit) if event.implicit[0] else STR
        elif tag == "!":
            tag = STR
        elif tag not in ALLOWED_TAGS:
            self.refuse_tag(tag, mark)
            tag = STR
        if tag is STR or tag == STR:
            return sys.intern(text) if len(text) <= SHARED_TEXT else text
        return self.typed(tag, text, mark)

    def typed(self, tag: str, text: str, mark: Mark | None) -> Any:
        node = yaml.ScalarNode(tag, text, None, None)
        if tag == NULL:
            return None
        if tag == BOOL:
            return SafeConstructor.construct_yaml_bool(self.reader, node)
        if tag == INT:
            return self.integer(node, mark)
        if tag == FLOAT:
            return self.real(node, mark)
        if tag == TIMESTAMP:
            try:
                SafeConstructor.construct_yaml_timestamp(self.reader, node)
            except ValueError:
                self.note(mark, "Y111", f"日期“{text}”不存在，请检查年、月、日（如 2 月没有 30 日）。")
            return text
        if tag == MERGE:
            return MERGE_KEY
        if tag == VALUE:
            return text
        return self.trap(tag, text, mark)

    def integer(self, node: yaml.ScalarNode, mark: Mark | None) -> int | str:
        digits = node.value.replace("_", "").lstrip("+-")
        number = SafeConstructor.construct_yaml_int(self.reader, node) if len(digits) <= MAX_INT_DIGITS + 2 else None
        if number is None or abs(number) >= 10**MAX_INT_DIGITS:
            self.note(
                mark,
                "Y120",
                f"整数“{_short(node.value)}”超过 {MAX_INT_DIGITS} 位；请换用更大的计量单位（如万元、亿元），"
                '编号等文字请加引号写成 "…"。',
            )
            return str(node.value)
        return number

    def real(self, node: yaml.ScalarNode, mark: Mark | None) -> float | str:
        number: float = SafeConstructor.construct_yaml_float(self.reader, node)
        if math.isfinite(number):
            return number
        self.note(
            mark,
            "Y122",
            f"“{_short(node.value)}”不是一个有限的数值（非数 NaN 或无穷大）；请填写具体数字，没有数据时删去这一项。",
        )
        return str(node.value)

    def trap(self, tag: str, text: str, mark: Mark | None) -> str:
        if tag == TRAP_BOOL:
            self.note(
                mark,
                "Y109",
                f'“{text}”不加引号时会被当作真/假值；如果是文字请加引号写成 "{text}"，如果是真/假请写 true 或 false。',
            )
        elif tag == TRAP_ZERO:
            self.note(
                mark,
                "Y110",
                f'以 0 开头的数字“{text}”会被误读（如 07 被当作八进制）；如果是编号或月份请加引号写成 "{text}"，如果是数值请去掉开头的 0。',
            )
        elif tag == TRAP_SEXAGESIMAL:
            self.note(mark, "Y112", f'“{text}”不加引号时会被当作六十进制数字；时间请加引号写成 "{text}"。')
        return text

    def refuse_tag(self, tag: str, mark: Mark | None) -> None:
        shown = "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag
        self.note(
            mark,
            "Y121",
            f"不允许使用标签“{_short(shown)}”；报告中只能写文字、数字、日期、true/false、列表和“字段: 内容”，"
            "请删去标签，文字内容加引号。",
        )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
