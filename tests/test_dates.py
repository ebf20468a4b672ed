"""Dates in text and the publication-date policy."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.dates import (
    DateEvidence,
    find_date_mentions,
    latest_full_date,
    parse_date,
    parse_metadata_date,
    resolve_publication_date,
)


def test_common_written_dates_are_found_with_and_without_year() -> None:
    text = (
        "On 22 September 2023 they met; on September 21 they spoke; by Sept. 30, 2023 it was "
        "over, and on Monday, 2 October the talks resumed. ISO: 2023-10-05."
    )
    found = [(m.year, m.month, m.day) for m in find_date_mentions(text)]
    assert found == [
        (2023, 9, 22),
        (None, 9, 21),
        (2023, 9, 30),
        (None, 10, 2),
        (2023, 10, 5),
    ]


def test_may_the_verb_is_not_a_date() -> None:
    assert find_date_mentions("The talks may 3 times fail; it may rain.") == []
    assert parse_date("May 3") is not None


def test_impossible_dates_have_no_full_date() -> None:
    mention = parse_date("31 February 2024")
    assert mention is not None
    assert mention.full_date is None


def test_latest_full_date_ignores_dates_without_year() -> None:
    assert latest_full_date(["on July 12 and on 9 November 2020", "March 2, 2019"]) == date(
        2020, 11, 9
    )


def test_dateline_with_year_is_high() -> None:
    resolved = resolve_publication_date(DateEvidence(dateline=parse_date("3 March 2024")), [])
    assert (resolved.published, resolved.confidence) == (date(2024, 3, 3), "high")


def test_dateline_without_year_is_not_given_a_year() -> None:
    resolved = resolve_publication_date(
        DateEvidence(dateline=parse_date("July 22")), ["Clashes began on 12 July 2020."]
    )
    assert resolved.published is None
    assert resolved.confidence == "low"
    assert "no year" in resolved.basis
    assert resolved.not_before == date(2020, 7, 12)


def test_embedded_post_date_is_medium() -> None:
    resolved = resolve_publication_date(DateEvidence(embeds=(date(2023, 9, 19),)), [])
    assert (resolved.published, resolved.confidence) == (date(2023, 9, 19), "medium")


def test_page_header_date_contradicted_by_the_text_is_not_trusted() -> None:
    body = ["The ceasefire of 9 November 2021 was broken."]
    resolved = resolve_publication_date(DateEvidence(header=parse_date("3 January 2020")), body)
    assert resolved.published is None
    assert resolved.confidence == "low"
    assert "not trusted" in resolved.basis
    assert resolved.not_before == date(2021, 11, 9)


def test_page_header_date_without_year_is_not_trusted() -> None:
    resolved = resolve_publication_date(DateEvidence(header=parse_date("January 28")), [])
    assert resolved.published is None
    assert resolved.confidence == "low"


def test_no_date_at_all_is_none() -> None:
    resolved = resolve_publication_date(DateEvidence(), ["Nothing dated here."])
    assert (resolved.published, resolved.confidence, resolved.not_before) == (None, "none", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-22", date(2023, 9, 22)),
        ("2023-09-22T10:00:00Z", date(2023, 9, 22)),
        # With a timezone, the day is the UTC day: 23:30 in New York is the 23rd in UTC.
        ("2023-09-22T23:30:00-04:00", date(2023, 9, 23)),
        ("2023-09-22T23:30:00", date(2023, 9, 22)),  # no timezone: as written
        ("Fri, 22 Sep 2023 10:00:00 +0300", date(2023, 9, 22)),  # RSS, email
        ("22 September 2023", date(2023, 9, 22)),
        ("Sept. 22, 2023 at 5pm", date(2023, 9, 22)),
        (1695400000, date(2023, 9, 22)),  # epoch seconds
        (1695400000000, date(2023, 9, 22)),  # epoch milliseconds
        (date(2023, 9, 22), date(2023, 9, 22)),
        ("yesterday", None),
        ("1970-01-01T00:00:00Z", None),  # a placeholder, not a date
        ("2999-01-01", None),  # in the future
        ("", None),
        (None, None),
        (["2023-09-22"], None),
        (True, None),
        # Past the year 9999 in UTC, or a number no float holds: no date, no crash.
        ("9999-12-31T23:59:59-01:00", None),
        ("Fri, 31 Dec 9999 23:00:00 -0200", None),
        (10**400, None),
        # Relative phrases with a number in them are still relative.
        ("3 hours ago", None),
        ("yesterday 10:00", None),
        ("today at 9:14", None),
        # A 12-hour time with a zone moves the UTC day, both ways.
        ("Mon, 15 Jan 2024 11:30 PM -0500", date(2024, 1, 16)),
        ("Mon, 15 Jan 2024 01:30 AM +0800", date(2024, 1, 14)),
        ("Wednesday, January 17, 2024 11:30 PM EST", date(2024, 1, 18)),
        ("1695400000000", date(2023, 9, 22)),  # epoch milliseconds, as a string
    ],
)
def test_metadata_dates_are_normalized(value: object, expected: date | None) -> None:
    assert parse_metadata_date(value) == expected
