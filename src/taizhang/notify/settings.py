"""Channels and contacts from configuration: taizhang.yml's `notify` and each unit's `notify`.

Only the names of environment variables are configuration; the robots' webhook addresses (which
carry their keys), signing secrets and SMTP passwords are read from the environment when sending,
never stored or printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taizhang.data.ledger import Ledger
from taizhang.data.model import Plan

TYPE_ZH = {"wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书", "email": "电子邮件"}
DEFAULT_BRANCH = "taizhang-notify"
DEFAULT_EVERY = 3


@dataclass(frozen=True)
class Channel:
    """One place messages go: a group robot (one group) or an SMTP server."""

    name: str
    type: str  # wecom | dingtalk | feishu | email
    label: str = ""
    webhook_env: str | None = None
    secret_env: str | None = None
    host: str = ""
    port: int = 0
    security: str = "ssl"
    sender: str = ""
    username_env: str | None = None
    password_env: str | None = None

    @property
    def title(self) -> str:
        """`wecom-counties（企业微信）`: how messages name the channel."""
        return f"{self.name}（{self.label or TYPE_ZH[self.type]}）"


@dataclass(frozen=True)
class Target:
    """Who to reach on one channel: @-mentions in the group, or e-mail addresses."""

    channel: str
    mobiles: tuple[str, ...] = ()
    user_ids: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()

    def as_json(self) -> dict[str, list[str]]:
        out = {"mobiles": list(self.mobiles), "user_ids": list(self.user_ids), "emails": list(self.emails)}
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class Settings:
    before_days: int | None  # None: each plan's due_soon_days
    on_due_day: bool
    overdue_every: int
    summary: bool
    record_branch: str
    channels: dict[str, Channel] = field(default_factory=dict)

    def window(self, plan: Plan | None) -> int:
        if self.before_days is not None:
            return self.before_days
        return plan.due_soon_days if plan else 3


def settings_from(ledger: Ledger) -> Settings:
    data: dict[str, Any] = ledger.config.notify if ledger.config else {}
    channels = {name: channel_from(name, raw) for name, raw in (data.get("channels") or {}).items()}
    return Settings(
        before_days=data.get("before_days"),
        on_due_day=data.get("on_due_day", True),
        overdue_every=data.get("overdue_every", DEFAULT_EVERY),
        summary=data.get("summary", True),
        record_branch=data.get("record_branch", DEFAULT_BRANCH),
        channels=channels,
    )


def channel_from(name: str, raw: dict[str, Any]) -> Channel:
    kind = raw["type"]
    return Channel(
        name=name,
        type=kind,
        label=raw.get("name", ""),
        webhook_env=raw.get("webhook_env"),
        secret_env=raw.get("secret_env"),
        host=raw.get("host", ""),
        port=raw.get("port", {"ssl": 465, "starttls": 587}.get(raw.get("security", "ssl"), 25)),
        security=raw.get("security", "ssl"),
        sender=raw.get("sender", ""),
        username_env=raw.get("username_env"),
        password_env=raw.get("password_env"),
    )


def targets(ledger: Ledger, unit_id: str) -> list[Target]:
    """Where to reach a unit, in the order its registry entry names the channels."""
    unit = ledger.units.get(unit_id)
    if unit is None:
        return []
    return [
        Target(
            channel,
            tuple(who.get("mobiles", ())),
            tuple(who.get("user_ids", ())),
            tuple(who.get("emails", ())),
        )
        for channel, who in unit.notify.items()
    ]
