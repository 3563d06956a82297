"""The publish journal: one row per (draft, target, part), written before any remote call.

States: ``pending`` (not sent yet, or sending failed in a way worth retrying), ``sending`` (a call
was started; if we find a row in this state, the outcome is unknown and the channel must look
before sending again), ``done``, ``failed`` (refused by the service: tried again by the next
`publish ID`, not by cron) and ``skipped`` (given up on by the user with `publish --skip`).
``maybe_out`` marks a failed or skipped part that an earlier try of unknown outcome may have put
out after all.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from wijkpost.store import Store
from wijkpost.timeutil import now_utc, utc_iso


@dataclass(frozen=True)
class Row:
    id: int
    draft_id: int
    target: str
    part: int
    idempotency_key: str
    content: dict[str, Any]
    state: str
    remote_id: str | None
    url: str | None
    error: str | None
    attempts: int
    created_at: str
    updated_at: str
    maybe_out: bool = False

    @property
    def out(self) -> bool:
        """Whether the part is, or may be, on the service."""
        return self.state in ("done", "sending") or self.maybe_out

    def error_text(self) -> str | None:
        """What went wrong, in the reader's language (and nothing a terminal would obey)."""
        from wijkpost.i18n import kept
        from wijkpost.printable import printable

        return printable(kept(self.error)) if self.error else None

    def as_dict(self) -> dict[str, Any]:
        # The content is left out on purpose: status output should not repeat the whole post.
        return {"target": self.target, "part": self.part, "state": self.state,
                "remote_id": self.remote_id, "url": self.url, "error": self.error_text(),
                "attempts": self.attempts, "updated_at": self.updated_at}


def _row(r: sqlite3.Row) -> Row:
    return Row(id=r["id"], draft_id=r["draft_id"], target=r["target"], part=r["part"],
               idempotency_key=r["idempotency_key"], content=json.loads(r["content"]),
               state=r["state"], remote_id=r["remote_id"], url=r["url"], error=r["error"],
               attempts=r["attempts"], created_at=r["created_at"], updated_at=r["updated_at"],
               maybe_out=bool(r["maybe_out"]))


def rows(store: Store, draft_id: int, target: str | None = None) -> list[Row]:
    query = "SELECT * FROM journal WHERE draft_id = ?"
    args: list[Any] = [draft_id]
    if target is not None:
        query += " AND target = ?"
        args.append(target)
    return [_row(r) for r in store.db.execute(query + " ORDER BY target, part", args)]


def plan(store: Store, draft_id: int, target: str, contents: list[dict[str, Any]]) -> list[Row]:
    """Write the rows of a target once; a re-run keeps the first plan (and its keys and text),
    so a retry sends exactly what the first attempt meant to send."""
    with store.transaction() as db:
        existing = db.execute("SELECT COUNT(*) FROM journal WHERE draft_id = ? AND target = ?",
                              (draft_id, target)).fetchone()[0]
        if not existing:
            now = utc_iso(now_utc())
            db.executemany(
                "INSERT INTO journal (draft_id, target, part, idempotency_key, content, state,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                [(draft_id, target, n, uuid.uuid4().hex, json.dumps(c, ensure_ascii=False),
                  now, now) for n, c in enumerate(contents, start=1)],
            )
    return rows(store, draft_id, target)


def mark(store: Store, row: Row, state: str, *, remote_id: str | None = None,
         url: str | None = None, error: str | None = None, attempt: bool = False,
         maybe_out: bool = False) -> None:
    """Record a part's state; ``maybe_out`` once set stays (only a new plan forgets it)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE journal SET state = ?, remote_id = COALESCE(?, remote_id),"
            " url = COALESCE(?, url), error = ?, attempts = attempts + ?, updated_at = ?,"
            " maybe_out = MAX(maybe_out, ?) WHERE id = ?",
            (state, remote_id, url, error, int(attempt), utc_iso(now_utc()), int(maybe_out),
             row.id),
        )


def taken(store: Store, target: str) -> set[str]:
    """The remote ids of every part already done on ``target``, of any draft."""
    return {r[0] for r in store.db.execute(
        "SELECT remote_id FROM journal WHERE target = ? AND state = 'done'"
        " AND remote_id IS NOT NULL", (target,))}


def skip(store: Store, draft_id: int, target: str) -> None:
    """Give up on what is left of ``target``."""
    with store.transaction() as db:
        # (a part whose try had an unknown outcome may be out: that stays known)
        db.execute("UPDATE journal SET state = 'skipped', updated_at = ?,"
                   " maybe_out = MAX(maybe_out, state = 'sending') WHERE draft_id = ?"
                   " AND target = ? AND state NOT IN ('done', 'skipped')",
                   (utc_iso(now_utc()), draft_id, target))


def nothing_out(store: Store, draft_id: int) -> bool:
    """Whether no part of the draft is (or may be) anywhere: none done, none of unknown outcome
    (a refused or skipped part is not out, unless a try before may have arrived)."""
    found = store.db.execute(
        "SELECT 1 FROM journal WHERE draft_id = ? AND (state IN ('done', 'sending')"
        " OR maybe_out) LIMIT 1", (draft_id,)).fetchone()
    return found is None
