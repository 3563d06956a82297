"""From a planned output to its bytes: the template context of each page and feed.

Everything a template sees is built here as small frozen views, with URLs relative to the site
root (templates prepend ``root``, "../" per directory level) so the output works under any base
path and in the dev server; feeds, canonical links and OpenGraph use absolute URLs. Text goes to
templates unescaped and Jinja2's autoescape escapes it; only the rendered Markdown body is marked
safe (cmark escaped it already), and in feeds it is passed as plain text so that it is
escaped once more, as Atom ``type="html"`` and RSS ``description`` require.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup, escape

from wijkpost.config import Author, Site
from wijkpost.site.feeds import FORMAT_NAMES, MEDIA_TYPES, Feed, FeedItem, json_feed, rfc3339
from wijkpost.site.markdown import render_markdown
from wijkpost.site.plan import FEED_FILES, Collection, Job, tag_label
from wijkpost.site.sources import Entry, ImageRef, read_body
from wijkpost.site.ui import human_date, strings, syndication_label, ui_language
from wijkpost.slugs import tag_slug

if TYPE_CHECKING:
    from jinja2 import Environment

POST_DEPTH = "../../../"  # every post page is at YYYY/MM/slug/
_ROOT_MARK = "\ufdd0root\ufdd1"  # Unicode noncharacters: never in text a person wrote


class Link(NamedTuple):
    label: str
    url: str  # relative to the site root, or absolute


class FeedLink(NamedTuple):
    type: str
    title: str
    url: str  # relative to the site root
    format: str  # "Atom", "RSS", "JSON Feed"


class PageMeta(NamedTuple):
    title: str  # the <title>
    og_title: str | None = None  # defaults to the <title>
    description: str = ""
    canonical: str = ""
    feeds: tuple[FeedLink, ...] = ()
    current: str = ""  # "home" or "tags": marks the menu item with aria-current
    og_type: str = "website"
    image: str | None = None
    image_alt: str | None = None
    published: str | None = None


class Card(NamedTuple):
    """A post in a list."""

    url: str
    title: str
    date_iso: str
    date_text: str
    author: Link
    tags: tuple[Link, ...]
    description: str


class ImageView(NamedTuple):
    src: str  # relative to the site root
    alt: str
    width: int | None
    height: int | None


class PostView(NamedTuple):
    card: Card
    absolute_url: str
    author_role: str
    updated_iso: str | None
    updated_text: str | None
    summary: str | None
    images: tuple[ImageView, ...]
    body: Markup
    syndication: tuple[Link, ...]


class SiteView(NamedTuple):
    title: str
    description: str
    base_url: str
    language: str  # of the posts
    page_language: str  # of the page as a whole: the language its own words are in
    content_lang: str  # the posts' language where it differs from the page's, else ""


def root_of(path: str) -> str:
    """The relative way back to the site root from an output file."""
    return "../" * path.count("/")


class Renderer:
    """Renders planned outputs to bytes; caches per-post views for the many pages sharing them."""

    def __init__(self, *, site: Site, entries: Sequence[Entry], groups: Sequence[Collection],
                 authors: Mapping[str, Author], tag_labels: Mapping[str, str], env: Environment,
                 tz: tzinfo, now: datetime, feed_html: dict[str, str] | None = None) -> None:
        self.site, self.entries, self.groups = site, entries, groups
        self.authors, self.tag_labels, self.env, self.tz, self.now = (
            authors, tag_labels, env, tz, now)
        self.ui = strings(site.language)
        # A Frisian site gets the page's own words ("Ga naar inhoud") in Dutch: then the page
        # says it is Dutch and the posts and the site's title say they are Frisian (WCAG 3.1.2).
        own = ui_language(site.language)
        same = site.language.split("-")[0].lower() == own
        self.site_view = SiteView(site.title, site.description, site.base_url, site.language,
                                  site.language if same else own, "" if same else site.language)
        self._cards: dict[int, Card] = {}
        self._card_html: dict[int, Markup] = {}
        self._items: dict[int, FeedItem] = {}
        # digest → a post's feed content (absolute URLs), kept between builds by the builder: a
        # new post re-renders about five feeds of twenty posts, and re-rendering their Markdown
        # would be most of an incremental build
        self.feed_html: dict[str, str] = feed_html if feed_html is not None else {}
        self._groups = {(group.kind, group.key): group for group in groups}
        self._feed_links: dict[str, tuple[FeedLink, ...]] = {}

    # ----------------------------------------------------------------- dispatch

    def render(self, job: Job) -> bytes:
        kind = job.kind
        if kind == "post":
            return self._post(job)
        if kind in ("index", "page"):
            return self._list(job)
        if kind == "feed":
            return self._feed(job)
        if kind == "tags":
            return self._tags(job)
        if kind == "sitemap":
            return self._sitemap()
        if kind == "robots":
            return self._template("robots.txt", root="")
        if kind == "static":
            source, _, _ = self.env.loader.get_source(self.env, job.name)  # type: ignore[union-attr]
            return source.encode("utf-8")
        if kind == "media":
            return (self.site.directory / job.name).read_bytes()
        raise ValueError(f"unknown output kind {kind}")

    def _template(self, name: str, **context: Any) -> bytes:
        text = self.env.get_template(name).render(site=self.site_view, ui=self.ui, **context)
        return text.encode("utf-8")

    # ----------------------------------------------------------------- views

    def absolute(self, url: str) -> str:
        return self.site.base_url + url

    def tags_of(self, entry: Entry) -> tuple[Link, ...]:
        links: dict[str, Link] = {}
        for tag in entry.tags:
            slug = tag_slug(tag)
            links.setdefault(slug, Link(tag_label(tag, self.tag_labels), f"tags/{slug}/"))
        return tuple(links.values())

    def card(self, index: int) -> Card:
        card = self._cards.get(index)
        if card is None:
            entry = self.entries[index]
            author = self.authors[entry.author]
            card = Card(
                url=entry.url, title=entry.title, date_iso=rfc3339(entry.date),
                date_text=human_date(entry.date, self.site.language, self.tz),
                author=Link(author.name, f"auteurs/{entry.author}/"), tags=self.tags_of(entry),
                description=entry.description,
            )
            self._cards[index] = card
        return card

    def feed_links(self, group: Collection) -> tuple[FeedLink, ...]:
        links = self._feed_links.get(group.base)
        if links is None:
            title = self.feed_title(group)
            links = tuple(FeedLink(MEDIA_TYPES[name], f"{title} ({FORMAT_NAMES[name]})",
                                   group.base + name, FORMAT_NAMES[name]) for name in FEED_FILES)
            self._feed_links[group.base] = links
        return links

    def feed_title(self, group: Collection) -> str:
        if group.kind == "tag":
            return self.ui["feed_title_tag"].format(site=self.site.title, label=group.label)
        if group.kind == "author":
            return self.ui["feed_title_author"].format(site=self.site.title, name=group.label)
        return self.site.title

    def card_html(self, index: int, root: str) -> Markup:
        """A post's list entry, rendered once and shared by every list page that shows it.

        It is rendered with a marker for ``root`` that each page then replaces with its own way
        back to the root (a post shows up on about five list pages at three depths). A post whose
        text happens to contain the marker is simply rendered per page.
        """
        html = self._card_html.get(index)
        if html is None:
            card = self.card(index)
            texts = (card.title, card.description, card.author.label, *(t.label for t in card.tags))
            if any(_ROOT_MARK in text for text in texts):
                return self._render_card(card, root)
            html = self._render_card(card, _ROOT_MARK)
            self._card_html[index] = html
        return Markup(html.replace(_ROOT_MARK, root))

    def _render_card(self, card: Card, root: str) -> Markup:
        template = self.env.get_template("_card.html")
        return Markup(template.render(entry=card, root=root, ui=self.ui, site=self.site_view))

    # ----------------------------------------------------------------- pages

    def _post(self, job: Job) -> bytes:
        entry = self.entries[job.number]
        card = self.card(job.number)
        author = self.authors[entry.author]
        feeds = list(self.feed_links(self.groups[0]))
        for kind, key in [("author", entry.author), *(("tag", tag_slug(t)) for t in entry.tags)]:
            group = self._groups.get((kind, key))
            if group is not None:
                feeds.extend(self.feed_links(group))
        images = tuple(ImageView(i.src, i.alt, i.width, i.height) for i in entry.images)
        updated = entry.updated if entry.updated and entry.updated != entry.date else None
        view = PostView(
            card=card, absolute_url=self.absolute(entry.url), author_role=author.role,
            updated_iso=rfc3339(updated) if updated else None,
            updated_text=human_date(updated, self.site.language, self.tz) if updated else None,
            summary=entry.summary, images=images,
            body=Markup(render_markdown(read_body(self.site, entry), POST_DEPTH)),
            syndication=tuple(Link(syndication_label(url, self.site.language), url)
                              for url in entry.syndication),
        )
        first = entry.images[0] if entry.images else None
        page = PageMeta(
            title=f"{entry.title} · {self.site.title}", og_title=entry.title,
            description=entry.description,
            canonical=view.absolute_url, feeds=tuple(dict.fromkeys(feeds)), og_type="article",
            image=self.absolute(first.src) if first else None,
            image_alt=first.alt if first else None, published=card.date_iso,
        )
        return self._template("post.html", root=POST_DEPTH, page=page, post=view)

    def _list(self, job: Job) -> bytes:
        group = self.groups[job.collection]
        per_page = self.site.per_page
        ui = self.ui
        if job.kind == "index":
            shown = group.newest(per_page)
            older = group.older_page(per_page)
            newer = None
            number = 0
        else:
            number = job.number
            shown = group.page_posts(number, per_page)
            older = number - 1 if number > 1 else None
            newer = number + 1 if number < group.pages(per_page) else None
        if group.kind == "tag":
            heading = (ui["tag_page"].format(label=group.label, n=number) if number
                       else ui["tag_heading"].format(label=group.label))
            intro = None
            follow = ui["follow_tag"]
        elif group.kind == "author":
            heading = (ui["author_page"].format(name=group.label, n=number) if number
                       else ui["author_heading"].format(name=group.label))
            intro = self.authors[group.key].role or None
            follow = ui["follow_author"]
        else:
            heading = ui["archive_page"].format(n=number) if number else ui["latest"]
            intro = None
            follow = ui["follow"]
        title = self.site.title if job.kind == "index" and group.kind == "site" else (
            f"{heading} · {self.site.title}")
        feeds = self.feed_links(group)
        if group.kind != "site":
            feeds += self.feed_links(self.groups[0])
        page = PageMeta(
            title=title,
            description=self.site.description if group.kind == "site" else heading,
            canonical=self.absolute(group.base if job.kind == "page" and group.on_index(
                number, per_page) else job.path[: -len("index.html")]), feeds=feeds,
            current="home" if job.kind == "index" and group.kind == "site" else "",
        )
        root = root_of(job.path)
        return self._template(
            "list.html", root=root, page=page, heading=heading, intro=intro,
            entries=[self.card(i) for i in shown], cards=[self.card_html(i, root) for i in shown],
            follow=follow,
            follow_feeds=self.feed_links(group),
            older=group.page_path(older)[: -len("index.html")] if older else None,
            newer=group.page_path(newer)[: -len("index.html")] if newer else None,
        )

    def _tags(self, job: Job) -> bytes:
        tags = [Link(group.label, group.base) for group in self.groups if group.kind == "tag"]
        page = PageMeta(title=f"{self.ui['tags']} · {self.site.title}",
                        description=self.ui["tags_intro"], canonical=self.absolute("tags/"),
                        feeds=self.feed_links(self.groups[0]), current="tags")
        return self._template("tags.html", root=root_of(job.path), page=page, tags=tags)

    def _sitemap(self) -> bytes:
        """Written here, not by a template: a loop of 10,000 in Jinja2 costs a tenth of a second
        on every new post, and nobody needs to restyle a sitemap. Each post's lastmod was made
        when its file was parsed, and its URL needs no escaping (the builder only accepts file
        names of [a-z0-9-], see sources.find_post_files): this runs on every new post too."""
        base = escape(self.site.base_url)
        newest = self.entries[-1] if self.entries else None
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                 f"<url><loc>{base}</loc>"
                 + (f"<lastmod>{newest.modified}</lastmod>" if newest else "") + "</url>"]
        lines += [f"<url><loc>{base}{escape(path)}</loc></url>"
                  for path in ("tags/", *(group.base for group in self.groups[1:]))]
        per_page = self.site.per_page
        lines += [f"<url><loc>{base}{escape(group.page_path(number)[: -len('index.html')])}"
                  "</loc></url>"
                  for group in self.groups for number in range(1, group.pages(per_page) + 1)
                  if not group.on_index(number, per_page)]  # (a copy of an index is not a page)
        lines += [f"<url><loc>{base}{e.url}</loc><lastmod>{e.modified}</lastmod></url>"
                  for e in self.entries]
        lines.append("</urlset>\n")
        return "\n".join(lines).encode("utf-8")

    # ----------------------------------------------------------------- feeds

    def feed_item(self, index: int) -> FeedItem:
        item = self._items.get(index)
        if item is None:
            entry = self.entries[index]
            author = self.authors[entry.author]
            content = self.feed_html.get(entry.digest)
            if content is None:
                images = "".join(self._image_html(image) for image in entry.images)
                body = render_markdown(read_body(self.site, entry), self.site.base_url,
                                       self.absolute(entry.url))
                content = self.feed_html[entry.digest] = images + body
            item = FeedItem(
                id=self.absolute(entry.url), url=self.absolute(entry.url), title=entry.title,
                published=entry.date, updated=entry.updated or entry.date, author=author.name,
                author_url=self.absolute(f"auteurs/{entry.author}/"),
                categories=tuple((link.url.split("/")[1], link.label)
                                 for link in self.tags_of(entry)),
                content_html=content, summary=entry.summary,
                image=self.absolute(entry.images[0].src) if entry.images else None,
            )
            self._items[index] = item
        return item

    def _image_html(self, image: ImageRef) -> str:
        size = (f' width="{image.width}" height="{image.height}"'
                if image.width and image.height else "")
        return (f'<p><img src="{escape(self.absolute(image.src))}" alt="{escape(image.alt)}"'
                f"{size}></p>\n")

    def _feed(self, job: Job) -> bytes:
        group = self.groups[job.collection]
        shown = group.newest(self.site.feed_entries)
        items = [self.feed_item(i) for i in shown]
        updated = max((item.updated for item in items), default=self.now)
        feed = Feed(
            title=self.feed_title(group),
            description=(self.site.description or self.site.title) if group.kind == "site"
            else self.feed_title(group),
            home_url=self.absolute(group.base), url=self.absolute(job.path),
            language=self.site.language, updated=updated, author=self.site.title,
        )
        if job.name == "feed.json":
            return json_feed(feed, items)
        return self._template(job.name, root="", feed=feed, items=items)
