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

from taizhang.data import reviews
from taizhang.data.ledger import Ledger
from taizhang.data.model import Due, Obligation, Plan, Receipt, Report, Return, Rule
from taizhang.tracking import counting, kinds
from taizhang.tracking.history import Landing, Session, Stamp
from taizhang.tracking.kinds import Period, month_index, month_of
from taizhang.tracking.versions import Versions
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
    ledger: Ledger,
    landings: Mapping[str, Landing],
    as_of: dt.date,
    calendar: WorkCalendar | None = None,
    versions: Mapping[str, Versions] | None = None,
) -> list[Obligation]:
    """Every obligation of every plan, with its status on `as_of` (later arrivals are not yet known).

    `calendar` moves deadlines for rules that shift them; by default the ledger's (calendar.yml).
    `versions`: each landed report's versions and whether each passed validation (versions.py); a
    report counts from its first valid version. Without it every landed version counts as valid.
    Returns (退回) and extensions (延期) come from the ledger, extension grant times from `landings`.
    Ordered by due date, then kind, then the units' registry order.
    """
    cal = ledger.calendar if calendar is None else calendar
    order = {unit.id: i for i, unit in enumerate(ledger.ordered_units())}
    receipts = {(r.unit, r.kind, r.period): r for r in ledger.receipts if r.received_at is not None}
    seen = dict(versions) if versions is not None else _all_valid(landings)
    studies = _studies(ledger.reports, landings, receipts)
    returns: dict[tuple[str, str, str], list[Return]] = {}
    for r in ledger.returns:
        returns.setdefault((r.kind, r.unit, r.period), []).append(r)
    extensions = {(e.kind, e.unit, e.period): e for e in ledger.extensions}
    found: list[Obligation] = []
    for plan in sorted(ledger.plans.values(), key=lambda p: p.start):
        rules = reviews.rules_of(plan)
        for rule in plan.rules:
            units = ledger.owes(plan, rule.kind)
            for period in periods(plan, rule):
                due = cal.shift(due_date(rule.due, period), rule.shift)
                for unit in units:
                    arrivals = _arrivals(landings, seen, receipts, studies, plan, rule, unit, period)
                    path = kinds.KINDS[rule.kind].path(unit, period.text)
                    key = (rule.kind, unit, period.text)
                    extension = extensions.get(key)
                    granted = landings.get(extension.path) if extension else None
                    facts = counting.Facts(
                        arrivals,
                        [t for t, _ in seen.get(path, ())] if path else [],
                        returns.get(key, ()),
                        extension,
                        granted.first if granted else None,
                        reviews.refused(ledger, extension) if extension else "",
                    )
                    found.append(counting.decide(plan, rule, unit, period.text, due, path, facts, rules, as_of))
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
    seen: Mapping[str, Versions],
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
        for when, valid in seen.get(path, ()):  # the first valid version counts; later ones fix returns
            if valid and landing is not None:
                stamp = landing.stamp if when == landing.first else Stamp(when)
                found.append(_arrival(stamp, "git", plan.hand_in_grace_days))
    return found


def _all_valid(landings: Mapping[str, Landing]) -> dict[str, Versions]:
    """Every landed version taken as valid (when no validity of earlier versions is known)."""
    return {
        path: tuple((t, True) for t in (landing.first, *landing.changes))
        for path, landing in landings.items()
        if path.startswith("reports/")
    }


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
    returned: int = 0  # 退回: returns made (each counts, fixed or not)
    resubmitted: int = 0  # 补报: returns followed by a valid fix
    extended: int = 0  # 延期: extensions that moved a deadline
    extension_days: int = 0  # their days, together

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
    fields = ("on_time", "late", "overdue", "pending", "days", "returned", "resubmitted", "extended", "extension_days")
    tally: dict[tuple[int, str], dict[str, int]] = {}
    for o in obligations:
        if wanted is not None and o.kind not in wanted:
            continue
        counts = tally.setdefault((int(o.period[:4]), o.unit), dict.fromkeys(fields, 0))
        counts[_bucket(o)] += 1
        counts["days"] += o.days_late
        counts["returned"] += len(o.returns)
        counts["resubmitted"] += sum(1 for r in o.returns if r.fixed_at is not None)
        if o.extension is not None and o.extension.applied:
            counts["extended"] += 1
            counts["extension_days"] += o.extension.days
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
            c["returned"],
            c["resubmitted"],
            c["extended"],
            c["extension_days"],
        )
        for (year, unit), c in sorted(tally.items(), key=lambda item: item[0][0])
    ]


def _bucket(o: Obligation) -> str:
    """Where an obligation counts in the assessment: a report not yet valid (需修改) or sent back and
    not yet fixed (退回) is not submitted: overdue once past its deadline, pending before."""
    if o.status in ("needs_revision", "returned"):
        return "overdue" if o.days_late > 0 else "pending"
    return o.status
