"""`taizhang form`: the report pasted into a form issue, written into the repository and checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from taizhang.commands import read_text
from taizhang.host import access, issueform


def run(root: Path, body_file: str, author: str, teams: str | None) -> int:
    body = read_text(body_file)
    result = issueform.receive(root, body, access.Author.of(author, (teams or "").split(",")))
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if result["ok"] else 1
