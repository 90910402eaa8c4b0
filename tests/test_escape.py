"""Text from units reaches the page as text: escape.inline/block/title against hostile input.

Each case is rendered by Python-Markdown with the extensions the site's mkdocs.yml enables, and the
HTML is parsed: the only elements must be the ones Markdown itself adds (p, br), and the visible
text must be exactly what the unit typed.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml

from taizhang.site import escape
from tests.conftest import REPO

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<https://example.com>",
    '{: onclick="alert(1)" }',
    "段落 {: #id .cls onclick=alert(1) }",
    "**粗体** _斜体_ `代码` ~~删除~~ ==标记==",
    "| 表 | 格 |\n|---|---|\n| a | b |",
    "# 标题\n## 二级",
    "1. 第一\n2. 第二\n- 列表\n* 星号\n+ 加号",
    "> 引用",
    "    缩进四格的代码块",
    "```\n围栏代码\n```",
    '!!! warning "提醒"\n    内容',
    "[^1]: 脚注",
    "*[HTML]: 缩写",
    '--8<-- "/etc/passwd"',
    "&lt;已转义&gt; &amp; &#60;script&#62; &#x3C;",
    "<!-- 注释 -->",
    "<style>body{display:none}</style>",
    "<a href='javascript:alert(1)'>链接</a>",
    "\\<script\\>alert(1)\\</script\\>",
    "标题\n===",
    "文字\n---",
    "[x]: javascript:alert(1)\n[x]",
    '<div markdown="1">**md_in_html**</div>',
]


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def site_extensions() -> list[str]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


def render(source: str) -> Collector:
    html = markdown.markdown(source, extensions=site_extensions())
    collector = Collector()
    collector.feed(html)
    return collector


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_paragraph_shows_exactly_as_typed(text: str) -> None:
    page = render(escape.block(text))
    assert set(page.tags) <= {"p", "br"}
    assert page.attrs == []
    shown = "".join(page.text).replace("\n", "")
    typed = "".join(line.strip() for line in text.split("\n"))
    assert shown.replace(" ", "") == typed.replace(" ", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    page = render(f"| 单位 | 进展情况 |\n|---|---|\n| 忻府区 | {escape.inline(text)} |\n")
    assert [t for t in page.tags if t not in ("table", "thead", "tbody", "tr", "th", "td", "br")] == []
    assert page.tags.count("td") == 2
    assert page.attrs == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_link_label_is_only_the_label(text: str) -> None:
    page = render(f"[{escape.inline(text)}](units/xinfu.md)")
    assert page.tags.count("a") == 1
    assert [v for k, v in page.attrs if k == "href"] == ["units/xinfu.md"]
    assert {k for k, _ in page.attrs} == {"href"}


def test_chinese_text_letters_and_digits_pass_unchanged() -> None:
    text = "忻府区交通运输局完成“灌缝补坑”3.5公里，ABC（全角括号）。"
    assert escape.inline(text) == text.replace(".", "&#46;")


def test_line_breaks_become_br_and_blank_lines_paragraphs() -> None:
    assert escape.inline("第一行\n第二行\r\n第三行") == "第一行<br>第二行<br>第三行"
    assert escape.block("第一段\n\n第二段\n续行") == "第一段\n\n第二段<br>续行"


def test_control_characters_are_dropped_and_tabs_become_spaces() -> None:
    assert escape.inline("a\x00b\x1bc\x7f\td") == "a" + "b" + "c" + " d"


def test_none_and_numbers_are_text() -> None:
    assert escape.inline(None) == ""
    assert escape.inline(42) == "42"
    assert escape.inline(-1.5) == "&#45;1&#46;5"


@pytest.mark.parametrize("text", HOSTILE)
def test_titles_keep_no_character_that_matters_in_html(text: str) -> None:
    title = escape.title(text)
    assert not set(title) & set("<>&\"'`\n")


def test_title_replaces_html_characters_with_full_width_forms() -> None:
    assert escape.title("<b>\"A\" & 'B'</b>") == "＜b＞＂A＂ ＆ ＇B＇＜/b＞"
    assert escape.title("  两个\n  空格  ") == "两个 空格"


def test_headings_carry_no_attribute_list_or_markup() -> None:
    page = render(f"## {escape.heading('任务 {#evil onclick=alert(1)} <i>x</i>')}")
    assert page.tags == ["h2"]
    assert [k for k, _ in page.attrs] == ["id"]
