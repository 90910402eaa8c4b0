"""`taizhang status`: what each unit owes, when it was due and when it arrived."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from taizhang.data import diagnostics
from taizhang.errors import FatalError
from taizhang.tracking import status


def run(root: Path, as_of: dt.date, fmt: str, unit: str | None, fail_on_overdue: bool) -> int:
    ledger, found = status.compute(root, as_of)
    sys.stderr.write(diagnostics.needs_revision_zh(ledger.rejected))
    if unit:
        if unit not in ledger.units:
            known = "、".join(sorted(ledger.units))
            raise FatalError(f"单位“{unit}”未登记；已登记的单位代码：{known}")
        found = [o for o in found if o.unit == unit]
    sys.stdout.write(status.render(ledger, found, as_of, fmt))
    overdue = sum(o.status == "overdue" for o in found)
    if fail_on_overdue and overdue:
        print(f"截至 {as_of.isoformat()} 有 {overdue} 项逾期未报送。", file=sys.stderr)
        return 1
    return 0
