"""The body's numbered outline: sections (一、), items (（一）), sub-items (1.), points (（1）).

Levels nest by rank, so a plan that skips a level (1. straight under 一、) still nests right.
A line shaped like a heading is taken as one only when it can be: the line before it ended its
sentence, and its number follows on from its siblings' (or continues the numbering of the
previous group, or skips at most a few numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from taizhang.importer.document import Document, heading
from taizhang.importer.notes import LABEL_LINE, Known, split_names
from taizhang.importer.text import TERMINAL, chinese_numeral, numeral, unbalanced, width

RANK = {"root": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
_OPEN_ENDS = "、，,“《（("
MAX_SKIP = 3
_TITLE = re.compile(r"^[^。，；：]{4,60}(?:工作要点|要点|工作计划|实施方案|工作安排)$")


@dataclass(eq=False)
class Node:
    style: str
    number: int
    head: str = ""  # the heading's text after its number, wrapped lines joined
    plain: list[str] = field(default_factory=list)  # body lines
    labelled: list[str] = field(default_factory=list)  # 牵头单位：… lines, wrapped lines joined
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    def label(self, alone: bool = False) -> str:
        """This level's part of a task number: 二 (or 二、 alone), （二）, 2, （2）, ②."""
        if self.style == "l1":
            return chinese_numeral(self.number) + ("、" if alone else "")
        if self.style == "l2":
            return f"（{chinese_numeral(self.number)}）"
        if self.style == "l4":
            return f"（{self.number}）"
        if self.style == "l5":
            return chr(0x2460 + self.number - 1)
        return str(self.number)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Node]:
        for child in self.children:
            if child.children:
                yield from child.leaves()
            else:
                yield child

    def path_from(self, top: Node) -> list[Node]:
        path: list[Node] = []
        node: Node | None = self
        while node is not None and node is not top:
            path.insert(0, node)
            node = node.parent
        return path


def build(doc: Document, known: Known = lambda _: False) -> Node:
    """The outline of `doc`'s body; `known` tells a registered unit name (to mend names split by a wrap)."""
    root = Node("root", 0)
    stack = [root]
    seen: dict[str, int] = {}  # the last number of each style, across the whole body
    lines, i = doc.body, 0
    previous = ""  # the last body line, when the last thing read was a body line
    while i < len(lines):
        shape = heading(lines[i])
        number = _number(shape[0], shape[1]) if shape else None
        if shape and number is not None and _plausible(shape[0], number, stack, seen, previous, doc.full):
            style = shape[0]
            while RANK[stack[-1].style] >= RANK[style]:
                stack.pop()
            node = Node(style, number, parent=stack[-1])
            stack[-1].children.append(node)
            stack.append(node)
            seen[style] = number
            i, node.head = _take(lines, i, shape[2], doc.full, _heading_goes_on)
            previous = ""
        elif LABEL_LINE.match(lines[i]):
            i, text = _take(lines, i, lines[i], doc.full, partial(_label_goes_on, known=known))
            stack[-1].labelled.append(text)
            previous = ""
        else:
            stack[-1].plain.append(lines[i])
            previous = lines[i]
            i += 1
    return root


def _number(style: str, written: str) -> int | None:
    if style == "l5":
        return ord(written) - 0x2460 + 1
    return numeral(written)


def _plausible(style: str, number: int, stack: list[Node], seen: dict[str, int], previous: str, full: int) -> bool:
    if previous and previous[-1] not in TERMINAL and _wrapped(previous, full):
        return False  # the line before stopped mid-sentence: this "1." is the middle of a paragraph
    parent = next(n for n in reversed(stack) if RANK[n.style] < RANK[style])
    siblings = [c.number for c in parent.children if c.style == style]
    last_here = siblings[-1] if siblings else 0
    last_anywhere = seen.get(style, 0)
    if number == 1 and style == "l1" and _TITLE.search(previous):
        return True  # the plan itself begins after a notice that had numbered sections of its own
    if not seen:
        return True  # the body's first heading: a page cut from a longer document starts at （十一）
    return (number == 1 and not siblings) or any(
        last < number <= last + MAX_SKIP for last in (last_here, last_anywhere)
    )


def _wrapped(line: str, full: int) -> bool:
    return unbalanced(line) or line[-1] in _OPEN_ENDS or width(line) >= full * 0.9


GoesOn = Callable[[str, str, str, int], bool]  # (text so far, its last line, next line, full width)


def _take(lines: list[str], i: int, first: str, full: int, goes_on: GoesOn) -> tuple[int, str]:
    """The text starting at line `i` (as `first`) with the lines it wraps onto; the index after it."""
    text, last, j = first, lines[i], i + 1
    while (
        j < len(lines)
        and heading(lines[j]) is None
        and not LABEL_LINE.match(lines[j])
        and goes_on(text, last, lines[j], full)
    ):
        text, last = text + lines[j], lines[j]
        j += 1
    return j, text


def _heading_goes_on(text: str, last: str, nxt: str, full: int) -> bool:
    if "。" in text:
        return False
    return (
        not text
        or unbalanced(text)
        or text[-1] in _OPEN_ENDS
        or (text[-1] not in TERMINAL and width(last) >= full * 0.9)
    )


def _label_goes_on(text: str, last: str, nxt: str, full: int, known: Known) -> bool:
    if text[-1] in "。；;" or "。" in nxt[:-1]:
        return False  # a unit list goes on with names, not with sentences
    if nxt[-1] in "。；;" and not all(known(name) for name in split_names(nxt[:-1])):
        return False  # the task's text after its labelled lines (实施单位：… / 培育示范企业。)
    return (
        text[-1] in "：:"
        or unbalanced(text)
        or text[-1] in _OPEN_ENDS
        or width(last) >= full * 0.9
        or nxt[0] in "、，,）)"
        or _name_runs_on(text, nxt, known)
    )


def _name_runs_on(text: str, nxt: str, known: Known) -> bool:
    """各县（市、区） | 交通运输局: the line's last name is unknown, but joined with the next
    line's first name it is a registered one."""
    before, after = split_names(re.split(r"[:：]", text)[-1]), split_names(nxt)
    return bool(before and after) and not known(before[-1]) and known(before[-1] + after[0])
