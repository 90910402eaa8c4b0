"""Report kinds (报送类别) and their periods (报送期间): the one table every other module asks.

A kind is one entry in `KINDS`: its name in the data, its Chinese name, its cadence (how often it
falls due), its form (which fields a report of it has), its schema, where its files live, and its
order on the pages. A `Period` is the stretch of time one report covers: a month (2023-08), a
quarter (2023-Q3), a half-year (2023-H1), a year (2023) or, for a one-off report, the date it is
due by (2023-10-31). Pure: imports nothing else from the package, so anything may import it.

Adding a kind is one new entry here (and its schema file, if it has a new form); a test walks the
table, and another finds kind names written anywhere else in the package.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

# 周期: how often a kind falls due. "once" is a single report by a fixed date (一次性报送).
CADENCES = ("month", "quarter", "half_year", "year", "once")
CADENCE_ZH = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年", "once": "一次性"}

_PERIOD_PATTERNS = {
    "month": r"[0-9]{4}-(?:0[1-9]|1[0-2])",
    "quarter": r"[0-9]{4}-Q[1-4]",
    "half_year": r"[0-9]{4}-H[12]",
    "year": r"[0-9]{4}",
    "once": r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])",
}
PERIOD_EXAMPLES = {
    "month": "月份，如 2023-08",
    "quarter": "季度，如 2023-Q3",
    "half_year": "半年，如 2023-H1（上半年）、2023-H2（下半年）",
    "year": "年度，如 2023",
    "once": "日期，如 2023-10-31",
}
_QUARTER_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALF_ZH = ("上半年", "下半年")
_MONTHS_IN = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_index(month: str) -> int:
    """Months since year 0, so that months can be added and compared as numbers."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_of(index: int) -> str:
    year, month = divmod(index, 12)
    return month_text(year, month + 1)


@dataclass(frozen=True)
class Period:
    """报送期间: what one report covers. Ordered by start, then end (2023-07 before 2023-Q3 before 2023)."""

    text: str  # as written in paths and data: 2023-08, 2023-Q3, 2023-H1, 2023, 2023-10-31
    cadence: str

    @staticmethod
    def parse(text: str, cadence: str | None = None) -> Period | None:
        """The period `text` names (of `cadence`, when given); None when it is no period's spelling."""
        for name in (cadence,) if cadence else CADENCES:
            if re.fullmatch(_PERIOD_PATTERNS[name], text):
                period = Period(text, name)
                try:
                    period.end  # noqa: B018 (2023-02-30 matches the pattern, and is no day)
                except ValueError:
                    return None
                return period
        return None

    @staticmethod
    def of(text: str, cadence: str | None = None) -> Period:
        """parse(), for text already checked: a bad spelling is a bug here."""
        period = Period.parse(text, cadence)
        if period is None:
            raise ValueError(f"not a period: {text!r}")
        return period

    @property
    def year(self) -> int:
        return int(self.text[:4])

    @property
    def first_month(self) -> str:
        """The period's first month, YYYY-MM."""
        if self.cadence in ("month", "once"):
            return self.text[:7]
        return month_of(self.year * 12 + self._first_index())

    @property
    def last_month(self) -> str:
        if self.cadence in ("month", "once"):
            return self.text[:7]
        return month_of(self.year * 12 + self._first_index() + _MONTHS_IN[self.cadence] - 1)

    def _first_index(self) -> int:
        if self.cadence == "quarter":
            return (int(self.text[-1]) - 1) * 3
        if self.cadence == "half_year":
            return (int(self.text[-1]) - 1) * 6
        return 0

    @property
    def start(self) -> dt.date:
        if self.cadence == "once":
            return dt.date.fromisoformat(self.text)
        return dt.date(self.year, int(self.first_month[5:7]), 1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        if self.cadence == "once":
            return dt.date.fromisoformat(self.text)
        year, month = int(self.last_month[:4]), int(self.last_month[5:7])
        return dt.date(year, month, stdlib_calendar.monthrange(year, month)[1])

    def months(self) -> list[str]:
        return month_range(self.first_month, self.last_month)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    @property
    def zh(self) -> str:
        """2023年8月, 2023年第三季度, 2023年上半年, 2023年度, 2023年10月31日."""
        year = f"{self.year}年"
        if self.cadence == "month":
            return f"{year}{int(self.text[5:7])}月"
        if self.cadence == "quarter":
            return year + _QUARTER_ZH[int(self.text[-1]) - 1]
        if self.cadence == "half_year":
            return year + _HALF_ZH[int(self.text[-1]) - 1]
        if self.cadence == "year":
            return f"{self.year}年度"
        day = self.start
        return f"{year}{day.month}月{day.day}日"


@cache
def period_of(text: str, cadence: str | None = None) -> Period | None:
    """Period.parse, remembered: a province's 60,000 reports name a hundred periods."""
    return Period.parse(text, cadence)


def month_range(start: str, end: str) -> list[str]:
    """Every month from `start` to `end` inclusive, as YYYY-MM."""
    return [month_of(i) for i in range(month_index(start), month_index(end) + 1)]


def periods_touching(cadence: str, months: list[str]) -> list[Period]:
    """The periods of `cadence` that contain any of `months` (a plan's reporting months), in order."""
    if cadence == "once":
        raise ValueError("a one-off rule's period is its date")
    seen: dict[str, None] = {}
    for month in months:
        seen.setdefault(period_of_month(cadence, month))
    return [Period(text, cadence) for text in seen]


def period_of_month(cadence: str, month: str) -> str:
    """The period of `cadence` that `month` falls in: 2023-08 → 2023-08, 2023-Q3, 2023-H2, 2023."""
    year, number = month[:4], int(month[5:7])
    return {
        "month": month,
        "quarter": f"{year}-Q{(number - 1) // 3 + 1}",
        "half_year": f"{year}-H{(number - 1) // 6 + 1}",
        "year": year,
    }[cadence]


@dataclass(frozen=True)
class Kind:
    """A kind of report (报送类别): one row of the registry."""

    name: str  # in data, paths and JSON output: monthly, annual_plan …
    zh: str  # 月度进展情况
    short: str  # on crowded tables: 月报
    noun: str  # after a period, in titles: 2023年8月 + 月度进展情况, 2023年度 + 工作总结
    cadence: str  # one of CADENCES
    form: str  # progress | plan | summary | study: which fields, template and page columns
    schema: str | None  # schema file stem under schemas/; None for a kind with no file of its own
    folder: str | None  # reports/<period>/<folder>/<unit>.yml; None: reports/<period>/<unit>.yml
    order: int  # on the pages and among obligations due the same day
    counted_in: str | None = None  # study: met by sessions recorded in this kind's reports

    @property
    def has_file(self) -> bool:
        return self.schema is not None

    @property
    def period_field(self) -> str:
        """The field a report of this kind names its period in: `year: 2023` or `period: "2023-08"`."""
        return "year" if self.cadence == "year" else "period"

    def path(self, unit: str, period: str) -> str | None:
        if not self.has_file:
            return None
        folder = f"{self.folder}/" if self.folder else ""
        return f"reports/{period}/{folder}{unit}.yml"

    def path_pattern(self, unit_pattern: str) -> str:
        folder = f"{self.folder}/" if self.folder else ""
        return rf"reports/(?P<period>{_PERIOD_PATTERNS[self.cadence]})/{folder}(?P<unit>{unit_pattern})\.yml"

    def title(self, period: str) -> str:
        """2023年8月月度进展情况, 2023年度工作总结, 2023年第三季度中心组学习, 2024年上半年进展情况."""
        return Period.of(period, self.cadence).zh + self.noun

    def period_example(self) -> str:
        return PERIOD_EXAMPLES[self.cadence]


MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
STUDY = "quarterly_study"
ANNUAL_PLAN = "annual_plan"
ANNUAL_SUMMARY = "annual_summary"
SPECIAL = "special"

# name, Chinese name, short name, noun after a period, cadence, form, schema file, folder, order
# fmt: off
_TABLE = (
    Kind(MONTHLY, "月度进展情况", "月报", "月度进展情况", "month", "progress", "monthly", None, 0),
    Kind(QUARTERLY, "季度进展情况", "季报", "进展情况", "quarter", "progress", "progress", None, 1),
    Kind(HALF_YEARLY, "半年进展情况", "半年报", "进展情况", "half_year", "progress", "progress", None, 2),
    Kind(STUDY, "中心组季度学习", "季度学习", "中心组学习", "quarter", "study", None, None, 3, counted_in=MONTHLY),
    Kind(ANNUAL_PLAN, "年度工作要点备案", "年度工作要点备案", "工作要点备案", "year", "plan", ANNUAL_PLAN, ANNUAL_PLAN, 4),
    Kind(ANNUAL_SUMMARY, "年度工作总结", "年度工作总结", "工作总结", "year", "summary", ANNUAL_SUMMARY, ANNUAL_SUMMARY, 5),
    Kind(SPECIAL, "专项报告", "专项报告", "专项报告", "once", "progress", "progress", None, 6),
)
# fmt: on
KINDS: dict[str, Kind] = {kind.name: kind for kind in sorted(_TABLE, key=lambda k: k.order)}
FILED = tuple(name for name, kind in KINDS.items() if kind.has_file)  # kinds with report files
SCHEMAS = tuple(dict.fromkeys(kind.schema for kind in KINDS.values() if kind.schema))


# `taizhang new <what>`: which form each word asks for; the period's spelling picks the kind.
NEW_FORMS = {"report": "progress", "plan": "plan", "summary": "summary"}


def for_new(what: str, period: str) -> Kind | None:
    """The kind `taizhang new <what>` makes for `period`: report 2023-08 → monthly, report 2024-Q1 →
    quarterly, report 2024-10-31 → special, summary 2023 → annual_summary; None when none fits."""
    form = NEW_FORMS[what]
    return next((k for k in KINDS.values() if k.form == form and k.has_file and Period.parse(period, k.cadence)), None)


def get(name: str) -> Kind | None:
    return KINDS.get(name)


def zh(name: str) -> str:
    kind = KINDS.get(name)
    return kind.zh if kind else name


def order(name: str) -> int:
    kind = KINDS.get(name)
    return kind.order if kind else len(KINDS)


def period_zh(period: str, name: str | None = None) -> str:
    """A period in Chinese, told by its spelling (or by the kind's cadence, when given)."""
    kind = KINDS.get(name) if name else None
    parsed = Period.parse(period, kind.cadence if kind else None) or Period.parse(period)
    return parsed.zh if parsed else period


def title(name: str, period: str) -> str:
    kind = KINDS.get(name)
    return kind.title(period) if kind else f"{period_zh(period)}{name}"


def classify(path: str, unit_pattern: str) -> tuple[str, str, str] | None:
    """(kind, period, unit) a report path names, or None."""
    for kind in KINDS.values():
        if kind.has_file:
            match = _compiled(kind.name, unit_pattern).fullmatch(path)  # not `$`: it matches before a "\n"
            if match and period_of(match["period"], kind.cadence):
                return kind.name, match["period"], match["unit"]
    return None


@cache
def _compiled(name: str, unit_pattern: str) -> re.Pattern[str]:
    return re.compile(KINDS[name].path_pattern(unit_pattern))


def path_examples() -> str:
    """Where each kind's files go, for messages: 月度进展情况为 reports/<月份>/<单位代码>.yml …"""
    spelled = {
        "month": "<年-月>",
        "quarter": "<年-Q季度>",
        "half_year": "<年-H1或H2>",
        "year": "<年>",
        "once": "<截止日期>",
    }
    seen: dict[str, str] = {}
    for kind in KINDS.values():
        path = kind.path("<单位代码>", spelled[kind.cadence])
        if path and path not in seen:
            seen[path] = kind.zh
    first = "（如 reports/2023-08/xinfu.yml）"  # the commonest, spelled out once
    return "，".join(f"{zh}为 {path}{first if i == 0 else ''}" for i, (path, zh) in enumerate(seen.items()))
