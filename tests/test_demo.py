from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from taizhang.cli import main
from tests.gitrepo import REPO_ROOT, git


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "season"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(out)]) == 0
    return out


def statuses(capsys: pytest.CaptureFixture[str], root: Path, as_of: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--root", str(root), "status", "--as-of", as_of, "--format", "json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_demo_season_validates(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(demo), "validate"]) == 0
    assert "未发现问题" in capsys.readouterr().err


def test_demo_season_shows_a_realistic_mix_by_mid_february(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = statuses(capsys, demo, "2024-02-15")

    count = Counter(str(r["status"]) for r in rows)
    assert set(count) == {"on_time", "late", "overdue"}  # everything of 2023 is due by then
    assert count["on_time"] > 0.75 * len(rows)
    assert 3 <= count["late"] <= 0.15 * len(rows)
    assert 3 <= count["overdue"] <= 0.15 * len(rows)
    assert {r["kind"] for r in rows if r["status"] == "late"} >= {"monthly"}
    assert sum(1 for r in rows if r["amended"]) >= 5
    assert [r["via"] for r in rows].count("receipt") == 1
    assert not any(r["doubtful"] for r in rows)  # every report merged by pull request, in order: nothing 存疑
    assert {r["kind"] for r in rows} == {"annual_plan", "monthly", "quarterly_study", "annual_summary"}


def test_demo_reports_merged_just_after_midnight_count_from_their_hand_in(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = statuses(capsys, demo, "2024-02-15")

    midnight = [r for r in rows if str(r["handed_in_at"])[:10] == r["due"] < str(r["merged_at"])[:10]]
    assert midnight and all(r["status"] == "on_time" for r in midnight)
    assert all(re.fullmatch(r"提交于 23:5\d，合并于 00:0\d，按提交时间计", str(r["timing"])) for r in midnight)


def test_demo_replays_the_season_as_it_happened(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    early = Counter(str(r["status"]) for r in statuses(capsys, demo, "2023-08-01"))

    assert early["pending"] > 0 and early["late"] == 0  # July reports are not due yet on 1 August


def test_demo_history_is_merged_pull_requests_on_main(demo: Path) -> None:
    first_parent = git(demo, "rev-list", "--first-parent", "main").splitlines()
    merges = git(demo, "rev-list", "--first-parent", "--min-parents=2", "main").splitlines()
    setup = git(demo, "log", "--reverse", "--format=%cI %s", "main").splitlines()[0]

    assert len(merges) == len(first_parent) - 1 > 100
    assert setup.startswith("2023-07-16T15:00:00+08:00 建立台账")  # the day before the plan was issued
    assert git(demo, "branch", "--format=%(refname:short)") == "main"
    assert git(demo, "status", "--porcelain") == ""


def test_demo_reports_are_marked_as_sample_data(demo: Path) -> None:
    reports = sorted((demo / "reports").rglob("*.yml"))

    assert len(reports) > 100
    for path in reports:
        text = path.read_text(encoding="utf-8")
        assert "示例数据" in text and "sample: true" in text, path


def test_demo_is_deterministic_and_rebuilt_only_with_force(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "again"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(again)]) == 0
    assert git(again, "rev-parse", "main") == git(demo, "rev-parse", "main")

    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(again)]) == 2
    assert "加 --force 重建" in capsys.readouterr().err
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(again), "--force"]) == 0
    assert git(again, "rev-parse", "main") == git(demo, "rev-parse", "main")


def test_demo_never_deletes_a_folder_it_did_not_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("重要\n", encoding="utf-8")

    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(precious), "--force"]) == 2
    assert "不会删除" in capsys.readouterr().err
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "重要\n"
