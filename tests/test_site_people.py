"""The site as people read it (issue 14), in headless chromium at 1366 px (desktop) and 390 px (a phone).

One demo site is built for the module from a ledger repository with real, dated commits: three
months of reports, some late, some missing, one with a figure in a measure unit that cannot be
added up. It is served as GitHub Pages serves it (under /taizhang/, with 404.html for a missing
page). axe-core comes from npm (package.json) and is vendored in tests/vendor; it is injected into
the page, never fetched. Screenshots of each page type at both widths go to test-artifacts/site/;
with TAIZHANG_UPDATE_SCREENSHOTS=1 the phone and desktop views are also copied to screenshots/,
which the README links.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, sync_playwright

from taizhang.cli import main
from taizhang.data.ledger import Ledger
from taizhang.site import figures
from tests import localserver, sitedata
from tests.conftest import REPO
from tests.test_site_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts" / "site" / "people"
SCREENSHOTS = REPO / "screenshots"
AXE = (REPO / "tests" / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE, DESKTOP = 390, 1366
AS_OF = "2023-10-20"
PREFIX = "/taizhang/"  # where the site lives, as site_url in taizhang.yml says
GONGZHUANTIE = "协调重点企业推进大宗货物“公转铁”，铁路运量占比提高"
PAGES = {  # page type -> path
    "home": "index.html",
    "task": "tasks/t4-2.html",
    "unit": "units/wuzhai.html",
    "lead-office": "units/yunshuke.html",
    "period": "periods/2023-09.html",
    "overdue": "overdue.html",
    "bulletin": "bulletins/2023-09.html",
    "submit": "submit.html",
    "stats": "stats.html",
    "form": "form/wuzhai.html",
}


def _commit_month(root: Path, ledger: Ledger, month: str, units: tuple[str, ...]) -> None:
    """Most units on time (the 2nd), every fifth late (the 6th), every sixth missing."""
    due = sitedata.due_of("monthly", month)
    on_time, late = [], []
    for i, unit in enumerate(units):
        if i % 6 == 5:
            continue
        (late if i % 5 == 3 else on_time).append(unit)
    for batch, day in ((on_time, due - dt.timedelta(days=1)), (late, due + dt.timedelta(days=3))):
        for unit in batch:
            text = GONGZHUANTIE if unit == "daixian" and month == "2023-09" else None
            sitedata.write_report(root, ledger, "monthly", unit, month, text)
        if batch:
            sitedata.commit_all(root, f"{month} 月报", dt.datetime.combine(day, dt.time(15), sitedata.BEIJING))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger]:
    tmp = tmp_path_factory.mktemp("people")
    root = sitedata.site_repo(tmp)
    ledger = sitedata.ledger_of(root)
    units = ledger.owes(ledger.plans["2023"], "monthly")
    for month in ("2023-07", "2023-08", "2023-09"):
        _commit_month(root, ledger, month, units)
    # 偏关 writes its figure in 台 where everyone else writes 辆: listed, not added
    path = root / "reports" / "2023-09" / "pianguan.yml"
    text = path.read_text(encoding="utf-8")
    if 'unit: "辆"' not in text:  # its sample report has no such figure: give it one
        text = text.replace(
            "  t4-2:\n",
            '  t4-2:\n    figures:\n      - name: "新增新能源车辆"\n        value: 3\n        unit: "辆"\n',
            1,
        )
    path.write_text(text.replace('unit: "辆"', 'unit: "台"', 1), encoding="utf-8")
    sitedata.commit_all(root, "偏关县 更正", dt.datetime(2023, 10, 5, 10, tzinfo=sitedata.BEIJING))
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp / "site")]) == 0
    return tmp / "site", sitedata.ledger_of(root)


@pytest.fixture(scope="module")
def server(built: tuple[Path, Ledger]) -> Iterator[str]:
    """The site as GitHub Pages serves it: under /taizhang/, 404.html for whatever is missing."""
    with localserver.serve(built[0], PREFIX, pages_404=True) as address:
        yield address


@pytest.fixture(scope="module")
def context(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail("未找到 /usr/bin/chromium：请先运行 scripts/install-browser（make test 会自动运行）")
    with sync_playwright() as playwright:
        ctx = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": DESKTOP, "height": 900},
            locale="zh-CN",
        )
        yield ctx
        ctx.close()


@pytest.fixture
def visit(context: BrowserContext, server: str) -> Iterator[Any]:
    """Open a page at a width; afterwards no request went to another host and no error was logged."""
    opened: list[Page] = []
    errors: list[str] = []
    requests: list[str] = []

    def open_page(path: str, width: int = DESKTOP) -> Page:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900 if width == DESKTOP else 844})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server + path, wait_until="networkidle")
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()
    assert [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)] == []
    assert errors == []


def shot(page: Page, name: str, width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    if os.environ.get("TAIZHANG_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))  # the first screenful, kept small


def sideways(page: Page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits the screen)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_each_page_type_fits_the_screen_and_passes_axe_core(visit: Any, kind: str, width: int) -> None:
    page = visit(PAGES[kind], width)
    assert page.locator("h1").count() == 1
    assert sideways(page) <= 0, f"{kind} scrolls sideways at {width} px"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.add_script_tag(content=AXE)  # vendored from npm, injected: no CDN
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})).violations"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )
    assert found == [], f"{kind} at {width} px"
    shot(page, kind, width)


def test_on_a_phone_tables_become_cards_with_status_and_action_first(visit: Any) -> None:
    page = visit(PAGES["overdue"], PHONE)
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 3
    assert page.locator("article table thead").first.is_hidden()
    links = 0
    for i in range(rows.count()):
        row = rows.nth(i)
        status, fill = row.locator("td[data-label='状态']"), row.locator("td[data-label='填报']")
        for cell in (status, fill):
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, (i, cell)
        if row.locator("td[data-label='报送事项']").inner_text() != "中心组季度学习":  # recorded in a monthly report
            assert fill.locator("a").first.inner_text() == "填报"
            links += 1
        # the card: the unit's name on top, then the status and the 填报 link, then the rest
        tops = {
            label: row.locator(f"td[data-label='{label}']").bounding_box()["y"]
            for label in ("单位", "状态", "截止日期")
        }
        assert tops["单位"] < tops["状态"] < tops["截止日期"]
    assert links >= 3


def test_on_a_phone_charts_give_way_to_their_data_tables(visit: Any) -> None:
    phone = visit(PAGES["stats"], PHONE)
    assert phone.locator("img.tz-chart").count() == 3
    assert all(not phone.locator("img.tz-chart").nth(i).is_visible() for i in range(3))
    assert phone.locator("article table").first.is_visible()
    desktop = visit(PAGES["stats"], DESKTOP)
    assert desktop.locator("img.tz-chart").first.is_visible()


def test_on_a_desktop_the_same_tables_stay_tables(visit: Any) -> None:
    page = visit(PAGES["overdue"], DESKTOP)
    assert page.locator("article table thead").first.is_visible()
    cells = page.locator("article table tbody tr").first.locator("td")
    assert len({round(cells.nth(i).bounding_box()["y"]) for i in range(cells.count())}) == 1  # one line


def test_the_home_page_explains_its_lights_rates_trend_strips_and_freshness(visit: Any) -> None:
    page = visit(PAGES["home"], PHONE)
    legend = page.locator(".tz-legend")
    assert legend.is_visible() and legend.locator(".tz-light").count() == 5
    article = page.locator("article").inner_text()
    assert "默认规则" in article and "超过四分之一为红" in article
    cards = page.locator(".tz-figure")
    assert cards.count() == page.locator(".tz-figure-scope").count() >= 5  # every figure says what it covers
    rate = page.locator(".tz-figure", has_text="2023年9月月报按时率")
    assert "范围：2023年9月月报" in rate.inner_text() and "8月" in rate.locator(".tz-figure-trend").inner_text()
    assert "本月新增进展" in article and "数据更新于 2023-10-06 15:00" in article
    strip = page.locator(".tz-strip").first
    assert strip.locator(".tz-s").count() == 3  # July to September, the month being collected
    assert set(strip.locator(".tz-s").all_inner_texts()) <= set("按迟逾纸延补退修未·")
    assert "主办单位：忻州市交通运输局" in page.locator("footer").inner_text()
    assert "数据更新于" in page.locator("footer").inner_text()


def test_a_countys_page_opens_with_its_whole_duty(visit: Any) -> None:
    page = visit(PAGES["unit"], PHONE)
    todo = page.locator(".tz-todo")
    assert todo.is_visible() and todo.bounding_box()["y"] < page.locator("article h2").first.bounding_box()["y"]
    text = todo.inner_text()
    assert "逾期" in text and "下一项" in text and "截止 2023年11月3日" in text
    assert "本单位的报送义务" in text and "月度任务进展情况" in text
    assert todo.locator("a", has_text="填报").count() >= 1


def test_a_lead_office_shows_the_tasks_it_leads_with_its_units_progress(visit: Any) -> None:
    page = visit(PAGES["lead-office"], DESKTOP)
    article = page.locator("article").inner_text()
    assert "牵头任务进展" in article and "本单位没有报送义务。" not in article
    assert page.locator("article table", has_text="最新进展").count() >= 1


def test_figures_are_totalled_with_their_sources_and_the_odd_one_listed(visit: Any, built: tuple[Path, Ledger]) -> None:
    _, ledger = built
    found = figures.of_reports(ledger.reports)
    cars = next(t for t in found.totals if t.name == "新增新能源车辆")
    page = visit(PAGES["task"], PHONE)
    total = page.locator("article table", has_text="合计").first
    row = total.locator("tr", has_text="新增新能源车辆")
    assert f"{figures.number(cars.value)} 辆" in row.inner_text()
    assert f"{len(cars.items)} 份报告" in row.inner_text()
    assert "未能合并" in page.locator("article").inner_text()
    assert page.locator("article table", has_text="偏关县交通运输局").count() >= 1
    home = visit(PAGES["home"], DESKTOP)
    assert f"{figures.number(cars.value)} 辆" in home.locator("article").inner_text()


def test_a_bulletin_is_numbered_signed_ranked_and_printable(visit: Any, server: str) -> None:
    page = visit(PAGES["bulletin"], DESKTOP)
    assert page.locator(".tz-doc-number").inner_text() == "忻交运通〔2023〕3号"
    assert page.locator(".tz-signature").inner_text() == "忻州市交通运输局运输科\n2023年10月10日"
    grades = page.locator(".tz-grade").all_inner_texts()
    assert grades == sorted(grades, key="绿黄红".index) and {"绿", "红"} <= set(grades)
    assert "一票否优" in page.locator("article").inner_text()
    link = page.locator("a", has_text="下载本通报").get_attribute("href") or ""
    response = page.request.get(server + "bulletins/" + link)
    assert response.ok and response.body()[:2] == b"PK"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_missing_page_answers_in_chinese(visit: Any, width: int) -> None:
    page = visit("units/no-such-page.html", width)  # below the top: its links must still work
    assert page.locator("h1").inner_text() == "页面不存在（404）"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert sideways(page) <= 0
    shot(page, "404", width)
    page.locator("a", has_text="回到首页").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "2023年交通运输绿色低碳发展工作要点"


def search(page: Page, text: str) -> list[str]:
    """Type as a paste or an input method does: fill() sets the text with no key events."""
    page.locator(".md-search__input").fill(text)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=10_000)
    shown = 0
    while items.count() != shown:  # Material adds results ten at a time as the list is scrolled
        shown = items.count()
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [urlsplit(h).path.removeprefix(PREFIX) for h in hrefs]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_pasted_unit_name_finds_its_own_page_first(visit: Any, width: int) -> None:
    page = visit(PAGES["home"], width)
    if width == PHONE:
        page.locator("label[for='__search']").first.click()
    assert search(page, "五寨")[0] == "units/wuzhai.html"
    page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, 0)")
    shot(page, "search", width)


def test_a_pasted_unit_name_does_not_rank_another_unit_first(visit: Any) -> None:
    page = visit(PAGES["home"], DESKTOP)
    assert search(page, "五台山")[0] == "units/wutaishan.html"


def test_progress_text_finds_the_units_that_reported_it(visit: Any, built: tuple[Path, Ledger]) -> None:
    _, ledger = built
    reported = {
        f"units/{r.unit}.html"
        for r in ledger.reports
        if any("“公转铁”" in str(value) for entry in r.entries.values() for value in entry.values())
    }
    assert "units/daixian.html" in reported
    page = visit(PAGES["home"], DESKTOP)
    found = {p for p in search(page, "公转铁") if p.startswith("units/")}
    assert found == reported


def test_developer_pages_are_built_but_off_the_navigation_and_search(visit: Any, built: tuple[Path, Ledger]) -> None:
    site, _ = built
    assert (site / "performance.html").is_file() and (site / "reference.html").is_file()
    page = visit(PAGES["home"], DESKTOP)
    nav = page.locator("nav.md-nav--primary").evaluate("n => n.innerHTML")
    assert "about.html" in nav and "guide.html" in nav  # the public's and the clerks' pages
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for page in ("performance", "reference", "architecture", "contributing", "notify"):  # the maintainers'
        assert (site / f"{page}.html").is_file() and f"{page}.html" not in nav
        assert f'"location":"{page}.html' not in index
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "/performance.md" in config["not_in_nav"] and "/reference.md" in config["not_in_nav"]


def test_the_vendored_axe_core_is_the_npm_package_pinned_in_package_json() -> None:
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert AXE.startswith(f"/*! axe v{pinned}\n")
    installed = REPO / "node_modules" / "axe-core" / "axe.min.js"
    if installed.is_file():  # after npm ci (make test runs it): the same bytes
        assert installed.read_text(encoding="utf-8") == AXE


def test_committed_screenshots_are_the_ones_the_readme_links() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((screenshots/[^)]+)\)", readme))
    assert linked, "README 中没有网站截图"
    assert all((REPO / path).is_file() for path in linked), linked
    assert {f"screenshots/{kind}-{w}.png" for kind in [*PAGES, "search", "404"] for w in (DESKTOP, PHONE)} == linked
