"""Reading YAML strictly: what a civil servant's editor may produce, and what an attacker may send."""

from __future__ import annotations

from taizhang.data.bounded import ALIAS_BUDGET, MAX_DEPTH
from taizhang.data.load import MAX_BYTES, locate, parse_document


def codes(raw: bytes) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in parse_document("r.yml", raw).diagnostics]


def test_a_windows_file_with_bom_and_crlf_reads_like_any_other() -> None:
    doc = parse_document("r.yml", b'\xef\xbb\xbfunit: xinfu\r\nperiod: "2023-08"\r\n')
    assert doc.ok
    assert doc.data == {"unit": "xinfu", "period": "2023-08"}


def test_a_file_over_the_size_limit_is_refused_without_parsing() -> None:
    raw = b'progress: "' + b"a" * MAX_BYTES + b'"\n'
    doc = parse_document("r.yml", raw)
    assert [d.code for d in doc.diagnostics] == ["Y101"]
    assert "KB" in doc.diagnostics[0].message
    assert doc.data is None


def test_a_gbk_file_is_named_as_gbk_with_how_to_resave() -> None:
    doc = parse_document("r.yml", "unit: xinfu\nprogress: 完成\n".encode("gbk"))
    (diag,) = doc.diagnostics
    assert (diag.line, diag.code) == (2, "Y102")
    assert "GBK" in diag.message and "UTF-8" in diag.message


def test_duplicate_keys_name_both_lines() -> None:
    doc = parse_document("r.yml", b'unit: a\nperiod: "2023-08"\nunit: b\n')
    (diag,) = doc.diagnostics
    assert (diag.line, diag.code) == (3, "Y106")
    assert "第 1 行" in diag.message


def test_a_billion_laughs_fails_fast_and_hands_out_no_data() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijklmnop":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    doc = parse_document("r.yml", ("\n".join(lines) + "\n").encode())
    assert [d.code for d in doc.diagnostics] == ["Y107"]
    assert doc.data is None


def test_a_few_aliases_are_tolerated() -> None:
    raw = b"base: &b {status: x}\none: *b\ntwo: *b\n"
    assert parse_document("r.yml", raw).ok
    assert ALIAS_BUDGET >= 2


def test_an_alias_that_contains_itself_is_refused() -> None:
    doc = parse_document("r.yml", b"tasks: &t [1, *t]\n")
    assert [d.code for d in doc.diagnostics] == ["Y108"]
    assert doc.data is None


def test_deep_nesting_is_refused_where_it_goes_too_deep() -> None:
    doc = parse_document("r.yml", b"a: " + b"[" * 200 + b"]" * 200 + b"\n")
    assert [(d.line, d.column, d.code) for d in doc.diagnostics] == [(1, 4 + MAX_DEPTH - 1, "Y117")]
    assert doc.data is None


def test_yaml_1_1_surprises_are_named_not_silently_converted() -> None:
    raw = b"a: no\nb: 08\nc: 07\nd: 12:30\ne: Yes\nf: true\ng: '08'\n"
    assert codes(raw) == [(1, "Y109"), (2, "Y110"), (3, "Y110"), (4, "Y112"), (5, "Y109")]
    assert parse_document("r.yml", raw).data["f"] is True


def test_dates_stay_text_and_impossible_dates_are_named() -> None:
    doc = parse_document("r.yml", b"a: 2023-08-03\nb: 2023-02-29\n")
    assert doc.data == {"a": "2023-08-03", "b": "2023-02-29"}
    assert [(d.line, d.code) for d in doc.diagnostics] == [(2, "Y111")]


def test_a_full_width_colon_on_a_key_is_named() -> None:
    doc = parse_document("r.yml", "unit：xinfu\n".encode())
    assert [(d.line, d.code) for d in doc.diagnostics] == [(1, "Y104")]
    assert "“unit: ”" in doc.diagnostics[0].message


def test_a_full_width_colon_inside_text_is_fine() -> None:
    assert parse_document("r.yml", "progress: 一是：完成摸底\n".encode()).ok


def test_numbers_as_keys_are_refused() -> None:
    assert codes(b"1: x\n") == [(1, "Y115")]


def test_tabs_in_indentation_are_named_with_their_column() -> None:
    doc = parse_document("r.yml", b"a:\n  \tb: 1\n")
    (diag,) = doc.diagnostics
    assert (diag.line, diag.column, diag.code) == (2, 3, "Y103")


def test_nul_bytes_mean_not_a_text_file() -> None:
    assert codes(b"a: 1\n\x00\x01") == [(2, "Y102")]


def test_merge_keys_merge_with_the_mappings_own_keys_winning() -> None:
    raw = b"base: &b {status: x, progress: base}\nother: &o {status: y, next: z}\nt1: {<<: [*b, *o], progress: own}\n"
    doc = parse_document("r.yml", raw)
    assert doc.ok
    assert doc.data["t1"] == {"status": "x", "next": "z", "progress": "own"}


def test_integers_keep_fifteen_digits_and_refuse_more() -> None:
    doc = parse_document("r.yml", b'a: 999999999999999\nb: 1000000000000000\nc: "1000000000000000"\n')
    assert [(d.line, d.code) for d in doc.diagnostics] == [(2, "Y120")]
    assert doc.data["a"] == 999_999_999_999_999 and doc.data["c"] == "1000000000000000"


def test_only_standard_tags_are_read_and_a_bare_tag_means_text() -> None:
    doc = parse_document(
        "r.yml", b'a: !!str 12\nb: !!int "12"\nc: ! 12\nd: !!omap [{x: 1}]\ne: !!timestamp 2023-08-03\n'
    )
    assert [(d.line, d.code) for d in doc.diagnostics] == [(4, "Y121")]
    assert (doc.data["a"], doc.data["b"], doc.data["c"], doc.data["e"]) == ("12", 12, "12", "2023-08-03")


def test_nan_and_infinity_are_refused_where_they_are_written() -> None:
    doc = parse_document("r.yml", b"figures:\n  - value: .NaN\n  - value: -.inf\n  - value: 1.5\n")
    assert [(d.line, d.column, d.code) for d in doc.diagnostics] == [(2, 12, "Y122"), (3, 12, "Y122")]


def test_positions_are_found_for_keys_values_and_list_items() -> None:
    text = "unit: xinfu\ntasks:\n  t1:\n    figures:\n      - name: a\n        value: 1\n      - name: b\nunit: again\n"
    assert locate(text, ("tasks", "t1", "figures", 1, "name")) == ((7, 15), (7, 9))
    assert locate(text, ("tasks", "t1", "figures", 0)) == ((5, 9), None)
    assert locate(text, ("unit",)) == ((1, 7), (1, 1))  # the first of two: where the duplicate began
    assert locate(text, ("tasks", "t9", "progress")) == ((3, 3), (2, 1))  # the deepest part that exists
    assert locate("a: [1, 2\n", ("a", 1)) == ((1, 8), None)  # as far as it parses
