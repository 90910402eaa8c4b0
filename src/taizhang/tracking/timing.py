"""Which submission time counted, and whether it is 存疑, in Chinese (status, the site, the workbook).

Pure: from an Obligation's timing facts (obligations.py) to text such as
提交于 23:58，合并于 00:04，按提交时间计.
"""

from __future__ import annotations

import datetime as dt

from taizhang.data.model import Obligation
from taizhang.tracking.history import BACKWARDS, NOT_MERGE

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
COUNTED_ZH = {"handed_in": "按提交时间计", "merged": "超过宽限期，按合并时间计"}
DOUBT_ZH = {
    BACKWARDS: "存疑：提交日期早于主分支上的前一个提交（时间倒退）",
    NOT_MERGE: "存疑：不是拉取请求的合并提交（直接推送、快进或压缩合并），时间无法核实",
}


def timing_zh(o: Obligation) -> str:
    """提交于 23:58，合并于 00:04，按提交时间计; "" when the merge job recorded no hand-in."""
    if not o.counted or o.handed_in is None or o.merged_at is None:
        return ""
    handed, merged = o.handed_in.astimezone(BEIJING), o.merged_at.astimezone(BEIJING)
    form = "%H:%M" if (merged.date() - handed.date()).days <= 1 else "%Y-%m-%d %H:%M"
    return f"提交于 {handed.strftime(form)}，合并于 {merged.strftime(form)}，{COUNTED_ZH[o.counted]}"


def doubt_zh(o: Obligation) -> str:
    """存疑 and why, or "" when the submission time is vouched for (or nothing was submitted)."""
    return DOUBT_ZH.get(o.doubt, "") if o.submitted_at is not None else ""


def notes_zh(o: Obligation) -> str:
    """Both, each in full-width brackets, to follow a submission time: "（提交于 …）（存疑：…）"."""
    return "".join(f"（{text}）" for text in (timing_zh(o), doubt_zh(o)) if text)
