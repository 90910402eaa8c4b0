"""通报 as issued documents (pure): when each is issued, its 文号, and its numbers frozen at its date.

A monthly 通报 is issued a set number of days after the month's reports fall due (taizhang.yml
`bulletin.days_after_due`, default 7). Everything in it is worked out as of the end of that day
(Beijing time) from the landing times of the reports: a later build, whatever its as-of date, gives
the same text. A report that lands later does not change an issued 通报; a correction is a new
通报 (`bulletin.corrections` in taizhang.yml), issued at its own date and numbered in sequence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taizhang.data import reviews
from taizhang.data.model import Obligation, Task
from taizhang.site.lights import rule_of
from taizhang.site.pages.facts import BEIJING, Facts, months, scores
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore

DAYS_AFTER_DUE = 7
GRADES = ("green", "yellow", "red")
GRADE_ZH = {"green": "绿", "yellow": "黄", "red": "红"}


@dataclass(frozen=True)
class Slot:
    """One 通报: which month it is about, its page key, the day it is issued and its sequence number."""

    key: str  # "2023-09", or "2023-09-gz1" for the first correction of September's
    month: str
    date: dt.date  # 成文日期, and the as-of date of every number in it
    seq: int  # 第几期 in the plan year
    correction: str | None = None  # the reason, for a correction


@dataclass(frozen=True)
class Ranked:
    unit: str
    grade: str  # green | yellow | red
    this_month: Obligation
    score: UnitScore | None  # the plan year's tally through the 通报's date


@dataclass(frozen=True)
class Lagging:
    task: Task
    light: str  # red | amber
    behind: tuple[str, ...]  # units whose report for the month says 滞后
    reported: int  # units that reported on the task that month


@dataclass(frozen=True)
class Issue:
    slot: Slot
    number: str  # 文号
    office: str  # 发文单位
    owed: list[Obligation]  # the month's monthly obligations, frozen at the date
    ranking: list[Ranked]  # green first, then yellow, then red
    lagging: list[Lagging]
    assessment: list[UnitScore]  # ranked


def settings(facts: Facts) -> Mapping[str, Any]:
    config = facts.ledger.config
    return config.bulletin if config else {}


def schedule(facts: Facts) -> list[Slot]:
    """Every 通报 of the plan issued by the as-of date, in issue order, numbered from 1."""
    after = int(settings(facts).get("days_after_due", DAYS_AFTER_DUE))
    found: list[tuple[dt.date, str, str, str | None]] = []
    for month in months(facts):
        owed = facts.owed_by_period.get((kinds.MONTHLY, month), [])
        if owed:
            last = max(o.original_due or o.due for o in owed)  # an extension granted later moves no 通报
            found.append((last + dt.timedelta(days=after), month, month, None))
    issued = {month for _, month, _, _ in found}
    fixes = [c for c in settings(facts).get("corrections", ()) if isinstance(c, dict)]
    for n, fix in enumerate(sorted(fixes, key=lambda c: (str(c.get("date")), str(c.get("month")))), 1):
        month, day = str(fix.get("month", "")), fix.get("date")
        try:
            when = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        except ValueError:  # the schema reports it (S2xx); a 通报 is not made from it
            continue
        if month in issued:
            found.append((when, f"{month}-gz{n}", month, str(fix.get("reason", ""))))
    found = sorted(f for f in found if f[0] <= facts.as_of)
    return [Slot(key, month, day, i, why) for i, (day, key, month, why) in enumerate(found, 1)]


def issued_months(facts: Facts) -> list[str]:
    return sorted({s.month for s in schedule(facts)})


def frozen(o: Obligation, day: dt.date, resubmit_days: int) -> Obligation:
    """The obligation as it stood at the end of `day`: what had landed by then counts, nothing later.

    The same rules as tracking.counting, applied to the facts the obligation carries: an extension
    granted later does not move the deadline yet, a return made later has not happened, a fix (补报)
    landed later is not there, and a report landed later is missing (or 需修改, if only a version that
    failed validation had landed)."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), BEIJING)
    landed = o.merged_at or o.submitted_at  # when main knew of it (a hand-in can be earlier)
    simple = not o.returns and o.extension is None and o.first_landed_at in (None, o.submitted_at)
    if simple and o.due <= day and landed is not None and landed < end and o.status in ("on_time", "late"):
        return o  # landed by then, nothing reviewed: as it is (a province has tens of thousands of these)

    def known(t: dt.datetime | None) -> bool:
        return t is not None and t < end

    extension = o.extension if o.extension is not None and known(o.extension.granted_at) else None
    due = o.due if extension is not None and extension.applied else (o.original_due or o.due)
    first = o.first_landed_at if known(o.first_landed_at) else None
    base = dataclasses.replace(o, due=due, extension=extension, due_soon=False, first_landed_at=first)
    if landed is None or not known(landed):
        days = (day - due).days
        status = "needs_revision" if first else ("pending" if days <= 0 else "overdue")
        return dataclasses.replace(
            base, status=status, days_late=max(0, days), submitted_at=None, amended=(), returns=(), judged_by="first"
        )
    returns = tuple(
        dataclasses.replace(r, fixed_at=r.fixed_at if known(r.fixed_at) else None) for r in o.returns if known(r.at)
    )
    amended = tuple(t for t in o.amended if t < end)
    if returns and returns[-1].fixed_at is None:
        grace = max(due, returns[-1].at.astimezone(BEIJING).date() + dt.timedelta(days=resubmit_days))
        status, late, judged = "returned", max(0, (day - grace).days), "first"
    else:
        slow = [r for r in returns if r.fixed_at and (_day(r.fixed_at) - _day(r.at)).days > resubmit_days]
        fix = returns[-1].fixed_at if slow else None
        late = max(0, (_day(fix or o.submitted_at or landed) - due).days)
        status, judged = ("late" if late else "on_time"), ("final" if slow else "first")
    return dataclasses.replace(base, status=status, days_late=late, returns=returns, amended=amended, judged_by=judged)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BEIJING).date()


def number(facts: Facts, slot: Slot) -> str:
    pattern = str(settings(facts).get("number") or "")
    return pattern.replace("{year}", str(facts.plan.year)).replace("{seq}", str(slot.seq)) if pattern else ""


def office(facts: Facts) -> str:
    name = settings(facts).get("office")
    if name:
        return str(name)
    reviewer = facts.plan.reviewer
    return facts.unit_name(reviewer) if reviewer else facts.plan.issuer


def freeze(facts: Facts, slot: Slot) -> Issue:
    """The 通报 of `slot`, every number as of its date."""
    day = slot.date
    again = reviews.rules_of(facts.plan).resubmit_days
    everything = [
        frozen(o, day, again) for o in facts.obligations if (o.original_due or o.due) <= day or o.period == slot.month
    ]
    owed = [o for o in everything if (o.kind, o.period) == (kinds.MONTHLY, slot.month)]
    tally = {s.unit: s for s in scores(facts, everything)}
    ranking = rank_month(facts, owed, tally)
    return Issue(slot, number(facts, slot), office(facts), owed, ranking, lagging(facts, owed), ranked(facts, tally))


def grade(o: Obligation) -> str:
    """绿 on time; 黄 late, or not yet due under an extension (延期); 红 not submitted by the date
    (逾期, 退回 not yet fixed, 需修改)."""
    return {"on_time": "green", "late": "yellow", "pending": "yellow"}.get(o.status, "red")


def rank_month(facts: Facts, owed: Iterable[Obligation], tally: Mapping[str, UnitScore]) -> list[Ranked]:
    order = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}

    def key(r: Ranked) -> tuple[int, float, int, int]:
        rate = r.score.on_time_rate if r.score and r.score.on_time_rate is not None else 0.0
        return (GRADES.index(r.grade), -rate, r.this_month.days_late, order.get(r.unit, len(order)))

    return sorted((Ranked(o.unit, grade(o), o, tally.get(o.unit)) for o in owed), key=key)


def ranked(facts: Facts, tally: Mapping[str, UnitScore]) -> list[UnitScore]:
    """考核 ranked: on-time rate high to low, then fewer overdue, fewer late, fewer days late."""
    order = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}
    return sorted(
        (s for s in tally.values() if s.assessed),
        key=lambda s: (-(s.on_time_rate or 0.0), s.overdue, s.late, s.days_late, order.get(s.unit, len(order))),
    )


def lagging(facts: Facts, owed: Iterable[Obligation]) -> list[Lagging]:
    """Tasks whose light, from the month's reports that had landed by the date, is red or yellow."""
    landed = [o.unit for o in owed if o.submitted_at is not None and o.via == "git"]
    rule = rule_of(facts.plan.raw)
    out = []
    month = next(iter(o.period for o in owed), None)
    by_task: dict[str, list[tuple[str, str]]] = {}  # each unit's report read once, in the order units landed
    for unit in landed:
        report = facts.reports.get((kinds.MONTHLY, unit, month or ""))
        for task_id, entry in report.entries.items() if report else ():
            if isinstance(entry, dict):
                by_task.setdefault(task_id, []).append((unit, str(entry.get("status", ""))))
    for task in facts.tasks:
        entries = by_task.get(task.id, [])
        light, _ = rule.light([s for _, s in entries])
        if light in ("red", "amber"):
            behind = tuple(u for u, s in entries if s in ("滞后", "未启动"))
            out.append(Lagging(task, light, behind, len(entries)))
    return sorted(out, key=lambda item: (item.light != "red", -len(item.behind)))
