"""Files an attacker would send: each is refused with a Chinese diagnostic and exit 1, never a crash,
a hang or unbounded memory. Each runs `taizhang validate` in a process of its own, so that a crash
shows as its exit code (a segfault is -11) and its peak memory is its own (os.wait4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from taizhang.data.bounded import ALIAS_BUDGET, MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, MAX_SCALAR
from taizhang.data.validate import validate
from tests.conftest import copy_ledger

REPORT = "reports/2023-08/xinfu.yml"
MEMORY_CAP_MIB = 200
HEAD = 'kind: monthly\nunit: xinfu\nperiod: "2023-08"\n'


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    peak_mib: float
    seconds: float


# A process started by pytest inherits the worker's peak memory in its own (Linux keeps the old
# address space's high-water mark across exec, and a vfork child's old space is the worker's), so
# `taizhang` is started by a small launcher: what wait4 says then is taizhang's peak, not the worker's.
_LAUNCHER = """
import os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_taizhang(*args: str, cwd: Path | None = None, timeout: float = 120) -> Run:
    """`python -m taizhang ARGS` in a process of its own: its exit code, output, peak RSS and wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        told = Path(tmp) / "told"  # taizhang's exit code (a segfault is -11) and peak RSS
        command = [sys.executable, "-S", "-c", _LAUNCHER, str(told), sys.executable, "-m", "taizhang", *args]
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the launcher and taizhang, its only child
            child.wait()
            pytest.fail(f"taizhang {' '.join(args)} still running after {timeout} s")
        seconds = time.monotonic() - started
        code, peak_kib = map(int, told.read_text().split())
        out.seek(0)
        err.seek(0)
        return Run(
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak_kib / 1024,  # KiB on Linux
            seconds,
        )


def _merge_bomb(levels: int, width: int) -> str:
    """Each level merges the one below twice (`<<: [*a, *a]`): 2**levels copies of `width` keys."""
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: {i}" for i in range(width)) + "}"]
    lines += [f"a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}], x{n}: {n}}}" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    # 30,000 levels in 60 KB, small enough for an issue form: crashed the process (exit 139)
    "depth-bomb-brackets": ("tasks: " + "[" * 30_000 + "]" * 30_000 + "\n", "Y117"),
    "depth-bomb-dashes": ("tasks:\n" + "- " * 30_000 + "x\n", "Y117"),
    "depth-bomb-braces": ("tasks: " + "{a: " * 30_000 + "x" + "}" * 30_000 + "\n", "Y117"),
    # a 1 KB merge-key bomb grew past 2 GB: refused at the alias budget, before anything is merged
    "merge-key-bomb-1kb": (_merge_bomb(levels=30, width=4), "Y107"),
    # within the alias budget, 2**8 copies of 1,000 keys: refused at the node count, nothing built
    "merge-key-bomb-within-alias-budget": (_merge_bomb(levels=ALIAS_BUDGET // 2, width=1000), "Y118"),
    "alias-bomb": (_laughs(), "Y107"),
    "binary-tag": (HEAD + "tasks:\n  t1:\n    progress: !!binary aGVsbG8=\n", "Y121"),
    "set-tag": (HEAD + "tasks: !!set {t1, t2}\n", "Y121"),
    "python-tag": (HEAD + "tasks: !!python/object/apply:os.system ['echo pwned']\n", "Y121"),
    "custom-tag": (HEAD + "tasks: !include /etc/passwd\n", "Y121"),
    "integer-5000-digits": (HEAD + "tasks:\n  t1:\n    figures:\n      - value: " + "9" * 5000 + "\n", "Y120"),
    "nan": (HEAD + "tasks:\n  t1:\n    figures:\n      - value: .nan\n", "Y122"),
    "infinity": (HEAD + "tasks:\n  t1:\n    figures:\n      - value: -.inf\n", "Y122"),
    "overflowing-float": (HEAD + "tasks:\n  t1:\n    figures:\n      - value: 1.0e+999\n", "Y122"),
    "long-text": (HEAD + "tasks:\n  t1:\n    progress: " + "长" * (MAX_SCALAR + 1) + "\n", "Y119"),
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_ledger(tmp_path_factory.mktemp("hostile") / "ledger")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_report_is_refused_with_a_diagnostic_in_bounded_memory(ledger: Path, name: str) -> None:
    text, code = HOSTILE[name]
    target = ledger / REPORT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        run = run_taizhang("validate", REPORT, cwd=ledger)
    finally:
        target.unlink()
    assert run.code == 1, (run.code, run.err[-2000:])
    lines = run.out.splitlines()
    assert lines and all(line.startswith(f"{REPORT}:") for line in lines)
    assert code in {line.split(" ")[1] for line in lines}, run.out[:2000]
    assert "内部错误" not in run.err and "Traceback" not in run.err
    assert run.peak_mib < MEMORY_CAP_MIB, f"{name}: peak {run.peak_mib:.0f} MiB"


def test_the_limits_are_generous_for_real_reports_and_tight_for_attacks() -> None:
    assert 8 <= MAX_DEPTH <= 64 and ALIAS_BUDGET <= 16
    assert MAX_NODES >= 100_000 and MAX_SCALAR >= 20_000  # the schemas' own limits come first
    assert MAX_INT_DIGITS == 15  # what Excel and a browser's JSON keep exactly


def test_2500_unknown_keys_are_each_named_on_their_line_in_under_two_seconds(ledger: Path) -> None:
    extra = "".join(f"extra{i}: {i}\n" for i in range(2500))
    target = ledger / REPORT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HEAD + extra, encoding="utf-8")
    try:
        started = time.perf_counter()
        found = validate(ledger, [REPORT]).diagnostics
        seconds = time.perf_counter() - started
    finally:
        target.unlink()
    unknown = [d for d in found if d.code == "S202"]
    assert [(d.line, d.message.split("“")[1].split("”")[0]) for d in unknown] == [
        (4 + i, f"extra{i}") for i in range(2500)
    ]
    assert seconds < 2, f"{seconds:.2f} s"
