"""`taizhang export-docx`: 一份报告的 Word 文档（openpyxl 和 python-docx 只在运行时载入，见 commands/office.py）。"""

from __future__ import annotations

from typing import Any


def run(*args: Any) -> int:
    from taizhang.commands import office

    result: int = office.export_docx(*args)
    return result
