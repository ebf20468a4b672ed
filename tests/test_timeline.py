"""Timelines: dated reports in order, one line per article, or per day once there are many."""

from __future__ import annotations

from datetime import date, timedelta

from briefing.models import Article
from briefing.timeline import LINE_CHARS, PER_ARTICLE_UP_TO, TIMELINE_LINES, incident_timeline


def _article(article_id: str, title: str, published: date | None) -> Article:
    return Article(article_id, f"{article_id}.txt", title, ("Body text.",), published=published)


def test_each_dated_report_is_a_line_oldest_first_and_undated_ones_are_left_out() -> None:
    timeline, left_out = incident_timeline(
        [
            _article("b", "UPDATE 1-Toll rises to 68", date(2024, 2, 11)),
            _article("c", "Aid row over quake relief", None),
            _article("a", "Quake strikes northern valley", date(2024, 2, 10)),
        ]
    )
    assert [(e.day, e.text, e.article_ids) for e in timeline] == [
        (date(2024, 2, 10), "Quake strikes northern valley", ("a",)),
        (date(2024, 2, 11), "Toll rises to 68", ("b",)),
    ]
    assert left_out == 0


def test_many_reports_make_one_line_a_day_citing_all_of_that_day() -> None:
    day = date(2024, 5, 1)
    articles = [
        _article(f"d{n}", f"Report {n} of the strike", day + timedelta(days=n % 2))
        for n in range(PER_ARTICLE_UP_TO + 2)
    ]
    timeline, _ = incident_timeline(articles)
    assert [entry.day for entry in timeline] == [day, day + timedelta(days=1)]
    assert timeline[0].text == "Report 0 of the strike"
    assert set(timeline[0].article_ids) == {a.id for a in articles if a.published == day}


def test_a_long_story_keeps_its_first_day_and_its_latest_days() -> None:
    start = date(2024, 1, 1)
    articles = [
        _article(f"s{n:02}", f"Day {n} of the siege", start + timedelta(days=n))
        for n in range(TIMELINE_LINES + PER_ARTICLE_UP_TO)
    ]
    timeline, left_out = incident_timeline(articles)
    assert len(timeline) == TIMELINE_LINES
    assert timeline[0].day == start
    assert timeline[-1].text == f"Day {len(articles) - 1} of the siege"
    assert left_out == len(articles) - TIMELINE_LINES


def test_an_undated_incident_has_no_timeline() -> None:
    assert incident_timeline([_article("u", "Talks resume", None)]) == ((), 0)


def test_a_long_made_up_headline_is_cut_at_a_word() -> None:
    words = "The special envoy told the council in a long statement on Tuesday " * 4
    (entry,), _ = incident_timeline([_article("long", words.strip(), date(2024, 3, 5))])
    assert len(entry.text) <= LINE_CHARS
    assert entry.text.endswith("…")
    assert words.startswith(entry.text[:-1])
