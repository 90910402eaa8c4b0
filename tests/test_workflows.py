"""The workflows are safe by construction; these are the rules, checked on the committed files.

actionlint and zizmor (scripts/lint-workflows, run by `make test`) check far more; these tests pin
down the project's own rules and the names that tie the workflows to each other and to taizhang.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _events(workflow: dict[Any, Any]) -> dict[str, Any]:
    events = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(events, dict)
    return events


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_clerks_workflows_exist() -> None:
    assert {"automerge.yml", "checks.yml", "form.yml", "pages.yml", "remind.yml"} <= {p.name for p in WORKFLOWS}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_permissions_by_default_and_the_least_per_job(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"], "every job names exactly what it needs"
        assert "write-all" not in str(job["permissions"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_pull_request_code_never_gets_a_write_token(path: Path) -> None:
    workflow = _load(path)
    assert "pull_request_target" not in _events(workflow)
    if "pull_request" in _events(workflow):
        for job in workflow["jobs"].values():
            assert set(job["permissions"].values()) == {"read"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert uses or all("run" in step for step in _steps(_load(path)))  # only shell steps: nothing to pin
    for ref in uses:
        assert PINNED.match(ref), ref


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_scripts_take_no_expressions(path: Path) -> None:
    for step in _steps(_load(path)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), "untrusted text goes through env:, never into a script"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_history_is_fetched_whole_where_it_is_read(path: Path) -> None:
    for job in _load(path)["jobs"].values():
        steps = job.get("steps", [])
        reads_history = any(
            re.search(r"taizhang (build|remind|notify)|--base|git diff|ci/(remind|automerge|notify)", s.get("run", ""))
            for s in steps
        )
        checkout = next((s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")), None)
        if checkout is not None:
            assert (checkout["with"].get("fetch-depth") == 0) == reads_history


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_anything_that_writes_runs_one_at_a_time(path: Path) -> None:
    workflow = _load(path)
    writes = any("write" in job["permissions"].values() for job in workflow["jobs"].values())
    if writes and path.name != "keepalive.yml":  # enabling a workflow twice is harmless
        assert workflow["concurrency"]["cancel-in-progress"] is False


def test_automerge_judges_with_the_bases_code_and_never_waits_for_the_pull_requests_checks() -> None:
    checks, automerge = _load(REPO / ".github/workflows/checks.yml"), _load(REPO / ".github/workflows/automerge.yml")
    assert _events(automerge)["workflow_run"]["workflows"] == [checks["name"]]
    script = (REPO / "scripts/ci/automerge").read_text(encoding="utf-8")
    assert "taizhang authorize" in script and '--base "$base" --head "$3"' in script
    assert "taizhang extract" in script and "taizhang validate" in script
    assert "check-runs" not in script and "pip install" not in script, "the pull request's verdict is never the gate"
    steps = _steps(automerge)
    assert not any("pull" in str(s.get("with", {}).get("ref", "")) for s in steps), "never checks out a PR"
    assert [s["run"] for s in steps if "pip install" in s.get("run", "")] == ["python -m pip install --quiet ."]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_time_limit(path: Path) -> None:
    for job in _load(path)["jobs"].values():
        assert 0 < job["timeout-minutes"] <= 60


def test_the_ci_scripts_escape_what_they_write_into_workflow_commands() -> None:
    for script in sorted((REPO / "scripts/ci").iterdir()):
        for line in script.read_text(encoding="utf-8").splitlines():
            if "::" in line and "::endgroup::" not in line and not line.lstrip().startswith("#"):
                assert "escape_command" in line or "%s" in line, f"{script.name}: {line}"


def test_the_workflows_started_after_a_merge_exist() -> None:
    for script in ("automerge", "form"):
        text = (REPO / "scripts/ci" / script).read_text(encoding="utf-8")
        for started in re.findall(r"gh workflow run (\S+)", text):
            assert (REPO / ".github/workflows" / started).is_file()
            assert "workflow_dispatch" in _events(_load(REPO / ".github/workflows" / started))


def test_the_keepalive_reenables_every_scheduled_workflow_with_nothing_but_actions_write() -> None:
    keepalive = _load(REPO / ".github/workflows/keepalive.yml")
    (job,) = keepalive["jobs"].values()
    assert job["permissions"] == {"actions": "write"}
    assert not any("uses" in step for step in job["steps"]), "checks out and runs nothing from the repository"
    script = "".join(step.get("run", "") for step in job["steps"])
    scheduled = {p.name for p in WORKFLOWS if "schedule" in _events(_load(p))}
    assert {"keepalive.yml", "notify.yml", "remind.yml", "pages.yml"} <= scheduled
    listed = set(re.findall(r"[\w-]+\.yml", script.split("for file in", 1)[1].split(";", 1)[0]))
    assert listed == scheduled
    assert "disabled_manually" in script


def test_the_notify_workflow_pushes_only_its_record_branch() -> None:
    notify = _load(REPO / ".github/workflows/notify.yml")
    (job,) = notify["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    script = (REPO / "scripts/ci/notify").read_text(encoding="utf-8")
    assert re.findall(r"push .*", script) == ['push --quiet origin "refs/heads/$branch:refs/heads/$branch"; then']
    assert "git_with_token push" in script  # the job's token for this one command, never stored
