"""The architecture page (docs/architecture.md): its folder and command lists generated from the code.

Everything between the two markers is generated: each folder of the package with its modules and the
first line of each module's docstring, then each command with its module under commands/. The rest
of the page is written by hand. tests/test_architecture.py fails when the generated part is stale;
regenerate it with `TAIZHANG_UPDATE_GOLDEN=1 pytest tests/test_architecture.py`.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

BEGIN = "<!-- 以下由 taizhang.architecture 生成，请勿手工修改；更新：TAIZHANG_UPDATE_GOLDEN=1 pytest tests/test_architecture.py -->"
END = "<!-- 生成部分结束 -->"


def summary(path: Path) -> str:
    """The first paragraph of a module's docstring, on one line ('' when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    return " ".join(line.strip() for line in (doc or "").strip().split("\n\n")[0].splitlines())


def modules(package: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(folder, its own summary, [(module file, summary)]) for the package and each folder in it."""
    out = []
    for folder in [package, *sorted(p for p in package.rglob("*") if (p / "__init__.py").is_file())]:
        if "__pycache__" in folder.parts:
            continue
        files = sorted(f for f in folder.glob("*.py") if f.name not in ("__init__.py", "__main__.py"))
        name = folder.relative_to(package.parent).as_posix() + "/"
        out.append((name, summary(folder / "__init__.py"), [(f.name, summary(f)) for f in files]))
    return out


def commands(parser: argparse.ArgumentParser) -> list[tuple[str, str, str]]:
    """(command, its help, its module) for every subcommand."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    return [(name, helps.get(name, ""), f"commands/{name.replace('-', '_')}.py") for name in sub.choices]


def generated(package: Path, parser: argparse.ArgumentParser) -> str:
    parts = [BEGIN, "", "## 目录与模块", ""]
    for folder, about, files in modules(package):
        parts += [f"### `{folder}`", ""]
        parts += [about, ""] if about else []
        parts += ["| 模块 | 作用 |", "|---|---|"]
        parts += [f"| `{name}` | {text.replace('|', '&#124;')} |" for name, text in files]
        parts.append("")
    parts += ["## 命令", "", "| 命令 | 说明 | 代码 |", "|---|---|---|"]
    parts += [f"| `taizhang {name}` | {text} | `taizhang/{module}` |" for name, text, module in commands(parser)]
    return "\n".join([*parts, "", END])


def render(page: str, package: Path, parser: argparse.ArgumentParser) -> str:
    """`page` with its generated part replaced by a fresh one."""
    head, _, rest = page.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + generated(package, parser) + tail
