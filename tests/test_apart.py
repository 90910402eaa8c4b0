"""apart.call: work done in a process of its own (taizhang build generates its pages so)."""

from __future__ import annotations

import os
import signal

import pytest

from taizhang.errors import FatalError
from taizhang.site import apart


def _refuse(reason: str) -> None:
    raise FatalError(reason)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_work_runs_in_another_process_and_its_result_comes_back() -> None:
    assert apart.call(os.getpid) != os.getpid()
    assert apart.call(divmod, 17, 5) == (3, 2)


def test_a_refusal_in_the_other_process_reaches_the_caller_as_it_was_said() -> None:
    with pytest.raises(FatalError, match=r"^仓库中没有工作要点$"):
        apart.call(_refuse, "仓库中没有工作要点")


def test_a_process_killed_midway_is_a_clear_error_not_a_hang() -> None:
    with pytest.raises(FatalError, match="子进程意外退出"):
        apart.call(_die)
