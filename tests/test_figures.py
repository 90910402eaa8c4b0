"""数据指标: figures that units report are matched by name and measure unit, then added up."""

from __future__ import annotations

from typing import Any

from taizhang.data.model import Report
from taizhang.site import figures


def report(unit: str, period: str, **tasks: list[dict[str, Any]]) -> Report:
    entries = {task: {"status": "正常推进", "progress": "进展", "figures": found} for task, found in tasks.items()}
    return Report("monthly", unit, period, f"reports/{period}/{unit}.yml", {"tasks": entries})


def test_names_written_with_full_width_spaces_or_quotes_are_one_figure() -> None:
    found = figures.of_reports(
        [
            report("xinfu", "2023-08", t4_2=[{"name": "新增新能源车辆", "value": 56, "unit": "辆"}]),
            report("daixian", "2023-08", t4_2=[{"name": "新增　新能源车辆 ", "value": 4, "unit": "辆"}]),
            report("xinfu", "2023-09", t4_2=[{"name": "“新增新能源车辆”", "value": 10, "unit": " 辆"}]),
        ]
    )
    assert len(found.totals) == 1 and found.unmatched == []
    total = found.totals[0]
    assert (total.name, total.measure, total.value) == ("新增新能源车辆", "辆", 70)
    assert total.by_unit == {"xinfu": 66, "daixian": 4} and total.by_task == {"t4_2": 70}
    assert [(i.unit, i.period) for i in total.items] == [
        ("xinfu", "2023-08"),
        ("daixian", "2023-08"),
        ("xinfu", "2023-09"),
    ]


def test_measure_units_written_differently_are_matched() -> None:
    found = figures.of_reports(
        [
            report("xinfu", "2023-08", t3_2=[{"name": "改造农村公路", "value": 12.5, "unit": "km"}]),
            report("daixian", "2023-08", t3_2=[{"name": "改造农村公路", "value": 3, "unit": "公里"}]),
            report("fanshi", "2023-08", t3_2=[{"name": "改造农村公路", "value": 2, "unit": "千米"}]),
        ]
    )
    assert [(t.measure, figures.number(t.value)) for t in found.totals] == [("公里", "17.5")]


def test_a_figure_in_another_measure_unit_is_listed_not_added() -> None:
    found = figures.of_reports(
        [
            report("xinfu", "2023-08", t6_3=[{"name": "新建充电桩", "value": 20, "unit": "个"}]),
            report("daixian", "2023-08", t6_3=[{"name": "新建充电桩", "value": 8, "unit": "个"}]),
            report("fanshi", "2023-08", t6_3=[{"name": "新建充电桩", "value": 2, "unit": "座"}]),
            report("kelan", "2023-08", t6_3=[{"name": "新建充电桩", "value": 5}]),
        ]
    )
    assert [(t.name, t.measure, t.value) for t in found.totals] == [("新建充电桩", "个", 28)]
    assert [(i.unit, i.value, i.measure) for i in found.unmatched] == [("fanshi", 2, "座"), ("kelan", 5, "")]


def test_annual_reports_and_entries_without_figures_add_nothing() -> None:
    annual = Report(
        "annual_summary", "xinfu", "2023", "x.yml", {"tasks": {"t1": {"figures": [{"name": "a", "value": 1}]}}}
    )
    plain = Report("monthly", "xinfu", "2023-08", "y.yml", {"tasks": {"t1": {"status": "正常推进", "progress": "x"}}})
    assert figures.of_reports([annual, plain]) == figures.Figures([], [])
