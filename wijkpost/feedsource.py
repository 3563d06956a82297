"""A neighbourhood feed as a digest source: read with conditional requests, one page per read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from wijkpost.collect import Page
from wijkpost.config import Feed, Profile
from wijkpost.items import NewItem
from wijkpost.timeutil import now_utc


class FeedSource:
    def __init__(self, feed: Feed, base_dir: Any = None) -> None:
        self.feed = feed
        self.name = f"feed:{feed.name}"
        self.profile: Profile | None = None
        self.base_dir = base_dir

    def pages(self, cursor: dict[str, Any] | None) -> Iterator[Page]:
        from wijkpost.feeds import read_feed

        cursor = cursor or {}
        # A FeedError (a WijkpostError) is this source's error; collect goes on with the rest.
        result = read_feed(self.feed.url, etag=cursor.get("etag"),
                           modified=cursor.get("modified"), base_dir=self.base_dir)
        if result.not_modified:
            return
        found = []
        for entry in result.entries:
            # Feeds have no account: the key is the feed and the entry's own id.
            digest = hashlib.sha256(entry.id.encode("utf-8")).hexdigest()[:24]
            created: datetime = entry.published or now_utc()
            text = f"{entry.title}\n\n{entry.text}".strip() if entry.title else entry.text
            found.append(NewItem(
                key=f"feed:{self.feed.name}:{digest}", source=self.name, network="feed",
                text=text, created_at=created, remote_id=entry.id, author_name=entry.author,
                links=list(entry.links), attachments=list(entry.attachments), url=entry.url))
        yield Page(found, {"etag": result.etag, "modified": result.modified})
