"""`taizhang ci NAME`: run one of the CI scripts the engine brings (automerge, form, notify, remind).

A ledger repository holds no scripts of its own: its workflows call these from the installed engine
(taizhang/host/ci), so they are pinned and hashed like the rest of it.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from taizhang.errors import FatalError

SCRIPTS = ("automerge", "form", "notify", "remind")


def run(name: str) -> int:
    script = resources.files("taizhang").joinpath("host", "ci", name)
    if name not in SCRIPTS or not isinstance(script, Path) or not script.is_file():
        raise FatalError(f"没有名为 {name} 的 CI 脚本；可用的有：{'、'.join(SCRIPTS)}")
    os.execvp("bash", ["bash", str(script)])
    return 0  # not reached: bash replaces this process
