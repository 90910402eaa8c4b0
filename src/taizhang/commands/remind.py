"""`taizhang remind`: the reminder issues (催办) to open, update or close, from who has reported."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from pathlib import Path

from taizhang.commands import read_text
from taizhang.data import diagnostics
from taizhang.errors import FatalError
from taizhang.host import remind


def run(root: Path, as_of: dt.date, issues_file: str | None, fmt: str) -> int:
    issues = remind.issues_from_json(json.loads(read_text(issues_file))) if issues_file else []
    try:  # looked up when run, so that the obligations engine can be stood in for (tests/test_remind.py)
        status = importlib.import_module("taizhang.tracking.status")
    except ImportError:
        raise FatalError("这个版本的 taizhang 还不能计算报送情况（缺少 taizhang.tracking.status）") from None
    ledger, obligations = status.compute(root, as_of)
    sys.stderr.write(diagnostics.needs_revision_zh(ledger.rejected))
    repo = remind.Repo.of(ledger.config)
    fills = remind.fills_for(root, ledger, obligations)
    actions = remind.plan(obligations, issues, as_of, ledger, repo, fills, remind.guide_for(root, ledger, repo))
    if fmt == "json":
        json.dump(remind.as_json(as_of, actions), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("".join(f"{a.action} {a.key} {a.number or ''}".rstrip() + "\n" for a in actions))
    print(f"催办：{len(actions)} 项操作（{as_of.isoformat()}）。", file=sys.stderr)
    return 0
