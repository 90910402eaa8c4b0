"""Characters a paste from Word, WPS or a web page brings along: what the form cleans, what validate tells.

One table serves both. The site's 在线填报 form (form.js) replaces them as text is pasted or typed;
`validate` finds the ones that reached a report anyway and says where they are (Y140), so a clerk is
never left with a message about quotes or a value that looks right and is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from taizhang.data.diagnostics import Diagnostic
from taizhang.data.load import locate

# character -> what it becomes (the form's paste cleaning; JSON keys for form.js)
PASTE: dict[str, str] = {
    "\r\n": "\n",  # Windows line ends
    "\r": "\n",
    "\u000b": "\n",  # Word's manual line break (Shift+Enter)
    "\u2028": "\n",  # line and paragraph separators from web pages and WPS
    "\u2029": "\n",
    "\u00a0": " ",  # non-breaking space (Word, web pages)
    "\u3000": " ",  # full-width space
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": "",  # zero-width space, joiners, word joiner, byte-order mark, soft hyphen
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",
}

# the ones a reader cannot see, as validate names them (a full-width space is visible, and allowed)
INVISIBLE: dict[str, str] = {
    "\u000b": "Word 的手动换行符",
    "\u2028": "行分隔符",
    "\u2029": "段落分隔符",
    "\u00a0": "不换行空格",
    "\u2002": "半角空格（en space）",
    "\u2003": "全角宽度空格（em space）",
    "\u2009": "窄空格",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行符",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00ad": "软连字符",
}


_FIND = re.compile("[" + "".join(INVISIBLE) + "]")


def clean(text: str) -> str:
    """`text` as the form leaves it after a paste."""
    for bad, good in PASTE.items():
        text = text.replace(bad, good)
    return text


def pasted(kind: str, path: str, text: str, data: Any) -> list[Diagnostic]:
    """Y140 for every text of a report holding an invisible character: where it is, and that a paste
    brought it. Called as each file is read, on its raw text first (0.8 s for 60,000 reports of 3.7 KB,
    on one core; a walk over every parsed text took 4 s), and nearly always done there."""
    if not any(ch in text for ch in INVISIBLE):  # str's own search: 4x faster than one regex over the text
        return []
    found = []
    for where, value in _texts(data, ()):
        message = _message(kind, where, value)
        if message:
            line, column = locate(text, where)[0]
            found.append(Diagnostic(path, line, column, "Y140", message))
    return found


def _texts(value: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        if _FIND.search(value):  # nearly never: a regex search per text, no Python loop over characters
            yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*where, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*where, i))


def _message(kind: str, where: tuple[str | int, ...], text: str) -> str | None:
    hits = [(i, ch) for i, ch in enumerate(text) if ch in INVISIBLE]
    if not hits:
        return None
    from taizhang.data import schema

    first = hits[0][0]
    before = text[max(0, first - 8) : first].replace("\n", " ")
    names = "、".join(dict.fromkeys(INVISIBLE[c] for _, c in hits))
    more = f"，共 {len(hits)} 处" if len(hits) > 1 else ""
    return (
        f"{schema.field_name(schema.schema(kind), where)}的内容在第 {first + 1} 个字（“{before}”之后）有看不见的{names}{more}，"
        "多半是从 Word、WPS 或网页粘贴带来的；请删去它们（空格换成普通空格），或用网站上的“在线填报”重新粘贴，会自动清除。"
    )


_UNACCEPTABLE = re.compile(r"unacceptable character #x(?P<hex>[0-9a-fA-F]+).*position (?P<pos>[0-9]+)", re.DOTALL)
_PARSER_WORDS = re.compile(r"^YAML 格式错误（[^）]*[A-Za-z][^）]*）：")


def in_chinese(diagnostic: Diagnostic, text: str | None) -> Diagnostic:
    """A YAML reader's message with its English taken out: a control character a paste brought is Y140
    at its line and column; any other problem keeps its Chinese hint only."""
    if diagnostic.code != "Y105":
        return diagnostic
    found = _UNACCEPTABLE.search(diagnostic.message)
    if found and text is not None:
        char = chr(int(found["hex"], 16))
        position = text.find(char)  # the reader's own position is off when it reads in chunks
        position = position if position >= 0 else int(found["pos"])
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        name = INVISIBLE.get(char, f"控制字符 U+{ord(char):04X}")
        message = (
            f"这一行第 {column} 个字符处有看不见的{name}，多半是从 Word、WPS 或网页粘贴带来的，"
            "文件因此无法读取；请删去它，或用网站上的“在线填报”重新粘贴，会自动清除。"
        )
        return Diagnostic(diagnostic.path, line, column, "Y140", message)
    if _PARSER_WORDS.match(diagnostic.message):  # 格式错误（did not find expected key）：hint
        message = _PARSER_WORDS.sub("YAML 格式错误：", diagnostic.message)
    elif re.search(
        r"[A-Za-z]{3,}", diagnostic.message.replace("YAML", "")
    ):  # the reader's own sentence, nothing of ours
        message = "YAML 格式错误：无法读取这个文件；请检查缩进（只用空格）、冒号后是否有空格、引号是否成对。"
    else:
        return diagnostic
    return Diagnostic(diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code, message)
