"""Where a report should be, and whose it is: the hints a clerk needs when a file is in the wrong place
or names its unit in Chinese.

- A report under reports/ at a path that breaks the convention (P301) is told the exact path it
  belongs at, from what it says it is (`应为 reports/2023-08/xinfu.yml`).
- A report anywhere else in the repository (report/2023-08/xinfu.yml, a copy at the top) would be
  read by nothing: P340 says so and where to move it, instead of ignoring it.
- A unit written as its registered Chinese name (忻府区, 忻府区交通运输局) is answered with its code.

validate.py calls this after the files are read; it reads again only the files these diagnostics name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from taizhang.data import layout
from taizhang.data.diagnostics import Diagnostic
from taizhang.data.ledger import Ledger
from taizhang.data.load import read_document
from taizhang.tracking import kinds

# folders never searched for stray reports: tools, generated output, the program and its tests
SKIP = {"build", "site", "node_modules", "src", "tests", "scripts", "docs", "test-artifacts", "venv"}
DEPTH = 3  # report/2023-08/xinfu.yml; deeper folders are someone's archive, not a submission
MAX_BYTES = 256 * 1024


def expected_path(data: Any) -> str | None:
    """The path a report's own fields give it (kind, unit, period or year), if they are well formed."""
    if not isinstance(data, dict) or data.get("kind") not in layout.REPORT_KINDS:
        return None
    kind, unit = data["kind"], data.get("unit")
    period = data.get(kinds.KINDS[kind].period_field)
    path = layout.report_path(kind, str(unit), str(period))
    place = layout.classify(path)
    return path if isinstance(place, layout.Place) else None


def unit_code(ledger: Ledger, name: Any) -> str | None:
    """The code of the unit registered as `name` (its short or full Chinese name), if any."""
    if not isinstance(name, str) or not name.strip():
        return None
    wanted = _plain(name)
    for unit in ledger.ordered_units():
        if wanted in (_plain(unit.name), _plain(unit.full_name)):
            return unit.id
    return None


def _plain(name: str) -> str:
    return "".join(name.split()).removeprefix("忻州市")


def improve(root: Path, ledger: Ledger, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with the exact path for a misplaced report and the code for a unit named in Chinese."""
    out = []
    for d in diagnostics:
        if d.path.startswith("reports/") and d.code in ("P301", "S205", "R401"):
            data = read_document(root, d.path).data if (root / d.path).is_file() else None
            d = _with_hint(ledger, d, data)
        out.append(d)
    return out


def _with_hint(ledger: Ledger, d: Diagnostic, data: Any) -> Diagnostic:
    if d.code == "P301":
        path = expected_path(data)
        if path:
            return Diagnostic(
                d.path, d.line, d.column, d.code, f"{d.message.rstrip('。')}；这份报告应为 {path}，请移到那里。"
            )
        return d
    unit = data.get("unit") if isinstance(data, dict) else None
    code = unit_code(ledger, unit)
    if code is None or (d.code == "S205" and "（unit）" not in d.message):
        return d
    name = ledger.units[code].name
    hint = f"“{unit}”是已登记的{name}，单位代码应写 {code}（unit: {code}）。"
    return Diagnostic(d.path, d.line, d.column, d.code, f"{d.message.rstrip('。')}；{hint}")


def strays(root: Path, only: set[str] | None = None) -> list[Diagnostic]:
    """P340 for every report that sits where nothing reads it (outside reports/), with where it belongs;
    with `only`, for those of the named files (a pull request's) that are such reports."""
    found = []
    paths = _candidates(root) if only is None else sorted(p for p in only if _candidate(p) and (root / p).is_file())
    for path in paths:
        try:
            raw = (root / path).read_bytes()[:MAX_BYTES]
            data = yaml.safe_load(raw.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            continue
        if not isinstance(data, dict) or data.get("kind") not in layout.REPORT_KINDS:
            continue
        target = expected_path(data)
        where = f"应为 {target}" if target else "应放在 reports/ 下（如 reports/2023-08/xinfu.yml）"
        found.append(
            Diagnostic(
                path,
                1,
                1,
                "P340",
                f"这份报告放在 {path}，台账不会读取它，也就不算报送；{where}，请移到那里后重新提交。",
            )
        )
    return found


def _candidate(path: str) -> bool:
    """Whether `path` is where _candidates() looks: outside the data folders and tools, not too deep."""
    parts = path.split("/")
    if len(parts) > DEPTH or parts[0] in layout.DATA_DIRS or parts[0] in SKIP or any(p.startswith(".") for p in parts):
        return False
    return path.endswith((".yml", ".yaml")) and path not in (layout.CONFIG, layout.CALENDAR, "mkdocs.yml")


def _candidates(root: Path) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root)
        depth = len(rel.parts)
        if depth == 0:
            dirs[:] = [d for d in dirs if d not in layout.DATA_DIRS and d not in SKIP and not d.startswith(".")]
        elif depth >= DEPTH - 1:
            dirs[:] = []
        else:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [p for name in files if _candidate(p := (rel / name).as_posix())]
    return sorted(out)
