"""Which versions of each report passed validation: a report counts from its first valid version.

A report that landed on main but fails validation (a blank template merged by a maintainer, 无 in
every field, sample text left in) is 需修改, not submitted. Most reports have one version, whose
validity the full validation already told; only reports with several versions on main have their
earlier versions read from the history and checked again, each distinct text (blob) once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from taizhang.data import content, crossref, layout, model, schema
from taizhang.data.layout import Place
from taizhang.data.ledger import Ledger
from taizhang.data.load import parse_document
from taizhang.tracking import history
from taizhang.tracking.history import Landing

Versions = tuple[tuple[dt.datetime, bool], ...]  # each version on main, oldest first: (landed at, valid)


def validity(
    root: Path, ledger: Ledger, landings: Mapping[str, Landing], failing: Iterable[str], tip: str = "HEAD"
) -> dict[str, Versions]:
    """Every landed report's versions with their validity. `failing`: reports whose current text has
    errors (validate's diagnostics); the current text is the newest version."""
    bad = set(failing)
    out: dict[str, Versions] = {}
    several = []
    for path, landing in landings.items():
        if not path.startswith("reports/"):
            continue
        if landing.changes:
            several.append(path)
        else:
            out[path] = ((landing.first, path not in bad),)
    found = history.versions(root, several, tip)
    texts = history.blobs(root, {blob for versions in found.values() for _, blob in versions})
    judged: dict[str, bool] = {}
    for path, versions in found.items():
        current = versions[-1][1]
        judged.setdefault(current, path not in bad)
        times = _times(landings[path], [when for when, _ in versions])
        out[path] = tuple(
            (when, _judge(ledger, path, blob, texts, judged)) for when, (_, blob) in zip(times, versions, strict=True)
        )
    return out


def _times(landing: Landing, found: list[dt.datetime]) -> list[dt.datetime]:
    """The versions' landing times as the history scan tells them (its rules decide when a change
    landed), whenever it saw the same versions; else the commit dates read with the blobs."""
    told = [landing.first, *landing.changes]
    return told if len(told) == len(found) else found


def _judge(ledger: Ledger, path: str, blob: str, texts: Mapping[str, bytes], judged: dict[str, bool]) -> bool:
    if blob not in judged:
        raw = texts.get(blob)
        judged[blob] = raw is not None and valid_text(ledger, path, raw)
    return judged[blob]


def valid_text(ledger: Ledger, path: str, raw: bytes) -> bool:
    """Whether `raw` at `path` passes validation as a report: reading, schema, cross-file and content
    rules (warnings do not count against it)."""
    place = layout.classify(path)
    if not isinstance(place, Place) or place.unit is None or place.period is None:
        return False
    document = parse_document(path, raw)
    if document.diagnostics or document.text is None or not isinstance(document.data, dict):
        return False
    if schema.check(place.kind, path, document.text, document.data):
        return False
    report = model.report_from(document.data, place.kind, place.unit, place.period, path)
    findings = crossref.report_findings(ledger, report)
    plan = ledger.plan_for(report.kind, report.period)
    if plan is not None and report.unit in ledger.units:
        demo = bool(ledger.config and ledger.config.demo)
        findings += content.report_content(ledger, plan, content.rules_of(plan), report, demo)
    return not any(f.severity == "error" for f in findings)
