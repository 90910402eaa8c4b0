"""A 公文's text cut into its parts: the notice and title (front), the numbered body, the colophon (tail).

Page numbers and running headers that a PDF leaves between the lines of a paragraph are dropped here,
so that the outline reader sees only the document's own lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.importer.text import clean_line, is_page_furniture, numeral, repeated, squash, typical_width

# Syntactic heading shapes, highest level first (GB/T 9704: 一、 （一） 1. （1）, then ①).
HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("l1", re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>.*)$")),
    ("l2", re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    (
        "l3",
        re.compile(r"^(?P<n>[0-9０-９]{1,2})\s*(?:[、.．](?![0-9０-９])|\s+(?=[\u4e00-\u9fff]))\s*(?P<rest>.*)$"),
    ),
    ("l4", re.compile(r"^[（(]\s*(?P<n>[0-9０-９]{1,2})\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    ("l4", re.compile(r"^(?P<n>[0-9０-９]{1,2})\s*[）)]\s*(?P<rest>.*)$")),
    ("l5", re.compile(r"^(?P<n>[①-⑳])\s*(?P<rest>.*)$")),
)
_DAY = r"[\d一二三四五六七八九十]{1,3}"
DATE = rf"(?:\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*{_DAY}\s*月\s*{_DAY}\s*日"
DATE_LINE = re.compile(rf"^{DATE}$")
PRINTED_LINE = re.compile(rf"^(?P<by>.*?)\s*(?P<date>{DATE})\s*印发$")
_COLOPHON_START = re.compile(rf"^(?:抄送|主题词|主送|分送)\s*[:：]|^[（(]?共印\s*\d+\s*份[）)]?$|{DATE}\s*印发$")
ORG_LINE = re.compile(r"^[^。，；：、,;:]{2,30}(?:局|委|委员会|办|办公室|厅|政府|中心|队|会|部|处|科|室|公司|集团)$")
# A page number glued to the start or end of a line: "— 3 — 清单，实行销号管理" / "建立隐患 - 3 -".
_EDGE_FOOTER = re.compile(r"^[—－-]\s*\d{1,3}\s*[—－-]\s+|\s+[—－-]\s*\d{1,3}\s*[—－-]$")
PUBLICITY_LINE = re.compile(r"^[（(](?P<what>此件[^（）()]*)[）)]$")


@dataclass(frozen=True)
class Document:
    front: list[str]  # everything before the first heading: red header, number, notice, title, preamble
    body: list[str]  # the numbered sections, without page furniture and running headers
    tail: list[str]  # signature, date and colophon after the last section
    full: int  # the width of a full (wrapped) line, for telling a wrap from a paragraph end


def heading(line: str) -> tuple[str, str, str] | None:
    """(style, number as written, rest of the line) when `line` is shaped like a heading."""
    for style, pattern in HEADINGS:
        match = pattern.match(line)
        if match:
            return style, match.group("n"), match.group("rest").strip()
    return None


def split(raw: str) -> Document:
    lines = [
        clean_line(_EDGE_FOOTER.sub("", line.strip()))
        for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    lines = [line for line in lines if line and not is_page_furniture(line)]
    start = _body_start(lines)
    front, rest = lines[:start], lines[start:]
    rest = _without_running_headers(front, rest)
    cut = _tail_start(rest)
    body, tail = rest[:cut], rest[cut:]
    return Document(front, body, tail, typical_width([line for line in body if heading(line) is None]))


def _body_start(lines: list[str]) -> int:
    shapes = [heading(line) for line in lines]
    first = next((i for i, s in enumerate(shapes) if s and s[0] == "l1" and _first_number(s[1])), None)
    if first is not None:
        return first
    starts = [i for i, s in enumerate(shapes) if s and s[0] in ("l2", "l3", "l4") and _first_number(s[1])]
    # a page cut from a longer document starts mid-numbering: （十一）, then （十二）
    starts += [
        i for i, s in enumerate(shapes) if s and s[0] in ("l1", "l2", "l3") and _numbering_goes_on(lines[i + 1 :], s)
    ][:1]
    return min(starts, default=len(lines))


def _numbering_goes_on(rest: list[str], first: tuple[str, str, str]) -> bool:
    """Whether the next heading of `first`'s style carries the number after `first`'s."""
    number = numeral(first[1])
    for line in rest:
        found = heading(line)
        if found and found[0] == first[0]:
            return number is not None and numeral(found[1]) == number + 1
    return False


def _first_number(number: str) -> bool:
    return number in ("一", "1", "１")


def _without_running_headers(front: list[str], body: list[str]) -> list[str]:
    """Drop page headers left in the body: a copy of a short front line (the title, 某某局文件, the
    document number) or a short line repeated three times or more that is not a sentence or a note."""
    headerish = {squash(line) for line in front if _header_like(line)}
    thrice = repeated(body, 3)
    kept = []
    for line in body:
        key = squash(line)
        if (
            heading(line) is None
            and _header_like(line)
            and (key in headerish or key in thrice or line.endswith("文件"))
        ):
            continue
        kept.append(line)
    return kept


def _header_like(line: str) -> bool:
    return (
        len(line) <= 40
        and not re.search(r"[。，,；;：:、）)]|单位|牵头|负责|配合|落实", line)
        and not DATE_LINE.match(line)
    )


def _tail_start(lines: list[str]) -> int:
    """Where the signature and colophon begin: the 印发 line, 抄送, 共印N份, and the name and
    date lines just above them."""
    cut = len(lines)
    for i in range(max(0, len(lines) - 15), len(lines)):
        if _COLOPHON_START.search(lines[i]):
            cut = i
            break
    while cut > 0 and (
        DATE_LINE.match(lines[cut - 1]) or PUBLICITY_LINE.match(lines[cut - 1]) or _signature(lines, cut - 1)
    ):
        cut -= 1
    return cut


def _signature(lines: list[str], i: int) -> bool:
    """An organisation's name standing alone just above a date or a 印发 line."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(ORG_LINE.match(lines[i])) and bool(
        DATE_LINE.match(nxt) or PRINTED_LINE.match(nxt) or ORG_LINE.match(nxt)
    )
