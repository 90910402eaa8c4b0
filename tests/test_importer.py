"""`taizhang import-plan` on the customer's own document, and the command's behaviour at its edges."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from taizhang.cli import main
from taizhang.data.load import read_document
from taizhang.data.validate import validate
from tests.conftest import REPO

SEED = REPO / "docs" / "sources" / "xinzhou-2023-green-transport-workplan.txt"  # the published notice, as text
BUNDLED = REPO / "tasks" / "2023"


def ledger(tmp_path: Path) -> Path:
    """A ledger repository with the bundled units and groups and no plan yet."""
    root = tmp_path / "ledger"
    for part in ("units", "groups"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "taizhang.yml", root / "taizhang.yml")
    return root


def data(path: Path) -> Any:
    document = read_document(path.parent, path.name)
    assert document.ok, document.diagnostics
    return document.data


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    root = ledger(tmp_path)
    assert run("--root", str(root), "import-plan", str(SEED)) == 0
    return root


def test_importing_the_seed_reproduces_every_bundled_task(imported: Path) -> None:
    written = imported / "tasks" / "2023"
    bundled_names = sorted(p.name for p in BUNDLED.glob("t*.yml"))
    assert sorted(p.name for p in written.glob("t*.yml")) == bundled_names
    for name in bundled_names:
        assert data(written / name) == data(BUNDLED / name), name


def as_from_a_pdf(text: str, width: int = 30, page: int = 22) -> str:
    """`text` as a PDF extraction gives it: lines cut every `width` characters (inside words and unit
    names), and every `page` lines a page number and the running header in mid-paragraph."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n > 40 and n % page == 0:
            out += ["", f"— {n // page} —", "", "忻州市交通运输局文件", ""]
    return "\n".join(out)


def test_the_seed_cut_into_pdf_lines_with_page_numbers_and_headers_still_gives_the_bundled_tasks(
    tmp_path: Path,
) -> None:
    root = ledger(tmp_path)
    wrapped = tmp_path / "from-pdf.txt"
    wrapped.write_text(as_from_a_pdf(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    assert "— 3 —" in wrapped.read_text(encoding="utf-8")
    assert run("--root", str(root), "import-plan", str(wrapped)) == 0
    for bundled in sorted(BUNDLED.glob("t*.yml")):
        assert data(root / "tasks" / "2023" / bundled.name) == data(bundled), bundled.name
    plan, expected = data(root / "tasks" / "2023" / "plan.yml"), data(BUNDLED / "plan.yml")
    assert {k: v for k, v in plan.items() if k != "reporting"} == {
        k: v for k, v in expected.items() if k != "reporting"
    }
    assert [_without_source(r) for r in plan["reporting"]["rules"]] == [
        _without_source(r) for r in expected["reporting"]["rules"]
    ]


def test_importing_the_seed_reproduces_the_bundled_plan(imported: Path) -> None:
    plan, bundled = data(imported / "tasks" / "2023" / "plan.yml"), data(BUNDLED / "plan.yml")
    for key in ("title", "notice_title", "issuer", "document_number", "issued", "printed_by", "publicity"):
        assert plan[key] == bundled[key], key
    for key in ("year", "period", "addressees", "source"):
        assert plan[key] == bundled[key], key
    reporting, expected = plan["reporting"], bundled["reporting"]
    for key in ("timezone", "reviewer", "holiday_shift", "due_soon_days", "hand_in_grace_days"):
        assert reporting[key] == expected[key], key
    assert [_without_source(r) for r in reporting["rules"]] == [_without_source(r) for r in expected["rules"]]


def test_each_seed_rule_cites_the_sentence_it_comes_from(imported: Path) -> None:
    rules = data(imported / "tasks" / "2023" / "plan.yml")["reporting"]["rules"]
    bundled = data(BUNDLED / "plan.yml")["reporting"]["rules"]
    for rule, expected in zip(rules, bundled, strict=True):
        where, sentence = expected["source"].split("：", 1)
        assert rule["source"].startswith(f"{where}：")
        assert sentence.rstrip("。").rsplit("，", 1)[-1] in rule["source"]


def _without_source(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rule.items() if k != "source"}


def test_the_imported_seed_passes_validate(imported: Path) -> None:
    assert validate(imported).diagnostics == []


def test_plan_yml_marks_every_default_with_a_comment(imported: Path) -> None:
    text = (imported / "tasks" / "2023" / "plan.yml").read_text(encoding="utf-8")
    assert "# 月报自印发当月（7月）起，至年底止（原文未写明起止月份，请核对）\nperiod:" in text
    assert "（原文未规定顺延），请核对\n  holiday_shift: none" in text


def test_import_refuses_to_overwrite_existing_files_without_force(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task = imported / "tasks" / "2023" / "t1.yml"
    task.write_text("# 手工修改过\n", encoding="utf-8")
    capsys.readouterr()
    assert run("--root", str(imported), "import-plan", str(SEED)) == 2
    err = capsys.readouterr().err
    assert "已有 17 个同名文件" in err and "--force" in err
    assert task.read_text(encoding="utf-8") == "# 手工修改过\n"
    assert run("--root", str(imported), "import-plan", str(SEED), "--force") == 0
    assert data(task) == data(BUNDLED / "t1.yml")


def test_out_writes_into_the_given_folder(tmp_path: Path) -> None:
    root = ledger(tmp_path)
    out = tmp_path / "elsewhere" / "2023"
    assert run("--root", str(root), "import-plan", str(SEED), "--out", str(out)) == 0
    assert len(list(out.glob("t*.yml"))) == 16 and (out / "plan.yml").is_file()
    assert not (root / "tasks").exists()


def test_imported_files_point_editors_at_the_sites_schemas_never_at_this_machine(tmp_path: Path) -> None:
    root = ledger(tmp_path)  # a bureau's own repository: no schemas of its own
    out = tmp_path / "elsewhere" / "2024"
    assert run("--root", str(root), "import-plan", str(SEED), "--out", str(out)) == 0
    site = "https://xinzhou-jtj.github.io/taizhang/downloads/schemas"
    assert (
        (out / "plan.yml")
        .read_text(encoding="utf-8")
        .startswith(f"# yaml-language-server: $schema={site}/plan.schema.json\n")
    )
    assert (
        (out / "t1.yml")
        .read_text(encoding="utf-8")
        .startswith(f"# yaml-language-server: $schema={site}/task.schema.json\n")
    )


def test_json_gives_unit_names_as_written_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    assert run("--root", str(root), "import-plan", str(SEED), "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert not (root / "tasks").exists()
    assert set(out) >= {"plan", "tasks", "unmatched_units"} and out["unmatched_units"] == []
    assert out["plan"]["document_number"] == "忻交发〔2023〕102号"
    by_number = {t["number"]: t for t in out["tasks"]}
    assert list(by_number["（五）1"]["roles"]) == ["lead", "responsible", "cooperating", "implementing"]
    assert by_number["（五）1"]["roles"]["lead"] == ["市交通运输综合行政执法队"]
    assert by_number["（五）1"]["roles"]["implementing"] == ["各县(市、区)交通运输局"]
    assert by_number["（一）"]["roles"]["implementing"] == ["各县（市、区）交通运输局", "局属各单位"]
    assert by_number["（二）"]["roles"] == {
        "lead": ["运输科"],
        "responsible": [],
        "cooperating": ["各相关单位"],
        "implementing": [],
    }


def test_a_gbk_text_file_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ledger(tmp_path)
    gbk = tmp_path / "plan-gbk.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert run("--root", str(root), "import-plan", str(gbk), "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)["tasks"]) == 16


def test_a_missing_file_is_one_chinese_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ledger(tmp_path)
    assert run("--root", str(root), "import-plan", str(tmp_path / "nope.txt")) == 2
    assert capsys.readouterr().err.strip() == f"错误：找不到文件：{tmp_path / 'nope.txt'}"


def test_a_text_with_no_numbered_tasks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ledger(tmp_path)
    text = tmp_path / "notice.txt"
    text.write_text("关于做好春运工作的通知\n\n请各单位认真做好2024年春运工作。\n", encoding="utf-8")
    assert run("--root", str(root), "import-plan", str(text)) == 2
    assert "没有找到任何重点任务" in capsys.readouterr().err


def test_a_plan_without_a_year_asks_for_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ledger(tmp_path)
    text = tmp_path / "plan.txt"
    text.write_text(
        "交通运输工作要点\n一、重点任务\n（一）推进绿色出行。\n优化公交线网。（运输科负责）\n",
        encoding="utf-8",
    )
    assert run("--root", str(root), "import-plan", str(text)) == 2
    assert "--year" in capsys.readouterr().err
    assert run("--root", str(root), "import-plan", str(text), "--year", "2025") == 0
    plan = data(root / "tasks" / "2025" / "plan.yml")
    assert plan["year"] == 2025 and plan["period"] == {"start": "2025-01", "end": "2025-12"}
    assert validate(root).diagnostics == []


def test_a_task_without_a_note_is_written_so_that_validate_flags_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    text = tmp_path / "plan.txt"
    text.write_text(
        "2025年工作要点\n一、重点任务\n（一）推进绿色出行。\n优化公交线网。\n（二）加强执法。\n开展执法检查。（市交通运输综合行政执法队负责）\n",
        encoding="utf-8",
    )
    assert run("--root", str(root), "import-plan", str(text)) == 1
    assert "任务（一）“推进绿色出行”没有找到分工括注" in capsys.readouterr().err
    found = validate(root).diagnostics
    assert [(d.path, d.code) for d in found] == [("tasks/2025/t1.yml", "S207")]
