"""What a 公文 says about itself: issuer, document number, dates, title, addressees, colophon.

Read from the lines before the first numbered section (red header 某某局文件, 某交发〔2023〕102号,
the notice 关于印发《…》的通知, its addressees, signature and date) and from the colophon after the
last one (某某局办公室 2023年7月17日印发).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from taizhang.importer.document import DATE, DATE_LINE, ORG_LINE, PRINTED_LINE, PUBLICITY_LINE, Document, heading
from taizhang.importer.notes import split_names
from taizhang.importer.text import numeral

_NUMBER = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,12})\s*[〔\[［(（]\s*(?P<year>\d{4})\s*[〕\]］)）]\s*(?P<n>\d+)\s*号")
_TITLE_WORDS = re.compile(
    r"(?:工作要点|要点|工作计划|计划|实施方案|方案|工作安排|安排|任务分工|责任分解|任务清单)(?:[（(](?:试行|节选|摘录|摘要)[)）])?$"
)
_EXCERPT = re.compile(r"[（(](?:节选|摘录|摘要)[)）]$")  # a page cut from the plan: the plan's title is without it
_NOTICE_END = re.compile(r"(?:通知|通报|函)$")
_DATE_PARTS = re.compile(
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>[\d一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日"
)


@dataclass(frozen=True)
class Front:
    title: str | None = None
    notice_title: str | None = None
    issuer: str | None = None
    red_header: str | None = None
    document_number: str | None = None
    issued: dt.date | None = None
    printed_by: str | None = None
    printed_on: dt.date | None = None
    publicity: str | None = None
    addressees: list[str] = field(default_factory=list)  # as written

    @property
    def year(self) -> int | None:
        for text in (self.title or "", self.document_number or ""):
            found = re.search(r"(\d{4})\s*[年〕]", text)
            if found:
                return int(found.group(1))
        return self.issued.year if self.issued else None


def parse_date(text: str) -> dt.date | None:
    match = _DATE_PARTS.search(text)
    if not match:
        return None
    parts = [numeral(match.group(k)) for k in "ymd"]
    try:
        return dt.date(*parts) if all(parts) else None  # type: ignore[arg-type]
    except ValueError:
        return None


def read_front(doc: Document) -> Front:
    front, tail = doc.front, doc.tail
    notice_at, notice = _notice(front)
    header = next((line for line in front if line.endswith("文件") and ORG_LINE.match(line[:-2] or "x")), None)
    by, on = _printed(tail)
    return Front(
        title=_title(front, notice) or _title(doc.body, None),  # a plan after a notice with sections
        notice_title=notice,
        issuer=_issuer(notice, header, front + tail),
        red_header=header,
        document_number=_document_number(front + tail),
        issued=_issued(front, tail) or on or _issued(doc.body, []),
        printed_by=by,
        printed_on=on,
        publicity=next((m.group("what") for line in front + tail if (m := PUBLICITY_LINE.match(line))), None),
        addressees=_addressees(front, notice_at),
    )


def _notice(front: list[str]) -> tuple[int, str | None]:
    """The notice's title (关于印发《…》的通知), joined across the lines it wraps onto; where it ends."""
    for start, line in enumerate(front):
        if "关于" not in line and "印发" not in line:
            continue
        before = front[start - 1] if start else ""
        text = before if line.startswith("关于") and ORG_LINE.match(before) else ""  # 某某局 / 关于印发…
        for end in range(start, min(start + 4, len(front))):
            text += front[end]
            if _NOTICE_END.search(text):
                return end, text
    return -1, None


def _title(front: list[str], notice: str | None) -> str | None:
    if notice:
        quoted = re.search(r"《(.+?)》", notice)
        if quoted:
            return quoted.group(1)
        between = re.search(r"印发(.+?)的(?:通知|通报)$", notice)
        if between:
            return between.group(1)
    for i, line in enumerate(front):
        if re.search(r"[。，；：:]", line) or line.endswith("文件") or _NUMBER.search(line) or DATE_LINE.match(line):
            continue
        if heading(line):
            continue
        if _TITLE_WORDS.search(line):
            return _EXCERPT.sub("", line)
        nxt = front[i + 1] if i + 1 < len(front) else ""
        if nxt and _TITLE_WORDS.search(nxt) and not re.search(r"[。，；：:]", nxt) and len(line) + len(nxt) <= 60:
            return line + nxt
    return None


def _issuer(notice: str | None, header: str | None, lines: list[str]) -> str | None:
    if notice and "关于" in notice and notice.index("关于") > 1:
        return notice[: notice.index("关于")]
    if header:
        return header[:-2]
    for i, line in enumerate(lines[:-1]):
        if ORG_LINE.match(line) and DATE_LINE.match(lines[i + 1]):
            return line
    return None


def _document_number(lines: list[str]) -> str | None:
    found = [m for line in lines if (m := _NUMBER.search(line))]
    alone = [m for m in found if m.group(0) == m.string.strip()]
    if not found:
        return None
    best = (alone or found)[0]
    return f"{best.group('org')}〔{best.group('year')}〕{best.group('n')}号"


def _issued(front: list[str], tail: list[str]) -> dt.date | None:
    for line in front + tail:
        if DATE_LINE.match(line):
            return parse_date(line)
    return None


def _printed(tail: list[str]) -> tuple[str | None, dt.date | None]:
    for i, line in enumerate(tail):
        match = PRINTED_LINE.match(line)
        if match:
            by = match.group("by").strip() or (tail[i - 1] if i and ORG_LINE.match(tail[i - 1]) else None)
            return by, parse_date(match.group("date"))
    return None, None


def _addressees(front: list[str], notice_at: int) -> list[str]:
    """主送机关: the lines after the notice's title up to the one ending with a colon."""
    if notice_at < 0:
        return []
    text = ""
    for line in front[notice_at + 1 : notice_at + 5]:
        if re.search(rf"[。]|{DATE}", line):
            break
        text += line
        if text.endswith(("：", ":")):
            return split_names(text[:-1])
    return []
