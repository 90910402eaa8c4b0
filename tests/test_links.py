"""填报 links: one builder for the site and the reminders, every link short enough for GitHub (8 KiB),
and every one of them, followed, gives a file that validates once its blanks are filled in.

The bundled ledger with nothing submitted, as of 1 March 2024: every obligation of the 2023 plan is
overdue, so every unit that owes anything has a link for every period and kind, on the site
(build.assemble, the edge that renders the templates) and in the reminder issues (remind.plan).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import yaml

from taizhang.data.ledger import Ledger
from taizhang.data.model import Obligation
from taizhang.data.validate import validate
from taizhang.host import links, remind
from taizhang.site import build
from taizhang.tracking import obligations
from tests import sitedata

AS_OF = dt.date(2024, 3, 1)
REPO_URL = "https://github.com/xinzhou-jtj/taizhang"
SITE_URL = "https://xinzhou-jtj.github.io/taizhang/"
FILL = re.compile(r"\[填报\]\(([^)\s]+)\)(?:（\[下载模板\]\(([^)\s]+)\)）)?")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger, list[Obligation]]:
    root = sitedata.bundled(tmp_path_factory.mktemp("links"))
    registry = sitedata.ledger_of(root)
    return root, registry, obligations.evaluate(registry, {}, AS_OF)


@pytest.fixture(scope="module")
def site(ledger: tuple[Path, Ledger, list[Obligation]]) -> dict[str, str | bytes]:
    root, registry, owed = ledger
    return build.assemble(root, registry, owed, AS_OF).files


@pytest.fixture(scope="module")
def bodies(ledger: tuple[Path, Ledger, list[Obligation]]) -> list[str]:
    root, registry, owed = ledger
    fills = remind.fills_for(root, registry, owed)
    actions = remind.plan(owed, [], AS_OF, registry, links.Repo.of(registry.config), fills)
    return [str(a.payload["body"]) for a in actions]


def as_sent(url: str) -> str:
    """The URL as the browser requests it: any character outside ASCII percent-encoded as UTF-8."""
    return "".join(quote(ch, safe="") if ord(ch) > 127 else ch for ch in url)


def followed(url: str, download: str | None, published: dict[str, str | bytes]) -> tuple[str, str]:
    """(file name, file text) the unit gets: the template in the link, else the site's download."""
    assert len(as_sent(url).encode()) <= links.URL_LIMIT < 8 * 1024, url[:120]
    parts = urlsplit(as_sent(url))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/new/main"
    query = parse_qs(parts.query)
    (path,) = query["filename"]
    if "value" in query:
        return path, query["value"][0]
    assert download is not None, f"{path}: neither a template in the link nor a download"
    relative = unquote(download.removeprefix(SITE_URL)) if download.startswith(SITE_URL) else download
    text = published[relative]
    assert relative == f"downloads/templates/{path}" and isinstance(text, str)
    return path, text


def filled(text: str) -> str:
    """The blanks filled in as a unit would (tests/test_new.py does the same by hand)."""
    kind = yaml.safe_load(text)["kind"]
    text = text.replace('name: ""', 'name: "王芳"').replace('phone: ""', 'phone: "0350-3030303"')
    status = {"monthly": "正常推进", "annual_summary": "已完成"}.get(kind)
    if status:
        text = text.replace('status: ""', f'status: "{status}"')
    return text.replace(': ""', ': "已按要求完成本月各项工作，完成率 100%。"')  # long enough to count


def validates(root: Path, tmp: Path, files: dict[str, str]) -> None:
    """Every file filled in, in a copy of the ledger: no diagnostics. The copy has no schemas of its
    own, so each file points editors at the site's published schema (never at this machine)."""
    copy = shutil.copytree(root, tmp / "filled")
    for path, text in files.items():
        kind = yaml.safe_load(text)["kind"]
        assert text.split("\n")[0] == f"# yaml-language-server: $schema={SITE_URL}downloads/schemas/{kind}.schema.json"
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_text(filled(text), encoding="utf-8")
    result = validate(copy)
    assert [str(d) for d in result.diagnostics] == []
    assert len(result.ledger.reports) == len(files)


def test_every_fill_link_on_the_site_fits_and_gives_a_file_that_validates(
    ledger: tuple[Path, Ledger, list[Obligation]], site: dict[str, str | bytes], tmp_path: Path
) -> None:
    root, _, owed = ledger
    wanted = {o.path for o in owed if o.kind != "quarterly_study"}
    got: dict[str, str] = {}
    count = 0
    for page, text in site.items():
        if not page.endswith(".md") or not isinstance(text, str):
            continue
        for url, download in FILL.findall(text):
            base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
            path, form = followed(url, download and _resolve(base, download), site)
            assert got.setdefault(path, form) == form  # the same link wherever it appears
            count += 1
    # each on its unit's page; 填报说明 and 逾期 repeat them only when their lists are short (submit.FILL_LINKS_UP_TO)
    assert set(got) == wanted and count >= len(wanted)
    validates(root, tmp_path, got)


def test_every_fill_link_in_the_reminders_fits_and_matches_the_site(
    ledger: tuple[Path, Ledger, list[Obligation]],
    site: dict[str, str | bytes],
    bodies: list[str],
    tmp_path: Path,
) -> None:
    root, _, owed = ledger
    got: dict[str, str] = {}
    prefilled = 0
    for body in bodies:
        for url, download in FILL.findall(body):
            path, form = followed(url, download or None, site)
            prefilled += "&value=" in url
            assert got.setdefault(path, form) == form
    assert set(got) == {o.path for o in owed if o.kind != "quarterly_study"}
    assert prefilled > len(got) / 2  # most links carry their template; the rest point to the download
    site_links = {m[0] for page, text in site.items() if page.endswith(".md") for m in FILL.findall(str(text))}
    assert {as_sent(url) for body in bodies for url, _ in FILL.findall(body) if "&value=" in url} <= site_links
    validates(root, tmp_path, got)


def _resolve(base: str, target: str) -> str:
    return target if target.startswith("http") else base + target


def test_a_short_form_keeps_the_data_and_the_first_task_hints() -> None:
    text = "\n".join(
        [
            "# yaml-language-server: $schema=https://example.org/monthly.schema.json",
            "tasks:",
            "  # （一） 深入学习贯彻习近平生态文明思想（本单位：落实）",
            "  t1:",
            '    status: ""       # 未启动 / 正常推进 / 滞后 / 已完成',
            "  # （二） 扎实推进整改（本单位：配合）",
            "  t2:",
            '    status: ""       # 未启动 / 正常推进 / 滞后 / 已完成',
        ]
    )
    forms = list(links.shorter(text))
    assert forms[1].count("# 未启动") == 1 and "（二） 扎实推进整改" in forms[1]
    assert "# 未启动" not in forms[2] and "（二） 扎实推进整改" in forms[2]
    assert forms[3].splitlines() == [
        forms[0].splitlines()[0],
        "tasks:",
        "  t1:",
        '    status: ""',
        "  t2:",
        '    status: ""',
    ]
    assert all(yaml.safe_load(form) == yaml.safe_load(text) for form in forms)


def test_a_compact_link_is_the_same_request_with_one_character_for_each_chinese_one() -> None:
    editor = links.Repo(REPO_URL).new_file("reports/2023-08/xinfu.yml", '# 忻府区　月报\nprogress: "已完成（一）"\n')
    assert editor is not None and editor.prefilled
    short = links.compact(editor.url)
    assert "忻府区%E3%80%80月报" in short and "%22已完成（一）%22" in short  # an ideographic space stays escaped
    assert as_sent(short) == editor.url and len(editor.url) - len(short) == 8 * len("忻府区月报已完成（一）")


def test_without_a_repository_address_there_is_no_link() -> None:
    repo = links.Repo(None)
    assert repo.new_file("reports/2023-08/xinfu.yml", "kind: monthly\n") is None
    assert repo.edit("reports/2023-08/xinfu.yml") is None and repo.view("docs/contributing.md") is None
