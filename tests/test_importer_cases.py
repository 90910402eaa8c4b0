"""Plan texts under tests/cases/import/<case>/ and what importing each must give.

Each case folder holds input.txt (a plan's text, as extracted from a PDF or typed), expected.json, and
optionally its own units/ and groups/ (a bureau other than Xinzhou); without them the bundled registry
is used. expected.json lists what must hold in the `--format json` output: every key given must match
(lists of objects such as tasks and rules one by one, in order, and as many as expected), plus "exit"
(the exit status) and "warnings_contain" (phrases some warning must contain).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from taizhang.cli import main
from taizhang.data.validate import validate
from tests.conftest import REPO

CASES = REPO / "tests" / "cases" / "import"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "input.txt").is_file())


def ledger_for(case: Path, tmp_path: Path) -> Path:
    """A ledger repository in `tmp_path` with the case's registry (or the bundled one) and no plans yet."""
    root = tmp_path / "ledger"
    for part in ("units", "groups"):
        shutil.copytree(case / part if (case / part).is_dir() else REPO / part, root / part)
    shutil.copy(REPO / "taizhang.yml", root / "taizhang.yml")
    return root


def assert_holds(expected: Any, actual: Any, where: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} is missing"
            assert_holds(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        titles = [t.get("title", t.get("kind")) for t in actual]
        assert len(actual) == len(expected), f"{where}: {len(actual)} read, {len(expected)} expected: {titles}"
        for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert_holds(want, got, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("name", NAMES)
def test_importing_the_case_gives_its_expected_json(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES / name
    root = ledger_for(case, tmp_path)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    code = main(["--root", str(root), "import-plan", str(case / "input.txt"), "--format", "json"])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert code == expected.pop("exit", 0), captured.err
    for phrase in expected.pop("warnings_contain", []):
        assert any(phrase in w for w in out["warnings"]), f"no warning mentions {phrase}: {out['warnings']}"
    assert_holds(expected, out)


@pytest.mark.parametrize("name", NAMES)
def test_the_written_files_pass_validate_or_it_points_at_each_unmatched_name(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES / name
    root = ledger_for(case, tmp_path)
    code = main(["--root", str(root), "import-plan", str(case / "input.txt")])
    err = capsys.readouterr().err
    unmatched = json.loads((case / "expected.json").read_text(encoding="utf-8")).get("unmatched_units", [])
    found = validate(root).diagnostics
    messages = "\n".join(d.message for d in found)
    if code == 0:
        assert found == []
    for unit in unmatched:
        assert unit[:37] in messages, f"validate does not point at {unit}"
        assert f"“{unit}”" in err
