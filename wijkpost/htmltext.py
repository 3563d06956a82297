"""Residents' HTML as plain text: feed entries and Mastodon posts go through this one reader.

Text from outside is hostile until shown otherwise, so the reader is the standard library's
html.parser with these rules:

- scripts, styles and other code-or-markup elements are dropped with their content (an unclosed
  one hides the rest, as in a browser);
- block elements become paragraphs, ``br`` and list items lines; whitespace is normalised;
- entities are resolved exactly once (``&amp;lt;`` stays ``&lt;``: it is what the resident typed);
- only absolute http(s) and mailto links survive (:func:`safe_url`); links with one of the
  given classes (Mastodon's mention and hashtag links) are not links a resident shared;
- everything is capped: the markup read, the text kept (:data:`TEXT_LIMIT`, ending in "…"), and
  the markup html.parser may hold back, where it is quadratic in older Pythons.

The result is text, never markup: every output escapes it again for its own format.
"""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser

TEXT_LIMIT = 20_000  # characters of plain text per entry; a digest line, not an archive
# Markup read per entry: room for the text limit in ordinary markup, small enough that an
# entry of nothing but tags costs a few tenths of a second in html.parser, not seconds.
HTML_LIMIT = 10 * TEXT_LIMIT
_HTML_CHUNK = 8192
# Unparsed markup html.parser may hold back while it waits for the end of a construct ("<!--"
# without "-->", "</" without ">"). More than this and the rest of the entry is such a
# construct, which a browser would not show either: we stop there. It also keeps close() away
# from a big leftover, where html.parser (before 3.11.13/3.12.11) is quadratic: 500 kB of
# "</" takes it 45 seconds.
_HTML_STUCK = 64 * 1024
_HTML_CLOSE_MAX = 4096
URL_LIMIT = 4096
LINK_SCHEMES = ("http", "https", "mailto")
ELLIPSIS = "…"


def safe_url(raw: object, base: str | None, schemes: tuple[str, ...] = ("http", "https")
             ) -> str | None:
    """An absolute URL with an allowed scheme, or None (javascript:, data:, relative junk)."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > URL_LIMIT:
        return None
    try:
        # urlsplit drops tabs and newlines, as browsers do, so "java\tscript:" is caught too.
        joined = urllib.parse.urljoin(base, raw.strip()) if base else raw.strip()
        parts = urllib.parse.urlsplit(joined)
    except ValueError:  # e.g. a bad IPv6 literal
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return urllib.parse.urlunsplit(parts)


class _TextExtractor(HTMLParser):
    """Text and link targets out of an HTML fragment; never executes or keeps markup."""

    # Their content is code or markup, never text for a person (unclosed ones hide the rest,
    # which is also what a browser does with them).
    SKIP = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe",
                      "object", "title", "head"})
    PARAGRAPH = frozenset({"p", "div", "section", "article", "header", "footer", "aside", "nav",
                           "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol",
                           "dl", "table", "figure", "hr", "address", "details", "main", "form"})
    LINE = frozenset({"br", "li", "tr", "dt", "dd", "figcaption", "summary"})
    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area",
                      "base", "col", "embed", "param", "track"})

    def __init__(self, base: str | None, skip_link_classes: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.skip_link_classes = skip_link_classes
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.skip_depth = 0
        self.size = 0  # characters of text so far

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            if tag not in self.VOID:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "a":
            found = dict(attrs)
            if not self.skip_link_classes.intersection((found.get("class") or "").split()):
                self.links.append(safe_url(found.get("href"), self.base, LINK_SCHEMES))
        if tag in self.PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in self.LINE:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <script/> or <br/>: a start without content; never opens a skipped region.
        if tag not in self.SKIP and not self.skip_depth:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif not self.skip_depth and tag in self.PARAGRAPH:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(_SPACES.sub(" ", data))
            self.size += len(data)


_SPACES = re.compile(r"\s+")  # in HTML source a newline is just a space
_HSPACE = re.compile(r"[^\S\n]+")  # whitespace except newlines


def to_text(value: str, is_html: bool = True, base: str | None = None, *,
            skip_link_classes: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """Plain text (paragraphs kept, whitespace normalised, capped) and the links it holds.

    ``base`` resolves relative links; ``skip_link_classes``: links with one of these classes
    are left out of the links (their text stays)."""
    cut = len(value) > HTML_LIMIT
    value = value[:HTML_LIMIT]
    links: list[str] = []
    if is_html:
        parser = _TextExtractor(base, skip_link_classes)
        try:
            for start in range(0, len(value), _HTML_CHUNK):
                parser.feed(value[start:start + _HTML_CHUNK])
                more = start + _HTML_CHUNK < len(value)
                if more and (parser.size > TEXT_LIMIT or len(parser.rawdata) > _HTML_STUCK):
                    cut = True  # enough text, or the rest is one unterminated construct
                    break
            else:
                # After a cut the leftover is half a tag; otherwise flush what is held back.
                if not cut and len(parser.rawdata) <= _HTML_CLOSE_MAX:
                    parser.close()
        except (AssertionError, ValueError):  # older html.parser versions on broken markup
            pass
        raw = "".join(parser.parts)
        links = [link for link in parser.links if link]
    else:
        raw = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_HSPACE.sub(" ", line).strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if cut or len(text) > TEXT_LIMIT:
        text = truncate(text, TEXT_LIMIT)
    return text, links


def truncate(text: str, limit: int) -> str:
    if len(text) < limit:
        return text + ELLIPSIS  # the source was cut before the text reached the limit
    cut = text[: limit - 1]
    space = cut.rfind(" ", limit - 200)  # end on a word when one ends nearby
    return (cut[:space] if space > 0 else cut).rstrip() + ELLIPSIS


def one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return truncate(line, limit) if len(line) > limit else line
