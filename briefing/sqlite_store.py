"""One SQLite file with a versioned schema: what the send ledger and the history share.

WAL mode (a reader never blocks the writer: the preview reads the history while a send
writes), a 30-second wait for a lock, transactions opened explicitly with ``BEGIN IMMEDIATE``
(a failure in one, a full disk or a lock held too long, is the store's error naming the file,
never a bare ``sqlite3`` traceback), and migrations: ``migrations[n]`` takes a file from
``user_version`` n to n + 1; a file written by a newer briefing is refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Self

from briefing.errors import BriefingError


class SqliteStore:
    """Base of the ledger and the history; subclasses say what they are and their schema."""

    #: How messages name the file ("the send ledger").
    kind: ClassVar[str] = "the store"
    #: The error raised when the file cannot be opened.
    error: ClassVar[type[BriefingError]] = BriefingError
    migrations: ClassVar[tuple[str, ...]] = ()
    #: Said after a failure to write (what the user can do).
    hint: ClassVar[str] = ""

    def __init__(self, path: Path, *, timeout: float = 30.0) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we open every transaction ourselves, explicitly.
            self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise self.error(f"cannot open {self.kind} {path}: {error}") from error
        try:
            self._db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise self.error(f"cannot open {self.kind} {path}: {error}") from error
        except BaseException:
            self._db.close()
            raise

    def _migrate(self) -> None:
        latest = len(self.migrations)
        with self._transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > latest:
                raise self.error(
                    f"{self.kind} {self.path} was written by a newer briefing "
                    f"(schema {version}, this one knows {latest}): upgrade briefing"
                )
            for migration in self.migrations[version:]:
                # executescript would commit our transaction: run statement by statement.
                for statement in migration.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={latest}")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front: two runs cannot both read "free"
        # and then both write "claimed"; the second waits (busy_timeout) and then sees it.
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._failed(error) from error
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as error:
            # SQLite may have rolled back already (a full disk): then there is nothing to undo.
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._failed(error) from error
            raise

    def _failed(self, error: sqlite3.Error) -> BriefingError:
        return self.error(f"cannot write {self.kind} {self.path}: {error}{self.hint}")
