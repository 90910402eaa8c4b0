"""fmt.table writes the HTML that MkDocs made of the Markdown table it used to write: same rows, same cells,
same links (a page's .md as .html, a file's path percent-encoded), so the pages look as they did (issue 17)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from taizhang.site import escape
from taizhang.site.pages import fmt

HEADERS = ["单位", "状态", "报告", "填报"]
ROWS = [
    [
        fmt.link("忻府区交通运输局", "periods/2023-09.md", "units/xinfu.md"),
        '<span class="tz-badge tz-on_time">按时</span>',
        fmt.link("查看", "periods/2023-09.md", "units/xinfu.md", "r-monthly-2023-09"),
        "[填报](https://github.com/xinzhou-jtj/taizhang/new/main?filename=reports/2023-09/xinfu.yml&value=%23%20a)",
    ],
    [
        escape.inline("<script>alert(1)</script> [点我](javascript:alert(1)) **粗体** | 表格 |\n第二行"),
        "",
        fmt.link("台账", "periods/2023-09.md", "downloads/台账.xlsx"),
        "[本页](#r-monthly-2023-09)（" + fmt.link("首页", "periods/2023-09.md", "index.md") + "）",
    ],
    ["<strong>2278</strong> 家", "逾期 3 天"],  # a short row
]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The Markdown table fmt.table wrote before issue 17."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "\n".join(lines + ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows])


def test_a_table_is_the_html_mkdocs_made_of_the_markdown_table(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for page in ("index.md", "units/xinfu.md", "downloads/台账.xlsx"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text('# 页\n\n<span id="r-monthly-2023-09"></span>\n', encoding="utf-8")
    (docs / "periods").mkdir()
    (docs / "periods" / "2023-09.md").write_text("# 旧\n\n" + markdown_table(HEADERS, ROWS) + "\n", encoding="utf-8")
    (docs / "periods" / "2023-10.md").write_text("# 新\n\n" + fmt.table(HEADERS, ROWS) + "\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\nuse_directory_urls: false\nmarkdown_extensions: [tables, attr_list, md_in_html]\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
    subprocess.run(cmd, check=True, cwd=tmp_path)

    def table(page: str) -> str:
        found = re.findall(r"<table>.*?</table>", (site / "periods" / page).read_text(encoding="utf-8"), re.S)
        assert len(found) == 1
        return str(found[0])

    old, new = table("2023-09.html"), table("2023-10.html")
    assert new == old
    assert '<td><a href="../units/xinfu.html#r-monthly-2023-09">查看</a></td>' in new
    assert '<a href="../downloads/%E5%8F%B0%E8%B4%A6.xlsx">台账</a>' in new and '<a href="../index.html">' in new
    assert "&amp;value=%23%20a" in new and "<script>" not in new and "<strong>2278</strong> 家" in new


def test_a_table_kept_out_of_the_search_is_raw_html_and_markdown_inside_the_div_is_still_markdown() -> None:
    table = fmt.table(["期间"], [["2023年9月"]])
    assert fmt.unsearched(table) == f'<div data-search-exclude="data-search-exclude">\n{table}\n</div>'
    text = "**尚未报送**：[忻府区交通运输局](../units/xinfu.md)"
    assert fmt.unsearched(text) == f'<div markdown="1" data-search-exclude>\n\n{text}\n\n</div>'
    both = f"{text}\n\n{table}"
    assert fmt.unsearched(both).startswith('<div markdown="1" data-search-exclude>\n\n')
