"""Composing a post for one network: counting as the network counts, threading, shortening.

X counts with the twitter-text v3 rules (weighted length, every URL 23, an emoji sequence 2),
Mastodon counts grapheme clusters after replacing each URL by 23 characters and each remote
mention by its username part, the site counts characters. The rules are implemented here instead
of importing twitter-text-parser: that package compiles huge regular expressions on import
(about 0.4 s) and `draft show` must stay fast; the URL expressions here compile on first use.

Thread parts look like ``"tekst 1/3 ^JdV"``: the numbering follows the text and the signature
comes last, as a sign-off does.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, cached_property
from typing import NamedTuple

from wijkpost.errors import InputError
from wijkpost.i18n import t

NETWORKS = ("twitter", "mastodon", "site")
FITS = ("thread", "link", "refuse")
URL_LENGTH = 23  # X's transformedURLLength and Mastodon's characters_reserved_per_url
_NETWORK_NAMES = {"twitter": "X", "mastodon": "Mastodon", "site": "site"}


class Composed(NamedTuple):
    """The texts of a post (one part, or a thread) and their counted lengths."""

    parts: tuple[str, ...]
    lengths: tuple[int, ...]
    limit: int
    strategy: str  # "fits", "thread" or "link"


class CompositionError(InputError):
    """The text cannot be made to fit; the message gives the counted length and the limit."""

    def __init__(
        self, message: str, *, length: int | None = None, limit: int | None = None
    ) -> None:
        super().__init__(message)
        self.length = length
        self.limit = limit


# --- counting --------------------------------------------------------------------------------


def count(text: str, network: str) -> int:
    """The length of ``text`` as ``network`` counts it against its limit."""
    if network == "twitter":
        return _twitter_length(text)
    if network == "mastodon":
        return _mastodon_length(text)
    if network == "site":
        return len(text)
    raise ValueError(f"unknown network {network!r}; expected one of {', '.join(NETWORKS)}")


def _twitter_length(text: str, *, emoji_parsing: bool = True) -> int:
    """twitter-text v3 ``parseTweet(...).weightedLength``; v2 when ``emoji_parsing`` is off."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    urls = dict(_url_spans(text, mastodon=False))
    url_starts = sorted(urls)
    weight = 0
    i, n, u = 0, len(text), 0
    while i < n:
        end = urls.get(i)
        if end is not None:
            weight += URL_LENGTH * 100
            i = end
            continue
        while u < len(url_starts) and url_starts[u] <= i:
            u += 1
        # Most of a Dutch text is a run of weight-1 characters that start no emoji: counted
        # at once, up to the next URL, instead of character by character.
        run = _LIGHT_RUN.match(text, i, url_starts[u] if u < len(url_starts) else n)
        if run:
            weight += 100 * (run.end() - i)
            i = run.end()
            continue
        if emoji_parsing:
            end = _emoji_end(text, i)
            if end > i:
                weight += 200
                i = end
                continue
        cp = ord(text[i])
        # v3 config: weight 100 for these ranges, 200 (default) for everything else; scale 100
        light = cp <= 4351 or 8192 <= cp <= 8205 or 8208 <= cp <= 8223 or 8242 <= cp <= 8247
        weight += 100 if light else 200
        i += 1
    return weight // 100


# Characters of weight 1 (the v3 ranges below) that start no emoji sequence: all but a keycap's
# first character ([#*0-9] before U+20E3) and a © or ® with VS16.
_LIGHT_RUN = re.compile(
    r"(?:[\x00-\x22\x24-\x29\x2b-\x2f\x3a-\xa8\xaa-\xad\xaf-\u10ff"
    r"\u2000-\u200d\u2010-\u201f\u2032-\u2037]"
    r"|[#*0-9](?!\ufe0f?\u20e3)|[\xa9\xae](?!\ufe0f))+"
)


def _mastodon_length(text: str) -> int:
    """Mastodon's StatusLengthValidator: URLs as 23 x's, ``@user@domain`` as ``@user``."""
    if not text.strip():  # Ruby's String#blank? -> counted as ''
        return 0
    entities: list[tuple[int, int, str]] = [
        (start, end, "x" * URL_LENGTH) for start, end in _url_spans(text, mastodon=True)
    ]
    entities += _mastodon_mentions(text)
    entities.sort(key=lambda entity: entity[0])
    pieces: list[str] = []
    last = 0
    for start, end, replacement in entities:
        if start < last:  # Extractor.remove_overlapping_entities keeps the earlier one
            continue
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return _grapheme_count("".join(pieces))


def _mastodon_mentions(text: str) -> list[tuple[int, int, str]]:
    """Mentions as Mastodon's Extractor finds them (Account::MENTION_RE), with replacement."""
    if "@" not in text and "＠" not in text:
        return []
    found = []
    for m in _regexes().mention.finditer(text):
        if _regexes().end_mention.match(text, m.end()):
            continue
        found.append((m.start(), m.end(), "@" + m.group(2)))
    return found


# --- emoji and grapheme clusters ---------------------------------------------------------------

# Extended_Pictographic, Unicode 15.0 emoji-data.txt (reserved code points included, as upstream).
_EXT_PICT = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
    (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F),
    (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF),
    (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
)
_EXT_PICT_STARTS = tuple(lo for lo, _ in _EXT_PICT)


def _is_ext_pict(cp: int) -> bool:
    if cp < 0xA9:
        return False
    i = bisect_right(_EXT_PICT_STARTS, cp) - 1
    return i >= 0 and cp <= _EXT_PICT[i][1]


def _emoji_end(text: str, i: int) -> int:
    """End of the emoji sequence starting at ``text[i]``, or ``i`` if none starts there.

    A sequence is a pictograph with its variation selector, skin tones and tag characters, joined
    to further pictographs by ZWJ; or a regional-indicator pair; or a keycap. twitter-text only
    joins sequences on its emoji list; this scanner joins any well-formed one (see the tests).
    """
    n = len(text)
    cp = ord(text[i])
    if cp < 0xA9:  # keycaps: [0-9#*] FE0F? 20E3
        if cp in (0x23, 0x2A) or 0x30 <= cp <= 0x39:
            j = i + 1
            if j < n and text[j] == "\ufe0f":
                j += 1
            if j < n and text[j] == "\u20e3":
                return j + 1
        return i
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return i + 2 if i + 1 < n and 0x1F1E6 <= ord(text[i + 1]) <= 0x1F1FF else i + 1
    if 0x1F3FB <= cp <= 0x1F3FF:
        return i + 1
    if not _is_ext_pict(cp):
        return i
    if cp in (0xA9, 0xAE):  # twemoji takes © and ® as emoji only with VS16
        return i + 2 if i + 1 < n and text[i + 1] == "\ufe0f" else i
    j = i + 1
    while j < n:
        c = ord(text[j])
        if c == 0xFE0F or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F:
            j += 1
        elif c == 0x200D and j + 1 < n and _is_ext_pict(ord(text[j + 1])):
            j += 2
        else:
            break
    return j


# Grapheme_Cluster_Break values (UAX #29)
_OTHER, _CR, _LF, _CONTROL, _EXTEND, _ZWJ, _RI, _PREPEND, _SPACING = range(9)
_L, _V, _T, _LV, _LVT = range(9, 14)
_PREPEND_RANGES = (
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
    (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A), (0x11A84, 0x11A89),
    (0x11D46, 0x11D46),
)


def _gcb(cp: int) -> int:
    """Grapheme_Cluster_Break of a code point, from unicodedata categories and a few ranges."""
    if cp < 0x7F:
        if cp >= 0x20:
            return _OTHER
        return _CR if cp == 0x0D else _LF if cp == 0x0A else _CONTROL
    if cp == 0x200D:
        return _ZWJ
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return _RI
    if 0x1100 <= cp <= 0x11FF or 0xA960 <= cp <= 0xA97C or 0xAC00 <= cp <= 0xD7FB:
        if cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
            return _L
        if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
            return _V
        if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
            return _T
        if cp <= 0xD7A3:
            return _LV if (cp - 0xAC00) % 28 == 0 else _LVT
    if 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F or cp in (0x200C, 0xFF9E, 0xFF9F):
        return _EXTEND
    for lo, hi in _PREPEND_RANGES:
        if lo <= cp <= hi:
            return _PREPEND
    category = unicodedata.category(chr(cp))
    if category in ("Mn", "Me"):
        return _EXTEND
    if category == "Mc" or cp in (0x0E33, 0x0EB3):
        return _SPACING
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return _CONTROL
    return _OTHER


def _breaks(prev: int, c: int, joined_pictograph: bool, ri_run: int) -> bool:
    """Whether a cluster boundary lies between classes ``prev`` and ``c`` (rules GB3..GB999)."""
    if prev == _CR and c == _LF:
        return False
    if prev in (_CONTROL, _CR, _LF) or c in (_CONTROL, _CR, _LF):
        return True
    if prev == _L and c in (_L, _V, _LV, _LVT):
        return False
    if prev in (_LV, _V) and c in (_V, _T):
        return False
    if prev in (_LVT, _T) and c == _T:
        return False
    if c in (_EXTEND, _ZWJ, _SPACING) or prev == _PREPEND or joined_pictograph:
        return False
    if c == _RI and prev == _RI:
        return ri_run % 2 == 0
    return True


def _grapheme_starts(text: str) -> list[int]:
    """Start index of every extended grapheme cluster (UAX #29 without the GB9c Indic rule)."""
    starts: list[int] = []
    prev = -1
    pict = False  # inside ExtPict Extend*
    pict_zwj = False  # just after ExtPict Extend* ZWJ
    ri_run = 0  # regional indicators immediately before
    for i, ch in enumerate(text):
        cp = ord(ch)
        c = _gcb(cp)
        is_pict = _is_ext_pict(cp)
        if prev < 0 or _breaks(prev, c, is_pict and pict_zwj, ri_run):
            starts.append(i)
        pict_zwj = pict and c == _ZWJ
        pict = is_pict or (pict and c == _EXTEND)
        ri_run = ri_run + 1 if c == _RI else 0
        prev = c
    return starts


def _grapheme_count(text: str) -> int:
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(_grapheme_starts(text))


# --- URLs ------------------------------------------------------------------------------------
# twitter-text's URL extraction (and Mastodon's variant of it), rebuilt so that no regular
# expression has to contain the list of top-level domains: a domain is matched label by label and
# its last label is looked up in _tlds().

_LATIN = (
    r"\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259"
    r"\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_SPACES = r"\t-\r \u0085\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVALID = r"\ufffe\ufeff\uffff"
_DIRECTIONAL = r"\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_DC = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"  # a domain character
# Code points outside Mastodon's UCHARS (RFC 3987 ucschar and iprivate); written as a complement
# because a class with the astral ranges spelled out takes milliseconds to compile.
_NOT_UCHARS = (
    r"\x00-\x9f\ud800-\udfff\ufdd0-\ufdef\ufff0-\uffff\U000e0000-\U000e0fff"
    r"\U0001fffe-\U0001ffff\U0002fffe-\U0002ffff\U0003fffe-\U0003ffff\U0004fffe-\U0004ffff"
    r"\U0005fffe-\U0005ffff\U0006fffe-\U0006ffff\U0007fffe-\U0007ffff\U0008fffe-\U0008ffff"
    r"\U0009fffe-\U0009ffff\U000afffe-\U000affff\U000bfffe-\U000bffff\U000cfffe-\U000cffff"
    r"\U000dfffe-\U000dffff\U000efffe-\U000effff\U000ffffe-\U000fffff\U0010fffe-\U0010ffff"
)


def _balanced(general: str) -> str:
    """twitter-text's validUrlBalancedParens: (…) with one nested level."""
    return rf"\((?:{general}+|(?:{general}*\({general}+\){general}*))\)"


class _Regexes:
    """Each expression is compiled on first use: counting for X never pays for Mastodon's.

    Classes spell out A-Z instead of using re.IGNORECASE, which makes compiling classes with
    large Unicode ranges slow.
    """

    @cached_property
    def url_before(self) -> re.Pattern[str]:
        # validUrlPrecedingChars: the character the URL regex consumes in front of a URL
        return re.compile(rf"[^A-Za-z0-9@＠$#＃{_INVALID}](?={_DC})")

    @cached_property
    def protocol(self) -> re.Pattern[str]:
        return re.compile(r"[hH][tT][tT][pP][sS]?://")

    @cached_property
    def mastodon_protocol(self) -> re.Pattern[str]:
        return re.compile(r"(?i:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://")

    @cached_property
    def labels(self) -> re.Pattern[str]:
        return re.compile(rf"(?:(?:{_DC}(?:[_-]|{_DC})*)?{_DC}\.)+")

    @cached_property
    def dc_run(self) -> re.Pattern[str]:
        return re.compile(f"{_DC}+")

    @cached_property
    def punycode(self) -> re.Pattern[str]:
        return re.compile(r"[xX][nN]--[\-0-9a-zA-Z]+")

    @cached_property
    def ascii_labels(self) -> re.Pattern[str]:
        return re.compile(rf"(?:[\-a-zA-Z0-9{_LATIN}]+\.)+")

    # Path and query characters; Mastodon widens them (config/initializers/twitter_regex.rb).
    @cached_property
    def twitter_path_run(self) -> re.Pattern[str]:
        return re.compile(rf"[a-zA-Z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN}]+")

    @cached_property
    def twitter_path_ending(self) -> re.Pattern[str]:
        return re.compile(rf"[+\-a-zA-Z\u0400-\u04ff0-9=_#/{_LATIN}]")

    @cached_property
    def twitter_balanced(self) -> re.Pattern[str]:
        general = rf"[a-zA-Z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN}]"
        return re.compile(_balanced(general))

    @cached_property
    def twitter_query(self) -> re.Pattern[str]:
        return re.compile(r"\?[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-zA-Z0-9\-_&=#/]")

    @cached_property
    def mastodon_path_run(self) -> re.Pattern[str]:
        return re.compile(r"[^\s<>()?]+")

    @cached_property
    def mastodon_path_ending(self) -> re.Pattern[str]:
        return re.compile(r"""[^\s()?!*"'「」<>;:=,.$%\[\]~&|@]""")

    @cached_property
    def mastodon_balanced(self) -> re.Pattern[str]:
        return re.compile(_balanced(r"[^\s<>()?]"))

    @cached_property
    def mastodon_query(self) -> re.Pattern[str]:
        return re.compile(
            rf"\?(?:[a-zA-Z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^]|[^{_NOT_UCHARS}])*"
            rf"(?:[a-zA-Z0-9_&=#/\-]|[^{_NOT_UCHARS}])"
        )

    @cached_property
    def port(self) -> re.Pattern[str]:
        return re.compile(r":[0-9]+")

    @cached_property
    def tco(self) -> re.Pattern[str]:
        return re.compile(
            r"[hH][tT][tT][pP][sS]?://[tT]\.[cC][oO]/([a-zA-Z0-9]+)"
            r"(?:\?[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-zA-Z0-9\-_&=#/])?"
        )

    @cached_property
    def mention(self) -> re.Pattern[str]:  # Mastodon's Account::MENTION_RE
        return re.compile(
            r"(?<![=/\w])@(([A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?)"
        )

    @cached_property
    def end_mention(self) -> re.Pattern[str]:  # twitter-text's end_mention_match
        return re.compile(rf"[@＠{_LATIN}]|://")

    @cached_property
    def generic_url(self) -> re.Pattern[str]:
        return re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://\S+")

    @cached_property
    def hashtag(self) -> re.Pattern[str]:
        return re.compile(r"(?<![\w&#＃])[#＃]\w+")

    @cached_property
    def any_mention(self) -> re.Pattern[str]:
        return re.compile(r"(?<![\w/=])[@＠]\w+(?:[.-]+\w+)*(?:@\w+(?:[.-]+\w+)*)?")


@cache
def _regexes() -> _Regexes:
    return _Regexes()


@cache
def _tlds() -> tuple[frozenset[str], int]:
    names = frozenset(_TLDS.split())
    return names, max(len(name) for name in names)


def _tld_end(text: str, pos: int, limit: int) -> int:
    """End of a known top-level domain at ``text[pos:]`` (not past ``limit``), or -1.

    As in twitter-text a TLD must not run on into [0-9a-zA-Z@+-]; the longest candidate wins.
    """
    names, longest = _tlds()
    m = _regexes().dc_run.match(text, pos, limit)
    if m:
        run = m.group()
        for size in range(min(len(run), longest), 0, -1):
            if run[:size].lower() in names:
                after = text[pos + size] if pos + size < limit else " "
                if not (after.isascii() and (after.isalnum() or after in "@+-")):
                    return pos + size
    m = _regexes().punycode.match(text, pos, limit)
    return m.end() if m else -1


def _domain_end(text: str, pos: int, limit: int, *, ascii_only: bool = False) -> int:
    """End of the longest ``label.label….tld`` at ``pos``, or -1 (twitter-text's validDomain,
    or its validAsciiDomain with ``ascii_only``)."""
    m = (_regexes().ascii_labels if ascii_only else _regexes().labels).match(text, pos, limit)
    if not m:
        return -1
    dots = [i for i in range(m.start(), m.end()) if text[i] == "."]
    for k in range(len(dots) - 1, -1, -1):
        label_start = dots[k - 1] + 1 if k else pos
        if "_" in text[label_start : dots[k]]:
            continue  # only subdomains may contain "_"
        end = _tld_end(text, dots[k] + 1, limit)
        if end > 0:
            return end
    return -1


def _label_lengths_ok(domain: str) -> bool:
    """twitter-text's idna.toAscii check: every label 1..63 characters once punycode-encoded."""
    for label in domain.split("."):
        size = len(label) if label.isascii() else 4 + len(label.encode("punycode"))
        if not 0 < size <= 63:
            return False
    return True


def _tail_end(text: str, pos: int, mastodon: bool) -> tuple[int, bool]:
    """End of the optional port, path and query after a domain ending at ``pos``, and whether
    there is a path."""
    rx = _regexes()
    m = rx.port.match(text, pos)
    if m:
        pos = m.end()
    has_path = pos < len(text) and text[pos] == "/"
    if has_path:
        pos = _path_end(text, pos + 1, mastodon)
    m = (rx.mastodon_query if mastodon else rx.twitter_query).match(text, pos)
    return (m.end() if m else pos), has_path


def _path_end(text: str, pos: int, mastodon: bool) -> int:
    """twitter-text's validUrlPath, repeated: the longest run of path characters and balanced
    parentheses that ends in a path-ending character or a closing parenthesis."""
    rx = _regexes()
    run = rx.mastodon_path_run if mastodon else rx.twitter_path_run
    ending = rx.mastodon_path_ending if mastodon else rx.twitter_path_ending
    good = pos
    while pos < len(text):
        m = run.match(text, pos)
        if m:
            for j in range(m.end() - 1, pos - 1, -1):
                if ending.match(text, j):
                    good = j + 1
                    break
            pos = m.end()
            continue
        if text[pos] == "(":
            m = (rx.mastodon_balanced if mastodon else rx.twitter_balanced).match(text, pos)
            if m:
                pos = good = m.end()
                continue
        break
    return good


def _ascii_domains(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """twitter-text's validAsciiDomain, applied to the domain ``text[start:end]``."""
    found: list[tuple[int, int]] = []
    while start < end:
        m = _regexes().ascii_labels.search(text, start, end)
        if not m:
            break
        ascii_end = _domain_end(text, m.start(), end, ascii_only=True)
        if ascii_end < 0:
            start = m.start() + 1
            continue
        found.append((m.start(), ascii_end))
        start = ascii_end
    return found


def _url_spans(text: str, *, mastodon: bool) -> list[tuple[int, int]]:
    """(start, end) of each URL twitter-text (or Mastodon's Extractor) would extract.

    Follows how the URL regex scans: it consumes one preceding character (or matches at the
    very start, a lower-priority alternative) and continues after each match, valid URL or not.
    """
    if "." not in text or (mastodon and ":" not in text):
        return []
    before_re = _regexes().url_before
    spans: list[tuple[int, int]] = []
    pos, start_tried = 0, False
    while pos < len(text):
        m = before_re.search(text, pos)
        if pos == 0 and not start_tried and (m is None or m.start() > 0):
            start_tried = True
            end = _url_at(text, 0, "", mastodon, spans)
            if end >= 0:
                pos = end
                continue
        if m is None:
            break
        end = _url_at(text, m.end(), m.group(), mastodon, spans)
        if end < 0 and m.start() == 0 and not start_tried:
            start_tried = True
            end = _url_at(text, 0, "", mastodon, spans)
        pos = end if end >= 0 else m.start() + 1
    return spans


def _url_at(
    text: str, start: int, before: str, mastodon: bool, spans: list[tuple[int, int]]
) -> int:
    """Match the URL regex at ``start``: append the URLs it yields to ``spans`` and return the
    end of the match, or -1 if it does not match there."""
    rx = _regexes()
    protocol = (rx.mastodon_protocol if mastodon else rx.protocol).match(text, start)
    domain_start = protocol.end() if protocol else start
    domain_end = _domain_end(text, domain_start, len(text))
    if domain_end < 0:
        return -1
    end, has_path = _tail_end(text, domain_end, mastodon)
    domain = text[domain_start:domain_end]
    if (
        not _label_lengths_ok(domain)
        or end - domain_start + len("https://") > 4096
        or (domain.startswith("xn--") and not _ascii_domains(text, domain_start, domain_end))
    ):
        return end
    if protocol:
        tco = rx.tco.match(text, start, end)  # t.co links take no extra path
        if tco is None:
            spans.append((start, end))
        elif len(tco.group(1)) <= 40:
            spans.append((start, tco.end()))
        return end
    if mastodon or before in ("-", "_", ".", "/"):  # Mastodon wants a protocol
        return end
    # without a protocol only ASCII domains count; the last one takes the path along
    found = _ascii_domains(text, domain_start, domain_end)
    if found and has_path:
        found[-1] = (found[-1][0], end)
    spans.extend(found)
    return end


# --- composing -------------------------------------------------------------------------------


def compose(
    text: str,
    *,
    network: str,
    limit: int,
    fit: str,
    signature: str | None = None,
    permalink: str | None = None,
) -> Composed:
    """Make ``text`` fit ``network``'s ``limit``: as is, as a thread, or shortened with a link.

    ``text`` is plain text (see plain_text). ``signature`` (such as ``^JdV``) ends every part.
    A text that fits, signature included, is one unchanged part whatever ``fit`` says.
    Otherwise ``fit`` decides: ``thread`` numbers the parts ``1/N``..``N/N`` before the
    signature, ``link`` shortens the text with "…" and appends ``permalink``, ``refuse`` raises.
    """
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}; expected one of {', '.join(NETWORKS)}")
    if fit not in FITS:
        raise ValueError(f"unknown fit {fit!r}; expected one of {', '.join(FITS)}")
    if limit < 1:
        raise ValueError(f"limit must be positive, got {limit}")
    text = text.strip()
    sig = f" {signature.strip()}" if signature and signature.strip() else ""

    def measure(part: str) -> int:
        return count(part, network)

    whole = text + sig if text else sig.strip()
    length = measure(whole)
    if length <= limit:
        return Composed((whole,), (length,), limit, "fits")
    name = _NETWORK_NAMES[network]
    if fit == "refuse" or not text:
        raise CompositionError(
            t("compose.too_long", network=name, length=length, limit=limit),
            length=length, limit=limit,
        )
    if fit == "link":
        if not permalink:
            raise CompositionError(
                t("compose.no_permalink", network=name, length=length, limit=limit),
                length=length, limit=limit,
            )
        parts = [_shorten(text, permalink, sig, network, limit)]
        strategy = "link"
    else:
        parts = _thread(text, sig, network, limit)
        strategy = "thread"
    return Composed(tuple(parts), tuple(measure(p) for p in parts), limit, strategy)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


def _protected(text: str, network: str) -> list[tuple[int, int]]:
    """Spans a hard split must not cut: URLs (as the network sees them and any scheme://…),
    mentions and hashtags."""
    rx = _regexes()
    spans = _url_spans(text, mastodon=network == "mastodon")
    for pattern in (rx.generic_url, rx.any_mention, rx.hashtag):
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


def _longest(fits: Callable[[int], bool], lo: int, hi: int) -> int:
    """Largest ``k`` in ``lo..hi`` with ``fits(k)``, given ``fits(lo)`` and monotonic ``fits``."""
    step = 1
    while lo < hi:  # gallop, then bisect: parts are short compared to the text
        probe = min(lo + step, hi)
        if fits(probe):
            lo = probe
            step *= 2
        else:
            hi = probe - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if fits(mid):
                    lo = mid
                else:
                    hi = mid - 1
    return lo


def _hard_cut(
    text: str, start: int, end: int, measure: Callable[[int], int], network: str, limit: int
) -> int:
    """Where to cut the over-long word ``text[start:end]``: the last grapheme boundary that
    fits and lies outside every URL, mention and hashtag. ``measure(cut)`` is the counted
    length of the post if it ended at ``cut``."""
    word = text[start:end]
    inside = [(s, e) for s, e in _protected(text, network) if s < end and e > start]
    cuts = [start + i for i in _grapheme_starts(word)[1:]]
    cuts = [cut for cut in cuts if not any(s < cut < e for s, e in inside)] + [end]
    length = measure(cuts[0])
    if length > limit:
        token = text[start : cuts[0]]
        raise CompositionError(
            t("compose.unsplittable", token=token[:60], length=length, limit=limit),
            length=length, limit=limit,
        )
    return cuts[_longest(lambda k: measure(cuts[k]) <= limit, 0, len(cuts) - 1)]


_SENTENCE_END = re.compile(r"[.!?…][)\]\"'»”’]*$")


def _break_quality(text: str, tokens: list[tuple[int, int]], k: int) -> int:
    """How good a place the gap after token ``k`` is to end a part."""
    gap = text[tokens[k][1] : tokens[k + 1][0]]
    if gap.count("\n") >= 2:
        return 3  # paragraph
    if "\n" in gap or _SENTENCE_END.search(text[tokens[k][0] : tokens[k][1]]):
        return 2  # line or sentence
    return 1  # word


def _thread(text: str, sig: str, network: str, limit: int) -> list[str]:
    """Bodies numbered ``i/N``: packed with room for the widest numbering of their digit count."""
    for digits in (1, 2, 3):
        widest = f" {'9' * digits}/{'9' * digits}{sig}"
        smallest = count("x" + widest, network)
        if smallest > limit:
            raise CompositionError(
                t("compose.limit_too_small", limit=limit, length=smallest),
                length=smallest, limit=limit,
            )
        # (packing stops once the numbering is too narrow: a long text is packed about once)
        bodies = _pack(text, widest, network, limit, most=10**digits)
        if len(bodies) < 10**digits:
            total = len(bodies)
            return [f"{body} {i}/{total}{sig}" for i, body in enumerate(bodies, 1)]
    length = count(text + sig, network)
    raise CompositionError(
        t("compose.too_many_parts", network=_NETWORK_NAMES[network], parts=999, length=length,
          limit=limit),
        length=length, limit=limit,
    )


def _measure_from(text: str, start: int, suffix: str, network: str) -> Callable[[int], int]:
    def measure(end: int) -> int:
        return count(text[start:end] + suffix, network)

    return measure


def _last_fitting(
    tokens: list[tuple[int, int]], first: int, measure: Callable[[int], int], limit: int
) -> int:
    """Index of the last token that still fits, counting from token ``first`` (which fits)."""
    return _longest(lambda k: measure(tokens[k][1]) <= limit, first, len(tokens) - 1)


def _pack(text: str, suffix: str, network: str, limit: int, most: int | None = None
          ) -> list[str]:
    """Split ``text`` into bodies that each fit with ``suffix``, preferring paragraph, then
    line or sentence, then word boundaries; a part must be at least half full to end early.
    Stops after ``most`` bodies."""
    tokens = _tokens(text)
    bodies: list[str] = []
    a = 0
    while a < len(tokens) and (most is None or len(bodies) < most):
        start = tokens[a][0]
        measure = _measure_from(text, start, suffix, network)
        if measure(tokens[a][1]) > limit:
            cut = _hard_cut(text, start, tokens[a][1], measure, network, limit)
            bodies.append(text[start:cut])
            tokens[a] = (cut, tokens[a][1])
            continue
        b = _last_fitting(tokens, a, measure, limit)
        if b < len(tokens) - 1:
            full = tokens[b][1] - start
            best, best_quality = b, 0
            for k in range(a, b + 1):
                if 2 * (tokens[k][1] - start) < full:
                    continue
                quality = _break_quality(text, tokens, k)
                if quality >= best_quality:
                    best, best_quality = k, quality
            b = best
        bodies.append(text[start : tokens[b][1]])
        a = b + 1
    return bodies


def _shorten(text: str, permalink: str, sig: str, network: str, limit: int) -> str:
    """The longest word-boundary prefix of ``text`` + "…" + permalink + signature that fits."""
    tokens = _tokens(text)

    def compose_with(end: int) -> str:
        body = text[:end].rstrip()
        if not body:
            return ""
        if _regexes().generic_url.search(body.rsplit(None, 1)[-1]):
            # keep the URL whole and apart: Mastodon would take a glued "…" into the link
            return f"{body} … {permalink}{sig}"
        return f"{body.rstrip(',;:.-–—')}… {permalink}{sig}"

    def measure(end: int) -> int:
        candidate = compose_with(end)
        return count(candidate, network) if candidate else limit + 1

    if tokens and measure(tokens[0][1]) <= limit:
        return compose_with(tokens[_last_fitting(tokens, 0, measure, limit)][1])
    if tokens:
        try:
            return compose_with(_hard_cut(text, 0, tokens[0][1], measure, network, limit))
        except CompositionError:
            pass
    length = count(f"… {permalink}{sig}", network)
    raise CompositionError(
        t("compose.link_too_long", length=length, limit=limit), length=length, limit=limit
    )


# Top-level domains twitter-text recognises: conformance/tld_lib.yml of twitter/twitter-text
# (Apache-2.0), as shipped in twitter-text-parser 3.0.0. Matching is case-insensitive.
_TLDS = (
    "aaa aarp abarth abb abbott abbvie abc able abogado abudhabi ac academy accenture "
    "accountant accountants aco active actor ad adac ads adult ae aeg aero aetna af "
    "afamilycompany afl africa ag agakhan agency ai aig aigo airbus airforce airtel akdn "
    "al alfaromeo alibaba alipay allfinanz allstate ally alsace alstom am "
    "americanexpress americanfamily amex amfam amica amsterdam an analytics android "
    "anquan anz ao aol apartments app apple aq aquarelle ar arab aramco archi army arpa "
    "art arte as asda asia associates at athleta attorney au auction audi audible audio "
    "auspost author auto autos avianca aw aws ax axa az azure ba baby baidu banamex "
    "bananarepublic band bank bar barcelona barclaycard barclays barefoot bargains "
    "baseball basketball bauhaus bayern bb bbc bbt bbva bcg bcn bd be beats beauty beer "
    "bentley berlin best bestbuy bet bf bg bh bharti bi bible bid bike bing bingo bio "
    "biz bj bl black blackfriday blanco blockbuster blog bloomberg blue bm bms bmw bn "
    "bnl bnpparibas bo boats boehringer bofa bom bond boo book booking boots bosch "
    "bostik boston bot boutique box bq br bradesco bridgestone broadway broker brother "
    "brussels bs bt budapest bugatti build builders business buy buzz bv bw by bz bzh ca "
    "cab cafe cal call calvinklein cam camera camp cancerresearch canon capetown capital "
    "capitalone car caravan cards care career careers cars cartier casa case caseih cash "
    "casino cat catering catholic cba cbn cbre cbs cc cd ceb center ceo cern cf cfa cfd "
    "cg ch chanel channel charity chase chat cheap chintai chloe christmas chrome "
    "chrysler church ci cipriani circle cisco citadel citi citic city cityeats ck cl "
    "claims cleaning click clinic clinique clothing cloud club clubmed cm cn co coach "
    "codes coffee college cologne com comcast commbank community company compare "
    "computer comsec condos construction consulting contact contractors cooking "
    "cookingchannel cool coop corsica country coupon coupons courses cpa cr credit "
    "creditcard creditunion cricket crown crs cruise cruises csc cu cuisinella cv cw cx "
    "cy cymru cyou cz dabur dad dance data date dating datsun day dclk dds de deal "
    "dealer deals degree delivery dell deloitte delta democrat dental dentist desi "
    "design dev dhl diamonds diet digital direct directory discount discover dish diy dj "
    "dk dm dnp do docs doctor dodge dog doha domains doosan dot download drive dtv dubai "
    "duck dunlop duns dupont durban dvag dvr dz earth eat ec eco edeka edu education ee "
    "eg eh email emerck energy engineer engineering enterprises epost epson equipment er "
    "ericsson erni es esq estate esurance et etisalat eu eurovision eus events everbank "
    "exchange expert exposed express extraspace fage fail fairwinds faith family fan "
    "fans farm farmers fashion fast fedex feedback ferrari ferrero fi fiat fidelity fido "
    "film final finance financial fire firestone firmdale fish fishing fit fitness fj fk "
    "flickr flights flir florist flowers flsmidth fly fm fo foo food foodnetwork "
    "football ford forex forsale forum foundation fox fr free fresenius frl frogans "
    "frontdoor frontier ftr fujitsu fujixerox fun fund furniture futbol fyi ga gal "
    "gallery gallo gallup game games gap garden gay gb gbiz gd gdn ge gea gent genting "
    "george gf gg ggee gh gi gift gifts gives giving gl glade glass gle global globo gm "
    "gmail gmbh gmo gmx gn godaddy gold goldpoint golf goo goodhands goodyear goog "
    "google gop got gov gp gq gr grainger graphics gratis green gripe grocery group gs "
    "gt gu guardian gucci guge guide guitars guru gw gy hair hamburg hangout haus hbo "
    "hdfc hdfcbank health healthcare help helsinki here hermes hgtv hiphop hisamitsu "
    "hitachi hiv hk hkt hm hn hockey holdings holiday homedepot homegoods homes "
    "homesense honda honeywell horse hospital host hosting hot hoteles hotels hotmail "
    "house how hr hsbc ht htc hu hughes hyatt hyundai ibm icbc ice icu id ie ieee ifm "
    "iinet ikano il im imamat imdb immo immobilien in inc industries infiniti info ing "
    "ink institute insurance insure int intel international intuit investments io "
    "ipiranga iq ir irish is iselect ismaili ist istanbul it itau itv iveco iwc jaguar "
    "java jcb jcp je jeep jetzt jewelry jio jlc jll jm jmp jnj jo jobs joburg jot joy jp "
    "jpmorgan jprs juegos juniper kaufen kddi ke kerryhotels kerrylogistics "
    "kerryproperties kfh kg kh ki kia kim kinder kindle kitchen kiwi km kn koeln komatsu "
    "kosher kp kpmg kpn kr krd kred kuokgroup kw ky kyoto kz la lacaixa ladbrokes "
    "lamborghini lamer lancaster lancia lancome land landrover lanxess lasalle lat "
    "latino latrobe law lawyer lb lc lds lease leclerc lefrak legal lego lexus lgbt li "
    "liaison lidl life lifeinsurance lifestyle lighting like lilly limited limo lincoln "
    "linde link lipsy live living lixil lk llc llp loan loans locker locus loft lol "
    "london lotte lotto love lpl lplfinancial lr ls lt ltd ltda lu lundbeck lupin luxe "
    "luxury lv ly ma macys madrid maif maison makeup man management mango map market "
    "marketing markets marriott marshalls maserati mattel mba mc mcd mcdonalds mckinsey "
    "md me med media meet melbourne meme memorial men menu meo merckmsd metlife mf mg mh "
    "miami microsoft mil mini mint mit mitsubishi mk ml mlb mls mm mma mn mo mobi mobile "
    "mobily moda moe moi mom monash money monster montblanc mopar mormon mortgage moscow "
    "moto motorcycles mov movie movistar mp mq mr ms msd mt mtn mtpc mtr mu museum "
    "mutual mutuelle mv mw mx my mz na nab nadex nagoya name nationwide natura navy nba "
    "nc ne nec net netbank netflix network neustar new newholland news next nextdirect "
    "nexus nf nfl ng ngo nhk ni nico nike nikon ninja nissan nissay nl no nokia "
    "northwesternmutual norton now nowruz nowtv np nr nra nrw ntt nu nyc nz obi observer "
    "off office okinawa olayan olayangroup oldnavy ollo om omega one ong onion onl "
    "online onyourside ooo open oracle orange org organic orientexpress origins osaka "
    "otsuka ott ovh pa page pamperedchef panasonic panerai paris pars partners parts "
    "party passagens pay pccw pe pet pf pfizer pg ph pharmacy phd philips phone photo "
    "photography photos physio piaget pics pictet pictures pid pin ping pink pioneer "
    "pizza pk pl place play playstation plumbing plus pm pn pnc pohl poker politie porn "
    "post pr pramerica praxi press prime pro prod productions prof progressive promo "
    "properties property protection pru prudential ps pt pub pw pwc py qa qpon quebec "
    "quest qvc racing radio raid re read realestate realtor realty recipes red redstone "
    "redumbrella rehab reise reisen reit reliance ren rent rentals repair report "
    "republican rest restaurant review reviews rexroth rich richardli ricoh rightathome "
    "ril rio rip rmit ro rocher rocks rodeo rogers room rs rsvp ru rugby ruhr run rw rwe "
    "ryukyu sa saarland safe safety sakura sale salon samsclub samsung sandvik "
    "sandvikcoromant sanofi sap sapo sarl sas save saxo sb sbi sbs sc sca scb schaeffler "
    "schmidt scholarships school schule schwarz science scjohnson scor scot sd se search "
    "seat secure security seek select sener services ses seven sew sex sexy sfr sg sh "
    "shangrila sharp shaw shell shia shiksha shoes shop shopping shouji show showtime "
    "shriram si silk sina singles site sj sk ski skin sky skype sl sling sm smart smile "
    "sn sncf so soccer social softbank software sohu solar solutions song sony soy space "
    "spiegel sport spot spreadbetting sr srl srt ss st stada staples star starhub "
    "statebank statefarm statoil stc stcgroup stockholm storage store stream studio "
    "study style su sucks supplies supply support surf surgery suzuki sv swatch "
    "swiftcover swiss sx sy sydney symantec systems sz tab taipei talk taobao target "
    "tatamotors tatar tattoo tax taxi tc tci td tdk team tech technology tel telecity "
    "telefonica temasek tennis teva tf tg th thd theater theatre tiaa tickets tienda "
    "tiffany tips tires tirol tj tjmaxx tjx tk tkmaxx tl tm tmall tn to today tokyo "
    "tools top toray toshiba total tours town toyota toys tp tr trade trading training "
    "travel travelchannel travelers travelersinsurance trust trv tt tube tui tunes tushu "
    "tv tvs tw tz ua ubank ubs uconnect ug uk um unicom university uno uol ups us uy uz "
    "va vacations vana vanguard vc ve vegas ventures verisign versicherung vet vg vi "
    "viajes video vig viking villas vin vip virgin visa vision vista vistaprint viva "
    "vivo vlaanderen vn vodka volkswagen volvo vote voting voto voyage vu vuelos wales "
    "walmart walter wang wanggou warman watch watches weather weatherchannel webcam "
    "weber website wed wedding weibo weir wf whoswho wien wiki williamhill win windows "
    "wine winners wme wolterskluwer woodside work works world wow ws wtc wtf xbox xerox "
    "xfinity xihuan xin xperia xxx xyz yachts yahoo yamaxun yandex ye yodobashi yoga "
    "yokohama you youtube yt yun za zappos zara zero zip zippo zm zone zuerich zw "
    "vermögensberater vermögensberatung ελ ευ бг бел дети ею католик ком мкд мон москва "
    "онлайн орг рус рф сайт срб укр қаз հայ קום ابوظبي اتصالات ارامكو الاردن البحرين "
    "الجزائر السعودية العليان المغرب امارات ایران بارت بازار بيتك بھارت تونس سودان سورية "
    "شبكة عراق عرب عمان فلسطين قطر كاثوليك كوم مصر مليسيا موبايلي موريتانيا موقع همراه "
    "پاکستان ڀارت कॉम नेट भारत भारतम् भारोत संगठन বাংলা ভারত ভাৰত ਭਾਰਤ ભારત ଭାରତ இந்தியா "
    "இலங்கை சிங்கப்பூர் భారత్ ಭಾರತ ഭാരതം ලංකා คอม ไทย ລາວ გე みんな クラウド グーグル "
    "コム ストア セール ファッション ポイント 世界 中信 中国 中國 中文网 企业 佛山 信息 "
    "健康 八卦 公司 公益 台湾 台灣 商城 商店 商标 嘉里 嘉里大酒店 在线 大众汽车 大拿 "
    "天主教 娱乐 家電 工行 广东 微博 慈善 我爱你 手机 手表 招聘 政务 政府 新加坡 新闻 "
    "时尚 書籍 机构 淡马锡 游戏 澳門 点看 珠宝 移动 组织机构 网址 网店 网站 网络 联通 "
    "诺基亚 谷歌 购物 通販 集团 電訊盈科 飞利浦 食品 餐厅 香格里拉 香港 닷넷 닷컴 삼성 "
    "한국 "
)
