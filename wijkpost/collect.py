"""`collect`: fetch what residents said since last time, from every source at once.

A source (the mentions of one account, a hashtag, a neighbourhood feed …) yields pages; each
page's items are stored in the same transaction as the source's cursor, so a crash or Ctrl-C
loses nothing and a re-run does not fetch the same page again. Items are de-duplicated, tagged
by the project's topic rules, and remember the account and hat that received them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from wijkpost import items
from wijkpost.config import Config, Profile
from wijkpost.errors import InputError, WijkpostError
from wijkpost.i18n import t
from wijkpost.store import Store
from wijkpost.tagging import tags_for
from wijkpost.timeutil import now_utc, utc_iso


@dataclass
class Page:
    items: list[items.NewItem]
    cursor: dict[str, Any] | None  # saved with the items; None keeps the previous one


class Unavailable(WijkpostError):
    """The service does not offer this source to this account (e.g. X search on a free app)."""


class Source(Protocol):
    name: str
    profile: Profile | None

    def pages(self, cursor: dict[str, Any] | None) -> Iterator[Page]: ...


@dataclass
class SourceResult:
    source: str
    new: int = 0
    seen: int = 0
    error: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CollectResult:
    sources: list[SourceResult] = field(default_factory=list)
    purged: int = 0

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "purged": self.purged,
                "sources": [s.as_dict() for s in self.sources]}


def _unavailable_key(name: str) -> str:
    return f"unavailable:{name}"


def sources(config: Config, store: Store, *, account: str | None = None,
            source: str | None = None) -> list[Source]:
    """Every source to collect: work-hat accounts (a personal one only when named), their
    watches, and the neighbourhood feeds."""
    from wijkpost.channels import channel_module
    from wijkpost.feedsource import FeedSource

    if account is not None and account not in config.accounts:
        raise InputError(t("account.unknown", name=account, known=", ".join(config.accounts)))
    found: list[Source] = []
    for name, acc in config.accounts.items():
        owner = config.owner_of(name)
        if owner is None or (account and name != account) or (not account and not owner.is_work):
            continue
        found += channel_module(acc.network).collect_sources(config, acc, owner, store)
    if account is None:
        found += [FeedSource(feed, config.root) for feed in config.feeds.values()]
    if source is not None:
        found = [s for s in found if s.name == source]
        if not found:
            raise InputError(t("collect.unknown_source", name=source))
    return found


def _cursor(store: Store, name: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT value FROM cursors WHERE source = ?", (name,)).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def _off_duty(profile: Profile | None, moment: datetime, config: Config) -> bool:
    if profile is None or profile.office_hours is None:
        return False
    return not profile.office_hours.is_open(moment.astimezone(config.tz))


def _chronological(item: items.NewItem) -> tuple[datetime, int]:
    # Within the same second, the services' ids (snowflakes) still tell the order.
    number = int(item.remote_id) if item.remote_id and item.remote_id.isdigit() else 0
    return item.created_at, number


def run_source(config: Config, store: Store, src: Source) -> SourceResult:
    result = SourceResult(src.name)
    if items.get_setting(store, _unavailable_key(src.name)):
        result.note = t("collect.unavailable", source=src.name)
        return result
    rules = list(config.tags.values())
    try:
        for page in src.pages(_cursor(store, src.name)):
            with store.transaction() as db:
                # Oldest first, so item numbers follow time even though services page backwards.
                for new in sorted(page.items, key=_chronological):
                    result.seen += 1
                    text = new.text + " " + " ".join(new.attachments)
                    result.new += items.add(db, new, tags=tags_for(text, rules),
                                            off_duty=_off_duty(src.profile, new.created_at,
                                                               config))
                if page.cursor is not None:
                    db.execute("INSERT INTO cursors (source, value, updated_at) VALUES (?, ?, ?)"
                               " ON CONFLICT(source) DO UPDATE SET value = excluded.value,"
                               " updated_at = excluded.updated_at",
                               (src.name, json.dumps(page.cursor), utc_iso(now_utc())))
    except Unavailable:
        # Reported once, then skipped: it is the account's API access, not a failure.
        items.set_setting(store, _unavailable_key(src.name), utc_iso(now_utc()))
        result.note = t("collect.unavailable", source=src.name)
    except WijkpostError as exc:  # one broken source does not stop the others
        result.error = str(exc)
    return result


def collect(config: Config, *, account: str | None = None, source: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> CollectResult:
    with Store() as store:
        purged = items.purge(store, config.privacy.retention_days)
        found = sources(config, store, account=account, source=source)
    networks = {type(s).__module__ for s in found}
    for module in networks:  # import network libraries once, before the threads start
        __import__(module)
    finished = itertools.count(1)  # next() on it is atomic; `done += 1` across threads is not

    def one(src: Source) -> SourceResult:
        with Store() as own:  # each thread its own connection
            result = run_source(config, own, src)
        done = next(finished)
        if progress:
            progress(done, len(found))
        return result

    if not found:
        return CollectResult([], purged)
    # Sources mostly wait on the network: a thread each (up to a bound) keeps the total close
    # to the slowest source.
    with ThreadPoolExecutor(max_workers=min(32, len(found))) as pool:
        results = list(pool.map(one, found))
    return CollectResult(results, purged)
