"""Words from reports that the site search should find, kept compact.

Report texts stay out of the search index (it would grow with every report). What goes in is, per
unit, the distinct terms its reports put in quotation marks — the slogans the bureau's documents
are written around (“公转铁”“散改集”“油改电”) — so that searching one finds the units that reported
it. The index grows with the vocabulary, not with the reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from taizhang.data.model import Report
from taizhang.site.pages.facts import Facts

QUOTED = re.compile(r"[“\"「『]([^”\"」』\s]{2,12})[”\"」』]")
FIELDS = ("progress", "problems", "next_steps", "measures", "achievements")
LIMIT = 40  # terms per unit


def terms(reports: Iterable[Report]) -> list[str]:
    """Quoted terms of `reports`, the most frequent first (ties: first seen), at most LIMIT."""
    return top(counts(reports))


def top(found: Counter[str]) -> list[str]:
    return [term for term, _ in found.most_common(LIMIT)]


def unit_terms(plans: Iterable[Facts], unit_id: str) -> list[str]:
    """terms() of the unit's reports under `plans`, in their order; each plan's count is kept (unit_counts)."""
    total: Counter[str] = Counter()
    for facts in plans:
        total.update(unit_counts(facts, unit_id))  # adds counts; a term keeps its place of first sight
    return top(total)


def unit_counts(facts: Facts, unit_id: str) -> Counter[str]:
    """How often the unit's reports under the plan quote each term, counted once per plan (the unit's
    page and the search's word list both ask): shared, do not modify."""
    found = facts.quoted.get(unit_id)
    if found is None:
        found = facts.quoted[unit_id] = counts(facts.by_unit.get(unit_id, []))
    return found


def counts(reports: Iterable[Report]) -> Counter[str]:
    found: list[str] = []  # counted at the end: a Counter counts in the order terms were first seen
    findall = QUOTED.findall
    for report in reports:
        for entry in report.entries.values():
            if not isinstance(entry, dict):
                continue
            for key in FIELDS:
                value = entry.get(key)
                if isinstance(value, str) and value:
                    found += findall(value)
    return Counter(found)
