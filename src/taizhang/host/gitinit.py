"""A new ledger repository's first commit (the code-host/git layer: git runs here, never in the core)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from taizhang.errors import FatalError

# Used only when the machine has no git identity yet, so that `taizhang init` still leaves a commit.
FALLBACK = ("-c", "user.name=taizhang init", "-c", "user.email=taizhang-init@localhost")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise FatalError("找不到 git 命令；请先安装 Git（https://git-scm.com/）再运行 taizhang init") from None


def first_commit(folder: Path, branch: str, message: str) -> None:
    """git init on `branch`, then one commit of every file in `folder`."""
    steps = [("init", "--quiet", "--initial-branch", branch), ("add", "--all")]
    for step in steps:
        done = _git(folder, *step)
        if done.returncode:
            raise FatalError(f"git {step[0]} 失败：{done.stderr.strip()}")
    identity = () if _git(folder, "config", "user.email").stdout.strip() else FALLBACK
    done = _git(folder, *identity, "commit", "--quiet", "--message", message)
    if done.returncode:
        raise FatalError(f"git commit 失败：{done.stderr.strip()}")
