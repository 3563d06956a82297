"""Post bodies: CommonMark to safe HTML, and a plain-text excerpt for lists and descriptions.

Bodies are rendered by cmark (:mod:`wijkpost.cmark`, GitHub's C implementation of CommonMark): a
10,000-post site spends a fortieth of the time it did in a pure-Python parser. cmark runs in its
safe mode: raw HTML is left out (as composition leaves it out of Mastodon and X posts, so the
channels agree) and ``javascript:``, ``vbscript:``, ``file:`` and non-image ``data:`` URLs are
emptied; tests hold it to that. On cmark's output the renderer then

- turns links and images whose URL cmark emptied (or that had none) into their plain text;
- shifts headings one level down and never lets them skip a level, because the page's title is the
  only ``h1`` (WCAG: one h1, no skipped levels);
- turns images from other hosts into plain links: the site loads nothing from another host, so a
  resident's browser tells no third party what they read;
- resolves ``media/…`` paths (relative to the site directory, as in front matter) against the
  page's root, or the site's absolute URL in feeds;
- in feeds, makes every other relative URL absolute against the post's own URL, as a browser
  reads it on the post's page: a feed reader has no page to resolve ``/tags/`` or ``../x``
  against (RSS cannot even say what the base would be).

These steps rewrite cmark's HTML with regular expressions, which is sound here and only here:
cmark writes its few tags in one fixed form, and every ``<`` and ``"`` of the author's text
reaches its output escaped, so a pattern can only ever match markup cmark made itself.
"""

from __future__ import annotations

import re
from html import escape, unescape

from wijkpost.cmark import cmark_html

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_SPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(r"^\s{0,3}(#|```|~~~|>|[-*+]\s|\d+[.)]\s|\||!\[)")

# The forms cmark writes (see its html.c): nothing else in its output looks like these.
_OMITTED = re.compile(r"<!-- raw HTML omitted -->\n?")
_HEADING = re.compile(r"<(/?)h([1-6])>")
_IMAGE_TAG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? />')
_EMPTY_LINK = re.compile(r'<a href=""(?: title="[^"]*")?>(.*?)</a>', re.S)
_MEDIA_URL = re.compile(r'(href|src)="media/')


def _is_external(url: str) -> bool:
    return url.startswith("//") or bool(_SCHEME.match(url))


def render_markdown(body: str, prefix: str = "", page_url: str = "") -> str:
    """Body HTML. ``prefix`` is what ``media/…`` paths are resolved against (page root or URL);
    ``page_url`` (for feeds) is the post's absolute URL, which other relative URLs are resolved
    against."""
    html = cmark_html(body)
    if "<!--" in html:
        html = _OMITTED.sub("", html)
    if "<h" in html:
        html = _shift_headings(html)
    if "<img" in html:
        html = _IMAGE_TAG.sub(_image, html)
    if '<a href=""' in html:
        html = _EMPTY_LINK.sub(r"\1", html)
    if 'media/' in html:
        html = _MEDIA_URL.sub(lambda m: f'{m.group(1)}="{escape(prefix)}media/', html)
    if page_url:
        html = _URL_ATTRIBUTE.sub(lambda m: _absolute(m, page_url), html)
    return html


_URL_ATTRIBUTE = re.compile(r'(href|src)="([^"]+)"')


def _absolute(match: re.Match[str], page_url: str) -> str:
    url = unescape(match.group(2))
    if _is_external(url):
        return match.group(0)
    from urllib.parse import urljoin  # (feeds only: pages keep their links as written)

    return f'{match.group(1)}="{escape(urljoin(page_url, url))}"'


def _shift_headings(html: str) -> str:
    previous = 1  # the page title's h1

    def shift(match: re.Match[str]) -> str:
        nonlocal previous
        if not match.group(1):  # an opening tag; its closing tag follows before the next one
            previous = min(int(match.group(2)) + 1, previous + 1, 6)
        return f"<{match.group(1)}h{previous}>"

    return _HEADING.sub(shift, html)


def _image(match: re.Match[str]) -> str:
    src, alt = match.group(1), match.group(2)
    if not src:  # cmark emptied a dangerous URL: what is left is the description
        return alt
    if _is_external(unescape(src)) and not src.startswith("data:"):
        return f'<a href="{src}">{alt or src}</a>'
    return match.group(0)


def excerpt(body: str, limit: int = 240) -> str:
    """Plain text of the first paragraph, cut at a word boundary.

    This runs for every changed post, so it strips the common inline syntax with regular
    expressions instead of rendering and reading back HTML (which would cost a cold build more
    than rendering every body does). The result is only ever shown as escaped text, so an odd
    construct can at worst leave a stray character, never markup.
    """
    for chunk in body.split("\n\n")[:8]:
        if not chunk.strip() or _BLOCK_START.match(chunk) or _INDENTED.match(chunk):
            continue
        # escaped punctuation (\\*) is parked in the private use area so no rule below sees it
        text = chunk
        if "\\" in text:
            text = _ESCAPED.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
        if "[" in text:
            text = _LINK.sub(r"\1", _IMAGE.sub("", text))
            text = _REF_LINK.sub(r"\1", text)
        if "<" in text:
            text = _AUTOLINK.sub(r"\1", text)
        if "`" in text or "<" in text:
            # code keeps its text; raw HTML goes, as cmark leaves it out of the page itself
            text = _CODE_OR_HTML.sub(lambda m: m.group(2) or "", text)
        for _ in range(2):  # nested emphasis: ***x*** and **_x_**
            if "*" in text:
                text = _STAR.sub(r"\2", text)
            if "_" in text:
                text = _UNDERSCORE.sub(r"\2", text)
        if "\\" in chunk:
            text = _PARKED.sub(lambda m: chr(ord(m.group(0)) - 0xE000), text)
        if "&" in text:
            text = unescape(text)
        text = _SPACE.sub(" ", text).strip()
        if text:
            return _shorten(text, limit)
    return ""


_INDENTED = re.compile(r"^(?: {4}|\t)")  # an indented code block
# A destination may hold balanced parentheses: [x](https://nl.wikipedia.org/wiki/Wijk_(stad))
_DESTINATION = r"\((?:[^()]|\([^()]*\))*\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _DESTINATION)
_LINK = re.compile(r"\[([^\]]*)\]" + _DESTINATION)
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*)>")
_CODE_OR_HTML = re.compile(
    r"(`+)(.+?)\1|<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_STAR = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE = re.compile(r"(?<![\w\\])(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED = re.compile("[\ue021-\ue07e]")


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.!?") + "…"
