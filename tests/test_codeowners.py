"""`taizhang codeowners`: .github/CODEOWNERS follows the registry, and CI notices when it does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taizhang.cli import main
from tests.conftest import REPO


def _codeowners(root: Path, *args: str) -> int:
    return main(["--root", str(root), "codeowners", *args])


def _set_accounts(root: Path, unit: str, accounts: str) -> None:
    path = root / f"units/{unit}.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"accounts: {accounts}" if line.startswith("accounts:") else line for line in lines]
    path.write_text("\n".join(line for line in lines if line != "accounts: -") + "\n", encoding="utf-8")


def test_the_committed_codeowners_matches_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert _codeowners(REPO, "--check") == 0
    assert ".github/CODEOWNERS 与登记的账号一致" in capsys.readouterr().err


def test_each_unit_owns_its_reports_and_maintainers_own_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    assert _codeowners(REPO, "--stdout") == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "*  @xz-maintainer"  # first, so that every later, narrower rule wins
    assert lines[1] == "/receipts/  @xz-yunshuke"  # 运输科 is the plan's reviewing office
    assert "/reports/*/xinfu.yml  @xz-xinfu" in lines
    assert "/reports/*/annual_plan/xinfu.yml  @xz-xinfu" in lines
    assert "/reports/*/annual_summary/xinfu.yml  @xz-xinfu" in lines
    assert lines[2:4] == ["/returns/  @xz-yunshuke", "/extensions/  @xz-yunshuke"]  # 退回 and 延期: reviewers
    assert len(lines) == 4 + 3 * 25


def test_a_changed_account_makes_the_committed_file_stale_until_regenerated(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ledger_root / ".github").mkdir()
    shutil.copy2(REPO / ".github/CODEOWNERS", ledger_root / ".github/CODEOWNERS")
    assert _codeowners(ledger_root, "--check") == 0
    _set_accounts(ledger_root, "xinfu", "[xz-xinfu, '@xinzhou-jtj/xinfu-team']")
    _set_accounts(ledger_root, "baode", "[]")
    capsys.readouterr()
    assert _codeowners(ledger_root, "--check") == 1
    out, err = capsys.readouterr()
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert "-/reports/*/xinfu.yml  @xz-xinfu" in changed
    assert "+/reports/*/xinfu.yml  @xz-xinfu @xinzhou-jtj/xinfu-team" in changed
    assert "+# 保德县交通运输局（baode）：未登记填报账号，由维护人员代为提交" in changed
    assert "-/reports/*/baode.yml  @xz-baode" in changed
    assert len(changed) == 2 * 3 + 4 + 1  # xinfu's three lines changed; baode's heading and three lines go
    assert ".github/CODEOWNERS 已过期" in err
    assert "请运行 taizhang codeowners 重新生成" in err
    assert _codeowners(ledger_root) == 0
    assert _codeowners(ledger_root, "--check") == 0


def test_a_missing_codeowners_file_is_stale(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _codeowners(ledger_root, "--check") == 1
    assert "已过期" in capsys.readouterr().err
    assert _codeowners(ledger_root) == 0
    assert "已生成 .github/CODEOWNERS" in capsys.readouterr().err
    assert (ledger_root / ".github/CODEOWNERS").read_text(encoding="utf-8").startswith("# 本文件由 taizhang codeowners")
