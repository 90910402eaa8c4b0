"""An Excel 填报表 attached to the report issue form: taken only from GitHub's own file storage, fetched
by the form workflow (scripts/ci/form, with a fake curl standing in for the download) and read like any other."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from taizhang.data.validate import validate
from taizhang.host import formhandin
from taizhang.office import formbook
from tests.gitrepo import git
from tests.test_ci_scripts import Host, _fixture

LINK = "https://github.com/user-attachments/files/23456789/8.xlsx"


def body(workbook: str, report: str = "_No response_") -> str:
    return f"### 报告内容\n\n{report}\n\n### Excel 填报表\n\n{workbook}\n\n### 说明\n\n_No response_\n"


def test_the_workbook_link_is_taken_from_its_field() -> None:
    assert formhandin.attachment(body(f"[8.xlsx]({LINK})")) == LINK
    assert formhandin.attachment(body(LINK)) == LINK
    old = "https://github.com/xinzhou-jtj/taizhang/files/7366010/%E5%BF%BB%E5%BA%9C.xlsx"
    assert formhandin.attachment(body(f"[忻府.xlsx]({old})")) == old
    assert formhandin.attachment(body("_No response_")) is None
    assert formhandin.attachment(body("_No response_", f"[8.xlsx]({LINK})")) is None  # another field


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example.com/user-attachments/files/1/8.xlsx",
        "https://github.com.evil.example.com/user-attachments/files/1/8.xlsx",
        "http://github.com/user-attachments/files/1/8.xlsx",
        "https://github.com/user-attachments/files/1/8.xlsx.exe",
        "https://github.com/user-attachments/assets/1/8.xlsx",
        "https://github.com/user-attachments/files/1/../../8.xlsx@evil.example.com/x.xlsx",
    ],
)
def test_a_link_anywhere_but_githubs_file_storage_is_not_followed(link: str) -> None:
    assert formhandin.attachment(body(f"[8.xlsx]({link})")) is None


def _filled(host: Host, tmp_path: Path, progress: str | None = None) -> tuple[Path, dict[str, Any]]:
    """The form of xinfu's October report, filled with a sample report (示例数据), as the clerk saved it."""
    _, text = host.dev.report("monthly", "xinfu", "2023-10")
    data = yaml.safe_load(text)
    ledger = validate(host.dev.root, only=[]).ledger
    target = formbook.target(ledger, "monthly", "xinfu", "2023-10", data)
    book = load_workbook(io.BytesIO(formbook.build(target, data, None, dt.datetime(2023, 11, 3))))
    if progress is not None:
        book["进展情况"]["G5"] = progress
    path = tmp_path / "upload.xlsx"
    book.save(path)
    return path, data


def _run(host: Host, tmp_path: Path, upload: Path) -> tuple[str, str]:
    """scripts/ci/form on an issue with the workbook attached; curl hands over `upload`."""
    host._write("graphql/issue-45.json", _fixture("issue.json") | {"body": body(f"[10月.xlsx]({LINK})")})
    fake = tmp_path / "fakecurl"
    fake.mkdir()
    calls = tmp_path / "curl.log"
    (fake / "curl").write_text(
        f'#!/bin/sh\necho "$@" >> "{calls}"\nwhile [ $# -gt 0 ]; do\n'
        f'  if [ "$1" = --output ]; then cp "{upload}" "$2"; fi\n  shift\ndone\n',
        encoding="utf-8",
    )
    (fake / "curl").chmod(0o755)
    path = f"{tmp_path / 'bin'}:{fake}:{Path(sys.executable).parent}:{os.environ['PATH']}"
    done = host.run(tmp_path, script="form", ISSUE="45", AUTHOR="xz-xinfu", AUTHOR_ID="151234567", PATH=path)
    assert done.returncode == 0, done.stderr
    return calls.read_text(encoding="utf-8"), (host.answers / "_comments.md").read_text(encoding="utf-8")


def test_a_workbook_attached_to_the_form_is_read_checked_and_merged(tmp_path: Path) -> None:
    host = Host(tmp_path)
    upload, data = _filled(host, tmp_path)
    calls, comments = _run(host, tmp_path, upload)
    assert LINK in calls and "--proto =https" in calls and "--max-filesize" in calls
    assert "Authorization" not in calls and "not-a-token" not in calls  # no credentials follow a link from the issue
    assert "校验通过" in comments and "报送完成" in comments
    (_, head), _, _ = host.merges()[0]
    merged = git(host.origin, "show", f"{head}:reports/2023-10/xinfu.yml")
    assert yaml.safe_load(merged) == data


def test_a_workbook_with_a_problem_is_answered_with_its_cell_and_nothing_merges(tmp_path: Path) -> None:
    host = Host(tmp_path)
    upload, _ = _filled(host, tmp_path, progress="")
    _, comments = _run(host, tmp_path, upload)
    assert "上传的 Excel 填报表有 1 处问题" in comments
    assert "工作表“进展情况”第 5 行“进展情况”列（G5）未填写" in comments
    assert host.merges() == []
