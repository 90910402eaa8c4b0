"""The ledger as plain JSON-ready data: plan, units and tasks with every group phrase expanded."""

from __future__ import annotations

from typing import Any

from taizhang.data.ledger import Ledger
from taizhang.data.model import ROLES, Plan
from taizhang.tracking import kinds


def plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.key,
        "title": plan.title,
        "issuer": plan.issuer,
        "document_number": plan.document_number,
        "issued": plan.issued.isoformat(),
        "year": plan.year,
        "period": {"start": plan.start, "end": plan.end},
        "reporting": {
            "timezone": "Asia/Shanghai",
            "reviewer": plan.reviewer,
            "holiday_shift": plan.holiday_shift,
            "rules": [
                {
                    "kind": r.kind,
                    "name": r.name,
                    "who": list(r.who),
                    "to": r.to,
                    "every": r.every,
                    "due": {"date": r.due.date.isoformat()}
                    if r.due.date
                    else {"from": r.due.anchor, "months": r.due.months, "day": r.due.day},
                    "shift": r.shift,
                    **({"min_sessions": r.min_sessions} if kinds.KINDS[r.kind].form == "study" else {}),
                    "source": r.source,
                }
                for r in plan.rules
            ],
        },
    }


def export(ledger: Ledger, plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan_dict(plan),
        "units": [
            {"id": u.id, "name": u.name, "kind": u.kind, "groups": list(u.groups)} for u in ledger.ordered_units()
        ],
        "tasks": [
            {
                "id": t.id,
                "number": t.number,
                "title": t.title,
                "text": t.text,
                "note": t.note,
                "group": {"number": t.group_number, "title": t.group_title} if t.group_number else None,
                "roles": {role: list(ids) for role, ids in ledger.roles(t).items() if role in ROLES},
            }
            for t in ledger.ordered_tasks(plan.key)
        ],
    }
