"""Git history: when each report first landed on main, and what vouches for that time. The only module that runs git.

A report is submitted (报送) when it first lands on the main branch; later commits touching it are
amendments. Landing times are the committer dates of the first-parent commits of the branch (the merge
commit a pull request made): that is when the change reached main, whatever dates the unit's own
commits carry. The whole history is read in ONE `git log` pass; one query per file would be three
orders of magnitude slower on a province-sized repository.

Three facts refine a landing (issues 10 and 19):

* Only regular files (mode 100644/100755) are data: a symlink or gitlink under reports/ is never a
  submission, and a regular file turned into one is gone.
* A landing time is 存疑 (doubtful) when its commit's date runs backwards (earlier than its first
  parent's) or when it is not a merge commit (a direct push, a fast-forward, a squash): only the
  merge a pull request made carries the code host's clock.
* A merge authored by the merge job's identity (taizhang.yml `repository.merge_identity`) whose trailers
  (handin.py) name its own second parent as the judged head carries the hand-in time (交件时间); the
  plan's grace rule (obligations.py) decides whether it counts. Anywhere else a trailer is just text.

Moves, deletions and restores: a report moved to its correct path lands when the move lands; a
deleted report no longer counts; restored, it keeps its first landing. Each quarterly study session
counts from the version of its report that first recorded it (`scan(sessions=...)`), read from the
report's blobs only for reports that record sessions and changed after landing.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import itertools
import os
import tarfile
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import git

from taizhang.data.load import parse_document
from taizhang.errors import FatalError
from taizhang.speed import cyclic_gc_paused
from taizhang.tracking import handin

TRACKED = ("reports/", "receipts/", "extensions/")  # the folders whose landing times matter
REGULAR = frozenset(("100644", "100755"))  # the only modes that are data; symlinks and gitlinks are not
_RECORD = "\x01"  # starts each commit in the log output

# Why a landing time is 存疑 (doubtful).
BACKWARDS = "backwards"  # the commit's date is earlier than its first parent's
NOT_MERGE = "not_merge"  # not a merge commit: a direct push, a fast-forward or a squash
# The merge job's identity by default: GitHub Actions' bot, as the workflow token commits.
MERGE_IDENTITY = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")

Session = tuple[str, str]  # a quarterly study session as its report records it: (date, topic)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What one first-parent commit of main says about time."""

    landed: dt.datetime  # aware: its committer date, when the change reached main
    handed_in: dt.datetime | None = None  # the merge job's record of the hand-in (交件时间), if it made the merge
    doubt: str = ""  # why `landed` cannot be vouched for (BACKWARDS, NOT_MERGE), or ""


@dataclass(frozen=True, slots=True)  # slots: 60,000 of them in a province, each without a dict
class Landing:
    """When a file reached main: its first landing and every later change (amendments)."""

    path: str
    first: dt.datetime  # aware: committer date of the first-parent commit that added it
    changes: tuple[dt.datetime, ...]  # later first-parent commits touching it, oldest first
    commit: str = field(default="", compare=False)  # the commit that first added it
    handed_in: dt.datetime | None = None  # the merge job's hand-in time for that commit, if it made it
    doubt: str = ""  # why `first` cannot be vouched for (BACKWARDS, NOT_MERGE), or ""
    # Study sessions recorded after the first version: when each first appeared (scan(sessions=...)).
    sessions: tuple[tuple[Session, Stamp], ...] = ()

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.first, self.handed_in, self.doubt)

    def session_stamps(self) -> dict[Session, Stamp]:
        return dict(self.sessions)


# `git log` reading the first-parent history once, newest commit first. Per commit, four fields each
# ended by "\0": "\x01<sha> <date> <parents>", the author's name, the author's e-mail and the message;
# then "\n" and per file ":<modes> <blobs> <status>\0<path>\0". Fields are told apart by position, never
# by content, so a message or a path holding "\x01" or a line like a file's cannot pass for a commit or
# a file (git prints neither a message nor a path with "\0" inside).
# --raw gives each file's new mode and blob: only regular files count, and the blobs of a report's
# versions say when each study session was first recorded. The author and the message carry the merge
# job's hand-in record (handin.py): read in this same pass, not object by object afterwards. No renames:
# a move is a deletion and an addition. No pathspec: limiting by path makes git simplify history commit
# by commit, which costs more than the whole walk. Files outside the tracked folders are dropped while
# parsing.
LOG = (
    *("-c", "log.showRoot=true", "-c", "log.showSignature=false"),  # whatever the user's config says
    "log",
    "--no-color",
    "--no-use-mailmap",  # the author as the commit records it
    "--encoding=UTF-8",
    "--first-parent",
    "--diff-merges=first-parent",
    "--no-renames",
    "--raw",
    "--no-abbrev",
    "-z",
    f"--format={_RECORD}%H %cI %P%x00%an%x00%ae%x00%B",
)


@dataclass
class _Log:
    """The log as parsed so far, newest commit first.

    Per commit its header, author and message. Per tracked file what happened to it: the commit's index
    where it was a regular file afterwards, ~index where it was deleted or became something else; the
    newest event, and the older ones of the few files changed more than once. A file whose newest event
    is not a regular file is gone; each present file's landing is made as soon as its oldest version
    seen so far is known, while git is still writing, and made again when an older version turns up."""

    identity: tuple[str, str]  # the merge job's (name, e-mail)
    commits: list[tuple[str, str, str, str]] = field(default_factory=list)  # (header, name, e-mail, message)
    shas: list[str] = field(default_factory=list)
    when: list[dt.datetime] = field(default_factory=list)
    newest: dict[str, int] = field(default_factory=dict)
    older: dict[str, list[int]] = field(default_factory=dict)  # newest first
    landed: dict[str, Landing] = field(default_factory=dict)  # present files, without their later changes
    versions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # files asked: (commit, blob)
    _stamps: dict[int, Stamp] = field(default_factory=dict)

    def add(self, head: str, name: str, email: str, message: str) -> int:
        """The next (older) commit, from its fields in the log; its index."""
        sha, date, _ = head.split(" ", 2)
        self.commits.append((head, name, email, message))
        self.shas.append(sha)
        self.when.append(dt.datetime.fromisoformat(date))
        return len(self.commits) - 1

    def land(self, n: int, paths: Iterable[str]) -> None:
        """`paths` landed in commit `n`, as far as the log read so far tells (an older version may follow)."""
        stamp, sha = self.stamp(n), self.shas[n]
        for path in paths:
            self.landed[path] = Landing(path, stamp.landed, (), sha, stamp.handed_in, stamp.doubt)

    def stamp(self, n: int) -> Stamp:
        """What commit `n` says about time, worked out once per commit (once its first parent is read)."""
        stamp = self._stamps.get(n)
        if stamp is None:
            parents = self.commits[n][0].split()[2:]
            stamp = self._stamps[n] = Stamp(self.when[n], self._handed_in(n, parents), self._doubt(n, parents))
        return stamp

    def _doubt(self, n: int, parents: list[str]) -> str:
        if len(parents) < 2:
            return NOT_MERGE
        if n + 1 < len(self.when) and self.when[n] < self.when[n + 1]:
            return BACKWARDS
        return ""

    def _handed_in(self, n: int, parents: list[str]) -> dt.datetime | None:
        """The hand-in time of commit `n` if it is a merge the merge job made.

        Trusted only when the merge's author is the merge job's identity (a merge through GitHub's API
        is authored by the token's account, the workflow's bot, and committed by GitHub itself), its
        trailers parse (handin.parse_trailers), the judged head is the merge's own second parent, and
        the hand-in is not after the merge."""
        _, name, email, message = self.commits[n]
        if len(parents) < 2 or (name, email) != tuple(self.identity):
            return None
        record = handin.parse_trailers(message)
        if record is None or record.head != parents[1] or record.handed_in > self.when[n]:
            return None
        return record.handed_in

    def landings(self) -> dict[str, Landing]:
        """The present files: every regular version counts, the oldest being the landing (a restore after
        a deletion keeps the first landing), the others its changes."""
        out = dict(self.landed)
        for path in self.older.keys() & out.keys():
            kept = [n for n in reversed((self.newest[path], *self.older[path])) if n >= 0]
            if len(kept) > 1:
                out[path] = replace(out[path], changes=tuple(self.when[n] for n in kept[1:]))
        return out


def scan(
    root: Path,
    branch: str | None = None,
    identity: tuple[str, str] = MERGE_IDENTITY,
    sessions: Collection[str] = (),
) -> dict[str, Landing]:
    """Landings of every file now under reports/ and receipts/ on `branch` (default: HEAD), in one pass.

    `identity` is the merge job's (name, e-mail): only merges it authored carry a hand-in time. For the
    reports in `sessions` (those recording study sessions), each session's own first landing is read
    from the report's versions. The log is parsed while git is still writing it (on a second core,
    that hides the parsing)."""
    runner = _git(root)
    prefix = _check(runner, root)
    tip = branch or "HEAD"
    if not _exists(runner, tip):
        if branch is None:
            return {}  # a repository without commits: nothing has landed yet
        raise FatalError(f"{root} 中找不到分支 {branch}；请检查分支名称，或先 git fetch 取得该分支")
    with cyclic_gc_paused():  # parsing makes no cycles
        log = _parse(_stream(runner, *LOG, tip), prefix, identity, sessions)
        landings = log.landings()
        studied = {p: found[::-1] for p, found in log.versions.items() if len(found) > 1}  # oldest first
        texts = _objects(runner, {blob for versions in studied.values() for _, blob in versions})
        for path, versions in studied.items():
            firsts = first_recorded(path, [(n, texts.get(blob, b"")) for n, blob in versions])
            landings[path] = replace(landings[path], sessions=tuple((s, log.stamp(n)) for s, n in firsts.items()))
        return landings


def parse_log(
    output: bytes | Iterable[bytes], prefix: str = "", identity: tuple[str, str] = MERGE_IDENTITY
) -> dict[str, Landing]:
    """Landings from the output of `git log <LOG>` (newest commit first), whole or in pieces as read.

    Paths are those git prints (relative to the top of the repository); only those under `prefix`
    followed by a tracked folder are kept, relative to `prefix`. Study sessions need the reports'
    blobs: scan() adds them."""
    return _parse([output] if isinstance(output, bytes) else output, prefix, identity).landings()


def _parse(
    chunks: Iterable[bytes], prefix: str, identity: tuple[str, str] = MERGE_IDENTITY, asked: Collection[str] = ()
) -> _Log:
    """The log, newest commit first; the regular versions of the present files `asked`, with their blobs."""
    tracked = tuple(prefix + folder for folder in TRACKED)
    cut = len(prefix)
    wanted = frozenset(asked)
    log = _Log(identity)
    newest, older, versions = log.newest, log.older, log.versions
    pending: list[str] = []  # present files whose oldest version read so far is in commit n
    fields = _fields(chunks)
    n = -1
    for line in fields:  # ":<old mode> <new mode> <old blob> <new blob> <status>", or a commit's first field
        if line[:1] != ":":
            if line[:1] == _RECORD:
                n = log.add(line[1:], next(fields, ""), next(fields, ""), next(fields, ""))
                if pending:  # their commit's stamp needs this, its first parent's, date
                    log.land(n - 1, pending)
                    pending = []
                continue
            line = line[1:]  # a commit's first file comes after a "\n"
        path = next(fields, "")
        if not path.startswith(tracked):
            continue
        path = path[cut:]
        regular = line[8:14] in REGULAR
        last = newest.get(path)
        if last is None:
            newest[path] = n if regular else ~n
        else:
            older.setdefault(path, []).append(n if regular else ~n)
            if last < 0:
                continue  # gone now: no version of it counts
        if regular:
            pending.append(path)
            if path in wanted:
                versions.setdefault(path, []).append((n, line.split(" ")[3]))
    if pending:
        log.land(n, pending)
    return log


def first_recorded(path: str, versions: Sequence[tuple[int, bytes]]) -> dict[Session, int]:
    """Each study session of a report's versions (oldest first), with the version that first recorded it.

    Pure. A version that cannot be read records nothing; a session removed and added back keeps its
    first recording, like a report deleted and restored."""
    firsts: dict[Session, int] = {}
    for n, raw in versions:
        for session in _sessions(parse_document(path, raw).data):
            firsts.setdefault(session, n)
    return firsts


def _sessions(data: Any) -> Iterator[Session]:
    recorded = data.get("study_sessions") if isinstance(data, dict) else None
    for item in recorded if isinstance(recorded, list) else ():
        if isinstance(item, dict) and isinstance(item.get("date"), str) and isinstance(item.get("topic"), str):
            yield item["date"], item["topic"]


def _objects(runner: git.Git, ids: Collection[str]) -> dict[str, bytes]:
    """The raw content of each object in `ids`, in one `git cat-file --batch`."""
    if not ids:
        return {}
    wanted = sorted(ids)
    with tempfile.TemporaryFile() as fh:
        fh.write("".join(f"{i}\n" for i in wanted).encode())
        fh.seek(0)
        raw = _run_bytes(runner, "cat-file", "--batch", istream=fh)
    out: dict[str, bytes] = {}
    at = 0
    for sha in wanted:
        end = raw.index(b"\n", at)
        header = raw[at:end].split(b" ")
        at = end + 1
        if len(header) != 3:  # "<id> missing"
            continue
        size = int(header[2])
        out[sha] = raw[at : at + size]
        at += size + 1
    return out


def _fields(chunks: Iterable[bytes]) -> Iterator[str]:
    """Each "\0"-ended field of the output, decoded, from output arriving in arbitrary pieces."""
    return itertools.chain.from_iterable(_pieces(chunks))


def _pieces(chunks: Iterable[bytes]) -> Iterator[list[str]]:
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")  # as GitPython decodes
    rest = ""
    for chunk in chunks:
        parts = (rest + decoder.decode(chunk)).split("\0")
        rest = parts.pop()
        yield parts
    rest += decoder.decode(b"", final=True)
    if rest:
        yield [rest]


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


def _run_bytes(runner: git.Git, *args: str, istream: BinaryIO | None = None) -> bytes:
    try:
        out: bytes = runner.execute(
            ["git", *args], istream=istream, stdout_as_string=False, strip_newline_in_stdout=False
        )
    except git.GitCommandNotFound:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）") from None
    except git.GitCommandError as exc:
        detail = str(exc.stderr or "").strip().strip("'").strip() or str(exc)
        raise FatalError(f"git {args[0]} 失败：{detail}") from None
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
    """Every version of each of `paths` on the first-parent history of `tip`, oldest first: (landing
    time, blob id); a deletion in between is skipped, as scan() keeps a restored report's first landing. Paths are relative to the ledger's folder, as scan() gives them.

    One more pass over the log, only when some report has more than one version."""
    wanted = set(paths)
    if not wanted:
        return {}
    runner = _git(root)
    prefix = _check(runner, root)
    found: dict[str, list[Version]] = {}
    with cyclic_gc_paused():
        fields = _fields(_stream(runner, *_RAW_LOG, tip))
        when = dt.datetime.min
        for line in fields:  # as in _parse()
            if line[:1] != ":":
                if line[:1] == _RECORD:
                    when = dt.datetime.fromisoformat(line.partition(" ")[2])
                    continue
                line = line[1:]
            path = next(fields, "")
            path = path[len(prefix) :] if path.startswith(prefix) else ""
            if path not in wanted:
                continue
            parts = line.split()  # ":100644 100644 <old> <new> <status>"
            if len(parts) < 5 or parts[4] == "D":
                continue  # deleted and restored: the report keeps its first landing (scan), and its versions
            found.setdefault(path, []).append((when, parts[3]))
    return {path: list(reversed(found_)) for path, found_ in found.items()}


def blobs(root: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """The contents of the blobs `ids`, read in one `git cat-file --batch`."""
    return _objects(_git(root), set(ids))


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
