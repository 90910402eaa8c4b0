"""填报说明: the "填报" link opens GitHub's web editor on a new file with the right path and template."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from taizhang import templates
from taizhang.data.ledger import Ledger
from taizhang.host import links
from taizhang.site import pages
from taizhang.site.pages import submit
from tests import sitedata

AS_OF = dt.date(2023, 10, 10)
REPO_URL = "https://github.com/xinzhou-jtj/taizhang"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger]:
    root = sitedata.bundled(tmp_path_factory.mktemp("submit"))
    return root, sitedata.ledger_of(root)


def form(root: Path, ledger: Ledger, kind: str, unit: str, period: str) -> str:
    return templates.render(root, ledger, kind, unit, period, example=False)[1]


def test_fill_link_opens_the_web_editor_on_the_reports_path_with_its_template(ledger: tuple[Path, Ledger]) -> None:
    root, led = ledger
    overdue = sitedata.obligation("xinfu", "monthly", "2023-09", "overdue", 7)
    text = form(root, led, "monthly", "xinfu", "2023-09")
    config = pages.SiteConfig(templates={("monthly", "xinfu", "2023-09"): text})
    site = sitedata.readable(pages.generate(led, [overdue], AS_OF, config))
    url = site["submit.md"].split("[填报](")[1].split(")")[0]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["reports/2023-09/xinfu.yml"]
    value = query["value"][0]
    # the copy of the ledger has no schemas of its own: the editor is pointed at the site's copy
    site_schema = "https://xinzhou-jtj.github.io/taizhang/downloads/schemas/monthly.schema.json"
    assert value.splitlines()[0] == f"# yaml-language-server: $schema={site_schema}"
    assert yaml.safe_load(value) == yaml.safe_load(text)
    assert len(url.encode()) <= links.URL_LIMIT
    assert "[填报](" in site["overdue.md"]


def test_a_long_template_loses_its_comments_in_the_link_but_not_its_content(ledger: tuple[Path, Ledger]) -> None:
    root, led = ledger
    text = form(root, led, "annual_plan", "xinfu", "2023")
    editor = links.Repo(REPO_URL).new_file("reports/2023/annual_plan/xinfu.yml", text + "# " + "说明" * 100)
    assert editor is not None and editor.prefilled and len(editor.url.encode()) <= links.URL_LIMIT
    sent = unquote(editor.url.split("&value=")[1])
    assert yaml.safe_load(sent) == yaml.safe_load(text)
    assert sent.startswith("# yaml-language-server:")


def test_when_no_form_fits_the_link_opens_an_empty_file_and_the_template_is_a_download(
    ledger: tuple[Path, Ledger],
) -> None:
    root, led = ledger
    huge = form(root, led, "monthly", "xinfu", "2023-09").replace('progress: ""', 'progress: "' + "进" * 400 + '"')
    editor = links.Repo(REPO_URL).new_file("reports/2023-09/xinfu.yml", huge)
    assert editor == links.Editor(f"{REPO_URL}/new/main?filename=reports/2023-09/xinfu.yml", prefilled=False)
    overdue = sitedata.obligation("xinfu", "monthly", "2023-09", "overdue", 7)
    config = pages.SiteConfig(templates={("monthly", "xinfu", "2023-09"): huge})
    site = sitedata.readable(pages.generate(led, [overdue], AS_OF, config))
    assert "[下载模板](downloads/templates/reports/2023-09/xinfu.yml)" in site["submit.md"]
    assert yaml.safe_load(site["downloads/templates/reports/2023-09/xinfu.yml"]) == yaml.safe_load(huge)


def test_only_open_obligations_get_a_link() -> None:
    owed = [
        sitedata.obligation("xinfu", "monthly", "2023-08", "on_time"),
        sitedata.obligation("xinfu", "monthly", "2023-09", "overdue", 7),
        sitedata.obligation("xinfu", "monthly", "2023-10", "pending"),  # October is not over yet
        sitedata.obligation("xinfu", "quarterly_study", "2023-Q3", "overdue", 7),  # met through monthly reports
        sitedata.obligation("xinfu", "annual_summary", "2023", "pending"),  # due 31 January, far off
    ]
    assert [(o.kind, o.period) for o in owed if pages.is_open(o, AS_OF)] == [("monthly", "2023-09")]
    assert pages.is_open(owed[2], dt.date(2023, 11, 1))
    assert pages.is_open(owed[4], dt.date(2023, 12, 15))


def test_submit_page_states_the_rules_deadlines_and_steps(ledger: tuple[Path, Ledger]) -> None:
    _, led = ledger
    page = sitedata.readable(pages.generate(led, [], AS_OF))["submit.md"]
    assert "忻交发〔2023〕102号" in page and "截止日遇周末或法定节假日不顺延" in page
    assert "| 月度任务进展情况 | 各县（市、区）交通运输局、局属各单位 | 运输科 |" in page
    assert "Create a new branch for this commit and start a pull request" in page
    assert "目前没有待填报的事项" in page


def test_a_missing_quarterly_study_links_to_editing_the_quarters_last_monthly_report(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    led = sitedata.ledger_of(root)
    owed = [
        sitedata.obligation("xinfu", "quarterly_study", "2023-Q3", "overdue", 7),
        sitedata.obligation("yuanping", "quarterly_study", "2023-Q3", "overdue", 7),
    ]
    page = sitedata.readable(pages.generate(led, owed, AS_OF))["overdue.md"]
    assert f"[补充学习记录]({REPO_URL}/edit/main/reports/2023-09/xinfu.yml)" in page
    assert "随月报填写" in page.split("yuanping")[1]


def test_on_gitea_the_fill_link_names_the_file_and_the_template_is_always_a_download(
    ledger: tuple[Path, Ledger],
) -> None:
    root, led = ledger
    assert led.config is not None
    gitea = dataclasses.replace(led.config, host="gitea", repo_url="https://git.example.cn/xzjtj/taizhang")
    overdue = sitedata.obligation("xinfu", "monthly", "2023-09", "overdue", 7)
    text = form(root, led, "monthly", "xinfu", "2023-09")
    config = pages.SiteConfig(templates={("monthly", "xinfu", "2023-09"): text})
    site = sitedata.readable(pages.generate(dataclasses.replace(led, config=gitea), [overdue], AS_OF, config))
    link = "[填报](https://git.example.cn/xzjtj/taizhang/_new/main/reports/2023-09/?filename=xinfu.yml)"
    assert f"{link}（[下载模板](downloads/templates/reports/2023-09/xinfu.yml)）" in site["submit.md"]
    assert site["downloads/templates/reports/2023-09/xinfu.yml"] == text


def test_a_list_too_long_for_a_phone_links_each_row_to_its_units_page(tmp_path: Path) -> None:
    """A 填报 link carries the whole template in its address; 101 of them would make a page of megabytes."""
    root = sitedata.bundled(tmp_path)
    ledger, owed = sitedata.season(root, dt.date(2023, 10, 10))
    archive = pages.gather(ledger, owed, dt.date(2023, 10, 10), pages.SiteConfig())
    overdue = [o for o in owed if o.status == "overdue"][:1]
    assert submit.fill_cells(archive, overdue, "overdue.md") == [submit.fill_cell(archive, overdue[0], "overdue.md")]
    many = overdue * (submit.FILL_LINKS_UP_TO + 1)
    assert set(submit.fill_cells(archive, many, "overdue.md")) == {f"[到单位页面填报](units/{overdue[0].unit}.md)"}
