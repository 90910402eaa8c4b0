"""`taizhang codeowners`: .github/CODEOWNERS from the units' accounts — write it, print it, or check it."""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang.commands import valid_ledger
from taizhang.host import codeowners


def run(root: Path, check: bool, stdout: bool) -> int:
    expected = codeowners.render(valid_ledger(root))
    if stdout:
        sys.stdout.write(expected)
        return 0
    committed = codeowners.committed(root)
    if check:
        diff = codeowners.stale_diff(committed, expected)
        if diff:
            sys.stdout.write(diff)
            print(
                f"{codeowners.PATH} 已过期：与 units/ 的 accounts 或 taizhang.yml 的 maintainers 不一致；"
                "请运行 taizhang codeowners 重新生成，并把它和账号的改动一起提交。",
                file=sys.stderr,
            )
            return 1
        print(f"{codeowners.PATH} 与登记的账号一致。", file=sys.stderr)
        return 0
    written = codeowners.write(root, expected)
    print(f"已生成 {codeowners.PATH}" if written else f"{codeowners.PATH} 无需更新", file=sys.stderr)
    return 0
