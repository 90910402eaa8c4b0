"""scripts/install-browser: the set-up step that gives the browser tests Debian's chromium."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

INSTALL = REPO / "scripts" / "install-browser"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="chromium 未安装：此项只验证已安装时不做任何事")
def test_the_install_step_does_nothing_when_chromium_is_there() -> None:
    done = subprocess.run([str(INSTALL)], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
