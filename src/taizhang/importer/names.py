"""Unit names as a plan writes them, matched to the registry (units/*.yml, groups/*.yml).

A plan writes 市运输事业发展中心, 忻州市运输事业发展中心, 市局运输科 or 各县(市、区)交通运输局 with
half-width brackets; the registry holds one name, a full name and a group's aliases. Names are compared
after NFKC (full-width → half-width), without spaces, with 有关 read as 相关, and again with the city and
bureau prefixes taken off (忻州市, 市交通运输局, 市局, 局, 市 …).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from taizhang.data.ledger import Ledger
from taizhang.importer.text import squash

_GENERIC_PREFIXES = ("本局", "市局", "县局", "局", "市", "县")
_CONJUNCTIONS = re.compile(r"以及|及|和|与|、")


@dataclass(frozen=True)
class Entry:
    """A registered unit or group, with every way of writing it."""

    id: str
    name: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    units: tuple[Entry, ...]
    groups: tuple[Entry, ...]

    @classmethod
    def from_ledger(cls, ledger: Ledger) -> Registry:
        units = tuple(Entry(u.id, u.name, (u.name, u.full_name)) for u in ledger.ordered_units())
        groups = tuple(Entry(g.id, g.name, (g.name, *g.aliases)) for g in ledger.groups.values())
        return cls(units, groups)

    def entries(self) -> tuple[Entry, ...]:
        return self.groups + self.units


@dataclass(frozen=True)
class Closest:
    name: str  # the registered name
    id: str


def key(name: str) -> str:
    return squash(name).replace("有关", "相关")


class Matcher:
    """Looks names up in a registry; built once per import."""

    def __init__(self, registry: Registry, issuer: str | None = None) -> None:
        self.registry = registry
        self.prefixes = _prefixes(registry, issuer)
        self.exact: dict[str, str] = {}
        cores: dict[str, set[str]] = {}
        self.display: dict[str, Entry] = {}
        for entry in registry.entries():
            for spelling in entry.spellings:
                self.exact.setdefault(key(spelling), entry.id)
                core = self.core(spelling)
                cores.setdefault(core, set()).add(entry.id)
                self.display.setdefault(key(spelling), entry)
                self.display.setdefault(core, entry)
        # A core shared by two entries is ambiguous and matches neither.
        self.cores = {core: next(iter(ids)) for core, ids in cores.items() if len(ids) == 1}

    def core(self, name: str) -> str:
        text = key(name)
        changed = True
        while changed:
            changed = False
            for prefix in self.prefixes:
                rest = text[len(prefix) :]
                if text.startswith(prefix) and len(rest) >= 2 and not (prefix.endswith("局") and rest[0] == "属"):
                    text, changed = rest, True
                    break
        return text

    def match(self, name: str) -> str | None:
        """The unit or group id `name` stands for, or None."""
        found = self.exact.get(key(name))
        return found if found is not None else self.cores.get(self.core(name))

    def resolve(self, name: str) -> list[tuple[str, str | None]]:
        """`name` with its id; a name joined by 和/及/与 whose parts all match is taken apart."""
        found = self.match(name)
        if found is not None:
            return [(name, found)]
        parts = [p.strip() for p in _CONJUNCTIONS.split(name) if p.strip()]
        if len(parts) > 1:
            ids = [self.match(p) for p in parts]
            if all(ids):
                return list(zip(parts, ids, strict=True))
        return [(name, None)]

    def closest(self, name: str) -> Closest | None:
        """The registered name most like `name` (difflib), when one is reasonably close."""
        candidates = list(self.display)
        for query in (key(name), self.core(name)):
            hit = difflib.get_close_matches(query, candidates, n=1, cutoff=0.6)
            if hit:
                entry = self.display[hit[0]]
                return Closest(entry.name, entry.id)
        return None


def _prefixes(registry: Registry, issuer: str | None) -> tuple[str, ...]:
    """Prefixes a plan may put before a registered name: the issuer, its city, the registry's own."""
    whole: set[str] = {key(issuer)} if issuer else set()
    for entry in registry.units:
        for full in entry.spellings:
            full, short = key(full), key(entry.name)
            if full != short and full.endswith(short):
                whole.add(full[: -len(short)])
    found: set[str] = set(_GENERIC_PREFIXES)
    for prefix in whole:
        found.add(prefix)
        city = re.match(r"^(.+?[省市州盟县区旗])(.*)$", prefix)
        if city and city.group(2):
            # 忻州市交通运输局 → 忻州市, 市交通运输局, 交通运输局
            found.update({city.group(1), city.group(1)[-1] + city.group(2), city.group(2)})
    return tuple(sorted((p for p in found if len(p) > 0), key=len, reverse=True))
