"""Submission times nobody can move (issue 10) and fair timing at midnight (issue 19), seen through `status`.

Every repository is real; hand-in records are written by the merge job's identity with the same
trailers the merge script writes (handin.format_trailers, through tests.gitrepo)."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

import pytest

from taizhang.cli import main
from taizhang.site import pages
from taizhang.tracking import history
from taizhang.tracking.handin import HandIn, format_trailers
from taizhang.tracking.status import compute, row
from tests.gitrepo import LedgerRepo, git
from tests.test_ci_scripts import Host

JULY = "reports/2023-07/xinfu.yml"
AS_OF = dt.date(2023, 12, 31)


def rows(repo: LedgerRepo, as_of: dt.date = AS_OF) -> dict[tuple[str, str, str], dict[str, Any]]:
    ledger, found = compute(repo.root, as_of)
    return {(o.unit, o.kind, o.period): row(ledger, o) for o in found}


def july(repo: LedgerRepo, as_of: dt.date = AS_OF) -> dict[str, Any]:
    return rows(repo, as_of)["xinfu", "monthly", "2023-07"]


# --- issue 19: the hand-in time counts within the plan's grace ---


def test_pull_request_handed_in_at_2358_and_merged_at_0004_is_on_time(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00"
    )

    row = july(ledger_repo)

    assert (row["status_name"], row["days_late"]) == ("按时", 0)
    assert row["submitted_at"] == "2023-08-03T23:58:00+08:00"
    assert (row["handed_in_at"], row["merged_at"]) == ("2023-08-03T23:58:00+08:00", "2023-08-04T00:04:00+08:00")
    assert row["counted_from"] == "handed_in"
    assert row["timing"] == "提交于 23:58，合并于 00:04，按提交时间计"
    assert row["amended"] == []  # the merge itself is no amendment
    assert row["doubtful"] is False


def test_pull_request_handed_in_at_0002_on_the_4th_is_late(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:09:00+08:00", handed_in="2023-08-04T00:02:00+08:00"
    )

    row = july(ledger_repo)

    assert (row["status_name"], row["days_late"]) == ("迟报", 1)
    assert row["timing"] == "提交于 00:02，合并于 00:09，按提交时间计"


def test_merge_at_0004_without_a_hand_in_record_counts_from_the_merge(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", opened_at="2023-08-03T23:58:00+08:00"
    )

    row = july(ledger_repo)

    assert (row["status_name"], row["counted_from"], row["timing"]) == ("迟报", None, None)


def test_forged_trailer_in_a_units_own_commit_is_ignored(ledger_repo: LedgerRepo) -> None:
    tip = ledger_repo.git("rev-parse", "HEAD")
    moment = dt.datetime.fromisoformat("2023-08-03T23:58:00+08:00")
    path, text = ledger_repo.report("monthly", "xinfu", "2023-07")
    ledger_repo.merge(
        {path: text},
        at="2023-08-04T00:04:00+08:00",
        unit_message="\n\n" + format_trailers(HandIn(1, tip, moment, moment)),
    )

    assert july(ledger_repo)["status_name"] == "迟报"


def test_merge_past_the_grace_window_counts_from_the_merge(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-05T09:00:00+08:00", handed_in="2023-08-03T20:00:00+08:00"
    )

    row = july(ledger_repo)

    assert (row["status_name"], row["days_late"], row["counted_from"]) == ("迟报", 2, "merged")
    assert row["submitted_at"] == "2023-08-05T09:00:00+08:00"
    assert row["timing"] == "提交于 2023-08-03 20:00，合并于 2023-08-05 09:00，超过宽限期，按合并时间计"


def test_the_grace_window_is_the_plans(ledger_repo: LedgerRepo) -> None:
    plan = ledger_repo.root / "tasks/2023/plan.yml"
    ledger_repo.merge(
        {"tasks/2023/plan.yml": plan.read_text().replace("hand_in_grace_days: 1", "hand_in_grace_days: 3")},
        at="2023-07-20T10:00:00+08:00",
    )
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-05T09:00:00+08:00", handed_in="2023-08-03T20:00:00+08:00"
    )

    assert (july(ledger_repo)["status_name"], july(ledger_repo)["counted_from"]) == ("按时", "handed_in")


def test_a_hand_in_not_yet_merged_on_the_as_of_day_is_not_known_then(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00"
    )

    assert july(ledger_repo, dt.date(2023, 8, 3))["status_name"] == "未到期"
    assert july(ledger_repo, dt.date(2023, 8, 4))["status_name"] == "按时"


def test_table_says_which_time_counted(ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00"
    )

    main(["--root", str(ledger_repo.root), "status", "--as-of", "2023-08-10", "--unit", "xinfu"])
    out = capsys.readouterr().out

    line = next(line for line in out.splitlines() if "2023年7月" in line)
    assert "2023-08-03 23:58（提交于 23:58，合并于 00:04，按提交时间计）" in line
    assert line.split()[-1] == "按时"


# --- issue 10: only regular files, times that cannot be moved, 存疑 ---


@pytest.mark.parametrize("kind", ["symlink", "gitlink"])
def test_symlink_or_gitlink_at_a_units_report_path_is_not_on_time(ledger_repo: LedgerRepo, kind: str) -> None:
    target = ledger_repo.root / JULY
    if kind == "symlink":
        target.parent.mkdir(parents=True)
        target.symlink_to("/etc/passwd")
        ledger_repo.merge({}, at="2023-08-02T10:00:00+08:00")
    else:
        setup = ledger_repo.git("rev-parse", "HEAD")
        ledger_repo.git("checkout", "--quiet", "-b", "sub")
        ledger_repo.git("update-index", "--add", "--cacheinfo", f"160000,{setup},{JULY}")
        ledger_repo.git("commit", "--quiet", "--no-gpg-sign", "-m", "子模块", at="2023-08-01T10:00:00+08:00")
        ledger_repo.git("checkout", "--quiet", "main")
        ledger_repo.git(
            "merge", "--quiet", "--no-ff", "--no-gpg-sign", "-m", "合并", "sub", at="2023-08-02T10:00:00+08:00"
        )

    row = july(ledger_repo, dt.date(2023, 8, 10))

    assert (row["status_name"], row["submitted_at"]) == ("逾期", None)


def _with_sessions(text: str, *sessions: tuple[str, str]) -> str:
    items = "".join(f'\n  - date: "{date}"\n    topic: "{topic}"\n    participants: 12' for date, topic in sessions)
    return text.replace("study_sessions: []", "study_sessions:" + items if items else "study_sessions: []")


def test_study_session_backfilled_into_an_on_time_report_is_not_on_time_retroactively(ledger_repo: LedgerRepo) -> None:
    path, text = ledger_repo.report("monthly", "xinfu", "2023-07")
    ledger_repo.merge({path: text}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge(
        {path: _with_sessions(text, ("2023-07-20", "学习党的二十大精神"))}, at="2023-11-20T10:00:00+08:00"
    )

    found = rows(ledger_repo)
    study = found["xinfu", "quarterly_study", "2023-Q3"]

    assert found["xinfu", "monthly", "2023-07"]["status_name"] == "按时"
    assert (study["status_name"], study["submitted_at"]) == ("迟报", "2023-11-20T10:00:00+08:00")


def test_study_session_in_the_report_as_first_landed_counts_from_that_landing(ledger_repo: LedgerRepo) -> None:
    path, text = ledger_repo.report("monthly", "xinfu", "2023-07")
    session = ("2023-07-20", "学习党的二十大精神")
    ledger_repo.merge({path: _with_sessions(text, session)}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge(
        {path: _with_sessions(text.replace("示例填报人", "张三"), session)}, at="2023-11-20T10:00:00+08:00"
    )

    study = rows(ledger_repo)["xinfu", "quarterly_study", "2023-Q3"]

    assert (study["status_name"], study["submitted_at"]) == ("按时", "2023-08-02T10:00:00+08:00")


def test_report_deleted_and_restored_keeps_its_first_landing(ledger_repo: LedgerRepo) -> None:
    path, text = ledger_repo.report("monthly", "xinfu", "2023-07")
    ledger_repo.merge({path: text}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({path: None}, at="2023-08-05T10:00:00+08:00")
    ledger_repo.merge({path: text}, at="2023-08-09T10:00:00+08:00")

    row = july(ledger_repo)

    assert (row["status_name"], row["submitted_at"]) == ("按时", "2023-08-02T10:00:00+08:00")
    assert row["amended"] == ["2023-08-09T10:00:00+08:00"]


def test_backdated_fast_forward_is_shown_doubtful(ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    ledger_repo.submit("monthly", "yuanping", "2023-07", at="2023-08-05T10:00:00+08:00")
    path, text = ledger_repo.report("monthly", "xinfu", "2023-07")
    ledger_repo.git("checkout", "--quiet", "-b", "backdated")
    ledger_repo.commit({path: text}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.git("checkout", "--quiet", "main")
    ledger_repo.git("merge", "--quiet", "--ff-only", "backdated", at="2023-08-20T10:00:00+08:00")

    row = july(ledger_repo)
    main(["--root", str(ledger_repo.root), "status", "--as-of", "2023-08-30", "--format", "md", "--unit", "xinfu"])
    md = capsys.readouterr().out

    assert (row["submitted_at"], row["doubtful"]) == ("2023-08-02T10:00:00+08:00", True)
    assert row["doubt"].startswith("存疑：不是拉取请求的合并提交")
    assert rows(ledger_repo)["yuanping", "monthly", "2023-07"]["doubtful"] is False
    assert "2023-08-02 10:00（存疑：不是拉取请求的合并提交" in md


def test_csv_has_the_timing_columns_after_the_existing_ones(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00"
    )
    main(["--root", str(ledger_repo.root), "status", "--as-of", "2023-08-10", "--format", "csv", "--unit", "xinfu"])
    header = capsys.readouterr().out.splitlines()[0].split(",")

    assert header[:15] == [
        "unit", "unit_name", "kind", "kind_name", "period", "plan", "due", "submitted_at",
        "status", "status_name", "days_late", "due_soon", "via", "path", "amended",
    ]  # fmt: skip
    assert header[15:21] == ["handed_in_at", "merged_at", "counted_from", "timing", "doubtful", "doubt"]
    assert header[21:] == ["first_landed_at", "valid_at", "original_due", "extended_due", "returns"]  # issue 12


def test_json_keeps_its_fields(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-03T20:00:00+08:00")

    assert json.loads(json.dumps(july(ledger_repo)))["via"] == "git"


def test_site_pages_say_which_time_counted_and_what_is_doubtful(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit(
        "monthly", "xinfu", "2023-07", at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00"
    )
    path, text = ledger_repo.report("monthly", "yuanping", "2023-07")
    ledger_repo.commit({path: text}, at="2023-08-02T10:00:00+08:00", message="直接推送到主分支")
    ledger, found = compute(ledger_repo.root, dt.date(2023, 8, 10))

    site = {name: html.unescape(text) for name, text in pages.generate(ledger, found, dt.date(2023, 8, 10)).items()}

    period = site["periods/2023-07.md"]
    assert "2023-08-03 23:58（提交于 23:58，合并于 00:04，按提交时间计）" in period
    assert "2023-08-02 10:00（存疑：不是拉取请求的合并提交" in period
    assert "（存疑）" in site["units/yuanping.md"] and "（存疑）" not in site["units/xinfu.md"]
    assert "报送时间：2023-08-03 23:58（提交于 23:58，合并于 00:04，按提交时间计）" in site["units/xinfu.md"]


def test_the_merge_jobs_own_merge_is_read_back_by_the_history(tmp_path: Path) -> None:
    # scripts/ci/automerge against a fake code host (tests/fakegh.py): the record it writes is the one the history trusts.
    host = Host(tmp_path)
    report, text = host.dev.report("monthly", "xinfu", "2023-10")
    own = host.pull(1, {report: text})
    assert host.run(tmp_path, runs_for=own).returncode == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(host.origin), str(clone))

    landing = history.scan(clone)[report]

    assert landing.handed_in == dt.datetime.fromisoformat("2023-11-03T23:58:07+08:00")
    assert landing.doubt == ""
