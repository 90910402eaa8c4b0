"""`taizhang demo`: a demonstration repository, a reporting year replayed commit by commit (sample data)."""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang import demo


def run(root: Path, out: str, force: bool) -> int:
    built = demo.build(root, Path(out), force=force)
    done = f"已生成演示仓库 {out}：{built.commits} 次提交，{built.reports} 份示例报告（示例数据）。"
    print(done, file=sys.stderr)
    print(f"试一试：taizhang --root {out} status --as-of {built.settled.isoformat()}", file=sys.stderr)
    return 0
