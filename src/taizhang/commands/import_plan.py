"""`taizhang import-plan`: a plan's published text in, plan.yml and one file per task out (or JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from taizhang import importer
from taizhang.data import repository
from taizhang.importer import files as import_files
from taizhang.importer import render as import_render
from taizhang.importer.names import Registry


def run(root: Path, file: str, out_dir: str | None, fmt: str, year: int | None, force: bool) -> int:
    source = Path(file)
    ledger = repository.load(root, only=[]).ledger  # registry only, even if imperfect
    registry = Registry.from_ledger(ledger)
    result = importer.import_plan(import_files.read_text(source), registry, year)
    out: Path | None = None
    leftovers: list[str] = []
    if fmt == "json":
        json.dump(import_render.as_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        out = Path(out_dir) if out_dir else root / "tasks" / str(result.plan["year"])
        site = ledger.config.site_url if ledger.config else None
        files = import_files.render_files(root, out.resolve(), result, site)
        leftovers = import_files.write_files(out, files, force)
    for line in import_files.report(source, result, out, leftovers):
        print(line, file=sys.stderr)
    return import_files.exit_code(result)
