"""`taizhang notify`: today's reminders to the units and the reviewing office (WeCom, DingTalk, Feishu, e-mail)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from taizhang.notify import run as notify


def run(root: Path, as_of: dt.date, dry_run: bool, fmt: str) -> int:
    out = notify.run(root, as_of, dry_run, dict(os.environ))
    sys.stdout.write(notify.mask(notify.as_json(out) if fmt == "json" else notify.as_text(out), out.hidden))
    for line in notify.verdict(out):
        print(notify.mask(line, out.hidden), file=sys.stderr)
    return out.code
