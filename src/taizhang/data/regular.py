"""Only regular files are data: finding, reading and writing them inside the repository, never through a link.

A symbolic link, a named pipe, a device or a checked-out submodule under reports/ (or any data
folder) is not a report: it is listed as an `Odd` entry (validate reports it, Y123) and never
followed or read, so a link to /etc/passwd or /dev/zero reads nothing outside the repository.
Files are opened one folder at a time relative to the folder above (`dir_fd`) with O_NOFOLLOW,
so no component of the path can be a link, even one swapped in after the folder was listed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_AT = bool(_NOFOLLOW and _DIRECTORY and os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd)
DATA_NAMES = (".yml", ".yaml")


@dataclass(frozen=True, order=True)
class Odd:
    """An entry where data may be that is not a regular file: never read. `what` says what it is, in Chinese."""

    path: str
    what: str


class NotRegular(Exception):
    """The entry at a path is not a regular file reached through real folders."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(Exception):
    """A regular file over the size limit: not read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def describe(mode: int) -> str:
    """What an entry of this (lstat) mode is, in Chinese."""
    if stat.S_ISLNK(mode):
        return "符号链接（快捷方式）"
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def walk(root: Path, top: str) -> tuple[list[str], list[Odd]]:
    """Regular files under `root/top` as POSIX paths relative to `root`, and the entries that are not.

    Hidden entries (".name") are skipped, except that a ".git" marks a checked-out submodule. A folder
    named like a data file is what a submodule (gitlink) at a report's path looks like in a work tree.
    """
    files: list[str] = []
    odd: list[Odd] = []
    base = root / top
    try:
        mode = base.lstat().st_mode
    except OSError:
        return files, odd
    if not stat.S_ISDIR(mode):
        return files, [Odd(top, describe(mode))]
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(root / folder))
        except OSError:
            odd.append(Odd(folder, "无法读取的目录"))
            continue
        strange = _strange_folder(folder, [e.name for e in entries]) if folder != top else None
        if strange is not None:
            odd.append(strange)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                odd.append(Odd(path, _what(entry)))
    return files, odd


def _strange_folder(folder: str, names: list[str]) -> Odd | None:
    """A folder that is what a submodule (gitlink) looks like in a work tree: it has a .git (checked
    out), or it is named like a data file (an empty folder when not checked out). Another empty folder
    holds nothing to read and is left alone: someone may have just made it to put a report in."""
    if ".git" in names:
        return Odd(folder, "子模块（gitlink）")
    if folder.endswith(DATA_NAMES):
        return Odd(folder, "与数据文件同名的目录（可能是子模块 gitlink）")
    return None


def _what(entry: os.DirEntry[str]) -> str:
    try:
        return describe(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return "特殊文件"


def kind(root: Path, path: str) -> str | Odd | None:
    """ "file" when `path` is a regular file reached through real folders, an Odd when something else
    is there (or a folder on the way is a link), None when nothing is."""
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    if any(part.startswith(".") for part in parts):
        return None  # hidden: not data, as walk() skips it
    here = root
    for depth, part in enumerate(parts):
        here = here / part
        try:
            mode = here.lstat().st_mode
        except OSError:
            return None
        if depth < len(parts) - 1:
            if not stat.S_ISDIR(mode):
                via = "/".join(parts[: depth + 1])
                return Odd(path, f"经过{describe(mode)}“{via}”的路径") if stat.S_ISLNK(mode) else None
            continue
        if stat.S_ISREG(mode):
            return "file"
        if stat.S_ISDIR(mode):
            try:
                return _strange_folder(path, os.listdir(here)) if depth else None
            except OSError:
                return None
        return Odd(path, describe(mode))
    return None


def read(root: Path, path: str, limit: int) -> bytes:
    """The bytes of regular file `path`.

    Raises NotRegular for a link (anywhere on the path), a pipe, a device or a folder, TooLarge over
    `limit` bytes, and OSError when the file cannot be read."""
    with _opened(root, path, _READ) as fd:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(describe(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise TooLarge(size)
        return b"".join(chunks)


def write(root: Path, path: str, data: bytes, replace: bool = False) -> None:
    """Write regular file `path`, making its folders; never through a link, never over anything but a
    regular file (and over that only with `replace`). Raises NotRegular or FileExistsError."""
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise NotRegular("不在仓库中的路径")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        try:
            mode = folder.lstat().st_mode
        except FileNotFoundError:
            folder.mkdir()
            continue
        if not stat.S_ISDIR(mode):
            raise NotRegular(describe(mode))
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0) | (0 if replace else os.O_EXCL)
    with _opened(root, path, flags) as fd:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(describe(info.st_mode))
        os.ftruncate(fd, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]


@contextmanager
def _opened(root: Path, path: str, flags: int) -> Iterator[int]:
    """A descriptor for `path` opened with `flags`, each folder on the way opened without following links."""
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise FileNotFoundError(errno.ENOENT, "不在仓库中的路径", path)
    if not _AT:  # no dir_fd here (Windows): look at each component first
        found = kind(root, path)
        if isinstance(found, Odd):
            raise NotRegular(found.what)
        fd = os.open(root / path, flags, 0o666)
    else:
        folder = os.open(root, os.O_RDONLY | _DIRECTORY)
        try:
            for part in parts[:-1]:
                inner = _step(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, folder)
                os.close(folder)
                folder = inner
            fd = _step(parts[-1], flags, folder)
        finally:
            os.close(folder)
    try:
        yield fd
    finally:
        os.close(fd)


def _step(name: str, flags: int, folder: int) -> int:
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        if not flags & os.O_CREAT:
            raise
    else:
        if not (stat.S_ISREG(mode) or (stat.S_ISDIR(mode) and flags & _DIRECTORY)):
            raise NotRegular(describe(mode))  # a pipe or a device is not even opened
    try:
        return os.open(name, flags, 0o666, dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
            raise NotRegular(describe(stat.S_IFLNK)) from None
        raise
