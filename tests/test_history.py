"""The store of articles seen: dates of record, incidents that keep their ids, marks."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import BriefingError
from briefing.history import Against, History, fingerprint, recall, record
from briefing.models import Article, Brief
from briefing.pipeline import build_brief

FLOOD = (
    "River floods the old quarter of Veldhaven\n\n"
    "The river Ander burst its banks in Veldhaven, flooding the old quarter of the town and "
    "forcing about 1,200 residents from their homes.\n\n"
    "Emergency crews in Veldhaven used boats to reach families trapped on upper floors as the "
    "river kept rising through the night.\n"
)
FLOOD_UPDATE = (
    "Veldhaven flood barrier holds as the river Ander peaks\n\n"
    "A temporary flood barrier held as the river Ander peaked in Veldhaven, sparing the "
    "hospital, while 1,400 residents of the old quarter stayed in shelters.\n\n"
    "Engineers will inspect the Veldhaven bridges once the river falls, the council said.\n"
)
STRIKE = (
    "Dock workers strike at the port of Marisol\n\n"
    "Dock workers at the port of Marisol walked out in a dispute over night-shift rotas, "
    "leaving a dozen container ships waiting at anchor off the harbour.\n\n"
    "The Marisol dockers' union said the port authority changed the rotas without asking.\n"
)


def _clock(day: int) -> datetime:
    return datetime(2025, 3, day, 7, 0, tzinfo=UTC)


def _write(folder: Path, **articles: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _day(
    inputs: Path,
    store: Path,
    day: int,
    since: date | None = None,
    *,
    against: Against = "written",
    sent: bool = False,
) -> Brief:
    settings = Settings(since=since)
    brief = build_brief([inputs], settings, now=_clock(day), history=store, against=against)
    record(store, brief, now=_clock(day), sent=sent)
    return brief


def _rows(store: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(store) as db:
        return sorted(db.execute("SELECT * FROM articles"))


def test_recording_the_same_brief_twice_changes_nothing(tmp_path: Path) -> None:
    inputs = _write(tmp_path / "in", flood=FLOOD, strike=STRIKE)
    store = tmp_path / "seen.sqlite3"
    brief = _day(inputs, store, 3)
    before = _rows(store)
    assert len(before) == 2
    again = build_brief([inputs], Settings(), now=_clock(3), history=store)
    with History(store) as history:
        assert history.record(again, now=datetime(2025, 3, 3, 9, 0, tzinfo=UTC)) == 0
    assert _rows(store) == before
    assert [i.id for i in again.incidents] == [i.id for i in brief.incidents]


def _dated(text: str, day: int) -> str:
    headline, body = text.split("\n\n", 1)
    return f"{headline}\n\nVELDHAVEN, {day} March 2025 (Wire) - {body}"


def test_an_incident_keeps_its_id_and_is_marked_against_the_days_before(
    tmp_path: Path,
) -> None:
    inputs = _write(tmp_path / "in", flood=_dated(FLOOD, 3))
    store = tmp_path / "seen.sqlite3"
    first = _day(inputs, store, 3)
    assert first.marks == {}  # nothing seen before: nothing to compare with
    (flood_id,) = [incident.id for incident in first.incidents]

    _write(inputs, flood_update=_dated(FLOOD_UPDATE, 4), strike=STRIKE)
    second = _day(inputs, store, 4)
    by_size = sorted(second.incidents, key=lambda incident: -len(incident.article_ids))
    flood, strike = by_size
    assert flood.id == flood_id
    assert second.marks[flood.id].status == "updated"
    assert second.marks[flood.id].new_article_ids == ("flood_update",)
    assert second.marks[strike.id].status == "new"
    # What changed: the updated incident is told from its new article only.
    assert {sentence.article_id for sentence in flood.summary} == {"flood_update"}

    third = _day(inputs, store, 5)
    assert {third.marks[i.id].status for i in third.incidents} == {"continuing"}
    assert all(incident.summary == () for incident in third.incidents)
    assert {i.id for i in third.incidents} == {i.id for i in second.incidents}


def test_an_undated_article_is_dated_by_the_day_it_was_first_seen(tmp_path: Path) -> None:
    inputs = _write(tmp_path / "in", flood=FLOOD, strike=STRIKE)
    store = tmp_path / "seen.sqlite3"
    _day(inputs, store, 3, since=date(2025, 3, 3))
    _write(inputs, flood_update=FLOOD_UPDATE)
    later = build_brief([inputs], Settings(since=date(2025, 3, 6)), now=_clock(6), history=store)
    # Only the article first seen that day is in the window; without a history every
    # undated article would pass every window, day after day.
    assert [article.id for article in later.articles] == ["flood_update"]
    assert all(article.published is None for article in later.articles)


def test_building_with_a_history_only_reads_it(tmp_path: Path) -> None:
    inputs = _write(tmp_path / "in", flood=FLOOD)
    store = tmp_path / "seen.sqlite3"
    build_brief([inputs], Settings(), now=_clock(3), history=store)
    assert not store.exists()
    memory = recall(store, [], date(2025, 3, 3))
    assert memory.seen == {} and not memory.has_earlier


def test_the_fingerprint_ignores_spacing_but_not_words() -> None:
    headline, *paragraphs = FLOOD.strip().split("\n\n")
    article = Article("flood", "in/flood.txt", headline, tuple(paragraphs))
    spaced = replace(article, paragraphs=tuple(p.replace(" ", "  ") for p in article.paragraphs))
    edited = replace(article, paragraphs=(*article.paragraphs, "A correction was added."))
    assert fingerprint(spaced) == fingerprint(article)
    assert fingerprint(edited) != fingerprint(article)


def test_a_brief_built_and_not_sent_leaves_its_news_new_for_the_next_send(
    tmp_path: Path,
) -> None:
    # Monday: the desk builds the brief to have a look, and mails nothing. Tuesday's email
    # must not call Monday's articles "continuing": its readers have never seen them.
    inputs = _write(tmp_path / "in", flood=_dated(FLOOD, 3))
    store = tmp_path / "seen.sqlite3"
    _day(inputs, store, 3)
    _write(inputs, flood_update=_dated(FLOOD_UPDATE, 4))
    mailed = _day(inputs, store, 4, against="sent", sent=True)
    assert mailed.marks == {}  # nothing was ever sent: nothing to compare with
    (flood,) = mailed.incidents
    assert len(flood.summary) > 0 and set(flood.article_ids) == {"flood", "flood_update"}
    # For the desk, which built Monday's brief, the same day is an update of Monday's news.
    built = build_brief([inputs], Settings(), now=_clock(4), history=store)
    assert built.marks[flood.id].status == "updated"
    assert built.marks[flood.id].new_article_ids == ("flood_update",)
    # Once sent, the next send compares with what was sent.
    _write(inputs, strike=STRIKE)
    next_mail = build_brief([inputs], Settings(), now=_clock(5), history=store, against="sent")
    statuses = {
        incident.article_ids: next_mail.marks[incident.id].status
        for incident in next_mail.incidents
    }
    assert statuses == {("flood", "flood_update"): "continuing", ("strike",): "new"}


def test_a_brief_of_an_earlier_day_does_not_rewrite_the_history(tmp_path: Path) -> None:
    inputs = _write(tmp_path / "in", flood=FLOOD, strike=STRIKE)
    store = tmp_path / "seen.sqlite3"
    _day(inputs, store, 5, sent=True)
    before = _rows(store)
    # A backfill of the 3rd, run after the 5th was recorded: it must not date the undated
    # articles to the 3rd, which would take them out of the 5th's window.
    backfill = build_brief([inputs], Settings(), now=_clock(3), history=store)
    with History(store) as history:
        assert history.record(backfill, now=_clock(3), sent=True) == 0
    assert _rows(store) == before
    today = build_brief([inputs], Settings(since=date(2025, 3, 5)), now=_clock(5), history=store)
    assert sorted(article.id for article in today.articles) == ["flood", "strike"]


def test_a_history_of_the_first_schema_is_upgraded_and_its_articles_count_as_sent(
    tmp_path: Path,
) -> None:
    store = tmp_path / "seen.sqlite3"
    headline, *paragraphs = FLOOD.strip().split("\n\n")
    flood = Article("flood", "in/flood.txt", headline, tuple(paragraphs))
    with sqlite3.connect(store) as db:
        db.executescript(
            "CREATE TABLE articles (fingerprint TEXT PRIMARY KEY, first_seen TEXT NOT NULL,"
            " first_day TEXT NOT NULL, incident TEXT); PRAGMA user_version=1;"
        )
        db.execute(
            "INSERT INTO articles VALUES (?, '2025-03-03T07:00:00+00:00', '2025-03-03', 'i-1')",
            (fingerprint(flood),),
        )
    memory = recall(store, [flood], date(2025, 3, 4), "sent")
    assert memory.has_earlier and memory.known_before("flood", date(2025, 3, 4))
    with History(store) as history:
        assert history.latest_day() == date(2025, 3, 3)


def test_a_store_that_cannot_be_written_is_an_error_naming_it_not_a_traceback(
    tmp_path: Path,
) -> None:
    inputs = _write(tmp_path / "in", flood=FLOOD)
    store = tmp_path / "seen.sqlite3"
    brief = build_brief([inputs], Settings(), now=_clock(3), history=store)
    with History(store, timeout=0.2) as history:
        # Another process holds the write lock (a send recording its brief) for too long.
        with sqlite3.connect(store, isolation_level=None) as other:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(BriefingError, match=r"cannot write the history .*locked"):
                history.record(brief, now=_clock(3))
            other.execute("ROLLBACK")
        assert history.record(brief, now=_clock(3)) == 1  # and it works once the lock is free
