"""Reading one neighbourhood feed: RSS 0.9x/1.0/2.0, Atom or JSON Feed 1.x, from the web or disk.

:func:`read_feed` turns whatever a municipality, a residents' association or a local paper
publishes into one shape, :class:`FeedEntry`, so the digest never needs to know the format.

Choices worth knowing (the why is next to the code):

- We fetch the bytes ourselves (requests, our timeout and size cap) and hand feedparser a stream,
  never a URL or a plain ``bytes`` object: feedparser treats a str as a URL and tries a bytes
  value as a *file name* first, so hostile body text like ``/etc/passwd`` would be read from disk.
  feedparser only parses: its HTML sanitizer and URI resolver are off (we do both, faster), and
  entity declarations in the DTD are removed before it sees them ("billion laughs").
- Encodings follow RFC 7303, not feedparser's RFC 3023: a charset on an XML content type wins,
  otherwise the document's declaration; "text/xml" alone does not mean US-ASCII.
- A feed feedparser calls "bozo" (not well-formed) is still accepted when entries came out of
  it, as every feed reader does: a stray ``&nbsp;`` or a wrong encoding declaration should not
  hide the municipality's news. The complaint is kept in :attr:`FeedResult.warning`. Bozo with
  no entries is a :class:`FeedError` naming the reason and, for XML, the line.
- Entry HTML becomes plain text through :mod:`wijkpost.htmltext` (html.parser, shared with
  Mastodon posts): scripts, styles and their content are dropped, only http(s)/mailto links
  survive. Zero-width and bidi control characters are kept: masking them is the output layer's
  job, here they only must not crash.
- Everything is capped: the body (``max_bytes``, counted after gzip), the time for the whole
  download (``timeout``, not just per read), the text per entry (ending in "…"), the markup
  read per entry, titles, links and attachments per entry.
- A local file has no ETag; its mtime, as an HTTP date, plays Last-Modified.

feedparser and requests are imported inside the functions that use them: importing this module
happens on every ``wijkpost`` start, and those two would slow down even ``wijkpost --help``.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import io
import json
import re
import stat
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkpost import __version__
from wijkpost.errors import WijkpostError
from wijkpost.htmltext import one_line, safe_url, to_text
from wijkpost.i18n import t

if TYPE_CHECKING:
    import requests

USER_AGENT = f"wijkpost/{__version__}"
# Feed types first; */* last because plenty of municipal CMSes serve RSS as text/html.
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
          "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
          "application/json;q=0.8, */*;q=0.5")

TITLE_LIMIT = 500
AUTHOR_LIMIT = 200
MAX_LINKS = 50
MAX_ATTACHMENTS = 20
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FeedEntry:
    id: str  # entry id/guid, else link, else a hash of title+date (stable between reads)
    title: str  # plain text, may be "" when the feed gives none
    text: str  # plain text, paragraphs separated by one blank line
    url: str | None  # http(s) only
    author: str | None
    published: datetime | None  # aware, UTC
    links: tuple[str, ...]  # http(s)/mailto, the entry's own url first
    attachments: tuple[str, ...]  # "name (mime/type)" or "name"


@dataclass(frozen=True)
class FeedResult:
    entries: list[FeedEntry]
    etag: str | None
    modified: str | None  # HTTP date: Last-Modified, or a local file's mtime
    not_modified: bool  # 304 or unchanged mtime: nothing new, entries empty
    title: str | None
    # Set when the feed was accepted despite a complaint (not well-formed XML, an encoding
    # mismatch): the reason, for a log line. None for a clean feed.
    warning: str | None = None


class FeedError(WijkpostError):
    """A feed that could not be read: the message names the feed and the reason."""

    def __init__(self, message: str, *, source: str, status: int | None = None) -> None:
        from wijkpost.printable import printable

        super().__init__(printable(message))  # it may quote the server (its HTTP reason)
        self.source = source
        self.status = status  # the HTTP status, when the server answered with an error


@dataclass(frozen=True)
class _Fetched:
    body: bytes
    etag: str | None
    modified: str | None
    not_modified: bool
    content_type: str | None = None
    base_url: str | None = None  # for resolving relative links


# ---------------------------------------------------------------------------------- entry point
def read_feed(source: str, *, etag: str | None = None, modified: str | None = None,
              timeout: float = 20.0, max_bytes: int = 5_000_000,
              base_dir: Path | None = None) -> FeedResult:
    """Read the feed at ``source``: an http(s) URL, a ``file://`` URL or a path.

    ``etag`` and ``modified`` are what the previous :class:`FeedResult` returned; with them an
    unchanged feed costs one small request and yields ``not_modified=True``. A relative path is
    taken relative to ``base_dir`` (else the working directory). Raises :class:`FeedError`.
    """
    source = source.strip()
    try:
        scheme = urllib.parse.urlsplit(source).scheme.lower()
    except ValueError as exc:  # "http://[::1/feed": a broken IPv6 literal
        label = source[:200]
        raise FeedError(t("feeds.bad_url", feed=label, reason=exc), source=label) from exc
    if scheme in ("http", "https"):
        label = _display_url(source)
        fetched = _fetch_http(source, label, etag, modified, timeout, max_bytes)
    elif scheme == "file":
        path = _file_url_path(source, base_dir)
        label = str(path)
        fetched = _read_local(path, label, modified, max_bytes)
    elif len(scheme) > 1:  # a one-letter "scheme" is a Windows drive: C:\feeds\nieuws.xml
        label = _display_url(source)
        raise FeedError(t("feeds.scheme", feed=label, scheme=scheme), source=label)
    else:
        path = _local_path(source, base_dir)
        label = str(path)
        fetched = _read_local(path, label, modified, max_bytes)

    if fetched.not_modified:
        return FeedResult([], fetched.etag, fetched.modified, True, None)
    entries, title, warning = _parse(fetched.body, label, fetched.content_type, fetched.base_url)
    return FeedResult(entries, fetched.etag, fetched.modified, False, title, warning)


def _display_url(url: str) -> str:
    """The URL for messages, without user:password and query (private feeds put keys there)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:  # IPv6
            host = f"[{host}]"
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return url[:200]
    query = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{parts.path}{query}"


# ---------------------------------------------------------------------------------- HTTP
def _fetch_http(url: str, label: str, etag: str | None, modified: str | None,
                timeout: float, max_bytes: int) -> _Fetched:
    import requests
    import urllib3

    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    # requests' timeout bounds each socket wait, not the whole download: a server dripping one
    # byte a second would never trip it. The deadline bounds the total.
    deadline = time.monotonic() + timeout
    try:
        with requests.Session() as session:
            session.max_redirects = MAX_REDIRECTS
            with session.get(url, headers=headers, timeout=(timeout, timeout), stream=True,
                             allow_redirects=True) as resp:
                return _read_response(resp, label, etag, modified, max_bytes, deadline,
                                      timeout)
    except requests.exceptions.Timeout as exc:
        raise FeedError(t("feeds.timeout", feed=label, seconds=timeout), source=label) from exc
    except requests.exceptions.TooManyRedirects as exc:
        raise FeedError(t("feeds.redirects", feed=label, limit=MAX_REDIRECTS),
                        source=label) from exc
    except (requests.exceptions.ConnectionError, urllib3.exceptions.HTTPError) as exc:
        # A read timeout during the body comes as requests' ConnectionError or, from read1,
        # as urllib3's own ReadTimeoutError.
        if _is_read_timeout(exc):
            raise FeedError(t("feeds.timeout", feed=label, seconds=timeout),
                            source=label) from exc
        raise FeedError(t("feeds.connection", feed=label, reason=_root_reason(exc)),
                        source=label) from exc
    except requests.exceptions.RequestException as exc:
        raise FeedError(t("feeds.connection", feed=label, reason=_root_reason(exc)),
                        source=label) from exc
    except (ValueError, UnicodeError) as exc:  # urllib3/idna on a host it cannot encode
        raise FeedError(t("feeds.bad_url", feed=label, reason=exc), source=label) from exc


def _read_response(resp: requests.Response, label: str, etag: str | None,
                   modified: str | None, max_bytes: int, deadline: float,
                   timeout: float) -> _Fetched:
    if resp.status_code == 304:
        # Keep the validators: a 304 may omit them, and the caller stores what we return.
        return _Fetched(b"", resp.headers.get("ETag") or etag,
                        resp.headers.get("Last-Modified") or modified, True)
    if not 200 <= resp.status_code < 300:
        raise FeedError(t("feeds.http_status", feed=label, status=resp.status_code,
                          reason=resp.reason or ""), source=label, status=resp.status_code)
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:  # refuse before reading anything
        raise FeedError(t("feeds.too_big", feed=label, limit=max_bytes), source=label)
    body = bytearray()
    # Chunks come decoded (gzip undone), so the cap counts what we would parse, not what came
    # over the wire: a small compressed bomb stops here too.
    for chunk in _body_chunks(resp):
        body += chunk
        if len(body) > max_bytes:
            raise FeedError(t("feeds.too_big", feed=label, limit=max_bytes), source=label)
        if time.monotonic() > deadline:
            raise FeedError(t("feeds.timeout", feed=label, seconds=timeout), source=label)
    return _Fetched(bytes(body), resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                    False, resp.headers.get("Content-Type"), resp.url)


def _body_chunks(resp: requests.Response) -> Iterator[bytes]:
    """The body as it arrives. read1 returns what one socket read brings, so the deadline is
    checked even while a server drips a byte at a time; iter_content would first wait for a
    full chunk, and a drip never times out a single read. urllib3 < 2.3 has no read1."""
    read1 = getattr(resp.raw, "read1", None)
    if read1 is None:
        yield from resp.iter_content(_CHUNK)
        return
    while chunk := read1(_CHUNK, decode_content=True):
        yield chunk


def _causes(exc: BaseException) -> Iterable[BaseException]:
    """The exception and what it wraps: args, urllib3's ``reason``, __cause__/__context__."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in current.args if isinstance(a, BaseException))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)


def _is_read_timeout(exc: BaseException) -> bool:
    return any(isinstance(e, TimeoutError) or type(e).__name__ == "ReadTimeoutError"
               for e in _causes(exc))


def _root_reason(exc: BaseException) -> str:
    """The innermost useful reason ("Connection refused"), not requests' pool-and-retry prose."""
    reason = str(exc)
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        text = str(cause).strip()
        if text:
            reason = text
    return reason.rsplit(": ", 1)[-1] if len(reason) > 120 else reason


# ---------------------------------------------------------------------------------- local files
def _local_path(source: str, base_dir: Path | None) -> Path:
    path = Path(source).expanduser()
    return path if path.is_absolute() else (base_dir or Path.cwd()) / path


def _file_url_path(source: str, base_dir: Path | None) -> Path:
    parts = urllib.parse.urlsplit(source)
    if parts.netloc not in ("", "localhost"):  # file://server/share: not ours to reach
        label = _display_url(source)
        raise FeedError(t("feeds.scheme", feed=label, scheme="file://" + parts.netloc),
                        source=label)
    return _local_path(urllib.request.url2pathname(parts.path), base_dir)


def _read_local(path: Path, label: str, modified: str | None, max_bytes: int) -> _Fetched:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise FeedError(t("feeds.no_file", feed=label), source=label) from exc
    except OSError as exc:
        raise FeedError(t("feeds.unreadable", feed=label, reason=exc.strerror or exc),
                        source=label) from exc
    if not stat.S_ISREG(info.st_mode):  # a directory, or a FIFO that would block forever
        raise FeedError(t("feeds.not_a_file", feed=label), source=label)
    # The mtime is taken before reading: if the file changes in between, the next read sees a
    # newer mtime and reads again. The other order could hide a change for good.
    mtime = email.utils.formatdate(info.st_mtime, usegmt=True)
    if modified and _same_http_date(modified, mtime):
        return _Fetched(b"", None, mtime, True)
    if info.st_size > max_bytes:
        raise FeedError(t("feeds.too_big", feed=label, limit=max_bytes), source=label)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise FeedError(t("feeds.unreadable", feed=label, reason=exc.strerror or exc),
                        source=label) from exc
    if len(data) > max_bytes:
        raise FeedError(t("feeds.too_big", feed=label, limit=max_bytes), source=label)
    return _Fetched(data, None, mtime, False)


def _same_http_date(given: str, mtime: str) -> bool:
    """Equal as moments, so "Tue, 05 Nov 2024 ..." and an equivalent spelling both match."""
    if given.strip() == mtime:
        return True
    try:
        return email.utils.parsedate_to_datetime(given) == \
            email.utils.parsedate_to_datetime(mtime)
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------------- parsing
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL)
_XML_CONTENT_TYPE = re.compile(r"^(?:application|text)/(?:[\w.+-]*\+)?xml$")


def _parse(data: bytes, label: str, content_type: str | None,
           base_url: str | None) -> tuple[list[FeedEntry], str | None, str | None]:
    head = data[:2048]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    head = head.lstrip()
    if not head:
        raise FeedError(t("feeds.empty", feed=label), source=label)
    if head[:1] in (b"{", b"["):
        entries, title = _parse_json_feed(data, label, base_url)
        return entries, title, None
    if _HTML_START.match(head):
        raise FeedError(t("feeds.html", feed=label), source=label)
    # Anything else must at least start like XML (UTF-16 without BOM starts with a NUL byte).
    if not (head.startswith(b"<") or head.startswith(b"\x00<") or data[:2] in _BOMS[1:3]):
        raise FeedError(t("feeds.not_feed", feed=label), source=label)
    return _parse_xml_feed(data, label, content_type, base_url)


def _parse_xml_feed(data: bytes, label: str, content_type: str | None,
                    base_url: str | None) -> tuple[list[FeedEntry], str | None, str | None]:
    import feedparser

    # feedparser follows RFC 3023: text/xml without charset means US-ASCII and no content type
    # at all means ISO-8859-1, both wrong for today's UTF-8 feeds. We follow RFC 7303: an XML
    # media type's charset wins, otherwise the document's own declaration or BOM decides.
    headers = {"content-type": "application/xml"}
    if content_type:
        mime, _, params = content_type.partition(";")
        charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
        if charset and _XML_CONTENT_TYPE.match(mime.strip().lower()):
            headers["content-type"] = f"application/xml; charset={charset[1]}"
    # No content-location on purpose: feedparser would resolve every <guid> against it too, and
    # an id like "buurtapp-881" would become a URL that changes with the feed's address. We
    # resolve links ourselves (xml:base inside the feed is still applied by feedparser).
    # feedparser's HTML sanitizer and URI resolver are off: both re-parse every entry's HTML in
    # pure Python (40 s for one hostile 5 MB entry), and neither is needed: we never pass HTML
    # on, our own parser drops scripts and filters links, and we resolve links ourselves.
    parsed = feedparser.parse(io.BytesIO(_drop_entity_declarations(data)),
                              response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    raw_entries: list[Mapping[str, Any]] = list(parsed.get("entries") or [])
    version = parsed.get("version") or ""
    warning = None
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        harmless = isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)
        if not raw_entries and not (harmless and version):
            raise FeedError(_malformed_message(label, problem), source=label)
        warning = _describe_problem(problem)
    if not version and not raw_entries:
        raise FeedError(t("feeds.not_feed", feed=label), source=label)
    feed = parsed.get("feed") or {}
    feed_link = safe_url(feed.get("link"), base_url)
    entries = [_entry_from_feedparser(e, base_url, feed_link) for e in raw_entries]
    title = _detail_text(feed.get("title"), feed.get("title_detail"), TITLE_LIMIT) or None
    return entries, title, warning


_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE\s[^\[>]*\[.*?\]\s*>", re.DOTALL)


def _drop_entity_declarations(data: bytes) -> bytes:
    """The document without the internal DTD subset when that declares entities.

    Nested entities are the "billion laughs": expat stops them at its amplification limit, but
    only after feedparser has handled megabytes of "lol" (seconds of CPU). Real feeds do not
    declare entities; one that does gets its references as literal text (and a warning).
    """
    start = data.find(b"<!DOCTYPE", 0, 4096)  # it can only come before the root element
    if start < 0:
        return data
    match = _DOCTYPE_SUBSET.match(data, start)
    if match is None or b"<!ENTITY" not in match[0]:
        return data
    name = match[0].split(b"[", 1)[0]
    return data[:start] + name.rstrip() + b">" + data[match.end():]


def _describe_problem(problem: object) -> str:
    line = _line_of(problem)
    reason = _reason_of(problem)
    return f"{reason} (line {line})" if line else reason


def _malformed_message(label: str, problem: object) -> str:
    line = _line_of(problem)
    reason = _reason_of(problem)
    if line:
        return t("feeds.malformed_line", feed=label, line=line, reason=reason)
    return t("feeds.malformed", feed=label, reason=reason)


def _line_of(problem: object) -> int | None:
    get_line = getattr(problem, "getLineNumber", None)  # xml.sax.SAXParseException
    if callable(get_line):
        line = get_line()
        return line if isinstance(line, int) and line > 0 else None
    return None


def _reason_of(problem: object) -> str:
    get_message = getattr(problem, "getMessage", None)
    text = str(get_message() if callable(get_message) else problem or "")
    return text.strip() or type(problem).__name__


def _entry_from_feedparser(e: Mapping[str, Any], doc_url: str | None,
                           feed_link: str | None) -> FeedEntry:
    # Relative links belong to the document's address (xml:base semantics); a feed read from
    # disk has none, so there the entry's own link, else the site's, stands in.
    url = safe_url(e.get("link"), doc_url or feed_link)
    base = doc_url or url or feed_link
    title = _detail_text(e.get("title"), e.get("title_detail"), TITLE_LIMIT)
    text, body_links = _entry_body(e, base)
    raw_date = _stored(e, "published") or _stored(e, "updated")
    published = (_struct_to_utc(_stored(e, "published_parsed"))
                 or _struct_to_utc(_stored(e, "updated_parsed"))
                 or _parse_date_text(raw_date))
    detail = e.get("author_detail") or {}
    # Names come escaped once too often as often as titles do ("Jan &amp;amp; Piet"); no one
    # is called "&amp;", so a reference left in a name is read as one.
    name = html.unescape(detail.get("name") or e.get("author") or "")
    author = one_line(name, AUTHOR_LIMIT) or None

    links: list[str | None] = [url]
    attachments: list[tuple[str | None, str | None, str | None]] = []  # url, title, type
    for link in e.get("links") or []:
        if link.get("rel") == "enclosure":
            attachments.append((link.get("href"), link.get("title"), link.get("type")))
        else:
            links.append(safe_url(link.get("href"), base))
    for media in e.get("media_content") or []:
        attachments.append((media.get("url"), media.get("title"), media.get("type")))
    links.extend(body_links)
    return FeedEntry(
        id=_entry_id(e.get("id"), url, title, published, raw_date, text),
        title=title, text=text, url=url, author=author, published=published,
        links=_unique(links, MAX_LINKS),
        attachments=_describe_attachments(attachments, base),
    )


def _stored(e: Mapping[str, Any], key: str) -> Any:
    """What feedparser stored under ``key``. Its own get() answers a missing "updated*" with
    "published*" plus a DeprecationWarning; we want the absence."""
    return dict.get(e, key) if isinstance(e, dict) else e.get(key)


def _entry_body(e: Mapping[str, Any], base: str | None) -> tuple[str, list[str]]:
    """The fullest text the entry has: content (HTML preferred), else the summary."""
    contents = [c for c in e.get("content") or [] if isinstance(c, Mapping) and c.get("value")]
    contents.sort(key=lambda c: not _is_html(c.get("type")))
    if contents:
        return to_text(str(contents[0]["value"]), _is_html(contents[0].get("type")), base)
    summary = e.get("summary")
    if not summary:
        return "", []
    detail = e.get("summary_detail") or {}
    return to_text(str(summary), _is_html(detail.get("type", "text/html")), base)


def _is_html(mime: object) -> bool:
    return mime in ("text/html", "application/xhtml+xml", "html", "xhtml")


def _detail_text(value: object, detail: object, limit: int) -> str:
    """A title: plain text on one line, whatever the feed declared it as."""
    if not value:
        return ""
    is_html = isinstance(detail, Mapping) and _is_html(detail.get("type"))
    text = to_text(str(value), is_html, None)[0] if is_html else str(value)
    return one_line(text, limit)


# ---------------------------------------------------------------------------------- JSON Feed
def _parse_json_feed(data: bytes, label: str,
                     base_url: str | None) -> tuple[list[FeedEntry], str | None]:
    try:
        text = data.decode("utf-8-sig")  # JSON Feed is UTF-8 (RFC 8259); a BOM is tolerated
    except UnicodeDecodeError as exc:
        raise FeedError(t("feeds.json_invalid", feed=label, line=1, reason=exc.reason),
                        source=label) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(t("feeds.json_invalid", feed=label, line=exc.lineno, reason=exc.msg),
                        source=label) from exc
    except RecursionError as exc:  # [[[[...]]]] thousands deep
        raise FeedError(t("feeds.json_invalid", feed=label, line=1, reason="nesting too deep"),
                        source=label) from exc
    if not isinstance(doc, dict):
        raise FeedError(t("feeds.json_not_feed", feed=label, reason="not an object"),
                        source=label)
    version = doc.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError(t("feeds.json_not_feed", feed=label, reason="no JSON Feed version"),
                        source=label)
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError(t("feeds.json_not_feed", feed=label, reason="no items list"),
                        source=label)
    base = (safe_url(doc.get("home_page_url"), base_url) or safe_url(doc.get("feed_url"),
            base_url) or base_url)
    feed_authors = _json_authors(doc)
    entries = [_entry_from_json(item, base, feed_authors) for item in items
               if isinstance(item, dict)]
    title = one_line(_str(doc.get("title")), TITLE_LIMIT) or None
    return entries, title


def _str(value: object) -> str:
    # JSON Feed says strings, real feeds send numbers for ids and null for "absent".
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return str(value) if ok else ""


def _json_authors(obj: Mapping[str, Any]) -> str | None:
    """1.1 ``authors`` list, or 1.0's single ``author``; names joined."""
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
    return one_line(", ".join(n for n in names if n), AUTHOR_LIMIT) or None


def _entry_from_json(item: Mapping[str, Any], base: str | None,
                     feed_author: str | None) -> FeedEntry:
    url = safe_url(item.get("url"), base) or safe_url(item.get("external_url"), base)
    title = one_line(_str(item.get("title")), TITLE_LIMIT)
    if _str(item.get("content_html")):
        text, body_links = to_text(_str(item["content_html"]), True, url or base)
    else:
        text, body_links = to_text(_str(item.get("content_text")) or _str(item.get("summary")),
                                    False, None)
    raw_date = _str(item.get("date_published")) or _str(item.get("date_modified"))
    published = _parse_date_text(raw_date)
    attachments: list[tuple[str | None, str | None, str | None]] = []
    raw_attachments = item.get("attachments")
    for att in raw_attachments if isinstance(raw_attachments, list) else []:
        if isinstance(att, dict):
            attachments.append((_str(att.get("url")), _str(att.get("title")),
                                _str(att.get("mime_type"))))
    links = [url, safe_url(item.get("external_url"), base), *body_links]
    return FeedEntry(
        id=_entry_id(_str(item.get("id")), url, title, published, raw_date, text),
        title=title, text=text, url=url, author=_json_authors(item) or feed_author,
        published=published, links=_unique(links, MAX_LINKS),
        attachments=_describe_attachments(attachments, base),
    )


# ---------------------------------------------------------------------------------- shared bits
def _entry_id(raw_id: object, url: str | None, title: str, published: datetime | None,
              raw_date: object, text: str) -> str:
    if isinstance(raw_id, str) and raw_id.strip():
        return raw_id.strip()
    if url:
        return url
    # Title and date identify a post across reads; the text only joins in when both are missing,
    # because an edited text would otherwise look like a new post.
    date = published.isoformat() if published else (str(raw_date) if raw_date else "")
    key = f"{title}\x1f{date}" if title or date else f"\x1f\x1f{text}"
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _unique(values: Iterable[str | None], limit: int) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for value in values:
        if value and value not in out:
            out[value] = None
            if len(out) >= limit:
                break
    return tuple(out)


def _describe_attachments(items: Iterable[tuple[str | None, str | None, str | None]],
                          base: str | None) -> tuple[str, ...]:
    """Each attachment as "title (type)" or "file name (type)": what a reader needs to decide."""
    out: list[str | None] = []
    for url, title, mime in items:
        name = one_line(title or "", TITLE_LIMIT)
        if not name and url:
            path = urllib.parse.urlsplit(urllib.parse.urljoin(base or "", url)).path
            name = one_line(urllib.parse.unquote(path.rstrip("/").rsplit("/", 1)[-1]), 200)
        if not name:
            continue
        mime_text = one_line(mime or "", 100)
        out.append(f"{name} ({mime_text})" if mime_text else name)
    return _unique(out, MAX_ATTACHMENTS)


def _struct_to_utc(value: object) -> datetime | None:
    """feedparser's ``*_parsed``: a time.struct_time already converted to UTC."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        # min(): a leap second (60) is valid in a struct_time, not in a datetime.
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


_NL_MONTHS = {
    "januari": "Jan", "februari": "Feb", "maart": "Mar", "mrt": "Mar", "april": "Apr",
    "mei": "May", "juni": "Jun", "juli": "Jul", "augustus": "Aug", "oktober": "Oct",
    "okt": "Oct", "september": "Sep", "sept": "Sep", "november": "Nov", "december": "Dec",
}
_NL_DAYS = re.compile(r"^\s*(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|"
                      r"vrijdag|zaterdag|zondag)\.?,?\s*", re.IGNORECASE)


def _parse_date_text(value: object) -> datetime | None:
    """A date feedparser could not read: RFC 3339 (JSON Feed) or RFC 822 with Dutch names
    ("di, 05 nov 2024 09:30:00 +0100"), which Dutch CMSes produce and feedparser does not know.
    A date without zone is taken as UTC, as feedparser does."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        english = _NL_DAYS.sub("", text)
        english = re.sub(r"[A-Za-z]+\.?",
                         lambda m: _NL_MONTHS.get(m[0].rstrip(".").lower(), m[0]), english)
        try:
            moment = email.utils.parsedate_to_datetime(english)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 minus an offset
        return None
