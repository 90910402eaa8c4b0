"""`taizhang validate` as a unit's submitter and as CI meet it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from taizhang.cli import main
from tests.conftest import REPO


def _write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _example(root: Path, unit: str, period: str) -> str:
    assert main(["--root", str(root), "new", "report", "--unit", unit, "--period", period, "--example"]) == 0
    return (root / f"reports/{period}/{unit}.yml").read_text(encoding="utf-8")


def test_the_bundled_plan_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "校验通过" in captured.err


def test_every_problem_in_every_file_is_reported_in_one_run(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _example(ledger_root, "xinfu", "2023-08")
    _write(ledger_root, "reports/2023-08/xinfu.yml", good.replace('status: "正常推进"', 'status: "进行中"', 2))
    _write(ledger_root, "reports/2023-09/dingxiang.yml", "unit：dingxiang\n")
    capsys.readouterr()
    assert main(["--root", str(ledger_root), "validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert sum("reports/2023-08/xinfu.yml:" in line and " S204 " in line for line in lines) == 2
    assert any(line.startswith("reports/2023-09/dingxiang.yml:1:5: Y104 ") for line in lines)
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def test_json_output_is_the_same_list_as_objects(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(ledger_root, "reports/2023-08/xinfu.yml", "kind: monthly\n")
    assert main(["--root", str(ledger_root), "validate", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert {
        "path": "reports/2023-08/xinfu.yml",
        "line": 1,
        "column": 1,
        "code": "S201",
        "message": "文件缺少必填项“unit”（单位代码）；请补上，例如“unit: …”。",
        "severity": "error",
    } in found
    assert len(found) == 3
    assert {d["code"] for d in found} == {"S201"}


def test_under_github_actions_errors_become_annotations_and_a_summary(
    ledger_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _write(ledger_root, "reports/2023-08/xinfu.yml", "unit: xinfu\nunit: xinfu\n")
    assert main(["--root", str(ledger_root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "::error file=reports/2023-08/xinfu.yml,line=2,col=1,title=Y106 重复的键::键“unit”重复出现" in out
    assert "校验未通过" in summary.read_text(encoding="utf-8")
    assert "| `reports/2023-08/xinfu.yml` | 2 | Y106 |" in summary.read_text(encoding="utf-8")


def test_validating_one_file_reports_only_that_file(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(ledger_root, "reports/2023-08/xinfu.yml", "broken: [\n")
    _example(ledger_root, "dingxiang", "2023-08")
    capsys.readouterr()
    os.chdir(ledger_root)
    assert main(["validate", "reports/2023-08/dingxiang.yml"]) == 0
    assert main(["validate", "reports/2023-08/xinfu.yml"]) == 1
    assert capsys.readouterr().out.startswith("reports/2023-08/xinfu.yml:2:1: Y105 ")


def test_a_path_that_does_not_exist_is_a_clear_error(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ledger_root), "validate", str(ledger_root / "reports/2023-13/x.yml")]) == 2
    assert "找不到文件或目录" in capsys.readouterr().err


def test_outside_a_ledger_repository_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "不在台账仓库中" in capsys.readouterr().err


def test_python_dash_m_taizhang_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "taizhang", "--root", str(REPO), "validate"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "校验通过" in done.stderr
