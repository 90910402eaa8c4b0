"""The `taizhang` command: one thin function per subcommand."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from taizhang import diagnostics, exports, templates
from taizhang.errors import FatalError
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
    out: list[str] = []
    for name in given:
        full = Path(name).resolve()
        if not full.exists():
            raise FatalError(f"找不到文件或目录：{name}")
        try:
            rel = full.relative_to(root)
        except ValueError:
            raise FatalError(f"{name} 不在台账仓库 {root} 中") from None
        if full.is_dir():
            out += [p.relative_to(root).as_posix() for p in sorted(full.rglob("*")) if p.is_file()]
        else:
            out.append(rel.as_posix())
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


def cmd_import_plan(args: argparse.Namespace) -> int:
    from taizhang import importer, repository
    from taizhang.importer import files, names, render

    root = _root(args)
    source = Path(args.file)
    registry = names.Registry.from_ledger(repository.load(root, only=[]).ledger)
    result = importer.import_plan(files.read_text(source), registry, args.year)
    if args.format == "json":
        json.dump(render.as_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        out = None
        leftovers: list[str] = []
    else:
        out = Path(args.out) if args.out else root / "tasks" / str(result.plan["year"])
        leftovers = files.write_files(out, files.render_files(root, out.resolve(), result), args.force)
    for line in files.report(source, result, out, leftovers):
        print(line, file=sys.stderr)
    return files.exit_code(result)


def _is_month(value: str) -> bool:
    return (
        len(value) == 7
        and value[4] == "-"
        and value[:4].isdigit()
        and value[5:].isdigit()
        and 1 <= int(value[5:]) <= 12
    )


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
        print(f"错误：{exc}", file=sys.stderr)
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
