"""The `taizhang` command: parse the arguments, then call the command's function in taizhang.commands.

Each command is one module of taizhang.commands with a function of plain arguments that returns the
exit code: 0 no problem, 1 problems in the data, 2 cannot go on (FatalError), 3 a bug (logged).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taizhang.commands import (
    authorize,
    build,
    ci,
    codeowners,
    date_of,
    demo,
    export,
    export_docx,
    export_xlsx,
    extract,
    form,
    forms,
    handin,
    import_plan,
    import_xlsx,
    init,
    new,
    notify,
    remind,
    review,
    root_of,
    serve,
    status,
    upgrade,
    validate,
)
from taizhang.data import diagnostics, load
from taizhang.errors import FatalError
from taizhang.tracking import kinds

Handler = Callable[[argparse.Namespace], int]


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        message = f"日期应写成“年-月-日”，如 2023-08-10，而不是 {value}"
        raise argparse.ArgumentTypeError(message) from None


def _today(given: dt.date | None) -> dt.date:
    return given or load.today_in_shanghai()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="taizhang", description="台账：工作要点任务、单位与报告的校验、统计和公开。")
    parser.add_argument("--root", help="台账仓库根目录（默认从当前目录向上查找）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("validate", help="校验全部或指定的数据文件")
    p.add_argument("paths", nargs="*", help="要校验的文件或目录（默认整个仓库）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：逐行文字或 JSON 列表")
    p.set_defaults(handler=lambda a: validate.run(root_of(a.root), a.paths, a.format))

    p = sub.add_parser("export", help="导出工作要点、单位和任务（分组已展开为单位）")
    p.add_argument("--format", choices=["json"], default="json", help="输出格式")
    p.add_argument("--plan", help="工作要点（tasks/ 下的目录名，默认最新一份）")
    p.set_defaults(handler=lambda a: export.run(root_of(a.root), a.plan))

    p = sub.add_parser(
        "new",
        help="生成报告模板：report 进展情况（月报、季报等）、plan 年度工作要点、summary 年度总结；extension 延期申请",
    )
    p.add_argument("what", choices=["report", "plan", "summary", "extension"])
    p.add_argument("--unit", required=True, help="单位代码，如 xinfu")
    p.add_argument(
        "--period",
        help="进展情况的期间：月份如 2023-08，季度如 2024-Q1，半年如 2024-H1，一次性报送写截止日期如 2024-10-31",
    )
    p.add_argument("--year", type=int, help="年度工作要点或总结的年度，如 2023")
    p.add_argument("--example", action="store_true", help="生成填好示例数据的完整报告（演示和测试用）")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    _review_args(p)
    p.set_defaults(
        handler=lambda a: (
            review.request(root_of(a.root), a.unit, a.period or str(a.year), a.kind, a.days, a.reason, a.by, a.stdout)
            if a.what == "extension"
            else new.run(
                root_of(a.root), a.what, a.unit, a.period if a.what == "report" else str(a.year), a.example, a.stdout
            )
        )
    )

    p = sub.add_parser("review", help="审核科室：退回报告（--return 原因）或批准延期（--extend）")
    p.add_argument("--unit", required=True, help="单位代码，如 xinfu")
    p.add_argument("--period", required=True, help="报告期间：月报如 2023-08，年度报告如 2023（再加 --kind）")
    p.add_argument("--return", dest="return_reason", metavar="原因", help="退回这份报告，写明原因")
    p.add_argument("--extend", action="store_true", help="为这份报告延期（--days 天数 --reason 原因）")
    p.add_argument("--at", help="退回时间（默认现在，北京时间），如 2023-09-05T10:00:00+08:00")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    _review_args(p)
    p.set_defaults(
        handler=lambda a: review.run(
            root_of(a.root), a.unit, a.period, a.kind, a.return_reason, a.extend, a.days, a.reason, a.by, a.at, a.stdout
        )
    )

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
    p.set_defaults(handler=lambda a: status.run(root_of(a.root), _today(a.as_of), a.format, a.unit, a.fail_on_overdue))

    p = sub.add_parser("demo", help="生成演示仓库：按日期重放一个报送年度的提交（示例数据）")
    p.add_argument("--out", required=True, help="演示仓库的目录")
    p.add_argument("--force", action="store_true", help="目录已是 taizhang demo 生成的演示仓库时，删除后重建")
    p.set_defaults(handler=lambda a: demo.run(root_of(a.root), a.out, a.force))
    p = sub.add_parser("codeowners", help="根据单位填报账号生成 .github/CODEOWNERS")
    p.add_argument("--check", action="store_true", help="只检查已提交的文件是否过期（过期时退出码为 1）")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    p.set_defaults(handler=lambda a: codeowners.run(root_of(a.root), a.check, a.stdout))

    p = sub.add_parser("forms", help="生成 .github/ISSUE_TEMPLATE/ 中每个单位、每类报告一份的填报表单（每项任务一栏）")
    p.add_argument("--check", action="store_true", help="只检查已提交的表单是否过期（过期时退出码为 1）")
    p.set_defaults(handler=lambda a: forms.run(root_of(a.root), a.check))

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
    p.add_argument(
        "--approver", help="批准（合并）的账号：退回和延期申请只能由审核科室或维护人员批准，且不能批准本单位的"
    )
    p.set_defaults(
        handler=lambda a: authorize.run(
            root_of(a.root), a.author, a.teams, a.files, a.changes, a.auto_merge_eligible, a.list_teams, a.base, a.head,
            a.approver,
        )
    )  # fmt: skip

    p = sub.add_parser("remind", help="催办：根据报送情况，列出需要新建、更新或关闭的议题")
    p.add_argument("--as-of", help="按哪一天计算（默认北京时间今天），如 2023-09-05")
    p.add_argument("--issues", help="现有议题的 JSON（gh issue list --json number,title,body,state,labels）")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式：逐项文字，或供工作流执行的 JSON"
    )
    p.set_defaults(
        handler=lambda a: remind.run(root_of(a.root), date_of(a.as_of) if a.as_of else _today(None), a.issues, a.format)
    )

    p = sub.add_parser("notify", help="通知：按报送情况向各单位和审核科室发送今天的提醒（企业微信、钉钉、飞书、邮件）")
    p.add_argument("--as-of", type=_as_of, help="按哪一天计算（默认北京时间今天），如 2023-09-05")
    p.add_argument("--dry-run", action="store_true", help="只列出今天应发送的消息，不发送、不记录")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：逐条文字，或 JSON")
    p.set_defaults(handler=lambda a: notify.run(root_of(a.root), _today(a.as_of), a.dry_run, a.format))

    p = sub.add_parser("form", help="读取填报表单议题中的报告，写入仓库并校验（供工作流使用）")
    p.add_argument("--body", required=True, help="议题正文所在的文件（- 为标准输入）")
    p.add_argument("--author", help="提交表单的账号（除 --print-attachment 外必须给出）")
    p.add_argument("--teams", help="该账号所属的团队，逗号分隔")
    p.add_argument(
        "--workbook", help="表单中上传的 Excel 填报表（工作流下载后的文件）：报告从它读取，而不是从“报告内容”"
    )
    p.add_argument(
        "--print-attachment", action="store_true", help="只打印表单“Excel 填报表”一栏中上传文件的链接（没有则为空）"
    )
    p.set_defaults(
        handler=lambda a: form.run(root_of(a.root), a.body, a.author or "", a.teams, a.workbook, a.print_attachment)
    )

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
    p.set_defaults(handler=lambda a: extract.run(Path(a.root or ".").resolve(), a.head, a.out, a.base, a.changed_only))

    p = sub.add_parser("handin", help="合并报告时写入提交说明的交件记录（供自动合并工作流使用）")
    p.add_argument("--pull", required=True, help="拉取请求的 JSON（代码托管平台 API 的 pulls/编号）")
    p.add_argument("--head", required=True, help="经过检查、将要合并的头提交")
    p.add_argument("--runs", help="该头提交上 pull_request 事件的工作流运行（API actions/runs?head_sha=…）")
    p.add_argument("--timeline", help="拉取请求的时间线（API issues/编号/timeline），用于转为正式和重新打开的时间")
    p.add_argument("--issue", help="表单生成的拉取请求：议题的 JSON（createdAt、lastEditedAt）")
    p.add_argument("--checks-passed", help="主分支的程序判定通过的时间（默认现在）")
    p.set_defaults(handler=lambda a: handin.run(a.pull, a.head, a.runs, a.timeline, a.issue, a.checks_passed))

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
    p.set_defaults(handler=lambda a: import_plan.run(root_of(a.root), a.file, a.out, a.format, a.year, a.force))

    p = sub.add_parser("build", help="生成并构建公开网站（MkDocs Material）")
    p.add_argument("--as-of", type=_as_of, help="统计截至日期，如 2024-01-10（默认北京时间今天）")
    p.add_argument("--out", help="网站输出目录（默认仓库根目录下的 site/）")
    p.add_argument("--no-mkdocs", action="store_true", help="只生成页面源文件和 build/mkdocs.yml，不运行 MkDocs")
    p.set_defaults(handler=lambda a: build.run(root_of(a.root), _today(a.as_of), a.out, a.no_mkdocs))

    p = sub.add_parser("serve", help="本地预览网站，数据文件改动后自动重新生成")
    p.add_argument("--as-of", type=_as_of, help="统计截至日期（默认北京时间今天）")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    p.set_defaults(handler=lambda a: serve.run(root_of(a.root), _today(a.as_of), a.dev_addr))
    _office_parsers(sub)
    _starter(sub)
    return parser


def _starter(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """init, upgrade and ci: a ledger repository of its own, with the engine installed as a package."""
    wheel_help = "taizhang 安装包文件（.whl），用它计算工作流固定的哈希；不写时从 PyPI 读取（可写多次）"
    p = sub.add_parser("init", help="从工作要点原文创建一个新的台账仓库（数据和设置，已 git init）")
    p.add_argument("dir", help="新仓库的目录（不存在或为空）")
    p.add_argument("--plan", required=True, help="工作要点原文（PDF 转出的文本，UTF-8 或 GBK）")
    p.add_argument("--name", help="网站名称（默认“工作要点标题+台账”；在终端中运行时会询问）")
    p.add_argument("--host", choices=["github", "gitea"], help="代码托管平台（默认 github；在终端中运行时会询问）")
    p.add_argument("--url", help="仓库网址，如 https://github.com/组织/仓库（在终端中运行时会询问）")
    p.add_argument("--year", type=int, help="工作要点的年度（原文中看不出时）")
    p.add_argument("--wheel", action="append", default=[], help=wheel_help)
    p.set_defaults(handler=lambda a: init.run(a.dir, a.plan, a.name, a.host, a.url, a.wheel, a.year))

    p = sub.add_parser(
        "upgrade", help="把台账仓库固定的 taizhang 版本、工作流和填报表单更新为正在运行的版本（显示改动）"
    )
    p.add_argument("--wheel", action="append", default=[], help=wheel_help)
    p.add_argument("--check", action="store_true", help="只显示改动，不写文件（有改动时退出码为 1）")
    p.set_defaults(handler=lambda a: upgrade.run(root_of(a.root), a.wheel, a.check))

    p = sub.add_parser("ci", help="运行 taizhang 自带的 CI 脚本（供台账仓库的工作流使用）")
    p.add_argument("name", choices=list(ci.SCRIPTS))
    p.set_defaults(handler=lambda a: ci.run(a.name))


def _office_parsers(sub: Any) -> None:
    """import-xlsx, export-xlsx, export-docx: openpyxl and python-docx (with lxml) are loaded only when
    one of them runs, so every other command (`taizhang validate` on each pull request) starts without them."""
    kind_help = "报告类别：monthly 月报（默认）、annual_plan 年度工作要点备案、annual_summary 年度工作总结"
    p = sub.add_parser("import-xlsx", help="把填好的 Excel 填报表转成报告文件（写到报告应在的位置，可直接提交）")
    p.add_argument("file", help="填报表文件（.xlsx）")
    p.add_argument("--unit", help="单位代码；从网站下载的填报表已写明，给出时须与之一致")
    p.add_argument("--period", help="期间，如 2023-08 或 2023；从网站下载的填报表已写明，给出时须与之一致")
    p.add_argument("--force", action="store_true", help="报告文件已存在时覆盖")
    p.add_argument("--stdout", action="store_true", help="输出到屏幕而不写文件")
    p.set_defaults(handler=lambda a: import_xlsx.run(root_of(a.root), a.file, a.unit, a.period, a.force, a.stdout))
    for name, what in (
        ("export-xlsx", "生成 Excel 填报表（已有报告时填入报告内容）"),
        ("export-docx", "把报告导出为 Word 文档（标题、文号、任务表、填报人、盖章处）"),
    ):
        p = sub.add_parser(name, help=what)
        p.add_argument("--unit", required=True, help="单位代码，如 xinfu")
        p.add_argument("--period", required=True, help="期间：月报写月份，如 2023-08；年度报告写年份，如 2023")
        p.add_argument("--kind", choices=(kinds.MONTHLY, kinds.ANNUAL_PLAN, kinds.ANNUAL_SUMMARY), help=kind_help)
        p.add_argument("--out", help="输出文件（默认当前目录下以单位和期间命名的文件）")
    p = sub.choices["export-xlsx"]
    p.set_defaults(handler=lambda a: export_xlsx.run(root_of(a.root), a.unit, a.period, a.kind, a.out, _today(None)))
    p = sub.choices["export-docx"]
    p.set_defaults(handler=lambda a: export_docx.run(root_of(a.root), a.unit, a.period, a.kind, a.out))


def _review_args(p: argparse.ArgumentParser) -> None:
    named = [kind.name for kind in kinds.KINDS.values() if kind.has_file]
    p.add_argument("--kind", choices=named, help="报告类别（月报以外必填），如 annual_summary")
    p.add_argument("--days", type=int, help="延期天数")
    p.add_argument("--reason", help="延期原因")
    p.add_argument("--by", help="申请人或退回人（不在公开网站显示）")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "new":
        if args.what in ("report", "extension") and not (args.period or args.year):
            parser.error(f"new {args.what} 需要 --period，如 --period 2023-08")
        if args.what == "extension" and (args.days is None or not args.reason):
            parser.error("new extension 需要 --days 天数 和 --reason 原因")
        if args.what in ("plan", "summary") and not args.year:
            parser.error(f"new {args.what} 需要 --year，如 --year 2023")
    if args.command == "form" and not args.print_attachment and not args.author:
        parser.error("form 需要 --author（提交表单的账号）")
    if args.command == "review":
        if bool(args.return_reason) == args.extend:
            parser.error('review 需要 --return "原因"（退回）或 --extend（延期）之一')
        if args.extend and (args.days is None or not args.reason):
            parser.error("review --extend 需要 --days 天数 和 --reason 原因")
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
