"""Reading YAML safely and strictly: bytes in, data plus diagnostics out.

libyaml parses; bounded.py builds the values within limits known in advance. Positions are
recovered only for files that have a problem, and once per file however many problems it has
(see locate()). A file that cannot be read is a value with diagnostics, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from taizhang.data import bounded, positions, regular
from taizhang.data.diagnostics import Diagnostic

MAX_BYTES = 1024 * 1024  # a report is 1–3 KB; a megabyte is a mistake or an attack (other limits: bounded.py)

# Every limit on what is read, with its diagnostic and why it is where it is (for docs/reference.md).
LIMITS: tuple[tuple[str, str, str, str], ...] = (
    (
        "文件类型",
        "普通文件",
        "Y123",
        "符号链接、命名管道、设备文件和子模块不是报告，可能指向仓库以外（如 /etc/passwd、/dev/zero）；一律不跟随、不读取",
    ),
    ("文件大小", f"{MAX_BYTES // 1024} KB", "Y101", "一份报告 1–3 KB；更大的文件多是粘贴了图片或大段重复内容"),
    (
        "嵌套层数",
        f"{bounded.MAX_DEPTH} 层",
        "Y117",
        "报告最深 5 层（文件 → tasks → 任务 → figures → 一项）；数万层嵌套的括号曾使程序崩溃",
    ),
    (
        "别名引用",
        f"{bounded.ALIAS_BUDGET} 次",
        "Y107",
        "模板用不到锚点“&”和别名“*”；少量容许，成倍引用的“别名炸弹”不容许",
    ),
    (
        "展开后的项数",
        f"{bounded.MAX_NODES:,} 项",
        "Y118",
        "别名和合并键“<<”会成倍复制内容，1 KB 可展开到数 GB；边读边数，超过即停，不先建出数据",
    ),
    ("一项文字的长度", f"{bounded.MAX_SCALAR:,} 字", "Y119", "Schema 中最长的字段（年度总结）为 20,000 字"),
    (
        "整数位数",
        f"{bounded.MAX_INT_DIGITS} 位",
        "Y120",
        "Excel 只保留 15 位有效数字，浏览器读 JSON 也只能精确表示约 15 位；数千位的整数换算时还会耗尽时间",
    ),
    (
        "数值",
        "有限数",
        "Y122",
        "NaN（.nan）和无穷大（.inf、1.0e+999）不是 JSON 能表示的数，会使下载的 reports.json 无效",
    ),
    (
        "标签",
        "标准类型",
        "Y121",
        "只认文字、整数、小数、真假、空值、日期、列表和“字段: 内容”；!!binary、!!set、!!python/… 和自定义标签不认",
    ),
)

BOM = b"\xef\xbb\xbf"
# An ASCII key followed by a full-width colon: "status：正常推进" instead of "status: 正常推进".
FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*：")


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


def read_document(root: Path, path: str) -> Document:
    """Read repository file `path` (POSIX, relative to `root`): a regular file, never through a link."""
    try:
        raw = regular.read(root, path, MAX_BYTES)
    except regular.TooLarge as exc:
        return _fail(path, 1, 1, "Y101", _too_large(exc.size))
    except regular.NotRegular as exc:
        return _fail(path, 1, 1, "Y123", not_regular(exc.what))
    except OSError as exc:
        return _fail(path, 1, 1, "Y116", f"无法读取文件：{exc.strerror or exc}。")
    return parse_document(path, raw)


def not_regular(what: str) -> str:
    return (
        f"这里是{what}，不是普通文件；台账只读取仓库中的普通文件，不跟随链接，也不读取仓库以外的内容。"
        "请删除它，把内容直接保存为 .yml 文件后重新提交。"
    )


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
    try:
        built = bounded.build(text)
    except yaml.MarkedYAMLError as exc:
        return Document(path, None, text, (_syntax_error(path, text, exc),))
    except yaml.YAMLError as exc:
        return _fail(path, 1, 1, "Y105", f"YAML 格式错误：{exc}。", text)
    diagnostics = [Diagnostic(path, p.line, p.column, p.code, p.message) for p in built.problems]
    if built.stopped:  # a limit passed, or an alias loop: there is no data to hand out
        return Document(path, None, text, tuple(diagnostics))
    data = built.data
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


def locate(text: str, path: tuple[str | int, ...]) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(line, column) of the value at JSON `path` (deepest existing node), and of its key when it has one.

    Used only for files with a problem; the file is indexed once, however many problems it has.
    """
    return positions.of(text).locate(path)


def today_in_shanghai() -> dt.date:
    """Today's date in Asia/Shanghai (the edge where the clock is read)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
