"""Reading a ledger repository from disk: files -> documents -> schema -> model.

The one place that walks the data folders. Everything after it works on plain data.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from taizhang.data import cleaning, layout, model, regular, reviews, schema
from taizhang.data import load as reading
from taizhang.data.diagnostics import Diagnostic
from taizhang.data.layout import Place
from taizhang.data.ledger import Ledger
from taizhang.data.load import not_regular as not_regular_message
from taizhang.data.readcache import ReadCache
from taizhang.data.readcache import key as cache_key
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


def load(
    root: Path, only: Iterable[str] | None = None, workers: int | None = None, cache: Path | None = None
) -> Loaded:
    """Load the registry (config, units, groups, plans, tasks) and the reports.

    With `only`, reports are limited to those paths (the registry is always read whole, since every
    report is checked against it); diagnostics for registry files outside `only` are still returned.
    Then reports/ is not even walked: checking a pull request costs the registry plus its own files.
    Many reports are read and checked on several processes (`workers`, default: every core we have).
    With `cache` (a folder: build/cache/read), files whose bytes were read and passed before are taken
    from there (readcache.py), with the same result. Each file's digest is kept in `ledger.sources`.
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
    store = ReadCache(cache) if cache is not None else None
    with cyclic_gc_paused():
        for places, processes in ((registry, 1), (reports, workers)):
            for place, (diagnostics, data) in zip(
                places, _checked(root, places, result.ledger.sources, store, processes), strict=True
            ):
                result.diagnostics.extend(diagnostics)
                if data is not None:
                    _add(result.ledger, place, data)
    if store is not None:
        store.save()
    return result


def _raw(root: Path, path: str) -> bytes | reading.Document:
    """A file's bytes, or the Document telling why it cannot be read (load.read_document's reasons)."""
    try:
        return regular.read(root, path, reading.MAX_BYTES)
    except (OSError, regular.TooLarge, regular.NotRegular):
        return reading.read_document(root, path)


def _digest(root: Path, path: str) -> str | None:
    """The digest of a file's bytes (the cache's key), None when it cannot be read as a data file."""
    try:
        return hashlib.sha256(regular.read(root, path, reading.MAX_BYTES)).hexdigest()
    except (OSError, regular.TooLarge, regular.NotRegular):
        return None


def _checked(
    root: Path, places: list[Place], sources: dict[str, str], store: ReadCache | None, workers: int | None
) -> list[Checked]:
    """_check() of each file, in order: from the cache where it has the file, else read and parsed (and
    kept). Each file's digest goes into `sources`: the digest of the bytes that were parsed or found.

    Only digests are held here; the files left to parse are read again by the processes that parse them
    (from the system's file cache), so a province's 137 MiB of reports are neither held in this process
    nor copied into each forked worker. A file that changes between the two reads is keyed by the bytes
    its worker parsed."""
    digests = [_digest(root, p.path) for p in places] if store is not None else [None] * len(places)
    keys = [cache_key(p.kind, p.path, d) if d is not None else "" for p, d in zip(places, digests, strict=True)]
    found = store.lookup(k for k in keys if k) if store is not None else {}
    missing = [i for i, k in enumerate(keys) if k not in found]
    parsed = dict(zip(missing, _read_all(root, [places[i] for i in missing], workers), strict=True))
    out: list[Checked] = []
    for i, place in enumerate(places):
        if i in parsed:
            digest, checked = parsed[i]
            if digest is not None:
                sources[place.path] = digest
                if store is not None and not checked[0] and checked[1] is not None:
                    store.add(cache_key(place.kind, place.path, digest), checked[1])
            out.append(checked)
        else:
            sources[place.path] = digests[i] or ""
            out.append(((), found[keys[i]]))
    return out


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


def _read(place: Place, raw: bytes | reading.Document) -> Checked:
    document = reading.parse_document(place.path, raw) if isinstance(raw, bytes) else raw
    if document.data is None or document.text is None:
        return document.diagnostics, None
    problems = schema.check(place.kind, place.path, document.text, document.data)
    problems += cleaning.pasted(place.kind, place.path, document.text, document.data)  # Y140
    if not problems and not document.diagnostics and isinstance(document.data, dict):
        return (), document.data
    # A YAML trap already reported on a line explains the schema error it causes there: say it once.
    reported = {d.line for d in document.diagnostics}
    return (*document.diagnostics, *(p for p in problems if p.line not in reported)), None


Read = tuple[str | None, Checked]  # the digest of the bytes parsed (None: unreadable), and the result


def _read_file(root: Path, place: Place) -> Read:
    raw = _raw(root, place.path)
    return (hashlib.sha256(raw).hexdigest() if isinstance(raw, bytes) else None), _read(place, raw)


def _read_chunk(root: Path, places: list[Place]) -> list[Read]:
    return [_read_file(root, place) for place in places]


def _read_all(root: Path, places: list[Place], workers: int | None) -> list[Read]:
    """_read_file() of each place, in order; on several processes when there are enough files to gain by it.

    Parsing is CPU-bound Python (libyaml parses, PyYAML builds the objects), so threads would not help."""
    workers = _cores() if workers is None else workers
    if workers < 2 or len(places) < PARALLEL_FROM:
        return _read_chunk(root, places)
    chunks = [places[i : i + CHUNK] for i in range(0, len(places), CHUNK)]
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:  # parsing makes cycles
        return [read for part in pool.imap(partial(_read_chunk, root), chunks) for read in part]


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
