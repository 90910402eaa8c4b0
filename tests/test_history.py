from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from taizhang.errors import FatalError
from taizhang.tracking import history
from taizhang.tracking.handin import HandIn, format_trailers
from tests.gitrepo import BOT, LedgerRepo, git, git_env

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


def test_deleted_report_no_longer_counts(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({REPORT: None}, at="2023-08-03T10:00:00+08:00")

    assert REPORT not in history.scan(ledger_repo.root)


def test_deleted_and_restored_report_keeps_its_first_landing(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({REPORT: None}, at="2023-08-03T10:00:00+08:00")
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-06T10:00:00+08:00")

    landing = history.scan(ledger_repo.root)[REPORT]

    assert landing.first == at("2023-08-02T10:00:00+08:00")
    assert landing.changes == (at("2023-08-06T10:00:00+08:00"),)


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


def test_message_or_file_name_shaped_like_the_log_cannot_fake_a_landing(ledger_repo: LedgerRepo) -> None:
    # The log marks each commit with "\x01" and prints messages and paths as they are: one that looks
    # like an earlier merge of two parents must stay text, not become a commit of its own.
    fake = "\x01" + "f" * 40 + " 2023-07-20T09:00:00+08:00 " + "a" * 40 + " " + "b" * 40
    odd = f"reports/2023-07/{fake[1:]}.yml"
    ledger_repo.commit({REPORT: "a\n"}, at="2023-08-05T10:00:00+08:00", message="报送\n\n" + fake)
    ledger_repo.merge({odd: "b\n"}, at="2023-08-06T10:00:00+08:00")
    ledger_repo.merge({f"reports/2023-07/{fake}.yml": "c\n"}, at="2023-08-07T10:00:00+08:00")

    landings = history.scan(ledger_repo.root)

    assert (landings[REPORT].first, landings[REPORT].doubt) == (at("2023-08-05T10:00:00+08:00"), history.NOT_MERGE)
    assert landings[odd].first == at("2023-08-06T10:00:00+08:00")
    assert landings[f"reports/2023-07/{fake}.yml"].first == at("2023-08-07T10:00:00+08:00")
    assert len(landings) == 3


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


# --- only regular files are data (issue 10) ---


def test_symlink_at_a_report_path_is_not_a_submission(ledger_repo: LedgerRepo) -> None:
    link = ledger_repo.root / REPORT
    link.parent.mkdir(parents=True)
    link.symlink_to("/etc/passwd")
    ledger_repo.merge({}, at="2023-08-02T10:00:00+08:00")

    assert REPORT not in history.scan(ledger_repo.root)


def test_gitlink_at_a_report_path_is_not_a_submission(ledger_repo: LedgerRepo) -> None:
    setup = ledger_repo.git("rev-parse", "HEAD")
    ledger_repo.git("update-index", "--add", "--cacheinfo", f"160000,{setup},{REPORT}")
    ledger_repo.git("commit", "--quiet", "--no-gpg-sign", "-m", "子模块", at="2023-08-02T10:00:00+08:00")
    assert ledger_repo.git("ls-tree", "HEAD", REPORT).startswith("160000 commit")

    assert REPORT not in history.scan(ledger_repo.root)


def test_report_replaced_by_a_symlink_is_gone_and_lands_from_its_first_regular_version(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")
    (ledger_repo.root / REPORT).unlink()
    (ledger_repo.root / REPORT).symlink_to("/dev/zero")
    ledger_repo.merge({}, at="2023-08-03T10:00:00+08:00")
    assert REPORT not in history.scan(ledger_repo.root)

    (ledger_repo.root / REPORT).unlink()
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-09T10:00:00+08:00")
    assert history.scan(ledger_repo.root)[REPORT].first == at("2023-08-02T10:00:00+08:00")


# --- 存疑: times the history cannot vouch for (issue 10) ---


def test_pull_request_merge_is_not_doubtful(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00", opened_at="2023-08-01T10:00:00+08:00")

    assert history.scan(ledger_repo.root)[REPORT].doubt == ""


def test_backdated_fast_forward_keeps_its_date_but_is_doubtful(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({"reports/2023-07/dingxiang.yml": "d\n"}, at="2023-08-05T10:00:00+08:00")
    ledger_repo.git("checkout", "--quiet", "-b", "late-branch")
    ledger_repo.commit({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")  # written "on the 2nd"
    ledger_repo.git("checkout", "--quiet", "main")
    ledger_repo.git("merge", "--quiet", "--ff-only", "late-branch", at="2023-08-09T10:00:00+08:00")

    landing = history.scan(ledger_repo.root)[REPORT]

    assert landing.first == at("2023-08-02T10:00:00+08:00")
    assert landing.doubt == history.NOT_MERGE


def test_merge_dated_before_its_first_parent_is_doubtful(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({"reports/2023-07/dingxiang.yml": "d\n"}, at="2023-08-05T10:00:00+08:00")
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")  # runs backwards

    landings = history.scan(ledger_repo.root)

    assert landings[REPORT].doubt == history.BACKWARDS
    assert landings["reports/2023-07/dingxiang.yml"].doubt == ""


def test_direct_push_to_main_is_doubtful(ledger_repo: LedgerRepo) -> None:
    ledger_repo.commit({REPORT: "a\n"}, at="2023-08-02T10:00:00+08:00")

    assert history.scan(ledger_repo.root)[REPORT].doubt == history.NOT_MERGE


# --- the hand-in time the merge job records (issue 19) ---


def test_merge_job_merge_carries_the_hand_in_time(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge(
        {REPORT: "a\n"},
        at="2023-08-04T00:04:00+08:00",
        opened_at="2023-08-03T23:50:00+08:00",
        handed_in="2023-08-03T23:58:00+08:00",
    )

    landing = history.scan(ledger_repo.root)[REPORT]

    assert (landing.first, landing.handed_in) == (at("2023-08-04T00:04:00+08:00"), at("2023-08-03T23:58:00+08:00"))
    assert landing.doubt == ""


def test_hand_in_trailers_on_a_merge_by_anyone_else_are_ignored(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge(
        {REPORT: "a\n"},
        at="2023-08-04T00:04:00+08:00",
        handed_in="2023-08-03T23:58:00+08:00",
        merger=("xinfu", "xz-xinfu@users.noreply.github.com"),
    )

    assert history.scan(ledger_repo.root)[REPORT].handed_in is None


def test_hand_in_trailers_typed_into_a_units_own_commit_are_ignored(ledger_repo: LedgerRepo) -> None:
    # The unit's branch commit (the merge's second parent) carries a forged record naming itself... almost:
    # it cannot know its own id, so it names main's tip; the merge is an ordinary one.
    forged = HandIn(
        1, ledger_repo.git("rev-parse", "HEAD"), at("2023-08-01T09:00:00+08:00"), at("2023-08-01T09:00:00+08:00")
    )
    ledger_repo.merge({REPORT: "a\n"}, at="2023-08-05T10:00:00+08:00", unit_message="\n\n" + format_trailers(forged))

    assert history.scan(ledger_repo.root)[REPORT].handed_in is None


def test_forged_trailers_in_a_squash_by_the_bot_identity_are_ignored(ledger_repo: LedgerRepo) -> None:
    # A single-parent commit on main, even under the bot's name, is no merge the merge job made.
    forged = HandIn(7, "0" * 40, at("2023-08-01T09:00:00+08:00"), at("2023-08-01T09:00:00+08:00"))
    ledger_repo.apply({REPORT: "a\n"})
    ledger_repo.git("add", "--all")
    ledger_repo.git(
        "commit", "--quiet", "--no-gpg-sign", "-m", "报送 (#7)\n\n" + format_trailers(forged),
        at="2023-08-05T10:00:00+08:00", author=BOT,
    )  # fmt: skip

    landing = history.scan(ledger_repo.root)[REPORT]

    assert landing.handed_in is None
    assert landing.doubt == history.NOT_MERGE


def test_bot_merge_whose_trailer_names_another_head_is_ignored(ledger_repo: LedgerRepo) -> None:
    ledger_repo.git("checkout", "--quiet", "-b", "pr")
    head = ledger_repo.commit({REPORT: "a\n"}, at="2023-08-03T20:00:00+08:00")
    ledger_repo.git("checkout", "--quiet", "main")
    other = ledger_repo.git("rev-parse", "HEAD")
    record = HandIn(1, other, at("2023-08-03T20:00:00+08:00"), at("2023-08-05T09:00:00+08:00"))
    ledger_repo.git(
        "merge", "--quiet", "--no-ff", "--no-gpg-sign", "-m", "Merge pull request #1\n\n" + format_trailers(record), "pr",
        at="2023-08-05T10:00:00+08:00", author=BOT,
    )  # fmt: skip
    assert head != other

    assert history.scan(ledger_repo.root)[REPORT].handed_in is None


def test_merge_identity_is_configurable(ledger_repo: LedgerRepo) -> None:
    gitea = ("taizhang-bot", "bot@jtj.example.gov.cn")
    ledger_repo.merge(
        {REPORT: "a\n"}, at="2023-08-04T00:04:00+08:00", handed_in="2023-08-03T23:58:00+08:00", merger=gitea
    )

    assert history.scan(ledger_repo.root)[REPORT].handed_in is None
    assert history.scan(ledger_repo.root, identity=gitea)[REPORT].handed_in == at("2023-08-03T23:58:00+08:00")


# --- study sessions count from when each was first recorded (issue 10) ---


def _monthly(sessions: list[tuple[str, str]]) -> str:
    lines = ["kind: monthly", "study_sessions:"]
    lines += [f"  - date: '{date}'\n    topic: {topic}" for date, topic in sessions]
    return "\n".join(lines) + "\n"


def test_session_added_to_a_landed_report_counts_from_its_own_landing(ledger_repo: LedgerRepo) -> None:
    early, backfilled = ("2023-07-10", "学习一"), ("2023-07-20", "学习二")
    ledger_repo.merge({REPORT: _monthly([early])}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge({REPORT: _monthly([early, backfilled])}, at="2023-11-20T10:00:00+08:00")

    landing = history.scan(ledger_repo.root, sessions=[REPORT])[REPORT]
    stamps = landing.session_stamps()

    assert landing.first == at("2023-08-02T10:00:00+08:00")
    assert stamps[early].landed == at("2023-08-02T10:00:00+08:00")
    assert stamps[backfilled].landed == at("2023-11-20T10:00:00+08:00")


def test_sessions_are_read_only_for_the_reports_asked_for(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({REPORT: _monthly([("2023-07-10", "学习一")])}, at="2023-08-02T10:00:00+08:00")
    ledger_repo.merge(
        {REPORT: _monthly([("2023-07-10", "学习一"), ("2023-07-20", "学习二")])}, at="2023-11-20T10:00:00+08:00"
    )

    assert history.scan(ledger_repo.root)[REPORT].sessions == ()


def test_first_recorded_keeps_a_session_removed_and_added_back_at_its_first_version() -> None:
    one, two = ("2023-07-10", "学习一"), ("2023-07-20", "学习二")
    versions = [
        (5, _monthly([one]).encode()),
        (3, b"kind: [unclosed"),
        (2, _monthly([two]).encode()),
        (1, _monthly([one, two]).encode()),
    ]

    assert history.first_recorded(REPORT, versions) == {one: 5, two: 2}
