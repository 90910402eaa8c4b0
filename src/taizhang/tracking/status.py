"""`taizhang status`: who owes what on a given day, as a table, Markdown, JSON or CSV.

`compute()` is the one entry point the site and the commands share: validate the registry, read the
git history once, evaluate. The formatters are pure functions of its result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taizhang.data import diagnostics, layout
from taizhang.data.diagnostics import visible
from taizhang.data.ledger import Ledger
from taizhang.data.model import STATUS_ZH, Obligation
from taizhang.data.validate import validate
from taizhang.errors import FatalError
from taizhang.speed import cyclic_gc_paused
from taizhang.tracking import history, kinds, obligations, versions
from taizhang.tracking.kinds import zh as kind_zh
from taizhang.tracking.timing import doubt_zh, notes_zh, timing_zh

FIELDS = (
    "unit", "unit_name", "kind", "kind_name", "period", "plan", "due", "submitted_at",
    "status", "status_name", "days_late", "due_soon", "via", "path", "amended",
    "handed_in_at", "merged_at", "counted_from", "timing", "doubtful", "doubt",
    "first_landed_at", "valid_at", "original_due", "extended_due", "returns",
)  # fmt: skip
STATUS_ZH_ALWAYS = ("on_time", "late", "overdue", "pending")  # shown in the summary line even when 0
_COUNTED = ("reports/", "returns/", "extensions/")  # problems here do not stop status: they decide what counts
VIA_ZH = {"git": "代码仓库", "receipt": "收件登记"}


def compute(root: Path, as_of: dt.date, cache: Path | None = None) -> tuple[Ledger, list[Obligation]]:
    """The ledger of `root` and every obligation's status on `as_of`.

    Only what had landed on main by the end of `as_of` (Beijing) counts: when something landed later,
    the ledger is read as it was then (history.export of that commit), plan, reports, returns,
    extensions and receipts alike. The registry (units, groups, plans, tasks, receipts, calendar)
    must be valid, or this is a FatalError. A report that fails validation (需修改) stops nothing: it
    counts from its first version that passed validation, if any; its problems are kept in
    `ledger.rejected` for the commands and the site to tell. `cache`: the parse cache (repository.load).
    """
    until = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), obligations.BEIJING)
    tip = history.commit_at(root, until - dt.timedelta(seconds=1))
    if tip is None or tip[1]:
        return _compute(root, as_of, "HEAD", cache=cache)
    if not tip[0]:
        raise FatalError(f"截至 {as_of.isoformat()}，主分支上还没有任何提交（台账尚未建立）；请选择更晚的日期")
    with tempfile.TemporaryDirectory(prefix="taizhang-as-of-") as folder:
        history.export(root, tip[0], Path(folder), (*layout.DATA_DIRS, layout.CONFIG, layout.CALENDAR))
        return _compute(Path(folder), as_of, tip[0], git_root=root, cache=cache)


def _compute(
    data: Path, as_of: dt.date, tip: str, git_root: Path | None = None, cache: Path | None = None
) -> tuple[Ledger, list[Obligation]]:
    result = validate(data, cache=cache)
    registry = [
        d
        for d in diagnostics.errors(result.diagnostics)
        if not d.path.startswith(_COUNTED) and diagnostics.blocks(d.code)
    ]
    if registry:
        raise FatalError(
            f"单位、任务、工作要点、收件登记或节假日数据有 {len(registry)} 处问题"
            f"（首处：{registry[0].as_text()}）；请先运行 taizhang validate 并修正"
        )
    root = git_root or data
    ledger = result.ledger
    ledger.rejected = [d for d in diagnostics.errors(result.diagnostics) if _in_reports(d.path)]
    bad = {d.path for d in ledger.rejected}
    if bad:
        ledger.reports = [r for r in ledger.reports if r.path not in bad]
    with cyclic_gc_paused():  # neither makes cycles; each collection would walk all 60,000 reports' data
        identity = ledger.config.merge_identity if ledger.config else history.MERGE_IDENTITY
        carriers = {kind.counted_in for kind in kinds.KINDS.values() if kind.counted_in}
        studied = [r.path for r in ledger.reports if r.kind in carriers and r.data.get("study_sessions")]
        branch = None if tip == "HEAD" else tip
        landings = history.scan(root, branch, identity=identity, sessions=studied)
        valid = versions.validity(root, ledger, landings, bad, tip)
        return ledger, obligations.evaluate(ledger, landings, as_of, versions=valid)


def _in_reports(path: str) -> bool:
    return path == "reports" or path.startswith("reports/")


def rejected_note(ledger: Ledger, shown: int = 5) -> str | None:
    """For the site's home page: the same, in one paragraph."""
    files = sorted({visible(d.path) for d in ledger.rejected})
    if not files:
        return None
    listed = "、".join(files[:shown]) + (f" 等 {len(files)} 份" if len(files) > shown else "")
    return f"{listed}报告未通过校验（需修改），按未报送计；请相关单位按 taizhang validate 的提示修改后重新提交。"


def row(ledger: Ledger, o: Obligation) -> dict[str, Any]:
    """One obligation as JSON-ready data (the JSON and CSV outputs)."""
    unit = ledger.units.get(o.unit)
    return {
        "unit": o.unit,
        "unit_name": unit.name if unit else o.unit,
        "kind": o.kind,
        "kind_name": kind_zh(o.kind),
        "period": o.period,
        "plan": o.plan,
        "due": o.due.isoformat(),
        "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
        "status": o.status,
        "status_name": STATUS_ZH[o.status],
        "days_late": o.days_late,
        "due_soon": o.due_soon,
        "via": o.via if o.submitted_at else None,
        "path": o.path,
        "amended": [t.isoformat() for t in o.amended],
        "handed_in_at": o.handed_in.isoformat() if o.handed_in else None,
        "merged_at": o.merged_at.isoformat() if o.merged_at else None,
        "counted_from": o.counted or None,
        "timing": timing_zh(o) or None,
        "doubtful": bool(o.doubt) and o.submitted_at is not None,
        "doubt": doubt_zh(o) or None,
        "first_landed_at": _iso(o.first_landed_at),
        "valid_at": _iso(o.submitted_at),  # what submitted_at means: the first version that passed validation
        "original_due": (o.original_due or o.due).isoformat(),
        "extended_due": o.due.isoformat() if o.original_due and o.due != o.original_due else None,
        "returns": [{"at": r.at.isoformat(), "reason": r.reason} for r in o.returns],
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def format_json(ledger: Ledger, found: Sequence[Obligation]) -> str:
    return json.dumps([row(ledger, o) for o in found], ensure_ascii=False, indent=2) + "\n"


def format_csv(ledger: Ledger, found: Sequence[Obligation]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for o in found:
        data = row(ledger, o)
        data["amended"] = " ".join(data["amended"])
        data["returns"] = "；".join(f"{r['at']} {r['reason']}" for r in data["returns"])
        writer.writerow(data)
    return out.getvalue()


HEADER = ("单位", "报送事项", "期间", "截止日期", "报送时间（北京时间）", "状态")


def cells(ledger: Ledger, o: Obligation) -> tuple[str, ...]:
    """One obligation in Chinese, for the table and Markdown outputs."""
    unit = ledger.units.get(o.unit)
    when = "—"
    if o.submitted_at:
        when = o.submitted_at.astimezone(obligations.BEIJING).strftime("%Y-%m-%d %H:%M")
        when += "（收件登记）" if o.via == "receipt" else ""
        when += notes_zh(o)
        when += f"（后修改 {len(o.amended)} 次）" if o.amended else ""
    return (
        unit.name if unit else o.unit,
        kind_zh(o.kind),
        kinds.period_zh(o.period, o.kind),
        o.due.isoformat(),
        when,
        status_zh(o),
    )


def status_zh(o: Obligation) -> str:
    text = STATUS_ZH[o.status]
    if o.status in ("late", "overdue") or (o.status in ("needs_revision", "returned") and o.days_late):
        text += f" {o.days_late} 天"
    elif o.status == "pending" and o.due_soon:
        text = "未到期（临近截止）"
    if o.status == "returned":
        text += f"（原因：{o.returns[-1].reason}）"
    elif o.returns:
        text += f"（退回 {len(o.returns)} 次后补报）"
    if o.original_due and o.due != o.original_due:
        text += f"（延期至 {o.due.isoformat()}，原截止 {o.original_due.isoformat()}）"
    return text


def summary_zh(found: Sequence[Obligation], as_of: dt.date) -> str:
    counts = Counter(o.status for o in found)
    shown = ("on_time", "late", "overdue", "pending", "needs_revision", "returned")
    parts = "，".join(f"{STATUS_ZH[s]} {counts[s]}" for s in shown if counts[s] or s in STATUS_ZH_ALWAYS)
    return f"截至 {as_of.isoformat()}：共 {len(found)} 项，{parts}。"


def format_table(ledger: Ledger, found: Sequence[Obligation], as_of: dt.date) -> str:
    rows = [HEADER, *(cells(ledger, o) for o in found)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(_pad(text, widths[i]) for i, text in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", summary_zh(found, as_of)]) + "\n"


def format_md(ledger: Ledger, found: Sequence[Obligation], as_of: dt.date) -> str:
    lines = [
        f"### 报送情况（截至 {as_of.isoformat()}）",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(ledger, o)) + " |" for o in found]
    return "\n".join([*lines, "", summary_zh(found, as_of)]) + "\n"


def render(ledger: Ledger, found: Sequence[Obligation], as_of: dt.date, form: str) -> str:
    if form == "json":
        return format_json(ledger, found)
    if form == "csv":
        return format_csv(ledger, found)
    if form == "md":
        return format_md(ledger, found, as_of)
    return format_table(ledger, found, as_of)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
