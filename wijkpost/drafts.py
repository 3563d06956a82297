"""Drafts: written once, owned by one profile, kept in the private store until published."""

# (annotations as written, not as text: see wijkpost.config)
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from wijkpost import paths
from wijkpost.config import Config, Profile
from wijkpost.errors import InputError, NotFoundError, RefusedError
from wijkpost.i18n import number, t
from wijkpost.identity import goes_out, resolve_targets
from wijkpost.media import Image, alt_required, check_image, keep_copy
from wijkpost.printable import printable
from wijkpost.store import Store
from wijkpost.timeutil import from_utc_iso, now_utc, utc_iso

if TYPE_CHECKING:
    from pathlib import Path

STATUSES = ("draft", "queued", "publishing", "published")


class Draft(NamedTuple):
    id: int
    uid: str
    author: str
    profile: str
    title: str | None
    body: str
    tags: tuple[str, ...]
    targets: tuple[str, ...]
    images: tuple[Image, ...]
    fit: str | None
    scheduled_at: datetime | None
    not_before: datetime | None
    reply_to: str | None
    item_id: int | None
    status: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    project: str | None = None  # the folder of its wijkpost.yaml (None: from before that)

    @property
    def profile_key(self) -> str:
        return f"{self.author}/{self.profile}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "uid": self.uid, "author": self.author, "profile": self.profile,
            "title": self.title, "body": self.body, "tags": list(self.tags),
            "targets": list(self.targets), "images": [i.as_dict() for i in self.images],
            "fit": self.fit, "reply_to": self.reply_to, "item": self.item_id,
            "status": self.status,
            "scheduled_at": _iso(self.scheduled_at), "not_before": _iso(self.not_before),
            "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
            "published_at": _iso(self.published_at),
        }


class DraftInput(NamedTuple):
    """What a user gives for a new draft or an edit, before checks."""

    body: str
    title: str | None = None
    targets: Sequence[str] = ()
    tags: Sequence[str] = ()
    images: "Sequence[tuple[Path, str]]" = ()  # (file, alt text)
    scheduled_at: datetime | None = None
    fit: str | None = None
    reply_to: str | None = None
    item_id: int | None = None  # the digest item a reply answers


def _iso(moment: datetime | None) -> str | None:
    return utc_iso(moment) if moment else None


def _from_row(row: sqlite3.Row) -> Draft:
    def when(key: str) -> datetime | None:
        return from_utc_iso(row[key]) if row[key] else None

    return Draft(
        id=row["id"], uid=row["uid"], author=row["author"], profile=row["profile"],
        title=row["title"], body=row["body"], tags=tuple(json.loads(row["tags"])),
        targets=tuple(json.loads(row["targets"])),
        images=tuple(Image(**i) for i in json.loads(row["images"])),
        fit=row["fit"], scheduled_at=when("scheduled_at"), not_before=when("not_before"),
        reply_to=row["reply_to"], item_id=row["item_id"], status=row["status"],
        created_at=from_utc_iso(row["created_at"]), updated_at=from_utc_iso(row["updated_at"]),
        published_at=when("published_at"), project=row["project"],
    )


def media_dir(uid: str) -> "Path":
    return paths.home() / "media" / uid


# A long article for the site is some 20,000 characters; X takes a thread of at most 999 parts.
MAX_BODY = 100_000
MAX_TITLE = 300  # a page title and every feed entry's


def blank(text: str) -> bool:
    """Nothing a reader would see: spaces, and the invisible format characters (zero-width
    space and joiners, soft hyphen, direction marks) a paste can bring along."""
    import unicodedata

    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def _normalise(config: Config, profile: Profile, given: DraftInput, uid: str
               ) -> dict[str, Any]:
    """Check a draft's fields against the profile; copy its images into the store."""
    # Control characters (a vertical tab pasted from a word processor, an escape sequence) mean
    # nothing to a reader and make the site's feeds invalid XML.
    body = printable(given.body).strip("\n")
    if blank(body):
        body = ""
    # A title is one line (a page's <title>, a row of `draft list`): a line break is a space.
    title = " ".join(printable(given.title or "").split()) or None
    if title and blank(title):
        title = None
    if not body and not title:
        raise InputError(t("draft.empty"))
    if len(body) > MAX_BODY:  # a file piped in by mistake, not an update for the neighbourhood
        raise InputError(t("draft.too_long", limit=number(MAX_BODY)))
    if title and len(title) > MAX_TITLE:
        raise InputError(t("draft.title_too_long", length=len(title), limit=MAX_TITLE))
    requested = given.targets
    if given.reply_to:
        from wijkpost.identity import reply_targets

        requested = reply_targets(config, profile, given.reply_to, requested)
    resolved = resolve_targets(config, profile, requested)
    targets = [x.name for x in resolved]
    tags = _tags(given.tags)
    images = []
    for source, alt in given.images:
        if source.parent == media_dir(uid):  # already the draft's own copy (an edit)
            kept = source
            mime, _, size = check_image(source)
        else:
            kept, mime, size = keep_copy(source.expanduser(), media_dir(uid))
        alt = printable(alt).strip()
        if blank(alt):  # "--alt ''" is no description; say so now, not when publishing
            alt = ""
            needs = next((x for x in resolved if alt_required(config, profile, x.network)), None)
            if needs:
                raise InputError(t("media.alt_missing", name=source.name, target=needs.name))
        images.append(Image(path=str(kept), alt=alt, type=mime, size=size,
                            name=source.name).as_dict())
    return {
        "title": title, "body": body,
        "tags": json.dumps(tags), "targets": json.dumps(targets),
        "images": json.dumps(images), "fit": given.fit,
        "scheduled_at": _iso(given.scheduled_at), "reply_to": given.reply_to,
    }


def create(store: Store, config: Config, profile: Profile, given: DraftInput) -> Draft:
    import uuid

    uid = uuid.uuid4().hex
    fields = _normalise(config, profile, given, uid)
    now = utc_iso(now_utc())
    # A draft with a time set is queued: `publish --due` sends it when that time comes.
    status = "queued" if given.scheduled_at else "draft"
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO drafts (uid, author, profile, title, body, tags, targets, images, fit,"
            " scheduled_at, reply_to, item_id, status, created_at, updated_at, project)"
            " VALUES (:uid, :author, :profile, :title, :body, :tags, :targets, :images, :fit,"
            " :scheduled_at, :reply_to, :item_id, :status, :now, :now, :project)",
            {**fields, "uid": uid, "author": profile.author, "profile": profile.name,
             "status": status, "now": now, "item_id": given.item_id,
             "project": project_of(config)},
        )
        draft_id = cursor.lastrowid
    assert draft_id is not None
    return get(store, draft_id)


def hat_of(config: Config, draft: Draft) -> Profile | None:
    """The profile a draft was written under, if the configuration still has it."""
    author = config.authors.get(draft.author)
    return author.profiles.get(draft.profile) if author else None


def project_of(config: Config) -> str:
    """The project a draft belongs to: the folder of the wijkpost.yaml it was written under
    (already resolved by :func:`wijkpost.config.find_config`)."""
    return os.path.dirname(config.file)


def get(store: Store, draft_id: int, config: Config | None = None) -> Draft:
    """Draft ``draft_id``; with ``config``, only if it belongs to that project: a draft written
    for one neighbourhood must not reach another's site because the hat's name is the same."""
    row = store.db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise NotFoundError(t("draft.not_found", id=draft_id))
    if config is not None:
        check_project(row["project"], config, draft_id)
    return _from_row(row)


def check_project(project: str | None, config: Config, draft_id: int, *,
                  gone_ok: bool = False) -> None:
    """Refuse a draft of another project; ``gone_ok``: unless that project is gone (deleting
    such a draft harms no one, and nothing else can remove it)."""
    if project is not None and project != project_of(config):
        if _gone(project):
            if gone_ok:
                return
            raise RefusedError(t("draft.project_gone", id=draft_id, project=project))
        raise RefusedError(t("draft.other_project", id=draft_id, project=project,
                             config=os.path.join(project, "wijkpost.yaml")))


def _gone(project: str) -> bool:
    """The project folder has no wijkpost.yaml any more: moved, renamed or removed."""
    return not os.path.isfile(os.path.join(project, "wijkpost.yaml"))


def orphans_note(lost: Sequence[Draft]) -> str:
    ids = ", ".join(str(d.id) for d in lost)
    return t("draft.orphan" if len(lost) == 1 else "draft.orphans", ids=ids)


def orphans(store: Store) -> list[Draft]:
    """Unpublished drafts whose project is gone: after a project folder is moved, its drafts
    would otherwise be out of sight in every project."""
    rows = store.db.execute(
        "SELECT * FROM drafts WHERE project IS NOT NULL AND status != 'published' ORDER BY id"
    ).fetchall()
    projects = {row["project"] for row in rows}
    gone = {project for project in projects if _gone(project)}  # one look per project
    return [_from_row(row) for row in rows if row["project"] in gone]


def adopt(store: Store, config: Config, draft: Draft) -> Draft:
    """Move a draft whose project is gone into ``config``'s project. Only then: a draft of a
    project that still exists belongs there (its site, its office hours)."""
    if draft.project is None or draft.project == project_of(config):
        return draft
    check_project(draft.project, config, draft.id, gone_ok=True)
    profile = hat_of(config, draft)
    if profile is None:
        raise RefusedError(t("draft.adopt_no_hat", id=draft.id, profile=draft.profile_key))
    resolve_targets(config, profile, list(draft.targets))  # its hat's targets must be here too
    with store.transaction() as db:
        db.execute("UPDATE drafts SET project = ?, updated_at = ? WHERE id = ?",
                   (project_of(config), utc_iso(now_utc()), draft.id))
    return get(store, draft.id, config)


def list_drafts(store: Store, config: Config, *, author: str | None = None,
                status: str | None = None) -> list[Draft]:
    """The drafts of ``config``'s project (and those from before drafts had one)."""
    query = "SELECT * FROM drafts WHERE (project IS NULL OR project = ?)"
    args = [project_of(config)]
    if author:
        query += " AND author = ?"
        args.append(author)
    if status:
        query += " AND status = ?"
        args.append(status)
    return [_from_row(r) for r in store.db.execute(query + " ORDER BY id", args)]


def check_editable(store: Store, draft: Draft) -> None:
    """What went out no longer changes: a published draft, or one with a part out (or maybe
    out), whatever its status says (one may wait for office hours half-way). A draft whose
    every part was refused or not sent yet may change, and starts over."""
    from wijkpost import journal  # (not for the commands that only show drafts)

    if draft.status == "published":
        raise RefusedError(t("draft.locked", id=draft.id,
                             status=t(f"draft.status.{draft.status}")))
    if not journal.nothing_out(store, draft.id):
        raise RefusedError(t("draft.locked_partly", id=draft.id))


@contextmanager
def _changing(store: Store, draft: Draft, *, deleting: bool = False) -> Iterator[None]:
    """Hold the draft while it changes, and look again under the lock: a publish may have
    begun (or ended) since it was read, in another process or while the editor was open."""
    from wijkpost.locks import draft_lock

    with draft_lock(draft.id, draft.uid):
        now = get(store, draft.id)
        if not (deleting and now.status == "published"):  # (a published one may go)
            check_editable(store, now)
        yield


_KEPT_WAIT = ("CASE WHEN scheduled_at IS :scheduled_at AND profile = :profile AND author = :author"
              " THEN not_before END")


def update(store: Store, config: Config, draft: Draft, profile: Profile, given: DraftInput
           ) -> Draft:
    check_editable(store, get(store, draft.id))  # as it is now: the editor may have been open long
    fields = _normalise(config, profile, given, draft.uid)
    with _changing(store, draft), store.transaction() as db:
        # Every part was refused or never sent: the new text starts over as a draft.
        db.execute("DELETE FROM journal WHERE draft_id = ?", (draft.id,))
        db.execute("UPDATE drafts SET status = 'draft', not_before = NULL"
                   " WHERE id = ? AND status = 'publishing'", (draft.id,))
        db.execute(
            "UPDATE drafts SET author = :author, profile = :profile, title = :title,"
            " body = :body, tags = :tags, targets = :targets, images = :images, fit = :fit,"
            " scheduled_at = :scheduled_at, reply_to = :reply_to, updated_at = :now,"
            # The office opening a draft waits for was worked out from its time and its hat: a
            # new time or hat makes it stale (publish --due works it out again).
            f" not_before = {_KEPT_WAIT},"
            # Taking the time out makes it a draft again, not one that is due at once (one
            # waiting for office hours, not_before, stays queued). SET reads the old row.
            " status = CASE WHEN :scheduled_at IS NOT NULL THEN 'queued'"
            f"  WHEN status = 'queued' AND ({_KEPT_WAIT}) IS NULL THEN 'draft' ELSE status END"
            " WHERE id = :id",
            {**fields, "author": profile.author, "profile": profile.name,
             "now": utc_iso(now_utc()), "id": draft.id},
        )
    return get(store, draft.id)


def delete(store: Store, draft: Draft) -> None:
    """Delete a draft: one that went out only when it is published (the posts stay)."""
    with _changing(store, draft, deleting=True), store.transaction() as db:
        db.execute("DELETE FROM drafts WHERE id = ?", (draft.id,))  # (its journal goes with it)
    from wijkpost.locks import forget

    forget(draft.uid)
    folder = media_dir(draft.uid)
    if folder.is_dir():
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()


def set_status(store: Store, draft: Draft, status: str, *, not_before: datetime | None = None
               ) -> None:
    published = utc_iso(now_utc()) if status == "published" else None
    with store.transaction() as db:
        db.execute(
            "UPDATE drafts SET status = ?, not_before = ?, published_at = ?, updated_at = ?"
            " WHERE id = ?",
            (status, _iso(not_before), published, utc_iso(now_utc()), draft.id),
        )


def _tags(given: Sequence[str]) -> list[str]:
    """Topics as a list: "groen, afval" is two (as a tag may be typed in front matter or after
    --tag), "#Groen" is "groen", and each needs a letter or digit to be a topic at all."""
    tags: list[str] = []
    for item in map(printable, given):
        for typed in map(str.strip, item.split(",")):
            if typed and not any(c.isalnum() for c in typed):
                raise InputError(t("draft.tag_no_word", tag=typed))
            tag = typed.lstrip("#").strip().lower()
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def going_out(draft: Draft, config: Config, now: datetime) -> datetime | None:
    """When a queued draft goes out: its set time, or the first office hour after it (or after
    ``now``, for a time gone by); ``now`` when it is due. None when it is not queued. What
    ``publish --due`` does, worked out beforehand for new, show, status and list."""
    if draft.status != "queued":
        return None
    profile = hat_of(config, draft)
    if profile is None:  # its hat left the config: publish says so; listing it must not fail
        return max((m for m in (draft.scheduled_at, draft.not_before) if m),
                   default=now).astimezone(config.tz)
    when = goes_out(profile, draft.scheduled_at, now, config.tz) or now
    # A draft that waited for office hours is not due before the opening it was given, even
    # when the configured hours changed since.
    if draft.not_before and draft.not_before > when:
        when = draft.not_before
    return when.astimezone(config.tz)  # one form, whichever of the moments it is


def due(store: Store, config: Config, now: datetime) -> list[Draft]:
    """Queued drafts of ``config``'s project whose time has come (a set time, or the office
    opening they waited for), and half-published ones: each project's cron line publishes its
    own. Not a half-published one a service refused: that needs a person (and cron would mail
    it every run); one a person sent again, which waits for office hours, is tried once more."""
    rows = store.db.execute(
        "SELECT * FROM drafts WHERE (status = 'queued' OR (status = 'publishing'"
        " AND NOT EXISTS (SELECT 1 FROM journal WHERE journal.draft_id = drafts.id"
        "  AND journal.state = 'failed'))) AND (project IS NULL OR project = ?) ORDER BY id",
        (project_of(config),)
    ).fetchall()
    result = []
    for row in rows:
        draft = _from_row(row)
        waits = [m for m in (draft.scheduled_at, draft.not_before) if m]
        if all(m <= now for m in waits):
            result.append(draft)
    return result
