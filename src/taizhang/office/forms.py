"""The Excel 填报表 of each report kind: which sheets, columns and fields, in one table (FORMS).

A form is a workbook a clerk fills in for one unit and one period: a sheet with one row per task
the unit holds, a sheet of basic facts (填报人, and a report's own fields such as 标题 or 总体情况),
and a sheet for each list a report may carry (数据指标, 时间表, 中心组学习). formbook.py writes it,
formread.py reads it back; both only ask this table, so a kind's form is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from taizhang.tracking import kinds

TEXT, CHOICE, DATE, NUMBER, COUNT = "text", "choice", "date", "number", "count"


@dataclass(frozen=True)
class Field:
    """One column (or one line of the 基本信息 sheet): a key of the data and its Chinese header."""

    key: str  # a key of a task entry, of a list item, or of the report ("contact.name")
    header: str
    type: str = TEXT  # text | choice | date | number | count (a whole number from 1)
    required: bool = False
    choices: tuple[str, ...] = ()
    width: float = 14
    hint: str = ""  # what to write, said in the instructions and in error messages


@dataclass(frozen=True)
class Table:
    """A list inside the report, on a sheet of its own: one row per item."""

    sheet: str
    key: str  # figures, milestones (of a task entry) or study_sessions (of the report)
    per_task: bool  # rows name their task by its code (任务代码)
    fields: tuple[Field, ...]
    rows: int  # empty rows offered beyond the prefilled ones
    hint: str
    only_if_owed: str | None = None  # the sheet appears only when the unit owes this kind (or the report has the list)
    min_per_task: int = 0  # rows each task must have (a 时间表 needs at least one milestone per task)


@dataclass(frozen=True)
class Form:
    kind: str
    sheet: str  # the sheet with one row per task
    fields: tuple[Field, ...]  # a task entry's, in the order the YAML file lists them
    basics: tuple[Field, ...]  # the 基本信息 sheet: the report's own fields
    tables: tuple[Table, ...]
    reference: Field | None = None  # last period's text of this key, shown beside for reference


CONTACT = (
    Field("contact.name", "填报人", required=True, width=20, hint="填报人姓名"),
    Field("contact.phone", "联系电话", width=20, hint="联系电话，如 0350-1234567"),
)
MONTHLY = Form(
    kind=kinds.MONTHLY,
    sheet="进展情况",
    fields=(
        Field(
            "status",
            "推进状态",
            CHOICE,
            True,
            ("未启动", "正常推进", "滞后", "已完成"),
            width=12,
            hint="从下拉列表中选择",
        ),
        Field("progress", "进展情况", required=True, width=50, hint="本月的工作进展"),
        Field("problems", "存在问题", width=30, hint="没有可不填"),
        Field("next_steps", "下步计划", width=30, hint="下一步的工作打算"),
    ),
    basics=CONTACT,
    tables=(
        Table(
            "数据指标",
            "figures",
            True,
            (
                Field("name", "指标名称", required=True, width=28, hint="如 新增新能源车辆"),
                Field("value", "数值", NUMBER, True, width=12, hint="只填数字，如 56 或 12.5"),
                Field("unit", "计量单位", width=12, hint="如 辆、万元、%"),
            ),
            rows=20,
            hint="有量化指标的任务，每个指标一行：任务代码、指标名称、数值（只填数字）、计量单位。没有可不填。",
        ),
        Table(
            "中心组学习",
            "study_sessions",
            False,
            (
                Field("date", "学习日期", DATE, True, width=14, hint="日期，如 2023-08-10"),
                Field("topic", "学习内容", required=True, width=60, hint="学习的主题和内容"),
                Field("participants", "参加人数", COUNT, width=12, hint="整数，如 18"),
            ),
            rows=6,
            hint="本月开展中心组学习的，每次一行：日期、内容、参加人数。没有可不填。",
            only_if_owed=kinds.STUDY,
        ),
    ),
    reference=Field("progress", "上月进展情况（供参考）", width=40),
)
ANNUAL_PLAN = Form(
    kind=kinds.ANNUAL_PLAN,
    sheet="工作举措",
    fields=(
        Field("measures", "工作举措（路线图）", required=True, width=50, hint="本单位落实这项任务的举措"),
        Field("owner", "责任人", required=True, width=16, hint="责任人或责任科室"),
    ),
    basics=(Field("title", "标题", required=True, width=60, hint="本单位年度工作要点的标题"), *CONTACT),
    tables=(
        Table(
            "时间表",
            "milestones",
            True,
            (
                Field("by", "完成时限", DATE, True, width=14, hint="日期，如 2023-12-31"),
                Field("goal", "阶段目标", required=True, width=60, hint="到这一天要达到的目标"),
            ),
            rows=10,
            hint="每项任务至少一行：任务代码、完成时限（日期）、阶段目标；一项任务有几个阶段就写几行。",
            min_per_task=1,
        ),
    ),
)
ANNUAL_SUMMARY = Form(
    kind=kinds.ANNUAL_SUMMARY,
    sheet="完成情况",
    fields=(
        Field(
            "status",
            "完成状态",
            CHOICE,
            True,
            ("已完成", "基本完成", "未完成"),
            width=12,
            hint="从下拉列表中选择",
        ),
        Field("achievements", "主要成效", required=True, width=50, hint="全年的主要成效"),
        Field("problems", "存在问题", width=30, hint="没有可不填"),
        Field("next_year", "下年度打算", width=30, hint="下一年的工作打算"),
    ),
    basics=(Field("summary", "总体情况", required=True, width=80, hint="全年工作的总体情况"), *CONTACT),
    tables=(),
)
FORMS = {form.kind: form for form in (MONTHLY, ANNUAL_PLAN, ANNUAL_SUMMARY)}

# The fixed columns before a form's fields on its task sheet.
TASK_NUMBER, TASK_CODE, TASK_TITLE, TASK_ROLE = "序号", "任务代码", "重点任务", "本单位分工"
BASICS = "基本信息"
GUIDE = "填写说明"
META = "taizhang"  # a very hidden sheet: kind, unit, period and whether the report is sample data
