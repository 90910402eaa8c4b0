"""催办 issues from obligations: opened before a deadline, turned into the overdue list after it,
updated as reports land, closed when complete — and a second run on the same day changes nothing.

The code host is played by `Host` below: it applies the planned API calls to a list of issues
the way GitHub's REST API does, so each day's run sees what the previous run left behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from taizhang.data import repository
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.host import remind
from taizhang.host.issuetext import BODY_LIMIT
from taizhang.host.links import Editor
from taizhang.host.remind import Fill, Issue, Repo

BEIJING = dt.timezone(dt.timedelta(hours=8))
DUE = dt.date(2023, 9, 3)
REPO_URL = "https://github.com/xinzhou-jtj/taizhang"


@dataclass
class Host:
    """GitHub's issues, as far as the reminder workflow touches them."""

    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: list[tuple[int, str]] = field(default_factory=list)
    calls: int = 0

    def listing(self) -> list[Issue]:
        """What `gh issue list --label 台账 --state all --json number,title,body,state,labels` returns."""
        data = [
            {**i, "state": i["state"].upper(), "labels": [{"name": n} for n in sorted(i["labels"])]}
            for i in self.issues.values()
        ]
        return remind.issues_from_json(data)

    def apply(self, actions: list[remind.Action]) -> None:
        for action in actions:
            self.calls += 1
            payload = action.payload
            if action.method == "POST" and action.endpoint == "repos/{owner}/{repo}/issues":
                number = max(self.issues, default=0) + 1
                self.issues[number] = {"number": number, "state": "open", **payload}
            elif action.method == "POST":
                number = int(action.endpoint.split("/")[-2])
                self.comments.append((number, payload["body"]))
            else:
                number = int(action.endpoint.split("/")[-1])
                self.issues[number].update({k: v for k, v in payload.items() if k != "state_reason"})


def _ob(unit: str, status: str, at: str | None = None, days_late: int = 0) -> Obligation:
    submitted = dt.datetime.fromisoformat(at).replace(tzinfo=BEIJING) if at else None
    path = f"reports/2023-08/{unit}.yml"
    return Obligation(unit, "monthly", "2023-08", "2023", DUE, path, submitted, status, days_late)


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    from tests.conftest import REPO

    return repository.load(REPO, only=[]).ledger


@pytest.fixture(scope="module")
def owing(ledger: Ledger) -> list[str]:
    """The units that owe the monthly report: the county bureaus and the affiliated units."""
    return list(ledger.owes(ledger.plans["2023"], "monthly"))


def _run(host: Host, obligations: list[Obligation], as_of: dt.date, ledger: Ledger, root: Path) -> list[remind.Action]:
    fills = remind.fills_for(root, ledger, obligations)
    actions = remind.plan(obligations, host.listing(), as_of, ledger, Repo(REPO_URL), fills)
    host.apply(actions)
    return actions


def test_a_period_replayed_from_reminder_to_overdue_list_to_closing(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    host = Host()
    first, second, third = owing[0], owing[1], owing[2]
    names = {u: ledger.units[u].name for u in owing}

    # 8月30日: the reminder window (3 days before 9月3日) has not opened.
    day = [_ob(u, "pending") for u in owing]
    assert _run(host, day, dt.date(2023, 8, 30), ledger, ledger_root) == []

    # 9月1日: 催办 — one unit has reported; every other unit is listed with an @-mention and a link.
    day = [_ob(first, "on_time", "2023-08-31T16:20")] + [_ob(u, "pending") for u in owing[1:]]
    actions = _run(host, day, dt.date(2023, 9, 1), ledger, ledger_root)
    assert [(a.action, a.key) for a in actions] == [("create", "monthly/2023-08")]
    issue = host.issues[1]
    assert issue["title"] == "【催办】2023年8月月度进展情况（9月3日截止）"
    assert issue["labels"] == ["催办", "台账"]
    body = issue["body"]
    assert body.startswith("<!-- taizhang:reminder monthly 2023-08 -->\n<!-- taizhang:phase before -->\n")
    assert "**截止日期：2023年9月3日（星期日）**" in body
    assert f"截至 2023年9月1日，应报送 {len(owing)} 个单位：已报送 1 个，尚未报送 {len(owing) - 1} 个。" in body
    assert f"| {names[second]} | @{ledger.units[second].accounts[0]} | [填报](" in body
    assert f"### 按时报送（1）\n\n{names[first]}" in body
    assert len(body) <= BODY_LIMIT

    # The same day again: nothing to do.
    assert _run(host, day, dt.date(2023, 9, 1), ledger, ledger_root) == []

    # 9月5日: past the deadline. One late, one on time, the rest overdue and told so once.
    day = [_ob(first, "on_time", "2023-08-31T16:20"), _ob(second, "late", "2023-09-04T00:30", 1)]
    day += [_ob(u, "overdue", days_late=2) for u in owing[2:]]
    actions = _run(host, day, dt.date(2023, 9, 5), ledger, ledger_root)
    assert [a.action for a in actions] == ["update", "comment"]
    assert set(actions[0].payload) == {"title", "body", "labels"}
    issue = host.issues[1]
    assert issue["title"] == f"【逾期】2023年8月月度进展情况：{len(owing) - 2} 个单位未报送"
    assert issue["labels"] == ["台账", "逾期"]
    assert "<!-- taizhang:phase after -->" in issue["body"]
    assert f"按时 1 个，迟报 1 个，逾期未报 {len(owing) - 2} 个。" in issue["body"]
    assert f"| {names[third]} | @{ledger.units[third].accounts[0]} | 2 天 | [填报](" in issue["body"]
    assert f"| {names[second]} | 2023-09-04 00:30 | 1 天 |" in issue["body"]
    number, comment = host.comments[-1]
    assert number == 1
    assert comment.startswith("2023年8月月度进展情况的截止日期 2023年9月3日（星期日）已过，以下单位尚未报送")
    assert f"@{ledger.units[third].accounts[0]}（{names[third]}）" in comment
    assert f"@{ledger.units[second].accounts[0]}" not in comment

    # The same day again: nothing, and no second comment.
    assert _run(host, day, dt.date(2023, 9, 5), ledger, ledger_root) == []
    assert len(host.comments) == 1

    # 9月6日: the last reports land (late); the issue is completed and closed.
    day = day[:2] + [_ob(u, "late", "2023-09-05T11:00", 2) for u in owing[2:]]
    actions = _run(host, day, dt.date(2023, 9, 6), ledger, ledger_root)
    assert [a.action for a in actions] == ["comment", "close"]
    assert host.issues[1]["state"] == "closed"
    assert host.issues[1]["title"] == "【已报齐】2023年8月月度进展情况"
    assert "<!-- taizhang:phase done -->" in host.issues[1]["body"]
    assert f"### 迟报（{len(owing) - 1}）" in host.issues[1]["body"]
    assert host.comments[-1] == (1, f"应报送的 {len(owing)} 个单位已全部报送，本议题自动关闭。")

    # Days later: still nothing; a complete period never opens a new issue.
    assert _run(host, day, dt.date(2023, 9, 20), ledger, ledger_root) == []
    assert len(host.issues) == 1


def test_the_fill_link_opens_the_web_editor_with_the_units_template(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    host = Host()
    unit = owing[0]
    _run(host, [_ob(unit, "overdue", days_late=1)], dt.date(2023, 9, 4), ledger, ledger_root)
    link = re.search(r"\[填报\]\(([^)]*)\)", host.issues[1]["body"])
    assert link is not None
    url = urlsplit(link.group(1))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/new/main"
    query = parse_qs(url.query)
    assert query["filename"] == [f"reports/2023-08/{unit}.yml"]
    from taizhang import templates

    template = templates.render(ledger_root, ledger, "monthly", unit, "2023-08", example=False)[1]
    assert yaml.safe_load(query["value"][0]) == yaml.safe_load(template)  # comments go when it is long


def test_an_existing_report_gets_an_edit_link_and_a_long_list_is_split_so_every_unit_keeps_its_template(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    """Every unit's annual plan overdue: each link holds its template, so the list takes two issues."""
    due = dt.date(2023, 7, 30)
    obligations = [
        Obligation(u, "annual_plan", "2023", "2023", due, f"reports/2023/annual_plan/{u}.yml", None, "overdue", 5)
        for u in owing
    ]
    fills = remind.fills_for(ledger_root, ledger, obligations)
    fills[("annual_plan", owing[0], "2023")] = Fill(f"reports/2023/annual_plan/{owing[0]}.yml", exists=True)
    actions = remind.plan(obligations, [], dt.date(2023, 8, 4), ledger, Repo(REPO_URL), fills)
    assert [a.action for a in actions] == ["create", "create"]
    first, second = (a.payload for a in actions)
    assert first["title"] == f"【逾期】2023年度工作要点备案：{len(owing)} 个单位未报送（1/2）"
    assert second["title"].endswith("（2/2）")
    assert second["body"].startswith("<!-- taizhang:reminder annual_plan 2023 part 2 -->\n")
    assert all(len(p["body"]) <= BODY_LIMIT for p in (first, second))
    assert f"[填报]({REPO_URL}/edit/main/reports/2023/annual_plan/{owing[0]}.yml)" in first["body"]
    both = first["body"] + second["body"]
    for unit in owing[1:]:
        assert both.count(f"new/main?filename=reports/2023/annual_plan/{unit}.yml&value=") == 1
    assert "未预填模板" not in both
    assert "应报送 " in first["body"] and "应报送 " not in second["body"]  # the counts once


def test_a_template_too_long_for_any_link_is_offered_as_the_sites_download(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    unit = owing[0]
    obligations = [_ob(unit, "overdue", days_late=1)]
    fill = remind.fills_for(ledger_root, ledger, obligations)[("monthly", unit, "2023-08")]
    assert fill.template is not None
    huge = {
        ("monthly", unit, "2023-08"): Fill(
            fill.path, False, fill.template.replace('progress: ""', f'progress: "{"进" * 900}"')
        )
    }
    body = remind.plan(obligations, [], dt.date(2023, 9, 4), ledger, Repo(REPO_URL), huge)[0].payload["body"]
    download = f"https://xinzhou-jtj.github.io/taizhang/downloads/templates/reports/2023-08/{unit}.yml"
    assert f"[填报]({REPO_URL}/new/main?filename=reports/2023-08/{unit}.yml)（[下载模板]({download})）" in body
    assert "部分单位的链接未预填模板" not in body  # the link's length, not the issue's, left it out


def _july(unit: str) -> Obligation:
    return Obligation(unit, "monthly", "2023-07", "2023", dt.date(2023, 8, 3), None, None, "overdue", 32)


def _issue(number: int, body: str, labels: set[str], state: str = "open", title: str = "催办") -> dict[str, Any]:
    return {"number": number, "title": title, "body": body, "state": state, "labels": [{"name": n} for n in labels]}


def test_issues_are_found_by_label_and_marker_never_by_title(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    obligations = [_ob(u, "overdue", days_late=1) for u in owing]
    same_title = f"【逾期】2023年8月月度进展情况：{len(owing)} 个单位未报送"
    unmarked = _issue(7, "手工写的议题", {"台账", "逾期"}, title=same_title)
    unlabelled = _issue(8, "<!-- taizhang:reminder monthly 2023-08 -->", {"bug"})
    issues = remind.issues_from_json([unmarked, unlabelled])
    actions = remind.plan(obligations, issues, dt.date(2023, 9, 4), ledger, Repo(REPO_URL), {})
    assert [(a.action, a.number) for a in actions] == [("create", None)]


def test_a_duplicate_is_closed_and_a_hand_closed_incomplete_period_is_reopened(
    ledger: Ledger, owing: list[str]
) -> None:
    obligations = [_ob(u, "overdue", days_late=1) for u in owing]
    marker = "<!-- taizhang:reminder monthly 2023-08 -->"
    older = _issue(3, marker, {"台账", "逾期", "重要"}, state="closed")
    reminder = _issue(4, "<!-- taizhang:reminder monthly 2023-07 -->", {"台账", "催办", "重要"})
    newer = _issue(9, marker, {"台账", "逾期"})
    actions = remind.plan(
        [*obligations, _july(owing[0])],
        remind.issues_from_json([newer, older, reminder]),
        dt.date(2023, 9, 4),
        ledger,
        Repo(REPO_URL),
        {},
    )
    assert [(a.action, a.number) for a in actions] == [("update", 4), ("close", 9), ("update", 3)]
    assert actions[0].payload["labels"] == ["台账", "逾期", "重要"]  # 催办 becomes 逾期; 重要 stays
    assert actions[1].payload == {"state": "closed", "state_reason": "not_planned"}
    assert actions[2].payload["state"] == "open"
    assert "labels" not in actions[2].payload  # a maintainer's own label (重要) is left alone


def test_each_period_and_kind_has_its_own_issue(ledger: Ledger, owing: list[str]) -> None:
    unit = owing[0]
    july = _july(unit)
    august = _ob(unit, "overdue", days_late=2)
    plan_filing = Obligation(unit, "annual_plan", "2023", "2023", dt.date(2023, 7, 30), None, None, "overdue", 37)
    study = Obligation(unit, "quarterly_study", "2023-Q3", "2023", dt.date(2023, 10, 3), None, None, "pending", 0)
    actions = remind.plan([august, study, july, plan_filing], [], dt.date(2023, 9, 5), ledger, Repo(REPO_URL), {})
    titles = [a.payload["title"] for a in actions]
    assert titles == [
        "【逾期】2023年度工作要点备案：1 个单位未报送",
        "【逾期】2023年7月月度进展情况：1 个单位未报送",
        "【逾期】2023年8月月度进展情况：1 个单位未报送",
    ]  # the third quarter's study is not due until 10月3日, outside the window


def test_the_quarterly_study_links_to_the_quarters_last_monthly_report(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    unit = owing[0]
    study = Obligation(unit, "quarterly_study", "2023-Q3", "2023", dt.date(2023, 10, 3), None, None, "overdue", 1)
    (ledger_root / f"reports/2023-09/{unit}.yml").parent.mkdir(parents=True)
    (ledger_root / f"reports/2023-09/{unit}.yml").write_text("kind: monthly\n", encoding="utf-8")
    fills = remind.fills_for(ledger_root, ledger, [study])
    assert fills == {("quarterly_study", unit, "2023-Q3"): Fill(f"reports/2023-09/{unit}.yml", exists=True)}
    actions = remind.plan([study], [], dt.date(2023, 10, 4), ledger, Repo(REPO_URL), fills)
    assert actions[0].payload["title"] == "【逾期】2023年第三季度中心组学习：1 个单位未报送"
    assert f"{REPO_URL}/edit/main/reports/2023-09/{unit}.yml" in actions[0].payload["body"]


def test_on_gitea_or_forgejo_the_link_opens_the_folder_with_the_file_name_and_the_template_is_a_download() -> None:
    repo = Repo("https://git.example.cn/xzjtj/taizhang", "main", "forgejo")
    assert repo.new_file("reports/2023-08/xinfu.yml", "kind: monthly\n") == Editor(
        "https://git.example.cn/xzjtj/taizhang/_new/main/reports/2023-08/?filename=xinfu.yml", prefilled=False
    )
    assert repo.edit("reports/2023-08/xinfu.yml") == (
        "https://git.example.cn/xzjtj/taizhang/_edit/main/reports/2023-08/xinfu.yml"
    )


def test_the_plan_as_json_carries_labels_and_api_calls(ledger: Ledger, owing: list[str]) -> None:
    actions = remind.plan([_ob(owing[0], "pending")], [], dt.date(2023, 9, 2), ledger, Repo(None), {})
    data = remind.as_json(dt.date(2023, 9, 2), actions)
    assert [label["name"] for label in data["labels"]] == ["台账", "催办", "逾期"]
    (call,) = data["actions"]
    assert (call["method"], call["endpoint"], call["number"]) == ("POST", "repos/{owner}/{repo}/issues", None)
    assert f"| {ledger.units[owing[0]].name} |" in call["payload"]["body"]
    assert f"`reports/2023-08/{owing[0]}.yml`" in call["payload"]["body"]  # no repository address: the path


def _commit(root: Path, when: str, message: str) -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_the_command_plans_from_a_replayed_git_history(
    ledger_root: Path, owing: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end with the obligations engine (taizhang.tracking.status), when this build has it."""
    pytest.importorskip("taizhang.tracking.status")
    import json
    import subprocess

    from taizhang.cli import main

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=ledger_root, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.com"], cwd=ledger_root, check=True)
    subprocess.run(["git", "config", "user.name", "测试"], cwd=ledger_root, check=True)
    _commit(ledger_root, "2023-07-17T09:00:00+08:00", "registry")
    for unit, when in zip(owing[:2], ["2023-09-02T10:00:00+08:00", "2023-09-04T10:00:00+08:00"], strict=True):
        main(["--root", str(ledger_root), "new", "report", "--unit", unit, "--period", "2023-08", "--example"])
        _commit(ledger_root, when, f"{unit} 8月月报")
    issues = ledger_root / "issues.json"
    issues.write_text("[]", encoding="utf-8")
    capsys.readouterr()
    args = ["--root", str(ledger_root), "remind", "--as-of", "2023-09-05", "--issues", str(issues), "--format", "json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    (august,) = [a for a in data["actions"] if a["key"] == "monthly/2023-08"]
    assert august["action"] == "create"
    assert f"按时 1 个，迟报 1 个，逾期未报 {len(owing) - 2} 个。" in august["payload"]["body"]


def test_the_command_reads_the_open_issues_and_prints_the_calls_to_make(
    ledger_root: Path, owing: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wiring of `taizhang remind`, with the obligations engine's contract
    (status.compute(root, as_of) -> (ledger, obligations)) played by a stand-in."""
    import json
    import sys
    import types

    from taizhang.cli import main

    asked: list[tuple[Path, dt.date]] = []

    def compute(root: Path, as_of: dt.date) -> tuple[Ledger, list[Obligation]]:
        asked.append((root, as_of))
        return repository.load(root, only=[]).ledger, [_ob(u, "overdue", days_late=2) for u in owing]

    monkeypatch.setitem(sys.modules, "taizhang.tracking.status", types.SimpleNamespace(compute=compute))
    body = "<!-- taizhang:reminder monthly 2023-08 -->\n<!-- taizhang:phase before -->\n"
    issues = ledger_root / "issues.json"
    issues.write_text(json.dumps([_issue(5, body, {"台账", "催办"}, title="【催办】")]), encoding="utf-8")
    args = ["--root", str(ledger_root), "remind", "--as-of", "2023-09-05", "--issues", str(issues), "--format", "json"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert asked == [(ledger_root, dt.date(2023, 9, 5))]
    data = json.loads(out)
    # The overdue list with every unit's template takes a second issue; the first is updated and comments.
    assert [(a["action"], a["number"]) for a in data["actions"]] == [("update", 5), ("comment", 5), ("create", None)]
    assert "[填报](https://github.com/xinzhou-jtj/taizhang/new/main?filename=" in data["actions"][0]["payload"]["body"]
    assert "催办：3 项操作（2023-09-05）" in err
    assert main(["--root", str(ledger_root), "remind", "--as-of", "2023年9月5日"]) == 2
    assert "日期应写成 年-月-日" in capsys.readouterr().err


def test_each_part_of_a_split_list_mentions_its_own_units_and_a_part_no_longer_needed_is_closed(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    host = Host()
    due = dt.date(2023, 7, 30)
    path = "reports/2023/annual_plan/{}.yml"

    def day(status: str, done: int = 0) -> list[Obligation]:
        filed = [
            Obligation(
                u,
                "annual_plan",
                "2023",
                "2023",
                due,
                path.format(u),
                dt.datetime(2023, 7, 31, 9, tzinfo=BEIJING),
                "late",
                1,
            )
            for u in owing[:done]
        ]
        return filed + [
            Obligation(u, "annual_plan", "2023", "2023", due, path.format(u), None, status, 0) for u in owing[done:]
        ]

    created = _run(host, day("pending"), dt.date(2023, 7, 28), ledger, ledger_root)
    assert [a.action for a in created] == ["create", "create"]
    listed = {
        n: re.findall(r"filename=reports/2023/annual_plan/([a-z-]+)\.yml", i["body"]) for n, i in host.issues.items()
    }

    # After the deadline each part is told once, naming only the units it lists.
    _run(host, day("overdue"), dt.date(2023, 7, 31), ledger, ledger_root)
    assert sorted(n for n, _ in host.comments) == [1, 2]
    for number, comment in host.comments:
        mentioned = {u for u in owing if f"@{ledger.units[u].accounts[0]}（" in comment}
        assert mentioned == set(listed[number])

    # Most units file: the rest fit in the first issue, and the second is closed, saying why.
    actions = _run(host, day("overdue", done=len(owing) - 3), dt.date(2023, 8, 1), ledger, ledger_root)
    assert [(a.action, a.number) for a in actions] == [("update", 1), ("comment", 2), ("close", 2)]
    assert host.issues[2]["state"] == "closed"
    assert host.comments[-1] == (2, "尚未报送的单位减少，名单已全部并入本期编号更小的议题，本议题自动关闭。")
    assert not host.issues[1]["title"].endswith("）（1/2）")
    assert all(f"filename={path.format(u)}&value=" in host.issues[1]["body"] for u in owing[-3:])


def test_the_footer_points_to_the_ledgers_own_guide_on_its_site_else_to_the_submit_page(ledger: Ledger) -> None:
    from tests.conftest import REPO

    def footer(guide: remind.Guide | None) -> str:
        (action,) = remind.plan([_ob("xinfu", "pending")], [], dt.date(2023, 9, 2), ledger, Repo(REPO_URL), {}, guide)
        return str(action.payload["body"]).splitlines()[-1]

    own = remind.guide_for(REPO, ledger, Repo(REPO_URL))  # the bundled ledger writes docs/guide.md
    assert "填报方法见[填报指南](https://xinzhou-jtj.github.io/taizhang/guide.html)。" in footer(own)
    assert "填报方法见[网站上的“填报说明”](https://xinzhou-jtj.github.io/taizhang/submit.html)。" in footer(None)


def test_a_returned_unit_is_listed_once_and_told_with_the_overdue_when_the_deadline_passes(
    ledger: Ledger, owing: list[str], ledger_root: Path
) -> None:
    host, returned, late = Host(), owing[0], owing[1]
    names = {u: ledger.units[u].name for u in owing}
    _run(
        host,
        [_ob(returned, "returned"), *(_ob(u, "pending") for u in owing[1:])],
        dt.date(2023, 9, 2),
        ledger,
        ledger_root,
    )
    day = [_ob(returned, "returned", days_late=2), *(_ob(u, "overdue", days_late=2) for u in owing[1:])]
    _run(host, day, dt.date(2023, 9, 5), ledger, ledger_root)

    body = "\n".join(issue["body"] for issue in host.issues.values())  # the list is split over parts
    assert len([line for line in body.splitlines() if line.startswith(f"| {names[returned]} |")]) == 1
    assert "### 退回或需修改（1）" in body and f"### 逾期未报（{len(owing) - 1}）" in body
    comments = [text for _, text in host.comments]
    assert any(f"@{ledger.units[returned].accounts[0]}（{names[returned]}）" in text for text in comments)
    assert all(f"（{names[returned]}）" not in text.split("以下单位的报告被退回或需修改")[0] for text in comments)
    assert any(f"（{names[late]}）" in text for text in comments)
