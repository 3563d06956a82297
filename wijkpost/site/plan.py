"""Which files the site consists of, and for each a signature of everything it is made from.

The plan is cheap to compute for 10,000 posts (no template, no Markdown): the builder renders only
the outputs whose signature differs from the last build. A signature covers the build's global
inputs (templates, site settings, authors, tag labels, the code's render version) and the
identities (URL + content digest) of exactly the posts the output shows, plus whatever else the
output shows (page numbers, which neighbour pages exist).

Pagination is numbered from the oldest post, so archive page N always holds the same posts: a new
post only changes the newest page (or starts a new one) and the index. The same holds for tag and
author pages. Post pages have no previous/next links, so a new post never rewrites its neighbour.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from wijkpost.config import Author
from wijkpost.site.sources import Entry
from wijkpost.slugs import tag_slug

FEED_FILES = ("atom.xml", "rss.xml", "feed.json")


class Collection(NamedTuple):
    """A stream of posts with its own pages and feeds: the whole site, a tag, an author."""

    kind: str  # "site", "tag" or "author"
    key: str  # "" for the site, the tag's slug, the author's key
    base: str  # "", "tags/afval/", "auteurs/jdevries/"
    label: str  # the site's title, the tag's label, the author's name
    posts: tuple[int, ...]  # indices into the entries, oldest first

    def pages(self, per_page: int) -> int:
        return -(-len(self.posts) // per_page)

    def page_posts(self, number: int, per_page: int) -> tuple[int, ...]:
        """Archive page ``number`` (1 = oldest posts), newest first."""
        return self.posts[(number - 1) * per_page: number * per_page][::-1]

    def newest(self, count: int) -> tuple[int, ...]:
        return self.posts[-count:][::-1] if count else ()

    def on_index(self, number: int, per_page: int) -> bool:
        """Whether every post of archive page ``number`` is on the index too: then the page is a
        copy (kept, so that its address stays stable) and names the index as the real one."""
        return (number - 1) * per_page >= len(self.posts) - per_page

    def older_page(self, per_page: int) -> int | None:
        """The archive page holding the newest post that is not on the index, if any."""
        rest = len(self.posts) - per_page
        return (rest - 1) // per_page + 1 if rest > 0 else None

    def page_path(self, number: int) -> str:
        return f"{self.base}page/{number}/index.html"


class Job(NamedTuple):
    """One output file: where it goes, its signature, and what makes it."""

    path: str  # relative to the output directory
    signature: str
    kind: str  # post, index, page, tags, feed, sitemap, robots, static, media
    collection: int = -1  # index into the collections (index, page, feed)
    number: int = 0  # entry index (post), page number (page)
    name: str = ""  # feed file, static file, media source


def tag_label(tag: str, tag_labels: Mapping[str, str]) -> str:
    """The configured label of a tag (by its name or its slug), else the tag as written."""
    return tag_labels.get(tag) or tag_labels.get(tag_slug(tag)) or tag


def collections(entries: Sequence[Entry], authors: Mapping[str, Author],
                tag_labels: Mapping[str, str], site_title: str) -> list[Collection]:
    """The site itself, then tags (sorted by label), then authors (sorted by name)."""
    tags: dict[str, list[int]] = {}
    spelling: dict[str, str] = {}
    by_author: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        for tag in entry.tags:
            slug = tag_slug(tag)
            posts = tags.setdefault(slug, [])
            if not posts or posts[-1] != index:  # "Afval" and "afval" in one post count once
                posts.append(index)
            spelling[slug] = tag  # the newest post's spelling names the tag …
        by_author.setdefault(entry.author, []).append(index)
    # … unless the configuration gives it a label
    labels = {slug: tag_label(tag, tag_labels) for slug, tag in spelling.items()}
    result = [Collection("site", "", "", site_title, tuple(range(len(entries))))]
    for slug in sorted(tags, key=lambda s: (labels[s].casefold(), s)):
        result.append(Collection("tag", slug, f"tags/{slug}/", labels[slug], tuple(tags[slug])))
    for key in sorted(by_author, key=lambda k: (authors[k].name.casefold(), k)):
        result.append(Collection("author", key, f"auteurs/{key}/", authors[key].name,
                                 tuple(by_author[key])))
    return result


def _sign(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def plan(entries: Sequence[Entry], groups: Sequence[Collection], *, per_page: int,
         feed_entries: int, global_signature: str, static_files: Iterable[str]) -> list[Job]:
    """Every output of the site, in a stable order."""
    ids = [f"{e.url}:{e.digest}" for e in entries]

    def shown(indices: Iterable[int]) -> str:
        return ",".join(map(ids.__getitem__, indices))  # (no generator: 4,000 pages call this)

    g = global_signature
    # a post page shows one post: its identity itself is the signature (no hashing 10,000 times)
    # (Jobs are made by position: keywords make a NamedTuple several times slower to build.)
    jobs = [Job(f"{entry.url}index.html", f"{g}:{ident}", "post", -1, index)
            for index, (entry, ident) in enumerate(zip(entries, ids, strict=True))]
    for c, group in enumerate(groups):
        jobs.append(Job(f"{group.base}index.html",
                        _sign(g, "index", group.base, group.label, group.older_page(per_page),
                              shown(group.newest(per_page))),
                        "index", c))
        pages = group.pages(per_page)
        for number in range(1, pages + 1):
            jobs.append(Job(group.page_path(number),
                            _sign(g, "page", group.base, group.label, number, number < pages,
                                  group.on_index(number, per_page),
                                  shown(group.page_posts(number, per_page))),
                            "page", c, number))
        newest = shown(group.newest(feed_entries))
        for name in FEED_FILES:
            jobs.append(Job(f"{group.base}{name}", _sign(g, "feed", group.base, group.label, name,
                                                        newest), "feed", c, 0, name))
    tag_list = [(group.key, group.label) for group in groups if group.kind == "tag"]
    jobs.append(Job("tags/index.html", _sign(g, "tags", tag_list), "tags"))
    landing = [group.base for group in groups]
    jobs.append(Job("sitemap.xml", _sign(g, "sitemap", landing, shown(range(len(entries)))),
                    "sitemap"))
    jobs.append(Job("robots.txt", _sign(g, "robots"), "robots"))
    jobs.extend(Job(name, _sign(g, "static", name), "static", name=name) for name in static_files)
    media: dict[str, str] = {}
    for entry in entries:
        media.update(entry.files)
    jobs.extend(Job(src, _sign("media", identity), "media", name=src)
                for src, identity in sorted(media.items()))
    paths = [job.path for job in jobs]
    if len(set(paths)) != len(paths):  # two outputs in one file: a bug here, not bad input
        twice = next(path for path, count in Counter(paths).items() if count > 1)
        raise RuntimeError(f"two outputs want to write {twice}")
    return jobs
