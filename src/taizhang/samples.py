"""Realistic sample text (示例数据) for demos and tests, always marked as sample data.

Deterministic: the same unit, period and task always give the same text.
"""

from __future__ import annotations

import random

from taizhang.data.model import Task, Unit
from taizhang.tracking.kinds import Period

MARK = "【示例数据】"

# Progress sentences per task of the bundled plan; {unit} is the unit's short name.
_PROGRESS: dict[str, list[str]] = {
    "t1": [
        "召开党组理论学习中心组会议，专题学习习近平生态文明思想和《习近平生态文明思想学习纲要》相关章节",
        "将碳达峰碳中和内容纳入本年度中心组学习计划，组织干部职工开展生态环境保护专题学习",
        "落实生态环境保护“一岗双责”，结合主题教育开展绿色交通专题研讨",
    ],
    "t2": [
        "对照中央生态环境保护督察反馈问题整改清单逐项梳理，建立整改台账并实行销号管理",
        "配合开展督察反馈问题整改“回头看”，对已完成整改事项进行复核",
    ],
    "t3-1": [
        "对在建交通建设项目开展环境影响评价和水土保持制度落实情况检查",
        "督促已完工项目开展竣工环保验收，严格执行基本建设审批程序",
    ],
    "t3-2": [
        "在农村公路建设中推行绿色施工，对施工便道和取弃土场进行生态修复",
        "推进绿色公路典型示范工程，完成路域绿化和边坡防护",
    ],
    "t4-1": [
        "协调重点企业推进大宗货物“公转铁”，本月铁路运量占比较上月有所提高",
        "开展城市绿色货运配送体系调研，推动物流园区与铁路专用线衔接",
    ],
    "t4-2": [
        "新增新能源公交车辆并投入运营，巡游出租车更新车辆全部为新能源或甲醇汽车",
        "对辖区老旧营运货车开展摸底，引导有序淘汰国三及以下排放标准车辆",
    ],
    "t4-3": [
        "优化城市公交线网，新开通通往郊区乡镇的公交线路",
        "开展公交出行宣传，推广定制客运和线上购票服务",
    ],
    "t5-1": [
        "开展柴油货车污染治理专项执法检查，查处超标排放车辆",
        "落实秋冬季大气污染综合治理措施，加强重点路段和货运场站巡查",
    ],
    "t5-2": [
        "对在建交通工程施工工地开展扬尘治理检查，督促落实围挡、覆盖、洒水等措施",
        "加强公路日常养护，开展“灌缝补坑”作业，提高机械化清扫频次",
    ],
    "t5-3": [
        "对辖区机动车排放检验与维护（M站）开展全覆盖监督检查",
        "开展非道路移动机械进出场信息登记，建立编码登记台账",
    ],
    "t5-4": [
        "在客运站设置塑料废弃物分类收集点，推动场站接收与城市转运处置衔接",
        "督促客运企业落实塑料污染治理主体责任，开展专项检查",
    ],
    "t6-1": [
        "配合当地政府开展交通运输领域碳达峰前期研究，收集行业能源消费统计数据",
        "建立行业能源消费和碳排放统计报送机制，明确统计人员",
    ],
    "t6-2": [
        "在公路建设项目中推广路面材料循环利用技术，利用粉煤灰、煤矸石等工业固废",
        "推进场站清洁取暖改造，推广地源热泵技术",
    ],
    "t6-3": [
        "配合推进公路沿线充电设施建设，在旅游公路驿站新建公共充电桩",
        "梳理农村公路沿线乡镇充电设施布点需求，形成建设清单",
    ],
    "t6-4": [
        "组织开展绿色交通先进技术推广应用，推进智慧交通和交通能源融合项目",
        "开展行业碳排放统计监测技术交流，推广可再生能源与建筑一体化技术",
    ],
    "t6-5": [
        "组织开展“节能宣传周”“全国低碳日”宣传活动，发放宣传资料",
        "推进绿色低碳机关建设，落实节水、节能、垃圾分类措施",
    ],
}
_GENERIC = ["按照任务分工推进{title}相关工作，完成阶段性目标", "围绕{title}开展调研督导，建立工作台账"]
_PROBLEMS = [
    "资金保障压力较大，部分项目进度受到影响",
    "基层专业技术人员不足，统计数据报送质量有待提高",
    "部分企业主体责任落实不到位，需加强督促",
    "",
    "",
]
_NEXT = [
    "继续加大督导力度，确保按期完成年度目标",
    "加强与相关部门的协调配合，推动问题整改落实",
    "完善工作台账，按月报送进展情况",
]
_STATUS = ["正常推进"] * 6 + ["滞后", "已完成"]


def _rng(*parts: str) -> random.Random:
    return random.Random("/".join(parts))


def progress(unit: Unit, period: str, task: Task) -> dict[str, object]:
    """A monthly entry for `task`: status, progress, problems, next steps, maybe a figure."""
    rng = _rng(unit.id, period, task.id)
    bank = _PROGRESS.get(task.id) or [g.format(title=task.title) for g in _GENERIC]
    parsed = Period.of(period)
    when = f"{int(period[5:7])}月" if parsed.cadence == "month" else parsed.zh
    done = rng.choice(bank)
    entry: dict[str, object] = {
        "status": rng.choice(_STATUS),
        "progress": f"{MARK}{when}，{unit.name}{done}。",
    }
    problem = rng.choice(_PROBLEMS)
    if problem:
        entry["problems"] = f"{MARK}{problem}。"
    entry["next_steps"] = f"{MARK}{rng.choice(_NEXT)}。"
    if task.id in ("t4-2", "t5-1", "t5-3") and rng.random() < 0.7:
        name, unit_name = {
            "t4-2": ("新增新能源车辆", "辆"),
            "t5-1": ("检查货运车辆", "辆次"),
            "t5-3": ("检查M站", "家"),
        }[task.id]
        entry["figures"] = [{"name": name, "value": rng.randint(3, 60), "unit": unit_name}]
    return entry


def study_session(unit: Unit, period: str) -> dict[str, object]:
    rng = _rng(unit.id, period, "study")
    return {
        "date": f"{period}-{rng.randint(8, 26):02d}",
        "topic": f"{MARK}中心组专题学习习近平生态文明思想及碳达峰碳中和有关决策部署",
        "participants": rng.randint(8, 25),
    }


def plan_entry(unit: Unit, year: int, task: Task) -> dict[str, object]:
    rng = _rng(unit.id, str(year), task.id, "plan")
    bank = _PROGRESS.get(task.id) or [g.format(title=task.title) for g in _GENERIC]
    return {
        "measures": f"{MARK}{rng.choice(bank)}，明确时间表、路线图、责任人。",
        "owner": f"{MARK}分管副局长",
        "milestones": [
            {"by": f"{year}-09-30", "goal": f"{MARK}完成前期摸底和方案制定"},
            {"by": f"{year}-12-31", "goal": f"{MARK}完成年度目标任务"},
        ],
    }


def summary_entry(unit: Unit, year: int, task: Task) -> dict[str, object]:
    rng = _rng(unit.id, str(year), task.id, "summary")
    bank = _PROGRESS.get(task.id) or [g.format(title=task.title) for g in _GENERIC]
    return {
        "status": rng.choice(["已完成", "已完成", "基本完成"]),
        "achievements": f"{MARK}全年{rng.choice(bank)}，完成年度任务。",
        "problems": f"{MARK}{rng.choice([p for p in _PROBLEMS if p])}。",
        "next_year": f"{MARK}{rng.choice(_NEXT)}。",
    }
