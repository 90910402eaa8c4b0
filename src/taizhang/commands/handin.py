"""`taizhang handin`: the hand-in record (交件记录) the merge job writes into the merge commit's message."""

from __future__ import annotations

import datetime as dt
import json
import sys

from taizhang.commands import read_text
from taizhang.errors import FatalError
from taizhang.tracking import handin


def run(
    pull_file: str,
    head: str,
    runs_file: str | None,
    timeline_file: str | None,
    issue_file: str | None,
    checks_passed: str | None,
) -> int:
    if not handin.is_commit_id(head):
        raise FatalError(f"--head 应为 40 位的提交编号，而不是 {head!r}")
    try:
        pull = json.loads(read_text(pull_file))
        runs = json.loads(read_text(runs_file)) if runs_file else {}
        timeline = json.loads(read_text(timeline_file)) if timeline_file else []
        issue = json.loads(read_text(issue_file)) if issue_file else None
        passed = dt.datetime.fromisoformat(checks_passed) if checks_passed else dt.datetime.now(dt.UTC)
        record = handin.from_api(pull, head, passed, runs, timeline, issue)
        trailers = handin.format_trailers(record)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FatalError(
            f"无法从代码托管平台的回答得出交件记录（{type(exc).__name__}: {exc}）；请检查 API 的返回内容"
        ) from None
    sys.stdout.write(trailers)
    return 0
