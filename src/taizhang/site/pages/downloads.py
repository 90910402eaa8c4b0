"""下载: the tasks as CSV and JSON, the JSON Schemas, the rows of the year archives, and the download page.

tasks.csv covers every plan on the site, the earliest first; tasks.json is the current plan's (as
`taizhang export`), and downloads/plans/<key>/tasks.json each plan's. Reports, statuses and figures are
published per plan year in downloads/data/<year>.zip (yeardata.py), from the rows made here.

The Excel workbook is built at the edge (taizhang.office.workbook) since it is binary; this page links to it.
CSV files carry a UTF-8 BOM so that Excel opens the Chinese text correctly, and any cell that a
spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from taizhang.data import exports
from taizhang.data.model import ROLES, STATUS_ZH, Report
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Archive, Facts, beijing
from taizhang.tracking.timing import doubt_zh, notes_zh

SRC = "downloads.md"
WORKBOOK = "downloads/taizhang.xlsx"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A spreadsheet cell that shows as text: formula-like strings get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _safe_row(row: Sequence[object]) -> list[object]:
    # safe_cell of each cell; a text cell that needs nothing (nearly all of them) passes as it is
    return [v if v.__class__ is str and not v.startswith(_FORMULA_START) else safe_cell(v) for v in row]


def write_csv(out: IO[str], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """CSV for Excel: a BOM, CRLF rows, formula-like cells kept as text (safe_cell); written as it goes."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(map(_safe_row, rows))


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    write_csv(out, headers, rows)
    return out.getvalue()


_COMPACT = json.JSONEncoder(ensure_ascii=False)  # json.dumps(value, ensure_ascii=False), its encoder made once
_LEVELS: dict[str, json.JSONEncoder] = {}  # item separator -> encoder


def to_json(value: Any, indent: int | None = None) -> str:
    """JSON text, the same as json.dumps(value, ensure_ascii=False, indent=indent) and a newline.

    With an indent, json switches to its slow pure-Python encoder; here only the nesting is walked in
    Python, and each container of plain values (a report's source, a unit's numbers) is written by the
    C encoder with the line break and indent as its item separator, which gives the same text."""
    if indent is None:
        return _COMPACT.encode(value) + "\n"
    out: list[str] = []
    _indented(value, " " * indent, 0, out)
    return "".join(out) + "\n"


def json_text(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False), without making an encoder for each value."""
    return _COMPACT.encode(value)


def _indented(value: Any, indent: str, level: int, out: list[str]) -> None:
    nested = isinstance(value, dict | list | tuple) and value
    if not nested:
        out.append(_COMPACT.encode(value))
        return
    inner = "\n" + indent * (level + 1)
    values = value.values() if isinstance(value, dict) else value
    if not any(isinstance(v, dict | list | tuple) and v for v in values):  # plain values only
        encoder = _LEVELS.get(inner)
        if encoder is None:
            encoder = _LEVELS[inner] = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))
        text = encoder.encode(value)
        out += [text[0], inner, text[1:-1], "\n", indent * level, text[-1]]
        return
    out.append("{" if isinstance(value, dict) else "[")
    for i, item in enumerate(value.items() if isinstance(value, dict) else value):
        out.append(("," if i else "") + inner)
        if isinstance(value, dict):
            key, item = item
            out.append(_COMPACT.encode(key if isinstance(key, str) else _key(key)) + ": ")
        _indented(item, indent, level + 1, out)
    out.append("\n" + indent * level + ("}" if isinstance(value, dict) else "]"))


def _key(key: object) -> str:
    """A dict key that is not text, as json writes it: true, false, null, a number's text."""
    return _COMPACT.encode(key)


TASK_HEADERS = ["序号", "任务代码", "任务", "内容", "分工", "牵头单位", "负责单位", "配合单位", "落实单位", "年度"]
REPORT_HEADERS = [
    "报送单位",
    "单位代码",
    "报送事项",
    "期间",
    "任务序号",
    "任务",
    "推进状态",
    "进展情况",
    "存在问题",
    "下步计划",
    "报送时间",
    "报送状态",
]
STATUS_HEADERS = ["单位", "单位代码", "报送事项", "期间", "截止日期", "报送时间", "状态", "迟报或逾期天数", "即将到期"]


def task_rows(plans: Iterable[Facts]) -> list[list[str]]:
    rows = []
    for facts in plans:
        for task in facts.tasks:
            roles = facts.roles(task)
            names = ["、".join(facts.unit_name(u) for u in roles.get(role, ())) for role in ROLES]
            rows.append([task.number, task.id, task.title, task.text, task.note, *names, str(facts.plan.year)])
    return rows


def report_rows(facts: Facts) -> list[list[str]]:
    """One row per task entry of every report of the plan (an annual summary's overall text on a row of its own)."""
    rows = []
    tasks = {key: (t.number, t.title) for key, t in facts.ledger.tasks.get(facts.plan.key, {}).items()}
    for (kind, unit, period), report in facts.reports.items():
        o = facts.obligation(report)
        when, status = (beijing(o.submitted_at), STATUS_ZH.get(o.status, o.status)) if o else ("", "")
        head = [facts.unit_name(unit), unit, fmt.kind_zh(kind), period]
        if report.data.get("summary"):  # a yearly summary's 总体情况
            rows.append([*head, "", "总体情况", "", str(report.data["summary"]), "", "", when, status])
        for task_id, entry in report.entries.items():
            number, title = tasks.get(task_id) or (task_id, "")
            get = entry.get
            text = get("progress") or get("measures") or get("achievements") or ""
            follow = get("next_steps") or get("next_year") or ""
            rows.append(
                [
                    *head,
                    number,
                    title,
                    str(get("status", "")),
                    str(text),
                    str(get("problems", "")),
                    str(follow),
                    when,
                    status,
                ]
            )
    return rows


def status_rows(facts: Facts) -> list[list[str]]:
    return [
        [
            facts.unit_name(o.unit),
            o.unit,
            fmt.kind_zh(o.kind),
            o.period,
            o.due.isoformat(),
            beijing(o.submitted_at) + notes_zh(o),
            STATUS_ZH.get(o.status, o.status),
            str(o.days_late),
            "是" if o.due_soon else "",
        ]
        for o in facts.obligations
    ]


def status_items(facts: Facts) -> Iterator[dict[str, Any]]:
    """The fields of `taizhang status --format json` that the public needs, with the unit's name."""
    return (
        {
            "unit": o.unit,
            "unit_name": facts.unit_name(o.unit),
            "kind": o.kind,
            "period": o.period,
            "plan": o.plan,
            "due": o.due.isoformat(),
            "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
            "status": o.status,
            "days_late": o.days_late,
            "due_soon": o.due_soon,
            "via": o.via,
            "handed_in_at": o.handed_in.isoformat() if o.handed_in else None,
            "merged_at": o.merged_at.isoformat() if o.merged_at else None,
            "counted_from": o.counted or None,
            "doubtful": bool(doubt_zh(o)),
            "first_landed_at": o.first_landed_at.isoformat() if o.first_landed_at else None,
            "valid_at": o.submitted_at.isoformat() if o.submitted_at else None,
            "original_due": (o.original_due or o.due).isoformat(),
            "extended_due": o.due.isoformat() if o.original_due and o.original_due != o.due else None,
            "returns": [{"at": r.at.isoformat(), "reason": r.reason} for r in o.returns],
        }
        for o in facts.obligations
    )


def report_items(facts: Facts) -> Iterator[dict[str, Any]]:
    """Each report of the plan, whole (but the 填报人, who stays in the repository)."""
    return (_report_json(facts, report) for report in facts.reports.values())


def _report_json(facts: Facts, report: Report) -> dict[str, Any]:
    o = facts.obligation(report)
    return {
        "unit": report.unit,
        "kind": report.kind,
        "period": report.period,
        "plan": facts.plan.key,
        "path": report.path,
        "submitted_at": o.submitted_at.isoformat() if o and o.submitted_at else None,
        "status": o.status if o else None,
        "data": {k: v for k, v in report.data.items() if k != "contact"},  # 填报人 stays in the repository
    }


def plan_tasks(facts: Facts) -> str:
    """Where a plan's tasks are published as JSON (the output of `taizhang export --plan <key>`)."""
    return f"downloads/plans/{facts.plan.key}/tasks.json"


def files(archive: Archive) -> dict[str, str]:
    """The downloads besides the year archives (yeardata.py) and the workbooks: tasks and the schemas."""
    current = archive.current
    out = {
        "downloads/tasks.csv": to_csv(TASK_HEADERS, task_rows(reversed(archive.plans))),
        "downloads/tasks.json": to_json(exports.export(current.ledger, current.plan), indent=2),
    }
    for facts in archive.plans:
        out[plan_tasks(facts)] = to_json(exports.export(facts.ledger, facts.plan), indent=2)
    for name, text in sorted(archive.config.schemas.items()):
        out[f"{links.SCHEMAS}/{name}"] = text
    return out


def page(archive: Archive, size: Callable[[int], int]) -> str:
    """下载: each plan year's data archive with its size (`size` of a year, in bytes), the workbook, the
    tasks and the schemas, told for a clerk who has never opened a CSV file."""

    def item(label: str, path: str, note: str) -> str:
        return f"| {fmt.link(label, SRC, path)} | {note} |"

    current = archive.current.plan.year
    earlier = "、".join(f"{f.plan.year}年" for f in archive.earlier)
    workbook = item(
        "台账（Excel）",
        WORKBOOK,
        f"{current}年度的任务进展（打印用）、全部任务、分工、各单位报告、报送情况、数据指标和考核，按常用台账表格排列；"
        "各单位、各月的台账在单位页面和期间页面下载"
        + (f"；{earlier}的报告和报送情况在下面的年度数据包中" if earlier else ""),
    )
    years = list(dict.fromkeys(f.plan.year for f in archive.plans))
    packs = [
        f"| {fmt.link(f'{year}年度数据包', SRC, links.year_data(year))} | {size_zh(size(year))} | "
        + ("本年度" if year == current else "往年")
        + "全部报告、报送情况和数据指标 |"
        for year in years
    ]
    several = "（历年）" if archive.earlier else ""
    rows = [
        item("任务（CSV）", "downloads/tasks.csv", f"重点任务{several}及牵头、负责、配合、落实单位"),
        item(
            "任务（JSON）",
            "downloads/tasks.json",
            "当前工作要点，与 taizhang export 相同：工作要点、单位、任务（分组已展开）",
        ),
    ]
    rows += [
        item(f"{f.plan.year}年任务（JSON）", plan_tasks(f), f"《{escape.inline(f.plan.title)}》，格式同上")
        for f in archive.earlier
    ]
    rows += [item(name, f"{links.SCHEMAS}/{name}", "JSON Schema（2020-12）") for name in sorted(archive.config.schemas)]
    parts = [
        "# 下载",
        f"数据截至{fmt.date_zh(archive.as_of)}，由台账仓库自动生成。",
        "## 台账（Excel）",
        "| 文件 | 内容 |\n|---|---|\n" + workbook,
        "## 年度数据包",
        "每个年度一个压缩包（.zip），内含该年度工作要点下的全部报告、报送情况和数据指标。"
        "下载后双击打开或“解压”，其中的文件是：",
        "\n".join(
            [
                "- **reports.csv**（报告）：每份报告每项任务一行，写明报送单位、期间、推进状态、进展情况、存在问题、下步计划和报送时间；",
                "- **statuses.csv**（报送情况）：每项应报事项一行，写明截止日期、报送时间、按时/迟报/逾期和天数；",
                "- **figures.csv**（数据指标）：月报中填报的每项数据，以及合并到了哪个指标；",
                "- 同名的 **.json** 文件是同样的数据（报告为全文），供程序读取；**说明.txt** 逐个说明这些文件。",
            ]
        ),
        "CSV 文件可以直接用 Excel 或 WPS 表格打开（UTF-8 编码，带 BOM，中文不会乱码），能排序、筛选、求和。"
        + ("往年的报告全文不在网站页面上，在这里的数据包和台账仓库中。" if archive.earlier else ""),
        "| 数据包 | 大小 | 内容 |\n|---|---|---|\n" + "\n".join(packs),
        "## 任务和数据格式",
        "| 文件 | 内容 |\n|---|---|\n" + "\n".join(rows),
    ]
    return "\n\n".join(parts) + "\n"


def size_zh(size: int) -> str:
    """A file's size as a clerk reads it: 3.2 MB, 45 KB (1 KB = 1,024 bytes)."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
