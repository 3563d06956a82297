"""After a fault or a refusal: a part is found however much came after it, an older or other
post with the same text is never taken for it, a refused draft can be finished or changed, and
two runs never send one draft at once. Against the local Mastodon and X servers."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.test_channels import Net, draft, net, status
from tests.test_drafts import editor

__all__ = ["net"]  # the fixture, imported to be used here

WEEK = 7 * 24 * 3600


def composed(wp: Any, draft_id: int, target: str) -> str:
    """The text the draft's first part on ``target`` gets, as the preview shows it."""
    preview = json.loads(wp("draft", "show", str(draft_id), "--json").out)["preview"]
    (plan,) = [p for p in preview if p["target"] == target]
    text: str = plan["parts"][0]["content"]["text"]
    return text


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --------------------------------------------------------------------------- finding a lost part


def test_an_x_part_is_found_behind_a_page_of_newer_posts(wp: Any, net: Net) -> None:
    """Once X forgets the text (a day), a part not found would go out a second time."""
    net.x.accept_then_drop(r"^/2/tweets$", method="POST")
    net.x.fail(r"^/2/users/\d+/tweets$", 503, method="GET", times=6)
    draft_id = draft(wp, "--to", "x-wijk", "Verloren antwoord")
    assert wp("publish", str(draft_id), "--now").code == 4
    net.x.clear_faults()
    for n in range(130):  # more than a page of 100 came after it
        net.x.post_as("voorbeeldwijk", f"Ander bericht {n}")
    net.x.advance_time(25 * 3600)
    assert wp("publish", str(draft_id)).code == 0
    ours = [t for t in net.tweets() if t.expanded_text().startswith("Verloren antwoord")]
    assert len(ours) == 1
    assert status(wp, draft_id)["parts"][0]["remote_id"] == ours[0].id


def test_a_mastodon_part_is_found_behind_pages_of_newer_posts(wp: Any, net: Net) -> None:
    """After the hour in which Mastodon remembers the Idempotency-Key."""
    net.mastodon.accept_then_drop(r"^/api/v1/statuses$", method="POST")
    net.mastodon.fail(r"^/api/v1/accounts/[^/]+/statuses$", 503, method="GET", times=10)
    draft_id = draft(wp, "--to", "mastodon-wijk", "Verloren antwoord")
    assert wp("publish", str(draft_id), "--now").code == 4
    net.mastodon.clear_faults()
    for n in range(90):  # more than two pages of 40
        net.mastodon.add_status("voorbeeldwijk", f"Ander bericht {n}")
    net.mastodon.advance_time(2 * 3600)
    assert wp("publish", str(draft_id)).code == 0
    ours = [s for s in net.mastodon.statuses_of("voorbeeldwijk")
            if plain(s["content"]).startswith("Verloren antwoord")]
    assert len(ours) == 1


def test_an_older_post_with_the_same_text_is_not_taken_for_the_part(wp: Any, net: Net) -> None:
    draft_id = draft(wp, "--to", "mastodon-wijk", "Het spreekuur is dinsdag")
    net.mastodon.advance_time(-WEEK)  # a week ago, the same words, posted by hand
    net.mastodon.add_status("voorbeeldwijk", composed(wp, draft_id, "mastodon-wijk"))
    net.mastodon.advance_time(WEEK)
    net.mastodon.fail(r"^/api/v1/statuses$", 500, method="POST")  # outcome unknown: look first
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 2, "the part was never sent"


def test_a_reply_to_another_post_is_not_taken_for_the_part(wp: Any, net: Net) -> None:
    """The same thanks to anna a moment ago (by hand) is not the answer to bob."""
    anna = net.mastodon.add_remote_status("anna@buurt.example", "Lamp kapot bij nr 3")
    bob = net.mastodon.add_remote_status("bob@buurt.example", "Lamp kapot bij nr 9")
    draft_id = draft(wp, "--to", "mastodon-wijk", "--reply-to", bob["url"],
                     "Dank je, doorgegeven!")
    text = composed(wp, draft_id, "mastodon-wijk")
    net.mastodon.add_status("voorbeeldwijk", text, in_reply_to_id=anna["id"])
    net.mastodon.add_status("voorbeeldwijk", text)  # and to everyone, not as a reply
    net.mastodon.fail(r"^/api/v1/statuses$", 500, method="POST")  # outcome unknown: look first
    assert wp("publish", str(draft_id), "--now").code == 0
    replies = [s["in_reply_to_id"] for s in net.mastodon.statuses_of("voorbeeldwijk")]
    assert sorted(replies, key=str) == sorted([anna["id"], None, bob["id"]], key=str)


def test_an_x_part_is_not_taken_for_a_reply_with_the_same_text(wp: Any, net: Net) -> None:
    other = net.x.post_as("anna", "Lamp kapot bij nr 3")
    draft_id = draft(wp, "--to", "x-wijk", "Dank je, doorgegeven!")
    net.x.post_as("voorbeeldwijk", composed(wp, draft_id, "x-wijk"), in_reply_to_tweet_id=other.id)
    net.x.fail(r"^/2/tweets$", 503, method="POST")
    # Not found, so sent again; X refuses the text it already has, and the part stays open
    # rather than be taken for the reply to anna.
    assert wp("publish", str(draft_id), "--now").code == 4
    (part,) = status(wp, draft_id)["parts"]
    assert part["remote_id"] is None and part["state"] == "sending"
    assert len(net.tweets()) == 1


def test_an_x_duplicate_of_another_draft_is_a_refusal_not_its_post(wp: Any, net: Net) -> None:
    first = draft(wp, "--to", "x-wijk", "Dubbele tekst")
    assert wp("publish", str(first), "--now").code == 0
    second = draft(wp, "--to", "x-wijk", "Dubbele tekst")
    result = wp("publish", str(second), "--now")
    assert result.code == 3, result
    assert "X weigert deze tekst, want die staat al op het account" in result.out
    assert "Er is nog niets van uitgegaan" in result.out  # so it may be changed
    (part,) = status(wp, second)["parts"]
    assert part["state"] == "failed" and part["remote_id"] is None
    assert len(net.tweets()) == 1


# --------------------------------------------------------------------------- refused parts


def test_a_refused_part_is_tried_again_by_the_next_run(wp: Any, net: Net) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST",
                      body={"error": "Validation failed: tijdelijk"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Tweede poging")
    refused = wp("publish", str(draft_id), "--now")
    assert refused.code == 3 and "tijdelijk" in refused.out
    assert (f"Draai 'wijkpost publish {draft_id}' opnieuw als de oorzaak weg is, of sla het "
            f"doel over: 'wijkpost publish {draft_id} --skip mastodon-wijk'.") in refused.out
    assert "Er is nog niets van uitgegaan" not in refused.out  # the site post is out
    dry = wp("publish", str(draft_id), "--dry-run")  # told from the journal, not a preview
    assert re.search(r"voorbeeldwijk +site +klaar", dry.out), dry.out
    assert "zou opnieuw proberen (eerder geweigerd:" in dry.out and "tijdelijk" in dry.out
    # Cron leaves it to a person: it would fail (and mail) every five minutes.
    assert wp("publish", "--due").out.strip() == "Niets te publiceren."
    again = wp("publish", str(draft_id))
    assert again.code == 0, again
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1
    assert status(wp, draft_id)["status"] == "published"


def test_a_target_that_keeps_refusing_can_be_skipped(wp: Any, net: Net) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", times=99,
                      body={"error": "Validation failed: account geblokkeerd"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "x-wijk", "--to", "voorbeeldwijk",
                     "Blijft geweigerd")
    assert wp("publish", str(draft_id), "--now").code == 3
    assert wp("publish", str(draft_id)).code == 3  # tried again: still refused
    locked = wp("draft", "edit", str(draft_id))  # the site and X have it: it can't change now
    assert locked.code == 3 and "is al (deels) verstuurd" in locked.err
    assert "--skip DOEL" in locked.err
    unknown = wp("publish", str(draft_id), "--skip", "mastodon-prive")
    assert unknown.code == 2 and "'mastodon-prive' is geen doel van concept" in unknown.err
    both = wp("publish", str(draft_id), "--skip", "mastodon-wijk", "--skip", "x-wijk")
    assert both.code == 2 and "bij 'x-wijk' staat van concept" in both.err  # (x-wijk is done)
    states = {p["target"]: p["state"] for p in status(wp, draft_id)["parts"]}
    assert states["mastodon-wijk"] == "failed"  # none was skipped: all or none
    skipped = wp("publish", str(draft_id), "--skip", "mastodon-wijk")
    assert skipped.code == 0, skipped
    assert re.search(r"mastodon-wijk +mastodon +overgeslagen", skipped.out), skipped.out
    assert f"Concept {draft_id} is gepubliceerd." in skipped.out
    data = status(wp, draft_id)
    assert data["status"] == "published"
    assert {p["target"]: p["state"] for p in data["parts"]} == {
        "mastodon-wijk": "skipped", "x-wijk": "done", "voorbeeldwijk": "done"}
    assert net.mastodon.statuses_of("voorbeeldwijk") == [] and len(net.tweets()) == 1
    nothing = wp("publish", str(draft_id), "--skip", "x-wijk")
    assert nothing.code == 2 and "niets open om over te slaan" in nothing.err
    assert wp("publish", "--due", "--skip", "x-wijk").code == 2


def test_a_draft_refused_everywhere_may_change_and_starts_over(
        wp: Any, net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST",
                      body={"error": "Validation failed: Text bevat een verboden woord"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Een verboden woord")
    refused = wp("publish", str(draft_id), "--now")
    assert refused.code == 3
    assert (f"Er is nog niets van uitgegaan: je kunt het concept ook aanpassen "
            f"('wijkpost draft edit {draft_id}') of verwijderen.") in refused.out
    editor(tmp_path, monkeypatch, "---\nto: [mastodon-wijk]\n---\nEen net woord\n")
    edited = wp("draft", "edit", str(draft_id))
    assert edited.code == 0, edited
    after = status(wp, draft_id)
    assert after["status"] == "draft" and after["parts"] == []  # the old plan is gone
    assert wp("publish", str(draft_id), "--now").code == 0
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert "Een net woord" in toot["content"]


def test_a_draft_refused_everywhere_may_be_deleted(wp: Any, net: Net) -> None:
    net.x.fail(r"^/2/tweets$", 403, method="POST",
               body={"detail": "You are not permitted to perform this action.",
                     "title": "Forbidden", "status": 403, "type": "about:blank"})
    draft_id = draft(wp, "--to", "x-wijk", "Mag niet")
    assert wp("publish", str(draft_id), "--now").code == 3
    assert wp("draft", "delete", str(draft_id), "--yes").code == 0
    assert wp("status", str(draft_id)).code == 2


# --------------------------------------------------------------------------- one run at a time


def test_a_draft_another_run_is_sending_is_left_alone(wp: Any, net: Net) -> None:
    from wijkpost.locks import draft_lock

    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Tegelijk")
    uid = json.loads(wp("draft", "show", str(draft_id), "--json").out)["uid"]
    with draft_lock(draft_id, uid):  # as another process would hold it while publishing
        busy = wp("publish", str(draft_id), "--now")
        assert busy.code == 4, busy
        assert (f"concept {draft_id} wordt op dit moment door een ander wijkpost-proces "
                "verstuurd; probeer het zo opnieuw") in busy.err
        assert net.mastodon.statuses_of("voorbeeldwijk") == []
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1


# --------------------------------------------------------------------------- credentials, output


def test_environment_credentials_of_another_account_are_refused(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """A login is checked when it is made; one from the environment is checked before
    anything goes out: a work token under the personal account's name is the wrong hat."""
    config = net.root / "wijkpost.yaml"
    config.write_text(config.read_text().replace(
        "accounts: [mastodon-prive]", "accounts: [mastodon-prive, x-prive]").replace(
        "sites:\n  voorbeeldwijk", f'  x-prive: {{network: twitter, handle: "@jasmijnprive", '
        f'api_base: "{net.x.base_url}"}}\nsites:\n  voorbeeldwijk'), encoding="utf-8")
    net.x.add_user("jasmijnprive")
    for name, value in {**net.mastodon.env_for("mastodon-prive", "voorbeeldwijk"),
                        **net.x.env_for("x-prive", "voorbeeldwijk")}.items():
        monkeypatch.setenv(name, value)
    draft_id = draft(wp, "--as", "prive", "--to", "mastodon-prive", "--to", "x-prive",
                     "Privé, niet voor het werkaccount")
    refused = wp("publish", str(draft_id), "--now")
    assert refused.code == 3, refused
    assert "de inloggegevens in WIJKPOST_MASTODON_PRIVE_… horen bij 'voorbeeldwijk'" in (
        refused.err) or "de inloggegevens in WIJKPOST_X_PRIVE_… horen bij 'voorbeeldwijk'" in (
        refused.err)
    assert net.mastodon.statuses_of("voorbeeldwijk") == [] and net.tweets() == []
    assert status(wp, draft_id)["parts"] == []
    for name, value in {**net.mastodon.env_for("mastodon-prive", "jasmijn"),
                        **net.x.env_for("x-prive", "jasmijnprive")}.items():
        monkeypatch.setenv(name, value)
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("jasmijn")) == 1
    assert len(net.x.tweets_of("jasmijnprive")) == 1


def test_publish_json_says_why_it_refused(wp: Any, net: Net,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIJKPOST_MASTODON_WIJK_TOKEN")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Zonder inlog")
    result = wp("publish", str(draft_id), "--now", "--json")
    assert result.code == 2
    data = json.loads(result.out)
    assert data["draft"] == draft_id and not data["published"]
    assert "wijkpost account login mastodon-wijk" in data["error"]


def test_a_rate_limit_past_the_bound_says_when_and_what_to_run(wp: Any, net: Net) -> None:
    import time

    net.x.fail(r"^/2/tweets$", 429, method="POST",
               headers={"x-rate-limit-reset": str(int(time.time()) + 1800)})
    draft_id = draft(wp, "--to", "x-wijk", "Straks")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4
    assert re.search(r"\(rate limit\); probeer het na (\d{4}-\d\d-\d\d )?\d\d:\d\d opnieuw: "
                     rf"wijkpost publish {draft_id}\b", result.out), result.out


def test_reply_to_an_x_link_shared_from_the_app(wp: Any, net: Net) -> None:
    theirs = net.x.add_mention("buurtbewoner", "@voorbeeldwijk is de weg weer open?")
    draft_id = draft(wp, "--reply-to", f"https://x.com/i/web/status/{theirs.id}", "Ja!")
    assert wp("publish", str(draft_id), "--now").code == 0
    (ours,) = net.tweets()
    assert ours.in_reply_to_tweet_id == theirs.id


def test_ctrl_c_while_sending_says_how_to_finish(wp: Any, net: Net) -> None:
    import os
    import signal
    import subprocess
    import sys

    net.mastodon.stall(r"^/api/v1/statuses$", 3, method="POST")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Onderbroken")
    proc = subprocess.Popen([sys.executable, "-m", "wijkpost", "publish", str(draft_id), "--now"],
                            env=dict(os.environ), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert "Als Jasmijn de Vries" in proc.stdout.readline()  # sending begins after this line
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130
    assert (f"afgebroken terwijl er verstuurd werd: wat al uit is, staat in het journaal; "
            f"'wijkpost publish {draft_id}' maakt de rest af") in proc.stderr.read()
    net.mastodon.clear_faults()
    assert wp("publish", str(draft_id)).code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1


def test_a_refusal_is_shown_in_the_language_of_whoever_reads_it(wp: Any, net: Net) -> None:
    """The journal keeps what went wrong as words to be said, not as Dutch text."""
    import time as clock

    net.x.fail(r"^/2/tweets$", 403, method="POST",
               body={"detail": "You are not permitted", "title": "Forbidden", "status": 403,
                     "type": "about:blank"})
    refused = draft(wp, "--to", "x-wijk", "Mag niet")
    assert wp("publish", str(refused), "--now").code == 3  # a Dutch run writes it down
    net.x.fail(r"^/2/tweets$", 429, method="POST",
               headers={"x-rate-limit-reset": str(int(clock.time()) + 1800)})
    later = draft(wp, "--to", "x-wijk", "Straks")
    assert wp("publish", str(later), "--now").code == 4
    english = wp("--lang", "en", "status", str(refused)).out
    assert "x-wijk: refused by the service (HTTP 403): You are not permitted" in english
    assert "geweigerd door" not in english
    (part,) = json.loads(wp("--lang", "en", "status", str(later), "--json").out)["parts"]
    assert re.fullmatch(r"x-wijk: the service asks to wait \(rate limit\); try again after "
                        rf"(\d{{4}}-\d\d-\d\d )?\d\d:\d\d: wijkpost publish {later}",
                        part["error"]), part["error"]
    dutch = wp("status", str(refused)).out
    assert "x-wijk: geweigerd door de dienst (HTTP 403): You are not permitted" in dutch


# --------------------------------------------------------------------------- changing a draft


def test_a_draft_is_not_changed_while_another_run_holds_it(wp: Any, net: Net, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from wijkpost.locks import draft_lock

    draft_id = draft(wp, "--to", "voorbeeldwijk", "Vast")
    uid = json.loads(wp("draft", "show", str(draft_id), "--json").out)["uid"]
    editor(tmp_path, monkeypatch, "---\nto: [voorbeeldwijk]\n---\nAnders\n")
    with draft_lock(draft_id, uid):
        edited = wp("draft", "edit", str(draft_id))
        assert edited.code == 4, edited
        assert f"concept {draft_id} wordt op dit moment door een ander" in edited.err
        deleted = wp("draft", "delete", str(draft_id), "--yes")
        assert deleted.code == 4, deleted
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["body"].strip() == "Vast"
    assert wp("draft", "edit", str(draft_id)).code == 0


def test_an_edit_saved_after_the_draft_went_out_is_refused(wp: Any, net: Net, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """The editor was open while cron (another process) published the draft."""
    import sys

    draft_id = draft(wp, "--to", "mastodon-wijk", "Eerste tekst")
    script = tmp_path / "publishing_editor.py"
    script.write_text(
        "import pathlib, subprocess, sys\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'wijkpost', 'publish', '{draft_id}',"
        " '--now'], check=True, capture_output=True)\n"
        "pathlib.Path(sys.argv[1]).write_text('---\\nto: [mastodon-wijk]\\n---\\nTweede\\n',"
        " encoding='utf-8')\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    edited = wp("draft", "edit", str(draft_id))
    assert edited.code == 3, edited
    assert f"concept {draft_id} is gepubliceerd en kan niet meer veranderen" in edited.err
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert "Eerste tekst" in toot["content"]
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["body"].strip() == "Eerste tekst" and shown["status"] == "published"


def test_a_partly_sent_draft_stays_locked_whatever_its_status(wp: Any, net: Net) -> None:
    """A draft left queued half-way (as an older version could leave one) is still out."""
    from wijkpost.store import Store

    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", body={"error": "nee"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Half")
    assert wp("publish", str(draft_id), "--now").code == 3  # the site has it
    with Store() as store:
        store.db.execute("UPDATE drafts SET status = 'queued' WHERE id = ?", (draft_id,))
    for command in (("draft", "edit", str(draft_id)), ("draft", "delete", str(draft_id), "--yes")):
        refused = wp(*command)
        assert refused.code == 3 and "is al (deels) verstuurd" in refused.err, refused
    assert status(wp, draft_id)["parts"] != []


def test_what_began_going_out_is_finished_outside_office_hours(wp: Any, net: Net) -> None:
    """Its first part kept the office hours (or --now said not to): the rest does not wait
    for the next opening beside what is already out."""
    from datetime import datetime

    from wijkpost import drafts
    from wijkpost.config import load_config
    from wijkpost.publish import publish
    from wijkpost.store import Store

    config_file = net.root / "wijkpost.yaml"
    config_file.write_text(config_file.read_text().replace(
        'signature: "^JdV"', 'signature: "^JdV"\n        office_hours: "ma-vr 08:30-17:00"'),
        encoding="utf-8")
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", body={"error": "even niet"})
    begun = draft(wp, "--to", "mastodon-wijk", "--to", "voorbeeldwijk", "Begonnen")
    assert wp("publish", str(begun), "--now").code == 3
    fresh = draft(wp, "--to", "mastodon-wijk", "Nog niet begonnen")
    sunday_night = datetime.fromisoformat("2026-11-29T23:00:00+01:00")
    config = load_config()
    with Store() as store:
        waits = publish(store, config, drafts.get(store, fresh), clock=sunday_night)
        assert not waits.published and waits.waiting_until is not None  # the control
        finished = publish(store, config, drafts.get(store, begun), clock=sunday_night)
    assert finished.published and finished.waiting_until is None
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert "Begonnen" in toot["content"]


def test_an_x_duplicate_tried_again_stays_a_refusal(wp: Any, net: Net) -> None:
    """However often it is tried, X's "duplicate" for a text another post has is a no: the
    part is not left as maybe-sent (which would wait for a lookup that never finds it)."""
    first = draft(wp, "--to", "x-wijk", "Dubbele tekst")
    assert wp("publish", str(first), "--now").code == 0
    second = draft(wp, "--to", "x-wijk", "Dubbele tekst")
    for attempts in (1, 2, 3):
        result = wp("publish", str(second), "--now")
        assert result.code == 3, result
        (part,) = status(wp, second)["parts"]
        assert (part["state"], part["attempts"]) == ("failed", attempts), part
    assert len(net.tweets()) == 1


def test_skip_is_for_a_draft_that_went_out_somewhere(wp: Any, net: Net) -> None:
    fresh = draft(wp, "--to", "mastodon-wijk", "--to", "x-wijk", "Nog niets")
    unbegun = wp("publish", str(fresh), "--skip", "x-wijk")
    assert unbegun.code == 2 and f"concept {fresh} is nog niet begonnen" in unbegun.err
    assert wp("publish", str(fresh), "--skip", "x-wijk", "--dry-run").code == 2
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", times=9, body={"error": "nee"})
    net.x.fail(r"^/2/tweets$", 403, method="POST", times=9,
               body={"detail": "Nee", "title": "Forbidden", "status": 403, "type": "about:blank"})
    assert wp("publish", str(fresh), "--now").code == 3  # refused everywhere
    everything = wp("publish", str(fresh), "--skip", "x-wijk", "--skip", "mastodon-wijk")
    assert everything.code == 2 and "zonder deze doelen blijft er niets over" in everything.err
    assert {p["state"] for p in status(wp, fresh)["parts"]} == {"failed"}
    dry = wp("publish", str(fresh), "--skip", "x-wijk", "--dry-run")
    assert dry.code == 0, dry
    assert re.search(r"x-wijk +twitter +zou overgeslagen worden \(--skip\)", dry.out), dry.out
    assert "zou opnieuw proberen" in dry.out  # mastodon-wijk
    assert {p["state"] for p in status(wp, fresh)["parts"]} == {"failed"}  # nothing changed
    net.mastodon.clear_faults()
    one = wp("publish", str(fresh), "--skip", "x-wijk")  # the other goes out: that is allowed
    assert one.code == 0, one
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1 and net.tweets() == []


def test_environment_credentials_not_checkable_now_hold_only_that_account(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    net.mastodon.fail(r"^/api/v1/accounts/verify_credentials$", 503, method="GET", times=99)
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "x-wijk", "--to", "voorbeeldwijk",
                     "Deels nu")
    held = wp("publish", str(draft_id), "--now")
    assert held.code == 4, held
    assert re.search(r"mastodon-wijk +mastodon +later opnieuw +mastodon-wijk: storing bij de "
                     r"dienst \(HTTP 503\)", held.out), held.out
    assert len(net.tweets()) == 1 and net.mastodon.statuses_of("voorbeeldwijk") == []
    monkeypatch.setenv("WIJKPOST_MASTODON_WIJK_TOKEN", "niet-geldig")
    net.mastodon.clear_faults()
    wrong = wp("publish", str(draft_id))
    assert wrong.code == 4, wrong
    assert ("de dienst accepteert de inloggegevens in WIJKPOST_MASTODON_WIJK_… niet"
            in wrong.out), wrong.out
    for name, value in net.mastodon.env_for("mastodon-wijk").items():
        monkeypatch.setenv(name, value)
    assert wp("publish", str(draft_id)).code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1 and len(net.tweets()) == 1
    assert status(wp, draft_id)["status"] == "published"


# --------------------------------------------------------------------------- audit: ways out


def test_skip_never_calls_published_what_an_account_still_has_to_send(wp: Any, net: Net
                                                                       ) -> None:
    """X's login could not be checked (its part has no journal row yet) and Mastodon refused:
    skipping Mastodon sends X's part; it does not end the draft without it."""
    net.x.fail(r"^/2/users/me$", 503, method="GET", times=50)
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", times=5, body={"error": "nee"})
    draft_id = draft(wp, "Hallo wijk")
    assert wp("publish", str(draft_id), "--now").code == 3
    listed = wp("status", str(draft_id))
    assert re.search(r"x-wijk +– +nog niet begonnen", listed.out), listed.out
    assert status(wp, draft_id)["unplanned"] == ["x-wijk"]
    still_away = wp("publish", str(draft_id), "--skip", "mastodon-wijk", "--json")
    assert still_away.code == 4, still_away
    assert not json.loads(still_away.out)["published"] and net.tweets() == []
    net.x.clear_faults()
    finished = wp("publish", str(draft_id))  # (Mastodon stays skipped)
    assert finished.code == 0, finished
    assert re.search(r"mastodon-wijk +mastodon +overgeslagen", finished.out), finished.out
    assert len(net.tweets()) == 1 and status(wp, draft_id)["status"] == "published"


def test_a_draft_refused_everywhere_after_a_skip_may_still_change(wp: Any, net: Net) -> None:
    """Nothing of it is out: a skipped refusal is not a post, so edit and delete stay open
    (and the advice to skip the last target is not followed by a refusal to do so)."""
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", times=5, body={"error": "nee"})
    net.x.fault_reset_after = 100
    net.x.fail(r"^/2/tweets$", 429, method="POST", times=3)
    draft_id = draft(wp, "--to", "mastodon-wijk", "--to", "x-wijk", "Hallo wijk")
    assert wp("publish", str(draft_id), "--now").code == 3
    assert wp("publish", str(draft_id), "--skip", "mastodon-wijk").code == 4  # X: later
    net.x.clear_faults()
    net.x.fail(r"^/2/tweets$", 403, method="POST", times=5,
               body={"detail": "Nee", "title": "Forbidden", "status": 403, "type": "about:blank"})
    assert wp("publish", str(draft_id)).code == 3
    last = wp("publish", str(draft_id), "--skip", "x-wijk")
    assert last.code == 2 and "pas het aan of verwijder het" in last.err
    deleted = wp("draft", "delete", str(draft_id), "--yes")
    assert deleted.code == 0, deleted
    assert net.mastodon_texts() == [] and net.tweets() == []


def test_a_part_that_timed_out_before_a_refusal_may_be_out(wp: Any, net: Net, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The first try timed out (and arrived late); the retry was refused. The part may be out,
    so the draft no longer changes, and the next run looks for it before sending."""
    net.mastodon.stall(r"^/api/v1/statuses$", 1.6, method="POST")  # the timeout is 1 s
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", body={"error": "nee"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Hallo wijk")
    refused = wp("publish", str(draft_id), "--now")
    assert refused.code == 3, refused
    assert "Er is nog niets van uitgegaan" not in refused.out
    (part,) = status(wp, draft_id)["parts"]
    assert part["state"] == "failed"
    time.sleep(1.0)  # the stalled request is created by now
    editor(tmp_path, monkeypatch, "---\nto: [mastodon-wijk]\n---\nNieuwe tekst\n")
    locked = wp("draft", "edit", str(draft_id))
    assert locked.code == 3 and "is al (deels) verstuurd" in locked.err, locked
    again = wp("publish", str(draft_id))
    assert again.code == 0, again  # found, not sent a second time
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert status(wp, draft_id)["parts"][0]["remote_id"] == str(toot["id"])


@pytest.mark.parametrize("targets", [("voorbeeldwijk", "mastodon-wijk"), ("x-wijk",
                                                                         "mastodon-wijk")])
def test_a_missing_image_is_refused_before_anything_goes_out(
        wp: Any, net: Net, tmp_path: Path, targets: tuple[str, ...]) -> None:
    import os

    from tests.conftest import make_png

    picture = make_png(tmp_path / "bank.png")
    to = [arg for name in targets for arg in ("--to", name)]
    draft_id = draft(wp, "--image", str(picture), "--alt", "Een bank", *to, "Nieuwe bank")
    (kept,) = (Path(os.environ["WIJKPOST_HOME"]) / "media").rglob("*.png")
    kept.unlink()
    for lang, said in (("nl", f"afbeelding {kept} van concept {draft_id} ontbreekt"),
                       ("en", f"image {kept} of draft {draft_id} is missing")):
        result = wp("--lang", lang, "publish", str(draft_id), "--now")
        assert result.code == 2 and said in result.err, result
    assert status(wp, draft_id)["parts"] == []
    assert net.mastodon_texts() == [] and net.tweets() == []
    assert not list((net.root / "sites/voorbeeldwijk/posts").rglob("*.md"))
    assert wp("draft", "delete", str(draft_id), "--yes").code == 0  # nothing out: it may go


def test_an_image_gone_half_way_is_a_refusal_in_words(wp: Any, net: Net, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The file disappears between the check and the upload (a clean-up running meanwhile):
    each part is refused in words, not left as maybe sent, and the draft may still change."""
    import os

    from tests.conftest import make_png

    picture = make_png(tmp_path / "bank.png")
    draft_id = draft(wp, "--image", str(picture), "--alt", "Een bank", "--to", "x-wijk",
                     "--to", "mastodon-wijk", "Nieuwe bank")
    (kept,) = (Path(os.environ["WIJKPOST_HOME"]) / "media").rglob("*.png")
    dispatch = net.x.dispatch

    def vanishing(req: Any) -> Any:  # the identity check comes after the image check
        if req.path == "/2/users/me":
            kept.unlink(missing_ok=True)
        return dispatch(req)

    monkeypatch.setattr(net.x, "dispatch", vanishing)
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 3, result
    assert "interne fout" not in result.err + result.out
    for part in status(wp, draft_id)["parts"]:
        assert part["state"] == "failed" and kept.name in part["error"], part
    assert net.tweets() == [] and net.mastodon_texts() == []
    assert "Er is nog niets van uitgegaan" in result.out
    assert wp("draft", "delete", str(draft_id), "--yes").code == 0


def test_environment_credentials_the_service_turns_down_stop_a_new_draft(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKPOST_MASTODON_WIJK_TOKEN", "niet-geldig")
    draft_id = draft(wp, "Hallo wijk")
    said = "de dienst accepteert de inloggegevens in WIJKPOST_MASTODON_WIJK_… niet"
    dry = wp("publish", str(draft_id), "--now", "--dry-run")
    assert dry.code == 2 and said in dry.err, dry
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 2 and said in result.err, result
    assert net.tweets() == [] and status(wp, draft_id)["parts"] == []
    assert not list((net.root / "sites/voorbeeldwijk/posts").rglob("*.md"))


def test_a_dry_run_checks_environment_credentials_as_the_real_run(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKPOST_MASTODON_WIJK_TOKEN", net.mastodon.token_for("jasmijn"))
    draft_id = draft(wp, "Hallo wijk")
    dry = wp("publish", str(draft_id), "--now", "--dry-run")
    assert dry.code == 3 and "horen bij 'jasmijn'" in dry.err, dry
    for name, value in net.mastodon.env_for("mastodon-wijk").items():
        monkeypatch.setenv(name, value)
    net.x.fail(r"^/2/users/me$", 503, method="GET", times=50)
    shown = wp("publish", str(draft_id), "--now", "--dry-run")
    assert shown.code == 4, shown  # as the real run would end: partly, retry later
    assert re.search(r"x-wijk +twitter +x-wijk: storing bij de dienst \(HTTP 503\)", shown.out)
    held = wp("publish", str(draft_id), "--now", "--dry-run", "--json")
    assert held.code == 4, held
    by_target = {r["target"]: r for r in json.loads(held.out)["targets"]}
    assert by_target["x-wijk"]["status"] == "pending"
    assert "HTTP 503" in by_target["x-wijk"]["message"]
    assert by_target["mastodon-wijk"]["message"] == "zou 1 deel versturen"


def test_a_draft_refused_everywhere_waits_for_office_hours_like_a_new_one(wp: Any, net: Net
                                                                          ) -> None:
    """Nothing of it is out: sent again after hours, it waits, and cron tries it once then."""
    from datetime import datetime

    from wijkpost import drafts
    from wijkpost.config import load_config
    from wijkpost.publish import publish, publish_due
    from wijkpost.store import Store

    config_file = net.root / "wijkpost.yaml"
    config_file.write_text(config_file.read_text().replace(
        'signature: "^JdV"', 'signature: "^JdV"\n        office_hours: "ma-vr 08:30-17:00"'),
        encoding="utf-8")
    net.mastodon.fail(r"^/api/v1/statuses$", 422, method="POST", body={"error": "even niet"})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Nergens uit")
    assert wp("publish", str(draft_id), "--now").code == 3
    sunday_night = datetime.fromisoformat("2026-11-29T23:00:00+01:00")
    monday = datetime.fromisoformat("2026-11-30T09:00:00+01:00")
    config = load_config()
    with Store() as store:
        waits = publish(store, config, drafts.get(store, draft_id), clock=sunday_night)
        assert not waits.published and waits.waiting_until is not None
        assert net.mastodon_texts() == []
        (result,) = publish_due(store, config, clock=monday)
    assert result.published
    assert len(net.mastodon_texts()) == 1


def test_account_check_never_passes_on_what_a_terminal_would_obey(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = "evil\x1b]0;owned\x07\x1b[2J"
    net.x.add_user(hostile)
    for name, value in net.x.env_for("x-wijk", username=hostile).items():
        monkeypatch.setenv(name, value)
    checked = wp("account", "check", "x-wijk")
    assert checked.code == 3 and "horen bij 'evil" in checked.out, checked
    assert "\x1b" not in checked.out + checked.err and "\x07" not in checked.out


def test_an_internal_error_is_said_in_the_readers_language(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkpost import journal

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(journal, "rows", broken)
    result = wp("--lang", "en", "status", str(draft(wp, "Hoi")))
    assert result.code == 1
    assert result.err == ("wijkpost: internal error (RuntimeError); run again with --debug for "
                          "details\n")
