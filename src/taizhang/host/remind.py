"""催办: one issue per period and kind (e.g. the August monthly reports), from the obligations.

Opened a few days before the deadline (the plan's `due_soon_days`) listing the units that have not
yet submitted, each with an @-mention and a prefilled 填报 link; after the deadline it lists every
overdue and late unit; updated in place as reports land; closed when every unit has submitted.

Pure: obligations, the current issues and the date come in, a list of API calls comes out (the
workflow performs them with `gh api`). An issue is found by its label and the hidden marker in its
body, never by title, so a second run on the same state produces no action at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taizhang import templates
from taizhang.data import layout
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.errors import FatalError
from taizhang.host.issuetext import (
    GUIDE,
    LABEL,
    OWING,
    PHASE_LABELS,
    Fill,
    Group,
    Guide,
    Part,
    bodies_for,
    labels_for,
    mention_line,
    title_for,
)
from taizhang.host.links import Repo
from taizhang.tracking import kinds

__all__ = ["Fill", "Guide", "Issue", "Repo", "fills_for", "guide_for", "issues_from_json", "plan"]

LABELS = (
    {"name": LABEL, "color": "1f6feb", "description": "由 taizhang 自动维护的议题"},
    {"name": "催办", "color": "fbca04", "description": "报送截止日期临近，尚有单位未报送"},
    {"name": "逾期", "color": "d73a4a", "description": "已过截止日期，尚有单位未报送"},
)
MARKER = re.compile(r"<!-- taizhang:reminder (?P<kind>[a-z_]+) (?P<period>[0-9Q-]+)(?: part (?P<part>[0-9]+))? -->")
PHASE = re.compile(r"<!-- taizhang:phase (?P<phase>before|after|done) -->")
ISSUES = "repos/{owner}/{repo}/issues"


@dataclass(frozen=True)
class Issue:
    """An issue as the code host reports it (gh issue list --json number,title,body,state,labels)."""

    number: int
    title: str
    body: str
    state: str  # open | closed
    labels: frozenset[str]

    @property
    def key(self) -> tuple[str, str] | None:
        match = MARKER.search(self.body) if LABEL in self.labels else None
        return (match["kind"], match["period"]) if match else None

    @property
    def part(self) -> int:
        """Which part of its period's list (1 unless the list is split over several issues)."""
        match = MARKER.search(self.body)
        return int(match["part"]) if match and match["part"] else 1

    @property
    def phase(self) -> str | None:
        match = PHASE.search(self.body)
        return match["phase"] if match else None


@dataclass(frozen=True)
class Action:
    """One API call: `gh api --method METHOD ENDPOINT --input <payload>`."""

    action: str  # create | update | comment | close
    key: str  # kind/period
    number: int | None
    method: str
    endpoint: str
    payload: dict[str, Any] = field(default_factory=dict)


def issues_from_json(data: Any) -> list[Issue]:
    """Issues from `gh issue list --json …` or the REST API; anything else is ignored."""
    out = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("number"), int):
            continue
        labels = frozenset(
            (label.get("name", "") if isinstance(label, dict) else str(label)) for label in item.get("labels") or []
        )
        state = str(item.get("state", "open")).lower()
        out.append(Issue(item["number"], str(item.get("title") or ""), str(item.get("body") or ""), state, labels))
    return out


def groups(obligations: Iterable[Obligation], ledger: Ledger) -> list[Group]:
    """Obligations by (kind, period), in deadline order."""
    by_key: dict[tuple[str, str], list[Obligation]] = {}
    for ob in obligations:
        by_key.setdefault((ob.kind, ob.period), []).append(ob)
    out = [Group(kind, period, ledger.plans.get(obs[0].plan), tuple(obs)) for (kind, period), obs in by_key.items()]
    return sorted(out, key=lambda g: (g.due, g.kind, g.period))


def plan(
    obligations: Iterable[Obligation],
    issues: Iterable[Issue],
    as_of: dt.date,
    ledger: Ledger,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
    guide: Guide | None = None,
) -> list[Action]:
    """The API calls that bring the issues in line with the obligations as of `as_of`; `guide` is the
    page the footer points to (guide_for; by default the site's 填报说明)."""
    found: dict[tuple[str, str, int], list[Issue]] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        if issue.key is not None:
            found.setdefault((*issue.key, issue.part), []).append(issue)
    actions: list[Action] = []
    for group in groups(obligations, ledger):
        if as_of < group.opens:
            continue
        phase = group.phase(as_of)
        bodies = bodies_for(group, phase, as_of, ledger, repo, fills, guide)
        parts = [n for kind, period, n in found if (kind, period) == (group.kind, group.period)]
        for part in range(1, max([len(bodies), *parts]) + 1):
            existing = found.get((group.kind, group.period, part), [])
            actions += _duplicates(group, existing[1:])
            current = existing[0] if existing else None
            if part > len(bodies):
                actions += _merged(group, current)
                continue
            title = title_for(group, phase, ledger, part, len(bodies))
            actions += _one(group, current, ledger, phase, title, bodies[part - 1])
    return actions


def _one(group: Group, issue: Issue | None, ledger: Ledger, phase: str, title: str, part: Part) -> list[Action]:
    key, body = f"{group.kind}/{group.period}", part.body
    if phase == "done":
        if issue is None or issue.state != "open":
            return []
        end = f"{ISSUES}/{issue.number}"
        close = {"title": title, "body": body, "state": "closed", "state_reason": "completed"}
        note = f"应报送的 {len(group.obligations)} 个单位已全部报送，本议题自动关闭。"
        return [
            Action("comment", key, issue.number, "POST", end + "/comments", {"body": note}),
            Action("close", key, issue.number, "PATCH", end, close),
        ]
    labels = labels_for(phase)
    if issue is None:
        return [Action("create", key, None, "POST", ISSUES, {"title": title, "body": body, "labels": sorted(labels)})]
    patch: dict[str, Any] = {}
    if issue.title != title:
        patch["title"] = title
    if _same_text(issue.body) != _same_text(body):
        patch["body"] = body
    managed = {LABEL, *PHASE_LABELS.values()}
    if issue.labels & managed != labels:
        patch["labels"] = sorted((issue.labels - managed) | labels)
    if issue.state != "open":
        patch["state"] = "open"
    end = f"{ISSUES}/{issue.number}"
    actions = [Action("update", key, issue.number, "PATCH", end, patch)] if patch else []
    if phase == "after" and issue.phase == "before":
        note = mention_line(group, ledger, part.units)
        actions.append(Action("comment", key, issue.number, "POST", end + "/comments", {"body": note}))
    return actions


def _merged(group: Group, issue: Issue | None) -> list[Action]:
    """A part no longer needed (the list got shorter as units submitted): closed, saying why."""
    if issue is None or issue.state != "open":
        return []
    key, end = f"{group.kind}/{group.period}", f"{ISSUES}/{issue.number}"
    note = "尚未报送的单位减少，名单已全部并入本期编号更小的议题，本议题自动关闭。"
    return [
        Action("comment", key, issue.number, "POST", end + "/comments", {"body": note}),
        Action("close", key, issue.number, "PATCH", end, {"state": "closed", "state_reason": "completed"}),
    ]


def _duplicates(group: Group, extra: list[Issue]) -> list[Action]:
    """A second issue for the same period (made by hand, or by an older version) is closed."""
    key = f"{group.kind}/{group.period}"
    out = []
    for issue in extra:
        if issue.state == "open":
            payload = {"state": "closed", "state_reason": "not_planned"}
            out.append(Action("close", key, issue.number, "PATCH", f"{ISSUES}/{issue.number}", payload))
    return out


def _same_text(text: str) -> str:
    """Bodies compare without the line-ending and trailing-space changes a code host may make."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def as_json(as_of: dt.date, actions: list[Action]) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "labels": list(LABELS),
        "actions": [
            {
                "action": a.action,
                "key": a.key,
                "number": a.number,
                "method": a.method,
                "endpoint": a.endpoint,
                "payload": a.payload,
            }
            for a in actions
        ],
    }


def fills_for(root: Path, ledger: Ledger, obligations: Iterable[Obligation]) -> dict[tuple[str, str, str], Fill]:
    """Where each unit still owing fills in (the edge: looks at the disk and renders templates).

    A report not yet there gets a new-file link with its template; the quarterly study is written
    into the monthly report of the quarter's last month, so it links there.
    """
    out: dict[tuple[str, str, str], Fill] = {}
    for ob in obligations:
        if ob.status not in OWING:
            continue
        kind, period = ob.kind, ob.period
        carrier = kinds.KINDS[kind].counted_in if kind in kinds.KINDS else None
        if carrier is not None:  # written into the carrying report of the period's last month
            last = kinds.Period.of(period, kinds.KINDS[kind].cadence).last_month
            kind, period = carrier, kinds.period_of_month(kinds.KINDS[carrier].cadence, last)
        path = ob.path or layout.report_path(kind, ob.unit, period)
        exists = (root / path).is_file()
        template = None
        if not exists:
            try:
                template = templates.render(root, ledger, kind, ob.unit, period, example=False)[1]
            except FatalError:
                template = None
        out[(ob.kind, ob.unit, ob.period)] = Fill(path, exists, template)
    return out


def guide_for(root: Path, ledger: Ledger, repo: Repo) -> Guide:
    """The footer's page for clerks (the edge: looks whether the ledger writes its own 填报指南)."""
    return Guide.of(ledger, repo, own_guide=(root / GUIDE).is_file())
