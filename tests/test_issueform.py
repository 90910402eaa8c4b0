"""The 填报 issue form: the report pasted into the form becomes a file, checked like any pull request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from taizhang.cli import main
from taizhang.host import formhandin, issueform
from tests.conftest import REPO

FORM = REPO / ".github/ISSUE_TEMPLATE/report.yml"


def _body(report: str, note: str = "_No response_") -> str:
    """An issue body as GitHub renders a submitted form: a heading per field, the YAML in a fence."""
    return f"### 报告内容\n\n```yaml\n{report}```\n\n### 说明\n\n{note}\n"


def _form(root: Path, body: str, author: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    (root / "issue.md").write_text(body, encoding="utf-8")
    capsys.readouterr()
    code = main(["--root", str(root), "form", "--body", str(root / "issue.md"), "--author", author])
    return code, json.loads(capsys.readouterr().out)


def _report(root: Path, capsys: pytest.CaptureFixture[str], unit: str = "xinfu") -> str:
    main(["--root", str(root), "new", "report", "--unit", unit, "--period", "2023-08", "--example", "--stdout"])
    return capsys.readouterr().out


def test_the_form_field_matches_what_the_parser_reads() -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"] if item["type"] != "markdown"}
    assert fields["report"]["attributes"]["label"] == issueform.FIELD
    assert fields["report"]["attributes"]["render"] == "yaml"
    assert fields["report"]["validations"]["required"] is False  # or an Excel 填报表 instead (formhandin)
    assert fields["workbook"]["attributes"]["label"] == formhandin.FIELD
    assert form["labels"] == ["填报"]


def test_a_units_own_report_from_the_form_is_written_checked_and_may_merge(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report(ledger_root, capsys)
    code, result = _form(ledger_root, _body(report), "xz-xinfu", capsys)
    assert code == 0
    assert result["ok"] is True and result["eligible"] is True
    assert result["path"] == "reports/2023-08/xinfu.yml"
    assert result["title"] == "填报：忻府区交通运输局 2023年8月月度进展情况"
    assert str(result["message"]).startswith("✅ 已收到忻府区交通运输局的2023年8月月度进展情况")
    assert (ledger_root / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8") == report


def test_a_report_with_mistakes_is_answered_with_each_line_to_fix(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report(ledger_root, capsys).replace('status: "正常推进"', 'status: "进行中"', 1)
    code, result = _form(ledger_root, _body(report), "xz-xinfu", capsys)
    assert code == 1
    assert result["ok"] is False and result["eligible"] is False
    message = str(result["message"])
    assert message.startswith("❌ 忻府区交通运输局的2023年8月月度进展情况（`reports/2023-08/xinfu.yml`）校验未通过")
    assert "S204" in message and "进行中" in message


def test_another_units_report_from_the_form_is_refused(ledger_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(ledger_root, capsys, unit="dingxiang")
    code, result = _form(ledger_root, _body(report), "xz-xinfu", capsys)
    assert code == 1
    assert "不能由您的账号提交" in str(result["message"])
    assert "这是定襄县交通运输局的月度进展情况" in str(result["message"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("### 报告内容\n\n_No response_\n", "没有找到“报告内容”"),
        ("随便写的议题", "没有找到“报告内容”"),
        (_body("kind: monthly\nunit: xinfu\nperiod: 2023-8\n"), "月报的 period 应写成带引号的“年-月”"),
        (_body("kind: weekly\nunit: xinfu\n"), "kind 应为 monthly（月度进展情况）"),
        (_body("kind: annual_plan\nunit: ../../etc\nyear: 2023\n"), "unit 应为单位代码"),
        (_body("kind: monthly\n  unit: [\n"), "报告内容第 2 行"),
        (_body("- 列表\n"), "报告内容应以 kind:、unit: 等字段开头"),
    ],
)
def test_a_form_that_cannot_be_read_says_why(body: str, expected: str) -> None:
    found = issueform.submission(body)
    assert isinstance(found, str)
    assert expected in found


def test_the_report_is_taken_from_its_field_whatever_comes_around_it() -> None:
    body = "### 说明\n\n补报\n\n### 报告内容\n\n~~~yaml\nkind: annual_summary\nunit: xinfu\nyear: 2023\n~~~\n"
    found = issueform.submission(body.replace("\n", "\r\n"))
    assert isinstance(found, issueform.Submission)
    assert found.path == "reports/2023/annual_summary/xinfu.yml"
    assert found.text == "kind: annual_summary\nunit: xinfu\nyear: 2023\n"
