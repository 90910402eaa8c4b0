"""`taizhang notify` against real local receivers: an HTTP server playing the WeCom, DingTalk and
Feishu robots (checking each request's key or signature) and an SMTP server, on a ledger whose
history is replayed in a real git repository. Days before, on and after the August deadline
(2023年9月3日), a second run the same day, a robot that fails and is retried, and secrets kept out
of everything printed or recorded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from taizhang.cli import main
from tests import notifyhost as host
from tests.gitrepo import REPO_ROOT, LedgerRepo, git

SETUP = "2023-07-16T16:00:00+08:00"
MOBILE = "13800000001"


@pytest.fixture(scope="module")
def receivers() -> Iterator[tuple[host.Robots, host.Mailbox, int]]:
    robots, server = host.start_robots()
    mailbox, controller = host.start_smtp()
    yield robots, mailbox, controller.port
    server.shutdown()
    server.server_close()
    controller.stop()


@pytest.fixture
def robots(receivers: tuple[host.Robots, host.Mailbox, int]) -> host.Robots:
    receivers[0].calls.clear()
    receivers[0].fail.clear()
    return receivers[0]


@pytest.fixture
def mailbox(receivers: tuple[host.Robots, host.Mailbox, int]) -> host.Mailbox:
    receivers[1].messages.clear()
    return receivers[1]


@pytest.fixture
def env(robots: host.Robots, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = robots.env() | {"TEST_SMTP_USER": host.SMTP_USER, "TEST_SMTP_PASSWORD": host.SMTP_PASSWORD}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def configure(repo: LedgerRepo, smtp_port: int) -> None:
    """Channels in taizhang.yml, and who to reach in four units' registry entries."""
    config = yaml.safe_load((repo.root / "taizhang.yml").read_text(encoding="utf-8"))
    config["notify"] = {
        "overdue_every": 3,
        "channels": {
            "wecom-counties": {"type": "wecom", "webhook_env": "TEST_WECOM_WEBHOOK"},
            "dingtalk": {"type": "dingtalk", "webhook_env": "TEST_DING_WEBHOOK", "secret_env": "TEST_DING_SECRET"},
            "feishu": {"type": "feishu", "webhook_env": "TEST_FEISHU_WEBHOOK", "secret_env": "TEST_FEISHU_SECRET"},
            "mail": {
                "type": "email",
                "host": "127.0.0.1",
                "port": smtp_port,
                "security": "none",
                "sender": "taizhang@xinzhou.example",
                "username_env": "TEST_SMTP_USER",
                "password_env": "TEST_SMTP_PASSWORD",
            },
        },
    }
    contacts = {
        "xinfu": {"wecom-counties": {"mobiles": [MOBILE]}, "dingtalk": {"mobiles": [MOBILE]}},
        "yuanping": {"feishu": {"user_ids": ["ou_yuanping"]}},
        "dingxiang": {"mail": {"emails": ["dingxiang@xinzhou.example"]}},
        "yunshuke": {"mail": {"emails": ["yunshuke@xinzhou.example"]}, "wecom-counties": {}},
    }
    files: dict[str, str | None] = {"taizhang.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)}
    for unit, notify in contacts.items():
        path = f"units/{unit}.yml"
        data = yaml.safe_load((repo.root / path).read_text(encoding="utf-8")) | {"notify": notify}
        files[path] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    repo.commit(files, at=SETUP, message="通知设置")


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory, receivers: tuple[host.Robots, host.Mailbox, int]) -> Path:
    """The bundled ledger with notify settings; the three reachable units filed their annual plan
    and July report on time; xinfu files August on 9月2日, the others not at all."""
    repo = LedgerRepo.create(tmp_path_factory.mktemp("notify") / "ledger")
    configure(repo, receivers[2])
    for unit in ("xinfu", "yuanping", "dingxiang"):
        repo.submit("annual_plan", unit, "2023", at="2023-07-25T10:00:00+08:00")
        repo.submit("monthly", unit, "2023-07", at="2023-08-02T10:00:00+08:00")
    repo.submit("monthly", "xinfu", "2023-08", at="2023-09-02T10:00:00+08:00")
    return repo.root


@pytest.fixture
def ledger(replayed: Path, tmp_path: Path) -> LedgerRepo:
    """A copy of the replayed repository for one test, with no record of anything sent."""
    shutil.copytree(replayed, tmp_path / "ledger", symlinks=True)
    return LedgerRepo(tmp_path / "ledger")


def notify(repo: LedgerRepo, day: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict, str]:
    code = main(["--root", str(repo.root), "notify", "--as-of", day, "--format", "json", *extra])
    out, err = capsys.readouterr()
    for secret in host.SECRETS:
        assert secret not in out and secret not in err
    return code, json.loads(out), err


def sent(data: dict) -> list[tuple[str, str]]:
    return sorted((m["channel"], m["unit"]) for m in data["messages"] if m["result"] == "sent")


def test_before_on_and_after_the_deadline_each_unit_hears_once_on_each_of_its_channels(
    ledger: LedgerRepo,
    robots: host.Robots,
    mailbox: host.Mailbox,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 8月31日, three days before 9月3日: every reachable unit is told the August report is due soon.
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert code == 0, err
    units = [("dingtalk", "xinfu"), ("feishu", "yuanping"), ("mail", "dingxiang"), ("wecom-counties", "xinfu")]
    assert set(units) <= set(sent(data))
    assert all(call.verified for call in robots.calls)
    (wecom,) = [c for c in robots.of("wecom") if c.text.startswith("【台账提醒】")]
    assert wecom.body["text"]["mentioned_mobile_list"] == [MOBILE]
    assert wecom.text.split("\n")[:2] == [
        "【台账提醒】忻府区交通运输局",
        "2023年8月月度进展情况：2023年9月3日（星期日）截止，还有 3 天，尚未报送。",
    ]
    assert "https://github.com/xinzhou-jtj/taizhang/" in wecom.text and "reports/2023-08/xinfu.yml" in wecom.text
    assert len(wecom.text.encode()) <= 2048
    (ding,) = robots.of("dingtalk")
    assert ding.body["at"]["atMobiles"] == [MOBILE] and ding.text.endswith(f"@{MOBILE}")
    (feishu,) = robots.of("feishu")
    assert '<at user_id="ou_yuanping"></at>' in feishu.text
    assert "原平市交通运输局" in feishu.text and "还有 3 天" in feishu.text
    link = "填报：https://github.com/xinzhou-jtj/taizhang/new/main?filename=reports/2023-08/yuanping.yml&value="
    assert link in feishu.text  # the unit's own link, with its template (Feishu takes 18 KB)
    to_county = [msg for to, msg in mailbox.messages if to == ["dingxiang@xinzhou.example"]]
    assert len(to_county) == 1 and "定襄县交通运输局" in str(to_county[0]["Subject"])
    body = to_county[0].get_content()
    assert "reports/2023-08/dingxiang.yml&value=" in body  # e-mail has room for the prefilled template
    # The reviewing office (运输科) hears who missed the deadlines already passed (annual plan, July).
    summary = [msg for to, msg in mailbox.messages if to == ["yunshuke@xinzhou.example"]]
    text = summary[0].get_content()
    assert text.startswith("【台账汇总】运输科：截至 2023年8月31日（星期四），以下单位尚未报送")
    assert "2023年7月月度进展情况（2023年8月3日截止）：逾期未报" in text
    assert "忻府区交通运输局" not in text  # xinfu filed on time
    assert text.rstrip().endswith("逾期清单：https://xinzhou-jtj.github.io/taizhang/overdue/")

    # The same day again: nothing at all goes out.
    robots.calls.clear()
    mailbox.messages.clear()
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert (code, data["messages"], robots.calls, mailbox.messages) == (0, [], [], [])
    assert "发送 0 条" in err

    # 9月3日, the day itself: xinfu has filed (9月2日) and hears nothing; the others are told it is today.
    code, data, err = notify(ledger, "2023-09-03", capsys)
    assert code == 0, err
    to_units = [(m["channel"], m["unit"]) for m in data["messages"] if m["audience"] == "unit"]
    assert sorted(to_units) == [("feishu", "yuanping"), ("mail", "dingxiang")]
    (today,) = [c for c in robots.of("feishu") if "今天" in c.text]
    assert "2023年8月月度进展情况：今天（2023年9月3日（星期日））24 时截止，尚未报送。" in today.text

    # 9月4日, overdue: the units are told, and 运输科 gets the list for August, without xinfu.
    mailbox.messages.clear()
    code, data, err = notify(ledger, "2023-09-04", capsys)
    assert code == 0, err
    assert ("feishu", "yuanping") in sent(data) and ("mail", "dingxiang") in sent(data)
    (late,) = [c for c in robots.of("feishu") if "逾期" in c.text]
    assert "2023年8月月度进展情况：已于 2023年9月3日（星期日）截止，已逾期 1 天，请尽快报送。" in late.text
    (summary,) = [m for to, m in mailbox.messages if to == ["yunshuke@xinzhou.example"]]
    text = summary.get_content()
    august = next(line for line in text.split("\n") if line.startswith("2023年8月月度进展情况"))
    assert "原平市交通运输局" in august and "定襄县交通运输局" in august and "忻府区" not in august
    assert ("wecom-counties", "yunshuke") in sent(data)

    # 9月5日 and 6日: within the three-day cadence, nobody is told again; 9月7日 they are.
    assert sent(notify(ledger, "2023-09-05", capsys)[1]) == []
    assert sent(notify(ledger, "2023-09-06", capsys)[1]) == []
    assert ("feishu", "yuanping") in sent(notify(ledger, "2023-09-07", capsys)[1])
    assert host.SMTP_USER in mailbox.logins


def test_a_failing_robot_does_not_stop_the_others_and_is_retried_without_repeating_them(
    ledger: LedgerRepo,
    robots: host.Robots,
    mailbox: host.Mailbox,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    robots.fail["dingtalk"] = 1
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert code == 1
    assert "通道 dingtalk（钉钉）发送失败：服务器返回 HTTP 500" in err
    assert data["failed_channels"] == [{"channel": "dingtalk（钉钉）", "error": "服务器返回 HTTP 500"}]
    assert ("wecom-counties", "xinfu") in sent(data) and ("feishu", "yuanping") in sent(data)
    assert ("mail", "dingxiang") in sent(data)

    robots.calls.clear()
    mailbox.messages.clear()
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert code == 0, err
    assert sent(data) == [("dingtalk", "xinfu")]
    assert [c.robot for c in robots.calls] == ["dingtalk"] and mailbox.messages == []


def test_an_address_the_mail_server_refuses_fails_that_message_only(
    ledger: LedgerRepo,
    robots: host.Robots,
    mailbox: host.Mailbox,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    mailbox.refused.add("dingxiang@xinzhou.example")
    try:
        code, data, err = notify(ledger, "2023-08-31", capsys)
    finally:
        mailbox.refused.clear()
    assert code == 1
    assert "通道 mail（电子邮件）发送失败：邮件服务器拒绝（SMTPRecipientsRefused）" in err
    results = {(m["channel"], m["unit"]): m["result"] for m in data["messages"]}
    assert results[("mail", "dingxiang")] == "failed"
    assert results[("mail", "yunshuke")] == "sent"  # the same server, another address: delivered
    assert [to for to, _ in mailbox.messages] == [["yunshuke@xinzhou.example"]]


def test_a_wrong_signing_secret_is_refused_by_the_robot_and_named_in_the_exit(
    ledger: LedgerRepo,
    robots: host.Robots,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_FEISHU_SECRET", "not-the-secret")
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert code == 1
    assert "通道 feishu（飞书）发送失败：平台返回错误 310000" in err
    assert [c.verified for c in robots.calls if c.robot == "feishu"] == [False]
    assert "not-the-secret" not in json.dumps(data, ensure_ascii=False) + err


def test_a_missing_secret_fails_only_its_channel(
    ledger: LedgerRepo,
    robots: host.Robots,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TEST_WECOM_WEBHOOK")
    code, data, err = notify(ledger, "2023-08-31", capsys)
    assert code == 1
    assert "通道 wecom-counties（企业微信）发送失败：环境变量 TEST_WECOM_WEBHOOK 未设置" in err
    assert ("dingtalk", "xinfu") in sent(data)


def test_a_fresh_checkout_reads_the_record_from_the_branch_and_sends_nothing_twice(
    ledger: LedgerRepo, robots: host.Robots, env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert notify(ledger, "2023-08-31", capsys)[0] == 0
    log = git(ledger.root, "log", "-p", "taizhang-notify")
    for secret in host.SECRETS:
        assert secret not in log
    assert '"item": "monthly/2023-08/xinfu/before", "channel": "wecom-counties"' in log
    assert git(ledger.root, "status", "--porcelain") == ""  # the work tree and main are untouched
    clone = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", str(ledger.root), str(clone)], check=True, capture_output=True)
    robots.calls.clear()
    code, data, _ = notify(LedgerRepo(clone), "2023-08-31", capsys)
    assert (code, data["messages"], robots.calls) == (0, [], [])


def test_a_dry_run_lists_the_messages_and_neither_sends_nor_records(
    ledger: LedgerRepo, robots: host.Robots, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, err = notify(ledger, "2023-08-31", capsys, "--dry-run")
    assert code == 0 and robots.calls == []
    assert {m["result"] for m in data["messages"]} == {"dry_run"}
    assert "试运行，未发送" in err
    assert "taizhang-notify" not in git(ledger.root, "branch", "--list")
    assert main(["--root", str(ledger.root), "notify", "--as-of", "2023-08-31", "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "将发送：wecom-counties → 忻府区交通运输局（13800000001）" in text
    assert "    【台账提醒】忻府区交通运输局" in text


def test_the_ci_script_pushes_the_record_so_the_next_fresh_checkout_sends_nothing_again(
    ledger: LedgerRepo, robots: host.Robots, env: dict[str, str], tmp_path: Path
) -> None:
    """scripts/ci/notify as the workflow runs it: in a fresh clone of the code host's repository
    (here a bare repository), today's date in Beijing, the record pushed back to the host."""
    import os
    import sys

    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(ledger.root), str(origin)], check=True)
    script = Path(__file__).resolve().parents[1] / "scripts/ci/notify"
    run_env = {
        **os.environ,
        "GH_TOKEN": "ghs-not-a-real-token",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }

    def checkout_and_run(name: str) -> subprocess.CompletedProcess[str]:
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
        return subprocess.run([str(script)], cwd=clone, env=run_env, capture_output=True, text=True)

    first = checkout_and_run("run-1")
    assert first.returncode == 0, first.stderr
    assert "sent\twecom-counties\t忻府区交通运输局\t" in first.stdout
    assert robots.calls and all(c.verified for c in robots.calls)
    assert "taizhang-notify" in git(origin, "branch", "--list")
    robots.calls.clear()
    second = checkout_and_run("run-2")
    assert second.returncode == 0, second.stderr
    assert (second.stdout, robots.calls) == ("", [])
    for secret in (*host.SECRETS, "ghs-not-a-real-token"):
        assert secret not in first.stdout + first.stderr + second.stdout + second.stderr


def test_the_site_shows_no_contact_of_any_unit(ledger: LedgerRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Mobile numbers and addresses in units/ reach the robots and the mail server, not the public pages."""
    shutil.copy(REPO_ROOT / "mkdocs.yml", ledger.root / "mkdocs.yml")  # the site's settings, as a deployment has
    assert main(["--root", str(ledger.root), "build", "--no-mkdocs", "--as-of", "2023-09-04"]) == 0
    pages = [p for p in (ledger.root / "build/docs").rglob("*") if p.is_file()]
    assert len(pages) > 20
    for page in pages:
        content = page.read_bytes()
        for contact in (MOBILE, "ou_yuanping", "dingxiang@xinzhou.example", "yunshuke@xinzhou.example"):
            assert contact.encode() not in content, page


def test_a_run_interrupted_half_way_keeps_the_record_of_what_went_out(
    ledger: LedgerRepo, robots: host.Robots, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI timeout or Ctrl-C after two messages: those two are on the record branch, so the next run
    sends only the rest."""
    import datetime as dt

    from taizhang.notify import run, send

    day = dt.date(2023, 8, 31)
    planned = [(r["channel"], r["unit"]) for r in run.run(ledger.root, day, True, dict(env)).rows]
    assert len(planned) > 3
    sent_before_stop: list[str] = []

    def deliver_then_stop(channel, target, text, env, now):  # type: ignore[no-untyped-def]
        if len(sent_before_stop) == 2:
            raise KeyboardInterrupt
        send.deliver(channel, target, text, env, now)
        sent_before_stop.append(channel.name)

    monkeypatch.setattr(run, "deliver", deliver_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run.run(ledger.root, day, False, dict(env))
    recorded = git(ledger.root, "show", "taizhang-notify:sent/2023-08.jsonl").splitlines()
    assert {json.loads(line)["channel"] for line in recorded} == {c for c, _ in planned[:2]}
    monkeypatch.undo()
    rest = run.run(ledger.root, day, False, dict(env))
    assert [(r["channel"], r["unit"]) for r in rest.rows] == planned[2:]  # the messages go out in plan order
    assert all(r["result"] == "sent" for r in rest.rows)


def test_the_record_is_never_written_over_the_ledgers_branch(
    ledger: LedgerRepo, robots: host.Robots, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = (ledger.root / "taizhang.yml").read_text(encoding="utf-8")
    ledger.commit({"taizhang.yml": config.replace("notify:\n", "notify:\n  record_branch: main\n", 1)}, at=SETUP)
    head = git(ledger.root, "rev-parse", "HEAD")
    assert main(["--root", str(ledger.root), "notify", "--as-of", "2023-08-31"]) == 2
    assert "notify.record_branch 不能是主分支 main" in capsys.readouterr().err
    assert git(ledger.root, "rev-parse", "HEAD") == head
    ledger.git("reset", "-q", "--hard", "HEAD~1")
    ledger.git("checkout", "-q", "-b", "taizhang-notify")  # the record's branch checked out by mistake
    assert main(["--root", str(ledger.root), "notify", "--as-of", "2023-08-31"]) == 2
    assert "taizhang-notify 是当前检出的分支" in capsys.readouterr().err
    assert robots.calls == []  # refused before anything was sent
