"""Typed issue forms (`taizhang forms`): one per unit and report kind, a field per thing to fill in,
read back by the form workflow into a report that `validate` accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from taizhang.cli import main
from tests.conftest import REPO


def _forms(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "forms", *args])
    return code, capsys.readouterr().err


def _load(root: Path, unit: str, kind: str) -> dict[str, object]:
    form: dict[str, object] = yaml.safe_load((root / f".github/ISSUE_TEMPLATE/{unit}-{kind}.yml").read_text("utf-8"))
    return form


def _fields(form: dict[str, object]) -> list[dict[str, object]]:
    body = form["body"]
    assert isinstance(body, list)
    return [item for item in body if item["type"] != "markdown"]


def _body(form: dict[str, object], values: dict[str, str]) -> str:
    """The issue body as GitHub writes a submitted form: `### label`, a blank line, the value."""
    parts = []
    for item in _fields(form):
        attributes = item["attributes"]
        assert isinstance(attributes, dict)
        parts.append(f"### {attributes['label']}\n\n{values.get(str(attributes['label']), '_No response_')}\n")
    return "\n".join(parts)


def _submit(root: Path, body: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    (root / "issue.md").write_text(body, encoding="utf-8")
    capsys.readouterr()
    code = main(["--root", str(root), "form", "--body", str(root / "issue.md"), "--author", "xz-xinfu"])
    return code, json.loads(capsys.readouterr().out)


def _a_month(form: dict[str, object]) -> dict[str, str]:
    values = {"报告": "忻府区交通运输局 月度进展情况（xinfu / monthly）", "报告月份": "2023-08", "填报人·姓名": "王丽"}
    for item in _fields(form):
        label = str(item["attributes"]["label"])  # type: ignore[index]
        if label.endswith("·推进状态"):
            values[label] = "正常推进"
        elif label.endswith("·进展情况"):
            values[label] = "8月完成辖区重点路段排查，整改问题\u00a03处。"
    values["任务 t1·数据指标"] = "新增新能源公交车 | 12 | 辆\n充电桩｜30｜个"
    values["中心组学习"] = "2023-08-14 | 学习交通运输绿色低碳发展政策 | 15"
    return values


def test_the_committed_forms_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _forms(REPO, capsys, "--check")
    assert code == 0, err
    assert "份填报表单都是最新的" in err


def test_each_task_gets_its_own_typed_fields_from_the_schema(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _forms(ledger_root, capsys)[0] == 0
    form = _load(ledger_root, "xinfu", "monthly")
    fields = {str(f["attributes"]["label"]): f for f in _fields(form)}  # type: ignore[index]
    status = fields["任务 t1·推进状态"]
    assert status["type"] == "dropdown"
    assert status["attributes"]["options"] == ["未启动", "正常推进", "滞后", "已完成"]  # type: ignore[index]
    assert fields["任务 t1·进展情况"]["type"] == "textarea"
    assert fields["任务 t1·进展情况"]["validations"] == {"required": True}
    assert fields["填报人·电话"]["type"] == "input"
    assert fields["中心组学习"]["type"] == "textarea"
    headings = [i["attributes"]["value"] for i in form["body"] if i["type"] == "markdown"]  # type: ignore[attr-defined, index]
    assert any("本单位：落实（任务 t1）" in h for h in headings)
    assert (ledger_root / ".github/ISSUE_TEMPLATE/xinfu-annual_plan.yml").is_file()


def test_a_form_goes_stale_when_a_task_changes_and_the_check_fails(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _forms(ledger_root, capsys)[0] == 0
    pasted = ledger_root / ".github/ISSUE_TEMPLATE/report.yml"
    pasted.write_text("name: 手写的表单\n", encoding="utf-8")
    task = ledger_root / "tasks/2023/t1.yml"
    task.write_text(task.read_text("utf-8").replace("深入学习贯彻", "认真学习贯彻", 1), encoding="utf-8")
    code, err = _forms(ledger_root, capsys, "--check")
    assert code == 1
    assert ".github/ISSUE_TEMPLATE/xinfu-monthly.yml：已过期" in err
    assert "请运行 taizhang forms 重新生成" in err
    assert _forms(ledger_root, capsys)[0] == 0
    assert _forms(ledger_root, capsys, "--check")[0] == 0
    assert pasted.read_text("utf-8") == "name: 手写的表单\n"  # a form it did not write is left alone


def test_a_submitted_typed_form_becomes_a_report_that_validates_and_may_merge(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _forms(ledger_root, capsys)
    form = _load(ledger_root, "xinfu", "monthly")
    code, result = _submit(ledger_root, _body(form, _a_month(form)), capsys)
    assert code == 0, result["message"]
    assert result["ok"] is True and result["eligible"] is True
    assert result["path"] == "reports/2023-08/xinfu.yml"
    text = (ledger_root / "reports/2023-08/xinfu.yml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert data["tasks"]["t1"]["figures"] == [
        {"name": "新增新能源公交车", "value": 12, "unit": "辆"},
        {"name": "充电桩", "value": 30, "unit": "个"},
    ]
    assert data["study_sessions"] == [
        {"date": "2023-08-14", "topic": "学习交通运输绿色低碳发展政策", "participants": 15}
    ]
    assert "\u00a0" not in text  # cleaned as the site's form cleans a paste
    assert main(["--root", str(ledger_root), "validate"]) == 0


def test_an_empty_required_field_is_answered_with_its_chinese_label(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _forms(ledger_root, capsys)
    form = _load(ledger_root, "xinfu", "monthly")
    values = _a_month(form)
    del values["任务 t1·进展情况"]
    values["任务 t1·数据指标"] = "新增新能源公交车 | 十二 | 辆"
    code, result = _submit(ledger_root, _body(form, values), capsys)
    assert code == 1
    message = str(result["message"])
    assert "任务 t1·进展情况（tasks.t1.progress）未填写；请填上内容。" in message
    assert "任务 t1·数据指标第 1 项·数值（tasks.t1.figures[1].value）应为数字，现在是文字“十二”。" in message
    assert "null" not in message


def test_a_typed_form_with_a_wrong_month_says_what_to_write(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _forms(ledger_root, capsys)
    form = _load(ledger_root, "xinfu", "monthly")
    values = {**_a_month(form), "报告月份": "8月"}
    code, result = _submit(ledger_root, _body(form, values), capsys)
    assert code == 1
    assert "“报告月份”一栏应填写月份，如 2023-08，现在是“8月”" in str(result["message"])
