"""The ledger's things as frozen dataclasses, built from schema-valid data.

Nothing here reads files: repository.py feeds it documents that passed their schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from taizhang.tracking.kinds import month_range

ROLES = ("lead", "responsible", "cooperating", "implementing")
ROLE_ZH = {"lead": "牵头", "responsible": "负责", "cooperating": "配合", "implementing": "落实"}
UNIT_KIND_ZH = {
    "office": "科室",
    "affiliated": "局属单位",
    "county": "县（市、区）交通运输局",
    "scenic_area": "风景名胜区",
    "other": "其他",
}


@dataclass(frozen=True)
class Config:
    site_name: str
    site_url: str | None
    repo_url: str | None
    branch: str
    host: str
    maintainers: tuple[str, ...]
    demo: bool = False  # a demo repository (taizhang demo): sample data (示例数据) allowed
    contact: str = "none"  # what the public site shows of a unit's contact: office_phone | none
    # The merge job's identity (name, e-mail), the author of the merges it makes through the code host's
    # API: only those merges carry a hand-in time (交件时间).
    merge_identity: tuple[str, str] = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
    site: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # taizhang.yml `site`, as written
    bulletin: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # 通报: 文号, office
    notify: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # 通知: channels, cadence
    form_routes: tuple[str, ...] = (
        "editor",
        "download",
        "copy",
    )  # 在线填报's hand-in routes (taizhang.yml form.routes)


@dataclass(frozen=True)
class Unit:
    """单位"""

    id: str
    name: str
    kind: str
    full_name: str
    order: int
    groups: tuple[str, ...]
    accounts: tuple[str, ...]
    path: str
    notify: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # channel -> who to reach
    blanks: tuple[str, ...] = ()  # fields written empty, to fill in (accounts: [], contact: ""), as taizhang init does
    draft: bool = False  # guessed by taizhang init, not yet confirmed
    office_phone: str = ""  # 办公电话: the only contact the public site may show (taizhang.yml site.contact)


@dataclass(frozen=True)
class Group:
    """单位分组: a collective phrase of the plan, e.g. 各县（市、区）交通运输局."""

    id: str
    name: str
    aliases: tuple[str, ...]
    path: str
    draft: bool = False  # guessed by taizhang init, not yet confirmed


@dataclass(frozen=True)
class Due:
    """When a period's submission is due: `months` after the period's first or last month, on `day`;
    or, for a one-off report (一次性报送), on `date`."""

    anchor: str  # period_start | period_end
    months: int
    day: int | str  # 1..31 or "last"
    date: dt.date | None = None


@dataclass(frozen=True)
class Rule:
    """A reporting rule of the plan (三、工作要求): who reports what, to whom, due when."""

    kind: str
    name: str
    who: tuple[str, ...]  # unit or group ids, as written
    to: str | None
    every: str  # kinds.CADENCES: month | quarter | half_year | year | once
    due: Due
    shift: str  # none | next_working_day
    min_sessions: int
    source: str


@dataclass(frozen=True)
class Plan:
    """工作要点"""

    key: str  # its folder under tasks/
    title: str
    issuer: str
    document_number: str
    issued: dt.date
    year: int
    start: str  # first reporting month, YYYY-MM
    end: str  # last reporting month
    reviewer: str | None
    holiday_shift: str
    due_soon_days: int
    hand_in_grace_days: int  # a merge this many days after the hand-in still counts from the hand-in
    rules: tuple[Rule, ...]
    addressees: tuple[str, ...]
    path: str
    raw: dict[str, Any] = field(compare=False, repr=False)

    def months(self) -> list[str]:
        return month_range(self.start, self.end)

    def rule(self, kind: str) -> Rule | None:
        return next((r for r in self.rules if r.kind == kind), None)


@dataclass(frozen=True)
class Task:
    """重点任务: a leaf item of 二、重点任务."""

    plan: str
    id: str
    number: str
    order: int
    group_number: str | None
    group_title: str | None
    title: str
    text: str
    note: str
    roles: dict[str, tuple[str, ...]] = field(compare=False)  # role -> unit or group ids, as written
    path: str = ""


@dataclass(frozen=True)
class Report:
    """A submitted report: progress (月报、季报…), annual plan (备案) or annual summary (总结)."""

    kind: str  # a kinds.KINDS name
    unit: str
    period: str  # a kinds.Period's text
    path: str
    data: dict[str, Any] = field(compare=False, repr=False)

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        tasks: dict[str, dict[str, Any]] = self.data.get("tasks", {})
        return tasks

    @property
    def sample(self) -> bool:
        return bool(self.data.get("sample", False))


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def config_from(data: dict[str, Any]) -> Config:
    site, repo = data["site"], data["repository"]
    return Config(
        site_name=site["name"],
        site_url=site.get("url"),
        repo_url=repo.get("url"),
        branch=repo.get("branch", "main"),
        host=repo.get("host", "github"),
        maintainers=tuple(data.get("maintainers", ())),
        demo=bool(data.get("demo", False)),
        contact=site.get("contact", "none"),
        merge_identity=_identity(repo.get("merge_identity")),
        site=dict(site),
        bulletin=dict(data.get("bulletin") or {}),
        notify=data.get("notify", {}),
        form_routes=tuple(data.get("form", {}).get("routes", ("editor", "download", "copy"))),
    )


def _identity(data: dict[str, str] | None) -> tuple[str, str]:
    if data is None:
        return Config.merge_identity
    return data["name"], data["email"]


def unit_from(data: dict[str, Any], path: str) -> Unit:
    return Unit(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        full_name=data.get("full_name", data["name"]),
        order=data.get("order", 0),
        groups=tuple(data.get("groups", ())),
        accounts=tuple(data.get("accounts", ())),
        path=path,
        notify=data.get("notify", {}),
        blanks=tuple(f for f in ("accounts", "contact") if f in data and not data[f]),
        draft=data.get("draft", False),
        office_phone=data.get("office_phone", ""),
    )


def group_from(data: dict[str, Any], path: str) -> Group:
    aliases = tuple(data.get("aliases", ()))
    return Group(id=data["id"], name=data["name"], aliases=aliases, path=path, draft=data.get("draft", False))


def plan_from(data: dict[str, Any], key: str, path: str) -> Plan:
    reporting = data["reporting"]
    default_shift = reporting.get("holiday_shift", "none")
    rules = tuple(
        Rule(
            kind=r["kind"],
            name=r["name"],
            who=tuple(r["who"]),
            to=r.get("to"),
            every=r["every"],
            due=_due(r["due"]),
            shift=r.get("shift", default_shift),
            min_sessions=r.get("min_sessions", 1),
            source=r.get("source", ""),
        )
        for r in reporting["rules"]
    )
    return Plan(
        key=key,
        title=data["title"],
        issuer=data["issuer"],
        document_number=data["document_number"],
        issued=parse_date(data["issued"]),
        year=data["year"],
        start=data["period"]["start"],
        end=data["period"]["end"],
        reviewer=reporting.get("reviewer"),
        holiday_shift=default_shift,
        due_soon_days=reporting.get("due_soon_days", 3),
        hand_in_grace_days=reporting.get("hand_in_grace_days", 1),
        rules=rules,
        addressees=tuple(data.get("addressees", ())),
        path=path,
        raw=data,
    )


def _due(data: dict[str, Any]) -> Due:
    if "date" in data:
        return Due("period_end", 0, "last", parse_date(data["date"]))
    return Due(data["from"], data["months"], data["day"])


def task_from(data: dict[str, Any], plan: str, path: str) -> Task:
    group = data.get("group") or {}
    return Task(
        plan=plan,
        id=data["id"],
        number=data["number"],
        order=data.get("order", 0),
        group_number=group.get("number"),
        group_title=group.get("title"),
        title=data["title"],
        text=data["text"],
        note=data.get("note", ""),
        roles={role: tuple(data["roles"][role]) for role in ROLES if role in data["roles"]},
        path=path,
    )


def report_from(data: dict[str, Any], kind: str, unit: str, period: str, path: str) -> Report:
    return Report(kind=kind, unit=unit, period=period, path=path, data=data)


@dataclass(frozen=True)
class Receipt:
    """收件登记: a report the reviewing office received on paper or by e-mail, in receipts/<year>.yml.

    Its `received_at` counts as the submission time, like a landing on main.
    """

    unit: str
    kind: str  # a kinds.KINDS name
    period: str  # a kinds.Period: "2023-08", "2023-Q3", "2023-H1", "2023" or "2023-10-31"
    received_at: dt.datetime | None  # None when the text is no valid time (crossref reports it)
    via: str  # 纸质 | 邮件 | 传真 | 政务内网 | 其他
    recorded_by: str
    path: str
    index: int  # position in the file's list, for diagnostics
    note: str = ""


def receipts_from(data: dict[str, Any], path: str) -> list[Receipt]:
    return [
        Receipt(
            unit=item["unit"],
            kind=item["kind"],
            period=str(item["period"]),
            received_at=aware(item["received_at"]),
            via=item["via"],
            recorded_by=item["recorded_by"],
            path=path,
            index=i,
            note=item.get("note", ""),
        )
        for i, item in enumerate(data["receipts"])
    ]


def aware(value: str) -> dt.datetime | None:
    """An ISO 8601 time with its UTC offset; None when it is not one (a time without an offset is ambiguous)."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(frozen=True)
class Return:
    """退回: the reviewing office sent a landed report back, at `at`, with a reason (returns/...)."""

    kind: str  # the report's kind
    unit: str
    period: str
    at: dt.datetime | None  # None when the text is no valid time (reviews.check reports it)
    reason: str
    by: str
    path: str
    index: int


@dataclass(frozen=True)
class Extension:
    """延期: more time for one report, granted when a reviewer merges the request (extensions/...)."""

    kind: str
    unit: str
    period: str
    days: int
    reason: str
    path: str


OBLIGATION_STATUSES = ("on_time", "late", "overdue", "pending", "needs_revision", "returned")
STATUS_ZH = {
    "on_time": "按时",
    "late": "迟报",
    "overdue": "逾期",
    "pending": "未到期",
    "needs_revision": "需修改",
    "returned": "退回",
}


@dataclass(frozen=True)
class Obligation:
    """One thing a unit owes: a submission of `kind` for `period`, due on `due` (截止日期).

    Derived by obligations.py from the plan's rules, the git history (when each report first
    landed on main) and an as-of date; never typed in by hand.
    """

    unit: str
    kind: str  # a kinds.KINDS name
    period: str  # a kinds.Period: "2023-07", "2023-Q3", "2023-H1", "2023" or "2023-10-31"
    plan: str
    due: dt.date  # last day that counts as on time, Asia/Shanghai, end of day inclusive
    path: str | None  # where the report lives (None for a kind with no file, met through other reports)
    submitted_at: dt.datetime | None  # first landing on main (or a recorded receipt), with offset
    status: str  # on_time | late | overdue | pending
    days_late: int  # calendar days after `due`: for late, at submission; for overdue, at the as-of date
    due_soon: bool = False  # pending and due within the plan's reminder window
    amended: tuple[dt.datetime, ...] = ()  # later changes on main, after the first landing
    via: str = "git"  # git | receipt (paper or e-mail, recorded by the reviewing office)
    # When the merge job recorded a hand-in (交件时间): the merge's own landing time, and whether the
    # hand-in counted (within the plan's grace) or the merge did.
    handed_in: dt.datetime | None = None
    merged_at: dt.datetime | None = None
    counted: str = ""  # "" (the landing, no hand-in record) | handed_in | merged (past the grace)
    doubt: str = ""  # 存疑: why the submission time cannot be vouched for (history.BACKWARDS, NOT_MERGE)
    # Only real reports count (issue 12): `submitted_at` is the first version that passed validation.
    first_landed_at: dt.datetime | None = None  # the first version on main, valid or not
    original_due: dt.date | None = None  # the deadline before any extension (= due when none applies)
    extension: Granted | None = None  # the extension that moved `due`, or was refused by the plan's rules
    returns: tuple[Returned, ...] = ()  # 退回, oldest first, each with the fix that followed it
    judged_by: str = "first"  # first | final: which time judged on time / late after a return (补报)


@dataclass(frozen=True)
class Returned:
    """One return of a report as status sees it: when, why, and when the fix (补报) landed, if yet."""

    at: dt.datetime
    reason: str
    fixed_at: dt.datetime | None = None


@dataclass(frozen=True)
class Granted:
    """An extension request as status sees it: granted (merged) when, for how many days, applied or not."""

    days: int
    reason: str
    granted_at: dt.datetime | None  # when it landed on main (None: not landed by the as-of date)
    applied: bool
    why_not: str = ""  # the plan's rule that refused it, in Chinese
