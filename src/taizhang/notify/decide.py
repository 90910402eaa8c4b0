"""Who needs which message today (pure): the obligations `status` computes, what was already sent,
the settings and the date in; the day's messages out.

An item is one thing to tell: `<kind>/2023-08/xinfu/before` (the deadline is near), `…/due` (it is
today), `…/overdue` (repeated every `overdue_every` days while overdue), `…/returned-1` and
`…/extended-2023-09-10` (退回 and 延期, once each, when the review data carries them), and
`summary/<kind>/2023-08` (the reviewing office's list of who is missing: on the morning after each
deadline, and on the same cadence while anything is missing). An item is due on a channel unless the record says it went out there:
a failed send stays due, so the next run retries it and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.host.issuetext import Fill
from taizhang.host.links import Repo
from taizhang.notify import words
from taizhang.notify.record import Record
from taizhang.notify.settings import Channel, Settings, Target, targets

SUBMITTED = ("on_time", "late")
Item = tuple[str, Obligation]  # (stage, obligation): one thing to tell
ONCE = ("before", "due")


@dataclass(frozen=True)
class Message:
    channel: Channel
    target: Target
    audience: str  # unit | reviewer
    unit: str
    items: tuple[str, ...]
    text: str


@dataclass
class Plan:
    """The day's messages, and what stops a unit from being reached."""

    messages: list[Message] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # units with something to hear and no channel
    problems: list[str] = field(default_factory=list)  # configuration that names unknown channels


def stages(ob: Obligation, as_of: dt.date, window: int, on_due_day: bool) -> list[str]:
    """What to tell about one obligation today (before it is decided whether it was told already)."""
    out: list[str] = []
    returns = getattr(ob, "returns", None) or ()
    if ob.status == "returned" and returns:  # 退回 (issue 12's statuses, when present)
        out.append(f"returned-{len(returns)}")
    original = getattr(ob, "original_due", None)
    if original is not None and original != ob.due and as_of <= ob.due:  # 延期
        out.append(f"extended-{ob.due.isoformat()}")
    if ob.status in SUBMITTED:
        return out
    if as_of > ob.due:
        out.append("overdue")
    elif as_of == ob.due:
        out += ["due"] if on_due_day else []
    elif as_of >= ob.due - dt.timedelta(days=window):
        out.append("before")
    return out


def item_key(ob: Obligation, stage: str) -> str:
    return f"{ob.kind}/{ob.period}/{ob.unit}/{stage}"


def wanted(item: str, stage: str, channel: str, record: Record, as_of: dt.date, every: int) -> bool:
    """Whether `item` should go out on `channel` today, given what the record says was sent."""
    last = record.last(item, channel)
    if last is None:
        return True
    if stage in ("overdue", "summary"):
        return (as_of - last).days >= every
    return False


def decide(
    obligations: Iterable[Obligation],
    ledger: Ledger,
    settings: Settings,
    record: Record,
    as_of: dt.date,
    repo: Repo,
    fills: dict[tuple[str, str, str], Fill],
) -> Plan:
    out = Plan()
    owed = list(obligations)
    by_unit: dict[str, list[Item]] = {}
    for ob in owed:
        plan = ledger.plans.get(ob.plan)
        for stage in stages(ob, as_of, settings.window(plan), settings.on_due_day):
            by_unit.setdefault(ob.unit, []).append((stage, ob))
    for unit, items in by_unit.items():
        reached = _reach(out, ledger, settings, unit)
        if not reached:
            out.unreachable.append(unit)
        for channel, target in reached:
            due = [
                (stage, ob)
                for stage, ob in items
                if wanted(item_key(ob, stage), stage, channel.name, record, as_of, settings.overdue_every)
            ]

            def text(part: list[Item], unit: str = unit, limit: int = words.LIMIT[channel.type]) -> str:
                return words.unit_text(ledger, unit, part, as_of, repo, fills, limit)

            for chunk, body in _fitting(due, text, words.LIMIT[channel.type]):
                keys = tuple(item_key(ob, stage) for stage, ob in chunk)
                out.messages.append(Message(channel, target, "unit", unit, keys, body))
    if settings.summary:
        _summaries(out, owed, ledger, settings, record, as_of)
    return out


def _fitting(items: list[Item], text: Callable[[list[Item]], str], limit: int) -> list[tuple[list[Item], str]]:
    """The items in as few messages as keep each within the platform's limit (a unit owing many
    things at once gets two short messages rather than one the platform refuses), with their texts."""
    out: list[tuple[list[Item], str]] = []
    for item in items:
        if out:
            trial = [*out[-1][0], item]
            joined = text(trial)
            if len(joined.encode()) <= limit:
                out[-1] = (trial, joined)
                continue
        out.append(([item], text([item])))
    return out


def _reach(out: Plan, ledger: Ledger, settings: Settings, unit: str) -> list[tuple[Channel, Target]]:
    found = []
    for target in targets(ledger, unit):
        channel = settings.channels.get(target.channel)
        if channel is None:
            path = ledger.units[unit].path
            problem = f"{path}：notify 中的通道“{target.channel}”未在 taizhang.yml 的 notify.channels 中定义"
            if problem not in out.problems:
                out.problems.append(problem)
            continue
        found.append((channel, target))
    return found


def _summaries(
    out: Plan, owed: list[Obligation], ledger: Ledger, settings: Settings, record: Record, as_of: dt.date
) -> None:
    """Per reviewing office: every period and kind past its deadline with units still missing."""
    groups: dict[tuple[str, str], list[Obligation]] = {}
    for ob in owed:
        if ob.status not in SUBMITTED and as_of > ob.due:
            groups.setdefault((ob.kind, ob.period), []).append(ob)
    by_reviewer: dict[str, list[tuple[str, str, dt.date, list[str]]]] = {}
    for (kind, period), obs in groups.items():
        plan = ledger.plans.get(obs[0].plan)
        if plan is None or plan.reviewer is None:
            continue
        by_reviewer.setdefault(plan.reviewer, []).append((kind, period, obs[0].due, [o.unit for o in obs]))
    for reviewer, found in by_reviewer.items():
        for channel, target in _reach(out, ledger, settings, reviewer):
            keys = [f"summary/{kind}/{period}" for kind, period, _, _ in found]
            fresh = any(record.last(key, channel.name) is None for key in keys)
            if fresh or wanted("summary", "summary", channel.name, record, as_of, settings.overdue_every):
                text = words.summary_text(ledger, reviewer, found, as_of, words.LIMIT[channel.type] - 400)
                out.messages.append(Message(channel, target, "reviewer", reviewer, ("summary", *keys), text))
