"""`taizhang build`: regenerate build/docs from the ledger and build the site with MkDocs, strictly."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from taizhang.cli import main
from tests import sitedata, sitehtml
from tests.conftest import REPO
from tests.gitrepo import LedgerRepo

AS_OF = "2023-10-10"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger repository with a few reports, committed on their dates, built once for these tests."""
    root = sitedata.site_repo(tmp_path_factory.mktemp("build"))
    registry = sitedata.ledger_of(root)
    for unit in ("xinfu", "yuanping", "zhifadui"):
        sitedata.write_report(root, registry, "monthly", unit, "2023-09")
        sitedata.commit_all(root, f"{unit} 9月月报", dt.datetime(2023, 10, 2, 15, tzinfo=sitedata.BEIJING))
    (root / "build" / "docs").mkdir(parents=True)
    (root / "build" / "docs" / "stale.md").write_text("# 旧页面\n", encoding="utf-8")
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(root / "site")]) == 0
    return root


def test_build_makes_the_html_site_from_the_ledger(built: Path) -> None:
    site = built / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "2023年交通运输绿色低碳发展工作要点" in home and "忻交发〔2023〕102号" in home
    assert "<title>忻州市交通运输绿色低碳发展工作台账</title>" in home
    for page in ("tasks/t5-2", "units/xinfu", "periods/2023-09", "overdue", "bulletins/index", "submit", "stats"):
        assert (site / f"{page}.html").is_file(), page
    for download in ("taizhang.xlsx", "tasks.csv", "data/2023.zip", "schemas/monthly.schema.json"):
        assert (site / "downloads" / download).is_file(), download
    assert not (site / "downloads" / "reports.json").exists()  # in the year's archive
    page = sitehtml.page(site / "downloads.html")
    linked = set(re.findall(r'href="(downloads/[^"#]+)"', page))
    assert "downloads/data/2023.zip" in linked and "downloads/taizhang.xlsx" in linked
    assert all((site / path).is_file() for path in linked), linked  # and MkDocs --strict checked them too
    assert (site / "charts" / "by-unit.svg").is_file()


def test_generated_pages_are_regenerated_from_scratch(built: Path) -> None:
    docs = built / "build" / "docs"
    assert not (docs / "stale.md").exists()
    assert (docs / "index.md").is_file() and (docs / "units" / "xinfu.md").is_file()
    config = yaml.safe_load((built / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../mkdocs.yml" and config["docs_dir"] == "docs"
    assert config["site_name"] == "忻州市交通运输绿色低碳发展工作台账"


def test_hand_written_docs_are_copied_and_listed(built: Path) -> None:
    assert (built / "site" / "about.html").is_file()
    assert (built / "site" / "stylesheets" / "taizhang.css").is_file()
    config = yaml.safe_load((built / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"关于本站": "about.md"} in config["nav"]


def test_search_index_segments_chinese_words(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"]  # Material's zh separator, left as it is
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert "\u200b扬尘\u200b" in titles["tasks/t5-2.html"] and "\u200b塑料\u200b" in titles["tasks/t5-4.html"]


def test_search_finds_units_and_tasks_but_leaves_report_texts_out(built: Path) -> None:
    # Report texts would make the index grow with every report (a province: 60,000); the pages show them.
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    plain = {doc["location"]: (doc["title"] + doc["text"]).replace("\u200b", "") for doc in index["docs"]}
    assert "忻府区交通运输局" in plain["units/xinfu.html"] and "加强扬尘污染治理" in plain["tasks/t5-2.html"]
    assert any("加强施工扬尘监管力度" in text for text in plain.values())  # the task's own text
    assert not any("#r-monthly" in location for location in plain)
    said = "【示例数据】9月，忻府区交通运输局"  # how the sample reports' entries begin
    assert not any(said in text for text in plain.values())
    assert said in (built / "site" / "units" / "xinfu.html").read_text(encoding="utf-8")
    assert said in (built / "site" / "tasks" / "t5-2.html").read_text(encoding="utf-8")


def test_tables_of_units_by_period_are_on_the_pages_but_not_in_the_search_index(built: Path) -> None:
    # A province's period pages, bulletins and unit grids hold 1,000 units x 60 months: a phone cannot load that.
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    period = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("periods/2023-09.html"))
    assert "忻府区交通运输局" not in period.replace("\u200b", "")
    assert "忻府区交通运输局" in (built / "site" / "periods" / "2023-09.html").read_text(encoding="utf-8")
    unit = [d for d in index["docs"] if d["location"].startswith("units/xinfu.html")]
    grid = " ".join(d["text"] for d in unit if d["title"].replace("\u200b", "") == "报送情况")
    assert grid and "2023年9月" not in grid.replace("\u200b", "")  # the grid's rows are months
    nav = sitehtml.page(built / "site" / "tasks" / "t5-2.html").split('class="md-content"')[0]
    assert "units/index.html" in nav and "units/xinfu.html" not in nav  # units are listed once, on their page


def test_site_settings_are_chinese_offline_and_pruned() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = config["theme"]
    assert theme["name"] == "material" and theme["language"] == "zh" and theme["font"] is False
    assert "navigation.prune" in theme["features"]
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert search["lang"] == "zh" and "separator" not in search
    assert "repo_url" not in config and "analytics" not in config.get("extra", {})
    assert config["docs_dir"] == "build/docs"


def test_built_pages_load_nothing_from_other_hosts(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
        for tag in ("<script", "<img", '<link rel="stylesheet"', "<iframe"):
            for chunk in text.split(tag)[1:]:
                attrs = chunk.split(">", 1)[0]
                assert "://" not in attrs.replace("http://www.w3.org/", ""), (page, tag, attrs)


def test_a_hand_written_page_may_not_replace_a_generated_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = sitedata.site_repo(tmp_path)
    (root / "docs" / "overdue.md").write_text("# 手写的逾期\n", encoding="utf-8")
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp_path / "site")]) == 2
    assert "docs/overdue.md 与自动生成的页面同名" in capsys.readouterr().err


def test_build_refuses_an_output_folder_it_would_wipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = sitedata.site_root(tmp_path)
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(root)]) == 2
    assert "不能是仓库根目录" in capsys.readouterr().err
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "重要.txt").write_text("不要删", encoding="utf-8")
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(keep)]) == 2
    assert "不像之前生成的网站" in capsys.readouterr().err
    assert (keep / "重要.txt").read_text(encoding="utf-8") == "不要删"


def test_a_malformed_as_of_date_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = sitedata.site_root(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(root), "build", "--as-of", "2023-13-01"])
    assert stopped.value.code == 2
    assert "日期应写成“年-月-日”" in capsys.readouterr().err


def test_no_mkdocs_writes_the_page_sources_and_config_but_no_site(tmp_path: Path) -> None:
    root = sitedata.site_repo(tmp_path / "repo")
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    sitedata.commit_all(root, "xinfu 9月月报", dt.datetime(2023, 10, 2, 15, tzinfo=sitedata.BEIJING))

    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp_path / "site"), "--no-mkdocs"]) == 0

    assert "2023年9月" in (root / "build" / "docs" / "units" / "xinfu.md").read_text(encoding="utf-8")
    assert (root / "build" / "docs" / "downloads" / "taizhang.xlsx").is_file()
    config = yaml.safe_load((root / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_dir"] == str(tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_repository_without_mkdocs_yml_or_docs_uses_the_engines_settings_and_pages(tmp_path: Path) -> None:
    repo = LedgerRepo.create(tmp_path / "ledger")
    for own in ("mkdocs.yml", "docs"):
        assert not (repo.root / own).exists()
    assert main(["--root", str(repo.root), "build", "--as-of", AS_OF, "--no-mkdocs"]) == 0
    config = yaml.safe_load((repo.root / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    inherited = Path(config["INHERIT"])
    assert inherited.is_absolute() and inherited.parent.name == "defaults"  # taizhang/site/defaults/mkdocs.yml
    assert yaml.safe_load(inherited.read_text(encoding="utf-8"))["theme"]["language"] == "zh"
    docs = repo.root / "build" / "docs"
    assert (docs / "stylesheets" / "taizhang.css").read_bytes() == (REPO / "docs/stylesheets/taizhang.css").read_bytes()
    assert {"关于本站": "about.md"} in config["nav"]


def test_a_copy_without_git_history_is_refused_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = sitedata.site_root(tmp_path)  # files only: submission times come from the git history
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp_path / "site")]) == 2
    assert "不是 Git 仓库" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_second_plan_keeps_the_first_ones_pages_and_the_strict_build_passes(tmp_path: Path) -> None:
    """Next year's plan lands: the home page moves on, and 2023's tasks, periods and bulletins stay."""
    root = sitedata.site_repo(tmp_path)
    registry = sitedata.ledger_of(root)
    sitedata.write_report(root, registry, "monthly", "xinfu", "2023-09")
    sitedata.commit_all(root, "忻府区 9月月报", dt.datetime(2023, 10, 2, 15, tzinfo=sitedata.BEIJING))
    sitedata.next_year(root)
    sitedata.commit_all(root, "2024年工作要点", dt.datetime(2024, 7, 17, 9, tzinfo=sitedata.BEIJING))
    site = tmp_path / "site"
    assert main(["--root", str(root), "build", "--as-of", "2024-09-10", "--out", str(site)]) == 0
    assert "2024年交通运输绿色低碳发展工作要点" in (site / "index.html").read_text(encoding="utf-8")
    earlier = (site / "plans" / "2023" / "tasks" / "t5-2.html").read_text(encoding="utf-8")
    assert "往年工作要点" in earlier and "2023年9月" in earlier
    for page in ("plans/index", "plans/2023/index", "plans/2023/stats", "bulletins/2023", "periods/2023-09"):
        assert (site / f"{page}.html").is_file(), page
    xinfu = sitehtml.page(site / "units" / "xinfu.html")
    assert "2024年7月" in xinfu and "2023年度：2023年交通运输绿色低碳发展工作要点" in xinfu
    # last year's report is an entry of the unit's 往年 section: the old link units/xinfu.html#r-monthly-2023-09
    # still lands on it, beside the year's data archive that holds its text
    entry = xinfu.split('<span id="r-monthly-2023-09"></span>')[1].split("</td>")[0]
    assert "按时" in entry and "2023-10-02 15:00" in entry and "【示例数据】" not in xinfu.split('id="plan-2023"')[1]
    assert '<a href="../downloads/data/2023.zip">2023年度数据（压缩包）</a>' in xinfu
    assert (site / "downloads" / "data" / "2023.zip").is_file()
    assert not (site / "plans" / "2023" / "units").exists()
    task = sitehtml.page(site / "plans" / "2023" / "tasks" / "t5-2.html")
    assert '<a href="../../../units/xinfu.html#plan-2023">忻府区交通运输局</a>' in task


def test_the_site_is_zh_cn_with_the_bureaus_footer_and_a_chinese_404(built: Path) -> None:
    config = yaml.safe_load((built / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "custom" and Path(config["theme"]["custom_dir"]).is_dir()
    assert config["extra"]["taizhang"]["owner"] == "忻州市交通运输局" and "icp" not in config["extra"]["taizhang"]
    home = sitehtml.page(built / "site" / "index.html")
    assert ' lang="zh-CN"' in home.split("<head>")[0]  # on <html>
    assert "主办单位：忻州市交通运输局" in home and "数据更新于 2023-10-02 15:00" in home and "ICP" not in home
    missing = sitehtml.page(built / "site" / "404.html")
    assert "<h1>页面不存在（404）</h1>" in missing and ' lang="zh-CN"' in missing.split("<head>")[0]


def test_an_icp_number_in_taizhang_yml_shows_in_the_footer(tmp_path: Path) -> None:
    root = sitedata.site_repo(tmp_path)
    settings = root / "taizhang.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("    owner:", "    icp: 晋ICP备00000000号\n    owner:"),
        encoding="utf-8",
    )
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp_path / "site")]) == 0
    home = sitehtml.page(tmp_path / "site" / "index.html")
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">晋ICP备00000000号</a>' in home
