"""The third way to submit: the 填报 issue form (.github/ISSUE_TEMPLATE/report.yml).

The form has one field, the report's YAML text. GitHub renders a submitted form as Markdown:
`### 报告内容` then the text in a ```yaml fence. A workflow reads the issue body, and this module
finds the report in it and the path the report belongs at (from its kind, unit and period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taizhang import templates
from taizhang.data import layout, regular, repository
from taizhang.data.cleaning import in_chinese
from taizhang.data.ledger import Ledger
from taizhang.data.load import not_regular, parse_document
from taizhang.data.validate import validate
from taizhang.errors import FatalError
from taizhang.host import access, issueforms, issuetext
from taizhang.tracking import kinds

FIELD = "报告内容"
_HEADING = re.compile(r"^###\s+(.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class Submission:
    """A report found in a form: where it goes and its text."""

    path: str
    kind: str
    unit: str
    period: str
    text: str


def section(body: str, field: str) -> str | None:
    """The part of a rendered form under the `### field` heading; None when the form has no such field."""
    body = body.replace("\r\n", "\n")
    headings = list(_HEADING.finditer(body))
    for index, heading in enumerate(headings):
        if heading.group(1) == field:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
            return body[heading.end() : end]
    return None


def extract(body: str) -> str | None:
    """The text of the 报告内容 field, without its code fence; None when the field is empty or absent."""
    found = section(body, FIELD)
    if found is None:
        return None
    fence = _FENCE.search(found)
    text = fence.group(2) if fence else found.strip()
    if not text.strip() or text.strip() == NO_RESPONSE:
        return None
    return text if text.endswith("\n") else text + "\n"


def submission(body: str) -> Submission | str:
    """The report in an issue form, or a Chinese message saying what is missing."""
    text = extract(body)
    if text is None:
        return f"没有找到“{FIELD}”：请在表单的“{FIELD}”一栏粘贴填写好的报告（YAML 格式）。"
    document = parse_document("（表单中的报告）", text.encode("utf-8"))
    if document.diagnostics:
        first = in_chinese(document.diagnostics[0], document.text)
        return f"报告内容第 {first.line} 行：{first.message}"
    return _placed(document.data, text)


def _placed(data: Any, text: str) -> Submission | str:
    if not isinstance(data, dict):
        return "报告内容应以 kind:、unit: 等字段开头；请从模板复制完整内容后再填写。"
    kind, unit = data.get("kind"), data.get("unit")
    if kind not in layout.REPORT_KINDS:
        known = "、".join(f"{k}（{kinds.zh(k)}）" for k in layout.REPORT_KINDS)
        return f"kind 应为 {known} 之一，而不是 {kind!r}。"
    registered = kinds.KINDS[kind]
    period = data.get(registered.period_field)
    if not isinstance(unit, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", unit):
        return "unit 应为单位代码（如 xinfu），见 units/ 目录。"
    if registered.period_field == "year":
        if not (isinstance(period, int) and 2000 <= period <= 2100):
            return "年度报告的 year 应为年份，如 year: 2023。"
    elif not (isinstance(period, str) and kinds.Period.parse(period, registered.cadence)):
        if registered.cadence == "month":
            return '月报的 period 应写成带引号的“年-月”，如 period: "2023-08"。'
        return f"{registered.zh}的 period 应写成带引号的{registered.period_example()}。"
    period = str(period)
    return Submission(layout.report_path(kind, unit, period), kind, unit, period, text)


def typed(root: Path, ledger: Ledger, body: str) -> Submission | str:
    """The report in a typed form (one field per task, `taizhang forms`), written as a file."""
    data = issueforms.read(ledger, body)
    if isinstance(data, str):
        return data
    kind, unit = data["kind"], data["unit"]
    period = str(data.get("period", data.get("year")))
    try:
        template = templates.render(root, ledger, kind, unit, period, example=False)[1]
    except FatalError as exc:
        return str(exc)
    lines = template.splitlines()
    leading = lines[: next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))]
    head = [line for line in leading if not line.startswith("# 填写说明")]
    return Submission(layout.report_path(kind, unit, period), kind, unit, period, issueforms.text(head, data))


def receive(root: Path, body: str, author: access.Author, found: Submission | str | None = None) -> dict[str, object]:
    """The edge the form workflow calls: find the report, write it into the checkout at `root`,
    validate it, check the author may submit it and whether it merges by itself.

    Returns what the workflow needs: ok, eligible, path, title (for the pull request) and the
    Chinese message to post on the issue. `found` is the report when it came another way (an Excel
    填报表 attached to the form, formhandin.py).
    """
    ledger = repository.load(root, only=[]).ledger
    if found is None:
        found = typed(root, ledger, body) if issueforms.is_typed(body) else submission(body)
    result: dict[str, object] = {"ok": False, "eligible": False, "path": None, "title": None}
    problems: list[str] = []
    refused: list[str] = []
    eligible, name = False, ""
    if not isinstance(found, str):
        unit = ledger.units.get(found.unit)
        name = unit.name if unit else found.unit
        change = access.Change("M" if regular.kind(root, found.path) == "file" else "A", found.path)
        try:  # never through a link committed at that path: the write stays inside the checkout
            regular.write(root, found.path, found.text.encode("utf-8"), replace=True)
            checked = validate(root, [found.path]).diagnostics
            problems = [f"第 {d.line} 行：{d.code} {d.message}" for d in checked if d.is_error]
        except regular.NotRegular as exc:
            problems = [f"Y123 {not_regular(exc.what)}"]
        refused = [r.message for r in access.authorize(ledger, author, [change])]
        eligible = not problems and not refused and access.auto_merge(ledger, author, [change]).eligible
        result.update(path=found.path, title=f"填报：{name} {subject(found)}")
    result.update(ok=not isinstance(found, str) and not problems and not refused, eligible=eligible)
    result["message"] = reply(found, problems, refused, eligible, name)
    return result


def reply(
    found: Submission | str,
    problems: list[str],
    refused: list[str],
    eligible: bool,
    unit_name: str,
) -> str:
    """The comment left on the form's issue: what was received and what happens next, in Chinese."""
    if isinstance(found, str):
        return f"❌ 未能读取表单中的报告：{found}\n\n请点击议题右上角的“…”→“Edit”修改后保存，系统会重新检查。\n"
    what = f"{unit_name}的{subject(found)}（`{found.path}`）"
    if problems:
        items = "\n".join(f"- {p}" for p in problems)
        return f"❌ {what}校验未通过：\n\n{items}\n\n请编辑本议题、修改报告内容后保存，系统会重新检查。\n"
    if refused:
        items = "\n".join(f"- {r}" for r in refused)
        return f"❌ {what}不能由您的账号提交：\n\n{items}\n"
    if eligible:
        return f"✅ 已收到{what}，校验通过，正在生成拉取请求并自动合并；合并时间即为报送时间。\n"
    return f"✅ 已收到{what}，校验通过，已生成拉取请求，等待维护人员审核合并。\n"


def subject(found: Submission) -> str:
    return issuetext.subject(found.kind, found.period)
