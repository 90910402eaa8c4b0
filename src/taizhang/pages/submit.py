"""填报说明: how a unit submits, step by step, with a "填报" link per open obligation.

The link opens the code host's web editor on a new file at the right path with the template
filled in (GitHub: `<repo>/new/<branch>?filename=<path>&value=<text>`). GitHub refuses URLs over
8 KiB, so a long template is sent without its explanatory comments; when even that is too long
the link opens the editor with the file name only and the template is offered as a download.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import quote

from taizhang import escape
from taizhang.model import Obligation
from taizhang.pages import fmt
from taizhang.pages.facts import Facts, is_open

URL_LIMIT = 8000  # bytes; GitHub answers 414 above 8 KiB
SRC = "submit.md"
_TRAILING_COMMENT = re.compile(r'^(\s*(?:- )?[\w-]+:(?: "(?:[^"\\]|\\.)*"| \[\])?)\s+#.*$')
SHIFT_ZH = {"none": "截止日遇周末或法定节假日不顺延", "next_working_day": "截止日遇周末或法定节假日顺延至下一个工作日"}


def schema_line(path: str, kind: str) -> str:
    """The `$schema` line as the repository's own files write it (relative to the new file)."""
    ref = posixpath.relpath(f"src/taizhang/schemas/{kind}.schema.json", posixpath.dirname(path))
    return f"# yaml-language-server: $schema={ref}"


def prepared(text: str, path: str, kind: str) -> str:
    """A template as it goes to the web editor: its `$schema` line made repository-relative."""
    lines = text.split("\n")
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines[0] = schema_line(path, kind)
    return "\n".join(lines)


def _shorter(text: str) -> Iterator[str]:
    """The template, then without trailing hints, then without any comment but the first line."""
    yield text
    lines = [_TRAILING_COMMENT.sub(r"\1", line) for line in text.split("\n")]
    yield "\n".join(lines)
    yield "\n".join(line for i, line in enumerate(lines) if i == 0 or not line.lstrip().startswith("#"))


def editor_url(repo_url: str, branch: str, path: str, text: str | None) -> tuple[str, bool]:
    """(URL of the web editor for a new file at `path`, whether the template text is in it)."""
    base = f"{repo_url.rstrip('/')}/new/{quote(branch, safe='')}?filename={quote(path, safe='/')}"
    for candidate in _shorter(text) if text else ():
        url = f"{base}&value={quote(candidate, safe='')}"
        if len(url.encode()) <= URL_LIMIT:
            return url, True
    return base, False


def template_download(path: str) -> str:
    return f"downloads/templates/{path}"


def open_obligations(facts: Facts) -> list[Obligation]:
    order = {u.id: i for i, u in enumerate(facts.ledger.ordered_units())}
    items = [o for o in facts.obligations if is_open(o, facts.as_of)]
    return sorted(items, key=lambda o: (o.status != "overdue", o.due, o.kind, order.get(o.unit, len(order)), o.unit))


def fill_cell(facts: Facts, o: Obligation, src: str) -> str:
    """The 填报 link for an open obligation (and the template download when the link cannot hold it)."""
    config = facts.ledger.config
    if config is None or not config.repo_url:
        return "—"
    if o.kind == "quarterly_study":  # recorded in the monthly report of the quarter's last month
        month = f"{o.period[:4]}-{int(o.period[-1]) * 3:02d}"
        report = facts.reports.get(("monthly", o.unit, month))
        if report is None:
            return "随月报填写"
        base = config.repo_url.rstrip("/")
        return f"[补充学习记录]({base}/edit/{quote(config.branch, safe='')}/{quote(report.path, safe='/')})"
    text = facts.config.templates.get((o.kind, o.unit, o.period))
    if o.path is None or text is None:
        return "—"
    url, whole = editor_url(config.repo_url, config.branch, o.path, prepared(text, o.path, o.kind))
    cell = f"[填报]({url})"
    if not whole:
        cell += f"（{fmt.link('下载模板', src, template_download(o.path))}）"
    return cell


def downloads(facts: Facts) -> dict[str, str]:
    """Template files for the obligations whose template does not fit in the editor link."""
    out = {}
    config = facts.ledger.config
    for o in open_obligations(facts):
        text = facts.config.templates.get((o.kind, o.unit, o.period))
        if config and config.repo_url and o.path and text:
            ready = prepared(text, o.path, o.kind)
            if not editor_url(config.repo_url, config.branch, o.path, ready)[1]:
                out[template_download(o.path)] = ready
    return out


def page(facts: Facts) -> str:
    plan, config = facts.plan, facts.ledger.config
    reviewer = facts.unit_name(plan.reviewer) if plan.reviewer else "审核单位"
    rules = [
        [
            escape.inline(r.name),
            _groups(facts, r.who),
            escape.inline(facts.unit_name(r.to)) if r.to else "—",
            escape.inline(r.source),
        ]
        for r in plan.rules
    ]
    parts = [
        "# 填报说明",
        f"依据《{escape.inline(plan.title)}》（{escape.inline(plan.document_number)}）“工作要求”，各单位按下表报送。"
        f"截止日当天北京时间 24 时前报送均为按时；{SHIFT_ZH.get(plan.holiday_shift, '')}。",
        fmt.table(["报送事项", "报送单位", "报送对象", "要求（原文）"], rules),
        "## 填报步骤",
        _steps(reviewer, bool(config and config.repo_url)),
        "## 待填报",
        _open_table(facts),
    ]
    return "\n\n".join(parts) + "\n"


def _groups(facts: Facts, refs: tuple[str, ...]) -> str:
    return "、".join(
        escape.inline(facts.ledger.groups[r].name if r in facts.ledger.groups else facts.unit_name(r)) for r in refs
    )


def _steps(reviewer: str, linked: bool) -> str:
    first = (
        "在下方“待填报”表中找到本单位和期间，点击“填报”（需先登录本单位在代码托管平台上的账号，账号见本单位页面）。"
        if linked
        else "本站未配置代码仓库地址；请在本地用 `taizhang new report --unit 单位代码 --period 年-月` 生成模板。"
    )
    steps = [
        first,
        "浏览器打开网页编辑器，文件名（如 reports/2023-09/单位代码.yml）和模板已经填好；"
        "把每一处引号内的内容填写完整，推进状态只能填“未启动、正常推进、滞后、已完成”之一。",
        "填好后点击“Commit changes…”，选择“Create a new branch for this commit and start a pull request”，"
        "再点击“Propose changes”和“Create pull request”。",
        "系统自动校验。如有问题，会在拉取请求中用中文指出文件、行号和修改方法；在同一分支修改后会重新校验。",
        f"校验通过后由{escape.inline(reviewer)}审核合并。报送时间以报告合并到主分支的时间（北京时间）为准。",
    ]
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


def _open_table(facts: Facts) -> str:
    if not facts.computed:
        return "本次未能计算各单位的报送义务，暂无待填报清单。"
    items = open_obligations(facts)
    if not items:
        return "目前没有待填报的事项。"
    rows = [
        [
            fmt.link(facts.unit_name(o.unit), SRC, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.period_zh(o.kind, o.period),
            fmt.date_zh(o.due),
            fmt.badge(o),
            fill_cell(facts, o, SRC),
        ]
        for o in items
    ]
    return fmt.table(["单位", "报送事项", "期间", "截止日期", "状态", "填报"], rows)
