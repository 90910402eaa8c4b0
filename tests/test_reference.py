"""docs/reference.md is generated from the code; it must never be stale (as sqlite-utils does)."""

from __future__ import annotations

import os

from taizhang import reference
from taizhang.cli import build_parser
from taizhang.data.diagnostics import CODES
from tests.conftest import REPO

PAGE = REPO / "docs/reference.md"


def test_the_committed_reference_page_is_current() -> None:
    fresh = reference.render(build_parser())
    if os.environ.get("TAIZHANG_UPDATE_GOLDEN") == "1":
        PAGE.write_text(fresh, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == fresh, "docs/reference.md 已过期：用 TAIZHANG_UPDATE_GOLDEN=1 重新生成"


def test_every_command_and_every_code_is_documented() -> None:
    page = PAGE.read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"### `taizhang {name}`" in page
    for code in CODES:
        assert f"| {code} |" in page
