"""Generate a synthetic province-scale ledger repository with a real git history of merged pull requests.

    scripts/gen-province --units 1000 --periods 60 --out /tmp/province

The repository holds a registry of about --units units (province offices and affiliated units, cities
with their counties), one plan per year (the bundled 2023 plan generalised, January to December), a
monthly report per reporting unit and month, annual plans and summaries of the city and county
bureaus; its history is pull requests merged into main with GitHub's merge button (a branch commit
and a merge commit each, main following first parents), at increasing Beijing times: most units'
reports arrive with their city's pull request in the first three days of the next month, a few late
one by one, a few amended later, a few never. Written with `git fast-import`, then checked out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(REPO / "src"))

import province_data as pd  # noqa: E402
import province_text as pt  # noqa: E402

BEIJING = dt.timezone(dt.timedelta(hours=8))
LATE, AMEND, MISSING = 0.005, 0.002, 0.002  # shares of monthly reports
SITE = ("mkdocs.yml", "docs/stylesheets/taizhang.css")  # the site's settings, as a deployment copies them


@dataclass(order=True)
class Pull:
    """One pull request, merged at `when` (Unix seconds)."""

    when: int
    seq: int
    title: str = field(compare=False)
    account: str = field(compare=False)
    branch: str = field(compare=False)
    files: dict[str, str] = field(compare=False)


@dataclass
class Province:
    units: list[pd.Unit]
    years: list[int]
    periods: list[str]
    pulls: list[Pull] = field(default_factory=list)
    initial: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def months(start: str, count: int) -> list[str]:
    y, m = map(int, start.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def at(year: int, month: int, day: int, rng: random.Random) -> int:
    """A working-hours moment of that day, Beijing time, as Unix seconds."""
    if month > 12:
        year, month = year + 1, month - 12
    moment = dt.datetime(year, month, day, 9, 0, tzinfo=BEIJING) + dt.timedelta(seconds=rng.randint(0, 8 * 3600))
    return int(moment.timestamp())


def plan_of(year: int) -> tuple[str, str]:
    return f"{year}年交通运输绿色低碳发展工作要点", f"示交发〔{year}〕{10 + year % 7}号"


def build(units: int, periods: int, start: str, seed: int, batch: int) -> Province:
    rng = random.Random(seed)
    registry = pd.build_units(units, rng)
    spans = months(start, periods)
    years = sorted({int(p[:4]) for p in spans})
    province = Province(registry, years, spans)
    bundled = pd.read_bundled_tasks(REPO)
    titles = {k: (str(v["number"]), str(v["title"])) for k, v in bundled.items()}
    names = {u.id: u.name for u in registry} | {k: v[0] for k, v in pd.GROUPS.items()}
    province.initial = {"taizhang.yml": pd.config_text(), "README.md": _readme(units, periods)}
    province.initial |= {path: (REPO / path).read_text(encoding="utf-8") for path in SITE}
    province.initial[".gitignore"] = "/build/\n/site/\n"
    province.initial |= {f"units/{u.id}.yml": pd.unit_text(u) for u in registry}
    province.initial |= pd.group_texts() | pd.plan_files(years[0], bundled, names)
    seq = iter(range(1, 10**9))
    for year in years[1:]:
        files = pd.plan_files(year, bundled, names)
        province.pulls.append(
            Pull(at(year, 1, 16, rng), next(seq), f"{year}年工作要点", "sj-yunshu", f"plan-{year}", files)
        )
    reporting = [u for u in registry if u.reports() and u.tasks]
    batches = _batches(reporting, batch)
    for period in spans:
        _monthly(province, rng, seq, period, batches, titles)
    for year in years:
        _annual(province, rng, seq, year, batches, titles)
    province.pulls.sort()
    return province


def _batches(units: list[pd.Unit], size: int) -> list[list[pd.Unit]]:
    """Each city's units in chunks of about `size` (the city bureau gathers and submits them)."""
    by_city: dict[str, list[pd.Unit]] = {}
    for unit in units:
        by_city.setdefault(unit.city, []).append(unit)
    out = []
    for members in by_city.values():
        parts = max(1, round(len(members) / size))
        step = -(-len(members) // parts)
        out += [members[i : i + step] for i in range(0, len(members), step)]
    return out


def _monthly(province: Province, rng: random.Random, seq, period: str, batches, titles) -> None:  # type: ignore[no-untyped-def]
    year, month = int(period[:4]), int(period[5:7])
    plan = plan_of(year)
    counts = province.counts
    for members in batches:
        files: dict[str, str] = {}
        merged = at(year, month + 1, rng.randint(1, 3), rng)
        for unit in members:
            path = f"reports/{period}/{unit.id}.yml"
            study = "counties" in unit.groups or "cities" in unit.groups
            text = pt.monthly(rng, unit, period, titles, plan, study)
            draw = rng.random()
            if draw < MISSING:
                counts["missing"] = counts.get("missing", 0) + 1
                continue
            counts["monthly"] = counts.get("monthly", 0) + 1
            landed = merged
            if draw < MISSING + LATE:
                landed = merged + rng.randint(3, 40) * 86400
                title = f"{unit.name} {year}年{month}月月报（补报）"
                province.pulls.append(Pull(landed, next(seq), title, unit.account, f"report-{period}", {path: text}))
                counts["late"] = counts.get("late", 0) + 1
            else:
                files[path] = text
            if rng.random() < AMEND:
                amended = pt.monthly(rng, unit, period, titles, plan, study, amended=True)
                when = landed + rng.randint(2, 40) * 86400
                title = f"{unit.name} {year}年{month}月月报（更正）"
                province.pulls.append(Pull(when, next(seq), title, unit.account, f"fix-{period}", {path: amended}))
                counts["amended"] = counts.get("amended", 0) + 1
        if files:
            who = members[0]
            title = f"{who.name}等 {len(files)} 个单位 {year}年{month}月月报"
            province.pulls.append(Pull(merged, next(seq), title, who.account, f"report-{period}", files))


def _annual(province: Province, rng: random.Random, seq, year: int, batches, titles) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(year)
    whole_year = f"{year}-12" in province.periods
    for members in batches:
        bureaus = [u for u in members if any(g in pd.ANNUAL for g in u.groups)]
        if not bureaus:
            continue
        who = bureaus[0]
        plans = {f"reports/{year}/annual_plan/{u.id}.yml": pt.annual_plan(rng, u, year, titles, plan) for u in bureaus}
        when = at(year, 2 + rng.randint(0, 1), rng.randint(1, 28), rng)
        province.pulls.append(
            Pull(when, next(seq), f"{who.name}等 {year}年度工作要点备案", who.account, f"plan-{year}", plans)
        )
        province.counts["annual_plan"] = province.counts.get("annual_plan", 0) + len(plans)
        if whole_year:
            sums = {
                f"reports/{year}/annual_summary/{u.id}.yml": pt.annual_summary(rng, u, year, titles, plan)
                for u in bureaus
            }
            when = at(year, 13, rng.randint(5, 28), rng)
            province.pulls.append(
                Pull(when, next(seq), f"{who.name}等 {year}年度工作总结", who.account, f"summary-{year}", sums)
            )
            province.counts["annual_summary"] = province.counts.get("annual_summary", 0) + len(sums)


def _readme(units: int, periods: int) -> str:
    return (
        f"# {pd.PROVINCE}交通运输绿色低碳发展工作台账（示例数据）\n\n"
        f"由 `scripts/gen-province --units {units} --periods {periods}` 生成的省级规模性能测试仓库，"
        "全部内容均为示例数据。\n"
    )


class FastImport:
    """A `git fast-import` stream: blobs and commits written as they come, marks counted here."""

    def __init__(self, out: Path) -> None:
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE)
        assert self.proc.stdin is not None
        self.stream = self.proc.stdin
        self.mark = 0
        self.commits = 0
        self.bytes = 0

    def _next(self) -> int:
        self.mark += 1
        return self.mark

    def blob(self, text: str) -> int:
        data = text.encode("utf-8")
        self.bytes += len(data)
        mark = self._next()
        self.stream.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        return mark

    def commit(self, ref: str, who: str, when: int, message: str, parents: list[int], files: dict[str, int]) -> int:
        mark = self._next()
        self.commits += 1
        body = message.encode("utf-8")
        lines = [
            f"commit {ref}",
            f"mark :{mark}",
            f"author {who} {when} +0800",
            f"committer {who} {when} +0800",
        ]
        lines += [f"data {len(body)}"]
        head = "\n".join(lines).encode("utf-8") + b"\n" + body + b"\n"
        tail = [f"from :{parents[0]}"] if parents else []
        tail += [f"merge :{p}" for p in parents[1:]]
        tail += [f"M 100644 :{blob} {path}" for path, blob in sorted(files.items())]
        self.stream.write(head + "".join(line + "\n" for line in tail).encode("utf-8") + b"\n")
        return mark

    def close(self) -> None:
        self.stream.write(b"done\n")
        self.stream.close()
        if self.proc.wait() != 0:
            raise SystemExit("git fast-import failed")


def _person(account: str) -> str:
    return f"{account} <{account}@users.noreply.github.com>"


def write(province: Province, out: Path) -> FastImport:
    """Write the history: the registry and first plan, then each pull request as branch commit + merge."""
    git = FastImport(out)
    first = province.pulls[0].when if province.pulls else 0
    start = min(first - 86400, at(province.years[0], 1, 16, random.Random(0)))
    blobs = {path: git.blob(text) for path, text in province.initial.items()}
    tip = git.commit("refs/heads/main", _person("sj-maintainer"), start, "初始化：单位名录、分组和工作要点", [], blobs)
    last = start
    for number, pull in enumerate(province.pulls, 1):
        blobs = {path: git.blob(text) for path, text in pull.files.items()}
        merged = max(pull.when, last + 2)
        opened = max(last + 1, merged - 3600 * (1 + number % 30))
        branch = git.commit("refs/heads/pr", _person(pull.account), opened, pull.title, [tip], blobs)
        message = f"Merge pull request #{number} from {pull.account}/{pull.branch}\n\n{pull.title}"
        tip = git.commit("refs/heads/main", _person("sj-yunshu"), merged, message, [tip, branch], blobs)
        last = merged
    git.close()
    return git


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成省级规模的示例台账仓库（性能测试用）")
    parser.add_argument("--units", type=int, default=1000, help="单位数（含厅机关处室），默认 1000")
    parser.add_argument("--periods", type=int, default=60, help="月报月份数，默认 60（2023-01 起）")
    parser.add_argument("--out", required=True, help="输出目录（不存在或为空）")
    parser.add_argument("--start", default="2023-01", help="第一个报送月份，默认 2023-01")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=25, help="每个拉取请求大约包含的单位数")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        parser.error(f"{out} 已存在且不为空")
    began = time.perf_counter()
    province = build(args.units, args.periods, args.start, args.seed, args.batch)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    for key, value in (("gc.auto", "0"), ("user.name", "gen-province"), ("user.email", "gen@example.org")):
        subprocess.run(["git", "config", key, value], cwd=out, check=True)
    git = write(province, out)
    subprocess.run(["git", "update-ref", "-d", "refs/heads/pr"], cwd=out, check=True)
    subprocess.run(["git", "-c", "checkout.workers=0", "reset", "-q", "--hard"], cwd=out, check=True)
    _summary(province, git, out, time.perf_counter() - began)
    return 0


def _summary(province: Province, git: FastImport, out: Path, seconds: float) -> None:
    c = province.counts
    reports = c.get("monthly", 0) + c.get("annual_plan", 0) + c.get("annual_summary", 0)
    reporting = sum(1 for u in province.units if u.reports())
    print(f"已生成 {out}（{seconds:.1f} 秒）")
    years = f"{province.years[0]}–{province.years[-1]}"
    print(f"  单位 {len(province.units)} 个（报送单位 {reporting} 个），分组 {len(pd.GROUPS)} 个，"
          f"工作要点 {len(province.years)} 份（{years}），每份任务 {len(pd.ROLES)} 项")  # fmt: skip
    span = f"{province.periods[0]} 至 {province.periods[-1]}"
    print(f"  报告 {reports} 份：月报 {c.get('monthly', 0)}（{span}，"
          f"其中补报 {c.get('late', 0)}、未报 {c.get('missing', 0)}、更正 {c.get('amended', 0)}），"
          f"年度工作要点备案 {c.get('annual_plan', 0)}，年度工作总结 {c.get('annual_summary', 0)}")  # fmt: skip
    print(f"  提交 {git.commits} 个（拉取请求 {len(province.pulls)} 个，每个一次提交加一次合并），"
          f"写入内容 {git.bytes / 2**20:.1f} MiB")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
