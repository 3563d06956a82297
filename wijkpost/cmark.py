"""Markdown to HTML by cmark (GitHub's C implementation of CommonMark, through cmarkgfm).

Every channel reads a draft from this one rendering: the site (:mod:`wijkpost.site.markdown`
rewrites it into a page body) and Mastodon and X (:mod:`wijkpost.plaintext` reads it back as
text). cmark runs in its safe mode, so raw HTML is left out everywhere and ``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` URLs are emptied. It is a module of its own so
that `draft show` does not load the site's renderer to preview a social post.
"""

from __future__ import annotations

from functools import lru_cache

from wijkpost.printable import printable


@lru_cache(maxsize=16)  # `draft show` asks for one body more than once (plain text, raw HTML)
def cmark_html(body: str) -> str:
    """cmark's own HTML for ``body``, in its safe mode, without control characters: cmark
    turns a reference such as ``&#x1b;`` into one, which no page, feed or post should carry."""
    from cmarkgfm import cmark  # (a C library: loads in a millisecond, unlike a Python parser)

    return printable(cmark.markdown_to_html(body, cmark.Options.CMARK_OPT_DEFAULT))


def leaves_out_html(body: str) -> bool:
    """Whether cmark's safe mode leaves raw HTML of ``body`` out (the author should hear so)."""
    return "<!-- raw HTML omitted -->" in cmark_html(body)
