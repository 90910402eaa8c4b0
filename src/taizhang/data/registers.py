"""Checks of the registers the reviewing office keeps: receipts (收件登记) and the holiday calendar.

receipts/<year>.yml: each receipt names a registered unit that owes that kind of report, for a
period inside a plan and inside the file's year, once. calendar.yml: no day both off and on.
Pure, like crossref.py, whose Finding it returns.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from taizhang.data.crossref import Finding, Where
from taizhang.data.ledger import Ledger
from taizhang.data.model import Plan, Receipt
from taizhang.tracking import kinds


def check(ledger: Ledger) -> list[Finding]:
    return _receipts(ledger) + _calendar(ledger)


def _receipts(ledger: Ledger) -> list[Finding]:
    """收件登记: each receipt names a registered unit that owes that report, once, in its year's file."""
    found: list[Finding] = []
    seen: dict[tuple[str, str, str], Receipt] = {}
    for receipt in ledger.receipts:
        found += _receipt(ledger, receipt)
        first = seen.setdefault((receipt.unit, receipt.kind, receipt.period), receipt)
        if first is not receipt:
            message = f"与第 {first.index + 1} 条收件记录重复（同一单位、类别、期间）；请删除其中一条。"
            found.append(Finding(receipt.path, ("receipts", receipt.index), "R420", message))
    return found


def _receipt(ledger: Ledger, receipt: Receipt) -> list[Finding]:
    where: Where = ("receipts", receipt.index)
    path, period = receipt.path, receipt.period
    found = []
    if receipt.received_at is None:
        message = "收件时间不是有效的日期时间；请写成 2023-08-03T16:20:00+08:00 的形式。"
        found.append(Finding(path, (*where, "received_at"), "S206", message))
    if receipt.unit not in ledger.units:
        message = f"单位“{receipt.unit}”未在单位名录中登记{_suggest(receipt.unit, ledger.units)}。"
        return [*found, Finding(path, (*where, "unit"), "R401", message)]
    kind = kinds.KINDS[receipt.kind]
    if kinds.Period.parse(period, kind.cadence) is None:
        message = f"期间“{period}”写法不对：{receipt.kind} 的期间应写成{kind.period_example()}。"
        return [*found, Finding(path, (*where, "period"), "S205", message)]
    year = path.rsplit("/", 1)[-1].removesuffix(".yml")
    if period[:4] != year:
        message = f"期间 {period} 不属于 {year} 年度；请登记到 receipts/{period[:4]}.yml。"
        found.append(Finding(path, (*where, "period"), "P304", message))
    plan = _receipt_plan(ledger, receipt)
    if plan is None:
        message = f"期间 {period} 不在任何工作要点的报送期间内。"
        found.append(Finding(path, (*where, "period"), "R404", message))
    elif receipt.unit not in ledger.owes(plan, receipt.kind):
        name = ledger.units[receipt.unit].name
        message = f"按《{plan.title}》的报送规则，{name}无需报送这一类报告；请检查单位和类别。"
        found.append(Finding(path, (*where, "unit"), "R421", message))
    return found


def _receipt_plan(ledger: Ledger, receipt: Receipt) -> Plan | None:
    return ledger.plan_for(receipt.kind, receipt.period)


def _calendar(ledger: Ledger) -> list[Finding]:
    calendar = ledger.calendar
    found = []
    for i, day in enumerate(calendar.listed):
        if day in calendar.holidays:
            message = f"{day.isoformat()} 同时列为放假日期（holidays）和调休上班日期（workdays）；请只保留一处。"
            found.append(Finding(calendar.path, ("workdays", i), "R422", message))
    return found


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"（是否是“{close[0]}”？）" if close else ""
