"""A synthetic province (示例省) for the benchmark: registry, yearly plans, tasks and report texts.

Everything is plain text built from phrase banks with one seeded random generator, so the same
arguments always give the same repository. The texts reuse taizhang.samples' banks for the tasks
of the bundled plan and are marked as sample data (示例数据) like every generated report.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from taizhang import samples

MARK = samples.MARK
PROVINCE = "示例省"
BUREAU = f"{PROVINCE}交通运输厅"

# (character, pinyin) for place names: two of them make a city or county name.
_SYLLABLES = [
    ("安", "an"), ("宁", "ning"), ("平", "ping"), ("清", "qing"), ("河", "he"), ("云", "yun"),
    ("德", "de"), ("兴", "xing"), ("华", "hua"), ("定", "ding"), ("临", "lin"), ("永", "yong"),
    ("长", "chang"), ("泰", "tai"), ("丰", "feng"), ("和", "he"), ("文", "wen"), ("怀", "huai"),
    ("东", "dong"), ("西", "xi"), ("南", "nan"), ("阳", "yang"), ("川", "chuan"), ("江", "jiang"),
    ("石", "shi"), ("林", "lin"), ("源", "yuan"), ("城", "cheng"), ("乐", "le"), ("昌", "chang"),
    ("康", "kang"), ("寿", "shou"), ("阜", "fu"), ("武", "wu"), ("靖", "jing"), ("广", "guang"),
    ("保", "bao"), ("荣", "rong"), ("岚", "lan"), ("汾", "fen"), ("潞", "lu"), ("柳", "liu"),
]  # fmt: skip

# Province-level offices (厅机关处室): lead tasks, do not report.
OFFICES = [
    ("bangongshi", "办公室"), ("guihua", "综合规划处"), ("caiwu", "财务审计处"), ("fagui", "政策法规处"),
    ("jianguan", "建设管理处"), ("gonglu", "公路处"), ("yunshu", "运输服务处"), ("anjian", "安全监督处"),
    ("keji", "科技处"), ("renshi", "人事处"), ("ganghang", "港航处"), ("jiguan-dangwei", "机关党委"),
]  # fmt: skip
# Province-level affiliated units (厅属单位).
AFFILIATED = [
    ("gonglu-zhongxin", "省公路事业发展中心"), ("yunshu-zhongxin", "省道路运输事业发展中心"),
    ("zhifa-zongdui", "省交通运输综合行政执法总队"), ("jianshe-zhongxin", "省交通建设工程质量安全监督中心"),
    ("youzheng-zhongxin", "省邮政业安全中心"), ("ganghang-zhongxin", "省港航事业发展中心"),
    ("xinxi-zhongxin", "省交通运输信息中心"), ("kexue-yanjiuyuan", "省交通运输科学研究院"),
]  # fmt: skip
# Units under each city and county: (id suffix, name suffix, group).
CITY_UNITS = [
    ("gonglu", "公路事业发展中心", "highway"),
    ("yunshu", "道路运输服务中心", "transport"),
    ("zhifa", "交通运输综合行政执法支队", "enforcement"),
    ("jianshe", "交通建设工程质量安全中心", "construction"),
]
COUNTY_UNITS = [
    ("gonglu", "公路段", "highway"),
    ("yunshu", "道路运输服务中心", "transport"),
    ("zhifa", "交通运输综合行政执法大队", "enforcement"),
]
COUNTIES_PER_CITY = 10
GROUPS = {
    "cities": ("各市交通运输局", ["各市交通运输局", "各设区市交通运输局"]),
    "counties": ("各县（市、区）交通运输局", ["各县（市、区）交通运输局", "各县市区交通运输局"]),
    "highway": ("各级公路事业发展机构", ["各市公路事业发展中心、各县公路段"]),
    "transport": ("各级道路运输服务机构", ["各市、县道路运输服务中心"]),
    "enforcement": ("各级交通运输综合行政执法机构", ["各级执法机构"]),
    "construction": ("各市交通建设工程质量安全中心", ["各市质监机构"]),
    "affiliated": ("厅属各单位", ["厅属各单位", "厅属相关单位"]),
    "offices": ("厅机关各处室", ["厅机关各处室", "各处室"]),
    "related": ("各相关单位", ["各相关单位", "相关单位"]),
}
REPORTING = ["cities", "counties", "highway", "transport", "enforcement", "construction", "affiliated"]
ANNUAL = ["cities", "counties"]

# The bundled plan's tasks, with roles given to the province's units and groups.
ROLES: dict[str, dict[str, list[str]]] = {
    "t1": {"responsible": ["yunshu", "jiguan-dangwei"], "implementing": ["cities", "counties", "affiliated"]},
    "t2": {"lead": ["yunshu"], "cooperating": ["related"]},
    "t3-1": {"responsible": ["jianguan", "guihua"], "cooperating": ["zhifa-zongdui", "jianshe-zhongxin"],
             "implementing": ["construction"]},
    "t3-2": {"responsible": ["jianguan", "gonglu"], "implementing": ["highway", "construction"]},
    "t4-1": {"lead": ["yunshu"], "cooperating": ["yunshu-zhongxin", "youzheng-zhongxin"],
             "implementing": ["cities", "counties", "transport"]},
    "t4-2": {"responsible": ["yunshu", "jianguan"], "cooperating": ["yunshu-zhongxin"],
             "implementing": ["cities", "counties", "transport"]},
    "t4-3": {"responsible": ["yunshu"], "cooperating": ["yunshu-zhongxin"],
             "implementing": ["cities", "transport"]},
    "t5-1": {"lead": ["zhifa-zongdui"], "implementing": ["counties", "enforcement"]},
    "t5-2": {"responsible": ["jianguan", "gonglu"],
             "implementing": ["highway", "construction", "enforcement"]},
    "t5-3": {"implementing": ["enforcement", "transport", "yunshu-zhongxin"]},
    "t5-4": {"lead": ["yunshu"], "cooperating": ["yunshu-zhongxin"], "implementing": ["transport"]},
    "t6-1": {"lead": ["yunshu"], "implementing": ["cities", "counties"]},
    "t6-2": {"responsible": ["jianguan"], "implementing": ["highway", "construction"]},
    "t6-3": {"responsible": ["gonglu"], "implementing": ["highway"]},
    "t6-4": {"lead": ["keji"], "responsible": ["affiliated"]},
    "t6-5": {"responsible": ["bangongshi", "cities", "counties", "affiliated"]},
}  # fmt: skip
ROLE_ORDER = ("lead", "responsible", "cooperating", "implementing")
ROLE_ZH = {"lead": "牵头", "responsible": "负责", "cooperating": "配合", "implementing": "落实"}


@dataclass
class Unit:
    id: str
    name: str
    full_name: str
    kind: str
    order: int
    groups: list[str]
    city: str  # the city whose reports it is submitted with ("" for province level)
    tasks: list[tuple[str, list[str]]] = field(default_factory=list)  # (task id, roles) it holds

    @property
    def account(self) -> str:
        return f"sj-{self.id}"[:39].rstrip("-")

    def reports(self) -> bool:
        return any(g in REPORTING for g in self.groups)


def q(value: object) -> str:
    """A safe YAML scalar: JSON's double-quoted strings are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def build_units(count: int, rng: random.Random) -> list[Unit]:
    """About `count` units: province offices and affiliated units, then cities with their counties."""
    units = [Unit(i, n, f"{BUREAU}{n}", "office", k, ["offices"], "") for k, (i, n) in enumerate(OFFICES, 1)]
    units += [Unit(i, n, f"{PROVINCE}{n[1:]}", "affiliated", len(units) + k, ["affiliated", "related"], "")
              for k, (i, n) in enumerate(AFFILIATED, 1)]  # fmt: skip
    names = _place_names(rng, count)
    while len(units) < count:
        city_name, city_id = next(names)
        city = city_name + "市"
        units.append(Unit(city_id, f"{city}交通运输局", f"{city}交通运输局", "other", len(units) + 1,
                          ["cities", "related"], city_id))  # fmt: skip
        for suffix, name, group in CITY_UNITS:
            units.append(Unit(f"{city_id}-{suffix}", f"{city}{name}", f"{city}{name}", "affiliated",
                              len(units) + 1, [group], city_id))  # fmt: skip
        for _ in range(COUNTIES_PER_CITY):
            if len(units) >= count:
                break
            county_name, county_id = next(names)
            county = county_name + rng.choice("县县县区区市")
            units.append(Unit(county_id, f"{county}交通运输局", f"{city}{county}交通运输局", "county",
                              len(units) + 1, ["counties"], city_id))  # fmt: skip
            for suffix, name, group in COUNTY_UNITS:
                units.append(Unit(f"{county_id}-{suffix}", f"{county}{name}", f"{city}{county}{name}",
                                  "affiliated", len(units) + 1, [group], city_id))  # fmt: skip
    units = units[: max(count, len(OFFICES) + len(AFFILIATED) + 1)]
    _assign_tasks(units)
    return units


def _place_names(rng: random.Random, count: int):  # type: ignore[no-untyped-def]
    used = {u for u, _ in OFFICES} | {u for u, _ in AFFILIATED}
    seen: set[str] = set()
    while True:
        (a, pa), (b, pb) = rng.sample(_SYLLABLES, 2)
        base = pa + pb
        ident = base if base not in used else f"{base}{rng.randint(2, 99)}"
        if a + b in seen or ident in used:
            continue
        seen.add(a + b)
        used.add(ident)
        yield a + b, ident


def _assign_tasks(units: list[Unit]) -> None:
    """Which tasks each unit holds, the way Ledger.roles expands groups (explicit units keep their role)."""
    by_id = {u.id: u for u in units}
    for task_id, roles in ROLES.items():
        explicit = {ref for refs in roles.values() for ref in refs if ref in by_id}
        held: dict[str, list[str]] = {}
        for role in ROLE_ORDER:
            for ref in roles.get(role, []):
                members = [ref] if ref in by_id else [u.id for u in units if ref in u.groups]
                for unit_id in members:
                    if (unit_id == ref or unit_id not in explicit) and role not in held.setdefault(unit_id, []):
                        held[unit_id].append(role)
        for unit_id, unit_roles in held.items():
            by_id[unit_id].tasks.append((task_id, unit_roles))


def unit_text(unit: Unit) -> str:
    lines = [
        "# yaml-language-server: $schema=../src/taizhang/schemas/unit.schema.json",
        f"id: {unit.id}",
        f"name: {unit.name}",
        f"full_name: {unit.full_name}",
        f"kind: {unit.kind}",
        f"order: {unit.order}",
        f"groups: [{', '.join(unit.groups)}]",
        f"accounts: [{unit.account}]",
    ]
    return "\n".join(lines) + "\n"


def group_texts() -> dict[str, str]:
    out = {}
    for key, (name, aliases) in GROUPS.items():
        lines = [
            "# yaml-language-server: $schema=../src/taizhang/schemas/group.schema.json",
            f"id: {key}",
            f"name: {name}",
        ]
        lines += ["aliases:", *(f"  - {a}" for a in aliases)]
        out[f"groups/{key}.yml"] = "\n".join(lines) + "\n"
    return out


def config_text() -> str:
    return (
        "# yaml-language-server: $schema=src/taizhang/schemas/config.schema.json\n"
        "# 示例数据：scripts/gen-province 生成的省级规模性能测试仓库\n"
        f"site:\n  name: {PROVINCE}交通运输绿色低碳发展工作台账\n  url: https://example.org/taizhang/\n"
        "repository:\n  host: github\n  url: https://github.com/example-province/taizhang\n  branch: main\n"
        "maintainers: [sj-maintainer]\n"
        "demo: true\n"  # every report is sample data (示例数据), allowed only in a demo repository
    )


def read_bundled_tasks(repo: Path) -> dict[str, dict[str, object]]:
    """The bundled 2023 tasks, read from the project's own tasks/2023/ folder."""
    out = {}
    for path in sorted((repo / "tasks" / "2023").glob("t*.yml")):
        out[path.stem] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return out


def plan_files(year: int, bundled: dict[str, dict[str, object]], names: dict[str, str]) -> dict[str, str]:
    """tasks/<year>/plan.yml and one file per task: the bundled plan generalised to the province."""
    number = 10 + year % 7
    plan = f"""# yaml-language-server: $schema=../../src/taizhang/schemas/plan.schema.json
title: {year}年交通运输绿色低碳发展工作要点
notice_title: {BUREAU}关于印发《{year}年交通运输绿色低碳发展工作要点》的通知
issuer: {BUREAU}
document_number: 示交发〔{year}〕{number}号
issued: {year}-01-15
printed_by: {BUREAU}办公室
publicity: 此件公开发布
year: {year}
period:
  start: {year}-01
  end: {year}-12
addressees: [cities, affiliated, offices]
source: {BUREAU}文件 示交发〔{year}〕{number}号（示例数据）
reporting:
  timezone: Asia/Shanghai
  reviewer: yunshu
  holiday_shift: none
  due_soon_days: 3
  rules:
    - kind: annual_plan
      name: 年度工作要点备案
      who: [{", ".join(ANNUAL)}]
      to: yunshu
      every: year
      due: {{from: period_start, months: 2, day: last}}
    - kind: monthly
      name: 月度任务进展情况
      who: [{", ".join(REPORTING)}]
      to: yunshu
      every: month
      due: {{from: period_end, months: 1, day: 3}}
    - kind: annual_summary
      name: 年度工作总结
      who: [{", ".join(ANNUAL)}]
      to: yunshu
      every: year
      due: {{from: period_end, months: 1, day: last}}
    - kind: quarterly_study
      name: 中心组季度学习
      who: [{", ".join(ANNUAL)}]
      to: yunshu
      every: quarter
      min_sessions: 1
      due: {{from: period_end, months: 1, day: 3}}
"""
    files = {f"tasks/{year}/plan.yml": plan}
    for task_id, data in bundled.items():
        files[f"tasks/{year}/{task_id}.yml"] = _task_text(data, ROLES[task_id], names)
    return files


def _task_text(data: dict[str, object], roles: dict[str, list[str]], names: dict[str, str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../src/taizhang/schemas/task.schema.json",
        f"id: {data['id']}",
        f"number: {data['number']}",
        f"order: {data['order']}",
    ]
    group = data.get("group")
    if isinstance(group, dict):
        lines += ["group:", f"  number: {group['number']}", f"  title: {group['title']}"]
    text = str(data["text"]).replace("忻州市", PROVINCE).replace("市局", "省厅")
    lines += [f"title: {data['title']}", f"text: {q(text)}"]
    parts = [f"{'、'.join(names[r] for r in refs)}{ROLE_ZH[role]}" for role, refs in roles.items()]
    lines.append(f"note: {q('（' + '，'.join(parts) + '）')}")
    lines.append("roles:")
    lines += [f"  {role}: [{', '.join(refs)}]" for role, refs in roles.items()]
    return "\n".join(lines) + "\n"
