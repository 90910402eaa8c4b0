"""The importer's small readers: PDF page furniture, brackets, numerals, names, YAML scalars."""

from __future__ import annotations

import pytest

from taizhang.data.load import parse_document
from taizhang.data.repository import load
from taizhang.importer.names import Matcher, Registry
from taizhang.importer.notes import Note, read_note
from taizhang.importer.render import scalar
from taizhang.importer.text import clean_line, is_page_furniture, numeral, trailing_group
from tests.conftest import REPO


@pytest.mark.parametrize(
    "line", ["— 3 —", "- 3 -", "－12－", "3", "第 3 页 共 8 页", "第3页", "共8页 第3页", "3/8", "Page 3 of 8"]
)
def test_page_numbers_and_footers_are_page_furniture(line: str) -> None:
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["1.推进交通物流节能高效。", "150 万吨以上", "（三）持续推进", "2023年7月17日"])
def test_text_lines_are_not_page_furniture(line: str) -> None:
    assert not is_page_furniture(line)


def test_spaces_a_pdf_puts_between_chinese_characters_are_closed_but_not_around_numbers() -> None:
    assert clean_line("　　忻州市交通运输局 关于印发《2023年交通运输绿色低碳发展 工作要点》的通知 ") == (
        "忻州市交通运输局关于印发《2023年交通运输绿色低碳发展工作要点》的通知"
    )
    assert clean_line("年运量 150 万吨以上") == "年运量 150 万吨以上"


def test_a_note_closing_with_a_half_width_bracket_after_nested_full_width_ones_is_found_whole() -> None:
    text = "提升公共服务均等化水平。（运输科负责，各县（市、区）交通运输局落实)"
    assert text[trailing_group(text) or 0 :] == "（运输科负责，各县（市、区）交通运输局落实)"
    assert trailing_group("严格实施排放检验与维护制度（I/M制度〕") is None


@pytest.mark.parametrize(
    ("written", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21), ("二〇二四", 2024), ("１２", 12)]
)
def test_numerals_in_headings_and_dates_are_read(written: str, value: int) -> None:
    assert numeral(written) == value


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(Registry.from_ledger(load(REPO, only=[]).ledger), "忻州市交通运输局")


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("运输科", "yunshuke"),
        ("市局运输科", "yunshuke"),
        ("忻州市交通运输局运输科", "yunshuke"),
        ("忻州市运输事业发展中心", "yunshu-zhongxin"),
        ("各县(市、区)交通运输局", "counties"),
        ("各县市区交通运输局", "counties"),
        ("各有关单位", "related"),
        ("局属相关单位", "affiliated"),
        ("五台山风景名胜区旅游和交通发展中心", "wutaishan"),
        ("忻州市忻府区交通运输局", "xinfu"),
    ],
)
def test_unit_names_match_the_registry_however_the_plan_writes_them(matcher: Matcher, written: str, ref: str) -> None:
    assert matcher.match(written) == ref


def test_a_name_joined_by_he_is_taken_apart_only_when_both_parts_are_registered(matcher: Matcher) -> None:
    assert matcher.resolve("运输科和建管科") == [("运输科", "yunshuke"), ("建管科", "jianguanke")]
    # 和 inside a registered name is not a joint
    assert matcher.resolve("五台山风景名胜区旅游和交通发展中心") == [
        ("五台山风景名胜区旅游和交通发展中心", "wutaishan")
    ]
    assert matcher.resolve("运输科和市应急管理局") == [("运输科和市应急管理局", None)]


def test_an_unregistered_name_gets_the_closest_registered_one(matcher: Matcher) -> None:
    closest = matcher.closest("市交通运输执法队")
    assert closest is not None and (closest.name, closest.id) == ("市交通运输综合行政执法队", "zhifadui")
    assert matcher.closest("市公安局交警支队") is None


def names(note: Note) -> dict[str, list[str]]:
    return {role: list(found) for role, found in note.roles.items() if found}


def test_a_remark_in_brackets_without_role_words_stays_in_the_text(matcher: Matcher) -> None:
    note = read_note("严格实施汽车排放检验与维护制度（I/M制度）", [], lambda n: matcher.match(n) is not None)
    assert (note.text, note.note, note.roles) == ("严格实施汽车排放检验与维护制度（I/M制度）", "", {})


def test_a_bracket_naming_only_registered_units_is_a_note(matcher: Matcher) -> None:
    note = read_note(
        "加强行业碳排放统计能力建设。（运输科、市运输事业发展中心）", [], lambda n: matcher.match(n) is not None
    )
    assert note.text == "加强行业碳排放统计能力建设。"
    assert names(note) == {"responsible": ["运输科", "市运输事业发展中心"]}


def test_role_words_map_to_the_four_roles() -> None:
    note = read_note(
        "（运输科牵头负责，建管科按职责分工负责，规划科参与，公路科协办，办公室负责落实，执法队实施）",
        [],
        lambda _: False,
    )
    assert names(note) == {
        "lead": ["运输科"],
        "responsible": ["建管科"],
        "cooperating": ["规划科", "公路科"],
        "implementing": ["办公室", "执法队"],
    }


@pytest.mark.parametrize("value", ["yes", "No", "07", "2023", "12:30", "- 列表", "#注释", "a: b", "true"])
def test_values_yaml_would_misread_are_quoted(value: str) -> None:
    written = scalar(value)
    assert written.startswith('"')
    read = parse_document("x.yml", f"v: {written}\n".encode())
    assert read.ok and read.data == {"v": value}


@pytest.mark.parametrize(
    "value", ["2023-07-17", "（四）1", "深入开展交通污染治理行动", "三（二）：年度工作要点于7月30日前报市局备案。"]
)
def test_plain_chinese_and_dates_are_written_plain(value: str) -> None:
    assert scalar(value) == value
