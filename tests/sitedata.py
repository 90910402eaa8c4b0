"""A season of sample reports on the bundled ledger, with hand-made obligations, for the site tests.

Reports are real files written by `taizhang new --example` (templates.render) and read back through
the validator; obligations are built by hand so that the site can be tested without the git history.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from taizhang import templates
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.data.validate import validate
from tests.conftest import REPO, copy_ledger

BEIJING = dt.timezone(dt.timedelta(hours=8))
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [点我](javascript:alert(1)) "
    '{: onclick="alert(1)" } **粗体** | 表格 | <b>加粗</b> &lt;实体&gt;'
)


def due_of(kind: str, period: str) -> dt.date:
    """The bundled plan's deadlines: the 3rd after the month (or quarter), 30 July, end of January."""
    if kind == "annual_plan":
        return dt.date(int(period), 7, 30)
    if kind == "annual_summary":
        return dt.date(int(period) + 1, 1, 31)
    year = int(period[:4])
    month = int(period[-1]) * 3 if "-Q" in period else int(period[5:7])
    return dt.date(year + month // 12, month % 12 + 1, 3)


def obligation(
    unit: str, kind: str, period: str, status: str, days_late: int = 0, due_soon: bool = False
) -> Obligation:
    due = due_of(kind, period)
    submitted = None
    if status in ("on_time", "late"):
        day = due + dt.timedelta(days=days_late) if status == "late" else due - dt.timedelta(days=1)
        submitted = dt.datetime.combine(day, dt.time(16, 30), BEIJING)
    path = None
    if kind == "monthly":
        path = f"reports/{period}/{unit}.yml"
    elif kind != "quarterly_study":
        path = f"reports/{period}/{kind}/{unit}.yml"
    return Obligation(unit, kind, period, period[:4], due, path, submitted, status, days_late, due_soon)


def write_report(root: Path, ledger: Ledger, kind: str, unit: str, period: str, progress: str | None = None) -> str:
    path, text = templates.render(root, ledger, kind, unit, period, example=True)
    if progress is not None:  # replace the first progress text with ours
        head, _, tail = text.partition('progress: "')
        text = head + "progress: " + json.dumps(progress, ensure_ascii=False) + tail.split('"', 1)[1]
    templates.write(root, path, text)
    return path


def ledger_of(root: Path) -> Ledger:
    result = validate(root)
    assert result.diagnostics == [], [str(d) for d in result.diagnostics]
    return result.ledger


def _status(i: int, kind: str, period: str, as_of: dt.date) -> tuple[str, int]:
    """Most units on time; some late; a few missing from September on."""
    due = due_of(kind, period)
    if due >= as_of:
        return "pending", 0
    if i % 6 == 5 and period >= "2023-09":
        return "overdue", (as_of - due).days
    if i % 5 == 3:
        return "late", i % 4 + 1
    return "on_time", 0


def season(root: Path, as_of: dt.date, hostile_unit: str | None = None) -> tuple[Ledger, list[Obligation]]:
    """Write a season of reports under `root` (a copy of the bundled ledger) and the obligations at `as_of`."""
    registry = ledger_of(root)
    plan = registry.plans["2023"]
    owing = registry.owes(plan, "monthly")
    owed: list[Obligation] = []
    for i, unit in enumerate(owing):
        items: list[tuple[str, str]] = [("annual_plan", "2023"), ("annual_summary", "2023")]
        items += [("monthly", m) for m in plan.months()] + [("quarterly_study", q) for q in ("2023-Q3", "2023-Q4")]
        for kind, period in items:
            status, days = _status(i, kind, period, as_of)
            soon = status == "pending" and (due_of(kind, period) - as_of).days <= 3
            owed.append(obligation(unit, kind, period, status, days, soon))
            if status in ("on_time", "late") and kind != "quarterly_study":
                hostile = HOSTILE if unit == hostile_unit and period == "2023-09" else None
                write_report(root, registry, kind, unit, period, hostile)
    return ledger_of(root), owed


def next_year(root: Path, year: int = 2024) -> None:
    """A second plan beside the bundled one: tasks/2023/ copied to tasks/<year>/ with the year changed
    (title, document number, issue date, reporting months), as next year's 工作要点 would arrive."""
    (root / "tasks" / str(year)).mkdir()
    for source in sorted((root / "tasks" / "2023").glob("*.yml")):
        text = source.read_text(encoding="utf-8").replace("2023", str(year))
        (root / "tasks" / str(year) / source.name).write_text(text, encoding="utf-8")


def bundled(tmp: Path) -> Path:
    return copy_ledger(tmp / "ledger")


def only(obligations: Iterable[Obligation], unit: str) -> list[Obligation]:
    return [o for o in obligations if o.unit == unit]


def site_root(tmp: Path) -> Path:
    """A copy of the bundled ledger with the site's mkdocs.yml and docs/, as `taizhang demo` makes."""
    root = copy_ledger(tmp / "ledger")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def site_repo(tmp: Path) -> Path:
    """site_root() as a git repository, its registry committed on the day the plan was issued."""
    root = site_root(tmp)
    commit_all(root, "工作要点、单位和任务", dt.datetime(2023, 7, 17, 9, tzinfo=BEIJING))
    return root


def commit_all(root: Path, message: str, when: dt.datetime) -> None:
    """Commit everything in `root` on main at `when` (a real git repository, real dates)."""
    stamp = when.isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env |= {"GIT_AUTHOR_NAME": "运输科", "GIT_AUTHOR_EMAIL": "yunshuke@example.org"}
    env |= {"GIT_COMMITTER_NAME": "运输科", "GIT_COMMITTER_EMAIL": "yunshuke@example.org"}
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(
        ["git", "-C", str(root), "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], check=True, env=env
    )


_TABLE = re.compile(r'(?:<div data-search-exclude="data-search-exclude">\n)?<table>\n(.*?)</table>(?:\n</div>)?', re.S)
_CELL = re.compile(r"<t[hd]>(.*?)</t[hd]>\n")
_HREF = re.compile(r'<a href="([^"]*)">(.*?)</a>')


def _markdown_link(match: re.Match[str]) -> str:
    target = html.unescape(match[1])
    parts = urlsplit(target)
    if parts.path and not parts.scheme and not parts.netloc:
        path = unquote(parts.path)
        target = urlunsplit(
            ("", "", path[:-5] + ".md" if path.endswith(".html") else path, parts.query, parts.fragment)
        )
    return f"[{match[2]}]({target})"


def _markdown_table(match: re.Match[str]) -> str:
    rows = [[_HREF.sub(_markdown_link, c) for c in _CELL.findall(row)] for row in match[1].split("</tr>\n")[:-1]]
    lines = ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
    table = "\n".join(lines)
    return f'<div markdown="1" data-search-exclude>\n\n{table}\n\n</div>' if match[0].startswith("<div") else table


def tables_as_markdown(text: str) -> str:
    """A generated page with its tables (raw HTML from fmt.table) written back as Markdown table rows,
    `| [忻府区交通运输局](units/xinfu.md) | 按时 |`, the form these tests state rows in: the inverse of
    fmt.table, so a row reads as one line. fmt.table itself is tested against Markdown's own rendering."""
    return _TABLE.sub(_markdown_table, text) if "<table>" in text else text


def readable(site: dict[str, str]) -> dict[str, str]:
    """Every generated page of `site` (pages.generate) with its tables as Markdown rows (tables_as_markdown)."""
    return {path: tables_as_markdown(text) if path.endswith(".md") else text for path, text in site.items()}


_NOTED = re.compile(r"\(\.\./units/([a-z0-9-]+)\.md(?:#[^)]*)?\)(?:（(?:均为)?([^（）]*(?:（[^（）]*）)?)）)?")


def noted(listed: str) -> dict[str, str]:
    """A list of linked names with notes, 甲、乙（均为7月1日）、丙（7月2日）, as {unit: its note}: the
    notes of a run of neighbours with the same note are written once, after the last (bulletin.by_runs)."""
    out: dict[str, str] = {}
    waiting: list[str] = []
    for unit, note in _NOTED.findall(listed):
        waiting.append(unit)
        if note:
            out.update(dict.fromkeys(waiting, note))
            waiting = []
    return out


def second_plan_year(tmp: Path, fanshi: str | None = HOSTILE) -> tuple[Path, dt.date]:
    """2023's reports (fanshi's with `fanshi` as its text), then the 2024 plan and its first reports:
    a ledger in its second plan year, to be built as of 10 September 2024."""
    root = site_repo(tmp)
    registry = ledger_of(root)
    for unit in ("xinfu", "fanshi", "zhifadui"):
        for month in ("2023-08", "2023-09"):
            write_report(root, registry, "monthly", unit, month, fanshi if unit == "fanshi" else None)
    commit_all(root, "2023年月报", dt.datetime(2023, 10, 2, 15, tzinfo=BEIJING))
    next_year(root)
    commit_all(root, "2024年工作要点", dt.datetime(2024, 7, 17, 9, tzinfo=BEIJING))
    registry = ledger_of(root)
    for unit in ("xinfu", "yuanping"):
        write_report(root, registry, "monthly", unit, "2024-07")
    commit_all(root, "2024年7月月报", dt.datetime(2024, 8, 2, 15, tzinfo=BEIJING))
    return root, dt.date(2024, 9, 10)
