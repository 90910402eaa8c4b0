"""Where each value of a YAML file is written: one pass over libyaml's events, indexed by path.

Asked only about files that have a problem, and then once per file however many problems it has:
2,500 unknown keys are 2,500 look-ups in one index, not 2,500 parses of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from taizhang.data.bounded import MAX_DEPTH, MAX_NODES, Mark

Step = str | int
Path = tuple[Step, ...]
At = tuple[int, int]  # 1-based line and column


@dataclass
class _Open:
    path: Path | None  # None: a collection used as a key, whose insides are not indexed
    mapping: bool
    index: int = 0  # a sequence's next item, or how many keys and values a mapping has had
    key: str | None = None  # a mapping's key waiting for its value (None: not a plain text key)
    key_at: At | None = None


@dataclass
class Positions:
    """Each value's position (and its key's), by JSON path; what is inside an alias is not indexed."""

    values: dict[Path, At] = field(default_factory=dict)
    keys: dict[Path, At] = field(default_factory=dict)
    mappings: set[Path] = field(default_factory=set)

    def locate(self, path: tuple[Step, ...]) -> tuple[At, At | None]:
        """(line, column) of the value at `path`, or of the deepest part of it that exists, and of its key."""
        here: Path = ()
        for step in path:
            below = (*here, str(step)) if here in self.mappings else (*here, step)
            if below not in self.values:
                break
            here = below
        return self.values.get(here, (1, 1)), self.keys.get(here)


def _at(mark: Mark | None) -> At:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def index(text: str) -> Positions:
    """The positions of `text`'s values; as far as the text parses, within the reading limits."""
    found = Positions()
    reader = yaml.CSafeLoader(text)
    stack: list[_Open] = []
    try:
        event = reader.get_event()
        while type(event) is not StreamEndEvent and len(found.values) < MAX_NODES and len(stack) <= MAX_DEPTH:
            event = reader.get_event()
            if isinstance(event, (ScalarEvent, AliasEvent, CollectionStartEvent)):
                path = _place(stack, event, found)
                if isinstance(event, CollectionStartEvent):
                    mapping = isinstance(event, MappingStartEvent)
                    stack.append(_Open(path, mapping))
                    if mapping and path is not None:
                        found.mappings.add(path)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
    except yaml.YAMLError:
        pass  # what parsed is indexed; the rest is found at its nearest indexed parent
    finally:
        reader.dispose()
    return found


def _place(stack: list[_Open], event: yaml.NodeEvent, found: Positions) -> Path | None:
    """Record where `event` starts in its parent; its path, or None when it is a key or not indexed."""
    at = _at(event.start_mark)
    if not stack:
        found.values[()] = at
        return ()
    parent = stack[-1]
    if parent.path is None:
        return None
    if not parent.mapping:
        path: Path = (*parent.path, parent.index)
        parent.index += 1
        found.values[path] = at
        return path
    parent.index += 1
    if parent.index % 2 == 1:  # a key: its value comes next
        parent.key = event.value if isinstance(event, ScalarEvent) else None
        parent.key_at = at
        return None
    if parent.key is None:
        return None
    path = (*parent.path, parent.key)
    if path not in found.values:  # a duplicate key: the first one is where the problem is shown
        found.values[path] = at
        if parent.key_at is not None:
            found.keys[path] = parent.key_at
    return path


@lru_cache(maxsize=4)
def of(text: str) -> Positions:
    """index(text), kept for the few files a run is telling problems about."""
    return index(text)
