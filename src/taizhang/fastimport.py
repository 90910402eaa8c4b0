"""Writing a `git fast-import` stream: many backdated commits in one go, without a working tree.

Pure: builds bytes. history.create_repository() hands them to git. Used by the demo season and the
history benchmark, where hundreds or tens of thousands of commits must be made in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

Person = tuple[str, str]  # (name, e-mail)


class Stream:
    """Blobs and commits, numbered by marks; `data()` is the finished stream."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._blobs: dict[bytes, int] = {}
        self._marks = 0
        self.commits = 0

    def blob(self, content: bytes) -> int:
        """The mark of a file's content, written once however often it is used."""
        if content not in self._blobs:
            self._blobs[content] = self._next()
            self._parts.append(b"blob\nmark :%d\n%s" % (self._blobs[content], _data(content)))
        return self._blobs[content]

    def commit(
        self,
        ref: str,
        author: Person,
        committer: Person,
        when: dt.datetime,
        message: str,
        parents: Sequence[int],
        files: Sequence[tuple[str, bytes]],
    ) -> int:
        """A commit on `ref` whose tree is its first parent's plus `files`; returns its mark."""
        changes = [b"M 100644 :%d %s" % (self.blob(content), path.encode()) for path, content in files]
        number = self._next()
        self.commits += 1
        head = f"commit {ref}\nmark :{number}\nauthor {_ident(author, when)}\ncommitter {_ident(committer, when)}\n"
        lines = [head.encode() + _data(message.encode()).rstrip(b"\n")]
        lines += [b"from :%d" % parents[0]] if parents else []
        lines += [b"merge :%d" % p for p in parents[1:]]
        self._parts.append(b"\n".join([*lines, *changes]) + b"\n\n")
        return number

    def data(self) -> bytes:
        return b"".join([*self._parts, b"done\n"])

    def _next(self) -> int:
        self._marks += 1
        return self._marks


def _data(content: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(content), content)


def _ident(who: Person, when: dt.datetime) -> str:
    offset = when.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{who[0]} <{who[1]}> {int(when.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
