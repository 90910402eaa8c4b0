"""`taizhang build` keeps what it made under build/cache (read: each file's parse; made: the downloads),
keyed by what it was made from: after a report lands, a correction, a units change or a plan change, a
build with the cache writes the same files as a build without it, and takes from the cache what did
not change. Real git repositories, real dates."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from taizhang import buildcache
from taizhang.cli import main
from taizhang.office import xlsx
from taizhang.site import build
from tests import sitedata

AS_OF = dt.date(2024, 9, 10)
# openpyxl and python-docx stamp the moment a file was written into docProps/core.xml, so two builds
# without a cache never write an Excel form or a Word file byte for byte alike: everything else must be.
STAMPED = "docProps/core.xml"


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T10:00:00+08:00")


def _docs(root: Path) -> dict[str, bytes]:
    docs = root / build.DOCS
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _differing(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    assert sorted(one) == sorted(two)
    return [name for name in one if one[name] != two[name] and not _same_but_stamp(one[name], two[name], name)]


def _same_but_stamp(a: bytes, b: bytes, name: str) -> bool:
    if not name.endswith((".xlsx", ".docx")):
        return False
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    return {n: za.read(n) for n in za.namelist() if n != STAMPED} == {
        n: zb.read(n) for n in zb.namelist() if n != STAMPED
    }


def _cached_then_cold(root: Path) -> tuple[build.Prepared, dict[str, bytes], dict[str, bytes]]:
    """A build with the cache as the last build left it, then one without (the cache put back after)."""
    warm = build.generate(root, AS_OF, root / "site")
    cached = _docs(root)
    cache = root / "build" / "cache"
    aside = root.parent / "cache-aside"
    shutil.move(cache, aside)
    cold = build.generate(root, AS_OF, root / "site")
    assert cold.made[0] == 0
    fresh = _docs(root)
    shutil.rmtree(cache)
    shutil.move(aside, cache)
    return warm, cached, fresh


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two plan years (2023 and 2024), reports in each, built once so that the cache is full."""
    root = sitedata.site_repo(tmp_path_factory.mktemp("cache"))
    sitedata.next_year(root)
    sitedata.commit_all(root, "2024年工作要点", _at("2024-07-17"))
    registry = sitedata.ledger_of(root)
    for unit in ("xinfu", "zhifadui"):
        sitedata.write_report(root, registry, "monthly", unit, "2023-09")
    sitedata.commit_all(root, "9月月报", _at("2023-10-02"))
    sitedata.write_report(root, registry, "monthly", "xinfu", "2024-08")
    sitedata.commit_all(root, "忻府区 2024年8月月报", _at("2024-09-02"))
    build.generate(root, AS_OF, root / "site")
    return root


def test_a_rebuild_after_a_report_lands_writes_what_a_build_without_the_cache_writes(ledger: Path) -> None:
    registry = sitedata.ledger_of(ledger)
    sitedata.write_report(
        ledger,
        registry,
        "monthly",
        "yuanping",
        "2024-08",
        progress="原平市八月新建充电桩十二个，更新新能源公交车辆二十辆",
    )
    sitedata.commit_all(ledger, "原平市 2024年8月月报", _at("2024-09-03"))
    warm, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []
    taken, made = warm.made
    assert taken > made > 0  # 2023's archive, every other unit's extract: from the cache; the new report's: made
    with zipfile.ZipFile(io.BytesIO(cached["downloads/data/2024.zip"])) as year:
        assert "原平市八月新建充电桩十二个，更新新能源公交车辆二十辆" in year.read("reports.csv").decode("utf-8-sig")


def test_a_correction_to_last_year_s_report_remakes_last_year_s_archive(ledger: Path) -> None:
    path = ledger / "reports" / "2023-09" / "xinfu.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('progress: "', 'progress: "（更正）', 1), encoding="utf-8")
    sitedata.commit_all(ledger, "忻府区 2023年9月月报更正", _at("2024-09-04"))
    warm, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []
    assert warm.made[0] > 0
    with zipfile.ZipFile(io.BytesIO(cached["downloads/data/2023.zip"])) as year:
        assert "（更正）" in year.read("reports.csv").decode("utf-8-sig")


def test_a_changed_unit_makes_every_download_again(ledger: Path) -> None:
    path = ledger / "units" / "yuanping.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("原平市交通运输局", "原平市交通局"), encoding="utf-8")
    sitedata.commit_all(ledger, "原平市单位名称", _at("2024-09-05"))
    warm, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []
    assert warm.made[0] == 0  # the registry is in every key: its unit names are in every file
    with zipfile.ZipFile(io.BytesIO(cached["downloads/data/2023.zip"])) as year:
        assert "原平市交通局" in year.read("statuses.csv").decode("utf-8-sig")


def test_a_changed_task_of_last_year_s_plan_makes_its_archive_again(ledger: Path) -> None:
    path = ledger / "tasks" / "2023" / "t2.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("扎实推进中央生态环境保护督察", "全力推进中央生态环境保护督察"), encoding="utf-8")
    sitedata.commit_all(ledger, "2023年任务（二）标题", _at("2024-09-06"))
    warm, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []
    assert warm.made[0] == 0  # tasks are registry files, in every key
    with zipfile.ZipFile(io.BytesIO(cached["downloads/data/2023.zip"])) as year:
        assert "全力推进中央生态环境保护督察" in year.read("reports.csv").decode("utf-8-sig")


def test_a_build_that_fails_halfway_leaves_no_entry_a_later_build_would_misuse(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = sitedata.ledger_of(ledger)
    sitedata.write_report(ledger, registry, "monthly", "dingxiang", "2024-08")
    sitedata.commit_all(ledger, "定襄县 2024年8月月报", _at("2024-09-07"))
    workbook = xlsx.workbook
    calls = 0

    def breaks_on_the_third(*args: object, **kwargs: object) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:  # 台账.xlsx, then 定襄县's extract (kept), then the month's: the disk is full
            raise OSError("磁盘已满")
        return workbook(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(xlsx, "workbook", breaks_on_the_third)
    with pytest.raises(OSError):
        build.generate(ledger, AS_OF, ledger / "site")
    monkeypatch.undo()
    _, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []


def test_damaged_or_foreign_cache_entries_are_made_again_never_used(ledger: Path) -> None:
    cache = ledger / "build" / "cache"
    shards = sorted((cache / "read").glob("*.json"))
    shards[0].write_text("not json", encoding="utf-8")
    shards[1].write_text("[1, 2]", encoding="utf-8")
    first = next(iter(json.loads(shards[2].read_text(encoding="utf-8"))))
    shards[2].write_text(json.dumps({first: "a string, not a mapping", "../../etc": {}}), encoding="utf-8")
    blobs = sorted((cache / "made").iterdir())
    blobs[0].write_bytes(blobs[0].read_bytes()[:-10])  # cut short
    blobs[1].write_bytes(b"")
    warm, cached, fresh = _cached_then_cold(ledger)
    assert _differing(cached, fresh) == []
    assert warm.made[1] >= 2  # the two damaged downloads were made again


def test_another_engine_finds_no_entry_of_this_one(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build.generate(ledger, AS_OF, ledger / "site")
    monkeypatch.setattr(buildcache, "engine", lambda: "another taizhang")
    again = build.generate(ledger, AS_OF, ledger / "site")
    assert again.made[0] == 0 and again.made[1] > 0


def test_the_cache_holds_only_json_and_checksummed_bytes_of_the_last_build(ledger: Path) -> None:
    build.generate(ledger, AS_OF, ledger / "site")
    cache = ledger / "build" / "cache"
    for shard in (cache / "read").iterdir():
        entries = json.loads(shard.read_bytes())
        assert all(buildcache.is_key(k) and isinstance(v, dict) for k, v in entries.items())
    made = build.generate(ledger, AS_OF, ledger / "site").made
    assert made[1] == 0 and len(list((cache / "made").iterdir())) == made[0]  # no entry of an earlier build left


def test_the_cli_says_how_many_downloads_it_took_from_the_last_build(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--root", str(ledger), "build", "--no-mkdocs", "--as-of", AS_OF.isoformat()]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    said = capsys.readouterr().err
    assert "项的数据未改动，取自缓存" in said and "0 项重新生成" in said
