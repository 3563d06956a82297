"""Publishing to Mastodon and X for real: the real Mastodon.py and tweepy clients talk HTTP to
local servers that speak the services' APIs, with faults injected. The promise under test:
nothing lost, nothing posted twice."""

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
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_png
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.twitter import FakeX

LONG = " ".join(
    f"Zin {n}: de gemeente vervangt deze week de lantaarnpalen in de Lindelaan en omgeving."
    for n in range(1, 9))


@dataclass
class Net:
    root: Path
    mastodon: FakeMastodon
    x: FakeX
    secrets: list[str]

    def mastodon_texts(self) -> list[str]:
        return [s["content"] for s in self.mastodon.statuses_of("voorbeeldwijk")]

    def tweets(self) -> list[Any]:
        return self.x.tweets_of("voorbeeldwijk")


CONFIG = """\
version: 1
authors:
  jdevries:
    name: Jasmijn de Vries
    role: wijkmanager
    profiles:
      werk:
        accounts: [mastodon-wijk, x-wijk]
        sites: [voorbeeldwijk]
        signature: "^JdV"
      prive:
        accounts: [mastodon-prive]
accounts:
  mastodon-wijk: {{network: mastodon, handle: "@voorbeeldwijk@127.0.0.1", instance: "{mastodon}"}}
  mastodon-prive: {{network: mastodon, handle: "@jasmijn@127.0.0.1", instance: "{mastodon}"}}
  x-wijk: {{network: twitter, handle: "@voorbeeldwijk", api_base: "{x}"}}
sites:
  voorbeeldwijk: {{title: Voorbeeldwijk, base_url: "https://voorbeeldwijk.example/"}}
publish: {{timeout: 1, retries: 2, backoff: 0.05, max_wait: 4}}
"""


@pytest.fixture
def net(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Net]:
    with FakeMastodon("voorbeeldwijk") as mastodon, FakeX(username="voorbeeldwijk") as x:
        mastodon.add_account("jasmijn")
        mastodon.ratelimit_reset_after = 1.0
        root = tmp_path / "project"
        (root / "sites/voorbeeldwijk/posts").mkdir(parents=True)
        (root / "wijkpost.yaml").write_text(
            CONFIG.format(mastodon=mastodon.base_url, x=x.base_url), encoding="utf-8")
        secrets = {**mastodon.env_for("mastodon-wijk"), **x.env_for("x-wijk")}
        for name, value in secrets.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(root)
        yield Net(root, mastodon, x, list(secrets.values()))


def draft(wp: Any, *args: str) -> int:
    result = wp("draft", "new", "--json", *args)
    assert result.code == 0, result
    draft_id: int = json.loads(result.out)["id"]
    return draft_id


def status(wp: Any, draft_id: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(wp("status", str(draft_id), "--json").out)
    return data


def test_one_draft_everywhere_with_syndication(wp: Any, net: Net) -> None:
    draft_id = draft(wp, "--title", "Lantaarnpalen", "De lantaarnpalen worden vervangen.")
    result = wp("publish", str(draft_id), "--now", "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["published"] and {t["status"] for t in data["targets"]} == {"done"}
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert "Lantaarnpalen" in toot["content"] and "^JdV" in toot["content"]
    assert toot["language"] == "nl" and toot["visibility"] == "public"
    (tweet,) = net.tweets()
    assert tweet.expanded_text().endswith("^JdV")
    # The site post links its copies, so residents see where to reply.
    post = next((net.root / "sites/voorbeeldwijk/posts").rglob("*.md")).read_text()
    assert toot["url"] in post and f"/status/{tweet.id}" in post
    page = next((net.root / "sites/voorbeeldwijk/public").rglob("lantaarnpalen/index.html"))
    assert "u-syndication" in page.read_text() and toot["url"] in page.read_text()


def test_posts_carry_the_project_language(wp: Any, net: Net) -> None:
    config = net.root / "wijkpost.yaml"
    config.write_text(config.read_text().replace("version: 1\n", "version: 1\nlanguage: fy-NL\n"),
                      encoding="utf-8")
    assert wp("publish", str(draft(wp, "--to", "mastodon-wijk", "Goeie")), "--now").code == 0
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert toot["language"] == "fy"  # Mastodon takes the language, not the region


def test_long_text_becomes_a_thread_in_order(wp: Any, net: Net) -> None:
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "x-wijk", LONG)
    assert wp("publish", str(draft_id), "--now").code == 0
    toots = net.mastodon.statuses_of("voorbeeldwijk")
    tweets = net.tweets()
    assert len(toots) >= 2 and len(tweets) > len(toots)  # X's limit is lower
    for n, toot in enumerate(toots, 1):
        assert f"{n}/{len(toots)}" in toot["content"]
        assert toot["in_reply_to_id"] == (toots[n - 2]["id"] if n > 1 else None)
    for n, tweet in enumerate(tweets, 1):
        assert tweet.in_reply_to_tweet_id == (tweets[n - 2].id if n > 1 else None)
    rows = status(wp, draft_id)["parts"]
    assert [r["state"] for r in rows] == ["done"] * (len(toots) + len(tweets))


def test_images_with_alt_text(wp: Any, net: Net, tmp_path: Path) -> None:
    picture = make_png(tmp_path / "bank.png")
    draft_id = draft(wp, "--image", str(picture), "--alt", "Een nieuwe houten bank",
                     "Nieuwe bank in het park")
    assert wp("publish", str(draft_id), "--now").code == 0
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert [m["description"] for m in toot["media_attachments"]] == ["Een nieuwe houten bank"]
    (tweet,) = net.tweets()
    assert [net.x.alt_text_of(m) for m in tweet.media_ids] == ["Een nieuwe houten bank"]


def test_instance_limit_is_read_from_the_instance(wp: Any, net: Net) -> None:
    net.mastodon.max_characters = 1000
    text = "Lang bericht. " * 50  # 700 characters: too long for 500, fits in 1000
    draft_id = draft(wp, "--to", "mastodon-wijk", text)
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["preview"][0]["limit"] == 1000  # the cached instance limit, no network


# --------------------------------------------------------------------------- faults


def test_401_asks_to_log_in_and_a_rerun_finishes(wp: Any, net: Net) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 401, method="POST")
    draft_id = draft(wp, "Na het inloggen")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4, result
    assert "wijkpost account login mastodon-wijk" in result.out
    assert len(net.tweets()) == 1 and net.mastodon.statuses_of("voorbeeldwijk") == []
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1 and len(net.tweets()) == 1
    assert status(wp, draft_id)["status"] == "published"


def test_429_is_waited_out_within_the_bound(wp: Any, net: Net) -> None:
    net.x.fail(r"^/2/tweets$", 429, method="POST",
               headers={"x-rate-limit-reset": str(int(time.time()) + 2)})  # 1 to 2 s ahead
    draft_id = draft(wp, "--to", "x-wijk", "Even geduld")
    started = time.monotonic()
    assert wp("publish", str(draft_id), "--now").code == 0
    assert time.monotonic() - started >= 0.9  # it waited for the reset, not the backoff
    assert len(net.tweets()) == 1


def test_429_beyond_the_bound_leaves_it_pending(wp: Any, net: Net) -> None:
    net.x.fail(r"^/2/tweets$", 429, method="POST",
               headers={"x-rate-limit-reset": str(int(time.time()) + 3600)})
    draft_id = draft(wp, "--to", "x-wijk", "Later dan")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4 and "opnieuw" in result.out
    assert net.tweets() == [] and status(wp, draft_id)["parts"][0]["state"] == "pending"
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.tweets()) == 1


@pytest.mark.parametrize("fault", ["500", "stall", "drop"])
def test_mastodon_faults_never_double_post(wp: Any, net: Net, fault: str) -> None:
    path = r"^/api/v1/statuses$"
    if fault == "500":
        net.mastodon.fail(path, 500, method="POST")
    elif fault == "stall":
        net.mastodon.stall(path, 1.5, method="POST")  # past the 1 s timeout; it still posts
    else:
        net.mastodon.accept_then_drop(path, method="POST")
    draft_id = draft(wp, "--to", "mastodon-wijk", LONG)
    assert wp("publish", str(draft_id), "--now").code == 0
    toots = net.mastodon.statuses_of("voorbeeldwijk")
    texts = [re.sub(r"<[^>]+>", "", s["content"]) for s in toots]
    assert len(texts) == len(set(texts)), "a part was posted twice"
    assert [f"{n}/{len(toots)}" in text for n, text in enumerate(texts, 1)] == [True] * len(toots)


@pytest.mark.parametrize("fault", ["500", "stall", "drop"])
def test_x_faults_never_double_post(wp: Any, net: Net, fault: str) -> None:
    path = r"^/2/tweets$"
    if fault == "500":
        net.x.fail(path, 503, method="POST")
    elif fault == "stall":
        net.x.stall(path, 1.5, method="POST")
    else:
        net.x.accept_then_drop(path, method="POST")
    draft_id = draft(wp, "--to", "x-wijk", LONG)
    assert wp("publish", str(draft_id), "--now").code == 0
    tweets = net.tweets()
    texts = [t.expanded_text() for t in tweets]
    assert len(texts) == len(set(texts)), "a part was posted twice"
    for n, tweet in enumerate(tweets, 1):
        assert tweet.in_reply_to_tweet_id == (tweets[n - 2].id if n > 1 else None)


def test_x_part_with_ampersands_is_found_after_a_lost_answer(wp: Any, net: Net) -> None:
    # X returns "&", "<" and ">" as entities; the part must still be recognised as ours, or the
    # re-send is refused as a duplicate (and, worse, would be a second copy elsewhere).
    net.x.accept_then_drop(r"^/2/tweets$", method="POST")
    draft_id = draft(wp, "--to", "x-wijk", "Bankjes & bomen: de wijk <3 ze, a > b")
    assert wp("publish", str(draft_id), "--now").code == 0
    (tweet,) = net.tweets()
    assert tweet.expanded_text().startswith("Bankjes & bomen: de wijk <3 ze, a > b")


def test_mastodon_part_with_a_remote_mention_is_found_after_its_key_expired(
        wp: Any, net: Net) -> None:
    # Mastodon shows "@anna@buurt.example" as "@anna"; after the hour in which it remembers an
    # Idempotency-Key, only the text can tell that the part is already there.
    net.mastodon.add_account("anna@buurt.example")
    net.mastodon.accept_then_drop(r"^/api/v1/statuses$", times=10, method="POST")
    net.mastodon.fail(r"^/api/v1/accounts/[^/]+/statuses$", 503, times=10, method="GET")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Dank @anna@buurt.example voor de tip!")
    # The answer is lost and the part cannot be looked up yet: it is left for a later run.
    assert wp("publish", str(draft_id), "--now").code != 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1
    net.mastodon.clear_faults()
    net.mastodon.advance_time(2 * 3600)
    assert wp("publish", str(draft_id)).code == 0
    (status,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert "@<span>anna</span>" in status["content"]


def test_the_preview_links_to_the_url_the_site_post_gets(wp: Any, net: Net) -> None:
    # No title: the site post is named after its first sentence.
    draft_id = draft(wp, "--to", "voorbeeldwijk", "--to", "x-wijk", "Nieuwe lampen. " + LONG)
    shown = json.loads(wp("draft", "show", str(draft_id), "--fit", "link", "--json").out)
    (x_plan,) = [p for p in shown["preview"] if p["target"] == "x-wijk"]
    text = x_plan["parts"][0]["content"]["text"]
    (previewed,) = re.findall(r"https://voorbeeldwijk\.example/\S+", text)
    assert wp("publish", str(draft_id), "--now", "--fit", "link").code == 0
    (tweet,) = net.tweets()
    assert previewed in tweet.expanded_text()


def test_refusal_is_failed_with_the_reason(wp: Any, net: Net) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST",
                      body={"error": "Validation failed: Text is verboden"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Geweigerd")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 3 and "verboden" in result.out
    assert status(wp, draft_id)["parts"][0]["state"] == "failed"


def test_a_refusal_quoting_escape_sequences_is_shown_without_them(wp: Any, net: Net) -> None:
    # A hostile or broken server's reason must not set the terminal's title or clipboard.
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST",
                      body={"error": "Validation failed: \x1b]0;PWNED\x07Text \x9b31mverboden"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Geweigerd")
    result = wp("publish", str(draft_id), "--now")
    shown = [result.out, result.err, wp("status", str(draft_id)).out,
             wp("status", str(draft_id), "--json").out]
    assert "PWNEDText 31mverboden" in shown[0]
    for out in shown:
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)


def test_an_account_without_login_is_refused_before_anything_goes_out(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without this check the site post went out and the account waited, half published."""
    monkeypatch.delenv("WIJKPOST_MASTODON_WIJK_TOKEN")
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Zonder inlog")
    shown = wp("draft", "show", str(draft_id))
    assert "nog niet ingelogd: publish weigert tot 'wijkpost account login mastodon-wijk'" in (
        shown.out)
    preview = json.loads(wp("draft", "show", str(draft_id), "--json").out)["preview"]
    assert {p["target"]: p["logged_in"] for p in preview} == {"voorbeeldwijk": True,
                                                              "mastodon-wijk": False}
    assert "ingelogd" not in wp("draft", "show", str(draft(wp, "--to", "x-wijk", "Met"))).out
    dry = wp("publish", str(draft_id), "--dry-run")
    assert dry.code == 2 and "wijkpost account login mastodon-wijk" in dry.out, dry
    planned = json.loads(wp("publish", str(draft_id), "--dry-run", "--json").out)["targets"]
    assert {(p["target"], p["status"], "account login" in (p["message"] or ""))
            for p in planned} == {("voorbeeldwijk", "planned", False),
                                  ("mastodon-wijk", "refused", True)}
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 2 and "wijkpost account login mastodon-wijk" in result.err, result
    assert not list((net.root / "sites/voorbeeldwijk/posts").rglob("*.md"))
    assert status(wp, draft_id) == {"draft": draft_id, "status": "draft", "goes_out": None,
                                    "parts": [], "unplanned": []}
    monkeypatch.setenv(*next(iter(net.mastodon.env_for("mastodon-wijk").items())))
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1


def test_a_login_lost_halfway_leaves_the_rest_pending(wp: Any, net: Net,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 500, method="POST", times=3)  # one run
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Halverwege")
    assert wp("publish", str(draft_id), "--now").code == 4
    token = next(iter(net.mastodon.env_for("mastodon-wijk").items()))
    monkeypatch.delenv(token[0])
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4 and "wijkpost account login mastodon-wijk" in result.out, result
    assert status(wp, draft_id)["status"] == "publishing"
    monkeypatch.setenv(*token)
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1


def test_publish_due_goes_on_past_a_draft_that_cannot_go_out(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIJKPOST_MASTODON_WIJK_TOKEN")
    stuck = draft(wp, "--at", "2026-01-05 09:00", "--to", "mastodon-wijk", "Zonder inlog")
    fine = draft(wp, "--at", "2026-01-05 09:00", "--to", "x-wijk", "Met inlog")
    result = wp("publish", "--due")
    assert result.code == 2, result
    assert f"concept {stuck} ging niet uit: mastodon-wijk: geen inloggegevens" in result.err
    assert len(net.tweets()) == 1 and net.mastodon.statuses_of("voorbeeldwijk") == []
    # Each draft's result follows its own hat line.
    lines = result.out.splitlines()
    assert lines[0].startswith("Als Jasmijn de Vries") and "x-wijk" in lines[0]
    assert any(f"Concept {fine} is gepubliceerd" in line for line in lines[1:]), result.out
    assert status(wp, stuck)["status"] == "queued" and status(wp, fine)["status"] == "published"
    data = json.loads(wp("publish", "--due", "--json").out)
    assert [(d["draft"], d["published"], "account login" in d["error"]) for d in data] == [
        (stuck, False, True)]


# --------------------------------------------------------------------------- replies


def test_reply_to_a_mastodon_post_by_url(wp: Any, net: Net) -> None:
    theirs = net.mastodon.add_remote_status("anna@buurt.example", "Wanneer komt de container?")
    draft_id = draft(wp, "--reply-to", theirs["url"], "Volgende week dinsdag!")
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["targets"] == ["mastodon-wijk"]  # only the hat's account on that network
    assert wp("publish", str(draft_id), "--now").code == 0
    (ours,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert ours["in_reply_to_id"] == theirs["id"]


def test_reply_to_an_x_post_by_url(wp: Any, net: Net) -> None:
    theirs = net.x.add_mention("buurtbewoner", "@voorbeeldwijk is de weg weer open?")
    url = f"https://x.com/buurtbewoner/status/{theirs.id}"
    draft_id = draft(wp, "--reply-to", url, "Ja, sinds vanochtend.")
    assert wp("publish", str(draft_id), "--now").code == 0
    (ours,) = net.tweets()
    assert ours.in_reply_to_tweet_id == theirs.id


def test_reply_only_from_the_right_hat(wp: Any, net: Net) -> None:
    theirs = net.mastodon.add_remote_status("anna@buurt.example", "Vraag")
    result = wp("draft", "new", "--reply-to", theirs["url"], "--to", "x-wijk", "Antwoord")
    assert result.code == 3
    result = wp("draft", "new", "--as", "prive", "--reply-to", "https://x.com/a/status/1", "x")
    assert result.code == 3 and "twitter" in result.err


# --------------------------------------------------------------------------- accounts


def test_login_with_code_flow_and_wrong_account_refusal(wp: Any, net: Net) -> None:
    code = net.mastodon.issue_code("voorbeeldwijk")
    result = wp("account", "login", "mastodon-wijk", input=code + "\n")
    assert result.code == 0, result
    assert "/oauth/authorize" in result.out
    listed = json.loads(wp("account", "list", "--json").out)
    assert {a["name"]: a["credentials"] for a in listed}["mastodon-wijk"] == "env"  # env wins
    # The personal account's token pasted for the work account: refused.
    other = net.mastodon.token_for("jasmijn")
    result = wp("account", "login", "mastodon-wijk", "--token", other)
    assert result.code == 3 and "jasmijn" in result.err
    assert wp("account", "login", "mastodon-prive", "--token", other).code == 0
    listed = json.loads(wp("account", "list", "--json").out)
    assert {a["name"]: a["credentials"] for a in listed}["mastodon-prive"] == "file"
    check = wp("account", "check", "mastodon-prive")
    assert check.code == 0 and "✓" in check.out
    assert wp("account", "logout", "mastodon-prive").code == 0
    gone = wp("account", "check", "mastodon-prive")  # no login: as publish says it, exit 2
    assert gone.code == 2 and "✗ mastodon-prive: geen inloggegevens voor mastodon-prive" in gone.out


def test_x_pin_flow(wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PIN exists only once the request token does: a real process, answered like a
    person would, after reading the address it prints."""
    for name in ("CONSUMER_KEY", "CONSUMER_SECRET", "ACCESS_TOKEN", "ACCESS_SECRET"):
        monkeypatch.delenv(f"WIJKPOST_X_WIJK_{name}")
    keys = net.x.credentials_for("voorbeeldwijk")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wijkpost", "account", "login", "x-wijk", "--consumer-key",
         keys["consumer_key"], "--consumer-secret", keys["consumer_secret"]],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ))
    assert proc.stdout is not None and proc.stdin is not None
    token = None
    for line in proc.stdout:
        found = re.search(r"oauth_token=([^&\s]+)", line)
        if found:
            token = found[1]
            break
    assert token, "the authorisation address was printed"
    proc.stdin.write(net.x.pin_for(token) + "\n")
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    assert wp("account", "check", "x-wijk").code == 0
    listed = json.loads(wp("account", "list", "--json").out)
    assert {a["name"]: a["credentials"] for a in listed}["x-wijk"] == "file"


# --------------------------------------------------------------------------- secrets


def test_no_secret_is_ever_printed_or_written(wp: Any, net: Net, isolated_env: Path) -> None:
    outputs = []
    draft_id = draft(wp, "Geheim blijft geheim")
    net.mastodon.fail(r"^/api/v1/statuses$", 401, method="POST")
    for args in (("publish", str(draft_id), "--now"), ("publish", str(draft_id), "--now"),
                 ("status", str(draft_id), "--json"), ("account", "list", "--json"),
                 ("account", "check"), ("--debug", "account", "check")):
        result = wp(*args)
        outputs += [result.out, result.err]
    written = [p.read_bytes().decode("utf-8", "replace")
               for base in (isolated_env, net.root) for p in base.rglob("*") if p.is_file()]
    for secret in net.secrets:
        for text in outputs + written:
            assert secret not in text


# --------------------------------------------------------------------------- killed


def _publish_process(draft_id: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "wijkpost", "publish", str(draft_id), "--now"],
                            env=dict(os.environ), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("fault", [None, "429", "drop"])
def test_killed_at_many_points_then_rerun(wp: Any, net: Net, fault: str | None) -> None:
    """SIGKILL `wijkpost publish` at many moments (before, during and after the calls of each
    target); after a re-run each service holds exactly one copy of every part, in thread order,
    and the draft is published."""
    net.mastodon.delay_all(0.15)
    net.x.delay_all(0.15)
    for n, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.6, 2.2)):
        if fault == "429":
            net.mastodon.fail(r"^/api/v1/statuses$", 429, method="POST")
            net.x.fail(r"^/2/tweets$", 429, method="POST",
                       headers={"x-rate-limit-reset": str(int(time.time()) + 1)})
        elif fault == "drop":
            net.mastodon.accept_then_drop(r"^/api/v1/statuses$", method="POST")
            net.x.accept_then_drop(r"^/2/tweets$", method="POST")
        before_toots = len(net.mastodon.statuses_of("voorbeeldwijk"))
        before_tweets = len(net.tweets())
        # Every part unique: X refuses a text it has already seen, as it should.
        text = LONG.replace("Zin ", f"Ronde {n}, zin ")
        draft_id = draft(wp, text)
        proc = _publish_process(draft_id)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        net.mastodon.clear_faults()
        net.x.clear_faults()
        rerun = wp("publish", str(draft_id), "--now")
        assert rerun.code == 0, rerun
        toots = net.mastodon.statuses_of("voorbeeldwijk")[before_toots:]
        tweets = net.tweets()[before_tweets:]
        for posts, text_of, reply_of in (
                (toots, lambda s: s["content"], lambda s: s["in_reply_to_id"]),
                (tweets, lambda s: s.expanded_text(), lambda s: s.in_reply_to_tweet_id)):
            texts = [text_of(p) for p in posts]
            assert len(texts) == len(set(texts)), f"double post after kill at {delay}s"
            assert all(f"{i}/{len(posts)}" in x for i, x in enumerate(texts, 1))
            ids = [p["id"] if isinstance(p, dict) else p.id for p in posts]
            assert [reply_of(p) for p in posts] == [None, *ids[:-1]]
        assert status(wp, draft_id)["status"] == "published"
        assert len(list((net.root / "sites/voorbeeldwijk/posts").rglob("*.md"))) == n + 1
