"""An Excel 填报表 handed in on the report issue form: the clerk drags the filled workbook into the
form's “Excel 填报表” field instead of pasting YAML, and the form workflow hands it to `taizhang form`.

The issue body is untrusted: only a link to a file GitHub itself stores for the issue
(https://github.com/user-attachments/files/…/x.xlsx, or the older …/<owner>/<repo>/files/…) is taken,
and the workflow downloads it without credentials, over HTTPS, with a size limit. The workbook is then
read like any other (formread.py): its problems are named by sheet, row and cell in the reply.
"""

from __future__ import annotations

import re
from pathlib import Path

from taizhang import templates
from taizhang.data import repository
from taizhang.errors import FatalError
from taizhang.host.issueform import Submission, section
from taizhang.office import formread

FIELD = "Excel 填报表"
NAME = "上传的 Excel 填报表"
_LINK = re.compile(
    r"https://github\.com/(?:user-attachments/files|[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+/files)/\d+/[A-Za-z0-9._%~+-]+?\.xlsx(?=[\s)\]>\"']|$)",
    re.IGNORECASE,
)


def attachment(body: str) -> str | None:
    """The link of the workbook attached in the form's “Excel 填报表” field, if there is one."""
    text = section(body, FIELD)
    found = _LINK.search(text or "")
    return found.group(0) if found else None


def submission(root: Path, workbook: Path) -> Submission | str:
    """The report in a downloaded workbook, or a Chinese message saying what to fix."""
    ledger = repository.load(root, only=[]).ledger
    try:
        got = formread.read(formread.open_book(workbook), NAME, ledger)
        if got.diagnostics:
            lines = "\n".join(f"- {d.message}" for d in got.diagnostics)
            return f"{NAME}有 {len(got.diagnostics)} 处问题，请在 Excel 中改正后重新上传：\n\n{lines}\n"
        path, text = templates.from_data(root, ledger, got.data, NAME)
    except FatalError as exc:
        return f"{NAME}无法读取：{exc}。"
    return Submission(path, got.kind, got.unit, got.period, text)
