"""The site builder: golden output, valid feeds, safety, accessibility, incremental builds.

The tiny site in tests/data/site is built with a fixed ``now`` and compared whole with
tests/golden/site. After an intended change to the output, regenerate and review:

    WIJKPOST_UPDATE_GOLDEN=1 pytest tests/test_site.py
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest

from wijkpost.config import Author, Profile, Site
from wijkpost.errors import InputError
from wijkpost.site.build import BuildReport, build_site
from wijkpost.site.serve import make_server
from wijkpost.templating import default_templates_dir

DATA = Path(__file__).parent / "data" / "site"
GOLDEN = Path(__file__).parent / "golden" / "site"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def hats(author: str) -> dict[str, Profile]:
    return {name: Profile(author, name, kind, (), ("testwijk",) if kind == "work" else (), None,
                          None, (), None, "public", None)
            for name, kind in (("werk", "work"), ("prive", "personal"))}


AUTHORS = {
    "jdevries": Author("jdevries", "Jasmijn de Vries", "wijkmanager", True, hats("jdevries")),
    "mbakker": Author("mbakker", "Mohamed Bakker", "wijkagent", False, hats("mbakker")),
}
TAG_LABELS = {"afval": "Afval", "veiligheid": "Veiligheid", "verkeer": "Verkeer & vervoer"}
TEXT = (".html", ".xml", ".json", ".txt", ".css")
FEED_TYPES = {"application/atom+xml", "application/rss+xml", "application/feed+json"}


def make_site(root: Path, *, posts: bool = True, **changes: object) -> Site:
    """A copy of the test site under ``root`` (posts and media), and its configuration."""
    directory = root / "site"
    if posts:
        shutil.copytree(DATA / "posts", directory / "posts")
    shutil.copytree(DATA / "media", directory / "media")
    settings: dict[str, object] = {
        "name": "testwijk", "title": "Testwijk", "description": "Nieuws uit de Testwijk.",
        "base_url": "https://testwijk.example/", "language": "nl", "folder": str(directory),
        "output_folder": str(directory / "public"), "per_page": 2, "feed_entries": 3,
    }
    settings.update(changes)
    return Site(**settings)  # type: ignore[arg-type]


def build(site: Site, **options: object) -> BuildReport:
    options.setdefault("template_dirs", [default_templates_dir()])
    options.setdefault("authors", AUTHORS)
    return build_site(site, tag_labels=TAG_LABELS, now=NOW, **options)  # type: ignore[arg-type]


def outputs(root: Path, suffixes: tuple[str, ...] = TEXT) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*"))
            if path.is_file() and path.suffix in suffixes}


def write_post(site: Site, relpath: str, text: str) -> Path:
    path = site.posts_dir / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site, built once for the read-only tests of this module."""
    site = make_site(tmp_path_factory.mktemp("built"))
    report = build(site)
    assert report.posts == 5
    return site.output


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


# --------------------------------------------------------------------------- golden files


def test_output_matches_golden_files(built: Path) -> None:
    produced = outputs(built)
    if os.environ.get("WIJKPOST_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, path in produced.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, GOLDEN / relative)
    expected = outputs(GOLDEN)
    assert sorted(produced) == sorted(expected), "the set of output files changed"
    for relative, path in produced.items():
        assert path.read_text(encoding="utf-8") == expected[relative].read_text(
            encoding="utf-8"), f"{relative} differs from tests/golden/site/{relative}"


def test_layout(built: Path) -> None:
    files = set(outputs(built, (*TEXT, ".png")))
    for expected in [
        "index.html", "page/1/index.html", "page/3/index.html", "tags/index.html",
        "2026/11/nieuwe-containers/index.html", "2026/09/buurtfeest/index.html",
        "tags/veiligheid/index.html", "tags/veiligheid/page/1/index.html",
        "tags/veiligheid/atom.xml", "tags/veiligheid/rss.xml", "tags/veiligheid/feed.json",
        "auteurs/mbakker/index.html", "auteurs/jdevries/page/2/index.html",
        "auteurs/jdevries/feed.json", "atom.xml", "rss.xml", "feed.json", "sitemap.xml",
        "robots.txt", "style.css", "media/2026/11/containers.png",
    ]:
        assert expected in files, expected
    assert "page/4/index.html" not in files
    assert "Sitemap: https://testwijk.example/sitemap.xml" in (built / "robots.txt").read_text()
    assert (built / "media/2026/11/containers.png").read_bytes() == (
        DATA / "media/2026/11/containers.png").read_bytes()


def test_nothing_generated_in_the_site_sources(built: Path) -> None:
    cache = built.parent / ".wijkpost-cache"
    assert cache.is_dir() and not (built / ".wijkpost-cache").exists()
    assert not [p for p in built.rglob("*") if "manifest" in p.name or p.suffix == ".marshal"]


# --------------------------------------------------------------------------- pages


def page(built: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built / relative).read_bytes())


def titles(doc: lxml.html.HtmlElement) -> list[str]:
    return [a.text_content() for a in doc.xpath("//article//h2/a")]


def test_stable_pagination_numbered_from_the_oldest(built: Path) -> None:
    index = page(built, "index.html")
    assert titles(index) == ["Nieuwe containers aan de Lindelaan", "Babbeltrucs aan de deur"]
    assert index.xpath("//nav[@class='pagination']//a[@rel='next']/@href") == ["page/2/"]
    assert index.xpath("//a[@rel='prev']") == []
    first = page(built, "page/1/index.html")
    assert titles(first) == ["Buurtfeest op het Marktpleintje",
                             "De resultaten van de bewonersenquête"]
    assert first.xpath("//a[@rel='prev']/@href") == ["../../page/2/"]
    assert first.xpath("//a[@rel='next']") == []
    newest = page(built, "page/3/index.html")
    assert titles(newest) == ["Nieuwe containers aan de Lindelaan"]
    assert newest.xpath("//a[@rel='prev']") == []
    assert newest.xpath("//a[@rel='next']/@href") == ["../../page/2/"]
    # Page 3 only holds what the index shows: it stays (its address is stable) but names the
    # index as the real page; the others are pages of their own.
    canonical = "//link[@rel='canonical']/@href"
    assert newest.xpath(canonical) == ["https://testwijk.example/"]
    assert first.xpath(canonical) == ["https://testwijk.example/page/1/"]
    assert page(built, "tags/wonen/page/1/index.html").xpath(canonical) == [
        "https://testwijk.example/tags/wonen/"]


def test_tag_and_author_pages(built: Path) -> None:
    tag = page(built, "tags/veiligheid/index.html")
    assert tag.xpath("//h1")[0].text_content() == "Onderwerp: Veiligheid"
    assert titles(tag) == ["Babbeltrucs aan de deur",
                           "Let op: meer fietsdiefstal rond het station"]
    label = page(built, "tags/verkeer/index.html").xpath("//h1")[0].text_content()
    assert label == "Onderwerp: Verkeer & vervoer"  # configured label, escaped in the source
    assert "Verkeer &amp; vervoer" in (built / "tags/verkeer/index.html").read_text()
    author = page(built, "auteurs/jdevries/index.html")
    assert author.xpath("//h1")[0].text_content() == "Berichten van Jasmijn de Vries"
    assert "wijkmanager" in author.xpath("//p[@class='intro']")[0].text_content()
    tags = page(built, "tags/index.html")
    assert [a.text_content() for a in tags.xpath("//ul[@class='tag-list']//a")] == [
        "Afval", "evenementen", "Veiligheid", "Verkeer & vervoer", "wonen"]


def test_post_page_microformats_and_metadata(built: Path) -> None:
    doc = page(built, "2026/11/nieuwe-containers/index.html")
    entry = doc.xpath("//article[contains(@class, 'h-entry')]")[0]
    assert entry.xpath(".//h1[@class='p-name']")[0].text_content() == (
        "Nieuwe containers aan de Lindelaan")
    assert entry.xpath(".//time[@class='dt-published']/@datetime") == [
        "2026-11-03T09:15:00+01:00"]
    assert entry.xpath(".//time[@class='dt-published']")[0].text == "3 november 2026 om 09:15"
    assert entry.xpath(".//a[contains(@class, 'u-url')]/@href") == [
        "https://testwijk.example/2026/11/nieuwe-containers/"]
    author = entry.xpath(".//a[contains(@class, 'p-author') and contains(@class, 'h-card')]")
    assert [a.text for a in author] == ["Jasmijn de Vries"]
    assert entry.xpath(".//a[@class='p-category']/text()") == ["Afval"]
    assert entry.xpath(".//div[@class='e-content']//strong/text()") == ["afvalpas"]
    img = entry.xpath(".//img")[0]
    assert (img.get("src"), img.get("width"), img.get("height")) == (
        "../../../media/2026/11/containers.png", "4", "3")
    assert img.get("alt") == "Drie grijze ondergrondse containers op de stoep"
    meta = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Nieuwe containers aan de Lindelaan"
    assert meta["og:url"] == "https://testwijk.example/2026/11/nieuwe-containers/"
    assert meta["og:image"] == "https://testwijk.example/media/2026/11/containers.png"
    assert meta["og:description"].startswith("Sinds vandaag staan er nieuwe ondergrondse")
    assert doc.xpath("//link[@rel='canonical']/@href") == [meta["og:url"]]
    # no links to the previous or next post: a new post must not rewrite its neighbour
    assert not doc.xpath("//a[@rel='prev' or @rel='next']")


def test_syndication_links(built: Path) -> None:
    doc = page(built, "2026/09/buurtfeest/index.html")
    links = [(a.get("href"), a.text) for a in doc.xpath("//a[contains(@class, 'u-syndication')]")]
    assert links == [
        ("https://social.example/@testwijk/1001", "Reageer op Mastodon"),
        ("https://x.com/testwijk/status/2002", "Reageer op X"),
        ("https://forum.example/t/buurtfeest", "Ook verschenen op forum.example"),
    ]
    assert all(a.get("rel") == "syndication" for a in doc.xpath("//a[@class='u-syndication']"))


def test_every_page_links_its_feeds(built: Path) -> None:
    for relative in outputs(built, (".html",)):
        doc = page(built, relative)
        feeds = doc.xpath("//head/link[@rel='alternate']")
        assert {link.get("type") for link in feeds} == FEED_TYPES, relative
        for link in feeds:
            target = (built / relative).parent / link.get("href")
            assert target.resolve().is_file(), (relative, link.get("href"))
    post = page(built, "2026/10/fietsdiefstal/index.html")
    hrefs = post.xpath("//head/link[@rel='alternate']/@href")
    assert "../../../auteurs/mbakker/atom.xml" in hrefs
    assert "../../../tags/veiligheid/rss.xml" in hrefs and "../../../feed.json" in hrefs
    tag = page(built, "tags/afval/index.html")
    assert tag.xpath("//head/link[@rel='alternate']/@href")[:3] == [
        "../../tags/afval/atom.xml", "../../tags/afval/rss.xml", "../../tags/afval/feed.json"]


def test_internal_links_resolve(built: Path) -> None:
    for relative in outputs(built, (".html",)):
        doc = page(built, relative)
        for element, attribute in (("a", "href"), ("link", "href"), ("img", "src")):
            for value in doc.xpath(f"//{element}/@{attribute}"):
                if urlsplit(value).scheme or value.startswith(("#", "//")):
                    continue
                target = (built / relative).parent / urlsplit(value).path
                if value.endswith("/") or target.is_dir():
                    target = target / "index.html"
                assert target.resolve().is_file(), f"{relative}: {element} {value}"


def test_markdown_media_links_are_published(built: Path) -> None:
    doc = page(built, "2026/10/fietsdiefstal/index.html")
    assert doc.xpath("//div[@class='e-content']//a[text()='kaart met stallingen']/@href") == [
        "../../../media/2026/11/containers.png"]
    # an image from another host is only linked, never loaded
    assert doc.xpath("//div[@class='e-content']//img") == []


def test_english_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, language="en")
    build(site)
    doc = page(site.output, "2026/11/nieuwe-containers/index.html")
    assert doc.get("lang") == "en"
    assert doc.xpath("//a[@class='skip-link']")[0].text == "Skip to content"
    assert doc.xpath("//time")[0].text == "3 November 2026 at 09:15"
    index = page(site.output, "index.html")
    assert index.xpath("//h1")[0].text == "Latest posts"
    assert index.xpath("//a[@rel='next']")[0].text == "Older posts"


@pytest.mark.parametrize(("language", "page_lang", "content_lang"), [
    ("fy-NL", "nl", "fy-NL"),  # the page's own words are Dutch; the posts are Frisian
    ("en-GB", "en-GB", None), ("nl-BE", "nl-BE", None), ("nl", "nl", None)])
def test_the_language_of_the_page_and_of_its_posts(tmp_path: Path, language: str,
                                                    page_lang: str, content_lang: str | None
                                                    ) -> None:
    site = make_site(tmp_path, language=language, description="Nijs út de wyk")
    build(site)
    post = page(site.output, "2026/11/nieuwe-containers/index.html")
    assert post.get("lang") == page_lang
    marked = {e.tag + "." + (e.get("class") or "") for e in post.xpath("//body//*[@lang]")}
    if content_lang is None:
        assert marked == set()
        return
    assert marked == {"p.site-title", "p.", "h1.p-name", "figure.", "div.e-content"}  # alt text too
    assert {e.get("lang") for e in post.xpath("//body//*[@lang]")} == {content_lang}
    index = page(site.output, "index.html")
    assert {e.get("lang") for e in index.xpath("//h2[@class='p-name']")} == {content_lang}
    assert post.xpath("//a[@class='skip-link']")[0].text == "Ga naar inhoud"


# --------------------------------------------------------------------------- feeds


def test_feeds_parse_without_errors(built: Path) -> None:
    files = outputs(built, (".xml",))
    feeds = [path for name, path in files.items() if name.endswith(("atom.xml", "rss.xml"))]
    assert len(feeds) == 2 * 8  # the site, 5 tags, 2 authors … and nothing else
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert 1 <= len(parsed.entries) <= 3
    site = feedparser.parse((built / "atom.xml").read_bytes())
    assert [e.link for e in site.entries] == [
        "https://testwijk.example/2026/11/nieuwe-containers/",
        "https://testwijk.example/2026/10/babbeltrucs/",
        "https://testwijk.example/2026/10/fietsdiefstal/",
    ]
    first = site.entries[0]
    assert first.id == first.link and first.author == "Jasmijn de Vries"
    assert [t.term for t in first.tags] == ["afval"] and first.tags[0].label == "Afval"
    content = first.content[0].value
    assert 'src="https://testwijk.example/media/2026/11/containers.png"' in content
    assert "<strong>afvalpas</strong>" in content
    rss = feedparser.parse((built / "tags/veiligheid/rss.xml").read_bytes())
    assert rss.entries[0].author == "Mohamed Bakker"
    assert rss.entries[0].id == "https://testwijk.example/2026/10/babbeltrucs/"
    assert rss.feed.link == "https://testwijk.example/tags/veiligheid/"


def test_atom_is_valid_against_rfc4287_relax_ng(built: Path) -> None:
    schema = lxml.etree.RelaxNG(lxml.etree.parse(str(DATA / "rfc4287_atom.rng")))
    for name, path in outputs(built, (".xml",)).items():
        if name.endswith("atom.xml"):
            assert schema.validate(lxml.etree.parse(str(path))), (name, schema.error_log)


def test_json_feeds_have_the_1_1_shape(built: Path) -> None:
    schema = json.loads((DATA / "jsonfeed-1.1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    names = [name for name in outputs(built, (".json",)) if name.endswith("feed.json")]
    assert len(names) == 8
    for name in names:
        feed = json.loads((built / name).read_text())
        jsonschema.validate(feed, schema, cls=jsonschema.Draft202012Validator)
    feed = json.loads((built / "feed.json").read_text())
    assert feed["feed_url"] == "https://testwijk.example/feed.json"
    babbel = feed["items"][1]
    assert babbel["id"] == babbel["url"] == "https://testwijk.example/2026/10/babbeltrucs/"
    assert babbel["date_published"] == "2026-10-15T13:00:00+02:00"
    assert babbel["date_modified"] == "2026-10-16T09:00:00+02:00"
    assert babbel["tags"] == ["Veiligheid"]
    assert "&amp; bel bij twijfel" in babbel["content_html"]


def test_relative_links_in_a_body_are_absolute_in_every_feed(site: Site) -> None:
    # A feed reader has no page to resolve them against: they mean what they mean on the page.
    write_post(site, "2026/11/21-links.md",
               "---\ntitle: Links\ndate: 2026-11-21 10:00\nauthor: jdevries\n---\n"
               "[tags](/tags/) · [ouder](../../10/babbeltrucs/) · [hier](#kop) · "
               "[vraag](?a=1&b=2) · [extern](https://gemeente.example/x) · "
               "[wiki](https://nl.wikipedia.org/wiki/Wijk_(stad)) · "
               "![kaart](media/2026/11/containers.png)\n")
    build(site)
    page_url = "https://testwijk.example/2026/11/links/"
    expected = [f"{site.base_url}tags/", f"{site.base_url}2026/10/babbeltrucs/", f"{page_url}#kop",
                f"{page_url}?a=1&b=2", "https://gemeente.example/x",
                "https://nl.wikipedia.org/wiki/Wijk_(stad)"]
    atom = feedparser.parse((site.output / "atom.xml").read_bytes()).entries[0]
    rss = feedparser.parse((site.output / "rss.xml").read_bytes()).entries[0]
    json_feed = json.loads((site.output / "feed.json").read_text())["items"][0]
    for content in (atom.content[0].value, rss.description, json_feed["content_html"]):
        body = lxml.html.fromstring(content)
        assert body.xpath("//a/@href") == expected, content
        assert body.xpath("//img/@src") == [f"{site.base_url}media/2026/11/containers.png"]
    # The page itself keeps them as written (a browser resolves them there).
    doc = page(site.output, "2026/11/links/index.html")
    assert doc.xpath("//div[@class='e-content']//a/@href")[:4] == [
        "/tags/", "../../10/babbeltrucs/", "#kop", "?a=1&b=2"]
    # The description reads a destination with parentheses to its end.
    assert doc.xpath("//meta[@name='description']/@content") == [
        "tags · ouder · hier · vraag · extern · wiki ·"]


def test_sitemap(built: Path) -> None:
    tree = lxml.etree.parse(str(built / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:loc/text()", namespaces=ns)
    assert locs[0] == "https://testwijk.example/"
    assert "https://testwijk.example/2026/09/buurtfeest/" in locs
    assert "https://testwijk.example/tags/wonen/" in locs
    # archive pages that are pages of their own; not the ones that copy an index
    archive = [loc for loc in locs if "/page/" in loc]
    assert archive == ["https://testwijk.example/page/1/", "https://testwijk.example/page/2/",
                       "https://testwijk.example/auteurs/jdevries/page/1/"]
    assert len(locs) == 2 + 5 + 2 + 3 + 5  # home, tags index, tags, authors, archive, posts


# --------------------------------------------------------------------------- accessibility


def test_accessibility_of_every_page(built: Path) -> None:
    pages = outputs(built, (".html",))
    assert len(pages) > 20
    for relative in pages:
        doc = page(built, relative)
        where = relative
        assert doc.get("lang") == "nl", where
        assert doc.xpath("//meta[@name='viewport']"), where
        assert len(doc.xpath("//h1")) == 1, where
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1, where
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (where, levels)
        focusable = doc.xpath("//body//a[@href] | //body//button | //body//input | "
                              "//body//select | //body//textarea | "
                              "//body//*[@tabindex and @tabindex != '-1']")
        assert focusable[0].get("href") == "#main", where
        assert doc.get_element_by_id("main").tag == "main", where
        for landmark in ("header", "nav", "main", "footer"):
            assert doc.xpath(f"//{landmark}"), (where, landmark)
        assert all(nav.get("aria-label") for nav in doc.xpath("//nav")), where
        for img in doc.iter("img"):
            assert (img.get("alt") or "").strip(), (where, img.get("src"))
        assert not doc.xpath("//script | //iframe | //object | //embed"), where
        for element in doc.xpath("//link[@rel='stylesheet'] | //img | //source | //video"):
            url = element.get("href") or element.get("src") or ""
            assert not urlsplit(url).netloc, (where, url)  # nothing from another host
        assert not [a for a in doc.xpath("//@style")], where


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_stylesheet_contrast_and_focus(built: Path) -> None:
    css = (built / "style.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6});", css))
    pairs = [("text", "bg"), ("muted", "bg"), ("link", "bg"), ("visited", "bg"),
             ("header-text", "header-bg"), ("text", "footer-bg"), ("link", "footer-bg"),
             ("muted", "footer-bg"), ("focus-text", "focus-bg")]
    for foreground, background in pairs:
        ratio = contrast(colours[foreground], colours[background])
        assert ratio >= 4.5, (foreground, background, ratio)
        # the ratio the stylesheet states in its comment is the one we compute
        stated = re.search(rf"--{foreground}\s+{colours[foreground]} on --{background}\s+"
                           rf"{colours[background]}\s+([\d.]+):1", css)
        if stated:
            assert abs(float(stated.group(1)) - ratio) < 0.01, (foreground, background)
    assert re.search(r"a:focus[^{]*\{[^}]*outline: 3px solid", css)
    # the skip link's target is <main tabindex="-1">: its rule must beat [tabindex]:focus-visible
    assert re.search(r"main\[tabindex\]:focus-visible \{ outline: none; background: none;", css)
    # long addresses wrap instead of widening the page (reflow at 320 px)
    assert re.search(r"body \{[^}]*overflow-wrap: anywhere;", css)
    assert "text-decoration: underline" in css
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


# --------------------------------------------------------------------------- hostile input


HOSTILE = """---
title: '"><img src=x onerror=alert(1)>'
date: 2026-11-05T10:00:00+01:00
author: evil
tags: ['<b>', 'x"><script>alert(1)</script>']
summary: '<script>alert(2)</script>'
images:
  - src: media/2026/11/containers.png
    alt: '"><img src=x onerror=alert(3)>'
syndication: ['https://social.example/@a/1?x="><script>alert(4)</script>']
---

<script>alert(1)</script>

[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](vbscript:msgbox) [d](data:text/html,<b>)

<iframe src="https://evil.example"></iframe>

Tekst <img src=x onerror=alert(1)> en <a href="javascript:alert(1)">klik</a>.

![a](javascript:alert(1)) ![b](https://tracker.example/t.gif)

# "><svg onload=alert(5)>
"""


def _unsafe_elements(markup: str, where: str) -> None:
    doc = lxml.html.fromstring(f"<div>{markup}</div>")
    assert not doc.xpath("//script | //iframe | //svg | //object | //embed"), where
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, name)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), (where, value)


def test_text_that_looks_like_the_card_marker_stays_text(site: Site) -> None:
    marker = "\ufdd0root\ufdd1"  # what list entries are rendered with in place of the root
    write_post(site, "2026/11/25-vreemd.md", f"---\ntitle: Vreemd {marker}\ndate: "
               "2026-11-25T10:00:00+01:00\nauthor: jdevries\n---\n\nTekst.\n")
    build(site)
    assert f"Vreemd {marker}</a>" in (site.output / "index.html").read_text()
    assert f"Vreemd {marker}</a>" in (site.output / "auteurs/jdevries/index.html").read_text()


def test_hostile_content_never_reaches_the_output_unescaped(tmp_path: Path) -> None:
    site = make_site(tmp_path, posts=False)
    write_post(site, "2026/11/05-hallo.md", HOSTILE)
    authors = {"evil": Author("evil", '<i onmouseover="alert(6)">Eve</i>', "<b>rol</b>",
                              False, {})}
    build(site, authors=authors)
    files = outputs(site.output)
    assert "2026/11/hallo/index.html" in files
    for name, path in files.items():
        raw = path.read_text(encoding="utf-8")
        assert not re.search(r"<\s*(script|iframe|svg)", raw, re.I), name
        if not name.endswith(".html"):  # in pages, attribute values may quote such text
            assert not re.search(r"<[a-z][^<>]*\son[a-z]+\s*=", raw, re.I), name
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", raw,
                             re.I), name
        if name.endswith(".html"):
            _unsafe_elements(raw, name)
        elif name.endswith(".xml"):
            tree = lxml.etree.fromstring(path.read_bytes())
            for text in tree.xpath("//*[local-name()='content']/text() | //item/description"
                                   "/text()"):
                _unsafe_elements(text, name)  # the HTML a feed reader will show
        elif name.endswith(".json"):
            assert "<" not in raw and ">" not in raw, name
            for item in json.loads(raw).get("items", []):
                _unsafe_elements(item["content_html"], name)
    post = (site.output / "2026/11/hallo/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in post
    assert html.escape('"><img src=x onerror=alert(1)>') in post.replace("&#34;", "&quot;")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("relpath", "text", "expected"), [
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevris\n---\n",
     [":4: author:", "'jdevris'", "bedoelde u 'jdevries'"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05 10:00\nupdated: 2026-11-04 10:00\n"
     "author: jdevries\n---\n", [":4: updated:", "vóór de datum van het bericht"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\nprofile: prive\n---\n",
     [":5: profile:", "jdevries/prive is een persoonlijke hoed", "nooit op de site"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\nprofile: wrek\n---\n",
     [":5: profile:", "geen hoed 'wrek'", "bedoelde u 'werk'"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\nimages:\n"
     "  - src: media/geen.png\n    alt: Niets\n---\n", [":6: images.src:", "bestaat niet"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\nimages:\n"
     "  - src: ../../wijkpost.yaml\n    alt: Config\n---\n", [":6: images.src:", "media/"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\n---\n\nZie\n"
     "[de folder](media/folder.pdf).\n", [":8: body:", "media/folder.pdf"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\ntags: x\n"
     "colour: red\n---\n", [":6: colour:", "onbekende sleutel"]),
    ("2026/11/05-a.md", "---\ntitle: A\ndate: 2026-11-05\nauthor: jdevries\n---\n\nEen\n\n"
     "Foto: ![ ](media/2026/11/containers.png)\n", [":9: body:", "alt-tekst"]),
    ("2026/11/Concept.md", "---\ntitle: A\n---\n", ["Concept.md", "posts/JJJJ/MM/DD-slug.md"]),
    ("concept.md", "---\ntitle: A\n---\n", ["concept.md", "posts/JJJJ/MM/DD-slug.md"]),
])
def test_bad_posts_stop_the_build_with_file_and_line(site: Site, relpath: str, text: str,
                                                     expected: list[str]) -> None:
    path = write_post(site, relpath, text)
    with pytest.raises(InputError) as info:
        build(site)
    message = str(info.value)
    assert message.startswith(str(path)), message
    for part in expected:
        assert part in message, (part, message)
    assert not site.output.exists()  # nothing written


def test_two_posts_with_the_same_url(site: Site) -> None:
    other = write_post(site, "2026/11/28-nieuwe-containers.md",
                       "---\ntitle: B\ndate: 2026-11-28\nauthor: jdevries\n---\n")
    with pytest.raises(InputError) as info:
        build(site)
    message = str(info.value)
    assert "03-nieuwe-containers.md" in message and str(other) in message
    assert "/2026/11/nieuwe-containers/" in message


def test_the_plan_refuses_two_outputs_in_one_file(site: Site) -> None:
    # read_entries stops two posts with one URL first (above); the plan guards the same rule for
    # whatever else could collide, so a bug never lets one output silently overwrite another.
    from wijkpost.site.plan import collections, plan
    from wijkpost.site.sources import PostCache, read_entries

    entries = read_entries(site, AUTHORS, PostCache(site.cache_dir, "Europe/Amsterdam"),
                           ZoneInfo("Europe/Amsterdam"))
    twin = entries[0]._replace(relpath="2026/11/30-twin.md")
    both = [*entries, twin]
    with pytest.raises(RuntimeError, match=f"two outputs want to write {twin.url}index.html"):
        plan(both, collections(both, AUTHORS, {}, "T"), per_page=10, feed_entries=20,
             global_signature="g", static_files=())


def test_media_too_big(site: Site) -> None:
    small = site._replace(max_image_bytes=50)
    with pytest.raises(InputError, match=r"01-fietsdiefstal.md:12: body: .*0.0 MB"):
        build(small)  # a file the body links to
    (site.posts_dir / "2026/10/01-fietsdiefstal.md").unlink()
    with pytest.raises(InputError, match=r"03-nieuwe-containers.md:8: images.src: .*MB"):
        build(small)


def test_a_broken_post_keeps_the_previous_site(site: Site) -> None:
    build(site)
    before = outputs(site.output)
    write_post(site, "2026/11/30-kapot.md", "---\ntitle: [kapot\n---\n")
    with pytest.raises(InputError, match=r"30-kapot\.md:3: "):
        build(site, clean=True)
    assert outputs(site.output).keys() == before.keys()


# --------------------------------------------------------------------------- incremental


NEW_POST = """---
title: Spreekuur van de wijkagent
date: 2026-11-20T10:00:00+01:00
author: mbakker
tags: [veiligheid, spreekuur]
---

Elke **dinsdag** van 10.00 tot 11.00 uur in het wijkcentrum.
"""


def test_rebuild_without_changes_writes_nothing(site: Site) -> None:
    first = build(site)
    assert first.posts == 5 and first.removed == [] and first.unchanged == 0
    again = build(site)
    assert again.written == [] and again.removed == []
    assert again.unchanged == len(first.written)


def test_new_post_rewrites_only_what_shows_it(site: Site) -> None:
    build(site)
    write_post(site, "2026/11/20-spreekuur.md", NEW_POST)
    report = build(site)
    feeds = ["atom.xml", "rss.xml", "feed.json"]
    assert report.written == sorted([
        "2026/11/spreekuur/index.html",
        "index.html", "page/3/index.html", *feeds, "sitemap.xml",
        # mbakker's second page starts, so page 1 gains a "newer" link
        "auteurs/mbakker/index.html", "auteurs/mbakker/page/1/index.html",
        "auteurs/mbakker/page/2/index.html", *(f"auteurs/mbakker/{f}" for f in feeds),
        "tags/veiligheid/index.html", "tags/veiligheid/page/1/index.html",
        "tags/veiligheid/page/2/index.html", *(f"tags/veiligheid/{f}" for f in feeds),
        "tags/spreekuur/index.html", "tags/spreekuur/page/1/index.html",
        *(f"tags/spreekuur/{f}" for f in feeds),
        "tags/index.html",  # a new tag
    ])
    assert report.removed == [] and report.posts == 6


def test_a_post_on_an_existing_tag_leaves_the_tag_index_alone(site: Site) -> None:
    build(site)
    write_post(site, "2026/11/21-nog-een.md",
               "---\ntitle: Nog een\ndate: 2026-11-21T10:00:00+01:00\nauthor: jdevries\n"
               "tags: [afval]\n---\n\nTekst.\n")
    written = build(site).written
    assert "tags/index.html" not in written and "page/3/index.html" in written
    assert "page/1/index.html" not in written and "page/2/index.html" not in written
    assert "2026/11/nieuwe-containers/index.html" not in written


def test_editing_a_post_rewrites_its_page_and_lists(site: Site) -> None:
    build(site)
    path = site.posts_dir / "2026/10/15-babbeltrucs.md"
    path.write_text(path.read_text().replace("Babbeltrucs aan de deur", "Babbeltrucs!"))
    written = build(site).written
    assert "2026/10/babbeltrucs/index.html" in written and "index.html" in written
    assert "2026/10/fietsdiefstal/index.html" not in written
    assert "page/1/index.html" not in written


def test_deleting_a_post_removes_its_outputs(site: Site) -> None:
    build(site)
    (site.posts_dir / "2026/11/03-nieuwe-containers.md").unlink()
    report = build(site)
    assert report.posts == 4
    assert report.removed == sorted([
        "2026/11/nieuwe-containers/index.html", "page/3/index.html",
        "auteurs/jdevries/page/2/index.html", "tags/afval/index.html",
        "tags/afval/page/1/index.html", "tags/afval/atom.xml", "tags/afval/rss.xml",
        "tags/afval/feed.json",
    ])
    assert not (site.output / "2026/11/nieuwe-containers").exists()
    assert not (site.output / "tags/afval").exists()
    # the file is still linked from another post's body, so it stays published
    assert (site.output / "media/2026/11/containers.png").is_file()
    assert "index.html" in report.written and "tags/index.html" in report.written


def test_changing_a_template_rewrites_the_pages_that_use_it(site: Site, tmp_path: Path
                                                            ) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    first = build(site, template_dirs=[templates])
    card = templates / "_card.html"
    card.write_text(card.read_text().replace('class="h-entry card"', 'class="h-entry card x"'))
    written = build(site, template_dirs=[templates]).written
    lists = [p for p in first.written if p.endswith("index.html")
             and (p == "index.html" or p.startswith(("page/", "tags/", "auteurs/")))
             and p != "tags/index.html"]
    assert written == sorted(lists)


def test_templates_the_site_does_not_use_do_not_count(site: Site, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    (templates / "digest.html").write_text("<p>digest</p>\n")
    build(site, template_dirs=[templates])
    (templates / "digest.html").write_text("<p>digest, anders</p>\n")
    calls: list[tuple[int, int]] = []
    report = build(site, template_dirs=[templates], progress=lambda *a: calls.append(a))
    assert report.written == [] and calls == [(0, 0)]  # nothing even rendered
    # a partial the site's templates include does count, found through the include
    (templates / "_voet.html").write_text("<p>voet</p>\n")
    base = templates / "base.html"
    base.write_text(base.read_text().replace("</footer>", '{% include "_voet.html" %}</footer>'))
    assert len(build(site, template_dirs=[templates]).written) > 20
    (templates / "_voet.html").write_text("<p>andere voet</p>\n")
    assert "index.html" in build(site, template_dirs=[templates]).written


def test_project_templates_override_the_defaults_file_by_file(site: Site, tmp_path: Path
                                                              ) -> None:
    build(site)
    project = tmp_path / "project-templates"
    project.mkdir()
    default = (default_templates_dir() / "post.html").read_text()
    (project / "post.html").write_text(default.replace("{% block main %}",
                                                       "{% block main %}<!-- eigen -->"))
    report = build(site, template_dirs=[project, default_templates_dir()])
    assert sorted(p for p in report.written) == sorted(
        p for p in outputs(site.output, (".html",)) if re.match(r"\d{4}/", p))
    assert "<!-- eigen -->" in (site.output / "2026/09/buurtfeest/index.html").read_text()
    assert "<!-- eigen -->" not in (site.output / "index.html").read_text()


def test_a_template_error_names_file_and_line(site: Site, tmp_path: Path) -> None:
    project = tmp_path / "broken"
    project.mkdir()
    (project / "tags.html").write_text('{% extends "base.html" %}\n{% block main %}\n'
                                       "{{ nope.nothing }}\n{% endblock %}\n")
    with pytest.raises(InputError, match=r"broken/tags.html:3: .*nope"):
        build(site, template_dirs=[project, default_templates_dir()])
    (project / "tags.html").write_text("{% if %}\n")
    with pytest.raises(InputError, match=r"tags.html:1: "):
        build(site, template_dirs=[project, default_templates_dir()])


def test_clean_rebuilds_everything_and_keeps_foreign_files(site: Site) -> None:
    first = build(site)
    (site.output / "google1234.html").write_text("verificatie")
    stale = site.cache_dir / "posts-2026-09.marshal"
    assert stale.is_file()
    report = build(site, clean=True)
    assert report.written == first.written and report.removed == []
    assert (site.output / "google1234.html").read_text() == "verificatie"
    assert build(site).written == []


def test_a_template_error_during_a_clean_build_keeps_the_site(site: Site, tmp_path: Path
                                                              ) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    build(site, template_dirs=[templates])
    before = {name: path.read_bytes() for name, path in outputs(site.output).items()}
    (templates / "rss.xml").write_text("{{ feed.nope }}\n")  # fails while rendering
    with pytest.raises(InputError, match=r"rss.xml:1: "):
        build(site, template_dirs=[templates], clean=True)
    assert {name: path.read_bytes() for name, path in outputs(site.output).items()} == before


def test_a_page_cut_short_by_a_crash_is_written_whole_by_the_next_build(site: Site) -> None:
    """A page left half-written (say by a full disk or by hand) while the manifest was not saved:
    the next build writes it whole again, through a rename, and leaves no temporary file."""
    build(site)
    whole = {name: path.read_bytes() for name, path in outputs(site.output).items()}
    page = site.output / "2026/11/nieuwe-containers/index.html"
    page.write_bytes(whole["2026/11/nieuwe-containers/index.html"][:100])  # cut short
    (site.cache_dir / "manifest.marshal").unlink()  # the crash came before the manifest
    build(site)
    assert {name: path.read_bytes() for name, path in outputs(site.output).items()} == whole
    assert not list(site.output.rglob("*.tmp"))


def test_deleted_output_directory_is_rebuilt(site: Site) -> None:
    first = build(site)
    shutil.rmtree(site.output)
    assert build(site).written == first.written


def test_parallel_build_makes_the_same_site(built: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import wijkpost.site.build as builder

    if builder._fork_context() is None:
        pytest.skip("needs two CPUs and fork")
    monkeypatch.setattr(builder, "PARALLEL_RENDER", 1)  # large-site code paths on a tiny site
    monkeypatch.setattr(builder, "PARALLEL_PARSE", 1)
    site = make_site(tmp_path)
    calls: list[tuple[int, int]] = []
    report = build(site, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(report.written), len(report.written))
    assert {n: p.read_bytes() for n, p in outputs(site.output).items()} == {
        n: p.read_bytes() for n, p in outputs(built).items()}
    feeds = site.cache_dir / "feeds.marshal"
    assert feeds.is_file()  # the workers' feed HTML came back for the next build
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    (templates / "post.html").write_text("{{ post.nope }}\n")
    with pytest.raises(InputError, match=r"post.html:1: "):
        build(site, template_dirs=[templates])


def test_progress_is_reported(site: Site) -> None:
    calls: list[tuple[int, int]] = []
    report = build(site, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(report.written), len(report.written))
    assert all(done <= total for done, total in calls)
    calls.clear()
    build(site, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 0)]


def test_empty_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, posts=False)
    report = build(site)
    assert report.posts == 0
    index = page(site.output, "index.html")
    assert "Er zijn nog geen berichten." in index.text_content()
    parsed = feedparser.parse((site.output / "atom.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries == []


def test_default_templates_dir() -> None:
    directory = default_templates_dir()
    for name in ("base.html", "post.html", "list.html", "_card.html", "tags.html",
                 "atom.xml", "rss.xml", "robots.txt", "style.css"):
        assert (directory / name).is_file(), name


# --------------------------------------------------------------------------- dev server


@pytest.fixture
def server(built: Path) -> Iterator[str]:
    httpd = make_server(built, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_dev_server_serves_the_output(server: str) -> None:
    with urllib.request.urlopen(server) as response:  # a local test server
        assert response.status == 200
        assert b'<html lang="nl">' in response.read()
    with urllib.request.urlopen(server + "tags/afval/atom.xml") as response:
        assert "xml" in response.headers["Content-Type"]


def test_serve_says_when_its_port_is_taken_or_impossible(wp: Any, project: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = wp("site", "serve", "--port", str(port))
    assert result.code == 2, result
    assert f"poort {port} is al in gebruik; kies een andere met --port" in result.err
    assert "interne fout" not in result.err and "op http" not in result.out
    for bad in ("99999", "-1"):
        refused = wp("site", "serve", "--port", bad)
        assert refused.code == 2 and "ligt niet in het bereik" in refused.err, refused


def test_serve_on_port_0_names_the_port_it_got(project: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "wijkpost", "site", "serve", "--port", "0"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"op (http://127\.0\.0\.1:(\d+)/)", line)
        assert match and match.group(2) != "0", line
        with urllib.request.urlopen(match.group(1), timeout=10) as response:  # a local server
            assert response.status == 200
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_control_characters_never_reach_the_site_or_its_feeds(wp: Any, project: Path) -> None:
    # A vertical tab or form feed pasted from a word processor, an escape sequence, and the
    # same as a Markdown character reference or a YAML escape: XML 1.0 allows none of them.
    draft = wp("draft", "new", "--json", "--to", "voorbeeldwijk", "--title", "Titel\x0bmet tab",
               "--tag", "\x1b[31mrood", "Tekst\x0c met &#x1b;[2J en\x07 meer")
    assert draft.code == 0, draft.err
    assert wp("publish", str(json.loads(draft.out)["id"]), "--now").code == 0
    by_hand = project / "sites/voorbeeldwijk/posts/2026/11/30-met-de-hand.md"
    by_hand.write_text('---\ntitle: "Met de hand\\e[8m"\ndate: 2026-11-30 10:00\n'
                       'author: jdevries\ntags: ["x\\x1by"]\n---\nHand\x1b[0mwerk\n',
                       encoding="utf-8")
    assert wp("site", "build").code == 0
    public = project / "sites/voorbeeldwijk/public"
    written = [p for p in public.rglob("*") if p.suffix in (".xml", ".html", ".json")]
    assert len(written) > 20
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), path
        if path.suffix == ".xml":
            lxml.etree.fromstring(path.read_bytes())  # well-formed
    atom = (public / "atom.xml").read_text(encoding="utf-8")
    assert "Titelmet tab" in atom and "Met de hand[8m" in atom
