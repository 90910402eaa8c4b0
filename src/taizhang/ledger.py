"""The whole ledger (台账) in memory, and the questions the rest of the code asks of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from taizhang.model import ROLES, Config, Group, Plan, Receipt, Report, Task, Unit
from taizhang.workcalendar import WorkCalendar


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
    # report() looks up here; rebuilt when `reports` is another list or has grown.
    _index: dict[tuple[str, str, str], Report] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: tuple[int, int] = field(default=(0, -1), init=False, repr=False, compare=False)

    # -- units and groups -------------------------------------------------
    def members(self, group_id: str) -> tuple[str, ...]:
        """Units that declare membership of `group_id`, in registry order."""
        return tuple(u.id for u in self.ordered_units() if group_id in u.groups)

    def ordered_units(self) -> list[Unit]:
        return sorted(self.units.values(), key=lambda u: (u.order, u.id))

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
        return self.plan_for_month(period) if kind == "monthly" else self.plan_for_year(int(period))

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

    def assignments(self, plan: str) -> dict[str, list[tuple[Task, list[str]]]]:
        """unit_tasks() of every unit at once: one pass over the plan's tasks, each group expanded once.

        Ask this once per plan when going through many reports: a province has 60,000 of them."""
        found: dict[str, list[tuple[Task, list[str]]]] = {}
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
        if self._indexed != (id(self.reports), len(self.reports)):
            self._index = {}
            for r in self.reports:
                self._index.setdefault((r.kind, r.unit, r.period), r)
            self._indexed = (id(self.reports), len(self.reports))
        return self._index.get((kind, unit, period))
