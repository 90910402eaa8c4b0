"""plan.yml's data: what the text says, and sensible defaults where it says nothing.

Every default carries a check: a Chinese remark that render.py writes as a YAML comment beside the
value (“请核对：…”), so the user sees which lines are the importer's guesses.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from taizhang.importer.front import Front
from taizhang.importer.names import Registry
from taizhang.importer.rules import KINDS, NAMES, Found
from taizhang.tracking import kinds

PLACEHOLDER = "待补充"
_MONTHLY_DEFAULT = {"from": "period_end", "months": 1, "day": 5}
# Rules the bundled plan has and a new plan most likely needs: when the text is silent, say so.
_ABSENT = {
    kinds.ANNUAL_PLAN: f"原文未找到年度工作要点备案的要求；如需要，请仿照上面的规则补充 {kinds.ANNUAL_PLAN}。",
    kinds.ANNUAL_SUMMARY: f"原文未找到年度工作总结的报送要求；如需要，请仿照上面的规则补充 {kinds.ANNUAL_SUMMARY}。",
    kinds.STUDY: f"原文未找到季度学习次数的要求；如需要，请补充 {kinds.STUDY}（每季度最少次数）。",
}


@dataclass
class Draft:
    data: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)  # field path -> remark for the user
    absent: list[str] = field(default_factory=list)  # rules the text does not state


@dataclass(frozen=True)
class Said:
    """What the text and its tasks say that bears on reporting."""

    rules: dict[str, Found]  # the rules stated, by kind
    shift: bool  # 遇节假日顺延
    addressees: list[str]  # 主送单位, as refs (unmatched names as written)
    roles: list[dict[str, list[str]]]  # every task's roles, as refs
    registry: Registry


def draft(front: Front, year: int, said: Said) -> Draft:
    out = Draft()
    d = out.data
    d["title"] = _given(out, "title", front.title, f"{year}年工作要点", "原文未找到工作要点标题，暂按年度填写")
    if front.notice_title:
        d["notice_title"] = front.notice_title
    d["issuer"] = _given(out, "issuer", front.issuer, PLACEHOLDER, "原文未找到发文机关，请填写")
    d["document_number"] = _given(out, "document_number", front.document_number, PLACEHOLDER, "原文未找到文号，请填写")
    issued = front.issued or dt.date(year, 1, 1)
    if front.issued is None:
        out.checks["issued"] = "原文未找到印发日期，暂按 1 月 1 日填写"
    d["issued"] = issued.isoformat()
    if front.printed_by:
        d["printed_by"] = front.printed_by
    if front.publicity:
        d["publicity"] = front.publicity
    d["year"] = year
    start = issued.month if issued.year == year else 1
    d["period"] = {"start": f"{year}-{start:02d}", "end": f"{year}-12"}
    out.checks["period"] = f"月报自印发当月（{start}月）起，至年底止（原文未写明起止月份，请核对）"
    if said.addressees:
        d["addressees"] = said.addressees
    source = _source(front)
    if source:
        d["source"] = source
    d["reporting"] = _reporting(out, said)
    return out


def _given(out: Draft, name: str, value: str | None, default: str, remark: str) -> str:
    if value:
        return value
    out.checks[name] = remark
    return default


def _source(front: Front) -> str:
    head = " ".join(x for x in (front.red_header or front.issuer, front.document_number) if x)
    on = front.printed_on or front.issued
    return f"{head}，{on.year}年{on.month}月{on.day}日印发" if head and on else head


def _reporting(out: Draft, said: Said) -> dict[str, Any]:
    found, registry = dict(said.rules), said.registry
    # the main progress rule: the monthly one, else a quarterly or half-yearly one, else a monthly default
    monthly = next((found[k] for k in (kinds.MONTHLY, kinds.QUARTERLY, kinds.HALF_YEARLY) if k in found), None)
    if monthly is None:
        monthly = found[kinds.MONTHLY] = Found(kinds.MONTHLY, dict(_MONTHLY_DEFAULT), "", None, None)
        out.checks[f"rules.{kinds.MONTHLY}"] = "原文未找到月报时限，暂定每月5日前报送上月任务进展情况，请核对"
    reviewer = monthly.to or _busiest_lead(said.roles, registry)
    reporting: dict[str, Any] = {"timezone": "Asia/Shanghai"}
    if reviewer:
        reporting["reviewer"] = reviewer
        if not monthly.to:
            out.checks["reporting.reviewer"] = "原文未写明报送对象，暂按牵头任务最多的单位填写，请核对"
    reporting["holiday_shift"] = "next_working_day" if said.shift else "none"
    out.checks["reporting.holiday_shift"] = (
        "原文规定截止日遇节假日顺延至下一个工作日"
        if said.shift
        else "本计划选择：截止日遇周末或法定节假日不顺延（原文未规定顺延），请核对"
    )
    reporting["due_soon_days"] = 3
    out.checks["reporting.due_soon_days"] = "截止日前 3 天起提醒（默认值，可修改）"
    reporting["hand_in_grace_days"] = 1
    out.checks["reporting.hand_in_grace_days"] = (
        "公平计时：拉取请求提交后 1 天内自动合并的，按提交时间计，超过的按合并时间计（默认值，原文未规定），请核对"
    )
    registered = {e.id for e in registry.entries()}
    who = monthly.who or [a for a in said.addressees if a in registered] or _named_in_tasks(said.roles, registry)
    if not monthly.who:
        out.checks[f"rules.{monthly.kind}.who"] = "原文未写明报送单位，暂按主送单位（没有时按任务中的单位）填写，请核对"
    rules = []
    for kind in KINDS:
        rule = found.get(kind)
        if rule is None:
            if kind in _ABSENT:
                out.absent.append(_ABSENT[kind])
            continue
        rules.append(_rule(out, rule, who, reviewer, monthly))
    reporting["rules"] = rules
    return reporting


def _rule(out: Draft, rule: Found, who: list[str], reviewer: str | None, monthly: Found) -> dict[str, Any]:
    due = dict(rule.due)
    data: dict[str, Any] = {
        "kind": rule.kind,
        "name": due.pop("name", None) or NAMES[rule.kind],
        "who": rule.who or who,
    }
    if rule.who is None and rule is not monthly:
        out.checks[f"rules.{rule.kind}.who"] = "原文此句未写明报送单位，与月报相同，请核对"
    if rule.to or reviewer:
        data["to"] = rule.to or reviewer
    data["every"] = kinds.KINDS[rule.kind].cadence
    if rule.min_sessions is not None:
        data["min_sessions"] = rule.min_sessions
    counted = kinds.KINDS[rule.kind].counted_in is not None
    data["due"] = dict(monthly.due) if counted else due
    if counted:
        out.checks[f"rules.{rule.kind}.due"] = "学习情况随季度最后一个月的月报报送，截止日与该月月报相同"
    if rule.source:
        data["source"] = rule.source
    return data


def _busiest_lead(roles: list[dict[str, list[str]]], registry: Registry) -> str | None:
    units = {u.id for u in registry.units}
    counts = Counter(ref for r in roles for ref in r.get("lead", []) + r.get("responsible", []) if ref in units)
    return counts.most_common(1)[0][0] if counts else None


def _named_in_tasks(roles: list[dict[str, list[str]]], registry: Registry) -> list[str]:
    """The groups the tasks name (各县（市、区）交通运输局 …), or failing those the units they name."""
    for kind in (registry.groups, registry.units):
        ids = {e.id for e in kind}
        out: list[str] = []
        for r in roles:
            for refs in r.values():
                out += [ref for ref in refs if ref in ids and ref not in out]
        if out:
            return out
    return []
