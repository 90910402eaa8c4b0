"""The files behind 退回 and 延期: `taizhang review --return`, `review --extend`, `new extension`.

Each writes one small YAML file beside the report's place (returns/..., extensions/...), to be
committed and merged by pull request like everything else. Rendering is pure; write() is the edge.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from taizhang.data import layout, reviews
from taizhang.data.ledger import Ledger
from taizhang.data.load import parse_document
from taizhang.errors import FatalError
from taizhang.tracking import kinds

KINDS = tuple(kind.name for kind in kinds.KINDS.values() if kind.has_file)  # those with a file to return


def target(ledger: Ledger, kind: str | None, unit: str, period: str) -> tuple[str, str, str]:
    """(kind, unit, period) of a report the unit owes, or a FatalError saying what is wrong."""
    kind = kind or (kinds.MONTHLY if kinds.Period.parse(period, kinds.KINDS[kinds.MONTHLY].cadence) else None)
    if kind is None or kind not in kinds.KINDS:
        raise FatalError(f"--period {period} 不是月份；请用 --kind 指明哪一类报告，如 --kind annual_summary")
    if kinds.Period.parse(period, kinds.KINDS[kind].cadence) is None:
        raise FatalError(f"{kinds.zh(kind)}的 --period 写法不对：{period}（月报如 2023-08，年度报告如 2023）")
    if unit not in ledger.units:
        raise FatalError(f"单位“{unit}”未登记；已登记的单位代码：{'、'.join(sorted(ledger.units))}")
    plan = ledger.plan_for(kind, period)
    if plan is None or unit not in ledger.owes(plan, kind):
        name = ledger.units[unit].name
        raise FatalError(f"{name}在 {period} 无需报送{kinds.zh(kind)}（不是应报事项）；请检查单位、期间和 --kind")
    return kind, unit, period


def return_file(root: Path, what: tuple[str, str, str], at: dt.datetime, reason: str, by: str) -> tuple[str, str]:
    """(path, text) of the return file with one more return; earlier returns of the report are kept."""
    kind, unit, period = what
    if not reason.strip():
        raise FatalError('退回原因不能为空；请用 --return "原因" 写明需要修改什么')
    report = layout.report_path(kind, unit, period)
    if not (root / report).is_file():
        raise FatalError(f"{report} 不存在：只能退回已经报送的报告")
    path = layout.review_path("return", kind, unit, period)
    earlier: list[dict[str, Any]] = []
    if (root / path).is_file():
        document = parse_document(path, (root / path).read_bytes())
        if not isinstance(document.data, dict) or not isinstance(document.data.get("returns"), list):
            raise FatalError(f"{path} 已存在但无法读取；请先运行 taizhang validate {path} 并修正")
        earlier = document.data["returns"]
    entry: dict[str, Any] = {"at": at.isoformat(), "reason": reason.strip()}
    if by:
        entry["by"] = by
    header = [
        *layout.modeline(layout.schema_ref(root, path, "return", None)),
        f"# 退回：{report}（由审核科室填写，taizhang review --return 生成）",
    ]
    return path, _yaml(header, {"returns": [*earlier, entry]})


def extension_file(
    root: Path, ledger: Ledger, what: tuple[str, str, str], days: int, reason: str, by: str
) -> tuple[str, str]:
    """(path, text) of an extension request for `days` more; refused when the plan's rules forbid it."""
    kind, unit, period = what
    plan = ledger.plan_for(kind, period)
    assert plan is not None  # target() made sure
    rules = reviews.rules_of(plan)
    if days < 1 or days > rules.max_extension_days:
        raise FatalError(f"延期天数应为 1 至 {rules.max_extension_days} 天（《{plan.title}》的规定），而不是 {days}")
    if not reason.strip():
        raise FatalError('延期原因不能为空；请用 --reason "原因" 写明为什么需要延期')
    path = layout.review_path("extension", kind, unit, period)
    data: dict[str, Any] = {"days": days, "reason": reason.strip()}
    if by:
        data["requested_by"] = by
    header = [
        *layout.modeline(layout.schema_ref(root, path, "extension", None)),
        f"# 延期申请：{ledger.units[unit].name} {layout.report_path(kind, unit, period)}",
        "# 提交拉取请求后，由审核科室审核；合并即为批准，截止日期推后上面的天数，原截止日期保留在记录中。",
    ]
    return path, _yaml(header, data)


def write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _yaml(header: list[str], data: dict[str, Any]) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return "\n".join(header) + "\n" + body
