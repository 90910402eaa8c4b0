"""Tables kept out of Markdown and the search while MkDocs renders (site/stash.py) change nothing on the site.

The plugin only saves time: every page, the search index and the sitemap must come out byte for byte as
they would without it, and a table the search indexes must still be indexed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from taizhang.site import build, stash
from taizhang.site.pages import fmt
from tests import sitedata

NONCE = "0123456789abcdef"
TABLE = fmt.table(["单位", "状态"], [["[忻府区](../units/xinfu.md)", "按时"], ["繁峙县", "逾期"]])


def taken(markdown: str, excluded: bool = False) -> list[str]:
    return stash.take(markdown, excluded, NONCE)[1]


def test_a_table_under_a_heading_left_out_of_the_search_is_taken_and_a_placeholder_left() -> None:
    page = f"# 单位\n\n## 报送情况 {{ data-search-exclude }}\n\n{TABLE}\n\n文字\n"
    text, blocks = stash.take(page, False, NONCE)
    assert blocks == [TABLE]
    assert f"<!--tz-stash-{NONCE}-0-->" in text and "<table>" not in text


def test_a_table_in_a_searched_section_stays_for_the_search_to_index() -> None:
    page = f"# 单位\n\n## 报送情况 {{ data-search-exclude }}\n\n正文\n\n## 承担的任务\n\n{TABLE}\n"
    assert taken(page) == []


def test_a_table_wrapped_by_fmt_unsearched_is_taken_wherever_it_is() -> None:
    page = f"# 单位\n\n## 承担的任务\n\n{fmt.unsearched(TABLE)}\n\n后文\n"
    assert taken(page) == [fmt.unsearched(TABLE)]


def test_every_table_of_a_page_kept_out_of_the_search_is_taken() -> None:
    page = f"---\nsearch:\n  exclude: true\n---\n\n# 在线填报\n\n{TABLE}\n\n## 说明\n\n{TABLE}\n"
    assert taken(page, excluded=True) == [TABLE, TABLE]


def test_tables_are_left_alone_where_the_sections_are_not_known_for_sure() -> None:
    in_div = f"# 单位\n\n## 甲 {{ data-search-exclude }}\n\n<div markdown>\n\n{TABLE}\n\n</div>\n"
    after_div_heading = f"# 单位\n\n<div markdown>\n\n## 乙 {{ data-search-exclude }}\n\n</div>\n\n{TABLE}\n"
    setext = f"# 单位\n\n## 甲 {{ data-search-exclude }}\n\n乙\n---\n\n{TABLE}\n"
    fenced = f"# 单位\n\n## 甲 {{ data-search-exclude }}\n\n```\n\n{TABLE}\n\n```\n"
    for page in (in_div, after_div_heading, setext, fenced):
        assert taken(page) == [], page


def test_a_block_not_shaped_as_fmt_table_writes_it_is_left_alone() -> None:
    head = "# 单位\n\n## 甲 { data-search-exclude }\n\n"
    gap = TABLE.replace("</thead>\n", "</thead>\n\n")
    tab = TABLE.replace("按时", "按\t时")
    glued = TABLE + "\n紧接的文字"
    for body in (gap, tab, glued):
        assert taken(head + body + "\n") == [], body


def test_a_placeholder_markdown_lost_fails_the_build_instead_of_losing_the_table() -> None:
    plugin = stash.Stash()
    with pytest.raises(PluginError, match="未能放回"):
        plugin.put_back("<p>没有占位符</p>", [TABLE], "units/xinfu.md")


def test_the_ids_in_a_taken_table_stay_anchors_other_pages_can_link_to() -> None:
    cell = '<span id="r-monthly-2023-09"></span><a name="old" href="x.html">旧</a><b id=\'q\'>乙</b>'
    table = fmt.table(["月报"], [[cell]])
    assert stash.anchors([table]) == {"r-monthly-2023-09", "old", "q"}


def _files(site: Path) -> dict[str, bytes]:
    """The site's files MkDocs writes or rewrites (Office files are copied as generated, with their times)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix not in (".docx", ".xlsx", ".zip")
    }


def test_a_site_in_its_second_plan_year_is_the_same_byte_for_byte_with_and_without_tables_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, as_of = sitedata.second_plan_year(tmp_path, sitedata.HOSTILE + " <!--tz-stash-0--> &amp;")
    counted: list[int] = []
    real = stash.take

    def counting(markdown: str, excluded: bool, nonce: str) -> tuple[str, list[str]]:
        text, blocks = real(markdown, excluded, nonce)
        counted.append(len(blocks))
        return text, blocks

    monkeypatch.setattr(stash, "take", counting)
    build.build(root, as_of, tmp_path / "with", reuse_pages=False, workers=1)
    monkeypatch.setattr(stash, "take", lambda markdown, excluded, nonce: (markdown, []))
    build.build(root, as_of, tmp_path / "without", reuse_pages=False, workers=1)

    assert sum(counted) > 20  # the unit pages' grids, the 通报 and period tables, the report bodies
    with_, without = _files(tmp_path / "with"), _files(tmp_path / "without")
    assert with_.keys() == without.keys()
    differ = [name for name in with_ if with_[name] != without[name]]
    assert differ == []
    assert "search/search_index.json" in with_
