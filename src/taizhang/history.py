"""Git history: when each report first landed on main. The only module that runs git.

A report is submitted (报送) when it first lands on the main branch; later commits touching it are
amendments. Landing times are the committer dates of the first-parent commits of the branch (a
merge commit made by the merge button, a squash, or a direct push): that is when the change reached
main, whatever dates the unit's own commits carry. The whole history is read in ONE `git log` pass;
one query per file would be three orders of magnitude slower on a province-sized repository.

Moves and deletions: a report moved to its correct path lands when the move lands (the new path is
added then); a deleted report no longer counts, and if it is added again it lands anew.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import git

from taizhang.errors import FatalError

TRACKED = ("reports/", "receipts/")  # the folders whose landing times matter
_RECORD = "\x01"  # starts each commit in the log output


@dataclass(frozen=True)
class Landing:
    """When a file reached main: its first landing and every later change (amendments)."""

    path: str
    first: dt.datetime  # aware: committer date of the first-parent commit that added it
    changes: tuple[dt.datetime, ...]  # later first-parent commits touching it, oldest first
    commit: str = field(default="", compare=False)  # the commit that first added it


def scan(root: Path, branch: str | None = None) -> dict[str, Landing]:
    """Landings of every file now under reports/ and receipts/ on `branch` (default: HEAD), in one pass."""
    runner = _git(root)
    prefix = _check(runner, root)
    tip = branch or "HEAD"
    if not _exists(runner, tip):
        if branch is None:
            return {}  # a repository without commits: nothing has landed yet
        raise FatalError(f"{root} 中找不到分支 {branch}；请检查分支名称，或先 git fetch 取得该分支")
    # No pathspec: limiting by path makes git simplify history commit by commit, which costs more
    # than the whole walk. The few files outside the tracked folders are dropped while parsing.
    output = _run(
        runner,
        *("-c", "log.showRoot=true", "-c", "log.showSignature=false"),  # whatever the user's config says
        "log",
        tip,
        "--no-color",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--name-status",
        "-z",
        f"--format={_RECORD}%H %cI",
    )
    return parse_log(output, prefix)


def parse_log(output: str, prefix: str = "") -> dict[str, Landing]:
    """Landings from `git log --name-status -z --format=\\x01%H %cI` output (newest commit first).

    Paths are those git prints (relative to the top of the repository); only those under `prefix`
    followed by a tracked folder are kept, relative to `prefix`.
    """
    tracked = tuple(prefix + folder for folder in TRACKED)
    first: dict[str, tuple[dt.datetime, str]] = {}
    changes: dict[str, list[dt.datetime]] = {}
    for record in reversed(output.split(_RECORD)[1:]):
        header, _, body = record.partition("\0")
        fields = body.lstrip("\n").split("\0")
        when: dt.datetime | None = None
        i = 0
        while i + 1 < len(fields):
            code = fields[i][:1]
            count = 2 if code in "RC" else 1
            paths = fields[i + 1 : i + 1 + count]
            i += 1 + count
            if not any(path.startswith(tracked) for path in paths):
                continue
            paths = [path.removeprefix(prefix) for path in paths]
            if code in "RD":  # gone from its old path
                first.pop(paths[0], None)
                changes.pop(paths[0], None)
            if code == "D" or not paths[-1].startswith(TRACKED):
                continue
            target = paths[-1]
            when = when or dt.datetime.fromisoformat(header.partition(" ")[2])
            if code in "ACR" or target not in first:
                first[target] = (when, header.partition(" ")[0])
                changes[target] = []
            else:
                changes[target].append(when)
    return {path: Landing(path, when, tuple(changes[path]), sha) for path, (when, sha) in first.items()}


def create_repository(path: Path, branch: str, stream: bytes, drop_refs: Sequence[str] = ()) -> None:
    """A new repository at `path` holding the commits of a `git fast-import` stream, `branch` checked out.

    `drop_refs` are scratch branches the stream used (e.g. pull-request branches, deleted after merging).
    """
    path.mkdir(parents=True, exist_ok=True)
    runner = _git(path)
    _run(runner, "init", "--quiet", f"--initial-branch={branch}")
    with tempfile.TemporaryFile() as fh:
        fh.write(stream)
        fh.seek(0)
        _run(runner, "fast-import", "--quiet", "--done", istream=fh)
    for ref in drop_refs:
        _run(runner, "update-ref", "-d", ref)
    _run(runner, "reset", "--hard", "--quiet", branch)


def _git(root: Path) -> git.Git:
    return git.Git(str(root))


def _run(runner: git.Git, *args: str, istream: BinaryIO | None = None) -> str:
    try:
        out: str = runner.execute(["git", *args], istream=istream)
    except git.GitCommandNotFound:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）") from None
    except git.GitCommandError as exc:
        detail = str(exc.stderr or "").strip().strip("'").strip() or str(exc)
        command = next((a for a in args if not a.startswith("-") and "=" not in a), "")
        raise FatalError(f"git {command} 失败：{detail}") from None
    return out


def _check(runner: git.Git, root: Path) -> str:
    """The ledger's folder inside the repository ("" at the top); refuses what cannot be trusted."""
    try:
        answer = runner.execute(["git", "rev-parse", "--is-shallow-repository", "--show-prefix"])
    except git.GitCommandNotFound:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）") from None
    except git.GitCommandError as exc:
        if "not a git repository" in str(exc.stderr):
            raise FatalError(f"{root} 不是 Git 仓库，无法从提交历史得出报送时间；请在台账仓库的克隆中运行") from None
        raise FatalError(f"无法读取 {root} 的 Git 信息：{str(exc.stderr).strip()}") from None
    shallow, _, prefix = answer.partition("\n")
    if shallow.strip() == "true":
        raise FatalError(
            f"{root} 是浅克隆（shallow clone），缺少早期提交，报送时间会算错；"
            "请运行 git fetch --unshallow 取得完整历史，CI 中请给 actions/checkout 设置 fetch-depth: 0"
        )
    return prefix.strip()


def _exists(runner: git.Git, rev: str) -> bool:
    try:
        runner.execute(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"])
    except git.GitCommandError:
        return False
    return True
