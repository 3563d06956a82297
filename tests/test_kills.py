"""Kill tests at exact points: `wijkpost publish` runs as a subprocess and is SIGKILLed by a fake
server at the Nth request of a kind (media upload, alt text, each part of the thread, the
lookups), before the request is handled, while it is handled (the post is made, no answer goes
out) or after the answer went out. After each kill the journal must say what really happened;
after a re-run without faults each service holds every part exactly once, in thread order, with
the image and its alt text once, and the site holds one post.

The site is written before any remote request, so no fake can stop the process in the middle
of it: those kills come from an audit hook (``sys.addaudithook``) that a small wrapper script
installs in the subprocess, firing at the file operations of the site post and the site build.
Nothing in wijkpost is patched or hooked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import test_channels
from tests.conftest import make_png
from tests.fakes.common import KillPoint
from tests.test_channels import Net, draft

# Long enough for a thread of three on both networks once Mastodon's limit is X's 280.
TEXT = " ".join(f"Zin {n}: de gemeente vervangt deze week de lantaarnpalen in de Lindelaan."
                for n in range(1, 9))
ALT = "Een nieuwe lantaarnpaal in de Lindelaan"
PARTS = 3
MOMENTS = ("before", "during", "after")
SITE_POSTS = "sites/voorbeeldwijk/posts"


# --------------------------------------------------------------------------- helpers

# The project of tests/test_channels.py: fake Mastodon and X, the config, tokens in the env.
net = test_channels.net


@dataclass(frozen=True)
class Point:
    """A kill point: which fake, which request (its Nth match), and what it stands for."""

    network: str  # "mastodon" | "twitter"
    kind: str  # instance | login | media | alt | post | lookup
    path: str
    method: str
    nth: int = 1

    def label(self) -> str:
        return f"{self.kind}{self.nth}" if self.kind == "post" else self.kind


# Before anything is planned: the instance's limits (read by the first publish, kept a week) and
# the check of whose credentials the environment holds. Plain reads: "before" says it all.
EARLY_POINTS = [
    Point("mastodon", "instance", r"^/api/v2/instance/?$", "GET"),
    Point("mastodon", "login", r"^/api/v1/accounts/verify_credentials$", "GET"),
    Point("twitter", "login", r"^/2/users/me$", "GET"),
]
# Every call that makes something, at every moment. (Mastodon takes the alt text with the
# upload; X in a call of its own.)
SENDING_POINTS = [
    Point("mastodon", "media", r"^/api/v2/media$", "POST"),
    *[Point("mastodon", "post", r"^/api/v1/statuses$", "POST", n) for n in range(1, PARTS + 1)],
    Point("twitter", "media", r"^/2/media/upload$", "POST"),
    Point("twitter", "alt", r"^/2/media/metadata/create$", "POST"),
    *[Point("twitter", "post", r"^/2/tweets$", "POST", n) for n in range(1, PARTS + 1)],
]
# Looking for a part whose outcome is unknown: the account's own posts.
LOOKUP_POINTS = [
    Point("mastodon", "lookup", r"^/api/v1/accounts/\d+/statuses$", "GET"),
    Point("twitter", "lookup", r"^/2/users/\d+/tweets$", "GET"),
]
TARGET = {"mastodon": "mastodon-wijk", "twitter": "x-wijk"}


def fake(net: Net, network: str) -> Any:
    return net.mastodon if network == "mastodon" else net.x


def new_draft(wp: Any, net: Net, tmp_path: Path) -> int:
    net.mastodon.max_characters = 280  # a thread of three on Mastodon too
    picture = make_png(tmp_path / "lantaarnpaal.png")
    draft_id = draft(wp, "--title", "Lantaarnpalen", "--image", str(picture), "--alt", ALT, TEXT)
    return draft_id


def journal_rows(draft_id: int) -> dict[str, list[Any]]:
    from wijkpost import journal
    from wijkpost.store import Store

    with Store() as store:
        found: dict[str, list[Any]] = {}
        for row in journal.rows(store, draft_id):
            found.setdefault(row.target, []).append(row)
        return found


def draft_record(draft_id: int) -> Any:
    from wijkpost import drafts
    from wijkpost.store import Store

    with Store() as store:
        return drafts.get(store, draft_id)


def posts_on(net: Net, network: str) -> list[dict[str, Any]]:
    """What a service holds for our account, oldest first: id, text as sent, the post it
    replies to, the alt texts of its images."""
    if network == "mastodon":
        return [{"id": s["id"], "text": net.mastodon.posted_text(s["id"]),
                 "reply_to": s["in_reply_to_id"],
                 "alts": [m["description"] for m in s["media_attachments"]]}
                for s in net.mastodon.statuses_of("voorbeeldwijk")]
    return [{"id": t.id, "text": t.expanded_text(), "reply_to": t.in_reply_to_tweet_id,
             "alts": [net.x.alt_text_of(m) for m in t.media_ids]} for t in net.tweets()]


def same(a: str, b: str) -> bool:
    return a.split() == b.split()


def site_posts(net: Net, uid: str) -> list[Path]:
    return [p for p in (net.root / SITE_POSTS).rglob("*.md")
            if re.search(rf"^uid: ['\"]?{re.escape(uid)}", p.read_text(encoding="utf-8"), re.M)]


def run_publish(draft_id: int, *args: str, wrapper: Path | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *([str(wrapper)] if wrapper else ["-m", "wijkpost"]),
               "publish", str(draft_id), "--now", *args]
    return subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=60)


def settle(net: Net) -> None:
    """Let the fakes finish what the killed process had already sent them (the other account's
    request may still be on its way through a socket), so the checks see the final state."""
    time.sleep(0.05)
    for server in (net.mastodon, net.x):
        assert server.wait_idle(5)


def publish_killed_at(draft_id: int, point: KillPoint) -> subprocess.CompletedProcess[str]:
    """Run `wijkpost publish` until the fake kills it at ``point``; fail if it never does."""
    proc = subprocess.Popen([sys.executable, "-m", "wijkpost", "publish", str(draft_id), "--now"],
                            env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    point.arm(proc.pid)
    out, err = proc.communicate(timeout=60)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    # (the fake sets ``fired`` once it has seen the process die, a moment after it did)
    reached = point.wait(10 if proc.returncode == -9 else 0)
    assert reached, f"the kill point was never reached: {done}"
    assert proc.returncode == -9, done
    return done


# --------------------------------------------------------------------------- journal checks


def check_consistent(net: Net, draft_id: int) -> dict[str, list[Any]]:
    """What must hold after any kill: per target, the journal is a run of done parts, at most
    one part of unknown outcome ('sending'), then pending ones; every done part is on its
    service with its text, replying to the part before; the service holds nothing else but
    (possibly) the part in 'sending'."""
    rows = journal_rows(draft_id)
    for network, target in TARGET.items():
        states = "".join(r.state[0] for r in rows.get(target, []))  # d, s, p
        assert re.fullmatch(r"d*s?p*", states), (target, states)
        posts = posts_on(net, network)
        done = [r for r in rows.get(target, []) if r.state == "done"]
        sending = [r for r in rows.get(target, []) if r.state == "sending"]
        assert [p["id"] for p in posts[:len(done)]] == [r.remote_id for r in done], target
        previous = None
        for row, post in zip(done, posts, strict=False):
            assert same(post["text"], row.content["text"]) and post["reply_to"] == previous
            previous = post["id"]
        extra = posts[len(done):]
        assert len(extra) <= len(sending), (target, "a post the journal does not account for")
        for post in extra:  # the part whose answer never came
            assert same(post["text"], sending[0].content["text"])
    return rows


def check_after_kill(net: Net, draft_id: int, point: Point, moment: str) -> None:
    """What the journal and the services say right after the kill at ``point``."""
    rows = check_consistent(net, draft_id)
    if point.kind in ("instance", "login"):  # before anything was planned
        assert rows == {} and draft_record(draft_id).status == "draft"
        assert posts_on(net, "mastodon") == [] and posts_on(net, "twitter") == []
        return
    (site,) = rows["voorbeeldwijk"]
    assert site.state == "done"  # the site goes first, before any account
    assert draft_record(draft_id).status == "publishing"
    target = rows[TARGET[point.network]]
    assert len(target) == PARTS
    states = [r.state for r in target]
    posts = posts_on(net, point.network)
    if point.kind == "post":
        n = point.nth
        assert states[:n - 1] == ["done"] * (n - 1)
        # A part is 'sending' from just before its request. Killed before its answer, it stays
        # so; killed after it, the process may have had time to note it 'done' and even to
        # mark the next part 'sending' (whose request the fake then never handles).
        if moment == "after" and states[n - 1] == "done":
            assert states[n:] in (["pending"] * (PARTS - n),
                                  (["sending"] + ["pending"] * (PARTS - n - 1))[:PARTS - n])
        else:
            assert states[n - 1:] == ["sending"] + ["pending"] * (PARTS - n)
        assert len(posts) == (n - 1 if moment == "before" else n)
        if moment != "before":
            assert same(posts[-1]["text"], target[n - 1].content["text"])
        return
    # The image (and on X its alt text) goes before part 1, inside its 'sending'.
    assert states == ["sending"] + ["pending"] * (PARTS - 1)
    assert posts == []
    media = list(fake(net, point.network).media.values())
    uploaded = not (point.kind == "media" and moment == "before")
    assert len(media) == int(uploaded)
    if point.network == "twitter" and uploaded:
        assert media[0].alt_text == (ALT if point.kind == "alt" and moment != "before" else None)
    if point.network == "mastodon" and uploaded:
        assert media[0].json["description"] == ALT


def check_finished(net: Net, draft_id: int) -> None:
    """After the re-run: everything once, in order, with the image and alt text once."""
    rows = journal_rows(draft_id)
    assert {t: [r.state for r in rs] for t, rs in rows.items()} == {
        "voorbeeldwijk": ["done"], "mastodon-wijk": ["done"] * PARTS,
        "x-wijk": ["done"] * PARTS}
    assert draft_record(draft_id).status == "published"
    for network, target in TARGET.items():
        posts = posts_on(net, network)
        assert len(posts) == PARTS, f"{network}: {len(posts)} posts for {PARTS} parts"
        assert [p["id"] for p in posts] == [r.remote_id for r in rows[target]]
        for n, (post, row) in enumerate(zip(posts, rows[target], strict=True)):
            assert same(post["text"], row.content["text"]) and f"{n + 1}/{PARTS}" in post["text"]
            assert post["reply_to"] == (posts[n - 1]["id"] if n else None)
            assert post["alts"] == ([ALT] if n == 0 else [])
    # Every status POST carried the key of the journal row of its part.
    keys = {r.content["text"]: r.idempotency_key for r in rows["mastodon-wijk"]}
    sent = net.mastodon.status_posts
    assert sent and all(p.idempotency_key == keys[p.text] for p in sent)
    found = site_posts(net, draft_record(draft_id).uid)
    assert len(found) == 1, f"the draft's posts on the site: {found}"
    text = found[0].read_text(encoding="utf-8")
    for network in TARGET:
        assert posts_on(net, network)[0]["id"] in text  # syndication: where to reply


def rerun(wp: Any, net: Net, draft_id: int) -> None:
    for server in (net.mastodon, net.x):
        server.clear_faults()
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 0, result
    check_finished(net, draft_id)


# --------------------------------------------------------------------------- remote kill points


def point_id(point: Point) -> str:
    return f"{point.network}-{point.label()}"


@pytest.mark.parametrize(("point", "moment"), [
    *[pytest.param(p, "before", id=f"{point_id(p)}-before") for p in EARLY_POINTS],
    *[pytest.param(p, m, id=f"{point_id(p)}-{m}") for p in SENDING_POINTS for m in MOMENTS],
])
def test_killed_at_a_request(wp: Any, net: Net, tmp_path: Path, point: Point,
                             moment: str) -> None:
    draft_id = new_draft(wp, net, tmp_path)
    kill = fake(net, point.network).kill(point.path, method=point.method, nth=point.nth,
                                         moment=moment)
    publish_killed_at(draft_id, kill)
    settle(net)
    check_after_kill(net, draft_id, point, moment)
    rerun(wp, net, draft_id)


def leave_first_part_unknown(wp: Any, net: Net, draft_id: int, network: str,
                             lookup: str) -> None:
    """A run in which part 1 arrives but its answer is lost, and it cannot be looked up yet:
    it stays 'sending' for the next run to reconcile."""
    server = fake(net, network)
    server.accept_then_drop(r"^/api/v1/statuses$" if network == "mastodon" else r"^/2/tweets$",
                            method="POST")
    server.fail(lookup, 503, times=20, method="GET")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4, result
    server.clear_faults()


@pytest.mark.parametrize(("point", "moment"), [
    pytest.param(p, m, id=f"{point_id(p)}-{m}") for p in LOOKUP_POINTS for m in MOMENTS])
def test_killed_while_looking_for_a_part(wp: Any, net: Net, tmp_path: Path, point: Point,
                                         moment: str) -> None:
    draft_id = new_draft(wp, net, tmp_path)
    leave_first_part_unknown(wp, net, draft_id, point.network, point.path)
    target = TARGET[point.network]
    before = journal_rows(draft_id)[target]
    assert [r.state for r in before] == ["sending"] + ["pending"] * (PARTS - 1)
    assert len(posts_on(net, point.network)) == 1
    kill = fake(net, point.network).kill(point.path, method=point.method, moment=moment)
    publish_killed_at(draft_id, kill)
    settle(net)
    rows = check_consistent(net, draft_id)
    assert rows[target] == before, "the journal changed while the part was looked for"
    assert len(posts_on(net, point.network)) == 1, "sent again before the lookup answered"
    rerun(wp, net, draft_id)


# --------------------------------------------------------------------------- the site

# Runs wijkpost with an audit hook that SIGKILLs the process at the Nth file operation of a
# kind: "open" (for writing) of a path containing NEEDLE, or "os.rename" (os.replace too) to
# such a path. With AFTER=1 the rename is done first, then the process dies: the file is in
# place but nothing after it has run.
WRAPPER = '''\
import os, runpy, signal, sys

EVENT, NEEDLE, NTH, AFTER = os.environ["WIJKPOST_TEST_KILL_AT"].split("|")
seen = 0


def hook(event, args):
    global seen
    if event != EVENT:
        return
    if event == "open":
        path, flags = args[0], args[2]
        if not isinstance(path, str) or not flags & (os.O_WRONLY | os.O_RDWR):
            return
    else:
        path = args[1]
    if NEEDLE not in os.fsdecode(path):
        return
    seen += 1
    if seen == int(NTH):
        if AFTER == "1":
            os.replace(args[0], args[1])  # (audited again, but seen is past NTH now)
        os.kill(os.getpid(), signal.SIGKILL)


sys.addaudithook(hook)
sys.argv[0] = "wijkpost"
runpy.run_module("wijkpost", run_name="__main__", alter_sys=True)
'''


@dataclass(frozen=True)
class FileKill:
    event: str
    needle: str
    nth: int = 1
    after: bool = False

    def spec(self) -> str:
        return f"{self.event}|{self.needle}|{self.nth}|{int(self.after)}"


SITE_POINTS = {
    # before the draft's image is copied into the site
    "image-copy": FileKill("open", "sites/voorbeeldwijk/media/"),
    # the post is written to its temporary file, not yet renamed into place
    "post-before-rename": FileKill("os.rename", f"{SITE_POSTS}/"),
    # the post is in place, and the process dies before it can note that in the journal
    "post-after-rename": FileKill("os.rename", f"{SITE_POSTS}/", after=True),
    # the accounts are done; the post is being given its syndication links
    "syndication": FileKill("os.rename", f"{SITE_POSTS}/", nth=2),
    # the site build writes its first page
    "build": FileKill("open", "sites/voorbeeldwijk/public/"),
}


def check_after_site_kill(net: Net, draft_id: int, name: str) -> None:
    rows = check_consistent(net, draft_id)
    uid = draft_record(draft_id).uid
    assert draft_record(draft_id).status == "publishing"
    posts = site_posts(net, uid)
    if name in ("syndication", "build"):  # every target is done; the site is being finished
        assert {t: {r.state for r in rs} for t, rs in rows.items()} == {
            t: {"done"} for t in ("voorbeeldwijk", *TARGET.values())}
        (post,) = posts
        has_links = posts_on(net, "mastodon")[0]["id"] in post.read_text(encoding="utf-8")
        assert has_links == (name == "build")
        return
    # The site goes first: nothing has gone to the accounts, not even a plan.
    assert set(rows) == {"voorbeeldwijk"}
    assert posts_on(net, "mastodon") == [] and posts_on(net, "twitter") == []
    (site,) = rows["voorbeeldwijk"]
    assert site.state == "sending" and site.remote_id  # the file name was fixed first
    assert len(posts) == (1 if name == "post-after-rename" else 0)
    if posts:
        assert posts[0] == net.root / SITE_POSTS / site.remote_id


def publish_killed_at_file(tmp_path: Path, draft_id: int, point: FileKill) -> None:
    wrapper = tmp_path / "killing_wijkpost.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    killed = run_publish(draft_id, wrapper=wrapper, env={"WIJKPOST_TEST_KILL_AT": point.spec()})
    assert killed.returncode == -9, f"the kill point was never reached: {killed}"


@pytest.mark.parametrize("name", list(SITE_POINTS))
def test_killed_while_the_site_is_written(wp: Any, net: Net, tmp_path: Path, name: str) -> None:
    draft_id = new_draft(wp, net, tmp_path)
    publish_killed_at_file(tmp_path, draft_id, SITE_POINTS[name])
    settle(net)
    check_after_site_kill(net, draft_id, name)
    rerun(wp, net, draft_id)


def test_no_temporary_post_file_is_left_behind(wp: Any, net: Net, tmp_path: Path) -> None:
    draft_id = new_draft(wp, net, tmp_path)
    publish_killed_at_file(tmp_path, draft_id, SITE_POINTS["post-before-rename"])
    rerun(wp, net, draft_id)
    left = [p.name for p in (net.root / SITE_POSTS).rglob("*") if p.is_file()
            and p.suffix != ".md"]
    assert left == []


# --------------------------------------------------------------------------- Idempotency-Key


def test_each_status_carries_the_key_of_its_journal_row(wp: Any, net: Net,
                                                        tmp_path: Path) -> None:
    draft_id = new_draft(wp, net, tmp_path)
    assert wp("publish", str(draft_id), "--now").code == 0
    rows = journal_rows(draft_id)["mastodon-wijk"]
    sent = net.mastodon.status_posts
    assert [p.idempotency_key for p in sent] == [r.idempotency_key for r in rows]
    assert [p.headers.get("Idempotency-Key") for p in sent] == [r.idempotency_key for r in rows]
    assert len({r.idempotency_key for r in rows}) == PARTS
    for row in rows:
        assert net.mastodon.idempotency_key_of(str(row.remote_id)) == row.idempotency_key


@pytest.mark.parametrize("how", ["answer-dropped", "killed-during-part-2"])
def test_a_part_the_lookup_misses_is_sent_again_with_its_key(wp: Any, net: Net, tmp_path: Path,
                                                             how: str) -> None:
    """The status arrived, its answer did not, and the lookup does not show it (an answer of
    no posts): only the Idempotency-Key stops the second send from making a second copy."""
    draft_id = new_draft(wp, net, tmp_path)
    lookup = r"^/api/v1/accounts/\d+/statuses$"
    if how == "answer-dropped":
        net.mastodon.accept_then_drop(r"^/api/v1/statuses$", method="POST")
        part = 1
    else:
        publish_killed_at(draft_id, net.mastodon.kill(r"^/api/v1/statuses$", method="POST",
                                                      nth=2, moment="during"))
        part = 2
    net.mastodon.fail(lookup, 200, body=[], times=20, method="GET")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 0, result
    assert net.mastodon.requests_to(lookup, "GET"), "the part was not looked for"
    texts = [net.mastodon.posted_text(s["id"]) for s in net.mastodon.statuses_of()]
    assert len(texts) == PARTS, f"a part was posted twice: {texts}"
    row = journal_rows(draft_id)["mastodon-wijk"][part - 1]
    tries = [p for p in net.mastodon.status_posts if p.idempotency_key == row.idempotency_key]
    assert [p.replayed for p in tries] == [False, True], "sent again, with its own key"
    assert tries[0].status_id == tries[1].status_id == row.remote_id
    net.mastodon.clear_faults()
    check_finished(net, draft_id)


# --------------------------------------------------------------------------- the kill points


CLIENT = '''\
import http.client, sys, urllib.parse

port, token = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for n in (1, 2, 3):
    body = urllib.parse.urlencode({"status": f"Bericht {n}"})
    conn.request("POST", "/api/v1/statuses", body, {
        "Authorization": f"Bearer {token}", "Idempotency-Key": f"key-{n}",
        "Content-Type": "application/x-www-form-urlencoded"})
    conn.getresponse().read()
    print("answered", n, flush=True)
'''


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_kill_point_kills_at_its_moment(tmp_path: Path, moment: str) -> None:
    """The fakes' kill points themselves, with a plain client posting three statuses on one
    connection: killed at the second, before, during or after it is handled."""
    from tests.fakes.mastodon import FakeMastodon

    client = tmp_path / "client.py"
    client.write_text(CLIENT, encoding="utf-8")
    with FakeMastodon() as server:
        point = server.kill(r"^/api/v1/statuses$", method="POST", nth=2, moment=moment)
        proc = subprocess.Popen([sys.executable, str(client), str(server.port),
                                 server.token_for()], stdout=subprocess.PIPE, text=True)
        point.arm(proc.pid)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -9 and point.wait(10)
        assert point.request is not None and point.request.param("status") == "Bericht 2"
        server.wait_idle()
        made = [server.posted_text(s["id"]) for s in server.statuses_of()]
        assert made == (["Bericht 1"] if moment == "before" else ["Bericht 1", "Bericht 2"])
        # Killed before its answer, the client never saw it; after, it may have, but whatever
        # it sent next was not handled.
        if moment != "after":
            assert out.split("\n")[:-1] == ["answered 1"]
        assert [p.idempotency_key for p in server.status_posts] == (
            ["key-1"] if moment == "before" else ["key-1", "key-2"])
