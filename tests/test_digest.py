"""Collecting into the digest and working through it: against the local Mastodon and X servers
and local feed files, with hostile text, masking, replies, reports and a killed collect."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.mastodon import FakeMastodon
from tests.fakes.twitter import FakeX

CONFIG = """\
version: 1
timezone: Europe/Amsterdam
authors:
  jdevries:
    name: Jasmijn de Vries
    profiles:
      werk:
        accounts: [mastodon-wijk, x-wijk]
        sites: [voorbeeldwijk]
        watch: ["#voorbeeldwijk", "lindelaan"]
        office_hours: "ma-vr 08:30-17:00"
      prive:
        accounts: [mastodon-prive]
accounts:
  mastodon-wijk: {{network: mastodon, handle: "@voorbeeldwijk@127.0.0.1", instance: "{m}"}}
  mastodon-prive: {{network: mastodon, handle: "@jasmijn@127.0.0.1", instance: "{m}"}}
  x-wijk: {{network: twitter, handle: "@voorbeeldwijk", api_base: "{x}"}}
sites:
  voorbeeldwijk: {{title: Voorbeeldwijk, base_url: "https://voorbeeldwijk.example/"}}
tags:
  afval: {{label: Afval, keywords: [afval, container, grofvuil]}}
  verkeer: {{label: Verkeer, keywords: [drempel, parkeren], patterns: ["\\\\bte hard\\\\b"]}}
feeds:
  gemeente: {{url: feeds/gemeente.xml}}
  kapot: {{url: feeds/kapot.xml}}
privacy: {{retention_days: 30}}
publish: {{timeout: 1, retries: 1, backoff: 0.05, max_wait: 2}}
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gemeente</title><link>https://gemeente.example/</link>
<description>Nieuws</description>
<item><title>Grofvuil op zaterdag</title><link>https://gemeente.example/grofvuil</link>
<guid>gemeente-1</guid><pubDate>Mon, 23 Nov 2026 10:00:00 +0100</pubDate>
<description>&lt;p&gt;De container staat bij het buurthuis.&lt;/p&gt;</description></item>
</channel></rss>
"""


@dataclass
class Env:
    root: Path
    mastodon: FakeMastodon
    x: FakeX


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    with FakeMastodon("voorbeeldwijk") as mastodon, FakeX(username="voorbeeldwijk") as x:
        mastodon.add_account("jasmijn")
        root = tmp_path / "project"
        (root / "sites/voorbeeldwijk/posts").mkdir(parents=True)
        (root / "feeds").mkdir()
        (root / "feeds/gemeente.xml").write_text(RSS, encoding="utf-8")
        (root / "feeds/kapot.xml").write_text("<html><body>Pagina niet gevonden</body></html>",
                                              encoding="utf-8")
        (root / "wijkpost.yaml").write_text(CONFIG.format(m=mastodon.base_url, x=x.base_url),
                                            encoding="utf-8")
        for name, value in {**mastodon.env_for("mastodon-wijk"),
                            **mastodon.env_for("mastodon-prive", "jasmijn"),
                            **x.env_for("x-wijk")}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(root)
        yield Env(root, mastodon, x)


def local_month(created_at: str) -> str:
    """The month an item counts in for a report: the project's, not UTC's (on New Year's
    night they differ)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m")


def collect(wp: Any, *args: str) -> dict[str, Any]:
    result = wp("collect", "--json", *args)
    assert result.code in (0, 4), result
    data: dict[str, Any] = json.loads(result.out)
    return data


def digest(wp: Any, *args: str) -> dict[str, Any]:
    result = wp("digest", "--json", *args)
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def all_items(wp: Any) -> list[dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    for group in digest(wp, "--all")["groups"]:
        for item in group["items"]:
            seen[item["id"]] = item
    return sorted(seen.values(), key=lambda i: i["id"])


def test_collect_from_every_kind_of_source(wp: Any, env: Env, tmp_path: Path) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "De container aan de Lindelaan is vol")
    env.mastodon.add_remote_status("piet@buurt.example", "Mooie dag #voorbeeldwijk",
                                   mention_us=False)
    env.x.add_mention("buurtbewoner", "er wordt te hard gereden bij de school")
    data = collect(wp)
    by_source = {s["source"]: s for s in data["sources"]}
    assert by_source["mastodon-wijk:mentions"]["new"] == 1
    assert by_source["mastodon-wijk:#voorbeeldwijk"]["new"] == 1
    assert by_source["x-wijk:mentions"]["new"] == 1
    assert by_source["feed:gemeente"]["new"] == 1
    assert by_source["feed:kapot"]["error"]  # a broken feed is reported, the rest goes on
    assert "mastodon-prive:mentions" not in by_source  # personal accounts only when asked
    items = all_items(wp)
    tags = {i["text"].split()[0]: i["tags"] for i in items}
    assert tags["@voorbeeldwijk"] == ["afval"] or ["afval"] in tags.values()
    assert any(i["tags"] == ["verkeer"] for i in items)
    assert any(i["tags"] == ["untagged"] for i in items)
    feed_item = next(i for i in items if i["network"] == "feed")
    assert feed_item["tags"] == ["afval"] and "<p>" not in feed_item["text"]
    mention = next(i for i in items if i["source"] == "mastodon-wijk:mentions")
    assert mention["account"] == "mastodon-wijk" and mention["profile"] == "jdevries/werk"
    # Nothing is fetched twice: a second round finds nothing new.
    again = collect(wp)
    assert again["new"] == 0
    # What no rule matched is shown under a name in the reader's language, last.
    shown = wp("digest", "--all").out
    assert "zonder onderwerp (" in shown and "untagged" not in shown
    assert shown.rindex("Verkeer") < shown.index("zonder onderwerp")
    assert "no topic (" in wp("--lang", "en", "digest", "--all").out
    month = local_month(next(i for i in items if i["tags"] == ["untagged"])["created_at"])
    report = wp("report", "--month", month, "--output", str(tmp_path / "r.html")).out
    assert "zonder onderwerp" in report and "untagged" not in report
    assert "zonder onderwerp" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_an_account_without_login_is_one_line_for_all_its_sources(
        wp: Any, env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIJKPOST_MASTODON_WIJK_TOKEN")
    result = wp("collect", "--account", "mastodon-wijk")
    assert result.code == 4, result
    failed = [line for line in result.err.splitlines() if "mislukt" in line]
    assert len(failed) == 1 and "account login mastodon-wijk" in failed[0], result.err
    assert failed[0].startswith("mastodon-wijk:mentions, mastodon-wijk:replies")


def test_personal_account_only_when_asked(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "@jasmijn hoi", mention_us=False)
    env.mastodon.add_notification("mention", "anna@buurt.example",
                                  env.mastodon.statuses_of("anna@buurt.example")[0]["id"])
    data = collect(wp, "--account", "mastodon-prive")
    assert [s["source"] for s in data["sources"]][:1] == ["mastodon-prive:mentions"]


def test_replies_to_our_posts_and_no_duplicates(wp: Any, env: Env) -> None:
    draft = json.loads(wp("draft", "new", "--json", "--to", "mastodon-wijk", "Wij planten "
                          "bomen").out)
    assert wp("publish", str(draft["id"]), "--now").code == 0
    (ours,) = env.mastodon.statuses_of("voorbeeldwijk")
    env.mastodon.add_remote_status("anna@buurt.example", "Waar precies?", mention_us=False,
                                   in_reply_to_id=ours["id"])
    # A reply that also mentions us arrives as a notification too: still one item.
    env.mastodon.add_remote_status("bob@buurt.example", "Ik help mee", in_reply_to_id=ours["id"])
    collect(wp, "--account", "mastodon-wijk")
    items = all_items(wp)
    assert len(items) == 2
    assert {i["answers"] for i in items} == {ours["id"]}


def test_x_search_not_available_is_reported_once(wp: Any, env: Env) -> None:
    env.x.search_enabled = False
    first = {s["source"]: s for s in collect(wp)["sources"]}
    assert "niet beschikbaar" in first["x-wijk:search"]["note"]
    assert first["x-wijk:search"]["error"] is None
    calls = len(env.x.requests_to(r"^/2/tweets/search/recent$"))
    second = {s["source"]: s for s in collect(wp)["sources"]}
    assert "niet beschikbaar" in second["x-wijk:search"]["note"]
    assert len(env.x.requests_to(r"^/2/tweets/search/recent$")) == calls  # not asked again


def test_masking_everywhere_and_reveal(wp: Any, env: Env, tmp_path: Path) -> None:
    secret = "Bel me op 06-12345678 of mail anna@example.nl, BSN 111222333"
    env.mastodon.add_remote_status("anna@buurt.example", secret)
    collect(wp, "--account", "mastodon-wijk")
    outputs = [wp("digest", "--all").out, wp("digest", "--all", "--json").out,
               wp("digest", "--all", "--format", "md").out]
    assert wp("digest", "--all", "--format", "html", "--output", str(tmp_path / "d.html")
              ).code == 0
    outputs.append((tmp_path / "d.html").read_text(encoding="utf-8"))
    for out in outputs:
        for personal in ("06-12345678", "anna@example.nl", "111222333"):
            assert personal not in out
    item_id = all_items(wp)[0]["id"]
    hidden = json.loads(wp("digest", "show", str(item_id), "--json").out)
    assert "06-12345678" not in hidden["text"]
    shown = json.loads(wp("digest", "show", str(item_id), "--reveal", "--json").out)
    assert "06-12345678" in shown["text"]
    assert [e["what"] for e in shown["history"]][-1] == "revealed"
    assert oct((tmp_path / "d.html").stat().st_mode & 0o777) == "0o600"


def test_hostile_text_is_escaped(wp: Any, env: Env, tmp_path: Path) -> None:
    nasty = ("<script>alert(1)</script> <img src=x onerror=alert(2)> "
             "\u202eevil\u202c zero\u200bwidth " + "lang " * 5000)
    env.mastodon.add_remote_status("anna@buurt.example", nasty)
    env.x.add_mention("mallory", '"><script>alert(3)</script>')
    collect(wp, "--account", "mastodon-wijk")
    collect(wp, "--account", "x-wijk")
    out = tmp_path / "d.html"
    assert wp("digest", "--all", "--format", "html", "--output", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    md = wp("digest", "--all", "--format", "md").out
    assert "<script>" not in md
    from wijkpost.digest import _md_url

    assert _md_url("https://x.example/a><img src=x onerror=alert(1)>") \
        == "https://x.example/a%3E%3Cimg%20src=x%20onerror=alert(1)%3E"
    text = wp("digest", "--all").out
    assert "alert" in text  # shown as text, not swallowed


def test_a_residents_lines_stay_text_inside_the_markdown_quote() -> None:
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    import cmarkgfm

    from wijkpost.digest import Digest, render_markdown

    text = ("Kop\n===\n1. een\n2) twee\n    ingesprongen\n- punt\n# kop\n---\n"
            "```\n| a | b |\n|---|---|\n<b>vet</b> &amp; [link](https://x.example) *nadruk*")
    view = {"id": 1, "created_at": "2026-11-24T08:00:00Z", "author_handle": "@anna",
            "author_name": None, "source": "feed:buurt", "account": None, "profile": None,
            "off_duty": False, "state": "new", "text": text, "url": None}
    md = render_markdown(Digest([view], None, [("x", "X", [view])]),
                         SimpleNamespace(tz=ZoneInfo("Europe/Amsterdam")))  # type: ignore[arg-type]
    page = cmarkgfm.markdown_to_html(md)
    quote = page[page.index("<blockquote>"):page.index("</blockquote>")]
    assert re.findall(r"<(\w+)", quote) == ["blockquote", "p"], quote  # one paragraph of text
    for shown in ("1. een", "2) twee", "ingesprongen", "===", "# kop", "---", "```",
                  "&lt;b&gt;vet&lt;/b&gt; &amp;amp; [link](https://x.example) *nadruk*"):
        assert shown in quote, shown
    # GitHub's flavour makes no table or strikethrough of it either; it links a bare URL.
    page = cmarkgfm.github_flavored_markdown_to_html(md)
    quote = page[page.index("<blockquote>"):page.index("</blockquote>")]
    assert re.findall(r"<(\w+)", quote) == ["blockquote", "p", "a"], quote


def test_control_characters_from_residents_never_reach_a_terminal(wp: Any, env: Env) -> None:
    # Escape sequences recolour or hide the terminal (CSI), set its title or clipboard (OSC);
    # a carriage return or backspace prints over what came before; U+009B is an 8-bit CSI.
    nasty = "kijk\x1b[8m verborgen\x1b[0m\x1b]52;c;ZWNobyBwd25k\x07 hier\rover\x08x\x9b31m"
    env.mastodon.add_account("anna@buurt.example", display_name="Anna\x1b]0;titel\x07")
    env.mastodon.add_remote_status("anna@buurt.example", nasty)
    env.x.add_mention("mallory", "ook\x1b[2J hier")
    collect(wp, "--account", "mastodon-wijk")
    collect(wp, "--account", "x-wijk")
    ids = [str(i["id"]) for i in all_items(wp)]
    shown = [wp("digest", "--all").out, wp("digest", "--all", "--format", "md").out,
             *(wp("digest", "show", i).out for i in ids),
             *(wp("digest", "show", i, "--reveal").out for i in ids)]
    for out in shown:
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)
    assert "kijk[8m verborgen" in shown[0] and "ook[2J hier" in shown[0]  # the words stay
    # The store keeps what arrived, and JSON escapes it.
    revealed = json.loads(wp("digest", "show", ids[0], "--reveal", "--json").out)
    assert "kijk\x1b[8m verborgen" in revealed["text"]
    raw = wp("digest", "--all", "--json").out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", raw) and "\\u009b" in raw
    assert "\x9b31m" in json.dumps(json.loads(raw), ensure_ascii=False)


def test_html_of_a_mastodon_post_is_read_once_and_safely(wp: Any, env: Env) -> None:
    status = env.mastodon.add_remote_status("anna@buurt.example", "wordt vervangen")
    # HTML as another server might federate it: the text is read once (a resident who typed
    # "&lt;b&gt;" typed exactly that), code is dropped, only safe links a resident shared stay.
    env.mastodon.statuses[status["id"]]["content"] = (
        '<p><span class="h-card"><a href="https://127.0.0.1/@voorbeeldwijk" '
        'class="u-url mention">@<span>voorbeeldwijk</span></a></span> Jan &amp; Piet typen '
        '&amp;lt;b&amp;gt;<script>alert(1)</script> <a href="javascript:alert(2)">klik</a> '
        '<a href="https://buurt.example/foto">foto</a> <a href="https://127.0.0.1/tags/afval" '
        'class="mention hashtag" rel="tag">#<span>afval</span></a></p><p>tweede<br>regel</p>')
    collect(wp, "--account", "mastodon-wijk")
    (item,) = all_items(wp)
    assert item["text"] == ("@voorbeeldwijk Jan & Piet typen &lt;b&gt; klik foto #afval"
                            "\n\ntweede\nregel")
    assert item["links"] == ["https://buurt.example/foto"]


def test_a_content_warning_comes_first_and_is_tagged(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "Er staat weer van alles naast.",
                                   spoiler_text="grofvuil  bij de\nspeeltuin")
    collect(wp, "--account", "mastodon-wijk")
    groups = digest(wp, "--all")["groups"]
    assert [(g["tag"], [i["text"] for i in g["items"]]) for g in groups] == [
        ("afval", ["CW: grofvuil bij de speeltuin\n\n@voorbeeldwijk Er staat weer van alles"
                   " naast."])]


def test_x_text_is_what_the_resident_wrote(wp: Any, env: Env) -> None:
    env.x.add_mention("piet", "Jan & Piet <3 de wijk, maar a &lt; b")
    collect(wp, "--account", "x-wijk")
    (item,) = all_items(wp)
    assert item["text"] == "@voorbeeldwijk Jan & Piet <3 de wijk, maar a &lt; b"


def test_a_tag_filter_is_the_tag_and_empty_values_are_refused(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "Een vraag over afval")
    collect(wp, "--account", "mastodon-wijk")
    (item,) = all_items(wp)
    assert "afval" in item["tags"]
    assert [i["id"] for g in digest(wp, "--tag", "afval")["groups"] for i in g["items"]] \
        == [item["id"]]
    for wildcard in ("%", "afva_", "_fval"):
        assert digest(wp, "--tag", wildcard)["groups"] == [], wildcard
    for args in (["tag", str(item["id"]), "  "], ["forward", str(item["id"]), "--to", " "]):
        result = wp("digest", *args)
        assert result.code == 2 and "mag niet leeg zijn" in result.err, result.err
    assert all_items(wp)[0]["tags"] == item["tags"] and all_items(wp)[0]["state"] == "new"


def test_states_tags_and_filters(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "Een vraag over afval")
    env.mastodon.add_remote_status("bob@buurt.example", "Een losse opmerking")
    collect(wp, "--account", "mastodon-wijk")
    first, second = sorted(all_items(wp), key=lambda i: "afval" not in i["text"])
    assert wp("digest", "done", str(first["id"])).code == 0
    assert wp("digest", "forward", str(second["id"]), "--to", "Stadsbeheer", "--note",
              "graag oppakken").code == 0
    assert wp("digest", "tag", str(second["id"]), "groen").code == 0
    states = {i["id"]: (i["state"], i["forwarded_to"], i["tags"]) for i in all_items(wp)}
    assert states[first["id"]][0] == "done"
    assert states[second["id"]] == ("forwarded", "Stadsbeheer", ["groen"])  # untagged no more
    assert [i["id"] for g in digest(wp, "--state", "done")["groups"] for i in g["items"]] \
        == [first["id"]]
    assert [g["tag"] for g in digest(wp, "--tag", "groen")["groups"]] == ["groen"]
    assert digest(wp, "--account", "x-wijk")["count"] == 0
    assert digest(wp, "--since", "7d")["count"] >= 1
    assert wp("digest", "done", "9999").code == 2


def test_new_since_last_read(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "Eerste")
    collect(wp, "--account", "mastodon-wijk")
    assert digest(wp)["count"] == 1
    assert digest(wp)["count"] == 0  # read: nothing new
    env.mastodon.add_remote_status("bob@buurt.example", "Tweede")
    collect(wp, "--account", "mastodon-wijk")
    assert digest(wp)["count"] == 1


def test_reply_from_the_receiving_account_and_report(wp: Any, env: Env, tmp_path: Path
                                                     ) -> None:
    theirs = env.mastodon.add_remote_status("anna@buurt.example", "Wanneer komt de veegwagen?")
    collect(wp, "--account", "mastodon-wijk")
    (item,) = all_items(wp)
    result = wp("digest", "reply", str(item["id"]), "Donderdag!", "--now")
    assert result.code == 0, result
    (ours,) = env.mastodon.statuses_of("voorbeeldwijk")
    assert ours["in_reply_to_id"] == theirs["id"]
    again = wp("digest", "reply", str(item["id"]), "Donderdag!", "--now")  # a new draft...
    assert again.code in (0, 3, 4)
    shown = json.loads(wp("digest", "show", str(item["id"]), "--json").out)
    assert shown["answered_at"] is not None
    month = local_month(shown["created_at"])
    report = json.loads(wp("report", "--month", month, "--output", str(tmp_path / "r.html"),
                           "--json").out)
    assert report["total"] == 1 and report["answered"] == 1
    assert report["median_answer_hours"] is not None
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" in page and "<title" in page and "<script" not in page


def test_output_into_a_folder_that_does_not_exist_is_refused(wp: Any, tmp_path: Path) -> None:
    for args in (["digest", "--all", "--format", "html"], ["digest", "--all", "--format", "md"],
                 ["report"]):
        result = wp(*args, "--output", str(tmp_path / "typo" / "d.html"))
        assert result.code == 2 and "map" in result.err and "bestaat niet" in result.err, result
    assert list(tmp_path.iterdir()) == []
    assert wp("report", "--output", str(tmp_path / "r.html")).code == 0


def test_reply_to_a_feed_item_is_refused(wp: Any, env: Env) -> None:
    collect(wp)
    feed_item = next(i for i in all_items(wp) if i["network"] == "feed")
    result = wp("digest", "reply", str(feed_item["id"]), "Hallo")
    assert result.code == 2


def test_purge_after_retention(wp: Any, env: Env) -> None:
    env.mastodon.add_remote_status("anna@buurt.example", "Oud bericht")
    collect(wp, "--account", "mastodon-wijk")
    from wijkpost.store import Store

    with Store() as store:
        store.db.execute("UPDATE items SET created_at = '2020-01-01T00:00:00Z'")
    result = json.loads(wp("purge", "--json").out)
    assert result["removed"] == 1 and all_items(wp) == []


def test_off_duty_items_are_marked(wp: Any, env: Env) -> None:
    status = env.mastodon.add_remote_status("anna@buurt.example", "Zondagnacht")
    from wijkpost.store import Store

    collect(wp, "--account", "mastodon-wijk")
    with Store() as store:
        row = store.db.execute("SELECT created_at, off_duty FROM items").fetchone()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    created = datetime.fromisoformat(row[0].replace("Z", "+00:00")).astimezone(
        ZoneInfo("Europe/Amsterdam"))
    inside = created.weekday() < 5 and (8, 30) <= (created.hour, created.minute) < (17, 0)
    assert bool(row[1]) == (not inside), status["created_at"]


def test_killed_collect_loses_nothing_and_fetches_nothing_twice(wp: Any, env: Env) -> None:
    collect(wp)  # the first round sets the cursors
    for n in range(130):  # four pages of mentions
        env.mastodon.add_remote_status("anna@buurt.example", f"Melding nummer {n}")
    env.mastodon.delay_all(0.1)
    for delay in (0.8, 1.2, 1.6):
        proc = subprocess.Popen([sys.executable, "-m", "wijkpost", "collect"],
                                env=dict(os.environ), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    env.mastodon.delay_all(0)
    collect(wp, "--account", "mastodon-wijk")
    texts = [i["text"] for i in all_items(wp) if "Melding nummer" in i["text"]]
    assert len(texts) == 130 and len(set(texts)) == 130
    pages = [r.query for r in env.mastodon.requests_to(r"^/api/v1/notifications$")]
    min_ids = [q.get("min_id", [None])[0] for q in pages if q.get("min_id")]
    # Each kill can catch at most one page in flight (fetched, cursor not yet saved): only
    # such a page is asked for again.
    assert len(min_ids) - len(set(min_ids)) <= 3


def test_terminal_digest_local_times_across_a_clock_change(wp: Any, env: Env) -> None:
    """The terminal digest works out the zone's offset once per hour; the hour in which the
    clocks go back (01:00 UTC on 25 October 2026 in Amsterdam) must still come out right."""
    from datetime import UTC, datetime

    from wijkpost import items
    from wijkpost.store import Store

    moments = {"1": "2026-10-25T00:59:00Z", "2": "2026-10-25T01:00:00Z",
               "3": "2026-10-25T01:30:00Z", "4": "2026-10-24T23:15:00Z"}
    with Store() as store, store.transaction() as db:
        for key, moment in moments.items():
            items.add(db, items.NewItem(
                key=f"t:{key}", source="feed:gemeente", network="feed",
                text=f"Melding {key} over de container en de drempel",
                created_at=datetime.fromisoformat(moment).astimezone(UTC)),
                tags=["afval", "verkeer"], off_duty=False)
    out = wp("digest", "--all").out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  #")}
    # 00:59 UTC is 02:59 summer time; 01:00 and 01:30 UTC are 02:00 and 02:30 winter time
    assert [lines[f"#{i}"].split()[1:3] for i in range(1, 5)] == [
        ["25-10", "02:59"], ["25-10", "02:00"], ["25-10", "02:30"], ["25-10", "01:15"]]
    # an item with two tags is listed under both, the same way
    assert out.count("Melding 3 over de container") == 2
    assert out.index("Afval (4)") < out.index("Verkeer (4)")


def test_a_name_shown_for_want_of_a_handle_is_masked_in_every_format(wp: Any, env: Env) -> None:
    from datetime import UTC, datetime

    from wijkpost import items
    from wijkpost.store import Store

    with Store() as store, store.transaction() as db:
        for key, handle in (("a", None), ("b", "@buurman")):
            items.add(db, items.NewItem(
                key=f"t:{key}", source="feed:gemeente", network="feed", text=f"Tip {key}",
                author_name="Anna (06-12345678)", author_handle=handle,
                created_at=datetime(2026, 11, 20, 9, tzinfo=UTC)), tags=["afval"], off_duty=False)
    out = wp("digest", "--all").out
    assert "Anna (" in out and "06-12345678" not in out and "@buurman · feed:gemeente" in out
    for fmt in (["--json"], ["--format", "md"]):
        shown = wp("digest", "--all", *fmt).out
        assert "Anna" in shown and "telefoonnummer" in shown and "06-12345678" not in shown


def test_one_item_is_shown_in_local_time_with_its_history_in_words(wp: Any, env: Env) -> None:
    from datetime import UTC, datetime

    from wijkpost import items
    from wijkpost.store import Store

    with Store() as store, store.transaction() as db:
        items.add(db, items.NewItem(
            key="t:1", source="feed:gemeente", network="feed", text="Losse tegel",
            url="https://gemeente.example/tegel", links=("https://gemeente.example/tegel",),
            created_at=datetime(2026, 7, 1, 7, 30, tzinfo=UTC)), tags=["afval"], off_duty=False)
    assert wp("digest", "forward", "1", "--to", "Stadsbeheer", "--note", "graag").code == 0
    shown = wp("digest", "show", "1").out
    assert shown.startswith("#1 · feed:gemeente\n01-07-2026 09:30 · doorgestuurd aan "
                            "Stadsbeheer · Afval\n"), shown  # summer time in Amsterdam
    assert shown.count("https://gemeente.example/tegel") == 1 and "Notitie: graag" in shown
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d  binnengekomen via feed:gemeente\n", shown)
    assert "doorgestuurd aan Stadsbeheer\n" in shown.split("\n\n")[-1]
    english = wp("--lang", "en", "digest", "show", "1").out
    assert "collected from feed:gemeente" in english and "forwarded to Stadsbeheer" in english
    with Store() as store, store.transaction() as db:  # an event a later version may write
        db.execute("INSERT INTO item_events (item_id, at, what, detail) VALUES (1, "
                   "'2026-07-02T08:00:00Z', 'archived', 'x')")
    assert "02-07-2026 10:00  archived x" in wp("digest", "show", "1").out


def test_where_an_item_came_from() -> None:
    from wijkpost.digest import route

    assert route("@anna@buurt.example", "mastodon-wijk:mentions", "mastodon-wijk",
                 "jdevries/werk") == "@anna@buurt.example → mastodon-wijk (jdevries/werk)"
    assert route(None, "x-wijk:search", "x-wijk", None) == "x-wijk:search → x-wijk (-)"
    assert route("Afvalservice", "feed:gemeente", None, None) == "Afvalservice · feed:gemeente"
    assert route(None, "feed:gemeente", None, None) == "feed:gemeente"  # not "feed → feed"


def test_terminal_columns_are_view_columns() -> None:
    from wijkpost import digest, items

    assert set(digest.BRIEF_COLUMNS) <= set(items.VIEW_COLUMNS)
    for query in (items.query_views, items.query_rows):
        with pytest.raises(ValueError, match="not a view column"):
            query(None, items.Filter(), ("id", "text; DROP TABLE items"))  # type: ignore[arg-type]


class _HalfPastChange(tzinfo):
    """Whole-hour offsets that change half-way through a UTC hour (+1 until 29 March 2026 01:30
    UTC, +2 after): no real zone does that in 2026, and it is the one case where an hour's first
    and last minute both look whole-hour but differ."""

    CHANGE = datetime(2026, 3, 29, 1, 30)

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=None)
        return (utc + timedelta(hours=2 if utc >= self.CHANGE else 1)).replace(tzinfo=self)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        local = dt.replace(tzinfo=None) if dt else self.CHANGE
        return timedelta(hours=2 if local >= self.CHANGE + timedelta(hours=2) else 1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def __str__(self) -> str:
        return "whole-hours-change-at-half-past"


@pytest.mark.parametrize(("zone", "changes"), [
    (ZoneInfo("Europe/Amsterdam"), 2), (ZoneInfo("Australia/Lord_Howe"), 2),
    (ZoneInfo("America/St_Johns"), 2), (ZoneInfo("Asia/Kathmandu"), 0), (_HalfPastChange(), 1)],
    ids=str)
def test_local_clock_agrees_with_the_zone_around_every_clock_change(zone: tzinfo, changes: int
                                                                      ) -> None:
    """Lord Howe Island changes its clocks at 15:30 UTC, half-way through a UTC hour, and is
    half an hour off; St John's and Kathmandu are always a half or a quarter hour off."""
    from wijkpost.timeutil import LocalClock, utc_iso

    clock = LocalClock(zone, "%d-%m-%Y %H:%M")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    checked = seen = 0
    while moment.year == 2026:  # every 10 minutes for a year: each change, both sides
        expected = moment.astimezone(zone)
        assert clock.format(utc_iso(moment)) == expected.strftime("%d-%m-%Y %H:%M"), moment
        after = (moment + timedelta(minutes=10)).astimezone(zone)
        seen += after.utcoffset() != expected.utcoffset()
        moment += timedelta(minutes=10)
        checked += 1
    assert checked == 52_560 and seen == changes
