"""`taizhang init DIR --plan 文件.txt`: a new ledger repository from a plan's text, ready to push.

The plan and tasks come from the importer; the unit registry is drafted from the names the plan writes
(taizhang.starter.registry); the settings, README, pinned engine and workflows from taizhang.starter.files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang import importer
from taizhang.data import layout, repository
from taizhang.errors import FatalError
from taizhang.host import codeowners, gitinit, issueforms
from taizhang.importer import files as import_files
from taizhang.importer.names import Registry
from taizhang.starter import engine, files, registry
from taizhang.starter.files import Settings

HOSTS = ("github", "gitea")


def run(
    target: str, plan: str, name: str | None, host: str | None, url: str | None, wheels: list[str], year: int | None
) -> int:
    out = Path(target).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FatalError(f"{target} 已存在且不是空目录；taizhang init 只在新目录或空目录中创建台账仓库")
    source = Path(plan)
    text = import_files.read_text(source)
    names = importer.import_plan(text, Registry((), ()), year)  # every name unmatched: the names as written
    draft = registry.draft([u.name for u in names.unmatched])
    result = importer.import_plan(text, draft.registry(), year)
    settings = ask(name or None, host, url, str(result.plan["title"]))
    pinned = engine.current(wheels)
    write_ledger(out, result, draft, settings, pinned)
    ledger = repository.load(out, only=[]).ledger
    (out / codeowners.PATH).write_text(codeowners.render(ledger), encoding="utf-8")
    for rel, form in issueforms.render_all(ledger).items():  # typed issue forms; CI runs forms --check
        (out / rel).write_text(form, encoding="utf-8")
    gitinit.first_commit(out, settings.branch, f"taizhang init：《{result.plan['title']}》的台账")
    for line in import_files.report(source, result, out / "tasks" / str(result.plan["year"]), []):
        print(line, file=sys.stderr)
    print(
        f"已在 {out} 创建台账仓库：{len(draft.units)} 个单位、{len(draft.groups)} 个分组（待确认），"
        f"{len(result.tasks)} 项任务，taizhang {pinned.version}。下一步：运行 taizhang --root {target} validate，"
        "按提示核对单位、填写账号和维护人员（见仓库中的 README.md）。",
        file=sys.stderr,
    )
    return 0


def ask(name: str | None, host: str | None, url: str | None, title: str) -> Settings:
    """The options not given: asked on a terminal, else defaults (the address marked 待填写)."""
    interactive = sys.stdin.isatty()
    default_name = f"{title}台账"
    if name is None:
        name = _prompt("网站名称", default_name) if interactive else default_name
    if host is None:
        host = _prompt("代码托管平台（github 或 gitea）", "github") if interactive else "github"
    if host not in HOSTS:
        raise FatalError(f"代码托管平台应为 github 或 gitea，而不是 {host}")
    placeholder = "https://github.com/待填写/待填写" if host == "github" else "https://待填写/待填写/待填写"
    if url is None:
        url = _prompt("仓库网址（如 https://github.com/组织/仓库）", placeholder) if interactive else placeholder
    url = url.rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise FatalError(f"仓库网址应以 https:// 开头，如 https://github.com/组织/仓库，而不是 {url}")
    return Settings(name=name, host=host, url=url)


def _prompt(question: str, default: str) -> str:
    try:
        answer = input(f"{question} [{default}]：").strip()
    except EOFError:
        answer = ""
    return answer or default


def write_ledger(
    out: Path, result: importer.Imported, draft: registry.Draft, settings: Settings, pinned: files.Engine
) -> None:
    site = settings.site_url()
    schema = {kind: layout.schema_ref(out, f"{kind}s/x.yml", kind, site) for kind in ("unit", "group")}
    texts = files.registry_files(draft, schema)
    texts["taizhang.yml"] = files.config_yaml(settings, layout.schema_ref(out, "taizhang.yml", "config", site))
    texts["README.md"] = files.readme(settings, str(result.plan["title"]), len(draft.units), len(draft.groups))
    texts[".gitignore"] = files.GITIGNORE
    texts.update(files.engine_files(settings, pinned))
    tasks = out / "tasks" / str(result.plan["year"])
    for name, text in import_files.render_files(out, tasks, result, site).items():
        texts[f"tasks/{result.plan['year']}/{name}"] = text
    for rel, text in texts.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
