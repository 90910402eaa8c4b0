from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from taizhang.data.ledger import Ledger
from taizhang.data.model import Due, Obligation, Receipt, Report
from taizhang.data.validate import validate
from taizhang.tracking import obligations
from taizhang.tracking.history import Landing
from taizhang.tracking.kinds import Period
from taizhang.tracking.status import compute
from tests.gitrepo import REPO_ROOT, LedgerRepo

D = dt.date


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def one(found: Sequence[Obligation], unit: str, kind: str, period: str) -> Obligation:
    (match,) = [o for o in found if (o.unit, o.kind, o.period) == (unit, kind, period)]
    return match


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return validate(REPO_ROOT, only=[]).ledger


# -- the cases, on real git repositories ----------------------------------------------


def test_report_landing_at_2000_beijing_on_the_due_day_is_on_time(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-03T20:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 8, 10))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.days_late, july.due) == ("on_time", 0, D(2023, 8, 3))
    assert july.submitted_at == at("2023-08-03T20:00:00+08:00")
    assert july.path == "reports/2023-07/xinfu.yml"


def test_report_landing_at_0900_beijing_the_next_day_is_late_by_one_day(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-04T09:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 8, 10))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.days_late) == ("late", 1)


def test_report_landing_at_1730_utc_is_0130_beijing_on_the_4th_and_late(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-03T17:30:00Z")

    _, found = compute(ledger_repo.root, D(2023, 8, 10))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.days_late) == ("late", 1)
    assert july.submitted_at is not None
    assert july.submitted_at.isoformat() == "2023-08-04T01:30:00+08:00"  # shown in Beijing time


def test_report_missing_at_as_of_2023_08_10_is_overdue_by_seven_days(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "yuanping", "2023-07", at="2023-08-02T10:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 8, 10))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.days_late, july.submitted_at) == ("overdue", 7, None)
    assert one(found, "yuanping", "monthly", "2023-07").status == "on_time"


def test_amendment_does_not_move_the_submission_time(ledger_repo: LedgerRepo) -> None:
    path = ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-02T10:00:00+08:00")
    text = (ledger_repo.root / path).read_text(encoding="utf-8")
    ledger_repo.merge({path: text.replace('。"', '，已补充。"', 1)}, at="2023-08-09T16:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 8, 10))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.submitted_at) == ("on_time", at("2023-08-02T10:00:00+08:00"))
    assert july.amended == (at("2023-08-09T16:00:00+08:00"),)


def test_holiday_deadline_moves_only_when_the_rule_says_so(ledger_repo: LedgerRepo) -> None:
    # September's report is due 3 October, inside the National Day holiday; it lands on Saturday
    # 7 October, a make-up working day (调休).
    ledger_repo.submit("monthly", "xinfu", "2023-09", at="2023-10-07T10:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 10, 10))
    september = one(found, "xinfu", "monthly", "2023-09")
    assert (september.due, september.status, september.days_late) == (D(2023, 10, 3), "late", 4)

    plan = ledger_repo.root / "tasks/2023/plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("holiday_shift: none", "holiday_shift: next_working_day"),
        encoding="utf-8",
    )
    _, found = compute(ledger_repo.root, D(2023, 10, 10))
    september = one(found, "xinfu", "monthly", "2023-09")
    assert (september.due, september.status, september.days_late) == (D(2023, 10, 7), "on_time", 0)
    # August's deadline, Sunday 3 September, moves to Monday the 4th only under the shifting rule.
    assert one(found, "xinfu", "monthly", "2023-08").due == D(2023, 9, 4)


def test_a_report_landing_after_the_as_of_date_is_not_yet_known(ledger_repo: LedgerRepo) -> None:
    ledger_repo.submit("monthly", "xinfu", "2023-07", at="2023-08-04T09:00:00+08:00")

    _, found = compute(ledger_repo.root, D(2023, 8, 3))

    july = one(found, "xinfu", "monthly", "2023-07")
    assert (july.status, july.submitted_at, july.due_soon) == ("pending", None, True)


# -- due dates and periods from the plan's rules --------------------------------------------


def test_due_dates_follow_the_plan_rules(ledger: Ledger) -> None:
    found = obligations.evaluate(ledger, {}, D(2023, 7, 1))

    assert one(found, "xinfu", "monthly", "2023-07").due == D(2023, 8, 3)
    assert one(found, "xinfu", "monthly", "2023-12").due == D(2024, 1, 3)
    assert one(found, "xinfu", "annual_plan", "2023").due == D(2023, 7, 30)
    assert one(found, "xinfu", "annual_summary", "2023").due == D(2024, 1, 31)
    assert one(found, "xinfu", "quarterly_study", "2023-Q3").due == D(2023, 10, 3)


def test_only_periods_inside_the_plan_are_owed_and_only_by_the_units_the_rules_name(ledger: Ledger) -> None:
    found = obligations.evaluate(ledger, {}, D(2023, 7, 1))
    xinfu = [o for o in found if o.unit == "xinfu"]

    assert sorted(o.period for o in xinfu if o.kind == "monthly") == [f"2023-{m:02d}" for m in range(7, 13)]
    assert sorted(o.period for o in xinfu if o.kind == "quarterly_study") == ["2023-Q3", "2023-Q4"]
    assert not [o for o in found if o.unit == "yunshuke"]  # the reviewing office owes nothing
    assert len(found) == len({o.unit for o in found}) * 10


def test_a_day_past_the_end_of_a_short_month_is_clamped() -> None:
    assert obligations.due_date(Due("period_end", 1, 31), Period("2023-08", "month")) == D(2023, 9, 30)
    assert obligations.due_date(Due("period_end", 2, "last"), Period("2023-12", "month")) == D(2024, 2, 29)


def test_due_soon_window_comes_from_the_plan(ledger: Ledger) -> None:
    found = obligations.evaluate(ledger, {}, D(2023, 7, 31))

    july, august = one(found, "xinfu", "monthly", "2023-07"), one(found, "xinfu", "monthly", "2023-08")
    assert (july.status, july.due_soon) == ("pending", True)  # due in 3 days, plan says 3
    assert (august.status, august.due_soon) == ("pending", False)


# -- quarterly study, met through the monthly reports -------------------------------------------


def monthly(unit: str, period: str, *dates: str) -> Report:
    data: dict[str, Any] = {"kind": "monthly", "unit": unit, "period": period, "tasks": {}}
    data["study_sessions"] = [{"date": d, "topic": f"学习 {d}"} for d in dates]
    return Report("monthly", unit, period, f"reports/{period}/{unit}.yml", data)


def landed(path: str, when: str) -> Landing:
    return Landing(path, at(when), ())


def test_study_recorded_in_august_report_meets_the_third_quarter_when_that_report_lands(
    ledger: Ledger,
) -> None:
    reports = [monthly("xinfu", "2023-08", "2023-08-18")]
    landings = {r.path: landed(r.path, "2023-09-02T10:00:00+08:00") for r in reports}

    found = obligations.evaluate(dataclasses.replace(ledger, reports=reports), landings, D(2023, 10, 10))

    q3 = one(found, "xinfu", "quarterly_study", "2023-Q3")
    assert (q3.status, q3.submitted_at, q3.path) == ("on_time", at("2023-09-02T10:00:00+08:00"), None)
    assert one(found, "xinfu", "quarterly_study", "2023-Q4").status == "pending"


def test_september_study_reported_late_makes_the_quarter_late(ledger: Ledger) -> None:
    reports = [monthly("xinfu", "2023-09", "2023-09-20")]
    landings = {reports[0].path: landed(reports[0].path, "2023-10-05T10:00:00+08:00")}

    found = obligations.evaluate(dataclasses.replace(ledger, reports=reports), landings, D(2023, 10, 10))

    q3 = one(found, "xinfu", "quarterly_study", "2023-Q3")
    assert (q3.status, q3.days_late) == ("late", 2)


def test_quarter_is_met_by_the_report_that_completes_the_minimum(ledger: Ledger) -> None:
    plan = ledger.plans["2023"]
    rules = tuple(dataclasses.replace(r, min_sessions=2) if r.kind == "quarterly_study" else r for r in plan.rules)
    reports = [
        monthly("xinfu", "2023-07", "2023-07-20"),
        monthly("xinfu", "2023-09", "2023-09-12", "2023-07-20"),
    ]
    landings = {
        reports[0].path: landed(reports[0].path, "2023-08-01T10:00:00+08:00"),
        reports[1].path: landed(reports[1].path, "2023-10-03T15:00:00+08:00"),
    }
    changed = dataclasses.replace(ledger, plans={"2023": dataclasses.replace(plan, rules=rules)}, reports=reports)

    q3 = one(obligations.evaluate(changed, landings, D(2023, 10, 10)), "xinfu", "quarterly_study", "2023-Q3")

    # The same session reported twice counts once; the September report brings the second.
    assert (q3.status, q3.submitted_at) == ("on_time", at("2023-10-03T15:00:00+08:00"))


def test_no_study_recorded_in_the_quarter_is_overdue_after_the_deadline(ledger: Ledger) -> None:
    reports = [monthly("xinfu", "2023-10", "2023-10-10")]
    landings = {reports[0].path: landed(reports[0].path, "2023-11-01T10:00:00+08:00")}

    found = obligations.evaluate(dataclasses.replace(ledger, reports=reports), landings, D(2023, 11, 2))

    q3 = one(found, "xinfu", "quarterly_study", "2023-Q3")
    assert (q3.status, q3.days_late) == ("overdue", 30)
    assert one(found, "xinfu", "quarterly_study", "2023-Q4").status == "on_time"


# -- receipts: paper and e-mail submissions --------------------------------------------------


def receipt(unit: str, kind: str, period: str, when: str) -> Receipt:
    return Receipt(unit, kind, period, at(when), "纸质", "运输科 张三", "receipts/2023.yml", 0)


def test_receipt_recorded_by_the_office_counts_as_the_submission(ledger: Ledger) -> None:
    changed = dataclasses.replace(
        ledger, receipts=[receipt("xinfu", "monthly", "2023-07", "2023-08-03T16:20:00+08:00")]
    )
    path = "reports/2023-07/xinfu.yml"
    landings = {path: landed(path, "2023-08-07T10:00:00+08:00")}  # typed into the ledger later

    july = one(obligations.evaluate(changed, landings, D(2023, 8, 10)), "xinfu", "monthly", "2023-07")

    assert (july.status, july.via, july.submitted_at) == (
        "on_time",
        "receipt",
        at("2023-08-03T16:20:00+08:00"),
    )
    assert july.amended == (at("2023-08-07T10:00:00+08:00"),)


# -- per unit and year: the assessment (考核) ------------------------------------------------


def test_summary_counts_statuses_and_on_time_rate_per_unit_and_year(ledger: Ledger) -> None:
    paths = {
        "reports/2023/annual_plan/xinfu.yml": "2023-07-28T10:00:00+08:00",
        "reports/2023-07/xinfu.yml": "2023-08-05T10:00:00+08:00",
        "reports/2023/annual_plan/yuanping.yml": "2023-07-29T10:00:00+08:00",
        "reports/2023-07/yuanping.yml": "2023-08-01T10:00:00+08:00",
    }
    found = obligations.evaluate(ledger, {p: landed(p, w) for p, w in paths.items()}, D(2023, 8, 10))

    scores = {s.unit: s for s in obligations.summarize(found)}

    xinfu, yuanping, dingxiang = scores["xinfu"], scores["yuanping"], scores["dingxiang"]
    assert (xinfu.year, xinfu.assessed, xinfu.on_time, xinfu.late, xinfu.overdue, xinfu.pending) == (
        2023,
        2,
        1,
        1,
        0,
        8,
    )
    assert (xinfu.on_time_rate, xinfu.days_late, xinfu.spotless) == (0.5, 2, False)
    assert (yuanping.on_time_rate, yuanping.spotless) == (1.0, True)
    assert (dingxiang.on_time_rate, dingxiang.overdue, dingxiang.days_late) == (0.0, 2, 11 + 7)
    assert list(scores)[:2] == [u.id for u in ledger.ordered_units() if u.id in scores][:2]


def test_summary_can_count_one_kind_for_the_monthly_bulletin(ledger: Ledger) -> None:
    found = obligations.evaluate(ledger, {}, D(2023, 12, 31))

    (score,) = [s for s in obligations.summarize(found, kinds=["monthly"]) if s.unit == "xinfu"]

    assert (score.assessed, score.overdue, score.pending, score.on_time_rate) == (5, 5, 1, 0.0)


def test_nothing_due_yet_has_no_rate(ledger: Ledger) -> None:
    (score, *_) = obligations.summarize(obligations.evaluate(ledger, {}, D(2023, 7, 1)))

    assert (score.assessed, score.on_time_rate, score.spotless) == (0, None, True)
