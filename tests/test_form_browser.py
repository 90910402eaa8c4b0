"""在线填报 in a real headless browser (Debian's chromium via playwright), at desktop and phone width.

A site is built from a ledger repository with real dated commits (忻府区's August report landed, its
September report overdue at the as-of date), served on 127.0.0.1 and opened with a fresh profile. After
every test: no request to another host, no console error, no dialog. The clerk's guide (docs/guide.md)
shows the screenshots these tests take, so they never go stale.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, sync_playwright

from taizhang.cli import main
from taizhang.data import schema
from taizhang.host import links
from tests import localserver, sitedata
from tests.conftest import REPO
from tests.test_site_browser import ARGS, CHROMIUM, Session

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts" / "form"
GUIDE_IMAGES = REPO / "docs" / "images" / "form"  # the 填报指南's screenshots
UPDATE_SCREENSHOTS = os.environ.get("TAIZHANG_UPDATE_SCREENSHOTS") == "1"
AXE = REPO / "tests" / "vendor" / "axe.min.js"  # axe-core from npm (package.json), vendored: no CDN
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
FORM = "form/xinfu.html?kind=monthly&period=2023-09"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sitedata.site_repo(tmp_path_factory.mktemp("form"))
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-08")
    sitedata.commit_all(root, "忻府区 8月月报", dt.datetime(2023, 9, 1, 10, tzinfo=sitedata.BEIJING))
    return root


@pytest.fixture(scope="module")
def server(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("form-site") / "site"
    assert main(["--root", str(repo), "build", "--as-of", "2023-10-10", "--out", str(site)]) == 0

    with localserver.serve(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    if not CHROMIUM.exists():
        pytest.fail("未找到 /usr/bin/chromium：请先运行 scripts/install-browser（make test 会自动运行）")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("form-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
            accept_downloads=True,
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
        session = Session(server, context)
        context.on("request", lambda r: session.requests.append(r.url))
        yield session
        context.close()


@pytest.fixture(autouse=True)
def clean(browser: Session) -> Iterator[Session]:
    before = (len(browser.requests), len(browser.errors), len(browser.dialogs))
    yield browser
    assert browser.requests[before[0] :], "no request recorded"
    assert [u for u in browser.outside() if u in browser.requests[before[0] :]] == []
    assert browser.errors[before[1] :] == []
    assert browser.dialogs[before[2] :] == []


def open_form(browser: Session, width: str, fresh: bool = True) -> Page:
    page = browser.open(FORM)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    if fresh:  # each test starts from the template, not from another test's draft
        page.evaluate("localStorage.clear()")
        page.reload(wait_until="networkidle")
    page.locator('[data-field="contact.name"]').wait_for()
    return page


def shot(page: Page, name: str, guide: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    image = GUIDE_IMAGES / f"{name}.png"
    # The guide's copy is refreshed on request (a draft's saved time changes every run, and `taizhang demo`
    # copies docs/ while other tests run): TAIZHANG_UPDATE_SCREENSHOTS=1, then review the pictures.
    if guide and (UPDATE_SCREENSHOTS or not image.exists()):
        GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(image), full_page=False)


def task_ids(page: Page) -> list[str]:
    return [i.removeprefix("task-") for i in page.locator("fieldset.tz-task").evaluate_all("els => els.map(e => e.id)")]


class Clerk:
    """A clerk's run through the form, counting what a person would do: fields filled and clicks."""

    def __init__(self, page: Page) -> None:
        self.page, self.fields, self.clicks, self.chars = page, 0, 0, 0

    def type(self, field: str, text: str) -> None:
        self.page.locator(f'[data-field="{field}"]').fill(text)
        self.fields += 1
        self.chars += len(text)

    def choose(self, field: str, value: str) -> None:
        self.page.locator(f'[data-field="{field}"]').select_option(value)
        self.fields += 1
        self.clicks += 2  # open the list, pick

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.clicks += 1


def fill_a_real_month(clerk: Clerk) -> None:
    """What 忻府区's clerk writes for September: every task, a figure, a study session, the contact."""
    clerk.type("contact.name", "王丽")
    clerk.type("contact.phone", "0350-3021234")
    for i, task in enumerate(task_ids(clerk.page)):
        clerk.choose(f"tasks.{task}.status", "滞后" if i == 2 else "正常推进")
        clerk.type(
            f"tasks.{task}.progress",
            f"9月，忻府区围绕任务{task}召开推进会1次，完成辖区内重点路段和场站的排查，整改问题{i + 3}处。",
        )
        if i == 2:
            clerk.type(f"tasks.{task}.problems", "部分场站改造资金尚未到位。")
        clerk.type(f"tasks.{task}.next_steps", "10月继续督促整改，月底前完成复查。")
    first = task_ids(clerk.page)[0]
    clerk.click(f'[data-rows="tasks.{first}.figures"]')
    clerk.type(f"tasks.{first}.figures.0.name", "新增新能源公交车")
    clerk.type(f"tasks.{first}.figures.0.value", "12")
    clerk.type(f"tasks.{first}.figures.0.unit", "辆")
    clerk.click('[data-rows="study_sessions"]')
    clerk.type("study_sessions.0.date", "2023-09-14")
    clerk.type("study_sessions.0.topic", "学习习近平生态文明思想和交通运输绿色低碳发展政策")
    clerk.type("study_sessions.0.participants", "15")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_county_fills_its_monthly_report_downloads_it_and_validate_accepts_it(
    browser: Session, repo: Path, width: str, tmp_path: Path
) -> None:
    page = open_form(browser, width)
    shot(page, f"empty-{width}", guide=True)
    started = time.perf_counter()
    clerk = Clerk(page)
    fill_a_real_month(clerk)
    with page.expect_download(timeout=5000) as info:
        clerk.click('[data-action="download"]')
    seconds = time.perf_counter() - started
    shot(page, f"filled-{width}", guide=True)
    download = info.value
    assert download.suggested_filename == "xinfu.yml"
    # committed where it belongs in a repository of its own, then judged by validate as CI would
    copy = sitedata.site_root(tmp_path)
    target = copy / "reports" / "2023-09" / "xinfu.yml"
    target.parent.mkdir(parents=True)
    download.save_as(target)
    sitedata.commit_all(copy, "忻府区 9月月报（在线填报）", dt.datetime(2023, 10, 10, 9, tzinfo=sitedata.BEIJING))
    assert subprocess.run(["git", "-C", str(copy), "status", "--porcelain"], capture_output=True).stdout == b""
    assert main(["--root", str(copy), "validate"]) == 0  # the whole repository, with the new report in it
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["unit"] == "xinfu" and data["period"] == "2023-09" and data["kind"] == "monthly"
    first = task_ids(page)[0]
    assert data["tasks"][first]["figures"] == [{"name": "新增新能源公交车", "value": 12, "unit": "辆"}]
    assert data["study_sessions"] == [
        {"date": "2023-09-14", "topic": "学习习近平生态文明思想和交通运输绿色低碳发展政策", "participants": 15}
    ]
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"clerk-run-{width}.json").write_text(
        json.dumps(
            {"seconds": round(seconds, 2), "fields": clerk.fields, "clicks": clerk.clicks, "characters": clerk.chars},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_an_empty_progress_says_so_in_validates_words_and_blocks_the_download(browser: Session, width: str) -> None:
    page = open_form(browser, width)
    clerk = Clerk(page)
    fill_a_real_month(clerk)
    first = task_ids(page)[0]
    clerk.type(f"tasks.{first}.progress", "")
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    page.locator('[data-action="download"]').click()
    page.wait_for_timeout(300)
    assert downloads == []
    error = page.locator(f'[data-field="tasks.{first}.progress"] ~ .tz-error')
    assert error.inner_text() == f"任务 {first}·进展情况（tasks.{first}.progress）未填写；请填上内容。"
    assert page.locator(f'[data-field="tasks.{first}.progress"]').get_attribute("aria-invalid") == "true"
    assert "还有 1 处需要填写或修改" in page.locator(".tz-summary").inner_text()
    assert page.evaluate("document.activeElement.dataset.field") == f"tasks.{first}.progress"
    shot(page, f"error-{width}", guide=width == "phone")


def test_the_forms_words_are_validates_words(browser: Session) -> None:
    """Wrong values typed in: each message beside a field is the one `validate` gives for the same file."""
    page = open_form(browser, "desktop")
    clerk = Clerk(page)
    fill_a_real_month(clerk)
    first = task_ids(page)[0]
    clerk.type("contact.phone", "电话0350")
    clerk.type(f"tasks.{first}.figures.0.value", "十二")
    clerk.type("study_sessions.0.participants", "0")
    clerk.choose(f"tasks.{first}.status", "")
    page.locator('[data-action="download"]').click()
    shown = sorted(page.locator(".tz-error:visible").all_inner_texts())
    text = page.locator(".tz-preview pre").text_content() or ""
    said = schema.check("monthly", "reports/2023-09/xinfu.yml", text, yaml.safe_load(text))
    assert shown == sorted(d.message for d in said)
    assert len(shown) == 4


def test_a_paste_from_word_is_cleaned(browser: Session) -> None:
    page = open_form(browser, "desktop")
    first = task_ids(page)[0]
    box = page.locator(f'[data-field="tasks.{first}.progress"]')
    box.focus()
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        "完成\u00a0排查\u200b整改\u30003处\u000b下月复查",
    )
    assert box.input_value() == "完成 排查整改 3处\n下月复查"
    assert "\u00a0" not in (page.locator(".tz-preview pre").text_content() or "")


def test_a_draft_survives_a_reload(browser: Session) -> None:
    page = open_form(browser, "phone")
    first = task_ids(page)[0]
    Clerk(page).type(f"tasks.{first}.progress", "草稿：已完成一半")
    page.locator(f'[data-field="tasks.{first}.status"]').select_option("正常推进")
    page.reload(wait_until="networkidle")
    assert page.locator(f'[data-field="tasks.{first}.progress"]').input_value() == "草稿：已完成一半"
    assert page.locator(f'[data-field="tasks.{first}.status"]').input_value() == "正常推进"
    assert "已恢复本浏览器中保存的草稿" in page.locator(".tz-notice").inner_text()
    shot(page, "draft-phone", guide=True)
    page.locator('[data-action="discard"]').click()
    assert page.locator(f'[data-field="tasks.{first}.progress"]').input_value() == ""


def test_last_months_report_is_a_starting_point(browser: Session) -> None:
    page = open_form(browser, "desktop")
    page.locator('[data-action="start-previous"]').click()
    first = task_ids(page)[0]
    assert page.locator(f'[data-field="tasks.{first}.progress"]').input_value().startswith("【示例数据】8月")
    assert page.locator('[data-field="study_sessions.0.date"]').count() == 0  # last month's sessions stay there


def test_a_filled_file_is_a_starting_point(browser: Session, tmp_path: Path) -> None:
    page = open_form(browser, "desktop")
    first = task_ids(page)[0]
    filled = tmp_path / "xinfu.yml"
    filled.write_text(
        f'kind: monthly\nunit: xinfu\nperiod: "2023-09"\ntasks:\n  {first}:\n    progress: "文件中的进展"\n'
    )
    page.locator('[data-action="start-file"]').set_input_files(str(filled))
    box = page.locator(f'[data-field="tasks.{first}.progress"]')
    box.wait_for()
    page.wait_for_function(f"document.querySelector('[data-field=\"tasks.{first}.progress\"]').value !== ''")
    assert box.input_value() == "文件中的进展"


def test_the_editor_link_carries_a_short_report_and_falls_back_to_copy_for_a_long_one(browser: Session) -> None:
    page = open_form(browser, "desktop")
    clerk = Clerk(page)
    first = task_ids(page)[0]
    clerk.type("contact.name", "王丽")
    clerk.type(f"tasks.{first}.progress", "完成排查。")
    editor = page.locator('[data-action="open-editor"]')
    href = editor.get_attribute("href") or ""
    assert editor.get_attribute("data-fits") == "true"
    assert href.startswith("https://github.com/xinzhou-jtj/taizhang/new/main?filename=reports/2023-09/xinfu.yml&value=")
    assert len(href.encode()) <= links.URL_LIMIT
    fill_a_real_month(clerk)
    long = "进展情况较长，" * 300
    for task in task_ids(page):
        clerk.type(f"tasks.{task}.progress", long)
    href = editor.get_attribute("href") or ""
    assert editor.get_attribute("data-fits") == "false"
    assert href == "https://github.com/xinzhou-jtj/taizhang/new/main?filename=reports/2023-09/xinfu.yml"
    assert "先把报告复制到剪贴板" in page.locator(".tz-editor-note").inner_text()
    page.evaluate("document.addEventListener('click', e => e.preventDefault())")  # stay on this site
    editor.click()
    page.wait_for_function("document.querySelector('.tz-said').textContent.includes('已复制')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".tz-preview pre").text_content()
    assert long in copied


@pytest.mark.parametrize("width", WIDTHS)
def test_the_form_page_passes_axe_core_and_fits_the_screen(browser: Session, width: str) -> None:
    page = open_form(browser, width)
    first = task_ids(page)[0]
    page.locator('[data-action="download"]').click()  # errors shown, so they are checked too
    assert page.locator(f'[data-field="tasks.{first}.progress"][aria-invalid="true"]').count() == 1
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    # the whole page: the header, the navigation and the footer in the site's own colours too
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_unit_page_and_the_fill_in_links_lead_to_the_form(browser: Session) -> None:
    page = browser.open("units/xinfu.html")
    hrefs = page.get_by_role("link", name="在线填报").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "../form/xinfu.html" in hrefs  # the unit's own form, under its 待办 box
    assert "../form/xinfu.html?kind=monthly&period=2023-09" in hrefs  # and each open item in the box
    page = browser.open("overdue.html")
    hrefs = page.locator("a", has_text="在线填报").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "form/xinfu.html?kind=monthly&period=2023-09" in hrefs
    page.locator(f'a[href="{FORM}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#tz-slot option:checked").inner_text().startswith("2023年9月月度进展情况")
