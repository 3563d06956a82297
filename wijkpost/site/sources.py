"""A site's posts as the build needs them: found, parsed (through a cache) and checked.

Parsing 10,000 front matters on every build would dominate an incremental build, so each post's
metadata is cached in the site's cache directory, keyed by (path, mtime_ns, size). The cache holds
metadata and a plain-text excerpt, not body HTML: a page is only re-rendered when its post changed,
and then the body is read again. Checks that depend on things outside the file (the author exists
in the configuration, the images exist and are small enough) run on every build, cached or not.
"""

from __future__ import annotations

import hashlib
import marshal
import operator
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from wijkpost.config import Author, Site
from wijkpost.errors import InputError
from wijkpost.i18n import did_you_mean, megabytes, t
from wijkpost.site.feeds import rfc3339
from wijkpost.site.images import image_size
from wijkpost.site.markdown import excerpt
from wijkpost.site.posts import parse_post, split_front_matter

CACHE_VERSION = 10  # bump when a record, the excerpt or the checks made while parsing change


class ImageRef(NamedTuple):
    src: str  # normalised, relative to the site directory: "media/2026/11/x.png"
    alt: str
    width: int | None
    height: int | None
    identity: str  # "mtime_ns-size" of the file: changes when the image is replaced


class Entry(NamedTuple):
    """One post as seen by the builder: everything but the body.

    A NamedTuple rather than a frozen dataclass: every build makes 10,000 of these, and a frozen
    dataclass's ``__init__`` costs several times more.
    """

    relpath: str  # relative to the posts directory: "2026/11/03-slug.md"
    url: str  # relative to the site root: "2026/11/slug/"
    title: str
    date: datetime
    updated: datetime | None
    author: str
    tags: tuple[str, ...]
    images: tuple[ImageRef, ...]
    syndication: tuple[str, ...]
    summary: str | None
    excerpt: str
    digest: str  # of the file's bytes and its images' identities: anything shown changes it
    files: tuple[tuple[str, str], ...]  # (src, identity) of every media file to publish with it
    modified: str  # RFC 3339 of ``updated or date``: the sitemap's lastmod, made once per post

    @property
    def description(self) -> str:
        return self.summary or self.excerpt


def read_body(site: Site, entry: Entry) -> str:
    text = (site.posts_dir / entry.relpath).read_text(encoding="utf-8")
    return split_front_matter(text, entry.relpath)[1]


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{2}$")
_FILE = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*\.md$")
_SCANDIR_FD = os.scandir in os.supports_fd  # not on Windows


def find_post_files(posts_dir: Path) -> list[tuple[str, int, int]]:
    """(relpath, mtime_ns, size) of every ``.md`` file under the posts directory, sorted.

    Hidden files (editor swap files, ``.DS_Store``) are ignored; a Markdown file anywhere but
    ``YYYY/MM/DD-slug.md`` is an error rather than a post that silently never appears.
    """
    found: list[tuple[str, int, int]] = []
    if not posts_dir.is_dir():
        return found

    def misplaced(path: str) -> InputError:
        return InputError(f"{path}: {t('site.file_name')}")

    def markdown_below(directory: str) -> str | None:
        for parent, _, names in os.walk(directory):
            for name in names:
                if name.endswith(".md") and not name.startswith("."):
                    return os.path.join(parent, name)
        return None

    def scan(directory: str, level: int, prefix: str) -> None:
        pattern = (_YEAR, _MONTH)[level]
        with os.scandir(directory) as items:
            for item in items:
                name = item.name
                if name.startswith("."):
                    continue
                if item.is_dir():
                    if pattern.match(name):
                        if level == 0:
                            scan(item.path, 1, f"{name}/")
                        else:
                            month(item.path, f"{prefix}{name}/")
                    elif (stray := markdown_below(item.path)) is not None:
                        raise misplaced(stray)
                elif name.endswith(".md"):
                    raise misplaced(item.path)

    def month(directory: str, prefix: str) -> None:
        # The posts themselves: 10,000 of them on every build. Listed through a descriptor so
        # each stat resolves one name, not the whole path again.
        descriptor = os.open(directory, os.O_RDONLY) if _SCANDIR_FD else None
        try:
            with os.scandir(directory if descriptor is None else descriptor) as items:
                for item in items:
                    name = item.name
                    if name.endswith(".md") and not name.startswith("."):
                        if not _FILE.match(name):
                            raise misplaced(os.path.join(directory, name))
                        stat = item.stat()
                        found.append((prefix + name, stat.st_mtime_ns, stat.st_size))
        finally:
            if descriptor is not None:
                os.close(descriptor)

    scan(str(posts_dir), 0, "")
    found.sort()
    return found


class Record(NamedTuple):
    """What the cache keeps of one post file (plain types, so it stores with marshal)."""

    mtime_ns: int
    size: int
    digest: str  # of the file's bytes
    url: str
    title: str
    date: str  # ISO 8601 with offset
    updated: str | None
    author: str
    profile: str | None
    tags: tuple[str, ...]
    images: tuple[tuple[str, str], ...]
    syndication: tuple[str, ...]
    summary: str | None
    excerpt: str
    author_line: int
    profile_line: int
    image_lines: tuple[int, ...]
    links: tuple[tuple[str, int], ...]  # media/… files the body links to, with their lines
    modified: str  # RFC 3339, seconds: see Entry.modified


# A Markdown link or image destination into the site's media directory: ](media/…) or <media/…>
_MEDIA_LINK = re.compile(r"(?:\]\(\s*<?|<)(media/[^\s)>]+)")


# A Markdown image without alt text: ![](…) or ![ ](…)
_NO_ALT = re.compile(r"!\[\s*\]\(\s*<?([^\s)>]*)")


def _check_alt(body: str, first_line: int, path: Path) -> None:
    """Every image needs a description, in the body as in front matter (WCAG 1.1.1)."""
    match = _NO_ALT.search(body)
    if match:
        line = first_line + body.count("\n", 0, match.start())
        raise InputError(f"{path}:{line}: body: {t('site.alt', src=match.group(1))}")


def _media_links(body: str, first_line: int) -> tuple[tuple[str, int], ...]:
    links: dict[str, int] = {}
    for match in _MEDIA_LINK.finditer(body):
        links.setdefault(match.group(1), first_line + body.count("\n", 0, match.start()))
    return tuple(links.items())


def parse_record(posts_dir: str, relpath: str, tz: tzinfo) -> Record:
    """Read and parse one post file into a cache record."""
    path = Path(posts_dir, relpath)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(t("site.not_utf8", path=path, why=exc.reason)) from None
    post = parse_post(text, path, tz=tz)
    body_line = split_front_matter(text, str(path))[2]
    if "![" in post.body:
        _check_alt(post.body, body_line, path)
    stat = os.stat(path)
    return Record(
        mtime_ns=stat.st_mtime_ns, size=stat.st_size,
        digest=hashlib.blake2b(raw, digest_size=16).hexdigest(), url=post.url,
        title=post.title, date=post.date.isoformat(),
        updated=post.updated.isoformat() if post.updated else None, author=post.author,
        profile=post.profile, tags=post.tags, images=tuple((i.src, i.alt) for i in post.images),
        syndication=post.syndication, summary=post.summary, excerpt=excerpt(post.body),
        author_line=post.line_of("author"), profile_line=post.line_of("profile"),
        image_lines=tuple(post.line_of(f"images.{i}") for i in range(len(post.images))),
        links=_media_links(post.body, body_line),
        modified=rfc3339(post.updated or post.date),
    )


class PostCache:
    """Parsed metadata per post file, in the site's (git-ignored) cache directory.

    One file per month of posts, so a new post rewrites a small file, not all 10,000 records.
    Stored with marshal: the fastest way for Python to save and load many small records, it runs
    no code when loading, and a cache from another Python or wijkpost version is thrown away.
    """

    def __init__(self, directory: Path, timezone: str) -> None:
        self.directory = directory
        self.header = (CACHE_VERSION, sys.version_info[:2], timezone)
        self.records: dict[str, Record] = {}
        self.images: dict[str, tuple[str, int | None, int | None]] = {}  # src → identity, w, h
        self.dirty: set[str] = set()  # shards to write: "YYYY-MM", or "images"
        for shard in self._load_all():
            self.records.update((rel, Record._make(fields)) for rel, fields in shard.items())
        images = self._load(directory / "images.marshal")
        self.images = images if isinstance(images, dict) else {}

    def _load(self, path: Path) -> object:
        try:
            header, data = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None  # no cache or an unusable one: those posts are parsed again
        return data if header == self.header else None

    def _load_all(self) -> Iterable[dict[str, tuple[object, ...]]]:
        try:
            names = sorted(os.listdir(self.directory))
        except OSError:
            return
        for name in names:
            if name.startswith("posts-"):
                data = self._load(self.directory / name)
                if isinstance(data, dict):
                    yield data

    @staticmethod
    def shard(relpath: str) -> str:
        return relpath[:7].replace("/", "-")  # "2026/11/03-x.md" → "2026-11"

    def put(self, relpath: str, record: Record) -> None:
        self.records[relpath] = record
        self.dirty.add(self.shard(relpath))

    def drop(self, relpath: str) -> None:
        del self.records[relpath]
        self.dirty.add(self.shard(relpath))

    def clear(self) -> None:
        for relpath in list(self.records):
            self.drop(relpath)
        self.images.clear()
        self.dirty.add("images")

    def save(self) -> None:
        from wijkpost.paths import atomic_write

        if not self.dirty:
            return
        shards: dict[str, dict[str, tuple[object, ...]]] = {
            name: {} for name in self.dirty if name != "images"}
        for relpath, record in self.records.items():
            shard = shards.get(self.shard(relpath))
            if shard is not None:
                shard[relpath] = tuple(record)
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, records in shards.items():
            path = self.directory / f"posts-{name}.marshal"
            if records:
                atomic_write(path, marshal.dumps((self.header, records)))
            else:
                path.unlink(missing_ok=True)
        if "images" in self.dirty:
            atomic_write(self.directory / "images.marshal", marshal.dumps((self.header,
                                                                            self.images)))
        self.dirty.clear()


Parser = Callable[[list[str]], Iterable[Record]]


def _check_hat(path: Path, record: Record, author: Author) -> None:
    """A post names the hat it was written under: one of its author's, and a work hat. `publish`
    sees to that for what it writes; this is for a post written or edited by hand, so that a
    personal hat never reaches the site."""
    profile = author.profiles.get(record.profile or "")
    where = f"{path}:{record.profile_line}: profile: "
    if profile is None:
        hint = did_you_mean(record.profile or "", author.profiles,
                            otherwise=t("config.allowed", names=", ".join(author.profiles)))
        raise InputError(where + t("site.unknown_profile", name=record.profile,
                                   author=author.key, hint=hint))
    if not profile.is_work:
        raise InputError(where + t("site.personal_profile", profile=profile.key))


def read_entries(site: Site, authors: Mapping[str, Author], cache: PostCache, tz: tzinfo,
                 parse_many: Parser | None = None) -> list[Entry]:
    """Every post of the site, checked, oldest first. Raises InputError on any bad post.

    ``parse_many`` parses the files the cache cannot answer for (the builder passes a parallel
    one for cold builds); by default they are parsed here, one by one.
    """
    posts_path = site.posts_dir
    posts_dir = str(posts_path)
    files = find_post_files(posts_path)
    records = cache.records
    stale = [rel for rel, mtime, size in files
             if (rec := records.get(rel)) is None or rec.mtime_ns != mtime or rec.size != size]
    if stale:
        parsed = (parse_many(stale) if parse_many
                  else (parse_record(posts_dir, rel, tz) for rel in stale))
        for rel, record in zip(stale, parsed, strict=True):
            cache.put(rel, record)
    if len(records) != len(files):  # some files are gone
        present = {rel for rel, _, _ in files}
        for rel in [rel for rel in records if rel not in present]:
            cache.drop(rel)
    entries = []
    seen: dict[str, str] = {}
    media = _MediaChecker(site, cache)
    fromiso = datetime.fromisoformat
    for rel, _, _ in files:
        record = records[rel]
        url = record.url
        if url in seen:
            raise InputError(t("site.same_url", first=posts_path / seen[url],
                               second=posts_path / rel, url=url))
        seen[url] = rel
        author = record.author
        if author not in authors:
            hint = did_you_mean(author, authors,
                                otherwise=t("config.allowed", names=", ".join(authors)))
            raise InputError(f"{posts_path / rel}:{record.author_line}: author: "
                             + t("site.unknown_author", name=author, hint=hint))
        if record.profile is not None:
            _check_hat(posts_path / rel, record, authors[author])
        digest = record.digest
        images: tuple[ImageRef, ...] = ()
        published: tuple[tuple[str, str], ...] = ()
        if record.images:
            images = tuple(media.check(posts_path / rel, record.image_lines[index], src, alt)
                           for index, (src, alt) in enumerate(record.images))
            digest = hashlib.blake2b("".join([digest, *(i.identity for i in images)]).encode(),
                                     digest_size=16).hexdigest()
            published = tuple((image.src, image.identity) for image in images)
        if record.links:
            links = (media.check(posts_path / rel, line, src, "", key="body")
                     for src, line in record.links)
            published += tuple((link.src, link.identity) for link in links)
        # By position: keyword arguments make a NamedTuple three times slower to build, and
        # this runs for every post on every build (mypy still checks each field's type).
        entries.append(Entry(
            rel, url, record.title, fromiso(record.date),
            fromiso(record.updated) if record.updated else None, author, record.tags, images,
            record.syndication, record.summary, record.excerpt, digest, published,
            record.modified))
    media.forget_unused()
    # Oldest first: (date, url). Aware datetimes compare by instant, whatever their offset.
    entries.sort(key=_DATE_URL)
    return entries


_DATE_URL = operator.itemgetter(3, 1)  # Entry.date, Entry.url, without a Python call per post


class _MediaChecker:
    """Images (and files the body links to) must be files inside the media directory, under the
    size limit."""

    def __init__(self, site: Site, cache: PostCache) -> None:
        self.site, self.cache = site, cache
        self.used: set[str] = set()

    def forget_unused(self) -> None:
        unused = [src for src in self.cache.images if src not in self.used]
        for src in unused:
            del self.cache.images[src]
        if unused:
            self.cache.dirty.add("images")

    def check(self, where: Path, line: int, src: str, alt: str, key: str = "images.src"
              ) -> ImageRef:
        """The file behind an image (or a body link to media/…), checked and measured."""
        clean = posixpath.normpath(src.replace("\\", "/"))
        if not clean.startswith("media/") or ".." in clean.split("/"):
            raise InputError(f"{where}:{line}: {key}: {t('site.image_outside', src=src)}")
        path = self.site.directory / clean
        try:
            stat = path.stat()
            if not os.path.isfile(path):
                raise FileNotFoundError(path)
        except OSError:
            raise InputError(f"{where}:{line}: {key}: "
                             + t("site.image_missing", src=src, path=path)) from None
        if stat.st_size > self.site.max_image_bytes:
            raise InputError(f"{where}:{line}: {key}: " + t(
                "site.image_too_big", src=src, size=megabytes(stat.st_size),
                limit=megabytes(self.site.max_image_bytes)))
        identity = f"{stat.st_mtime_ns}-{stat.st_size}"
        self.used.add(clean)
        if key != "images.src":  # a linked file: copied, not measured
            return ImageRef(src=clean, alt=alt, width=None, height=None, identity=identity)
        known = self.cache.images.get(clean)
        if not known or known[0] != identity:
            width, height = image_size(path) or (None, None)
            known = (identity, width, height)
            self.cache.images[clean] = known
            self.cache.dirty.add("images")
        return ImageRef(src=clean, alt=alt, width=known[1], height=known[2], identity=identity)
