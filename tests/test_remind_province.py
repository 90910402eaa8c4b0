"""催办 issues at province scale (scripts/gen_province.py: 1,000 units, 988 owing a monthly report):
the list is split over as many issues as it takes, and every unit owing has its own 填报 link with
its template, each issue within GitHub's 65,536-character body limit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from taizhang.host import remind
from taizhang.host.issuetext import BODY_LIMIT
from taizhang.tracking import status
from tests.conftest import province_repo


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("province") / "repo"
    province_repo(out, 1000, 1)
    return out


def test_every_one_of_a_thousand_units_gets_its_own_prefilled_link_within_the_body_limit(province: Path) -> None:
    as_of = dt.date(2023, 3, 2)  # February's reports are due on 3 March; nobody has filed one
    ledger, obligations = status.compute(province, as_of)
    february = [o for o in obligations if (o.kind, o.period) == ("monthly", "2023-02")]
    assert len(february) > 900 and all(o.status == "pending" for o in february)
    fills = remind.fills_for(province, ledger, february)
    actions = remind.plan(february, [], as_of, ledger, remind.Repo.of(ledger.config), fills)
    assert {a.action for a in actions} == {"create"}
    bodies = [a.payload["body"] for a in actions]
    assert all(len(body) <= BODY_LIMIT for body in bodies)
    total = len(actions)
    assert [a.payload["title"][-len(f"（{total}/{total}）") :] for a in actions][-1] == f"（{total}/{total}）"
    linked = [
        u for body in bodies for u in re.findall(r"new/main\?filename=reports/2023-02/([a-z0-9-]+)\.yml&value=", body)
    ]
    assert sorted(linked) == sorted(o.unit for o in february)  # each unit once, each with its template
    assert not any("未预填模板" in body for body in bodies)
    markers = [body.split("\n", 1)[0] for body in bodies]
    assert markers[0] == "<!-- taizhang:reminder monthly 2023-02 -->"
    assert markers[1:] == [f"<!-- taizhang:reminder monthly 2023-02 part {n} -->" for n in range(2, total + 1)]
