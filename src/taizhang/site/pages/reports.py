"""One report as a section of its unit's page: every value from the report escaped as text."""

from __future__ import annotations

from typing import Any

from taizhang.data.model import Report
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import fmt, reviewed
from taizhang.site.pages.facts import Facts, beijing
from taizhang.tracking import kinds
from taizhang.tracking.timing import notes_zh

MONTHLY_FIELDS = (("progress", "进展情况"), ("problems", "存在问题"), ("next_steps", "下步计划"))
COLUMNS = {  # by form (kinds.Kind.form)
    "progress": ("推进状态", "进展情况", "存在问题", "下步计划"),
    "plan": ("工作举措", "责任人", "时间表"),
    "summary": ("完成状态", "主要成效", "存在问题", "下年度打算"),
}


def section(facts: Facts, report: Report, src: str) -> str:
    """The report under an anchored heading, for the page at `src`."""
    o = facts.obligation(report)
    title = fmt.report_title(report.kind, report.period)
    meta = [f"状态：{fmt.badge(o)}"]
    if o is not None and o.submitted_at is not None:
        via = "（线下报送登记）" if o.via == "receipt" else ""
        meta.append(f"报送时间：{beijing(o.submitted_at)}{via}{escape.inline(notes_zh(o))}")
    # 填报人 (contact) names and phones stay in the repository for the reviewing office: never shown here
    meta.append(f"文件：<code>{escape.inline(report.path)}</code>")
    if links.word_file(report.path) in facts.config.office:
        meta.append(fmt.link("Word 文档", src, links.word_file(report.path)))
    # data-search-exclude: report texts stay out of the site search (Material), which would grow with them
    parts = [f"### {escape.heading(title)} {{#{fmt.anchor(report.kind, report.period)} data-search-exclude}}"]
    parts.append(" · ".join(meta))
    parts += reviewed.story(o)
    if report.sample:
        parts.append("*本报告为演示用示例数据。*")
    form = _form(report.kind)
    if form == "plan" and report.data.get("title"):
        parts.append(f"**{escape.inline(report.data['title'])}**")
    if form == "summary" and report.data.get("summary"):
        parts.append(f"总体情况：{escape.inline(report.data['summary'])}")
    parts.append(_table(facts, report, src))
    parts += _study(report)
    return "\n\n".join(parts)


def _table(facts: Facts, report: Report, src: str) -> str:
    """The report's entries, one row per task, in the order the unit wrote them."""
    tasks = facts.ledger.tasks.get(facts.plan.key, {})
    rows = []
    for task_id, entry in report.entries.items():
        if not isinstance(entry, dict):
            continue
        task = tasks.get(task_id)
        name = (
            f"{escape.inline(task.number)} {fmt.link(task.title, src, fmt.task_page(facts, task.id))}"
            if task
            else escape.inline(task_id)
        )
        rows.append([name, *_cells(_form(report.kind), entry)])
    return fmt.table(["任务", *COLUMNS.get(_form(report.kind), ())], rows)


def _form(kind: str) -> str:
    known = kinds.get(kind)
    return known.form if known else kind


def _cells(form: str, entry: dict[str, Any]) -> list[str]:
    def text(key: str) -> str:
        return escape.inline(entry.get(key, ""))

    if form == "progress":
        progress = text("progress") + _figures(entry.get("figures"))
        return [text("status"), progress, text("problems"), text("next_steps")]
    if form == "plan":
        return [text("measures"), text("owner"), _milestones(entry.get("milestones"))]
    return [text("status"), text("achievements"), text("problems"), text("next_year")]


def _figures(figures: object) -> str:
    if not isinstance(figures, list) or not figures:
        return ""
    shown = [
        escape.inline(f"{f.get('name', '')} {f.get('value', '')}{f.get('unit', '')}")
        for f in figures
        if isinstance(f, dict)
    ]
    return "<br>数据指标：" + "；".join(shown)


def _milestones(milestones: object) -> str:
    if not isinstance(milestones, list):
        return ""
    return "<br>".join(
        f"{escape.inline(m.get('by', ''))}：{escape.inline(m.get('goal', ''))}"
        for m in milestones
        if isinstance(m, dict)
    )


def _study(report: Report) -> list[str]:
    sessions = report.data.get("study_sessions")
    if not isinstance(sessions, list) or not sessions:
        return []
    rows = [
        [escape.inline(s.get("date", "")), escape.inline(s.get("topic", "")), escape.inline(s.get("participants", ""))]
        for s in sessions
        if isinstance(s, dict)
    ]
    return ["中心组学习：", fmt.table(["日期", "学习内容", "参加人数"], rows)]
