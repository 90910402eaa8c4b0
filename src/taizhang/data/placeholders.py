"""What `taizhang init` left for the maintainer (pure): guesses to confirm and blanks to fill in.

A new ledger's unit registry is drafted from the plan's text. Each guessed unit or group says
`draft: true` (D501) until the maintainer has checked its code, name, kind and groups; a unit whose
file says `accounts: []` needs the accounts that may submit for it (D502), and `contact: ""` a contact
(D503) — a unit without the accounts line is one the maintainers submit for, as before; the
repository needs its maintainers (D504) and its real address (D505). A drafted group the plan names
without listing its units (各县交通运输局) has no members yet (D506, in place of R411). Like crossref.py, returns Findings.
"""

from __future__ import annotations

from taizhang.data.crossref import Finding
from taizhang.data.ledger import Ledger

CONFIG = "taizhang.yml"
BLANK = "待填写"  # the word taizhang init writes where it could not know the value


def check(ledger: Ledger) -> list[Finding]:
    found: list[Finding] = []
    for unit in ledger.units.values():
        if unit.draft:
            message = (
                f"单位“{unit.name}”由 taizhang init 根据原文猜测（代码、类别、所属分组），尚未确认；"
                "请核对后删去 draft 一行。"
            )
            found.append(Finding(unit.path, ("draft",), "D501", message))
        if "accounts" in unit.blanks:
            message = (
                f"单位“{unit.name}”还没有填报账号，没有人能提交它的报告；请在 accounts 中填写代码托管平台上的账号"
                '或团队，如 accounts: [zhangsan] 或 accounts: ["@组织/团队"]；也可以删去这一行，由维护人员代为提交。'
            )
            found.append(Finding(unit.path, ("accounts",), "D502", message))
        if "contact" in unit.blanks:
            message = f"单位“{unit.name}”的联系人尚未填写；请写上姓名和电话，或删去 contact 一行。"
            found.append(Finding(unit.path, ("contact",), "D503", message))
    for group in ledger.groups.values():
        if group.draft:
            message = (
                f"分组“{group.name}”由 taizhang init 根据原文猜测，尚未确认；请核对哪些单位属于它"
                "（单位文件的 groups），再删去 draft 一行。"
            )
            found.append(Finding(group.path, ("draft",), "D501", message))
            if not ledger.members(group.id):
                message = (
                    f"分组“{group.name}”还没有成员：原文没有逐一列出这些单位；请在 units/ 中登记它们，"
                    f"并在各单位文件的 groups 中加入“{group.id}”。"
                )
                found.append(Finding(group.path, ("id",), "D506", message))
    return found + _config(ledger)


def _config(ledger: Ledger) -> list[Finding]:
    config = ledger.config
    if config is None:
        return []
    found = []
    if not config.maintainers:
        message = "还没有登记维护人员（可以修改工作要点、单位名录和工作流的账号）；请在 maintainers 中填写，如 maintainers: [zhangsan]。"
        found.append(Finding(CONFIG, ("maintainers",), "D504", message))
    if config.repo_url and BLANK in config.repo_url:
        message = (
            f"仓库网址尚未填写（{config.repo_url}）；请改为代码托管平台上的仓库网址，如 https://github.com/组织/仓库。"
        )
        found.append(Finding(CONFIG, ("repository", "url"), "D505", message))
    return found
