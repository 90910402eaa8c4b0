"""`taizhang new`: a unit gets a skeleton for exactly its tasks, fills it in, and it validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from taizhang.cli import main
from taizhang.data.validate import validate
from tests.conftest import REPO


def _new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def test_a_skeleton_lists_exactly_the_units_tasks_with_roles(ledger_root: Path) -> None:
    assert _new(ledger_root, "report", "--unit", "youzheng-zhongxin", "--period", "2023-08") == 0
    text = (ledger_root / "reports/2023-08/youzheng-zhongxin.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert list(data["tasks"]) == ["t1", "t2", "t4-1", "t6-4"]
    assert "# （六）4 加强绿色交通科技创新与应用（本单位：负责）" in text


def test_an_unfilled_skeleton_says_what_is_missing(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _new(ledger_root, "report", "--unit", "youzheng-zhongxin", "--period", "2023-08")
    capsys.readouterr()
    assert main(["--root", str(ledger_root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "S201 任务 t1·推进状态（tasks.t1.status）未填写；请填上内容。" in out
    assert "S201 任务 t1·进展情况（tasks.t1.progress）未填写；请填上内容。" in out
    assert "null" not in out and "“”" not in out


def test_new_then_fill_the_blanks_then_validate_round_trips(ledger_root: Path) -> None:
    _new(ledger_root, "report", "--unit", "youzheng-zhongxin", "--period", "2023-08")
    path = ledger_root / "reports/2023-08/youzheng-zhongxin.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name: ""', 'name: "王芳"').replace('phone: ""', 'phone: "0350-3030303"')
    text = text.replace('status: ""', 'status: "正常推进"').replace(
        'progress: ""', 'progress: "完成路域绿化和边坡防护共 12 公里，已验收。"'
    )
    text = text.replace("study_sessions: []", 'study_sessions:\n  - date: "2023-08-15"\n    topic: "中心组学习"')
    path.write_text(text, encoding="utf-8")
    result = validate(ledger_root)
    assert result.diagnostics == []
    (report,) = result.ledger.reports
    assert report.entries["t6-4"]["progress"] == "完成路域绿化和边坡防护共 12 公里，已验收。"
    assert report.data["study_sessions"][0]["date"] == "2023-08-15"


@pytest.mark.parametrize(
    ("what", "flag", "value"),
    [("report", "--period", "2023-12"), ("plan", "--year", "2023"), ("summary", "--year", "2023")],
)
def test_examples_for_every_unit_that_reports_are_valid(ledger_root: Path, what: str, flag: str, value: str) -> None:
    ledger = validate(ledger_root).ledger
    plan = ledger.plans["2023"]
    owing = ledger.owes(plan, "monthly")
    assert len(owing) == 18
    for unit in owing:
        assert _new(ledger_root, what, "--unit", unit, flag, value, "--example") == 0
    result = validate(ledger_root)
    assert result.diagnostics == []
    assert len(result.ledger.reports) == 18
    assert all(r.sample for r in result.ledger.reports)


def test_new_refuses_to_overwrite(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _new(ledger_root, "report", "--unit", "xinfu", "--period", "2023-08") == 0
    (ledger_root / "reports/2023-08/xinfu.yml").write_text("kept", encoding="utf-8")
    assert _new(ledger_root, "report", "--unit", "xinfu", "--period", "2023-08") == 2
    assert "已存在" in capsys.readouterr().err
    assert (ledger_root / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--unit", "nosuch", "--period", "2023-08"], "单位“nosuch”未登记"),
        (["report", "--unit", "xinfu", "--period", "2024-03"], "2024-03 不在任何工作要点的报送期间内"),
        (["report", "--unit", "xinfu", "--period", "2023-13"], "--period 应为“年-月”"),
        (["plan", "--unit", "newcomer", "--year", "2023"], "没有任务分工"),
    ],
)
def test_new_explains_what_is_wrong(
    ledger_root: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (ledger_root / "units/newcomer.yml").write_text("id: newcomer\nname: 新设单位\nkind: other\n", encoding="utf-8")
    assert _new(ledger_root, *args) == 2
    assert message in capsys.readouterr().err


SITE_SCHEMA = "https://xinzhou-jtj.github.io/taizhang/downloads/schemas/monthly.schema.json"


@pytest.mark.parametrize(
    ("schemas", "expected"),
    [
        (None, SITE_SCHEMA),  # a bureau's data repository that installed taizhang with pip
        ("schemas", "../../schemas/monthly.schema.json"),  # one that keeps a copy of the schemas
        ("src/taizhang/schemas", "../../src/taizhang/schemas/monthly.schema.json"),  # taizhang's own
    ],
)
def test_a_new_file_points_editors_at_the_repositorys_schemas_else_the_sites_never_this_machine(
    ledger_root: Path, schemas: str | None, expected: str
) -> None:
    if schemas:
        shutil.copytree(REPO / "src" / "taizhang" / "schemas", ledger_root / schemas)
    assert _new(ledger_root, "report", "--unit", "xinfu", "--period", "2023-08") == 0
    first = (ledger_root / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8").split("\n")[0]
    assert first == f"# yaml-language-server: $schema={expected}"
    assert str(ledger_root) not in first and str(REPO) not in first


def test_without_local_schemas_or_a_site_a_new_file_has_no_schema_line(ledger_root: Path) -> None:
    config = ledger_root / "taizhang.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  url: https://xinzhou-jtj", "  # url: "), "utf-8")
    assert _new(ledger_root, "summary", "--unit", "xinfu", "--year", "2023") == 0
    text = (ledger_root / "reports/2023/annual_summary/xinfu.yml").read_text(encoding="utf-8")
    assert text.startswith("# 忻府区交通运输局 2023年度工作总结\n") and "$schema" not in text
