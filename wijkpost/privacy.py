"""Find and mask residents' personal data in free text (Dutch context).

Residents' replies and tips end up in a digest that is read, forwarded and sometimes published;
everything that leaves wijkpost goes through :func:`redact`, so personal data is masked by
default. What is found (each kind with a placeholder in the current language):

``bsn``       burgerservicenummer: 9 digits (``123456782``, ``123.456.782``, ``123 456 782``,
              ``1234 56 782``, ``12 34 56 782``, ``BSN123456782``) that pass the eleven-test. Nine
              digits failing it (an order number) stay visible, as do nine digits inside a longer
              number or an amount (``1234567820``, ``1.123.456.782``, ``123456782,50``, ``€ …``).
``phone``     Dutch numbers as people write them: ``06-12345678``, ``06 12 34 56 78``,
              ``+31 6 12345678``, ``+31(0)6-12345678``, ``0031 6 …``, ``(010) 123 4567``,
              ``0111-123456``. Masked: mobile (06), geographic (only existing area codes, so
              ``0123456789`` stays), and the ranges people use privately: 084/087 (personal
              numbers) and 085/091 (VoIP at home). Also a foreign number written with ``+`` and
              its country code (9-15 digits: the Belgian or German neighbour).
``email``     ``local@domain.tld``: sub-addresses (``jan+wijk@…``), any case, Unicode letters.
``iban``      an IBAN of a country in the ISO 13616 registry, with or without spaces, any case, of
              that country's registry length and with a valid mod-97 check; a Dutch one also
              needs the NL shape (4-letter bank code, 10 digits).
``plate``     a Dutch kenteken in one of the RDW sidecodes 1-14 (see ``_SIDECODES``).
``postcode``  an address: a postcode with a house number (``1234 AB 12``, ``1234AB 12a``,
              ``1234 AB, 12-3``), or street, house number and postcode (``Lindelaan 12, 1234 AB``),
              which is one finding, street name included (placeholder "[adres]").

Deliberately left visible, because it is not a resident's data or is too ambiguous to mask:

* numbers that reach organisations: 112, 144, 14 0xx, 0800/0900/0906/0909 numbers (e.g. the
  police, 0900-8844) and 088 company numbers;
* a postcode alone (``1234 AB`` covers a street, ~8 addresses on average, not a household); a
  street with a number but no postcode (``Lindelaan 12``: in prose as often "bus 12", "groep 3");
  a PO box (``Postbus 123, 1234 AB``: an organisation's address);
* dates, times, amounts, years; IBANs that fail the check (and the digits inside them);
* fediverse handles (``@wijkagent@mastodon.nl``): every reply from Mastodon starts with one;
* plates without hyphens of the old sidecodes 1-3 (``AB1234``, ``1234AB``, ``12AB34``: model
  numbers like HD1080 and postcodes look the same), and plates without hyphens in lower case.

Hostile input. Zero-width characters, bidirectional controls, the soft hyphen and the word joiner
(U+00AD, U+180E, U+200B-U+200F, U+202A-U+202E, U+2060-U+2069, U+FEFF) are removed before
matching, so ``06\u200b12345678`` is still a phone number. The output of :func:`redact` is the text
without them - everywhere, not only inside findings: they carry no content, and a bidirectional
override can make a text display differently from what it says (this also splits emoji joined
by U+200D). For matching only, full-width forms (``０６``) and other Unicode digits read as
ASCII, Unicode spaces as a space and dashes as a hyphen; outside findings the output keeps them
as written. :func:`find` reports offsets into the text as given (``text[f.start:f.end] ==
f.text``). Every pattern runs in linear time (bounded or possessive quantifiers, no nested
repetition); a megabyte takes well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from wijkpost.i18n import t

KINDS = ("bsn", "phone", "email", "iban", "plate", "postcode")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # one of KINDS
    start: int  # offsets into the text given to find(): text[start:end] == self.text
    end: int
    text: str


# When two candidates overlap the longest wins; on equal length the most specific kind (the one
# with the strongest check: IBAN mod-97, e-mail's '@', BSN eleven-test, ...) wins.
_PRIORITY = {kind: rank for rank, kind in
             enumerate(("iban", "email", "bsn", "phone", "postcode", "plate"))}

# Patterns are compiled on first use, not at import: compiling them all takes ~15 ms, and most
# commands never redact anything.
_COMPILED: dict[str, re.Pattern[str]] = {}


def _re(source: str) -> re.Pattern[str]:
    pattern = _COMPILED.get(source)
    if pattern is None:
        pattern = _COMPILED[source] = re.compile(source)
    return pattern


# --- normalisation --------------------------------------------------------------------------

_INVISIBLE = ("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


class _Fold(dict[int, str]):
    """str.translate table, filled lazily: building it for all of Unicode would cost import time.

    Every mapping is one character to one character, so offsets in the folded text equal offsets
    in the unfolded one.
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII; NFKC maps these to ASCII
            out = chr(cp - 0xFEE0)
        elif (digit := unicodedata.decimal(ch, -1)) >= 0:  # ０, ٣, ३, 𝟑 ... (category Nd)
            out = str(digit)
        elif (cat := unicodedata.category(ch)) == "Zs":  # no-break space, thin space, ...
            out = " "
        elif cat == "Pd" or cp == 0x2212:  # en dash, non-breaking hyphen, minus sign, ...
            out = "-"
        else:
            out = ch
        self[cp] = out
        return out


_FOLD = _Fold()


def _prepare(text: str) -> tuple[str, str, list[int]]:
    """(text without invisible characters, the same folded for matching, removed positions)."""
    if text.isascii():
        return text, text, []
    invisible = _re(_INVISIBLE)
    removed = [m.start() for m in invisible.finditer(text)]
    stripped = invisible.sub("", text) if removed else text
    folded = stripped
    if not stripped.isascii():
        # Usually only a few distinct characters fold ("€" and "é" do not): replacing those one
        # by one is much faster than translating every character.
        changed = [c for c in set(stripped) if _FOLD[ord(c)] != c]
        if len(changed) > 16:
            folded = stripped.translate(_FOLD)
        else:
            for c in changed:
                folded = folded.replace(c, _FOLD[ord(c)])
    return stripped, folded, removed


# --- scanning -------------------------------------------------------------------------------
# Speed and linear time. Every pattern begins by *consuming* the character before the finding
# (a space, punctuation: whatever may precede that kind of finding), and the finding itself is
# the group "m". The regex engine skips quickly over text in which that first character cannot
# occur, so runs of letters or digits cost next to nothing, where a leading lookbehind would be
# tried at every position. The scanned text starts with a padding "\n" so that a finding at the
# very start has a character before it too. Quantifiers are bounded or possessive, so no pattern
# backtracks more than a constant amount.

Span = tuple[int, int]
Accept = Callable[[re.Match[str], str], Span | None]
Found = list[tuple[int, int, str]]


def _scan(pattern: re.Pattern[str], text: str, accept: Accept | None, kind: str,
          out: Found) -> None:
    """Append the spans of the matches that *accept* takes (it may adjust a span; None takes
    every match: the pattern checks everything itself). After a rejected match the search
    resumes one character further, so a valid match overlapping a rejected one is still found."""
    if accept is None:
        out.extend((*m.span("m"), kind) for m in pattern.finditer(text))
        return
    pos = 0
    search = pattern.search
    while (m := search(text, pos)) is not None:
        span = accept(m, text)
        if span is None:
            pos = m.start() + 1
        else:
            out.append((*span, kind))
            pos = m.end()


# --- BSN ------------------------------------------------------------------------------------
# The burgerservicenummer eleven-test (elfproef), as specified for the BSN by the Rijksdienst voor
# Identiteitsgegevens / Logius: 9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 must be
# divisible by 11 (the -1 for the last digit is what distinguishes it from the bank-account test).

_BSN_DIGITS = (
    r"(?P<m>[0-9]{9}"
    r"|[0-9]{3}(?P<a>[ .\-])[0-9]{3}(?P=a)[0-9]{3}"  # 123 456 782, 123.456.782, 123-456-782
    r"|[0-9]{4}(?P<b>[ .\-])[0-9]{2}(?P=b)[0-9]{3}"  # 1234 56 782, 1234.56.782
    r"|[0-9]{2}(?P<c>[ .\-])[0-9]{2}(?P=c)[0-9]{2}(?P=c)[0-9]{3})"  # 12 34 56 782
    r"(?!\w)(?![.,\-][0-9])"
)
# a token start, not the tail of a longer number, an amount or a phone number ("+123456782");
# or glued to "BSN"
_BSN = (r"[^\w+](?=[0-9])(?<![0-9][.,\-])(?<![€$£])(?<![€$£] )", _BSN_DIGITS)
_BSN_AFTER_BSN = (r"[Bb][Ss][Nn]", _BSN_DIGITS)
_ZERO9 = 48 * (9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 - 1)  # the weighted sum of nine ASCII "0"s


def bsn_valid(digits: str) -> bool:
    """The BSN eleven-test on a 9-digit string (all zeros is not a BSN)."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "000000000":
        return False
    d = digits.encode()
    total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] \
        + 2 * d[7] - d[8] - _ZERO9
    return total % 11 == 0


# The digits of an IBAN that failed its check ("DE89 3704 0044 0532 0130 01") are no phone number
# or BSN either: a mistyped account number stays visible as a whole. What counts as the start of
# such an IBAN is strict (capitals, the Dutch shape for NL, not yet the full length), so that
# "example.nl 06 12345678" or "de 12 …" do not hide a phone number.
_IBAN_BEFORE = r"(?<![0-9A-Za-z])[A-Z]{2} ?[0-9]{2}(?: ?[0-9A-Z]){0,30} \Z"
_NL_PREFIX = r"NL[0-9]{2}[A-Z]{0,4}|NL[0-9]{2}[A-Z]{4}[0-9]{1,10}"


def _inside_iban(text: str, start: int) -> bool:
    if text[start - 1] != " " or not text[start - 2].isalnum():  # the usual case: cheap
        return False
    lo = max(0, start - 40)
    window = text[lo:start]
    if window.lower() == window:  # no capitals, so no country code: cheap too
        return False
    before = _re(_IBAN_BEFORE).search(text, lo, start)
    if before is None:
        return False
    compact = before.group().replace(" ", "")
    if compact[:2] == "NL" and not _re(_NL_PREFIX).fullmatch(compact):
        return False
    return len(compact) < _IBAN_LENGTHS.get(compact[:2], 0)  # an IBAN not yet complete


def _accept_bsn(m: re.Match[str], text: str) -> Span | None:
    digits = m.group("m").replace(" ", "").replace(".", "").replace("-", "")
    if not bsn_valid(digits) or _inside_iban(text, m.start("m")):
        return None
    return m.span("m")


# --- phone ----------------------------------------------------------------------------------
# Dutch numbering plan (Nummerplan telefoon- en ISDN-diensten; the same ranges as libphonenumber's
# NL metadata): a national number is 0 + 9 digits. Geographic numbers start with one of these area
# codes (2-digit codes have a 7-digit subscriber number, 3-digit codes a 6-digit one).
_AREA_CODES = frozenset((
    "010 013 015 0111 0113 0114 0115 0117 0118 0161 0162 0164 0165 0166 0167 0168 0172 0174 "
    "0180 0181 0182 0183 0184 0186 0187 "
    "020 023 024 026 0222 0223 0224 0226 0227 0228 0229 0251 0252 0255 0294 0297 0299 "
    "030 033 035 036 038 0313 0314 0315 0316 0317 0318 0320 0321 "
    "0341 0342 0343 0344 0345 0346 0347 0348 "
    "040 043 045 046 0411 0412 0413 0416 0418 0475 0478 0481 0485 0486 0487 0488 "
    "0492 0493 0495 0497 0499 "
    "050 053 055 058 0511 0512 0513 0514 0515 0516 0517 0518 0519 0521 0522 0523 0524 0525 "
    "0527 0528 0529 0541 0543 0544 0545 0546 0547 0548 0561 0562 0566 "
    "0570 0571 0572 0573 0575 0577 0578 0591 0592 0593 0594 0595 0596 0597 0598 0599 "
    "070 071 072 073 074 075 076 077 078 079"
).split())
# Non-geographic ranges that belong to people rather than organisations: 06 (mobile, incl. the
# old 066 pagers), 084/087 (personal numbers, fax/voicemail to e-mail) and 085/091 (VoIP, often a
# household's landline). 088 (company numbers), 0800/090x (free/paid service numbers, 4 or 7
# digits) and short numbers (112, 144, 14 0xx, 116 xxx) stay visible: they reach organisations.
_PERSONAL_SERVICE = ("06", "084", "085", "087", "091")

# Separators people put between digit groups: space, hyphen (also " - "), dot, slash.
_SEP = r"(?:\ -\ |\ -|-\ |[ .\-/])"
# A further digit: glued to the previous one, or after a separator and then not alone
# ("06 12 34 56 78" yes, "0 6 1 2 ..." or "... 56 7" no).
_D = rf"(?:[0-9]|{_SEP}[0-9](?=[0-9]))"
_PHONE = (
    # Ten digits starting with a 0 are never an amount, so unlike the BSN no guard against
    # "1.0612345678" or "0612345678,50" (which would hide "0612345678.0687654321").
    r"[^\w+](?=[+0(])(?<![€$£])(?<![€$£] )",
    r"(?P<m>"
    # +31 / 0031, optionally with the (0) or 0 people add: +31 (0)6-12345678, +31 0612345678
    rf"(?:\+|00)\ ?31\ ?(?:[\-.]\ ?)?(?:\(\ ?0\ ?\)\ ?|0\ ?)?(?P<nsn>[1-9]{_D}{{8}})"
    # an area code in parentheses: (06) 12345678, (010) 1234567, (0111) 123456, (0)6 12345678
    rf"|\(\ ?0(?:[1-9]\ ?\)\ ?[0-9]{_D}{{7}}|[1-9][0-9]\ ?\)\ ?[0-9]{_D}{{6}}"
    rf"|[1-9][0-9]{{2}}\ ?\)\ ?[0-9]{_D}{{5}}|\ ?\)\ ?[1-9]{_D}{{8}})"
    # national: 0 + 9 digits; the first group is 06, an area code, or not split off at all
    rf"|0(?=6{_SEP}|[1-9][0-9]{{1,2}}{_SEP}|[1-9][0-9]{{3}})[1-9]{_D}{{8}}"
    # another country, written with + and its country code (a Belgian or German neighbour):
    # 9 to 15 digits in all (E.164), in any grouping, perhaps with (0): +49 (0)30 1234567
    r"|\+(?!31)(?P<abroad>[1-9][0-9]{0,2}\ ?\(0\)\ ?[1-9](?:[ \-./]?[0-9]){5,12}"
    r"|[1-9](?:[ \-./]?[0-9]){8,14})"
    r")(?![0-9])"
)
# 06-11-2026 12 / 06.11.26 1234: a date followed by another number, not a phone number.
_DATE_START = r"[0-9]{1,2}([\-./])[0-9]{1,2}\1[0-9]{2,4}(?![0-9]|\1)"
_NOT_DIGITS = str.maketrans("", "", " -./()+")  # what the phone pattern allows besides digits


def _accept_phone(m: re.Match[str], text: str) -> Span | None:
    if m.group("abroad") is not None:
        return None if _inside_iban(text, m.start("m")) else m.span("m")
    nsn = m.group("nsn")
    if nsn is not None:
        national = "0" + nsn.translate(_NOT_DIGITS)
    else:
        raw = m.group("m")
        if (raw[1] in "-./" or raw[2] in "-./") and _re(_DATE_START).match(raw):
            return None
        national = raw.translate(_NOT_DIGITS)
    if not (national.startswith(_PERSONAL_SERVICE) or national[:3] in _AREA_CODES
            or national[:4] in _AREA_CODES) or _inside_iban(text, m.start("m")):
        return None
    return m.span("m")


# --- e-mail ---------------------------------------------------------------------------------
# RFC 5322's dot-atom, reasonably: word characters (Unicode, for internationalised addresses) and
# . % + ' - in a local part of at most 64 characters (RFC 5321); labels of word characters and
# hyphens; a top-level domain of at least two letters. The pattern checks everything.
# A fediverse handle (@wijkagent@mastodon.nl, in every reply from Mastodon) is not an e-mail address
# and stays as it is: hence no '@' before the local part. The pattern starts where a run of
# local-part characters starts (so a long run is read once), but the finding starts at its first
# letter or digit: a quote before it ('jan@example.nl') is not part of the finding.
_EMAIL = (
    r"[^\w.%+'\-@]",
    r"[.%+'\-]*+(?P<m>\w[\w.%+'\-]{0,63}+@(?:[\w\-]++\.)+[^\W\d_]{2,}+)(?![\w\-])")


# --- IBAN -----------------------------------------------------------------------------------
# ISO 13616: country code, 2 check digits, a BBAN whose length is fixed per country (the SWIFT
# IBAN registry). Valid when BBAN + country + check digits, letters as 10..35, mod 97 is 1.
_IBAN_LENGTHS = {entry[:2]: int(entry[2:]) for entry in (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
    "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 "
    "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 "
    "MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 "
    "SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
).split()}
_IBAN_LETTERS = str.maketrans({c: str(n) for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10)})
_NL_BBAN = r"[A-Z]{4}[0-9]{10}"


# Where an IBAN can start: a 2-letter country code and the check digits (a space may follow the
# country code: "NL 91 ABNA ..."). The rest is read with a pattern for that country's length:
# single spaces anywhere ("NL91 ABNA 0417 1643 00"), upper or lower case. (One pattern with an
# alternative per country would be several times slower: the engine tries them all.)
_IBAN = (r"[^0-9A-Za-z]", r"(?P<m>[A-Za-z]{2} ?[0-9]{2})(?= ?[0-9A-Za-z])")


def _iban_rest(length: int) -> str:
    return rf"(?: ?[0-9A-Za-z]){{{length - 4}}}(?![0-9A-Za-z])"


def iban_valid(iban: str) -> bool:
    """ISO 13616 check on an IBAN without spaces: registry length and mod-97 == 1."""
    iban = iban.upper()
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isascii() or not iban.isalnum():
        return False
    if iban[:2] == "NL" and not _re(_NL_BBAN).fullmatch(iban[4:]):
        return False
    return int((iban[4:] + iban[:4]).translate(_IBAN_LETTERS)) % 97 == 1


def _accept_iban(m: re.Match[str], text: str) -> Span | None:
    length = _IBAN_LENGTHS.get(m.group("m")[:2].upper())
    if length is None:
        return None
    rest = _re(_iban_rest(length)).match(text, m.end())
    if rest is None or not iban_valid((m.group("m") + rest.group()).replace(" ", "")):
        return None
    return m.start("m"), rest.end()


# --- licence plates -------------------------------------------------------------------------
# RDW sidecodes (kentekencombinaties) 1-14, X = letter, 9 = digit. Since sidecode 4 (1978) the RDW
# uses no vowels (words must not appear) and no C or Q (they look like a zero), so the modern
# series only have the consonants below (Y is not used either); sidecodes 1-3 used any letter.
_SIDECODES = {
    "XX-99-99": 1, "99-99-XX": 2, "99-XX-99": 3, "XX-99-XX": 4, "XX-XX-99": 5, "99-XX-XX": 6,
    "99-XXX-9": 7, "9-XXX-99": 8, "XX-999-X": 9, "X-999-XX": 10, "XXX-99-X": 11, "X-99-XXX": 12,
    "9-XX-999": 13, "999-XX-9": 14,
}


def _plate_pattern(hyphens: bool) -> tuple[str, str]:
    """One alternative per sidecode, spelling out the letters that sidecode can have.

    With hyphens: sidecodes 1-3 in capitals (any letter), 4-14 in either case. Without hyphens
    only 4-14, in capitals: hyphen-less 1-3 look like model numbers (HD1080) or postcodes (1234AB).
    """
    branches = []
    for shape, code in _SIDECODES.items():
        if not hyphens and code <= 3:
            continue
        letter = ("[A-Z]" if code <= 3 else "[BDFGHJKLMNPRSTVWXZ]" if not hyphens
                  else "[BDFGHJKLMNPRSTVWXZbdfghjklmnprstvwxz]")
        body = shape if hyphens else shape.replace("-", "")
        parts = [letter if c == "X" else "[0-9]" if c == "9" else "-" for c in body]
        if code in (7, 8):  # 1-MRT-26 is a date: "MRT" (maart) is the month without a vowel
            i = body.index("XXX")
            parts[i] = "(?![Mm][Rr][Tt])" + parts[i]
        branches.append("".join(parts))
    # The lookahead rejects most positions before the alternatives are tried one by one.
    shape = r"(?=[A-Za-z0-9]{1,3}-)" if hyphens else r"(?=[A-Z0-9]{6}(?![\w\-]))"
    return r"[^\w\-]", shape + "(?P<m>" + "|".join(branches) + r")(?![\w\-])"


_PLATE_HYPHEN = _plate_pattern(hyphens=True)
_PLATE_BARE = _plate_pattern(hyphens=False)


# --- addresses ------------------------------------------------------------------------------
# A postcode is 4 digits (no leading 0) and 2 letters; PostNL never uses SA, SD and SS. Upper case,
# or lower case when glued to the digits ("1234ab"): "1234 en 12" is prose, not an address.
_PC = r"[1-9][0-9]{3}(?: ?(?!S[ADS])[A-Z]{2}|(?!s[ads])[a-z]{2})(?![A-Za-z])"
# A house number with an optional addition: 12a, 12 A, 12-3, 12-hs, 12/1.
_HN = (r"[1-9][0-9]{0,4}(?:[A-Za-z](?![A-Za-z])|[\-/](?:[0-9]{1,4}|[A-Za-z]{1,3})(?![A-Za-z0-9])"
       r"| [A-Z](?!\w))?(?![0-9A-Za-z])")
_ADDR_PC_FIRST = (r"[^\w]", rf"(?P<m>{_PC}(?:, ?| ){_HN})")
# Number first: the number follows a word (the street, possibly abbreviated: "Burg. Jansstr. 3"),
# and that word is not a postcode's letters ("1234 AB 12, 1234 AB" is two postcodes).
_ADDR_NUMBER_FIRST = (
    r" (?=[1-9])(?:(?<=[^\W\d_] )|(?<=[^\W\d_]\. ))"
    r"(?<![^0-9][1-9][0-9]{3}[A-Za-z]{2} )(?<![^0-9][1-9][0-9]{3} [A-Za-z]{2} )",
    rf"(?P<m>{_HN}(?:, ?| ){_PC})")
_STREET_WORD = r"'?[^\W\d_][\w'.\-]*"
_PARTICLES = frozenset("van der den de het 't 's ter ten te op aan in la le du st. sint".split())
_ABBREVIATIONS = frozenset(
    "burg. dr. mr. prof. ir. ing. st. gen. jhr. kon. pres. mgr. ds. pr.".split())
_PO_BOX = frozenset(("postbus", "antwoordnummer"))


def _accept_address_number_first(m: re.Match[str], text: str) -> Span | None:
    # Walk back over the street name: the word before the number, and before it up to four
    # capitalised words or name particles ("Van der Helststraat", "Lange Nieuwstraat").
    start = m.start("m")
    lo = max(0, start - 160)
    window = text[lo:start - 1]
    line = max(window.rfind("\n"), window.rfind("\r"), window.rfind("\t"))
    whole = line >= 0 or lo == 0  # whether the first word in the window is complete
    words = window[line + 1:].split(" ")
    kept: list[str] = []
    for i, word in enumerate(reversed(words)):
        if i >= 5 or not _re(_STREET_WORD).fullmatch(word) or (not whole and i == len(words) - 1):
            break
        if i == 0 and word.lower() in _PO_BOX:
            return None  # an organisation's PO box, not where someone lives
        if i > 0 and not (word[0].isupper() or word.lower() in _PARTICLES):
            break
        if i > 0 and word.endswith(".") and word.lower() not in _ABBREVIATIONS:
            break  # "… Amsterdam. Lindelaan 12, …": the previous sentence
        if i > 0 and len(word) == 2 and word.isupper() and i + 1 < len(words) \
                and len(words[-i - 2]) == 4 and words[-i - 2].isdigit():
            break  # "1234 AB Lindelaan 12 …": the previous address's postcode
        kept.append(word)
    if not kept:
        return None
    while len(kept) > 1 and kept[-1] in _PARTICLES:  # "op de Lindelaan": not "op de" (but "Van")
        kept.pop()
    return start - sum(len(w) + 1 for w in kept), m.end("m")


# --- putting it together --------------------------------------------------------------------

# (kind, (boundary, body), accept, a character the text must contain for a match at all, whether
# the body may also follow a finding directly: see _glue)
_DETECTORS: tuple[tuple[str, tuple[str, str], Accept | None, str, bool], ...] = (
    ("email", _EMAIL, None, "@", True),
    ("iban", _IBAN, _accept_iban, "", True),
    ("bsn", _BSN, _accept_bsn, "", True),
    ("bsn", _BSN_AFTER_BSN, _accept_bsn, "", False),
    ("phone", _PHONE, _accept_phone, "", True),
    ("postcode", _ADDR_PC_FIRST, None, "", True),
    ("postcode", _ADDR_NUMBER_FIRST, _accept_address_number_first, " ", False),
    ("plate", _PLATE_HYPHEN, None, "-", True),
    ("plate", _PLATE_BARE, None, "", True),
)


# "…1234 AB 12, 1234 AC": a finding ending in what looks like a postcode's digits, so that the
# address check "not after a postcode" saw it.
_POSTCODE_AFTER = r" ?[A-Za-z]{2} [1-9]"
_POSTCODE_DIGITS = r"[^0-9][1-9][0-9]{3}"
_CLOSE = frozenset(")]}>\"'”’».,;:!?")


def _apart_after(padded: str, end: int) -> bool:
    """Whether whitespace follows (perhaps after closing punctuation: "…).")."""
    size, after = len(padded), end
    while after < size and after - end < 4 and padded[after] in _CLOSE:
        after += 1
    return after >= size or padded[after].isspace()


_ASCII_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# The characters each body can start with: most glued positions are ruled out without a match.
_FIRST = {"email": frozenset(_ASCII_ALNUM + ".%+'-_"), "iban": frozenset(_ASCII_ALNUM[10:]),
          "bsn": frozenset(_ASCII_ALNUM[:10]), "phone": frozenset("+0("),
          "postcode": frozenset(_ASCII_ALNUM[1:10]), "plate": frozenset(_ASCII_ALNUM)}


def _glue(padded: str, found: Found) -> Found:
    """Add the findings glued to the end of another ("0100000000+100000000", "a@b.nl.c@d.nl"):
    the boundary check of the second saw the first one's last character. Each is looked for
    right after the previous one, so a chain of any length costs one pass."""
    bodies = [(kind, _re(body), accept, _FIRST[kind])
              for kind, (_boundary, body), accept, needed, glue in _DETECTORS
              if glue and needed in padded]
    out: Found = []
    for i, (start, end, kind) in enumerate(found):
        out.append((start, end, kind))
        limit = found[i + 1][0] if i + 1 < len(found) else len(padded)
        while end < limit and not (first := padded[end]).isspace() \
                and not (first in _CLOSE and _apart_after(padded, end)):
            best: tuple[int, int, str] | None = None
            for other, body, accept, firsts in bodies:
                # Up to the next finding only, as if it were masked already.
                if first not in firsts or (m := body.match(padded, end, limit)) is None:
                    continue
                span = m.span("m") if accept is None else accept(m, padded)
                if span is not None and span[1] <= limit \
                        and (best is None or span[1] - span[0] > best[1] - best[0]):
                    best = (*span, other)
            if best is None:
                break
            out.append(best)
            end = best[1]
    return out


class _Analysis(NamedTuple):
    stripped: str  # the text without invisible characters
    removed: list[int]  # where they were
    spans: Found  # the chosen findings, offsets into stripped
    # Whether masking could bring a further finding to light: a finding glued to its neighbours
    # that _glue could not resolve, or one that cut another short.
    unsettled: bool


def _settled(padded: str, found: Found) -> bool:
    """Whether masking these findings can bring no further one to light.

    Masking a finding changes what its neighbours see, so the checks that look past a
    candidate's own characters decide this. To the right of a candidate they reach at most two
    characters ("a BSN not followed by -digit"), and every finding ends in a letter or digit: so
    on a finding's left only a candidate glued to it can change. On its right, what starts right
    at its end was looked for by _glue; further on only two checks reach back into it: the BSN's
    "not after digit and . , or -" and the address's "not after a postcode".
    """
    size = len(padded)
    for i, (start, end, _kind) in enumerate(found):
        before = padded[start - 1]  # padded[0] is "\n": there is always one
        glued = before.isalnum() or (before in ".,-" and padded[start - 2].isalnum())
        if glued and (i == 0 or found[i - 1][1] < start - (before in ".,-")):  # not to a finding
            return False
        if end + 1 < size and padded[end] in ".,-" and padded[end + 1].isdigit() \
                and (i + 1 == len(found) or found[i + 1][0] > end + 1):
            return False
        if _re(_POSTCODE_AFTER).match(padded, end) \
                and _re(_POSTCODE_DIGITS).fullmatch(padded, end - 5, end):
            return False
    return True


def _analyse(text: str) -> _Analysis:
    stripped, folded, removed = _prepare(text)
    padded = "\n" + folded  # every finding has a character before it; offsets are 1 too high
    found: Found = []
    for kind, (boundary, body), accept, needed, _glued in _DETECTORS:
        if needed in folded:
            _scan(_re(boundary + body), padded, accept, kind, found)
    found.sort()
    unsettled = False
    if any(found[i][1] > found[i + 1][0] for i in range(len(found) - 1)):
        # Overlaps: the longest wins, then the most specific kind; a candidate overlapping one
        # already taken is dropped.
        found.sort(key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0]))
        taken = bytearray(len(padded))
        chosen = []
        for start, end, kind in found:
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                chosen.append((start, end, kind))
            elif taken.find(0, start, end) != -1:
                unsettled = True  # only partly covered: the rest may be a finding on its own
        chosen.sort()
        found = chosen
    found = _glue(padded, found)
    unsettled = unsettled or not _settled(padded, found)
    return _Analysis(stripped, removed, [(s - 1, e - 1, k) for s, e, k in found], unsettled)


def find(text: str) -> list[Finding]:
    """The personal data in *text*: non-overlapping, sorted by start, offsets into *text*."""
    _stripped, removed, spans, _unsettled = _analyse(text)
    if not removed:
        return [Finding(kind, start, end, text[start:end]) for start, end, kind in spans]
    # Offsets were found in the text without invisible characters; map them back. gaps[j] is the
    # position (in that text) in front of which the j-th removed character stood.
    gaps = [r - j for j, r in enumerate(removed)]
    findings = []
    for start, end, kind in spans:
        first = start + bisect_right(gaps, start)
        last = end - 1 + bisect_right(gaps, end - 1) + 1
        findings.append(Finding(kind, first, last, text[first:last]))
    return findings


def redact(text: str) -> str:
    """*text* with each finding replaced by a placeholder in the current language ("[BSN]",
    "[telefoonnummer]", ...) and invisible formatting characters removed.

    Idempotent, redact(redact(x)) == redact(x): findings glued together are found in one pass
    ("0100000000+100000000", see _glue), and in the rare case that masking could still bring a
    further finding to light (see _settled) the masked text is looked at again. find() reports
    the first pass.
    """
    placeholders = {kind: t(f"privacy.{kind}") for kind in KINDS}
    for _round in range(8):  # every further round masks at least one more; a second is rare
        stripped, _removed, spans, unsettled = _analyse(text)
        if not spans:
            return stripped
        out: list[str] = []
        last = 0
        for start, end, kind in spans:
            out.append(stripped[last:start])
            out.append(placeholders[kind])
            last = end
        out.append(stripped[last:])
        text = "".join(out)
        if not unsettled:
            break
    return text


def kinds_in(text: str) -> set[str]:
    """The kinds of personal data in *text*."""
    return {kind for _start, _end, kind in _analyse(text).spans}
