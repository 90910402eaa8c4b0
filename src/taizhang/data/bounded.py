"""YAML text to plain data within limits known in advance (嵌套层数、节点数、文字长度、整数位数).

PyYAML composes the whole node graph first, in recursive C (30,000 nested brackets crash the
process), and only then builds values, so merge keys (`<<`) and aliases can expand 1 KB into
gigabytes before anything can be counted. Here libyaml (CParser) only scans and parses; the values
are built from its events with an explicit stack, counting while going, and the first limit passed
stops the work: nothing beyond a limit is ever built. Problems are returned as values, never raised
(libyaml's own syntax errors excepted: load.py turns those into diagnostics).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from taizhang.data.scalars import MAP, MAX_INT_DIGITS, MERGE_KEY, SEQ, EventReader, Mark, Scalars

__all__ = [
    "ALIAS_BUDGET",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "MAX_SCALAR",
    "Built",
    "Mark",
    "Problem",
    "build",
]

# The limits, and why (docs/reference.md lists them for the bureau).
MAX_DEPTH = 32  # a report is 5 levels deep (file → tasks → t4-1 → figures → item); 32 is far beyond any template
MAX_NODES = 200_000  # values after aliases and merge keys; a report has a few hundred, 1 MB of text about 100,000
MAX_SCALAR = 50_000  # characters in one value; the longest field allowed by a schema is 20,000
ALIAS_BUDGET = 16  # anchors are rarely useful here; a few are tolerated, a "billion laughs" is not


@dataclass(frozen=True)
class Problem:
    """A problem at a 1-based line and column; `stop` when nothing after it was read (data is None)."""

    line: int
    column: int
    code: str
    message: str
    stop: bool = False


@dataclass
class Built:
    data: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return any(p.stop for p in self.problems)


@dataclass
class _Frame:
    """An open mapping or sequence: its value, and what is still pending inside it."""

    value: dict[str, Any] | list[Any]
    anchor: str | None
    mark: Mark | None
    size: int = 1  # values inside it (aliases counted at their full size), itself included
    key: Any = None  # a mapping's key waiting for its value
    has_key: bool = False
    key_mark: Mark | None = None
    merged: list[dict[str, Any]] = field(default_factory=list)  # mappings to merge in, in order of precedence
    first_line: dict[str, int] = field(default_factory=dict)  # a mapping's keys: line each first appeared on


class _Stop(Exception):
    """A limit was passed: raised and caught inside build() only."""


class _Builder:
    def __init__(self, text: str) -> None:
        self.reader = EventReader(text)
        self.scalars = Scalars(self.reader, self.note)
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, size)
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.total = 0
        self.aliases = 0
        self.root: Any = None
        self.last_text: str = ""  # the latest scalar as written, to name a key that is not text
        self.last_mark: Mark | None = None

    def note(self, mark: Mark | None, code: str, message: str) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(line, column, code, message))

    def stop(self, mark: Mark | None, code: str, message: str) -> _Stop:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(line, column, code, message, stop=True))
        return _Stop()

    def count(self, size: int, mark: Mark | None) -> None:
        self.total += size
        if self.total > MAX_NODES:
            raise self.stop(
                mark,
                "Y118",
                f"内容展开后超过 {MAX_NODES:,} 项（锚点“&”、别名“*”和合并键“<<”会把内容成倍复制）；"
                "请直接写出内容，报告只需模板中的字段。",
            )

    def run(self) -> Any:
        get = self.reader.get_event
        get()  # stream start
        if type(get()) is StreamEndEvent:  # else a document starts
            return None
        while True:
            event = get()
            if isinstance(event, ScalarEvent):
                self.attach(*self.scalar(event), event.start_mark, event.anchor)
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                self.open(event, {} if isinstance(event, MappingStartEvent) else [])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                frame = self.stack.pop()
                value = self.close(frame)
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (value, frame.size)
                self.attach(value, frame.size, frame.mark, counted=True)
            elif isinstance(event, AliasEvent):
                self.attach(*self.alias(event), event.start_mark)
            elif isinstance(event, DocumentEndEvent):
                break
        following = get()
        if isinstance(following, DocumentStartEvent):
            raise self.stop(
                following.start_mark, "Y113", "一个文件只能有一份内容；请删除“---”分隔的第二部分，另建文件保存。"
            )
        return self.root

    def open(self, event: MappingStartEvent | SequenceStartEvent, value: dict[str, Any] | list[Any]) -> None:
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            raise self.stop(
                mark, "Y117", f"嵌套层次过深（超过 {MAX_DEPTH} 层）；请按模板的层次填写，不要层层套用括号或“- ”。"
            )
        tag = event.tag
        if tag is not None and tag != "!" and tag != (MAP if isinstance(value, dict) else SEQ):
            self.scalars.refuse_tag(tag, mark)
        self.count(1, mark)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(value, event.anchor, mark))

    def close(self, frame: _Frame) -> Any:
        if isinstance(frame.value, list) or not frame.merged:
            return frame.value
        merged: dict[str, Any] = {}
        for source in reversed(frame.merged):  # the first mapping named wins, as in PyYAML
            merged.update(source)
        merged.update(frame.value)  # and the mapping's own keys win over all
        return merged

    def attach(
        self, value: Any, size: int, mark: Mark | None, anchor: str | None = None, counted: bool = False
    ) -> None:
        """Place a finished value in the open mapping or sequence (or as the document)."""
        if not counted:
            self.count(size, mark)
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        frame = self.stack[-1] if self.stack else None
        if value is MERGE_KEY and (frame is None or isinstance(frame.value, list) or frame.has_key):
            value = "<<"  # only a key merges
        if frame is None:
            self.root = value
            return
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif not frame.has_key:
            frame.key, frame.key_mark, frame.has_key = self.key(value, mark), mark, True
        else:
            self.store(frame, value, mark)

    def key(self, value: Any, mark: Mark | None) -> Any:
        if value is MERGE_KEY or isinstance(value, str):
            return value
        if isinstance(value, (dict, list)):
            self.note(mark, "Y115", "这里用一组内容或列表作键；键必须是英文字段名，如 status、progress。")
            return f"（第 {mark.line + 1 if mark else 1} 行的键）"
        shown = self.last_text if self.last_mark is mark else str(value)
        self.note(mark, "Y115", f"键“{shown}”不是文字；键必须是英文字段名，如 status、progress。")
        return sys.intern(shown)

    def store(self, frame: _Frame, value: Any, mark: Mark | None) -> None:
        key, key_mark = frame.key, frame.key_mark
        frame.key, frame.key_mark, frame.has_key = None, None, False
        assert isinstance(frame.value, dict) and key_mark is not None
        if key is MERGE_KEY:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(s, dict) for s in sources):
                self.note(mark, "Y105", "合并键“<<”后面只能是一组内容或其别名；请直接写出字段。")
                return
            frame.merged.extend(sources)
            return
        if key in frame.value:
            self.note(
                key_mark,
                "Y106",
                f"键“{key}”重复出现（第 {frame.first_line[key]} 行已有）；同一层级中每个键只能出现一次，请删除或合并重复的内容。",
            )
        frame.first_line.setdefault(key, key_mark.line + 1)
        frame.value[key] = value

    def alias(self, event: AliasEvent) -> tuple[Any, int]:
        name = event.anchor
        mark = event.start_mark
        if name in self.open_anchors:
            raise self.stop(
                mark, "Y108", "别名引用了包含它自身的内容（循环引用）；请删除锚点“&”和别名“*”，直接写出内容。"
            )
        if name not in self.anchors:
            raise self.stop(mark, "Y105", f"YAML 格式错误（使用了未定义的别名 *{name}）：如果是文字请加引号。")
        self.aliases += 1
        if self.aliases > ALIAS_BUDGET:
            raise self.stop(
                mark,
                "Y107",
                f"别名（*名称）引用超过 {ALIAS_BUDGET} 次；为防止恶意文件，报告中请直接写出内容，不要大量使用锚点和别名。",
            )
        return self.anchors[name]

    def scalar(self, event: ScalarEvent) -> tuple[Any, int]:
        text: str = event.value
        if len(text) > MAX_SCALAR:
            raise self.stop(
                event.start_mark,
                "Y119",
                f"这一项文字有 {len(text):,} 个字符，超过上限 {MAX_SCALAR:,}；请精简内容，详细材料请另行报送。",
            )
        self.last_text, self.last_mark = text, event.start_mark
        return self.scalars.value(event), 1


def build(text: str) -> Built:
    """The data of one YAML document, and the problems met: traps, duplicates and refused values are
    noted with the data still built; a limit passed stops the reading and the data is None.

    Raises yaml.MarkedYAMLError for what libyaml cannot parse."""
    builder = _Builder(text)
    try:
        data = builder.run()
    except _Stop:
        return Built(None, builder.problems)
    finally:
        builder.reader.dispose()
    return Built(data, builder.problems)
