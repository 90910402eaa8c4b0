"""Each data file's parse and schema check, kept between builds by a digest of its bytes (build/cache/read).

Parsing 60,000 YAML reports is most of a province's validation (about 20 s on two cores); reading them
back as JSON takes a tenth of that. Only files that passed (no diagnostic: their data is a mapping of
text, numbers, booleans, nulls and lists, which JSON keeps exactly) are kept; a file with a problem is
parsed again each time, so its diagnostics and their lines come from the one path that makes them.

The key is a digest of the engine (buildcache.engine: taizhang's files, PyYAML's and jsonschema's
versions), the file's kind (its schema) and path (the checks read it), and the file's bytes: a changed
file, a changed schema or another taizhang misses. Entries sit in 256 shards by the key's first two
hex digits, so a build that adds one report rewrites one shard.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from taizhang import buildcache
from taizhang.data.scalars import SHARED_TEXT

Data = dict[str, Any]


def key(kind: str, path: str, source: str) -> str:
    """The entry of file `path` of `kind` whose bytes have digest `source`."""
    return buildcache.digest((buildcache.engine(), kind, path, source))


class ReadCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shards: dict[str, dict[str, Data]] = {}
        self.used: dict[str, set[str]] = defaultdict(set)
        self.added: set[str] = set()

    def lookup(self, keys: Iterable[str]) -> dict[str, Data]:
        """The entries there are for `keys` (a shard that cannot be read or is not ours counts as empty)."""
        wanted = list(keys)
        for shard in sorted({k[:2] for k in wanted} - set(self.shards)):
            self.shards[shard] = _load(self.folder / f"{shard}.json")
        found: dict[str, Data] = {}
        for k in wanted:
            self.used[k[:2]].add(k)
            data = self.shards[k[:2]].get(k)
            if data is not None:
                found[k] = data
        return found

    def add(self, k: str, data: Data) -> None:
        self.shards.setdefault(k[:2], {})[k] = data
        self.used[k[:2]].add(k)
        self.added.add(k[:2])

    def save(self) -> None:
        """Rewrite the shards that gained an entry or hold one this run did not ask for; each keeps
        exactly the entries asked for. (Shards this run never opened are left as they are.)"""
        for shard, entries in self.shards.items():
            used = self.used.get(shard, set())
            if shard not in self.added and set(entries) <= used:
                continue
            kept = {k: entries[k] for k in sorted(used) if k in entries}
            text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            with contextlib.suppress(OSError):  # a cache that cannot be written costs time, never the build
                buildcache.write_atomic(self.folder / f"{shard}.json", text.encode("utf-8"))


def _load(path: Path) -> dict[str, Data]:
    try:
        loaded = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: _shared(v) for k, v in loaded.items() if buildcache.is_key(k) and isinstance(v, dict)}


def _shared(value: Any) -> Any:
    """Short texts and keys interned, as load.py's reading does (a province's statuses and units of
    measure are the same few words sixty thousand times)."""
    if isinstance(value, str):
        return sys.intern(value) if len(value) <= SHARED_TEXT else value
    if isinstance(value, dict):
        return {sys.intern(k): _shared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared(v) for v in value]
    return value
