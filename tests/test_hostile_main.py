"""One bad file on main never stops `status`, `build` or `remind`: it is told (stderr, the site's home
page) and counts as not submitted, on a real repository where the hostile files were merged on time."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from taizhang.cli import main
from tests.conftest import REPO
from tests.gitrepo import LedgerRepo

MERGED = "2023-09-02T10:00:00+08:00"  # before the August reports' deadline, 3 September
AS_OF = "2023-09-10"
BOMB = "reports/2023-08/xinfu.yml"
LINK = "reports/2023-08/yuanping.yml"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> LedgerRepo:
    """August: xinfu merged a depth bomb, yuanping a link to /etc/passwd, dingxiang a real report."""
    repo = LedgerRepo.create(tmp_path_factory.mktemp("hostile") / "repo")
    shutil.copy2(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", repo.root / "docs")
    repo.commit({}, at="2023-07-17T09:00:00+08:00", message="网站设置")
    repo.merge({BOMB: "tasks: " + "[" * 30_000 + "]" * 30_000 + "\n"}, at=MERGED)
    (repo.root / LINK).symlink_to("/etc/passwd")
    repo.merge({}, at=MERGED)
    repo.submit("monthly", "dingxiang", "2023-08", at=MERGED)
    return repo


def _august(rows: list[dict[str, object]]) -> dict[object, object]:
    return {r["unit"]: r["status"] for r in rows if r["kind"] == "monthly" and r["period"] == "2023-08"}


def test_status_goes_on_and_counts_the_bad_files_as_not_submitted(
    repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--root", str(repo.root), "status", "--as-of", AS_OF, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    august = _august(json.loads(out))
    # a landed file that fails validation is 需修改 (issue 12); a link never landed as a report
    assert (august["xinfu"], august["yuanping"], august["dingxiang"]) == ("needs_revision", "overdue", "on_time")
    assert "2 份报告未通过校验（需修改），按未报送计" in err
    assert f"{BOMB}:1:" in err and "Y117" in err and f"{LINK}:1:1: Y123" in err
    assert "root:" not in out + err


def test_remind_goes_on_and_chases_the_units_whose_files_are_bad(
    repo: LedgerRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--root", str(repo.root), "remind", "--as-of", AS_OF, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    (august,) = [a for a in json.loads(out)["actions"] if a["key"] == "monthly/2023-08"]
    body = august["payload"]["body"]
    overdue = body[body.index("逾期") :]
    assert "忻府区交通运输局" in overdue and "原平市交通运输局" in overdue
    assert "需修改" in err


def test_build_goes_on_and_the_home_page_says_which_reports_need_revision(repo: LedgerRepo, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["--root", str(repo.root), "build", "--as-of", AS_OF, "--out", str(site)]) == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "报告未通过校验（需修改），按未报送计" in home
    reports = zipfile.ZipFile(site / "downloads" / "data" / "2023.zip").read("reports.json").decode("utf-8")
    assert "root:x:0:0" not in reports
    json.loads(reports)  # still valid JSON
