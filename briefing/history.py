"""A memory of what was seen: every article's fingerprint, the day it was first seen, its incident.

Kept in one SQLite file beside the send ledger (``OUT/seen.sqlite3``). It gives two things a
daily brief needs and one run cannot know:

- **A date of record.** An undated article is dated by the day it was first seen, so a
  ``--since 24h`` window lets it in once and then leaves it out, instead of mailing it as new
  every day for ever.
- **Incidents that keep their identity.** After clustering, each incident takes the id of the
  incident its articles joined before (the one most of its earlier articles joined; the oldest
  on a tie), or a new id made from its articles; so the same event keeps its id while it
  continues, and each incident is marked against the days before the brief's: ``new`` (none
  of its articles seen before), ``updated`` (some were; the others are listed as new) or
  ``continuing`` (all were).

Reading never writes: :func:`recall` is used while a brief is built (also by the preview,
which must not change what ``send`` will mail). What a brief held is written by
:meth:`History.record` once the brief was written or sent; recording the same brief twice
changes nothing. An article is known by a fingerprint of its headline and text, so the same
story read again from another file, feed or URL is the same article, and an edited one is new.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from briefing.errors import InputError
from briefing.models import Article, Brief, Incident, IncidentMark
from briefing.sqlite_store import SqliteStore

HISTORY_NAME = "seen.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    fingerprint TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    first_day TEXT NOT NULL,
    incident TEXT
);
CREATE INDEX IF NOT EXISTS articles_by_incident ON articles (incident);
"""


def fingerprint(article: Article) -> str:
    """The article's identity across runs: a hash of its headline and text, spacing ignored."""
    words = " ".join(f"{article.title}\n{article.text}".lower().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Seen:
    """What the history knows of one article: the day it was first seen, its incident."""

    first_day: date
    incident: str | None


@dataclass(frozen=True)
class Memory:
    """What the history knew of a brief's articles when it was built, by article id."""

    seen: Mapping[str, Seen]
    #: Whether anything was seen before the brief's day (else nothing is marked).
    has_earlier: bool

    def record_date(self, article: Article, today: date) -> date:
        """The article's date of record: its publication date, else the day first seen."""
        if article.published is not None:
            return article.published
        known = self.seen.get(article.id)
        return known.first_day if known is not None else today


class History(SqliteStore):
    """The store, in one SQLite file (WAL: the preview may read while a send writes)."""

    kind = "the history"
    error = InputError
    migrations = (_SCHEMA,)

    def lookup(self, fingerprints: Iterable[str]) -> dict[str, Seen]:
        """What is known of each of ``fingerprints`` (those never seen are left out)."""
        found: dict[str, Seen] = {}
        wanted = list(dict.fromkeys(fingerprints))
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                "SELECT fingerprint, first_day, incident FROM articles WHERE fingerprint IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            )
            for key, first_day, incident in rows:
                found[key] = Seen(date.fromisoformat(first_day), incident)
        return found

    def seen_before(self, day: date) -> bool:
        """Whether any article was first seen before ``day``."""
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE first_day < ? LIMIT 1", (day.isoformat(),)
        ).fetchone()
        return row is not None

    def incident_first_days(self, incident_ids: Iterable[str]) -> dict[str, date]:
        """The day each incident's first article was seen."""
        days: dict[str, date] = {}
        for incident_id in dict.fromkeys(incident_ids):
            row = self._db.execute(
                "SELECT MIN(first_day) FROM articles WHERE incident = ?", (incident_id,)
            ).fetchone()
            if row and row[0]:
                days[incident_id] = date.fromisoformat(row[0])
        return days

    def record(self, brief: Brief, *, now: datetime) -> int:
        """Remember the brief's articles (first seen on ``brief.as_of``) and their incidents.

        An article seen before keeps its first day (the earlier of the two) and takes the
        incident it is in now. Returns how many rows changed: 0 for a brief recorded already.
        """
        incident_of = {
            article_id: incident.id
            for incident in (*brief.incidents, *brief.other_incidents)
            for article_id in incident.article_ids
        }
        rows = [
            (
                fingerprint(article),
                now.astimezone(UTC).isoformat(timespec="seconds"),
                brief.as_of.isoformat(),
                incident_of.get(article.id),
            )
            for article in brief.articles
        ]
        with self._transaction():
            before = self._db.total_changes
            self._db.executemany(
                "INSERT INTO articles (fingerprint, first_seen, first_day, incident)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET"
                " first_day = MIN(first_day, excluded.first_day),"
                " first_seen = MIN(first_seen, excluded.first_seen),"
                " incident = excluded.incident"
                " WHERE excluded.first_day < first_day OR incident IS NOT excluded.incident",
                rows,
            )
            return self._db.total_changes - before


def recall(path: Path, articles: Sequence[Article], today: date) -> Memory:
    """What the history at ``path`` knows of ``articles``, read only (nothing is written)."""
    if not path.is_file():
        return Memory({}, has_earlier=False)
    with History(path) as history:
        by_key = history.lookup(fingerprint(article) for article in articles)
        seen = {
            article.id: by_key[key]
            for article in articles
            if (key := fingerprint(article)) in by_key
        }
        return Memory(seen, has_earlier=history.seen_before(today))


def record(path: Path, brief: Brief, *, now: datetime) -> int:
    """Open the history at ``path`` and :meth:`History.record` the brief in it."""
    with History(path) as history:
        return history.record(brief, now=now)


def carry_over(
    incidents: Sequence[Incident],
    articles: Mapping[str, Article],
    memory: Memory,
    today: date,
    *,
    first_days: Mapping[str, date] | None = None,
) -> tuple[list[Incident], dict[str, IncidentMark]]:
    """Give each incident its id from the days before, and mark it new, updated or continuing.

    ``first_days`` is the day each stored incident began (the oldest wins a tie). Incidents are
    served the biggest first, so when one earlier incident split in two, the bigger part keeps
    its id. Returns the incidents (in their order) and the marks, by incident id; no marks when
    nothing was seen before ``today``.
    """
    first_days = first_days or {}
    order = sorted(range(len(incidents)), key=lambda i: (-len(incidents[i].article_ids), i))
    taken: set[str] = set()
    renamed: dict[int, Incident] = {}
    for index in order:
        incident = incidents[index]
        votes = Counter(
            known.incident
            for article_id in incident.article_ids
            if (known := memory.seen.get(article_id)) is not None and known.incident
        )
        candidates = sorted(
            (name for name in votes if name not in taken),
            key=lambda name: (-votes[name], first_days.get(name, date.max), name),
        )
        new_id = candidates[0] if candidates else _new_id(incident, articles)
        taken.add(new_id)
        renamed[index] = replace(incident, id=new_id)
    result = [renamed[index] for index in range(len(incidents))]
    if not memory.has_earlier:
        return result, {}
    marks: dict[str, IncidentMark] = {}
    for incident in result:
        fresh = tuple(
            article_id
            for article_id in incident.article_ids
            if (known := memory.seen.get(article_id)) is None or known.first_day >= today
        )
        if len(fresh) == len(incident.article_ids):
            marks[incident.id] = IncidentMark("new")
        elif fresh:
            marks[incident.id] = IncidentMark("updated", fresh)
        else:
            marks[incident.id] = IncidentMark("continuing")
    return result, marks


def _new_id(incident: Incident, articles: Mapping[str, Article]) -> str:
    keys = sorted(fingerprint(articles[article_id]) for article_id in incident.article_ids)
    return "incident-" + hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()[:10]
