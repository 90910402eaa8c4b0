"""Report texts for the synthetic province: monthly progress, annual plans and summaries, 1–3 KB each.

The task-specific sentences are taizhang.samples' banks; the clauses with figures below make each
month's text differ, as real ones do. Every text carries the sample-data mark.
"""

from __future__ import annotations

import random

from province_data import MARK, ROLE_ZH, Unit, q

from taizhang import samples

_CLAUSES = [
    "组织召开专题推进会{a}次，研究部署{t}相关工作",
    "开展督导检查{a}次，发现问题{b}个，已整改{b}个",
    "印发《{u}{y}年{t}工作方案》，明确责任分工和完成时限",
    "完成投资{a}{b}万元，占年度计划的{p}%",
    "报送工作信息{a}篇，被上级部门采用{c}篇",
    "组织业务培训{a}场，培训人员{a}{b}人次",
    "与生态环境、公安交管等部门开展联合检查{a}次",
    "建立{t}工作台账，实行月调度、季通报",
    "对照年度目标逐项梳理进度，{p}%的任务节点按期完成",
    "深入基层一线调研{a}次，形成调研报告{c}篇",
]
_PROBLEMS = [
    "资金保障压力较大，部分项目进度受到影响",
    "基层专业技术人员不足，统计数据报送质量有待提高",
    "部分企业主体责任落实不到位，需加强督促",
    "受天气影响，部分户外施工作业时间缩短",
    "跨部门数据共享机制尚不健全，信息核实耗时较长",
    "个别项目前期手续办理周期较长",
]
_NEXT = [
    "继续加大督导力度，确保按期完成年度目标",
    "加强与相关部门的协调配合，推动问题整改落实",
    "完善工作台账，按月报送进展情况",
    "组织开展“回头看”，巩固已取得的工作成效",
    "总结推广先进经验做法，做好宣传引导",
]
_STATUS = ["正常推进"] * 7 + ["滞后", "已完成", "未启动"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "晓东",
    "建国",
    "海燕",
    "志刚",
]


def _clause(rng: random.Random, unit: Unit, year: int, title: str) -> str:
    template = rng.choice(_CLAUSES)
    return template.format(
        a=rng.randint(1, 9), b=rng.randint(0, 9), c=rng.randint(1, 5), p=rng.randint(60, 99),
        t=title, u=unit.name, y=year,
    )  # fmt: skip


def _phrases(task_id: str, title: str) -> list[str]:
    bank = samples._PROGRESS.get(task_id)
    return bank or [g.format(title=title) for g in samples._GENERIC]


def _contact(rng: random.Random) -> list[str]:
    name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
    return ["contact:", f"  name: {q(name)}", f'  phone: "0351-{rng.randint(2000000, 8999999)}"']


def _head(unit: Unit, what: str, plan_title: str, doc: str, kind: str) -> list[str]:
    return [
        f"# yaml-language-server: $schema=../../src/taizhang/schemas/{kind}.schema.json",
        f"# {unit.name} {what}",
        f"# 依据：《{plan_title}》（{doc}）",
        "# 示例数据：本文件由 scripts/gen-province 生成，仅供性能测试。",
    ]


def monthly(rng: random.Random, unit: Unit, period: str, titles: dict[str, tuple[str, str]],
            plan: tuple[str, str], study: bool, amended: bool = False) -> str:  # fmt: skip
    """reports/<period>/<unit>.yml: one entry per task the unit holds."""
    year, month = int(period[:4]), int(period[5:7])
    kind = "monthly"
    # About 2 KB whatever the number of tasks: fewer tasks, longer accounts of each.
    depth = min(4, max(0, (1900 // len(unit.tasks) - 450) // 85))
    lines = _head(unit, f"{year}年{month}月月度进展情况", *plan, kind)
    lines += [
        f"kind: {kind}",
        f"unit: {unit.id}",
        f"period: {q(period)}",
        "sample: true",
        *_contact(rng),
        "tasks:",
    ]
    for task_id, roles in unit.tasks:
        number, title = titles[task_id]
        done = [rng.choice(_phrases(task_id, title))]
        done += [_clause(rng, unit, year, title) for _ in range(rng.randint(max(0, depth - 1), depth))]
        note = "（本月更正：补充统计数据）" if amended else ""
        lines += [
            f"  # {number} {title}（本单位：{'、'.join(ROLE_ZH[r] for r in roles)}）",
            f"  {task_id}:",
            f"    status: {q(rng.choice(_STATUS))}",
            f"    progress: {q(f'{MARK}{month}月，{unit.name}' + '；'.join(done) + '。' + note)}",
        ]
        if rng.random() < (0.6 if depth else 0.3):
            lines.append(f"    problems: {q(MARK + rng.choice(_PROBLEMS) + '。')}")
        if depth or rng.random() < 0.5:
            lines.append(f"    next_steps: {q(MARK + rng.choice(_NEXT) + '。')}")
        if rng.random() < 0.3:
            lines += [
                "    figures:",
                f"      - name: {q('本月完成投资')}",
                f"        value: {rng.randint(10, 900)}",
                f"        unit: {q('万元')}",
            ]
    if study:
        lines.append("# 中心组学习：每季度至少学习 1 次。")
        if month % 3 != 1:
            day = rng.randint(8, 26)
            lines += [
                "study_sessions:",
                f'  - date: "{period}-{day:02d}"',
                f"    topic: {q(MARK + '中心组专题学习习近平生态文明思想及碳达峰碳中和有关决策部署')}",
                f"    participants: {rng.randint(8, 25)}",
            ]
        else:
            lines.append("study_sessions: []")
    return "\n".join(lines) + "\n"


def annual_plan(rng: random.Random, unit: Unit, year: int, titles: dict[str, tuple[str, str]],
                plan: tuple[str, str]) -> str:  # fmt: skip
    kind = "annual_plan"
    lines = _head(unit, f"{year}年度年度工作要点备案", *plan, kind)
    title = f"{unit.name}{year}年交通运输绿色低碳发展工作要点"
    lines += [f"kind: {kind}", f"unit: {unit.id}", f"year: {year}", f"title: {q(title)}", "sample: true"]
    lines += [*_contact(rng), "tasks:"]
    for task_id, _roles in unit.tasks:
        _number, task_title = titles[task_id]
        measures = rng.choice(_phrases(task_id, task_title))
        if len(unit.tasks) < 5:
            measures += "；" + _clause(rng, unit, year, task_title)
        lines += [
            f"  {task_id}:",
            f"    measures: {q(MARK + measures + '，明确时间表、路线图、责任人。')}",
            f"    owner: {q(MARK + '分管副局长')}",
            "    milestones:",
            f'      - by: "{year}-06-30"',
            f"        goal: {q(MARK + '完成前期摸底和方案制定')}",
            f'      - by: "{year}-12-31"',
            f"        goal: {q(MARK + '完成年度目标任务')}",
        ]
    return "\n".join(lines) + "\n"


def annual_summary(rng: random.Random, unit: Unit, year: int, titles: dict[str, tuple[str, str]],
                   plan: tuple[str, str]) -> str:  # fmt: skip
    kind = "annual_summary"
    lines = _head(unit, f"{year}年度年度工作总结", *plan, kind)
    summary = f"{MARK}{year}年，{unit.name}认真落实工作要点各项任务，总体进展顺利。"
    lines += [f"kind: {kind}", f"unit: {unit.id}", f"year: {year}", "sample: true", *_contact(rng)]
    lines += [f"summary: {q(summary)}", "tasks:"]
    for task_id, _roles in unit.tasks:
        _number, task_title = titles[task_id]
        done = rng.choice(_phrases(task_id, task_title))
        if len(unit.tasks) < 5:
            done += "；" + _clause(rng, unit, year, task_title)
        lines += [
            f"  {task_id}:",
            f"    status: {q(rng.choice(['已完成', '已完成', '基本完成']))}",
            f"    achievements: {q(MARK + '全年' + done + '，完成年度任务。')}",
            f"    problems: {q(MARK + rng.choice(_PROBLEMS) + '。')}",
            f"    next_year: {q(MARK + rng.choice(_NEXT) + '。')}",
        ]
    return "\n".join(lines) + "\n"
