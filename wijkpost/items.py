"""Digest items: what residents said, normalised the same way for every source.

Stored with their original text (the store is private, 0600); masked on the way out by
:mod:`wijkpost.privacy`, unless revealed on purpose (and then the reveal is recorded).
"""

# (annotations as written, not as text: see wijkpost.config)
import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from wijkpost.errors import InputError, NotFoundError
from wijkpost.i18n import t
from wijkpost.store import Store
from wijkpost.timeutil import from_utc_iso, now_utc, utc_iso, utc_iso_precise

STATES = ("new", "done", "forwarded")


class NewItem(NamedTuple):
    """An item as a collector found it, before it is stored."""

    key: str
    source: str
    network: str
    text: str
    created_at: datetime
    account: str | None = None
    profile: str | None = None
    remote_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    links: Sequence[str] = ()
    attachments: Sequence[str] = ()
    url: str | None = None
    answers: str | None = None


class Item(NamedTuple):
    id: int
    source: str
    network: str
    account: str | None
    profile: str | None
    remote_id: str | None
    author_handle: str | None
    author_name: str | None
    text: str
    masked: str
    links: tuple[str, ...]
    attachments: tuple[str, ...]
    url: str | None
    answers: str | None
    created_at: datetime
    collected_at: datetime
    off_duty: bool
    tags: tuple[str, ...]
    state: str
    state_at: datetime | None
    forwarded_to: str | None
    note: str | None
    answered_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return utc_iso(moment) if moment else None

        return {
            "id": self.id, "source": self.source, "network": self.network,
            "account": self.account, "profile": self.profile, "remote_id": self.remote_id,
            "author_handle": self.author_handle, "author_name": self.author_name,
            "text": self.text, "links": list(self.links),
            "attachments": list(self.attachments),
            "url": self.url, "answers": self.answers, "created_at": iso(self.created_at),
            "collected_at": iso(self.collected_at), "off_duty": self.off_duty,
            "tags": list(self.tags), "state": self.state, "state_at": iso(self.state_at),
            "forwarded_to": self.forwarded_to, "note": self.note,
            "answered_at": iso(self.answered_at),
        }


def _item(row: sqlite3.Row) -> Item:
    def when(key: str) -> datetime | None:
        return from_utc_iso(row[key]) if row[key] else None

    return Item(
        id=row["id"], source=row["source"], network=row["network"], account=row["account"],
        profile=row["profile"], remote_id=row["remote_id"], author_handle=row["author_handle"],
        author_name=row["author_name"], text=row["text"], masked=row["masked"],
        links=tuple(json.loads(row["links"])),
        attachments=tuple(json.loads(row["attachments"])), url=row["url"],
        answers=row["answers"], created_at=from_utc_iso(row["created_at"]),
        collected_at=from_utc_iso(row["collected_at"]), off_duty=bool(row["off_duty"]),
        tags=tuple(json.loads(row["tags"])), state=row["state"], state_at=when("state_at"),
        forwarded_to=row["forwarded_to"], note=row["note"], answered_at=when("answered_at"),
    )


def add(db: sqlite3.Connection, item: NewItem, *, tags: list[str], off_duty: bool) -> bool:
    """Store an item unless it is already there (same network, account and remote id: a
    mention that is also a reply arrives twice). Returns whether it was new. Runs inside the
    caller's transaction, so items and the source's cursor are saved together."""
    from wijkpost.privacy import redact

    now = utc_iso_precise(now_utc())
    # Masked once, here: every view reads the masked text, so showing a digest of thousands of
    # items does not scan each of them again.
    cursor = db.execute(
        "INSERT OR IGNORE INTO items (key, source, network, account, profile, remote_id,"
        " author_handle, author_name, text, masked, links, attachments, url, answers,"
        " created_at, collected_at, off_duty, tags)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (item.key, item.source, item.network, item.account, item.profile, item.remote_id,
         item.author_handle, item.author_name, item.text, redact(item.text),
         json.dumps(item.links),
         json.dumps(item.attachments), item.url, item.answers, utc_iso(item.created_at), now,
         int(off_duty), json.dumps(tags)),
    )
    if cursor.rowcount:
        db.execute("INSERT INTO item_events (item_id, at, what, detail) VALUES (?, ?, ?, ?)",
                   (cursor.lastrowid, now, "collected", item.source))
        return True
    if item.answers:  # the second sighting may know which of our posts it answers
        db.execute("UPDATE items SET answers = COALESCE(answers, ?) WHERE key = ?",
                   (item.answers, item.key))
    return False


def get(store: Store, item_id: int) -> Item:
    row = store.db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise NotFoundError(t("digest.not_found", id=item_id))
    return _item(row)


class Filter(NamedTuple):
    since: datetime | None = None
    tag: str | None = None
    state: str | None = None
    account: str | None = None
    month: tuple[datetime, datetime] | None = None
    collected_after: str | None = None  # UTC ISO


def _where(where: Filter, columns: str = "*") -> tuple[str, list[Any]]:
    sql, args = f"SELECT {columns} FROM items WHERE 1=1", []
    if where.since:
        sql += " AND created_at >= ?"
        args.append(utc_iso(where.since))
    if where.month:
        sql += " AND created_at >= ? AND created_at < ?"
        args += [utc_iso(where.month[0]), utc_iso(where.month[1])]
    if where.state:
        sql += " AND state = ?"
        args.append(where.state)
    if where.account:
        sql += " AND account = ?"
        args.append(where.account)
    if where.tag:
        # Tags are a small JSON list per item; the quoted name cannot match a longer tag.
        sql += " AND tags LIKE ? ESCAPE '\\'"
        literal = where.tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args.append(f'%"{literal}"%')  # "%" or "_" in --tag is a character, not a wildcard
    if where.collected_after:
        sql += " AND collected_at > ?"
        args.append(where.collected_after)
    return sql + " ORDER BY created_at DESC, id DESC", args


def query(store: Store, where: Filter) -> list[Item]:
    sql, args = _where(where)
    return [_item(r) for r in store.db.execute(sql, args)]


VIEW_COLUMNS = ("id", "source", "network", "account", "profile", "remote_id", "author_handle",
                "author_name", "masked", "links", "attachments", "url", "answers", "created_at",
                "collected_at", "off_duty", "tags", "state", "state_at", "forwarded_to", "note",
                "answered_at")


def query_rows(store: Store, where: Filter, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The ``columns`` (of :data:`VIEW_COLUMNS`) of the matching items as tuples, the fastest
    rows sqlite3 makes: the terminal digest of thousands of items is read this way."""
    unknown = set(columns) - set(VIEW_COLUMNS)
    if unknown:
        raise ValueError(f"not a view column: {', '.join(sorted(unknown))}")
    sql, args = _where(where, ", ".join(columns))
    cursor = store.db.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, args).fetchall()


def query_views(store: Store, where: Filter, columns: Sequence[str] = VIEW_COLUMNS
                ) -> list[dict[str, Any]]:
    """Items as plain dicts with the masked text (as ``text``), straight from the rows, without
    building an :class:`Item` for each. ``columns`` (a subset of :data:`VIEW_COLUMNS`) are the
    keys each dict gets."""
    keys = tuple("text" if c == "masked" else c for c in columns)
    lists = [c for c in ("tags", "links", "attachments") if c in columns]
    parsed: dict[str, list[str]] = {"[]": []}  # the same few tag lists come back again and again
    views = []
    for row in query_rows(store, where, columns):
        # (not strict=True: the row has these columns by construction, and checking costs
        # a third of making the dict)
        view = dict(zip(keys, row))  # noqa: B905
        for key in lists:
            text = view[key]
            known = parsed.get(text)
            if known is None:
                known = parsed[text] = json.loads(text)
            view[key] = known  # shared between views: masking replaces a list, never edits it
        if "off_duty" in view:
            view["off_duty"] = bool(view["off_duty"])
        views.append(view)
    return views


def _event(db: sqlite3.Connection, item_id: int, what: str, detail: str | None = None) -> None:
    db.execute("INSERT INTO item_events (item_id, at, what, detail) VALUES (?, ?, ?, ?)",
               (item_id, utc_iso(now_utc()), what, detail))


def set_state(store: Store, item_ids: list[int], state: str, *, to: str | None = None,
              note: str | None = None) -> list[Item]:
    if state not in STATES:
        raise InputError(t("config.choice", value=state, choices=", ".join(STATES)))
    items = [get(store, i) for i in item_ids]  # every id must exist before anything changes
    now = utc_iso(now_utc())
    with store.transaction() as db:
        for item in items:
            db.execute("UPDATE items SET state = ?, state_at = ?, forwarded_to = ?, note = ?"
                       " WHERE id = ?", (state, now, to, note, item.id))
            _event(db, item.id, state, to)
    return [get(store, i) for i in item_ids]


def add_tag(store: Store, item_id: int, tag: str) -> Item:
    item = get(store, item_id)
    tags = [x for x in item.tags if x != "untagged"]
    if tag not in tags:
        tags.append(tag)
    with store.transaction() as db:
        db.execute("UPDATE items SET tags = ? WHERE id = ?", (json.dumps(tags), item_id))
        _event(db, item_id, "tagged", tag)
    return get(store, item_id)


def record_reveal(store: Store, item_id: int) -> None:
    with store.transaction() as db:
        _event(db, item_id, "revealed")


def mark_answered(store: Store, item_id: int) -> None:
    with store.transaction() as db:
        db.execute("UPDATE items SET answered_at = COALESCE(answered_at, ?) WHERE id = ?",
                   (utc_iso(now_utc()), item_id))
        _event(db, item_id, "answered")


def events(store: Store, item_id: int) -> list[dict[str, str | None]]:
    rows = store.db.execute("SELECT at, what, detail FROM item_events WHERE item_id = ?"
                            " ORDER BY rowid", (item_id,))
    return [{"at": r["at"], "what": r["what"], "detail": r["detail"]} for r in rows]


def purge(store: Store, retention_days: int, *, now: datetime | None = None) -> int:
    """Delete items older than the retention period (and their history)."""
    cutoff = (now or now_utc()) - timedelta(days=retention_days)
    with store.transaction() as db:
        cursor = db.execute("DELETE FROM items WHERE created_at < ?", (utc_iso(cutoff),))
    return cursor.rowcount


def get_setting(store: Store, key: str) -> str | None:
    row = store.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_setting(store: Store, key: str, value: str) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key)"
                   " DO UPDATE SET value = excluded.value", (key, value))
