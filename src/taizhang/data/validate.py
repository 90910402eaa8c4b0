"""Validation: every problem in every file, with its line, in one run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from taizhang.data import cleaning, content, crossref, placeholders, placement, registers, repository, reviews
from taizhang.data.crossref import Finding
from taizhang.data.diagnostics import Diagnostic, sorted_unique
from taizhang.data.ledger import Ledger
from taizhang.data.load import locate, read_document
from taizhang.speed import cyclic_gc_paused


@dataclass
class Result:
    ledger: Ledger
    diagnostics: list[Diagnostic]
    files: int


def validate(root: Path, only: Iterable[str] | None = None, cache: Path | None = None) -> Result:
    """Every problem in every file under `root` (or in `only`); `cache`: see repository.load."""
    wanted = None if only is None else set(only)
    loaded = repository.load(root, wanted, cache=cache)
    with cyclic_gc_paused():
        findings = crossref.check(loaded.ledger) + registers.check(loaded.ledger)
        findings += content.check(loaded.ledger) + reviews.check(loaded.ledger) + placeholders.check(loaded.ledger)
    if wanted is not None:
        findings = [f for f in findings if f.path in wanted or f.path not in loaded.places or _is_registry(f.path)]
    diagnostics = loaded.diagnostics + resolve(root, findings)
    diagnostics += placement.strays(root, wanted)
    diagnostics = placement.improve(root, loaded.ledger, diagnostics)
    diagnostics = [cleaning.in_chinese(d, _text(root, d.path)) if d.code == "Y105" else d for d in diagnostics]
    if wanted is not None:
        diagnostics = [d for d in diagnostics if d.path in wanted or (not wanted and _is_registry(d.path))]
    return Result(loaded.ledger, sorted_unique(diagnostics), loaded.files)


def _text(root: Path, path: str) -> str | None:
    return read_document(root, path).text


def _is_registry(path: str) -> bool:
    """Registry files are checked with every file; reports, returns and extensions only when named."""
    return not path.startswith(("reports/", "returns/", "extensions/"))


def resolve(root: Path, findings: list[Finding]) -> list[Diagnostic]:
    """Line numbers for findings: each file with findings is read once more, the others not at all."""
    texts: dict[str, str | None] = {}
    out = []
    for finding in findings:
        if finding.path not in texts:
            texts[finding.path] = read_document(root, finding.path).text
        text = texts[finding.path]
        line, column = 1, 1
        if text is not None:
            value_at, key_at = locate(text, finding.where)
            line, column = (key_at or value_at) if finding.at_key else value_at
        out.append(Diagnostic(finding.path, line, column, finding.code, finding.message, finding.severity))
    return out
