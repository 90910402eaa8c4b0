"""Where each kind of file lives, and what its path says (whose, which period).

taizhang.yml                               config       仓库配置
units/<unit>.yml                           unit         单位
groups/<group>.yml                         group        单位分组
tasks/<plan>/plan.yml                      plan         工作要点
tasks/<plan>/<task>.yml                    task         重点任务
reports/<period>/…/<unit>.yml              (a kind)     报告：每类报告的位置见 kinds.py 的登记表
receipts/<YYYY>.yml                        receipts     收件登记（纸质、邮件报送，审核科室登记）
returns/<report's place under reports/>    return       退回（审核科室退回报告，写明原因）
extensions/<report's place under reports/> extension    延期申请（审核科室合并即为批准）
calendar.yml                               calendar     节假日数据（补充 chinesecalendar）
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from taizhang.data import regular
from taizhang.data.diagnostics import Diagnostic
from taizhang.data.regular import Odd
from taizhang.host import links
from taizhang.tracking import kinds

DATA_DIRS = ("units", "groups", "tasks", "reports", "receipts", "returns", "extensions")
REVIEW_DIRS = {"return": "returns", "extension": "extensions"}  # mirror reports/: one file per report
CONFIG = "taizhang.yml"
CALENDAR = "calendar.yml"
REPORT_KINDS = kinds.FILED
# Every place data lives: the folders, then the files at the root (what `serve` watches).
DATA_PATHS = (*DATA_DIRS, CONFIG, CALENDAR)

_ID = r"[a-z0-9][a-z0-9-]{0,63}"
# Matched whole (fullmatch): `$` would also match before a trailing newline, so "….yml\n" would pass.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("unit", re.compile(rf"units/(?P<key>{_ID})\.yml")),
    ("group", re.compile(rf"groups/(?P<key>{_ID})\.yml")),
    ("plan", re.compile(r"tasks/(?P<plan>[0-9A-Za-z][0-9A-Za-z_-]{0,63})/plan\.yml")),
    ("task", re.compile(r"tasks/(?P<plan>[0-9A-Za-z][0-9A-Za-z_-]{0,63})/(?P<key>t[0-9]+(?:-[0-9]+)*)\.yml")),
    ("receipts", re.compile(r"receipts/(?P<period>[0-9]{4})\.yml")),
    *(
        (kind, re.compile(pattern.format(folder=folder, id=_ID)))
        for kind, folder in (("return", "returns"), ("extension", "extensions"))
        for pattern in (
            r"{folder}/(?P<period>[0-9]{{4}}-(?:0[1-9]|1[0-2]))/(?P<unit>{id})\.yml",
            r"{folder}/(?P<period>[0-9]{{4}})/(?P<key>annual_plan|annual_summary)/(?P<unit>{id})\.yml",
        )
    ),
]
_IGNORED_NAMES = {"README.md", ".gitkeep"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Place:
    """What a data file's path says about it."""

    path: str
    kind: str
    key: str | None = None  # unit, group or task id
    plan: str | None = None  # the plan's folder under tasks/
    unit: str | None = None  # a report's unit
    period: str | None = None  # a report's period: "2023-08" or "2023"


def classify(path: str) -> Place | Diagnostic | None:
    """The Place of a repository path, a diagnostic when a data file is misplaced, None when not data."""
    if path == CONFIG:
        return Place(path, "config")
    if path == CALENDAR:
        return Place(path, "calendar")
    top = path.split("/", 1)[0]
    if top not in DATA_DIRS or "/" not in path:
        return None
    name = path.rsplit("/", 1)[-1]
    if name in _IGNORED_NAMES or name.startswith("."):
        return None
    if _CONTROL.search(path):
        return Diagnostic(
            path, 1, 1, "P301", "文件名或目录名中含有换行、制表符等控制字符；请重命名，只用小写字母、数字和连字符。"
        )
    report = kinds.classify(path, _ID) if top == "reports" else None
    if report is not None:
        kind, period, unit = report
        return Place(path, kind, None, None, unit, period)
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(path)
        if match:
            groups = match.groupdict()
            return Place(path, kind, groups.get("key"), groups.get("plan"), groups.get("unit"), groups.get("period"))
    if name.endswith(".yaml"):
        return Diagnostic(path, 1, 1, "P302", "扩展名应为 .yml（不是 .yaml）；请把文件重命名为 " + name[:-5] + ".yml。")
    if not name.endswith(".yml"):
        return Diagnostic(
            path, 1, 1, "P302", "这里只能放 .yml 格式的 YAML 文件；Word、Excel、PDF 等文件请不要提交到数据目录。"
        )
    return Diagnostic(path, 1, 1, "P301", f"文件位置不符合约定：{_expected(top)}。")


def _expected(top: str) -> str:
    return {
        "units": "单位文件应为 units/<单位代码>.yml，代码只用小写字母、数字和连字符",
        "groups": "分组文件应为 groups/<分组代码>.yml",
        "tasks": "任务文件应为 tasks/<年度>/<任务代码>.yml（如 tasks/2023/t4-1.yml），工作要点为 tasks/<年度>/plan.yml",
        "reports": kinds.path_examples(),
        "receipts": "收件登记应为 receipts/<年度>.yml（如 receipts/2023.yml），登记该年度各期报告",
        "returns": "退回文件与报告位置对应，如月报 reports/2023-08/xinfu.yml 的退回为 returns/2023-08/xinfu.yml；请用 taizhang review --return 生成",
        "extensions": "延期申请与报告位置对应，如月报 reports/2023-08/xinfu.yml 的延期申请为 extensions/2023-08/xinfu.yml；请用 taizhang new extension 生成",
    }[top]


def review_target(place: Place) -> tuple[str, str, str] | None:
    """(report kind, unit, period) a return or extension file is about; None if it is neither."""
    if place.kind not in REVIEW_DIRS or place.unit is None or place.period is None:
        return None
    return place.key or kinds.MONTHLY, place.unit, place.period


def review_path(what: str, kind: str, unit: str, period: str) -> str:
    """Where the return (what="return") or extension of a report lives: its path under returns/ or extensions/."""
    return REVIEW_DIRS[what] + report_path(kind, unit, period).removeprefix("reports")


def report_path(kind: str, unit: str, period: str) -> str:
    path = kinds.KINDS[kind].path(unit, period)
    if path is None:
        raise ValueError(f"{kind} has no report file")
    return path


def survey(root: Path, tops: tuple[str, ...] = DATA_DIRS) -> tuple[list[str], list[Odd]]:
    """Every regular file under the data folders (and the config), as sorted POSIX paths relative to
    `root`, and every entry there that is not a regular file (a link, a pipe, a submodule): never read."""
    files: list[str] = []
    odd: list[Odd] = []
    for name in (CONFIG, CALENDAR):
        found = regular.kind(root, name)
        if found == "file":
            files.append(name)
        elif isinstance(found, Odd):
            odd.append(found)
    for top in tops:
        more, strange = regular.walk(root, top)
        files += more
        odd += strange
    return sorted(files), sorted(odd)


def discover(root: Path, tops: tuple[str, ...] = DATA_DIRS) -> list[str]:
    """The regular files of survey()."""
    return survey(root, tops)[0]


def registry_tops() -> tuple[str, ...]:
    """The data folders but reports/: what every check needs, found without walking 60,000 reports."""
    return tuple(top for top in DATA_DIRS if top != "reports")


def discover_registry(root: Path) -> list[str]:
    """discover() without reports/."""
    return discover(root, tops=registry_tops())


def discovered(root: Path, path: str) -> str | Odd | None:
    """What survey() would say of `path`, told without walking the folders around it: "file" for a
    regular file it lists, an Odd for an entry that is not a regular file (or lies beyond a link), else None."""
    if path in (CONFIG, CALENDAR):
        return regular.kind(root, path)
    parts = path.split("/")
    if parts[0] not in DATA_DIRS or len(parts) < 2:
        return None
    return regular.kind(root, path)


LOCAL_SCHEMAS = ("src/taizhang/schemas", "schemas")  # taizhang's own repository; a bureau's data repository


def schema_ref(root: Path, path: str, kind: str, site_url: str | None) -> str | None:
    """Where an editor finds the JSON Schema of a new file at `path` (under `root`): the repository's
    own copy, relative to the file, else the copy the site publishes; None when there is neither.

    Never a path on this machine: the file is committed, and opened on other machines and on the web.
    """
    file = Path(os.path.normpath(root / path))
    if file.is_relative_to(root):
        for folder in LOCAL_SCHEMAS:
            local = root / folder / f"{kind}.schema.json"
            if local.is_file():
                return os.path.relpath(local, file.parent).replace(os.sep, "/")
    return links.published(site_url, links.schema_file(kind))


def modeline(ref: str | None) -> list[str]:
    """The first line of a new file, telling editors (yaml-language-server) which schema applies."""
    return [f"# yaml-language-server: $schema={ref}"] if ref else []
