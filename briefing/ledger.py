"""What was sent to whom: an embedded SQLite ledger that makes daily sends idempotent.

A daily run can fire twice (a cron retry, two processes at once). Before sending, a run
*claims* its recipients for the brief's date in one ``BEGIN IMMEDIATE`` transaction: only
recipients nobody has sent to or is sending to are returned, so a second run finds nothing
to do. After the send the claim becomes ``sent``; a failed send releases it. A claim older than
``STALE_CLAIM`` (a process that died mid-send) can be taken over.

What each brief held is kept by the history (``briefing.history``), not here; the ledger's
old ``briefs`` table (schema 1 and 2) is left as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from briefing.errors import DeliveryError
from briefing.sqlite_store import SqliteStore

SCHEMA_VERSION = 2
STALE_CLAIM = timedelta(hours=1)

# _MIGRATIONS[n] takes a database from user_version n to n + 1.
_MIGRATIONS = (
    """
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
""",
    # Version 2: who holds a claim, so a run releases only its own.
    "ALTER TABLE sends ADD COLUMN claimed_by TEXT;",
)


def _utc(moment: datetime) -> str:
    """A moment as UTC ISO text, so stored times compare correctly across DST and zones.

    A naive ``datetime`` is taken as local time, as Python does everywhere else.
    """
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(stored: str) -> datetime:
    """A stored time as an aware datetime (naive ones, from early ledgers, are local)."""
    return datetime.fromisoformat(stored).astimezone(UTC)


class SentLedger(SqliteStore):
    """The ledger in one SQLite file (WAL mode, so readers never block the writer).

    Each instance claims under its own token, so a run only ever releases its own claims,
    never those another run took over from it after they went stale.
    """

    kind = "the send ledger"
    error = DeliveryError
    hint = "; see 'After a crash' in the README"
    migrations = _MIGRATIONS

    def __init__(
        self, path: Path, *, stale_after: timedelta = STALE_CLAIM, timeout: float = 30.0
    ) -> None:
        self._stale_after = stale_after
        self._token = uuid.uuid4().hex
        super().__init__(path, timeout=timeout)

    def claim(
        self, brief_date: date, recipients: Iterable[str], *, now: datetime, force: bool = False
    ) -> list[str]:
        """Claim the recipients still to be sent the brief of ``brief_date``.

        In one ``BEGIN IMMEDIATE`` transaction, so two runs at once never claim the same
        recipient: returns, in the given order, those nobody has sent that brief to or is
        sending it to now. A claim older than ``stale_after`` (its run died) is taken over;
        ``force`` claims everyone, even those already sent to.
        """
        day = brief_date.isoformat()
        stale_before = now - self._stale_after
        claimed: list[str] = []
        with self._transaction():
            for recipient in dict.fromkeys(recipients):
                row = self._db.execute(
                    "SELECT status, claimed_at FROM sends WHERE brief_date=? AND recipient=?",
                    (day, recipient),
                ).fetchone()
                stale = (
                    row is not None
                    and row[0] == "claimed"
                    and _parse(row[1]) < stale_before.astimezone(UTC)
                )
                if row is None or stale or force:
                    # An earlier send's sent_at and message_id stay: a forced resend that
                    # fails is released back to "sent", not forgotten.
                    self._db.execute(
                        "INSERT INTO sends (brief_date, recipient, status, claimed_at, claimed_by)"
                        " VALUES (?, ?, 'claimed', ?, ?) ON CONFLICT (brief_date, recipient)"
                        " DO UPDATE SET status='claimed', claimed_at=excluded.claimed_at,"
                        " claimed_by=excluded.claimed_by",
                        (day, recipient, _utc(now), self._token),
                    )
                    claimed.append(recipient)
        return claimed

    def mark_sent(
        self, brief_date: date, recipients: Iterable[str], message_id: str, *, now: datetime
    ) -> None:
        """Record that the message ``message_id`` went to ``recipients`` at ``now``."""
        with self._transaction():
            self._db.executemany(
                "INSERT INTO sends"
                " (brief_date, recipient, status, claimed_at, claimed_by, sent_at, message_id)"
                " VALUES (?, ?, 'sent', ?, ?, ?, ?) ON CONFLICT (brief_date, recipient)"
                " DO UPDATE SET status='sent', sent_at=excluded.sent_at,"
                " message_id=excluded.message_id",
                [
                    (brief_date.isoformat(), r, _utc(now), self._token, _utc(now), message_id)
                    for r in dict.fromkeys(recipients)
                ],
            )

    def release(self, brief_date: date, recipients: Iterable[str]) -> None:
        """A send failed: free this ledger's claims so a later run may try again.

        A recipient sent to before (and claimed again with ``force``) goes back to "sent".
        """
        rows = [(brief_date.isoformat(), r, self._token) for r in dict.fromkeys(recipients)]
        with self._transaction():
            self._db.executemany(
                "UPDATE sends SET status='sent' WHERE brief_date=? AND recipient=?"
                " AND claimed_by=? AND status='claimed' AND sent_at IS NOT NULL",
                rows,
            )
            self._db.executemany(
                "DELETE FROM sends WHERE brief_date=? AND recipient=? AND claimed_by=?"
                " AND status='claimed'",
                rows,
            )

    def unconfirmed(self, brief_date: date, recipients: Iterable[str]) -> dict[str, datetime]:
        """Of ``recipients``, those another run claimed and never confirmed, with when.

        A run killed mid-send (``kill -9``, a power cut) leaves its claim: the message may or
        may not have gone out. The claim is taken over once it is ``stale_after`` old.
        """
        found: dict[str, datetime] = {}
        for recipient in dict.fromkeys(recipients):
            row = self._db.execute(
                "SELECT claimed_at FROM sends WHERE brief_date=? AND recipient=?"
                " AND status='claimed'",
                (brief_date.isoformat(), recipient),
            ).fetchone()
            if row is not None:
                found[recipient] = _parse(row[0])
        return found

    def sent_to(self, brief_date: date) -> list[str]:
        """Who has been sent the brief of ``brief_date``, sorted."""
        rows = self._db.execute(
            "SELECT recipient FROM sends WHERE brief_date=? AND sent_at IS NOT NULL"
            " ORDER BY recipient",
            (brief_date.isoformat(),),
        )
        return [row[0] for row in rows]
