"""Reading a ledger repository from disk: files -> documents -> schema -> model.

The one place that walks the data folders. Everything after it works on plain data.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from taizhang.data import cleaning, layout, model, reviews, schema
from taizhang.data.diagnostics import Diagnostic
from taizhang.data.layout import Place
from taizhang.data.ledger import Ledger
from taizhang.data.load import not_regular as not_regular_message
from taizhang.data.load import read_document
from taizhang.data.regular import Odd
from taizhang.speed import cyclic_gc_paused
from taizhang.tracking.workcalendar import WorkCalendar

REGISTRY_KINDS = ("config", "unit", "group", "plan", "task", "calendar", "receipts", "return", "extension")
PARALLEL_FROM = 2000  # reports; below this, starting processes costs more than it saves
CHUNK = 250  # files handed to a worker process at a time


@dataclass
class Loaded:
    """A ledger built from the files that passed their schema, and every problem met on the way."""

    ledger: Ledger
    diagnostics: list[Diagnostic] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # path -> place, for every data file read
    files: int = 0


def load(root: Path, only: Iterable[str] | None = None, workers: int | None = None) -> Loaded:
    """Load the registry (config, units, groups, plans, tasks) and the reports.

    With `only`, reports are limited to those paths (the registry is always read whole, since every
    report is checked against it); diagnostics for registry files outside `only` are still returned.
    Then reports/ is not even walked: checking a pull request costs the registry plus its own files.
    Many reports are read and checked on several processes (`workers`, default: every core we have).
    """
    wanted = None if only is None else set(only)
    paths, odd = layout.survey(root) if wanted is None else _listed(root, wanted)
    result = Loaded(Ledger())
    result.diagnostics += [not_regular(entry) for entry in sorted(set(odd))]
    registry: list[Place] = []
    reports: list[Place] = []
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
        result.files += 1
        result.places[path] = place
        (registry if place.kind in REGISTRY_KINDS else reports).append(place)
    with cyclic_gc_paused():
        for places, processes in ((registry, 1), (reports, workers)):
            for place, (diagnostics, data) in zip(places, _read_all(root, places, processes), strict=True):
                result.diagnostics.extend(diagnostics)
                if data is not None:
                    _add(result.ledger, place, data)
    return result


def _listed(root: Path, wanted: set[str]) -> tuple[list[str], list[Odd]]:
    """The registry's files and the `wanted` ones (regular files), and the entries that are not regular."""
    paths, odd = layout.survey(root, layout.registry_tops())
    for path in sorted(wanted):
        found = layout.discovered(root, path)
        if found == "file":
            paths.append(path)
        elif isinstance(found, Odd):
            odd.append(found)
    return sorted(set(paths)), odd


def not_regular(entry: Odd) -> Diagnostic:
    return Diagnostic(entry.path, 1, 1, "Y123", not_regular_message(entry.what))


# A file read and checked: its diagnostics (reading, then schema), and its data if it has none.
Checked = tuple[tuple[Diagnostic, ...], dict[str, Any] | None]


def _read(root: Path, place: Place) -> Checked:
    document = read_document(root, place.path)
    if document.data is None or document.text is None:
        return document.diagnostics, None
    problems = schema.check(place.kind, place.path, document.text, document.data)
    problems += cleaning.pasted(place.kind, place.path, document.text, document.data)  # Y140
    if not problems and not document.diagnostics and isinstance(document.data, dict):
        return (), document.data
    # A YAML trap already reported on a line explains the schema error it causes there: say it once.
    reported = {d.line for d in document.diagnostics}
    return (*document.diagnostics, *(p for p in problems if p.line not in reported)), None


def _read_chunk(root: Path, places: list[Place]) -> list[Checked]:
    return [_read(root, place) for place in places]


def _read_all(root: Path, places: list[Place], workers: int | None) -> list[Checked]:
    """_read() of each place, in order; on several processes when there are enough files to gain by it.

    Parsing is CPU-bound Python (libyaml parses, PyYAML builds the objects), so threads would not help."""
    workers = _cores() if workers is None else workers
    if workers < 2 or len(places) < PARALLEL_FROM:
        return _read_chunk(root, places)
    chunks = [places[i : i + CHUNK] for i in range(0, len(places), CHUNK)]
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:  # parsing makes cycles
        return [checked for part in pool.imap(partial(_read_chunk, root), chunks) for checked in part]


def _cores() -> int:
    # fork is safe only on Linux and in a process without other threads (a forked thread's locks stay
    # held); elsewhere the reports are read in this one process.
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


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
    elif place.kind in layout.REVIEW_DIRS:
        reviews.add(ledger, place, data)
    elif place.kind == "task":
        assert place.plan is not None and place.key is not None
        ledger.tasks.setdefault(place.plan, {})[place.key] = model.task_from(data, place.plan, path)
    else:
        assert place.unit is not None and place.period is not None
        ledger.reports.append(model.report_from(data, place.kind, place.unit, place.period, path))
