"""A memory of what was seen: every article's fingerprint, the day it was first seen, its incident.

Kept in one SQLite file beside the send ledger (``OUT/seen.sqlite3``). It gives two things a
daily brief needs and one run cannot know:

- **A date of record.** An undated article is dated by the day it was first seen (in a brief
  ``build`` wrote or ``send`` sent), so a ``--since 24h`` window lets it in once and then
  leaves it out, instead of mailing it as new every day for ever.
- **Incidents that keep their identity.** After clustering, each incident takes the id of the
  incident its articles joined before (the one most of its earlier articles joined; the oldest
  on a tie), or a new id made from its articles; so the same event keeps its id while it
  continues, and each incident is marked against the days before the brief's: ``new`` (none
  of its articles known before), ``updated`` (some were; the others are listed as new) or
  ``continuing`` (all were).

**New to whom.** What counts as known depends on who reads the brief (:data:`Against`): for
``build``, every brief written or sent on an earlier day (``"written"``: the desk has seen
them); for ``send`` and the preview of what it will mail, only the briefs that were sent
(``"sent"``: what the recipients have seen). So a brief built on Monday to have a look, and not
mailed, does not make Tuesday's email call Monday's news "continuing".

**Days go forward.** A brief of a day before the latest one recorded (``--as-of`` in the past:
a backfill, a rerun of an old day) is built from what is known but not recorded: it cannot move
an article's first day earlier, which would take today's undated news out of today's window.

Reading never writes: :func:`recall` is used while a brief is built (also by the preview,
which must not change what ``send`` will mail). What a brief held is written by
:meth:`History.record` once the brief was written or sent; recording the same brief twice
changes nothing. An article is known by a fingerprint of its headline and text, so the same
story read again from another file, feed or URL is the same article, and an edited one is new.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from briefing.errors import BriefingError
from briefing.models import Article, Brief, Incident, IncidentMark
from briefing.sqlite_store import SqliteStore

logger = logging.getLogger(__name__)

HISTORY_NAME = "seen.sqlite3"

#: What an incident's articles are compared with: every brief written or sent on an earlier
#: day (``build``), or only the briefs sent (``send``, and ``serve``, its preview).
Against = Literal["written", "sent"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    fingerprint TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    first_day TEXT NOT NULL,
    incident TEXT
);
CREATE INDEX IF NOT EXISTS articles_by_incident ON articles (incident);
"""
# Version 2: the last brief that held each article (days go forward from the latest one) and
# the first one that was sent. Rows of version 1 were recorded by builds and sends alike, and
# counted as seen by the recipients then: they keep counting so.
_SENT_AND_LAST_DAY = """
ALTER TABLE articles ADD COLUMN last_day TEXT;
ALTER TABLE articles ADD COLUMN first_sent_day TEXT;
UPDATE articles SET last_day = first_day, first_sent_day = first_day;
CREATE INDEX IF NOT EXISTS articles_by_last_day ON articles (last_day);
"""


def fingerprint(article: Article) -> str:
    """The article's identity across runs: a hash of its headline and text, spacing ignored."""
    words = " ".join(f"{article.title}\n{article.text}".lower().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Seen:
    """What the history knows of one article: the days it was first seen and first sent,
    and its incident."""

    first_day: date
    first_sent_day: date | None
    incident: str | None

    def known_before(self, day: date, against: Against) -> bool:
        """Whether a brief of a day before ``day`` held it (any brief, or a sent one)."""
        first = self.first_day if against == "written" else self.first_sent_day
        return first is not None and first < day


@dataclass(frozen=True)
class Memory:
    """What the history knew of a brief's articles when it was built, by article id."""

    seen: Mapping[str, Seen]
    #: Whether a brief of an earlier day counts (else nothing is marked: nothing to compare).
    has_earlier: bool
    against: Against = "written"
    #: The day each incident these articles joined began (its first article was seen).
    incident_first_days: Mapping[str, date] = field(default_factory=dict)

    def record_date(self, article: Article, today: date) -> date:
        """The article's date of record: its publication date, else the day first seen."""
        if article.published is not None:
            return article.published
        known = self.seen.get(article.id)
        return known.first_day if known is not None else today

    def known_before(self, article_id: str, today: date) -> bool:
        """Whether the article was in a brief of an earlier day that counts (``against``)."""
        known = self.seen.get(article_id)
        return known is not None and known.known_before(today, self.against)


class History(SqliteStore):
    """The store, in one SQLite file (WAL: the preview may read while a send writes)."""

    kind = "the history"
    error = BriefingError
    migrations = (_SCHEMA, _SENT_AND_LAST_DAY)

    def lookup(self, fingerprints: Iterable[str]) -> dict[str, Seen]:
        """What is known of each of ``fingerprints`` (those never seen are left out)."""
        found: dict[str, Seen] = {}
        wanted = list(dict.fromkeys(fingerprints))
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                "SELECT fingerprint, first_day, first_sent_day, incident FROM articles"
                f" WHERE fingerprint IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for key, first_day, first_sent_day, incident in rows:
                sent = date.fromisoformat(first_sent_day) if first_sent_day else None
                found[key] = Seen(date.fromisoformat(first_day), sent, incident)
        return found

    def seen_before(self, day: date, against: Against = "written") -> bool:
        """Whether any brief of a day before ``day`` was recorded (any brief, or a sent one)."""
        column = "first_day" if against == "written" else "first_sent_day"
        row = self._db.execute(
            f"SELECT 1 FROM articles WHERE {column} < ? LIMIT 1", (day.isoformat(),)
        ).fetchone()
        return row is not None

    def latest_day(self) -> date | None:
        """The day of the latest brief recorded, or None for an empty history."""
        row = self._db.execute("SELECT MAX(last_day) FROM articles").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

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

    def record(self, brief: Brief, *, now: datetime, sent: bool = False) -> int:
        """Remember the brief's articles (first seen on ``brief.as_of``) and their incidents.

        ``sent``: the brief was mailed, so its articles are known to the recipients from that
        day. An article seen before keeps its first days and takes the incident it is in now.
        A brief of a day before the latest one recorded changes nothing (see the module
        docstring). Returns how many rows changed: 0 for a brief recorded already.
        """
        day = brief.as_of.isoformat()
        incident_of = {
            article_id: incident.id
            for incident in (*brief.incidents, *brief.other_incidents)
            for article_id in incident.article_ids
        }
        rows = [
            (
                fingerprint(article),
                now.astimezone(UTC).isoformat(timespec="seconds"),
                day,
                day,
                day if sent else None,
                incident_of.get(article.id),
            )
            for article in brief.articles
        ]
        with self._transaction():
            latest = self.latest_day()
            if latest is not None and brief.as_of < latest:
                logger.warning(
                    "the brief of %s is not recorded in %s: it already holds %s, a later day",
                    brief.as_of,
                    self.path,
                    latest,
                )
                return 0
            before = self._db.total_changes
            self._db.executemany(
                "INSERT INTO articles"
                " (fingerprint, first_seen, first_day, last_day, first_sent_day, incident)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET"
                " last_day = excluded.last_day,"
                " first_sent_day = COALESCE(first_sent_day, excluded.first_sent_day),"
                " incident = excluded.incident"
                " WHERE last_day IS NOT excluded.last_day"
                " OR (first_sent_day IS NULL AND excluded.first_sent_day IS NOT NULL)"
                " OR incident IS NOT excluded.incident",
                rows,
            )
            return self._db.total_changes - before


def recall(
    path: Path, articles: Sequence[Article], today: date, against: Against = "written"
) -> Memory:
    """What the history at ``path`` knows of ``articles``, read only (nothing is written).

    ``against`` says which earlier briefs count for the marks (see :data:`Against`).
    """
    if not path.is_file():
        return Memory({}, has_earlier=False, against=against)
    with History(path) as history:
        by_key = history.lookup(fingerprint(article) for article in articles)
        seen = {
            article.id: by_key[key]
            for article in articles
            if (key := fingerprint(article)) in by_key
        }
        first_days = history.incident_first_days(
            known.incident for known in seen.values() if known.incident
        )
        return Memory(seen, history.seen_before(today, against), against, first_days)


def record(path: Path, brief: Brief, *, now: datetime, sent: bool = False) -> int:
    """Open the history at ``path`` and :meth:`History.record` the brief in it."""
    with History(path) as history:
        return history.record(brief, now=now, sent=sent)


def carry_over(
    incidents: Sequence[Incident],
    articles: Mapping[str, Article],
    memory: Memory,
    today: date,
) -> tuple[list[Incident], dict[str, IncidentMark]]:
    """Give each incident its id from the days before, and mark it new, updated or continuing.

    When the articles of an incident joined several earlier ones, it takes the id most of them
    had (the oldest incident wins a tie: ``memory.incident_first_days``). Incidents are served
    the biggest first, so when one earlier incident split in two, the bigger part keeps
    its id. Returns the incidents (in their order) and the marks, by incident id; no marks when
    no brief of a day before ``today`` counts (``memory.against``).
    """
    first_days = memory.incident_first_days
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
            if not memory.known_before(article_id, today)
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
