"""The fake X API, driven by the real tweepy client (and requests-oauthlib for media upload).

Each test starts its own :class:`FakeX` on 127.0.0.1; nothing reaches the internet. Key sets are
compared with the tweepy recordings copied to ``tests/fakes/data/twitter/`` and, where X's shapes
are not recorded, with the documented examples in ``documented.json`` there.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import tweepy
from requests_oauthlib import OAuth1

from tests.fakes.twitter import (
    TWITTER_API,
    FakeX,
    RedirectAdapter,
    redirect,
    weighted_length,
)

DATA = Path(__file__).parent / "fakes" / "data" / "twitter"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TWEET_FIELDS = ["created_at", "conversation_id", "referenced_tweets", "entities",
                "in_reply_to_user_id"]


def recorded(name: str, index: int = 0) -> dict[str, Any]:
    """One recorded response of the tweepy cassettes: {status, headers, json}."""
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return dict(data["interactions"][index]["response"])


def documented(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / "documented.json").read_text(encoding="utf-8"))[name])


@pytest.fixture
def x() -> Iterator[FakeX]:
    with FakeX() as server:
        yield server


def client_for(server: FakeX, username: str | None = None, *, timeout: float = 3.0,
               **kwargs: Any) -> tweepy.Client:
    client = tweepy.Client(**server.credentials_for(username), **kwargs)
    redirect(client.session, server.base_url, timeout=timeout)
    return client


def upload(client: tweepy.Client, data: bytes, *, category: str = "tweet_image",
           mime: str = "image/png") -> requests.Response:
    """The product's way: POST /2/media/upload through the client's session, OAuth 1.0a signed."""
    auth = OAuth1(client.consumer_key, client.consumer_secret, client.access_token,
                  client.access_token_secret)
    resp: requests.Response = client.session.post(
        f"{TWITTER_API}/2/media/upload", auth=auth, files={"media": ("foto.png", data, mime)},
        data={"media_category": category})
    return resp


def session_post_json(client: tweepy.Client, path: str, body: dict[str, Any]) -> requests.Response:
    auth = OAuth1(client.consumer_key, client.consumer_secret, client.access_token,
                  client.access_token_secret)
    resp: requests.Response = client.session.post(f"{TWITTER_API}{path}", auth=auth, json=body)
    return resp


def assert_rate_headers(headers: Any, now: float) -> None:
    for name in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
        assert headers[name].isdigit(), name
    assert now - 5 < int(headers["x-rate-limit-reset"]) <= now + 15 * 60 + 5


# ------------------------------------------------------------------------------ reading
def test_get_me_matches_the_recording(x: FakeX) -> None:
    client = client_for(x)
    me = client.get_me()
    assert me.data.id == int(x.user.id) and me.data.username == "voorbeeldwijk"
    assert set(me.data.data) == set(recorded("test_client_get_me")["json"]["data"])

    raw = client_for(x, return_type=requests.Response).get_me()
    assert_rate_headers(raw.headers, time.time())
    assert raw.headers["x-rate-limit-limit"] == \
        recorded("test_client_get_me")["headers"]["x-rate-limit-limit"][0]
    assert int(raw.headers["x-rate-limit-remaining"]) == 73   # the second call in this window


def test_get_tweet_delete_and_missing_tweet(x: FakeX) -> None:
    client = client_for(x)
    created = client.create_tweet(text="Vuilophaaldag verschoven naar donderdag")
    tid = created.data["id"]
    got = client.get_tweet(tid, user_auth=True)
    assert set(got.data.data) == set(recorded("test_client_get_tweet")["json"]["data"])
    assert got.data.edit_history_tweet_ids == [int(tid)]

    deleted = client.delete_tweet(tid)
    assert deleted.data == recorded("test_client_create_and_delete_tweet", 1)["json"]["data"]
    gone = client.get_tweet(tid, user_auth=True)   # X answers 200 with an errors list
    assert gone.data is None
    assert gone.errors[0]["title"] == "Not Found Error"
    assert gone.errors[0]["resource_type"] == "tweet"
    assert x.tweets_of() == []


def test_users_tweets_newest_first_with_pagination_and_since_id(x: FakeX) -> None:
    client = client_for(x)
    ids = [client.create_tweet(text=f"Bericht nummer {n}").data["id"] for n in range(12)]
    pages = list(tweepy.Paginator(client.get_users_tweets, x.user.id, max_results=5,
                                  tweet_fields=TWEET_FIELDS, user_auth=True))
    assert [len(p.data) for p in pages] == [5, 5, 2]
    seen = [t.id for p in pages for t in p.data]
    assert seen == [int(i) for i in reversed(ids)]
    rec = recorded("test_client_get_users_tweets")["json"]
    assert set(pages[0].meta) == set(rec["meta"])
    assert set(pages[-1].meta) == set(rec["meta"]) - {"next_token"}
    assert pages[0].meta["newest_id"] == ids[-1]
    first = pages[0].data[0]
    assert set(rec["data"][0]) <= set(first.data)
    assert first.conversation_id == first.id and first.created_at is not None

    newer = client.get_users_tweets(x.user.id, since_id=ids[9], user_auth=True)
    assert [t.id for t in newer.data] == [int(ids[11]), int(ids[10])]
    empty = client.get_users_tweets(x.user.id, since_id=ids[11], user_auth=True)
    assert empty.data is None and empty.meta == {"result_count": 0}

    with pytest.raises(tweepy.BadRequest, match="max_results"):
        client.get_users_tweets(x.user.id, max_results=2, user_auth=True)


def test_app_only_call_without_user_auth_is_unauthorized(x: FakeX) -> None:
    # tweepy's get_users_tweets defaults to user_auth=False: it sends "Bearer None".
    with pytest.raises(tweepy.Unauthorized):
        client_for(x).get_users_tweets(x.user.id)


def test_mentions_with_paging(x: FakeX) -> None:
    client = client_for(x)
    mine = client.create_tweet(text="Wie helpt zaterdag met het opruimen van het park?").data["id"]
    for n in range(6):
        x.add_mention("buurvrouw", f"Ik help mee, ronde {n}", in_reply_to_tweet_id=mine)
    x.post_as("iemand", "geen vermelding hier")
    bakker = x.add_user("bakker")
    client_for(x, "bakker").create_tweet(text="@voorbeeldwijk verse broodjes voor de helpers!")
    first = client.get_users_mentions(x.user.id, max_results=5, tweet_fields=TWEET_FIELDS,
                                      expansions=["author_id"], user_auth=True)
    rec = recorded("test_client_get_users_mentions")["json"]
    assert set(first.meta) == set(rec["meta"])
    assert len(first.data) == 5
    assert set(rec["data"][0]) <= set(first.data[0].data)
    assert first.data[0].author_id == int(bakker.id)   # newest first
    assert first.data[0].referenced_tweets is None
    mention = first.data[1]
    assert mention.text == "@voorbeeldwijk Ik help mee, ronde 5"
    assert mention.conversation_id == int(mine)
    assert mention.in_reply_to_user_id == int(x.user.id)
    assert mention.referenced_tweets[0].type == "replied_to"
    assert mention.entities["mentions"][0] == {"start": 0, "end": 14, "username": "voorbeeldwijk",
                                               "id": x.user.id}
    assert {u.username for u in first.includes["users"]} == {"bakker", "buurvrouw"}
    rest = client.get_users_mentions(x.user.id, max_results=5,
                                     pagination_token=first.meta["next_token"], user_auth=True)
    assert len(rest.data) == 2 and "next_token" not in rest.meta   # 7 mentions in all
    assert rest.data[-1].text.startswith("@voorbeeldwijk Ik help mee, ronde 0")


def test_search_recent_and_the_free_tier_403(x: FakeX) -> None:
    client = client_for(x)
    client.create_tweet(text="Buurtfeest op het plein https://voorbeeldwijk.nl/feest")
    x.post_as("buurman", "Komt er ook muziek op het buurtfeest?")
    x.post_as("buurman", "Iets heel anders")
    found = client.search_recent_tweets("buurtfeest", user_auth=True)
    assert len(found.data) == 2
    assert set(found.meta) == set(recorded("test_client_search_recent_tweets")["json"]["meta"]) \
        - {"next_token"}
    by_link = client.search_recent_tweets("voorbeeldwijk.nl/feest -from:buurman", user_auth=True)
    assert len(by_link.data) == 1   # searched through the expanded URL, not the t.co link

    x.search_enabled = False
    with pytest.raises(tweepy.Forbidden) as err:
        client.search_recent_tweets("buurtfeest", user_auth=True)
    body = err.value.response.json()
    assert set(body) == set(documented("client_not_enrolled")["json"])
    assert body["reason"] == "client-not-enrolled"
    assert err.value.response.status_code == 403


# ------------------------------------------------------------------------------ writing
def test_create_tweet_rewrites_links_to_tco(x: FakeX) -> None:
    raw = client_for(x, return_type=requests.Response).create_tweet(
        text="Nieuwe bankjes: https://voorbeeldwijk.nl/bankjes. Reageer!")
    assert raw.status_code == 201
    rec = recorded("test_client_create_and_delete_tweet")
    assert set(rec["json"]["data"]) <= set(raw.json()["data"])
    assert set(rec["headers"]) >= {"location", "x-rate-limit-limit"}
    assert raw.headers["location"].endswith("/2/tweets/" + raw.json()["data"]["id"])
    assert raw.headers["x-rate-limit-limit"] == rec["headers"]["x-rate-limit-limit"][0]
    text = raw.json()["data"]["text"]
    assert re.fullmatch(r"Nieuwe bankjes: https://t\.co/[A-Za-z0-9]{10}\. Reageer!", text)

    stored = x.tweets_of()[-1]
    assert stored.text == text
    assert stored.expanded_text() == "Nieuwe bankjes: https://voorbeeldwijk.nl/bankjes. Reageer!"


def test_reply_is_stored_and_fetched_with_conversation_fields(x: FakeX) -> None:
    client = client_for(x)
    first = client.create_tweet(text="Draadje over de nieuwe speeltuin (1/2)").data["id"]
    second = client.create_tweet(text="(2/2) Plannen: https://voorbeeldwijk.nl/speeltuin",
                                 in_reply_to_tweet_id=first).data["id"]
    timeline = client.get_users_tweets(x.user.id, tweet_fields=TWEET_FIELDS, user_auth=True)
    reply, root = timeline.data
    assert reply.id == int(second) and root.id == int(first)
    assert reply.conversation_id == root.conversation_id == int(first)
    assert reply.in_reply_to_user_id == int(x.user.id)
    assert [(r.type, r.id) for r in reply.referenced_tweets] == [("replied_to", int(first))]
    assert root.referenced_tweets is None and root.in_reply_to_user_id is None
    url = reply.entities["urls"][0]
    assert set(documented("entities_url")["json"]) == set(url)
    assert url["expanded_url"] == "https://voorbeeldwijk.nl/speeltuin"
    assert reply.text[url["start"]:url["end"]] == url["url"]
    assert url["url"].startswith("https://t.co/")

    stored = x.tweet(second)
    assert stored.in_reply_to_tweet_id == first and stored.conversation_id == first

    with pytest.raises(tweepy.Forbidden, match="deleted or not visible"):
        client.create_tweet(text="antwoord op niets", in_reply_to_tweet_id="123")


def test_media_upload_alt_text_and_tweet_with_image(x: FakeX) -> None:
    client = client_for(x)
    resp = upload(client, PNG)
    assert resp.status_code == 200
    assert set(resp.json()["data"]) == set(documented("media_upload")["json"]["data"])
    assert_rate_headers(resp.headers, time.time())
    media_id = resp.json()["data"]["id"]
    assert resp.json()["data"]["media_key"] == f"3_{media_id}"
    assert x.media[media_id].data == PNG and x.media[media_id].category == "tweet_image"

    alt = session_post_json(client, "/2/media/metadata/create",
                            {"media_id": media_id, "alt_text": {"text": "Een rood bankje"}})
    assert alt.status_code == 200
    assert alt.json() == {"data": {
        "id": media_id, "associated_metadata": {"alt_text": {"text": "Een rood bankje"}}}}
    assert x.alt_text_of(media_id) == "Een rood bankje"

    created = client.create_tweet(text="Het nieuwe bankje", media_ids=[media_id])
    assert re.fullmatch(r"Het nieuwe bankje https://t\.co/[A-Za-z0-9]{10}", created.data["text"])
    got = client.get_tweet(created.data["id"], tweet_fields=["entities", "attachments"],
                           expansions=["attachments.media_keys"], media_fields=["alt_text"],
                           user_auth=True)
    link = got.data.entities["urls"][-1]
    assert link["media_key"] == f"3_{media_id}"
    assert link["expanded_url"].endswith(f"/status/{created.data['id']}/photo/1")
    assert got.includes["media"][0].alt_text == "Een rood bankje"
    assert x.tweet(created.data["id"]).expanded_text() == "Het nieuwe bankje"


def test_media_metadata_newer_endpoint_and_the_errors(x: FakeX) -> None:
    client = client_for(x)
    media_id = upload(client, PNG).json()["data"]["id"]
    newer = session_post_json(client, "/2/media/metadata",
                              {"id": media_id, "metadata": {"alt_text": {"text": "Kaart"}}})
    assert newer.status_code == 200 and x.alt_text_of(media_id) == "Kaart"

    wrong_shape = session_post_json(client, "/2/media/metadata/create",
                                    {"id": media_id, "metadata": {"alt_text": {"text": "x"}}})
    assert wrong_shape.status_code == 400
    assert wrong_shape.json()["title"] == "Invalid Request"
    too_long = session_post_json(client, "/2/media/metadata/create",
                                 {"media_id": media_id, "alt_text": {"text": "a" * 1001}})
    assert too_long.status_code == 400

    big = upload(client, PNG + b"\x00" * (5 * 1024 * 1024))
    assert big.status_code == 400 and "File size exceeds" in big.text
    no_category = client.session.post(
        f"{TWITTER_API}/2/media/upload", files={"media": ("a.png", PNG, "image/png")},
        auth=OAuth1(client.consumer_key, client.consumer_secret, client.access_token,
                    client.access_token_secret))
    assert no_category.status_code == 400
    unsigned = requests.post(f"{x.base_url}/2/media/upload", timeout=3,
                             files={"media": ("a.png", PNG, "image/png")})
    assert unsigned.status_code == 401

    with pytest.raises(tweepy.BadRequest, match="media IDs are invalid"):
        client.create_tweet(text="met onbekende foto", media_ids=["999"])


def test_duplicate_tweet_is_forbidden(x: FakeX) -> None:
    client = client_for(x)
    client.create_tweet(text="Straat afgesloten wegens werkzaamheden")
    with pytest.raises(tweepy.Forbidden) as err:
        client.create_tweet(text="Straat afgesloten wegens werkzaamheden")
    assert err.value.api_messages == [
        "You are not allowed to create a Tweet with duplicate content."]
    assert err.value.response.json() == documented("duplicate")["json"]
    assert len(x.tweets_of()) == 1


def test_length_is_weighted_like_x(x: FakeX) -> None:
    url = "https://voorbeeldwijk.nl/" + "a" * 100
    assert weighted_length(url) == 23
    assert weighted_length("é") == 1 and weighted_length("日本") == 4
    client = client_for(x)
    fits = "x" * 256 + " " + url           # 256 + 1 + 23 = 280
    client.create_tweet(text=fits)
    with pytest.raises(tweepy.Forbidden, match="too long"):
        client.create_tweet(text="y" * 281)


# ------------------------------------------------------------------------------ failures
def test_unknown_credentials_are_unauthorized(x: FakeX) -> None:
    creds = x.credentials_for()
    client = tweepy.Client(consumer_key=creds["consumer_key"],
                           consumer_secret=creds["consumer_secret"],
                           access_token="1440318519214768133-onbekend",
                           access_token_secret="geheim")
    redirect(client.session, x.base_url, timeout=3)
    with pytest.raises(tweepy.Unauthorized) as err:
        client.get_me()
    assert err.value.response.json() == documented("unauthorized")["json"]
    assert "x-rate-limit-limit" not in err.value.response.headers


def test_bad_signature_is_unauthorized(x: FakeX) -> None:
    creds = x.credentials_for()
    client = tweepy.Client(**{**creds, "consumer_secret": creds["consumer_secret"][:-1] + "?"})
    redirect(client.session, x.base_url, timeout=3)
    with pytest.raises(tweepy.Unauthorized):
        client.create_tweet(text="ondertekend met de verkeerde sleutel")
    assert x.tweets_of() == []

    # signed for another host than the one the fake stands in for
    other = FakeX(signed_base="https://api.x.com")
    other.start()
    try:
        client = client_for(other)
        with pytest.raises(tweepy.Unauthorized):
            client.get_me()
    finally:
        other.stop()

    revoked = client_for(x)
    x.revoke(revoked.access_token)
    with pytest.raises(tweepy.Unauthorized):
        revoked.get_me()


def test_invalidate_token_ends_the_token_that_signed_it(x: FakeX) -> None:
    """POST oauth/invalidate_token (v1.1, OAuth 1.0a signed with the token to end)."""
    client = client_for(x)
    auth = OAuth1(client.consumer_key, client.consumer_secret, client.access_token,
                  client.access_token_secret)
    url = "https://api.twitter.com/1.1/oauth/invalidate_token"
    resp = client.session.post(url, auth=auth)
    assert resp.status_code == 200 and resp.json() == {"access_token": client.access_token}
    with pytest.raises(tweepy.Unauthorized):
        client.get_me()
    again = client.session.post(url, auth=auth)
    assert again.status_code == 401 and again.json()["errors"][0]["code"] == 89


def test_injected_429_carries_a_reset_a_few_seconds_ahead(x: FakeX) -> None:
    client = client_for(x)
    x.fail(r"^/2/tweets$", 429)
    with pytest.raises(tweepy.TooManyRequests) as err:
        client.create_tweet(text="te snel")
    headers = err.value.response.headers
    now = time.time()
    assert headers["x-rate-limit-remaining"] == "0"
    assert now <= int(headers["x-rate-limit-reset"]) <= now + 10
    assert err.value.response.json()["title"] == "Too Many Requests"
    assert client.create_tweet(text="nu wel").data["text"] == "nu wel"


def test_exhausted_window_answers_a_real_429(x: FakeX) -> None:
    client = client_for(x)
    x.exhaust("POST /2/tweets")
    with pytest.raises(tweepy.TooManyRequests) as err:
        client.create_tweet(text="over de limiet")
    assert err.value.response.headers["x-rate-limit-remaining"] == "0"
    assert int(err.value.response.headers["x-rate-limit-reset"]) > time.time() + 60
    assert x.tweets_of() == []
    assert client.get_me().data.username == "voorbeeldwijk"   # other endpoints still answer


def test_server_error(x: FakeX) -> None:
    x.fail(r"^/2/tweets$", 500)
    with pytest.raises(tweepy.TwitterServerError):
        client_for(x).create_tweet(text="serverfout")
    assert x.tweets_of() == []


def test_stall_times_out_through_the_adapter_timeout(x: FakeX) -> None:
    client = client_for(x, timeout=0.3)
    x.stall(r"^/2/users/me$", 5)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.get_me()
    assert time.monotonic() - started < 2


def test_accept_then_drop_loses_the_answer_but_not_the_tweet(x: FakeX) -> None:
    client = client_for(x)
    x.accept_then_drop(r"^/2/tweets$")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.create_tweet(text="Is dit bericht geplaatst?")
    assert [t.text for t in x.tweets_of()] == ["Is dit bericht geplaatst?"]
    with pytest.raises(tweepy.Forbidden, match="duplicate"):   # a blind retry is caught
        client.create_tweet(text="Is dit bericht geplaatst?")


# ------------------------------------------------------------------------------ PIN flow
def test_pin_flow_end_to_end(x: FakeX) -> None:
    class Handler(tweepy.OAuth1UserHandler):
        def _get_oauth_url(self, endpoint: str) -> str:
            return f"{x.base_url}/oauth/{endpoint}"

    handler = Handler(x.consumer_key, x.consumer_secret, callback="oob")
    url = handler.get_authorization_url()
    assert url.startswith(f"{x.base_url}/oauth/authorize?oauth_token=")
    request_token = handler.request_token["oauth_token"]
    assert handler.request_token["oauth_callback_confirmed"] == "true"

    page = requests.get(url, timeout=3)                      # what the user's browser shows
    pin = x.pin_for(request_token)
    assert f"<code>{pin}</code>" in page.text and re.fullmatch(r"\d{7}", pin)

    token, secret = handler.get_access_token(pin)
    assert token.startswith(x.user.id + "-")
    client = tweepy.Client(consumer_key=x.consumer_key, consumer_secret=x.consumer_secret,
                           access_token=token, access_token_secret=secret)
    redirect(client.session, x.base_url, timeout=3)
    assert client.get_me().data.username == "voorbeeldwijk"

    with pytest.raises(tweepy.TweepyException):              # a request token is single-use
        handler.get_access_token(pin)


def test_pin_flow_rejects_a_wrong_pin_and_a_wrong_app(x: FakeX) -> None:
    class Handler(tweepy.OAuth1UserHandler):
        def _get_oauth_url(self, endpoint: str) -> str:
            return f"{x.base_url}/oauth/{endpoint}"

    handler = Handler(x.consumer_key, x.consumer_secret, callback="oob")
    handler.get_authorization_url()
    x.pin_for(handler.request_token["oauth_token"])
    with pytest.raises(tweepy.TweepyException, match="Invalid oauth_verifier"):
        handler.get_access_token("0000000")

    stranger = Handler("onbekende-app", "geheim", callback="oob")
    with pytest.raises(tweepy.TweepyException):
        stranger.get_authorization_url()


def test_redirect_adapter_only_rewrites_its_prefix(x: FakeX) -> None:
    adapter = RedirectAdapter(x.base_url, timeout=0.5)
    assert adapter.rewrite("https://api.twitter.com/2/users/me?x=1") == \
        f"{x.base_url}/2/users/me?x=1"
    for other in ("https://api.twitter.com.example/2/users/me", "https://upload.twitter.com/1.1/",
                  "http://api.twitter.com/2/users/me"):
        assert adapter.rewrite(other) == other
    session = requests.Session()
    session.mount("https://api.twitter.com/", adapter)
    assert session.get("https://api.twitter.com/2/users/me").status_code == 401  # reached the fake
