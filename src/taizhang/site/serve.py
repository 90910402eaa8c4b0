"""`taizhang serve`: regenerate the pages when a data file changes, and serve them like `mkdocs serve`.

MkDocs' own server watches build/docs and build/mkdocs.yml and reloads the browser; a watchdog
observer on the repository regenerates those two whenever a YAML file or docs/ changes.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from taizhang.data import layout
from taizhang.errors import FatalError
from taizhang.site import build

# The layout's data paths (folders of YAML files, and files), the hand-written pages and the site settings.
WATCHED = (*layout.DATA_PATHS, "docs", "mkdocs.yml")
DELAY = 0.3  # seconds: an editor's save is often several events
CHANGES = ("created", "modified", "deleted", "moved", "closed")  # "closed" after writing; not "opened"


def relevant(root: Path, path: str) -> bool:
    """Whether a changed path feeds the site: a data file (units, reports, receipts, taizhang.yml,
    calendar.yml …), mkdocs.yml or docs/."""
    try:
        rel = Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return False
    if rel in WATCHED:
        return True
    top = rel.split("/", 1)[0]
    return top in WATCHED and (top == "docs" or rel.endswith(".yml"))


class Regenerate(FileSystemEventHandler):
    def __init__(self, root: Path, as_of: dt.date, out: Path) -> None:
        self.root, self.as_of, self.out = root, as_of, out
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:  # reading a file (as regenerating does) is no change
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if not any(p and relevant(self.root, str(p)) for p in paths):
            return
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(DELAY, self.run)
            self.timer.daemon = True
            self.timer.start()

    def run(self) -> None:
        try:
            build.generate(self.root, self.as_of, self.out, fresh=False)
            print("已重新生成页面。", file=sys.stderr)
        except FatalError as exc:  # keep serving the last good pages; say what is wrong
            print(f"错误：{exc}", file=sys.stderr)


def serve(root: Path, as_of: dt.date, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    out = root / "build" / "serve-site"  # MkDocs serves from a temporary folder of its own
    prepared = build.generate(root, as_of, out, fresh=False)
    build.quiet_logs()
    build.keep_whole(prepared.words)  # the search cuts unit names and quoted terms as the built site does
    path = urlsplit(prepared.site_url).path if prepared.site_url else "/"
    print(f"本地预览：http://{dev_addr}{path}（改动 YAML 或 docs/ 后自动重新生成；按 Ctrl+C 停止）", file=sys.stderr)
    observer = Observer()
    observer.schedule(Regenerate(root, as_of, out), str(root), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config_file=str(root / build.CONFIG), dev_addr=dev_addr, livereload=True)
    finally:
        observer.stop()
        observer.join()
