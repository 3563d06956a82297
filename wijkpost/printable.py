"""Residents' text made safe to print: no control characters.

A Mastodon post, a display name or a JSON feed can carry control characters: an escape
sequence (ESC [ …) recolours or hides the rest of a terminal, an OSC sequence sets the window
title or the clipboard, a carriage return or backspace prints over what came before. They carry
no content anyone meant, so they are dropped: C0 except tab and newline, DEL, and C1 (which
some terminals also obey). From residents' text in every text output (the terminal, Markdown;
the stored original keeps them, and JSON output escapes them); from a service's or server's
error message; and from drafts and post files, where XML 1.0 allows none of them, so one
pasted vertical tab made every feed of the site invalid.

The two bidirectional overrides (U+202D, U+202E) go too: they turn the rest of a line around,
so a reply can show in `draft list` or the digest as something other than what it says (the
"Trojan Source" trick). Right-to-left text needs no override: marks and embeddings stay.
"""

from __future__ import annotations

import re

CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202d\u202e"
_CONTROL = re.compile(f"[{CONTROLS}]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)
