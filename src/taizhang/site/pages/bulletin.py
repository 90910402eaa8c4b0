"""逾期 and 通报: who is overdue now, and the monthly bulletin with the assessment table (考核)."""

from __future__ import annotations

from collections.abc import Iterable

from taizhang.data.model import Obligation
from taizhang.site import escape
from taizhang.site.pages import fmt, issue, reviewed
from taizhang.site.pages.facts import BEIJING, Archive, Facts, scores, tally
from taizhang.site.pages.submit import fill_cells
from taizhang.tracking import kinds
from taizhang.tracking.obligations import UnitScore

OVERDUE = "overdue.md"
INDEX = "bulletins/index.md"
VETO_NOTE = "一票否优：有迟报或逾期未报事项的单位，标“是”，不得评为优秀。"


def pages(archive: Archive) -> dict[str, str]:
    """逾期 (every plan's), the current year's bulletins and assessment, each earlier year's, and
    every 通报 issued by the as-of date."""
    out = archive_pages(archive)
    for facts in archive.plans:
        out.update(plan_pages(facts))
    return out


def archive_pages(archive: Archive) -> dict[str, str]:
    """The pages that span every plan: 逾期 and the index of bulletins."""
    return {OVERDUE: overdue(archive), INDEX: index(archive)}


def plan_pages(facts: Facts) -> dict[str, str]:
    """One plan's: its 通报 issued by the as-of date and, for an earlier year, its assessment page."""
    out = {}
    if not facts.current:
        out[fmt.assessment_page(facts)] = year_page(facts)
    if facts.computed:
        for slot in issue.schedule(facts):
            out[page_of(slot)] = bulletin(facts, issue.freeze(facts, slot))
    return out


def page_of(slot: issue.Slot) -> str:
    return fmt.bulletin_page(slot.key)


def docx_of(slot: issue.Slot) -> str:
    return f"downloads/bulletins/{slot.key}.docx"


def overdue(archive: Archive) -> str:
    scope = "（含往年工作要点的事项）" if archive.earlier else ""
    parts = ["# 逾期", f"截至{fmt.date_zh(archive.as_of)}，已过截止日期仍未报送的事项{scope}。"]
    if not archive.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无逾期清单。"]) + "\n"
    owed = archive.obligations()
    late = sorted((o for o in owed if o.status == "overdue"), key=lambda o: (-o.days_late, o.due, o.unit))
    parts.append(_table(archive, late, OVERDUE) if late else "目前没有逾期未报的事项。")
    parts.append(reviewed.unsettled(archive, OVERDUE))
    soon = [o for o in owed if o.status == "pending" and o.due_soon]
    if soon:
        parts += ["## 即将到期", _table(archive, soon, OVERDUE)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _table(archive: Archive, items: list[Obligation], src: str) -> str:
    rows = [
        [
            fmt.link(archive.current.unit_name(o.unit), src, fmt.unit_page(o.unit)),
            fmt.kind_zh(o.kind),
            fmt.link(fmt.period_zh(o.kind, o.period), src, fmt.period_page(o.period)),
            fmt.date_zh(o.due),
            fmt.badge(o),
            fill,
        ]
        for o, fill in zip(items, fill_cells(archive, items, src), strict=True)
    ]
    return fmt.unsearched(fmt.table(["单位", "报送事项", "期间", "截止日期", "状态", "填报"], rows))


UNSETTLED = (("returned", "退回待补报"), ("needs_revision", "已提交未通过校验"), ("pending", "延期未到期"))
RANK_RULE = (
    "排名规则：按时率（按时报送项数 ÷ 已到截止日期的应报项数）从高到低；按时率相同的，逾期项数少的在前，"
    "再比迟报项数、累计迟报和逾期天数。"
)


def scored_by(facts: Facts) -> str:
    """The rules that scored the assessment: the plan's reporting rules, by name."""
    names = "、".join(escape.inline(r.name) for r in facts.plan.rules)
    return f"计分范围：{names}，已到截止日期的各项。" if names else ""


ASSESSMENT_HEADERS = [
    "名次",
    "单位",
    "应报",
    "按时",
    "迟报",
    "逾期",
    "迟报逾期天数",
    "按时率",
    "退回",
    "补报",
    "延期",
    "一票否优",
]


def assessment_cells(rank: int, s: UnitScore) -> list[str]:
    """One row of the 考核 table after the unit's name, as plain text (the page and the .docx)."""
    return [
        str(rank),
        str(s.assessed),
        str(s.on_time),
        str(s.late),
        str(s.overdue),
        str(s.days_late),
        fmt.percent(s.on_time_rate),
        str(s.returned),
        str(s.resubmitted),
        f"{s.extended} 次 {s.extension_days} 天" if s.extended else "0",
        "" if s.spotless else "是",
    ]


def assessment(facts: Facts, items: list[UnitScore], src: str, on_time: tuple[str, ...] = ()) -> str:
    """考核, ranked: per unit, obligations due, on time, late, overdue, days, on-time rate, 退回, 补报,
    延期 and 一票否优. A unit with everything on time and nothing returned or extended is not a row of
    its own (at province scale that is most of 1,000 rows of 100% and zeros in every 通报 and year page):
    such units are named after the table, by how many items they owed, each with its rank. In a 通报,
    `on_time` is its on-time list (named and linked above, _ranking): when these units are exactly that
    list less the table's units, in its order, the page says so instead of naming them twice."""
    rows = []
    clean: dict[int, list[tuple[int, str]]] = {}
    for i, s in enumerate(items, 1):
        if all_on_time(s):
            clean.setdefault(s.assessed, []).append((i, s.unit))
            continue
        rank, *rest = assessment_cells(i, s)
        rows.append([rank, fmt.link(facts.unit_name(s.unit), src, fmt.unit_page(s.unit)), *rest])
    parts = [fmt.unsearched(fmt.table(ASSESSMENT_HEADERS, rows))] if rows or not clean else []
    # the largest group is said by reference when it can be; the others are named
    big = max(sorted(clean, reverse=True), key=lambda owed: len(clean[owed]), default=0)
    named = [(i, u) for owed, members in clean.items() if owed != big for i, u in members]
    skip = {s.unit for s in items if not all_on_time(s)} | {u for _, u in named}
    taken = {int(r[0]) for r in rows} | {i for i, _ in named}
    others = "和下面另列的单位" if named else ""
    same = _as_listed(clean.get(big, []), [u for u in on_time if u not in skip], taken, others) if on_time else ""
    for owed, members in sorted(clean.items(), key=lambda item: (item[0] != big or not same, -item[0])):
        head = f"**应报 {owed} 项全部按时报送的单位（{len(members)} 个）**：按时率 100%，无迟报、逾期、退回、补报、延期"
        if owed == big and same:
            but = f"除上表{others}以外" if others else "除上表所列以外"
            parts.append(f"{head}；即“一、报送情况”中按时报送的单位{but}的各单位，依该名单的顺序{same}。")
            continue
        names = [
            f"{escape.inline(facts.unit_name(u)) if u in on_time else fmt.link(facts.unit_name(u), src, fmt.unit_page(u))}"
            f"（{i}）"
            for i, u in members
        ]
        parts.append(fmt.unsearched(f"{head}；括号内为名次。{'、'.join(names)}"))
    return "\n\n".join(parts)


def _as_listed(members: list[tuple[int, str]], listed: list[str], taken: set[int], others: str) -> str:
    """How `members` (rank, unit) are ranked, when they are `listed` in its order: 为第 1—950 名, or
    占第 1—968 名中上表未列的名次; "" when they are not, or their ranks are not what that says."""
    if not members or [u for _, u in members] != listed:
        return ""
    ranks = [i for i, _ in members]
    if ranks != [k for k in range(1, ranks[-1] + 1) if k not in taken]:
        return ""
    span = f"第 1—{ranks[-1]} 名" if ranks[-1] > 1 else "第 1 名"
    return (
        f"为{span}" if len(ranks) == ranks[-1] else f"占{span}中上表{others or '未列'}{'未占' if others else ''}的名次"
    )


def all_on_time(s: UnitScore) -> bool:
    """考核's plainest record: every item due was on time, none returned, resubmitted or extended."""
    return bool(s.assessed) and s.on_time == s.assessed and not (s.returned or s.resubmitted or s.extended)


def index(archive: Archive) -> str:
    facts = archive.current
    parts = ["# 通报与考核"]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无通报。"]) + "\n"
    parts += _year(facts, INDEX)
    if archive.earlier:
        items = [
            f"- {fmt.link(f'{f.plan.year}年度通报与考核', INDEX, fmt.assessment_page(f))}" for f in archive.earlier
        ]
        parts += ["## 往年通报与考核", "\n".join(items)]
    return "\n\n".join(parts) + "\n"


def year_page(facts: Facts) -> str:
    """An earlier plan year's bulletins and its assessment."""
    src = fmt.assessment_page(facts)
    parts = [f"# {facts.plan.year}年度通报与考核", *fmt.archived(facts, src)]
    if not facts.computed:
        return "\n\n".join([*parts, "本次未能计算各单位的报送义务，暂无通报。"]) + "\n"
    return "\n\n".join(parts + _year(facts, src)) + "\n"


def _year(facts: Facts, src: str) -> list[str]:
    """A plan year's 通报, newest first, and its assessment (考核) so far, ranked."""
    slots = issue.schedule(facts)
    numbers = {s.key: issue.number(facts, s) for s in slots}
    items = [
        f"- {fmt.link(title(s), src, page_of(s))}"
        + (
            f"（{escape.inline(numbers[s.key])}，{fmt.date_zh(s.date)}）"
            if numbers[s.key]
            else f"（{fmt.date_zh(s.date)}）"
        )
        for s in reversed(slots)
    ]
    return [
        "## 月度通报",
        "\n".join(items) or "尚无印发的通报。",
        f"## {facts.plan.year}年度考核（截至{fmt.date_zh(facts.as_of)}）",
        " ".join(p for p in (scored_by(facts), RANK_RULE, VETO_NOTE) if p),
        assessment(facts, issue.ranked(facts, {s.unit: s for s in scores(facts)}), src),
        reviewed.rules(facts),
    ]


def title(slot: issue.Slot) -> str:
    month = fmt.period_zh(kinds.MONTHLY, slot.month)
    if slot.correction is not None:
        return f"关于{month}工作台账报送情况通报的更正"
    return f"关于{month}工作台账报送情况的通报"


def intro(facts: Facts, item: issue.Issue) -> str:
    """The opening paragraph, as plain text (the .docx uses it too)."""
    counts = tally(item.owed)
    due = max((o.original_due or o.due for o in item.owed), default=item.slot.date)
    month = fmt.period_zh(kinds.MONTHLY, item.slot.month)
    return (
        f"根据《{facts.plan.title}》（{facts.plan.document_number}）要求，{month}任务进展情况应于"
        f"{fmt.date_zh(due)}前报送。截至{fmt.date_zh(item.slot.date)}，应报 {len(item.owed)} 个单位，"
        f"按时报送 {counts['on_time']} 个，迟报 {counts['late']} 个，逾期未报 {counts['overdue']} 个"
        + "".join(f"，{label} {counts[key]} 个" for key, label in UNSETTLED if counts.get(key))
        + "。现将有关情况通报如下。"
    )


def addressees(facts: Facts) -> str:
    rule = facts.plan.rule(kinds.MONTHLY)
    return "、".join(facts.ledger.groups[g].name for g in (rule.who if rule else ()) if g in facts.ledger.groups)


def month_label(o: Obligation) -> str:
    """本月报送 in the ranking: 按时（10月2日）, 迟报 3 天, 逾期未报（截至成文日 7 天）, 退回待补报…"""
    when = o.submitted_at.astimezone(BEIJING).date() if o.submitted_at else None
    extended = "（已延期）" if o.extension is not None and o.extension.applied else ""
    fixed = "，退回后补报" if o.returns and o.returns[-1].fixed_at else ""
    if o.status == "on_time" and when:
        return f"按时（{when.month}月{when.day}日）{extended}{fixed}"
    if o.status == "late":
        return f"迟报 {o.days_late} 天{extended}{fixed}"
    if o.status == "returned":
        return f"退回待补报（截至成文日，{_since(o)}）"
    if o.status == "needs_revision":
        return "已提交但未通过校验，不算报送"
    if o.status == "pending":
        return f"未到期{extended}"
    return f"逾期未报（截至成文日 {o.days_late} 天）{extended}"


def _since(o: Obligation) -> str:
    at = o.returns[-1].at.astimezone(BEIJING).date() if o.returns else None
    return f"{at.month}月{at.day}日退回" if at else "已退回"


def requirement(item: issue.Issue) -> str:
    counts = tally(item.owed)
    if counts["overdue"] or counts["late"]:
        return "请逾期未报的单位尽快补报，迟报单位严格落实报送时限；进展滞后任务的责任单位加快推进。"
    return "各单位均按时报送，请继续保持。"


def bulletin(facts: Facts, item: issue.Issue) -> str:
    """The 通报's page: nothing in it depends on the build's as-of date, but for the .docx link while
    its plan is the current one."""
    slot = item.slot
    src = page_of(slot)
    who = addressees(facts)
    parts = [f"# {escape.heading(title(slot))}"]
    if item.number:
        parts.append(f'<p class="tz-doc-number">{escape.inline(item.number)}</p>')
    parts.append(f"{escape.inline(who)}：" if who else "")
    if slot.correction is not None:
        parts.append(
            f"{fmt.date_zh(slot.date)}对{fmt.period_zh(kinds.MONTHLY, slot.month)}通报作如下更正"
            f"（更正原因：{escape.inline(slot.correction) or '数据有误'}），以下数据截至{fmt.date_zh(slot.date)}，"
            "此前印发的通报保持原样。"
        )
    parts += [
        escape.inline(intro(facts, item)),
        "## 一、报送情况 { data-search-exclude }",  # tables of every unit: out of the search, as on the home page
        (
            "按绿、黄、红排列：绿＝按时报送，黄＝迟报（或延期后尚未到期），红＝截至成文日仍未报送"
            "（含退回未补报、未通过校验）；同一等级内按本年度按时率从高到低。按时报送的单位列出名称和报送日期"
            "（其本年度按时率和一票否优见“三、考核情况”），迟报和未报送的单位逐一列出。"
        ),
        _ranking(facts, item, src),
        *reviewed.tallies(facts, item.owed, src),
        "## 二、工作进展滞后的任务 { data-search-exclude }",
        _lagging(facts, item, src),
        f"## 三、考核情况（{facts.plan.year}年度截至{fmt.date_zh(slot.date)}） {{ data-search-exclude }}",
        " ".join(p for p in (scored_by(facts), RANK_RULE, VETO_NOTE) if p),
        assessment(facts, item.assessment, src, on_time_units(item)),
        reviewed.rules(facts),
        "## 四、有关要求",
        requirement(item),
        f'<p class="tz-signature">{escape.inline(item.office)}<br>{fmt.date_zh(slot.date)}</p>',
        # the .docx is made for the current plan year's 通报 only (a province's five years: 60 documents);
        # an earlier year's page, frozen like the rest, prints as it is
        (f"{fmt.link('下载本通报（Word 文档，.docx）', src, docx_of(slot))} · " if facts.current else "")
        + f"各单位的报送明细见{fmt.link(fmt.period_zh(kinds.MONTHLY, slot.month), src, fmt.period_page(slot.month))}报送情况。",
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _ranking(facts: Facts, item: issue.Issue, src: str) -> str:
    """The on-time units (the ranking's green head) as one list of names with the day each submitted, as
    a printed 通报 names them; then the units late or not submitted, a row each."""
    if not item.ranking:
        return "本月无应报单位。"
    green = len(on_time_units(item))
    rows = [
        [
            str(i),
            fmt.link(facts.unit_name(r.unit), src, fmt.unit_page(r.unit)),
            f'<span class="tz-grade tz-grade-{r.grade}">{issue.GRADE_ZH[r.grade]}</span>',
            escape.inline(month_label(r.this_month)),
            fmt.percent(r.score.on_time_rate) if r.score else "—",
            "" if r.score is None or r.score.spotless else "是",
        ]
        for i, r in enumerate(item.ranking[green:], green + 1)
    ]
    parts = []
    if green:
        names = by_runs(
            (fmt.link(facts.unit_name(r.unit), src, fmt.unit_page(r.unit)), _on_time(r.this_month) or "")
            for r in item.ranking[:green]
        )
        span = f"序号 1—{green}" if green > 1 else "序号 1"
        parts.append(
            f'<span class="tz-grade tz-grade-green">绿</span> **按时报送的单位（{green} 个）**：'
            f"{span}，按本年度按时率从高到低，括号内为报送日期。{names}"
        )
    if rows:
        parts.append(fmt.table(["序号", "单位", "等级", "本月报送", "本年度按时率", "一票否优"], rows))
    return "\n\n".join(parts)


def on_time_units(item: issue.Issue) -> tuple[str, ...]:
    """The units of the ranking's green head, in order: named, with a link, in the 通报's on-time list."""
    green = 0
    while green < len(item.ranking) and _on_time(item.ranking[green].this_month) is not None:
        green += 1
    return tuple(r.unit for r in item.ranking[:green])


def by_runs(items: Iterable[tuple[str, str]]) -> str:
    """Names, each with a note (the day or time it submitted), joined by 、; neighbours with the same
    note share it: 甲、乙（均为7月1日）、丙（7月2日）. At province scale units submit in batches."""
    out: list[str] = []
    run: list[str] = []
    note = ""
    for name, mine in items:
        if run and mine != note:
            out.append(_run(run, note))
            run = []
        run.append(name)
        note = mine
    if run:
        out.append(_run(run, note))
    return "、".join(out)


def _run(names: list[str], note: str) -> str:
    return f"{'、'.join(names)}（{'均为' if len(names) > 1 else ''}{note}）"


def _on_time(o: Obligation) -> str | None:
    """An on-time submission's day and what else the ranking says of it: 10月2日，已延期; None if not on time."""
    if o.status != "on_time" or o.submitted_at is None:
        return None
    when = o.submitted_at.astimezone(BEIJING).date()
    extended = "，已延期" if o.extension is not None and o.extension.applied else ""
    fixed = "，退回后补报" if o.returns and o.returns[-1].fixed_at else ""
    return f"{when.month}月{when.day}日{extended}{fixed}"


def _lagging(facts: Facts, item: issue.Issue, src: str) -> str:
    if not item.lagging:
        return "成文日前报送的月报中，没有进展滞后的任务。"
    lines = [
        f"- {fmt.link(f'{x.task.number} {x.task.title}', src, fmt.task_page(facts, x.task.id))}"
        f"（{'红' if x.light == 'red' else '黄'}）：{len(x.behind)}/{x.reported} 个单位报告滞后或未启动"
        + (f"：{fmt.names(facts, x.behind)}" if x.behind else "")
        for x in item.lagging
    ]
    return "\n".join(lines)
