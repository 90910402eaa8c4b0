"""scripts/ci/automerge and scripts/ci/form end to end: a real origin repository with pull-request refs,
the base's taizhang, and a fake `gh` (tests/fakegh.py) answering from recorded API answers and merging for real.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from taizhang.data.validate import validate
from taizhang.tracking.handin import HandIn, parse_trailers
from tests.conftest import REPO
from tests.gitrepo import LedgerRepo, git

FIXTURES = Path(__file__).parent / "fixtures/github"
BEIJING = dt.timezone(dt.timedelta(hours=8))
AT = "2023-11-03T23:50:00+08:00"
GH_REPO = "xinzhou-jtj/taizhang"

pytestmark = pytest.mark.skipif(shutil.which("jq") is None, reason="the CI scripts need jq, as on GitHub's runners")


class Host:
    """An origin repository with pull requests, and the code host's answers about them."""

    def __init__(self, tmp: Path) -> None:
        self.dev = LedgerRepo.create(tmp / "dev")
        self.origin = tmp / "origin.git"
        git(tmp, "clone", "--quiet", "--bare", str(self.dev.root), str(self.origin))
        self.answers = tmp / "answers"
        self.pulls: list[dict[str, Any]] = []

    def pull(self, number: int, files: dict[str, str | None], login: str = "xz-xinfu", ref: str = "") -> str:
        """Pull request `number`: `files` committed on a branch from main, pushed as refs/pull/N/head."""
        self.dev.git("checkout", "--quiet", "-B", f"pr-{number}", "main")
        head = self.dev.commit(files, at=AT, message=f"报送 #{number}")
        self.dev.git("push", "--quiet", str(self.origin), f"HEAD:refs/pull/{number}/head")
        self.dev.git("checkout", "--quiet", "main")
        pull = _fixture("pull.json")
        pull["number"], pull["user"] = number, {"login": login, "type": "Bot" if "[bot]" in login else "User"}
        pull["head"] |= {"sha": head, "ref": ref or f"pr-{number}"}
        if ref:
            pull["head"]["repo"] = {"full_name": GH_REPO}
        self.pulls.append(pull)
        self._write(f"pulls/{number}.json", pull)
        self._write(f"issues/{number}/timeline.json", _fixture("timeline.json"))
        return head

    def hook(self, key: str, script: str) -> None:
        (self.answers / "hooks" / key).parent.mkdir(parents=True, exist_ok=True)
        (self.answers / "hooks" / f"{key}.sh").write_text(script, encoding="utf-8")

    def _write(self, name: str, data: Any) -> None:
        (self.answers / name).parent.mkdir(parents=True, exist_ok=True)
        (self.answers / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def run(
        self, tmp: Path, runs_for: str = "0" * 40, script: str = "automerge", **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """scripts/ci/<script> in a fresh checkout of main, as the job runs it."""
        if self.pulls:
            self._write("pulls.json", self.pulls)
        runs = _fixture("runs.json")
        runs["workflow_runs"][0]["head_sha"] = runs_for
        self._write("actions/runs.json", runs)
        job = tmp / "job"
        git(tmp, "clone", "--quiet", str(self.origin), str(job))
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(f'#!/bin/sh\nexec "{sys.executable}" "{REPO / "tests/fakegh.py"}" "$@"\n')
        (bin_dir / "gh").chmod(0o755)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
        env |= {
            "PATH": f"{bin_dir}:{Path(sys.executable).parent}:{env['PATH']}",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GH_REPO": GH_REPO,
            "GH_TOKEN": "not-a-token",
            "BASE_BRANCH": "main",
            "FAKE_GH_ANSWERS": str(self.answers),
            "FAKE_GH_ORIGIN": str(self.origin),
            "FAKE_GH_LOG": str(tmp / "calls.jsonl"),
            **extra,
        }
        command = [str(REPO / "scripts/ci" / script)]
        return subprocess.run(command, cwd=job, env=env, capture_output=True, text=True, check=False)

    def merges(self) -> list[tuple[list[str], str, str]]:
        """(parents, author, message) of each commit on origin's main since the ledger was set up, oldest first."""
        out = git(self.origin, "log", "--first-parent", "--reverse", "--format=%P%x00%an%x00%B%x01", "main")
        commits = [c.strip("\n").split("\0") for c in out.split("\x01") if c.strip()]
        return [(p.split(), a, b) for p, a, b in commits if len(p.split()) == 2]


def _commands_read(log: str, text: bool = False) -> set[str]:
    """The workflow commands GitHub would act on in `log` (none between ::stop-commands::T and ::T::)."""
    found: set[str] = set()
    stopped = ""
    for line in log.splitlines():
        if stopped:
            stopped = "" if line == f"::{stopped}::" else stopped
            continue
        if line.startswith("::") and "::" in line[2:]:
            command, _, rest = line[2:].partition("::")
            found.add(line if text else command.split(" ")[0])
            if command == "stop-commands":
                stopped = rest
    return found


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_the_base_judges_every_pull_request_and_merges_exactly_the_judged_head(tmp_path: Path) -> None:
    host = Host(tmp_path)
    report, text = host.dev.report("monthly", "xinfu", "2023-10")
    own = host.pull(1, {report: text})
    code = {"scripts/ci/automerge": "#!/bin/sh\n", "::warning::伪造的警告": "x\n"}
    host.pull(2, {report: text, **code})  # code rides along (and a file named like a workflow command): review
    host.pull(4, {report.replace("2023-10", "2023-09"): text.replace("2023-10", "2023-09")})
    dev = f"git -C {host.dev.root} -c user.name=x -c user.email=x@example.com"
    host.hook(
        "pulls/4",
        f"{dev} checkout -q pr-4 && {dev} commit -q --allow-empty -m moved && {dev} push -q {host.origin} HEAD:refs/pull/4/head\n",
    )
    host.pull(5, {report.replace("2023-10", "2023-08"): "kind: monthly\nunit: xinfu\n"})  # invalid
    done = host.run(tmp_path, runs_for=own)
    assert done.returncode == 0, done.stderr

    merges = host.merges()
    assert [parents[1] for parents, _, _ in merges] == [own], done.stdout + done.stderr
    _, author, message = merges[0]
    assert author == "github-actions[bot]"
    record = parse_trailers(message)
    assert record is not None
    assert (record.pull_request, record.head, record.issue) == (1, own, None)
    assert record.handed_in == dt.datetime(2023, 11, 3, 23, 58, 7, tzinfo=BEIJING)
    assert "#4 未能合并" in done.stdout, "the head moved after it was judged"
    assert "scripts/ci/automerge: 拒绝：程序代码、文档和其他文件只能由维护人员" in done.stdout
    assert _commands_read(done.stdout) == {"group", "endgroup", "stop-commands", "warning"}
    assert "伪造的警告" not in str(_commands_read(done.stdout, text=True))
    assert "reports/2023-08/xinfu.yml" in done.stdout  # validation names the file with the problem
    calls = (tmp_path / "calls.jsonl").read_text(encoding="utf-8")
    assert '["workflow", "run", "pages.yml", "--ref", "main"]' in calls
    assert "check-runs" not in calls, "the pull request's own checks are never the gate"


def test_a_pull_request_the_form_made_is_judged_as_the_issues_author_and_handed_in_at_its_last_edit(
    tmp_path: Path,
) -> None:
    host = Host(tmp_path)
    report, text = host.dev.report("monthly", "xinfu", "2023-10")
    head = host.pull(6, {report: text}, login="github-actions[bot]", ref="taizhang-form/issue-45")
    host._write("graphql/issue-45.json", _fixture("issue.json"))
    # Another unit's account naming its branch like the form's: judged as itself, not as the issue's author.
    month = {report.replace("2023-10", "2023-09"): text.replace("2023-10", "2023-09")}
    forged = host.pull(7, month, login="xz-dingxiang", ref="taizhang-form/issue-45")
    done = host.run(tmp_path, runs_for="0" * 40)
    assert done.returncode == 0, done.stderr
    merges = host.merges()
    assert [parents[1] for parents, _, _ in merges] == [head], done.stdout + done.stderr
    record = parse_trailers(merges[0][2])
    assert record == HandIn(6, head, dt.datetime(2023, 11, 3, 23, 57, 30, tzinfo=BEIJING), record.checks_passed, 45)
    assert forged not in [p[1] for p, _, _ in merges]
    assert "reports/2023-09/xinfu.yml: 拒绝：这是忻府区交通运输局的月度进展情况" in done.stdout


def test_the_form_merges_the_commit_it_made_handed_in_when_the_issue_was_last_edited(tmp_path: Path) -> None:
    host = Host(tmp_path)
    _, text = host.dev.report("monthly", "xinfu", "2023-10")
    issue = _fixture("issue.json") | {"body": f"### 报告内容\n\n```yaml\n{text}```\n"}
    host._write("graphql/issue-45.json", issue)
    done = host.run(tmp_path, script="form", ISSUE="45", AUTHOR="xz-xinfu", AUTHOR_ID="151234567")
    assert done.returncode == 0, done.stderr
    merges = host.merges()
    assert len(merges) == 1, done.stdout + done.stderr
    (_, head), author, message = merges[0]
    assert author == "github-actions[bot]"
    assert git(host.origin, "show", f"{head}:reports/2023-10/xinfu.yml") == text.strip()
    record = parse_trailers(message)
    assert record == HandIn(1, head, dt.datetime(2023, 11, 3, 23, 57, 30, tzinfo=BEIJING), record.checks_passed, 45)
    comments = (host.answers / "_comments.md").read_text(encoding="utf-8")
    assert "校验通过" in comments and "已合并（拉取请求 #1），报送完成。" in comments


def test_a_typed_form_with_a_field_per_task_is_merged_as_the_report_it_holds(tmp_path: Path) -> None:
    """The issue form `taizhang forms` writes (one field per task), submitted and handed in end to end."""
    host = Host(tmp_path)
    tasks = [t.id for t, _ in validate(host.dev.root, only=[]).ledger.unit_tasks("2023", "xinfu")]
    values = {"报告": "忻府区交通运输局 月度进展情况（xinfu / monthly）", "报告月份": "2023-10", "填报人·姓名": "王丽"}
    for task in tasks:
        values[f"任务 {task}·推进状态"] = "正常推进"
        values[f"任务 {task}·进展情况"] = f"10月推进任务{task}，完成排查。"
    body = "\n".join(f"### {label}\n\n{value}\n" for label, value in values.items())
    host._write("graphql/issue-45.json", _fixture("issue.json") | {"body": body})
    done = host.run(tmp_path, script="form", ISSUE="45", AUTHOR="xz-xinfu", AUTHOR_ID="151234567")
    assert done.returncode == 0, done.stdout + done.stderr
    merges = host.merges()
    assert len(merges) == 1, done.stdout + done.stderr
    text = git(host.origin, "show", f"{merges[0][0][1]}:reports/2023-10/xinfu.yml")
    assert f"10月推进任务{tasks[0]}，完成排查。" in text and "王丽" in text


def test_text_in_a_workflow_command_cannot_start_a_command_of_its_own() -> None:
    lib = REPO / "scripts/ci/lib.sh"
    hostile = "#9 reports/x\n::error file=a::伪造%0A"
    done = subprocess.run(
        ["bash", "-c", f'. "{lib}"; warn "$1"; group "$1"', "_", hostile], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "::warning::#9 reports/x%0A::error file=a::伪造%250A",
        "::group::#9 reports/x%0A::error file=a::伪造%250A",
    ]
