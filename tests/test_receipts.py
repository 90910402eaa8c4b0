from __future__ import annotations

import datetime as dt
from pathlib import Path

from taizhang.data.validate import validate
from taizhang.tracking.status import compute
from tests.gitrepo import LedgerRepo

HEAD = "# yaml-language-server: $schema=../src/taizhang/schemas/receipts.schema.json\nreceipts:\n"


def entry(
    unit: str = "xinfu",
    kind: str = "monthly",
    period: str = '"2023-07"',
    received: str = "2023-08-03T16:20:00+08:00",
) -> str:
    return (
        f"  - unit: {unit}\n    kind: {kind}\n    period: {period}\n"
        f"    received_at: {received}\n    via: 纸质\n    recorded_by: 运输科 张三\n"
    )


def problems(root: Path) -> list[str]:
    return [d.as_text() for d in validate(root).diagnostics]


def test_paper_report_recorded_by_the_office_counts_as_submitted_on_time(ledger_repo: LedgerRepo) -> None:
    ledger_repo.merge({"receipts/2023.yml": HEAD + entry()}, at="2023-08-04T09:00:00+08:00")

    assert problems(ledger_repo.root) == []
    _, found = compute(ledger_repo.root, dt.date(2023, 8, 10))
    (july,) = [o for o in found if (o.unit, o.kind, o.period) == ("xinfu", "monthly", "2023-07")]
    assert (july.status, july.via, july.submitted_at) == (
        "on_time",
        "receipt",
        dt.datetime.fromisoformat("2023-08-03T16:20:00+08:00"),
    )


def test_receipt_problems_are_reported_with_their_lines(ledger_repo: LedgerRepo) -> None:
    text = HEAD + "".join(
        [
            entry(unit="xinzhou"),  # line 3: not a registered unit
            entry(period="2023-Q3"),  # line 9: a monthly receipt needs a month
            entry(period='"2024-01"'),  # line 15: belongs to receipts/2024.yml, outside every plan
            entry(unit="yunshuke"),  # line 21: the reviewing office owes no monthly report
            entry(),  # line 27
            entry(),  # line 33: the same receipt again
        ]
    )
    (ledger_repo.root / "receipts").mkdir()
    (ledger_repo.root / "receipts/2023.yml").write_text(text, encoding="utf-8")

    found = problems(ledger_repo.root)

    assert [line.split(" ", 2)[:2] for line in found] == [
        ["receipts/2023.yml:3:11:", "R401"],
        ["receipts/2023.yml:11:13:", "S205"],
        ["receipts/2023.yml:17:13:", "P304"],
        ["receipts/2023.yml:17:13:", "R404"],
        ["receipts/2023.yml:21:11:", "R421"],
        ["receipts/2023.yml:33:5:", "R420"],
    ]
    assert "receipts/2024.yml" in found[2]


def test_receipt_time_without_its_offset_is_refused_with_an_example(ledger_repo: LedgerRepo) -> None:
    (ledger_repo.root / "receipts").mkdir()
    (ledger_repo.root / "receipts/2023.yml").write_text(HEAD + entry(received='"2023-08-03 16:20"'), encoding="utf-8")

    (found,) = problems(ledger_repo.root)

    assert found.startswith(
        "receipts/2023.yml:6:18: S205 收件记录第 1 项·收件时间（receipts[1].received_at）的值“2023-08-03 16:20”写法不对"
    )
    assert "2023-08-03T16:20:00+08:00" in found


def test_receipts_file_in_the_wrong_place_is_named(ledger_repo: LedgerRepo) -> None:
    (ledger_repo.root / "receipts/2023").mkdir(parents=True)
    (ledger_repo.root / "receipts/2023/paper.yml").write_text(HEAD + entry(), encoding="utf-8")

    (found,) = problems(ledger_repo.root)
    assert found.startswith("receipts/2023/paper.yml:1:1: P301 文件位置不符合约定：收件登记应为 receipts/<年度>.yml")


def test_calendar_file_is_checked(ledger_repo: LedgerRepo) -> None:
    (ledger_repo.root / "calendar.yml").write_text(
        "years: [2027]\nholidays:\n  - {date: 2027-02-06, name: 春节}\n"
        "workdays:\n  - {date: 2027-02-06}\n  - {day: 2027-02-07}\n",
        encoding="utf-8",
    )

    found = problems(ledger_repo.root)

    assert [line.split(" ", 2)[:2] for line in found] == [
        ["calendar.yml:6:5:", "S201"],
        ["calendar.yml:6:6:", "S202"],
    ]
    (ledger_repo.root / "calendar.yml").write_text(
        "holidays:\n  - {date: 2027-02-06}\nworkdays:\n  - {date: 2027-02-06}\n", encoding="utf-8"
    )
    assert [line.split(" ", 2)[:2] for line in problems(ledger_repo.root)] == [["calendar.yml:4:5:", "R422"]]
