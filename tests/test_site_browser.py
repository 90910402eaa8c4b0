"""The built site in a real headless browser (Debian's chromium, driven by playwright).

One site is built with `taizhang build` from a ledger repository with real, dated commits, served by
a local http.server on 127.0.0.1, and opened in chromium with a fresh profile. Every request the
browser makes is recorded: after each test, none may have gone to another host, no console error
may have been logged and no dialog may have opened. Screenshots go to test-artifacts/site/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from taizhang.cli import main
from tests import localserver, sitedata
from tests.conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts" / "site"
SEPTEMBER = ("xinfu", "yuanping", "dingxiang", "zhifadui")  # the units whose September report landed


@dataclass
class Session:
    base: str
    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str = "") -> Page:
        page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(self.base + path, wait_until="networkidle")
        return page

    def outside(self) -> list[str]:
        return [
            u for u in self.requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname != "127.0.0.1"
        ]


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    root = sitedata.site_repo(tmp)
    registry = sitedata.ledger_of(root)
    for day, unit in enumerate(SEPTEMBER, 1):
        hostile = sitedata.HOSTILE if unit == "xinfu" else None
        sitedata.write_report(root, registry, "monthly", unit, "2023-09", hostile)
        sitedata.commit_all(root, f"{unit} 9月月报", dt.datetime(2023, 10, day, 15, tzinfo=sitedata.BEIJING))
    assert main(["--root", str(root), "build", "--as-of", "2023-10-10", "--out", str(tmp / "site")]) == 0
    return tmp / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with localserver.serve(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    if not CHROMIUM.exists():
        pytest.fail("未找到 /usr/bin/chromium：请先运行 scripts/install-browser（make test 会自动运行）")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        session = Session(server, context)
        context.on("request", lambda r: session.requests.append(r.url))
        yield session
        context.close()


@pytest.fixture(autouse=True)
def clean(browser: Session) -> Iterator[Session]:
    """Whatever a test does in the browser: nothing from other hosts, no console error, no dialog."""
    before = (len(browser.requests), len(browser.errors), len(browser.dialogs))
    yield browser
    assert browser.requests[before[0] :], "no request recorded"
    assert [u for u in browser.outside() if u in browser.requests[before[0] :]] == []
    assert browser.errors[before[1] :] == []
    assert browser.dialogs[before[2] :] == []


def test_home_page_shows_the_bundled_plans_figures(browser: Session) -> None:
    page = browser.open()
    assert page.locator("h1").inner_text() == "2023年交通运输绿色低碳发展工作要点"
    text = page.locator("article").inner_text()
    assert "忻交发〔2023〕102号" in text and "2023年7月17日印发" in text and "数据截至 2023年10月10日" in text
    figures = dict(
        zip(
            page.locator(".tz-figure-label").all_inner_texts(),
            page.locator(".tz-figure-value").all_inner_texts(),
            strict=True,
        )
    )
    assert figures["重点任务"] == "16 项" and figures["涉及单位"] == "25 个"
    assert figures["2023年9月月报已收到"] == f"{len(SEPTEMBER)} / 18"
    assert page.locator("table .tz-light").count() == 16
    shot(page, "home")


@pytest.mark.parametrize(("word", "task"), [("扬尘", "t5-2"), ("塑料", "t5-4")])
def test_searching_a_chinese_word_from_a_task_title_finds_that_task(browser: Session, word: str, task: str) -> None:
    page = browser.open()
    page.keyboard.press("s")  # Material's shortcut: open the search box
    page.keyboard.type(word)
    page.keyboard.press("End")  # typed Chinese arrives as text input; a key release triggers the search
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    assert f"/tasks/{task}.html" in (first.get_attribute("href") or "")
    assert word in first.inner_text().replace("\u200b", "")
    shot(page, f"search-{task}")


def test_a_hostile_report_text_is_shown_as_text(browser: Session) -> None:
    page = browser.open("units/xinfu.html#r-monthly-2023-09")
    text = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "[点我](javascript:alert(1))" in text and '{: onclick="alert(1)" }' in text and "**粗体**" in text
    assert page.locator("article img[src='x'], article a[href^='javascript']").count() == 0
    assert page.evaluate("document.querySelectorAll('[onclick], [onerror]').length") == 0
    assert page.evaluate("document.querySelectorAll('article script').length") == 0
    page.locator("#r-monthly-2023-09").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "hostile-report.png"))


@pytest.mark.parametrize(
    "path",
    [
        "tasks/index.html",
        "tasks/t5-2.html",
        "units/index.html",
        "units/xinfu.html",
        "periods/2023-09.html",
        "periods/2023-Q3.html",
        "overdue.html",
        "bulletins/index.html",
        "stats.html",
        "submit.html",
        "downloads.html",
        "about.html",
    ],
)
def test_main_pages_open_without_errors_or_outside_requests(browser: Session, path: str) -> None:
    page = browser.open(path)
    assert page.locator("h1").count() == 1
    if path == "stats.html":
        charts = page.locator("img.tz-chart")
        assert charts.count() == 3
        for i in range(3):
            charts.nth(i).scroll_into_view_if_needed()
            assert page.evaluate("img => img.complete && img.naturalWidth > 0", charts.nth(i).element_handle())
    shot(page, path.removesuffix(".html").replace("/index", "").replace("/", "-"))
