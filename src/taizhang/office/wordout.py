"""A report as a Word document (.docx) in the bureau's usual layout, for the stamp and the OA system.

Title, the plan it answers (文号), the addressee, a table of the unit's tasks with the report's
columns (for a 月报: 推进状态, 进展情况, 存在问题, 下步计划; the columns come from forms.FORMS, so a
kind's Word table and Excel form agree), the contact, and a blank for the unit's stamp and date.
Written with python-docx on A4 landscape in the fonts of official documents (仿宋 body, 黑体 headings,
小标宋 title); a machine without them shows its own Song or Hei fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from taizhang.office import docxtrim, forms
from taizhang.office.formbook import Target
from taizhang.office.forms import Form, Table

BODY, HEADING, TITLE = "仿宋_GB2312", "黑体", "方正小标宋简体"


def build(target: Target, data: dict[str, Any], reviewer: str | None) -> bytes:
    """The .docx of the report `data` of `target`; `reviewer` names the office it goes to (运输科)."""
    form = forms.FORMS[target.kind]
    document = docxtrim.blank()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)  # the table's size; paragraphs outside it set their own
    _fonts(normal.element.get_or_add_rPr(), BODY)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = target.title, "taizhang", "由 taizhang export-docx 生成"
    if data.get("sample"):
        _line(document, "示例数据：本文件由演示数据生成，仅供演示和测试。", size=10, colour=RGBColor(0xC6, 0x28, 0x28))
    _line(document, target.title, size=22, font=TITLE, bold=True, centre=True)
    plan = target.plan
    _line(document, f"（依据《{plan.title}》{plan.document_number}）", centre=True)
    if reviewer:
        _line(document, f"{reviewer}：")
    for spec in form.basics:
        if spec.key in data and not spec.key.startswith("contact."):
            _line(document, spec.header, font=HEADING, size=14)
            _line(document, str(data[spec.key]), indent=True)
    _tasks(document, form, target, data)
    _study(document, data)
    contact = data.get("contact") or {}
    if contact:
        phone = f"　　联系电话：{contact['phone']}" if contact.get("phone") else ""
        _line(document, f"填报人：{contact.get('name', '')}{phone}")
    _line(document, "")
    _line(document, f"{target.unit.name}（盖章）", right=True)
    _line(document, "年　　月　　日", right=True)
    docxtrim.trim(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tasks(document: Any, form: Form, target: Target, data: dict[str, Any]) -> None:
    per_task = [t for t in form.tables if t.per_task]
    headers = ["序号", "重点任务", *(f.header for f in form.fields), *(t.sheet for t in per_task)]
    entries: dict[str, Any] = data.get("tasks", {})
    rows = []
    for task, _ in target.tasks:
        entry = entries.get(task.id)
        if isinstance(entry, dict):
            values = [task.number, task.title, *(str(entry.get(f.key, "")) for f in form.fields)]
            rows.append(values + [_items(t, entry.get(t.key, [])) for t in per_task])
    # made whole, then filled: python-docx adds a row by walking the table, and styles each run by hand
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word and LibreOffice both keep the widths below
    widths = [Cm(w) for w in _widths(form, per_task)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for number, (row, values) in enumerate(zip(table.rows, [headers, *rows], strict=True)):
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            if number == 0:
                cell.width = width
                _text(cell, value, bold=True, centre=True)
            else:
                cell.text = value  # "\n" becomes a line break
    _repeat_header(table.rows[0])


def _widths(form: Form, per_task: Sequence[Table]) -> list[float]:
    """Column widths in cm over the 25.7 cm between the margins: long texts wide, choices narrow."""
    weights = [
        1.2,
        3.5,
        *(1.6 if f.type == forms.CHOICE else f.width / 7 for f in form.fields),
        *(3.5 for _ in per_task),
    ]
    return [round(25.7 * w / sum(weights), 2) for w in weights]


def _items(table: Table, items: Sequence[dict[str, Any]]) -> str:
    """A list inside a task entry (数据指标, 时间表) as lines: 新增新能源车辆 56 辆."""
    return "\n".join(" ".join(str(item[f.key]) for f in table.fields if f.key in item) for item in items)


def _study(document: Any, data: dict[str, Any]) -> None:
    sessions = data.get("study_sessions") or []
    if not sessions:
        return
    _line(document, "中心组学习", font=HEADING, size=14)
    for i, s in enumerate(sessions, 1):
        people = f"，参加 {s['participants']} 人" if s.get("participants") else ""
        _line(document, f"{i}. {s['date']}　{s['topic']}{people}", indent=True)


def _line(
    document: Any,
    text: str,
    size: float = 12,
    font: str | None = None,
    bold: bool = False,
    centre: bool = False,
    right: bool = False,
    indent: bool = False,
    colour: RGBColor | None = None,
) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    if centre or right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour
    if font:
        _fonts(run._element.get_or_add_rPr(), font)
    return paragraph


def _text(cell: _Cell, text: str, bold: bool = False, centre: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).font.bold = bold


def _fonts(properties: Any, name: str) -> None:
    """Latin and East Asian fonts both: python-docx's font.name sets only the Latin one."""
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _repeat_header(row: Any) -> None:
    """The header row repeats on every page the table runs to (Word's 重复标题行)."""
    properties = row._tr.get_or_add_trPr()
    element = properties.makeelement(qn("w:tblHeader"), {})
    properties.append(element)
