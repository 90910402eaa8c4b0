"""Only real reports count (issue 12): minimum content, 需修改, 退回 and 补报, 延期, and as-of dates.

Every test runs on a real temporary git repository: reports land by pull request at chosen times.
July's monthly report is due 2023-08-03 (Beijing, end of day).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taizhang.cli import main
from taizhang.data import repository
from taizhang.host import access
from taizhang.host.access import Author, Change
from tests import sitedata
from tests.gitrepo import LedgerRepo

JULY = "reports/2023-07/xinfu.yml"
RETURN = "returns/2023-07/xinfu.yml"
EXTENSION = "extensions/2023-07/xinfu.yml"


@pytest.fixture
def real(tmp_path: Path) -> LedgerRepo:
    """A bureau's own repository: not a demo, so sample data (示例数据) is refused."""
    return LedgerRepo.create(tmp_path / "real", demo=False)


def genuine(repo: LedgerRepo, period: str = "2023-07", unit: str = "xinfu") -> str:
    """A complete report written as a clerk would: the sample text without its markers."""
    _, text = repo.report("monthly", unit, period)
    return text.replace("【示例数据】", "").replace("sample: true\n", "")


def with_progress(text: str, progress: str) -> str:
    """`text` with every task's 进展情况 replaced by `progress`."""
    data: dict[str, Any] = yaml.safe_load(text)
    for entry in data["tasks"].values():
        entry["progress"] = progress
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def validate(repo: LedgerRepo, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    code = main(["--root", str(repo.root), "validate", *(str(repo.root / p) for p in paths)])
    out, err = capsys.readouterr()
    return code, out + err


def status(repo: LedgerRepo, capsys: pytest.CaptureFixture[str], as_of: str, path: str = JULY) -> dict[str, Any]:
    assert main(["--root", str(repo.root), "status", "--as-of", as_of, "--format", "json", "--unit", "xinfu"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["path"] == path]
    assert len(rows) == 1
    row: dict[str, Any] = rows[0]
    return row


def test_a_report_with_wu_in_every_field_fails_and_is_needs_revision(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: with_progress(genuine(real), "无")}, at="2023-08-02T10:00:00+08:00")

    code, out = validate(real, capsys, JULY)
    row = status(real, capsys, "2023-08-10")

    assert code == 1
    assert f"{JULY}:" in out and "R431" in out and "只写了“无”，不算填报" in out
    assert (row["status"], row["status_name"], row["submitted_at"], row["valid_at"]) == (
        "needs_revision",
        "需修改",
        None,
        None,
    )
    assert row["first_landed_at"] == "2023-08-02T10:00:00+08:00"
    assert row["days_late"] == 7


def test_a_short_text_from_a_cooperating_unit_is_only_a_warning(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    data: dict[str, Any] = yaml.safe_load(genuine(real))
    data["tasks"]["t2"]["progress"] = "配合开展整改工作。"  # xinfu cooperates on t2
    real.merge({JULY: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}, at="2023-08-02T10:00:00+08:00")

    code, out = validate(real, capsys, JULY)

    assert code == 0
    assert "R430 （提示，不影响通过）任务 t2 的进展情况只有 9 个字，少于要求的 15 个字" in out
    assert status(real, capsys, "2023-08-10")["status"] == "on_time"


def test_sample_markers_are_refused_outside_the_demo_repository(
    real: LedgerRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = real.submit("monthly", "xinfu", "2023-07", at="2023-08-02T10:00:00+08:00")

    code, out = validate(real, capsys, path)
    refused = status(real, capsys, "2023-08-10")["status"]
    demo = LedgerRepo.create(tmp_path / "demo")
    demo.submit("monthly", "xinfu", "2023-07", at="2023-08-02T10:00:00+08:00")

    assert code == 1
    assert "R432 sample: true 表示这是演示用示例数据，不能作为正式报告" in out
    assert "R432 报告中有 " in out and "处“【示例数据】”示例文字" in out
    assert refused == "needs_revision"
    assert validate(demo, capsys, path)[0] == 0
    assert status(demo, capsys, "2023-08-10")["status"] == "on_time"


def test_a_blank_template_merged_by_a_maintainer_counts_as_not_submitted(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(real.root), "new", "report", "--unit", "xinfu", "--period", "2023-07", "--stdout"]) == 0
    template = capsys.readouterr().out
    real.commit({JULY: template}, at="2023-08-01T09:00:00+08:00", message="维护人员合并了空白模板")

    before = status(real, capsys, "2023-08-03")
    after = status(real, capsys, "2023-08-06")

    assert (before["status"], before["days_late"]) == ("needs_revision", 0)
    assert (after["status"], after["days_late"], after["submitted_at"]) == ("needs_revision", 3, None)
    assert after["first_landed_at"] == "2023-08-01T09:00:00+08:00"


def test_an_invalid_report_fixed_after_the_deadline_counts_late_from_the_fix(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: with_progress(genuine(real), "暂无")}, at="2023-08-03T15:00:00+08:00")
    real.merge({JULY: genuine(real)}, at="2023-08-07T11:00:00+08:00")

    row = status(real, capsys, "2023-08-10")

    assert (row["status"], row["days_late"]) == ("late", 4)
    assert row["first_landed_at"] == "2023-08-03T15:00:00+08:00"
    assert row["valid_at"] == row["submitted_at"] == "2023-08-07T11:00:00+08:00"


def test_a_valid_report_broken_by_a_later_edit_still_counts_from_its_first_version(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: genuine(real)}, at="2023-08-02T15:00:00+08:00")
    real.merge({JULY: with_progress(genuine(real), "同上")}, at="2023-08-05T11:00:00+08:00")

    row = status(real, capsys, "2023-08-10")

    assert (row["status"], row["valid_at"]) == ("on_time", "2023-08-02T15:00:00+08:00")
    assert row["amended"] == ["2023-08-05T11:00:00+08:00"]


def review(repo: LedgerRepo, *args: str) -> int:
    return main(["--root", str(repo.root), "review", "--unit", "xinfu", "--period", "2023-07", *args])


def test_a_return_shows_its_reason_until_the_fix_lands_which_is_the_resubmission(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: genuine(real)}, at="2023-08-02T15:00:00+08:00")
    assert review(real, "--return", "进展情况未写明完成数量，请补充", "--at", "2023-08-04T10:00:00+08:00") == 0
    assert "已生成 returns/2023-07/xinfu.yml" in capsys.readouterr().err
    real.merge({RETURN: (real.root / RETURN).read_text(encoding="utf-8")}, at="2023-08-04T10:30:00+08:00")
    data: dict[str, Any] = yaml.safe_load(genuine(real))
    data["tasks"]["t1"]["progress"] += "本月共组织学习 3 次。"
    real.merge({JULY: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}, at="2023-08-06T16:00:00+08:00")

    returned = status(real, capsys, "2023-08-05")
    fixed_row = status(real, capsys, "2023-08-10")
    assert main(["--root", str(real.root), "status", "--as-of", "2023-08-05", "--unit", "xinfu"]) == 0
    table = capsys.readouterr().out

    assert returned["status"] == "returned" and returned["status_name"] == "退回"
    assert returned["returns"] == [{"at": "2023-08-04T10:00:00+08:00", "reason": "进展情况未写明完成数量，请补充"}]
    assert "退回（原因：进展情况未写明完成数量，请补充）" in table
    assert (fixed_row["status"], fixed_row["valid_at"]) == ("on_time", "2023-08-02T15:00:00+08:00")
    assert fixed_row["amended"] == ["2023-08-06T16:00:00+08:00"]  # the 补报, kept beside the first time


def test_a_fix_later_than_the_plans_resubmission_days_is_judged_by_its_own_time(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: genuine(real)}, at="2023-08-02T15:00:00+08:00")
    review(real, "--return", "请补充数据", "--at", "2023-08-03T10:00:00+08:00")
    real.merge({RETURN: (real.root / RETURN).read_text(encoding="utf-8")}, at="2023-08-03T11:00:00+08:00")
    real.merge({JULY: genuine(real) + "# 已补充数据\n"}, at="2023-08-12T09:00:00+08:00")

    overdue_while_returned = status(real, capsys, "2023-08-10")
    row = status(real, capsys, "2023-08-15")

    assert (overdue_while_returned["status"], overdue_while_returned["days_late"]) == ("returned", 2)
    assert (row["status"], row["days_late"]) == ("late", 9)  # fixed 9 days after the return: more than 5


def request(repo: LedgerRepo, capsys: pytest.CaptureFixture[str], days: int = 5) -> str:
    """The text `taizhang new extension` writes for xinfu's July report."""
    args = ["new", "extension", "--unit", "xinfu", "--period", "2023-07", "--days", str(days)]
    assert main(["--root", str(repo.root), *args, "--reason", "防汛抢险，统计数据未齐", "--stdout"]) == 0
    return capsys.readouterr().out


def test_an_extension_granted_before_the_deadline_moves_it_and_keeps_the_original(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({EXTENSION: request(real, capsys)}, at="2023-08-02T17:00:00+08:00")
    real.merge({JULY: genuine(real)}, at="2023-08-07T10:00:00+08:00")

    row = status(real, capsys, "2023-08-10")
    waiting = status(real, capsys, "2023-08-06")

    assert (row["status"], row["due"], row["original_due"], row["extended_due"]) == (
        "on_time",
        "2023-08-08",
        "2023-08-03",
        "2023-08-08",
    )
    assert waiting["status"] == "pending"


def test_an_extension_granted_after_the_deadline_is_not_counted(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({EXTENSION: request(real, capsys)}, at="2023-08-05T17:00:00+08:00")
    real.merge({JULY: genuine(real)}, at="2023-08-07T10:00:00+08:00")

    row = status(real, capsys, "2023-08-10")
    assert main(["--root", str(real.root), "status", "--as-of", "2023-08-10", "--unit", "xinfu"]) == 0

    assert (row["status"], row["days_late"], row["due"], row["extended_due"]) == ("late", 4, "2023-08-03", None)


def test_more_days_than_the_plan_allows_are_refused_by_validate(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    text = request(real, capsys).replace("days: 5", "days: 20")
    (real.root / EXTENSION).parent.mkdir(parents=True)
    (real.root / EXTENSION).write_text(text, encoding="utf-8")

    code, out = validate(real, capsys, EXTENSION)

    assert code == 1
    assert (
        f"{EXTENSION}:" in out
        and "R434 延期 20 天，超过《2023年交通运输绿色低碳发展工作要点》规定的每次最多 15 天" in out
    )


def test_as_of_one_day_before_and_one_day_after_a_report_landed(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: genuine(real)}, at="2023-08-04T10:00:00+08:00")
    real.merge({"reports/2023-08/xinfu.yml": genuine(real, "2023-08")}, at="2023-09-02T10:00:00+08:00")

    before = status(real, capsys, "2023-08-03")
    after = status(real, capsys, "2023-08-04")

    assert (before["status"], before["first_landed_at"]) == ("pending", None)
    assert (after["status"], after["submitted_at"]) == ("late", "2023-08-04T10:00:00+08:00")


def test_as_of_reads_the_ledger_as_it_was_returns_and_plan_included(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    real.merge({JULY: genuine(real)}, at="2023-08-02T15:00:00+08:00")
    review(real, "--return", "请补充", "--at", "2023-08-04T10:00:00+08:00")
    real.merge({RETURN: (real.root / RETURN).read_text(encoding="utf-8")}, at="2023-08-04T10:30:00+08:00")
    plan = real.root / "tasks/2023/plan.yml"
    real.commit(
        {"tasks/2023/plan.yml": plan.read_text(encoding="utf-8").replace("day: 3}", "day: 5}", 1)},
        at="2023-08-20T10:00:00+08:00",
    )  # the deadline moved later in the year; earlier days knew the old one

    then = status(real, capsys, "2023-08-03")
    now = status(real, capsys, "2023-08-21")

    assert (then["status"], then["returns"], then["due"]) == ("on_time", [], "2023-08-03")
    assert (now["status"], now["due"]) == ("returned", "2023-08-05")


def test_only_reviewers_may_write_returns_and_a_unit_may_not_approve_its_own_extension(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = repository.load(real.root, only=[]).ledger
    unit, office, keeper = Author.of("xz-xinfu"), Author.of("xz-yunshuke"), Author.of("xz-maintainer")
    writes_return = [Change("A", RETURN)]
    asks = [Change("A", EXTENSION)]

    assert [r.path for r in access.authorize(ledger, unit, writes_return)] == [RETURN]
    assert "单位不能退回报告" in access.authorize(ledger, unit, writes_return)[0].message
    assert access.authorize(ledger, office, writes_return) == []
    assert access.authorize(ledger, unit, asks) == []  # asking is allowed
    assert access.authorize(ledger, Author.of("xz-yuanping"), asks)[0].path == EXTENSION
    assert not access.auto_merge(ledger, unit, asks).eligible
    assert [r.path for r in access.approval_refusals(ledger, unit, asks)] == [EXTENSION]
    assert access.approval_refusals(ledger, office, asks) == []
    assert access.approval_refusals(ledger, keeper, asks + writes_return) == []

    code = main(["--root", str(real.root), "authorize", "--author", "xz-xinfu", "--approver", "xz-xinfu", EXTENSION])
    out = capsys.readouterr().out

    assert code == 1
    assert f"{EXTENSION}: 拒绝：延期申请只能由审核科室（运输科）或维护人员批准合并" in out


def test_codeowners_asks_the_reviewing_office_for_returns_and_extensions(real: LedgerRepo) -> None:
    from taizhang.host import codeowners

    text = codeowners.render(repository.load(real.root, only=[]).ledger)

    assert "/returns/  @xz-yunshuke" in text and "/extensions/  @xz-yunshuke" in text


def test_review_refuses_a_report_that_was_never_submitted(real: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert review(real, "--return", "请补充") == 2
    assert "reports/2023-07/xinfu.yml 不存在：只能退回已经报送的报告" in capsys.readouterr().err


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo season's pages (Markdown, before MkDocs) as of mid-February 2024."""
    import datetime as dt

    from taizhang.site import build
    from tests.gitrepo import REPO_ROOT

    out = tmp_path_factory.mktemp("demo") / "season"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(out)]) == 0
    files = build.prepare(out, dt.date(2024, 2, 15)).files
    return sitedata.readable({path: text for path, text in files.items() if isinstance(text, str)})


def test_the_demo_shows_a_return_with_its_fix_and_an_extension_on_the_bulletins(demo_site: dict[str, str]) -> None:
    import re

    august, september = demo_site["bulletins/2023-08.md"], demo_site["bulletins/2023-09.md"]
    assessment = demo_site["bulletins/index.md"]
    returned = [text for path, text in demo_site.items() if path.startswith("units/") and "被退回，原因：" in text]

    assert "**退回后补报**：" in august and re.search(r"补报于2023年9月\d+日", august)
    assert "**延期**：" in september and "延期 5 天，原截止2023年10月3日" in september
    for page in (august, september, assessment):
        assert "| 退回 | 补报 | 延期 |" in page
        assert "计入规则" in page
        assert "退回后 5 日内补报的，仍按首次报送时间判定按时或迟报" in page
        assert "每个单位每年度最多延期 2 次，每次不超过 15 天" in page
        assert "主要内容（如进展情况）至少 15 个字" in page
    assert len(returned) == 1
    assert "被退回，原因：【示例数据】进展情况未写明完成的数量和时间节点" in returned[0]
    assert re.search(r"2023-09-\d\d \d\d:\d\d 补报", returned[0])


def test_the_public_site_shows_no_contact_person_only_the_office_line_when_configured(
    demo_site: dict[str, str], tmp_path: Path
) -> None:
    import datetime as dt

    from taizhang.site import build

    assert not any("示例填报人" in text or "0350-0000000" in text for text in demo_site.values())
    repo = LedgerRepo.create(tmp_path / "office")
    unit = repo.root / "units/xinfu.yml"
    unit.write_text(unit.read_text(encoding="utf-8") + 'office_phone: "0350-3336666"\n', encoding="utf-8")
    config = repo.root / "taizhang.yml"
    hidden = build.prepare(repo.root, dt.date(2023, 8, 10)).files["units/xinfu.md"]
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  url: https://xinzhou", "  contact: office_phone\n  url: https://xinzhou"
        ),
        encoding="utf-8",
    )
    shown = build.prepare(repo.root, dt.date(2023, 8, 10)).files["units/xinfu.md"]

    assert isinstance(hidden, str) and isinstance(shown, str)
    assert "3336666" not in hidden
    assert "办公电话：0350&#45;3336666" in shown  # escaped as text


def test_a_returned_and_a_needs_revision_unit_are_each_listed_once_in_the_reminder_with_the_reason(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """忻府区's report was returned (退回), 原平市's landed with only “无” (需修改): each is in the overdue
    issue once, under 退回或需修改, with the reason, an @-mention and a link to fix the file."""
    real.merge({JULY: genuine(real)}, at="2023-08-02T15:00:00+08:00")
    review(real, "--return", "请补充本月完成的具体数量", "--at", "2023-08-03T10:00:00+08:00")
    real.merge({RETURN: (real.root / RETURN).read_text(encoding="utf-8")}, at="2023-08-03T11:00:00+08:00")
    yuanping = "reports/2023-07/yuanping.yml"
    real.merge({yuanping: with_progress(genuine(real, unit="yuanping"), "无")}, at="2023-08-03T12:00:00+08:00")
    capsys.readouterr()

    assert main(["--root", str(real.root), "remind", "--as-of", "2023-08-05", "--format", "json"]) == 0
    (july,) = [a for a in json.loads(capsys.readouterr().out)["actions"] if a["key"] == "monthly/2023-07"]
    body = july["payload"]["body"]
    rows = [line for line in body.splitlines() if line.startswith("| ")]

    for name in ("忻府区交通运输局", "原平市交通运输局"):
        assert len([r for r in rows if r.startswith(f"| {name} |")]) == 1, name
    revising = body.split("### 退回或需修改（2）\n")[1].split("###")[0]
    assert "| 单位 | 填报账号 | 逾期天数 | 原因 | 修改 |" in revising
    assert "| 忻府区交通运输局 | @xz-xinfu | 2 天 | 退回：请补充本月完成的具体数量 | [修改](" in revising
    assert f"/edit/main/{JULY})" in revising
    (needs,) = [r for r in revising.splitlines() if r.startswith("| 原平市交通运输局 |")]
    assert "已合并但未通过校验" in needs and "R431" in needs and "只写了“无”，不算填报" in needs
    assert f"/edit/main/{yuanping})" in needs
    overdue = body.split("### 逾期未报（")[1].split("###")[0]
    assert "忻府区" not in overdue and "原平市" not in overdue
    assert "逾期未报 16 个，退回或需修改 2 个。" in body


def test_the_period_page_and_status_agree_on_a_report_that_needs_revision(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from taizhang.site import build

    real.merge({JULY: with_progress(genuine(real), "无")}, at="2023-08-02T10:00:00+08:00")

    page = build.prepare(real.root, dt.date(2023, 8, 10)).files["periods/2023-07.md"]

    assert isinstance(page, str)
    assert "需修改 1" in page and '<span class="tz-badge tz-needs_revision">需修改 7 天</span>' in page
    assert "**尚未报送（18）**" in page and "忻府区交通运输局" in page.split("**尚未报送（18）**")[1]


def test_as_of_before_the_ledger_existed_is_refused_in_one_line(
    real: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(real.root), "status", "--as-of", "2023-07-01"]) == 2
    assert (
        capsys.readouterr().err == "错误：截至 2023-07-01，主分支上还没有任何提交（台账尚未建立）；请选择更晚的日期\n"
    )
