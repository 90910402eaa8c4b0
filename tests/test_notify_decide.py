"""Which messages a day calls for (taizhang.notify.decide, pure): the configured reminder window and
cadence, the day itself, 退回 and 延期 once each, and units nobody can reach."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from taizhang.data import repository
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation, Returned, Unit
from taizhang.host.links import Repo
from taizhang.notify.decide import decide
from taizhang.notify.record import Record, Sent
from taizhang.notify.settings import Channel, Settings

BEIJING = dt.timezone(dt.timedelta(hours=8))
DUE = dt.date(2023, 9, 3)
WECOM = Channel("qun", "wecom", webhook_env="W")


@pytest.fixture
def ledger(ledger_root: Path) -> Ledger:
    loaded = repository.load(ledger_root, only=[]).ledger
    unit = loaded.units["xinfu"]
    loaded.units["xinfu"] = dataclasses.replace(unit, notify={"qun": {"mobiles": ["13800000001"]}})
    return loaded


def settings(**changes: object) -> Settings:
    base = Settings(
        before_days=None, on_due_day=True, overdue_every=3, summary=False, record_branch="b", channels={"qun": WECOM}
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def ob(status: str = "pending", unit: str = "xinfu", due: dt.date = DUE) -> Obligation:
    return Obligation(unit, "monthly", "2023-08", "2023", due, f"reports/2023-08/{unit}.yml", None, status, 0)


def texts(
    ledger: Ledger, obligations: list[Obligation], day: str, conf: Settings | None = None, record: Record | None = None
) -> list[str]:
    plan = decide(
        obligations, ledger, conf or settings(), record or Record(), dt.date.fromisoformat(day), Repo(None), {}
    )
    return [m.text for m in plan.messages]


def test_the_window_before_the_deadline_is_the_plans_unless_configured(ledger: Ledger) -> None:
    assert texts(ledger, [ob()], "2023-08-30") == []  # the plan's due_soon_days: 3
    assert len(texts(ledger, [ob()], "2023-08-31")) == 1
    assert "还有 7 天" in texts(ledger, [ob()], "2023-08-27", settings(before_days=7))[0]
    assert texts(ledger, [ob()], "2023-08-26", settings(before_days=7)) == []


def test_the_day_itself_can_be_left_out(ledger: Ledger) -> None:
    assert "今天" in texts(ledger, [ob()], "2023-09-03")[0]
    assert texts(ledger, [ob()], "2023-09-03", settings(on_due_day=False)) == []


def test_the_overdue_cadence_counts_from_the_last_delivery_not_the_calendar(ledger: Ledger) -> None:
    sent = Record({Sent(dt.date(2023, 9, 5), "monthly/2023-08/xinfu/overdue", "qun")})
    assert texts(ledger, [ob("overdue")], "2023-09-07", record=sent) == []
    assert "已逾期 5 天" in texts(ledger, [ob("overdue")], "2023-09-08", record=sent)[0]
    every_day = settings(overdue_every=1)
    assert texts(ledger, [ob("overdue")], "2023-09-05", every_day, sent) == []
    assert "已逾期 3 天" in texts(ledger, [ob("overdue")], "2023-09-06", every_day, sent)[0]


def test_a_return_and_an_extension_are_each_told_once(ledger: Ledger) -> None:
    returned = dataclasses.replace(
        ob("returned"), returns=(Returned(dt.datetime(2023, 9, 2, 10, tzinfo=BEIJING), "进展情况过于简略"),)
    )
    text = texts(ledger, [returned], "2023-09-02")[0]
    assert "2023年8月月度进展情况：已被退回（进展情况过于简略），请修改后重新提交。" in text
    told = Record({Sent(dt.date(2023, 9, 2), "monthly/2023-08/xinfu/returned-1", "qun")})
    assert all("退回" not in t for t in texts(ledger, [returned], "2023-09-02", record=told))

    later = dt.date(2023, 9, 10)
    extended = dataclasses.replace(ob("pending", due=later), original_due=DUE)
    text = texts(ledger, [extended], "2023-09-04")[0]
    assert "2023年8月月度进展情况：已同意延期，截止日期改为 2023年9月10日（星期日）。" in text
    told = Record({Sent(dt.date(2023, 9, 4), "monthly/2023-08/xinfu/extended-2023-09-10", "qun")})
    assert texts(ledger, [extended], "2023-09-05", record=told) == []


def test_a_unit_without_contacts_is_reported_and_an_unknown_channel_is_a_problem(ledger: Ledger) -> None:
    unit: Unit = ledger.units["yuanping"]
    ledger.units["yuanping"] = dataclasses.replace(unit, notify={"nowhere": {}})
    plan = decide(
        [ob(unit="dingxiang"), ob(unit="yuanping")], ledger, settings(), Record(), dt.date(2023, 9, 1), Repo(None), {}
    )
    assert plan.messages == []
    assert plan.unreachable == ["dingxiang", "yuanping"]
    assert plan.problems == ["units/yuanping.yml：notify 中的通道“nowhere”未在 taizhang.yml 的 notify.channels 中定义"]


def test_a_unit_owing_many_things_gets_as_many_messages_as_its_platform_needs(ledger: Ledger) -> None:
    months = [f"2022-{m:02d}" for m in range(1, 13)]
    owed = [
        Obligation("xinfu", "monthly", m, "2023", DUE, f"reports/{m}/xinfu.yml", None, "overdue", 30) for m in months
    ]
    repo = Repo("https://github.com/xinzhou-jtj/taizhang")
    plan = decide(owed, ledger, settings(), Record(), dt.date(2023, 9, 10), repo, {})
    assert len(plan.messages) == 2
    assert all(len(m.text.encode()) <= 2000 for m in plan.messages)  # WeCom refuses text over 2,048 bytes
    items = [key for m in plan.messages for key in m.items]
    assert items == [f"monthly/{m}/xinfu/overdue" for m in months]
    assert all(f"filename=reports/{m}/xinfu.yml" in "".join(x.text for x in plan.messages) for m in months)
