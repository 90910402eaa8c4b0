"""`taizhang init`: a new ledger from each whole plan the importer knows, its placeholders, and filling them.

In-process here (quick); tests/test_engine_package.py does the same with the engine installed from its wheel.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.starter.registry import draft, guess_kind, unit_id
from tests.conftest import REPO

# The whole plans: the bundled 2023 plan and the other bureaus' plans among the importer's cases.
PLANS = {
    "xinzhou-2023": REPO / "docs" / "sources" / "xinzhou-2023-green-transport-workplan.txt",
    **{
        name: REPO / "tests" / "cases" / "import" / name / "input.txt"
        for name in ("jinzhong-2024-rural-roads", "wutai-county-2024", "xinzhou-2024-safety")
    },
}
PLACEHOLDERS = {"D501", "D502", "D503", "D504", "D505", "D506"}


@pytest.fixture
def wheel_file(tmp_path: Path) -> Path:
    """A file named as this version's wheel: init hashes it (the real wheel: tests/test_engine_package.py)."""
    from importlib import metadata

    path = tmp_path / f"taizhang-{metadata.version('taizhang')}-py3-none-any.whl"
    path.write_bytes(b"not a real wheel")
    return path


def codes(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--root", str(root), "validate"])
    lines = capsys.readouterr().out.splitlines()
    return code, [line for line in lines if re.match(r"^\S+:\d+:\d+: [A-Z]\d{3} ", line)]


def fill(root: Path) -> None:
    """What the README asks the maintainer to do, done with plain edits of the files."""
    for path in sorted((root / "units").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^accounts: \[\].*$", f"accounts: [acct-{path.stem[:20]}]", text, flags=re.M)
        text = re.sub(r'^contact: "".*$', 'contact: "张三 0354-1234567"', text, flags=re.M)
        path.write_text(re.sub(r"^draft: true.*\n", "", text, flags=re.M), encoding="utf-8")
    for path in sorted((root / "groups").glob("*.yml")):
        text = re.sub(r"^draft: true.*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        path.write_text(text, encoding="utf-8")
        group = path.stem
        members = [
            u
            for u in (root / "units").glob("*.yml")
            if re.search(rf"^groups: \[.*\b{group}\b", u.read_text(encoding="utf-8"), re.M)
        ]
        if not members:
            # a group the plan names without listing its units (各县交通运输局): register one member
            (root / "units" / f"member-{group}.yml").write_text(
                f"id: member-{group}\nname: 成员单位{group}\nkind: county\ngroups: [{group}]\naccounts: [acct-m-{group[:20]}]\n",
                encoding="utf-8",
            )
    config = root / "taizhang.yml"
    text = config.read_text(encoding="utf-8").replace("maintainers: []", "maintainers: [it-officer]")
    config.write_text(
        text.replace("https://github.com/待填写/待填写", "https://github.com/bureau/ledger"), encoding="utf-8"
    )
    assert main(["--root", str(root), "codeowners"]) == 0


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_init_drafts_a_ledger_whose_only_problems_are_the_marked_placeholders_until_filled(
    plan: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], wheel_file: Path
) -> None:
    root = tmp_path / "ledger"
    assert main(["init", str(root), "--plan", str(PLANS[plan]), "--wheel", str(wheel_file)]) == 0
    capsys.readouterr()
    code, found = codes(root, capsys)
    assert code == 1
    listed = {line.split(": ")[1].split()[0] for line in found}
    assert listed <= PLACEHOLDERS, found
    assert {"D501", "D502", "D504", "D505"} <= listed
    # placeholders do not stop a preview of the site
    assert (
        main(["--root", str(root), "build", "--no-mkdocs"]) == 0
    )  # as of today: the ledger begins with its init commit
    log = subprocess.run(["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True, check=True)
    assert log.stdout.startswith("taizhang init：")
    fill(root)
    assert main(["--root", str(root), "codeowners"]) == 0
    assert codes(root, capsys) == (0, [])
    assert (
        main(["--root", str(root), "build", "--no-mkdocs"]) == 0
    )  # as of today: the ledger begins with its init commit
    assert (root / "build" / "docs" / "index.md").is_file()
    assert (root / "build" / "docs" / "stylesheets" / "taizhang.css").is_file()  # the engine's default


def test_the_registry_guesses_kinds_from_the_endings_of_names() -> None:
    assert guess_kind("运输科")[0] == "office"
    assert guess_kind("办公室")[0] == "office"
    assert guess_kind("工程股")[0] == "office"
    assert guess_kind("忻府区交通运输局")[0] == "county"
    assert guess_kind("市运输事业发展中心")[0] == "affiliated"
    assert unit_id("忻府区交通运输局", "county") == "xinfu"
    assert unit_id("运输科", "office") == "yunshuke"


def test_a_phrase_naming_several_units_becomes_one_group_whatever_its_brackets() -> None:
    found = draft(["各县（区、市）交通运输局", "各县(区、市)交通运输局", "运输科和规划科", "代县交通运输局"])
    assert [g.id for g in found.groups] == ["counties"]
    assert found.groups[0].aliases == ["各县（区、市）交通运输局", "各县(区、市)交通运输局"]
    assert [(u.id, u.kind, u.groups) for u in found.units] == [
        ("yunshuke", "office", []),
        ("guihuake", "office", []),
        ("daixian", "county", ["counties"]),
    ]


def test_init_refuses_a_folder_that_holds_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path), "--plan", str(PLANS["xinzhou-2024-safety"])]) == 2
    assert "不是空目录" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "x"


def test_upgrade_rewrites_the_engine_files_and_keeps_the_bureaus_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wheel_file: Path
) -> None:
    root = tmp_path / "ledger"
    assert main(["init", str(root), "--plan", str(PLANS["wutai-county-2024"]), "--wheel", str(wheel_file)]) == 0
    config = root / "taizhang.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("branch: main", "branch: trunk"), encoding="utf-8")
    workflow = root / ".github" / "workflows" / "checks.yml"
    workflow.write_text(workflow.read_text(encoding="utf-8") + "# local edit\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "upgrade", "--check", "--wheel", str(wheel_file)]) == 1
    assert main(["--root", str(root), "upgrade", "--wheel", str(wheel_file)]) == 0
    out = capsys.readouterr().out
    assert "-# local edit" in out and "+    branches: [trunk]" in out
    assert "branch: trunk" in config.read_text(encoding="utf-8")
    assert "# local edit" not in workflow.read_text(encoding="utf-8")
    assert main(["--root", str(root), "upgrade", "--check", "--wheel", str(wheel_file)]) == 0


def test_upgrade_regenerates_the_issue_forms_an_older_engine_wrote_so_ci_finds_them_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wheel_file: Path
) -> None:
    """After an engine upgrade that writes the forms differently, `forms --check` (run by CI) would fail:
    upgrade rewrites them, shows the change, deletes a left-over one and leaves the bureau's own forms alone."""
    from taizhang.host.issueforms import FOLDER, HEAD

    root = tmp_path / "ledger"
    assert main(["init", str(root), "--plan", str(PLANS["wutai-county-2024"]), "--wheel", str(wheel_file)]) == 0
    folder = root / FOLDER
    forms = sorted(folder.glob("*.yml"))
    older, missing = forms[0], forms[1]
    current = older.read_text(encoding="utf-8")
    older.write_text(current.replace("    label: ", "    title: ", 1), encoding="utf-8")  # as an older engine wrote it
    missing.unlink()
    (folder / "gone-monthly.yml").write_text(HEAD + "name: 已撤销单位的表单\n", encoding="utf-8")
    (folder / "bureau.yml").write_text("name: 本局自己的表单\n", encoding="utf-8")  # not written by taizhang forms
    capsys.readouterr()
    assert main(["--root", str(root), "forms", "--check"]) == 1

    assert main(["--root", str(root), "upgrade", "--check", "--wheel", str(wheel_file)]) == 1
    assert older.read_text(encoding="utf-8") != current  # --check writes nothing
    assert main(["--root", str(root), "upgrade", "--wheel", str(wheel_file)]) == 0
    out, err = capsys.readouterr()

    assert f"--- a/{FOLDER}/{older.name}" in out and "-    title: " in out and "+    label: " in out
    assert f"+++ b/{FOLDER}/{missing.name}" in out and f"--- a/{FOLDER}/gone-monthly.yml" in out
    assert "已更新 3 个文件" in err
    assert older.read_text(encoding="utf-8") == current and missing.is_file()
    assert not (folder / "gone-monthly.yml").exists()
    assert (folder / "bureau.yml").read_text(encoding="utf-8") == "name: 本局自己的表单\n"
    assert main(["--root", str(root), "forms", "--check"]) == 0
    assert main(["--root", str(root), "upgrade", "--check", "--wheel", str(wheel_file)]) == 0
    assert "工作流和填报表单无需更新" in capsys.readouterr().err


def test_every_link_in_a_new_ledgers_reminder_opens_a_page_its_site_or_repository_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wheel_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new bureau's 催办 issues: the footer sends clerks to the 填报说明 page of their own site (the
    bundled ledger's 填报指南, docs/guide.md, is not there), the template downloads are on the site as
    built for the same day, each 填报 link opens a new report file and each 修改 link a file that exists."""
    import json
    import os
    from urllib.parse import parse_qs, unquote, urlsplit

    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):  # the ledger begins on 2024-01-05
        monkeypatch.setenv(var, "2024-01-05T10:00:00+08:00")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root, repo, site = tmp_path / "ledger", "https://github.com/bureau/ledger", "https://bureau.github.io/ledger/"
    plan = str(PLANS["wutai-county-2024"])
    assert main(["init", str(root), "--plan", plan, "--url", repo, "--wheel", str(wheel_file)]) == 0
    fill(root)
    identity = ["-c", "user.name=维护人员", "-c", "user.email=it@example.org"]
    for args in (["add", "--all"], [*identity, "commit", "--quiet", "-m", "核对单位，填写账号"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    capsys.readouterr()

    assert main(["--root", str(root), "remind", "--as-of", "2024-03-13", "--format", "json"]) == 0
    actions = json.loads(capsys.readouterr().out)["actions"]
    assert main(["--root", str(root), "build", "--as-of", "2024-03-13"]) == 0

    bodies = [a["payload"]["body"] for a in actions if a["action"] == "create"]
    assert sorted(a["key"] for a in actions) == ["annual_plan/2024", "monthly/2024-02"]  # overdue; due soon
    for body in bodies:
        assert f"填报方法见[网站上的“填报说明”]({site}submit.html)" in body
        assert "guide.md" not in body
    found = {url for body in bodies for url in re.findall(r"\]\((https?://[^)\s]+)\)", body)}
    assert any(url.startswith(f"{repo}/new/main?") for url in found)
    for url in sorted(found):
        if url.startswith(site):
            assert (root / "site" / unquote(url.removeprefix(site))).is_file(), url
        elif url.startswith(f"{repo}/new/main?"):
            (filename,) = parse_qs(urlsplit(url).query)["filename"]
            assert filename.startswith("reports/") and not (root / filename).exists(), url
        else:
            assert url.startswith(f"{repo}/edit/main/"), url
            assert (root / unquote(url.removeprefix(f"{repo}/edit/main/"))).is_file(), url


def test_a_gitea_ledger_has_no_github_pages_workflow_and_no_guessed_site_address(
    tmp_path: Path, wheel_file: Path
) -> None:
    root = tmp_path / "ledger"
    args = ["--host", "gitea", "--url", "https://git.example.org/bureau/ledger/", "--wheel", str(wheel_file)]
    assert main(["init", str(root), "--plan", str(PLANS["wutai-county-2024"]), *args]) == 0
    workflows = sorted(p.name for p in (root / ".github" / "workflows").iterdir())
    assert workflows == ["automerge.yml", "checks.yml", "form.yml", "notify.yml", "remind.yml"]
    config = (root / "taizhang.yml").read_text(encoding="utf-8")
    assert "host: gitea" in config and "url: https://git.example.org/bureau/ledger\n" in config
    assert "site:\n  name:" in config and "github.io" not in config


def test_init_on_a_terminal_asks_for_the_name_host_and_address(tmp_path: Path, wheel_file: Path) -> None:
    import os
    import sys

    main_fd, terminal = os.openpty()
    os.write(main_fd, "晋中公路台账\ngitea\nhttps://git.example.org/jz/ledger\n".encode())
    plan = str(PLANS["jinzhong-2024-rural-roads"])
    command = [sys.executable, "-m", "taizhang", "init", "ledger", "--plan", plan, "--wheel", str(wheel_file)]
    done = subprocess.run(command, cwd=tmp_path, stdin=terminal, capture_output=True, text=True, check=False)
    os.close(terminal)
    os.close(main_fd)
    assert done.returncode == 0, done.stderr
    assert "网站名称" in done.stdout and "代码托管平台" in done.stdout and "仓库网址" in done.stdout
    config = (tmp_path / "ledger" / "taizhang.yml").read_text(encoding="utf-8")
    assert '"晋中公路台账"' in config and "host: gitea" in config and "git.example.org/jz/ledger" in config


def test_the_locked_dependencies_the_workflows_install_are_the_engines_own_pins() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (REPO / "src" / "taizhang" / "starter" / "engine.lock").read_text(encoding="utf-8").lower()
    for requirement in project["dependencies"]:
        name, version = requirement.split("#")[0].strip().split("==")
        normalized = re.sub(r"[-_.]+", "-", name.lower())
        pinned = f"{normalized}=={version}"
        assert re.search(rf"^{re.escape(pinned)} \\$", lock, re.M), f"{pinned}：请运行 scripts/lock-engine"
