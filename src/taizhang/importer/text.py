"""Text as it comes out of a PDF: characters, page furniture, brackets, numerals.

Everything here is pure string work shared by the outline, note and front-matter readers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and CJK symbols: a space between two of these (or CJK characters) is a PDF artefact.
WIDE = CJK + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026"
_WIDE_GAP = re.compile(rf"(?<=[{WIDE}])[ \t]+(?=[{WIDE}])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

OPEN = "（(〔【[［《“「『"
CLOSE = "）)〕】]］》”」』"
# Full-width and half-width brackets of one shape close each other: PDFs mix them inside one note.
_SHAPE = {"（": "round", "(": "round", "）": "round", ")": "round", "〔": "shell", "〕": "shell"}
_SHAPE |= {"【": "lens", "】": "lens", "[": "square", "]": "square", "［": "square", "］": "square"}

TERMINAL = "。；;：:！!？?）)”」』】〕"  # a line ending in one of these ended its sentence or note
SENTENCE_END = "。；;！!？?"

# Page furniture: "— 3 —", "- 3 -", "3", "第 3 页 共 8 页", "共8页 第3页", "3/8", "Page 3 of 8".
_PAGE_LINES = [
    re.compile(r"^[-—–－―─_~～·•\s]*\d{1,4}[-—–－―─_~～·•\s]*$"),
    re.compile(r"^第\s*\d+\s*页\s*[,，/、]?\s*(?:共\s*\d+\s*页)?$"),
    re.compile(r"^共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页$"),
    re.compile(r"^\d+\s*/\s*\d+$"),
    re.compile(r"^page\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE),
]

_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def clean_line(line: str) -> str:
    """One line with invisible characters gone, odd spaces made plain and PDF gaps between Chinese closed."""
    line = line.translate(_INVISIBLE).replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ")
    line = _WIDE_GAP.sub("", line.strip())
    return re.sub(r" {2,}", " ", line)


def is_page_furniture(line: str) -> bool:
    return any(p.match(line) for p in _PAGE_LINES)


def squash(text: str) -> str:
    """A comparison key: NFKC (full-width → half-width), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one string: Chinese joins without a space, two English words with one."""
    out = ""
    for line in lines:
        if out and line and re.match(r"[A-Za-z]", line[0]) and re.match(r"[A-Za-z]", out[-1]):
            out += " "
        out += line
    return out


def width(line: str) -> int:
    """Display width: a Chinese character or full-width mark counts two, ASCII one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def typical_width(lines: list[str]) -> int:
    """The width a wrapped document's full lines reach (its 80th percentile), for telling wraps from ends."""
    widths = sorted(width(line) for line in lines if line)
    if not widths:
        return 0
    return widths[min(len(widths) - 1, (len(widths) * 8) // 10)]


def depth_scan(text: str) -> list[int]:
    """The bracket depth before each character (round brackets of either width match each other)."""
    depths, depth = [], 0
    for ch in text:
        if ch in CLOSE and ch not in "”」』":
            depth = max(0, depth - 1)
        depths.append(depth)
        if ch in OPEN and ch not in "“「『":
            depth += 1
    return depths


def unbalanced(text: str) -> bool:
    """True when a bracket or quote opened in `text` is still open at its end."""
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
    return depth > 0


def split_top(text: str, separators: str) -> list[str]:
    """`text` split at `separators` that stand outside brackets; pieces stripped, empty ones dropped."""
    pieces, start = [], 0
    for i, (ch, depth) in enumerate(zip(text, depth_scan(text), strict=True)):
        if depth == 0 and ch in separators:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def trailing_group(text: str) -> int | None:
    """Where the bracket group that ends `text` opens (round brackets of mixed width allowed), or None."""
    if not text or text[-1] not in "）)〕】]］":
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in "）)〕】]］":
            depth += 1
        elif ch in "（(〔【[［":
            depth -= 1
            if depth == 0:
                return i if _SHAPE[ch] == _SHAPE[text[-1]] else None
    return None


def numeral(text: str) -> int | None:
    """An Arabic or Chinese numeral (一 … 九十九, 二〇二三) as an int; None when it is not one."""
    text = unicodedata.normalize("NFKC", text.strip())
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    value, current = 0, 0
    for ch in text:
        if ch == "百":
            value += (current or 1) * 100
            current = 0
        elif ch == "十":
            value += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return value + current


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (up to 99)."""
    units = "零一二三四五六七八九"
    if n < 10:
        return units[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else units[tens]) + "十" + (units[ones] if ones else "")


def repeated(lines: list[str], at_least: int) -> set[str]:
    counts = Counter(squash(line) for line in lines if line)
    return {line for line, n in counts.items() if n >= at_least}
