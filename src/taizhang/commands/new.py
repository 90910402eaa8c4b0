"""`taizhang new`: a report's template (or, with --example, a complete sample) for a unit and period."""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang import templates
from taizhang.commands import valid_ledger
from taizhang.errors import FatalError
from taizhang.tracking import kinds


def run(root: Path, what: str, unit: str, period: str, example: bool, stdout: bool) -> int:
    """`what` is report, plan or summary; `period` a report's period (2023-08, 2024-Q1 …) or a year."""
    ledger = valid_ledger(root)
    kind = kinds.for_new(what, period)
    if kind is None:
        raise FatalError(
            f"--period 应为“年-月”，如 2023-08（季度 2024-Q1，半年 2024-H1，一次性报送写截止日期 2024-10-31），而不是 {period}"
        )
    path, text = templates.render(root, ledger, kind.name, unit, period, example)
    if stdout:
        sys.stdout.write(text)
        return 0
    templates.write(root, path, text)
    print(f"已生成 {path}", file=sys.stderr)
    return 0
