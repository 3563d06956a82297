"""Feed data shared by Atom, RSS 2.0 and JSON Feed 1.1, and the JSON Feed writer.

Atom and RSS are Jinja2 templates (projects may override them); JSON Feed is written here with
``json.dumps`` because a template cannot guarantee valid JSON. Entry ids are the posts' absolute
URLs: stable for as long as the post keeps its address, which is what feed readers key on.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import NamedTuple

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPES = {
    "atom.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "feed.json": "application/feed+json",
}
FORMAT_NAMES = {"atom.xml": "Atom", "rss.xml": "RSS", "feed.json": "JSON Feed"}


def rfc3339(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def rfc822(when: datetime) -> str:
    from email.utils import format_datetime  # (email loads a dozen modules: only for RSS)

    return format_datetime(when)


class FeedItem(NamedTuple):
    id: str
    url: str
    title: str
    published: datetime
    updated: datetime
    author: str
    author_url: str
    categories: tuple[tuple[str, str], ...]  # (term, label)
    content_html: str  # plain str on purpose: the XML templates escape it as text
    summary: str | None
    image: str | None  # absolute URL of the first image

    @property
    def published_rfc3339(self) -> str:
        return rfc3339(self.published)

    @property
    def updated_rfc3339(self) -> str:
        return rfc3339(self.updated)

    @property
    def published_rfc822(self) -> str:
        return rfc822(self.published)


class Feed(NamedTuple):
    title: str
    description: str
    home_url: str  # the HTML page the feed belongs to
    url: str  # this feed file
    language: str
    updated: datetime
    author: str

    @property
    def updated_rfc3339(self) -> str:
        return rfc3339(self.updated)

    @property
    def updated_rfc822(self) -> str:
        return rfc822(self.updated)


def json_feed(feed: Feed, items: list[FeedItem]) -> bytes:
    data = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url,
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": feed.author}],
        "items": [_json_item(item) for item in items],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # The same JSON, but "<", ">" and "&" as \u escapes: a consumer that pastes a value into
    # HTML unescaped still cannot be tricked into markup (the values are unchanged for a parser).
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict[str, object]:
    data: dict[str, object] = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
    }
    if item.summary:
        data["summary"] = item.summary
    if item.image:
        data["image"] = item.image
    data["date_published"] = item.published_rfc3339
    if item.updated != item.published:
        data["date_modified"] = item.updated_rfc3339
    data["authors"] = [{"name": item.author, "url": item.author_url}]
    if item.categories:
        data["tags"] = [label for _, label in item.categories]
    return data
