"""Only regular files are data: links, pipes, devices and submodules under the data folders are named
(Y123) and never followed, so nothing outside the repository is ever read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.data import layout, regular
from taizhang.data.validate import validate
from tests.conftest import copy_ledger
from tests.test_hostile_yaml import run_taizhang

REPORT = "reports/2023-08/xinfu.yml"


def _codes(root: Path, only: list[str] | None = None) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in validate(root, only).diagnostics]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ledger = copy_ledger(tmp_path / "ledger")
    (ledger / "reports" / "2023-08").mkdir()
    return ledger


def test_a_report_linked_to_etc_passwd_is_named_and_never_read(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / REPORT).symlink_to("/etc/passwd")
    assert main(["--root", str(root), "validate", "--format", "json"]) == 1
    out = capsys.readouterr().out
    found = json.loads(out)
    assert [(d["path"], d["code"]) for d in found] == [(REPORT, "Y123")]
    assert "符号链接" in found[0]["message"] and "root:" not in out


def test_a_report_linked_to_dev_zero_is_named_without_reading_it(root: Path) -> None:
    (root / REPORT).symlink_to("/dev/zero")
    run = run_taizhang("validate", cwd=root, timeout=60)  # /dev/zero read would never end
    assert run.code == 1
    assert run.out.startswith(f"{REPORT}:1:1: Y123 ")
    assert run.peak_mib < 200


def test_a_named_link_is_named_too_not_resolved_to_where_it_points(root: Path) -> None:
    (root / REPORT).symlink_to("/etc/passwd")
    assert _codes(root, [REPORT]) == [(REPORT, "Y123")]
    run = run_taizhang("validate", REPORT, cwd=root)
    assert run.code == 1 and f"{REPORT}:1:1: Y123" in run.out


def test_a_folder_linked_elsewhere_is_named_and_its_files_are_not_read(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "xinfu.yml").write_text("kind: monthly\nthis: is not in the repository\n", encoding="utf-8")
    (root / "reports" / "2023-09").symlink_to(outside, target_is_directory=True)
    assert _codes(root) == [("reports/2023-09", "Y123")]
    assert _codes(root, ["reports/2023-09/xinfu.yml"]) == [("reports/2023-09/xinfu.yml", "Y123")]
    with pytest.raises(regular.NotRegular):
        regular.read(root, "reports/2023-09/xinfu.yml", 1000)


def test_a_named_pipe_is_named_and_never_opened_for_reading(root: Path) -> None:
    os.mkfifo(root / REPORT)  # reading it would wait for a writer for ever
    run = run_taizhang("validate", cwd=root, timeout=60)
    assert run.code == 1 and run.out.startswith(f"{REPORT}:1:1: Y123 ")
    assert "命名管道" in run.out


def test_a_submodule_where_a_report_should_be_is_named(root: Path) -> None:
    (root / "reports" / "2023-09" / "xinfu.yml").mkdir(parents=True)  # a gitlink, not checked out: empty
    (root / "reports" / "2023-10" / "xinfu.yml").mkdir(parents=True)  # a gitlink, checked out
    (root / "reports" / "2023-10" / "xinfu.yml" / ".git").write_text("gitdir: ../../.git/modules/x\n")
    (root / "reports" / "2023-10" / "xinfu.yml" / "README").write_text("x\n")
    assert _codes(root) == [("reports/2023-09/xinfu.yml", "Y123"), ("reports/2023-10/xinfu.yml", "Y123")]
    assert _codes(root, ["reports/2023-10/xinfu.yml"]) == [("reports/2023-10/xinfu.yml", "Y123")]


def test_a_linked_config_file_is_named(root: Path) -> None:
    (root / "calendar.yml").symlink_to("/etc/hostname")
    assert ("calendar.yml", "Y123") in _codes(root)


def test_a_path_ending_in_a_newline_is_not_a_report(root: Path) -> None:
    (root / "reports" / "2023-08" / "xinfu.yml\n").write_text("kind: monthly\n", encoding="utf-8")
    place = layout.classify("reports/2023-08/xinfu.yml\n")
    assert not isinstance(place, layout.Place)
    assert _codes(root) == [("reports/2023-08/xinfu.yml\n", "P301")]


def test_path_patterns_match_whole_names_only() -> None:
    for path in (
        "reports/2023-08/xinfu.yml\n",
        "units/xinfu.yml\n",
        "reports/2023-08\n/xinfu.yml",
        "tasks/2023/t1.yml\r",
    ):
        assert not isinstance(layout.classify(path), layout.Place), repr(path)
    assert isinstance(layout.classify("reports/2023-08/xinfu.yml"), layout.Place)


def test_new_never_writes_through_a_link(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.txt"
    (root / REPORT).symlink_to(victim)  # dangling: exists() says no, a plain write would create the target
    code = main(["--root", str(root), "new", "report", "--unit", "xinfu", "--period", "2023-08"])
    assert code == 2 and "符号链接" in capsys.readouterr().err
    assert not victim.exists()


def test_a_link_in_docs_is_not_published(tmp_path: Path) -> None:
    from taizhang.site.build import handwritten

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: 台账\n", encoding="utf-8")  # its own settings: no engine pages
    (tmp_path / "docs" / "about.md").write_text("# 关于\n", encoding="utf-8")
    (tmp_path / "docs" / "secret.md").symlink_to("/etc/passwd")
    files, _ = handwritten(tmp_path, set())
    assert set(files) == {"about.md"}
