"""The send ledger: claims are exclusive, even across processes; briefs are remembered."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from briefing.ledger import SentLedger

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


def _claim_in_process(path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    with SentLedger(Path(path)) as ledger:
        queue.put(ledger.claim(DAY, RECIPIENTS, now=NOW))


def test_two_processes_at_once_claim_each_recipient_once(tmp_path: Path) -> None:
    path = str(tmp_path / "sent.sqlite3")
    SentLedger(Path(path)).close()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_claim_in_process, args=(path, queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    claims = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    claimed = [address for claim in claims for address in claim]
    assert sorted(claimed) == sorted(RECIPIENTS)


def test_last_brief_is_the_latest_before_the_day(tmp_path: Path) -> None:
    with SentLedger(tmp_path / "sent.sqlite3") as ledger:
        assert ledger.last_brief(before=DAY) is None
        for day, articles in ((DAY - timedelta(days=2), ["a"]), (DAY - timedelta(days=1), ["b"])):
            ledger.record_brief(
                day, generated_at=NOW, incidents={"incident-1": articles}, article_ids=articles
            )
        ledger.record_brief(DAY, generated_at=NOW, incidents={}, article_ids=["c"])
        record = ledger.last_brief(before=DAY)
        assert record is not None
        assert record.brief_date == DAY - timedelta(days=1)
        assert record.article_ids == ("b",)
        assert record.incidents == {"incident-1": ("b",)}


def test_the_ledger_uses_wal(tmp_path: Path) -> None:
    import sqlite3

    SentLedger(tmp_path / "sent.sqlite3").close()
    with sqlite3.connect(tmp_path / "sent.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
