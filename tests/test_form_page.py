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


def _data(made: dict[str, str], unit: str) -> dict[str, object]:
    """What form.js reads for `unit`: static/shared.js with data/<unit>.js over it."""
    return {**_script(made[form.SHARED], "TZ_FORM_SHARED"), **_script(made[form.data_of(unit)], "TZ_FORM_UNIT")}


def _script(text: str, name: str) -> dict[str, object]:
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    loaded: dict[str, object] = json.loads(text.removeprefix(prefix).removesuffix(";\n"))
    return loaded


def test_the_form_is_drawn_from_the_schemas_and_templates_ci_uses(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    pages = form.pages(archive)  # type: ignore[arg-type]
    data = _data(pages, "youzheng-zhongxin")
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
    slots = _data(form.pages(archive), "youzheng-zhongxin")["slots"]  # type: ignore[arg-type]
    assert isinstance(slots, list)
    assert [(s["period"], s["overdue"]) for s in slots] == [("2023-09", True), ("2023-10", False)]


def test_the_page_carries_no_markup_from_the_data_and_is_kept_out_of_search(tmp_path: Path) -> None:
    made = form.pages(_archive(tmp_path))  # type: ignore[arg-type]
    page = made[form.INDEX]
    assert page.startswith("---\nsearch:\n  exclude: true\n---")
    assert "<" not in made[form.data_of("xinfu")]  # a report text cannot close a script element
    assert page.index('src="static/shared.js"') < page.index('src="static/form.js"')


def test_what_every_units_form_shares_is_one_file_and_each_unit_has_its_own_data(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    made = form.pages(archive)  # type: ignore[arg-type]
    shared = _script(made[form.SHARED], "TZ_FORM_SHARED")
    assert shared["messages"] == schema.MESSAGES and shared["paste"] == cleaning.PASTE
    assert shared["schemas"] == {"monthly": schema.schema("monthly")}  # the kinds any unit has open
    units = archive.ledger.units  # type: ignore[attr-defined]
    for unit in units:  # not 1,000 copies of the same sentences, nor of the site's header and navigation
        mine = _script(made[form.data_of(unit)], "TZ_FORM_UNIT")
        assert set(mine) == {"unit", "slots"} and mine["unit"]["page"] == f"../units/{unit}.html"  # type: ignore[index]
    assert {p for p in made if p.endswith(".md")} == {form.INDEX}


def test_each_units_form_address_still_opens_its_form(tmp_path: Path) -> None:
    made = form.pages(_archive(tmp_path))  # type: ignore[arg-type]
    opener = made["form/xinfu.html"]  # linked from the unit's page, the 待办 box and bookmarks: a contract
    assert '<meta http-equiv="refresh" content="0; url=index.html?unit=xinfu">' in opener
    assert 'location.replace("index.html?unit=xinfu"+location.search.replace(' in opener  # keeps ?kind=&period=
    assert "忻府区交通运输局" in opener


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
    assert _data(form.pages(archive), "xinfu")["routes"] == ["download", "copy"]
    config.write_text(config.read_text(encoding="utf-8").replace("download, copy", "fax"), encoding="utf-8")
    assert [d.code for d in validate(root).diagnostics] == ["S204"]
