"""`taizhang form`: the report pasted into a form issue, written into the repository and checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from taizhang.commands import read_text
from taizhang.host import access, issueform


def run(
    root: Path, body_file: str, author: str, teams: str | None, workbook: str | None = None, attachment: bool = False
) -> int:
    """`workbook`: an Excel 填报表 attached to the form (downloaded by the workflow), read instead of the pasted
    text; `attachment`: only print the link of that attachment (empty when there is none)."""
    from taizhang.host import formhandin  # openpyxl only when a workbook comes

    body = read_text(body_file)
    if attachment:
        print(formhandin.attachment(body) or "")
        return 0
    found = formhandin.submission(root, Path(workbook)) if workbook else None
    result = issueform.receive(root, body, access.Author.of(author, (teams or "").split(",")), found)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if result["ok"] else 1
