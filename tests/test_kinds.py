"""The registry of report kinds and the Period type: one table, walked here so that a half-added
kind fails loudly, and a scan of the package that finds kind names written anywhere else."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from taizhang import samples, templates
from taizhang.data import layout, schema
from taizhang.tracking import kinds
from taizhang.tracking.kinds import KINDS, Period

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "taizhang"
# Where kind names may be written: the registry itself, the report templates and the sample texts.
ALLOWED = {Path(module.__file__ or "").resolve() for module in (kinds, templates, samples)}


@pytest.mark.parametrize(
    ("text", "cadence", "first", "last", "end", "zh"),
    [
        ("2023-08", "month", "2023-08", "2023-08", dt.date(2023, 8, 31), "2023年8月"),
        ("2024-02", "month", "2024-02", "2024-02", dt.date(2024, 2, 29), "2024年2月"),
        ("2023-Q3", "quarter", "2023-07", "2023-09", dt.date(2023, 9, 30), "2023年第三季度"),
        ("2024-H1", "half_year", "2024-01", "2024-06", dt.date(2024, 6, 30), "2024年上半年"),
        ("2024-H2", "half_year", "2024-07", "2024-12", dt.date(2024, 12, 31), "2024年下半年"),
        ("2023", "year", "2023-01", "2023-12", dt.date(2023, 12, 31), "2023年度"),
        ("2023-10-31", "once", "2023-10", "2023-10", dt.date(2023, 10, 31), "2023年10月31日"),
    ],
)
def test_a_period_knows_its_months_its_last_day_and_its_chinese_name(
    text: str, cadence: str, first: str, last: str, end: dt.date, zh: str
) -> None:
    period = Period.of(text)
    assert (period.cadence, period.first_month, period.last_month, period.end, period.zh) == (
        cadence,
        first,
        last,
        end,
        zh,
    )


@pytest.mark.parametrize("text", ["2023-13", "2023-Q5", "2023-H3", "2023-02-30", "23", "2023-8", "2023Q1", ""])
def test_a_misspelt_period_is_no_period(text: str) -> None:
    assert Period.parse(text) is None


def test_periods_order_by_when_they_start_then_end() -> None:
    texts = ["2023-Q3", "2023-10-31", "2023", "2023-07", "2023-H2", "2023-09"]
    ordered = sorted((Period.of(t) for t in texts), key=Period.sort_key)
    assert [p.text for p in ordered] == ["2023", "2023-07", "2023-Q3", "2023-H2", "2023-09", "2023-10-31"]


def test_the_periods_a_cadence_touches_within_a_plans_months() -> None:
    months = kinds.month_range("2023-07", "2024-02")
    assert [p.text for p in kinds.periods_touching("quarter", months)] == ["2023-Q3", "2023-Q4", "2024-Q1"]
    assert [p.text for p in kinds.periods_touching("half_year", months)] == ["2023-H2", "2024-H1"]


def test_every_kind_is_complete_and_its_files_classify_back_to_it() -> None:
    assert [k.order for k in KINDS.values()] == sorted(k.order for k in KINDS.values())
    for kind in KINDS.values():
        assert kind.cadence in kinds.CADENCES, kind.name
        assert kind.zh and kind.short and kind.noun, kind.name
        if kind.counted_in is not None:
            assert KINDS[kind.counted_in].has_file and not kind.has_file, kind.name
            continue
        assert kind.schema in schema.KINDS, kind.name
        example = {"month": "2023-08", "quarter": "2023-Q3", "half_year": "2023-H2", "year": "2023"}
        period = example.get(kind.cadence, "2023-10-31")
        path = kind.path("xinfu", period)
        assert path is not None
        place = layout.classify(path)
        assert isinstance(place, layout.Place), path
        assert (place.kind, place.unit, place.period) == (kind.name, "xinfu", period)


def test_the_schemas_list_exactly_the_registrys_kinds() -> None:
    plan = schema.schema("plan")["$defs"]["rule"]["properties"]
    assert plan["kind"]["enum"] == list(KINDS)
    assert plan["every"]["enum"] == list(kinds.CADENCES)
    receipts = schema.schema("receipts")["$defs"]["receipt"]["properties"]
    assert receipts["kind"]["enum"] == list(KINDS)
    for name in kinds.SCHEMAS:
        document = schema.schema(name)
        users = [k.name for k in KINDS.values() if k.schema == name]
        declared = document["properties"]["kind"]
        assert declared.get("enum", [declared.get("const")]) == users, name


def _kind_names_in(text: str) -> list[str]:
    names = "|".join(re.escape(name) for name in KINDS)
    # a quoted name ("monthly", 'annual_plan') or a path folder (/annual_plan/)
    return re.findall(rf"""["'/]({names})["'/]""", text)


def test_no_kind_name_is_written_outside_the_registry_templates_and_samples() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.resolve() in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _kind_names_in(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []


def test_the_scan_would_see_a_kind_name_written_elsewhere() -> None:
    assert _kind_names_in('if kind == "monthly":') == ["monthly"]
    assert _kind_names_in("reports/2023/annual_plan/xinfu.yml") == ["annual_plan"]
    assert _kind_names_in("kinds.MONTHLY") == []


def test_the_published_schemas_are_json_and_name_each_progress_kind() -> None:
    text = schema.schema_text("quarterly")
    assert json.loads(text)["properties"]["kind"]["enum"] == [kinds.QUARTERLY, kinds.HALF_YEARLY, kinds.SPECIAL]


def test_a_report_path_with_a_trailing_newline_is_no_report() -> None:
    assert kinds.classify("reports/2023-08/xinfu.yml\n", "[a-z]+") is None
    assert kinds.classify("reports/2023-08/xinfu.yml", "[a-z]+") == ("monthly", "2023-08", "xinfu")
