"""Dates in text and the publication-date policy."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.dates import (
    DateEvidence,
    find_date_mentions,
    latest_full_date,
    parse_date,
    parse_date_line,
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


@pytest.mark.parametrize(
    ("line", "expected", "labelled"),
    [
        ("PUBLISHED : Wednesday, 20 September, 2017", date(2017, 9, 20), True),
        ("FRIDAY AUGUST 11 2017", date(2017, 8, 11), False),
        ("Posted on March 3, 2024 at 10:15 GMT", date(2024, 3, 3), True),
        ("Last updated: 12 SEPT 2017 14:05 BST", date(2017, 9, 12), True),
        ("Monday, 22 September 2023 | Updated", date(2023, 9, 22), True),
        ("MONDAY 20TH MARCH 2017", date(2017, 3, 20), False),
        ("12 March 2024", date(2024, 3, 12), False),
        ("January 28", None, False),  # a date, but no year
    ],
)
def test_a_line_holding_only_a_date_gives_it(
    line: str, expected: date | None, labelled: bool
) -> None:
    found = parse_date_line(line)
    assert found is not None
    assert (found.mention.full_date, found.labelled) == (expected, labelled)


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended on 12 March 2024.",
        "By Ana Ruiz, 12 March 2024",
        "Updated 3 hours ago",
        "Published by the ministry of health",
        "Flights resume on 4 May 2024 after a ten-day strike by air traffic controllers",
    ],
)
def test_a_line_with_more_than_a_date_is_no_date_line(line: str) -> None:
    assert parse_date_line(line) is None


def test_a_publication_line_is_high_when_nothing_in_the_text_is_later() -> None:
    line = parse_date_line("PUBLISHED : Wednesday, 20 September, 2017")
    assert line is not None
    body = ["The strike that began on 12 September 2017 entered its second week."]
    resolved = resolve_publication_date(DateEvidence(publication=line.mention), body)
    assert (resolved.published, resolved.confidence, resolved.basis) == (
        date(2017, 9, 20),
        "high",
        "publication line",
    )


def test_a_publication_line_the_text_outdates_is_not_trusted() -> None:
    line = parse_date_line("Published: 3 January 2020")
    assert line is not None
    body = ["The ceasefire of 9 November 2021 was broken."]
    resolved = resolve_publication_date(DateEvidence(publication=line.mention), body)
    assert (resolved.published, resolved.confidence) == (None, "low")
    assert resolved.not_before == date(2021, 11, 9)


def test_the_day_the_lead_gives_the_news_is_medium() -> None:
    body = [
        "On January 19, 2025, the supreme court upheld the ban on the party.",
        "The party was founded in 2011.",
    ]
    resolved = resolve_publication_date(DateEvidence(), body)
    assert (resolved.published, resolved.confidence, resolved.basis) == (
        date(2025, 1, 19),
        "medium",
        "date in the lead",
    )


def test_a_date_the_lead_only_names_is_not_the_day_of_the_news() -> None:
    body = ["The ceasefire of 9 November 2020 held through the winter, monitors said."]
    resolved = resolve_publication_date(DateEvidence(), body)
    assert (resolved.published, resolved.confidence) == (None, "low")


def test_a_lead_day_outdated_by_the_text_is_not_the_article_date() -> None:
    body = [
        "On 2 March 2024 the dam burst, flooding six villages.",
        "An inquiry published on 30 June 2024 blamed the operator.",
    ]
    resolved = resolve_publication_date(DateEvidence(), body)
    assert resolved.published is None
    assert resolved.not_before == date(2024, 6, 30)


def test_a_wire_dateline_without_year_takes_the_year_of_the_same_day_in_the_lead() -> None:
    dateline = parse_date("July 22")
    same_day = ["The council met on 22 July 2020 and adopted the resolution."]
    resolved = resolve_publication_date(DateEvidence(dateline=dateline), same_day)
    assert (resolved.published, resolved.confidence) == (date(2020, 7, 22), "medium")
    other_day = ["The council met on 12 July 2020 and adopted the resolution."]
    resolved = resolve_publication_date(DateEvidence(dateline=dateline), other_day)
    assert (resolved.published, resolved.confidence) == (None, "low")
