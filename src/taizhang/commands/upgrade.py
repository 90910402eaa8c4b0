"""`taizhang upgrade`: a ledger repository's pinned engine and generated workflows, brought up to this version.

Rewrites only the engine's files (taizhang.starter.files.engine_files) and prints each change as a
diff; the bureau's own files (taizhang.yml, mkdocs.yml, units/, tasks/, reports/ …) are never touched,
and the workflows take their settings (host, branch) from taizhang.yml as the bureau has edited it.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from taizhang.data import repository
from taizhang.errors import FatalError
from taizhang.starter import engine, files
from taizhang.starter.files import Settings


def run(root: Path, wheels: list[str], check: bool) -> int:
    config = repository.load(root, only=[]).ledger.config
    if config is None or not (root / files.REQUIREMENTS).is_file():
        raise FatalError(
            f"{root} 不是 taizhang init 创建的台账仓库（没有 taizhang.yml 或 {files.REQUIREMENTS}）；请在台账仓库中运行"
        )
    host = "github" if config.host == "github" else "gitea"
    settings = Settings(name=config.site_name, host=host, url=config.repo_url or "", branch=config.branch)
    pinned = engine.current(wheels)
    changed = 0
    for rel, text in files.engine_files(settings, pinned).items():
        path = root / rel
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        if before == text:
            continue
        changed += 1
        diff = difflib.unified_diff(
            before.splitlines(keepends=True), text.splitlines(keepends=True), f"a/{rel}", f"b/{rel}"
        )
        sys.stdout.writelines(diff)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if not changed:
        print(f"已是 taizhang {pinned.version}，工作流无需更新。", file=sys.stderr)
        return 0
    if check:
        print(
            f"有 {changed} 个文件与 taizhang {pinned.version} 生成的不同（见上）；运行 taizhang upgrade 更新。",
            file=sys.stderr,
        )
        return 1
    print(
        f"已更新 {changed} 个文件到 taizhang {pinned.version}（改动见上）；本单位的设置和数据未改动。请检查后提交。",
        file=sys.stderr,
    )
    return 0
