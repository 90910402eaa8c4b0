"""The compiled quick check agrees with jsonschema: on every real file, and on thousands of broken copies."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from taizhang.data import layout, precheck, schema
from taizhang.data.load import read_document

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"

# Values that break one rule or another: wrong types, empty, too long, look-alikes of good values.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, 1.0, 2.5, -3, 10**9, "", " ", "x" * 6000, "2023-02-30", "2023-13", "2023-08",
    "2023-08-03", "T1", "t1", "t4-1", "正常推进", "进行中", "monthly", "Xinfu", "xinfu", "last", [], [1], ["a", "a"],
    ["a", "b"], {}, {"name": "张三"}, {"t1": {}}, "0350-1234567", "电话",
]  # fmt: skip


def data_files() -> list[tuple[str, Any]]:
    """(kind, data) of every readable data file of the project and of the test cases."""
    found = []
    for root in [ROOT, *sorted(p for p in CASES.glob("*/*") if p.is_dir())]:
        for path in layout.discover(root):
            place = layout.classify(path)
            if place is None or not hasattr(place, "kind"):
                continue
            document = read_document(root, path)
            if document.data is not None:
                found.append((place.kind, document.data))
    return found


def mutations(data: Any, rng: random.Random, count: int) -> list[Any]:
    """`count` copies of `data`, each with one value replaced, one key dropped or one key added."""
    out = []
    for _ in range(count):
        copied = copy.deepcopy(data)
        parent, key = _pick(copied, rng)
        if parent is None:
            out.append(rng.choice(ODD_VALUES))
            continue
        action = rng.random()
        if action < 0.6:
            parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif action < 0.8 and isinstance(parent, dict):
            del parent[key]
        elif isinstance(parent, dict):
            parent[rng.choice(["extra", "t99", "Tasks", "备注", str(key) + "_"])] = rng.choice(ODD_VALUES)
        else:
            parent.append(copy.deepcopy(parent[key]))
        out.append(copied)
    return out


def _pick(data: Any, rng: random.Random) -> tuple[Any, Any]:
    """A random (container, key or index) inside `data`, or (None, None) for a scalar."""
    spots: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            spots.append((node, key))
            stack.append(value)
    return rng.choice(spots) if spots else (None, None)


def test_every_kind_of_schema_compiles() -> None:
    assert [kind for kind in schema.KINDS if schema.quick(kind) is None] == []


def test_quick_check_agrees_with_jsonschema_on_every_real_file() -> None:
    files = data_files()
    assert len(files) > 50
    for kind, data in files:
        assert schema.quick(kind)(data) == schema.validator(kind).is_valid(data), (kind, data)  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(4))
def test_quick_check_agrees_with_jsonschema_on_broken_copies(seed: int) -> None:
    rng = random.Random(seed)
    disagreements = []
    tried = invalid = 0
    for kind, data in data_files():
        quick = schema.quick(kind)
        assert quick is not None
        for broken in mutations(data, rng, 40):
            expected = schema.validator(kind).is_valid(broken)
            tried += 1
            invalid += not expected
            if quick(broken) != expected:
                disagreements.append((kind, broken))
    assert disagreements == []
    assert tried > 1000 and invalid > tried // 3  # the copies really are broken, most of them


def test_a_keyword_it_does_not_know_leaves_the_schema_to_jsonschema() -> None:
    assert precheck.compile_check({"type": "object", "dependentRequired": {"a": ["b"]}}, None) is None
    assert precheck.compile_check({"enum": [1, "one"]}, None) is None
    assert precheck.compile_check({"$ref": "other.json#/x"}, None) is None


def test_dates_are_checked_as_jsonschema_checks_them() -> None:
    check = schema.quick("monthly")
    assert check is not None
    report = yaml.safe_load(
        "kind: monthly\nunit: xinfu\nperiod: '2023-08'\ntasks:\n  t1: {status: 正常推进, progress: 开展学习}\n"
        "study_sessions:\n  - {date: '2023-02-30', topic: 学习}\n"
    )
    assert check(report) is False
    report["study_sessions"][0]["date"] = "2023-08-30"
    assert check(report) is True
