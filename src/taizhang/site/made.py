"""The site's generated downloads, each keyed by what its maker reads, so that a rebuild takes the ones
whose inputs did not change from build/cache/made (buildcache.Blobs) instead of making them again.

A province's rebuild after one report lands would otherwise remake four closed years' data archives
(downloads/data/<year>.zip), a thousand units' workbook extracts, 300 Word files and the Excel forms:
about a third of page generation. The key of each names its inputs, never a time:

- every key: the engine (buildcache.engine), the as-of date, the registry (every data file outside
  reports/ by its digest: units, groups, plans, tasks, config, calendar, receipts, returns, extensions;
  whatever a maker reads of these, the digest covers), whether obligations were computed, the current plan;
- a year's archive: for each of its plans, each report (path and digest of its bytes) and each
  obligation (its whole repr: status, due, landing and hand-in times, returns, extensions);
- a workbook extract: the unit or month's name, its reports and its obligations (what _extract is given:
  it reads nothing else of the archive but registry facts and the as-of date);
- a Word file or an Excel form: the report's (or last month's report's) data, kind, unit and period;
- a 通报's Word file: the 通报 frozen at its date (issue.freeze: what it says), as its repr;
- an earlier plan's pages (pages.plan_family: its periods, tasks, charts, bulletins, assessment), as JSON:
  the plan's reports and obligations as for its archive, and which of its months' workbook extracts the
  site publishes (the period pages link them).

A maker whose inputs cannot be named (a report with no digest: a ledger built by hand) gets no key
and is made every time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taizhang import buildcache
from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation, Report
from taizhang.host import links
from taizhang.office import bulletindocx, formbook, wordout, workbook
from taizhang.site import pages
from taizhang.site.pages import issue, yeardata
from taizhang.site.pages.facts import Archive, Facts

Maker = Callable[[], bytes]


@dataclass(frozen=True)
class Keyed:
    """A maker with the key of its output; `seen` is told the bytes when they come from the cache."""

    key: str | Callable[[], str | None]  # or what works it out when the file is written (None: no key)
    make: Maker
    seen: Callable[[bytes], object] | None = None

    def __call__(self) -> bytes:
        return self.make()


@dataclass
class BulletinDocx:
    """A 通报's Word file: bulletindocx.render of the 通报 frozen at its date (issue.freeze). Its key is
    that frozen 通报 (every obligation and score as of the date: what the file says), worked out when the
    file is written, and frozen once for both."""

    facts: Facts
    slot: issue.Slot
    item: issue.Issue | None = None

    def frozen(self) -> issue.Issue:
        if self.item is None:
            self.item = issue.freeze(self.facts, self.slot)
        return self.item

    def __call__(self) -> bytes:
        return bulletindocx.render(self.facts, self.frozen())

    def key_parts(self) -> list[str] | None:
        shown = repr(self.frozen())
        return None if " at 0x" in shown else ["bulletin", self.facts.plan.key, shown]


def registry(ledger: Ledger) -> str:
    """A digest of every data file outside reports/ (the registry, receipts, returns, extensions)."""
    listed = sorted((p, d) for p, d in ledger.sources.items() if not p.startswith("reports/"))
    return buildcache.digest(x for pair in listed for x in pair)


def base(archive: Archive) -> list[str]:
    """What every key holds: the engine, the as-of date, the registry, whether obligations were computed
    and which plan is current. (Not the SiteConfig's texts: the home page's note, the templates and the
    list of published Office files are for the pages; no maker reads them.)"""
    return [
        buildcache.engine(),
        archive.as_of.isoformat(),
        registry(archive.ledger),
        repr(archive.config.computed),
        archive.current.plan.key,
    ]


def _reports(ledger: Ledger, reports: Iterable[Report]) -> list[str] | None:
    out = []
    for report in reports:
        source = ledger.sources.get(report.path)
        if source is None:
            return None
        out += [report.kind, report.unit, report.period, report.path, source]
    return out


def _obligations(owed: Iterable[Obligation]) -> list[str]:
    return [repr(o) for o in owed]


def facts_part(facts: Facts) -> list[str] | None:
    """One plan's reports (by digest) and obligations, and where its pages live."""
    reports = _reports(facts.ledger, facts.reports.values())
    if reports is None:
        return None
    return [facts.plan.key, facts.base, repr(facts.computed), *reports, "|", *_obligations(facts.obligations)]


def family_key(archive: Archive, facts: Facts, common: list[str]) -> str | None:
    """The key of pages.plan_family(facts): `common` (base), the plan's part, and the Office files its
    period pages link."""
    part = facts_part(facts)
    if part is None:
        return None
    linked = {links.period_workbook(m) for m in facts.plan.months()} & archive.config.office
    return buildcache.digest([*common, "family", *part, "|", *sorted(linked)])


def families(archive: Archive, store: buildcache.Blobs | None) -> dict[str, dict[str, str]]:
    """pages.plan_family() of every earlier plan (the current one changes with every report): taken from
    `store` where it holds the plan's key, else made and kept there."""
    out: dict[str, dict[str, str]] = {}
    common = base(archive) if store is not None else []
    for facts in archive.earlier:
        key = family_key(archive, facts, common) if store is not None else None
        found = _pages(store.get(key)) if store is not None and key is not None else None
        if found is None:
            found = pages.plan_family(facts)
            if store is not None and key is not None:
                store.put(key, json.dumps(found, ensure_ascii=False).encode("utf-8"))
        out[facts.plan.key] = found
    return out


def _pages(data: bytes | None) -> dict[str, str] | None:
    if data is None:
        return None
    try:
        loaded = json.loads(data)
    except ValueError:
        return None
    if not isinstance(loaded, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()):
        return None
    return loaded


def keyed(archive: Archive, files: Mapping[str, Any]) -> dict[str, Keyed]:
    """The makers among `files` that can be keyed, wrapped in Keyed; the others are left out."""
    common = base(archive)
    out: dict[str, Keyed] = {}
    for path, maker in files.items():
        key = _key(archive, common, path, maker)
        if key is not None:
            out[path] = Keyed(key, maker, _size_of(archive, maker))
    return out


def _later_key(common: list[str], path: str, maker: BulletinDocx) -> Callable[[], str | None]:
    def key() -> str | None:
        parts = maker.key_parts()
        return None if parts is None else buildcache.digest([*common, path, *parts])

    return key


def _key(archive: Archive, common: list[str], path: str, maker: object) -> str | Callable[[], str | None] | None:
    parts: list[str] | None = None
    if isinstance(maker, BulletinDocx):
        return _later_key(common, path, maker)
    if isinstance(maker, yeardata.Maker):
        parts = _year_parts(maker)
    elif isinstance(maker, functools.partial):
        parts = _partial_parts(archive, maker)
    return None if parts is None else buildcache.digest([*common, path, *parts])


def _year_parts(maker: yeardata.Maker) -> list[str] | None:
    out: list[str] = ["year", str(maker.year)]
    for facts in maker.data.plans(maker.year):
        part = facts_part(facts)
        if part is None:
            return None
        out += part
    return out


def _partial_parts(archive: Archive, maker: functools.partial[bytes]) -> list[str] | None:
    args, ledger = maker.args, archive.ledger
    extract = maker.func is workbook._extract or maker.func is workbook._unit_extract  # a month's, a unit's
    if extract and len(args) == 5 and not maker.keywords and args[0] is archive:
        _, name, _, monthly, owed = args  # name or unit id; heads or roles: the registry's tasks and roles
        reports = _reports(ledger, monthly)
        return None if reports is None else ["extract", maker.func.__name__, name, *reports, "|", *_obligations(owed)]
    if maker.func is wordout.build and len(args) == 3 and not maker.keywords:
        target, data, reviewer = args
        return ["word", *_target(target), _json(data), reviewer or ""]
    if maker.func is formbook.build and len(args) == 4 and not maker.keywords:
        target, data, previous, moment = args
        return ["form", *_target(target), _json(data), _json(previous), moment.isoformat()]
    return None


def _target(target: formbook.Target) -> list[str]:
    """A form's target is made from the registry (in every key) for this kind, unit and period."""
    return [target.kind, target.unit.id, target.period, target.title]


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def _size_of(archive: Archive, maker: object) -> Callable[[bytes], object] | None:
    """A year's archive taken from the cache tells the downloads page its size, as making it would."""
    if isinstance(maker, yeardata.Maker):
        return maker.seen
    return None
