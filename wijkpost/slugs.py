"""Slugs and post paths: small, and free of YAML, so previews and publishing can use them
without loading the site builder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date as date_type
from datetime import datetime
from functools import lru_cache
from typing import Any

_TRANSLATE = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "'": "", "’": "", "‘": "", "`": "", "&": " en ",
    "+": " plus ",  # "65+" and "65" are different topics (and "c++" is not "c")
})
_WORD = re.compile(r"[a-z0-9]+")


def slugify(title: str, max_length: int = 60) -> str:
    """An ASCII slug for a URL: "Café 't Hoekje & ijsjes" → "cafe-t-hoekje-en-ijsjes".

    Accents go (é → e), "ij" stays (the ligature too), apostrophes vanish ("auto's" → "autos"),
    and a long title is cut at a word boundary so URLs stay readable.
    """
    return _ascii_words(title, max_length) or "bericht"


def post_slug(content: Mapping[str, Any]) -> str:
    """The slug of a site post from what the outbox planned for it: its title (the draft's, or
    the headline made from its first sentence), else the start of its body. The site channel
    names the file with it and the preview its permalink, so both agree."""
    return slugify(content.get("title") or content["body"][:80])


@lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """The URL segment of a tag: its slug, or a short hash for a tag without Latin letters."""
    slug = _ascii_words(tag, 60)
    if slug:
        return slug
    import hashlib  # (loads OpenSSL: only for the rare tag without a Latin letter)

    return "t-" + hashlib.sha1(tag.encode()).hexdigest()[:8]


def _ascii_words(text: str, max_length: int) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    words = _WORD.findall(text.encode("ascii", "ignore").decode("ascii").lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            slug = slug or word[:max_length]
            break
        slug = candidate
    return slug


def post_relpath(date: datetime | date_type, slug: str) -> str:
    """``YYYY/MM/DD-slug.md`` (relative to the posts directory, with ``/`` on every platform),
    from the date's own calendar day.

    Pass the date in the site's time zone: a post at 00:30 in Amsterdam belongs to that day.
    """
    return f"{date:%Y}/{date:%m}/{date:%d}-{slug}.md"


def post_url(base_url: str, relpath: str) -> str:
    """The public URL of a post file: ``YYYY/MM/DD-slug.md`` → ``base/YYYY/MM/slug/``."""
    year, month, name = relpath.replace("\\", "/").split("/")[-3:]
    return f"{base_url}{year}/{month}/{name.removesuffix('.md').split('-', 1)[1]}/"
