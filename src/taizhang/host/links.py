"""Links a unit follows to submit: the code host's web editor, and the files the site publishes.

One builder serves the site's 填报 links (pages/submit.py) and the reminder issues (issuetext.py),
so that both open the same editor on the same file with the same template.

GitHub opens its web editor on a new file with `<repo>/new/<branch>?filename=<path>&value=<text>`
and answers 414 to a URL over 8 KiB. A long template is therefore sent shorter: first without the
hints repeated on every task, then without any trailing hint, then without any comment but the
`$schema` line; when even that does not fit, the link opens the editor with the file name only and
the template is offered as a download from the site (every open obligation's template is there).
Gitea and Forgejo open `<repo>/_new/<branch>/<folder>/?filename=<name>`; their editors do not take a
template from the URL in every version, so there the template is always the download.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote

from taizhang.data.model import Config

URL_LIMIT = 8000  # bytes as the browser sends them; GitHub answers 414 above 8 KiB
SCHEMAS = "downloads/schemas"  # where the site publishes the JSON Schemas
TEMPLATES = "downloads/templates"  # where the site publishes each open obligation's template
FORMS = "downloads/forms"  # each open obligation's Excel 填报表 (officefiles.py)
WORD = "downloads/word"  # reports as Word documents (officefiles.py)
DATA = "downloads/data"  # one zip per plan year: its reports, statuses and figures as CSV and JSON (issue 17)
_TRAILING = re.compile(r'^(\s*(?:- )?[\w-]+:(?: "(?:[^"\\]|\\.)*"| \[\])?)(\s+#.*)$')
_ENCODED_BYTES = re.compile(r"(?:%[89A-F][0-9A-F])+")


@dataclass(frozen=True)
class Editor:
    """A web-editor link, and whether the template travels in it (else: offer the download)."""

    url: str
    prefilled: bool


@dataclass(frozen=True)
class Repo:
    """Where units fill in reports: the repository's web address, main branch and host kind."""

    url: str | None
    branch: str = "main"
    host: str = "github"

    @classmethod
    def of(cls, config: Config | None) -> Repo:
        return cls(config.repo_url, config.branch, config.host) if config else cls(None)

    @property
    def _base(self) -> str | None:
        return self.url.rstrip("/") if self.url else None

    def new_file(self, path: str, template: str | None) -> Editor | None:
        """The web editor on a new file at `path`, with as much of `template` as the URL can hold."""
        return _new_file(self, path, template)

    def _new_file(self, path: str, template: str | None) -> Editor | None:
        if self._base is None:
            return None
        branch = quote(self.branch, safe="/")
        if self.host != "github":
            folder, _, name = path.rpartition("/")
            return Editor(f"{self._base}/_new/{branch}/{quote(folder)}/?filename={quote(name)}", False)
        bare = f"{self._base}/new/{branch}?filename={quote(path)}"
        for text in shorter(template) if template else ():
            url = f"{bare}&value={quote(text, safe='')}"
            if len(url.encode()) <= URL_LIMIT:
                return Editor(url, True)
        return Editor(bare, False)

    def edit(self, path: str) -> str | None:
        """The web editor on an existing file."""
        if self._base is None:
            return None
        return (
            f"{self._base}/{'edit' if self.host == 'github' else '_edit'}/{quote(self.branch, safe='/')}/{quote(path)}"
        )

    def view(self, path: str) -> str | None:
        if self._base is None:
            return None
        kind = "blob" if self.host == "github" else "src/branch"
        return f"{self._base}/{kind}/{quote(self.branch, safe='/')}/{quote(path)}"


@functools.lru_cache(maxsize=4096)  # a site links each open obligation from three pages
def _new_file(repo: Repo, path: str, template: str | None) -> Editor | None:
    return repo._new_file(path, template)


def shorter(text: str) -> Iterator[str]:
    """The template, then shorter forms of it with the same data (only comments go)."""
    yield text
    lines = text.split("\n")
    yield "\n".join(_once(lines))
    bare = [_TRAILING.sub(r"\1", line) for line in lines]
    yield "\n".join(bare)
    yield "\n".join(line for i, line in enumerate(bare) if i == 0 or not line.lstrip().startswith("#"))


def _once(lines: list[str]) -> Iterator[str]:
    """Each trailing hint (# 存在问题（没有可删去此行）…) only the first time it appears."""
    seen: set[str] = set()
    for line in lines:
        match = _TRAILING.match(line)
        if match is None:
            yield line
            continue
        hint = match[1].strip() + match[2].strip()
        yield line if hint not in seen else match[1]
        seen.add(hint)


def compact(url: str) -> str:
    """`url` with its non-ASCII text unescaped (文字, not %E6%96%87%E5%AD%97): a third of the length in
    an issue body, and the same request, since the browser escapes it again when the link is followed."""

    def text(match: re.Match[str]) -> str:
        decoded = unquote(match[0], errors="strict")
        return "".join(quote(ch) if ch.isspace() else ch for ch in decoded)

    return _ENCODED_BYTES.sub(text, url)


def published(site_url: str | None, path: str) -> str | None:
    """The address of a file the site publishes (`path` under its docs folder), if the site has one."""
    return f"{site_url.rstrip('/')}/{quote(path)}" if site_url else None


def schema_file(kind: str) -> str:
    return f"{SCHEMAS}/{kind}.schema.json"


def form_file(path: str) -> str:
    """Where the site publishes the Excel 填报表 of the report at `path` (reports/2023-08/xinfu.yml)."""
    return f"{FORMS}/{path.removesuffix('.yml')}.xlsx"


def word_file(path: str) -> str:
    """Where the site publishes the Word document of the report at `path`."""
    return f"{WORD}/{path.removesuffix('.yml')}.docx"


def unit_workbook(unit: str) -> str:
    """The 台账 extract of one unit (workbook.py)."""
    return f"downloads/units/{unit}.xlsx"


def period_workbook(month: str) -> str:
    """The 台账 extract of one month (workbook.py)."""
    return f"downloads/periods/{month}.xlsx"


def year_data(year: int) -> str:
    """The plan year's data archive: reports, statuses and figures of that year's plan, CSV and JSON, zipped.
    Report bodies of earlier years are read there (and in the repository), not on the site's pages."""
    return f"{DATA}/{year}.zip"


def template_file(path: str) -> str:
    """Where the site publishes the template of the report at `path`."""
    return f"{TEMPLATES}/{path}"
