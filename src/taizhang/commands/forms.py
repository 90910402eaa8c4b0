"""`taizhang forms [--check]`: the typed issue forms in .github/ISSUE_TEMPLATE/, one per unit and report kind.

Written from the registry and the JSON Schemas (issueforms.py); with --check, nothing is written and the
exit code is 1 when a committed form is stale, missing or left over (CI runs it, as for CODEOWNERS).
Forms this command did not write (report.yml, the paste-your-YAML form) are never touched.
`taizhang upgrade` brings them up to date too (`changes`), since a new engine may write them differently.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from taizhang.commands import valid_ledger
from taizhang.data.ledger import Ledger
from taizhang.host import issueforms


@dataclass(frozen=True)
class Changes:
    """The forms as committed (`ours`), as this engine writes them (`expected`), and what differs."""

    ours: dict[str, str]
    expected: dict[str, str]

    @property
    def stale(self) -> list[str]:
        """Missing or out of date."""
        return sorted(p for p in self.expected if self.ours.get(p) != self.expected[p])

    @property
    def extra(self) -> list[str]:
        """Written by taizhang forms for a unit or kind that no longer owes reports."""
        return sorted(set(self.ours) - set(self.expected))

    def write(self, root: Path) -> None:
        (root / issueforms.FOLDER).mkdir(parents=True, exist_ok=True)
        for path in self.stale:
            (root / path).write_text(self.expected[path], encoding="utf-8")
        for path in self.extra:
            (root / path).unlink()


def changes(root: Path, ledger: Ledger) -> Changes:
    folder = root / issueforms.FOLDER
    ours = {
        f"{issueforms.FOLDER}/{p.name}": p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.yml"))
        if p.is_file() and p.read_text(encoding="utf-8").startswith(issueforms.HEAD)
    }
    return Changes(ours, issueforms.render_all(ledger))


def run(root: Path, check: bool) -> int:
    found = changes(root, valid_ledger(root))
    stale, extra = found.stale, found.extra
    if check:
        for path in stale:
            print(f"{path}：{'已过期' if path in found.ours else '缺少'}", file=sys.stderr)
        for path in extra:
            print(f"{path}：多余（单位已无此类报告）", file=sys.stderr)
        if stale or extra:
            print(
                f"{issueforms.FOLDER}/ 中的填报表单与单位、任务或 JSON Schema 不一致；"
                "请运行 taizhang forms 重新生成，并与相关改动一起提交。",
                file=sys.stderr,
            )
            return 1
        print(f"{issueforms.FOLDER}/ 中的 {len(found.expected)} 份填报表单都是最新的。", file=sys.stderr)
        return 0
    found.write(root)
    print(f"已生成 {len(stale)} 份、删除 {len(extra)} 份填报表单，共 {len(found.expected)} 份。", file=sys.stderr)
    return 0
