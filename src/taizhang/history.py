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

import codecs
import datetime as dt
import io
import os
import tarfile
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import git

from taizhang.errors import FatalError
from taizhang.gcpause import cyclic_gc_paused

TRACKED = ("reports/", "receipts/", "extensions/")  # the folders whose landing times matter
_RECORD = "\x01"  # starts each commit in the log output


@dataclass(frozen=True)
class Landing:
    """When a file reached main: its first landing and every later change (amendments)."""

    path: str
    first: dt.datetime  # aware: committer date of the first-parent commit that added it
    changes: tuple[dt.datetime, ...]  # later first-parent commits touching it, oldest first
    commit: str = field(default="", compare=False)  # the commit that first added it


# `git log` reading the first-parent history once, newest commit first: per commit "\x01<sha> <date>\0",
# then "\n" and for each file "<status>\0<path>\0". No renames: a move is a deletion and an addition.
# No pathspec: limiting by path makes git simplify history commit by commit, which costs more than
# the whole walk. The few files outside the tracked folders are dropped while parsing.
LOG = (
    *("-c", "log.showRoot=true", "-c", "log.showSignature=false"),  # whatever the user's config says
    "log",
    "--no-color",
    "--first-parent",
    "--diff-merges=first-parent",
    "--no-renames",
    "--name-status",
    "-z",
    f"--format={_RECORD}%H %cI",
)


def scan(root: Path, branch: str | None = None) -> dict[str, Landing]:
    """Landings of every file now under reports/ and receipts/ on `branch` (default: HEAD), in one pass.

    The log is parsed while git is still writing it (on a second core, that hides the parsing)."""
    runner = _git(root)
    prefix = _check(runner, root)
    tip = branch or "HEAD"
    if not _exists(runner, tip):
        if branch is None:
            return {}  # a repository without commits: nothing has landed yet
        raise FatalError(f"{root} 中找不到分支 {branch}；请检查分支名称，或先 git fetch 取得该分支")
    with cyclic_gc_paused():  # parsing makes no cycles
        return parse_log(_stream(runner, *LOG, tip), prefix)


def parse_log(output: bytes | Iterable[bytes], prefix: str = "") -> dict[str, Landing]:
    """Landings from the output of `git log <LOG>` (newest commit first), whole or in pieces as read.

    Paths are those git prints (relative to the top of the repository); only those under `prefix`
    followed by a tracked folder are kept, relative to `prefix`. Read newest first, a file's story
    ends at its addition (its landing; what came after are amendments) or, if its newest event is a
    deletion, it is gone (whatever came before).
    """
    tracked = tuple(prefix + folder for folder in TRACKED)
    cut = len(prefix)
    heads: list[tuple[str, str, str]] = []  # per commit, newest first: (sha, " ", date)
    added: dict[str, int] = {}  # path -> the commit that added it (its landing)
    touched: dict[str, list[int]] = {}  # path -> commits changing it after its landing, newest first
    gone: set[str] = set()
    for record in _records([output] if isinstance(output, bytes) else output):
        n = len(heads)
        head, _, body = record.partition("\0")
        heads.append(head.partition(" "))
        entries = iter(body.lstrip("\n").split("\0"))
        for code, path in zip(entries, entries, strict=False):  # status, path; a trailing ""
            if not path.startswith(tracked):
                continue
            path = path[cut:]
            if path in added or path in gone:
                continue
            if code == "A":
                added[path] = n
            elif code != "D":
                touched.setdefault(path, []).append(n)
            elif path in touched:  # changed after a deletion, never added again: landed with its first change
                added[path] = touched[path].pop()
            else:
                gone.add(path)
    for path, later in touched.items():
        if path not in added:  # changed but never seen added: landed with its first change
            added[path] = later.pop()
    when = [dt.datetime.fromisoformat(date) for _, _, date in heads]
    changes = {path: tuple(when[c] for c in reversed(later)) for path, later in touched.items()}
    return {path: Landing(path, when[n], changes.get(path, ()), heads[n][0]) for path, n in added.items()}


def _records(chunks: Iterable[bytes]) -> Iterator[str]:
    """Each commit's record, decoded, from output arriving in arbitrary pieces."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")  # as GitPython decodes
    rest = ""
    for chunk in chunks:
        parts = (rest + decoder.decode(chunk)).split(_RECORD)
        rest = parts.pop()
        yield from filter(None, parts)
    rest += decoder.decode(b"", final=True)
    if rest:
        yield rest


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


def _stream(runner: git.Git, *args: str) -> Iterator[bytes]:
    """The output of `git <args>`, piece by piece as git writes it; errors as _run() gives them."""
    try:
        # GIT_FLUSH=0: into a pipe git would otherwise write (and we read) once per commit
        proc = runner.execute(["git", *args], as_process=True, env={"GIT_FLUSH": "0"})
    except git.GitCommandNotFound:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）") from None
    assert proc.proc is not None and proc.proc.stdout is not None
    stdout = proc.proc.stdout
    try:
        while chunk := os.read(stdout.fileno(), 1 << 16):  # what git has written so far, up to 64 KiB
            yield chunk
        proc.wait()
    except git.GitCommandError as exc:
        detail = str(exc.stderr or "").strip().strip("'").strip() or str(exc)
        raise FatalError(f"git log 失败：{detail}") from None
    finally:
        stdout.close()


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


# -- versions of reports and the ledger as it was (issue 12) -------------------------------------------

# Like LOG, but with each file's blob ids (`--raw`): which text each version of a report had.
_RAW_LOG = (
    *("-c", "log.showRoot=true", "-c", "log.showSignature=false"),
    *("log", "--no-color", "--first-parent", "--diff-merges=first-parent", "--no-renames"),
    *("--raw", "--no-abbrev", "-z", f"--format={_RECORD}%H %cI"),
)
Version = tuple[dt.datetime, str]  # when a version reached main, and its blob id


def versions(root: Path, paths: Iterable[str], tip: str = "HEAD") -> dict[str, list[Version]]:
    """Every version of each of `paths` on the first-parent history of `tip` since it was last added,
    oldest first: (landing time, blob id). Paths are relative to the ledger's folder, as scan() gives them.

    One more pass over the log, only when some report has more than one version."""
    wanted = set(paths)
    if not wanted:
        return {}
    runner = _git(root)
    prefix = _check(runner, root)
    found: dict[str, list[Version]] = {}
    done: set[str] = set()
    with cyclic_gc_paused():
        for record in _records(_stream(runner, *_RAW_LOG, tip)):
            head, _, body = record.partition("\0")
            when = dt.datetime.fromisoformat(head.partition(" ")[2])
            fields = iter(body.lstrip("\n").split("\0"))
            for meta, path in zip(fields, fields, strict=False):
                path = path[len(prefix) :] if path.startswith(prefix) else ""
                if path not in wanted or path in done:
                    continue
                parts = meta.split()  # ":100644 100644 <old> <new> <status>"
                if len(parts) < 5 or parts[4] == "D":
                    done.add(path)  # deleted: what came before belongs to an earlier life of the file
                    continue
                found.setdefault(path, []).append((when, parts[3]))
                if parts[4] == "A":
                    done.add(path)
    return {path: list(reversed(found_)) for path, found_ in found.items()}


def blobs(root: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """The contents of the blobs `ids`, read in one `git cat-file --batch`."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    runner = _git(root)
    with tempfile.TemporaryFile() as fh:
        fh.write("".join(f"{i}\n" for i in wanted).encode())
        fh.seek(0)
        try:
            raw: bytes = runner.execute(["git", "cat-file", "--batch"], istream=fh, stdout_as_string=False)
        except git.GitCommandError as exc:
            raise FatalError(f"git cat-file 失败：{str(exc.stderr or '').strip()}") from None
    out: dict[str, bytes] = {}
    at = 0
    while at < len(raw):
        end = raw.index(b"\n", at)
        name, kind, *size = raw[at:end].decode().split()
        at = end + 1
        if kind == "missing" or not size:
            continue
        out[name] = raw[at : at + int(size[0])]
        at += int(size[0]) + 1
    return out


def commit_at(root: Path, until: dt.datetime) -> tuple[str, bool] | None:
    """The last commit on the first-parent history of HEAD that had landed by `until`, and whether it
    is HEAD itself (nothing landed since); ("", False) when nothing had landed by then, None when the
    repository has no commits at all."""
    runner = _git(root)
    _check(runner, root)
    if not _exists(runner, "HEAD"):
        return None
    head = _run(runner, "rev-parse", "HEAD").strip()
    found = _run(runner, "rev-list", "-1", "--first-parent", f"--before={until.isoformat()}", "HEAD").strip()
    return (found, found == head) if found else ("", False)


def export(root: Path, commit: str, dest: Path, tops: Iterable[str]) -> None:
    """The files under `tops` (folders or files of the ledger) as they were at `commit`, written to `dest`."""
    runner = _git(root)
    prefix = _check(runner, root)
    try:
        raw: bytes = runner.execute(
            ["git", "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit], stdout_as_string=False
        )
    except git.GitCommandError as exc:
        raise FatalError(f"git archive 失败：{str(exc.stderr or '').strip()}") from None
    names = tuple(tops)
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        members = [m for m in tar.getmembers() if m.name.split("/", 1)[0] in names]
        tar.extractall(dest, members=members, filter="data")
