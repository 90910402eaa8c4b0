"""`taizhang extract`: a commit's data files (regular files only) into a new folder, for the base to judge."""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang.data import diagnostics
from taizhang.host import gate


def run(root: Path, head: str, out: str, base: str | None, changed_only: bool) -> int:
    skipped = gate.extract(root, head, Path(out), base, changed_only)
    for path in skipped:
        print(f"{diagnostics.visible(path)}: 不是普通文件（符号链接、子模块等），未取出", file=sys.stderr)
    print(f"已取出 {head} 的数据文件到 {out}。", file=sys.stderr)
    return 1 if skipped else 0
