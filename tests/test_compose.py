"""Composition: counting as each network counts, threading, shortening with a link, plain text."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkpost import compose as compose_module
from wijkpost import i18n
from wijkpost.compose import Composed, CompositionError, compose, count
from wijkpost.errors import ExitStatus, InputError
from wijkpost.plaintext import plain_text

DATA = Path(__file__).parent / "data" / "compose"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
RAINBOW = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIJKPOST_LANG", raising=False)
    i18n.set_language(None)


# --- X: the twitter-text conformance suite ------------------------------------------------------


def _conformance() -> list[Any]:
    tests = yaml.safe_load((DATA / "twitter_text_validate.yml").read_text(encoding="utf-8"))
    return [
        pytest.param(section, case, id=f"{section}-{number}")
        for section, cases in tests["tests"].items()
        for number, case in enumerate(cases)
    ]


CONFORMANCE = _conformance()


def test_conformance_data_is_complete() -> None:
    sections = [param.values[0] for param in CONFORMANCE]
    assert {name: sections.count(name) for name in set(sections)} == {
        "WeightedTweetsCounterTest": 20,
        "WeightedTweetsWithDiscountedEmojiCounterTest": 22,
        "UnicodeDirectionalMarkerCounterTest": 2,
    }


@pytest.mark.parametrize(("section", "case"), CONFORMANCE)
def test_conformance_transcription(section: str, case: dict[str, Any]) -> None:
    # displayRangeEnd is the UTF-16 length minus one: catches a lost ZWJ or combining mark
    utf16 = len(case["text"].encode("utf-16-le")) // 2
    assert utf16 - 1 == case["expected"]["displayRangeEnd"]


@pytest.mark.parametrize(("section", "case"), CONFORMANCE)
def test_twitter_text_conformance(section: str, case: dict[str, Any]) -> None:
    text, expected = case["text"], case["expected"]
    v3 = section != "WeightedTweetsCounterTest"  # that section runs the v2 config
    length = compose_module._twitter_length(text, emoji_parsing=v3)
    assert length == expected["weightedLength"], case["description"]
    if v3:
        assert count(text, "twitter") == length
    if not re.search("[\ufffe\ufeff\uffff]", text):  # invalid characters are not our business
        assert (0 < length <= 280) == expected["valid"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie wijkpost.nl", 4 + 23),  # a bare domain with a known TLD is a URL on X
        ("Zie https://wijkpost.nl/agenda/een-heel-lang-pad-naar-de-agenda?x=1", 4 + 23),
        ("Zie http://localhost:8000/agenda", 32),  # no known TLD: counted character by character
        ("verslag.pdf", 11),  # .pdf is no TLD
        ("Let op. Morgen", 14),
        ("a\r\nb", 3),  # CRLF is one newline
        ("©", 1),  # twemoji takes © as emoji only with VS16
        ("Kopij © 2026, ® 5", 17),
        ("©\ufe0f", 2),
        ("1\ufe0f\u20e3", 2),
        ("\U0001f1f3\U0001f1f1", 2),  # 🇳🇱
        (FAMILY, 2),
        (RAINBOW, 2),
        ("\U0001f44d\U0001f3fd", 2),  # 👍🏽
        ("café", 4),
        ("e\u0301", 1),  # NFC first
        ("日本", 4),
    ],
)
def test_twitter_count(text: str, expected: int) -> None:
    assert count(text, "twitter") == expected


@pytest.mark.xfail(
    strict=True,
    reason="twitter-text joins only ZWJ sequences on its emoji list; this scanner joins every "
    "well-formed one, so an unlisted sequence counts 2 here where twitter-text counts its parts",
)
def test_unlisted_zwj_sequence_counts_its_parts() -> None:
    assert count("\U0001f408\u200d\U0001f525", "twitter") == 5  # 🐈‍🔥 is not an emoji


def _emoji_test_file() -> Path | None:
    spec = importlib.util.find_spec("twitter_text")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "regexp" / "emoji-test.txt"
    return path if path.exists() else None


def test_every_fully_qualified_emoji_is_one_unit() -> None:
    # emoji-test.txt (Unicode 12) as shipped with twitter-text-parser: every RGI sequence is one
    # emoji (2) on X and one grapheme cluster (1) on Mastodon
    path = _emoji_test_file()
    assert path is not None, "twitter-text-parser (a test extra) ships emoji-test.txt"
    sequences = [
        "".join(chr(int(cp, 16)) for cp in line.split(";")[0].split())
        for line in path.read_text(encoding="utf-8").splitlines()
        if "; fully-qualified" in line
    ]
    assert len(sequences) > 3000
    assert [s for s in sequences if count(s, "twitter") != 2] == []
    assert [s for s in sequences if count(s, "mastodon") != 1] == []


# deterministic and without an example database: reproducible in CI, nothing left in the tree
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(
    [
        "buren", "Straatfeest", "café", "zaterdag", "14:00", "€5", "(gratis)", "stoep.", "o.a.",
        "wijkpost.nl", "https://wijkpost.nl/agenda?dag=za", "http://example.com/a_(b)",
        "gemeente.amsterdam/afval", "verslag.pdf", "@piet", "#oost", "日本語", "故人西辞",
        "\U0001f389", "\u2764\ufe0f", FAMILY, RAINBOW, "\U0001f44d\U0001f3fd",
        "\U0001f1f3\U0001f1f1", "—", "“aanhalingstekens”", "‼", "™",
        # keycaps and ©/® next to the plain characters counted in runs
        "#\ufe0f\u20e3", "nr5\ufe0f\u20e3", "*\u20e3", "2024", "©\ufe0f", "®\ufe0f",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", ", "])


@st.composite
def word_soup(draw: st.DrawFn, words: st.SearchStrategy[str] = WORDS) -> str:
    items = draw(st.lists(st.tuples(words, SEPARATORS), min_size=1, max_size=40))
    return "".join(word + sep for word, sep in items).strip()


@SETTINGS
@given(word_soup())
def test_twitter_count_matches_twitter_text_parser(text: str) -> None:
    # twitter-text-parser (the reference Python port, too slow to import in the CLI) as oracle
    import twitter_text  # a test extra
    assert count(text, "twitter") == twitter_text.parse_tweet(text).weightedLength


# --- Mastodon -------------------------------------------------------------------------------
# app/validators/status_length_validator.rb (mastodon/mastodon): countable_text replaces each URL
# that Extractor finds with a protocol by 23 x's and each mention by "@" + its username part,
# then counts str.each_grapheme_cluster. Extractor uses twitter-text's URL rules as widened by
# config/initializers/twitter_regex.rb, and Account::MENTION_RE for mentions.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie https://wijkpost.nl/agenda/een-heel-lang-pad-naar-de-agenda?x=1 nu", 4 + 23 + 3),
        ("Zie https://wijkpost.nl/agenda.", 4 + 23 + 1),  # trailing full stop is not the URL's
        ("gemini://wijkpost.nl/bericht", 23),  # Mastodon's extra schemes
        ("Zie wijkpost.nl", 15),  # only URLs with a protocol get the 23
        ("Zie http://localhost:8000/agenda", 32),  # no known TLD, no URL
        ("Hoi @marieke@buurt.social!", len("Hoi @marieke!")),  # remote mention: username only
        ("Hoi @marieke", 12),
        ("mail piet@example.nl", 20),  # an e-mail address is no mention
        ("https://mastodon.social/@piet", 23),  # mention inside a URL: the URL wins
        (FAMILY, 1),
        (RAINBOW, 1),
        ("\U0001f1f3\U0001f1f1\U0001f1e7\U0001f1ea", 2),  # 🇳🇱🇧🇪
        ("1\ufe0f\u20e3", 1),
        ("\U0001f44d\U0001f3fd", 1),
        ("故人西辞黄鹤楼", 7),
        ("e\u0301", 1),
        ("한국어", 3),
        ("\u1100\u1161\u11a8", 1),  # conjoining jamo: one syllable
        ("a\r\nb", 3),
        ("   ", 0),  # String#blank? counts as ''
    ],
)
def test_mastodon_count(text: str, expected: int) -> None:
    assert count(text, "mastodon") == expected


def test_site_counts_characters() -> None:
    assert count("Zie https://wijkpost.nl " + FAMILY, "site") == 24 + 7


def test_unknown_network() -> None:
    with pytest.raises(ValueError, match="network"):
        count("x", "myspace")


# --- composing: fits, refuse, link ---------------------------------------------------------


def test_fits_is_one_unchanged_part_with_signature() -> None:
    result = compose("  Hallo buren!\n", network="twitter", limit=280, fit="refuse",
                     signature="^JdV")
    assert result == Composed(("Hallo buren! ^JdV",), (17,), 280, "fits")


def test_fits_counts_as_the_network_does() -> None:
    text = "x" * 250 + " https://wijkpost.nl/" + "a" * 100  # 351 characters, 274 on X
    result = compose(text, network="twitter", limit=280, fit="refuse")
    assert result.strategy == "fits" and result.lengths == (274,)


def test_refuse_says_length_and_limit() -> None:
    with pytest.raises(CompositionError) as raised:
        compose("woord " * 60, network="twitter", limit=280, fit="refuse", signature="^JdV")
    error = raised.value
    assert isinstance(error, InputError) and error.exit_status == ExitStatus.USAGE
    assert (error.length, error.limit) == (364, 280)
    assert "364" in str(error) and "280" in str(error) and "te lang" in str(error)


def test_link_shortens_at_a_word_and_appends_the_permalink() -> None:
    text = "De buurtbarbecue gaat door, ook als het regent. " * 12
    permalink = "https://wijkpost.nl/2025/06/barbecue-gaat-door-ook-bij-regen"
    result = compose(text, network="twitter", limit=280, fit="link", signature="^JdV",
                     permalink=permalink)
    assert result.strategy == "link" and len(result.parts) == 1
    part = result.parts[0]
    assert part.endswith(f"… {permalink} ^JdV")
    body = part.removesuffix(f"… {permalink} ^JdV")
    assert text.startswith(body) and text[len(body)] in " ,."  # cut at a word boundary
    assert result.lengths[0] == count(part, "twitter") <= 280
    assert result.lengths[0] > 280 - 12  # and as long as it can be


def test_link_keeps_a_trailing_url_whole_and_apart_from_the_ellipsis() -> None:
    text = "a" * 240 + " https://wijkpost.nl/oud-" + " b" * 100
    result = compose(text, network="mastodon", limit=290, fit="link",
                     permalink="https://wijkpost.nl/nieuw")
    assert result.parts[0].endswith(" https://wijkpost.nl/oud- … https://wijkpost.nl/nieuw")


def test_link_drops_trailing_punctuation_before_the_ellipsis() -> None:
    text = "Eerst dit, " + "en dan nog heel veel meer woorden; " * 20
    result = compose(text, network="twitter", limit=36, fit="link",
                     permalink="https://wijkpost.nl/x")
    assert result.parts == ("Eerst dit… https://wijkpost.nl/x",)
    assert result.lengths == (9 + 2 + 1 + 23,)  # "…" (U+2026) weighs 2 on X


def test_link_without_site_post_suggests_thread() -> None:
    with pytest.raises(CompositionError, match="geen sitebericht") as raised:
        compose("woord " * 60, network="twitter", limit=280, fit="link")
    assert "--fit thread" in str(raised.value) and "359" in str(raised.value)


def test_link_that_cannot_fit_says_so() -> None:
    with pytest.raises(CompositionError, match="limiet 30"):
        compose("woord " * 60, network="site", limit=30, fit="link",
                permalink="https://wijkpost.nl/" + "x" * 40)


def test_english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    with pytest.raises(CompositionError, match="364 characters counted, limit 280"):
        compose("woord " * 60, network="twitter", limit=280, fit="refuse", signature="^JdV")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="fit"):
        compose("x", network="twitter", limit=280, fit="squeeze")
    with pytest.raises(ValueError, match="network"):
        compose("x", network="bluesky", limit=300, fit="thread")
    with pytest.raises(ValueError, match="limit"):
        compose("x", network="twitter", limit=0, fit="thread")


# --- composing: threads ----------------------------------------------------------------------

_NUMBERING = re.compile(r" (\d+)/(\d+)$")


def _check_thread(result: Composed, text: str, network: str, limit: int, sig: str) -> list[str]:
    """Check what every thread must satisfy; returns the bodies."""
    assert result.strategy == "thread" and len(result.parts) >= 2
    total = len(result.parts)
    bodies = []
    for number, (part, length) in enumerate(zip(result.parts, result.lengths, strict=True), 1):
        assert length == count(part, network) <= limit
        assert part.endswith(f" {number}/{total}{sig}")
        body = part.removesuffix(f" {number}/{total}{sig}")
        assert body and body == body.strip()
        bodies.append(body)
    assert " ".join(bodies).split() == text.split()  # nothing lost, added or reordered
    return bodies


def test_thread_numbers_every_part_before_the_signature() -> None:
    text = " ".join(f"woord{i}" for i in range(120))
    result = compose(text, network="twitter", limit=280, fit="thread", signature="^JdV")
    _check_thread(result, text, "twitter", 280, " ^JdV")
    assert result.parts[0].endswith(" 1/4 ^JdV") and result.parts[-1].endswith(" 4/4 ^JdV")


def test_thread_with_ten_or_more_parts_reserves_two_digits() -> None:
    text = " ".join(f"woord{i}" for i in range(300))
    result = compose(text, network="twitter", limit=100, fit="thread", signature="^JdV")
    bodies = _check_thread(result, text, "twitter", 100, " ^JdV")
    assert len(bodies) >= 10 and result.parts[-1].endswith(f" {len(bodies)}/{len(bodies)} ^JdV")


def test_a_thread_of_hundreds_of_parts_numbers_them_with_three_digits() -> None:
    text = " ".join(f"woord{i} https://wijkpost.nl/{i} #oost." for i in range(700))
    for network in ("twitter", "mastodon"):
        result = compose(text, network=network, limit=280, fit="thread", signature="^JdV")
        bodies = _check_thread(result, text, network, 280, " ^JdV")
        assert 100 <= len(bodies) < 1000 and result.parts[-1].endswith(f" {len(bodies)}/"
                                                                      f"{len(bodies)} ^JdV")


def test_thread_splits_at_paragraphs_first() -> None:
    first = "Eerste alinea. " * 14
    second = "Tweede alinea met meer woorden. " * 7
    text = f"{first.strip()}\n\n{second.strip()}"
    result = compose(text, network="twitter", limit=280, fit="thread")
    assert result.parts == (f"{first.strip()} 1/2", f"{second.strip()} 2/2")


def test_thread_prefers_a_sentence_end_to_a_word() -> None:
    text = "Dit is de eerste zin van het bericht. " * 5 + "en dan een heel lange zin " * 10
    result = compose(text.strip(), network="twitter", limit=280, fit="thread")
    assert result.parts[0].endswith("bericht. 1/2")


def test_thread_keeps_line_breaks_inside_parts() -> None:
    text = "Programma:\n\n- 16.00 opbouwen\n- 17.30 eten\n- 21.00 opruimen\n\n" + "woord " * 60
    result = compose(text, network="mastodon", limit=120, fit="thread")
    assert _NUMBERING.sub("", result.parts[0]) == (
        "Programma:\n\n- 16.00 opbouwen\n- 17.30 eten\n- 21.00 opruimen"
    )


def test_thread_never_splits_urls_mentions_or_hashtags() -> None:
    url = "https://wijkpost.nl/agenda/" + "lang-pad-" * 40  # 387 characters, 23 on X
    text = f"Aanmelden via {url} of bij @marieke@buurt.social #buurtfeest " * 4
    result = compose(text, network="twitter", limit=120, fit="thread")
    bodies = _check_thread(result, text, "twitter", 120, "")
    for token in (url, "@marieke@buurt.social", "#buurtfeest"):
        assert sum(body.split().count(token) for body in bodies) == 4


def test_a_long_plain_word_is_cut_at_grapheme_boundaries() -> None:
    word = ("Buurtfeest" + FAMILY) * 30
    result = compose(word, network="twitter", limit=50, fit="thread")
    bodies = [_NUMBERING.sub("", part) for part in result.parts]
    assert "".join(bodies) == word
    assert all(length <= 50 for length in result.lengths)
    assert all(FAMILY in body or "\u200d" not in body for body in bodies)  # no family torn apart


@pytest.mark.parametrize(
    ("token", "network"),
    [
        ("#" + "buurtfeest" * 60, "mastodon"),
        ("@" + "marieke" * 80, "mastodon"),
        ("http://localhost:8000/" + "a" * 300, "twitter"),  # not a URL to X, still never cut
    ],
)
def test_an_unsplittable_token_longer_than_the_limit_is_refused(token: str, network: str) -> None:
    with pytest.raises(CompositionError, match="niet worden gesplitst") as raised:
        compose(f"Kijk {token} nu", network=network, limit=280, fit="thread")
    assert raised.value.limit == 280 and (raised.value.length or 0) > 280


def test_a_url_that_fits_only_without_numbering_and_signature() -> None:
    with pytest.raises(CompositionError) as raised:
        compose("buren wijkpost.nl", network="twitter", limit=40, fit="thread",
                signature="— Wijkteam Oost")
    assert "'wijkpost.nl'" in str(raised.value) and "43 tekens geteld" in str(raised.value)


def test_limit_too_small_for_numbering_and_signature() -> None:
    with pytest.raises(CompositionError, match="limiet 8 is te klein"):
        compose("woord " * 10, network="twitter", limit=8, fit="thread", signature="^JdV")


@SETTINGS
@given(
    text=word_soup(),
    network=st.sampled_from(["twitter", "mastodon"]),
    limit=st.integers(min_value=60, max_value=300),  # every word fits with numbering + signature
    signature=st.sampled_from([None, "^JdV", "— Wijkteam Oost"]),
)
def test_thread_properties(text: str, network: str, limit: int, signature: str | None) -> None:
    result = compose(text, network=network, limit=limit, fit="thread", signature=signature)
    sig = f" {signature}" if signature else ""
    if result.strategy == "fits":
        assert result.parts == (text + sig,) and result.lengths[0] <= limit
        return
    bodies = _check_thread(result, text, network, limit, sig)
    protected = [w for w in text.split() if w.startswith(("http", "@", "#"))]
    words = [w for body in bodies for w in body.split()]
    assert [w for w in words if w.startswith(("http", "@", "#"))] == protected


# --- plain text from Markdown ------------------------------------------------------------------


def test_plain_text_structure() -> None:
    markdown = """# Straatfeest

Hallo **buren**, zie [de agenda](https://wijkpost.nl/agenda) of <https://wijkpost.nl>.
Dit loopt door
op de volgende regel.\\
Harde breuk. ![foto van het plein](plein.jpg) Mail <info@wijkpost.nl>.

- koffie
- *taart*
  1. appel
  2. kers

3. derde
4. vierde

> Een citaat
> van de buurman.

```
code   blijft   staan
```
"""
    assert plain_text(markdown) == (
        "Straatfeest\n\n"
        "Hallo buren, zie de agenda (https://wijkpost.nl/agenda) of https://wijkpost.nl."
        " Dit loopt door op de volgende regel.\n"
        "Harde breuk. Mail info@wijkpost.nl.\n\n"
        "- koffie\n- taart\n  1. appel\n  2. kers\n\n"
        "3. derde\n4. vierde\n\n"
        "> Een citaat van de buurman.\n\n"
        "code   blijft   staan"
    )


def test_plain_text_drops_raw_html() -> None:
    markdown = (
        "<div onclick=\"steal()\">\n<p>verborgen blok</p>\n</div>\n\n"
        "Hoi <b>buren</b> <script>alert('x')</script><img src=x onerror=alert(1)> daar.\n\n"
        "<script>\nalert(2)\n</script>\n\n"
        "[klik](javascript:alert(3)) en &lt;b&gt; blijft tekst."
    )
    text = plain_text(markdown)
    assert not re.search(r"<\s*/?\s*(div|p|script|img)\b", text)
    assert "verborgen" not in text and "alert(2)" not in text and "javascript" not in text
    # Inline tags go and the words between them stay, as on the site (cmark's safe mode); a
    # link to a javascript: URL keeps only its text; an entity is text.
    assert text == "Hoi buren alert('x') daar.\n\nklik en <b> blijft tekst."


MARKDOWN_PIECES = st.sampled_from([
    "# Kop", "## Kop *met* nadruk", "- punt", "  - dieper", "1. een", "3) drie", "> citaat",
    "```\ncode <x> & 'y'\n```", "    ingesprongen <code>", "[link](https://x.nl/?a=1&b='2' \"t&\")",
    "![alt & tekst](beeld.png \"titel\")", "*nadruk*", "**vet**", "`code & <x>`", "<b>rauw</b>",
    "<!-- commentaar -->", "&amp; &copy; &#233; &#x1F600; &#0; &bogus;", "\\*geen nadruk\\*",
    "regel  \nbreuk", "---", "[kwaad](javascript:alert(1))", "<https://auto.example/a?b=c&d>",
    "<a@b.nl>", "tekst \"met\" aanhalingstekens", "a < b > c", "Café — ‘quotes’",
    "<div>\nblok\n</div>", "| a | b |\n|---|---|", "[ref]\n\n[ref]: https://x.nl 'r'",
])


@SETTINGS
@given(st.lists(st.tuples(MARKDOWN_PIECES, st.sampled_from(["\n", "\n\n", " ", ""])),
                max_size=12))
def test_cmark_html_is_read_as_the_standard_html_parser_reads_it(
        pieces: list[tuple[str, str]]) -> None:
    from html.parser import HTMLParser

    from wijkpost.cmark import cmark_html
    from wijkpost.plaintext import _Node, _tree

    class Reference(HTMLParser):  # how plaintext read cmark's HTML before
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.open = [_Node("", {})]

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            node = _Node(tag, dict(attrs))
            self.open[-1].children.append(node)
            if tag not in ("br", "hr", "img"):
                self.open.append(node)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.open[-1].children.append(_Node(tag, dict(attrs)))

        def handle_endtag(self, tag: str) -> None:
            if len(self.open) > 1 and self.open[-1].tag == tag:
                self.open.pop()

        def handle_data(self, data: str) -> None:
            self.open[-1].children.append(data)

    def shape(node: _Node | str) -> object:
        if isinstance(node, str):
            return node
        merged: list[object] = []  # (html.parser may hand over text in more than one piece)
        for child in map(shape, node.children):
            if isinstance(child, str) and merged and isinstance(merged[-1], str):
                merged[-1] += child
            else:
                merged.append(child)
        return (node.tag, node.attrs, merged)

    html = cmark_html("".join(piece + sep for piece, sep in pieces))
    reference = Reference()
    reference.feed(html)
    reference.close()
    assert shape(_tree(html)) == shape(reference.open[0]), html


def test_plain_text_has_no_control_characters_that_references_make() -> None:
    # cmark turns "&#x1b;" into ESC: a social post (and `draft show` on a terminal) must not get it
    assert plain_text("Rood &#x1b;[31m en &#11;tab") == "Rood [31m en tab"


def test_plain_text_empty() -> None:
    assert plain_text("") == ""
    assert plain_text("<!-- alleen commentaar -->") == ""


def test_import_stays_light() -> None:
    code = (
        "import sys, wijkpost.compose as c; c.count('Zie https://wijkpost.nl', 'twitter'); "
        "print(sorted(m for m in ('cmarkgfm', 'html.parser', 'twitter_text') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    # A social post's text: cmark (C) and two regular expressions, not html.parser and the
    # table of every HTML entity.
    code = ("import sys, wijkpost.plaintext as p; p.plain_text('*Zie* [x](https://x.nl) &amp;'); "
            "print(sorted(m for m in ('html.parser', 'html.entities') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
