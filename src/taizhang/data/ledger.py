"""The whole ledger (台账) in memory, and the questions the rest of the code asks of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from taizhang.data.diagnostics import Diagnostic
from taizhang.data.model import ROLES, Config, Extension, Group, Plan, Receipt, Report, Return, Task, Unit
from taizhang.speed import Memo, identities
from taizhang.tracking.kinds import KINDS, Period
from taizhang.tracking.workcalendar import WorkCalendar

Assignments = dict[str, list[tuple[Task, list[str]]]]  # unit id -> its tasks in plan order, with its roles
Roster = tuple[list[Unit], dict[str, tuple[str, ...]]]  # units in registry order, and each group's members
ReportIndex = dict[tuple[str, str, str], Report]  # (kind, unit, period) -> report


@dataclass
class Ledger:
    config: Config | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    tasks: dict[str, dict[str, Task]] = field(default_factory=dict)  # plan key -> task id -> task
    reports: list[Report] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)  # 收件登记, from receipts/<year>.yml
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # from calendar.yml, if any
    returns: list[Return] = field(default_factory=list)  # 退回, from returns/
    extensions: list[Extension] = field(default_factory=list)  # 延期, from extensions/
    # 需修改: the problems of reports that failed validation; those reports are not in `reports` and
    # count as not submitted (set by status.compute)
    rejected: list[Diagnostic] = field(default_factory=list)
    # path -> SHA-256 of the bytes of every data file read (repository.load): what a cache of anything
    # made from these files is keyed by (buildcache.py)
    sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Answers kept for speed (speed.Memo): the registry order and group members, each plan's assignments
    # and the reports' index, computed again only when what they came from changes. A page per unit asks
    # for them a thousand times in a province; sorting 1,000 units each time made that quadratic.
    _rosters: Memo[Roster] = field(default_factory=Memo, init=False, repr=False, compare=False)
    _assigned: Memo[Assignments] = field(default_factory=Memo, init=False, repr=False, compare=False)
    _indexes: Memo[ReportIndex] = field(default_factory=Memo, init=False, repr=False, compare=False)

    # -- units and groups -------------------------------------------------
    def members(self, group_id: str) -> tuple[str, ...]:
        """Units that declare membership of `group_id`, in registry order."""
        return self._roster()[1].get(group_id, ())

    def ordered_units(self) -> list[Unit]:
        return list(self._roster()[0])

    def _roster(self) -> Roster:
        return self._rosters.get("units", identities(self.units.values()), self._make_roster)

    def _make_roster(self) -> Roster:
        order = sorted(self.units.values(), key=lambda u: (u.order, u.id))
        members: dict[str, list[str]] = {}
        for unit in order:
            for group_id in unit.groups:
                members.setdefault(group_id, []).append(unit.id)
        return order, {group_id: tuple(ids) for group_id, ids in members.items()}

    def expand(self, refs: tuple[str, ...]) -> tuple[str, ...]:
        """Unit ids named by `refs`, where a ref is a unit id or a group id; order kept, no repeats."""
        out: dict[str, None] = {}  # insertion-ordered, and a lookup is not a scan of a 250-unit group
        for ref in refs:
            for unit_id in (ref,) if ref in self.units else self.members(ref):
                out.setdefault(unit_id)
        return tuple(out)

    def is_ref(self, ref: str) -> bool:
        return ref in self.units or ref in self.groups

    # -- plans and tasks --------------------------------------------------
    def plan_for_month(self, month: str) -> Plan | None:
        return next((p for p in self.plans.values() if p.start <= month <= p.end), None)

    def plan_for_year(self, year: int) -> Plan | None:
        return next((p for p in self.plans.values() if p.year == year), None)

    def plan_for(self, kind: str, period: str) -> Plan | None:
        """The plan a report of `kind` for `period` belongs to: for a yearly kind, the plan of that year;
        else the plan whose reporting months include one of the period's months."""
        known = KINDS.get(kind)
        if known is not None and known.cadence == "month":  # the common case, 60,000 times in a province
            return self.plan_for_month(period)
        parsed = Period.parse(period, known.cadence if known else None)
        if parsed is None:
            return None
        if parsed.cadence == "year":
            return self.plan_for_year(parsed.year)
        return next((p for m in parsed.months() if (p := self.plan_for_month(m)) is not None), None)

    def latest_plan(self) -> Plan | None:
        return max(self.plans.values(), key=lambda p: (p.year, p.start), default=None)

    def ordered_tasks(self, plan: str) -> list[Task]:
        return sorted(self.tasks.get(plan, {}).values(), key=lambda t: (t.order, t.id))

    def roles(self, task: Task) -> dict[str, tuple[str, ...]]:
        """Unit ids by role, groups expanded. A unit named explicitly keeps that role rather than
        also getting the role its group is given (运输科牵头，各相关单位配合: 运输科 leads only)."""
        explicit = {ref for refs in task.roles.values() for ref in refs if ref in self.units}
        out: dict[str, tuple[str, ...]] = {}
        for role in ROLES:
            refs = task.roles.get(role, ())
            ids = [u for u in self.expand(refs) if u in refs or u not in explicit]
            out[role] = tuple(ids)
        return out

    def unit_tasks(self, plan: str, unit_id: str) -> list[tuple[Task, list[str]]]:
        """The tasks of `plan` on which `unit_id` holds a role, with its roles, in plan order."""
        return self.assignments(plan).get(unit_id, [])

    def assignments(self, plan: str) -> Assignments:
        """unit_tasks() of every unit at once: one pass over the plan's tasks, each group expanded once.

        Kept until the units or the plan's tasks change; the answer is shared, do not modify it."""
        stamp = identities([*self.units.values(), *self.tasks.get(plan, {}).values()])
        return self._assigned.get(plan, stamp, lambda: self._assign(plan))

    def _assign(self, plan: str) -> Assignments:
        found: Assignments = {}
        for task in self.ordered_tasks(plan):
            held: dict[str, list[str]] = {}
            for role, ids in self.roles(task).items():
                for unit_id in ids:
                    held.setdefault(unit_id, []).append(role)
            for unit_id, roles in held.items():
                found.setdefault(unit_id, []).append((task, roles))
        return found

    def owes(self, plan: Plan, kind: str) -> tuple[str, ...]:
        """Unit ids that a rule of `plan` obliges to submit `kind`."""
        rule = plan.rule(kind)
        return self.expand(rule.who) if rule else ()

    def report(self, kind: str, unit: str, period: str) -> Report | None:
        """The report of `kind` by `unit` for `period`. Indexed on first use and again after reports are
        added: status asks once per obligation, and a province has 60,000 reports."""
        index = self._indexes.get("reports", (id(self.reports), len(self.reports)), self._index_reports)
        return index.get((kind, unit, period))

    def _index_reports(self) -> ReportIndex:
        index: ReportIndex = {}
        for r in self.reports:
            index.setdefault((r.kind, r.unit, r.period), r)
        return index
