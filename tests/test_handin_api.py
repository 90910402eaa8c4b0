"""The merge job's hand-in record, built from recorded answers of the code host's API (tests/fixtures/github/),
and read back by the same parser the history uses."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from taizhang.cli import main
from taizhang.tracking.handin import HandIn, from_api, parse_trailers

FIXTURES = Path(__file__).parent / "fixtures/github"
BEIJING = dt.timezone(dt.timedelta(hours=8))
HEAD = "5c1d0e4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
PASSED = dt.datetime(2023, 11, 4, 0, 4, 2, tzinfo=BEIJING)


def _answer(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_report_pushed_at_2358_on_the_due_date_is_handed_in_then() -> None:
    record = from_api(_answer("pull.json"), HEAD, PASSED, _answer("runs.json"), _answer("timeline.json"))
    assert record == HandIn(7, HEAD, dt.datetime(2023, 11, 3, 23, 58, 7, tzinfo=BEIJING), PASSED)


def test_the_trailers_written_from_the_api_read_back_through_the_historys_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["handin", "--pull", str(FIXTURES / "pull.json"), "--head", HEAD, "--runs", str(FIXTURES / "runs.json")]
    args += ["--timeline", str(FIXTURES / "timeline.json"), "--checks-passed", "2023-11-03T16:04:02Z"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Taizhang-Handed-In: 2023-11-03T23:58:07+08:00\n" in out
    message = "Merge pull request #7（自动合并）\n\n报送合并。\n\n" + out
    assert parse_trailers(message) == HandIn(7, HEAD, dt.datetime(2023, 11, 3, 23, 58, 7, tzinfo=BEIJING), PASSED)


def test_text_the_unit_wrote_never_moves_the_hand_in_time() -> None:
    """The pull request's body, comments and commit dates all claim October 1st; none is read."""
    record = from_api(_answer("pull.json"), HEAD, PASSED, _answer("runs.json"), _answer("timeline.json"))
    assert record.handed_in.date() == dt.date(2023, 11, 3)


def test_a_pull_request_opened_after_the_push_is_handed_in_when_opened() -> None:
    pull = _answer("pull.json") | {"created_at": "2023-11-03T16:01:00Z"}
    record = from_api(pull, HEAD, PASSED, _answer("runs.json"), [])
    assert record.handed_in == dt.datetime(2023, 11, 4, 0, 1, tzinfo=BEIJING)


@pytest.mark.parametrize("event", ["ready_for_review", "reopened", "base_ref_changed"])
def test_a_draft_marked_ready_reopened_or_retargeted_after_midnight_is_handed_in_then(event: str) -> None:
    timeline = [*_answer("timeline.json"), {"event": event, "created_at": "2023-11-03T16:02:00Z"}]
    record = from_api(_answer("pull.json"), HEAD, PASSED, _answer("runs.json"), timeline)
    assert record.handed_in == dt.datetime(2023, 11, 4, 0, 2, tzinfo=BEIJING)


def test_without_a_run_for_the_head_the_hand_in_is_when_the_base_judged_it() -> None:
    runs = copy.deepcopy(_answer("runs.json"))
    runs["workflow_runs"] = [r for r in runs["workflow_runs"] if r["head_sha"] != HEAD or r["event"] != "pull_request"]
    record = from_api(_answer("pull.json"), HEAD, PASSED, runs, [])
    assert record.handed_in == PASSED


def test_a_form_is_handed_in_when_its_text_was_last_edited() -> None:
    pull = _answer("pull.json") | {"number": 9, "user": {"login": "github-actions[bot]", "type": "Bot"}}
    record = from_api(pull, HEAD, PASSED, issue=_answer("issue.json"))
    assert (record.pull_request, record.issue) == (9, 45)
    assert record.handed_in == dt.datetime(2023, 11, 3, 23, 57, 30, tzinfo=BEIJING)
    never_edited = _answer("issue.json") | {"lastEditedAt": None}
    assert from_api(pull, HEAD, PASSED, issue=never_edited).handed_in == dt.datetime(
        2023, 11, 2, 10, 10, tzinfo=BEIJING
    )


def test_an_answer_without_the_facts_stops_with_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "pull.json"
    broken.write_text('{"message": "Bad credentials"}', encoding="utf-8")
    assert main(["handin", "--pull", str(broken), "--head", HEAD]) == 2
    assert "无法从代码托管平台的回答得出交件记录" in capsys.readouterr().err
    assert main(["handin", "--pull", str(FIXTURES / "pull.json"), "--head", "main"]) == 2
    assert "--head 应为 40 位的提交编号" in capsys.readouterr().err
