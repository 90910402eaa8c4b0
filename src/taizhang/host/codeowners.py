""".github/CODEOWNERS, generated from the registry so that the code host asks the right people.

GitHub reads the file top to bottom and the last matching line wins, so the maintainers' catch-all
comes first, then receipts/ for the reviewing office, then each unit's report paths.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from taizhang.data.ledger import Ledger
from taizhang.host import access
from taizhang.tracking import kinds

PATH = ".github/CODEOWNERS"

HEADER = """\
# 本文件由 taizhang codeowners 根据 units/*.yml 的 accounts 和 taizhang.yml 的 maintainers 生成，请勿手工修改。
# 修改填报账号后运行 taizhang codeowners 重新生成并一起提交；CI 用 taizhang codeowners --check 检查它是否过期。
# 规则自上而下，后面的规则优先：先是维护人员的总规则，再是审核科室和各单位的报告路径。
"""


def owner(account: str) -> str:
    """How CODEOWNERS names an account: `@login` or `@org/team`."""
    return "@" + account.strip().removeprefix("@")


def render(ledger: Ledger) -> str:
    """The whole CODEOWNERS file."""
    lines = [HEADER]
    keepers = " ".join(owner(a) for a in access.maintainers(ledger))
    lines.append("# 维护人员：工作要点、重点任务、单位名录与分组、仓库配置、工作流（.github/）和程序代码")
    lines.append(f"*  {keepers}".rstrip() if keepers else "# （taizhang.yml 未登记维护人员）")
    lines.append("")
    offices = [u for u in access.reviewer_units(ledger) if u.accounts]
    if offices:
        names = "、".join(u.name for u in offices)
        accounts = " ".join(owner(a) for u in offices for a in u.accounts)
        lines += [f"# 审核科室（{names}）：纸质或邮件报送的登记", f"/receipts/  {accounts}", ""]
        lines += [f"# 审核科室（{names}）：退回报告，批准各单位的延期申请", f"/returns/  {accounts}"]
        lines += [f"/extensions/  {accounts}", ""]
    lines.append("# 各单位：本单位的月报、年度工作要点备案和年度工作总结")
    for unit in ledger.ordered_units():
        if not unit.accounts:
            lines.append(f"# {unit.name}（{unit.id}）：未登记填报账号，由维护人员代为提交")
            continue
        accounts = " ".join(owner(a) for a in unit.accounts)
        lines.append(f"# {unit.name}")
        for folder in dict.fromkeys(f"{k.folder}/" if k.folder else "" for k in kinds.KINDS.values() if k.has_file):
            lines.append(f"/reports/*/{folder}{unit.id}.yml  {accounts}")
    return "\n".join(lines) + "\n"


def stale_diff(committed: str | None, expected: str) -> str:
    """A unified diff from the committed file to the expected one; empty when up to date."""
    if committed == expected:
        return ""
    before = (committed or "").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(before, expected.splitlines(keepends=True), PATH + "（已提交）", PATH + "（应为）")
    )


def committed(root: Path) -> str | None:
    """The CODEOWNERS file of the repository at `root`, or None when there is none."""
    target = root / PATH
    return target.read_text(encoding="utf-8") if target.is_file() else None


def write(root: Path, expected: str) -> bool:
    """Write `expected` as the repository's CODEOWNERS unless it already says that; whether it wrote."""
    if committed(root) == expected:
        return False
    target = root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected, encoding="utf-8")
    return True
