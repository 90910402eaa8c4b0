"""The base judges the head: `taizhang authorize --base --head` and `taizhang extract` on real repositories.

Each test is an attack from issue 10, made as a pull-request branch in a temporary repository, and
judged the way the merge job judges it: with the base's registry, changes computed by git.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.host import access
from taizhang.host.access import Change
from tests.gitrepo import LedgerRepo

AT = "2023-09-02T10:00:00+08:00"


def _judge(repo: LedgerRepo, author: str, *extra: str) -> int:
    return main(["--root", str(repo.root), "authorize", "--author", author, "--base", "main", "--head", "pr", *extra])


def _branch(repo: LedgerRepo) -> None:
    repo.git("checkout", "--quiet", "-b", "pr", "main")


def test_own_reports_judged_from_git_merge_by_themselves(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    path, text = ledger_repo.report("monthly", "xinfu", "2023-08")
    _branch(ledger_repo)
    ledger_repo.commit({path: text}, at=AT)
    assert _judge(ledger_repo, "xz-xinfu", "--auto-merge-eligible") == 0
    assert "可以自动合并" in capsys.readouterr().out


def test_a_file_past_the_3000th_is_seen_and_refused(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The code host's list of pull-request files stops at 3,000; git's does not."""
    _branch(ledger_repo)
    own = {f"reports/{1000 + n // 12}-{n % 12 + 1:02d}/xinfu.yml": "kind: monthly\n" for n in range(3000)}
    own["scripts/ci/automerge"] = "#!/bin/sh\ngh pr merge --admin\n"
    own["src/taizhang/host/access.py"] = "ELIGIBLE = True\n"
    ledger_repo.commit(own, at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 1
    out, err = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in out.splitlines()] == [
        "scripts/ci/automerge",
        "src/taizhang/host/access.py",
    ]
    assert "程序代码、文档和其他文件只能由维护人员" in out
    assert "无权修改 2 个文件" in err
    assert _judge(ledger_repo, "xz-xinfu", "--auto-merge-eligible") == 1


def test_a_self_granted_maintainer_is_judged_by_the_bases_maintainers(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pull request adds its author to `maintainers` and is checked out: the base still decides."""
    _branch(ledger_repo)
    config = (ledger_repo.root / "taizhang.yml").read_text(encoding="utf-8")
    path, text = ledger_repo.report("monthly", "dingxiang", "2023-08")
    granted = {"taizhang.yml": config.replace("[xz-maintainer]", "[xz-maintainer, xz-xinfu]"), path: text}
    ledger_repo.commit(granted, at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 1
    out = capsys.readouterr().out
    assert "taizhang.yml: 拒绝：仓库配置（taizhang.yml）只能由维护人员" in out
    assert "reports/2023-08/dingxiang.yml: 拒绝：这是定襄县交通运输局的月度进展情况" in out
    # The work tree (the pull request's) says otherwise; without --base it would have passed.
    assert main(["--root", str(ledger_repo.root), "authorize", "--author", "xz-xinfu", path]) == 0


def test_a_unit_registering_its_account_in_the_pull_request_gains_nothing(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _branch(ledger_repo)
    unit = (ledger_repo.root / "units/dingxiang.yml").read_text(encoding="utf-8")
    path, text = ledger_repo.report("monthly", "dingxiang", "2023-08")
    assert "accounts:" in unit
    ledger_repo.commit({"units/dingxiang.yml": unit.replace("accounts: [", "accounts: [xz-xinfu, "), path: text}, at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 1
    assert "units/dingxiang.yml: 拒绝：单位名录（units/）只能由维护人员" in capsys.readouterr().out


def _link(repo: LedgerRepo, path: str, target: str) -> None:
    full = repo.root / path
    full.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, full)


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "../../units", "xinfu-real.yml"])
def test_a_symlink_where_a_report_belongs_is_refused_even_for_a_maintainer(
    ledger_repo: LedgerRepo, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _branch(ledger_repo)
    _link(ledger_repo, "reports/2023-10/xinfu.yml", target)
    ledger_repo.commit({}, at=AT)
    for author in ("xz-xinfu", "xz-maintainer"):
        assert _judge(ledger_repo, author) == 1
        out = capsys.readouterr().out
        assert out.startswith("reports/2023-10/xinfu.yml: 拒绝：这是符号链接（symlink），不是普通文件")
    assert _judge(ledger_repo, "xz-xinfu", "--auto-merge-eligible") == 1


def test_a_submodule_where_a_report_belongs_is_refused(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _branch(ledger_repo)
    commit = ledger_repo.git("rev-parse", "HEAD")
    ledger_repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},reports/2023-10/xinfu.yml")
    ledger_repo.git("commit", "--quiet", "--no-gpg-sign", "-m", "gitlink", at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 1
    assert "reports/2023-10/xinfu.yml: 拒绝：这是子模块（gitlink），不是普通文件" in capsys.readouterr().out


def test_renames_copies_and_mode_changes_are_seen(ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    path, text = ledger_repo.report("monthly", "dingxiang", "2023-08")
    own, own_text = ledger_repo.report("monthly", "xinfu", "2023-08")
    ledger_repo.commit({path: text, own: own_text}, at=AT)
    _branch(ledger_repo)
    (ledger_repo.root / "reports/2023-09").mkdir()
    ledger_repo.git("mv", path, "reports/2023-09/xinfu.yml")
    ledger_repo.commit({}, at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 1
    out = capsys.readouterr().out
    assert out.startswith("reports/2023-08/dingxiang.yml: 拒绝：这是定襄县交通运输局的月度进展情况")

    ledger_repo.git("reset", "--quiet", "--hard", "main")
    ledger_repo.git("update-index", "--chmod=+x", own)
    ledger_repo.git("commit", "--quiet", "--no-gpg-sign", "-m", "chmod", at=AT)
    assert _judge(ledger_repo, "xz-xinfu") == 0
    assert _judge(ledger_repo, "xz-xinfu", "--auto-merge-eligible") == 1
    assert "reports/2023-08/xinfu.yml：改变了文件权限（100644 → 100755）" in capsys.readouterr().out

    ledger_repo.git("reset", "--quiet", "--hard", "main")
    changed = own_text.replace("progress", "progress", 1)
    ledger_repo.commit({"reports/2023-09/xinfu.yml": own_text, own: changed + "\n"}, at=AT)
    assert _judge(ledger_repo, "xz-xinfu", "--auto-merge-eligible") == 0


def test_git_raw_changes_keep_modes_renames_and_copies() -> None:
    raw = (
        ":000000 100644 0000 1111 A\0reports/2023-08/xinfu.yml\0"
        ":100644 100644 2222 2222 R100\0reports/2023-08/dingxiang.yml\0reports/2023-09/xinfu.yml\0"
        ":100644 100644 2222 3333 C075\0reports/2023-08/a.yml\0reports/2023-10/xinfu.yml\0"
        ":100644 100755 4444 4444 M\0tasks/2023/t1.yml\0"
        ":100644 120000 5555 6666 T\0reports/2023-11/xinfu.yml\0"
        ":160000 000000 7777 0000 D\0reports/2023-12/xinfu.yml\0"
    )
    assert access.parse_changes(raw) == [
        Change("A", "reports/2023-08/xinfu.yml", None, "100644", "000000"),
        Change("R", "reports/2023-09/xinfu.yml", "reports/2023-08/dingxiang.yml", "100644", "100644"),
        Change("C", "reports/2023-10/xinfu.yml", "reports/2023-08/a.yml", "100644", "100644"),
        Change("M", "tasks/2023/t1.yml", None, "100755", "100644"),
        Change("T", "reports/2023-11/xinfu.yml", None, "120000", "100644"),
        Change("D", "reports/2023-12/xinfu.yml", None, None, "160000"),
    ]


def test_base_and_head_must_name_commits_that_exist(
    ledger_repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _judge(ledger_repo, "xz-xinfu") == 2
    assert "找不到提交 pr" in capsys.readouterr().err
    only_base = ["--root", str(ledger_repo.root), "authorize", "--author", "x", "--base", "main"]
    assert main(only_base) == 2
    assert "--base 和 --head 要一起给出" in capsys.readouterr().err


def test_extract_writes_only_regular_data_files_of_the_merge(
    ledger_repo: LedgerRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, text = ledger_repo.report("monthly", "xinfu", "2023-08")
    _branch(ledger_repo)
    _link(ledger_repo, "reports/2023-10/xinfu.yml", "/etc/passwd")
    _link(ledger_repo, "reports/2023-11", "../units")
    ledger_repo.commit({path: text, "src/taizhang/evil.py": "raise SystemExit\n"}, at=AT)
    ledger_repo.git("checkout", "--quiet", "main")
    calendar = (ledger_repo.root / "calendar.yml").read_text("utf-8") + "# 主分支上后来的改动\n"
    ledger_repo.commit({"calendar.yml": calendar}, at=AT)
    out = tmp_path / "head"
    args = ["--root", str(ledger_repo.root), "extract", "--base", "main", "--head", "pr", "--out", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "reports/2023-10/xinfu.yml: 不是普通文件" in err and "reports/2023-11: 不是普通文件" in err
    assert (out / path).read_text(encoding="utf-8") == text
    assert not (out / "reports/2023-10").exists() and not (out / "reports/2023-11").exists()
    assert not (out / "src").exists(), "only data is taken out, never code"
    assert (out / "calendar.yml").read_text(encoding="utf-8") == calendar, "the merge, not the head alone"
    assert main(["--root", str(out), "validate"]) == 0


def test_a_head_that_conflicts_with_the_base_cannot_be_extracted(
    ledger_repo: LedgerRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _branch(ledger_repo)
    ledger_repo.commit({"reports/2023-08/xinfu.yml": "a: 1\n"}, at=AT)
    ledger_repo.git("checkout", "--quiet", "main")
    ledger_repo.commit({"reports/2023-08/xinfu.yml": "a: 2\n"}, at=AT)
    args = ["--root", str(ledger_repo.root), "extract", "--base", "main", "--head", "pr", "--out", str(tmp_path / "x")]
    assert main(args) == 2
    assert "有冲突，无法合并" in capsys.readouterr().err


def test_extract_changed_only_takes_the_registry_and_the_pull_requests_files(
    ledger_repo: LedgerRepo, tmp_path: Path
) -> None:
    earlier, earlier_text = ledger_repo.report("monthly", "xinfu", "2023-07")
    ledger_repo.commit({earlier: earlier_text}, at=AT)
    path, text = ledger_repo.report("monthly", "xinfu", "2023-08")
    _branch(ledger_repo)
    ledger_repo.commit({path: text}, at=AT)
    out = tmp_path / "changed"
    args = ["--root", str(ledger_repo.root), "extract", "--base", "main", "--head", "pr", "--out", str(out)]
    assert main([*args, "--changed-only"]) == 0
    assert (out / path).read_text(encoding="utf-8") == text
    assert not (out / earlier).exists(), "reports the pull request does not touch are not taken out"
    assert sorted(p.name for p in out.iterdir()) == [
        "calendar.yml",
        "groups",
        "reports",
        "taizhang.yml",
        "tasks",
        "units",
    ]
    assert main(["--root", str(out), "validate", str(out / path)]) == 0
