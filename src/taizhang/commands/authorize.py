"""`taizhang authorize`: may this account change these files (the pull request's permission check)?"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from taizhang.commands import read_text
from taizhang.data import diagnostics, repository
from taizhang.errors import FatalError
from taizhang.host import access, actions, gate
from taizhang.site import escape


def run(
    root: Path,
    author: str | None,
    teams: str | None,
    files: Sequence[str],
    changes_file: str | None,
    auto_merge_eligible: bool,
    list_teams: bool,
    base: str | None = None,
    head: str | None = None,
    approver: str | None = None,
) -> int:
    if bool(base) != bool(head):
        raise FatalError("--base 和 --head 要一起给出：主分支的提交和拉取请求的头提交")
    if base and (files or changes_file):
        raise FatalError("给出 --base 和 --head 时，改动由 git 算出；不要再给文件或 --changes")
    # The registry: the base's, read through git, when judging a pull request; else the work tree's
    # (registry only; broken files are refused anyway).
    ledger = gate.base_ledger(root, base) if base else repository.load(root, only=[]).ledger
    if list_teams:
        sys.stdout.write("".join(team + "\n" for team in access.teams_named(ledger)))
        return 0
    if not author:
        raise FatalError("请用 --author 指定拉取请求的提交账号")
    who = access.Author.of(author, (teams or "").split(","))
    changes = gate.head_changes(root, base, head) if base and head else _changes(files, changes_file)
    refusals = access.authorize(ledger, who, changes)
    if approver:  # who merges: returns and extension requests need a reviewer (issue 12)
        refusals += access.approval_refusals(ledger, access.Author.of(approver), changes)
    if refusals:
        _report(refusals, f"权限检查未通过：账号 {author} 无权修改 {len(refusals)} 个文件。")
        return 1
    if not auto_merge_eligible:
        print(f"权限检查通过：账号 {author} 可以修改全部 {len(changes)} 处改动。", file=sys.stderr)
        return 0
    verdict = access.auto_merge(ledger, who, changes)
    if verdict.eligible:
        print(f"可以自动合并：只新增或修改了本单位的报告（{len(changes)} 个文件）。")
        return 0
    sys.stdout.write("".join(diagnostics.visible(reason) + "\n" for reason in verdict.reasons))
    print("不自动合并：需要维护人员审核后合并。", file=sys.stderr)
    return 1


def _changes(files: Sequence[str], changes_file: str | None) -> list[access.Change]:
    changes = [access.Change("M", p.removeprefix("./")) for p in files]
    if changes_file:
        changes += access.parse_changes(read_text(changes_file))
    elif not files:
        raise FatalError("请给出要检查的文件，或用 --changes 指定 git diff --name-status 的输出")
    return changes


def _report(refusals: list[access.Refusal], verdict: str) -> None:
    sys.stdout.write("".join(diagnostics.visible(f"{r.path}: 拒绝：{r.message}") + "\n" for r in refusals))
    print(verdict, file=sys.stderr)
    if not actions.active(os.environ):
        return
    sys.stdout.write("".join(diagnostics.github_error(r.path, "权限", r.message) for r in refusals))
    lines = "".join(f"- {diagnostics.code_span(r.path)}：{escape.inline(r.message)}\n" for r in refusals)
    actions.add_summary(os.environ, f"### ❌ {verdict}\n\n" + lines)
