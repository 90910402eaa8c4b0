"""`taizhang review` (退回 --return, 延期 --extend) and `taizhang new extension`: the files behind them.

The reviewing office writes a return or an extension; a unit asks for an extension. Each is one
small file beside the report's place, committed and merged by pull request like everything else.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from taizhang import reviewfiles
from taizhang.commands import valid_ledger
from taizhang.errors import FatalError
from taizhang.tracking.obligations import BEIJING


def run(
    root: Path,
    unit: str,
    period: str,
    kind: str | None,
    return_reason: str | None,
    extend: bool,
    days: int | None,
    reason: str | None,
    by: str | None,
    at: str | None,
    stdout: bool,
) -> int:
    ledger = valid_ledger(root)
    what = reviewfiles.target(ledger, kind, unit, period)
    if extend:
        path, text = reviewfiles.extension_file(root, ledger, what, days or 0, reason or "", by or "")
        return _wrote(root, path, text, stdout, "延期：提交并合并后生效（合并时间即批准时间）")
    moment = _moment(at) if at else dt.datetime.now(BEIJING).replace(microsecond=0)
    path, text = reviewfiles.return_file(root, what, moment, return_reason or "", by or "")
    return _wrote(root, path, text, stdout, "退回：提交并合并后，该报告显示为“退回”，直到单位补报")


def request(
    root: Path, unit: str, period: str, kind: str | None, days: int, reason: str, by: str | None, stdout: bool
) -> int:
    """`taizhang new extension`: a unit's request for more time."""
    ledger = valid_ledger(root)
    what = reviewfiles.target(ledger, kind, unit, period)
    path, text = reviewfiles.extension_file(root, ledger, what, days, reason, by or "")
    return _wrote(root, path, text, stdout, "延期申请：请提交拉取请求，由审核科室审核合并（合并即为批准）")


def _wrote(root: Path, path: str, text: str, stdout: bool, next_step: str) -> int:
    if stdout:
        sys.stdout.write(text)
        return 0
    reviewfiles.write(root, path, text)
    print(f"已生成 {path}。{next_step}", file=sys.stderr)
    return 0


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise FatalError(f"时间应写成“年-月-日T时:分:秒+08:00”，如 2023-09-05T10:00:00+08:00，而不是 {value}")
    return moment
