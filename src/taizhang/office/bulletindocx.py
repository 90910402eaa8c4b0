"""A 通报 as a Word document (.docx) to print and file, written with python-docx.

The same text as the page: title, 文号, addressees, the opening paragraph, the ranked tables, the
lagging tasks, the requirements and the signature block (issuing office and date). The file is the
same, byte for byte, on every build: its timestamps are the 通报's own date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from taizhang.office import docxtrim
from taizhang.site.pages import bulletin, fmt, reviewed
from taizhang.site.pages.facts import Facts
from taizhang.site.pages.issue import GRADE_ZH, Issue

FONT = "仿宋"  # the body font of official documents (GB/T 9704); Word falls back when missing
TITLE_FONT = "方正小标宋简体"


def render(facts: Facts, item: Issue) -> bytes:
    doc = docxtrim.blank()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _para(doc, bulletin.title(item.slot), size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    if item.number:
        _para(doc, item.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    who = bulletin.addressees(facts)
    if who:
        _para(doc, f"{who}：")
    if item.slot.correction is not None:
        _para(doc, f"更正原因：{item.slot.correction or '数据有误'}。此前印发的通报保持原样。")
    _para(doc, bulletin.intro(facts, item))
    _para(doc, "一、报送情况", bold=True)
    _table(
        doc,
        ["序号", "单位", "等级", "本月报送", "本年度按时率", "一票否优"],
        [
            [
                str(i),
                facts.unit_name(r.unit),
                GRADE_ZH[r.grade],
                bulletin.month_label(r.this_month),
                fmt.percent(r.score.on_time_rate) if r.score else "—",
                "" if r.score is None or r.score.spotless else "是",
            ]
            for i, r in enumerate(item.ranking, 1)
        ],
    )
    for line in reviewed.tallies(facts, item.owed, None):
        _para(doc, line)
    _para(doc, "二、工作进展滞后的任务", bold=True)
    for x in item.lagging or ():
        names = "、".join(facts.unit_name(u) for u in x.behind)
        _para(doc, f"{x.task.number} {x.task.title}：{len(x.behind)}/{x.reported} 个单位报告滞后或未启动（{names}）")
    if not item.lagging:
        _para(doc, "成文日前报送的月报中，没有进展滞后的任务。")
    _para(doc, f"三、考核情况（{facts.plan.year}年度截至{fmt.date_zh(item.slot.date)}）", bold=True)
    _para(doc, f"{bulletin.RANK_RULE}{bulletin.VETO_NOTE}", size=12)
    rows = []
    for i, s in enumerate(item.assessment, 1):
        rank, *rest = bulletin.assessment_cells(i, s)
        rows.append([rank, facts.unit_name(s.unit), *rest])
    _table(doc, bulletin.ASSESSMENT_HEADERS, rows)
    _para(doc, "四、有关要求", bold=True)
    _para(doc, bulletin.requirement(item))
    _para(doc, item.office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, fmt.date_zh(item.slot.date), align=WD_ALIGN_PARAGRAPH.RIGHT)
    moment = dt.datetime.combine(item.slot.date, dt.time())
    props = doc.core_properties
    props.title, props.author, props.created, props.modified = bulletin.title(item.slot), item.office, moment, moment
    props.last_modified_by, props.revision = item.office, 1
    buffer = io.BytesIO()
    docxtrim.trim(doc)
    doc.save(buffer)
    return _stamped(buffer.getvalue(), moment)


def _para(
    doc: object, text: str, size: int | None = None, bold: bool = False, align: object = None, font: str | None = None
) -> None:
    paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
        run.element.rPr.rFonts.set(qn("w:eastAsia"), font)


def _table(doc: object, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A bordered table (Word's "Table Grid"), written as one piece of XML: python-docx's add_row()
    and cell.text walk the whole table for each cell, minutes for a province's thousand units."""
    cells = "".join("<w:gridCol/>" for _ in headers)
    lines = "".join(_row(values) for values in [headers, *rows])
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{cells}</w:tblGrid>{lines}</w:tbl>"
    )
    doc.element.body._insert_tbl(table)  # type: ignore[attr-defined]  # before the section properties


def _row(values: Sequence[str]) -> str:
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
        for text in values
    )
    return f"<w:tr>{cells}</w:tr>"


def _stamped(data: bytes, moment: dt.datetime) -> bytes:
    """The zip rewritten with every entry dated `moment` (zipfile stamps entries with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
