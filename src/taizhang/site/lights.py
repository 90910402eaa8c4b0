"""任务状态灯: the rule that turns units' latest progress statuses into a task's light (pure).

The rule is data: a plan may set `lights` in its plan.yml (the shares of units 滞后 or 未启动 above
which a task turns red or yellow); without it the default below applies, and the site says which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

LABELS = {
    "red": "滞后较多",
    "amber": "部分滞后",
    "green": "正常推进",
    "blue": "已完成",
    "none": "暂无报告",
}


@dataclass(frozen=True)
class LightRule:
    red: float = 0.25  # more than this share of units 滞后 → red
    amber: float = 0.1  # more than this share 滞后 or 未启动 → yellow
    own: bool = False  # set in the plan's data (else the default)

    def light(self, statuses: Sequence[str]) -> tuple[str, str]:
        """(css class, label) from the units' latest statuses."""
        if not statuses:
            return "none", LABELS["none"]
        n = len(statuses)
        behind = statuses.count("滞后")
        if behind > self.red * n:
            return "red", LABELS["red"]
        if behind + statuses.count("未启动") > self.amber * n:
            return "amber", LABELS["amber"]
        if all(s == "已完成" for s in statuses):
            return "blue", LABELS["blue"]
        return "green", LABELS["green"]

    def explain(self) -> str:
        """The rule in words, for the legend."""
        source = "本工作要点设定" if self.own else "默认规则（工作要点的 plan.yml 中未设定 lights 时采用）"
        return (
            f"状态灯按各单位最近一次月报中的推进状态，{source}："
            f"“滞后”的单位超过{_share(self.red)}为红；“滞后”和“未启动”的单位合计超过{_share(self.amber)}为黄；"
            "全部“已完成”为蓝；其余为绿。"
        )


def _share(value: float) -> str:
    if value == 0:
        return "零个（有一个即算）"
    frac = Fraction(value).limit_denominator(20)
    if float(frac) == value and frac.denominator in (2, 3, 4, 5):
        return f"{'二三四五'[frac.denominator - 2]}分之{'一二三四'[frac.numerator - 1]}"
    return f"{value * 100:g}%"


def rule_of(raw: Mapping[str, Any]) -> LightRule:
    """The plan's rule (its plan.yml `lights`), or the default."""
    lights = raw.get("lights")
    if not isinstance(lights, dict):
        return LightRule()
    default = LightRule()
    return LightRule(float(lights.get("red", default.red)), float(lights.get("amber", default.amber)), True)
