"""The private store: 0600, WAL, named migrations, and a newer database refused."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from wijkpost.errors import StoreError
from wijkpost.store import MIGRATIONS, Store


def test_created_private_with_wal(isolated_env: Path) -> None:
    with Store() as store:
        path = Path(store.path)
        assert path.parent == isolated_env
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.db.execute("SELECT 1 FROM drafts").fetchall()  # the schema exists
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600


def test_migrations_recorded_once(isolated_env: Path) -> None:
    with Store() as store:
        first = store.applied_migrations()
    with Store() as store:  # opening again applies nothing twice
        assert store.applied_migrations() == first == [name for name, _ in MIGRATIONS]
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_newer_database_is_refused(isolated_env: Path) -> None:
    with Store() as store:
        store.db.execute("INSERT INTO migrations(name) VALUES ('9999_from_the_future')")
        path = store.path
    with pytest.raises(StoreError, match="nieuwere wijkpost"):
        Store(path)


def test_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "kapot.sqlite3"
    bogus.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(StoreError):
        Store(bogus)


def test_existing_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("env", [
    {"XDG_DATA_HOME": "/srv/data", "HOME": "/home/jasmijn"},
    {"XDG_DATA_HOME": "/srv/data/", "HOME": "/home/jasmijn"},
    {"XDG_DATA_HOME": "relatief/pad", "HOME": "/home/jasmijn"},  # XDG: relative = unset
    {"XDG_DATA_HOME": "", "HOME": "/home/jasmijn/"},
    {"HOME": "/"},
    {"HOME": "relatief"},  # platformdirs then asks the password database
    {},
])
def test_the_data_directory_is_where_platformdirs_puts_it(
        env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from wijkpost.paths import user_data_dir

    for name in ("XDG_DATA_HOME", "HOME", "WIJKPOST_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Path(user_data_dir()) == Path(platformdirs.user_data_dir("wijkpost", appauthor=False))


def test_journal_rows_from_before_maybe_out_are_taken_as_out_when_they_may_be(
        isolated_env: Path) -> None:
    """0004: a skipped part, or a refused one tried more than once, may be out."""
    rows = {"pending": ("pending", 0), "refused": ("failed", 1), "retried": ("failed", 2),
            "skipped": ("skipped", 1), "done": ("done", 1)}
    with Store() as store:
        db = store.db
        db.execute("INSERT INTO drafts (uid, author, profile, body, created_at, updated_at)"
                   " VALUES ('u', 'a', 'p', 'b', 'now', 'now')")
        db.execute("ALTER TABLE journal DROP COLUMN maybe_out")  # as 0003 left it
        db.execute("DELETE FROM migrations WHERE name = '0004_journal_maybe_out'")
        for part, (name, (state, attempts)) in enumerate(rows.items(), start=1):
            db.execute("INSERT INTO journal (draft_id, target, part, idempotency_key, content,"
                       " state, attempts, created_at, updated_at) VALUES (1, ?, ?, ?, '{}', ?,"
                       " ?, 'now', 'now')", (name, part, name, state, attempts))
        path = store.path
    with Store(path) as store:
        found = dict(store.db.execute("SELECT target, maybe_out FROM journal").fetchall())
    assert found == {"pending": 0, "refused": 0, "retried": 1, "skipped": 1, "done": 0}
