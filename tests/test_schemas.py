"""The JSON Schemas: valid 2020-12, closed objects, and wired to every data file for editors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from taizhang.data import layout
from taizhang.data.schema import KINDS, schema
from tests.conftest import REPO


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_2020_12_and_closed(kind: str) -> None:
    loaded = schema(kind)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(loaded)
    for obj in _objects(loaded):
        # a closed object, or a map keyed by ids whose values are themselves closed
        assert obj.get("additionalProperties") is False or "propertyNames" in obj, obj.get("title")


def test_every_data_file_names_its_schema_for_editors() -> None:
    for path in layout.discover(REPO):
        place = layout.classify(path)
        if place is None or not isinstance(place, layout.Place):
            continue
        first = (REPO / path).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (REPO / path).parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (REPO / f"src/taizhang/schemas/{place.kind}.schema.json").resolve(), path


def test_every_schema_has_chinese_titles_for_its_fields() -> None:
    for kind in KINDS:
        for obj in _objects(schema(kind)):
            for name, prop in obj.get("properties", {}).items():
                if "$ref" not in prop:
                    assert prop.get("title"), f"{kind}.{name}"


def test_schemas_on_disk_are_the_ones_the_package_uses() -> None:
    on_disk = sorted(p.name for p in Path(REPO / "src/taizhang/schemas").glob("*.schema.json"))
    assert on_disk == sorted(f"{k}.schema.json" for k in KINDS)
