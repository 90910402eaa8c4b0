from __future__ import annotations

import datetime as dt
import json

import pytest

from taizhang.cli import main
from taizhang.errors import FatalError
from taizhang.tracking.status import compute
from tests.gitrepo import LedgerRepo


@pytest.fixture
def season(ledger_repo: LedgerRepo) -> LedgerRepo:
    """Three July reports: xinfu on time, yuanping late, dingxiang not at all (as of 2023-08-10)."""
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-03T20:00:00+08:00")
    ledger_repo.submit("monthly", "yuanping", "2023-07", at="2023-08-05T09:30:00+08:00")
    return ledger_repo


def run(capsys: pytest.CaptureFixture[str], repo: LedgerRepo, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo.root), "status", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_obligation_with_its_status(season: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, season, "--as-of", "2023-08-10", "--format", "json")

    rows = {(r["unit"], r["kind"], r["period"]): r for r in json.loads(out)}
    assert code == 0
    xinfu = rows["xinfu", "monthly", "2023-07"]
    assert {k: xinfu[k] for k in ("due", "submitted_at", "status", "days_late", "unit_name", "path", "via")} == {
        "due": "2023-08-03",
        "submitted_at": "2023-08-03T20:00:00+08:00",
        "status": "on_time",
        "days_late": 0,
        "unit_name": "忻府区交通运输局",
        "path": "reports/2023-07/xinfu.yml",
        "via": "git",
    }
    assert (
        rows["yuanping", "monthly", "2023-07"]["status"],
        rows["yuanping", "monthly", "2023-07"]["days_late"],
    ) == ("late", 2)
    dingxiang = rows["dingxiang", "monthly", "2023-07"]
    assert (dingxiang["status"], dingxiang["days_late"], dingxiang["submitted_at"]) == ("overdue", 7, None)
    assert rows["xinfu", "quarterly_study", "2023-Q3"]["due"] == "2023-10-03"
    assert rows["xinfu", "annual_plan", "2023"]["status"] == "overdue"


def test_unit_filter_and_chinese_table(season: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, season, "--as-of", "2023-08-10", "--unit", "xinfu")

    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["单位", "报送事项", "期间", "截止日期", "报送时间（北京时间）", "状态"]
    assert lines[3].split() == [
        "忻府区交通运输局",
        "月度进展情况",
        "2023年7月",
        "2023-08-03",
        "2023-08-03",
        "20:00",
        "按时",
    ]
    assert lines[2].split() == [
        "忻府区交通运输局",
        "年度工作要点备案",
        "2023年度",
        "2023-07-30",
        "—",
        "逾期",
        "11",
        "天",
    ]
    assert all("忻府区" in line for line in lines[2:12])
    assert lines[-1] == "截至 2023-08-10：共 10 项，按时 1，迟报 0，逾期 1，未到期 8。"


def test_markdown_and_csv(season: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    _, md, _ = run(capsys, season, "--as-of", "2023-08-10", "--unit", "yuanping", "--format", "md")
    _, csv_text, _ = run(capsys, season, "--as-of", "2023-08-10", "--unit", "yuanping", "--format", "csv")

    assert "| 原平市交通运输局 | 月度进展情况 | 2023年7月 | 2023-08-03 | 2023-08-05 09:30 | 迟报 2 天 |" in md
    header, first, second, *_ = csv_text.splitlines()
    assert header.startswith("unit,unit_name,kind,kind_name,period,plan,due,submitted_at,status")
    assert first.startswith("yuanping,原平市交通运输局,annual_plan,年度工作要点备案,2023,2023,2023-07-30,,overdue")
    assert second.startswith(
        "yuanping,原平市交通运输局,monthly,月度进展情况,2023-07,2023,2023-08-03,2023-08-05T09:30:00+08:00,late"
    )


def test_fail_on_overdue_exits_1_only_when_something_is_overdue(
    season: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, season, "--as-of", "2023-08-10", "--fail-on-overdue", "--format", "json")
    # 18 units owe: every annual plan (due 30 July) and 16 of the July reports are missing
    assert (code, err.strip()) == (1, "截至 2023-08-10 有 34 项逾期未报送。")

    code, _, _ = run(capsys, season, "--as-of", "2023-07-20", "--fail-on-overdue")
    assert code == 0


def test_unknown_unit_is_refused_in_chinese(season: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, season, "--as-of", "2023-08-10", "--unit", "xinzhou")

    assert (code, out) == (2, "")
    assert err.startswith("错误：单位“xinzhou”未登记")


def test_broken_registry_stops_status_with_the_first_problem(ledger_repo: LedgerRepo) -> None:
    (ledger_repo.root / "units/xinfu.yml").write_text("id: xinfu\nname: 忻府区交通运输局\n", encoding="utf-8")

    with pytest.raises(FatalError, match=r"units/xinfu.yml:1:1: S201"):
        compute(ledger_repo.root, dt.date(2023, 8, 10))


def test_default_as_of_is_today_and_shallow_clone_exits_2(
    season: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, season, "--format", "json")
    assert code == 0 and json.loads(out)  # today: everything of 2023 is long decided

    clone = season.root.parent / "shallow"
    season.git("clone", "--quiet", "--depth", "1", f"file://{season.root}", str(clone))
    code = main(["--root", str(clone), "status", "--as-of", "2023-08-10"])
    assert code == 2
    assert "浅克隆" in capsys.readouterr().err
