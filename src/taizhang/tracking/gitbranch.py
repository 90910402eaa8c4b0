"""A side branch of the ledger repository that holds files of its own (the notify record), read and
written with git's plumbing: the work tree, the index and the checked-out branch are never touched.

The branch is read as the union of the local branch and the code host's copy (`origin/<branch>`,
which a CI checkout with `fetch-depth: 0` fetches); a write makes a commit whose parents are both,
so that pushing it is a fast-forward. Pushing is the caller's business (scripts/ci/notify).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from taizhang.errors import FatalError

IDENTITY = {"GIT_AUTHOR_NAME": "taizhang", "GIT_AUTHOR_EMAIL": "taizhang@localhost"}


def _git(root: Path, *args: str, text: str | None = None, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=text, capture_output=True, encoding="utf-8", env=env, check=False
        )
    except OSError:
        raise FatalError("找不到 git 命令；请先安装 Git") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1]
        raise FatalError(f"git {args[0]} 失败（{root}）：{last}"[:300])
    return done.stdout


def _tip(root: Path, ref: str) -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", ref + "^{commit}"], cwd=root, capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else None


def tips(root: Path, branch: str) -> list[str]:
    """The commits the branch is at: the local branch and origin's copy, each once."""
    if _tip(root, "HEAD") is None and not (root / ".git").exists():
        raise FatalError(f"{root} 不是 Git 仓库；发送记录保存在仓库的 {branch} 分支上，请在台账仓库中运行")
    found = [_tip(root, f"refs/heads/{branch}"), _tip(root, f"refs/remotes/origin/{branch}")]
    return list(dict.fromkeys(t for t in found if t))


def read(root: Path, branch: str, folder: str) -> list[str]:
    """The texts of every file under `folder` on the branch's tips (both copies)."""
    texts: list[str] = []
    for tip in tips(root, branch):
        listing = _git(root, "ls-tree", "-r", "-z", "--name-only", tip, "--", folder)
        for path in filter(None, listing.split("\0")):
            texts.append(_git(root, "cat-file", "blob", f"{tip}:{path}"))
    return texts


def check_writable(root: Path, branch: str) -> None:
    """A FatalError if `branch` is the one checked out (the ledger's own files are on it)."""
    head = subprocess.run(["git", "symbolic-ref", "-q", "HEAD"], cwd=root, capture_output=True, text=True)
    if head.stdout.strip() == f"refs/heads/{branch}":
        raise FatalError(
            f"{branch} 是当前检出的分支（台账数据所在），不能用来保存记录；请在 taizhang.yml 中另设分支名称"
        )


def write(root: Path, branch: str, files: dict[str, str], message: str) -> str:
    """Commit exactly `files` as the branch's tree, on top of its tips; returns the commit id.

    Never the checked-out branch: its tree is the ledger, and this would replace it."""
    head = subprocess.run(["git", "symbolic-ref", "-q", "HEAD"], cwd=root, capture_output=True, text=True)
    if head.stdout.strip() == f"refs/heads/{branch}":
        raise FatalError(
            f"{branch} 是当前检出的分支（台账数据所在），不能用来保存记录；请在 taizhang.yml 中另设分支名称"
        )
    parents = tips(root, branch)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        for key, value in IDENTITY.items():
            env.setdefault(key, value)
        env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
        env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
        _git(root, "read-tree", "--empty", env=env)
        for path, text in sorted(files.items()):
            blob = _git(root, "hash-object", "-w", "--stdin", text=text).strip()
            _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = _git(root, "write-tree", env=env).strip()
        args = [arg for parent in parents for arg in ("-p", parent)]
        commit = _git(root, "commit-tree", "--no-gpg-sign", tree, *args, "-m", message, env=env).strip()
    _git(root, "update-ref", f"refs/heads/{branch}", commit)
    return commit
