"""The hand-in trailers the merge job writes are the ones the history reads."""

from __future__ import annotations

import datetime as dt

from taizhang.tracking.handin import HandIn, format_trailers, parse_trailers

BEIJING = dt.timezone(dt.timedelta(hours=8))
RECORD = HandIn(
    pull_request=123,
    head="a" * 40,
    handed_in=dt.datetime(2023, 10, 3, 23, 58, tzinfo=BEIJING),
    checks_passed=dt.datetime(2023, 10, 4, 0, 3, 10, tzinfo=BEIJING),
)


def test_a_merge_message_carries_the_record_it_was_written_with() -> None:
    message = "Merge pull request #123 from xz-xinfu/report\n\n月报\n\n" + format_trailers(RECORD)
    assert parse_trailers(message) == RECORD


def test_a_form_record_keeps_its_issue() -> None:
    record = HandIn(7, "b" * 40, RECORD.handed_in, RECORD.checks_passed, issue=45)
    assert parse_trailers("Merge\n\n" + format_trailers(record)) == record


def test_trailers_outside_the_last_paragraph_are_not_a_record() -> None:
    assert parse_trailers(format_trailers(RECORD) + "\n(edited by hand)\n") is None


def test_a_repeated_or_malformed_field_is_not_a_record() -> None:
    text = format_trailers(RECORD)
    assert parse_trailers("x\n\n" + text + "Taizhang-Handed-In: 2023-10-01T00:00:00+08:00\n") is None
    assert parse_trailers("x\n\n" + text.replace("a" * 40, "HEAD")) is None
    assert parse_trailers("x\n\n" + text.replace("+08:00", "", 1)) is None


def test_a_hand_in_after_the_checks_passed_is_not_a_record() -> None:
    late = HandIn(1, "c" * 40, RECORD.checks_passed, RECORD.handed_in)
    assert parse_trailers("x\n\n" + format_trailers(late)) is None
