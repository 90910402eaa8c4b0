"""`taizhang import-xlsx`: 填好的 Excel 填报表转成报告文件（openpyxl 和 python-docx 只在运行时载入，见 commands/office.py）。"""

from __future__ import annotations

from typing import Any


def run(*args: Any) -> int:
    from taizhang.commands import office

    result: int = office.import_xlsx(*args)
    return result
