"""export-docx: a report as a Word document in the bureau's layout, read back with python-docx and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from taizhang.cli import main
from tests.gitrepo import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wordout") / "season"
    assert main(["--root", str(REPO_ROOT), "demo", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def monthly(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("word") / "8月.docx"
    assert main(["--root", str(demo), "export-docx", "--unit", "xinfu", "--period", "2023-08", "--out", str(out)]) == 0
    return out


def test_the_monthly_report_in_word_has_title_document_number_task_table_contact_and_stamp(
    demo: Path, monthly: Path
) -> None:
    report = yaml.safe_load((demo / "reports/2023-08/xinfu.yml").read_text(encoding="utf-8"))
    document = docx.Document(str(monthly))
    lines = [p.text for p in document.paragraphs]
    assert "忻府区交通运输局 2023年8月月度进展情况" in lines
    assert "（依据《2023年交通运输绿色低碳发展工作要点》忻交发〔2023〕102号）" in lines
    assert any(line.startswith("示例数据") for line in lines)  # sample reports say so
    assert "填报人：示例填报人　　联系电话：0350-0000000" in lines
    assert lines[-2:] == ["忻府区交通运输局（盖章）", "年　　月　　日"]
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "重点任务", "推进状态", "进展情况", "存在问题", "下步计划", "数据指标"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == len(report["tasks"])
    t42 = report["tasks"]["t4-2"]
    assert rows["（四）2"][1:6] == [
        "推动运输装备节能升级",
        t42["status"],
        t42["progress"],
        t42["problems"],
        t42["next_steps"],
    ]
    assert rows["（四）2"][6] == "新增新能源车辆 56 辆"
    assert "中心组学习" in lines and any("2023-08-10" in line for line in lines)
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape, for the wide table


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("annual_plan", ["工作举措（路线图）", "责任人", "时间表"]),
        ("annual_summary", ["完成状态", "主要成效", "存在问题", "下年度打算"]),
    ],
)
def test_annual_reports_in_word_carry_their_own_columns(
    demo: Path, tmp_path: Path, kind: str, headers: list[str]
) -> None:
    out = tmp_path / f"{kind}.docx"
    args = [
        "--root",
        str(demo),
        "export-docx",
        "--unit",
        "xinfu",
        "--period",
        "2023",
        "--kind",
        kind,
        "--out",
        str(out),
    ]
    assert main(args) == 0
    (table,) = docx.Document(str(out)).tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点任务", *headers]


def test_a_year_without_kind_and_a_report_not_yet_submitted_are_clear_errors(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ["--out", str(tmp_path / "x.docx")]
    assert main(["--root", str(demo), "export-docx", "--unit", "xinfu", "--period", "2023", *out]) == 2
    assert "--kind annual_plan" in capsys.readouterr().err
    unit, month = next(
        (u.stem, m)
        for m in ("2023-09", "2023-10", "2023-11")
        for u in (demo / "reports/2023-08").glob("*.yml")
        if not (demo / "reports" / m / u.name).exists()
    )
    assert main(["--root", str(demo), "export-docx", "--unit", unit, "--period", month, *out]) == 2
    assert "还没有提交" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_the_word_report_opens_in_libreoffice_and_prints_as_a_landscape_pdf(monthly: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/install-office (make test does)"
    profile = (tmp_path / "profile").as_uri()  # its own profile: parallel runs do not lock each other
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(monthly),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "8月.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(n) for n in re.findall(r"[\d.]+", size)[:2])
    assert (round(width), round(height)) == (842, 595) and "A4" in size  # A4 landscape, in points
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", text)  # pdftotext spaces Chinese from digits and breaks table cells into lines
    assert "忻府区交通运输局2023年8月月度进展情况" in text
    assert "盖章" in text and "加强扬尘污染治理" in text and "新增新能源车辆" in text
    # the first page as a picture beside the browser screenshots, to be looked at
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / "word-report")],
        check=True,
    )


def test_the_word_file_carries_only_the_styles_it_uses_and_stays_small(monthly: Path) -> None:
    """python-docx's template brings Word's whole style gallery twice (26 KB compressed); 300 files on the site."""
    import zipfile

    names = set(zipfile.ZipFile(monthly).namelist())
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    assert not [n for n in names if n.startswith("customXml/")]
    assert monthly.stat().st_size < 14_000  # was 36 KB
    document = docx.Document(str(monthly))
    ids = {s.style_id for s in document.styles}
    assert {"Normal", "TableGrid"} <= ids and len(ids) < 10
    assert document.tables[0].style.name == "Table Grid"  # the table keeps its grid lines
    body = document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert body == "仿宋_GB2312"


def _office_file(document: docx.document.Document) -> dict[str, bytes]:
    """What wordout and the 通报 do to a new document (fonts on Normal, a grid table, a core property), then
    trimmed and saved: every member of the file."""
    import io
    import zipfile

    from docx.shared import Pt

    from taizhang.office import docxtrim

    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = "忻府区交通运输局2023年8月月度进展情况"
    document.add_paragraph("正文")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(1, 1).text = "第一行\n第二行"
    docxtrim.trim(document)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_a_word_file_started_from_the_lean_template_is_the_file_python_docx_makes() -> None:
    # docxtrim.blank() skips parsing the template's style gallery for each of the site's Word files
    from taizhang.office import docxtrim

    lean, full = _office_file(docxtrim.blank()), _office_file(docx.Document())
    assert list(lean) == list(full)
    assert lean == full
    with pytest.raises(KeyError):  # a style the lean template left out is an error, not a silent change
        docxtrim.blank().add_paragraph("标题", style="Heading 1")
