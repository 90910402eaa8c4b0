"""The pure page generator on the bundled plan with a season of sample reports and hand-made obligations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import markdown
import pytest

from taizhang.data.ledger import Ledger
from taizhang.data.model import Granted, Obligation, Returned, Task, Unit
from taizhang.site import pages
from taizhang.site.pages import bulletin
from taizhang.site.pages import facts as facts_mod
from taizhang.site.pages.facts import BEIJING
from taizhang.tracking.obligations import UnitScore
from tests import sitedata
from tests.test_escape import Collector, site_extensions

AS_OF = dt.date(2024, 1, 10)


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger, list[Obligation]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("pages"))
    ledger, owed = sitedata.season(root, AS_OF, hostile_unit="xinfu")
    return root, ledger, owed


@pytest.fixture(scope="module")
def site(season: tuple[Path, Ledger, list[Obligation]]) -> dict[str, str]:
    _, ledger, owed = season
    return sitedata.readable(pages.generate(ledger, owed, AS_OF))


def html(text: str) -> Collector:
    collector = Collector()
    collector.feed(markdown.markdown(text, extensions=site_extensions()))
    return collector


def md_pages(files: dict[str, str]) -> list[str]:
    return sorted(p for p in files if p.endswith(".md"))


def test_home_page_shows_the_plan_and_the_headline_figures(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, _, owed = season
    due = [o for o in owed if o.status != "pending"]
    on_time = sum(o.status == "on_time" for o in due)
    overdue = sum(o.status == "overdue" for o in due)
    december = [o for o in owed if (o.kind, o.period) == ("monthly", "2023-12")]
    received = sum(o.status in ("on_time", "late") for o in december)
    home = site["index.md"]
    assert home.startswith("# 2023年交通运输绿色低碳发展工作要点\n")
    assert "忻交发〔2023〕102号" in home and "2023年7月17日印发" in home and "2024年1月10日" in home
    assert "[16 项](tasks/index.md)" in home
    assert "[25 个](units/index.md)" in home
    assert "2023年12月月报已收到" in home and f"[{received} / {len(december)}](periods/2023-12.md)" in home
    assert f"[{on_time / len(due) * 100:.1f}%](bulletins/index.md)" in home
    assert f"[{overdue} 项](overdue.md)" in home
    assert sum('class="tz-light ' in line for line in home.splitlines() if line.startswith("| ")) == 16
    assert '<p class="tz-legend">' in home and "默认规则" in home  # the bundled plan sets no `lights`
    assert f"已到截止日期的全部 {len(due)} 项报送" in home  # the yearly rate says what it covers


def test_every_task_unit_and_period_has_its_own_page(site: dict[str, str]) -> None:
    assert {p for p in site if p.startswith("tasks/")} >= {
        "tasks/index.md",
        "tasks/t1.md",
        "tasks/t5-2.md",
        "tasks/t6-5.md",
    }
    assert len([p for p in site if p.startswith("tasks/t")]) == 16
    assert len([p for p in site if p.startswith("units/") and p != "units/index.md"]) == 25
    months = [f"periods/2023-{m:02d}.md" for m in range(7, 13)]
    assert {*months, "periods/2023-Q3.md", "periods/2023-Q4.md", "periods/2023.md"} <= set(site)
    assert {"overdue.md", "bulletins/index.md", "submit.md", "downloads.md", "stats.md"} <= set(site)


def test_page_count_grows_with_units_tasks_and_periods_not_with_reports(
    season: tuple[Path, Ledger, list[Obligation]],
) -> None:
    _, ledger, owed = season
    few = dataclasses.replace(ledger, reports=[r for r in ledger.reports if r.period == "2023-07"])
    counted = len(md_pages(sitedata.readable(pages.generate(ledger, owed, AS_OF))))
    assert len(ledger.reports) > 5 * len(few.reports) > 0
    assert len(md_pages(sitedata.readable(pages.generate(few, owed, AS_OF)))) == counted

    more_units = dataclasses.replace(ledger, units=dict(ledger.units))
    more_units.units["xinqu"] = Unit(
        "xinqu", "示例新区交通运输局", "county", "示例新区交通运输局", 99, (), (), "units/xinqu.yml"
    )
    assert (
        len(md_pages(sitedata.readable(pages.generate(more_units, owed, AS_OF)))) == counted + 1
    )  # its page (its 在线填报 is the one form page, opened on it by form/xinqu.html)

    task = Task(
        "2023", "t7", "（七）", 99, None, None, "新增任务", "内容", "", {"lead": ("yunshuke",)}, "tasks/2023/t7.yml"
    )
    more_tasks = dataclasses.replace(ledger, tasks={"2023": {**ledger.tasks["2023"], "t7": task}})
    assert len(md_pages(sitedata.readable(pages.generate(more_tasks, owed, AS_OF)))) == counted + 1

    plan = dataclasses.replace(ledger.plans["2023"], end="2024-01")  # one more month, in a new quarter
    longer = dataclasses.replace(ledger, plans={"2023": plan})
    assert len(md_pages(sitedata.readable(pages.generate(longer, owed, AS_OF)))) == counted + 2


def test_a_hostile_report_text_reaches_the_page_as_text(site: dict[str, str]) -> None:
    page = site["units/xinfu.md"]
    assert "<script>" not in page and "<img" not in page and "](javascript" not in page
    rendered = html(page)
    assert not {"script", "img", "style", "iframe"} & set(rendered.tags)
    assert not [v for k, v in rendered.attrs if k == "href" and v and v.startswith("javascript")]
    assert not [k for k, _ in rendered.attrs if k.startswith("on")]
    text = "".join(rendered.text)
    assert sitedata.HOSTILE.split(" <img")[0] in text
    assert "<img src=x onerror=alert(1)>" in text and '{: onclick="alert(1)" }' in text


def test_unit_page_shows_its_tasks_and_a_grid_of_statuses(site: dict[str, str]) -> None:
    page = site["units/fanshi.md"]
    assert page.startswith("# 繁峙县交通运输局\n")
    assert "[加强扬尘污染治理](../tasks/t5-2.md) | 落实 |" in page
    rows = {line.split(" | ")[0].strip("| "): line for line in page.splitlines() if line.startswith("| 2023")}
    assert "按时" in rows["2023年7月"] and "逾期 99 天" in rows["2023年9月"] and "Q3" in rows["2023年9月"]
    assert "tz-pending" in rows["2023年度"]  # the annual summary is not due until 31 January
    assert "(#r-monthly-2023-07)" in rows["2023年7月"]
    assert "### 2023年7月月度进展情况 {#r-monthly-2023-07 data-search-exclude}" in page
    assert "### 2023年度工作要点备案 {#r-annual-plan-2023 data-search-exclude}" in page


def test_task_page_lists_units_by_role_with_their_latest_progress(site: dict[str, str]) -> None:
    page = site["tasks/t5-2.md"]
    assert page.startswith("# （五）2 加强扬尘污染治理\n")
    assert "| 负责 | [建管科](../units/jianguanke.md)、[公路科](../units/gonglike.md) |" in page
    latest = page.split("## 最新进展")[1].split("## 报告历史")[0]
    assert "[忻府区交通运输局](../units/xinfu.md) | [2023年12月](../units/xinfu.md#r-monthly-2023-12)" in latest
    assert "[繁峙县交通运输局](../units/fanshi.md) | [2023年8月]" in latest  # overdue since September
    history = page.split("## 报告历史")[1]
    assert history.count("2023年") >= 6


def test_period_page_lists_every_report_received_and_who_is_missing(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, ledger, owed = season
    missing = [o.unit for o in owed if (o.kind, o.period, o.status) == ("monthly", "2023-09", "overdue")]
    page = site["periods/2023-09.md"]
    assert "截止日期：2023年10月3日" in page
    assert f"**尚未报送（{len(missing)}）**" in page
    for unit in missing:
        assert f"[{ledger.units[unit].name}](../units/{unit}.md)" in page.split("尚未报送")[1]
    received = [r for r in ledger.reports if (r.kind, r.period) == ("monthly", "2023-09")]
    # each report opens from the page once: a row's 查看, or an on-time unit's name in the list
    assert page.count("#r-monthly-2023-09)") == len(received)
    listed = page.split("**按时报送（")[1].split("\n")[0]
    for o in owed:
        if (o.kind, o.period, o.status) == ("monthly", "2023-09", "on_time") and o.submitted_at is not None:
            when = o.submitted_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
            assert f"[{ledger.units[o.unit].name}](../units/{o.unit}.md#r-monthly-2023-09)" in listed
            assert sitedata.noted(listed)[o.unit] == when


def test_a_quarter_names_the_units_that_studied_in_time_with_each_session_linked_to_its_month(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, ledger, owed = season
    page = site["periods/2023-Q3.md"]
    table, listed = page.split("**按时完成（")
    for o in owed:
        if (o.kind, o.period) != ("quarterly_study", "2023-Q3"):
            continue
        sessions = [
            (s["date"], r.period)
            for r in ledger.reports
            if (r.kind, r.unit) == ("monthly", o.unit) and r.period in ("2023-07", "2023-08", "2023-09")
            for s in r.data.get("study_sessions") or []
        ]
        name = ledger.units[o.unit].name
        if o.status == "on_time" and sessions:  # in the list, not a row of its own
            assert f"](../units/{o.unit}.md)" not in table and f"{name}（" in listed
            for day, month in sessions:
                shown = str(day).replace("-", "&#45;")
                assert f"[{shown}](../units/{o.unit}.md#r-monthly-{month})" in listed
        else:
            assert f"| [{name}](../units/{o.unit}.md) |" in table and f"{name}（" not in listed
    assert f"**按时完成（{listed.count('）、') + 1}）**" in page


def test_overdue_page_lists_overdue_obligations_longest_first(site: dict[str, str]) -> None:
    page = site["overdue.md"]
    days = [int(d) for d in re.findall(r"逾期 (\d+) 天", page)]
    assert days and days == sorted(days, reverse=True)
    assert "[繁峙县交通运输局](units/fanshi.md) | 月度进展情况 | [2023年9月](periods/2023-09.md)" in page


def test_bulletin_is_an_issued_document_ranking_units_red_yellow_green_as_of_its_own_date(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, _, owed = season
    page = site["bulletins/2023-09.md"]
    assert page.startswith("# 关于2023年9月工作台账报送情况的通报\n")
    # 9月 reports were due on 3 October: the 通报 is issued seven days later (taizhang.yml), numbered
    # as the year's third (after July's and August's), and signed by the reviewing office
    assert '<p class="tz-doc-number">忻交运通〔2023〕3号</p>' in page
    assert '<p class="tz-signature">忻州市交通运输局运输科<br>2023年10月10日</p>' in page
    assert "截至2023年10月10日" in page and "2024年1月10日" not in page  # the build's as-of date is not in it
    assert "各县（市、区）交通运输局、局属各单位：" in page
    ranking = page.split("## 一、报送情况")[1].split("## 二")[0]
    rows = [line for line in ranking.splitlines() if line.startswith("| ") and "units/" in line]
    grades = [line.split("tz-grade-")[1].split('"')[0] for line in rows]
    assert grades == sorted(grades, key=("green", "yellow", "red").index) and "red" in grades
    on_time = ranking.split("**按时报送的单位")[1]
    for o in owed:
        if (o.kind, o.period) != ("monthly", "2023-09"):
            continue
        row = next((line for line in rows if f"(../units/{o.unit}.md)" in line), "")
        if o.status == "late":
            assert "tz-grade-yellow" in row and f"迟报 {o.days_late} 天" in row
        if o.status == "overdue":  # as of the 通报's date, not the build's
            assert "tz-grade-red" in row and "逾期未报（截至成文日 7 天）" in row
        if o.status == "on_time" and o.submitted_at is not None:  # named with its day, not a row of its own
            day = o.submitted_at.astimezone(BEIJING).date()
            assert not row and sitedata.noted(on_time)[o.unit] == f"{day.month}月{day.day}日"
    table = page.split("## 三、考核情况")[1]
    assert "一票否优" in table and "计分范围：年度工作要点备案、月度任务进展情况、年度工作总结、中心组季度学习" in table
    fanshi = next(line for line in table.splitlines() if "fanshi" in line)
    # through 10 October: the annual plan, July and August on time; September and the third quarter missing
    cells = [c.strip() for c in fanshi.strip("|").split("|")][2:]
    assert cells == ["5", "3", "0", "2", "14", "60.0%", "0", "0", "0", "是"]  # no 退回, 补报, 延期; 一票否优
    ranks = [line for line in table.splitlines() if line.startswith("| ") and "units/" in line]
    rates = [float(line.split(" | ")[7].rstrip("%")) for line in ranks]
    assert rates == sorted(rates, reverse=True)
    # a unit with every item on time is named after the table with its rank, not given a row of 100% and zeros
    assert "/xinfu.md" not in "".join(ranks)
    # the units all on time are the on-time list above less the table's: said once, not named twice
    assert "全部按时报送的单位（" in table and "即“一、报送情况”中按时报送的单位除上表所列以外的各单位" in table
    # the year's 考核, with no on-time list above it, names them with links and ranks
    year = site["bulletins/index.md"]
    assert re.search(
        r"全部按时报送的单位（\d+ 个）\*\*：.*括号内为名次。\[[^]]+\]\(\.\./units/[a-z-]+\.md\)（1）、", year
    )
    assert sitedata.noted(on_time)["xinfu"] == "10月2日"
    assert "[下载本通报（Word 文档，&#46;docx）](../downloads/bulletins/2023-09.docx)" in page


def test_all_on_time_units_are_said_by_reference_only_when_the_on_time_list_bears_it_out(
    season: tuple[Path, Ledger, list[Obligation]],
) -> None:
    _, ledger, owed = season
    facts = facts_mod.gather(ledger, owed, AS_OF, pages.SiteConfig()).current

    def score(unit: str, owed: int, late: int = 0) -> UnitScore:
        return UnitScore(unit, 2023, owed, owed - late, late, 0, 0, 3 * late)

    # ranked: 执法队 5/5, 忻府 6/6, 原平 5/5, 定襄 4/5 late; 代县 5/5 owes the same as 执法队 and 原平
    items = [
        score("zhifadui", 5),
        score("xinfu", 6),
        score("yuanping", 5),
        score("daixian", 5),
        score("dingxiang", 5, 1),
    ]
    listed = ("zhifadui", "xinfu", "yuanping", "daixian", "dingxiang")  # the 通报's on-time list, in its order
    text = bulletin.assessment(facts, items, "bulletins/2023-09.md", listed)
    # the largest group (5 items: 执法队, 原平, 代县) by reference; 忻府 (6 items) named with its rank
    assert "**应报 5 项全部按时报送的单位（3 个）**" in text and "除上表和下面另列的单位以外的各单位" in text
    assert "依该名单的顺序占第 1—4 名中上表和下面另列的单位未占的名次" in text
    assert (
        "**应报 6 项全部按时报送的单位（1 个）**：按时率 100%，无迟报、逾期、退回、补报、延期；括号内为名次。忻府区交通运输局（2）"
        in text
    )
    assert "| 5 | [定襄县交通运输局](../units/dingxiang.md) | 5 | 4 | 1 |" in sitedata.tables_as_markdown(text)
    # in another order than the list's, the reference would give wrong ranks: every unit is named instead
    text = bulletin.assessment(facts, items, "bulletins/2023-09.md", ("daixian", "zhifadui", "xinfu", "yuanping"))
    assert "除上表" not in text and "代县交通运输局（4）" in text and "市交通运输综合行政执法队（1）" in text
    # with no on-time list (a year's 考核), named with links and ranks
    text = bulletin.assessment(facts, items, "bulletins/index.md")
    assert "[原平市交通运输局](../units/yuanping.md)（3）" in text


def test_assessment_counts_each_status_per_unit_in_registry_order(
    season: tuple[Path, Ledger, list[Obligation]],
) -> None:
    _, ledger, owed = season
    facts = facts_mod.gather(ledger, owed, AS_OF, pages.SiteConfig()).current
    scores = facts_mod.scores(facts)
    owing = set(ledger.owes(ledger.plans["2023"], "monthly"))
    assert [s.unit for s in scores] == [u.id for u in ledger.ordered_units() if u.id in owing]
    fanshi = next(s for s in scores if s.unit == "fanshi")
    # the annual plan, July and August on time; September to December and both quarters missing
    assert (fanshi.on_time, fanshi.late, fanshi.overdue, fanshi.pending) == (3, 0, 6, 1)
    assert fanshi.on_time_rate == pytest.approx(3 / 9) and not fanshi.spotless


def test_without_obligations_the_pages_say_they_are_missing(season: tuple[Path, Ledger, list[Obligation]]) -> None:
    _, ledger, _ = season
    config = pages.SiteConfig(note="未能计算报送义务", computed=False)
    site = sitedata.readable(pages.generate(ledger, [], AS_OF, config))
    assert '!!! warning "注意"\n\n    未能计算报送义务' in site["index.md"]
    assert "本次未能计算各单位的报送义务" in site["overdue.md"]
    assert "本次未能计算各单位的报送义务" in site["bulletins/index.md"]
    assert "[—](bulletins/index.md)" in site["index.md"]


def test_nav_titles_carry_no_html_even_when_the_data_does(season: tuple[Path, Ledger, list[Obligation]]) -> None:
    _, ledger, owed = season
    units = dict(ledger.units)
    units["xinfu"] = dataclasses.replace(units["xinfu"], name="<script>alert(1)</script>忻府")
    key = next(iter(ledger.tasks))
    tasks = {**ledger.tasks, key: dict(ledger.tasks[key])}
    first = next(iter(tasks[key]))
    tasks[key][first] = dataclasses.replace(tasks[key][first], title="<script>alert(1)</script>督察")
    site = pages.build_site(dataclasses.replace(ledger, units=units, tasks=tasks), owed, AS_OF)
    titles = re.findall(r"'([^']*)':", repr(site.nav))
    assert any(t.endswith("＜script＞alert(1)＜/script＞督察") for t in titles)
    assert not [t for t in titles if set(t) & set('<>&"')]
    assert site.files["units/xinfu.md"].startswith("# ＜script＞alert&#40;1&#41;＜&#47;script＞忻府\n")


def test_generation_is_deterministic(season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]) -> None:
    _, ledger, owed = season
    assert sitedata.readable(pages.generate(ledger, list(reversed(owed)), AS_OF)) == site


def test_a_period_lists_its_units_in_the_order_of_the_bureaus_own_documents(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, ledger, _ = season
    page = site["periods/2023-09.md"].split("**尚未报送")[0]
    table, on_time = page.split("**按时报送")
    rows = re.findall(r"^\| \[[^]]+\]\(\.\./units/([a-z0-9-]+)\.md\)", table, flags=re.MULTILINE)
    named = re.findall(r"\]\(\.\./units/([a-z0-9-]+)\.md#", on_time)
    for listed in (rows, named):
        assert listed == [u.id for u in ledger.ordered_units() if u.id in listed]
    assert named[:3] == ["zhifadui", "jianshe-zhongxin", "yunshu-zhongxin"] and rows


def test_a_report_received_on_paper_says_so_where_no_file_can_be_shown(
    season: tuple[Path, Ledger, list[Obligation]],
) -> None:
    _, ledger, owed = season
    paper = dataclasses.replace(sitedata.obligation("wuzhai", "monthly", "2023-10", "on_time"), via="receipt")
    others = [o for o in owed if (o.unit, o.kind, o.period) != ("wuzhai", "monthly", "2023-10")]
    reports = [r for r in ledger.reports if (r.unit, r.kind, r.period) != ("wuzhai", "monthly", "2023-10")]
    site = sitedata.readable(pages.generate(dataclasses.replace(ledger, reports=reports), [*others, paper], AS_OF))
    row = next(line for line in site["units/wuzhai.md"].splitlines() if line.startswith("| 2023年10月 |"))
    assert "按时</span>（线下报送）" in row and "](#r-monthly-2023-10)" not in row
    assert "2023-11-02 16:30（线下报送登记）" in site["periods/2023-10.md"]


def test_a_task_history_says_why_a_month_has_no_report(
    season: tuple[Path, Ledger, list[Obligation]], site: dict[str, str]
) -> None:
    _, _, owed = season
    history = site["tasks/t5-2.md"].split("## 报告历史")[1]
    header = next(line for line in history.splitlines() if line.startswith("| 单位"))
    months = [c.strip() for c in header.strip("|").split("|")][1:]
    checked = []
    for o in owed:
        if o.kind != "monthly" or o.status not in ("overdue", "pending"):
            continue
        row = next((line for line in history.splitlines() if f"(../units/{o.unit}.md)" in line), None)
        if row is None:  # the unit holds no role on this task and sent nothing
            continue
        cell = [c.strip() for c in row.strip("|").split("|")][1:][
            months.index(f"{o.period[:4]}年{int(o.period[5:])}月")
        ]
        assert cell == {"overdue": "未报", "pending": "未到期"}[o.status], (o.unit, o.period, cell)
        checked.append(o.status)
    assert "overdue" in checked


def test_the_home_strip_marks_returns_fixes_extensions_and_reports_needing_revision(
    season: tuple[Path, Ledger, list[Obligation]],
) -> None:
    _, ledger, owed = season
    at = dt.datetime(2023, 10, 5, 10, tzinfo=sitedata.BEIJING)
    fixed = Returned(at, "请补充数据", at + dt.timedelta(days=2))
    granted = Granted(5, "防汛", at - dt.timedelta(days=3), applied=True)
    changed = {
        ("wuzhai", "2023-07"): {"status": "returned", "returns": (Returned(at, "请补充数据"),)},
        ("wuzhai", "2023-08"): {"status": "on_time", "returns": (fixed,)},
        ("wuzhai", "2023-09"): {"status": "late", "days_late": 1, "extension": granted, "due": dt.date(2023, 10, 8)},
        ("wuzhai", "2023-10"): {"status": "needs_revision", "days_late": 3},
    }
    mine = [
        dataclasses.replace(o, **changed[(o.unit, o.period)])
        if o.kind == "monthly" and (o.unit, o.period) in changed
        else o
        for o in owed
    ]
    files = sitedata.readable(pages.generate(ledger, mine, AS_OF))
    home = files["index.md"]
    row = next(line for line in home.splitlines() if "(units/wuzhai.md)" in line and "tz-strip" in line)
    marks = re.findall(r'class="tz-s tz-s-(\w+)" title="([^"]+)">(.)<', row)
    assert marks[:4] == [
        ("returned", "2023年7月：退回", "退"),
        ("resubmitted", "2023年8月：退回后补报，按时", "补"),
        ("extended", "2023年9月：延期 5 天，迟报 1 天", "延"),
        ("needs_revision", "2023年10月：需修改", "修"),
    ]
    assert "补＝退回后补报，退＝退回待补报" in home
    todo = files["units/wuzhai.md"].split('<div class="tz-todo')[1].split("</div>")[0]
    assert "项须修改后补报" in todo.split("\n")[1]  # in the box's title
    assert "**退回（原因：请补充数据），请修改后补报**：2023年7月月报" in todo
    assert "**已提交但未通过校验，请按校验提示修改**：2023年10月月报" in todo


def test_a_countys_next_report_says_from_when_it_can_be_filled(tmp_path: Path) -> None:
    as_of = dt.date(2023, 10, 20)
    ledger, owed = sitedata.season(sitedata.bundled(tmp_path), as_of)
    todo = (
        sitedata.readable(pages.generate(ledger, owed, as_of))["units/wuzhai.md"]
        .split('<div class="tz-todo')[1]
        .split("</div>")[0]
    )
    nxt = [line for line in todo.splitlines() if line.startswith("- **下一项**")]
    # the October report cannot be filed before October is over: the box says from when
    assert nxt == ["- **下一项**（还有 14 天）：2023年10月月报，截止 2023年11月3日，2023年11月1日起可填报"]


def test_a_yearly_item_in_the_todo_box_is_named_once_not_2023年度年度(site: dict[str, str]) -> None:
    todo = site["units/wuzhai.md"].split('<div class="tz-todo')[1].split("</div>")[0]
    assert "2023年度工作总结，截止 2024年1月31日" in todo
    assert "年度年度" not in todo
