"""A draft unit registry from the names a plan writes (pure): every guess marked for the maintainer.

A name that stands for several units (各县（市、区）交通运输局, 局属各单位, 局机关各科室) becomes a group;
every other name a unit, with a code from its pinyin (运输科 → yunshuke, 忻府区交通运输局 → xinfu) and a
kind guessed from its ending: 科/室/股 → office (科室), 县（市、区）交通运输局 → county, the rest affiliated.
Units join the groups whose phrase names their kind. Nothing here is certain, so each file says
`draft: true` and `taizhang validate` lists it (D501) until the maintainer confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taizhang.importer.names import Entry, Registry, key

_GROUP = re.compile(r"各|^局属|^(?:相关|有关)|等单位$")
_COUNTY = re.compile(r"^(?:.{1,6}?[省市])?(.{1,6}?[县市区旗])交通运输局$")
_OFFICE = re.compile(r"(?:科|室|股)$")
_CITY_PREFIX = re.compile(r"^(?:.{2,4}?市(?!场))")
_SPLIT = re.compile(r"以及|及|和|与|、")
_MAX_ID = 40


@dataclass
class DraftUnit:
    id: str
    name: str
    kind: str
    why: str  # the guess, in words, for the comment beside `kind`
    groups: list[str] = field(default_factory=list)


@dataclass
class DraftGroup:
    id: str
    name: str
    aliases: list[str]
    kinds: tuple[str, ...]  # the unit kinds it is guessed to hold (empty: every unit)


@dataclass(frozen=True)
class Draft:
    units: list[DraftUnit]
    groups: list[DraftGroup]

    def registry(self) -> Registry:
        units = tuple(Entry(u.id, u.name, (u.name,)) for u in self.units)
        groups = tuple(Entry(g.id, g.name, tuple(g.aliases)) for g in self.groups)
        return Registry(units, groups)


def split_names(names: list[str]) -> list[str]:
    """Names as written, with 运输科和规划科 taken apart when every part looks like a unit of its own."""
    out: list[str] = []
    for name in names:
        parts = [p.strip() for p in _SPLIT.split(name) if p.strip()]
        whole = len(parts) > 1 and not _GROUP.search(name) and all(len(p) >= 2 for p in parts)
        for part in parts if whole else [name]:
            if part not in out:
                out.append(part)
    return out


def draft(names: list[str]) -> Draft:
    """The draft registry for the names a plan writes (in the order first met)."""
    taken: set[str] = set()
    units: list[DraftUnit] = []
    groups: dict[str, DraftGroup] = {}
    seen_units: set[str] = set()
    for name in split_names(names):
        if _GROUP.search(name):
            k = key(name)
            if k in groups:
                if name not in groups[k].aliases:
                    groups[k].aliases.append(name)
                continue
            groups[k] = DraftGroup(_unique(_group_id(name), taken), name, [name], _group_kinds(name))
        elif key(name) not in seen_units:
            seen_units.add(key(name))
            kind, why = guess_kind(name)
            units.append(DraftUnit(_unique(unit_id(name, kind), taken), name, kind, why))
    for group in groups.values():
        for unit in units:
            if not group.kinds or unit.kind in group.kinds:
                unit.groups.append(group.id)
    return Draft(units, list(groups.values()))


def guess_kind(name: str) -> tuple[str, str]:
    if _COUNTY.match(name):
        return "county", "名称为“某县（市、区）交通运输局”"
    if _OFFICE.search(name):
        return "office", f"名称以“{name[-1]}”结尾"
    return "affiliated", "名称不是科室，也不是县（市、区）交通运输局"


def unit_id(name: str, kind: str) -> str:
    core = name
    county = _COUNTY.match(name)
    if county:
        place = county.group(1)
        core = place[:-1] if len(place) > 2 else place  # 忻府区 → 忻府, 代县 stays 代县
    elif kind != "office":
        core = _CITY_PREFIX.sub("", name) or name
    return _slug(core)


def _group_id(name: str) -> str:
    kinds = _group_kinds(name)
    fixed: dict[tuple[str, ...], str] = {("county",): "counties", ("office",): "offices", ("affiliated",): "affiliated"}
    return fixed.get(kinds) or _slug(name)


def _group_kinds(name: str) -> tuple[str, ...]:
    if "交通运输局" in name and "县" in name:
        return ("county",)
    if "科" in name or "股" in name or name.endswith("室"):
        return ("office",)
    if "局属" in name:
        return ("affiliated",)
    return ()


def _slug(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # its dictionaries take tens of MiB: loaded only by taizhang init

    letters = "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore")).lower()
    slug = re.sub(r"[^a-z0-9]+", "", letters)[:_MAX_ID]
    return slug or "danwei"


def _unique(candidate: str, taken: set[str]) -> str:
    found, n = candidate, 2
    while found in taken:
        found, n = f"{candidate}-{n}", n + 1
    taken.add(found)
    return found
