"""`taizhang serve`: pages are regenerated when a data file changes (watchdog on a real folder)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent
from watchdog.observers import Observer

from taizhang.site import build, serve
from tests import sitedata
from tests.conftest import REPO

AS_OF = dt.date(2023, 10, 10)


def test_data_files_docs_and_settings_feed_the_site_and_generated_files_do_not(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    for path in (
        "units/xinfu.yml",
        "reports/2023-09/xinfu.yml",
        "tasks/2023/t1.yml",
        "taizhang.yml",
        "mkdocs.yml",
        "docs/about.md",
        "docs/stylesheets/taizhang.css",
    ):
        assert serve.relevant(root, str(root / path)), path
    for path in ("build/docs/index.md", "build/mkdocs.yml", "site/index.html", ".git/index", "units/README.md"):
        assert not serve.relevant(root, str(root / path)), path
    assert not serve.relevant(root, "/elsewhere/units/xinfu.yml")


def test_changing_a_unit_file_regenerates_its_page(tmp_path: Path) -> None:
    root = sitedata.site_repo(tmp_path).resolve()
    out = root / "build" / "serve-site"
    build.generate(root, AS_OF, out, fresh=False)
    page = root / "build" / "docs" / "units" / "xinfu.md"
    assert page.read_text(encoding="utf-8").startswith("# 忻府区交通运输局\n")
    observer = Observer()
    observer.schedule(serve.Regenerate(root, AS_OF, out), str(root), recursive=True)
    observer.start()
    try:
        unit = root / "units" / "xinfu.yml"
        unit.write_text(
            unit.read_text(encoding="utf-8").replace("name: 忻府区交通运输局", "name: 忻府区交通局"), "utf-8"
        )
        deadline = time.monotonic() + 20
        home = root / "build" / "docs" / "index.md"

        def done() -> bool:  # every page rewritten, not only the first one (they are written one by one)
            return page.read_text("utf-8").startswith("# 忻府区交通局\n") and "忻府区交通局" in home.read_text("utf-8")

        while time.monotonic() < deadline and not done():
            time.sleep(0.1)
    finally:
        observer.stop()
        observer.join()
    assert page.read_text(encoding="utf-8").startswith("# 忻府区交通局\n")
    assert "忻府区交通局" in (root / "build" / "docs" / "index.md").read_text(encoding="utf-8")


def test_reading_a_data_file_does_not_regenerate_only_changing_it_does(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    handler = serve.Regenerate(root, AS_OF, root / "site")
    unit = str(root / "units" / "xinfu.yml")
    handler.on_any_event(FileOpenedEvent(unit))
    handler.on_any_event(FileClosedNoWriteEvent(unit))
    assert handler.timer is None
    handler.on_any_event(FileModifiedEvent(unit))
    assert handler.timer is not None
    handler.timer.cancel()


def _regenerated_when(root: Path, change: dict[str, str], page: Path, wanted: str) -> str:
    """Write `change` into the repository while serve's watcher runs; the page's text once it says `wanted`."""
    out = root / "build" / "serve-site"
    build.generate(root, AS_OF, out, fresh=False)
    assert wanted not in page.read_text(encoding="utf-8")
    observer = Observer()
    observer.schedule(serve.Regenerate(root, AS_OF, out), str(root), recursive=True)
    observer.start()
    try:
        for path, text in change.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and wanted not in page.read_text(encoding="utf-8"):
            time.sleep(0.1)
    finally:
        observer.stop()
        observer.join()
    return page.read_text(encoding="utf-8")


def test_the_layouts_receipts_and_calendar_are_watched(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    for path in ("receipts/2023.yml", "calendar.yml"):
        assert serve.relevant(root, str(root / path)), path


def test_recording_a_receipt_regenerates_the_period_page(tmp_path: Path) -> None:
    root = sitedata.site_repo(tmp_path).resolve()
    receipt = "\n".join(
        [
            "receipts:",
            "  - unit: xinfu",
            "    kind: monthly",
            '    period: "2023-08"',
            "    received_at: 2023-09-01T16:20:00+08:00",
            "    via: 纸质",
            "    recorded_by: 运输科",
            "",
        ]
    )
    page = root / "build" / "docs" / "periods" / "2023-08.md"
    assert "（线下报送登记）" in _regenerated_when(root, {"receipts/2023.yml": receipt}, page, "（线下报送登记）")


def test_a_holiday_added_to_the_calendar_moves_the_deadline_on_the_regenerated_page(tmp_path: Path) -> None:
    root = sitedata.site_root(tmp_path).resolve()
    plan = root / "tasks" / "2023" / "plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("holiday_shift: none", "holiday_shift: next_working_day"), "utf-8"
    )
    sitedata.commit_all(root, "工作要点、单位和任务", dt.datetime(2023, 7, 17, 9, tzinfo=sitedata.BEIJING))
    page = root / "build" / "docs" / "periods" / "2023-08.md"
    # 3 September 2023 is a Sunday: moved to Monday the 4th; a (made-up) holiday on the 4th moves it to the 5th
    calendar = (REPO / "calendar.yml").read_text(encoding="utf-8")
    calendar = calendar.replace("holidays: []", "holidays: [{date: 2023-09-04, name: 测试假日}]")
    text = _regenerated_when(root, {"calendar.yml": calendar}, page, "截止日期：2023年9月5日")
    assert "截止日期：2023年9月5日" in text
