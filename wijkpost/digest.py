"""The digest: items grouped by topic, newest first, with residents' personal data masked.

Every way out (terminal, JSON, Markdown, HTML) goes through :func:`public_view`, so masking
cannot be forgotten by one format. Only `digest show ID --reveal` shows an original, and that
is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from wijkpost import items, tagging
from wijkpost.config import Config
from wijkpost.items import Filter, Item
from wijkpost.printable import printable
from wijkpost.store import Store
from wijkpost.timeutil import LocalClock, from_utc_iso, local, now_utc, utc_iso, utc_iso_precise

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


def build(store: Store, config: Config, where: Filter, *, everything: bool,
          columns: Sequence[str] = items.VIEW_COLUMNS) -> Digest:
    """Items to show. Without filters and without ``everything``: what was collected since the
    digest was last read (and this read is remembered). ``columns``: what each item needs
    (see :func:`wijkpost.items.query_views`); at least ``tags``."""
    since = None
    filtered = any((where.since, where.tag, where.state, where.account))
    if not everything and not filtered:
        last = items.get_setting(store, LAST_READ)
        since = from_utc_iso(last) if last else None
        where = where._replace(collected_after=last)
        items.set_setting(store, LAST_READ, utc_iso_precise(now_utc()))
    found = items.query_views(store, where, columns)
    for view in found:
        _mask_rest(view)
    labels = tagging.labels(config.tags)
    order = list(labels)  # the configured topics, then what matched none
    groups: dict[str, list[dict[str, Any]]] = {}
    for view in found:  # newest first already; an item with two tags is under both
        for tag in view["tags"]:
            groups.setdefault(tag, []).append(view)
    ordered = sorted(groups, key=lambda tag: (order.index(tag) if tag in order else len(order),
                                              tag))
    return Digest(found, since, [(tag, labels.get(tag, tag), groups[tag]) for tag in ordered])


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
            who = _md(data["author_handle"] or data["author_name"] or data["source"])
            where = data["account"] or data["source"]
            state = t("digest.state." + data["state"])
            lines.append(f"- **#{data['id']}** {when(data['created_at'])} · {who} → {where}"
                         f" ({data['profile'] or '-'}){flag} · {state}")
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


def render_html(digest: Digest, config: Config, template_dirs: Sequence[Path]) -> str:
    from wijkpost.i18n import language, t
    from wijkpost.templating import environment

    env = environment(template_dirs)
    return env.get_template("digest.html").render(
        digest=digest, lang=language(), t=t, local=LocalClock(config.tz).format,
        generated=local(now_utc(), config.tz))
