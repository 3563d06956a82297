"""Post files: YAML front matter between ``---`` lines, then a CommonMark body.

A post lives at ``sites/<site>/posts/YYYY/MM/DD-slug.md`` and is published at ``/YYYY/MM/slug/``.
Files are written by people and by ``wijkpost publish`` alike, so reading is strict (every problem
names ``file:line`` and the key) and writing is deterministic: ``parse_post(render_post_file(
post.meta(), post.body), post.path) == post``.

This module stays light (PyYAML and the standard library only): the publish path imports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from wijkpost.errors import InputError
from wijkpost.i18n import did_you_mean, t
from wijkpost.printable import printable
from wijkpost.yamlsource import LinedDict, load_yaml

if TYPE_CHECKING:
    import yaml

DEFAULT_TIMEZONE = "Europe/Amsterdam"

# The order keys are written in; also the set of keys a post may have.
KEYS = ("title", "date", "updated", "author", "profile", "tags", "summary", "images",
        "syndication", "uid")
REQUIRED = ("title", "date", "author")
IMAGE_KEYS = ("src", "alt")

# posts/YYYY/MM/DD-slug.md, relative to the posts directory.
_RELPATH = re.compile(r"^(\d{4})/(\d{2})/(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^---[ \t]*$", re.M)
_DATE_LINE = re.compile(r"^(date|updated)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)


class Image(NamedTuple):
    """An image shown with a post: ``src`` relative to the site directory, alt text required."""

    src: str
    alt: str


@dataclass(frozen=True)
class Post:
    path: Path
    url: str  # relative to the site root, e.g. "2026/11/nieuwe-containers/"
    slug: str
    title: str
    date: datetime  # always timezone-aware
    author: str
    profile: str | None = None
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    syndication: tuple[str, ...] = ()
    uid: str | None = None
    summary: str | None = None
    updated: datetime | None = None
    body: str = ""
    # file line of each front-matter key ("images.0" for the first image), for later errors
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def meta(self) -> dict[str, Any]:
        """The front matter as :func:`render_post_file` takes it (empty values left out)."""
        meta: dict[str, Any] = {"title": self.title, "date": self.date}
        if self.updated is not None:
            meta["updated"] = self.updated
        meta["author"] = self.author
        if self.profile is not None:
            meta["profile"] = self.profile
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.summary is not None:
            meta["summary"] = self.summary
        if self.images:
            meta["images"] = [{"src": i.src, "alt": i.alt} for i in self.images]
        if self.syndication:
            meta["syndication"] = list(self.syndication)
        if self.uid is not None:
            meta["uid"] = self.uid
        return meta

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.lines.get("", 1))


# --------------------------------------------------------------------------- names


def url_of(relpath: str) -> tuple[str, str] | None:
    """(url, slug) for a posts-relative path like ``2026/11/03-slug.md``; None if misnamed."""
    match = _RELPATH.match(relpath)
    if not match:
        return None
    year, month, _, slug = match.groups()
    return f"{year}/{month}/{slug}/", slug


def _url_from_path(source: PurePath) -> tuple[str, str]:
    parts = source.parts[-3:]
    found = url_of("/".join(parts)) if len(parts) == 3 else None
    if found:
        return found
    # Not (yet) in the posts tree, e.g. a file being composed: derive what the tree would give.
    stem = source.stem
    slug = stem[3:] if re.match(r"^\d{2}-", stem) else stem
    return f"{slug}/", slug


# --------------------------------------------------------------------------- reading


def split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """(front matter YAML, body, file line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = printable(text)  # a control character makes the feeds invalid XML
    opening = _OPEN.match(text)
    if not opening:
        raise InputError(f"{source}:1: {t('site.no_front_matter')}")
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(f"{source}:1: {t('site.unclosed')}")
    front = text[opening.end():closing.start()]
    body = text[closing.end():]
    body_line = front.count("\n") + 3
    for _ in range(2):  # the closing line's own newline, then one conventional blank line
        if body.startswith("\n"):
            body = body[1:]
            body_line += 1
    return front, body, body_line - 1


def parse_post(text: str, source: Path, *, tz: tzinfo | None = None) -> Post:
    """Parse a post file. Naive dates are read in ``tz`` (default Europe/Amsterdam).

    Raises :class:`InputError` naming ``file:line`` and the key for anything wrong.
    """
    where = str(source)
    front, body, _ = split_front_matter(text, where)
    data = _load_front(front, where)
    return _make_post(data, body, source, tz or ZoneInfo(DEFAULT_TIMEZONE))


def _load_front(front: str, where: str) -> LinedDict:
    try:
        data = load_yaml(front, where, first_line=2)
    except (ValueError, OverflowError) as exc:  # PyYAML's timestamp constructor: month 13 …
        match = _find_bad_date(front)
        line, key, value = match if match else (1, "date", str(exc))
        raise InputError(f"{where}:{line}: {key}: {t('site.date', value=value)}") from None
    if data is None:
        data = LinedDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LinedDict):
        raise InputError(f"{where}:2: {t('site.not_mapping')}")
    return data


def _find_bad_date(front: str) -> tuple[int, str, str] | None:
    for match in _DATE_LINE.finditer(front):
        try:
            _to_datetime(match.group(2).strip("'\""), ZoneInfo(DEFAULT_TIMEZONE))
        except ValueError:
            return front.count("\n", 0, match.start()) + 2, match.group(1), match.group(2)
    return None


class _Reader:
    """Checks values of one front matter; every problem names file:line and the key."""

    def __init__(self, data: LinedDict, where: str, tz: tzinfo) -> None:
        self.data, self.where, self.tz = data, where, tz

    def line(self, key: str) -> int:
        return self.data.line_of(key) + 1  # the YAML starts on the file's second line

    def fail(self, key: str, message: str, line: int | None = None) -> InputError:
        return InputError(f"{self.where}:{line or self.line(key)}: {key}: {message}")

    def text(self, key: str, value: Any, *, required: bool = False, line: int | None = None
             ) -> str | None:
        if value is None and not required:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # an id or a number-like tag; the YAML writer quotes it back
        if not isinstance(value, str):
            raise self.fail(key, t("site.text"), line)
        text = printable(value)  # YAML's "\e" and "\x1b" make control characters too
        if not text.strip():
            raise self.fail(key, t("site.empty"), line)
        return text

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        return tuple(self.text(key, item, required=True) or "" for item in value)

    def when(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return _to_datetime(value, self.tz)
        except ValueError:
            raise self.fail(key, t("site.date", value=value)) from None


def _to_datetime(value: Any, tz: tzinfo) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    elif isinstance(value, date_type) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise ValueError(value)
    if not 1 < value.year < 9999:  # a typo, and one a time zone could carry past the calendar
        raise ValueError(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _make_post(data: LinedDict, body: str, source: Path, tz: tzinfo) -> Post:
    where = str(source)
    read = _Reader(data, where, tz)
    lines = {"": 1, **{key: read.line(key) for key in data}}
    for key in data:
        if key not in KEYS:
            hint = did_you_mean(key, KEYS, otherwise=t("config.allowed", names=", ".join(KEYS)))
            raise read.fail(key, t("site.unknown_key", name=key) + hint)
    for key in REQUIRED:
        if data.get(key) is None:
            line = read.line(key) if key in data else 1
            raise InputError(f"{where}:{line}: {key}: {t('site.missing_key', name=key)}")
    url, slug = _url_from_path(source)
    tags: list[str] = []
    listed = read.texts("tags")
    if isinstance(read.data.get("tags"), str):  # "tags: groen, afval" is two topics
        listed = tuple(tag.strip() for tag in listed[0].split(","))
    for tag in listed:
        if tag and tag not in tags:
            tags.append(tag)
    syndication = read.texts("syndication")
    for link in syndication:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise read.fail("syndication", t("config.url", value=link))
    date = read.when("date")
    assert date is not None  # required above
    updated = read.when("updated")
    if updated is not None and updated < date:  # a typo: feeds would show it changed before
        raise read.fail("updated", t("site.updated_before", updated=data["updated"],
                                     date=data["date"]))
    return Post(
        path=source, url=url, slug=slug,
        title=read.text("title", data["title"], required=True) or "",
        date=date,
        author=read.text("author", data["author"], required=True) or "",
        profile=read.text("profile", data.get("profile")),
        tags=tuple(tags),
        images=_images(read, data.get("images"), lines),
        syndication=syndication,
        uid=read.text("uid", data.get("uid")),
        summary=read.text("summary", data.get("summary")),
        updated=updated,
        body=body,
        lines=lines,
    )


def _images(read: _Reader, value: Any, lines: dict[str, int]) -> tuple[Image, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise read.fail("images", t("site.image"))
    images = []
    for index, item in enumerate(value):
        if not isinstance(item, LinedDict):
            raise read.fail("images", t("site.image"))
        line = item.line + 1
        lines[f"images.{index}"] = line
        for key in item:
            if key not in IMAGE_KEYS:
                hint = did_you_mean(key, IMAGE_KEYS, cutoff=0.5)
                raise read.fail(f"images.{key}", t("site.unknown_key", name=key) + hint,
                                item.line_of(key) + 1)
        if item.get("src") is None:
            raise read.fail("images.src", t("site.missing_key", name="src"), line)
        src = read.text("images.src", item["src"], required=True, line=item.line_of("src") + 1)
        alt = item.get("alt")
        if alt is None or (isinstance(alt, str) and not alt.strip()):
            raise read.fail("images.alt", t("site.alt", src=src), item.line_of("alt") + 1)
        images.append(Image(src or "", read.text("images.alt", alt, required=True,
                                                 line=item.line_of("alt") + 1) or ""))
    return tuple(images)


# --------------------------------------------------------------------------- writing


def _represent_list(dumper: yaml.SafeDumper, data: Sequence[Any]) -> yaml.Node:
    flow = all(isinstance(item, str) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_datetime(dumper: yaml.SafeDumper, data: datetime) -> yaml.Node:
    # isoformat() keeps the "T" (PyYAML's own representer writes a space)
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat())


# Characters YAML 1.1 treats as line breaks (or cannot write bare): only a double-quoted scalar,
# where PyYAML escapes them, reads back exactly.
_NEEDS_QUOTES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # multi-line summaries read best as a literal block; the emitter falls back to quotes
    # where a block cannot represent the text exactly
    style = '"' if _NEEDS_QUOTES.search(data) else "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


@lru_cache(maxsize=1)
def _dumper() -> type[yaml.SafeDumper]:
    """Front matter as people write it: short lists inline, images as a block, ISO dates.

    Made on first use: a build that only reads posts does not load PyYAML's emitter at all.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(list, _represent_list)
    Dumper.add_representer(tuple, _represent_list)
    Dumper.add_representer(datetime, _represent_datetime)
    Dumper.add_representer(str, _represent_str)
    return Dumper


def render_post_file(meta: Mapping[str, Any], body: str) -> str:
    """The text of a post file: front matter in a fixed key order, a blank line, the body.

    ``meta`` holds the keys of :data:`KEYS` (``images`` as ``{"src", "alt"}`` mappings or
    ``(src, alt)`` pairs); ``None`` and empty lists are left out.
    """
    unknown = [key for key in meta if key not in KEYS]
    if unknown:
        raise ValueError(f"unknown front matter keys: {', '.join(unknown)}")
    ordered: dict[str, Any] = {}
    for key in KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        if key == "images":
            value = [_image_mapping(image) for image in value]
        elif key in ("tags", "syndication"):
            value = [value] if isinstance(value, str) else list(value)
        ordered[key] = value
    import yaml

    front = yaml.dump(ordered, Dumper=_dumper(), sort_keys=False, allow_unicode=True,
                      default_flow_style=False, width=1_000_000)
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if body and not body.endswith("\n"):  # a text file ends with a newline (git, diff, cat)
        body += "\n"
    return f"---\n{front}---\n\n{body}"


def _image_mapping(image: Any) -> dict[str, str]:
    if isinstance(image, Mapping):
        return {"src": image["src"], "alt": image["alt"]}
    src, alt = image
    return {"src": src, "alt": alt}
