"""退回 and 延期: the reviewing office's returns and the units' extension requests, as data.

returns/<the report's place>.yml lists each return of one report with its time and reason; only
reviewers (the reviewing office's accounts, maintainers) may write it (access.py). A file
extensions/<the report's place>.yml asks for `days` more; it is granted when a reviewer merges it,
so its landing time on main is the grant time. The plan's `reporting.review` rules say how a fix
after a return is judged (补报) and how many extensions a unit may have.

Pure: parsing, checks (findings for validate) and the rules; status.py brings the landing times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taizhang.data import layout
from taizhang.data.crossref import Finding
from taizhang.data.layout import Place
from taizhang.data.ledger import Ledger
from taizhang.data.model import Extension, Plan, Return, aware
from taizhang.tracking import kinds

DEFAULTS: dict[str, Any] = {
    "resubmit_days": 5,
    "max_extensions": 2,
    "max_extension_days": 15,
    "extension_after_due": False,
}


@dataclass(frozen=True)
class ReviewRules:
    """plan.yml `reporting.review` (DEFAULTS where it says nothing)."""

    resubmit_days: int  # a fix within this many days of a return keeps the first submission's time
    max_extensions: int  # per unit and plan year
    max_extension_days: int  # per extension
    extension_after_due: bool  # whether an extension granted after the original deadline counts

    def describe(self) -> list[str]:
        """The rules in words, for the bulletin and assessment pages."""
        after = "仍然有效" if self.extension_after_due else "不予计算，仍按原截止日期判定"
        return [
            f"退回：报告被退回后 {self.resubmit_days} 日内补报的，仍按首次报送时间判定按时或迟报；"
            f"超过 {self.resubmit_days} 日的，按补报时间判定；尚未补报的，记为“退回”，不算报送",
            f"延期：审核科室合并延期申请即为批准，截止日期推后申请的天数，原截止日期保留在记录中；"
            f"每个单位每年度最多延期 {self.max_extensions} 次，每次不超过 {self.max_extension_days} 天；"
            f"原截止日期之后才批准的延期{after}",
        ]


def rules_of(plan: Plan) -> ReviewRules:
    raw = {**DEFAULTS, **(plan.raw.get("reporting", {}).get("review") or {})}
    return ReviewRules(
        raw["resubmit_days"], raw["max_extensions"], raw["max_extension_days"], raw["extension_after_due"]
    )


def add(ledger: Ledger, place: Place, data: dict[str, Any]) -> None:
    """A schema-valid return or extension file into the ledger."""
    target = layout.review_target(place)
    assert target is not None
    kind, unit, period = target
    if place.kind == "return":
        for i, item in enumerate(data["returns"]):
            at = aware(item["at"])
            ledger.returns.append(Return(kind, unit, period, at, item["reason"], item.get("by", ""), place.path, i))
    else:
        ledger.extensions.append(Extension(kind, unit, period, data["days"], data["reason"], place.path))


def check(ledger: Ledger) -> list[Finding]:
    """Returns and extensions name a report the unit owes; times are valid; extensions fit the rules."""
    found: list[Finding] = []
    for r in ledger.returns:
        if r.at is None:
            message = "退回时间不是有效的日期时间；请写成 2023-09-05T10:00:00+08:00 的形式（北京时间）。"
            found.append(Finding(r.path, ("returns", r.index, "at"), "S206", message))
        if r.index == 0:
            found += _owed(ledger, r.path, r.kind, r.unit, r.period, "退回")
    for e in ledger.extensions:
        found += _owed(ledger, e.path, e.kind, e.unit, e.period, "延期申请")
    found += _limits(ledger)
    return found


def _owed(ledger: Ledger, path: str, kind: str, unit: str, period: str, what: str) -> list[Finding]:
    plan = ledger.plan_for(kind, period)
    name = ledger.units[unit].name if unit in ledger.units else f"未登记的单位“{unit}”"
    if plan is None or unit not in ledger.owes(plan, kind):
        report = layout.report_path(kind, unit, period)
        message = (
            f"这份{what}对应的报告 {report} 不是应报事项（{name}在这一期间无需报送{kinds.zh(kind)}）；"
            "请检查文件位置中的期间和单位代码。"
        )
        return [Finding(path, (), "R433", message)]
    return []


def _limits(ledger: Ledger) -> list[Finding]:
    """Each extension within the plan's limits: days per extension, extensions per unit and year."""
    found = []
    counted: dict[tuple[str, str], int] = {}
    for e in sorted(ledger.extensions, key=lambda e: (e.period[:4], e.unit, e.period, e.kind)):
        plan = ledger.plan_for(e.kind, e.period)
        if plan is None:
            continue
        rules = rules_of(plan)
        if e.days > rules.max_extension_days:
            message = (
                f"延期 {e.days} 天，超过《{plan.title}》规定的每次最多 {rules.max_extension_days} 天；请减少天数。"
            )
            found.append(Finding(e.path, ("days",), "R434", message))
        n = counted[(plan.key, e.unit)] = counted.get((plan.key, e.unit), 0) + 1
        if n > rules.max_extensions:
            message = (
                f"这是本单位本年度第 {n} 次延期，超过《{plan.title}》规定的每年最多 {rules.max_extensions} 次；"
                "超出的延期不予计算，请按原截止日期报送。"
            )
            found.append(Finding(e.path, (), "R434", message))
    return found


def refused(ledger: Ledger, extension: Extension) -> str:
    """Why the plan's rules do not let `extension` count (beyond the grant-time rule), or ""."""
    plan = ledger.plan_for(extension.kind, extension.period)
    if plan is None:
        return "不是应报事项"
    rules = rules_of(plan)
    if extension.days > rules.max_extension_days:
        return f"超过每次最多 {rules.max_extension_days} 天的规定"
    same = sorted(
        (e for e in ledger.extensions if e.unit == extension.unit and ledger.plan_for(e.kind, e.period) is plan),
        key=lambda e: (e.period, e.kind),
    )
    if same.index(extension) >= rules.max_extensions:
        return f"超过每年度最多 {rules.max_extensions} 次的规定"
    return ""
