"""The private store: one SQLite file in ``WIJKPOST_HOME`` for drafts, the publish journal and later
the digest. Private to one person (drafts are not public, the digest holds residents' data), so the
file is created 0600. WAL lets a `collect` from cron and an interactive command work side by side.

The schema only changes through the named, ordered migrations below; each is recorded in the
database, and a database written by a newer wijkpost is refused instead of being misread.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from wijkpost import paths
from wijkpost.errors import StoreError

DB_NAME = "wijkpost.sqlite3"

# (name, SQL). Append only: never edit or reorder a migration that has shipped.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_drafts_and_journal",
        """
        CREATE TABLE drafts (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            uid          TEXT NOT NULL UNIQUE,
            author       TEXT NOT NULL,
            profile      TEXT NOT NULL,
            title        TEXT,
            body         TEXT NOT NULL,
            tags         TEXT NOT NULL DEFAULT '[]',   -- JSON list of tag names
            targets      TEXT NOT NULL DEFAULT '[]',   -- JSON list of account/site names
            images       TEXT NOT NULL DEFAULT '[]',   -- JSON list of {path, alt, type, size}
            fit          TEXT,                         -- thread | link | refuse; NULL: profile's
            scheduled_at TEXT,                         -- UTC ISO; NULL: whenever published
            not_before   TEXT,                         -- UTC ISO; set when waiting for office hours
            reply_to     TEXT,
            status       TEXT NOT NULL DEFAULT 'draft',-- draft | queued | publishing | published
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            published_at TEXT
        );
        CREATE INDEX drafts_status ON drafts(status);

        -- One row per (draft, target, part), written before the remote call. The idempotency key
        -- goes with the call; a row left in 'sending' means the outcome is unknown and must be
        -- reconciled before anything is sent again.
        CREATE TABLE journal (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            draft_id        INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            target          TEXT NOT NULL,
            part            INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            content         TEXT NOT NULL,
            -- pending | sending | done | failed | skipped
            state           TEXT NOT NULL DEFAULT 'pending',
            remote_id       TEXT,
            url             TEXT,
            error           TEXT,
            attempts        INTEGER NOT NULL DEFAULT 0,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            UNIQUE (draft_id, target, part)
        );
        """,
    ),
    (
        "0002_digest",
        """
        -- What residents said to and about our work accounts and neighbourhood. Personal data:
        -- private to one person, masked on output, deleted after privacy.retention_days.
        CREATE TABLE items (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            key           TEXT NOT NULL UNIQUE,          -- network:account:remote id (de-dup)
            source        TEXT NOT NULL,                 -- mastodon-wijk:mentions, feed:gemeente
            network       TEXT NOT NULL,                 -- mastodon | twitter | feed
            account       TEXT,                          -- the receiving account (none for feeds)
            profile       TEXT,                          -- author/profile that received it
            remote_id     TEXT,
            author_handle TEXT,
            author_name   TEXT,
            text          TEXT NOT NULL,
            masked        TEXT NOT NULL,                 -- text with personal data masked
            links         TEXT NOT NULL DEFAULT '[]',
            attachments   TEXT NOT NULL DEFAULT '[]',
            url           TEXT,
            answers       TEXT,                          -- remote id of our post it answers
            created_at    TEXT NOT NULL,                 -- the item's own time, UTC ISO
            collected_at  TEXT NOT NULL,
            off_duty      INTEGER NOT NULL DEFAULT 0,    -- arrived outside office hours
            tags          TEXT NOT NULL DEFAULT '[]',
            state         TEXT NOT NULL DEFAULT 'new',   -- new | done | forwarded
            state_at      TEXT,
            forwarded_to  TEXT,
            note          TEXT,
            answered_at   TEXT                           -- when our first answer went out
        );
        CREATE INDEX items_created ON items(created_at);
        CREATE INDEX items_state ON items(state, created_at);

        -- Every change of an item, and every reveal of its unmasked text.
        CREATE TABLE item_events (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            at      TEXT NOT NULL,
            what    TEXT NOT NULL,  -- collected, tagged, done, forwarded, revealed, answered
            detail  TEXT
        );
        CREATE INDEX item_events_item ON item_events(item_id);

        -- Where each source stopped: saved per page, so a crash loses nothing.
        CREATE TABLE cursors (
            source     TEXT PRIMARY KEY,
            value      TEXT,
            etag       TEXT,
            modified   TEXT,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);

        -- A reply written from the digest remembers the item it answers.
        ALTER TABLE drafts ADD COLUMN item_id INTEGER REFERENCES items(id) ON DELETE SET NULL;
        """,
    ),
    (
        "0003_draft_project",
        """
        -- The folder of the wijkpost.yaml a draft was written in: one person's store holds the
        -- drafts of all their projects, and a draft goes only to its own project's targets.
        -- NULL for drafts written before this, which any project may still publish.
        ALTER TABLE drafts ADD COLUMN project TEXT;
        """,
    ),
    (
        "0004_journal_maybe_out",
        """
        -- Whether a part may be out although its state does not say so: a try whose outcome was
        -- unknown (a timeout, a dropped connection) came before a refusal, or before the user
        -- skipped it. Such a part is looked for before it is sent again, and its draft no longer
        -- changes. Rows from before this are taken as out when they may have been.
        ALTER TABLE journal ADD COLUMN maybe_out INTEGER NOT NULL DEFAULT 0;
        UPDATE journal SET maybe_out = 1 WHERE state = 'skipped'
            OR (state = 'failed' AND attempts > 1);
        """,
    ),
]


class Store:
    """A connection to the private database. Use as a context manager or call close()."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = os.fspath(path) if path else os.path.join(paths.home_dir(), DB_NAME)
        os.makedirs(os.path.dirname(self.path) or ".", mode=0o700, exist_ok=True)
        paths.private_file(self.path)  # 0600 before SQLite writes a byte
        try:
            # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE), so a
            # writer never deadlocks half-way through upgrading a read lock.
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 30000")
        # Read through a memory map, not a read() per page: a digest of thousands of items
        # visits thousands of pages (a quarter of its query time). Reads only; a no-op where
        # the platform has no mmap.
        self.db.execute("PRAGMA mmap_size = 268435456")
        try:
            # Switching to WAL needs a moment alone with the file; once it is WAL, it stays.
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: say so
            raise StoreError(f"{self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a wijkpost database ({exc})") from None
        self._migrate()
        for suffix in ("-wal", "-shm"):  # SQLite creates these with the umask; keep them private
            if os.path.exists(self.path + suffix):
                os.chmod(self.path + suffix, 0o600)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        # Under the write lock even when nothing is missing: after a crash the first writer also
        # recovers the WAL. A transaction that writes nothing costs no fsync.
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS migrations ("
                       "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT "
                       "(strftime('%Y-%m-%dT%H:%M:%SZ','now')))")
            applied = {row[0] for row in db.execute("SELECT name FROM migrations")}
            known = {name for name, _ in MIGRATIONS}
            newer = applied - known
            if newer:
                raise StoreError(
                    f"{self.path}: de database is bijgewerkt door een nieuwere wijkpost "
                    f"({', '.join(sorted(newer))}); werk wijkpost bij"
                )
            missing = [(name, sql) for name, sql in MIGRATIONS if name not in applied]
            for name, sql in missing:
                # executescript would COMMIT our transaction; run the statements one by one.
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
            if missing:
                db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]


def _statements(sql: str) -> Iterator[str]:
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer
