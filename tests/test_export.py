"""`taizhang export`: the bundled plan is the customer's document, task for task and unit for unit."""

from __future__ import annotations

import json
import re

import pytest

from taizhang.cli import main
from tests.conftest import REPO

SEED = REPO / "docs/sources/xinzhou-2023-green-transport-workplan.txt"  # a copy of the published notice
SHARED_SEED = REPO.parent / "shared/seeds/xinzhou-2023-green-transport-workplan.txt"

COUNTIES = [
    f"{n}交通运输局"
    for n in [
        "忻府区",
        "原平市",
        "定襄县",
        "五台县",
        "代县",
        "繁峙县",
        "宁武县",
        "静乐县",
        "神池县",
        "五寨县",
        "岢岚县",
        "河曲县",
        "保德县",
        "偏关县",
    ]
]
AFFILIATED = ["市交通运输综合行政执法队", "市交通建设中心", "市运输事业发展中心", "市邮政业安全中心"]
OFFICES = ["运输科", "建管科", "规划科", "公路科", "办公室", "机关党委"]
WUTAISHAN = "五台山风景名胜区旅游和交通发展中心"

# Read off the seed's parenthetical notes by hand: number -> role -> unit names (groups written out).
EXPECTED = {
    "（一）": {"responsible": ["运输科", "机关党委"], "implementing": COUNTIES + AFFILIATED},
    "（二）": {
        "lead": ["运输科"],
        "cooperating": [u for u in OFFICES + AFFILIATED + COUNTIES if u != "运输科"] + [WUTAISHAN],
    },
    "（三）1": {"responsible": ["建管科", "规划科"], "cooperating": ["市交通运输综合行政执法队", "市交通建设中心"]},
    "（三）2": {"responsible": ["建管科", "公路科"], "implementing": [*COUNTIES, "市交通建设中心"]},
    "（四）1": {
        "lead": ["运输科"],
        "cooperating": ["市运输事业发展中心", "市邮政业安全中心"],
        "implementing": COUNTIES,
    },
    "（四）2": {"responsible": ["运输科", "建管科"], "cooperating": ["市运输事业发展中心"], "implementing": COUNTIES},
    "（四）3": {"responsible": ["运输科"], "cooperating": ["市运输事业发展中心"], "implementing": COUNTIES},
    "（五）1": {"lead": ["市交通运输综合行政执法队"], "implementing": COUNTIES},
    "（五）2": {
        "responsible": ["建管科", "公路科"],
        "implementing": [*COUNTIES, "市交通运输综合行政执法队", "市交通建设中心"],
    },
    "（五）3": {"implementing": [*COUNTIES, "市交通运输综合行政执法队", "市运输事业发展中心", "市交通建设中心"]},
    "（五）4": {"lead": ["运输科"], "cooperating": ["市运输事业发展中心"], "implementing": COUNTIES},
    "（六）1": {"lead": ["运输科"], "implementing": COUNTIES},
    "（六）2": {"responsible": ["建管科"], "implementing": [*COUNTIES, "市交通建设中心"]},
    "（六）3": {"responsible": ["公路科"], "implementing": [*COUNTIES, "市交通建设中心"]},
    "（六）4": {
        "lead": ["公路科"],
        "responsible": ["市邮政业安全中心", "市交通运输综合行政执法队", "市运输事业发展中心"],
    },
    "（六）5": {"responsible": ["办公室", *COUNTIES, "市运输事业发展中心"]},
}


@pytest.fixture(scope="module")
def exported() -> dict:  # type: ignore[type-arg]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(REPO), "export", "--format", "json"]) == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _seed_joined() -> str:
    # The published text breaks paragraphs across pages; joining lines gives the document's sentences.
    return "".join(line.strip() for line in SEED.read_text(encoding="utf-8").splitlines())


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ beside the repository")
def test_the_bundled_copy_of_the_notice_is_the_customers_text() -> None:
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_plan_is_the_notice(exported: dict) -> None:  # type: ignore[type-arg]
    plan = exported["plan"]
    assert plan["document_number"] == "忻交发〔2023〕102号"
    assert plan["issued"] == "2023-07-17"
    assert plan["title"] == "2023年交通运输绿色低碳发展工作要点"
    assert {r["kind"] for r in plan["reporting"]["rules"]} == {
        "monthly",
        "annual_plan",
        "annual_summary",
        "quarterly_study",
    }


def test_every_unit_of_the_notice_is_registered(exported: dict) -> None:  # type: ignore[type-arg]
    names = {u["name"] for u in exported["units"]}
    assert names == set(COUNTIES + AFFILIATED + OFFICES + [WUTAISHAN])
    assert all(re.fullmatch(r"[a-z0-9-]+", u["id"]) for u in exported["units"])


def test_every_leaf_task_of_the_seed_is_there_in_order(exported: dict) -> None:  # type: ignore[type-arg]
    assert [t["number"] for t in exported["tasks"]] == list(EXPECTED)


def test_titles_texts_and_notes_are_the_seed_verbatim(exported: dict) -> None:  # type: ignore[type-arg]
    seed = _seed_joined()
    for task in exported["tasks"]:
        assert task["title"] in seed
        assert task["text"] + task["note"] in seed, task["number"]


def test_roles_expand_groups_to_exactly_the_units_the_seed_names(exported: dict) -> None:  # type: ignore[type-arg]
    name = {u["id"]: u["name"] for u in exported["units"]}
    for task in exported["tasks"]:
        got = {role: sorted(name[i] for i in ids) for role, ids in task["roles"].items() if ids}
        want = {role: sorted(names) for role, names in EXPECTED[task["number"]].items()}
        assert got == want, task["number"]
