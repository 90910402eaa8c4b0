"""Cadences as data: a copy of the bundled plan that also asks for a quarterly progress report and a
one-off report by a fixed date works everywhere — validate, `new report`, `status`, the site, a
reminder and the workbook — with no code change, holidays included.

The dates: 2023's National Day holiday runs 29 September to 6 October, with Saturday 7 October a
make-up working day (调休); 30 December 2023 is a Saturday and 1 January 2024 a holiday.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from taizhang.cli import main
from tests import sitedata

RULES = """
    - kind: quarterly
      name: 季度工作进展情况
      who: [counties]
      to: yunshuke
      every: quarter
      due: {from: period_end, months: 1, day: 5}
      shift: next_working_day
      source: 测试用：每季度结束后次月5日前报送本季度进展情况，遇节假日顺延。
    - kind: special
      name: 冬季运输安全专项检查报告
      who: [affiliated]
      to: yunshuke
      every: once
      due: {date: 2023-12-30}
      shift: next_working_day
      source: 测试用：12月30日前报送冬季运输安全专项检查情况，遇节假日顺延。
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled ledger with the two rules added, and a quarterly and a one-off report merged."""
    root = sitedata.site_root(tmp_path_factory.mktemp("cadences"))
    plan = root / "tasks" / "2023" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").rstrip("\n") + "\n" + RULES.lstrip("\n"), encoding="utf-8")
    sitedata.commit_all(root, "工作要点、单位和任务", dt.datetime(2023, 7, 17, 9, tzinfo=sitedata.BEIJING))
    for unit, period, when in [
        ("xinfu", "2023-Q3", dt.datetime(2023, 10, 7, 20, tzinfo=sitedata.BEIJING)),  # the shifted due day
        ("yuanping", "2023-Q3", dt.datetime(2023, 10, 8, 9, tzinfo=sitedata.BEIJING)),  # a day late
        (_affiliated(root), "2023-12-30", dt.datetime(2024, 1, 2, 23, 30, tzinfo=sitedata.BEIJING)),
    ]:
        assert main(["--root", str(root), "new", "report", "--unit", unit, "--period", period, "--example"]) == 0
        sitedata.commit_all(root, f"{unit} {period}", when)
    return root


def _affiliated(root: Path) -> str:
    ledger = sitedata.ledger_of(root)
    return ledger.members("affiliated")[0]


def test_the_plan_and_the_new_reports_validate(season: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--root", str(season), "validate")
    assert (code, out) == (0, "")
    assert (season / "reports" / "2023-Q3" / "xinfu.yml").is_file()
    assert (season / "reports" / "2023-12-30" / f"{_affiliated(season)}.yml").is_file()


def test_new_report_writes_the_quarterly_and_the_one_off_templates(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        capsys, "--root", str(season), "new", "report", "--unit", "dingxiang", "--period", "2023-Q4", "--stdout"
    )
    assert code == 0
    assert "# 定襄县交通运输局 2023年第四季度进展情况" in out
    assert 'kind: quarterly\nunit: dingxiang\nperiod: "2023-Q4"' in out
    assert "study_sessions" not in out  # study is counted in the monthly reports only
    unit = _affiliated(season)
    code, out = _run(
        capsys, "--root", str(season), "new", "report", "--unit", unit, "--period", "2023-12-30", "--stdout"
    )
    assert code == 0
    assert "2023年12月30日专项报告" in out and "kind: special\n" in out


def test_a_period_no_kind_has_is_refused_in_chinese(season: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(season), "new", "report", "--unit", "xinfu", "--period", "2023-Q5"]) == 2
    assert "--period 应为“年-月”" in capsys.readouterr().err


def test_status_gives_the_due_dates_moved_off_holidays(season: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--root", str(season), "status", "--as-of", "2024-01-03", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    rows = rows["obligations"] if isinstance(rows, dict) else rows
    found = {(r["unit"], r["kind"], r["period"]): r for r in rows}
    xinfu = found[("xinfu", "quarterly", "2023-Q3")]
    # due 5 October, a holiday: moved to Saturday 7 October, a make-up working day
    assert (xinfu["due"], xinfu["status"], xinfu["kind_name"]) == ("2023-10-07", "on_time", "季度进展情况")
    assert found[("yuanping", "quarterly", "2023-Q3")]["status"] == "late"
    assert found[("dingxiang", "quarterly", "2023-Q3")]["status"] == "overdue"
    assert found[("xinfu", "quarterly", "2023-Q4")]["due"] == "2024-01-05"  # a Friday: not moved
    special = found[(_affiliated(season), "special", "2023-12-30")]
    # due Saturday 30 December; 1 January is a holiday: moved to Tuesday 2 January
    assert (special["due"], special["status"], special["kind_name"]) == ("2024-01-02", "on_time", "专项报告")
    assert not [
        r for r in rows if r["kind"] == "quarterly" and r["unit"] not in sitedata.ledger_of(season).members("counties")
    ]


def test_reminders_name_the_quarter_and_the_one_off_report(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    issues = tmp_path / "issues.json"
    issues.write_text("[]", encoding="utf-8")
    actions = {}
    for day in ("2023-10-05", "2023-12-31"):
        code, out = _run(
            capsys, "--root", str(season), "remind", "--as-of", day, "--issues", str(issues), "--format", "json"
        )
        assert code == 0
        actions[day] = {a["key"]: a for a in json.loads(out)["actions"]}
    quarter = actions["2023-10-05"]["quarterly/2023-Q3"]
    assert quarter["action"] == "create"
    assert quarter["payload"]["title"] == "【催办】2023年第三季度进展情况（10月7日截止）"
    assert "reports/2023-Q3/" in quarter["payload"]["body"]
    special = actions["2023-12-31"]["special/2023-12-30"]
    assert special["action"] == "create"
    assert special["payload"]["title"] == "【催办】2023年12月30日专项报告（1月2日截止）"
    assert "reports/2023-12-30/" in special["payload"]["body"]


@pytest.fixture(scope="module")
def site(season: Path) -> Path:
    assert main(["--root", str(season), "build", "--as-of", "2024-01-03", "--out", str(season / "site")]) == 0
    return season


def test_the_site_has_pages_for_the_quarter_and_the_one_off_date(site: Path) -> None:
    docs = site / "build" / "docs"
    quarter = sitedata.tables_as_markdown((docs / "periods" / "2023-Q3.md").read_text(encoding="utf-8"))
    assert quarter.startswith("# 2023年第三季度\n")
    assert "## 季度进展情况" in quarter and "## 中心组季度学习" in quarter
    assert "截止日期：2023年10月7日" in quarter and "定襄县交通运输局" in quarter
    once = sitedata.tables_as_markdown((docs / "periods" / "2023-12-30.md").read_text(encoding="utf-8"))
    assert once.startswith("# 2023年12月30日\n") and "截止日期：2024年1月2日" in once
    index = sitedata.tables_as_markdown((docs / "periods" / "index.md").read_text(encoding="utf-8"))
    assert "季报、季度学习" in index and "专项报告" in index
    unit = sitedata.tables_as_markdown((docs / "units" / "xinfu.md").read_text(encoding="utf-8"))
    assert "| 期间 | 月报 | 季报 | 季度学习 |" in unit
    assert "2023年第三季度进展情况" in unit  # the report itself, on the unit's page
    assert (site / "site" / "periods" / "2023-Q3.html").is_file()
    assert (site / "site" / "periods" / "2023-12-30.html").is_file()


def test_the_workbook_holds_the_quarterly_and_the_one_off_entries(site: Path) -> None:
    book = load_workbook(io.BytesIO((site / "site" / "downloads" / "taizhang.xlsx").read_bytes()))
    head, *rows = [[c.value for c in row] for row in book["台账"].iter_rows(min_row=2)]  # row 1 is the title
    unit_col, period_col = head.index("报送单位"), head.index("月份")
    periods = {(r[unit_col], r[period_col]) for r in rows}
    assert ("忻府区交通运输局", "2023年第三季度") in periods
    unit = sitedata.ledger_of(site).units[_affiliated(site)].name
    assert (unit, "2023年12月30日") in periods


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "kind: special\n      every: once\n      due: {from: period_end, months: 1, day: 5}",
            "一次性报送的截止日应写成 due: {date: 年-月-日}",
        ),
        (
            "kind: quarterly\n      every: quarter\n      due: {date: 2023-12-30}",
            "只有一次性报送（every: once）的截止日写日期",
        ),
        ("kind: special\n      every: month\n      due: {date: 2023-12-30}", "“special”规则的周期应为 once"),
    ],
)
def test_a_rule_whose_cadence_and_due_do_not_agree_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str, message: str
) -> None:
    root = sitedata.bundled(tmp_path)
    plan = root / "tasks" / "2023" / "plan.yml"
    added = f"    - {rule}\n      name: 专项报告\n      who: [affiliated]\n"
    plan.write_text(plan.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8")
    code, out = _run(capsys, "--root", str(root), "validate")
    assert code == 1
    assert out.startswith("tasks/2023/plan.yml:") and " R410 " in out and message in out


def test_codeowners_and_the_permission_check_give_each_unit_its_own_quarterly_and_one_off_reports(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, owners = _run(capsys, "--root", str(season), "codeowners", "--stdout")
    assert code == 0 and "/reports/*/xinfu.yml  @xz-xinfu" in owners  # covers reports/2023-Q3/xinfu.yml
    assert main(["--root", str(season), "authorize", "--author", "xz-xinfu", "reports/2023-Q4/xinfu.yml"]) == 0
    assert main(["--root", str(season), "authorize", "--author", "xz-yuanping", "reports/2023-Q4/xinfu.yml"]) == 1
    unit = _affiliated(season)
    assert main(["--root", str(season), "authorize", "--author", "xz-xinfu", f"reports/2023-12-30/{unit}.yml"]) == 1


def test_the_issue_form_takes_a_quarterly_report(season: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from taizhang.host import issueform

    report = 'kind: quarterly\nunit: xinfu\nperiod: "2023-Q4"\ntasks: {}\n'
    found = issueform.submission(f"### 报告内容\n\n```yaml\n{report}```\n\n### 说明\n\n_No response_\n")
    assert not isinstance(found, str)
    assert (found.path, found.kind, found.period) == ("reports/2023-Q4/xinfu.yml", "quarterly", "2023-Q4")
    wrong = issueform.submission(f"### 报告内容\n\n```yaml\n{report.replace('2023-Q4', '2023-Q5')}```\n")
    assert isinstance(wrong, str) and "季度进展情况的 period 应写成带引号的季度，如 2023-Q3" in wrong
