"""Post files (front matter + CommonMark) and the Markdown renderer of the site."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wijkpost.errors import InputError
from wijkpost.i18n import set_language
from wijkpost.plaintext import plain_text
from wijkpost.site.markdown import excerpt, render_markdown
from wijkpost.site.posts import Image, Post, parse_post, render_post_file
from wijkpost.slugs import post_relpath, slugify, tag_slug

AMS = ZoneInfo("Europe/Amsterdam")
SOURCE = Path("sites/testwijk/posts/2026/11/03-nieuwe-containers.md")
EXAMPLE = """---
title: Nieuwe containers aan de Lindelaan     # required
date: 2026-11-03T09:15:00+01:00
author: jdevries
profile: werk
tags: [afval, verkeer]
images:
  - src: media/2026/11/containers.png
    alt: Drie grijze ondergrondse containers
syndication: [https://social.example/@wijk/1123]
uid: 3f0c9a
summary: Eindelijk zijn ze er.
updated: 2026-11-04 10:00
---

Sinds vandaag staan er **nieuwe containers**.
"""


def front(**lines: str) -> str:
    body = "\n".join(f"{key}: {value}" for key, value in lines.items())
    return f"---\n{body}\n---\n\nTekst.\n"


def error_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_post(text, SOURCE)
    return str(info.value)


# --------------------------------------------------------------------------- reading


def test_parse_example() -> None:
    post = parse_post(EXAMPLE, SOURCE)
    assert post.url == "2026/11/nieuwe-containers/"
    assert post.slug == "nieuwe-containers"
    assert post.title == "Nieuwe containers aan de Lindelaan"
    assert post.date == datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
    assert post.author == "jdevries" and post.profile == "werk"
    assert post.tags == ("afval", "verkeer")
    assert post.images == (Image("media/2026/11/containers.png",
                                 "Drie grijze ondergrondse containers"),)
    assert post.syndication == ("https://social.example/@wijk/1123",)
    assert post.uid == "3f0c9a" and post.summary == "Eindelijk zijn ze er."
    # a naive date is read in the site's time zone (CET in November)
    assert post.updated == datetime(2026, 11, 4, 10, 0, tzinfo=AMS)
    assert post.body == "Sinds vandaag staan er **nieuwe containers**.\n"
    assert post.line_of("images.0") == 8 and post.line_of("author") == 4


def test_naive_date_in_summer_time() -> None:
    post = parse_post(front(title="x", date="2026-07-01 12:00", author="a"), SOURCE)
    assert post.date.utcoffset() == timedelta(hours=2)
    post = parse_post(front(title="x", date="2026-07-01", author="a"), SOURCE)
    assert post.date == datetime(2026, 7, 1, tzinfo=AMS)


def test_windows_line_endings_and_bom() -> None:
    post = parse_post("\ufeff" + EXAMPLE.replace("\n", "\r\n"), SOURCE)
    assert post.body == "Sinds vandaag staan er **nieuwe containers**.\n"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Geen front matter\n", 1, ["front matter", "---"]),
    ("---\ntitle: x\n", 1, ["afgesloten"]),
    ("---\ntitle: [x\n---\n", 3, ["YAML"]),
    ("---\n- a\n- b\n---\n", 2, ["sleutels"]),
    (front(date="2026-11-03T09:15:00+01:00", author="a"), 1, ["title", "ontbreekt"]),
    (front(title="x", author="a"), 1, ["date", "ontbreekt"]),
    (front(title="x", date="2026-11-03"), 1, ["author", "ontbreekt"]),
    (front(title="''", date="2026-11-03", author="a"), 2, ["title", "leeg"]),
    (front(title="x", date="gisteren", author="a"), 3, ["date", "'gisteren'", "2026-11-03T09:15"]),
    (front(title="x", date="2026-13-03T09:15:00+01:00", author="a"), 3, ["date", "2026-13-03"]),
    (front(title="x", date="2026-11-03", author="a", updated="morgen"), 5, ["updated"]),
    # a time zone would carry these past the calendar's ends
    (front(title="x", date="9999-12-31T23:59:59-12:00", author="a"), 3, ["date", "9999"]),
    (front(title="x", date="0001-01-01T00:00:00+14:00", author="a"), 3, ["date", "0001"]),
    (front(title="Ja", date="2026-11-03", author="a", summary="yes"), 5,
     ["summary", "aanhalingstekens"]),
    (front(title="x", date="2026-11-03", author="a", titel="y"), 5,
     ["titel", "onbekende sleutel", "bedoelde u 'title'"]),
    (front(title="x", date="2026-11-03", author="a", colour="y"), 5,
     ["colour", "toegestaan", "syndication"]),
    (front(title="x", date="2026-11-03", author="a", title2="y", title3="z"), 5, ["title2"]),
    (front(title="x", date="2026-11-03", author="a", syndication="[javascript:alert(1)]"), 5,
     ["syndication", "http(s)"]),
    ("---\ntitle: x\ntitle: y\ndate: 2026-11-03\nauthor: a\n---\n", 3, ["dubbele sleutel"]),
    ("---\ntitle: x\ndate: 2026-11-03\nauthor: a\nimages:\n  - src: media/a.png\n"
     "    alt: ''\n---\n", 7, ["images.alt", "alt-tekst"]),
    ("---\ntitle: x\ndate: 2026-11-03\nauthor: a\nimages:\n  - src: media/a.png\n---\n",
     6, ["images.alt", "alt-tekst"]),
    ("---\ntitle: x\ndate: 2026-11-03\nauthor: a\nimages:\n  - src: media/a.png\n"
     "    alt: Een foto\n    atl: dubbel\n---\n", 8, ["atl", "bedoelde u 'alt'"]),
    ("---\ntitle: x\ndate: 2026-11-03\nauthor: a\nimages:\n  - alt: Een foto\n---\n",
     6, ["src", "ontbreekt"]),
    ("---\ntitle: x\ndate: 2026-11-03\nauthor: a\nimages: media/a.png\n---\n", 5, ["images"]),
])
def test_bad_front_matter_names_file_line_and_key(text: str, line: int, words: list[str]
                                                  ) -> None:
    message = error_of(text)
    assert message.startswith(f"{SOURCE}:{line}:"), message
    for word in words:
        assert word in message, (word, message)


def test_errors_in_english() -> None:
    set_language("en")
    message = error_of(front(title="x", date="2026-11-03", author="a", titel="y"))
    assert "unknown key 'titel'" in message and "did you mean 'title'" in message


def test_duplicate_tags_are_dropped() -> None:
    post = parse_post(front(title="x", date="2026-11-03", author="a", tags="[afval, afval, b]"),
                      SOURCE)
    assert post.tags == ("afval", "b")


def test_tags_as_one_text_separated_by_commas() -> None:
    post = parse_post(front(title="x", date="2026-11-03", author="a", tags="groen, afval,"),
                      SOURCE)
    assert post.tags == ("groen", "afval")


def test_url_from_a_path_outside_the_posts_tree() -> None:
    post = parse_post(front(title="x", date="2026-11-03", author="a"), Path("concept.md"))
    assert (post.url, post.slug) == ("concept/", "concept")


# --------------------------------------------------------------------------- writing


def test_render_is_deterministic_and_readable() -> None:
    post = parse_post(EXAMPLE, SOURCE)
    text = render_post_file(post.meta(), post.body)
    assert text == """---
title: Nieuwe containers aan de Lindelaan
date: 2026-11-03T09:15:00+01:00
updated: 2026-11-04T10:00:00+01:00
author: jdevries
profile: werk
tags: [afval, verkeer]
summary: Eindelijk zijn ze er.
images:
- src: media/2026/11/containers.png
  alt: Drie grijze ondergrondse containers
syndication: ['https://social.example/@wijk/1123']
uid: 3f0c9a
---

Sinds vandaag staan er **nieuwe containers**.
"""
    assert parse_post(text, SOURCE) == post


def test_adding_syndication_keeps_everything_else() -> None:
    post = parse_post(EXAMPLE, SOURCE)
    meta = post.meta()
    meta["syndication"] = [*meta["syndication"], "https://x.com/wijk/status/1"]
    again = parse_post(render_post_file(meta, post.body), SOURCE)
    assert again.syndication == (*post.syndication, "https://x.com/wijk/status/1")
    assert again.meta() | {"syndication": post.meta()["syndication"]} == post.meta()


def test_render_accepts_pairs_and_skips_empty_values() -> None:
    meta = {"title": "Nieuw", "date": datetime(2026, 1, 2, 3, 4, tzinfo=AMS), "author": "a",
            "images": [("media/a.png", "Een foto")], "tags": [], "summary": None}
    text = render_post_file(meta, "Tekst.\n")
    assert "tags" not in text and "summary" not in text
    assert parse_post(text, SOURCE).images == (Image("media/a.png", "Een foto"),)
    with pytest.raises(ValueError, match="colour"):
        render_post_file({**meta, "colour": "red"}, "")


def test_values_that_look_like_other_types_stay_text() -> None:
    meta = {"title": "yes", "date": datetime(2026, 1, 2, tzinfo=AMS), "author": "on",
            "uid": "12345", "summary": "2026-11-03", "tags": ["1", "no", "a, b", "[x]"]}
    post = parse_post(render_post_file(meta, ""), SOURCE)
    assert (post.title, post.author, post.uid, post.summary) == ("yes", "on", "12345",
                                                                  "2026-11-03")
    assert post.tags == ("1", "no", "a, b", "[x]")


# Control characters other than tab and newline are dropped when a post is read (XML allows
# none of them); the round trip holds for everything else.
_DROPPED = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_DROPPED),
                min_size=1, max_size=40).filter(
    lambda s: s.strip())
_WHEN = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                     timezones=st.sampled_from([UTC, AMS, timezone(timedelta(hours=-5))]),
                     allow_imaginary=False)  # 02:30 on the night clocks go forward
_URL = st.from_regex(r"\Ahttps://[a-z]{1,10}\.example/@[a-z]{1,8}/[0-9]{1,6}\Z")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, date=_WHEN, updated=st.none() | _WHEN, author=_TEXT,
       profile=st.none() | _TEXT, tags=st.lists(_TEXT, max_size=4, unique=True),
       images=st.lists(st.tuples(_TEXT, _TEXT), max_size=2), syndication=st.lists(_URL,
                                                                                   max_size=3),
       uid=st.none() | _TEXT, summary=st.none() | _TEXT,
       body=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_DROPPED),
                    max_size=200))
def test_round_trip(title: str, date: datetime, updated: datetime | None, author: str,
                    profile: str | None, tags: list[str], images: list[tuple[str, str]],
                    syndication: list[str], uid: str | None, summary: str | None, body: str
                    ) -> None:
    # A file holds an offset, not a zone; Python never calls an ambiguous zoned time (the hour
    # clocks go back) equal to another zone's, so compare in the offsets the file can hold.
    date = date.astimezone(timezone(date.utcoffset() or timedelta()))
    if updated is not None:
        updated = updated.astimezone(timezone(updated.utcoffset() or timedelta()))
        assume(updated >= date)  # (an earlier one is refused: test_site's bad posts)
    post = Post(path=SOURCE, url="2026/11/nieuwe-containers/", slug="nieuwe-containers",
                title=title, date=date, author=author, profile=profile, tags=tuple(tags),
                images=tuple(Image(src, alt) for src, alt in images),
                syndication=tuple(syndication), uid=uid, summary=summary, updated=updated,
                body=body)
    text = render_post_file(post.meta(), post.body)
    ends = body if not body or body.endswith("\n") else body + "\n"  # the file ends a line
    assert parse_post(text, SOURCE) == dataclasses.replace(post, body=ends)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("title", "slug"), [
    ("Nieuwe containers aan de Lindelaan", "nieuwe-containers-aan-de-lindelaan"),
    ("Café 't Hoekje & ĳsjes!", "cafe-t-hoekje-en-ijsjes"),
    ("Wijkagent: 'auto's' op de stoep?", "wijkagent-autos-op-de-stoep"),
    ("Straße, Øresund, Ærø", "strasse-oresund-aero"),
    ("Koffie-ochtend 65+", "koffie-ochtend-65-plus"),  # not the page of "koffie-ochtend-65"
    ("!!!", "bericht"),
    ("", "bericht"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_tags_apart_only_by_a_plus_get_pages_of_their_own() -> None:
    assert len({tag_slug(t) for t in ("65+", "65", "c++", "c")}) == 4
    assert tag_slug("Afval") == tag_slug("afval")  # case (and accents) still do not split a tag


def test_slugify_cuts_long_titles_at_a_word() -> None:
    slug = slugify("Een heel lange titel over de herinrichting van het Marktpleintje en de "
                   "Kastanjelaan in het voorjaar")
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug == "een-heel-lange-titel-over-de-herinrichting-van-het"
    assert slugify("x" * 80) == "x" * 60


@given(st.text(max_size=120))
def test_slugify_is_always_url_safe(title: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slugify(title))
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag_slug(title or "x"))


def test_tag_slug_of_a_tag_without_latin_letters() -> None:
    assert tag_slug("Afval") == "afval"
    assert tag_slug("日本").startswith("t-") and tag_slug("日本") != tag_slug("中国")


def test_post_relpath() -> None:
    when = datetime(2026, 3, 7, 0, 30, tzinfo=AMS)
    assert post_relpath(when, "lente") == "2026/03/07-lente.md"  # "/" on every platform


# --------------------------------------------------------------------------- markdown


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)", "java\tscript:x",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
])
def test_dangerous_links_are_not_links(link: str) -> None:
    html = render_markdown(f"[klik]({link}) en ![plaatje]({link})")
    assert "<a" not in html and "<img" not in html


def test_raw_html_is_left_out_like_composition_leaves_it_out() -> None:
    body = ('<script>alert(1)</script>\n\nTekst <img src=x onerror="alert(1)"> met '
            '<b>vet</b>.\n\n<iframe src="https://evil.example"></iframe>\n\nSlot.')
    html = render_markdown(body)
    assert html == "<p>Tekst  met vet.</p>\n<p>Slot.</p>\n"
    assert plain_text(body) == "Tekst met vet.\n\nSlot."  # what Mastodon and X get


def test_text_that_only_looks_like_markup_stays_text() -> None:
    html = render_markdown('Ik <3 de buurt & "wij" zijn <https://a.example/?x=1&y=2>.\n\n'
                           "    <b>code</b>\n\n`<i>` en [tekst met \\<b\\>](/over/)")
    assert html == (
        '<p>Ik &lt;3 de buurt &amp; &quot;wij&quot; zijn <a href="https://a.example/?x=1&amp;y=2">'
        "https://a.example/?x=1&amp;y=2</a>.</p>\n<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>"
        '\n<p><code>&lt;i&gt;</code> en <a href="/over/">tekst met &lt;b&gt;</a></p>\n')


def test_links_without_a_safe_url_become_their_text() -> None:
    html = render_markdown("[leeg]() en [kwaad](javascript:x) en ![beeld](javascript:y) "
                           "en [goed](https://a.example/)")
    assert html == '<p>leeg en kwaad en beeld en <a href="https://a.example/">goed</a></p>\n'


def test_headings_shift_below_the_title_without_skipping() -> None:
    html = render_markdown("# Een\n\n#### Vier\n\n## Twee\n\n###### Zes\n")
    assert re.findall(r"<(h\d)>", html) == ["h2", "h3", "h3", "h4"]


def test_images_from_other_hosts_become_links() -> None:
    html = render_markdown("![Pixel](https://tracker.example/p.png) ![](//cdn.example/x.png)")
    assert "<img" not in html
    assert '<a href="https://tracker.example/p.png">Pixel</a>' in html
    assert '<a href="//cdn.example/x.png">//cdn.example/x.png</a>' in html


def test_media_paths_resolve_against_the_prefix() -> None:
    html = render_markdown("![Kaart](media/kaart.png) [flyer](media/flyer.pdf) [x](/over/)",
                           "../../../")
    assert 'src="../../../media/kaart.png"' in html
    assert 'href="../../../media/flyer.pdf"' in html and 'href="/over/"' in html


def test_excerpt() -> None:
    body = ("# Kop\n\n    code\n\nDit is **vet**, *schuin*, [een link](https://x.example) en "
            "`code` met snake_case_naam, \\*geen nadruk\\* &amp; <https://a.example/b>.\n"
            "Tweede regel ![plaatje](media/a.png).\n\nVolgende alinea.")
    assert excerpt(body) == ("Dit is vet, schuin, een link en code met snake_case_naam, "
                             "*geen nadruk* & https://a.example/b. Tweede regel .")
    long = excerpt("woord " * 100)
    assert long.endswith("woord…") and len(long) <= 241
    assert excerpt("- alleen\n- een lijst") == ""


def test_the_excerpt_leaves_raw_html_out_as_the_page_does() -> None:
    # The description (and feeds, OpenGraph) must not show "<b>" where the page shows nothing.
    body = ('Zie <b>vet</b> en <span class="x">dit</span><br/> `<code>` <!-- weg --> '
            "3 < 4 > 2 &lt;echt&gt;.")
    assert excerpt(body) == "Zie vet en dit <code> 3 < 4 > 2 <echt>."
    page = render_markdown(body)
    assert "vet" in page and "<b>" not in page and "&lt;code&gt;" in page
