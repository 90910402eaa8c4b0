"""`taizhang serve`: preview the site locally, regenerated when the data changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def run(root: Path, as_of: dt.date, dev_addr: str) -> int:
    from taizhang.site import serve

    serve.serve(root, as_of, dev_addr)
    return 0
