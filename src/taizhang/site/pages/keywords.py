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

QUOTED = re.compile(r"[“\"「『]([^”\"」』\s]{2,12})[”\"」』]")
FIELDS = ("progress", "problems", "next_steps", "measures", "achievements")
LIMIT = 40  # terms per unit


def terms(reports: Iterable[Report]) -> list[str]:
    """Quoted terms of `reports`, the most frequent first (ties: first seen), at most LIMIT."""
    counts: Counter[str] = Counter()
    for report in reports:
        for entry in report.entries.values():
            if not isinstance(entry, dict):
                continue
            for key in FIELDS:
                value = entry.get(key)
                if isinstance(value, str) and value:
                    counts.update(QUOTED.findall(value))
    return [term for term, _ in counts.most_common(LIMIT)]
