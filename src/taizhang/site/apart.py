"""Work done in a process of its own, so that the memory it took goes back to the system when it ends.

`taizhang build` first generates the pages, with the whole ledger in memory (about 900 MiB for a
province of 60,000 reports), then runs MkDocs (about 900 MiB more). Python keeps what it has freed
for itself, so in one process the second would come on top of the first; run apart, the peak is
the larger of the two. A fresh interpreter is started (spawn), whatever threads this one has.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

from taizhang.errors import FatalError

P = ParamSpec("P")
R = TypeVar("R")


def call(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`function(*args, **kwargs)` in a new process; its result (pickled back) or its exception, as raised.

    `function` must be importable (defined at the top of a module) and its result small."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(function, *args, **kwargs).result()
        except BrokenProcessPool:
            raise FatalError("生成页面的子进程意外退出（可能是内存不足）；请检查机器的可用内存后重试") from None
