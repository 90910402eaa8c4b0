"""Diagnostics: problems found in the data, with stable codes and Chinese messages.

A diagnostic is a value, never an exception: every problem in every file is collected,
sorted by (path, line, code) and printed by one of the reporters below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from taizhang.site import escape

# Stable codes. A code is never reused for another meaning.
# Y1xx: reading the file (encoding, YAML syntax, YAML traps)
# S2xx: the file against its JSON Schema
# P3xx: where the file lives and what its path says
# R4xx: references between files (units, tasks, periods)
# X5xx: an Excel 填报表 read back (formread.py): the line and column are the cell's row and column
# D5xx: what taizhang init left for the maintainer to confirm or fill in (待确认、待填写)
CODES: dict[str, str] = {
    "Y101": "文件过大",
    "Y102": "文件不是 UTF-8 编码",
    "Y103": "用制表符缩进",
    "Y104": "使用了全角冒号",
    "Y105": "YAML 语法错误",
    "Y106": "重复的键",
    "Y107": "锚点/别名过多",
    "Y108": "循环引用",
    "Y109": "含义不明确的 yes/no/on/off",
    "Y110": "以 0 开头的数字",
    "Y111": "不存在的日期",
    "Y112": "形如时间的数字",
    "Y113": "一个文件中有多个文档",
    "Y114": "文件为空",
    "Y115": "键不是文字",
    "Y116": "文件无法读取",
    "Y117": "嵌套层次过深",
    "Y118": "内容展开后过多",
    "Y119": "文字过长",
    "Y120": "整数位数过多",
    "Y121": "不允许的标签",
    "Y122": "非有限数值（NaN、无穷大）",
    "Y123": "不是普通文件",
    "Y140": "粘贴带来的不可见字符",
    "S201": "缺少必填项",
    "S202": "不允许的字段",
    "S203": "类型不对",
    "S204": "不在可选范围内",
    "S205": "格式不对",
    "S206": "日期格式不对",
    "S207": "长度或数量不符",
    "S208": "数值超出范围",
    "S209": "值不符合要求",
    "P301": "文件位置不符合约定",
    "P302": "扩展名不对",
    "P303": "单位与路径不一致",
    "P304": "期间与路径不一致",
    "P305": "代码与文件名不一致",
    "P306": "缺少工作要点文件",
    "P340": "报告放在台账不读取的地方",
    "R401": "未登记的单位",
    "R402": "未知的任务",
    "R403": "单位在该任务中没有分工",
    "R404": "期间不在工作要点范围内",
    "R405": "重复的代码",
    "R406": "未知的分组或单位",
    "R407": "缺少任务",
    "R408": "学习日期不在报告月份内",
    "R409": "工作要点期间重叠",
    "R410": "报送规则不完整",
    "R411": "分组没有成员",
    "R420": "重复的收件记录",
    "R421": "单位无需报送该类报告",
    "R422": "节假日数据矛盾",
    "X501": "填报表中未填写",
    "X502": "填报表中不在可选范围内",
    "X503": "填报表中不是数字",
    "X504": "填报表中不是日期",
    "X505": "填报表中有合并单元格",
    "X506": "填报表缺少工作表",
    "X507": "填报表缺少项目",
    "X508": "填报表缺少任务行",
    "X509": "填报表中多余或重复的行",
    "R430": "内容过于简略",
    "R431": "只填了“无”之类的占位文字",
    "R432": "示例数据不能作为正式报告",
    "R433": "退回或延期对应的报告不存在",
    "R434": "延期超出规则限制",
    "R450": "未定义的通知通道",
    "D501": "待确认的单位或分组",
    "D502": "未填写填报账号",
    "D503": "未填写联系人",
    "D504": "未登记维护人员",
    "D505": "未填写仓库网址",
    "D506": "待登记的分组成员",
}

SEVERITIES = ("error", "warning")  # a warning is shown but does not fail validation


def blocks(code: str) -> bool:
    """Whether a problem in the registry stops status, build and the other commands that need it.

    A placeholder (D5xx) does not: the draft ledger `taizhang init` writes can be previewed as a site
    while the maintainer fills it in; `taizhang validate` still lists it and fails."""
    return not code.startswith("D")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where (repository-relative path, 1-based line and column), which code, what to do."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"  # error | warning (plan.yml's content rules may make some warnings)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code}")

    @property
    def is_error(self) -> bool:
        return self.severity != "warning"

    def as_text(self) -> str:
        """One line, whatever the path and message hold: a newline in them cannot start a line of its
        own (on GitHub Actions a line starting with "::" would be run as a workflow command)."""
        note = "（提示，不影响通过）" if not self.is_error else ""
        return f"{visible(self.path)}:{self.line}:{self.column}: {self.code} {note}{visible(self.message)}"


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that fail validation (warnings left out)."""
    return [d for d in diagnostics if d.is_error]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """`text` with control characters written out (a newline as \\n), so it stays on one line."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def sort_key(d: Diagnostic) -> tuple[str, int, str, int, str]:
    return (d.path, d.line, d.code, d.column, d.message)


def sorted_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=sort_key)


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(d.as_text() + "\n" for d in diagnostics)


def needs_revision_zh(rejected: list[Diagnostic], shown: int = 10) -> str:
    """For stderr: the reports that failed validation and so count as not submitted ("" if none)."""
    if not rejected:
        return ""
    files = len({d.path for d in rejected})
    lines = [
        f"注意：{files} 份报告未通过校验（需修改），按未报送计；请相关单位按下列提示修改后重新提交"
        "（taizhang validate 列出全部问题）："
    ]
    lines += [d.as_text() for d in rejected[:shown]]
    if len(rejected) > shown:
        lines.append(f"……另有 {len(rejected) - shown} 处问题。")
    return "\n".join(lines) + "\n"


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def escape_property(value: str) -> str:
    """A workflow command's property value (file=, title=), escaped as GitHub's toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does: it cannot end the command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_error(path: str, title: str, message: str, line: int | None = None, column: int | None = None) -> str:
    """One `::error` workflow command, so the problem shows on the pull request's changed line."""
    where = f"file={escape_property(path)}"
    where += f",line={line}" if line is not None else ""
    where += f",col={column}" if column is not None else ""
    return f"::error {where},title={escape_property(title)}::{escape_data(message)}\n"


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so each problem shows on the pull request's changed line."""
    return "".join(github_error(d.path, f"{d.code} {CODES[d.code]}", d.message, d.line, d.column) for d in diagnostics)


def code_span(text: str) -> str:
    """`text` as a Markdown code span in a table cell: shown as typed, nothing in it interpreted. The fence
    is longer than any run of backticks inside, a pipe cannot end the cell, a newline is written out."""
    shown = visible(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def summary_markdown(diagnostics: list[Diagnostic], checked_files: int) -> str:
    """The job summary shown on the Actions run page, in Chinese. Paths and messages are text, never
    Markdown or HTML: a file name cannot add a link, an image or a tag to the page."""
    if not diagnostics:
        return f"### ✅ 校验通过\n\n共检查 {checked_files} 个文件，未发现问题。\n"
    files = len({d.path for d in diagnostics})
    failing = len(errors(diagnostics))
    heading = (
        f"### ❌ 校验未通过：{failing} 处问题，涉及 {files} 个文件"
        if failing
        else f"### ✅ 校验通过，有 {len(diagnostics)} 处提示"
    )
    lines = [
        heading,
        "",
        "| 文件 | 行 | 代码 | 说明 |",
        "|---|---|---|---|",
    ]
    for d in diagnostics:
        lines.append(f"| {code_span(d.path)} | {d.line} | {d.code} | {escape.inline(visible(d.message))} |")
    return "\n".join(lines) + "\n"
