"""What counts (计入): one obligation's status from its valid arrivals, returns (退回) and extension (延期).

- A report counts from its first valid version (`submitted_at`, the contract's `valid_at`); a landed
  report with no valid version yet is 需修改 (needs_revision), overdue in all but name after the due date.
- A return after that sends it back: 退回 (returned) until a valid version lands after the return,
  the 补报. A fix within the plan's `resubmit_days` keeps the first time for judging on time or late;
  a later fix is judged by its own time (`judged_by` says which).
- An extension granted (merged) on main moves the deadline by its days, unless the plan's rules refuse
  it (too many, too long, granted after the original deadline); the original deadline stays on record.

Pure: everything arrives as data, and only what was known by the end of `as_of` (Beijing) is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from taizhang.data.model import Extension, Granted, Obligation, Plan, Return, Returned, Rule
from taizhang.data.reviews import ReviewRules

if TYPE_CHECKING:
    from taizhang.tracking.obligations import Arrival

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class Facts:
    """What is known of one obligation, before the as-of date is applied."""

    arrivals: Sequence[Arrival]  # valid arrivals: valid versions on main, receipts, study records
    landed: Sequence[dt.datetime]  # every version on main, valid or not, oldest first
    returns: Sequence[Return] = ()
    extension: Extension | None = None
    granted_at: dt.datetime | None = None  # when the extension landed on main
    refused: str = ""  # why the plan's limits refuse the extension ("" if they do not)


def day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BEIJING).date()


def decide(
    plan: Plan,
    rule: Rule,
    unit: str,
    period: str,
    due: dt.date,
    path: str | None,
    facts: Facts,
    rules: ReviewRules,
    as_of: dt.date,
) -> Obligation:
    # What had reached main (or been received) by `as_of`, earliest counted time first (a hand-in merged
    # after `as_of` was not yet known then)
    known = sorted((a for a in facts.arrivals if day(a.stamp.landed) <= as_of), key=lambda a: a.at)
    landed = sorted(t for t in facts.landed if day(t) <= as_of) if facts.landed else []
    granted = _granted(facts, due, rules, as_of) if facts.extension is not None else None
    deadline = due + dt.timedelta(days=granted.days) if granted and granted.applied else due
    first_landed = landed[0].astimezone(BEIJING) if landed else None
    # Built once per branch (not copied with dataclasses.replace): a province has 66,000 obligations.
    if not known:
        days = (as_of - deadline).days
        status, late, soon = ("needs_revision", max(0, days), False) if landed else ("overdue", days, False)
        if not landed and days <= 0:
            status, late, soon = "pending", 0, -days <= plan.due_soon_days
        return Obligation(
            unit, rule.kind, period, plan.key, deadline, path, None, status, late, due_soon=soon,
            first_landed_at=first_landed, original_due=due, extension=granted,
        )  # fmt: skip
    arrival = known[0]
    first, via, stamp = arrival.at, arrival.via, arrival.stamp
    returns = _returns(facts.returns, first, [a.stamp.landed for a in known], as_of) if facts.returns else ()
    counted = "first"
    if returns and returns[-1].fixed_at is None:  # late once both the deadline and the time to fix have passed
        grace = max(deadline, day(returns[-1].at) + dt.timedelta(days=rules.resubmit_days))
        status, late = "returned", max(0, (as_of - grace).days)
    else:
        slow = any(r.fixed_at and (day(r.fixed_at) - day(r.at)).days > rules.resubmit_days for r in returns)
        judged = returns[-1].fixed_at if slow and returns[-1].fixed_at else first
        late = max(0, (day(judged) - deadline).days)
        status, counted = ("late" if late else "on_time"), ("final" if slow else "first")
    return Obligation(
        unit, rule.kind, period, plan.key, deadline, path, first.astimezone(BEIJING), status, late,
        amended=tuple(t.astimezone(BEIJING) for t in landed if t > stamp.landed), via=via,
        handed_in=stamp.handed_in.astimezone(BEIJING) if stamp.handed_in else None,
        merged_at=stamp.landed.astimezone(BEIJING) if stamp.handed_in else None,
        counted=arrival.counted, doubt=stamp.doubt,
        first_landed_at=first_landed, original_due=due, extension=granted, returns=returns, judged_by=counted,
    )  # fmt: skip


def _granted(facts: Facts, due: dt.date, rules: ReviewRules, as_of: dt.date) -> Granted | None:
    e = facts.extension
    if e is None or facts.granted_at is None or day(facts.granted_at) > as_of:
        return None  # not requested, or not granted (merged) by the as-of date
    granted = facts.granted_at.astimezone(BEIJING)
    why = facts.refused
    if not why and not rules.extension_after_due and day(granted) > due:
        why = "批准时已过原截止日期"
    return Granted(e.days, e.reason, granted, applied=not why, why_not=why)


def _returns(
    returns: Sequence[Return], submitted: dt.datetime, valid: Sequence[dt.datetime], as_of: dt.date
) -> tuple[Returned, ...]:
    """Returns made after the report was submitted, by the as-of date, each with the valid version
    that followed it (the 补报), if one had landed by then."""
    out = []
    for r in sorted((r for r in returns if r.at is not None), key=lambda r: r.at or submitted):
        assert r.at is not None
        if r.at < submitted or day(r.at) > as_of:
            continue
        fix = next((t for t in sorted(valid) if t > r.at), None)
        out.append(Returned(r.at.astimezone(BEIJING), r.reason, fix.astimezone(BEIJING) if fix else None))
    return tuple(out)
