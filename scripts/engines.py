"""The site engines side by side (issue 17): the same generated pages built by MkDocs, ProperDocs and Zensical.

    scripts/engines [REPO] [--as-of 2028-03-01] [--engines mkdocs,properdocs,zensical,zensical-classic] [--browse 40] [--json]

Runs `taizhang build --no-mkdocs --as-of …` once in REPO (default: this repository), then builds the same
build/docs with build/mkdocs.yml by each engine's own command, as a maintainer would run it: only the site
folder differs (each writes to REPO/build/engine-sites/<engine>/: Zensical wants it inside the config's folder). Each engine lives in its own
virtual environment, made on first use from the package index with only what it needs:

  mkdocs      the project's .venv (mkdocs and mkdocs-material at the versions pinned in pyproject.toml)
  properdocs  build/engines/properdocs: properdocs, with the project's mkdocs-material and jieba
  zensical    build/engines/zensical: zensical==0.0.73 (it brings its own Material theme and search)

For each: the version, whether it built (and why not), wall time, CPU time (user + system), peak memory of its
process tree, the site's size, its HTML pages, pages missing or extra against MkDocs, pages whose visible text
(the <article>, whitespace normalised) differs from MkDocs' (the first few shown), the search index (size, and
benchsearch's fixed query set: found in the text, and found as the start of a word as the browser cuts it),
and the external hosts any page loads from (the site must work offline). Other processes' CPU during each
build is printed too: on a shared machine the CPU time is the figure to compare.

Not a test: a measurement for docs/performance.md (引擎对比).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import benchsearch
import enginesite
import yaml
from benchproc import Run, busy_jiffies, run

REPO = Path(__file__).resolve().parent.parent
HOME = REPO / "build" / "engines"
AS_OF = "2028-03-01"  # scripts/bench's: after the default province's last month
SHOWN = 5  # differing pages listed per engine


def _pins() -> dict[str, str]:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {d.split("==")[0].strip(): d for d in (d.split("#")[0].strip() for d in deps) if "==" in d}


PINS = _pins()


@dataclass(frozen=True)
class Engine:
    name: str
    packages: tuple[str, ...]  # what its venv installs; () = the project's own .venv
    command: tuple[str, ...]  # its build command; {config} is the engine's copy of build/mkdocs.yml
    dist: str  # the distribution whose version is printed
    settings: tuple[tuple[str, str, str], ...] = ()  # (section, key, value) set in its copy of build/mkdocs.yml


ENGINES = (
    Engine("mkdocs", (), ("mkdocs", "build", "-f", "{config}"), "mkdocs"),
    Engine(
        "properdocs",
        ("properdocs", PINS["mkdocs-material"], PINS["jieba"]),
        ("properdocs", "build", "-f", "{config}"),
        "properdocs",
    ),
    Engine("zensical", ("zensical==0.0.73",), ("zensical", "build", "--clean", "-f", "{config}"), "zensical"),
    # the same, with the look of Material for MkDocs instead of Zensical's own (theme.variant)
    Engine(
        "zensical-classic",
        ("zensical==0.0.73",),
        ("zensical", "build", "--clean", "-f", "{config}"),
        "zensical",
        (("theme", "variant", "classic"),),
    ),
)


@dataclass
class Result:
    engine: str
    version: str = ""
    built: bool = False
    why: str = ""
    seconds: float = 0.0
    cpu: float = 0.0
    peak: int = 0
    others: float = 0.0  # cores used by other processes meanwhile
    warnings: int = 0
    said: list[str] = field(default_factory=list)  # its first warnings
    size: int = 0
    pages: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    shown: list[tuple[str, str, str]] = field(default_factory=list)  # page, MkDocs' text, this engine's (cut)
    index: str = ""
    index_size: int = 0
    search: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> (in the index text, asked)
    browser: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> (in the first ten results, asked)
    hosts: dict[str, int] = field(default_factory=dict)


def venv(engine: Engine) -> Path:
    """The engine's virtual environment, made (from the package index, its packages only) on first use."""
    if not engine.packages:
        return REPO / ".venv"
    home = HOME / engine.dist
    stamp = home / "installed.txt"
    wanted = "\n".join(engine.packages)
    if stamp.is_file() and stamp.read_text() == wanted:
        return home
    shutil.rmtree(home, ignore_errors=True)
    print(f"安装 {engine.name} 到 {home} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
    pip = [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", *engine.packages]
    done = subprocess.run(pip, stdout=sys.stderr)
    if done.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        raise RuntimeError(f"pip install {' '.join(engine.packages)} 失败（退出码 {done.returncode}）")
    stamp.write_text(wanted)
    return home


def version(home: Path, dist: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    done = subprocess.run([str(home / "bin" / "python"), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def engine_config(root: Path, engine: Engine, site: Path) -> Path:
    """build/mkdocs.yml with the engine's own site folder, beside it (INHERIT and docs_dir are relative)."""
    settings = yaml.safe_load((root / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["site_dir"] = str(site)
    for section, key, value in engine.settings:
        settings.setdefault(section, {})[key] = value
    path = root / "build" / f"engine-{engine.name}.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_with(root: Path, engine: Engine, site: Path) -> tuple[Result, enginesite.Survey | None]:
    result = Result(engine.name)
    try:
        home = venv(engine)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        result.why = f"未能安装：{exc}"
        return result, None
    result.version = version(home, engine.dist)
    shutil.rmtree(site, ignore_errors=True)
    config = engine_config(root, engine, site)
    program, *args = engine.command
    cmd = [str(home / "bin" / program), *(str(config) if a == "{config}" else a for a in args)]
    print(f"{engine.name} {result.version}：{' '.join(cmd)}", file=sys.stderr)
    ticks = busy_jiffies()
    done: Run = run(cmd, root, {**os.environ, "PYTHONPATH": ""}, stderr=True)
    spent = (busy_jiffies() - ticks) / os.sysconf("SC_CLK_TCK")
    result.seconds, result.cpu, result.peak = done.seconds, done.cpu, done.tree
    result.others = max(0.0, spent - done.cpu) / max(done.seconds, 1e-9)
    said = [line.strip() for line in done.out.splitlines() if "warning" in line.lower() or "error" in line.lower()]
    result.warnings, result.said = len(said), said[:3]
    if done.code != 0 or not site.is_dir():
        tail = [line for line in done.out.splitlines() if line.strip()][-3:]
        result.why = f"退出码 {done.code}：" + " / ".join(tail)
        return result, None
    result.built = True
    found = enginesite.survey(site)
    result.size, result.pages, result.hosts = found.size, len(found.pages), found.hosts
    if found.index is not None:
        result.index, result.index_size = found.index.path, found.index.size
    return result, found


def compare(result: Result, found: enginesite.Survey, base: enginesite.Survey, site: Path, base_site: Path) -> None:
    """Pages missing, extra and differing in text against MkDocs' site."""
    result.missing = sorted(set(base.pages) - set(found.pages))
    result.extra = sorted(set(found.pages) - set(base.pages))
    result.missing += sorted(base.others - found.others)  # files the pages link to, the sitemap
    result.extra += sorted(found.others - base.others)
    result.differing = sorted(p for p in set(base.pages) & set(found.pages) if base.pages[p] != found.pages[p])
    for page in result.differing[:SHOWN]:
        ours, theirs = enginesite.article(base_site / page), enginesite.article(site / page)
        at = next(
            (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), min(len(ours), len(theirs))
        )
        start = max(0, at - 30)
        result.shown.append((page, ours[start : at + 50], theirs[start : at + 50]))


def table(results: list[Result], root: Path, pages: int, gen: Run) -> str:
    mib = 1 << 20
    lines = [
        f"仓库 {root}，{pages} 个 Markdown 页面（taizhang build --no-mkdocs：{gen.seconds:.1f} s，CPU {gen.cpu:.1f} s）",
        "",
        "| 引擎 | 版本 | 能否构建 | 耗时 | CPU | 峰值内存 | 同时其他进程 | 网站大小 | HTML 页面 | 缺少 / 多出 | 文字不同 | 搜索索引 | 索引中有 | 浏览器搜索前 10 条 | 外部请求 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if not r.built:
            lines.append(f"| {r.engine} | {r.version} | 不能：{r.why} | | | | | | | | | | | | |")
            continue
        search = "；".join(f"{g} {a}/{n}" for g, (a, n) in r.search.items()) or "—"
        browser = "；".join(f"{g} {a}/{n}" for g, (a, n) in r.browser.items()) or "—"
        index = f"{r.index} {r.index_size / mib:.2f} MiB" if r.index else "无"
        hosts = "、".join(f"{h}（{n} 页）" for h, n in sorted(r.hosts.items())) or "无"
        lines.append(
            f"| {r.engine} | {r.version} | 能（警告 {r.warnings} 行） | {r.seconds:.1f} s | {r.cpu:.1f} s | "
            f"{r.peak / mib:.0f} MiB | {r.others:.1f} 核 | {r.size / mib:.1f} MiB | {r.pages} | "
            f"{len(r.missing)} / {len(r.extra)} | {len(r.differing)} | {index} | {search} | {browser} | {hosts} |"
        )
    for r in results:
        for line in r.said:
            lines.append(f"\n{r.engine} 的警告：{line[:300]}")
        for label, items in (("缺少", r.missing), ("多出", r.extra), ("文字不同", r.differing)):
            if items:
                lines.append(
                    f"\n{r.engine} {label}的页面（{len(items)}）：{'、'.join(items[:10])}{' …' if len(items) > 10 else ''}"
                )
        for page, ours, theirs in r.shown:
            lines.append(f"  {page}\n    MkDocs：…{ours}…\n    {r.engine}：…{theirs}…")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="同一批页面分别用 MkDocs、ProperDocs、Zensical 构建并比较（不是测试）")
    parser.add_argument("repo", nargs="?", default=str(REPO), help="台账仓库（默认本仓库）")
    parser.add_argument("--as-of", default=AS_OF, help=f"数据截至日期（默认 {AS_OF}，与 scripts/bench 相同）")
    parser.add_argument("--engines", default=",".join(e.name for e in ENGINES), help="逗号分隔，第一个作为基准")
    parser.add_argument("--no-generate", action="store_true", help="沿用已有的 build/docs 和 build/mkdocs.yml")
    parser.add_argument(
        "--browse", type=int, default=40, help="在无头 chromium 中实际搜索的查询数（默认 40，0 为不搜）"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    args = parser.parse_args(argv)
    root = Path(args.repo).resolve()
    chosen = [next(e for e in ENGINES if e.name == n) for n in args.engines.split(",")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "taizhang", "build", "--no-mkdocs", "--as-of", args.as_of]
    gen = Run(0.0, 0, 0, 0, 0.0) if args.no_generate else run(cmd, root, env, stderr=True)
    if gen.code != 0:
        print(f"taizhang build --no-mkdocs 失败（退出码 {gen.code}）：\n{gen.out}", file=sys.stderr)
        return 2
    pages = sum(1 for _ in (root / "build" / "docs").rglob("*.md"))
    asked = benchsearch.queries(root) + _short_names(root)
    sites = root / "build" / "engine-sites"
    results: list[Result] = []
    base: tuple[enginesite.Survey, Path] | None = None
    for engine in chosen:
        started = time.perf_counter()
        site = sites / engine.name
        result, found = build_with(root, engine, site)
        if found is not None:
            if found.index is not None:
                result.search = enginesite.found(found.index, asked)
                if args.browse:
                    result.browser = enginesite.browse(site, found.index.kind, _sample(asked, args.browse))
            if base is None:
                base = (found, site)
            else:
                compare(result, found, base[0], site, base[1])
        results.append(result)
        print(f"{engine.name}：{time.perf_counter() - started:.0f} s（含比较）", file=sys.stderr)
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
    else:
        print(table(results, root, pages, gen))
    return 0


def _sample(asked: list[benchsearch.Query], most: int) -> list[benchsearch.Query]:
    """At most `most` queries, spread evenly over each group's (a province asks hundreds; each takes a second)."""
    groups: dict[str, list[benchsearch.Query]] = {}
    for q in asked:
        groups.setdefault(q.group, []).append(q)
    share = max(1, most // max(1, len(groups)))
    return [q for qs in groups.values() for q in qs[:: max(1, -(-len(qs) // share))]]


def _short_names(root: Path) -> list[benchsearch.Query]:
    """A unit searched by the first two characters of its name, as the public types it (五寨 for 五寨县)."""
    out = []
    for path in sorted((root / "units").glob("*.yml")):
        unit = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) or {}
        name = str(unit.get("name", ""))
        if unit.get("kind") == "county" and len(name) > 2 and name.startswith("五寨"):
            out.append(benchsearch.Query("单位简称", name[:2], f"units/{unit['id']}.html"))
    return out


if __name__ == "__main__":
    sys.exit(main())
