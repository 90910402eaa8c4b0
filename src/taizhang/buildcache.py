"""What `taizhang build` keeps under build/cache/ between builds, keyed by what it was made from.

Two stores, both plain data (CI may restore build/cache from its cache storage, so loading it must run
no code: no pickle):

    build/cache/read/<xx>.json   each data file's parse and schema check, by a digest of its bytes
                                 (data/readcache.py)
    build/cache/made/<key>       a generated download's bytes (a year's data archive, a workbook extract,
                                 a Word file), by a digest of what its maker reads (site/made.py)

Every key begins with `engine()`: a digest of taizhang's own files and of every installed distribution's
version, so that another taizhang, another PyYAML or another openpyxl never meets an entry it did not
make. Never a time stamp: a key names the inputs, so an entry is right or never asked for, and a failed
build cannot poison it (what is stored was made whole, written to a temporary name, then renamed).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

READ = "build/cache/read"
MADE = "build/cache/made"
KEY_CHARS = frozenset("0123456789abcdef")


@functools.cache
def engine() -> str:
    """A digest of this taizhang (every file of the installed package) and its environment: the
    Python version and the name and version of every installed distribution."""
    h = hashlib.sha256(sys.version.encode("utf-8"))
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(b"\0" + path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(names).encode("utf-8"))
    return h.hexdigest()


def digest(parts: Iterable[str | bytes]) -> str:
    """SHA-256 of `parts`, each length-prefixed (so that no two different lists of parts collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (a temporary file in the same folder, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_key(name: str) -> bool:
    return len(name) == 64 and set(name) <= KEY_CHARS


class Blobs:
    """Bytes by key in one folder, a file each. What a build did not ask for is removed by prune()."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: set[str] = set()
        self.hits = 0
        self.made = 0

    def get(self, key: str) -> bytes | None:
        """The bytes kept under `key`, if there are and they are whole (each entry carries its SHA-256)."""
        self.asked.add(key)
        try:
            entry = (self.folder / key).read_bytes()
        except OSError:
            return None
        check, data = entry[:32], entry[32:]
        if len(check) < 32 or hashlib.sha256(data).digest() != check:
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        self.asked.add(key)
        self.made += 1
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time, never the build
            write_atomic(self.folder / key, hashlib.sha256(data).digest() + data)

    def prune(self) -> None:
        """Remove the entries this build did not ask for (and anything else left in the folder)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.asked and path.is_file():
                path.unlink(missing_ok=True)
