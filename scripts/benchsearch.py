"""Site sizes and search recall for scripts/bench: what a visitor downloads, and whether search still finds.

    sizes(site) -> Sizes                 the whole site, the search index (and gzipped), the largest HTML page
    queries(root) -> [Query]             a fixed query set drawn from the repository's own data
    recall(site, queries) -> {group: (found, asked)}

The query set is fixed by the data, not by the site, so the same queries are asked of any site built from
the repository: every task title of the latest plan (its first four characters, as a clerk types a keyword),
the names of every tenth unit, and a phrase from the progress text of every tenth unit's latest monthly
report. A query counts as found when a document of Material's search index (search/search_index.json) on
the expected page holds it in its title or text, Chinese segmentation marks (U+200B) removed: what the
browser's search can return for it at best.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

SAMPLE_MARK = "【示例数据】"


@dataclass(frozen=True)
class Sizes:
    site: int
    index: int
    index_gzip: int
    largest: int
    largest_path: str


@dataclass(frozen=True)
class Query:
    group: str  # 任务关键词, 单位名称, 进展文字
    text: str
    page: str  # the page (HTML path under the site) that should be found


def sizes(site: Path) -> Sizes:
    total, largest, largest_path = 0, 0, ""
    for folder, _, files in os.walk(site):
        for name in files:
            path = Path(folder, name)
            size = path.stat().st_size
            total += size
            if name.endswith(".html") and size > largest:
                largest, largest_path = size, path.relative_to(site).as_posix()
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    return Sizes(total, len(raw), len(gzip.compress(raw, 6)) if raw else 0, largest, largest_path)


def _yaml(path: Path) -> dict[str, object]:
    data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else {}


def queries(root: Path) -> list[Query]:
    out: list[Query] = []
    years = sorted(p.name for p in (root / "tasks").iterdir() if p.is_dir())
    for path in sorted((root / "tasks" / years[-1]).glob("*.yml")):
        task = _yaml(path)
        title = str(task.get("title", ""))
        if path.stem != "plan" and title:
            out.append(Query("任务关键词", title[:4], f"tasks/{task['id']}.html"))
    names = sorted((root / "units").glob("*.yml"))[::10]
    months = sorted(p.name for p in (root / "reports").iterdir() if len(p.name) == 7)
    for path in names:
        unit = _yaml(path)
        out.append(Query("单位名称", str(unit["name"]), f"units/{unit['id']}.html"))
        report = root / "reports" / months[-1] / f"{unit['id']}.yml" if months else None
        if report is not None and report.is_file():
            phrase = _phrase(_yaml(report))
            if phrase:
                out.append(Query("进展文字", phrase, f"units/{unit['id']}.html"))
    return out


def _phrase(report: dict[str, object]) -> str | None:
    """Eight characters from the middle of the report's first progress text (after the sample mark)."""
    entries = report.get("tasks")
    if not isinstance(entries, dict):
        return None
    for entry in entries.values():
        if isinstance(entry, dict) and isinstance(entry.get("progress"), str):
            text = entry["progress"].replace(SAMPLE_MARK, "")
            middle = len(text) // 2
            return text[middle : middle + 8] if len(text) >= 16 else None
    return None


def recall(site: Path, asked: list[Query]) -> dict[str, tuple[int, int]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page.setdefault(page, []).append((doc["title"] + " " + doc["text"]).replace("\u200b", ""))
    out: dict[str, tuple[int, int]] = {}
    for q in asked:
        found, total = out.get(q.group, (0, 0))
        hit = any(q.text in text for text in by_page.get(q.page, []))
        out[q.group] = (found + hit, total + 1)
    return out
