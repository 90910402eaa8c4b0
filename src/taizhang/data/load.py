"""Reading YAML safely and strictly: bytes in, data plus diagnostics out.

The fast path is libyaml (CSafeLoader) with a few strict constructors; positions are
recovered by composing the text again only for files that have a problem (see locate()).
A file that cannot be read is a value with diagnostics, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from taizhang.data.diagnostics import Diagnostic

MAX_BYTES = 1024 * 1024  # a report is 1–3 KB; a megabyte is a mistake or an attack
SHARED_TEXT = 16  # texts up to this long are interned: statuses, units of measure, kinds
ALIAS_BUDGET = 16  # anchors are rarely useful here; a few are tolerated, a "billion laughs" is not
MAX_DEPTH = 32

BOM = b"\xef\xbb\xbf"
# An ASCII key followed by a full-width colon: "status：正常推进" instead of "status: 正常推进".
FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*：")

_TRAP_BOOL = "tag:taizhang:yaml11-bool"
_TRAP_ZERO = "tag:taizhang:leading-zero"
_TRAP_SEXAGESIMAL = "tag:taizhang:sexagesimal"


@dataclass(frozen=True)
class Document:
    """One YAML file as read: its data (None when unreadable) and the problems met reading it."""

    path: str
    data: Any
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's YAML 1.1 implicit types, with traps in front for the surprising ones."""
    traps = [
        (_TRAP_BOOL, re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"), "yYnNoO"),
        (_TRAP_ZERO, re.compile(r"^[-+]?0[0-9_]+$"), "-+0"),
        (_TRAP_SEXAGESIMAL, re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"), "-+0123456789"),
    ]
    table = {k: list(v) for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    for tag, regexp, first in reversed(traps):
        for ch in first:
            table.setdefault(ch, []).insert(0, (tag, regexp))
    return table


class StrictLoader(yaml.CSafeLoader):
    """CSafeLoader that records duplicate keys, YAML 1.1 traps and impossible dates."""

    yaml_implicit_resolvers = _resolvers()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[yaml.Mark, str, str]] = []

    def note(self, node: yaml.Node, code: str, message: str) -> None:
        self.problems.append((node.start_mark, code, message))

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                self.note(key_node, "Y115", f"键“{key_node.value}”不是文字；键必须是英文字段名，如 status、progress。")
                key = str(key_node.value)
            key = sys.intern(key)  # one "progress" for 60,000 reports, not one each
            if key in mapping:
                self.note(
                    key_node,
                    "Y106",
                    f"键“{key}”重复出现（第 {first_line[key]} 行已有）；同一层级中每个键只能出现一次，请删除或合并重复的内容。",
                )
            first_line.setdefault(key, key_node.start_mark.line + 1)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_text(self, node: yaml.ScalarNode) -> str:
        """A string; short ones (正常推进, 万元, monthly) shared by every report that writes them."""
        value: str = self.construct_scalar(node)
        return sys.intern(value) if len(value) <= SHARED_TEXT else value

    def construct_timestamp(self, node: yaml.ScalarNode) -> str:
        try:
            self.construct_yaml_timestamp(node)
        except ValueError:
            self.note(node, "Y111", f"日期“{node.value}”不存在，请检查年、月、日（如 2 月没有 30 日）。")
        return str(node.value)

    def construct_trap_bool(self, node: yaml.ScalarNode) -> str:
        self.note(
            node,
            "Y109",
            f'“{node.value}”不加引号时会被当作真/假值；如果是文字请加引号写成 "{node.value}"，如果是真/假请写 true 或 false。',
        )
        return str(node.value)

    def construct_trap_zero(self, node: yaml.ScalarNode) -> str:
        self.note(
            node,
            "Y110",
            f'以 0 开头的数字“{node.value}”会被误读（如 07 被当作八进制）；如果是编号或月份请加引号写成 "{node.value}"，如果是数值请去掉开头的 0。',
        )
        return str(node.value)

    def construct_trap_sexagesimal(self, node: yaml.ScalarNode) -> str:
        self.note(
            node,
            "Y112",
            f'“{node.value}”不加引号时会被当作六十进制数字；时间请加引号写成 "{node.value}"。',
        )
        return str(node.value)


StrictLoader.add_constructor("tag:yaml.org,2002:str", StrictLoader.construct_text)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_timestamp)
StrictLoader.add_constructor(_TRAP_BOOL, StrictLoader.construct_trap_bool)
StrictLoader.add_constructor(_TRAP_ZERO, StrictLoader.construct_trap_zero)
StrictLoader.add_constructor(_TRAP_SEXAGESIMAL, StrictLoader.construct_trap_sexagesimal)


def read_document(root: Path, path: str) -> Document:
    """Read repository file `path` (POSIX, relative to `root`)."""
    target = root / path
    try:
        size = target.stat().st_size
        if size > MAX_BYTES:
            return _fail(path, 1, 1, "Y101", _too_large(size))
        raw = target.read_bytes()
    except OSError as exc:
        return _fail(path, 1, 1, "Y116", f"无法读取文件：{exc.strerror or exc}。")
    return parse_document(path, raw)


def parse_document(path: str, raw: bytes) -> Document:
    """Parse `raw` bytes as one strict YAML document. Pure: no file access."""
    if len(raw) > MAX_BYTES:
        return _fail(path, 1, 1, "Y101", _too_large(len(raw)))
    decoded = decode(path, raw)
    if isinstance(decoded, Diagnostic):
        return Document(path, None, None, (decoded,))
    text = decoded
    problems = list(_tab_indents(path, text))
    if problems:
        return Document(path, None, text, tuple(problems))
    loader = StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return Document(path, None, text, (_syntax_error(path, text, exc),))
    except yaml.YAMLError as exc:
        return _fail(path, 1, 1, "Y105", f"YAML 格式错误：{exc}。", text)
    except RecursionError:
        return _fail(path, 1, 1, "Y105", f"嵌套层次过深（超过 {MAX_DEPTH} 层）。", text)
    finally:
        loader.dispose()
    diagnostics = [Diagnostic(path, m.line + 1, m.column + 1, code, msg) for m, code, msg in loader.problems]
    shape = _shape_problems(path, text, data)
    if shape:  # an alias bomb or a cycle: the data must not be walked by anything else
        return Document(path, None, text, tuple(diagnostics + shape))
    if data is None and not diagnostics:
        diagnostics.append(Diagnostic(path, 1, 1, "Y114", "文件是空的；请按模板填写内容（可用 taizhang new 生成）。"))
    if not isinstance(data, dict) and data is not None and not diagnostics:
        fullwidth = _fullwidth_colon(path, text, len(text.splitlines()))
        if fullwidth:
            diagnostics.append(fullwidth)
    return Document(path, data, text, tuple(diagnostics))


def decode(path: str, raw: bytes) -> str | Diagnostic:
    """UTF-8 text (a BOM and CRLF line endings are accepted), or a diagnostic saying how to re-save."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Diagnostic(path, 1, 1, "Y102", "文件是 UTF-16 编码；请用编辑器“另存为”，编码选择 UTF-8 后重新提交。")
    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        try:
            body.decode("gb18030")
            looks = "看起来是 GBK（GB2312/GB18030）编码，常见于 Windows 记事本或 WPS 以“ANSI”保存的文件"
        except UnicodeDecodeError:
            looks = "含有无法识别的字节"
        return Diagnostic(
            path,
            line,
            1,
            "Y102",
            f"文件不是 UTF-8 编码：{looks}。请用编辑器打开，“另存为”时编码选择 UTF-8 后重新提交。",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return Diagnostic(path, line, 1, "Y102", "文件含有空字符（\\0），不是文本文件；请确认提交的是 .yml 文本文件。")
    return text.replace("\r\n", "\n")


def _too_large(size: int) -> str:
    return f"文件大小 {size // 1024} KB，超过上限 {MAX_BYTES // 1024} KB；报告应为纯文字，请删去粘贴进来的图片或大段重复内容。"


def _fail(path: str, line: int, column: int, code: str, message: str, text: str | None = None) -> Document:
    return Document(path, None, text, (Diagnostic(path, line, column, code, message),))


def _tab_indents(path: str, text: str) -> Iterator[Diagnostic]:
    if "\t" not in text:  # nearly always: no need to look line by line
        return
    for number, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            yield Diagnostic(
                path,
                number,
                indent.index("\t") + 1,
                "Y103",
                "这一行用制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格（通常每级 2 个空格）。",
            )


def _fullwidth_colon(path: str, text: str, upto_line: int) -> Diagnostic | None:
    """The nearest line at or above `upto_line` that uses '：' where a key needs ': '."""
    lines = text.split("\n")[:upto_line]
    for number in range(len(lines), 0, -1):
        match = FULLWIDTH_KEY.match(lines[number - 1])
        if match:
            key = match.group(1)
            return Diagnostic(
                path,
                number,
                match.end(),
                "Y104",
                f"“{key}”后面用了全角冒号“：”；字段名和内容之间要用半角冒号加空格，请改成“{key}: ”。",
            )
    return None


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    fullwidth = _fullwidth_colon(path, text, line)
    if fullwidth and fullwidth.line >= line - 2:
        return fullwidth
    problem = (exc.problem or "").strip()
    if "but found another document" in problem:
        return Diagnostic(
            path, line, column, "Y113", "一个文件只能有一份内容；请删除“---”分隔的第二部分，另建文件保存。"
        )
    hint = _SYNTAX_HINTS.get(problem, "请检查缩进（只用空格）、冒号后是否有空格、引号是否成对")
    return Diagnostic(path, line, column, "Y105", f"YAML 格式错误（{problem or '无法解析'}）：{hint}。")


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "同一行出现了多余的“: ”，内容中含有冒号时请给整段内容加引号",
    "mapping values are not allowed in this context": "同一行出现了多余的“: ”，内容中含有冒号时请给整段内容加引号",
    "could not find expected ':'": "这一行缺少“字段名: 内容”中的半角冒号和空格",
    "found character that cannot start any token": "这一行开头有不允许的字符（如 @、`、%），请给内容加引号",
    "did not find expected key": "这一行附近缩进不一致或引号不成对；内容中含有英文双引号时，请改用中文引号“”",
    "found undefined alias": "使用了未定义的别名（*名称）；如果是文字请加引号",
}


def _shape_problems(path: str, text: str, data: Any) -> list[Diagnostic]:
    """Aliases beyond the budget, cycles and excessive depth: checked on the constructed graph in linear time."""
    aliases, cyclic, too_deep = _graph_facts(data)
    found: list[Diagnostic] = []
    if cyclic:
        line, column = _alias_position(text, 1)
        found.append(
            Diagnostic(
                path,
                line,
                column,
                "Y108",
                "别名引用了包含它自身的内容（循环引用）；请删除锚点“&”和别名“*”，直接写出内容。",
            )
        )
    elif aliases > ALIAS_BUDGET:
        line, column = _alias_position(text, ALIAS_BUDGET + 1)
        found.append(
            Diagnostic(
                path,
                line,
                column,
                "Y107",
                f"别名（*名称）引用超过 {ALIAS_BUDGET} 次；为防止恶意文件，报告中请直接写出内容，不要大量使用锚点和别名。",
            )
        )
    if too_deep:
        found.append(Diagnostic(path, 1, 1, "Y105", f"嵌套层次过深（超过 {MAX_DEPTH} 层）；请按模板的层次填写。"))
    return found


def _graph_facts(data: Any) -> tuple[int, bool, bool]:
    """(times a container is reached again, whether any container contains itself, depth beyond MAX_DEPTH)."""
    seen: set[int] = set()
    on_path: set[int] = set()
    repeats = 0
    too_deep = False
    stack: list[tuple[Any, int, bool]] = [(data, 0, False)]
    while stack:
        node, depth, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in on_path:
            return repeats, True, too_deep
        if id(node) in seen:
            repeats += 1
            continue
        if depth > MAX_DEPTH:
            too_deep = True
            continue
        seen.add(id(node))
        on_path.add(id(node))
        stack.append((node, depth, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1, False) for child in children if isinstance(child, (dict, list)))
    return repeats, False, too_deep


def _alias_position(text: str, nth: int) -> tuple[int, int]:
    count = 0
    last = (1, 1)
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            count += 1
            last = (event.start_mark.line + 1, event.start_mark.column + 1)
            if count >= nth:
                break
    return last


def locate(text: str, path: tuple[str | int, ...]) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(line, column) of the value at JSON `path` (deepest existing node), and of its key when it has one.

    Used only for files with a problem: composing again is cheap next to a human reading the message.
    """
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return (1, 1), None
    if node is None:
        return (1, 1), None
    key_mark: yaml.Mark | None = None
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        key_mark, node = child
    value = (node.start_mark.line + 1, node.start_mark.column + 1)
    key = (key_mark.line + 1, key_mark.column + 1) if key_mark else None
    return value, key


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Mark | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node.start_mark, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


def today_in_shanghai() -> dt.date:
    """Today's date in Asia/Shanghai (the edge where the clock is read)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
