"""What was sent (发送记录): one line per item and channel, so a reminder goes out exactly once.

Kept as JSON lines on a branch of the ledger repository (`sent/<YYYY-MM>.jsonl`, see
taizhang.gitbranch), so that a fresh CI checkout reads what earlier runs sent. Records only grow:
two copies (the local branch and the one fetched from the code host) are merged by taking both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

FOLDER = "sent"


@dataclass(frozen=True, order=True)
class Sent:
    """An item (e.g. `<kind>/2023-08/xinfu/before`) delivered on `channel` by the run for `day`."""

    day: dt.date
    item: str
    channel: str
    at: str = field(default="", compare=False)  # when it went out, ISO 8601 (for people reading the log)


@dataclass
class Record:
    entries: set[Sent] = field(default_factory=set)
    _last: dict[tuple[str, str], dt.date] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for sent in self.entries:
            self._note(sent)

    def _note(self, sent: Sent) -> None:
        key = (sent.item, sent.channel)
        if key not in self._last or self._last[key] < sent.day:
            self._last[key] = sent.day

    def add(self, sent: Sent) -> None:
        self.entries.add(sent)
        self._note(sent)

    def last(self, item: str, channel: str) -> dt.date | None:
        """The latest day `item` was delivered on `channel`, if ever."""
        return self._last.get((item, channel))


def parse(texts: Iterable[str]) -> Record:
    """A record from the files' texts; a line that is not a record (a hand edit) is skipped."""
    found: set[Sent] = set()
    for text in texts:
        for line in text.splitlines():
            try:
                data = json.loads(line)
                found.add(Sent(dt.date.fromisoformat(data["day"]), str(data["item"]), str(data["channel"]), data["at"]))
            except (ValueError, KeyError, TypeError):
                continue
    return Record(found)


def render(record: Record) -> dict[str, str]:
    """The record as files, one per month of run days, lines sorted (so merges of copies are stable)."""
    months: dict[str, list[str]] = {}
    for sent in sorted(record.entries):
        line = json.dumps(
            {"day": sent.day.isoformat(), "item": sent.item, "channel": sent.channel, "at": sent.at},
            ensure_ascii=False,
        )
        months.setdefault(f"{FOLDER}/{sent.day:%Y-%m}.jsonl", []).append(line)
    return {path: "\n".join(lines) + "\n" for path, lines in months.items()}
