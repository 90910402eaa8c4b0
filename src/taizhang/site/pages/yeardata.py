"""年度数据包: each plan year's reports, statuses and figures as CSV and JSON, zipped (downloads/data/<year>.zip).

The site's pages show the current plan year's report bodies; earlier years' bodies are read here (and in
the repository). Each archive holds the files the site once published flat for every year (reports.csv,
reports.json, statuses.csv, statuses.json, figures.csv, figures.json, same columns and shape) restricted to
the plan year, and a 说明.txt. Generated report text compresses about 20 times, so a province's five
years (250 MB of CSV and JSON) come to a few MB each.

The bytes depend only on the ledger and the as-of date: members in a fixed order, each stamped with the
as-of date, so a rebuild writes the same file. The CSV and JSON are streamed into the archive row by row,
so a year's text is never held whole; only the compressed archive is.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TypeVar

from taizhang.host import links
from taizhang.site.pages import downloads, fmt, totals
from taizhang.site.pages.facts import Archive, Facts

T = TypeVar("T")
NOTE = "说明.txt"
LEVEL = 6  # zlib's default: level 9 is a third slower for 2 % less


@dataclass
class YearData:
    """The plan years' archives of one site, each made when asked; its size kept for the downloads page."""

    archive: Archive
    sizes: dict[int, int] = field(default_factory=dict)

    def years(self) -> list[int]:
        """The plan years on the site, the current first (as the site lists its plans)."""
        return list(dict.fromkeys(f.plan.year for f in self.archive.plans))

    def plans(self, year: int) -> list[Facts]:
        """The year's plans, the earliest first (as the files list them)."""
        return [f for f in reversed(self.archive.plans) if f.plan.year == year]

    def make(self, year: int) -> bytes:
        data = build(self.archive, self.plans(year))
        self.sizes[year] = len(data)
        return data

    def size(self, year: int) -> int:
        if year not in self.sizes:
            self.make(year)
        return self.sizes[year]

    def makers(self) -> dict[str, Callable[[], bytes]]:
        return {links.year_data(year): Maker(self, year) for year in self.years()}


@dataclass(frozen=True)
class Maker:
    """Makes one year's archive when called; `seen` takes one made before (site/made.py's cache)."""

    data: YearData
    year: int

    def __call__(self) -> bytes:
        return self.data.make(self.year)

    def seen(self, blob: bytes) -> None:
        self.data.sizes[self.year] = len(blob)


Writer = Callable[[IO[str]], object]


def build(archive: Archive, plans: list[Facts]) -> bytes:
    """The archive of `plans` (one plan year's): 说明.txt, then the CSV and JSON files."""
    members: list[tuple[str, Writer]] = [
        (NOTE, lambda out: out.write(note(archive, plans))),
        (
            "reports.csv",
            lambda out: downloads.write_csv(out, downloads.REPORT_HEADERS, _each(downloads.report_rows, plans)),
        ),
        ("reports.json", lambda out: _json_list(out, _each(downloads.report_items, plans))),
        (
            "statuses.csv",
            lambda out: downloads.write_csv(out, downloads.STATUS_HEADERS, _each(downloads.status_rows, plans)),
        ),
        ("statuses.json", lambda out: _json_list(out, _each(downloads.status_items, plans))),
        ("figures.csv", lambda out: downloads.write_csv(out, totals.HEADERS, totals.rows(plans))),
        ("figures.json", lambda out: out.write(downloads.to_json(totals.as_json(plans), indent=1))),
    ]
    stamp = (archive.as_of.year, archive.as_of.month, archive.as_of.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as z:
        for name, write in members:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it: the same bytes everywhere
            info.external_attr = 0o644 << 16
            with z.open(info, "w") as member, io.TextIOWrapper(member, "utf-8", newline="") as out:
                write(out)
    return buffer.getvalue()


def _each(rows: Callable[[Facts], Iterable[T]], plans: list[Facts]) -> Iterator[T]:
    return (row for facts in plans for row in rows(facts))


def _json_list(out: IO[str], items: Iterable[object]) -> None:
    """The same text as json.dumps(list(items), ensure_ascii=False) and a newline, one item at a time."""
    out.write("[")
    for i, item in enumerate(items):
        out.write((", " if i else "") + downloads.json_text(item))
    out.write("]\n")


def note(archive: Archive, plans: list[Facts]) -> str:
    """说明.txt: what each file holds, the as-of date and the encoding, in Chinese (CRLF, BOM: Windows Notepad)."""
    year = plans[0].plan.year
    titles = "、".join(f"《{f.plan.title}》（{f.plan.document_number}）" for f in plans)
    config = archive.ledger.config
    where = f"台账仓库（{config.repo_url}）" if config and config.repo_url else "台账仓库"
    lines = [
        f"{year}年度台账数据：{titles}",
        f"数据截至{fmt.date_zh(archive.as_of)}，由{where}自动生成。",
        "",
        "reports.csv    报告：每份报告每项任务一行（报送单位、期间、任务、推进状态、进展情况、存在问题、下步计划、报送时间、状态）",
        "reports.json   报告：每份报告的全部内容（不含填报人联系方式），供程序读取",
        "statuses.csv   报送情况：每项报送义务一行（截止日期、报送时间、状态、迟报或逾期天数）",
        "statuses.json  报送情况：同上，字段取自 taizhang status --format json",
        "figures.csv    数据指标：月报中填报的每项数据，注明合并到哪个指标，未能合并的注明原因",
        "figures.json   数据指标：各指标的合计（总数、各单位、各任务）、来源报告和未能合并的数据",
        "",
        "CSV 文件可直接用 Excel 或 WPS 表格打开（UTF-8 编码，带 BOM）；JSON 文件为 UTF-8 编码。",
        f"报告原文（YAML 文件）保存在{where}的 reports/ 目录中。",
    ]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"
