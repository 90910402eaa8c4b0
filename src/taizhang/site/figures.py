"""数据指标: the figures units report in their monthly entries, matched and totalled (pure, no I/O).

A monthly entry may carry figures (新增新能源车辆 56 辆). Units write the same figure in different
ways — full-width or half-width characters, spaces, 公里 or km — so names and measure units are
normalised before they are added up. What still cannot be added (one name with two measure units
that are not the same writing, or a figure without a measure unit beside ones with) is listed as
unmatched, never silently summed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from taizhang.data.model import Report
from taizhang.tracking import kinds

# Writings of one measure unit (after NFKC and lower-casing), mapped to the one the site prints.
UNIT_WRITINGS = {
    "km": "公里",
    "千米": "公里",
    "公里数": "公里",
    "m": "米",
    "t": "吨",
    "吨数": "吨",
    "万t": "万吨",
    "kw": "千瓦",
    "kwh": "千瓦时",
    "度": "千瓦时",
    "辆车": "辆",
    "台车": "台",
    "人次数": "人次",
    "%": "%",
    "个数": "个",
}
_SPACES = re.compile(r"[\s\u3000]+")
_NAME_NOISE = re.compile(r"[“”\"'‘’《》〈〉·:：,，。;；]")


def name_key(name: str) -> str:
    """新增 新能源车辆、新增新能源车辆（full-width spaces, quotes) → one key."""
    text = unicodedata.normalize("NFKC", name)
    return _NAME_NOISE.sub("", _SPACES.sub("", text)).lower()


def unit_key(unit: str) -> str:
    text = _SPACES.sub("", unicodedata.normalize("NFKC", unit)).lower()
    return UNIT_WRITINGS.get(text, text)


@dataclass(frozen=True)
class Item:
    """One reported figure: who reported it, in which report, about which task."""

    unit: str
    task: str
    period: str
    path: str
    name: str  # as written
    value: float
    measure: str  # as written ("" when none)


@dataclass
class Total:
    """A figure added up over the plan year: overall, per unit and per task, with its sources."""

    name: str  # the most common writing
    measure: str  # normalised measure unit
    value: float = 0.0
    by_unit: dict[str, float] = field(default_factory=dict)
    by_task: dict[str, float] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    totals: list[Total]  # in order of first appearance
    unmatched: list[Item]  # figures that could not be added to any total


def items(reports: Iterable[Report]) -> list[Item]:
    """Every figure in the monthly `reports`, in report order."""
    out = []
    for report in reports:
        if report.kind != kinds.MONTHLY:
            continue
        for task_id, entry in report.entries.items():
            found = entry.get("figures") if isinstance(entry, dict) else None
            for f in found if isinstance(found, list) else ():
                value = f.get("value") if isinstance(f, dict) else None
                if isinstance(value, int | float) and not isinstance(value, bool) and f.get("name"):
                    measure = str(f.get("unit") or "")
                    out.append(Item(report.unit, task_id, report.period, report.path, str(f["name"]), value, measure))
    return out


def total(found: Iterable[Item]) -> Figures:
    """Group by normalised name; within a name, the measure unit most reports use wins (ties: the
    first written), and items in any other measure unit are unmatched."""
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in found:
        by_name[name_key(item.name)].append(item)
    totals, unmatched = [], []
    for group in by_name.values():
        counts: dict[str, int] = defaultdict(int)
        for item in group:
            counts[unit_key(item.measure)] += 1
        measure = max(counts, key=lambda m: counts[m])  # dicts keep order: ties go to the first written
        writings: dict[str, int] = defaultdict(int)
        t = Total(name="", measure=measure)
        for item in group:
            if unit_key(item.measure) != measure:
                unmatched.append(item)
                continue
            writings[item.name] += 1
            t.value += item.value
            t.by_unit[item.unit] = t.by_unit.get(item.unit, 0) + item.value
            t.by_task[item.task] = t.by_task.get(item.task, 0) + item.value
            t.items.append(item)
        t.name = max(writings, key=lambda w: writings[w])
        totals.append(t)
    return Figures(totals, unmatched)


def of_reports(reports: Iterable[Report]) -> Figures:
    return total(items(reports))


def number(value: float) -> str:
    """56 → "56", 12.5 → "12.5", 1234567 → "1234567" (no grouping: the bureau's tables do not use it)."""
    return f"{value:.10g}" if value != int(value) else str(int(value))
