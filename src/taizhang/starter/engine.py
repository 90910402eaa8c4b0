"""The engine a ledger pins: this installed taizhang's version, and the hashes of its distribution files.

The hashes come from the wheel files named with --wheel (a version not, or not yet, on the package
registry: build it with `pip wheel --no-deps .` and name the file), else from PyPI's JSON API.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

from taizhang.errors import FatalError
from taizhang.starter.files import Engine

PYPI = "https://pypi.org/pypi/taizhang/{version}/json"


def current(wheels: list[str]) -> Engine:
    version = metadata.version("taizhang")
    hashes = tuple(_hash_of(Path(w), version) for w in wheels) if wheels else _published(version)
    return Engine(version, hashes)


def _hash_of(wheel: Path, version: str) -> str:
    if not wheel.is_file():
        raise FatalError(f"找不到 --wheel 指定的文件 {wheel}")
    if not wheel.name.startswith(f"taizhang-{version}-") and not wheel.name.startswith(f"taizhang-{version}."):
        raise FatalError(f"{wheel.name} 不是正在运行的 taizhang {version} 的安装包；请指定 taizhang-{version}-….whl")
    return "sha256:" + hashlib.sha256(wheel.read_bytes()).hexdigest()


def _published(version: str) -> tuple[str, ...]:
    try:
        with urllib.request.urlopen(PYPI.format(version=version), timeout=30) as answer:
            files = json.load(answer)["urls"]
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise FatalError(
            f"无法从 PyPI 取得 taizhang {version} 的哈希（{exc}）；请用 --wheel 指定安装包文件，如 --wheel dist/taizhang-{version}-py3-none-any.whl"
        ) from None
    hashes = tuple(f"sha256:{f['digests']['sha256']}" for f in files if f.get("digests", {}).get("sha256"))
    if not hashes:
        raise FatalError(f"PyPI 上没有 taizhang {version} 的安装包；请用 --wheel 指定安装包文件")
    return hashes
