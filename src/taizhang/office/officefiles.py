"""The site's office downloads, made at the edge (binary): an Excel 填报表 for every open obligation,
and the Word document of the newest reports. Each comes as a maker, called when build.py writes
its file, so that a province's thousand documents are never all in memory at once.

Word files cost 37 ms of CPU each (python-docx; measured on the province benchmark, where 1,000 of
them took 45 s and left the build's process 160 MB larger), so a province's 60,000 reports would add
forty minutes to every build: the site carries the newest WORD_LIMIT reports of the current plan year
(a city's whole year: 25 units x 12 months), and `taizhang export-docx` makes any other one.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation, Report
from taizhang.errors import FatalError
from taizhang.host import links
from taizhang.office import formbook, forms, wordout
from taizhang.site.pages.facts import shown_plans
from taizhang.tracking import kinds

WORD_LIMIT = 300


Made = Callable[[], bytes]


def form_files(ledger: Ledger, open_obligations: Iterable[Obligation], as_of: dt.date) -> dict[str, Made]:
    """downloads/forms/<report path>.xlsx for each open obligation: blank, last month's status carried over."""
    moment = dt.datetime.combine(as_of, dt.time())
    out: dict[str, Made] = {}
    for o in open_obligations:
        if o.path is None or o.kind not in forms.FORMS:
            continue
        try:
            target = formbook.target(ledger, o.kind, o.unit, o.period)
        except FatalError:  # the unit holds no task in that plan: nothing to fill in
            continue
        before = _previous_month(o.period) if o.kind == kinds.MONTHLY else None
        previous = ledger.report(o.kind, o.unit, before) if before else None
        out[links.form_file(o.path)] = functools.partial(
            formbook.build, target, None, previous.data if previous else None, moment
        )
    return out


def word_files(ledger: Ledger, as_of: dt.date, limit: int = WORD_LIMIT) -> dict[str, Made]:
    """downloads/word/<report path>.docx for the newest `limit` reports of the current plan year (the
    pages show no earlier year's report, so link no Word file of one) of a kind that has a form."""
    shown = shown_plans(ledger, as_of)
    current = shown[0].key if shown else None

    def of_current(report: Report) -> bool:
        plan = ledger.plan_for(report.kind, report.period)
        return plan is not None and plan.key == current

    newest = sorted((r for r in ledger.reports if r.kind in forms.FORMS and of_current(r)), key=_age)[:limit]
    out: dict[str, Made] = {}
    for report in newest:
        try:
            target = formbook.target(ledger, report.kind, report.unit, report.period, report.data)
        except FatalError:  # a report the validator flags (no such unit or plan): the page shows why
            continue
        reviewer = ledger.units.get(target.plan.reviewer or "")
        name = reviewer.full_name if reviewer else None
        out[links.word_file(report.path)] = functools.partial(wordout.build, target, report.data, name)
    return out


def _age(report: Report) -> tuple[str, str]:
    """Newest first: by period (a year sorts as its December), then by path."""
    period = report.period if "-" in report.period else f"{report.period}-12"
    return ("".join(chr(0x10FFFF - ord(c)) for c in period), report.path)


def _previous_month(period: str) -> str:
    year, month = map(int, period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
