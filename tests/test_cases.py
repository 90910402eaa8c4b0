"""Every folder under tests/cases/ is a user's mistake (or a valid oddity) and what we tell them.

Each case's files are laid over a copy of the bundled ledger and validated; the output must match
the case's expected.txt exactly. Regenerate with TAIZHANG_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from taizhang.cli import main
from tests.conftest import copy_ledger

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("TAIZHANG_UPDATE_GOLDEN") == "1"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _run_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    root = copy_ledger(tmp_path / "ledger")
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expected.txt":
            target = root / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    code = main(["--root", str(root), "validate"])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_is_reported_exactly(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run_case(case, tmp_path, capsys)
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(out, encoding="utf-8")
    assert code == 1
    assert out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_passes(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run_case(case, tmp_path, capsys)
    assert out == ""
    assert code == 0
