"""Tidy the site search's index after MkDocs has written it (search/search_index.json).

Material's search cuts a Chinese query into the longest pieces it finds in the index, and never tries
the whole query: if 五 is a word of its own anywhere in the index (from a task number such as （五）),
a search for 五寨 becomes a search for 五* and 五台山's page can come first. A single character that
begins a county's name or a quoted term must not be a word of its own, so that the whole query is looked up (五寨* finds 五寨县). Such a character standing alone gets an invisible word joiner
(U+2060) in front, which no query starts with. The text reads the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

ZWSP = "\u200b"  # how Material's jieba segmentation marks word boundaries
JOINER = "\u2060"  # invisible, and no separator for Material's search
BOUNDARY = "\\s\u200b\u3000\\-、。，．？！；<>"  # Material's separator for Chinese, and tag edges


def starts(words: Iterable[str]) -> set[str]:
    """The first characters of the words that must be found whole."""
    return {w[0] for w in words if len(w) > 1 and "\u4e00" <= w[0] <= "\u9fff"}


def tidy_text(text: str, firsts: set[str]) -> str:
    if not firsts:
        return text
    chars = re.escape("".join(sorted(firsts)))
    lone = re.compile(f"(^|[{BOUNDARY}])([{chars}])(?=$|[{BOUNDARY}])")
    return lone.sub(lambda m: m.group(1) + JOINER + m.group(2), text)


def tidy(path: Path, words: Iterable[str]) -> None:
    firsts = starts(words)
    if not path.is_file() or not firsts:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = tidy_text(doc[key], firsts)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
