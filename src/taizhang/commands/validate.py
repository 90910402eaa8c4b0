"""`taizhang validate`: every problem in the data, one line each (or JSON), and on GitHub Actions as
annotations and a job summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from taizhang.commands import repo_paths
from taizhang.data import diagnostics
from taizhang.data.validate import validate
from taizhang.host import actions


def run(root: Path, paths: Sequence[str], fmt: str) -> int:
    only = repo_paths(root, paths) if paths else None
    result = validate(root, only)
    found = result.diagnostics
    if fmt == "json":
        sys.stdout.write(diagnostics.format_json(found))
    else:
        sys.stdout.write(diagnostics.format_text(found))
    if actions.active(os.environ):
        sys.stdout.write(diagnostics.format_github(found))
        actions.add_summary(os.environ, diagnostics.summary_markdown(found, result.files))
    failing = diagnostics.errors(found)
    if failing:
        files = len({d.path for d in failing})
        print(
            f"校验未通过：{len(failing)} 处问题，涉及 {files} 个文件（共检查 {result.files} 个文件）。", file=sys.stderr
        )
        return 1
    warned = f"有 {len(found)} 处提示，不影响通过" if found else "未发现问题"
    print(f"校验通过：共检查 {result.files} 个文件，{warned}。", file=sys.stderr)
    return 0
