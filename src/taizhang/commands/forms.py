"""`taizhang forms [--check]`: the typed issue forms in .github/ISSUE_TEMPLATE/, one per unit and report kind.

Written from the registry and the JSON Schemas (issueforms.py); with --check, nothing is written and the
exit code is 1 when a committed form is stale, missing or left over (CI runs it, as for CODEOWNERS).
Forms this command did not write (report.yml, the paste-your-YAML form) are never touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

from taizhang.commands import valid_ledger
from taizhang.host import issueforms


def run(root: Path, check: bool) -> int:
    expected = issueforms.render_all(valid_ledger(root))
    folder = root / issueforms.FOLDER
    ours = {
        f"{issueforms.FOLDER}/{p.name}": p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.yml"))
        if p.is_file() and p.read_text(encoding="utf-8").startswith(issueforms.HEAD)
    }
    stale = sorted(p for p in expected if ours.get(p) != expected[p])
    extra = sorted(set(ours) - set(expected))
    if check:
        for path in stale:
            print(f"{path}：{'已过期' if path in ours else '缺少'}", file=sys.stderr)
        for path in extra:
            print(f"{path}：多余（单位已无此类报告）", file=sys.stderr)
        if stale or extra:
            print(
                f"{issueforms.FOLDER}/ 中的填报表单与单位、任务或 JSON Schema 不一致；"
                "请运行 taizhang forms 重新生成，并与相关改动一起提交。",
                file=sys.stderr,
            )
            return 1
        print(f"{issueforms.FOLDER}/ 中的 {len(expected)} 份填报表单都是最新的。", file=sys.stderr)
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for path in stale:
        (root / path).write_text(expected[path], encoding="utf-8")
    for path in extra:
        (root / path).unlink()
    print(f"已生成 {len(stale)} 份、删除 {len(extra)} 份填报表单，共 {len(expected)} 份。", file=sys.stderr)
    return 0
