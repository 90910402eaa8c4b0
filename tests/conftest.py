"""Shared fixtures: a copy of the bundled ledger in a temp folder, bare or as a git repository; a generated province."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import LedgerRepo, mark_demo

REPO = Path(__file__).resolve().parent.parent
REGISTRY = ("taizhang.yml", "units", "groups", "tasks")


def copy_ledger(target: Path, demo: bool = True) -> Path:
    """The bundled registry (config, units, groups, plan and tasks) copied into `target`; with `demo`,
    marked as a demo repository, where sample reports (示例数据) are allowed."""
    target.mkdir(parents=True, exist_ok=True)
    for name in REGISTRY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    (target / "reports").mkdir(exist_ok=True)
    if demo:
        mark_demo(target)
    return target


@pytest.fixture
def ledger_root(tmp_path: Path) -> Path:
    return copy_ledger(tmp_path / "ledger")


@pytest.fixture
def ledger_repo(tmp_path: Path) -> LedgerRepo:
    """The bundled ledger (units, groups, tasks, calendar) committed on main on 2023-07-16, no reports yet."""
    return LedgerRepo.create(tmp_path / "repo")


def province_repo(out: Path, units: int, periods: int) -> Path:
    """A province made by scripts/gen_province.py in `out`: `units` units, `periods` months of reports."""
    script = REPO / "scripts" / "gen_province.py"
    command = [sys.executable, str(script), "--units", str(units), "--periods", str(periods), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out
