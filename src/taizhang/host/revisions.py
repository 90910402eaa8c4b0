"""What git says about a pull request's commits, for the base to judge the head (issue 10).

With history.py, the only module that runs git: history reads main's first-parent log; this reads
two commits a pull request is judged by, the base and the head:

- `changes`: every change the head brings (`git diff --raw base...head`), with renames, copies and
  the file modes, and no cap on the number of files (the code host's list of pull-request files
  stops at 3,000);
- `export`: the regular files (mode 100644/100755) of a commit, or of the tree merging it would make,
  written into a folder so that the base's code reads them as data. Symlinks, submodules (gitlinks)
  and anything else are never written, so nothing outside the repository is ever read.

Failures become one Chinese line (FatalError) saying what to fetch or check.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from subprocess import PIPE
from typing import IO

from taizhang.errors import FatalError

REGULAR = frozenset({"100644", "100755"})  # the only modes that are data


def resolve(root: Path, ref: str) -> str:
    """The full id of the commit `ref` names (a branch, refs/pull/N/head, a commit id)."""
    if ref.startswith("-"):
        raise FatalError(f"“{ref}”不是提交的名称")
    out = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", missing=ref)
    return out.decode().strip()


def changes(root: Path, base: str, head: str) -> str:
    """`git diff --raw -z` of what `head` brings on top of its merge base with `base` (as the code host
    shows a pull request): modes, status (A C D M R T), paths; renames and copies detected."""
    base, head = resolve(root, base), resolve(root, head)
    out = _git(root, "diff", "--raw", "-z", "--no-abbrev", "-M", "-C", "--no-ext-diff", f"{base}...{head}")
    return out.decode("utf-8", "surrogateescape")


def merged_tree(root: Path, base: str, head: str) -> str | None:
    """The tree merging `head` into `base` would make (what lands on main), or None on a conflict."""
    base, head = resolve(root, base), resolve(root, head)
    try:
        out = _git(root, "merge-tree", "--write-tree", "--no-messages", base, head)
    except _Conflict:
        return None
    return out.decode().split("\n", 1)[0].strip()


def export(root: Path, rev: str, dest: Path, wanted: Callable[[str], bool]) -> list[str]:
    """Write the regular files of `rev` (a commit or tree) whose paths are `wanted` into `dest`.

    Returns the wanted paths that were not written: symlinks, submodules and other non-files. Blobs
    stream from one `git cat-file --batch`, so a province-sized tree is never held whole."""
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", rev).decode("utf-8", "surrogateescape")
    files: list[tuple[str, str]] = []  # (blob, path)
    skipped: list[str] = []
    for entry in filter(None, listing.split("\0")):
        info, _, path = entry.partition("\t")
        mode, _, blob = info.split(" ")
        if not wanted(path):
            continue
        if mode in REGULAR and _safe(path):
            files.append((blob, path))
        else:
            skipped.append(path)
    if files:
        _write_blobs(root, files, dest)
    return skipped


def _write_blobs(root: Path, files: list[tuple[str, str]], dest: Path) -> None:
    with subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=PIPE, stdout=PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        ask = threading.Thread(target=_ask, args=(proc.stdin, [blob for blob, _ in files]), daemon=True)
        ask.start()
        for blob, path in files:
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[0].decode() != blob:
                raise FatalError(f"git cat-file 失败：读不到 {path}")
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(proc.stdout.read(int(header[2])))
            proc.stdout.read(1)  # the newline after each blob
        ask.join()


def _ask(stdin: IO[bytes], blobs: list[str]) -> None:
    with stdin:
        for blob in blobs:
            stdin.write(blob.encode() + b"\n")


def under(prefixes: Sequence[str]) -> Callable[[str], bool]:
    """Paths equal to one of `prefixes` or inside one ending in "/"."""
    files = {p for p in prefixes if not p.endswith("/")}
    folders = tuple(p for p in prefixes if p.endswith("/"))
    return lambda path: path in files or path.startswith(folders)


def _safe(name: str) -> bool:
    """A relative path with no `..`, `.`, empty or `.git` part: it stays inside the folder."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not name.startswith("/")
        and all(p not in ("", ".", "..") and p.lower() != ".git" for p in parts)
    )


class _Conflict(Exception):
    """git merge-tree found a conflict (exit status 1)."""


def _git(root: Path, *args: str, missing: str | None = None) -> bytes:
    command = ["git", "-c", "core.quotePath=false", *args]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）") from None
    if done.returncode == 0:
        return done.stdout
    if args[0] == "merge-tree" and done.returncode == 1:
        raise _Conflict
    detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if missing is not None:
        raise FatalError(
            f"{root} 中找不到提交 {missing}；请先取得它（如 git fetch origin {missing}，"
            "拉取请求用 git fetch origin pull/编号/head）"
        )
    if detail and "not a git repository" in detail[0]:
        raise FatalError(f"{root} 不是 Git 仓库；请在台账仓库的克隆中运行")
    if detail and "no merge base" in " ".join(detail):
        raise FatalError("两个提交没有共同的祖先，无法比较；拉取请求应从主分支建立")
    raise FatalError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
