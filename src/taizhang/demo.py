"""`taizhang demo`: a throwaway repository that replays a reporting season with backdated commits.

The ledger (units, groups, tasks, calendar, site files) lands first, before the plan; then each
unit's reports arrive as pull requests merged on main (first-parent history, as GitHub's merge
button makes it): most on time, some a few days late, a few never, some amended later, and one
received on paper and recorded by the reviewing office. Report texts come from
`templates.render(..., example=True)` and are marked 示例数据. Deterministic for a given seed, and
written in one `git fast-import` stream, so a season of some three hundred commits takes well
under a second.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from taizhang import fastimport, templates
from taizhang.data import diagnostics, layout
from taizhang.data.ledger import Ledger
from taizhang.data.model import Plan, Rule
from taizhang.data.validate import validate
from taizhang.errors import FatalError
from taizhang.fastimport import Person
from taizhang.tracking import handin, history, kinds, obligations

SEED = 2023
MARKER = "taizhang-demo"  # a file in .git/ saying the folder may be rebuilt with --force
PR_REF = "refs/heads/pull-request"  # scratch branch for each pull request, deleted after import
COPIED = (
    "taizhang.yml",
    "calendar.yml",
    "mkdocs.yml",
    "units",
    "groups",
    "tasks",
    "docs",
    "src/taizhang/schemas",
)
# How often a unit of each kind of diligence is on time, late or missing.
PROFILES = {"reliable": (0.93, 0.06, 0.01), "uneven": (0.72, 0.22, 0.06), "poor": (0.55, 0.27, 0.18)}
GITHUB = ("GitHub", "noreply@github.com")


@dataclass(frozen=True)
class Change:
    """One commit's worth of files landing on main, through a pull request unless `direct`."""

    when: dt.datetime  # when it reached main (the merge)
    author: Person  # (name, e-mail)
    files: tuple[tuple[str, bytes], ...]
    title: str
    branch: str = ""
    direct: bool = False
    handed_in: dt.datetime | None = None  # a unit's own report: the merge job merges it and records this


@dataclass(frozen=True)
class Built:
    path: Path
    commits: int
    reports: int
    settled: dt.date  # a day by which the whole season is due: a good --as-of for a first look


def build(source: Path, out: Path, force: bool = False, seed: int = SEED) -> Built:
    """Replay the latest plan's season of `source` into a new git repository at `out`."""
    ledger = _registry(source)
    plan = ledger.latest_plan()
    if plan is None:
        raise FatalError(f"{source} 中没有工作要点（tasks/<年度>/plan.yml），无法生成演示仓库")
    _prepare(source, out, force)
    reviewer = _person(ledger, plan.reviewer or "")
    changes = [
        _initial(source, plan, ledger),
        *_season(source, ledger, plan, random.Random(seed), reviewer, random.Random(seed + 1)),
    ]
    changes.sort(key=lambda c: c.when)
    bot = ledger.config.merge_identity if ledger.config else history.MERGE_IDENTITY
    stream, commits = _stream(changes, f"refs/heads/{_branch(ledger)}", reviewer, bot, random.Random(seed))
    history.create_repository(out, _branch(ledger), stream, drop_refs=[PR_REF])
    (out / ".git" / MARKER).write_text("taizhang demo 生成的演示仓库，可用 --force 重建\n", encoding="utf-8")
    reports = sum(1 for c in changes if c.title.startswith("报送"))
    return Built(out, commits, reports, _last_due(ledger, plan) + dt.timedelta(days=15))


def _registry(source: Path) -> Ledger:
    result = validate(source, only=[])
    found = [d for d in result.diagnostics if diagnostics.blocks(d.code)]  # placeholders do not stop a demo
    if found:
        raise FatalError(
            f"{source} 的单位、任务或工作要点数据有 {len(found)} 处问题；请先运行 taizhang validate 并修正"
        )
    return result.ledger


def _branch(ledger: Ledger) -> str:
    return ledger.config.branch if ledger.config else "main"


def _prepare(source: Path, out: Path, force: bool) -> None:
    out = out.resolve()
    if out == source or out in source.parents:
        raise FatalError(f"演示仓库不能放在台账仓库 {source} 本身或其上级目录；请换一个目录，如 /tmp/taizhang-demo")
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    if not out.is_dir():
        raise FatalError(f"{out} 已存在且不是目录；请换一个目录")
    if not force:
        raise FatalError(f"目录 {out} 已存在且不为空；如果是以前生成的演示仓库，加 --force 重建")
    if not (out / ".git" / MARKER).is_file():
        raise FatalError(f"目录 {out} 不是 taizhang demo 生成的演示仓库，为安全起见不会删除；请换一个目录")
    shutil.rmtree(out)


def _initial(source: Path, plan: Plan, ledger: Ledger) -> Change:
    files: list[tuple[str, bytes]] = []
    for name in COPIED:
        base = source / name
        found = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in found:
            rel = path.relative_to(source)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                data = path.read_bytes()
                if rel.as_posix() == "taizhang.yml":  # a demo repository: its sample data (示例数据) is allowed
                    data = data.rstrip(b"\n") + "\n# taizhang demo 生成：演示仓库，允许示例数据\ndemo: true\n".encode()
                files.append((rel.as_posix(), data))
    when = dt.datetime.combine(plan.issued - dt.timedelta(days=1), dt.time(15, 0), obligations.BEIJING)
    maintainer = ledger.config.maintainers[0] if ledger.config and ledger.config.maintainers else "taizhang"
    author = (maintainer, f"{maintainer}@users.noreply.github.com")
    return Change(
        when,
        author,
        tuple(files),
        f"建立台账：{plan.title}（{plan.document_number}）的单位、分组和任务",
        direct=True,
    )


def _season(
    source: Path, ledger: Ledger, plan: Plan, rng: random.Random, reviewer: Person, jitter: random.Random
) -> list[Change]:
    """The season's pull requests; `jitter` draws the minutes between hand-in and merge (its own
    sequence, so the season's fates stay those of the seed)."""
    filed = [rule for rule in plan.rules if kinds.KINDS[rule.kind].has_file]  # in the plan's order
    owing = {unit for rule in filed for unit in ledger.owes(plan, rule.kind)}
    profile = {
        u.id: rng.choices(list(PROFILES), weights=(65, 25, 10))[0] for u in ledger.ordered_units() if u.id in owing
    }
    changes: list[Change] = []
    missed: list[tuple[Rule, str, str, dt.date]] = []
    for rule in filed:
        for each in obligations.periods(plan, rule):
            period = each.text
            due = ledger.calendar.shift(obligations.due_date(rule.due, each), rule.shift)
            for unit in ledger.owes(plan, rule.kind):
                fate = rng.choices(("on_time", "late", "missing"), weights=PROFILES[profile[unit]])[0]
                if fate == "missing":
                    missed.append((rule, unit, period, due))
                    continue
                changes += _submission(source, ledger, rule, unit, period, *_landing(rng, due, fate, jitter), rng)
    if missed:
        changes.append(_receipt(ledger, reviewer, *missed[len(missed) // 2]))
    return _reviewed(ledger, plan, changes, reviewer)


def _reviewed(ledger: Ledger, plan: Plan, changes: list[Change], reviewer: Person) -> list[Change]:
    """退回 and 延期 in the season: the first unit's August report returned and fixed (补报) two days
    later; the next unit's September report given five more days, and landing after the old deadline."""
    rule = plan.rule(kinds.MONTHLY)
    months = plan.months()
    if rule is None or len(months) < 3:
        return changes
    only_once = {c.files[0][0] for c in changes if c.files} - {c.files[0][0] for c in changes if "-fix" in c.branch}
    units = [
        u for u in ledger.owes(plan, kinds.MONTHLY) if layout.report_path(kinds.MONTHLY, u, months[2]) in only_once
    ]
    if len(units) < 2:
        return changes
    first = layout.report_path(kinds.MONTHLY, units[0], months[1])
    returned = next((c for c in changes if c.files and c.files[0][0] == first), None)
    if returned is None:
        return changes
    out = [*changes, *_return(ledger, rule, returned, reviewer)]
    path = layout.report_path(kinds.MONTHLY, units[1], months[2])
    due = ledger.calendar.shift(obligations.due_date(rule.due, kinds.Period.of(months[2], "month")), rule.shift)
    for i, change in enumerate(out):
        if change.files and change.files[0][0] == path:
            landed = dt.datetime.combine(due + dt.timedelta(days=3), dt.time(10, 5), obligations.BEIJING)
            out[i] = replace(change, when=landed)
    out.append(_extension(ledger, units[1], months[2], due, rule))
    return out


def _return(ledger: Ledger, rule: Rule, report: Change, reviewer: Person) -> list[Change]:
    path, text = report.files[0]
    kind, unit, period = kinds.MONTHLY, path.rsplit("/", 1)[-1][:-4], path.split("/")[1]
    at = dt.datetime.combine(report.when.date() + dt.timedelta(days=1), dt.time(10, 0), obligations.BEIJING)
    returns = layout.review_path("return", kind, unit, period)
    body = "\n".join(
        [
            "# 退回：由审核科室填写（示例数据）",
            "returns:",
            f"  - at: '{at.isoformat()}'",
            "    reason: 【示例数据】进展情况未写明完成的数量和时间节点，请补充具体数据后重新报送",
            f"    by: {ledger.units[rule.to].name if rule.to in ledger.units else '审核科室'}",
            "",
        ]
    )
    fixed = text.decode().replace('。"', '，本月完成情况已按退回意见补充具体数据。"', 1)
    name = ledger.units[unit].name
    label = f"{kinds.period_zh(period)}{rule.name}"
    return [
        Change(at, reviewer, ((returns, body.encode()),), f"退回{label}（{name}）", "return"),
        Change(
            at + dt.timedelta(days=2, hours=5),
            _person(ledger, unit),
            ((path, fixed.encode()),),
            f"补报{label}（{name}）",
            f"{kind}-{period}-resubmit",
        ),
    ]


def _extension(ledger: Ledger, unit: str, period: str, due: dt.date, rule: Rule) -> Change:
    """A unit's extension request, merged (approved) by the reviewing office two days before the deadline."""
    path = layout.review_path("extension", kinds.MONTHLY, unit, period)
    body = "# 延期申请（示例数据）\ndays: 5\nreason: 【示例数据】汛期抢险任务重，部分项目数据尚未汇总\n"
    granted = dt.datetime.combine(due - dt.timedelta(days=2), dt.time(16, 30), obligations.BEIJING)
    name = ledger.units[unit].name
    return Change(
        granted,
        _person(ledger, unit),
        ((path, body.encode()),),
        f"延期申请：{kinds.period_zh(period)}{rule.name}（{name}）",
        "extension",
    )


def _last_due(ledger: Ledger, plan: Plan) -> dt.date:
    return max(
        ledger.calendar.shift(obligations.due_date(rule.due, period), rule.shift)
        for rule in plan.rules
        for period in obligations.periods(plan, rule)
    )


def _landing(rng: random.Random, due: dt.date, fate: str, jitter: random.Random) -> tuple[dt.datetime, dt.datetime]:
    """When a report is handed in and when the merge job merges it, a few minutes later.

    Some on-time reports are handed in just before midnight on the due date and merged just after:
    they count from the hand-in (公平计时)."""
    if fate == "late":
        day = due + dt.timedelta(days=rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 9)))
    else:
        day = due - dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    evening = fate == "on_time" and day == due and rng.random() < 0.15
    hour = rng.randint(19, 23) if evening else rng.randint(8, 17)
    if evening and rng.random() < 0.3:
        handed = dt.datetime.combine(day, dt.time(23, rng.randint(50, 58)), obligations.BEIJING)
        return handed, dt.datetime.combine(
            day + dt.timedelta(days=1), dt.time(0, rng.randint(1, 9)), obligations.BEIJING
        )
    handed = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 50)), obligations.BEIJING)
    return handed, handed + dt.timedelta(minutes=rng.randint(2, 9))


def _submission(
    source: Path,
    ledger: Ledger,
    rule: Rule,
    unit_id: str,
    period: str,
    handed: dt.datetime,
    when: dt.datetime,
    rng: random.Random,
) -> list[Change]:
    path, text = templates.render(source, ledger, rule.kind, unit_id, period, example=True)
    author = _person(ledger, unit_id)
    unit = ledger.units[unit_id]
    label = f"{kinds.period_zh(period, rule.kind)}{rule.name}"
    title = f"报送{label}（{unit.name}）"
    out = [Change(when, author, ((path, text.encode()),), title, f"{rule.kind}-{period}", handed_in=handed)]
    if rng.random() < 0.12:  # an amendment (修改) a few days later
        later = when + dt.timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 6))
        amended = text.replace('。"', '，已按审核意见补充完善。"', 1)
        out.append(
            Change(
                later,
                author,
                ((path, amended.encode()),),
                f"修改{label}（{unit.name}）",
                f"{rule.kind}-{period}-fix",
                handed_in=later - dt.timedelta(minutes=3),
            )
        )
    return out


def _receipt(ledger: Ledger, reviewer: Person, rule: Rule, unit_id: str, period: str, due: dt.date) -> Change:
    """A report handed in on paper the day before the deadline, recorded by the reviewing office."""
    received = dt.datetime.combine(due - dt.timedelta(days=1), dt.time(16, 20), obligations.BEIJING)
    text = "\n".join(
        [
            "# yaml-language-server: $schema=../src/taizhang/schemas/receipts.schema.json",
            f"# 收件登记：{period[:4]} 年度以纸质、邮件等方式报送的报告（由审核科室登记）",
            "# 示例数据：本文件由 taizhang demo 生成，仅供演示。",
            "receipts:",
            f"  - unit: {unit_id}",
            f"    kind: {rule.kind}",
            f'    period: "{period}"',
            f"    received_at: {received.isoformat()}",
            "    via: 纸质",
            f"    recorded_by: {reviewer[0]}",
            "    note: 【示例数据】网络故障，以纸质材料报送",
            "",
        ]
    )
    path = f"receipts/{period[:4]}.yml"
    unit = ledger.units[unit_id].name
    return Change(
        received + dt.timedelta(hours=17),
        reviewer,
        ((path, text.encode()),),
        f"登记收件：{unit}{period}纸质报告",
        "receipt",
    )


def _person(ledger: Ledger, unit_id: str) -> Person:
    unit = ledger.units.get(unit_id)
    if unit is None:
        return GITHUB
    account = (unit.accounts[0] if unit.accounts else unit.id).lstrip("@").split("/")[0]
    return f"{unit.name}（{account}）", f"{account}@users.noreply.github.com"


def _stream(changes: list[Change], main: str, reviewer: Person, bot: Person, rng: random.Random) -> tuple[bytes, int]:
    """A `git fast-import` stream: each pull request is a branch commit merged into main with --no-ff.

    A unit's own report is merged by the merge job (authored by `bot`, committed by GitHub), which records the hand-in in the merge
    commit's trailers (handin.format_trailers) as the real job does; anything else by a person."""
    stream = fastimport.Stream(ids=True)
    tip = 0
    for number, change in enumerate(changes):
        parents = [tip] if tip else []
        who, when, title = change.author, change.when, change.title
        if change.direct:
            tip = stream.commit(main, who, who, when, title, parents, change.files)
            continue
        opened = (change.handed_in or when) - dt.timedelta(minutes=rng.randint(15, 600))
        head = stream.commit(PR_REF, who, who, opened, title, parents, change.files)
        account = who[1].split("@")[0]
        message = f"Merge pull request #{number} from {account}/{change.branch}\n\n{title}"
        if change.handed_in is None:
            tip = stream.commit(main, reviewer, GITHUB, when, message, [*parents, head], change.files)
            continue
        passed = change.handed_in + (when - change.handed_in) / 2
        record = handin.HandIn(number, stream.commit_id(head), change.handed_in, passed)
        message += "\n\n" + handin.format_trailers(record).rstrip("\n")
        tip = stream.commit(main, bot, GITHUB, when, message, [*parents, head], change.files)  # as the API merges
    return stream.data(), stream.commits
