"""Unit notes (分工括注): who leads, answers for, supports and carries out a task.

The forms a plan uses:
- a parenthetical ending the task: （运输科牵头负责，市运输事业发展中心配合，各县（市、区）交通运输局落实）
- bracketed labels anywhere in it: 〔责任单位：运输科〕 【牵头单位：运输科；配合单位：…】
- labelled lines after (or before) the text: 牵头单位：… / 责任单位：… / 配合单位：… / 实施单位：…

Role words map to the four roles of the data model (牵头 lead, 负责 responsible, 配合 cooperating,
落实 implementing); names are kept exactly as written so they can be reported back to the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from taizhang.importer.text import SENTENCE_END, depth_scan, split_top, trailing_group

# Longest phrases first; a phrase is matched at the end of a clause (运输科牵头负责 → 牵头负责).
_PHRASES = {
    "lead": ["牵头负责", "牵头抓总", "牵头落实", "牵头"],
    "responsible": ["按职责分工负责", "分工负责", "负责"],
    "cooperating": ["配合落实", "协助", "协同", "配合", "参与", "协办"],
    "implementing": ["负责落实", "抓好落实", "组织落实", "贯彻落实", "组织实施", "落实", "实施"],
}
_ADVERBS = "等|要|分别|共同|具体|积极|全力|各自|主要|按照职责分工|按职责分工|按照职责|按职能|按职责"
_ROLE_OF = {phrase: role for role, phrases in _PHRASES.items() for phrase in phrases}
_ALTS = "|".join(sorted(_ROLE_OF, key=len, reverse=True))
_LABEL_WORDS = "牵头|主办|责任|负责|主责|承办|完成|配合|协办|参与|协同|协助|实施|落实|执行"
# …牵头 / …按职责分工负责 / …为牵头单位 at the end of a clause
ROLE_AT_END = re.compile(
    rf"(?:{_ADVERBS})*(?:为|是|作为)?(?:(?P<phrase>{_ALTS})|(?P<label>(?:{_LABEL_WORDS})(?:单位|部门|科室)))$"
)
# Labels before a colon: unit roles (牵头单位：), and labels that name no unit (责任领导：, 完成时限：).
_OTHER_LABELS = "(?:责任|分管|牵头)(?:领导|人)|(?:完成|办结)?时限|时间节点|完成时间|时间要求"
LABEL = re.compile(rf"(?P<label>{_OTHER_LABELS}|(?:{_LABEL_WORDS})(?:单位|部门|科室|处室|机构)?)\s*[:：]")
_NOT_A_NAME = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|月底|年内|底前|之前|以前|长期|时限|持续")
_LABEL_ROLE = {
    "lead": ("牵头", "主办"),
    "responsible": ("责任", "负责", "主责", "承办", "完成"),
    "cooperating": ("配合", "协办", "参与", "协同", "协助"),
    "implementing": ("实施", "落实", "执行"),
}
LABEL_LINE = re.compile(rf"^\s*{LABEL.pattern}")
_BRACKETED = re.compile(rf"[〔【［\[]\s*{LABEL.pattern}[^〔〕【】［］\[\]]*[〕】］\]]")
_TRAILING_ETC = re.compile(r"等(?:相关|有关|其他)?(?:单位|部门|科室)?$")
_LEAD_MARK = re.compile(r"^(?P<name>.+?)[（(](?:牵头|牵头单位|牵头部门)[）)]$")
_LEADING = re.compile(r"^(?:由|请|并|会同)")

Known = Callable[[str], bool]


@dataclass
class Note:
    """A task's text with its note taken out, the note as printed, and names by role as written."""

    text: str
    note: str = ""
    roles: dict[str, list[str]] = field(default_factory=dict)

    def add(self, role: str, names: list[str]) -> None:
        bucket = self.roles.setdefault(role, [])
        bucket += [n for n in names if n not in bucket]


def read_note(plain: str, labelled: list[str], known: Known) -> Note:
    """Take every unit note out of a task's joined text and its labelled lines."""
    pieces: list[str] = []
    found = Note("")
    text = plain
    for match in list(_BRACKETED.finditer(text)):
        pieces.append(match.group(0))
        _labelled(match.group(0)[1:-1], found)
    text = _BRACKETED.sub("", text).strip()
    text, tail = _inline_labels(text)
    if tail:
        pieces.append(tail)
        _labelled(tail, found)
    text, trailing = _trailing_notes(text, known)
    for note in trailing:
        pieces.append(note)
        inner = note[1:-1]
        (_labelled if LABEL.search(inner) else _clauses)(inner, found)
    for line in labelled:
        pieces.append(line)
        _labelled(line, found)
    found.text = text
    found.note = "\n".join(pieces)
    return found


def _inline_labels(text: str) -> tuple[str, str]:
    """A labelled note run into the end of the text: …能力。牵头单位：运输科；配合单位：…"""
    depths = depth_scan(text)
    for match in LABEL.finditer(text):
        start = match.start()
        if depths[start] == 0 and (start == 0 or text[start - 1] in "。；;）) "):
            return text[:start].rstrip(), text[start:].strip()
    return text, ""


def _trailing_notes(text: str, known: Known) -> tuple[str, list[str]]:
    notes: list[str] = []
    while True:
        body = text.rstrip().rstrip("。；;，,").rstrip()
        start = trailing_group(body)
        if start is None or not looks_like_note(body[start + 1 : -1], known):
            return text, notes
        notes.insert(0, body[start:])
        ending = text.rstrip()[len(body) :].strip()[:1]  # 。 after the note ends the sentence before it
        text = body[:start].rstrip()
        if ending in SENTENCE_END and text and text[-1] not in SENTENCE_END:
            text += ending


def looks_like_note(inner: str, known: Known) -> bool:
    """A bracketed remark is a unit note when it has a role label or word, or names only known units."""
    if LABEL.search(inner):
        return True
    clauses = split_top(inner, "，,；;。")
    if any(_role_clause(c) for c in clauses):
        return True
    names = [n for c in clauses for n in split_names(c)]
    return bool(names) and all(known(n) for n in names)


def _role_clause(clause: str) -> tuple[str, str] | None:
    """(role, the names before the role word) when `clause` ends with a role word after some names."""
    match = ROLE_AT_END.search(clause)
    if match is None or match.start() == 0:
        return None
    role = _ROLE_OF[match.group("phrase")] if match.group("phrase") else _label_role(match.group("label"))
    return (role, clause[: match.start()]) if role else None


def _subclauses(clause: str) -> list[str]:
    """运输科牵头、建管科配合 → 运输科牵头 | 建管科配合 (a role word before 、 closes a clause)."""
    out, names = [], []
    for piece in split_top(clause, "、"):
        names.append(piece)
        if _role_clause(piece):
            out.append("、".join(names))
            names = []
    return [*out, "、".join(names)] if names else out


def _clauses(inner: str, found: Note) -> None:
    """运输科牵头，市运输事业发展中心配合，各县（市、区）交通运输局落实 — clauses in any order.

    Names before a clause without a role word wait for the next role word
    (各县（市、区）交通运输局，市交通运输综合行政执法队落实: both implement)."""
    pending: list[str] = []
    last = "responsible"
    for clause in (c for part in split_top(inner, "，,；;。") for c in _subclauses(part)):
        clause = _LEADING.sub("", clause)
        hit = _role_clause(clause)
        if hit is None:
            pending += split_names(clause)
            continue
        last, names = hit[0], pending + split_names(hit[1])
        pending = []
        _assign(found, last, names)
    if pending:
        _assign(found, last, pending)


def _labelled(content: str, found: Note) -> None:
    """牵头单位：运输科；配合单位：市运输事业发展中心、各县（市、区）交通运输局"""
    matches = list(LABEL.finditer(content))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(content)
        role = _label_role(match.group("label"))
        if role is not None:
            _assign(found, role, split_names(content[match.end() : end]))


def _label_role(label: str) -> str | None:
    if label.endswith(("领导", "人")) or "时" in label:
        return None  # a person or a deadline, not a unit
    return next(role for role, words in _LABEL_ROLE.items() if label.startswith(words))


def _assign(found: Note, role: str, names: list[str]) -> None:
    for name in names:
        if _NOT_A_NAME.search(name):
            continue  # a deadline (2024年6月底前完成) stays in the note, not among the units
        marked = _LEAD_MARK.match(name)
        if marked:
            found.add("lead", [marked.group("name")])
        else:
            found.add(role, [name])


def split_names(text: str) -> list[str]:
    """A list of unit names: split at 、，；, a leading 由 and a trailing 等 dropped."""
    out = []
    for piece in split_top(text.strip().strip("。"), "、，,；; "):
        name = _TRAILING_ETC.sub("", _LEADING.sub("", piece)).strip()
        if name:
            out.append(name)
    return out
