from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from taizhang.errors import FatalError
from taizhang.tracking import history
from tests.gitrepo import LedgerRepo, git, git_env

REPORT = "reports/2023-07/xinfu.yml"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_report_merged_by_pull_request_lands_when_the_merge_reaches_main(ledger_repo: LedgerRepo) -> None:
    merge = ledger_repo.merge({REPORT: "a\n"}, at="2023-08-03T20:00:00+08:00", opened_at="2023-07-30T10:00:00+08:00")

    landing = history.scan(ledger_repo.root)[REPORT]

    assert landing.first == at("2023-08-03T20:00:00+08:00")
    assert landing.first.utcoffset() == dt.timedelta(hours=8)
    assert landing.changes == ()
    assert landing.commit == merge


def test_committer_date_counts_not_the_author_date(ledger_repo: LedgerRepo) -> None:
    # A commit written on the 1st but pushed to main on the 5th landed on the 5th.
    ledger_repo.commit({REPORT: "a\n"}, at="2023-08-05T09:00:00+08:00", author_at="2023-08-01T09:00:00+08:00")

    assert history.scan(ledger_repo.root)[REPORT].first == at("2023-08-05T09:00:00+08:00")


def test_later_commits_are_amendments_and_keep_the_first_landing(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({REPORT: "b\n"}, at="2023-08-09T11:00:00+08:00")
    ledger_repo.commit({REPORT: "c\n"}, at="2023-08-20T12:00:00+08:00")

    landing = history.scan(ledger_repo.root)[REPORT]

    assert landing.first == at("2023-08-02T10:00:00+08:00")
    assert landing.changes == (at("2023-08-09T11:00:00+08:00"), at("2023-08-20T12:00:00+08:00"))


def test_a_branch_not_yet_merged_has_not_landed(ledger_repo: LedgerRepo) -> None:
    ledger_repo.git("checkout", "--quiet", "-b", "draft")
    ledger_repo.commit({REPORT: "a\n"}, at="2023-08-01T10:00:00+08:00")

    assert REPORT in history.scan(ledger_repo.root)  # HEAD is the draft branch
    assert REPORT not in history.scan(ledger_repo.root, branch="main")


def test_deleted_report_no_longer_counts_and_lands_anew_when_added_again(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.commit({REPORT: None}, at="2023-08-03T10:00:00+08:00")
    assert REPORT not in history.scan(ledger_repo.root)

    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-06T10:00:00+08:00")
    assert history.scan(ledger_repo.root)[REPORT].first == at("2023-08-06T10:00:00+08:00")


def test_report_moved_to_its_correct_path_lands_when_the_move_lands(ledger_repo: LedgerRepo) -> None:
    wrong = "reports/2023-07/xinfu.yaml"
    ledger_repo.merge({wrong: "a long enough report text\n" * 5}, at="2023-08-01T10:00:00+08:00")
    ledger_repo.git("mv", wrong, REPORT)
    ledger_repo.commit({}, at="2023-08-04T09:00:00+08:00", message="移到正确位置")

    landings = history.scan(ledger_repo.root)

    assert wrong not in landings
    assert landings[REPORT].first == at("2023-08-04T09:00:00+08:00")


def test_only_reports_and_receipts_are_tracked(ledger_repo: LedgerRepo) -> None:
    ledger_repo.commit(
        {
            "units/xinfu.yml": (ledger_repo.root / "units/xinfu.yml").read_text() + "# 改\n",
            "receipts/2023.yml": "receipts: []\n",
        },
        at="2023-08-01T10:00:00+08:00",
    )

    assert set(history.scan(ledger_repo.root)) == {"receipts/2023.yml"}


def test_ledger_in_a_subfolder_of_a_repository_gets_paths_relative_to_the_ledger(tmp_path: Path) -> None:
    repo = LedgerRepo.create(tmp_path / "repo", ledger=False)
    repo.commit(
        {"ledger/reports/2023-07/xinfu.yml": "a\n", "reports/2023-07/other.yml": "b\n"},
        at="2023-08-01T10:00:00+08:00",
    )

    assert set(history.scan(tmp_path / "repo" / "ledger")) == {REPORT}


def test_unicode_paths_come_back_unquoted(ledger_repo: LedgerRepo) -> None:
    ledger_repo.commit({"reports/2023-07/忻府区月报.docx": "x\n"}, at="2023-08-01T10:00:00+08:00")

    assert "reports/2023-07/忻府区月报.docx" in history.scan(ledger_repo.root)


def test_log_read_in_pieces_of_any_size_gives_the_same_landings(ledger_repo: LedgerRepo) -> None:
    # scan() parses git's output as it arrives: a piece may end inside a commit, a path or a character.
    docx, gone = "reports/2023-07/忻府区月报.docx", "reports/2023-07/dingxiang.yml"
    ledger_repo.merge({REPORT: "a\n", docx: "x\n", gone: "c\n"}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({REPORT: "b\n"}, at="2023-08-09T11:00:00+08:00")
    ledger_repo.commit({gone: None}, at="2023-08-10T09:00:00+08:00")
    raw = subprocess.run(
        ["git", *history.LOG, "HEAD"], cwd=ledger_repo.root, env=git_env(), capture_output=True, check=True
    ).stdout

    whole = history.scan(ledger_repo.root)

    assert set(whole) == {REPORT, docx}
    assert whole[REPORT].changes == (at("2023-08-09T11:00:00+08:00"),)
    for size in (1, 2, 3, 5, 8, 13, 64):
        landings = history.parse_log([raw[i : i + size] for i in range(0, len(raw), size)])
        assert landings == whole
        assert {p: landing.commit for p, landing in landings.items()} == {p: w.commit for p, w in whole.items()}


def test_shallow_clone_is_refused_with_advice(ledger_repo: LedgerRepo, tmp_path: Path) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{ledger_repo.root}", str(clone))

    with pytest.raises(FatalError, match=r"浅克隆.*fetch-depth: 0"):
        history.scan(clone)


def test_folder_that_is_not_a_git_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FatalError, match="不是 Git 仓库"):
        history.scan(tmp_path)


def test_repository_without_commits_has_nothing_landed(tmp_path: Path) -> None:
    LedgerRepo.create(tmp_path / "empty", ledger=False)

    assert history.scan(tmp_path / "empty") == {}


def test_unknown_branch_is_refused(ledger_repo: LedgerRepo) -> None:
    with pytest.raises(FatalError, match="找不到分支 release"):
        history.scan(ledger_repo.root, branch="release")


def test_user_configuration_does_not_change_what_landed(tmp_path: Path) -> None:
    repo = LedgerRepo.create(tmp_path / "repo", ledger=False)
    for key, value in (("log.showRoot", "false"), ("color.ui", "always"), ("diff.renames", "copies")):
        repo.git("config", key, value)
    repo.commit({REPORT: "a\n"}, at="2023-08-01T10:00:00+08:00")  # the very first commit
    repo.commit({REPORT: "b\n"}, at="2023-08-02T10:00:00+08:00")

    landing = history.scan(repo.root)[REPORT]

    assert (landing.first, landing.changes) == (at("2023-08-01T10:00:00+08:00"), (at("2023-08-02T10:00:00+08:00"),))
