"""scripts/bench's processes: run one, timing its wall clock and CPU and sampling its memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SPENT: list[float] = []  # CPU seconds of every process run so far


@dataclass
class Run:
    """One process: wall time (s), its own peak RSS and its process tree's sampled peak (bytes)."""

    seconds: float
    maxrss: int
    tree: int
    code: int
    cpu: float  # user + system seconds, its waited-for children included
    out: str = field(default="", repr=False)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, stderr: bool = False) -> Run:
    """Run `cmd`, sampling its process tree's memory; ru_maxrss comes from wait4 for this child alone.
    Its output is kept (with `stderr`, what it says on stderr too)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT if stderr else subprocess.DEVNULL
        )
        tree = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, _tree_rss(proc.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    SPENT.append(cpu)
    return Run(seconds, usage.ru_maxrss * 1024, max(tree, usage.ru_maxrss * 1024), proc.returncode, cpu, text)


def _tree_rss(root_pid: int) -> int:
    """Resident memory of `root_pid` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family = {root_pid}
    for _ in range(8):
        family |= {pid for pid, parent in parents.items() if parent in family}
    return sum(rss.get(pid, 0) for pid in family)


def best(cmd: list[str], cwd: Path, env: dict[str, str], times: int) -> Run:
    runs = [run(cmd, cwd, env) for _ in range(times)]
    return min(runs, key=lambda r: r.seconds)


def busy_jiffies() -> int:
    """CPU time spent by everything on this machine so far (user, nice, system), in clock ticks."""
    with open("/proc/stat") as fh:
        fields = fh.readline().split()
    return sum(int(x) for x in fields[1:4])
