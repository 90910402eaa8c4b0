"""Who owes what, and when (应报、截止日期、报送情况): pure, from the plan's rules and landing facts.

Everything is derived, nothing is typed in: the plan's rules say who reports what and when it is
due; the git history (history.Landing) and the reviewing office's receipts (收件登记) say when each
report arrived; `as_of` says what was known on that day. Deadlines are calendar days in Beijing
time, end of day inclusive: a commit at 2023-08-03T17:30Z is 01:30 on the 4th there, one day late.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from taizhang.data.ledger import Ledger
from taizhang.data.model import Due, Obligation, Plan, Receipt, Report, Rule
from taizhang.tracking import kinds
from taizhang.tracking.history import Landing, Session, Stamp
from taizhang.tracking.kinds import Period, month_index, month_of
from taizhang.tracking.workcalendar import WorkCalendar

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no daylight saving since 1991


@dataclass(frozen=True)
class Arrival:
    """One way an obligation was met: the time that counts, and the facts behind it."""

    at: dt.datetime  # the submission time that counts
    via: str  # git | receipt
    stamp: Stamp = field(compare=False)  # what the commit (or the receipt) says: landing, hand-in, doubt
    counted: str = ""  # "" (the landing) | handed_in (within the grace) | merged (hand-in past the grace)


def counted_time(stamp: Stamp, grace_days: int) -> tuple[dt.datetime, str]:
    """公平计时: the merge job's hand-in time counts when the merge landed within `grace_days` of it.

    Otherwise (no hand-in record, or a merge later than the grace) the landing on main counts."""
    if stamp.handed_in is None:
        return stamp.landed, ""
    if stamp.landed - stamp.handed_in <= dt.timedelta(days=grace_days):
        return stamp.handed_in, "handed_in"
    return stamp.landed, "merged"


def _arrival(stamp: Stamp, via: str, grace_days: int) -> Arrival:
    at, counted = counted_time(stamp, grace_days)
    return Arrival(at, via, stamp, counted)


def evaluate(
    ledger: Ledger, landings: Mapping[str, Landing], as_of: dt.date, calendar: WorkCalendar | None = None
) -> list[Obligation]:
    """Every obligation of every plan, with its status on `as_of` (later arrivals are not yet known).

    `calendar` moves deadlines for rules that shift them; by default the ledger's (calendar.yml).
    Ordered by due date, then kind, then the units' registry order.
    """
    cal = ledger.calendar if calendar is None else calendar
    order = {unit.id: i for i, unit in enumerate(ledger.ordered_units())}
    receipts = {(r.unit, r.kind, r.period): r for r in ledger.receipts if r.received_at is not None}
    studies = _studies(ledger.reports, landings, receipts)
    found: list[Obligation] = []
    for plan in sorted(ledger.plans.values(), key=lambda p: p.start):
        for rule in plan.rules:
            units = ledger.owes(plan, rule.kind)
            for period in periods(plan, rule):
                due = cal.shift(due_date(rule.due, period), rule.shift)
                for unit in units:
                    arrivals = _arrivals(landings, receipts, studies, plan, rule, unit, period)
                    found.append(_obligation(plan, rule, unit, period.text, due, arrivals, landings, as_of))
    found.sort(key=lambda o: (o.due, kinds.order(o.kind), order.get(o.unit, 0), o.period))
    return found


def periods(plan: Plan, rule: Rule) -> list[Period]:
    """The periods a rule covers within the plan: its months, the quarters or half-years they touch,
    its year, or (a one-off report) the date it is due by."""
    if rule.every == "once":
        return [Period(rule.due.date.isoformat(), "once")] if rule.due.date else []
    if rule.every == "year":
        return [Period(str(plan.year), "year")]
    return kinds.periods_touching(rule.every, plan.months())


def due_date(due: Due, period: Period) -> dt.date:
    """The nominal deadline: `due.months` after the period's first or last month, on `due.day`
    (clamped to month end); a one-off report's own date."""
    if due.date is not None:
        return due.date
    anchor = period.first_month if due.anchor == "period_start" else period.last_month
    year, month = map(int, month_of(month_index(anchor) + due.months).split("-"))
    last = stdlib_calendar.monthrange(year, month)[1]
    day = last if due.day == "last" else min(int(due.day), last)
    return dt.date(year, month, day)


def beijing_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BEIJING).date()


def _arrivals(
    landings: Mapping[str, Landing],
    receipts: Mapping[tuple[str, str, str], Receipt],
    studies: Mapping[str, list[Studied]],
    plan: Plan,
    rule: Rule,
    unit: str,
    period: Period,
) -> list[Arrival]:
    """Every way the obligation was met, each with its time: a landing, a receipt, or study records."""
    found = []
    receipt = receipts.get((unit, rule.kind, period.text))
    if receipt is not None and receipt.received_at is not None:
        found.append(Arrival(receipt.received_at, "receipt", Stamp(receipt.received_at)))
    path = kinds.KINDS[rule.kind].path(unit, period.text)
    if path is None:  # a kind with no file of its own (中心组学习): met in the reports that count it
        found += _study_met(studies.get(unit, []), rule.min_sessions, period, plan.hand_in_grace_days)
    else:
        landing = landings.get(path)
        if landing is not None:
            found.append(_arrival(landing.stamp, "git", plan.hand_in_grace_days))
    return found


# One study session as a monthly report records it, one way it arrived (git or receipt), and that arrival's facts.
Studied = tuple[Session, str, Stamp]


def _studies(
    reports: Iterable[Report], landings: Mapping[str, Landing], receipts: Mapping[tuple[str, str, str], Receipt]
) -> dict[str, list[Studied]]:
    """Each unit's recorded study sessions with their arrivals, in the ledger's order, read once.

    A session counts from the version of its report that first recorded it on main (history.scan's
    `sessions`), not from the report's first landing: a session backfilled months later into an
    on-time report arrives months later. A province has 60,000 reports and 5,000 study obligations:
    going through every report for every obligation would be 300 million steps."""
    found: dict[str, list[Studied]] = {}
    carriers = {kind.counted_in for kind in kinds.KINDS.values() if kind.counted_in}
    for report in reports:
        recorded = report.data.get("study_sessions") if report.kind in carriers else None
        if not recorded:
            continue
        landing = landings.get(report.path)
        receipt = receipts.get((report.unit, report.kind, report.period))
        own = landing.session_stamps() if landing else {}
        events = found.setdefault(report.unit, [])
        for item in recorded:
            session = (item["date"], item["topic"])
            if landing is not None:
                events.append((session, "git", own.get(session, landing.stamp)))
            if receipt is not None and receipt.received_at is not None:
                events.append((session, "receipt", Stamp(receipt.received_at)))
    return found


def _study_met(studied: Iterable[Studied], needed: int, period: Period, grace_days: int) -> list[Arrival]:
    """When the unit had recorded `needed` study sessions dated in the quarter.

    Each session counts from its own arrival; the one that completes the count gives the time.
    One arrival per completing order is returned, so an as-of date sees only what had arrived.
    """
    first, last = period.first_month, period.last_month
    dated = [
        (_arrival(stamp, via, grace_days), session)
        for session, via, stamp in studied
        if first <= session[0][:7] <= last
    ]
    out: list[Arrival] = []
    seen: set[Session] = set()
    for arrival, session in sorted(dated, key=lambda d: d[0].at):
        seen.add(session)
        if len(seen) >= needed:
            out.append(arrival)
    return out


def _obligation(
    plan: Plan,
    rule: Rule,
    unit: str,
    period: str,
    due: dt.date,
    arrivals: list[Arrival],
    landings: Mapping[str, Landing],
    as_of: dt.date,
) -> Obligation:
    # What had reached main (or been received) by `as_of`, earliest counted time first: a hand-in
    # merged after `as_of` was not yet known then.
    known = sorted((a for a in arrivals if beijing_date(a.stamp.landed) <= as_of), key=lambda a: a.at)
    path = kinds.KINDS[rule.kind].path(unit, period)
    landing = landings.get(path) if path else None
    if not known:
        days = (as_of - due).days
        if days > 0:
            return Obligation(unit, rule.kind, period, plan.key, due, path, None, "overdue", days)
        soon = -days <= plan.due_soon_days
        return Obligation(unit, rule.kind, period, plan.key, due, path, None, "pending", 0, due_soon=soon)
    arrival = known[0]
    submitted, via, stamp = arrival.at, arrival.via, arrival.stamp
    late = max(0, (beijing_date(submitted) - due).days)
    later = [landing.first, *landing.changes] if landing else []
    amended = tuple(t.astimezone(BEIJING) for t in later if t > stamp.landed and beijing_date(t) <= as_of)
    submitted = submitted.astimezone(BEIJING)  # shown in Beijing time, whatever offset the commit carried
    status = "late" if late else "on_time"
    return Obligation(
        unit, rule.kind, period, plan.key, due, path, submitted, status, late, amended=amended, via=via,
        handed_in=stamp.handed_in.astimezone(BEIJING) if stamp.handed_in else None,
        merged_at=stamp.landed.astimezone(BEIJING) if stamp.handed_in else None,
        counted=arrival.counted, doubt=stamp.doubt,
    )  # fmt: skip


@dataclass(frozen=True)
class UnitScore:
    """考核: one unit's record for one year (the year its periods belong to), from its obligations.

    `assessed` counts what is decided: on time, late or overdue; pending items are not yet scored.
    The on-time rate is on_time / assessed (None while nothing is assessed). Under 一票否优 a single
    late or overdue item bars an "excellent" rating: `spotless` says whether the unit has none.
    """

    unit: str
    year: int
    assessed: int
    on_time: int
    late: int
    overdue: int
    pending: int
    days_late: int  # total over late and overdue items

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.assessed if self.assessed else None

    @property
    def spotless(self) -> bool:
        return self.late == 0 and self.overdue == 0


def summarize(obligations: Iterable[Obligation], kinds: Iterable[str] | None = None) -> list[UnitScore]:
    """Per unit and year, in the order units first appear in `obligations` (evaluate's: registry order).

    With `kinds`, only those kinds count (e.g. monthly only, for a monthly bulletin, 通报).
    """
    wanted = None if kinds is None else set(kinds)
    tally: dict[tuple[int, str], dict[str, int]] = {}
    for o in obligations:
        if wanted is not None and o.kind not in wanted:
            continue
        counts = tally.setdefault(
            (int(o.period[:4]), o.unit), dict.fromkeys(("on_time", "late", "overdue", "pending", "days"), 0)
        )
        counts[o.status] += 1
        counts["days"] += o.days_late
    return [
        UnitScore(
            unit,
            year,
            c["on_time"] + c["late"] + c["overdue"],
            c["on_time"],
            c["late"],
            c["overdue"],
            c["pending"],
            c["days"],
        )
        for (year, unit), c in sorted(tally.items(), key=lambda item: item[0][0])
    ]
