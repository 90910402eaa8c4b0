"""The hand-in record (交件记录): what the merge job saw when it merged a report pull request.

The merge job (scripts/ci/automerge, running the base branch's code) writes these facts, read from the
code host's API and never from the pull request's content, into the merge commit as Git trailers:

    Taizhang-Pull-Request: 123
    Taizhang-Head: <the judged head commit, 40 hex digits>
    Taizhang-Handed-In: 2023-10-03T23:58:00+08:00
    Taizhang-Checks-Passed: 2023-10-04T00:03:10+08:00
    Taizhang-Issue: 45            (only for a pull request the 在线填报 form workflow opened from an issue)

The history trusts them only on merge commits made by the merge job's identity on main's first-parent
line (see history.py); anywhere else they are text like any other. This module is the one place where
the trailer format lives: the merge script writes through `format_trailers`, the history reads through
`parse_trailers`, so the two cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

PULL_REQUEST = "Taizhang-Pull-Request"
HEAD = "Taizhang-Head"
HANDED_IN = "Taizhang-Handed-In"
CHECKS_PASSED = "Taizhang-Checks-Passed"
ISSUE = "Taizhang-Issue"

_TRAILER = re.compile(r"^(Taizhang-[A-Za-z-]+): ([^\x00-\x1f\x7f]*)$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_NUMBER = re.compile(r"^[1-9][0-9]{0,9}$")


@dataclass(frozen=True)
class HandIn:
    """When a unit handed a report in, as the merge job recorded it."""

    pull_request: int
    head: str  # the head commit that was judged and merged
    handed_in: (
        dt.datetime
    )  # aware: the head commit's push, or the pull request's opening if later (form: the issue's creation)
    checks_passed: dt.datetime  # aware: when the required check concluded successfully on `head`
    issue: int | None = None  # the 在线填报 issue the pull request was made from


def format_trailers(record: HandIn) -> str:
    """The trailer block for a merge commit's message (append after a blank line)."""
    lines = [
        f"{PULL_REQUEST}: {record.pull_request}",
        f"{HEAD}: {record.head}",
        f"{HANDED_IN}: {_instant(record.handed_in)}",
        f"{CHECKS_PASSED}: {_instant(record.checks_passed)}",
    ]
    if record.issue is not None:
        lines.append(f"{ISSUE}: {record.issue}")
    return "\n".join(lines) + "\n"


def parse_trailers(message: str) -> HandIn | None:
    """The hand-in record in a commit message's last paragraph, or None when it has none or it is malformed.

    Strict: every field once, well-formed, and the hand-in no later than the checks passing."""
    paragraphs = [p for p in message.replace("\r\n", "\n").strip("\n").split("\n\n") if p.strip()]
    if not paragraphs:
        return None
    fields: dict[str, str] = {}
    for line in paragraphs[-1].split("\n"):
        match = _TRAILER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key in fields:
            return None  # a repeated field is never trusted
        fields[key] = value.strip()
    try:
        number, head = fields[PULL_REQUEST], fields[HEAD]
        handed_in, passed = _parse_instant(fields[HANDED_IN]), _parse_instant(fields[CHECKS_PASSED])
    except (KeyError, ValueError):
        return None
    issue = fields.get(ISSUE)
    if not _NUMBER.match(number) or not _SHA.match(head) or (issue is not None and not _NUMBER.match(issue)):
        return None
    if handed_in > passed:
        return None
    return HandIn(int(number), head, handed_in, passed, int(issue) if issue is not None else None)


def is_commit_id(text: str) -> bool:
    return bool(_SHA.match(text))


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("hand-in times must be timezone-aware")
    return moment.replace(microsecond=0).isoformat()


def _parse_instant(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("naive time")
    return moment


BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")
# Events after which a pull request is handed in anew: reopened, marked ready, or retargeted (to main).
_READY_AGAIN = frozenset({"reopened", "ready_for_review", "base_ref_changed"})


def from_api(
    pull: dict[str, Any],
    head: str,
    checks_passed: dt.datetime,
    runs: Any = None,
    timeline: Any = None,
    issue: dict[str, Any] | None = None,
) -> HandIn:
    """The record for merging `pull` at its judged `head`, from the code host's answers only.

    - pull: `GET repos/O/R/pulls/N` (number, created_at);
    - runs: `GET repos/O/R/actions/runs?head_sha=HEAD&event=pull_request` (one page, or a list of pages):
      a workflow run is created by GitHub when the commit reaches the pull request, even when a
      first-time contributor's run waits for "Approve and run", so its `created_at` is when the head
      was pushed. Without any such run, there is no server-side fact for the push, and the hand-in is
      when the base judged the head (`checks_passed`), never earlier;
    - timeline: `GET repos/O/R/issues/N/timeline`: a draft is not handed in until it is marked ready,
      a closed pull request not until it is reopened, one aimed at another branch not until retargeted;
    - issue: for a pull request the form workflow made from an issue (GraphQL `createdAt`,
      `lastEditedAt`, `number`): the time of the issue's last edit of its content, else its creation.

    Nothing here comes from the pull request's content (commits, text), which its author controls.
    """
    if issue is not None:
        handed = _at(issue.get("lastEditedAt") or issue.get("createdAt") or issue["created_at"])
        number = int(issue["number"])
    else:
        pushed = [_at(r["created_at"]) for r in _runs(runs) if r.get("head_sha") == head]
        again = [_at(e["created_at"]) for e in timeline or () if e.get("event") in _READY_AGAIN]
        handed = max([min(pushed) if pushed else checks_passed, _at(pull["created_at"]), *again])
        number = None
    passed = checks_passed.astimezone(BEIJING)
    return HandIn(int(pull["number"]), head, min(handed.astimezone(BEIJING), passed), passed, number)


def _runs(answer: Any) -> list[dict[str, Any]]:
    """Workflow runs on `pull_request` events from one page ({"workflow_runs": [...]}) or several."""
    pages = answer if isinstance(answer, list) else [answer] if answer else []
    runs: list[dict[str, Any]] = []
    for page in pages:
        runs += page.get("workflow_runs", []) if isinstance(page, dict) and "workflow_runs" in page else [page]
    return [r for r in runs if isinstance(r, dict) and r.get("event") == "pull_request"]


def _at(text: str) -> dt.datetime:
    """A time as the code host writes it: "2023-10-03T15:58:00Z"."""
    return _parse_instant(text.replace("Z", "+00:00"))
