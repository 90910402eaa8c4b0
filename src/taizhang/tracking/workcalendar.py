"""Working days in China (工作日), for deadlines that move off weekends and statutory holidays.

Backed by the `chinesecalendar` package (the State Council's yearly holiday notice, with its
make-up working days, 调休) and corrected or extended by the repository's `calendar.yml`:

    years: [2027]                                  # years this file lists in full
    holidays: [{date: 2027-01-01, name: 元旦}]     # extra days off (or corrections)
    workdays: [{date: 2027-02-06, name: 春节调休上班}]  # extra working days (调休)

A date in a year neither the package nor the file covers is a FatalError: a deadline must never be
moved on a guess. Pure lookups; nothing here reads files (repository.py builds it from calendar.yml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import chinese_calendar
from chinese_calendar import constants

from taizhang.errors import FatalError

SHIFTS = ("none", "next_working_day")
SHIFT_ZH = {"none": "不顺延", "next_working_day": "顺延至下一个工作日"}
CALENDAR_FILE = "calendar.yml"

_PACKAGE_YEARS = frozenset(day.year for day in constants.holidays)


@dataclass(frozen=True)
class WorkCalendar:
    """China's working days: the package's calendar, overridden by the repository's data file."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()  # years the data file lists in full
    path: str = CALENDAR_FILE
    names: dict[dt.date, str] = field(default_factory=dict, compare=False, repr=False)
    listed: tuple[dt.date, ...] = field(default=(), compare=False, repr=False)  # workdays in file order

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str = CALENDAR_FILE) -> WorkCalendar:
        """From calendar.yml data that passed its schema."""
        holidays = {dt.date.fromisoformat(item["date"]): item.get("name", "") for item in data.get("holidays", [])}
        workdays = {dt.date.fromisoformat(item["date"]): item.get("name", "") for item in data.get("workdays", [])}
        return cls(
            holidays=frozenset(holidays),
            workdays=frozenset(workdays),
            years=frozenset(data.get("years", [])),
            path=path,
            names={**holidays, **workdays},
            listed=tuple(dt.date.fromisoformat(item["date"]) for item in data.get("workdays", [])),
        )

    def covers(self, year: int) -> bool:
        return year in self.years or year in _PACKAGE_YEARS

    def is_workday(self, day: dt.date) -> bool:
        """True on a working day: a weekday that is no holiday, or a make-up working day (调休)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.years:
            return day.weekday() < 5
        if day.year in _PACKAGE_YEARS:
            return bool(chinese_calendar.is_workday(day))
        raise FatalError(self._uncovered(day.year))

    def shift(self, day: dt.date, rule: str) -> dt.date:
        """The deadline `day` moved by `rule`: "none" keeps it; "next_working_day" moves it off a day off."""
        if rule == "none":
            return day
        if rule != "next_working_day":
            raise ValueError(f"unknown holiday shift {rule!r}")
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def _uncovered(self, year: int) -> str:
        span = f"{min(_PACKAGE_YEARS)}—{max(_PACKAGE_YEARS)}"
        return (
            f"节假日数据未覆盖 {year} 年（chinesecalendar {chinese_calendar.__version__} 收录 {span} 年），"
            f"无法判断截止日是否顺延；请升级 chinesecalendar，或在 {self.path} 的 years 中加入 {year}，"
            "并列出当年放假日期（holidays）和调休上班日期（workdays）"
        )
