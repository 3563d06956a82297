"""The digest: items grouped by topic, newest first, with residents' personal data masked.

Every way out is made here, masked, so no format can forget it: :func:`build` (JSON, Markdown,
HTML) and :func:`brief` (the terminal) read the text masked when it was collected and mask
names, notes and links on the way (:func:`_redact`); :func:`public_view` does so for one item.
Only `digest show ID --reveal` shows an original, and that is recorded.
"""

# (annotations as written, not as text: see wijkpost.config)
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from wijkpost import items, tagging
from wijkpost.config import Config
from wijkpost.items import Filter, Item
from wijkpost.printable import printable
from wijkpost.store import Store
from wijkpost.timeutil import LocalClock, from_utc_iso, local, now_utc, utc_iso, utc_iso_precise

if TYPE_CHECKING:
    from pathlib import Path

LAST_READ = "digest.last_read"


def public_view(item: Item, *, reveal: bool = False) -> dict[str, Any]:
    """An item as it may be shown: its text, author name, links and attachment descriptions
    masked unless ``reveal``."""
    data = item.as_dict()
    if not reveal:
        data["text"] = item.masked
        _mask_rest(data)
    return data


def _mask_rest(data: dict[str, Any]) -> None:
    """Mask what is not masked at collect time: names, notes, links, attachment texts."""
    for key in ("author_name", "note", "forwarded_to"):
        if data.get(key):
            data[key] = _redact(data[key])
    for key in ("links", "attachments"):
        if data.get(key):
            data[key] = [_redact(x) for x in data[key]]


def _redact(text: str) -> str:
    # Everything privacy masks has a digit or an @ in it; most names and links have neither,
    # and a digest of thousands of items should not scan each of them.
    if "@" not in text and not any(c.isdigit() for c in text):
        return text
    from wijkpost.privacy import redact

    return redact(text)


class Digest(NamedTuple):
    items: list[dict[str, Any]]  # masked views, newest first
    since: datetime | None  # what "new" meant: collected after this
    groups: list[tuple[str, str, list[dict[str, Any]]]]  # (tag, label, masked items)

    def as_dict(self) -> dict[str, Any]:
        return {"since": utc_iso(self.since) if self.since else None,
                "count": len(self.items),
                "groups": [{"tag": tag, "label": label, "items": shown}
                           for tag, label, shown in self.groups]}


def build(store: Store, config: Config, where: Filter, *, everything: bool) -> Digest:
    """Items to show. Without filters and without ``everything``: what was collected since the
    digest was last read (and this read is remembered)."""
    since, where = _new_since_last_read(store, where, everything)
    found = items.query_views(store, where)
    groups: dict[str, list[dict[str, Any]]] = {}
    for view in found:  # newest first already; an item with two tags is under both
        _mask_rest(view)
        for tag in view["tags"]:
            groups.setdefault(tag, []).append(view)
    return Digest(found, since, _in_order(config, groups))


# The terminal digest's columns, in this order: what a line shows and nothing more.
BRIEF_COLUMNS = ("id", "created_at", "author_handle", "author_name", "source", "account",
                 "profile", "off_duty", "state", "masked", "tags")


class Brief(NamedTuple):
    """The digest as the terminal shows it: per tag, rows of :data:`BRIEF_COLUMNS` (with
    ``author_name`` masked), as SQLite hands them over. Thousands of items are read this way
    without a dict each."""

    total: int  # items (one under two tags counts once)
    groups: list[tuple[str, str, list[tuple[Any, ...]]]]  # (tag, label, rows)


def brief(store: Store, config: Config, where: Filter, *, everything: bool) -> Brief:
    """:func:`build`, for the terminal."""
    import json

    _, where = _new_since_last_read(store, where, everything)
    rows = items.query_rows(store, where, BRIEF_COLUMNS)
    groups: dict[str, list[tuple[Any, ...]]] = {}
    tag_lists: dict[str, list[str]] = {}  # the same few tag lists come back again and again
    for row in rows:
        if row[3] and not row[2]:  # a name is shown only without a handle: masked then
            row = (*row[:3], _redact(row[3]), *row[4:])
        tags = tag_lists.get(row[10])
        if tags is None:
            tags = tag_lists[row[10]] = json.loads(row[10])
        for tag in tags:
            shown = groups.get(tag)
            if shown is None:
                shown = groups[tag] = []
            shown.append(row)
    return Brief(len(rows), _in_order(config, groups))


def _new_since_last_read(store: Store, where: Filter, everything: bool
                         ) -> tuple[datetime | None, Filter]:
    """Without filters and without ``everything``: since when "new" counts, and the filter for
    it; this read is remembered for the next."""
    filtered = any((where.since, where.tag, where.state, where.account))
    if everything or filtered:
        return None, where
    last = items.get_setting(store, LAST_READ)
    items.set_setting(store, LAST_READ, utc_iso_precise(now_utc()))
    return (from_utc_iso(last) if last else None), where._replace(collected_after=last)


_Shown = TypeVar("_Shown")


def _in_order(config: Config, groups: dict[str, list[_Shown]]
              ) -> list[tuple[str, str, list[_Shown]]]:
    """(tag, label, items) in the configured order of the tags, then what matched none, then
    tags no longer configured (by name)."""
    labels = tagging.labels(config.tags)
    order = list(labels)
    ordered = sorted(groups, key=lambda tag: (order.index(tag) if tag in order else len(order),
                                              tag))
    return [(tag, labels.get(tag, tag), groups[tag]) for tag in ordered]


def route(who: str | None, source: str, account: str | None, profile: str | None) -> str:
    """Where an item came from, for people: "@anna → mastodon-wijk (jdevries/werk)" for what one
    of our accounts received, "Afvalservice · feed:gemeente" for what a feed said."""
    if account:
        return f"{who or source} → {account} ({profile or '-'})"
    return f"{who} · {source}" if who else source


def render_markdown(digest: Digest, config: Config) -> str:
    from wijkpost.i18n import t

    when = LocalClock(config.tz).format
    lines = [f"# {t('digest.title')}", ""]
    if not digest.items:
        return "\n".join([*lines, t("digest.empty"), ""])
    for _tag, label, shown in digest.groups:
        lines += [f"## {_md(label)} ({len(shown)})", ""]
        for data in shown:
            flag = f" · {t('digest.off_duty')}" if data["off_duty"] else ""
            came = route(data["author_handle"] or data["author_name"], data["source"],
                         data["account"], data["profile"])
            state = t("digest.state." + data["state"])
            lines.append(f"- **#{data['id']}** {when(data['created_at'])} · {_md(came)}{flag}"
                         f" · {state}")
            for text_line in data["text"].splitlines() or [""]:
                lines.append(f"  > {_md_quoted(text_line)}")
            if data["url"]:  # a URL from outside: "<", ">" or a space would end the autolink
                lines.append(f"  <{_md_url(data['url'])}>")
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Residents' text in Markdown: no HTML, no link or emphasis syntax of theirs takes effect,
    no control characters."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+!|>~=-])", r"\\\1", html.escape(printable(text), quote=False))


def _md_quoted(line: str) -> str:
    """A line of a resident's text inside the item's quote: it must stay a line of text, not
    start a block of its own (an indented code block, ``1.`` list, ``===`` heading)."""
    import re

    return re.sub(r"^(\d+)\.", r"\1\\.", _md(line.strip()))


def _md_url(url: str) -> str:
    """A URL from outside, percent-encoded where it would end a Markdown autolink."""
    from urllib.parse import quote

    return quote(printable(url), safe=":/?#[]@!$&'()*+,;=%~")


def render_html(digest: Digest, config: Config, template_dirs: "Sequence[Path]") -> str:
    from wijkpost.i18n import language, t
    from wijkpost.templating import environment

    env = environment(template_dirs)
    return env.get_template("digest.html").render(
        digest=digest, lang=language(), t=t, local=LocalClock(config.tz).format, route=route,
        generated=local(now_utc(), config.tz))
