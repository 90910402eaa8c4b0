"""The 在线填报 page's data (pages/form.py): what the browser's form is drawn from, checked without a browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from taizhang.data import cleaning, schema
from taizhang.data.validate import validate
from taizhang.host import links
from taizhang.site import build, siteassets
from taizhang.site.pages import form
from taizhang.site.pages.facts import SiteConfig, gather, is_open
from taizhang.templates import render
from tests import sitedata
from tests.conftest import REPO

AS_OF = dt.date(2023, 11, 2)  # September overdue for some units, October ended and pending


def _archive(tmp_path: Path) -> object:
    root = sitedata.bundled(tmp_path)
    ledger, owed = sitedata.season(root, AS_OF)
    templates = {  # as `taizhang build` prepares them: `taizhang new`'s template of each open obligation
        (o.kind, o.unit, o.period): render(root, ledger, o.kind, o.unit, o.period, example=False)[1]
        for o in owed
        if o.path and is_open(o, AS_OF)
    }
    return gather(ledger, owed, AS_OF, SiteConfig(templates=templates, schemas=build.schemas()))


def _data(page: str, shared: str = "") -> dict[str, object]:
    """The page's JSON, with static/shared.js's (what every unit's page shares) under it, as form.js reads them."""
    found = re.search(r'<script type="application/json" id="tz-form-data">(.*?)</script>', page, re.DOTALL)
    assert found is not None
    loaded: dict[str, object] = (
        {**_shared(shared), **json.loads(found.group(1))} if shared else json.loads(found.group(1))
    )
    return loaded


def _shared(script: str) -> dict[str, object]:
    prefix = "window.TZ_FORM_SHARED = "
    assert script.startswith(prefix) and script.endswith(";\n")
    loaded: dict[str, object] = json.loads(script.removeprefix(prefix).removesuffix(";\n"))
    return loaded


def test_the_form_is_drawn_from_the_schemas_and_templates_ci_uses(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    pages = form.pages(archive)  # type: ignore[arg-type]
    data = _data(pages["form/youzheng-zhongxin.md"], pages[form.SHARED])
    assert data["schemas"] == {"monthly": schema.schema("monthly")}
    assert data["messages"] == schema.MESSAGES and data["paste"] == cleaning.PASTE
    assert data["limit"] == links.URL_LIMIT
    slots = data["slots"]
    assert isinstance(slots, list) and slots
    first = slots[0]
    # the template `taizhang new` writes is the form's starting value, its comment lines the file's head
    text = archive.config.templates[("monthly", "youzheng-zhongxin", first["period"])]  # type: ignore[attr-defined]
    assert first["start"] == yaml.safe_load(text)
    assert first["head"][0].startswith("# yaml-language-server: $schema=")
    assert [t["id"] for t in first["tasks"]] == list(first["start"]["tasks"])
    assert (
        first["path"] == f"reports/{first['period']}/youzheng-zhongxin.yml" and first["file"] == "youzheng-zhongxin.yml"
    )


def test_owed_periods_come_first_overdue_before_pending(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    slots = _data(form.pages(archive)["form/youzheng-zhongxin.md"])["slots"]  # type: ignore[arg-type]
    assert isinstance(slots, list)
    assert [(s["period"], s["overdue"]) for s in slots] == [("2023-09", True), ("2023-10", False)]


def test_the_page_carries_no_markup_from_the_data_and_is_kept_out_of_search(tmp_path: Path) -> None:
    page = form.pages(_archive(tmp_path))["form/xinfu.md"]  # type: ignore[arg-type]
    assert page.startswith("---\nsearch:\n  exclude: true\n---")
    blob = page.split('id="tz-form-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in blob  # a report text cannot close the script element
    assert '<script src="static/form.js"></script>' in page


def test_what_every_units_form_shares_is_one_file_and_each_page_keeps_only_its_own(tmp_path: Path) -> None:
    made = form.pages(_archive(tmp_path))  # type: ignore[arg-type]
    shared = _shared(made[form.SHARED])
    assert shared["messages"] == schema.MESSAGES and shared["paste"] == cleaning.PASTE
    assert shared["schemas"] == {"monthly": schema.schema("monthly")}  # the kinds any unit has open
    for path, page in made.items():
        if path != form.SHARED:
            assert set(_data(page)) == {"unit", "slots"}, path  # not 1,000 copies of the same sentences
            assert page.index('src="static/shared.js"') < page.index('src="static/form.js"')


def test_the_vendored_validators_are_the_npm_packages_pinned_in_package_json() -> None:
    modules = REPO / "node_modules"
    if not (modules / "ajv-dist").is_dir():
        pytest.fail("未找到 node_modules/ajv-dist：请先运行 npm ci（make test 会自动运行）")
    pins = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assets = siteassets.form()
    for name, source, package in [
        ("ajv2020.min.js", "ajv-dist/dist/ajv2020.min.js", "ajv-dist"),
        ("js-yaml.umd.min.js", "js-yaml/dist/browser/js-yaml.umd.min.js", "js-yaml"),
    ]:
        assert assets[f"form/static/vendor/{name}"] == (modules / source).read_bytes()
        version = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))["version"]
        assert pins[package] == version


def test_the_site_loads_nothing_from_elsewhere() -> None:
    for path, content in siteassets.form().items():
        if path.endswith((".js", ".css")) and "vendor" not in path:
            assert not re.search(rb"https?://", content), path


def test_only_the_routes_the_bureau_switched_on_are_offered(tmp_path: Path) -> None:
    root = sitedata.bundled(tmp_path)
    config = root / "taizhang.yml"
    config.write_text(config.read_text(encoding="utf-8") + "form:\n  routes: [download, copy]\n", encoding="utf-8")
    ledger = sitedata.ledger_of(root)
    archive = gather(ledger, [], AS_OF, SiteConfig())
    made = form.pages(archive)
    assert _data(made["form/xinfu.md"], made[form.SHARED])["routes"] == ["download", "copy"]
    config.write_text(config.read_text(encoding="utf-8").replace("download, copy", "fax"), encoding="utf-8")
    assert [d.code for d in validate(root).diagnostics] == ["S204"]
