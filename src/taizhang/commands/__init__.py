"""One module per `taizhang` command, each a function with plain arguments that returns an exit code.

cli.py parses the arguments and calls one of these; what they share (finding the repository, reading
a named file, a date given on the command line) is here.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from taizhang.data import diagnostics, layout
from taizhang.data.ledger import Ledger
from taizhang.data.validate import validate as check_all
from taizhang.errors import FatalError


def find_root(start: Path) -> Path:
    """The ledger repository containing `start`: the nearest folder with taizhang.yml, units/ or tasks/."""
    for folder in (start, *start.parents):
        if (folder / "taizhang.yml").is_file() or ((folder / "units").is_dir() and (folder / "tasks").is_dir()):
            return folder
    raise FatalError(
        f"{start} 不在台账仓库中（找不到 taizhang.yml 或 units/、tasks/ 目录）；请在仓库根目录运行，或用 --root 指定"
    )


def root_of(given: str | None) -> Path:
    """The repository `--root` names, else the one around the current folder."""
    if given:
        root = Path(given).resolve()
        if not root.is_dir():
            raise FatalError(f"--root 指定的目录 {given} 不存在")
        return root
    return find_root(Path.cwd().resolve())


def repo_paths(root: Path, given: Sequence[str]) -> list[str]:
    """Repository paths of the files and folders named, links not followed (validate reports them)."""
    out: list[str] = []
    listed: list[str] | None = None
    for name in given:
        full = Path(os.path.abspath(name))
        if not os.path.lexists(full):
            raise FatalError(f"找不到文件或目录：{name}")
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise FatalError(f"{name} 不在台账仓库 {root} 中") from None
        if full.is_dir() and not full.is_symlink():
            if listed is None:
                files, odd = layout.survey(root)
                listed = sorted([*files, *(entry.path for entry in odd)])
            out += [p for p in listed if rel == "." or p == rel or p.startswith(rel + "/")]
        else:
            out.append(rel)
    return out


def read_text(name: str) -> str:
    """A file named on the command line ("-" is standard input)."""
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"无法读取 {name}：{exc.strerror}") from None


def date_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FatalError(f"日期应写成 年-月-日，如 2023-09-05，而不是 {value}") from None


def valid_ledger(root: Path) -> Ledger:
    """The registry (units, groups, plans, tasks), which must be valid; reports are not read."""
    result = check_all(root, only=[])
    found = [d for d in result.diagnostics if diagnostics.blocks(d.code)]
    if found:
        sys.stderr.write(diagnostics.format_text(found))
        raise FatalError(f"单位、任务或工作要点数据有 {len(found)} 处问题，请先运行 taizhang validate 并修正")
    return result.ledger
