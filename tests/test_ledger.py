"""The send ledger: claims are exclusive, even across processes; briefs are remembered."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import DeliveryError
from briefing.ledger import SCHEMA_VERSION, SentLedger

DAY = date(2024, 3, 14)
NOW = datetime(2024, 3, 14, 7, 0, tzinfo=UTC)
RECIPIENTS = [f"reader{n}@example.org" for n in range(20)]


def test_a_second_claim_for_the_same_day_gets_nobody(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        assert ledger.claim(DAY, ["a@x.org", "b@x.org"], now=NOW) == ["a@x.org", "b@x.org"]
        ledger.mark_sent(DAY, ["a@x.org", "b@x.org"], "<id@x.org>", now=NOW)
        assert ledger.claim(DAY, ["a@x.org", "b@x.org", "c@x.org"], now=NOW) == ["c@x.org"]
        assert ledger.sent_to(DAY) == ["a@x.org", "b@x.org"]
        assert ledger.claim(DAY + timedelta(days=1), ["a@x.org"], now=NOW) == ["a@x.org"]


def test_a_released_claim_can_be_taken_again(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        ledger.claim(DAY, ["a@x.org"], now=NOW)
        assert ledger.claim(DAY, ["a@x.org"], now=NOW) == []
        ledger.release(DAY, ["a@x.org"])
        assert ledger.claim(DAY, ["a@x.org"], now=NOW) == ["a@x.org"]


def test_a_stale_claim_from_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        ledger.claim(DAY, ["a@x.org"], now=NOW)
        assert ledger.claim(DAY, ["a@x.org"], now=NOW + timedelta(minutes=30)) == []
        assert ledger.claim(DAY, ["a@x.org"], now=NOW + timedelta(hours=2)) == ["a@x.org"]


def test_force_claims_even_what_was_sent(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        ledger.claim(DAY, ["a@x.org"], now=NOW)
        ledger.mark_sent(DAY, ["a@x.org"], "<id@x.org>", now=NOW)
        assert ledger.claim(DAY, ["a@x.org"], now=NOW, force=True) == ["a@x.org"]


def _claim_when_told(path: str, go: Any, queue: Any) -> None:
    with SentLedger(Path(path)) as ledger:
        go.wait(30)
        queue.put(ledger.claim(DAY, RECIPIENTS, now=NOW))


def test_processes_claiming_at_once_claim_each_recipient_exactly_once(tmp_path: Path) -> None:
    path = str(tmp_path / "sent.sqlite3")
    SentLedger(Path(path)).close()
    # fork: the children need no fresh interpreter, which keeps this test under a second.
    context = multiprocessing.get_context("fork")
    go, queue = context.Event(), context.Queue()
    workers = [context.Process(target=_claim_when_told, args=(path, go, queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    go.set()
    claims = [queue.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    claimed = [address for claim in claims for address in claim]
    assert sorted(claimed) == sorted(RECIPIENTS)


def test_threads_with_their_own_connections_claim_disjointly(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite3"
    SentLedger(path).close()
    runs = 6
    start = threading.Barrier(runs)
    claims: list[list[str]] = [[] for _ in range(runs)]

    def claim(index: int) -> None:
        with SentLedger(path) as ledger:
            start.wait(timeout=30)
            claims[index] = ledger.claim(DAY, RECIPIENTS, now=NOW)

    threads = [threading.Thread(target=claim, args=(index,)) for index in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    claimed = [address for claim in claims for address in claim]
    assert sorted(claimed) == sorted(RECIPIENTS)


def test_a_claim_made_in_another_time_zone_goes_stale_after_the_same_hour(
    tmp_path: Path,
) -> None:
    summer = timezone(timedelta(hours=2))
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        ledger.claim(DAY, ["a@x.org"], now=NOW.astimezone(summer))
        assert ledger.claim(DAY, ["a@x.org"], now=NOW + timedelta(minutes=59)) == []
        assert ledger.claim(DAY, ["a@x.org"], now=NOW + timedelta(minutes=61)) == ["a@x.org"]


def test_a_failed_forced_resend_leaves_the_recipient_sent(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        ledger.claim(DAY, ["a@x.org"], now=NOW)
        ledger.mark_sent(DAY, ["a@x.org"], "<id@x.org>", now=NOW)
        assert ledger.claim(DAY, ["a@x.org"], now=NOW, force=True) == ["a@x.org"]
        ledger.release(DAY, ["a@x.org"])
        assert ledger.sent_to(DAY) == ["a@x.org"]
        assert ledger.claim(DAY, ["a@x.org"], now=NOW) == []


def test_a_run_releases_only_its_own_claims(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite3"
    with SentLedger(path) as slow, SentLedger(path) as later:
        slow.claim(DAY, ["a@x.org"], now=NOW)
        # The first run hangs past the stale limit; a later run takes the claim over.
        assert later.claim(DAY, ["a@x.org"], now=NOW + timedelta(hours=2)) == ["a@x.org"]
        slow.release(DAY, ["a@x.org"])
        assert later.claim(DAY, ["a@x.org"], now=NOW + timedelta(hours=2)) == []


def test_claim_keeps_the_given_order_and_drops_repeats(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        assert ledger.claim(DAY, ["c@x.org", "a@x.org", "c@x.org"], now=NOW) == [
            "c@x.org",
            "a@x.org",
        ]


def test_a_claim_never_confirmed_is_reported_with_its_time(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as killed:
        killed.claim(DAY, ["a@x.org", "b@x.org"], now=NOW)
        killed.mark_sent(DAY, ["b@x.org"], "<id@x.org>", now=NOW)
    with SentLedger(tmp_path / "sent.sqlite3") as rerun:
        assert rerun.claim(DAY, ["a@x.org", "b@x.org"], now=NOW) == []
        assert rerun.unconfirmed(DAY, ["a@x.org", "b@x.org"]) == {"a@x.org": NOW}


def test_the_ledger_uses_wal(tmp_path: Path) -> None:
    SentLedger(tmp_path / "sent.sqlite3").close()
    with sqlite3.connect(tmp_path / "sent.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_schema_is_versioned_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite3"
    SentLedger(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(DeliveryError, match="newer briefing"):
        SentLedger(path)


def test_a_version_1_ledger_is_migrated_and_keeps_its_sends(tmp_path: Path) -> None:
    path = tmp_path / "sent.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE sends (brief_date TEXT NOT NULL, recipient TEXT NOT NULL,"
            " status TEXT NOT NULL, claimed_at TEXT NOT NULL, sent_at TEXT, message_id TEXT,"
            " PRIMARY KEY (brief_date, recipient));"
            "CREATE TABLE briefs (brief_date TEXT PRIMARY KEY, generated_at TEXT NOT NULL,"
            " articles TEXT NOT NULL, incidents TEXT NOT NULL);"
            "INSERT INTO sends VALUES ('2024-03-14', 'a@x.org', 'sent',"
            " '2024-03-14T07:00:00+00:00', '2024-03-14T07:00:00+00:00', '<id@x.org>');"
            "PRAGMA user_version=1;"
        )
    with SentLedger(path) as ledger:
        assert ledger.sent_to(DAY) == ["a@x.org"]
        assert ledger.claim(DAY, ["a@x.org", "b@x.org"], now=NOW) == ["b@x.org"]


def test_an_unwritable_place_is_a_delivery_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(DeliveryError, match="send ledger"):
        SentLedger(tmp_path / "file" / "sent.sqlite3")
