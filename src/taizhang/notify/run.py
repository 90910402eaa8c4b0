"""`taizhang notify`: the edge. Reads the ledger, the git history and the record of what was sent,
sends today's messages (each channel on its own: one failing never stops the others), records what
went out on the record branch, and reports in Chinese or JSON. Secrets are masked in all it prints.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from taizhang.errors import FatalError
from taizhang.host import remind
from taizhang.host.links import Repo
from taizhang.notify import record as records
from taizhang.notify.decide import Message, decide, stages
from taizhang.notify.send import SendError, deliver
from taizhang.notify.settings import Channel, Settings, settings_from
from taizhang.tracking import gitbranch, status


@dataclass
class Outcome:
    as_of: dt.date
    dry_run: bool
    branch: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # channel title -> why
    unreachable: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list, repr=False)  # secret values, masked in all output
    names: dict[str, str] = field(default_factory=dict, repr=False)  # unit id -> name, for the text output

    @property
    def code(self) -> int:
        return 1 if self.failed or self.problems else 0


BEIJING = dt.timezone(dt.timedelta(hours=8))


def run(
    root: Path, as_of: dt.date, dry_run: bool, env: Mapping[str, str], clock: Callable[[], float] = time.time
) -> Outcome:
    """Today's messages sent (or, with `dry_run`, listed), and the record branch updated with what went out."""
    ledger, obligations = status.compute(root, as_of)
    settings = settings_from(ledger)
    main = ledger.config.branch if ledger.config else "main"
    if settings.record_branch == main:
        raise FatalError(
            f"notify.record_branch 不能是主分支 {main}（发送记录会替换台账数据）；请改用其他名称，如 taizhang-notify"
        )
    gitbranch.check_writable(root, settings.record_branch)  # before anything is sent
    record = records.parse(gitbranch.read(root, settings.record_branch, records.FOLDER))
    reachable = {unit.id for unit in ledger.units.values() if unit.notify}
    speaking = [
        ob
        for ob in obligations
        if ob.unit in reachable and stages(ob, as_of, settings.window(ledger.plans.get(ob.plan)), True)
    ]
    fills = remind.fills_for(root, ledger, speaking)
    plan = decide(obligations, ledger, settings, record, as_of, Repo.of(ledger.config), fills)
    out = Outcome(as_of, dry_run, settings.record_branch, unreachable=plan.unreachable, problems=plan.problems)
    out.hidden = secrets(settings, env)
    out.names = {unit: ledger.units[unit].name for unit in plan.unreachable if unit in ledger.units}
    out.rows = [_row(ledger.units, message) for message in plan.messages]
    if dry_run:
        for row in out.rows:
            row["result"] = "dry_run"
        return out
    saver = Saver(root, settings.record_branch, record, as_of)
    try:
        _deliver(plan.messages, out, saver, env, clock)
    finally:
        saver.save()  # whatever went out is recorded, even when the run is interrupted
    return out


class Saver:
    """The record, written to its branch every `EVERY` deliveries and at the end: a run stopped
    half-way (a CI timeout) loses at most that many records, never the whole day's."""

    EVERY = 50

    def __init__(self, root: Path, branch: str, record: records.Record, as_of: dt.date) -> None:
        self.root, self.branch, self.record, self.as_of = root, branch, record, as_of
        self.unsaved = 0
        self.delivered = 0

    def sent(self, message: Message, at: float) -> None:
        when = dt.datetime.fromtimestamp(at, BEIJING).isoformat(timespec="seconds")
        for item in message.items:
            self.record.add(records.Sent(self.as_of, item, message.channel.name, when))
        self.unsaved += 1
        self.delivered += 1
        if self.unsaved >= self.EVERY:
            self.save()

    def save(self) -> None:
        if self.unsaved:
            note = f"通知 {self.as_of.isoformat()}：已发送 {self.delivered} 条"
            gitbranch.write(self.root, self.branch, records.render(self.record), note)
            self.unsaved = 0


def _deliver(
    messages: list[Message], out: Outcome, saver: Saver, env: Mapping[str, str], clock: Callable[[], float]
) -> None:
    """Send each message on its channel; a channel found unusable waits for the next run, the others go on."""
    down, pace = set[str](), Pace()
    for message, row in zip(messages, out.rows, strict=True):
        title = message.channel.title
        if title in down:
            row["result"], row["error"] = "skipped", "本次运行中该通道不可用，下次运行时重试"
            continue
        try:
            pace.wait(message.channel)
            deliver(message.channel, message.target, message.text, env, clock())  # signed with the time of sending
        except SendError as exc:
            out.failed.setdefault(title, str(exc))
            row["result"], row["error"] = "failed", str(exc)
            if exc.down:
                down.add(title)
            continue
        row["result"] = "sent"
        saver.sent(message, clock())


class Pace:
    """Keeps each robot within its platform's rate limit (WeCom and DingTalk: 20 messages a minute
    per robot; Feishu: 100), waiting when a run has more messages for one group than that."""

    PER_MINUTE: ClassVar[dict[str, int]] = {"wecom": 20, "dingtalk": 20, "feishu": 100}

    def __init__(self) -> None:
        self.sent: dict[str, list[float]] = {}

    def wait(self, channel: Channel) -> None:
        limit = self.PER_MINUTE.get(channel.type)
        if limit is None:
            return
        times = self.sent.setdefault(channel.name, [])
        if len(times) >= limit:
            time.sleep(max(0.0, times[-limit] + 61 - time.monotonic()))
        times.append(time.monotonic())


def _row(units: Mapping[str, Any], message: Message) -> dict[str, Any]:
    unit = units.get(message.unit)
    return {
        "channel": message.channel.name,
        "channel_type": message.channel.type,
        "audience": message.audience,
        "unit": message.unit,
        "unit_name": unit.name if unit else message.unit,
        "to": message.target.as_json(),
        "items": list(message.items),
        "text": message.text,
        "result": "",
        "error": None,
    }


def secrets(settings: Settings, env: Mapping[str, str]) -> list[str]:
    """The values of every secret the configuration names, to be masked in output."""
    names = [
        name
        for ch in settings.channels.values()
        for name in (ch.webhook_env, ch.secret_env, ch.username_env, ch.password_env)
        if name
    ]
    return sorted({env[n].strip() for n in names if env.get(n, "").strip()}, key=len, reverse=True)


def mask(text: str, hidden: list[str]) -> str:
    for value in hidden:
        text = text.replace(value, "***")
    return text


RESULT_ZH = {"sent": "已发送", "failed": "发送失败", "skipped": "未发送", "dry_run": "将发送"}


def as_json(out: Outcome) -> str:
    data = {
        "as_of": out.as_of.isoformat(),
        "dry_run": out.dry_run,
        "record_branch": out.branch,
        "messages": out.rows,
        "failed_channels": [{"channel": k, "error": v} for k, v in out.failed.items()],
        "unreachable": out.unreachable,
        "problems": out.problems,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_text(out: Outcome) -> str:
    lines = []
    for row in out.rows:
        who = "、".join(v for vs in row["to"].values() for v in vs)
        head = f"{RESULT_ZH[row['result']]}：{row['channel']} → {row['unit_name']}" + (f"（{who}）" if who else "")
        lines.append(head + (f"：{row['error']}" if row["error"] else ""))
        if out.dry_run:
            lines += ["    " + line for line in row["text"].split("\n")]
    return "".join(line + "\n" for line in lines)


def verdict(out: Outcome) -> list[str]:
    """The lines for stderr: counts, then every failed channel and configuration problem."""
    counts = {k: sum(r["result"] == k for r in out.rows) for k in RESULT_ZH}
    day = out.as_of.isoformat()
    if out.dry_run:
        lines = [f"通知（{day}，试运行，未发送）：今天应发送 {counts['dry_run']} 条。"]
    else:
        lines = [
            f"通知（{day}）：发送 {counts['sent']} 条，失败 {counts['failed'] + counts['skipped']} 条；"
            f"已发送过的不再重复，发送记录在分支 {out.branch}。"
        ]
    lines += [f"通道 {name}发送失败：{why}；下次运行时重试未发出的消息。" for name, why in out.failed.items()]
    lines += [f"配置问题：{p}" for p in out.problems]
    if out.unreachable:
        names = [out.names.get(unit, unit) for unit in out.unreachable]
        shown = "、".join(names[:20]) + (f"等 {len(names)} 个单位" if len(names) > 20 else "")
        lines.append(f"有待提醒事项、但单位名录（units/）中没有登记通知方式（notify）的单位：{shown}")
    return lines
