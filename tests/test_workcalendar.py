from __future__ import annotations

import datetime as dt

import pytest

from taizhang.errors import FatalError
from taizhang.tracking.workcalendar import WorkCalendar

D = dt.date


def test_national_day_deadline_moves_to_the_make_up_working_saturday() -> None:
    calendar = WorkCalendar()

    assert not calendar.is_workday(D(2023, 10, 3))  # 国庆节
    assert calendar.is_workday(D(2023, 10, 7))  # a Saturday, declared a working day (调休)
    assert calendar.shift(D(2023, 10, 3), "next_working_day") == D(2023, 10, 7)


def test_no_shift_keeps_the_deadline_even_on_a_holiday() -> None:
    assert WorkCalendar().shift(D(2023, 10, 3), "none") == D(2023, 10, 3)


def test_a_deadline_on_a_working_day_does_not_move() -> None:
    assert WorkCalendar().shift(D(2023, 8, 3), "next_working_day") == D(2023, 8, 3)


def test_an_ordinary_weekend_moves_to_monday() -> None:
    assert WorkCalendar().shift(D(2023, 12, 3), "next_working_day") == D(2023, 12, 4)


def test_a_year_neither_the_package_nor_the_file_covers_is_fatal() -> None:
    with pytest.raises(FatalError, match=r"节假日数据未覆盖 2099 年.*calendar.yml"):
        WorkCalendar().shift(D(2099, 1, 1), "next_working_day")


def test_calendar_file_covers_a_year_the_package_lacks() -> None:
    calendar = WorkCalendar.from_data(
        {
            "years": [2099],
            "holidays": [{"date": "2099-01-01", "name": "元旦"}, {"date": "2099-01-02"}],
            "workdays": [],
        }
    )

    assert calendar.covers(2099)
    assert calendar.shift(D(2099, 1, 1), "next_working_day") == D(2099, 1, 5)  # Thu, Fri off; weekend; Monday


def test_calendar_file_corrects_the_package() -> None:
    calendar = WorkCalendar.from_data(
        {"holidays": [{"date": "2023-08-03", "name": "临时放假"}], "workdays": [{"date": "2023-10-03"}]}
    )

    assert calendar.shift(D(2023, 8, 3), "next_working_day") == D(2023, 8, 4)
    assert calendar.shift(D(2023, 10, 3), "next_working_day") == D(2023, 10, 3)
