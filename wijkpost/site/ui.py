"""The words on the site's pages, in the site's language (not the CLI user's).

A resident reads the site in the language the site is configured for, whatever language the
manager's terminal speaks; so these strings are chosen by ``site.language``, not by ``--lang``.
Templates get them as ``ui``; a project can override any template and use its own words.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from urllib.parse import urlsplit

UI: dict[str, dict[str, str]] = {
    "nl": {
        "skip": "Ga naar inhoud",
        "menu": "Hoofdmenu",
        "home": "Voorpagina",
        "tags": "Onderwerpen",
        "latest": "Laatste berichten",
        "archive_page": "Berichten, pagina {n}",
        "tag_heading": "Onderwerp: {label}",
        "tag_page": "Onderwerp: {label}, pagina {n}",
        "author_heading": "Berichten van {name}",
        "author_page": "Berichten van {name}, pagina {n}",
        "tags_intro": "Alle onderwerpen waarover op deze site is geschreven.",
        "older": "Oudere berichten",
        "newer": "Nieuwere berichten",
        "pagination": "Paginering",
        "posted": "Geplaatst op",
        "at": "om",
        "by": "door",
        "updated": "Bijgewerkt op",
        "topics": "Onderwerpen",
        "no_posts": "Er zijn nog geen berichten.",
        "react": "Reageren",
        "react_on": "Reageer op {network}",
        "elsewhere": "Ook verschenen op {host}",
        "follow": "Volg de berichten",
        "follow_tag": "Volg dit onderwerp",
        "follow_author": "Volg deze auteur",
        "read_more": "Lees verder",
        "made_with": "Gemaakt met wijkpost. Deze site gebruikt geen cookies en geen trackers.",
        "feed_title_tag": "{site}: {label}",
        "feed_title_author": "{site}: berichten van {name}",
        "og_locale": "nl_NL",
    },
    "en": {
        "skip": "Skip to content",
        "menu": "Main menu",
        "home": "Home",
        "tags": "Topics",
        "latest": "Latest posts",
        "archive_page": "Posts, page {n}",
        "tag_heading": "Topic: {label}",
        "tag_page": "Topic: {label}, page {n}",
        "author_heading": "Posts by {name}",
        "author_page": "Posts by {name}, page {n}",
        "tags_intro": "All topics written about on this site.",
        "older": "Older posts",
        "newer": "Newer posts",
        "pagination": "Pagination",
        "posted": "Posted on",
        "at": "at",
        "by": "by",
        "updated": "Updated on",
        "topics": "Topics",
        "no_posts": "There are no posts yet.",
        "react": "Reply",
        "react_on": "Reply on {network}",
        "elsewhere": "Also published on {host}",
        "follow": "Follow the posts",
        "follow_tag": "Follow this topic",
        "follow_author": "Follow this author",
        "read_more": "Read more",
        "made_with": "Made with wijkpost. This site uses no cookies and no trackers.",
        "feed_title_tag": "{site}: {label}",
        "feed_title_author": "{site}: posts by {name}",
        "og_locale": "en_GB",
    },
}

_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def ui_language(language: str) -> str:
    """The UI language for a site language: English for "en…", otherwise Dutch."""
    return "en" if language.lower().startswith("en") else "nl"


def strings(language: str) -> dict[str, str]:
    return UI[ui_language(language)]


def human_date(when: datetime, language: str, tz: tzinfo) -> str:
    """"3 november 2026 om 09:15", in the site's time zone (residents live there)."""
    lang = ui_language(language)
    local = when.astimezone(tz)
    month = _MONTHS[lang][local.month - 1]
    return f"{local.day} {month} {local.year} {UI[lang]['at']} {local:%H:%M}"


def syndication_label(url: str, language: str) -> str:
    """"Reageer op Mastodon" / "Reageer op X" by the link's shape, else the host's name."""
    ui = strings(language)
    parts = urlsplit(url)
    host = parts.hostname or url
    if host in ("x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com"):
        return ui["react_on"].format(network="X")
    if parts.path.startswith("/@") or "/users/" in parts.path or "/notice/" in parts.path:
        return ui["react_on"].format(network="Mastodon")  # Mastodon, and Pleroma/Akkoma alike
    return ui["elsewhere"].format(host=host)
