"""The base judges the head (issue 10): a pull request never decides its own verdict.

The merge job runs the default branch's installed taizhang. It judges a pull request's head commit
with the base's registry and code, on the head's files as data:

- `base_ledger`: accounts, maintainers and reviewing offices read from the base commit through git,
  never from the work tree or the head (a pull request adding its author to `maintainers` gains
  nothing);
- `head_changes`: every change the head brings, computed with git (no file-count cap, modes seen);
- `extract`: the regular data files of the tree the merge would make, written to a folder for
  `taizhang validate --root DIR`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from taizhang.data import repository
from taizhang.data.ledger import Ledger
from taizhang.errors import FatalError
from taizhang.host import access, revisions

REGISTRY = ("taizhang.yml", "units/", "groups/", "tasks/")  # who may change what
DATA = ("taizhang.yml", "calendar.yml", *access.DATA_FOLDERS)  # what validate reads
CHECKED_WITH = ("taizhang.yml", "calendar.yml", "units/", "groups/", "tasks/", "receipts/")  # what every check reads


def base_ledger(root: Path, base: str) -> Ledger:
    """The registry (config, units, groups, plans, tasks) as it is at commit `base`."""
    with tempfile.TemporaryDirectory(prefix="taizhang-base-") as tmp:
        revisions.export(root, revisions.resolve(root, base), Path(tmp), revisions.under(REGISTRY))
        return repository.load(Path(tmp), only=[]).ledger


def head_changes(root: Path, base: str, head: str) -> list[access.Change]:
    """What `head` changes relative to its merge base with `base`, with renames, copies and modes."""
    return access.parse_raw(revisions.changes(root, base, head))


def extract(root: Path, head: str, out: Path, base: str | None = None, changed_only: bool = False) -> list[str]:
    """Write the regular data files of `head` (merged into `base` when given) into `out`, a new or
    empty folder; with `changed_only`, only the registry and the files the head changes (enough to
    validate them, at a pull request's cost rather than the repository's). Returns the entries left
    out because they are not regular files."""
    if changed_only and base is None:
        raise FatalError("--changed-only 需要 --base：改动是相对于主分支算出的")
    if out.exists() and any(out.iterdir()):
        raise FatalError(f"{out} 不是空目录；请指定一个新的目录")
    out.mkdir(parents=True, exist_ok=True)
    tree = revisions.resolve(root, head)
    if base is not None:
        merged = revisions.merged_tree(root, base, head)
        if merged is None:
            raise FatalError(f"提交 {tree[:12]} 与 {base} 有冲突，无法合并；请先在拉取请求中解决冲突")
        tree = merged
    wanted = revisions.under(DATA)
    if changed_only and base is not None:
        changed = {c.path for c in head_changes(root, base, head) if c.status != "D"}
        registry = revisions.under(CHECKED_WITH)

        def wanted(path: str) -> bool:
            return (path in changed and path.startswith(access.DATA_FOLDERS)) or registry(path)

    return revisions.export(root, tree, out, wanted)
