"""在线填报: one form page per unit, where a clerk fills in a report and never sees YAML.

One page (form/index.html?unit=<unit>, opened from each unit's address form/<unit>.html) loads the
unit's data (form/data/<unit>.js) and static/shared.js, what every unit's form shares (the schemas,
validate's sentences…), and form.js (with ajv, vendored from npm) draws the form from them:

- the JSON Schemas CI validates with (SiteConfig.schemas), so fields, choices and limits are the schema's;
- each open obligation's template (SiteConfig.templates, rendered by templates.py as `taizhang new`
  does), whose data is the form's starting value and whose comment lines head the file it writes;
- the unit's tasks with its roles, its previous report of each kind (to start from), the code host's
  new-file link and URL limit (links.py), and the sentences `validate` uses (schema.MESSAGES).

Nothing here lists a report's fields: a new field in a schema is a new input on the form.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any
from urllib.parse import quote

import yaml

from taizhang.data import schema
from taizhang.data.cleaning import PASTE
from taizhang.data.model import ROLE_ZH, Obligation, Report, Unit
from taizhang.host import links
from taizhang.site.pages import fmt
from taizhang.site.pages.facts import Archive, is_open, period_end
from taizhang.tracking import kinds

FOLDER = "form"
STATIC = f"{FOLDER}/static"  # form.js, form.css and the vendored validators, copied by build.py
INDEX = f"{FOLDER}/index.md"  # the one form page
DATA = f"{FOLDER}/data"  # each unit's open items, tasks and starting values, as a script the form page loads
SHARED = f"{STATIC}/shared.js"  # what every unit's form needs alike: one file, not a copy in each of 1,000 pages
SCRIPTS = ("vendor/ajv2020.min.js", "vendor/js-yaml.umd.min.js", "shared.js", "form.js")
IDENTITY = ("kind", "unit", "period", "year", "sample")  # set by the file's path, never typed in
ROUTES = ("editor", "download", "copy")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a page per unit at province scale: parse fast


def page_of(unit_id: str) -> str:
    """The unit's form address, `form/<unit>.html` (a contract: links and bookmarks use it): a small
    page that opens the one form page (INDEX) on the unit."""
    return f"{FOLDER}/{unit_id}.html"


def data_of(unit_id: str) -> str:
    return f"{DATA}/{unit_id}.js"


def link_to(unit_id: str, src: str, o: Obligation | None = None) -> str:
    """The 在线填报 link from page `src`, opening the form on `o`'s period when given."""
    target = fmt.rel(src, page_of(unit_id))
    query = f"?kind={o.kind}&period={o.period}" if o is not None else ""
    return f"[在线填报]({target}{query})"


def pages(archive: Archive) -> dict[str, str]:
    """The form page, static/shared.js with what every unit's form shares (shared_data), and per unit its
    data (data/<unit>.js, form_data) and its address (page_of). One page, not one per unit: a province's
    1,000 form pages were 10 MiB of the site's own header and navigation around the same form."""
    owed = _open(archive)  # once, not once per unit: a province has 1,000 units and 66,000 obligations
    out = {INDEX: page(), SHARED: _script("TZ_FORM_SHARED", shared_data(archive, owed))}
    for unit in archive.ledger.ordered_units():
        out[data_of(unit.id)] = _script("TZ_FORM_UNIT", form_data(archive, unit, owed.get(unit.id, [])))
        out[page_of(unit.id)] = opener(unit)
    return out


def page() -> str:
    """The form: form.js reads `?unit=` (and `kind`, `period`), loads data/<unit>.js and draws it."""
    scripts = "\n".join(f'<script src="static/{name}"></script>' for name in SCRIPTS)
    return "\n\n".join(
        [
            "---\nsearch:\n  exclude: true\n---",
            "# 在线填报",
            "在本页填写报告，不需要懂 YAML。先选择报送期间，再逐项填写；填写时随时检查，"
            "有问题会在该项下方用红字说明。填写的内容自动保存在本浏览器中，关闭页面后再打开也不会丢失。"
            '填好后按页面底部的一种方式报送。<span id="tz-form-back"></span>'
            "\n{: .tz-intro }",
            '<link rel="stylesheet" href="static/form.css">',
            '<div id="tz-form" class="tz-form" markdown="0">'
            "<noscript>本页需要浏览器启用 JavaScript。也可以在“填报说明”页用“填报”链接或下载模板填写。</noscript>"
            "</div>",
            scripts,
        ]
    )


def opener(unit: Unit) -> str:
    """form/<unit>.html: opens the form page on the unit, keeping the link's ?kind=…&period=…"""
    target = f"index.html?unit={quote(unit.id)}"
    name = html.escape(unit.name)
    return (
        f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>在线填报：{name}</title>'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<script>location.replace({json.dumps(target)}+location.search.replace(/^\\?/,"&")+location.hash)</script>'
        f'<a href="{target}">打开在线填报</a>\n'
    )


def form_data(archive: Archive, unit: Unit, owed: list[Obligation] | None = None) -> dict[str, Any]:
    """What form.js needs for `unit` alone, as plain JSON; `owed`: its open obligations, if known (_open).
    The rest, the same for every unit, is shared_data."""
    repo = links.Repo.of(archive.ledger.config)
    mine = _open(archive).get(unit.id, []) if owed is None else owed
    return {
        "unit": {
            "id": unit.id,
            "name": unit.name,
            "page": fmt.rel(INDEX, fmt.unit_page(unit.id)).removesuffix(".md") + ".html",
        },
        "slots": [_slot(archive, unit, o, repo) for o in mine],
    }


def shared_data(archive: Archive, owed: dict[str, list[Obligation]] | None = None) -> dict[str, Any]:
    """What every unit's form needs alike, written once as static/shared.js: the schemas of the kinds any
    unit has open (the very schemas validate uses), validate's sentences and words, the paste cleaning
    table, the fields set by a report's path, the routes offered, the code host's URL limit, the reviewer."""
    config = archive.ledger.config
    repo = links.Repo.of(config)
    open_kinds = sorted({o.kind for mine in (_open(archive) if owed is None else owed).values() for o in mine})
    return {
        "schemas": {k: schema.schema(k) for k in open_kinds},
        "messages": schema.MESSAGES,
        "words": {
            "types": schema.TYPE_ZH,
            "patterns": schema.PATTERN_HINTS,
            "lengths": schema.LENGTH_ZH,
            "ranges": schema.RANGE_ZH,
        },
        "paste": PASTE,
        "identity": list(IDENTITY),
        "routes": [r for r in (config.form_routes if config else ROUTES) if r != "editor" or repo.url],
        "limit": links.URL_LIMIT,
        "reviewer": _reviewer(archive),
    }


def _script(name: str, data: dict[str, Any]) -> str:
    """`data` as a script setting window.<name>: compact JSON that cannot close a script element."""
    return (
        f"window.{name} = "
        + json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        + ";\n"
    )


def _open(archive: Archive) -> dict[str, list[Obligation]]:
    """Each unit's open obligations with a file to write: overdue first, then by due date."""
    templates = archive.config.templates
    out: dict[str, list[Obligation]] = {}
    for o in archive.obligations():
        if (o.kind, o.unit, o.period) in templates and is_open(o, archive.as_of):
            out.setdefault(o.unit, []).append(o)
    for mine in out.values():
        mine.sort(key=lambda o: (o.status != "overdue", o.due, o.kind, o.period))
    return out


def _slot(archive: Archive, unit: Unit, o: Obligation, repo: links.Repo) -> dict[str, Any]:
    text = archive.config.templates[(o.kind, o.unit, o.period)]
    head = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    facts = archive.of(o.plan) or archive.current
    start: dict[str, Any] = yaml.load(text, Loader=_LOADER)  # our own template: libyaml, no positions needed
    previous = _previous(archive, o)
    editor = repo.new_file(o.path or "", None)
    return {
        "kind": o.kind,
        "period": o.period,
        "label": fmt.report_title(o.kind, o.period),
        "path": o.path,
        "file": (o.path or "").rsplit("/", 1)[-1],
        "due": o.due.isoformat(),
        "dueZh": fmt.date_zh(o.due),
        "status": fmt.status_label(o),
        "overdue": o.status == "overdue",
        "head": head,
        "start": start,
        "tasks": [
            {"id": t.id, "number": t.number, "title": t.title, "roles": "、".join(ROLE_ZH[r] for r in roles)}
            for t, roles in facts.unit_tasks(unit.id)
        ],
        "dates": _dates(o),
        "previous": {"label": fmt.report_title(previous.kind, previous.period), "data": _public(previous.data)}
        if previous
        else None,
        "editor": editor.url if editor else None,
        "prefill": bool(editor and repo.host == "github"),
        "upload": _upload(repo, o.path or ""),
    }


def _upload(repo: links.Repo, path: str) -> str | None:
    """GitHub's upload page for the report's folder (Add file → Upload files)."""
    if repo.url is None or repo.host != "github":
        return None
    folder = path.rpartition("/")[0]
    return f"{repo.url.rstrip('/')}/upload/{quote(repo.branch, safe='/')}/{quote(folder)}"


def _dates(o: Obligation) -> dict[str, str]:
    """The range a date in the report may take (R408): from the first day of its period's first month
    (the month of a monthly report, 1 January of a yearly one) to the period's last day."""
    end = period_end(o.kind, o.period)
    first = dt.date.fromisoformat(f"{kinds.Period.of(o.period, kinds.KINDS[o.kind].cadence).first_month}-01")
    return {"min": first.isoformat(), "max": end.isoformat()}


def _public(data: dict[str, Any]) -> Any:
    """A report to start from, as the public site may show it: without the 填报人 and their phone."""
    return _plain({key: value for key, value in data.items() if key != "contact"})


def _previous(archive: Archive, o: Obligation) -> Report | None:
    """The unit's latest report of the same kind before `o`'s period, to start from."""
    earlier = [
        r for facts in archive.plans for r in facts.by_unit.get(o.unit, []) if r.kind == o.kind and r.period < o.period
    ]
    return max(earlier, key=lambda r: r.period, default=None)


def _plain(value: Any) -> Any:
    """Report data as JSON can hold it (a YAML date becomes its text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _reviewer(archive: Archive) -> str:
    plan = archive.current.plan
    return archive.current.unit_name(plan.reviewer) if plan.reviewer else "审核科室"
