"""填报说明: how a unit submits, step by step, with a "填报" link per open obligation of every plan.

The links come from taizhang.host.links (the same builder as the reminder issues): the code host's web
editor on a new file at the right path with the template filled in, as much of it as the URL can
hold. Every open obligation's template is also published under downloads/templates/, for the links
that cannot carry it (and for the reminders, which point there).
"""

from __future__ import annotations

from taizhang.data.model import Obligation
from taizhang.host import links
from taizhang.site import escape
from taizhang.site.pages import fmt, form
from taizhang.site.pages.facts import Archive, Facts, is_open
from taizhang.tracking import kinds

SRC = "submit.md"
SHIFT_ZH = {"none": "截止日遇周末或法定节假日不顺延", "next_working_day": "截止日遇周末或法定节假日顺延至下一个工作日"}


def open_obligations(archive: Archive) -> list[Obligation]:
    order = {u.id: i for i, u in enumerate(archive.ledger.ordered_units())}
    items = [o for o in archive.obligations() if is_open(o, archive.as_of)]
    return sorted(items, key=lambda o: (o.status != "overdue", o.due, o.kind, order.get(o.unit, len(order)), o.unit))


# A 填报 link carries the report's template in its address (several KB): a list longer than this links each
# row to its unit's page, which holds the same link, so that the list stays a page a phone can open.
FILL_LINKS_UP_TO = 100


def fill_cells(archive: Archive, items: list[Obligation], src: str) -> list[str]:
    """The 填报 cell of each row of a list: the link itself, or for a long list the unit's page that has it."""
    if len(items) <= FILL_LINKS_UP_TO:
        return [fill_cell(archive, o, src) for o in items]
    return [fmt.link("到单位页面填报", src, fmt.unit_page(o.unit)) for o in items]


def fill_cell(archive: Archive, o: Obligation, src: str) -> str:
    """The 填报 link for an open obligation (and the template download when the link cannot hold it)."""
    repo = links.Repo.of(archive.ledger.config)
    online = form.link_to(o.unit, src, o) if o.path and (o.kind, o.unit, o.period) in archive.config.templates else None
    if repo.url is None:
        return online or "—"
    known = kinds.get(o.kind)
    if known is not None and known.counted_in is not None:  # recorded in the carrying report of its last month
        carrier = kinds.KINDS[known.counted_in]
        last = kinds.period_of_month(carrier.cadence, kinds.Period.of(o.period, known.cadence).last_month)
        facts = archive.of(o.plan)
        report = facts.reports.get((carrier.name, o.unit, last)) if facts else None
        return f"[补充学习记录]({repo.edit(report.path)})" if report else f"随{carrier.short}填写"
    text = archive.config.templates.get((o.kind, o.unit, o.period))
    editor = repo.new_file(o.path, text) if o.path and text else None
    if o.path is None or editor is None:
        return online or "—"
    cell = f"[填报]({editor.url})"
    if not editor.prefilled:
        cell += f"（{fmt.link('下载模板', src, links.template_file(o.path))}）"
    if links.form_file(o.path) in archive.config.office:
        cell += f"（{fmt.link('Excel 填报表', src, links.form_file(o.path))}）"
    return f"{cell} · {online}" if online else cell


def downloads(archive: Archive) -> dict[str, str]:
    """Every open obligation's template, where the 填报 links and the reminders point to it."""
    out = {}
    for o in open_obligations(archive):
        text = archive.config.templates.get((o.kind, o.unit, o.period))
        if o.path and text:
            out[links.template_file(o.path)] = text
    return out


def page(archive: Archive) -> str:
    facts = archive.current
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
        _open_table(archive),
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
        "浏览器打开网页编辑器，文件名（如 reports/2023-09/单位代码.yml）和模板已经填好"
        "（链接旁有“下载模板”的，模板较长，请打开下载的模板，把全部内容复制到编辑器中）；"
        "把每一处引号内的内容填写完整，推进状态只能填“未启动、正常推进、滞后、已完成”之一。",
        "填好后点击“Commit changes…”，选择“Create a new branch for this commit and start a pull request”，"
        "再点击“Propose changes”和“Create pull request”。",
        "系统自动校验。如有问题，会在拉取请求中用中文指出文件、行号和修改方法；在同一分支修改后会重新校验。",
        "只新增或修改本单位报告的拉取请求，校验和权限检查通过后自动合并，不等人工审核；"
        f"其他改动由维护人员审核。报告由{escape.inline(reviewer)}汇总。"
        "报送时间以报告合并到主分支的时间（北京时间）为准。",
    ]
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


def _open_table(archive: Archive) -> str:
    if not archive.computed:
        return "本次未能计算各单位的报送义务，暂无待填报清单。"
    facts = archive.current
    items = open_obligations(archive)
    if not items:
        return "目前没有待填报的事项。"
    rows = [
        [
            fmt.link(facts.unit_name(o.unit), SRC, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.period_zh(o.kind, o.period),
            fmt.date_zh(o.due),
            fmt.badge(o),
            fill,
        ]
        for o, fill in zip(items, fill_cells(archive, items, SRC), strict=True)
    ]
    return fmt.unsearched(fmt.table(["单位", "报送事项", "期间", "截止日期", "状态", "填报"], rows))
