"""统计图表: charts pre-rendered as SVG by pygal at build time, each with its data table beside it.

The SVG is static: pygal's tooltip script (fetched from kozea.github.io by default) is switched off
and its inline config script removed, so a chart loads nothing and runs nothing. Output is made
deterministic (fixed chart id, no generation-date comment) so that unchanged data gives unchanged files.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from taizhang.site import escape
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import PROGRESS_STATUSES, Facts, latest_entries, months, rate, scores, tally
from taizhang.tracking import kinds

SRC = "stats.md"  # the current plan's
FONTS = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
STATUS_COLOURS = {"on_time": "#2e7d32", "late": "#f9a825", "overdue": "#c62828"}
PROGRESS_COLOURS = {"未启动": "#9e9e9e", "正常推进": "#2e7d32", "滞后": "#c62828", "已完成": "#1565c0"}
_SVG_NS = "http://www.w3.org/2000/svg"

# pygal appends a legacy finder for its map plugins to sys.meta_path; from then on every import that
# falls through to it raises an ImportWarning (an error under the test suite's filterwarnings). No maps here.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]


def _style(colours: Sequence[str]) -> Style:
    return Style(
        font_family=FONTS,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#333333",
        foreground_strong="#111111",
        foreground_subtle="#999999",
        colors=tuple(colours),
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=16,
        value_font_size=12,
    )


def _config(colours: Sequence[str], height: int, title: str, labels: Sequence[str] = ()) -> dict[str, object]:
    # pygal sizes label room for Latin text (0.6 em a character); a Chinese character takes a full em
    wide = max((len(label) for label in labels), default=0)
    return {
        "margin_left": 20 + int(0.45 * wide * 13),
        "style": _style(colours),
        "js": [],  # no tooltip script from kozea.github.io
        "width": 900,
        "height": height,
        "title": title,
        "no_data_text": "暂无数据",
        "legend_at_bottom": True,
        "truncate_label": -1,
        "print_values": False,
        "show_y_guides": True,
    }


def render(chart: pygal.graph.graph.Graph, name: str) -> str:
    """The chart as standalone SVG text, without scripts, with a stable id."""
    chart.uuid = f"tz-{name}"
    # pygal builds its tree with lxml whenever lxml can be imported (python-docx brings it), and
    # xml.etree cannot write lxml's comment nodes: pin pygal to the standard library's etree, so that
    # the chart is the same, byte for byte, wherever it is built.
    pygal_etree.to_etree()
    root = chart.render_tree()
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{_SVG_NS}}}script", "script") or child.tag is ET.Comment:
                parent.remove(child)
    text: str = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + re.sub(r"\s+\n", "\n", text) + "\n"


def _short(text: str, size: int = 14) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def ontime_by_month(facts: Facts) -> tuple[str, list[list[str]]]:
    chart = pygal.Bar(range=(0, 100), **_config(["#2e7d32"], 420, "各月月报按时率（%）"))
    labels, values, rows = [], [], []
    for month in months(facts):
        counts = tally(facts.owed_by_period.get((kinds.MONTHLY, month), []))
        share = rate(counts)
        if share is None:
            continue
        labels.append(f"{int(month[5:7])}月")
        values.append(round(share * 100, 1))
        due = counts["on_time"] + counts["late"] + counts["overdue"]
        rows.append(
            [
                kinds.period_zh(month),
                str(due),
                str(counts["on_time"]),
                str(counts["late"]),
                str(counts["overdue"]),
                fmt.percent(share),
            ]
        )
    chart.x_labels = labels
    chart.add("按时率", values)
    return render(chart, "ontime-by-month"), rows


def status_by_task(facts: Facts) -> tuple[str, list[list[str]]]:
    tasks = facts.tasks
    colours = [PROGRESS_COLOURS[s] for s in PROGRESS_STATUSES]
    labels = [_short(f"{t.number}{t.title}") for t in tasks]
    height = 120 + 34 * max(len(tasks), 1)
    chart = pygal.HorizontalStackedBar(**_config(colours, height, "各任务最新推进状态（单位数）", labels))
    counts = {t.id: dict.fromkeys(PROGRESS_STATUSES, 0) for t in tasks}
    for task in tasks:
        for _, _, entry in latest_entries(facts, task):
            if entry.get("status") in PROGRESS_STATUSES:
                counts[task.id][entry["status"]] += 1
    # pygal draws the first label at the bottom: reverse so that the chart reads like the table
    chart.x_labels = labels[::-1]
    for status in PROGRESS_STATUSES:
        chart.add(status, [counts[t.id][status] for t in reversed(tasks)])
    rows = [[escape.inline(f"{t.number} {t.title}"), *(str(counts[t.id][s]) for s in PROGRESS_STATUSES)] for t in tasks]
    return render(chart, "status-by-task"), rows


def by_unit(facts: Facts) -> tuple[str, list[list[str]]]:
    items = scores(facts)
    colours = list(STATUS_COLOURS.values())
    labels = [_short(facts.unit_name(s.unit), 12) for s in items]
    chart = pygal.HorizontalStackedBar(
        **_config(colours, 120 + 26 * max(len(items), 1), "各单位报送情况（项）", labels)
    )
    chart.x_labels = labels[::-1]
    chart.add("按时", [s.on_time for s in reversed(items)])
    chart.add("迟报", [s.late for s in reversed(items)])
    chart.add("逾期", [s.overdue for s in reversed(items)])
    rows = [
        [
            escape.inline(facts.unit_name(s.unit)),
            str(s.on_time),
            str(s.late),
            str(s.overdue),
            fmt.percent(s.on_time_rate),
        ]
        for s in items
    ]
    return render(chart, "by-unit"), rows


def pages(facts: Facts) -> dict[str, str]:
    """The plan's 统计图表 page (stats.md, or plans/<key>/stats.md) and its three charts."""
    src = fmt.stats_page(facts)
    month_svg, month_rows = ontime_by_month(facts)
    task_svg, task_rows = status_by_task(facts)
    unit_svg, unit_rows = by_unit(facts)
    body = [
        "# 统计图表" if facts.current else f"# {facts.plan.year}年统计图表",
        *fmt.archived(facts, src),
        f"截至{fmt.date_zh(facts.as_of)}。每张图下方是它所用的数据。",
        "## 各月按时率",
        figure(fmt.chart_file(facts, "ontime-by-month"), "各月月报按时率柱状图", src),
        fmt.table(["月份", "应报", "按时", "迟报", "逾期", "按时率"], month_rows) if month_rows else "尚无到期的月报。",
        "## 各任务推进状态",
        figure(fmt.chart_file(facts, "status-by-task"), "各任务最新推进状态堆叠条形图", src),
        fmt.table(["任务", *PROGRESS_STATUSES], task_rows),
        "## 各单位报送情况",
        figure(fmt.chart_file(facts, "by-unit"), "各单位按时、迟报、逾期项数堆叠条形图", src),
        fmt.table(["单位", "按时", "迟报", "逾期", "按时率"], unit_rows) if unit_rows else "尚无到期的报送事项。",
    ]
    return {
        src: "\n\n".join(body) + "\n",
        fmt.chart_file(facts, "ontime-by-month"): month_svg,
        fmt.chart_file(facts, "status-by-task"): task_svg,
        fmt.chart_file(facts, "by-unit"): unit_svg,
    }


def figure(path: str, alt: str, src: str) -> str:
    return f"![{alt}]({fmt.rel(src, path)}){{ .tz-chart loading=lazy }}"
