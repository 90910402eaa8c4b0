"""Ledger: the questions asked of the whole ledger stay right when it changes after being asked."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from taizhang.data.ledger import Ledger
from tests import sitedata


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return sitedata.ledger_of(sitedata.bundled(tmp_path))


def test_a_unit_registered_after_the_first_question_is_among_its_groups_members(ledger: Ledger) -> None:
    assert "xinfu" in ledger.members("counties")

    new = dataclasses.replace(ledger.units["xinfu"], id="xinfu-2", name="新设区交通运输局", order=-1)
    ledger.units[new.id] = new

    assert ledger.members("counties")[0] == "xinfu-2"
    assert ledger.ordered_units()[0].id == "xinfu-2"
    assert "xinfu-2" in ledger.expand(("counties",))


def test_a_unit_leaving_a_group_is_no_longer_given_the_groups_tasks(ledger: Ledger) -> None:
    plan = ledger.latest_plan()
    assert plan is not None
    assert ledger.unit_tasks(plan.key, "xinfu")

    ledger.units["xinfu"] = dataclasses.replace(ledger.units["xinfu"], groups=())

    assert "xinfu" not in ledger.members("counties")
    assert ledger.unit_tasks(plan.key, "xinfu") == []


def test_a_task_given_to_another_unit_changes_the_assignments(ledger: Ledger) -> None:
    plan = ledger.latest_plan()
    assert plan is not None
    assert "t5-2" in [t.id for t, _ in ledger.unit_tasks(plan.key, "zhifadui")]

    # Only the roles differ, and a Task's roles take no part in ==: the change must still be seen.
    task = ledger.tasks[plan.key]["t5-2"]
    ledger.tasks[plan.key]["t5-2"] = dataclasses.replace(task, roles={"lead": ("jianguanke",)})

    assert "t5-2" not in [t.id for t, _ in ledger.unit_tasks(plan.key, "zhifadui")]
    assert [roles for t, roles in ledger.unit_tasks(plan.key, "jianguanke") if t.id == "t5-2"] == [["lead"]]
