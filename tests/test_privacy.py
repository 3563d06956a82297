"""Masking residents' personal data: a table of true and false positives per kind, then the
properties every output relies on (idempotent, never grows beyond its placeholders, linear time,
not fooled by invisible characters)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkpost import i18n
from wijkpost.privacy import KINDS, Finding, bsn_valid, find, iban_valid, kinds_in, redact

# --------------------------------------------------------------------------- references
# Independent implementations of the checks, written from the specifications, so that the table
# below does not rest on the code under test.


def elfproef(number: str) -> bool:
    """BSN eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not all zeros."""
    digits = [int(c) for c in number]
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return len(digits) == 9 and any(digits) and sum(map(int.__mul__, weights, digits)) % 11 == 0


def mod97(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    iban = iban.replace(" ", "").upper()
    moved = iban[4:] + iban[:4]
    return int("".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)) % 97 == 1


def test_reference_values() -> None:
    # The brief's examples, computed by hand: 111222333 -> 9+8+7+12+10+8+9+6-3 = 66 = 6*11,
    # 123456782 -> 9+16+21+24+25+24+21+16-2 = 154 = 14*11; 123456789 -> 147 = 13*11 + 4.
    assert elfproef("111222333") and elfproef("123456782") and not elfproef("123456789")
    assert not elfproef("000000000")
    for number in ("111222333", "123456782", "123456789", "000000000", "999999990", "010000008"):
        assert bsn_valid(number) == elfproef(number), number
    for iban in ("NL91ABNA0417164300", "BE68539007547034", "DE89370400440532013000",
                 "NL91ABNA0417164301", "GB29NWBK60161331926819"):
        assert iban_valid(iban) == mod97(iban), iban


# --------------------------------------------------------------------------- the table
# (kind, text, the exact text of the single finding, or None: nothing may be found)
CASES: list[tuple[str, str, str | None]] = [
    # BSN: 9 digits passing the eleven-test, in the usual groupings
    ("bsn", "111222333", "111222333"),
    ("bsn", "mijn bsn is 123456782.", "123456782"),
    ("bsn", "BSN: 123.456.782", "123.456.782"),
    ("bsn", "bsn 1234 56 782, graag terugbellen", "1234 56 782"),
    ("bsn", "BSN 123 456 782", "123 456 782"),
    ("bsn", "(sofinummer 1234.56.782)", "1234.56.782"),
    ("bsn", "nummer 12 34 56 782", "12 34 56 782"),
    ("bsn", "BSN123456782", "123456782"),
    ("bsn", "zijn BSN is 010000008", "010000008"),
    ("bsn", "999999990 staat op de pas", "999999990"),
    # ... and nine digits that are not one
    ("bsn", "ordernummer 123456789", None),  # fails the eleven-test
    ("bsn", "123.456.789", None),
    ("bsn", "000000000", None),
    ("bsn", "1234567820", None),  # 123456782 inside a longer number
    ("bsn", "1.123.456.782", None),
    ("bsn", "€ 123.456.782", None),  # an amount
    ("bsn", "123456782,50", None),
    ("bsn", "ABC123456782", None),  # a code
    ("bsn", "12345678", None),
    ("bsn", "123 456 78", None),
    # phone: every common way of writing a Dutch number
    ("phone", "bel 06-12345678", "06-12345678"),
    ("phone", "06 12 34 56 78 na 18 uur", "06 12 34 56 78"),
    ("phone", "0612345678", "0612345678"),
    ("phone", "tel. +31 6 12345678", "+31 6 12345678"),
    ("phone", "+31(0)6-12345678", "+31(0)6-12345678"),
    ("phone", "+31 (0)6 1234 5678", "+31 (0)6 1234 5678"),
    ("phone", "0031 6 12345678", "0031 6 12345678"),
    ("phone", "+31612345678", "+31612345678"),
    ("phone", "06-1234 5678", "06-1234 5678"),
    ("phone", "thuis 010-1234567", "010-1234567"),
    ("phone", "020 123 4567", "020 123 4567"),
    ("phone", "(010) 123 45 67", "(010) 123 45 67"),
    ("phone", "0111-123456", "0111-123456"),
    ("phone", "+31 20 123 4567", "+31 20 123 4567"),
    ("phone", "085 123 4567", "085 123 4567"),  # VoIP at home
    ("phone", "06.12.34.56.78", "06.12.34.56.78"),
    ("phone", "mijn Belgische nummer +32 2 123 45 67", "+32 2 123 45 67"),
    ("phone", "Berlin: +49 (0)30 12345678", "+49 (0)30 12345678"),
    # ... and numbers that are not a resident's phone number
    ("phone", "politie 0900-8844", None),
    ("phone", "bel 112 bij spoed", None),
    ("phone", "dierenambulance 144", None),
    ("phone", "gratis 0800-1234", None),
    ("phone", "0800 1234567", None),
    ("phone", "0900 1234567", None),
    ("phone", "gemeente 14 020", None),
    ("phone", "088-1234567", None),  # company number
    ("phone", "op 24-11-2026 om 10:30", None),
    ("phone", "06-11-2026 12 mensen", None),  # a date and a count
    ("phone", "06.11.2026 1234", None),
    ("phone", "van 09.00-17.00 uur", None),
    ("phone", "€ 1.234.567,89", None),
    ("phone", "bedrag 0,612345678", None),
    ("phone", "in 2026", None),
    ("phone", "factuur 0123456789", None),  # no such area code
    ("phone", "0000000000", None),
    ("phone", "06-1234567", None),  # a digit short
    ("phone", "06-123456789", None),  # a digit too many
    ("phone", "0 6 1 2 3 4 5 6 7 8", None),
    # e-mail
    ("email", "mail jan@example.nl", "jan@example.nl"),
    ("email", "Jan.Jansen@Example.NL.", "Jan.Jansen@Example.NL"),
    ("email", "JAN@EXAMPLE.COM", "JAN@EXAMPLE.COM"),
    ("email", "jan+wijkpost@gmail.com", "jan+wijkpost@gmail.com"),
    ("email", "j.de-vries@mail.gemeente.nl", "j.de-vries@mail.gemeente.nl"),
    ("email", "o'brien@example.ie", "o'brien@example.ie"),
    ("email", "user_name@example.co.uk", "user_name@example.co.uk"),
    ("email", "mailto:jan@example.nl", "jan@example.nl"),
    ("email", "<josé@exemple.fr>", "josé@exemple.fr"),
    ("email", "jan@example.nl.2026", "jan@example.nl"),
    ("email", "'jan@example.nl'", "jan@example.nl"),
    ("email", "jan@", None),
    ("email", "jan @ example.nl", None),
    ("email", "jan@localhost", None),
    ("email", "a@b.c", None),
    ("email", "versie 1.2.3", None),
    ("email", "prijs@10.50", None),
    ("email", "user@192.168.1.1", None),
    ("email", "@wijkagent@mastodon.nl bedankt!", None),  # a fediverse handle
    ("email", "#buurtwacht @gemeente", None),
    # IBAN: mod-97 valid, any case, with or without spaces
    ("iban", "NL91 ABNA 0417 1643 00", "NL91 ABNA 0417 1643 00"),
    ("iban", "IBAN: NL91ABNA0417164300.", "NL91ABNA0417164300"),
    ("iban", "nl91abna0417164300", "nl91abna0417164300"),
    ("iban", "NL91 ABNA 0417164300 t.n.v.", "NL91 ABNA 0417164300"),
    ("iban", "NL 91 ABNA 0417 1643 00", "NL 91 ABNA 0417 1643 00"),
    ("iban", "BE68 5390 0754 7034", "BE68 5390 0754 7034"),
    ("iban", "BE68539007547034", "BE68539007547034"),
    ("iban", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("iban", "FR14 2004 1010 0505 0001 3M02 606", "FR14 2004 1010 0505 0001 3M02 606"),
    ("iban", "GB29 NWBK 6016 1331 9268 19", "GB29 NWBK 6016 1331 9268 19"),
    ("iban", "NL91 ABNA 0417 1643 01", None),  # wrong check
    ("iban", "NL91ABNA0417164301", None),
    ("iban", "DE89 3704 0044 0532 0130 01", None),
    ("iban", "BE68539007547035", None),
    ("iban", "NL91 ABNA 0417 1643 0", None),  # too short for NL
    ("iban", "NL91ABNA04171643001", None),  # too long for NL
    ("iban", "XX91ABNA0417164300", None),  # no such country
    ("iban", "NL91 1234 0417 1643 00", None),  # not the NL shape
    ("iban", "ISBN 978-90-12345-67-8", None),
    # licence plates, one per sidecode, and the hyphen-less forms of the modern ones
    ("plate", "AB-12-34", "AB-12-34"),  # 1
    ("plate", "12-34-AB", "12-34-AB"),  # 2
    ("plate", "12-AB-34", "12-AB-34"),  # 3
    ("plate", "GB-12-HJ", "GB-12-HJ"),  # 4
    ("plate", "HJ-KL-12", "HJ-KL-12"),  # 5
    ("plate", "12-HJ-KL", "12-HJ-KL"),  # 6
    ("plate", "12-HJK-3", "12-HJK-3"),  # 7
    ("plate", "een 1-HJK-23 reed door rood", "1-HJK-23"),  # 8
    ("plate", "GV-123-B", "GV-123-B"),  # 9
    ("plate", "G-123-BB", "G-123-BB"),  # 10
    ("plate", "GHJ-12-B", "GHJ-12-B"),  # 11
    ("plate", "G-12-BBB", "G-12-BBB"),  # 12
    ("plate", "1-GB-234", "1-GB-234"),  # 13
    ("plate", "(123-GB-4)", "123-GB-4"),  # 14
    ("plate", "kenteken gv-123-b", "gv-123-b"),
    ("plate", "GV123B", "GV123B"),
    ("plate", "12HJK3", "12HJK3"),
    ("plate", "COVID-19", None),
    ("plate", "A-12", None),
    ("plate", "NL-2026", None),
    ("plate", "12-ABC-3", None),  # vowels are never used since sidecode 4
    ("plate", "4-MMC-12", None),  # nor C
    ("plate", "op 1-MRT-26", None),  # a date
    ("plate", "24-11-2026", None),
    ("plate", "AB1234", None),  # hyphen-less old sidecode: a model number as often
    ("plate", "HD1080", None),
    ("plate", "gv123b", None),  # lower case without hyphens: a word or code
    ("plate", "ab-12-34", None),
    ("plate", "T-shirt", None),
    ("plate", "MP3", None),
    # addresses: a postcode with a house number, or street + number + postcode
    ("postcode", "1234 AB 12", "1234 AB 12"),
    ("postcode", "1234AB 12a", "1234AB 12a"),
    ("postcode", "1234 AB, 12-3", "1234 AB, 12-3"),
    ("postcode", "1234ab 5", "1234ab 5"),
    ("postcode", "Lindelaan 12, 1234 AB", "Lindelaan 12, 1234 AB"),
    ("postcode", "Lindelaan 12 1234AB Amsterdam", "Lindelaan 12 1234AB"),
    ("postcode", "Ik woon op de Van der Helststraat 12, 1234 AB.",
     "Van der Helststraat 12, 1234 AB"),
    ("postcode", "Burg. de Boerstr. 3 A, 1234 AB", "Burg. de Boerstr. 3 A, 1234 AB"),
    ("postcode", "Kerkstraat 7-hs, 1234 AB", "Kerkstraat 7-hs, 1234 AB"),
    ("postcode", "1234 AB", None),  # a postcode alone names a street, not a household
    ("postcode", "wijk 1234 AB en 1235 AC", None),
    ("postcode", "Lindelaan 12", None),  # no postcode: too ambiguous
    ("postcode", "Postbus 123, 1234 AB", None),  # an organisation's address
    ("postcode", "Antwoordnummer 1234, 1234 AB", None),
    ("postcode", "1234 en 12", None),
    ("postcode", "0123 AB 12", None),  # postcodes do not start with 0
    ("postcode", "1234 SS 12", None),  # never issued
    ("postcode", "1234 ABC 12", None),
    ("postcode", "In 2026 kwamen 12 mensen", None),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES,
                         ids=[f"{k}-{i}" for i, (k, _t, _e) in enumerate(CASES)])
def test_table(kind: str, text: str, expected: str | None) -> None:
    findings = find(text)
    if expected is None:
        assert findings == [], findings
        assert redact(text) == text
    else:
        assert [(f.kind, f.text) for f in findings] == [(kind, expected)]
        start = text.index(expected)
        assert findings[0] == Finding(kind, start, start + len(expected), expected)
        assert redact(text) == text.replace(expected, i18n.t(f"privacy.{kind}"))


def test_table_has_enough_cases_per_kind() -> None:
    for kind in KINDS:
        true = sum(1 for k, _t, e in CASES if k == kind and e is not None)
        false = sum(1 for k, _t, e in CASES if k == kind and e is None)
        assert true >= 8 and false >= 8, (kind, true, false)


def test_table_agrees_with_the_references() -> None:
    for kind, _text, expected in CASES:
        if kind == "bsn" and expected is not None:
            assert elfproef(expected.replace(".", "").replace(" ", ""))
        if kind == "iban" and expected is not None:
            assert mod97(expected)


# --------------------------------------------------------------------------- mixed text


MESSAGE = (
    "Beste wijkagent,\n"
    "Gisteren om 22:15 stond een busje (GV-123-B) voor Lindelaan 12, 1234 AB. Bel me op "
    "06-12345678 of mail jan.jansen+wijk@example.nl. Mijn BSN (111222333) staat op de "
    "aangifte; de schade (€ 1.250,00) graag op NL91 ABNA 0417 1643 00.\n"
    "Politie: 0900-8844, spoed 112. Vergadering 24-11-2026 in 1234 AB.\n"
)


def test_mixed_message() -> None:
    assert [f.kind for f in find(MESSAGE)] == ["plate", "postcode", "phone", "email", "bsn", "iban"]
    assert redact(MESSAGE) == (
        "Beste wijkagent,\n"
        "Gisteren om 22:15 stond een busje ([kenteken]) voor [adres]. Bel me op "
        "[telefoonnummer] of mail [e-mailadres]. Mijn BSN ([BSN]) staat op de "
        "aangifte; de schade (€ 1.250,00) graag op [IBAN].\n"
        "Politie: 0900-8844, spoed 112. Vergadering 24-11-2026 in 1234 AB.\n"
    )
    assert kinds_in(MESSAGE) == set(KINDS)
    assert kinds_in("Niets bijzonders, tot morgen.") == set()


def test_findings_are_sorted_disjoint_and_point_into_the_text() -> None:
    findings = find(MESSAGE * 3)
    assert len(findings) == 18
    for a, b in pairwise(findings):
        assert a.end <= b.start
    for f in findings:
        assert (MESSAGE * 3)[f.start:f.end] == f.text


def test_longest_finding_wins() -> None:
    # The local part of the address is a phone number; the IBAN holds a 10-digit number.
    assert [(f.kind, f.text) for f in find("0612345678@example.nl")] == [
        ("email", "0612345678@example.nl")]
    assert kinds_in("NL91ABNA0417164300") == {"iban"}
    assert kinds_in("+31 612345678") == {"phone"}


def test_idempotent() -> None:
    once = redact(MESSAGE)
    assert redact(once) == once
    assert find(once) == []


@pytest.mark.parametrize(("text", "expected"), [
    # found by the properties below; kept so that they stay fixed
    ("0100000000+100000000", "[telefoonnummer][telefoonnummer]"),  # glued: a second round
    ("jan@example.nl..jan@example.nl", "[e-mailadres]..[e-mailadres]"),
    ("0612345678.0687654321", "[telefoonnummer].[telefoonnummer]"),
    ("jan@example.nl 0612345678 0612345678",  # "nl 06 …" is not the start of an IBAN
     "[e-mailadres] [telefoonnummer] [telefoonnummer]"),
    ("bel de 12 0612345678", "bel de 12 [telefoonnummer]"),  # nor is "de 12 …"
    ("DE89370400440532013000 0100000000", "[IBAN] [telefoonnummer]"),
    ("0100000000+100000000+100000000", "[telefoonnummer]" * 3),  # a chain: one round
    ("a@b.nl.c@d.nl.e@f.nl", "[e-mailadres].[e-mailadres].[e-mailadres]"),
    ("0612345678GV-123-B 111222333+31612345678",
     "[telefoonnummer][kenteken] [BSN][telefoonnummer]"),
    ("[jan@example.nl](mailto:jan@example.nl)", "[[e-mailadres]](mailto:[e-mailadres])"),
])
def test_edge_cases(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert redact(expected) == expected


def test_english_placeholders() -> None:
    i18n.set_language("en")
    try:
        assert redact(MESSAGE).splitlines()[1] == (
            "Gisteren om 22:15 stond een busje ([licence plate]) voor [address]. Bel me op "
            "[phone number] of mail [e-mail address]. Mijn BSN ([BSN]) staat op de "
            "aangifte; de schade (€ 1.250,00) graag op [IBAN].")
        assert redact("NL91ABNA0417164300") == "[IBAN]"
    finally:
        i18n.set_language(None)
    assert redact("0612345678") == "[telefoonnummer]"


def test_every_placeholder_has_both_languages() -> None:
    for kind in KINDS:
        dutch, english = i18n.MESSAGES[f"privacy.{kind}"]
        assert dutch.startswith("[") and english.startswith("["), kind


# --------------------------------------------------------------------------- evasion

EVASIONS = [
    "06\u200b12345678",  # zero-width space
    "06-1234\u200d5678",  # zero-width joiner
    "0612\u202e345678",  # right-to-left override
    "\u2066061234\u20695678",  # isolates
    "06\u00ad12345678",  # soft hyphen
    "\ufeff0612345678",  # byte-order mark
    "06\u00a012\u00a034\u00a056\u00a078",  # no-break spaces
    "06\u201112345678",  # non-breaking hyphen
    "０６１２３４５６７８",  # full-width digits
    "+31\u2009(0)6\u20131234\u20095678",  # thin spaces, en dash
]


@pytest.mark.parametrize("number", EVASIONS)
def test_evasion_is_caught(number: str) -> None:
    text = f"bel {number} na zessen"
    [finding] = find(text)
    assert finding.kind == "phone"
    assert text[finding.start:finding.end] == finding.text  # offsets into the text as given
    assert redact(text) == "bel [telefoonnummer] na zessen"


def test_evasion_other_kinds() -> None:
    assert redact("jan\u200b@exam\u200cple.nl") == "[e-mailadres]"
    assert redact("BSN 111\u200b222\u200b333") == "BSN [BSN]"
    assert redact("NL91\u202eABNA0417164300") == "[IBAN]"
    assert redact("ＧＶ-１２３-Ｂ") == "[kenteken]"
    assert redact("1234\u200bAB 12") == "[adres]"


def test_invisible_characters_are_removed_everywhere() -> None:
    # They carry no content, and a bidirectional override in output can make a text display
    # differently from what it says.
    assert redact("hallo\u202e wereld\u200b!") == "hallo wereld!"
    assert redact("") == ""
    # Outside findings other characters stay as written (full-width, no-break space).
    assert redact("１２３\u00a0euro") == "１２３\u00a0euro"


def test_offsets_map_back_across_removed_characters() -> None:
    text = "\u200b\u200ba\u200b 06\u200b12345678\u200b en jan@example.nl"
    findings = find(text)
    assert [f.kind for f in findings] == ["phone", "email"]
    for f in findings:
        assert text[f.start:f.end] == f.text
    assert findings[0].text == "06\u200b12345678"  # the trailing one is not part of it


# --------------------------------------------------------------------------- performance

MB = 1_000_000


def _repeat(piece: str) -> str:
    return (piece * (MB // len(piece) + 1))[:MB]


HOSTILE: dict[str, Callable[[], str]] = {
    "prose with findings": lambda: _repeat(MESSAGE),
    "digits": lambda: "1" * MB,
    "letters": lambda: "a" * MB,
    "at signs": lambda: _repeat("a@"),
    "almost an e-mail": lambda: _repeat("x@a."),
    "dotted local part": lambda: "a." * (MB // 2 - 1) + "@",
    "spaced digit pairs": lambda: _repeat("01 "),
    "iban starts": lambda: _repeat("NL91 "),
    "postcodes": lambda: _repeat("1234 AB "),
    "street numbers": lambda: _repeat("Laan 12 "),
    "hyphens": lambda: _repeat("1-1-1-"),
    "phone numbers": lambda: _repeat("0612345678 "),
    "phone numbers glued": lambda: "0100000000" + _repeat("+100000000"),
    "e-mail addresses glued": lambda: "a@b.nl" + _repeat(".x@c.nl"),
    "phone numbers with slashes": lambda: _repeat("0612345678/"),
    "zero-width": lambda: _repeat("0\u200b6"),
}


def _cpu_seconds(work: Callable[[], object], enough: float = 0.0) -> float:
    """Best of three runs (or the first under *enough*), in CPU time: what the code costs, not
    what a busy machine adds."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
        if best < enough:
            break
    return best


@pytest.mark.parametrize("name", list(HOSTILE))
def test_one_megabyte_in_under_a_second(name: str) -> None:
    text = HOSTILE[name]()
    assert len(text) >= MB - 1
    seconds = _cpu_seconds(lambda: redact(text), enough=1.0)
    assert seconds < 1.0, f"{name}: {seconds:.2f} s"


def test_linear_time() -> None:
    # Twice the text, about twice the time: no hidden quadratic path.
    small, large = _repeat(MESSAGE)[: MB // 4], _repeat(MESSAGE)[: MB // 2]
    ratio = _cpu_seconds(lambda: redact(large)) / _cpu_seconds(lambda: redact(small))
    assert ratio < 3.5, ratio


# --------------------------------------------------------------------------- properties

FRAGMENTS = [
    "0612345678", "06-12345678", "+31 6 12345678", "111222333", "123456789", "123.456.782",
    "jan@example.nl", "@", ".", "-", " ", ", ", "NL91ABNA0417164300", "NL91 ABNA", "1234 AB",
    "12", "Lindelaan", "GV-123-B", "AB-12-34", "x", "BSN", "€", "+", "(0)", "\u200b", "\u202e",
    "０", "Postbus", "a", "Z", "9", "\n",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.text(alphabet="0123456789 -.+@()ABNLabnl,\u200b", max_size=80),
)
LONGEST_PLACEHOLDER = max(len(i18n.t(f"privacy.{kind}")) for kind in KINDS) + max(
    len(i18n.MESSAGES[f"privacy.{kind}"][1]) for kind in KINDS)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_redact_never_raises_nor_grows_beyond_its_placeholders(text: str) -> None:
    findings = find(text)
    out = redact(text)
    placeholders = sum(len(i18n.t(f"privacy.{f.kind}")) for f in findings)
    assert len(out) <= len(text) + placeholders
    assert len(out) <= len(text) + LONGEST_PLACEHOLDER * len(findings)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_is_sorted_disjoint_and_exact(text: str) -> None:
    findings = find(text)
    for a, b in pairwise(findings):
        assert a.end <= b.start
    for f in findings:
        assert f.kind in KINDS and 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        # wijkpost.digest skips texts with neither: keep that shortcut sound
        assert "@" in f.text or any(c.isdigit() for c in f.text)
    assert kinds_in(text) == {f.kind for f in findings}


@settings(max_examples=400, deadline=None)
@given(texts)
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


def _all_languages() -> Iterator[None]:
    for lang in ("nl", "en"):
        i18n.set_language(lang)
        yield
    i18n.set_language(None)


def test_placeholders_are_never_findings() -> None:
    for _ in _all_languages():
        for kind in KINDS:
            placeholder = i18n.t(f"privacy.{kind}")
            assert find(placeholder) == [] and find(f"06 {placeholder} 12") == []
