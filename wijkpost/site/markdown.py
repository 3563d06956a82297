"""Post bodies: CommonMark to safe HTML, and a plain-text excerpt for lists and descriptions.

Safety comes from markdown-it itself: with ``html: False`` raw HTML is escaped, never passed
through, and its ``validateLink`` drops ``javascript:``, ``vbscript:``, ``file:`` and non-image
``data:`` URLs (tests hold it to that). On top of that the renderer

- shifts headings one level down and never lets them skip a level, because the page's title is the
  only ``h1`` (WCAG: one h1, no skipped levels);
- turns images from other hosts into plain links: the site loads nothing from another host, so a
  resident's browser tells no third party what they read;
- resolves ``media/…`` paths (relative to the site directory, as in front matter) against the
  page's root, or the site's absolute URL in feeds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_SPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(r"^\s{0,3}(#|```|~~~|>|[-*+]\s|\d+[.)]\s|\||!\[)")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only builds that render a page pay for the import

    md = MarkdownIt("commonmark", {"html": False})
    # Percent-encoding and punycoding a link destination is a pure function of the URL and costs
    # a tenth of all Markdown time; a site links to the same pages over and over.
    md.normalizeLink = lru_cache(maxsize=8192)(md.normalizeLink)  # type: ignore[method-assign]
    return md


def _is_external(url: str) -> bool:
    return url.startswith("//") or bool(_SCHEME.match(url))


def _resolve(url: str, prefix: str) -> str:
    return prefix + url if url.startswith("media/") else url


def render_markdown(body: str, prefix: str = "") -> str:
    """Body HTML. ``prefix`` is what ``media/…`` paths are resolved against (page root or URL)."""
    md = parser()
    tokens = md.parse(body)
    previous = 1  # the page title's h1
    for token in tokens:
        if token.type == "heading_open":
            level = min(int(token.tag[1]) + 1, previous + 1, 6)
            token.tag = f"h{level}"
            previous = level
        elif token.type == "heading_close":
            token.tag = f"h{previous}"
        elif token.type == "inline" and token.children:
            token.children = _inline(token.children, prefix)
    html: str = md.renderer.render(tokens, md.options, {})
    return html


def _inline(children: list[Token], prefix: str) -> list[Token]:
    from markdown_it.token import Token

    result: list[Token] = []
    for child in children:
        if child.type == "image":
            src = str(child.attrGet("src") or "")
            if _is_external(src) and not src.startswith("data:"):
                link = Token("link_open", "a", 1)
                link.attrSet("href", src)
                text = Token("text", "", 0)
                text.content = child.content or src
                result += [link, text, Token("link_close", "a", -1)]
                continue
            child.attrSet("src", _resolve(src, prefix))
        elif child.type == "link_open":
            child.attrSet("href", _resolve(str(child.attrGet("href") or ""), prefix))
        result.append(child)
    return result


def excerpt(body: str, limit: int = 240) -> str:
    """Plain text of the first paragraph, cut at a word boundary.

    This runs for every changed post, so it strips the common inline syntax with regular
    expressions instead of parsing with markdown-it (which would double a cold build's Markdown
    cost). The result is only ever shown as escaped text, so an odd construct can at worst leave
    a stray character, never markup.
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
        if "`" in text:
            text = _CODE.sub(r"\2", text)
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
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STAR = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE = re.compile(r"(?<![\w\\])(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED = re.compile("[\ue021-\ue07e]")


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.!?") + "…"
