"""What serves speed and nothing else, in one place: the cyclic garbage collector paused while data
that forms no cycles is made, and memos that keep an answer until what it was computed from changes.

Neither changes any result; both matter at a province's size (1,000 units, 60,000 reports).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

Stamp = Hashable  # what an answer was computed from, compared on the next question
Identities = tuple[tuple[int, ...], tuple[object, ...]]  # objects' ids, and the objects (no id is reused)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: each collection would walk every object made so far,
    60,000 reports' worth in a province. Reference counting still frees memory."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def identities(objects: Iterable[object]) -> Identities:
    """A stamp of `objects` by identity (a Task's roles take no part in ==, so equality would not do)."""
    kept = tuple(objects)
    return tuple(map(id, kept)), kept


class Memo(Generic[T]):
    """Answers by key, each kept with the stamp of what it was computed from, and computed again
    when asked with another stamp. The answers are shared: callers must not modify them."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[object, T]] = {}

    def get(self, key: Hashable, stamp: object, compute: Callable[[], T]) -> T:
        kept = self._kept.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        value = compute()
        self._kept[key] = (stamp, value)
        return value
