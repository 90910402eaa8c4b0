"""A quick yes/no schema check, compiled once from the same schema files, for the fast path.

jsonschema interprets the schema afresh for each file and prepares errors as it goes; over a
province's 60,000 reports that was most of validation's time. Here each schema is compiled once
into nested Python closures for the keywords our schemas use, and answers only "valid or not".

It is conservative: whenever it answers valid, jsonschema agrees. A keyword or value it does not
know makes `compile_check` return None, and the caller keeps asking jsonschema. On failure the
caller asks jsonschema again, so every message still comes from jsonschema (see schema.check).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$defs", "$id", "$comment", "title", "description", "default", "examples"}
_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    # As jsonschema's 2020-12 type checker: booleans are not numbers, 1.0 is an integer.
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
    "number": lambda x: isinstance(x, numbers.Number) and not isinstance(x, bool),
}


class Unsupported(Exception):
    """The schema uses something this compiler does not handle; jsonschema alone will do."""


def compile_check(schema: dict[str, Any], format_checker: FormatChecker | None) -> Check | None:
    """A function telling whether an instance is valid against `schema`, or None if it cannot be compiled."""
    try:
        return _Compiler(schema, format_checker).node(schema)
    except Unsupported:
        return None


class _Compiler:
    def __init__(self, root: dict[str, Any], format_checker: FormatChecker | None) -> None:
        self.root = root
        self.formats = format_checker
        self.refs: dict[str, Check] = {}

    def node(self, schema: Any) -> Check:
        if schema is True:
            return lambda x: True
        if schema is False:
            return lambda x: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        keys = [key for key in schema if key not in _ANNOTATIONS and key not in ("if", "then", "else")]
        compiled = [self._keyword(key, schema[key]) for key in keys if key not in _OBJECT]
        if "if" in schema:
            compiled.append(self._conditional(schema))
        if any(key in _OBJECT for key in keys):
            compiled.append(self._object(schema))
        checks = [c for c in compiled if c is not None]
        if len(checks) == 1:
            return checks[0]

        def every(x: Any) -> bool:
            for check in checks:  # noqa: SIM110 (a plain loop: no generator per call, this runs millions of times)
                if not check(x):
                    return False
            return True

        return every

    def _keyword(self, key: str, value: Any) -> Check | None:
        if key in _ARRAY:
            return self._array(key, value)
        if key in _STRING:
            return self._string(key, value)
        if key in _NUMBER:
            return _number(key, value)
        if key == "type":
            kinds = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
            return lambda x: any(kind(x) for kind in kinds)
        if key in ("enum", "const"):
            choices = value if key == "enum" else [value]
            if not all(isinstance(c, str) for c in choices):
                raise Unsupported(key)
            allowed = frozenset(choices)
            return lambda x: isinstance(x, str) and x in allowed
        if key in ("anyOf", "allOf"):
            parts = [self.node(s) for s in value]
            return (lambda x: any(p(x) for p in parts)) if key == "anyOf" else (lambda x: all(p(x) for p in parts))
        if key == "$ref":
            return self._ref(value)
        raise Unsupported(key)

    def _conditional(self, schema: dict[str, Any]) -> Check:
        """if/then/else: `then` must hold where `if` does, `else` where it does not."""
        cond, then, other = (self.node(schema.get(key, True)) for key in ("if", "then", "else"))
        return lambda x: then(x) if cond(x) else other(x)

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/"):
            raise Unsupported(ref)
        if ref not in self.refs:
            target: Any = self.root
            for step in ref[2:].split("/"):
                step = step.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or step not in target:
                    raise Unsupported(ref)
                target = target[step]
            self.refs[ref] = lambda x: True  # a placeholder while compiling, should the ref be recursive
            self.refs[ref] = self.node(target)
        refs = self.refs
        return lambda x: refs[ref](x)

    def _object(self, schema: dict[str, Any]) -> Check:
        """All of an object's keywords in one pass over its items: reports have many small objects."""
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        props = {name: self.node(sub) for name, sub in schema.get("properties", {}).items()}
        extra = None if schema.get("additionalProperties", True) is True else self.node(schema["additionalProperties"])
        names = self.node(schema["propertyNames"]) if "propertyNames" in schema else None
        required = tuple(schema.get("required", ()))
        low, high = schema.get("minProperties"), schema.get("maxProperties")

        def check(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            if not _within(len(x), low, high) or any(name not in x for name in required):
                return False
            for key, value in x.items():
                sub = props.get(key, extra)
                if (sub is not None and not sub(value)) or (names is not None and not names(key)):
                    return False
            return True

        return check

    def _array(self, key: str, value: Any) -> Check | None:
        if key == "items":
            if not isinstance(value, (dict, bool)):
                raise Unsupported("items as a list")
            item = self.node(value)
            return lambda x: not isinstance(x, list) or all(item(i) for i in x)
        if key == "uniqueItems":
            # Strings only: anything else is left to jsonschema's own notion of equality.
            return None if not value else lambda x: not isinstance(x, list) or _unique_strings(x)
        low, high = (value, None) if key == "minItems" else (None, value)
        return lambda x: not isinstance(x, list) or _within(len(x), low, high)

    def _string(self, key: str, value: Any) -> Check | None:
        if key == "pattern":
            search = re.compile(value).search
            return lambda x: not isinstance(x, str) or search(x) is not None
        if key == "format":
            formats = self.formats
            if formats is None:
                return None
            return lambda x: formats.conforms(x, value)
        low, high = (value, None) if key == "minLength" else (None, value)
        return lambda x: not isinstance(x, str) or _within(len(x), low, high)


_OBJECT = {
    "properties",
    "additionalProperties",
    "required",
    "propertyNames",
    "minProperties",
    "maxProperties",
}
_ARRAY = {"items", "uniqueItems", "minItems", "maxItems"}
_STRING = {"pattern", "format", "minLength", "maxLength"}
_NUMBER = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}


def _number(key: str, bound: Any) -> Check:
    if isinstance(bound, bool) or not isinstance(bound, (int, float)):
        raise Unsupported(key)
    within: Callable[[Any], bool] = {
        "minimum": lambda x: x >= bound,
        "maximum": lambda x: x <= bound,
        "exclusiveMinimum": lambda x: x > bound,
        "exclusiveMaximum": lambda x: x < bound,
    }[key]
    return lambda x: isinstance(x, bool) or not isinstance(x, numbers.Number) or within(x)


def _within(size: int, low: int | None, high: int | None) -> bool:
    return (low is None or size >= low) and (high is None or size <= high)


def _unique_strings(items: list[Any]) -> bool:
    return all(isinstance(i, str) for i in items) and len(set(items)) == len(items)
