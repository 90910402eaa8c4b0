"""Leaf tasks (重点任务) from the outline: which section holds them, their numbers, titles, text and notes.

A heading followed by sub-items is a group; a heading with body text and no sub-items is a task.
Only the section that holds the tasks (二、重点任务, 主要任务, 工作任务 …) yields tasks; when no
section is named so, the sections whose items carry unit notes do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.importer.notes import Known, Note, read_note
from taizhang.importer.outline import Node
from taizhang.importer.rules import Paragraph
from taizhang.importer.text import SENTENCE_END, join_lines, split_top

TASK_WORDS = re.compile(
    r"重点任务|主要任务|工作任务|具体任务|重点工作|主要工作|工作重点|任务分工|主要措施|工作措施|重点举措|主要举措"
)
NOT_TASKS = re.compile(r"总体|指导思想|目标|要求|保障|原则|形势|背景|意义")
MAX_TITLE = 60


@dataclass(frozen=True)
class Draft:
    """A task as read, with unit names as written (not yet matched to the registry)."""

    id: str
    number: str
    order: int
    group: dict[str, str] | None
    title: str
    text: str
    note: str
    names: dict[str, list[str]]
    renumbered: bool = False  # its printed number was used before; the id got a suffix


def sections(root: Node, known: Known) -> list[Node]:
    """The sections that hold the tasks."""
    tops = [c for c in root.children if c.style == "l1"]
    if not tops:
        return [root]
    named = [n for n in tops if TASK_WORDS.search(n.head)]
    if named:
        return named
    noted = [n for n in tops if any(own_note(x, known).note for x in n.walk())]
    plain = [n for n in tops if not NOT_TASKS.search(n.head)]  # not 总体目标, 工作要求, 保障措施 …
    return [n for n in noted if n in plain] or noted or plain or tops


def read_tasks(root: Node, chosen: list[Node], known: Known) -> list[Draft]:
    """The leaf tasks under the `chosen` sections, numbered from the section (or from the top
    when several sections hold tasks: 一（二）, t1-2)."""
    reader = _Reader(chosen[0] if len(chosen) == 1 else root, known)
    # a section without items is a task itself when several sections hold the tasks
    return [reader.task(leaf) for s in chosen for leaf in (list(s.leaves()) or ([s] if s is not reader.top else []))]


def number_of(path: list[Node]) -> str:
    return "".join(n.label(alone=len(path) == 1) for n in path)


def title_of(node: Node) -> str:
    return read_node(node, lambda _: False)[0]


def own_note(node: Node, known: Known) -> Note:
    return read_node(node, known)[1]


def read_node(node: Node, known: Known) -> tuple[str, Note]:
    """A heading's title and its text with the notes it carries itself: in the title
    (1.推进…（运输科牵头）), at the end of its text, or in its labelled lines."""
    title, rest = _title_and_rest(node.head)
    head = read_note(title, [], known)
    body = read_note(join_lines([rest, *node.plain]), node.labelled, known)
    merged = Note(body.text, "\n".join(x for x in (head.note, body.note) if x))
    for source in (head, body):
        for role, names in source.roles.items():
            merged.add(role, names)
    return head.text.rstrip("。：:；;，, "), merged


class _Reader:
    def __init__(self, top: Node, known: Known) -> None:
        self.top, self.known = top, known
        self.taken: set[str] = set()
        self.order = 0

    def task(self, leaf: Node) -> Draft:
        path = leaf.path_from(self.top)
        base = ident = "t" + "-".join(str(n.number) for n in path)
        copy = 1
        while ident in self.taken:  # a number printed twice: keep the printed number, make the id unique
            copy += 1
            ident = f"{base}-{copy}"
        self.taken.add(ident)
        self.order += 1
        title, note = read_node(leaf, self.known)
        text = note.text.strip() or read_note(leaf.head, [], self.known).text  # a one-sentence item
        if not title:
            title = _title_and_rest(text)[0]
        if not note.note:
            note = self.inherited(leaf)
        parent = leaf.parent
        group = None
        if parent is not None and parent is not self.top:
            group = {"number": number_of(parent.path_from(self.top)), "title": title_of(parent)}
        return Draft(ident, number_of(path), self.order, group, title, text, note.note, note.roles, ident != base)

    def inherited(self, leaf: Node) -> Note:
        """The note of the nearest group that has one: in its heading or text, or standing after its
        last item when none of its other items has a note of its own."""
        node = leaf.parent
        while node is not None and node is not self.top:
            note = own_note(node, self.known)
            if note.note:
                return note
            items = [own_note(child, self.known) for child in node.children]
            if len(items) > 1 and items[-1].note and not any(item.note for item in items[:-1]):
                return items[-1]
            node = node.parent
        return Note("")


def _title_and_rest(head: str) -> tuple[str, str]:
    """A heading's title (its first sentence, without the final 。) and whatever text follows it."""
    parts = head.split("。", 1)
    title, rest = parts[0].strip(), (parts[1] if len(parts) > 1 else "").strip()
    title = title.rstrip("：:；;，, ")
    if len(title) > MAX_TITLE:
        clause = split_top(title, "，,；;")[0]
        return clause[:MAX_TITLE], head.strip()
    return title, rest


def paragraphs(root: Node, task_sections: list[Node], front: list[str]) -> list[Paragraph]:
    """Every heading's text with its place (三（三）), for finding the reporting rules."""
    inside = {id(n) for s in task_sections for n in s.walk() if s is not root} or {id(n) for n in root.walk()}
    out = [Paragraph("", join_lines(front), False)]
    for node in root.walk():
        if node is root:
            continue
        ref = number_of(node.path_from(root)).rstrip("、")
        ended = not node.head or any(ch in SENTENCE_END for ch in node.head)
        head = node.head if ended else node.head + "。"  # a bare title (工作要求) is a sentence of its own
        text = head + join_lines(node.plain) + "".join(node.labelled)
        out.append(Paragraph(ref, text, id(node) in inside))
    return out
