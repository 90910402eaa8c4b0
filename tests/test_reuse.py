"""`taizhang build` after one report lands: unchanged pages come from the last build, and the site is the
one a full build makes (taizhang.site.reuse)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.site import apart, build
from tests import sitedata, sitehtml

AS_OF = "2023-10-10"
# Excel forms and Word files record the moment they were written (openpyxl and python-docx), so two
# builds without a cache never write them byte for byte alike (build/cache/made keeps those whose data did
# not change: test_buildcache.py compares them but for that stamp).
TIMESTAMPED = (".xlsx", ".docx")
NEWS = "原平市九月推进新能源公交车辆更新，新建充电桩十二个"
LAYOUT = "# 排版\n\n说明文字。\n\n```text\n第一行\n    缩进四格的第二行\n```\n"


def _build(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(out)]) == 0
    return capsys.readouterr().err


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.endswith(TIMESTAMPED)
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Built once, then again after 原平's September report lands (from the cache), then from scratch."""
    tmp = tmp_path_factory.mktemp("reuse")
    root = sitedata.site_repo(tmp)
    (root / ".gitignore").write_text("/build/\n", encoding="utf-8")  # as the repository's own
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "layout.md").write_text(LAYOUT, encoding="utf-8")  # a hand-written page with a code block
    registry = sitedata.ledger_of(root)
    for unit in ("xinfu", "zhifadui"):
        sitedata.write_report(root, registry, "monthly", unit, "2023-09")
        sitedata.commit_all(root, f"{unit} 9月月报", dt.datetime(2023, 10, 2, 15, tzinfo=sitedata.BEIJING))
    first = _run(root, tmp / "first")
    report = root / sitedata.write_report(root, registry, "monthly", "yuanping", "2023-09", progress=NEWS)
    # without quotation marks: a term a report quotes for the first time is a new word for the search's
    # segmentation (sitefacts.search_words), which may cut any page differently, so every page is rendered
    report.write_text(report.read_text(encoding="utf-8").replace("“", "").replace("”", ""), encoding="utf-8")
    sitedata.commit_all(root, "yuanping 9月月报", dt.datetime(2023, 10, 3, 11, tzinfo=sitedata.BEIJING))
    again = _run(root, tmp / "again")
    shutil.rmtree(root / "build" / "cache")
    full = _run(root, tmp / "full")
    build.build(root, dt.date.fromisoformat(AS_OF), tmp / "plain", reuse_pages=False)  # MkDocs alone
    shutil.rmtree(root / "build" / "cache")
    shared = build.build(root, dt.date.fromisoformat(AS_OF), tmp / "shared", workers=2)
    # one process, as the command runs it: fresh, since jieba keeps in this one the words earlier builds added
    apart.call(build.build, root, dt.date.fromisoformat(AS_OF), tmp / "alone", reuse_pages=False)
    return {"root": root, "first": first, "again": again, "full": full, "shared": shared,
            "tmp": tmp}  # fmt: skip


def _run(root: Path, out: Path) -> tuple[int, int]:
    done = build.build(root, dt.date.fromisoformat(AS_OF), out)
    return done.reused


def test_a_rebuild_after_one_report_lands_makes_the_same_site_as_a_full_build(rebuilt: dict[str, object]) -> None:
    tmp = rebuilt["tmp"]
    assert isinstance(tmp, Path)
    again, full = _files(tmp / "again"), _files(tmp / "full")
    assert sorted(again) == sorted(full)
    differing = [name for name in full if again[name] != full[name]]
    assert differing == []
    page = (tmp / "again" / "units" / "yuanping.html").read_text(encoding="utf-8")
    assert NEWS in page  # the report that landed is on its unit's page


def test_a_full_build_with_the_cache_is_the_site_mkdocs_alone_makes(rebuilt: dict[str, object]) -> None:
    tmp = rebuilt["tmp"]
    assert isinstance(tmp, Path)
    assert _files(tmp / "full") == _files(tmp / "plain")


def test_a_rebuild_renders_only_the_pages_the_new_report_changed(rebuilt: dict[str, object]) -> None:
    first, again, full = rebuilt["first"], rebuilt["again"], rebuilt["full"]
    assert first == (0, full[1]) and full[0] == 0  # type: ignore[index]
    reused, rendered = again  # type: ignore[misc]
    assert reused + rendered == full[1]  # type: ignore[index]
    assert 0 < rendered < reused  # its unit's page, its period's, its tasks', the lists that count it


def test_the_search_index_after_a_rebuild_names_the_new_report_s_unit_as_a_full_build_does(
    rebuilt: dict[str, object],
) -> None:
    tmp = rebuilt["tmp"]
    assert isinstance(tmp, Path)
    index = (tmp / "again" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert index == (tmp / "full" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"units/yuanping.html"' in index


def test_the_cache_keeps_one_record_per_page_of_the_last_build(rebuilt: dict[str, object]) -> None:
    root, tmp = rebuilt["root"], rebuilt["tmp"]
    assert isinstance(root, Path) and isinstance(tmp, Path)
    records = list((root / build.PAGE_CACHE).iterdir())
    full = tmp / "full"
    openers = {f"form/{p.stem}.html" for p in (full / "form" / "data").glob("*.js")}  # form/<unit>.html: not pages
    pages = [p for p in full.rglob("*.html") if p.name != "404.html" and p.relative_to(full).as_posix() not in openers]
    assert openers and len(records) == len(pages)  # the full build's records; those of the builds before were dropped
    assert not (root / build.PAGE_CACHE / "new").exists()


def test_the_cli_says_how_many_pages_it_took_from_the_last_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = sitedata.site_repo(tmp_path)
    assert "沿用上次构建" not in _build(root, tmp_path / "one", capsys)
    said = _build(root, tmp_path / "two", capsys)
    assert "个页面未改动，沿用上次构建的结果" in said and "0 个页面重新生成" in said
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_changed_site_setting_renders_every_page_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = sitedata.site_repo(tmp_path)
    _build(root, tmp_path / "one", capsys)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("primary: custom", "primary: indigo"), "utf-8")
    assert "沿用上次构建" not in _build(root, tmp_path / "two", capsys)
    assert 'data-md-color-primary="indigo"' in sitehtml.page(tmp_path / "two" / "units" / "xinfu.html")


def test_a_build_rendered_by_two_worker_processes_is_the_site_one_process_makes(rebuilt: dict[str, object]) -> None:
    tmp, shared = rebuilt["tmp"], rebuilt["shared"]
    assert isinstance(tmp, Path) and isinstance(shared, build.Prepared)
    assert shared.workers == 2
    reused, rendered = shared.reused
    assert reused == 0 and rendered > 50  # every page rendered afresh, by the workers
    one, two = _files(tmp / "alone"), _files(tmp / "shared")
    assert sorted(two) == sorted(one)
    assert [name for name in one if two[name] != one[name]] == []
    assert two["search/search_index.json"] == one["search/search_index.json"]
    root = rebuilt["root"]
    assert isinstance(root, Path)
    left = sorted(p.name for p in (root / "build" / "cache" / "pages").iterdir() if not p.is_file())
    assert left == []  # the workers' staging folders are gone


def test_a_build_with_the_workers_records_reuses_every_page(rebuilt: dict[str, object], tmp_path: Path) -> None:
    root = rebuilt["root"]
    assert isinstance(root, Path)
    again = build.build(root, dt.date.fromisoformat(AS_OF), tmp_path / "site", workers=2)
    assert again.workers == 1  # every page has its record: no workers are started
    assert again.reused[1] == 0


def test_pages_are_minified_and_preformatted_text_keeps_its_spaces(rebuilt: dict[str, object]) -> None:
    tmp = rebuilt["tmp"]
    assert isinstance(tmp, Path)
    for site in ("full", "again", "shared"):  # as rendered, and as taken from the page cache
        page = (tmp / site / "layout.html").read_text(encoding="utf-8")
        assert "第一行\n    缩进四格的第二行" in page
        outside = re.sub(r"<pre\b.*?</pre>", "", page, flags=re.S)
        assert "\n  " not in outside and "class=md-content" in outside  # no indentation; quotes HTML may omit, omitted
        assert "<svg" in outside  # Material's icons stay inline


def test_a_worker_count_that_is_not_a_number_stops_the_build_with_one_chinese_line(
    rebuilt: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = rebuilt["root"]
    assert isinstance(root, Path)
    monkeypatch.setenv("TAIZHANG_BUILD_WORKERS", "两个")
    assert main(["--root", str(root), "build", "--as-of", AS_OF, "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "TAIZHANG_BUILD_WORKERS='两个' 无效：应为正整数" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()
