"""Loading a ledger: the same result on one process or several, for the whole tree or named files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taizhang.data import layout, repository
from taizhang.data.regular import Odd
from taizhang.data.validate import validate
from tests.conftest import copy_ledger

CASES = sorted(
    p for kind in ("invalid", "valid") for p in (Path(__file__).parent / "cases" / kind).iterdir() if p.is_dir()
)


def _lay(case: Path, root: Path) -> list[str]:
    """The bundled ledger with the case's files laid over it; the case's paths."""
    copy_ledger(root)
    laid = []
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name != "expected.txt":
            target = root / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            laid.append(target.relative_to(root).as_posix())
    return laid


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_reports_read_on_two_processes_give_what_one_process_gives(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ledger"
    _lay(case, root)
    serial = repository.load(root, workers=1)
    monkeypatch.setattr(repository, "PARALLEL_FROM", 0)
    monkeypatch.setattr(repository, "CHUNK", 1)
    parallel = repository.load(root, workers=2)
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.ledger.reports == serial.ledger.reports
    assert [r.data for r in parallel.ledger.reports] == [r.data for r in serial.ledger.reports]
    assert parallel.files == serial.files and parallel.places == serial.places


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_named_file_gets_the_diagnostics_it_gets_in_a_full_run(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    laid = _lay(case, root)
    full = validate(root).diagnostics
    for path in laid:
        assert validate(root, [path]).diagnostics == [d for d in full if d.path == path], path


def test_discovered_agrees_with_survey_on_hidden_folders_links_and_strays(tmp_path: Path) -> None:
    root = copy_ledger(tmp_path / "ledger")
    report = root / "reports" / "2023-08" / "xinfu.yml"
    report.parent.mkdir(parents=True)
    report.write_text("kind: monthly\n", encoding="utf-8")
    (root / "reports" / ".drafts").mkdir()
    (root / "reports" / ".drafts" / "xinfu.yml").write_text("x: 1\n", encoding="utf-8")
    (root / "reports" / "linked").symlink_to(report.parent, target_is_directory=True)
    (root / "reports" / "2023-08" / "dangling.yml").symlink_to(root / "nowhere.yml")
    (root / "reports" / "2023-08" / "月报.docx").write_bytes(b"PK")
    (root / "README.md").write_text("# 台账\n", encoding="utf-8")
    files, odd = layout.survey(root)
    candidates = [
        "reports/2023-08/xinfu.yml",
        "reports/.drafts/xinfu.yml",
        "reports/linked",
        "reports/2023-08/dangling.yml",
        "reports/2023-08/月报.docx",
        "reports/2023-08",
        "reports/2023-09/missing.yml",
        "README.md",
        "taizhang.yml",
        "units/xinfu.yml",
    ]
    assert {p for p in candidates if layout.discovered(root, p) == "file"} == set(files) & set(candidates)
    strange = {p: found for p in candidates if isinstance(found := layout.discovered(root, p), Odd)}
    assert strange == {entry.path: entry for entry in odd}
    assert set(strange) == {"reports/linked", "reports/2023-08/dangling.yml"}
    beyond = layout.discovered(root, "reports/linked/xinfu.yml")
    assert isinstance(beyond, Odd) and "reports/linked" in beyond.what


def test_registry_discovery_leaves_reports_alone(tmp_path: Path) -> None:
    root = copy_ledger(tmp_path / "ledger")
    (root / "reports" / "2023-08").mkdir(parents=True)
    (root / "reports" / "2023-08" / "xinfu.yml").write_text("kind: monthly\n", encoding="utf-8")
    assert layout.discover_registry(root) == [p for p in layout.discover(root) if not p.startswith("reports/")]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_load_from_the_parse_cache_gives_what_parsing_gives(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    _lay(case, root)
    plain = repository.load(root, workers=1)
    cache = tmp_path / "cache"
    first = repository.load(root, workers=1, cache=cache)
    assert any(cache.iterdir())
    again = repository.load(root, workers=1, cache=cache)  # every file that passed: from the cache
    for loaded in (first, again):
        assert loaded.diagnostics == plain.diagnostics  # a file with a problem is parsed again: same lines
        assert loaded.ledger.reports == plain.ledger.reports
        assert [repr(r.data) for r in loaded.ledger.reports] == [repr(r.data) for r in plain.ledger.reports]
        assert loaded.ledger.units == plain.ledger.units and loaded.ledger.tasks == plain.ledger.tasks
        assert loaded.ledger.sources == plain.ledger.sources


def test_a_changed_report_is_parsed_again_not_taken_from_the_parse_cache(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    copy_ledger(root)
    name = "reports/2023-08/youzheng-zhongxin.yml"
    report = root / name
    report.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / "cases" / "valid" / "monthly-example" / name, report)
    cache = tmp_path / "cache"
    assert repository.load(root, cache=cache).diagnostics == []
    report.write_text(report.read_text(encoding="utf-8").replace("progress:", "progres:", 1), encoding="utf-8")
    again = repository.load(root, cache=cache)
    assert {d.path for d in again.diagnostics} == {name}
    assert again.diagnostics == repository.load(root).diagnostics
