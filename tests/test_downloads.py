"""下载: the tasks as CSV and JSON, each plan year's data archive (reports, statuses, figures), the JSON Schemas, and the download page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.site import pages
from taizhang.site.pages import downloads
from tests import sitedata

AS_OF = dt.date(2023, 10, 10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[Obligation], dict[str, str]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("downloads"))
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09", '=HYPERLINK("http://x","点我")')
    sitedata.write_report(root, registry, "monthly", "yuanping", "2023-09")
    ledger = sitedata.ledger_of(root)
    owed = [
        sitedata.obligation("xinfu", "monthly", "2023-09", "late", 2),
        sitedata.obligation("yuanping", "monthly", "2023-09", "on_time"),
        sitedata.obligation("dingxiang", "monthly", "2023-09", "overdue", 7),
    ]
    config = pages.SiteConfig(schemas={"monthly.schema.json": '{"title": "月度进展情况"}'})
    site = pages.build_site(ledger, owed, AS_OF, config)
    packed = site.later["downloads/data/2023.zip"]()
    members = {name: zipfile.ZipFile(io.BytesIO(packed)).read(name).decode("utf-8") for name in MEMBERS}
    sizes = {"2023.zip/size": str(len(packed))}
    return ledger, owed, site.files | sizes | {f"2023.zip/{name}": text for name, text in members.items()}


MEMBERS = ("说明.txt", "reports.csv", "reports.json", "statuses.csv", "statuses.json", "figures.csv", "figures.json")


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_tasks_csv_has_one_row_per_task_with_its_units_by_role(
    site: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    table = rows(site[2]["downloads/tasks.csv"])
    assert table[0] == downloads.TASK_HEADERS
    assert len(table) == 17
    t52 = next(r for r in table if r[1] == "t5-2")
    assert t52[2] == "加强扬尘污染治理" and t52[6] == "建管科、公路科" and "忻府区交通运输局" in t52[8]


def test_reports_csv_has_one_row_per_task_entry_and_no_formula(
    site: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    ledger = site[0]
    table = rows(site[2]["2023.zip/reports.csv"])
    assert table[0] == downloads.REPORT_HEADERS
    assert len(table) - 1 == sum(len(r.entries) for r in ledger.reports)
    xinfu = [r for r in table if r[1] == "xinfu"]
    assert xinfu[0][7] == '\'=HYPERLINK("http://x","点我")'
    assert {r[10] for r in xinfu} == {"2023-10-05 16:30"} and {r[11] for r in xinfu} == {"迟报"}


def test_statuses_json_has_the_fields_of_the_status_command(
    site: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    items = json.loads(site[2]["2023.zip/statuses.json"])
    assert [i["status"] for i in items] == ["late", "on_time", "overdue"]  # by period, kind and registry order
    late = next(i for i in items if i["unit"] == "xinfu")
    assert late == late | {"kind": "monthly", "period": "2023-09", "due": "2023-10-03", "days_late": 2}
    assert late["submitted_at"] == "2023-10-05T16:30:00+08:00" and late["unit_name"] == "忻府区交通运输局"


def test_tasks_json_matches_taizhang_export(site: tuple[Ledger, list[Obligation], dict[str, str]]) -> None:
    data = json.loads(site[2]["downloads/tasks.json"])
    assert data["plan"]["document_number"] == "忻交发〔2023〕102号"
    assert len(data["tasks"]) == 16 and len(data["units"]) == 25


def test_reports_json_keeps_the_whole_report(site: tuple[Ledger, list[Obligation], dict[str, str]]) -> None:
    items = json.loads(site[2]["2023.zip/reports.json"])
    xinfu = next(i for i in items if i["unit"] == "xinfu")
    assert xinfu["path"] == "reports/2023-09/xinfu.yml" and xinfu["status"] == "late"
    assert xinfu["data"]["kind"] == "monthly" and "t5-2" in xinfu["data"]["tasks"]


def test_download_page_links_every_file_and_the_schemas(site: tuple[Ledger, list[Obligation], dict[str, str]]) -> None:
    page = site[2]["downloads.md"]
    for name in ("taizhang.xlsx", "tasks.csv", "tasks.json", "data/2023.zip"):
        assert f"(downloads/{name})" in page
    size = downloads.size_zh(int(site[2]["2023.zip/size"]))
    assert f"| [2023年度数据包](downloads/data/2023.zip) | {size} | 本年度全部报告、报送情况和数据指标 |" in page
    assert "往年" not in page  # a single plan year: nothing is archived
    flat = ("reports", "statuses", "figures")  # all years in one file: 200 MB at a province, now in the archives
    assert not [p for p in site[2] if p.startswith("downloads/") and p.rsplit("/", 1)[-1].startswith(flat)]
    assert "(downloads/schemas/monthly.schema.json)" in page
    assert site[2]["downloads/schemas/monthly.schema.json"] == '{"title": "月度进展情况"}'


def test_sizes_read_as_a_clerk_reads_them() -> None:
    assert downloads.size_zh(300) == "1 KB" and downloads.size_zh(45 * 1024) == "45 KB"
    assert downloads.size_zh(int(3.2 * 1024 * 1024)) == "3.2 MB"


def test_the_archive_note_says_what_each_file_holds_the_date_and_the_encoding(
    site: tuple[Ledger, list[Obligation], dict[str, str]],
) -> None:
    note = site[2]["2023.zip/说明.txt"]
    assert note.startswith("\ufeff2023年度台账数据：《2023年交通运输绿色低碳发展工作要点》（忻交发〔2023〕102号）\r\n")
    assert "数据截至2023年10月10日" in note and "UTF-8 编码，带 BOM" in note
    for name in MEMBERS[1:]:
        assert f"\r\n{name} " in note


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_spreadsheet_cells_that_look_like_formulas_are_kept_as_text(value: str) -> None:
    assert downloads.safe_cell(value) == "'" + value
    assert downloads.safe_cell("正常推进") == "正常推进"


def test_schema_files_of_the_package_are_all_offered() -> None:
    from taizhang.site import build

    names = set(build.schemas())
    assert {"monthly.schema.json", "annual_plan.schema.json", "annual_summary.schema.json", "task.schema.json"} <= names


JSON_SHAPES = [
    {},
    [],
    {"plans": [{"plan": "2023", "totals": [], "unmatched": []}]},
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {
        "totals": [
            {"name": "新增 “新能源”\n车辆", "value": 56.5, "by_unit": {"xinfu": 56.5}, "sources": [{"unit": "xinfu"}]}
        ]
    },
    {7: "一", 2.5: "二", True: "真", None: "空", "k": {3: [float("nan"), float("inf"), 1e300, -0.0]}},
    [1, "二", None, False, {"x": [1, [2, [3, {"y": ()}]]]}],
    {"a": ({"t": (1, 2)}, "\u2028\\/\x00")},
    "只是一段文字",
    3.25,
]


@pytest.mark.parametrize("indent", [None, 1, 2, 4])
@pytest.mark.parametrize("value", JSON_SHAPES)
def test_downloaded_json_is_written_exactly_as_json_dumps_writes_it(value: object, indent: int | None) -> None:
    # figures.json and tasks.json are indented; their text must not change when the writer gets faster
    assert downloads.to_json(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent) + "\n"
    assert downloads.json_text(value) == json.dumps(value, ensure_ascii=False)


def test_csv_cells_that_look_like_formulas_stay_text_and_other_values_are_written_as_text() -> None:
    rows = [["=SUM(A1)", "+1", "-2", "@x", "\tt", "普通", "", None, 3, 1.5, "a=b"]]
    text = downloads.to_csv(["列"] * 11, rows)
    assert next(csv.reader(io.StringIO(text.removeprefix("\ufeff").splitlines()[1]))) == [
        "'=SUM(A1)", "'+1", "'-2", "'@x", "'\tt", "普通", "", "", "3", "1.5", "a=b"
    ]  # fmt: skip
