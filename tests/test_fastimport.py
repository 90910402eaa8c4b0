from __future__ import annotations

import datetime as dt
from pathlib import Path

from taizhang.fastimport import Stream
from taizhang.tracking import history
from tests.gitrepo import git

ME = ("测试", "test@example.org")


def test_stream_replays_backdated_merges_with_their_offsets(tmp_path: Path) -> None:
    stream = Stream()
    setup = dt.datetime.fromisoformat("2023-07-16T15:00:00+08:00")
    merged = dt.datetime.fromisoformat("2023-08-03T12:00:00-05:30")
    base = stream.commit("refs/heads/main", ME, ME, setup, "建立台账", [], [("units/a.yml", b"id: a\n")])
    head = stream.commit("refs/heads/pr", ME, ME, setup, "报送", [base], [("reports/2023-07/a.yml", b"x\n")])
    stream.commit("refs/heads/main", ME, ME, merged, "Merge", [base, head], [("reports/2023-07/a.yml", b"x\n")])

    history.create_repository(tmp_path / "r", "main", stream.data(), drop_refs=["refs/heads/pr"])

    landing = history.scan(tmp_path / "r")["reports/2023-07/a.yml"]
    assert (landing.first, landing.first.utcoffset()) == (merged, dt.timedelta(hours=-5, minutes=-30))
    assert git(tmp_path / "r", "branch", "--format=%(refname:short)") == "main"
    assert (tmp_path / "r/reports/2023-07/a.yml").read_text() == "x\n"
    assert stream.commits == 3


def test_stream_knows_the_ids_git_gives_its_commits(tmp_path: Path) -> None:
    stream = Stream(ids=True)
    setup = dt.datetime.fromisoformat("2023-07-16T15:00:00+08:00")
    files = [
        ("units/a.yml", b"id: a\n"),
        ("units/ab/c.yml", b"c\n"),
        ("units.yml", b"u\n"),
        ("单位/甲.yml", b"\xe7\x94\xb2\n"),
    ]
    base = stream.commit("refs/heads/main", ME, ME, setup, "建立台账", [], files)
    head = stream.commit("refs/heads/pr", ME, ME, setup, "报送", [base], [("reports/2023-07/a.yml", b"x\n")])
    merge = stream.commit(
        "refs/heads/main", ME, ME, setup, "Merge\n\nbody", [base, head], [("reports/2023-07/a.yml", b"x\n")]
    )

    history.create_repository(tmp_path / "r", "main", stream.data(), drop_refs=["refs/heads/pr"])

    assert git(tmp_path / "r", "rev-parse", "HEAD", "HEAD^1", "HEAD^2").split() == [
        stream.commit_id(merge), stream.commit_id(base), stream.commit_id(head)
    ]  # fmt: skip
