"""What was sent to whom: an embedded SQLite ledger that makes daily sends idempotent.

A daily run can fire twice (a cron retry, two processes at once). Before sending, a run
*claims* its recipients for the brief's date in one ``BEGIN IMMEDIATE`` transaction: only
recipients nobody has sent to or is sending to are returned, so a second run finds nothing
to do. After the send the claim becomes ``sent``; a failed send releases it. A claim older than
``STALE_CLAIM`` (a process that died mid-send) can be taken over.

The ledger also records which incidents and articles each brief held, so the next brief can
mark its incidents new, updated or continuing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from briefing.errors import DeliveryError

SCHEMA_VERSION = 1
STALE_CLAIM = timedelta(hours=1)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    brief_date TEXT NOT NULL,
    recipient TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent')),
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    message_id TEXT,
    PRIMARY KEY (brief_date, recipient)
);
CREATE TABLE IF NOT EXISTS briefs (
    brief_date TEXT PRIMARY KEY,
    generated_at TEXT NOT NULL,
    articles TEXT NOT NULL,
    incidents TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class BriefRecord:
    """What one earlier brief held: its articles, and each incident's articles."""

    brief_date: date
    generated_at: datetime
    article_ids: tuple[str, ...]
    incidents: dict[str, tuple[str, ...]]


class SentLedger:
    """The ledger in one SQLite file (WAL mode, so readers never block the writer)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we open every transaction ourselves, explicitly.
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise DeliveryError(f"{path} was written by a newer briefing (schema {version})")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as error:
            raise DeliveryError(f"cannot open the send ledger {path}: {error}") from error

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SentLedger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def claim(
        self, brief_date: date, recipients: Iterable[str], *, now: datetime, force: bool = False
    ) -> list[str]:
        """Claim the recipients still to be sent the brief of ``brief_date``; returns them."""
        day = brief_date.isoformat()
        stale_before = (now - STALE_CLAIM).isoformat()
        claimed: list[str] = []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for recipient in dict.fromkeys(recipients):
                row = self._db.execute(
                    "SELECT status, claimed_at FROM sends WHERE brief_date=? AND recipient=?",
                    (day, recipient),
                ).fetchone()
                free = row is None or force or (row[0] == "claimed" and row[1] < stale_before)
                if free:
                    self._db.execute(
                        "INSERT OR REPLACE INTO sends (brief_date, recipient, status, claimed_at)"
                        " VALUES (?, ?, 'claimed', ?)",
                        (day, recipient, now.isoformat()),
                    )
                    claimed.append(recipient)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return claimed

    def mark_sent(
        self, brief_date: date, recipients: Iterable[str], message_id: str, *, now: datetime
    ) -> None:
        """The claims became sends."""
        with self._transaction():
            self._db.executemany(
                "UPDATE sends SET status='sent', sent_at=?, message_id=?"
                " WHERE brief_date=? AND recipient=?",
                [(now.isoformat(), message_id, brief_date.isoformat(), r) for r in recipients],
            )

    def release(self, brief_date: date, recipients: Iterable[str]) -> None:
        """A send failed: free the claims so a later run may try again."""
        with self._transaction():
            self._db.executemany(
                "DELETE FROM sends WHERE brief_date=? AND recipient=? AND status='claimed'",
                [(brief_date.isoformat(), r) for r in recipients],
            )

    def sent_to(self, brief_date: date) -> list[str]:
        """Who has been sent the brief of ``brief_date``."""
        rows = self._db.execute(
            "SELECT recipient FROM sends WHERE brief_date=? AND status='sent' ORDER BY recipient",
            (brief_date.isoformat(),),
        )
        return [row[0] for row in rows]

    def record_brief(
        self,
        brief_date: date,
        *,
        generated_at: datetime,
        incidents: Mapping[str, Sequence[str]],
        article_ids: Sequence[str],
    ) -> None:
        """Remember what the brief of ``brief_date`` held (replacing an earlier record)."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?)",
                (
                    brief_date.isoformat(),
                    generated_at.isoformat(),
                    json.dumps(sorted(article_ids)),
                    json.dumps({key: list(value) for key, value in sorted(incidents.items())}),
                ),
            )

    def last_brief(self, before: date) -> BriefRecord | None:
        """The latest brief recorded for a day before ``before``, if any."""
        row = self._db.execute(
            "SELECT brief_date, generated_at, articles, incidents FROM briefs"
            " WHERE brief_date < ? ORDER BY brief_date DESC LIMIT 1",
            (before.isoformat(),),
        ).fetchone()
        if row is None:
            return None
        return BriefRecord(
            brief_date=date.fromisoformat(row[0]),
            generated_at=datetime.fromisoformat(row[1]),
            article_ids=tuple(json.loads(row[2])),
            incidents={key: tuple(value) for key, value in json.loads(row[3]).items()},
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")
