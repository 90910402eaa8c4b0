"""The `taizhang` command: one thin function per subcommand."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from taizhang import (
    access,
    codeowners,
    demo,
    diagnostics,
    escape,
    exports,
    gate,
    handin,
    importer,
    issueform,
    layout,
    load,
    remind,
    repository,
    status,
    templates,
)
from taizhang.errors import FatalError
from taizhang.importer import files as import_files
from taizhang.importer import render as import_render
from taizhang.importer.names import Registry
from taizhang.ledger import Ledger
from taizhang.validate import validate

Handler = Callable[[argparse.Namespace], int]


def find_root(start: Path) -> Path:
    """The ledger repository containing `start`: the nearest folder with taizhang.yml, units/ or tasks/."""
    for folder in (start, *start.parents):
        if (folder / "taizhang.yml").is_file() or ((folder / "units").is_dir() and (folder / "tasks").is_dir()):
            return folder
    raise FatalError(
        f"{start} 不在台账仓库中（找不到 taizhang.yml 或 units/、tasks/ 目录）；请在仓库根目录运行，或用 --root 指定"
    )


def _root(args: argparse.Namespace) -> Path:
    if args.root:
        root = Path(args.root).resolve()
        if not root.is_dir():
            raise FatalError(f"--root 指定的目录 {args.root} 不存在")
        return root
    return find_root(Path.cwd().resolve())


def _repo_paths(root: Path, given: Sequence[str]) -> list[str]:
    """Repository paths of the files and folders named, links not followed (validate reports them)."""
    out: list[str] = []
    listed: list[str] | None = None
    for name in given:
        full = Path(os.path.abspath(name))
        if not os.path.lexists(full):
            raise FatalError(f"找不到文件或目录：{name}")
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise FatalError(f"{name} 不在台账仓库 {root} 中") from None
        if full.is_dir() and not full.is_symlink():
            if listed is None:
                files, odd = layout.survey(root)
                listed = sorted([*files, *(entry.path for entry in odd)])
            out += [p for p in listed if rel == "." or p == rel or p.startswith(rel + "/")]
        else:
            out.append(rel)
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args)
    only = _repo_paths(root, args.paths) if args.paths else None
    result = validate(root, only)
    found = result.diagnostics
    if args.format == "json":
        sys.stdout.write(diagnostics.format_json(found))
    else:
        sys.stdout.write(diagnostics.format_text(found))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write(diagnostics.format_github(found))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(diagnostics.summary_markdown(found, result.files))
    if found:
        files = len({d.path for d in found})
        print(
            f"校验未通过：{len(found)} 处问题，涉及 {files} 个文件（共检查 {result.files} 个文件）。", file=sys.stderr
        )
        return 1
    print(f"校验通过：共检查 {result.files} 个文件，未发现问题。", file=sys.stderr)
    return 0


def _valid_ledger(root: Path) -> Ledger:
    """The registry (units, groups, plans, tasks), which must be valid; reports are not read."""
    result = validate(root, only=[])
    if result.diagnostics:
        sys.stderr.write(diagnostics.format_text(result.diagnostics))
        raise FatalError(
            f"单位、任务或工作要点数据有 {len(result.diagnostics)} 处问题，请先运行 taizhang validate 并修正"
        )
    return result.ledger


def cmd_export(args: argparse.Namespace) -> int:
    ledger = _valid_ledger(_root(args))
    plan = ledger.plans.get(args.plan) if args.plan else ledger.latest_plan()
    if plan is None:
        raise FatalError(f"找不到工作要点 {args.plan or ''}；现有：{'、'.join(ledger.plans) or '无'}")
    json.dump(exports.export(ledger, plan), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    ledger = _valid_ledger(root)
    kind = {"report": "monthly", "plan": "annual_plan", "summary": "annual_summary"}[args.what]
    period = args.period if kind == "monthly" else str(args.year)
    if kind == "monthly" and not _is_month(period):
        raise FatalError(f"--period 应为“年-月”，如 2023-08，而不是 {period}")
    path, text = templates.render(root, ledger, kind, args.unit, period, args.example)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    templates.write(root, path, text)
    print(f"已生成 {path}", file=sys.stderr)
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    root = _root(args)
    expected = codeowners.render(_valid_ledger(root))
    target = root / codeowners.PATH
    if args.stdout:
        sys.stdout.write(expected)
        return 0
    committed = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        diff = codeowners.stale_diff(committed, expected)
        if diff:
            sys.stdout.write(diff)
            print(
                f"{codeowners.PATH} 已过期：与 units/ 的 accounts 或 taizhang.yml 的 maintainers 不一致；"
                "请运行 taizhang codeowners 重新生成，并把它和账号的改动一起提交。",
                file=sys.stderr,
            )
            return 1
        print(f"{codeowners.PATH} 与登记的账号一致。", file=sys.stderr)
        return 0
    if committed != expected:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(expected, encoding="utf-8")
    print(f"已生成 {codeowners.PATH}" if committed != expected else f"{codeowners.PATH} 无需更新", file=sys.stderr)
    return 0


def _changes(args: argparse.Namespace) -> list[access.Change]:
    changes = [access.Change("M", p.removeprefix("./")) for p in args.files]
    if args.changes:
        text = sys.stdin.read() if args.changes == "-" else _read(args.changes)
        changes += access.parse_changes(text)
    elif not args.files:
        raise FatalError("请给出要检查的文件，或用 --changes 指定 git diff --name-status 的输出")
    return changes


def _read(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"无法读取 {name}：{exc.strerror}") from None


def cmd_authorize(args: argparse.Namespace) -> int:
    root = _root(args)
    if bool(args.base) != bool(args.head):
        raise FatalError("--base 和 --head 要一起给出：主分支的提交和拉取请求的头提交")
    if args.base and (args.files or args.changes):
        raise FatalError("给出 --base 和 --head 时，改动由 git 算出；不要再给文件或 --changes")
    # The registry: the base's, read through git, when judging a pull request; else the work tree's.
    ledger = gate.base_ledger(root, args.base) if args.base else repository.load(root, only=[]).ledger
    if args.list_teams:
        sys.stdout.write("".join(team + "\n" for team in access.teams_named(ledger)))
        return 0
    if not args.author:
        raise FatalError("请用 --author 指定拉取请求的提交账号")
    author = access.Author.of(args.author, (args.teams or "").split(","))
    changes = gate.head_changes(root, args.base, args.head) if args.base else _changes(args)
    refusals = access.authorize(ledger, author, changes)
    lines = [f"{r.path}: 拒绝：{r.message}" for r in refusals]
    if refusals:
        _report(lines, f"权限检查未通过：账号 {args.author} 无权修改 {len(refusals)} 个文件。", refusals)
        return 1
    if not args.auto_merge_eligible:
        print(f"权限检查通过：账号 {args.author} 可以修改全部 {len(changes)} 处改动。", file=sys.stderr)
        return 0
    verdict = access.auto_merge(ledger, author, changes)
    if verdict.eligible:
        print(f"可以自动合并：只新增或修改了本单位的报告（{len(changes)} 个文件）。")
        return 0
    sys.stdout.write("".join(diagnostics.visible(reason) + "\n" for reason in verdict.reasons))
    print("不自动合并：需要维护人员审核后合并。", file=sys.stderr)
    return 1


def _report(lines: list[str], verdict: str, refusals: list[access.Refusal]) -> None:
    sys.stdout.write("".join(diagnostics.visible(line) + "\n" for line in lines))
    print(verdict, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    sys.stdout.write("".join(diagnostics.github_error(r.path, "权限", r.message) for r in refusals))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(
                f"### ❌ {verdict}\n\n"
                + "".join(f"- {diagnostics.code_span(r.path)}：{escape.inline(r.message)}\n" for r in refusals)
            )


def cmd_remind(args: argparse.Namespace) -> int:
    root = _root(args)
    as_of = _date(args.as_of) if args.as_of else load.today_in_shanghai()
    issues = remind.issues_from_json(json.loads(_read(args.issues))) if args.issues else []
    try:
        status = importlib.import_module("taizhang.status")
    except ImportError:
        raise FatalError("这个版本的 taizhang 还不能计算报送情况（缺少 taizhang.status）") from None
    ledger, obligations = status.compute(root, as_of)
    sys.stderr.write(diagnostics.needs_revision_zh(ledger.rejected))
    repo = remind.Repo.of(ledger.config)
    actions = remind.plan(obligations, issues, as_of, ledger, repo, remind.fills_for(root, ledger, obligations))
    if args.format == "json":
        json.dump(remind.as_json(as_of, actions), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("".join(f"{a.action} {a.key} {a.number or ''}".rstrip() + "\n" for a in actions))
    print(f"催办：{len(actions)} 项操作（{as_of.isoformat()}）。", file=sys.stderr)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FatalError(f"日期应写成 年-月-日，如 2023-09-05，而不是 {value}") from None


def cmd_form(args: argparse.Namespace) -> int:
    body = sys.stdin.read() if args.body == "-" else _read(args.body)
    author = access.Author.of(args.author, (args.teams or "").split(","))
    result = issueform.receive(_root(args), body, author)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if result["ok"] else 1


def cmd_extract(args: argparse.Namespace) -> int:
    root = Path(args.root or ".").resolve()
    skipped = gate.extract(root, args.head, Path(args.out), args.base, args.changed_only)
    for path in skipped:
        print(f"{diagnostics.visible(path)}: 不是普通文件（符号链接、子模块等），未取出", file=sys.stderr)
    print(f"已取出 {args.head} 的数据文件到 {args.out}。", file=sys.stderr)
    return 1 if skipped else 0


def cmd_handin(args: argparse.Namespace) -> int:
    if not handin.is_commit_id(args.head):
        raise FatalError(f"--head 应为 40 位的提交编号，而不是 {args.head!r}")
    try:
        pull = json.loads(_read(args.pull))
        runs = json.loads(_read(args.runs)) if args.runs else {}
        timeline = json.loads(_read(args.timeline)) if args.timeline else []
        issue = json.loads(_read(args.issue)) if args.issue else None
        passed = dt.datetime.fromisoformat(args.checks_passed) if args.checks_passed else dt.datetime.now(dt.UTC)
        record = handin.from_api(pull, args.head, passed, runs, timeline, issue)
        trailers = handin.format_trailers(record)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FatalError(
            f"无法从代码托管平台的回答得出交件记录（{type(exc).__name__}: {exc}）；请检查 API 的返回内容"
        ) from None
    sys.stdout.write(trailers)
    return 0


def cmd_import_plan(args: argparse.Namespace) -> int:
    root = _root(args)
    source = Path(args.file)
    ledger = repository.load(root, only=[]).ledger  # registry only, even if imperfect
    registry = Registry.from_ledger(ledger)
    result = importer.import_plan(import_files.read_text(source), registry, args.year)
    out: Path | None = None
    leftovers: list[str] = []
    if args.format == "json":
        json.dump(import_render.as_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        out = Path(args.out) if args.out else root / "tasks" / str(result.plan["year"])
        site = ledger.config.site_url if ledger.config else None
        files = import_files.render_files(root, out.resolve(), result, site)
        leftovers = import_files.write_files(out, files, args.force)
    for line in import_files.report(source, result, out, leftovers):
        print(line, file=sys.stderr)
    return import_files.exit_code(result)


def cmd_build(args: argparse.Namespace) -> int:
    from taizhang import build

    root = _root(args)
    out = Path(args.out).resolve() if args.out else root / "site"
    as_of = args.as_of or load.today_in_shanghai()
    if args.no_mkdocs:
        build.generate(root, as_of, out)
        print(
            f"页面源文件已生成：{root / build.DOCS}（未运行 MkDocs；构建网站：mkdocs build -f {root / build.CONFIG}）",
            file=sys.stderr,
        )
        return 0
    build.build(root, as_of, out)
    print(f"网站已生成：{out}（页面源文件在 {root / build.DOCS}）", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from taizhang import serve

    serve.serve(_root(args), args.as_of or load.today_in_shanghai(), args.dev_addr)
    return 0


def _is_month(value: str) -> bool:
    return (
        len(value) == 7
        and value[4] == "-"
        and value[:4].isdigit()
        and value[5:].isdigit()
        and 1 <= int(value[5:]) <= 12
    )


def cmd_status(args: argparse.Namespace) -> int:
    root = _root(args)
    as_of: dt.date = args.as_of or load.today_in_shanghai()
    ledger, found = status.compute(root, as_of)
    sys.stderr.write(diagnostics.needs_revision_zh(ledger.rejected))
    if args.unit:
        if args.unit not in ledger.units:
            known = "、".join(sorted(ledger.units))
            raise FatalError(f"单位“{args.unit}”未登记；已登记的单位代码：{known}")
        found = [o for o in found if o.unit == args.unit]
    sys.stdout.write(status.render(ledger, found, as_of, args.format))
    overdue = sum(o.status == "overdue" for o in found)
    if args.fail_on_overdue and overdue:
        print(f"截至 {as_of.isoformat()} 有 {overdue} 项逾期未报送。", file=sys.stderr)
        return 1
    return 0


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        message = f"日期应写成“年-月-日”，如 2023-08-10，而不是 {value}"
        raise argparse.ArgumentTypeError(message) from None


def cmd_demo(args: argparse.Namespace) -> int:
    built = demo.build(_root(args), Path(args.out), force=args.force)
    done = f"已生成演示仓库 {args.out}：{built.commits} 次提交，{built.reports} 份示例报告（示例数据）。"
    print(done, file=sys.stderr)
    print(f"试一试：taizhang --root {args.out} status --as-of {built.settled.isoformat()}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="taizhang", description="台账：工作要点任务、单位与报告的校验、统计和公开。")
    parser.add_argument("--root", help="台账仓库根目录（默认从当前目录向上查找）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("validate", help="校验全部或指定的数据文件")
    p.add_argument("paths", nargs="*", help="要校验的文件或目录（默认整个仓库）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：逐行文字或 JSON 列表")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("export", help="导出工作要点、单位和任务（分组已展开为单位）")
    p.add_argument("--format", choices=["json"], default="json", help="输出格式")
    p.add_argument("--plan", help="工作要点（tasks/ 下的目录名，默认最新一份）")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("new", help="生成报告模板：report 月报、plan 年度工作要点、summary 年度总结")
    p.add_argument("what", choices=["report", "plan", "summary"])
    p.add_argument("--unit", required=True, help="单位代码，如 xinfu")
    p.add_argument("--period", help="月报的月份，如 2023-08")
    p.add_argument("--year", type=int, help="年度工作要点或总结的年度，如 2023")
    p.add_argument("--example", action="store_true", help="生成填好示例数据的完整报告（演示和测试用）")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("status", help="各单位应报事项、截止日期和报送情况（按时、迟报、逾期、未到期）")
    p.add_argument("--as-of", type=_as_of, help="统计日期，如 2023-08-10（默认今天，北京时间）")
    p.add_argument(
        "--format",
        choices=["table", "json", "csv", "md"],
        default="table",
        help="输出格式：table 表格（默认）、json、csv、md（Markdown）",
    )
    p.add_argument("--unit", help="只看一个单位，如 xinfu")
    p.add_argument("--fail-on-overdue", action="store_true", help="有逾期未报送时退出码为 1（用于 CI）")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("demo", help="生成演示仓库：按日期重放一个报送年度的提交（示例数据）")
    p.add_argument("--out", required=True, help="演示仓库的目录")
    p.add_argument("--force", action="store_true", help="目录已是 taizhang demo 生成的演示仓库时，删除后重建")
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("codeowners", help="根据单位填报账号生成 .github/CODEOWNERS")
    p.add_argument("--check", action="store_true", help="只检查已提交的文件是否过期（过期时退出码为 1）")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    p.set_defaults(handler=cmd_codeowners)

    p = sub.add_parser("authorize", help="检查账号能否修改这些文件（拉取请求的权限检查）")
    p.add_argument("files", nargs="*", metavar="FILE", help="改动的文件（仓库内路径）")
    p.add_argument("--author", help="拉取请求的提交账号")
    p.add_argument("--teams", help="该账号所属的团队，逗号分隔，如 org/a,org/b（由工作流查询后传入）")
    p.add_argument(
        "--changes",
        help="改动清单文件（- 为标准输入）：git diff --name-status [-z] 的输出，或代码托管平台 API 的文件列表（每行一个 JSON），含删除和重命名",
    )
    p.add_argument("--base", help="主分支的提交（如 origin/main）：单位名录和维护人员从这个提交读取")
    p.add_argument(
        "--head", help="拉取请求的头提交：改动由 git 从 --base 与它的共同祖先算出（含重命名、复制和文件类型）"
    )
    p.add_argument("--auto-merge-eligible", action="store_true", help="再判断能否自动合并（只新增或修改本单位的报告）")
    p.add_argument("--list-teams", action="store_true", help="列出单位名录中登记的全部团队，供工作流查询成员")
    p.set_defaults(handler=cmd_authorize)

    p = sub.add_parser("remind", help="催办：根据报送情况，列出需要新建、更新或关闭的议题")
    p.add_argument("--as-of", help="按哪一天计算（默认北京时间今天），如 2023-09-05")
    p.add_argument("--issues", help="现有议题的 JSON（gh issue list --json number,title,body,state,labels）")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式：逐项文字，或供工作流执行的 JSON"
    )
    p.set_defaults(handler=cmd_remind)

    p = sub.add_parser("form", help="读取填报表单议题中的报告，写入仓库并校验（供工作流使用）")
    p.add_argument("--body", required=True, help="议题正文所在的文件（- 为标准输入）")
    p.add_argument("--author", required=True, help="提交表单的账号")
    p.add_argument("--teams", help="该账号所属的团队，逗号分隔")
    p.set_defaults(handler=cmd_form)

    p = sub.add_parser(
        "extract",
        help="取出一个提交中的数据文件（只取普通文件）到目录，供主分支的程序校验",
        description="取出一个提交中的数据文件到新目录。退出码：0 已取出；1 已取出，但有符号链接、子模块等非普通文件未取出；2 无法取出。",
    )
    p.add_argument("--head", required=True, help="要取出的提交，如拉取请求的头提交")
    p.add_argument("--base", help="先把 --head 合并到这个提交（与合并后落到主分支上的内容相同）")
    p.add_argument("--out", required=True, help="新的空目录")
    p.add_argument(
        "--changed-only", action="store_true", help="只取出单位名录、任务等登记数据和 --head 改动的文件（需要 --base）"
    )
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("handin", help="合并报告时写入提交说明的交件记录（供自动合并工作流使用）")
    p.add_argument("--pull", required=True, help="拉取请求的 JSON（代码托管平台 API 的 pulls/编号）")
    p.add_argument("--head", required=True, help="经过检查、将要合并的头提交")
    p.add_argument("--runs", help="该头提交上 pull_request 事件的工作流运行（API actions/runs?head_sha=…）")
    p.add_argument("--timeline", help="拉取请求的时间线（API issues/编号/timeline），用于转为正式和重新打开的时间")
    p.add_argument("--issue", help="表单生成的拉取请求：议题的 JSON（createdAt、lastEditedAt）")
    p.add_argument("--checks-passed", help="主分支的程序判定通过的时间（默认现在）")
    p.set_defaults(handler=cmd_handin)

    p = sub.add_parser(
        "import-plan",
        help="从工作要点原文（PDF 转出的文本）导入工作要点和重点任务",
        description="读取工作要点原文，写出 plan.yml 和每项任务的文件（或打印 JSON）。"
        "退出码：0 全部导入且单位都已对应；1 已导入，但有单位名称未能对应或任务缺少分工"
        "（taizhang validate 会指出）；2 无法导入。",
    )
    p.add_argument("file", help="工作要点原文的文本文件（UTF-8 或 GBK）")
    p.add_argument("--out", help="写入的目录（默认 tasks/<年度>/）")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml", help="yaml 写文件（默认）；json 打印")
    p.add_argument("--year", type=int, help="工作要点的年度（默认从标题、文号或印发日期判断）")
    p.add_argument("--force", action="store_true", help="覆盖已有的同名文件")
    p.set_defaults(handler=cmd_import_plan)

    p = sub.add_parser("build", help="生成并构建公开网站（MkDocs Material）")
    p.add_argument("--as-of", type=_as_of, help="统计截至日期，如 2024-01-10（默认北京时间今天）")
    p.add_argument("--out", help="网站输出目录（默认仓库根目录下的 site/）")
    p.add_argument("--no-mkdocs", action="store_true", help="只生成页面源文件和 build/mkdocs.yml，不运行 MkDocs")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("serve", help="本地预览网站，数据文件改动后自动重新生成")
    p.add_argument("--as-of", type=_as_of, help="统计截至日期（默认北京时间今天）")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    p.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "new":
        if args.what == "report" and not args.period:
            parser.error("new report 需要 --period，如 --period 2023-08")
        if args.what != "report" and not args.year:
            parser.error(f"new {args.what} 需要 --year，如 --year 2023")
    handler: Handler = args.handler
    try:
        return handler(args)
    except FatalError as exc:
        print(f"错误：{diagnostics.visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        log = Path(tempfile.gettempdir()) / "taizhang-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            f"内部错误：这是 taizhang 的缺陷，不是您的数据问题。详细信息已写入 {log}，请反馈给维护人员。",
            file=sys.stderr,
        )
        return 3
