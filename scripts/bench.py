"""Province-scale benchmark (not a test): each stage of the pipeline against a floor measured in the same run.

    scripts/bench [--units 1000] [--periods 60] [--json] [--full]        (make bench: the defaults)

Generates, or reuses from build/bench/, a province (scripts/gen-province) and one at 1/100th of its size
(units/10 x periods/10), then runs every stage as its own process, timing its wall clock and reading
its peak memory (ru_maxrss of the process, and the sum over its process tree sampled every 20 ms):

  validate        taizhang validate                   vs. reading + CSafeLoader over the same files, one process
  validate-pr     taizhang validate <one report>      vs. the same at 1/100th the size
  history-scan    taizhang.tracking.history.scan (in-process)  vs. git log --first-parent --name-only
  status          taizhang status (whole command)     for the pipeline's peak memory
  build-gen       taizhang build --no-mkdocs           vs. the mkdocs build that follows it; pages at both sizes
  pages           its page generation alone (in-process, after status.compute), vs. the same mkdocs build
  build           taizhang build as one command, as CI runs it (pages in a child process, then MkDocs), at
                  both sizes; then the site it wrote: its size, the search index (and gzipped), the largest
                  HTML page, and search recall on a fixed query set (benchsearch.py) against today's site's
  rebuild         taizhang build again after one report lands, against the full build

--site-only runs only the last two (to iterate on the site at a smaller size).

A stage whose command does not exist yet is reported as not yet available, so this runs at every commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import benchsearch
from benchproc import SPENT, Run, best, busy_jiffies, run

REPO = Path(__file__).resolve().parent.parent
GENERATOR = [REPO / "scripts" / n for n in ("gen_province.py", "province_data.py", "province_text.py")]
GENERATOR += [REPO / "mkdocs.yml", REPO / "docs" / "stylesheets" / "taizhang.css"]  # copied into the province
GIB = 1 << 30
MIB = 1 << 20
# Search recall of the site before issue 17 (commit 628ac73: every unit in the navigation, every year's reports
# on the unit's page), measured on benchsearch's query set at 100 units x 6 months (16/16, 10/10, 1/8): what the
# site must keep at that size (the 1/100 province of the default run). The province's size is printed beside.
RECALL_BEFORE = {"任务关键词": 1.0, "单位名称": 1.0, "进展文字": 0.125}
AS_OF = "2028-03-01"  # after the default province's last month (2027-12): every obligation decided
FLOOR = """
import os, sys, yaml
root = sys.argv[1]
paths = [os.path.join(root, n) for n in ("taizhang.yml", "calendar.yml") if os.path.isfile(os.path.join(root, n))]
for top in ("units", "groups", "tasks", "reports", "receipts"):
    for folder, dirs, files in os.walk(os.path.join(root, top)):
        paths += [os.path.join(folder, f) for f in files]
for path in paths:
    with open(path, "rb") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
print(len(paths))
"""
PAGES = """
import sys, time, datetime as dt
from pathlib import Path
from taizhang.site import build
from taizhang.tracking import status
root, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
started = time.perf_counter()
ledger, owed = status.compute(root, as_of)
computed = time.perf_counter()
build.publish(root, build.assemble(root, ledger, owed, as_of), root / "site")
print(computed - started, time.perf_counter() - computed)
"""
SCAN = """
import sys, time
from pathlib import Path
from taizhang.tracking import history
started = time.perf_counter()
landings = history.scan(Path(sys.argv[1]))
print(time.perf_counter() - started, len(landings))
"""


@dataclass
class Stage:
    name: str
    what: str
    seconds: float | None = None  # None: not available yet
    memory: int | None = None  # peak bytes, process tree
    cpu: float | None = None  # CPU seconds, all its processes
    floor: str = ""
    floor_seconds: float | None = None
    ratio: float | None = None
    budget: float | None = None
    note: str = ""
    unit: str = "×"  # how the ratio and budget are printed: a ratio, or an absolute figure (MiB, s, %)
    at_least: bool = False  # the budget is a floor (recall), not a ceiling

    @property
    def ok(self) -> bool | None:
        if self.note.startswith("退出码"):  # the command failed: its time says nothing
            return False
        if self.ratio is None or self.budget is None:
            return None
        return self.ratio >= self.budget if self.at_least else self.ratio <= self.budget


def province(units: int, periods: int, cache: Path, env: dict[str, str]) -> Path:
    """The generated repository for these sizes, made once and kept while the generator is unchanged."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in GENERATOR)).hexdigest()[:12]
    root = cache / f"province-{units}x{periods}"
    stamp = root / ".git" / "bench-generator"
    if stamp.is_file() and stamp.read_text() == digest:
        return root
    shutil.rmtree(root, ignore_errors=True)
    cmd = [sys.executable, str(GENERATOR[0]), "--units", str(units), "--periods", str(periods), "--out", str(root)]
    print(f"生成 {root} …", file=sys.stderr)
    subprocess.run(cmd, check=True, env=env, stdout=sys.stderr)
    stamp.write_text(digest)
    return root


def one_report(root: Path) -> str:
    last = sorted(p for p in (root / "reports").iterdir() if len(p.name) == 7)[-1]
    return sorted(last.glob("*.yml"))[0].relative_to(root).as_posix()


def has_command(env: dict[str, str], *args: str) -> str | None:
    """The help text of `taizhang <args> --help`, or None if there is no such command."""
    done = subprocess.run([sys.executable, "-m", "taizhang", *args, "--help"], env=env, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def stage_validate(big: Path, env: dict[str, str], times: int) -> list[Stage]:
    floors, fulls = [], []
    for _ in range(times):  # interleaved, so that a busy machine slows both alike
        floors.append(run([sys.executable, "-c", FLOOR, str(big)], big, env))
        fulls.append(run([sys.executable, "-m", "taizhang", "validate"], big, env))
    floor, full = min(floors, key=lambda r: r.seconds), min(fulls, key=lambda r: r.seconds)
    note = "" if full.code == 0 else f"退出码 {full.code}"
    return [
        Stage("floor-parse", "读取全部文件并用 CSafeLoader 解析（单进程，下限）", floor.seconds, floor.tree, floor.cpu),
        Stage("validate", "taizhang validate（全量校验）", full.seconds, full.tree, full.cpu, "floor-parse",
              floor.seconds, full.seconds / floor.seconds, 1.2, note),
    ]  # fmt: skip


def stage_pull_request(big: Path, small: Path, env: dict[str, str], times: int) -> list[Stage]:
    runs = []
    for root in (small, big):
        path = one_report(root)
        runs.append((path, best([sys.executable, "-m", "taizhang", "validate", path], root, env, times)))
    (small_path, s), (big_path, b) = runs
    return [
        Stage("validate-pr-small", f"taizhang validate {small_path}（1/100 规模）", s.seconds, s.tree, s.cpu),
        Stage("validate-pr", f"taizhang validate {big_path}（单个文件）", b.seconds, b.tree, b.cpu,
              "validate-pr-small", s.seconds, b.seconds / s.seconds, 1.5),
    ]  # fmt: skip


def stage_history(big: Path, env: dict[str, str], times: int) -> list[Stage]:
    log = ["git", "log", "--first-parent", "--name-only"]
    if subprocess.run([sys.executable, "-c", "from taizhang.tracking.history import scan"], env=env).returncode != 0:
        return [Stage("history-scan", "taizhang.tracking.history.scan", note="尚不可用")]
    run(log, big)  # warm the caches for both
    floor = best(log, big, env, times)
    scans = [run([sys.executable, "-c", SCAN, str(big)], big, env) for _ in range(times)]
    inner = min(float(r.out.split()[0]) for r in scans)
    landings = scans[0].out.split()[1]
    return [
        Stage("git-log", " ".join(log) + "（下限）", floor.seconds, floor.tree, floor.cpu),
        Stage("history-scan", f"taizhang.tracking.history.scan（进程内计时，{landings} 个文件）", inner,
              max(r.tree for r in scans), None, "git-log", floor.seconds, inner / floor.seconds, 2.0,
              f"含 Python 启动的整个进程 {min(r.seconds for r in scans):.2f} s"),
    ]  # fmt: skip


def stage_status(big: Path, env: dict[str, str]) -> list[Stage]:
    if has_command(env, "status") is None:
        return [Stage("status", "taizhang status", note="尚不可用")]
    done = run([sys.executable, "-m", "taizhang", "status", "--as-of", AS_OF, "--format", "json"], big, env)
    return [Stage("status", "taizhang status（整个命令：校验 + 历史 + 应报事项）", done.seconds, done.tree, done.cpu)]


def stage_build(big: Path, small: Path, env: dict[str, str]) -> list[Stage]:
    """Page generation vs. the mkdocs build that follows it, and the number of pages at both sizes.

    `taizhang build --no-mkdocs` writes build/docs and build/mkdocs.yml (after validation, history and
    obligations, as status does); then `mkdocs build` on them. Also timed in process: the pages alone."""
    text = has_command(env, "build")
    if text is None or "--no-mkdocs" not in text:
        return [Stage("build-gen", "taizhang build --no-mkdocs（页面生成）", note="尚不可用")]
    small_gen, small_pages = _generate(small, env)
    small_note = str(small_pages) if small_gen.code == 0 else f"失败，退出码 {small_gen.code}"
    gen, pages = _generate(big, env)
    if gen.code != 0:
        return [
            Stage("build-gen", "taizhang build --no-mkdocs", gen.seconds, gen.tree, gen.cpu, note=f"退出码 {gen.code}")
        ]
    shutil.rmtree(
        big / "build" / "cache", ignore_errors=True
    )  # the pages from scratch too (publish keeps downloads there)
    inner = run([sys.executable, "-c", PAGES, str(big), AS_OF], big, env)
    status_s, pages_s = (float(x) for x in inner.out.split()[:2])
    mk, size = _mkdocs(big, env)
    return [
        Stage("mkdocs", f"mkdocs build（{pages} 个页面{size}）", mk.seconds, mk.tree, mk.cpu,
              note="" if mk.code == 0 else f"退出码 {mk.code}"),
        Stage("build-gen", "taizhang build --no-mkdocs（校验 + 历史 + 应报事项 + 页面生成）", gen.seconds, gen.tree,
              gen.cpu, "mkdocs", mk.seconds, gen.seconds / mk.seconds, 0.5, f"页面数 {pages}（1/100 规模 {small_note}）"),
        Stage("pages", f"其中页面生成（进程内计时，不含 status.compute 的 {status_s:.1f} s）", pages_s, None, None,
              "mkdocs", mk.seconds, pages_s / mk.seconds, 0.5),
    ]  # fmt: skip


def stage_site(big: Path, small: Path, env: dict[str, str]) -> list[Stage]:
    """`taizhang build` as one command, as CI runs it, at both sizes; the site it wrote, measured."""
    stages, recalls = [], []
    for root, label in ((small, "1/100 规模"), (big, "")):
        shutil.rmtree(root / "build" / "cache", ignore_errors=True)  # a full build: nothing to reuse
        one = run([sys.executable, "-m", "taizhang", "build", "--as-of", AS_OF, "--out", str(root / "site")], root, env,
                  stderr=True)  # fmt: skip
        note = _workers(one.out) if one.code == 0 else f"退出码 {one.code}"
        if root is small:
            stages.append(Stage("build-small", f"taizhang build（{label}）", one.seconds, one.tree, one.cpu, note=note))
            recalls.append(_recall(root))
            continue
        stages.append(Stage("build", "taizhang build（一条命令：子进程生成页面，然后 mkdocs）", one.seconds, one.tree,
                            one.cpu, "", None, one.seconds, 120.0, note, unit=" s"))  # fmt: skip
        if one.code != 0:
            return stages
        got = benchsearch.sizes(root / "site")
        stages += [
            Stage("site-size", "网站大小", ratio=got.site / MIB, budget=150.0, unit=" MiB"),
            Stage("search-index", "搜索索引", ratio=got.index / MIB, budget=8.0, unit=" MiB",
                  note=f"gzip 压缩后 {got.index_gzip / MIB:.2f} MiB"),
            Stage("largest-html", f"最大的 HTML 页面（{got.largest_path}）", ratio=got.largest / MIB, budget=1.0,
                  unit=" MiB"),
        ]  # fmt: skip
        recalls.append(_recall(root))
    for group, before in RECALL_BEFORE.items():
        (small_found, small_asked), (found, asked) = (r.get(group, (0, 0)) for r in recalls)
        rate = found / asked if asked else 0.0
        small_rate = small_found / small_asked if small_asked else 0.0
        stages.append(Stage(f"recall-{len(stages)}", f"搜索召回率：{group}（{found}/{asked}；1/100 规模 "
                            f"{small_found}/{small_asked} = {small_rate:.0%}；今日网站 {before:.0%}）",
                            ratio=small_rate * 100, budget=before * 100, unit="%", at_least=True,
                            note=f"省级规模 {rate:.0%}"))  # fmt: skip
    return stages


def _recall(root: Path) -> dict[str, tuple[int, int]]:
    return benchsearch.recall(root / "site", benchsearch.queries(root))


def _workers(said: str) -> str:
    """How many processes rendered the pages, as `taizhang build` says it (share.py; one: MkDocs alone)."""
    found = re.search(r"由 (\d+) 个进程并行渲染", said)
    return f"{found.group(1) if found else 1} 个进程渲染页面"


def stage_rebuild(big: Path, full: Stage, env: dict[str, str]) -> list[Stage]:
    """`taizhang build` again after one report lands (a pull request merged on main), with the pages the full
    build left in build/cache (pages, read, made); the province is put back as it was afterwards."""
    if full.seconds is None or full.note.startswith("退出码"):  # the note also says how many processes rendered
        return [Stage("rebuild", "一份报告合并后重新构建", note="全量构建未完成，无从比较", floor="build", budget=0.5)]
    landed = _land_one_report(big, env)
    try:
        cmd = [sys.executable, "-m", "taizhang", "build", "--as-of", AS_OF, "--out", str(big / "site")]
        again = run(cmd, big, env, stderr=True)
    finally:
        git = ["git", "-C", str(big)]
        subprocess.run([*git, "reset", "-q", "--hard", "HEAD~1"], check=True)
        subprocess.run([*git, "branch", "-q", "-D", "bench-landing"], check=True)
    said = re.search(r"其中 (\d+) 个页面未改动.*?(\d+) 个页面重新生成", again.out)
    pages = f"MkDocs 沿用 {said[1]} 页、重新生成 {said[2]} 页" if said else "未沿用任何页面"
    note = f"退出码 {again.code}" if again.code else f"{landed}；{pages}"
    return [Stage("rebuild", "一份报告合并后重新构建（同一条 taizhang build）", again.seconds, again.tree, again.cpu,
                  "build", full.seconds, again.seconds / full.seconds, 0.5, note)]  # fmt: skip


def _land_one_report(root: Path, env: dict[str, str]) -> str:
    """A monthly report that was never filed (a unit's latest missing month), merged on main as a pull request."""
    months = sorted(p.name for p in (root / "reports").iterdir() if len(p.name) == 7)
    filed = {p.stem for p in (root / "reports" / months[-1]).glob("*.yml")}
    missing = (
        (p.stem, m) for m in reversed(months) for p in sorted((root / "reports" / months[-1]).glob("*.yml"))
        if p.stem in filed and not (root / "reports" / m / p.name).exists()
    )  # fmt: skip
    unit, month = next(missing, (None, months[-1]))
    when = {"GIT_AUTHOR_DATE": f"{AS_OF}T08:00:00+08:00", "GIT_COMMITTER_DATE": f"{AS_OF}T08:00:00+08:00"}
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    git = ["git", "-C", str(root), *who]
    subprocess.run([*git, "switch", "-q", "-c", "bench-landing"], check=True)
    if unit is None:  # every unit filed every month: a correction of the latest report lands instead
        path = sorted((root / "reports" / month).glob("*.yml"))[0]
        unit, text = path.stem, path.read_text(encoding="utf-8")
        path.write_text(text.replace('progress: "', 'progress: "（更正）', 1), encoding="utf-8")
    else:
        new = [sys.executable, "-m", "taizhang", "new", "report", "--unit", unit, "--period", month, "--example"]
        subprocess.run(new, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([*git, "add", "reports"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", f"{unit} {month} 月报"], check=True, env={**env, **when})
    subprocess.run([*git, "switch", "-q", "main"], check=True)
    subprocess.run([*git, "merge", "-q", "--no-ff", "-m", "Merge bench-landing", "bench-landing"], check=True,
                   env={**env, **when})  # fmt: skip
    return f"{unit} 的 {month} 月报"


def _mkdocs(root: Path, env: dict[str, str]) -> tuple[Run, str]:
    """`mkdocs build` of what `taizhang build --no-mkdocs` wrote; and the site's and search index's sizes."""
    with tempfile.TemporaryDirectory() as site:
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "build" / "mkdocs.yml"), "-d", site]
        done = run(cmd, root, env)
        index = Path(site) / "search" / "search_index.json"
        if not index.is_file():
            return done, ""
        total = sum(p.stat().st_size for p in Path(site).rglob("*") if p.is_file())
        return done, f"，网站 {total / 2**20:.0f} MiB，搜索索引 {index.stat().st_size / 2**20:.1f} MiB"


def _generate(root: Path, env: dict[str, str]) -> tuple[Run, int]:
    """`taizhang build --no-mkdocs` in `root`, and the number of Markdown pages it wrote: from scratch, as
    the full build is timed (build/cache, left by an earlier run, would spare it the parsing and the downloads)."""
    shutil.rmtree(root / "build" / "cache", ignore_errors=True)
    done = run([sys.executable, "-m", "taizhang", "build", "--no-mkdocs", "--as-of", AS_OF], root, env)
    return done, sum(1 for _ in (root / "build" / "docs").rglob("*.md"))


def report(stages: list[Stage], big: Path, small: Path, others: float) -> tuple[str, bool]:
    lines = [
        f"仓库：{big}（对照：{small}）",
        f"本机 {os.cpu_count()} 核；测量期间其他进程平均占用约 {others:.1f} 核",
        "",
    ]
    lines.append(f"{'阶段':<20}{'耗时':>10}{'CPU':>10}{'峰值内存':>12}  {'对照':<18}{'比值':>7}{'预算':>7}  说明")
    for s in stages:
        took = "—" if s.seconds is None else f"{s.seconds:.2f} s"
        memory = "—" if s.memory is None else f"{s.memory / 2**20:.0f} MiB"
        cpu = "" if s.cpu is None else f"{s.cpu:.2f} s"
        ratio = "" if s.ratio is None else f"{s.ratio:.2f}{s.unit}"
        budget = "" if s.budget is None else f"{'≥' if s.at_least else '≤'}{s.budget:g}{s.unit.strip()}"
        verdict = {True: "✓", False: "✗ 失败" if s.note.startswith("退出码") else "✗ 超出预算", None: ""}[s.ok]
        lines.append(f"{s.name:<22}{took:>10}{cpu:>10}{memory:>12}  {s.floor:<20}{ratio:>7}{budget:>7}  "
                     f"{' '.join(x for x in (verdict, s.note, s.what) if x)}")  # fmt: skip
    pipeline = [s for s in stages if s.name in ("validate", "status", "build-gen", "mkdocs", "build") and s.memory]
    peak = max((s.memory for s in pipeline if s.memory), default=0)
    ok = all(s.ok is not False for s in stages) and peak <= GIB
    lines += ["", f"整个流程的峰值内存（各阶段进程树的最大值）：{peak / 2**20:.0f} MiB（预算 ≤ 1024 MiB）"]
    lines.append("全部在预算之内。" if ok else "有阶段超出预算（✗）。")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="省级规模性能基准（不是测试）")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--periods", type=int, default=60)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--repeat", type=int, default=3, help="短阶段重复次数，取最快一次（默认 3）")
    parser.add_argument("--rounds", type=int, default=2, help="全量校验与其下限交替运行的轮数（默认 2）")
    parser.add_argument("--cache", default=str(REPO / "build" / "bench"), help="生成的仓库存放处")
    parser.add_argument("--full", action="store_true", help="（已是默认）计时一条命令完成的 taizhang build")
    parser.add_argument("--site-only", action="store_true", help="只运行网站的各项：一条命令的构建、大小和搜索召回率")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    cache = Path(args.cache)
    if subprocess.run([sys.executable, "-c", "import taizhang.cli, git, mkdocs"], env=env).returncode != 0:
        raise SystemExit(
            f"{sys.executable} 无法导入 taizhang 及其依赖；请用 make bench，或设置 PYTHON=<已安装依赖的 Python>"
        )
    big = province(args.units, args.periods, cache, env)
    small = province(max(1, args.units // 10), max(1, args.periods // 10), cache, env)
    ticks, started = busy_jiffies(), time.perf_counter()
    stages = (
        []
        if args.site_only
        else stage_validate(big, env, args.rounds) + stage_pull_request(big, small, env, args.repeat)
    )
    if not args.site_only:
        stages += stage_history(big, env, args.repeat) + stage_status(big, env) + stage_build(big, small, env)
    site = stage_site(big, small, env)
    stages += site + stage_rebuild(big, next(s for s in site if s.name == "build"), env)
    others = max(0.0, (busy_jiffies() - ticks) / os.sysconf("SC_CLK_TCK") - sum(SPENT)) / (
        time.perf_counter() - started
    )
    text, ok = report(stages, big, small, others)
    if args.json:
        payload = {"repository": str(big), "small": str(small), "ok": ok, "other_load_cores": round(others, 2),
                   "stages": [{**asdict(s), "ok": s.ok} for s in stages]}  # fmt: skip
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
