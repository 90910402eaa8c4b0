"""What the site's frame needs besides the pages (pure): the footer's facts, and the words the
search's segmentation should keep whole."""

from __future__ import annotations

from taizhang.data.model import Config
from taizhang.site.pages import keywords
from taizhang.site.pages.facts import Archive, beijing
from taizhang.site.pages.home import last_updated

SUFFIX = "交通运输局"


def footer(config: Config | None, archive: Archive) -> dict[str, str]:
    """主办单位, contact and ICP备案 from taizhang.yml's `site.footer`; when the data last changed."""
    site = (config.site.get("footer") or {}) if config else {}
    updated = last_updated(archive.obligations(), archive.as_of)
    out = {key: str(site[key]) for key in ("owner", "contact", "icp") if site.get(key)}
    out["updated"] = beijing(updated) if updated else f"{archive.as_of.isoformat()}（数据截至日期）"
    return out


def search_words(archive: Archive) -> tuple[str, ...]:
    """Counties' place names and the terms units quote in their reports: jieba keeps each whole, so
    五寨县 is a word of its own and “公转铁” is one word, not 公转 and 铁."""
    words: dict[str, None] = {}
    for unit in archive.ledger.ordered_units():
        place = unit.name.removesuffix(SUFFIX)
        if place != unit.name and len(place) > 1:  # 五寨县交通运输局 → 五寨县 (then 交通运输 and 局)
            words[place] = None
    for facts in archive.plans:
        for unit_id in facts.by_unit:
            words.update(dict.fromkeys(keywords.top(keywords.unit_counts(facts, unit_id))))
    return tuple(words)
