"""`taizhang export`: a plan, its units and tasks (groups expanded) as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from taizhang.commands import valid_ledger
from taizhang.data import exports
from taizhang.errors import FatalError


def run(root: Path, plan_key: str | None) -> int:
    ledger = valid_ledger(root)
    plan = ledger.plans.get(plan_key) if plan_key else ledger.latest_plan()
    if plan is None:
        raise FatalError(f"找不到工作要点 {plan_key or ''}；现有：{'、'.join(ledger.plans) or '无'}")
    json.dump(exports.export(ledger, plan), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
