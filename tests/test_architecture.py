"""docs/architecture.md: its folder and command lists are generated and must never be stale; every
command has its own module under commands/, and every module says what it is for."""

from __future__ import annotations

import importlib
import os

from taizhang import architecture
from taizhang.cli import build_parser
from tests.conftest import REPO

PAGE = REPO / "docs" / "architecture.md"
PACKAGE = REPO / "src" / "taizhang"


def test_the_committed_architecture_page_is_current() -> None:
    committed = PAGE.read_text(encoding="utf-8")
    fresh = architecture.render(committed, PACKAGE, build_parser())
    if os.environ.get("TAIZHANG_UPDATE_GOLDEN") == "1":
        PAGE.write_text(fresh, encoding="utf-8")
        committed = fresh
    assert committed == fresh, "docs/architecture.md 已过期：用 TAIZHANG_UPDATE_GOLDEN=1 重新生成"


def test_the_page_keeps_its_hand_written_part_and_lists_every_folder() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page.startswith("# 程序结构") and architecture.BEGIN in page and architecture.END in page
    for folder, _, _ in architecture.modules(PACKAGE):
        assert f"### `{folder}`" in page


def test_every_command_has_its_module_with_a_run_function() -> None:
    listed = architecture.commands(build_parser())
    assert listed
    for name, text, module in listed:
        assert text, name
        loaded = importlib.import_module("taizhang." + module.removesuffix(".py").replace("/", "."))
        assert callable(getattr(loaded, "run", None)), name


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        f"{folder}{name}" for folder, _, files in architecture.modules(PACKAGE) for name, text in files if not text
    ]
    assert missing == []
