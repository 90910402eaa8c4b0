"""Rewrite imports and references after modules moved into the layer folders (issue 11).

    python scripts/follow_moves.py [--move] [PATH ...]

Without --move: rewrites every `taizhang.<old>` import and reference in the given files (default:
src/, tests/, scripts/, docs/, README.md, pyproject.toml) to the module's new place, so a branch
written against the flat package follows the move. With --move: first `git mv`s every module of
MOVES that is still at its old place (run once, on the commit that moves them).

`from taizhang import load, kinds` becomes `from taizhang.data import load` and
`from taizhang.tracking import kinds`; `taizhang.data.load.x`, "taizhang.tracking.status" and src/taizhang/data/load.py
are rewritten wherever they are written. Run `ruff check --fix` and `ruff format` afterwards.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "taizhang"

# old module (under taizhang.) -> its layer folder
LAYERS = {
    "data": [
        "load",
        "bounded",
        "positions",
        "regular",
        "scalars",
        "precheck",
        "schema",
        "crossref",
        "registers",
        "diagnostics",
        "layout",
        "model",
        "ledger",
        "repository",
        "validate",
        "exports",
    ],
    "tracking": ["kinds", "history", "timing", "handin", "obligations", "workcalendar", "status"],
    "site": ["pages", "build", "serve", "apart", "escape"],
    "host": ["access", "actions", "codeowners", "issueform", "issuetext", "remind", "links", "gate", "revisions"],
    "office": ["workbook", "xlsx"],
}
MOVES = {old: f"{layer}.{old}" for layer, olds in LAYERS.items() for old in olds}
DOCSTRINGS = {
    "data": "Reading and checking the data: YAML files in, diagnostics and the ledger's model out.",
    "tracking": "Time and obligations: report kinds and periods, the git history, deadlines, who owes what.",
    "site": "The public site: pages generated from the ledger, the MkDocs build and the local preview.",
    "host": "The code host (GitHub, Gitea): who may change what, CODEOWNERS, forms, reminders, CI output.",
    "office": "Office files: the Excel workbook (台账.xlsx).",
}


def move() -> None:
    for layer, olds in LAYERS.items():
        folder = PACKAGE / layer
        folder.mkdir(exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{DOCSTRINGS[layer]}"""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], check=True, cwd=ROOT)
        for old in olds:
            for source in (PACKAGE / f"{old}.py", PACKAGE / old):
                if source.exists():
                    subprocess.run(["git", "mv", str(source), str(folder / source.name)], check=True, cwd=ROOT)


def _new(dotted: str) -> str:
    """taizhang.data.load.x -> taizhang.data.load.x; anything else unchanged."""
    parts = dotted.split(".")
    if len(parts) >= 2 and parts[0] == "taizhang" and parts[1] in MOVES:
        return ".".join(["taizhang", MOVES[parts[1]], *parts[2:]])
    return dotted


def _from_import(node: ast.ImportFrom, indent: str) -> str | None:
    """The statement `node` rewritten, or None when nothing in it moved."""
    module = node.module or ""
    if node.level or not module.startswith("taizhang"):
        return None
    names = [(a.name, a.asname) for a in node.names]
    if module == "taizhang":
        groups: dict[str, list[str]] = {}
        for name, asname in names:
            target = _new(f"taizhang.{name}")
            where, leaf = target.rsplit(".", 1)
            groups.setdefault(where, []).append(leaf + (f" as {asname}" if asname else ""))
        if list(groups) == ["taizhang"]:
            return None
        return "\n".join(f"{indent}from {where} import {', '.join(items)}" for where, items in groups.items())
    target = _new(module)
    if target == module:
        return None
    items = ", ".join(name + (f" as {asname}" if asname else "") for name, asname in names)
    return f"{indent}from {target} import {items}"


def rewrite_python(text: str) -> str:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return rewrite_text(text)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.end_lineno is not None:
            indent = re.match(r"\s*", lines[node.lineno - 1]).group()  # type: ignore[union-attr]
            new = _from_import(node, indent)
            if new is not None:
                edits.append((node.lineno - 1, node.end_lineno, new + "\n"))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new]
    return rewrite_text("".join(lines))


_DOTTED = re.compile(r"\btaizhang((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
_PATH = re.compile(r"\bsrc/taizhang/([A-Za-z_][A-Za-z0-9_]*)(\.py|/)")


def rewrite_text(text: str) -> str:
    # taizhang.xlsx alone is the workbook's file name (downloads/taizhang.xlsx), not the module
    text = _DOTTED.sub(lambda m: m.group(0) if m.group(1) == ".xlsx" else _new("taizhang" + m.group(1)), text)

    def path(m: re.Match[str]) -> str:
        old = m.group(1)
        return f"src/taizhang/{MOVES[old].replace('.', '/')}{m.group(2)}" if old in MOVES else m.group(0)

    return _PATH.sub(path, text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--move", action="store_true", help="git mv the modules first")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.move:
        move()
        return 0
    given = args.paths or [ROOT / p for p in ("src", "tests", "scripts", "docs", "README.md", "pyproject.toml")]
    files = [f for p in given for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    for file in files:
        if file.suffix not in (".py", ".md", ".toml", ".yml", ".cfg", ".txt", "") or "egg-info" in str(file):
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        new = rewrite_python(text) if file.suffix == ".py" else rewrite_text(text)
        if new != text:
            file.write_text(new, encoding="utf-8")
            print(f"rewrote {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
