"""`taizhang build`: the site's pages from the ledger, then MkDocs (unless --no-mkdocs)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path


def run(root: Path, as_of: dt.date, out_dir: str | None, no_mkdocs: bool) -> int:
    from taizhang.site import build, share

    out = Path(out_dir).resolve() if out_dir else root / "site"
    if no_mkdocs:
        made = build.generate(root, as_of, out).made
        print(
            f"页面源文件已生成：{root / build.DOCS}（未运行 MkDocs；构建网站：mkdocs build -f {root / build.CONFIG}）",
            file=sys.stderr,
        )
        _say_made(root, made)
        return 0
    workers = share.count_from(os.environ.get(share.ENV), share.cores())
    done = build.build(root, as_of, out, workers=workers)
    reused, rendered = done.reused
    print(f"网站已生成：{out}（页面源文件在 {root / build.DOCS}）", file=sys.stderr)
    if done.workers > 1:
        print(f"{rendered} 个页面由 {done.workers} 个进程并行渲染（只用一个进程：设 {share.ENV}=1）", file=sys.stderr)
    _say_made(root, done.made)
    if reused:
        print(
            f"其中 {reused} 个页面未改动，沿用上次构建的结果（{root / build.PAGE_CACHE}），{rendered} 个页面重新生成",
            file=sys.stderr,
        )
    return 0


def _say_made(root: Path, made: tuple[int, int]) -> None:
    from taizhang import buildcache

    taken, fresh = made
    if taken:
        print(
            f"往年工作要点的页面和下载文件（数据包、台账摘录、Word、Excel）中 {taken} 项的数据未改动，"
            f"取自缓存（{root / buildcache.MADE}），{fresh} 项重新生成",
            file=sys.stderr,
        )
