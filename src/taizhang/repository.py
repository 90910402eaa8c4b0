"""Reading a ledger repository from disk: files -> documents -> schema -> model.

The one place that walks the data folders. Everything after it works on plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taizhang import layout, model, schema
from taizhang.diagnostics import Diagnostic
from taizhang.layout import Place
from taizhang.ledger import Ledger
from taizhang.load import Document, read_document
from taizhang.workcalendar import WorkCalendar

REGISTRY_KINDS = ("config", "unit", "group", "plan", "task", "calendar", "receipts")


@dataclass
class Loaded:
    """A ledger built from the files that passed their schema, and every problem met on the way."""

    ledger: Ledger
    diagnostics: list[Diagnostic] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # path -> place, for every data file read
    files: int = 0


def load(root: Path, only: Iterable[str] | None = None) -> Loaded:
    """Load the registry (config, units, groups, plans, tasks) and the reports.

    With `only`, reports are limited to those paths (the registry is always read whole, since every
    report is checked against it); diagnostics for registry files outside `only` are still returned.
    """
    paths = layout.discover(root)
    wanted = None if only is None else set(only)
    result = Loaded(Ledger())
    registry: list[tuple[Place, Document]] = []
    reports: list[tuple[Place, Document]] = []
    for path in paths:
        place = layout.classify(path)
        if place is None:
            continue
        if isinstance(place, Diagnostic):
            if wanted is None or path in wanted:
                result.diagnostics.append(place)
            continue
        if place.kind not in REGISTRY_KINDS and wanted is not None and path not in wanted:
            continue
        document = read_document(root, path)
        result.files += 1
        result.places[path] = place
        (registry if place.kind in REGISTRY_KINDS else reports).append((place, document))
    for place, document in registry:
        data = _checked(result, place, document)
        if data is not None:
            _add(result.ledger, place, data)
    for place, document in reports:
        data = _checked(result, place, document)
        if data is not None:
            _add(result.ledger, place, data)
    return result


def _checked(result: Loaded, place: Place, document: Document) -> dict[str, Any] | None:
    result.diagnostics.extend(document.diagnostics)
    if document.data is None or document.text is None:
        return None
    problems = schema.check(place.kind, place.path, document.text, document.data)
    # A YAML trap already reported on a line explains the schema error it causes there: say it once.
    reported = {d.line for d in document.diagnostics}
    result.diagnostics.extend(p for p in problems if p.line not in reported)
    if problems or document.diagnostics or not isinstance(document.data, dict):
        return None
    return document.data


def _add(ledger: Ledger, place: Place, data: dict[str, Any]) -> None:
    path = place.path
    if place.kind == "config":
        ledger.config = model.config_from(data)
    elif place.kind == "unit":
        assert place.key is not None
        ledger.units[place.key] = model.unit_from(data, path)
    elif place.kind == "group":
        assert place.key is not None
        ledger.groups[place.key] = model.group_from(data, path)
    elif place.kind == "plan":
        assert place.plan is not None
        ledger.plans[place.plan] = model.plan_from(data, place.plan, path)
    elif place.kind == "calendar":
        ledger.calendar = WorkCalendar.from_data(data, path)
    elif place.kind == "receipts":
        ledger.receipts.extend(model.receipts_from(data, path))
    elif place.kind == "task":
        assert place.plan is not None and place.key is not None
        ledger.tasks.setdefault(place.plan, {})[place.key] = model.task_from(data, place.plan, path)
    else:
        assert place.unit is not None and place.period is not None
        ledger.reports.append(model.report_from(data, place.kind, place.unit, place.period, path))
