"""`taizhang authorize`: who may change what, and which pull requests merge by themselves (公平计时)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.data import repository
from taizhang.data.ledger import Ledger
from taizhang.host import access
from taizhang.host.access import Author, Change
from tests.conftest import REPO


def _authorize(root: Path, *args: str) -> int:
    return main(["--root", str(root), "authorize", *args])


def _ledger(root: Path = REPO) -> Ledger:
    return repository.load(root, only=[]).ledger


def test_a_unit_may_submit_its_own_reports(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = ["reports/2023-08/xinfu.yml", "reports/2023/annual_plan/xinfu.yml", "reports/2023/annual_summary/xinfu.yml"]
    assert _authorize(ledger_root, "--author", "xz-xinfu", *own) == 0
    assert "权限检查通过：账号 xz-xinfu 可以修改全部 3 处改动" in capsys.readouterr().err


def test_logins_compare_case_insensitively_as_on_github(ledger_root: Path) -> None:
    (ledger_root / "units/xinfu.yml").write_text(
        (ledger_root / "units/xinfu.yml").read_text(encoding="utf-8").replace("[xz-xinfu]", "['@XZ-Xinfu']"),
        encoding="utf-8",
    )
    assert _authorize(ledger_root, "--author", "xz-XINFU", "reports/2023-08/xinfu.yml") == 0


def test_another_units_report_is_refused_naming_the_file_and_both_units(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _authorize(ledger_root, "--author", "xz-xinfu", "reports/2023-08/dingxiang.yml") == 1
    out, err = capsys.readouterr()
    assert out.startswith("reports/2023-08/dingxiang.yml: 拒绝：这是定襄县交通运输局的月度进展情况")
    assert "units/dingxiang.yml 的 accounts" in out
    assert "您的账号登记在：忻府区交通运输局" in out
    assert "权限检查未通过：账号 xz-xinfu 无权修改 1 个文件" in err


def test_the_plan_tasks_registry_and_workflows_are_refused_each_named(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        "reports/2023-08/xinfu.yml",
        "tasks/2023/plan.yml",
        "tasks/2023/t4-1.yml",
        "units/xinfu.yml",
        "groups/counties.yml",
        "taizhang.yml",
        ".github/workflows/checks.yml",
        ".github/CODEOWNERS",
        "src/taizhang/host/access.py",
    ]
    assert _authorize(ledger_root, "--author", "xz-xinfu", *files) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == files[1:]
    assert lines[0].endswith("工作要点（plan.yml）只能由维护人员（taizhang.yml 的 maintainers）修改")
    assert "重点任务（tasks/）" in lines[1]
    assert "单位名录（units/）" in lines[2]
    assert "单位分组（groups/）" in lines[3]
    assert "仓库配置（taizhang.yml）" in lines[4]
    assert "工作流（.github/workflows/）" in lines[5]
    assert "代码托管设置（.github/）" in lines[6]
    assert "程序代码" in lines[7]


def test_a_maintainer_may_change_anything(ledger_root: Path) -> None:
    files = ["tasks/2023/plan.yml", "units/xinfu.yml", ".github/workflows/checks.yml", "reports/2023-08/xinfu.yml"]
    assert _authorize(ledger_root, "--author", "XZ-Maintainer", *files) == 0


def test_receipts_belong_to_the_reviewing_office(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _authorize(ledger_root, "--author", "xz-yunshuke", "receipts/2023-08.yml") == 0
    assert _authorize(ledger_root, "--author", "xz-xinfu", "receipts/2023-08.yml") == 1
    assert "报送登记（receipts/）只能由运输科的填报账号或维护人员修改" in capsys.readouterr().out


def test_an_unregistered_account_is_told_how_to_get_registered(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _authorize(ledger_root, "--author", "stranger", "reports/2023-08/xinfu.yml") == 1
    assert "账号 stranger 未登记为任何单位的填报账号" in capsys.readouterr().out


def test_a_team_entry_needs_the_authors_team_membership(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = ledger_root / "units/xinfu.yml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("[xz-xinfu]", "['@xinzhou-jtj/XinFu']"), encoding="utf-8")
    assert _authorize(ledger_root, "--list-teams") == 0
    assert capsys.readouterr().out == "xinzhou-jtj/xinfu\n"
    assert _authorize(ledger_root, "--author", "li-ming", "reports/2023-08/xinfu.yml") == 1
    assert "该单位登记了团队 @xinzhou-jtj/XinFu" in capsys.readouterr().out
    teams = "xinzhou-jtj/other,Xinzhou-JTJ/xinfu"
    assert _authorize(ledger_root, "--author", "li-ming", "--teams", teams, "reports/2023-08/xinfu.yml") == 0


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2023-09-02T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2023-09-02T10:00:00+08:00",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def test_a_renamed_report_counts_its_old_path_too(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Moving another unit's report into one's own name is refused for the path it was taken from."""
    _git(ledger_root, "init", "-q", "-b", "main")
    _git(ledger_root, "config", "user.name", "测试")
    _git(ledger_root, "config", "user.email", "test@example.com")
    assert main(["--root", str(ledger_root), "new", "report", "--unit", "dingxiang", "--period", "2023-08"]) == 0
    _git(ledger_root, "add", "-A")
    _git(ledger_root, "commit", "-qm", "base")
    _git(ledger_root, "switch", "-qc", "pr")
    _git(ledger_root, "mv", "reports/2023-08/dingxiang.yml", "reports/2023-08/xinfu.yml")
    _git(ledger_root, "commit", "-qm", "rename")
    changes = ledger_root / "changes.txt"
    changes.write_text(_git(ledger_root, "diff", "--name-status", "--diff-filter=ACMRD", "main...pr"), encoding="utf-8")
    assert changes.read_text(encoding="utf-8").startswith("R100\treports/2023-08/dingxiang.yml")
    capsys.readouterr()
    assert _authorize(ledger_root, "--author", "xz-xinfu", "--changes", str(changes)) == 1
    assert capsys.readouterr().out.startswith("reports/2023-08/dingxiang.yml: 拒绝：这是定襄县交通运输局的月度进展情况")


def test_changes_are_read_from_git_name_status_and_name_only_output() -> None:
    text = "A\treports/2023-08/xinfu.yml\nR087\told.yml\tnew.yml\nD\tunits/x.yml\nplain/path.yml\n\n"
    assert access.parse_changes(text) == [
        Change("A", "reports/2023-08/xinfu.yml"),
        Change("R", "new.yml", "old.yml"),
        Change("D", "units/x.yml"),
        Change("M", "plain/path.yml"),
    ]
    nul = "A\0reports/2023-08/月报.docx\0R100\0a\tb.yml\0c.yml\0M\0x\ny.yml\0"
    assert access.parse_changes(nul) == [
        Change("A", "reports/2023-08/月报.docx"),
        Change("R", "c.yml", "a\tb.yml"),
        Change("M", "x\ny.yml"),
    ]


def test_changes_are_read_from_the_code_hosts_list_of_pull_request_files() -> None:
    """What `gh api repos/{owner}/{repo}/pulls/N/files --jq '.[]'` prints: one object a line."""
    text = (
        '{"filename":"reports/2023-08/xinfu.yml","status":"added","additions":40}\n'
        '{"filename":"reports/2023-09/xinfu.yml","status":"renamed","previous_filename":"reports/2023-08/dingxiang.yml"}\n'
        '{"filename":"units/xinfu.yml","status":"removed"}\n'
        '{\n  "filename": "tasks/2023/t1.yml",\n  "status": "modified"\n}\n'
    )
    assert access.parse_changes(text) == [
        Change("A", "reports/2023-08/xinfu.yml"),
        Change("R", "reports/2023-09/xinfu.yml", "reports/2023-08/dingxiang.yml"),
        Change("D", "units/xinfu.yml"),
        Change("M", "tasks/2023/t1.yml"),
    ]


XINFU = Author.of("xz-xinfu")


@pytest.mark.parametrize(
    ("changes", "author"),
    [
        ([Change("A", "reports/2023-08/xinfu.yml")], XINFU),
        ([Change("M", "reports/2023-08/xinfu.yml")], XINFU),
        ([Change("A", "reports/2023-09/xinfu.yml"), Change("M", "reports/2023/annual_plan/xinfu.yml")], XINFU),
        ([Change("A", "reports/2023/annual_summary/xinfu.yml")], Author.of("@XZ-XINFU")),
    ],
)
def test_only_adding_or_amending_ones_own_reports_merges_by_itself(changes: list[Change], author: Author) -> None:
    verdict = access.auto_merge(_ledger(), author, changes)
    assert verdict == access.Verdict(True, ())


@pytest.mark.parametrize(
    ("changes", "author", "reason"),
    [
        ([], XINFU, "没有改动任何文件"),
        ([Change("A", "reports/2023-08/xinfu.yml"), Change("A", "reports/2023-08/dingxiang.yml")], XINFU, "属于定襄县"),
        ([Change("D", "reports/2023-08/xinfu.yml")], XINFU, "删除文件需要维护人员审核"),
        ([Change("R", "reports/2023-09/xinfu.yml", "reports/2023-08/xinfu.yml")], XINFU, "重命名文件需要维护人员审核"),
        (
            [Change("A", "reports/2023-08/xinfu.yml"), Change("M", "units/xinfu.yml")],
            XINFU,
            "单位名录（units/）不是报告",
        ),
        ([Change("M", "tasks/2023/plan.yml")], Author.of("xz-maintainer"), "工作要点（plan.yml）不是报告"),
        ([Change("A", "reports/2023-08/xinfu.yml")], Author.of("xz-maintainer"), "不是本单位的报告"),
        ([Change("A", "receipts/2023-08.yml")], Author.of("xz-yunshuke"), "报送登记不是报告"),
        ([Change("M", ".github/workflows/checks.yml")], XINFU, "工作流（.github/workflows/）不是报告"),
        ([Change("A", "reports/2023-08/xinfu.yaml")], XINFU, "不符合报告命名约定的文件不是报告"),
    ],
)
def test_everything_else_waits_for_a_maintainer(changes: list[Change], author: Author, reason: str) -> None:
    verdict = access.auto_merge(_ledger(), author, changes)
    assert not verdict.eligible
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_the_merge_rule_from_the_command_line(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changes = ledger_root / "changes.txt"
    changes.write_text("A\treports/2023-08/xinfu.yml\n", encoding="utf-8")
    assert _authorize(ledger_root, "--author", "xz-xinfu", "--changes", str(changes), "--auto-merge-eligible") == 0
    assert "可以自动合并" in capsys.readouterr().out
    changes.write_text("A\treports/2023-08/xinfu.yml\nM\ttasks/2023/t1.yml\n", encoding="utf-8")
    assert _authorize(ledger_root, "--author", "xz-maintainer", "--changes", str(changes), "--auto-merge-eligible") == 1
    out, err = capsys.readouterr()
    assert "tasks/2023/t1.yml：重点任务（tasks/）不是报告，需要维护人员审核" in out
    assert "不自动合并" in err


def test_refusals_become_annotations_and_a_summary_on_github(
    ledger_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert _authorize(ledger_root, "--author", "xz-xinfu", "tasks/2023/plan.yml") == 1
    assert "::error file=tasks/2023/plan.yml,title=权限::工作要点（plan.yml）只能由维护人员" in capsys.readouterr().out
    assert summary.read_text(encoding="utf-8").startswith("### ❌ 权限检查未通过：账号 xz-xinfu 无权修改 1 个文件。")


def test_authorize_without_files_says_what_to_give(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _authorize(ledger_root, "--author", "xz-xinfu") == 2
    assert "请给出要检查的文件" in capsys.readouterr().err
