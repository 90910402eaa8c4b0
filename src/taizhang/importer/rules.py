"""Reporting rules read from the plan's own sentences (三、工作要求 and the like).

    每月3日前将上月任务进展情况报市局运输科        → monthly, due the 3rd of the next month, to 运输科
    次年1月底前报送上一年度工作总结                → annual_summary, due the last day of January next year
    年度工作要点于7月30日前报市局备案              → annual_plan, due 30 July
    每季度至少学习1次                             → quarterly_study, at least one session a quarter
    每季度结束后次月10日前报送季度工作进展情况      → quarterly, due the 10th of the month after the quarter
    每半年结束后次月15日前报送半年工作进展情况      → half_yearly, due the 15th of the month after the half-year
    于2025年9月30日前报送绿色发展专项评估报告       → special, once, due 30 September 2025

Who reports is the sentence's subject (各县（市、区）交通运输局、局属各单位要…). What the text does not
say is left to plan.py, which fills in defaults and marks them for the user to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from taizhang.importer.names import Matcher
from taizhang.importer.notes import split_names
from taizhang.importer.text import SENTENCE_END, numeral, split_top
from taizhang.tracking import kinds

_N = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_MONTHLY = re.compile(rf"每(?:个)?月(?:的)?(?:(?P<day>{_N})\s*(?:日|号)|(?P<end>底|末|月底|月末))")
_DATE = re.compile(
    rf"(?P<next>次年|下一年度?|翌年|明年)?(?P<m>{_N})\s*月(?:份)?(?:(?P<d>{_N})\s*(?:日|号)|(?P<when>底|末|上旬|中旬|下旬))"
)
_STUDY = re.compile(rf"每季度[^，。；]{{0,12}}?(?P<n>{_N}|两)\s*次")
_SUBJECT = re.compile(r"^(?P<who>.{2,80}?)(?:要|应当|应|须|必须|需|务必|于|在|将)")
_RECEIVER = re.compile(
    r"(?:报|报送|报告|送|交|至|到)(?:市局|局|市交通运输局)?(?P<unit>[^，。；、：]{2,16}?(?:科|室|处|办|中心|队|局))"
)
_PERIODIC = re.compile(r"每季度|每半年|每个季度|季度末|半年")
# 每季度结束后次月10日前 / 每季度末5日前 / 每半年结束后15日内: the cadence, then the day
_CADENCE = re.compile(
    rf"每(?:个)?(?P<every>季度|半年)(?P<after>结束后|终了后|后)?(?:的)?(?P<next>次月|下月|首月|末月)?(?:的)?"
    rf"(?:(?P<day>{_N})\s*(?:日|号)|(?P<end>底|末))"
)
_FULL_DATE = re.compile(rf"(?P<y>\d{{4}})\s*年\s*(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*(?:日|号)")
_WHAT = re.compile(r"(?:报送|上报|报)(?:市局|局)?(?P<what>[^，。；、]{2,24}?(?:报告|情况|材料|方案))")
_SHIFT = re.compile(r"(?:遇|逢)[^，。；]{0,12}(?:节假日|休息日|周末)[^。；]{0,8}顺延")
_TENDAY = {"上旬": 10, "中旬": 20}

# The rule names the importer writes (the registry's Chinese names, in the plans' wording), in the
# order rules are written in plan.yml.
NAMES = {
    kinds.ANNUAL_PLAN: "年度工作要点备案",
    kinds.MONTHLY: "月度任务进展情况",
    kinds.QUARTERLY: "季度工作进展情况",
    kinds.HALF_YEARLY: "半年工作进展情况",
    kinds.ANNUAL_SUMMARY: "年度工作总结",
    kinds.STUDY: "中心组季度学习",
    kinds.SPECIAL: "专项报告",
}
KINDS = tuple(NAMES)


@dataclass(frozen=True)
class Paragraph:
    ref: str  # where it stands: 三（三）, 二（一）; empty for the notice
    text: str
    in_task: bool


@dataclass(frozen=True)
class Found:
    """A rule as the text states it; who/to are None when the sentence does not say."""

    kind: str
    due: dict[str, Any]
    source: str
    who: list[str] | None
    to: str | None
    min_sessions: int | None = None


def find_rules(paragraphs: list[Paragraph], matcher: Matcher) -> dict[str, Found]:
    """The first statement of each kind of rule, looking outside the tasks first."""
    found: dict[str, Found] = {}
    for para in sorted(paragraphs, key=lambda p: p.in_task):
        who: list[str] | None = None  # a subject carries on into the sentences after it
        for sentence in _sentences(para.text):
            who = _subject(sentence, matcher) or who
            clauses = split_top(sentence, "，,")
            for i, clause in enumerate(clauses):
                # a rule may run over two clauses: 于7月30日前，将年度工作要点报市局备案
                for text in (clause, f"{clauses[i - 1]}，{clause}") if i else (clause,):
                    for kind, due, sessions in _read(text, sentence):
                        if kind not in found:
                            excerpt = text if len(text) >= 12 or i == 0 else f"{clauses[i - 1]}，{clause}"
                            source = f"{para.ref}：{excerpt}。" if para.ref else f"{excerpt}。"
                            found[kind] = Found(kind, due, source, who, _receiver(text, matcher), sessions)
    return found


def unsupported(paragraphs: list[Paragraph]) -> list[str]:
    """Periodic reporting duties whose deadline the importer cannot read (每季度报送, with no day), as warnings."""
    out = []
    for para in paragraphs:
        for clause in split_top(para.text, "，,；;。"):
            if (
                _PERIODIC.search(clause)
                and re.search(r"报送|报告|上报|报[市局]", clause)
                and "学习" not in clause
                and not _read(clause, clause)
            ):
                where = f"（见原文{para.ref}）" if para.ref else ""
                out.append(
                    f"原文要求“{clause}”{where}，但没有写明截止日；如需在台账中跟踪，请在 plan.yml 中补充一条"
                    f"{kinds.QUARTERLY}（季度）或 {kinds.HALF_YEARLY}（半年）报送规则。"
                )
    return out


def holiday_shift(paragraphs: list[Paragraph]) -> bool:
    """True when the text says a deadline on a holiday moves to the next working day (顺延)."""
    return any(_SHIFT.search(p.text) for p in paragraphs)


def _sentences(text: str) -> list[str]:
    return split_top(text, SENTENCE_END)


def _read(clause: str, sentence: str) -> list[tuple[str, dict[str, Any], int | None]]:
    out: list[tuple[str, dict[str, Any], int | None]] = []
    monthly = _MONTHLY.search(clause)
    if monthly and re.search(r"报|进展|情况|动态", clause):
        out.append((kinds.MONTHLY, _monthly_due(monthly, clause), None))
    date = _DATE.search(clause)
    if date and "总结" in clause:
        out.append((kinds.ANNUAL_SUMMARY, _due(date, summary=True), None))
    elif date and re.search(r"工作要点|工作计划|实施方案|年度计划", clause) and re.search(r"备案|报", clause):
        out.append((kinds.ANNUAL_PLAN, _due(date, summary=False), None))
    cadence = _CADENCE.search(clause)
    if cadence and "学习" not in clause and re.search(r"报|进展|情况", clause):
        kind = kinds.QUARTERLY if cadence.group("every") == "季度" else kinds.HALF_YEARLY
        out.append((kind, _periodic_due(cadence), None))
    full = _FULL_DATE.search(clause)
    if (
        full
        and not re.search(r"总结|工作要点|工作计划|实施方案|年度计划|每", clause)
        and re.search(r"报送|上报|报", clause)
    ):
        day = dt.date(int(full.group("y")), numeral(full.group("m")) or 1, numeral(full.group("d")) or 1)
        what = _WHAT.search(clause)
        out.append((kinds.SPECIAL, {"date": day.isoformat(), "name": what.group("what") if what else None}, None))
    study = _STUDY.search(clause)
    if study and "学习" in sentence:
        due = {"from": "period_end", "months": 1, "day": 3}  # replaced by the monthly rule's due in plan.py
        out.append((kinds.STUDY, due, numeral(study.group("n").replace("两", "二"))))
    return out


def _periodic_due(match: re.Match[str]) -> dict[str, Any]:
    """每季度结束后次月10日前: 10 days into the month after the period; 每季度末: its last day."""
    if match.group("end") and not match.group("next"):
        return {"from": "period_end", "months": 0, "day": "last"}
    months = 1 if match.group("after") or match.group("next") in ("次月", "下月", "首月") else 0
    day = "last" if match.group("end") else numeral(match.group("day") or "1") or 1
    return {"from": "period_end", "months": months, "day": day}


def _monthly_due(match: re.Match[str], clause: str) -> dict[str, Any]:
    if match.group("end"):
        return {"from": "period_end", "months": 1 if "上月" in clause else 0, "day": "last"}
    day = numeral(match.group("day")) or 1
    if "上月" in clause:
        months = 1
    elif re.search(r"当月|本月", clause):
        months = 0
    else:
        months = 1 if day <= 15 else 0
    return {"from": "period_end", "months": months, "day": day}


def _due(match: re.Match[str], summary: bool) -> dict[str, Any]:
    """A date in the plan's year counts from its first month; one in the next year from its last."""
    month = numeral(match.group("m")) or 1
    when = match.group("when")
    day: int | str = (numeral(match.group("d")) or 1) if match.group("d") else _TENDAY.get(when or "", "last")
    if match.group("next") or (summary and month <= 3):
        return {"from": "period_end", "months": month, "day": day}
    return {"from": "period_start", "months": month - 1, "day": day}


def _subject(sentence: str, matcher: Matcher) -> list[str] | None:
    """The units a sentence addresses: 各县（市、区）交通运输局、局属各单位要… → counties, affiliated."""
    match = _SUBJECT.match(sentence)
    if not match:
        return None
    ids = [matcher.match(name) for name in split_names(match.group("who"))]
    known = [i for i in ids if i is not None]
    return known if known and len(known) == len(ids) else None


def _receiver(clause: str, matcher: Matcher) -> str | None:
    for match in _RECEIVER.finditer(clause):
        found = matcher.match(match.group("unit"))
        if found and any(found == u.id for u in matcher.registry.units):
            return found
    return None
