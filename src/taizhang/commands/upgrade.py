"""`taizhang upgrade`: a ledger repository's pinned engine, workflows and issue forms, brought up to this version.

Rewrites only the engine's files (taizhang.starter.files.engine_files) and the typed issue forms that
`taizhang forms` writes (a new engine may write them differently, and CI's `forms --check` would then
fail), and prints each change as a diff; the bureau's own files (taizhang.yml, mkdocs.yml, units/,
tasks/, reports/ …) are never touched, and the workflows take their settings (host, branch) from
taizhang.yml as the bureau has edited it.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from taizhang.commands import forms
from taizhang.data import diagnostics, repository
from taizhang.data.validate import validate
from taizhang.errors import FatalError
from taizhang.host import issueforms
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
    wanted: dict[str, str | None] = dict(files.engine_files(settings, pinned))
    wanted |= _forms(root)
    changed = 0
    for rel, text in wanted.items():
        path = root / rel
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        if before == (text or ""):
            continue
        changed += 1
        diff = difflib.unified_diff(
            before.splitlines(keepends=True), (text or "").splitlines(keepends=True), f"a/{rel}", f"b/{rel}"
        )
        sys.stdout.writelines(diff)
        if check:
            continue
        if text is None:  # a form of a unit or kind that owes no reports any more
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return _summary(pinned.version, changed, check)


def _forms(root: Path) -> dict[str, str | None]:
    """The issue forms to write (path → text) or delete (path → None), as `taizhang forms` would.

    They come from the registry: while it has problems (other than init's placeholders) they are left
    as they are, with a note, and the engine's files are upgraded all the same."""
    result = validate(root, only=[])
    found = [d for d in result.diagnostics if diagnostics.blocks(d.code)]
    if found:
        print(
            f"注意：单位、任务或工作要点数据有 {len(found)} 处问题（首处：{found[0].as_text()}），"
            f"{issueforms.FOLDER}/ 中的填报表单未更新；请运行 taizhang validate 修正后，再运行 taizhang forms。",
            file=sys.stderr,
        )
        return {}
    changes = forms.changes(root, result.ledger)
    out: dict[str, str | None] = {path: changes.expected[path] for path in changes.stale}
    return out | dict.fromkeys(changes.extra)


def _summary(version: str, changed: int, check: bool) -> int:
    if not changed:
        print(f"已是 taizhang {version}，工作流和填报表单无需更新。", file=sys.stderr)
        return 0
    if check:
        print(
            f"有 {changed} 个文件与 taizhang {version} 生成的不同（见上）；运行 taizhang upgrade 更新。",
            file=sys.stderr,
        )
        return 1
    print(
        f"已更新 {changed} 个文件到 taizhang {version}（改动见上）；本单位的设置和数据未改动。请检查后提交。",
        file=sys.stderr,
    )
    return 0
