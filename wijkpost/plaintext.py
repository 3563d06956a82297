"""Markdown as plain text for Mastodon and X: what a social post shows of a draft.

The draft is rendered by cmark (:mod:`wijkpost.cmark`), the same rendering the site starts
from, so the channels agree on what the Markdown means: raw HTML is left out everywhere, and a
link whose URL cmark refuses (``javascript:`` …) keeps only its text. Its HTML is then read
back into blocks:

- paragraphs and headings become blocks separated by a blank line;
- list items become ``- item`` (``1. item`` in ordered lists), nested lists indented;
- quotes become ``> `` lines; code blocks stay as they are;
- links become ``text (url)`` unless the text is the URL; images and rules are dropped;
- emphasis markers go; soft line breaks become spaces (as on the site), hard breaks stay.

cmark's HTML is machine-made and regular: lower-case tags, attribute values in double quotes,
and text with only ``& < > "`` (and ``'`` in URLs) written as references. It is read with two
regular expressions rather than html.parser, whose import (with the table of every HTML entity)
took a tenth of `draft show`'s start-up; a test holds the two readings equal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wijkpost.cmark import cmark_html

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr"}
_TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = ("br", "hr", "img")  # cmark writes these as <br />: no end tag follows
_SPACES = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_TOKENS = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*/?>|<!--.*?-->|[^<]+|<',
                     re.DOTALL)
_ATTRIBUTES = re.compile(r'([a-z-]+)="([^"]*)"')
_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[_Node | str] = []


def _tree(html: str) -> _Node:
    """cmark's HTML as a tree of nodes and text (references resolved)."""
    root = _Node("", {})
    open_nodes = [root]
    for match in _TOKENS.finditer(html):
        closing, tag, attributes = match.groups()
        if tag is None:
            token = match.group()
            if not token.startswith("<!--"):  # (a comment: "raw HTML omitted")
                open_nodes[-1].children.append(_unescape(token))
        elif closing:
            if len(open_nodes) > 1 and open_nodes[-1].tag == tag:
                open_nodes.pop()
        else:
            node = _Node(tag, {name: _unescape(value)
                               for name, value in _ATTRIBUTES.findall(attributes)})
            open_nodes[-1].children.append(node)
            if tag not in _VOID:
                open_nodes.append(node)
    return root


def _unescape(text: str) -> str:
    return _REFERENCE.sub(_character, text) if "&" in text else text


def _character(match: re.Match[str]) -> str:
    name = match[1]
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    known = _NAMED.get(name)
    if known is None:  # (cmark writes no other name; should one appear, the full table reads it)
        import html

        return html.unescape(match[0])
    return known


@lru_cache(maxsize=32)  # a preview asks once per social target, for the same draft
def plain_text(markdown: str) -> str:
    text = "\n\n".join(_blocks(_tree(cmark_html(markdown)).children))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _blocks(nodes: list[_Node | str]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            continue  # the newlines cmark puts between blocks
        tag = node.tag
        if tag in _TEXT_BLOCKS:
            text = _inline(node.children)
            if text:
                out.append(text)
        elif tag in ("ul", "ol"):
            lines = _list_lines(node)
            if lines:
                out.append("\n".join(lines))
        elif tag == "blockquote":
            inner = "\n\n".join(_blocks(node.children))
            if inner:
                out.append("\n".join(f"> {line}" if line else ">" for line in inner.split("\n")))
        elif tag == "pre":
            code = "".join(_text(node)).rstrip("\n")
            if code:
                out.append(code)
        # hr and anything unknown: dropped
    return out


def _list_lines(node: _Node) -> list[str]:
    lines: list[str] = []
    number = int(node.attrs.get("start") or 1)
    for item in node.children:
        if isinstance(item, str):
            continue
        marker = f"{number}. " if node.tag == "ol" else "- "
        number += 1
        # A tight list item holds its text directly, a loose one in paragraphs.
        blocks = _blocks(item.children)
        if any(isinstance(c, str) or c.tag not in _BLOCKS for c in item.children):
            inline = _inline([c for c in item.children
                              if isinstance(c, str) or c.tag not in _BLOCKS])
            blocks = [inline, *blocks] if inline else blocks
        item_lines = "\n".join(blocks).split("\n")
        indent = " " * len(marker)
        lines.append(marker + item_lines[0])
        lines.extend(indent + line if line else "" for line in item_lines[1:])
    return lines


def _inline(nodes: list[_Node | str]) -> str:
    text = "".join(_inline_parts(nodes))
    # dropped images can leave doubled spaces behind
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _inline_parts(nodes: list[_Node | str]) -> list[str]:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node.replace("\n", " "))  # a soft line break
        elif node.tag == "br":
            parts.append("\n")
        elif node.tag == "img":
            continue
        elif node.tag == "code":
            parts.append("".join(_text(node)))
        elif node.tag == "a":
            label = "".join(_inline_parts(node.children)).strip()
            href = node.attrs.get("href") or ""
            if not label or not href or label == href or href in (f"mailto:{label}",
                                                                  f"tel:{label}"):
                parts.append(label or href)  # (no href: cmark refused the URL)
            else:
                parts.append(f"{label} ({href})")
        else:  # em, strong: keep the text, drop the markers
            parts.extend(_inline_parts(node.children))
    return parts


def _text(node: _Node) -> list[str]:
    out: list[str] = []
    for child in node.children:
        out.extend([child] if isinstance(child, str) else _text(child))
    return out
