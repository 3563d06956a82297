"""Topic rules: the same tags for every channel, so reports can compare channels.

A keyword matches Dutch word forms by matching the start of a word ("container" finds
"containers", "containertje"); a keyword of five letters or more also matches inside a
compound ("grofvuil" finds "grofvuilophaling", "afval" finds "huisafval"). Accents and case do
not matter. ``patterns`` are regular expressions for everything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from wijkpost.config import TagRule

UNTAGGED = "untagged"
COMPOUND_MIN = 5


def fold(text: str) -> str:
    """Lower case without accents: "Café" and "cafe" are the same word here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=256)
def _matcher(keywords: tuple[str, ...], patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for keyword in keywords:
        word = re.escape(fold(keyword.strip()))
        if not word:
            continue
        parts.append(word if len(keyword.strip()) >= COMPOUND_MIN else rf"\b{word}")
    parts += [f"(?:{p})" for p in patterns]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def labels(rules: Mapping[str, TagRule]) -> dict[str, str]:
    """What people see for each tag, in the configured order: its label, and for what no rule
    matched a name in their language rather than the stored ``untagged``."""
    from wijkpost.i18n import t

    shown = {name: rule.label for name, rule in rules.items()}
    shown.setdefault(UNTAGGED, t("digest.untagged"))
    return shown


def tags_for(text: str, rules: Iterable[TagRule]) -> list[str]:
    folded = fold(text)
    found = []
    for rule in rules:
        matcher = _matcher(rule.keywords, rule.patterns)
        if matcher and matcher.search(folded):
            found.append(rule.name)
    return found or [UNTAGGED]
