"""任务状态灯: a rule written in the plan's data, with an explained default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from taizhang.site import pages
from taizhang.site.lights import LightRule, rule_of
from tests import sitedata


def test_one_lagging_unit_of_fifteen_leaves_a_task_green_by_default() -> None:
    rule = rule_of({})
    assert rule.light(["滞后"] + ["正常推进"] * 14) == ("green", "正常推进")
    assert rule.light(["滞后"] * 2 + ["正常推进"] * 13) == ("amber", "部分滞后")
    assert rule.light(["滞后"] * 4 + ["正常推进"] * 11) == ("red", "滞后较多")
    assert rule.light(["已完成"] * 3) == ("blue", "已完成")
    assert rule.light([]) == ("none", "暂无报告")


def test_the_plans_own_thresholds_replace_the_default_and_the_legend_says_so() -> None:
    strict = rule_of({"lights": {"red": 0.1, "amber": 0}})
    assert strict == LightRule(0.1, 0.0, True)
    assert strict.light(["滞后"] + ["正常推进"] * 14) == ("amber", "部分滞后")
    assert strict.light(["滞后"] * 2 + ["正常推进"] * 13) == ("red", "滞后较多")
    assert "本工作要点设定" in strict.explain() and "超过10%为红" in strict.explain()
    assert "默认规则" in rule_of({}).explain() and "超过四分之一为红" in rule_of({}).explain()


def test_a_plan_yml_may_set_its_lights_and_the_task_list_follows_them(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    plan = root / "tasks" / "2023" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8") + "lights:\n  red: 0.5\n  amber: 0.2\n", encoding="utf-8")
    ledger = sitedata.ledger_of(root)  # valid against the plan schema
    site = pages.generate(ledger, [], dt.date(2023, 10, 10))
    assert "本工作要点设定" in site["tasks/index.md"] and "超过二分之一为红" in site["tasks/index.md"]
    assert "合计超过五分之一为黄" in site["index.md"]
