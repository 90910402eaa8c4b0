"""What the pages say, worked out once from the ledger and the obligations: pure, no I/O."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation, Plan, Report, Task
from taizhang.site.figures import Figures, Item
from taizhang.site.lights import LightRule
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore, summarize

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
PROGRESS_STATUSES = ("未启动", "正常推进", "滞后", "已完成")
PROGRESS_KINDS = frozenset(name for name, kind in kinds.KINDS.items() if kind.form == "progress")
OPEN_WINDOW_DAYS = 62  # a yearly report's 填报 link shows from two months before it is due


@dataclass(frozen=True)
class SiteConfig:
    """What the pure page generator needs beyond the ledger: texts prepared at the edge."""

    templates: Mapping[tuple[str, str, str], str] = field(default_factory=dict)  # (kind, unit, period) -> text
    schemas: Mapping[str, str] = field(default_factory=dict)  # file name -> JSON Schema text
    note: str | None = None  # shown on the home page, e.g. when obligations could not be computed
    computed: bool = True  # False: the obligations are unknown (not merely none), and the pages say so
    office: frozenset[str] = frozenset()  # the Excel forms and Word files the site publishes (officefiles.py)


@dataclass
class Facts:
    """One plan's facts: the ledger, the plan and indexes over its reports and obligations, built in
    one pass each. Every page about a plan (its tasks, periods, bulletins, charts) reads one of these."""

    ledger: Ledger
    plan: Plan
    as_of: dt.date
    config: SiteConfig
    obligations: list[Obligation]
    computed: bool  # False when no obligations could be computed (the pages say so)
    base: str = ""  # where the plan's own pages live: "" for the current plan, "plans/<key>/" for earlier ones
    reports: dict[tuple[str, str, str], Report] = field(default_factory=dict)  # (kind, unit, period)
    by_unit: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    sent: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))  # (kind, period)
    owed: dict[tuple[str, str, str], Obligation] = field(default_factory=dict)  # (kind, unit, period)
    owed_by_unit: dict[str, list[Obligation]] = field(default_factory=lambda: defaultdict(list))
    owed_by_period: dict[tuple[str, str], list[Obligation]] = field(default_factory=lambda: defaultdict(list))
    task_roles: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # task id -> role -> units
    held: dict[str, list[tuple[Task, list[str]]]] = field(default_factory=lambda: defaultdict(list))  # unit -> tasks
    # latest_entries() for every task, worked out on first use in one walk over the reports
    latest: dict[str, list[tuple[str, Report, dict[str, Any]]]] | None = field(default=None, repr=False, compare=False)
    # scores() of the plan's own obligations, worked out on first use (units, charts, bulletins, workbook)
    scored: list[UnitScore] | None = field(default=None, repr=False, compare=False)
    # todo._bound(): the units each reporting rule's `who` names, groups expanded
    bound: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    # keywords.unit_counts(): per unit, how often its reports quote each term
    quoted: dict[str, Counter[str]] = field(default_factory=dict, repr=False, compare=False)
    # the plan's figures (totals.of, by_task), read from its reports once and added up once
    figure_items: list[Item] | None = field(default=None, repr=False, compare=False)
    figures: Figures | None = field(default=None, repr=False, compare=False)

    def roles(self, task: Task) -> dict[str, tuple[str, ...]]:
        """Unit ids by role on `task`, groups expanded (Ledger.roles, worked out once per task)."""
        return self.task_roles[task.id]

    def unit_tasks(self, unit_id: str) -> list[tuple[Task, list[str]]]:
        """The plan's tasks on which `unit_id` holds a role, with its roles, in plan order."""
        return self.held.get(unit_id, [])

    @property
    def tasks(self) -> list[Task]:
        return self.ledger.ordered_tasks(self.plan.key)

    def unit_name(self, unit_id: str) -> str:
        unit = self.ledger.units.get(unit_id)
        return unit.name if unit else unit_id

    def obligation(self, report: Report) -> Obligation | None:
        return self.owed.get((report.kind, report.unit, report.period))

    @property
    def current(self) -> bool:
        """Whether this is the plan the home page shows (earlier plans are kept under plans/<key>/)."""
        return not self.base


@dataclass(frozen=True)
class Archive:
    """Every plan the site shows: the current one first, then the earlier ones, newest first.

    Units, the overdue list, the 填报 page and the downloads span all of them; everything else is
    about one plan. A plan issued after the as-of date is not shown yet.
    """

    plans: tuple[Facts, ...]

    @property
    def current(self) -> Facts:
        return self.plans[0]

    @property
    def earlier(self) -> tuple[Facts, ...]:
        return self.plans[1:]

    @property
    def ledger(self) -> Ledger:
        return self.current.ledger

    @property
    def as_of(self) -> dt.date:
        return self.current.as_of

    @property
    def config(self) -> SiteConfig:
        return self.current.config

    @property
    def computed(self) -> bool:
        return self.current.computed

    def of(self, plan_key: str) -> Facts | None:
        return next((f for f in self.plans if f.plan.key == plan_key), None)

    def obligations(self) -> list[Obligation]:
        """Every plan's obligations, the earliest plan's first."""
        return [o for facts in reversed(self.plans) for o in facts.obligations]


def gather(ledger: Ledger, obligations: Iterable[Obligation], as_of: dt.date, config: SiteConfig) -> Archive:
    shown = shown_plans(ledger, as_of)
    if not shown:
        raise ValueError("the ledger has no plan")
    owed: dict[str, list[Obligation]] = defaultdict(list)
    for o in obligations:
        owed[o.plan].append(o)
    reports: dict[str, list[Report]] = defaultdict(list)
    for report in ledger.reports:
        plan = ledger.plan_for(report.kind, report.period)
        if plan is not None:
            reports[plan.key].append(report)
    return Archive(
        tuple(
            gather_plan(
                ledger, plan, owed[plan.key], reports[plan.key], as_of, config, "" if i == 0 else plan_base(plan)
            )
            for i, plan in enumerate(shown)
        )
    )


def plan_base(plan: Plan) -> str:
    return f"plans/{plan.key}/"


def gather_plan(
    ledger: Ledger,
    plan: Plan,
    obligations: Iterable[Obligation],
    reports: Iterable[Report],
    as_of: dt.date,
    config: SiteConfig,
    base: str = "",
) -> Facts:
    """The facts of one plan, from its obligations and reports, each period's units in registry order
    (the order of the bureau's own documents: 市直单位, then 忻府区, 原平市, 定襄县 …)."""
    units = {u.id: i for i, u in enumerate(ledger.ordered_units())}

    kind = kinds.order

    def when(period: str) -> tuple[dt.date, dt.date] | tuple[()]:
        parsed = kinds.period_of(period)
        return parsed.sort_key() if parsed else ()

    mine = sorted(obligations, key=lambda o: (o.period, kind(o.kind), units.get(o.unit, len(units)), o.unit))
    facts = Facts(ledger, plan, as_of, config, mine, config.computed, base)
    # in time order (2024-Q1 before 2024-04), so a unit's last report is its latest
    ordered = sorted(reports, key=lambda r: (when(r.period), kind(r.kind), units.get(r.unit, len(units)), r.unit))
    for report in ordered:
        facts.reports[(report.kind, report.unit, report.period)] = report
        facts.by_unit[report.unit].append(report)
        facts.sent[(report.kind, report.period)].append(report.unit)
    for task in facts.tasks:
        facts.task_roles[task.id] = roles = ledger.roles(task)
        for unit in dict.fromkeys(u for ids in roles.values() for u in ids):
            facts.held[unit].append((task, [role for role, ids in roles.items() if unit in ids]))
    for o in mine:
        facts.owed[(o.kind, o.unit, o.period)] = o
        facts.owed_by_unit[o.unit].append(o)
        facts.owed_by_period[(o.kind, o.period)].append(o)
    return facts


def select_plan(ledger: Ledger, as_of: dt.date) -> Plan | None:
    """The plan the site shows: the latest one issued by `as_of`, else the earliest there is."""
    shown = shown_plans(ledger, as_of)
    return shown[0] if shown else None


def shown_plans(ledger: Ledger, as_of: dt.date) -> list[Plan]:
    """The plans on the site, the current one first: every plan issued by `as_of`, newest first
    (when none is issued yet, the earliest there is, alone)."""
    issued = sorted((p for p in ledger.plans.values() if p.issued <= as_of), key=lambda p: (p.year, p.start))
    if issued:
        return issued[::-1]
    first = min(ledger.plans.values(), key=lambda p: (p.year, p.start), default=None)
    return [first] if first else []


def current_month(plan: Plan, as_of: dt.date) -> str | None:
    """The reporting month being collected at `as_of`: the last month that has ended, within the plan."""
    first = as_of.replace(day=1) - dt.timedelta(days=1)
    month = min(f"{first.year:04d}-{first.month:02d}", plan.end)
    return month if month >= plan.start else None


def period_end(kind: str, period: str) -> dt.date:
    """The last day of the period an obligation is about."""
    known = kinds.get(kind)
    parsed = kinds.period_of(period, known.cadence if known else None)
    if parsed is None:
        raise ValueError(f"not a period of {kind}: {period!r}")
    return parsed.end


def is_open(o: Obligation, as_of: dt.date) -> bool:
    """Whether a unit can and should file this now: overdue, or pending once its period is over
    (or, for yearly filings such as the annual plan, once the deadline is near)."""
    if o.path is None or o.status not in ("overdue", "pending"):
        return False
    return o.status == "overdue" or o.due_soon or as_of >= opens_on(o)


def opens_on(o: Obligation) -> dt.date:
    """The first day is_open() offers a pending item's 填报 link (the day after its period ends,
    or OPEN_WINDOW_DAYS before a yearly or one-off item is due)."""
    known = kinds.get(o.kind)
    if known is not None and known.cadence in ("month", "quarter", "half_year"):  # filed once the period is over
        return period_end(o.kind, o.period) + dt.timedelta(days=1)
    return o.due - dt.timedelta(days=OPEN_WINDOW_DAYS)


def scores(facts: Facts, obligations: Iterable[Obligation] | None = None) -> list[UnitScore]:
    """考核: per unit, in registry order, the plan year's tally of `obligations` (default: the plan's,
    worked out once: the list is shared, do not modify)."""
    if obligations is None:
        if facts.scored is None:
            facts.scored = _scores(facts, facts.obligations)
        return facts.scored
    return _scores(facts, obligations)


def _scores(facts: Facts, obligations: Iterable[Obligation]) -> list[UnitScore]:
    found = [s for s in summarize(obligations) if s.year == facts.plan.year]
    order = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}
    return sorted(found, key=lambda s: (order.get(s.unit, len(order)), s.unit))


def tally(obligations: Iterable[Obligation]) -> dict[str, int]:
    out = dict.fromkeys(("on_time", "late", "overdue", "pending"), 0)
    for o in obligations:
        out[o.status] = out.get(o.status, 0) + 1
    return out


def rate(counts: Mapping[str, int]) -> float | None:
    due = counts["on_time"] + counts["late"] + counts["overdue"]
    return counts["on_time"] / due if due else None


def latest_entries(facts: Facts, task: Task) -> list[tuple[str, Report, dict[str, Any]]]:
    """Each unit's most recent progress entry (月报、季报…) on `task`: (unit, report, entry), in registry order.

    The lists are shared (the task pages, charts and workbook each ask for every task): do not modify."""
    if facts.latest is None:
        facts.latest = _latest(facts)
    return facts.latest.get(task.id, [])


def _latest(facts: Facts) -> dict[str, list[tuple[str, Report, dict[str, Any]]]]:
    """latest_entries() of every task at once: each unit's reports walked once, newest first."""
    out: dict[str, list[tuple[str, Report, dict[str, Any]]]] = {}
    for unit in facts.ledger.ordered_units():
        seen: set[str] = set()
        for report in reversed(facts.by_unit.get(unit.id, [])):
            if report.kind not in PROGRESS_KINDS:
                continue
            for task_id, entry in report.entries.items():
                if task_id not in seen and isinstance(entry, dict):
                    seen.add(task_id)
                    out.setdefault(task_id, []).append((unit.id, report, entry))
    return out


def light(statuses: list[str], rule: LightRule | None = None) -> tuple[str, str]:
    """A task's status light (css class, label) from its units' latest progress statuses, by the
    plan's rule (taizhang.lights)."""
    return (rule or LightRule()).light(statuses)


def months(facts: Facts) -> list[str]:
    return facts.plan.months()


def due_months(facts: Facts) -> list[str]:
    """Monthly periods whose reports have fallen due by the as-of date (bulletins exist for these)."""
    return [
        m for m in months(facts) if any(o.status != "pending" for o in facts.owed_by_period.get((kinds.MONTHLY, m), []))
    ]


def beijing(moment: dt.datetime | None) -> str:
    return _beijing(moment) if moment else ""


@functools.lru_cache(maxsize=1 << 15)  # a report's time appears on its unit's page, its period, bulletins, downloads
def _beijing(moment: dt.datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
