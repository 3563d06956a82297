"""A local fake of the X (Twitter) API v2 that the real tweepy client can talk to.

Shapes come from the tweepy recordings copied to ``tests/fakes/data/twitter/`` (tweepy
cassettes, commit c05ba988177219f1591b3bf03b8896b427c8b233, MIT). Where nothing is recorded the fake
follows the official documentation at docs.x.com, or a real answer quoted in a public issue
thread; each such place says so in a comment, and ``data/twitter/documented.json`` keeps the
examples.

How a client reaches the fake
-----------------------------
``tweepy.Client`` hard-codes ``https://api.twitter.com`` in ``BaseClient.request``. Mount a
:class:`RedirectAdapter` on ``client.session`` for the prefix ``"https://api.twitter.com/"``: it
rewrites the URL to the fake's base just before sending. OAuth 1.0a signing happens earlier (in the
session's ``prepare_request``), so signatures are over the https URL; the fake checks them against
``signed_base`` (default ``"https://api.twitter.com"``) and also against its own address.
The adapter also gives every request a default timeout (tweepy's Client sets none).

Media upload (tweepy 4.17 cannot do it for API v2) goes through the same session, with an
``requests_oauthlib.OAuth1`` made from ``client.consumer_key``, ``client.consumer_secret``,
``client.access_token``, ``client.access_token_secret``::

    client.session.post("https://api.twitter.com/2/media/upload", auth=OAuth1(...),
                        files={"media": ("foto.jpg", data, "image/jpeg")},
                        data={"media_category": "tweet_image"})

``tweepy.OAuth1UserHandler`` (the PIN flow) builds its URLs with its private method
``_get_oauth_url(endpoint)`` (``'https://api.twitter.com/oauth/' + endpoint``), used by
``get_authorization_url`` (which POSTs ``/oauth/request_token`` through ``handler.oauth``, an
``OAuth1Session``) and by ``get_access_token`` (which makes a NEW ``OAuth1Session`` of its own, so
an adapter mounted on ``handler.oauth`` does not reach it). The way that covers both calls is a
subclass overriding ``_get_oauth_url`` to return ``f"{base}/oauth/{endpoint}"`` (see
``test_pin_flow_end_to_end`` in ``tests/test_fake_twitter.py``); the signatures are then over the
fake's own ``http://127.0.0.1:PORT/oauth/...`` URL, which the fake accepts.
"""

from __future__ import annotations

import base64
import hmac
import random
import re
import string
import threading
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils
from requests.adapters import HTTPAdapter

from tests.fakes.common import (
    REASONS,
    FakeServer,
    Request,
    Response,
    json_response,
    parse_multipart,
)

__all__ = ["FakeX", "RedirectAdapter", "XMedia", "XTweet", "XUser", "redirect"]

TWITTER_API = "https://api.twitter.com"

# ----------------------------------------------------------------------------------- rate limits
# Per-15-minute limits as the recordings' x-rate-limit-limit headers show them. The v2 media
# endpoints are not recorded: 415 is the v1.1 upload's recorded limit, 500 a plain guess.
RATE_WINDOW = 15 * 60
RATE_LIMITS: dict[str, int] = {
    "GET /2/users/me": 75,                     # test_client_get_me
    "POST /2/tweets": 200,                     # test_client_create_and_delete_tweet
    "DELETE /2/tweets/:id": 50,                # test_client_create_and_delete_tweet
    "GET /2/tweets/:id": 300,                  # test_client_get_tweet
    "GET /2/users/:id/tweets": 1500,           # test_client_get_users_tweets
    "GET /2/users/:id/mentions": 450,          # test_client_get_users_mentions
    "GET /2/tweets/search/recent": 450,        # test_client_search_recent_tweets
    "POST /2/media/upload": 415,               # testmediauploadpng (v1.1)
    "POST /2/media/metadata/create": 500,      # not recorded
    "POST /2/media/metadata": 500,             # not recorded
}

# ----------------------------------------------------------------------------------- error bodies
INVALID_REQUEST = "https://api.twitter.com/2/problems/invalid-request"


def problem(status: int, detail: str | None = None, title: str | None = None,
            type_: str = "about:blank", **extra: Any) -> dict[str, Any]:
    """An RFC 7807 problem body as X API v2 sends it (detail, type, title, status)."""
    reason = REASONS.get(status, "Error")
    return {"detail": detail or reason, "type": type_, "title": title or reason, "status": status,
            **extra}


def unauthorized_body() -> dict[str, Any]:
    # Real 401 (akrherz/iembot#154, plhery/node-twitter-api-v2#425), as application/problem+json.
    return {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


def duplicate_body() -> dict[str, Any]:
    # Real 403 for a duplicate Tweet, quoted in akrherz/iembot#163.
    return problem(403, "You are not allowed to create a Tweet with duplicate content.")


def client_not_enrolled_body(client_id: str) -> dict[str, Any]:
    # Real 403 a Free-tier app gets from endpoints outside its level (e.g. search), quoted in
    # xdevplatform/twitter-api-java-sdk#67 and lunaperegrina/twitter-banner-followers#2.
    return {
        "client_id": client_id,
        "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys "
                  "and tokens from a Twitter developer App that is attached to a Project. You can "
                  "create a project via the developer portal.",
        "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
        "title": "Client Forbidden",
        "required_enrollment": "Appropriate Level of API Access",
        "reason": "client-not-enrolled",
        "type": "https://api.twitter.com/2/problems/client-forbidden",
    }


def unsupported_auth_body() -> dict[str, Any]:
    # What v2 answers to an app-only (Bearer) token on a user-context endpoint. Not recorded and
    # not found in a stored source: the wording is from memory of real answers.
    return problem(
        403,
        "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported "
        "authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
        "Unsupported Authentication", "https://api.twitter.com/2/problems/unsupported-authentication")


def invalid_request_body(message: str, parameters: dict[str, list[str]] | None = None
                         ) -> dict[str, Any]:
    """X v2's 400 for bad parameters: ``errors[]`` plus the problem fields."""
    return {"errors": [{"parameters": parameters or {}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": INVALID_REQUEST}


def not_found_item(resource_type: str, value: str, parameter: str = "id") -> dict[str, Any]:
    """One entry of the ``errors`` list X sends (with status 200) for a missing Tweet or user."""
    return {"value": value,
            "detail": f"Could not find {resource_type} with {parameter}: [{value}].",
            "title": "Not Found Error", "resource_type": resource_type, "parameter": parameter,
            "resource_id": value, "type": "https://api.twitter.com/2/problems/resource-not-found"}


# ----------------------------------------------------------------------------------- text rules
TWEET_MAX_WEIGHT = 280
URL_WEIGHT = 23
IMAGE_MAX_BYTES = 5 * 1024 * 1024     # docs.x.com/x-api/media: "Image: 5 MB"
ALT_TEXT_MAX = 1000                   # docs.x.com media metadata: alt_text.text max 1000 characters
MAX_IMAGES = 4

_URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\""
_MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,15})")
_HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")
# twitter-text v3 configuration: these code point ranges weigh 1, everything else 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """URLs in ``text`` as (start, end, url): ``http(s)://`` links, trailing punctuation excluded.

    twitter-text also links bare domains (``example.nl``); the fake does not.
    """
    found = []
    for m in _URL_RE.finditer(text):
        url = m.group(0)
        while url and url[-1] in _URL_TRAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("https://"):
            found.append((m.start(), m.start() + len(url), url))
    return found


def weighted_length(text: str) -> int:
    """The length X counts (twitter-text v3): NFC, URLs 23, CJK/emoji 2, the rest 1.

    Simplified: an emoji sequence joined with ZWJ counts 2 per code point, not 2 in all.
    """
    text = unicodedata.normalize("NFC", text)
    total, pos = 0, 0
    for start, end, _url in find_urls(text):
        total += sum(_weight(c) for c in text[pos:start]) + URL_WEIGHT
        pos = end
    return total + sum(_weight(c) for c in text[pos:])


def _weight(char: str) -> int:
    cp = ord(char)
    return 1 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 2


def escaped(text: str) -> str:
    """X returns a tweet's ``&``, ``<`` and ``>`` as HTML entities, and nothing else (see the
    recorded home timeline: "NYC &lt; London", "Learn more &amp; apply"). Entity offsets stay
    those of the text as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def display_url(url: str) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return shown if len(shown) <= 26 else shown[:25] + "…"


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{int(ts * 1000) % 1000:03d}Z"


def parse_iso(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


# ----------------------------------------------------------------------------------- state
@dataclass
class XUser:
    id: str
    username: str
    name: str
    created_at: float
    description: str = ""
    protected: bool = False

    def render(self, fields: Iterable[str] = ()) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "username": self.username}
        extra = {
            "created_at": iso(self.created_at),
            "description": self.description,
            "protected": self.protected,
            "verified": False,
            "url": "",
            "profile_image_url": "https://pbs.twimg.com/profile_images/0/default_normal.png",
        }
        for name in fields:
            if name in extra:
                out[name] = extra[name]
        return out


@dataclass
class XMedia:
    id: str
    media_key: str
    owner_id: str
    size: int
    content_type: str
    category: str
    data: bytes = field(repr=False)
    alt_text: str | None = None
    created_at: float = 0.0


@dataclass
class XTweet:
    id: str
    author_id: str
    text: str                    # as X stores and returns it: t.co links, media link appended
    original_text: str           # as the client sent it
    created_at: float
    conversation_id: str
    in_reply_to_user_id: str | None = None
    referenced_tweets: list[dict[str, str]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)        # entities.urls
    media_ids: list[str] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)
    deleted: bool = False

    @property
    def in_reply_to_tweet_id(self) -> str | None:
        for ref in self.referenced_tweets:
            if ref["type"] == "replied_to":
                return ref["id"]
        return None

    def expanded_text(self) -> str:
        """The text with t.co links expanded and the media link dropped (what the client sent)."""
        out = self.text
        for u in sorted(self.urls, key=lambda u: -u["start"]):
            repl = "" if "media_key" in u else u["expanded_url"]
            out = out[:u["start"]] + repl + out[u["end"]:]
        return out.rstrip() if self.media_keys else out


@dataclass
class _RequestToken:
    token: str
    secret: str
    consumer_key: str
    callback: str
    verifier: str
    user_id: str | None = None   # set by pin_for / authorize: the user who clicked "Authorize"


@dataclass
class _Auth:
    consumer_key: str | None
    user: XUser | None           # None for app-only (Bearer)


@dataclass
class _Window:
    reset: float
    remaining: int


# ----------------------------------------------------------------------------------- the fake
class FakeX(FakeServer):
    """The X API v2 (and the OAuth 1.0a PIN flow) for one app and a few users, in memory.

    ``server.user`` is the authenticated account; ``server.credentials_for(username)`` gives the
    four keys tweepy needs. Everything the tests inspect is plain attributes: ``users``, ``tweets``,
    ``media``, ``search_enabled``, ``rate_limits``, ``duplicate_window``.
    """

    def __init__(self, *, user_id: str = "1440318519214768133", username: str = "voorbeeldwijk",
                 name: str = "Voorbeeldwijk", signed_base: str | Sequence[str] = TWITTER_API,
                 seed: int = 20240501, client_id: str = "28391745") -> None:
        super().__init__()
        self._rng = random.Random(seed)
        self.signed_base = signed_base
        self.client_id = client_id                      # the app's numeric id (403 bodies show it)
        self.search_enabled = True
        self.rate_limits: dict[str, int] = dict(RATE_LIMITS)
        self.duplicate_window = 24 * 3600.0             # X does not document it; a day
        self.fault_reset_after = 3                      # injected 429s: reset this far ahead
        self.apps: dict[str, str] = {}                  # consumer key -> consumer secret
        self.bearer_tokens: set[str] = set()            # app-only tokens (none by default)
        self.users: dict[str, XUser] = {}
        self.tweets: dict[str, XTweet] = {}
        self.media: dict[str, XMedia] = {}
        self._tokens: dict[str, tuple[str, str, str]] = {}   # token -> (secret, user id, consumer)
        self._request_tokens: dict[str, _RequestToken] = {}
        self._windows: dict[tuple[str, str], _Window] = {}
        self._last_id = 0
        self._state_lock = threading.RLock()
        self.consumer_key = self._random_token(25)
        self.consumer_secret = self._random_token(50)
        self.apps[self.consumer_key] = self.consumer_secret
        self.user = self.add_user(username, name, user_id=user_id)
        self._routes_setup()

    # ------------------------------------------------------------------ helpers for tests
    def add_user(self, username: str, name: str | None = None, *, user_id: str | None = None
                 ) -> XUser:
        with self._state_lock:
            existing = self.find_user(username)
            if existing is not None:
                return existing
            uid = user_id or str(self._rng.randrange(10**17, 10**18))
            user = XUser(uid, username, name or username.capitalize(),
                         created_at=self.now() - 400 * 86400)
            self.users[uid] = user
            return user

    def find_user(self, username: str) -> XUser | None:
        name = username.lstrip("@").lower()
        return next((u for u in self.users.values() if u.username.lower() == name), None)

    def _user(self, username: str | None) -> XUser:
        if username is None:
            return self.user
        user = self.find_user(username)
        if user is None:
            raise KeyError(f"no user @{username} on the fake")
        return user

    def env_for(self, account: str, username: str | None = None) -> dict[str, str]:
        """The environment variables that give wijkpost's ``account`` the four keys of
        ``username``."""
        from wijkpost.credentials import env_prefix

        keys = self.credentials_for(username)
        names = {"consumer_key": "CONSUMER_KEY", "consumer_secret": "CONSUMER_SECRET",
                 "access_token": "ACCESS_TOKEN", "access_token_secret": "ACCESS_SECRET"}
        return {env_prefix(account) + names[key]: value for key, value in keys.items()}

    def credentials_for(self, username: str | None = None) -> dict[str, str]:
        """consumer_key, consumer_secret, access_token, access_token_secret valid for the user."""
        user = self._user(username)
        with self._state_lock:
            found = [(token, secret) for token, (secret, uid, ckey) in self._tokens.items()
                     if uid == user.id and ckey == self.consumer_key]
            token, secret = found[0] if found else self._issue_access_token(user.id,
                                                                            self.consumer_key)
        return {"consumer_key": self.consumer_key, "consumer_secret": self.consumer_secret,
                "access_token": token, "access_token_secret": secret}

    def tokens_of(self, username: str | None = None) -> list[str]:
        """The access tokens that work for the user now."""
        user = self._user(username)
        with self._state_lock:
            return [token for token, (_, uid, _) in self._tokens.items() if uid == user.id]

    def revoke(self, access_token: str) -> None:
        """Forget an access token (the user revoked the app): its requests get 401 from now on."""
        with self._state_lock:
            self._tokens.pop(access_token, None)

    def tweets_of(self, username: str | None = None, *, include_deleted: bool = False
                  ) -> list[XTweet]:
        """The user's Tweets in the order they were created (oldest first)."""
        user = self._user(username)
        with self._state_lock:
            return [t for t in sorted(self.tweets.values(), key=lambda t: int(t.id))
                    if t.author_id == user.id and (include_deleted or not t.deleted)]

    def tweet(self, tweet_id: str | int) -> XTweet:
        return self.tweets[str(tweet_id)]

    def post_as(self, username: str, text: str, *, in_reply_to_tweet_id: str | int | None = None,
                media_ids: Sequence[str] = (), created_at: float | None = None) -> XTweet:
        """Create a Tweet directly (no HTTP, no checks) — to seed timelines and conversations."""
        author = self.add_user(username)
        parent = self.tweets.get(str(in_reply_to_tweet_id)) if in_reply_to_tweet_id else None
        return self._store_tweet(author, text, parent, list(media_ids), created_at)

    def add_mention(self, from_username: str, text: str,
                    in_reply_to_tweet_id: str | int | None = None) -> XTweet:
        """Another account mentions the authenticated user (``@username`` is prefixed if absent)."""
        handle = "@" + self.user.username
        if handle.lower() not in text.lower():
            text = f"{handle} {text}"
        return self.post_as(from_username, text, in_reply_to_tweet_id=in_reply_to_tweet_id)

    def pin_for(self, request_token: str, username: str | None = None) -> str:
        """The PIN X shows a user who authorizes ``request_token`` (default: the main user)."""
        with self._state_lock:
            rt = self._request_tokens[request_token]
            rt.user_id = self._user(username).id
            return rt.verifier

    def alt_text_of(self, media_id: str | int) -> str | None:
        return self.media[str(media_id)].alt_text

    # ------------------------------------------------------------------ ids and tokens
    def _random_token(self, length: int, alphabet: str = string.ascii_letters + string.digits
                      ) -> str:
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def _next_id(self) -> str:
        """Snowflake-like ids (ms since the Twitter epoch << 22), strictly increasing."""
        with self._state_lock:
            snowflake = (int(self.now() * 1000) - 1288834974657) << 22
            self._last_id = max(self._last_id + 1, snowflake)
            return str(self._last_id)

    def _tco(self) -> str:
        return "https://t.co/" + self._random_token(10)

    def _issue_access_token(self, user_id: str, consumer_key: str) -> tuple[str, str]:
        token = f"{user_id}-{self._random_token(30)}"
        secret = self._random_token(45)
        self._tokens[token] = (secret, user_id, consumer_key)
        return token, secret

    # ------------------------------------------------------------------ storing Tweets
    def _store_tweet(self, author: XUser, text: str, parent: XTweet | None,
                     media_ids: list[str], created_at: float | None = None) -> XTweet:
        with self._state_lock:
            tid = self._next_id()
            # X rewrites every link to t.co and appends a t.co link for attached media.
            stored, urls, offset = "", [], 0
            for start, end, url in find_urls(text):
                stored += text[offset:start]
                short = self._tco()
                urls.append({"start": len(stored), "end": len(stored) + len(short), "url": short,
                             "expanded_url": url, "display_url": display_url(url)})
                stored += short
                offset = end
            stored += text[offset:]
            media_keys = [self.media[m].media_key for m in media_ids if m in self.media]
            if media_keys:
                short = self._tco()
                stored = f"{stored} {short}" if stored else short
                urls.append({
                    "start": len(stored) - len(short), "end": len(stored), "url": short,
                    "expanded_url": f"https://x.com/{author.username}/status/{tid}/photo/1",
                    "display_url": "pic.x.com/" + short.rsplit("/", 1)[1],
                    "media_key": media_keys[0],
                })
            tweet = XTweet(
                id=tid, author_id=author.id, text=stored, original_text=text,
                created_at=self.now() if created_at is None else created_at,
                conversation_id=parent.conversation_id if parent else tid,
                in_reply_to_user_id=parent.author_id if parent else None,
                referenced_tweets=[{"type": "replied_to", "id": parent.id}] if parent else [],
                urls=urls, media_ids=list(media_ids), media_keys=media_keys,
            )
            self.tweets[tid] = tweet
            return tweet

    # ------------------------------------------------------------------ rendering
    def _entities(self, t: XTweet) -> dict[str, Any]:
        ent: dict[str, Any] = {}
        if t.urls:
            ent["urls"] = [dict(u) for u in t.urls]
        mentions = []
        for m in _MENTION_RE.finditer(t.text):
            item: dict[str, Any] = {"start": m.start(), "end": m.end(), "username": m.group(1)}
            user = self.find_user(m.group(1))
            if user is not None:
                item["id"] = user.id
            mentions.append(item)
        if mentions:
            ent["mentions"] = mentions
        tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)}
                for m in _HASHTAG_RE.finditer(t.text)
                if not any(u["start"] <= m.start() < u["end"] for u in t.urls)]
        if tags:
            ent["hashtags"] = tags
        return ent

    def render_tweet(self, t: XTweet, fields: Iterable[str] = ()) -> dict[str, Any]:
        """A Tweet object as v2 returns it: id, text, edit_history_tweet_ids + requested fields."""
        out: dict[str, Any] = {"id": t.id, "text": escaped(t.text),
                               "edit_history_tweet_ids": [t.id]}
        wanted = set(fields)
        if "created_at" in wanted:
            out["created_at"] = iso(t.created_at)
        if "author_id" in wanted:
            out["author_id"] = t.author_id
        if "conversation_id" in wanted:
            out["conversation_id"] = t.conversation_id
        if "in_reply_to_user_id" in wanted and t.in_reply_to_user_id:
            out["in_reply_to_user_id"] = t.in_reply_to_user_id
        if "referenced_tweets" in wanted and t.referenced_tweets:
            out["referenced_tweets"] = [dict(r) for r in t.referenced_tweets]
        if "entities" in wanted:
            ent = self._entities(t)
            if ent:
                out["entities"] = ent
        if "attachments" in wanted and t.media_keys:
            out["attachments"] = {"media_keys": list(t.media_keys)}
        if "lang" in wanted:
            out["lang"] = "nl"
        if "public_metrics" in wanted:
            replies = sum(1 for o in self.tweets.values()
                          if not o.deleted and o.in_reply_to_tweet_id == t.id)
            out["public_metrics"] = {"retweet_count": 0, "reply_count": replies, "like_count": 0,
                                     "quote_count": 0, "bookmark_count": 0, "impression_count": 0}
        return out

    def _includes(self, req: Request, tweets: list[XTweet]) -> dict[str, Any]:
        expansions = set(_csv(req, "expansions"))
        user_fields = _csv(req, "user.fields")
        includes: dict[str, Any] = {}
        users: dict[str, dict[str, Any]] = {}
        if "author_id" in expansions:
            for t in tweets:
                if t.author_id in self.users:
                    users[t.author_id] = self.users[t.author_id].render(user_fields)
        if "in_reply_to_user_id" in expansions:
            for t in tweets:
                if t.in_reply_to_user_id in self.users:
                    users[t.in_reply_to_user_id] = self.users[t.in_reply_to_user_id].render(
                        user_fields)
        if users:
            includes["users"] = list(users.values())
        if "referenced_tweets.id" in expansions:
            refs = [self.tweets[r["id"]] for t in tweets for r in t.referenced_tweets
                    if r["id"] in self.tweets and not self.tweets[r["id"]].deleted]
            if refs:
                includes["tweets"] = [self.render_tweet(r, _csv(req, "tweet.fields")) for r in refs]
        if "attachments.media_keys" in expansions:
            media_fields = set(_csv(req, "media.fields"))
            items = []
            for t in tweets:
                for mid in t.media_ids:
                    m = self.media.get(mid)
                    if m is None:
                        continue
                    item: dict[str, Any] = {"media_key": m.media_key, "type": "photo"}
                    if "alt_text" in media_fields and m.alt_text:
                        item["alt_text"] = m.alt_text
                    if "url" in media_fields:
                        item["url"] = f"https://pbs.twimg.com/media/{m.id}.jpg"
                    items.append(item)
            if items:
                includes["media"] = items
        return includes

    # ------------------------------------------------------------------ authentication
    def _signed_bases(self) -> list[str]:
        bases = [self.signed_base] if isinstance(self.signed_base, str) else list(self.signed_base)
        return [b.rstrip("/") for b in bases] + [self.base_url]

    def _oauth_params(self, req: Request) -> dict[str, str] | None:
        header = req.header("Authorization") or ""
        if not header.startswith("OAuth "):
            return None
        try:  # the header's values are percent-encoded (RFC 5849 §3.5.1)
            return {k: oauth_utils.unescape(v)
                    for k, v in oauth_utils.parse_authorization_header(header)}
        except ValueError:
            return None

    def _signature_ok(self, req: Request, params: dict[str, str], consumer_secret: str,
                      token_secret: str) -> bool:
        """HMAC-SHA1 check per RFC 5849 §3.4, over each URL the client may have signed."""
        if params.get("oauth_signature_method") != "HMAC-SHA1" or "oauth_signature" not in params:
            return False
        pairs = [(k, v) for k, values in req.query.items() for v in values]
        if req.content_type == "application/x-www-form-urlencoded":
            pairs += [(k, v) for k, values in req.form().items() for v in values]
        pairs += [(k, v) for k, v in params.items() if k not in ("oauth_signature", "realm")]
        normalized = oauth_signature.normalize_parameters(pairs)
        path = urllib.parse.quote(req.path, safe="/~")
        for base in self._signed_bases():
            uri = oauth_signature.base_string_uri(base + path)
            base_string = oauth_signature.signature_base_string(req.method, uri, normalized)
            key = f"{oauth_utils.escape(consumer_secret)}&{oauth_utils.escape(token_secret)}"
            digest = hmac.new(key.encode(), base_string.encode(), "sha1").digest()
            expected = base64.b64encode(digest).decode()
            if hmac.compare_digest(expected, params["oauth_signature"]):
                return True
        return False

    def _authenticate(self, req: Request) -> _Auth | None:
        header = req.header("Authorization") or ""
        if header.startswith("Bearer "):
            return _Auth(None, None) if header[len("Bearer "):] in self.bearer_tokens else None
        params = self._oauth_params(req)
        if params is None:
            return None
        consumer_secret = self.apps.get(params.get("oauth_consumer_key", ""))
        with self._state_lock:
            token = self._tokens.get(params.get("oauth_token", ""))
        if consumer_secret is None or token is None:
            return None
        secret, user_id, consumer_key = token
        if consumer_key != params["oauth_consumer_key"]:
            return None
        if not self._signature_ok(req, params, consumer_secret, secret):
            return None
        return _Auth(consumer_key, self.users[user_id])

    # ------------------------------------------------------------------ rate limits
    def _window(self, key: str, who: str) -> _Window:
        now = self.now()
        window = self._windows.get((key, who))
        if window is None or window.reset <= now:
            window = _Window(reset=int(now) + RATE_WINDOW, remaining=self.rate_limits.get(key, 900))
            self._windows[(key, who)] = window
        return window

    def _rate_headers(self, key: str, window: _Window) -> dict[str, str]:
        return {"x-rate-limit-limit": str(self.rate_limits.get(key, 900)),
                "x-rate-limit-remaining": str(max(window.remaining, 0)),
                "x-rate-limit-reset": str(int(window.reset))}

    def exhaust(self, key: str, username: str | None = None) -> None:
        """Use up a rate-limit window (``key`` like ``"POST /2/tweets"``): a real 429 follows."""
        with self._state_lock:
            self._window(key, self._user(username).id).remaining = 0

    # ------------------------------------------------------------------ routing
    def _api(self, method: str, pattern: str, key: str,
             fn: Callable[[Request, _Auth], Response], *, user_context: bool = True) -> None:
        def handler(req: Request) -> Response:
            auth = self._authenticate(req)
            if auth is None:
                return json_response(unauthorized_body(), 401,
                                     {"Content-Type": "application/problem+json"})
            if user_context and auth.user is None:
                return json_response(unsupported_auth_body(), 403)
            who = auth.user.id if auth.user else "app"
            with self._state_lock:
                window = self._window(key, who)
                if window.remaining <= 0:
                    return json_response(problem(429), 429, self._rate_headers(key, window))
                window.remaining -= 1
                headers = self._rate_headers(key, window)
            resp = fn(req, auth)
            for name, value in headers.items():
                resp.headers.setdefault(name, value)
            return resp

        self.route(method, pattern, handler)
        self._rate_routes.append((method, re.compile(pattern), key))

    def _routes_setup(self) -> None:
        self._rate_routes: list[tuple[str, re.Pattern[str], str]] = []
        num = r"(?P<id>\d{1,19})"
        self._api("GET", r"/2/users/me", "GET /2/users/me", self._get_me)
        self._api("GET", rf"/2/users/{num}/tweets", "GET /2/users/:id/tweets",
                  self._get_user_tweets, user_context=False)
        self._api("GET", rf"/2/users/{num}/mentions", "GET /2/users/:id/mentions",
                  self._get_mentions, user_context=False)
        self._api("GET", r"/2/tweets/search/recent", "GET /2/tweets/search/recent", self._search,
                  user_context=False)
        self._api("GET", rf"/2/tweets/{num}", "GET /2/tweets/:id", self._get_tweet,
                  user_context=False)
        self._api("DELETE", rf"/2/tweets/{num}", "DELETE /2/tweets/:id", self._delete_tweet)
        self._api("POST", r"/2/tweets", "POST /2/tweets", self._create_tweet)
        self._api("POST", r"/2/media/upload", "POST /2/media/upload", self._upload)
        self._api("POST", r"/2/media/metadata/create", "POST /2/media/metadata/create",
                  self._metadata_create)
        self._api("POST", r"/2/media/metadata", "POST /2/media/metadata", self._metadata)
        self.route("POST", r"/oauth/request_token", self._request_token)
        self.route("GET", r"/oauth/(authorize|authenticate)", self._authorize_page)
        self.route("POST", r"/oauth/access_token", self._access_token)
        self.route("POST", r"/1\.1/oauth/invalidate_token(\.json)?", self._invalidate_token)

    # ------------------------------------------------------------------ hooks
    def finalize(self, req: Request, resp: Response) -> Response:
        """Rate-limit headers on every /2/ answer (except 401s, which carry none on X)."""
        resp.headers.setdefault("api-version", "2.150")
        if not req.path.startswith("/2/") or resp.status == 401:
            return resp
        if "x-rate-limit-reset" in resp.headers:
            return resp
        key = next((k for m, p, k in self._rate_routes
                    if m == req.method and p.fullmatch(req.path)), None)
        if key is None:
            return resp
        with self._state_lock:
            params = self._oauth_params(req) or {}
            token = self._tokens.get(params.get("oauth_token", ""))
            window = self._window(key, token[1] if token else "app")
            headers = self._rate_headers(key, window)
        if resp.status == 429:   # an injected 429: nothing left, reset a few seconds ahead
            headers["x-rate-limit-remaining"] = "0"
            headers["x-rate-limit-reset"] = str(int(self.now()) + self.fault_reset_after)
        for name, value in headers.items():
            resp.headers.setdefault(name, value)
        return resp

    def _invalidate_token(self, req: Request) -> Response:
        """POST oauth/invalidate_token: the token that signed the request stops working."""
        params = self._oauth_params(req) or {}
        if self._authenticate(req) is None:
            return json_response({"errors": [{"code": 89, "message": "Invalid or expired token."}]},
                                 401)
        token = params["oauth_token"]
        self.revoke(token)
        return json_response({"access_token": token})

    def error_body(self, req: Request, status: int) -> Any:
        if status == 401:
            return unauthorized_body()
        if req.path.startswith("/oauth/"):
            return {"errors": [{"code": 131, "message": "Internal error"}]}
        return problem(status)

    def not_found(self, req: Request) -> Response:
        return json_response(problem(404, "Sorry, that page does not exist"), 404)

    # ------------------------------------------------------------------ users
    def _get_me(self, req: Request, auth: _Auth) -> Response:
        assert auth.user is not None
        return json_response({"data": auth.user.render(_csv(req, "user.fields"))})

    # ------------------------------------------------------------------ timelines
    def _page(self, req: Request, items: list[XTweet], *, lo: int, hi: int, default: int,
              token_param: str) -> Response:
        """Newest first, ``max_results`` per page, ``meta`` as X sends it."""
        items = sorted(items, key=lambda t: -int(t.id))
        try:
            items = _filter_ids_and_times(req, items)
        except ValueError as exc:
            return json_response(invalid_request_body(str(exc)), 400)
        raw_max = req.param("max_results")
        try:
            max_results = default if raw_max is None else int(raw_max)
        except ValueError:
            max_results = -1
        if not lo <= max_results <= hi:
            return json_response(invalid_request_body(
                f"The `max_results` query parameter value [{raw_max}] is not between {lo} and {hi}",
                {"max_results": [str(raw_max)]}), 400)
        token = req.param(token_param)
        if token is not None:
            start = _decode_token(token)
            if start is None:
                return json_response(invalid_request_body(
                    f"The `{token_param}` query parameter value [{token}] is not valid",
                    {token_param: [token]}), 400)
            items = [t for t in items if int(t.id) <= start]
        page, rest = items[:max_results], items[max_results:]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if rest:
            meta["next_token"] = _encode_token(int(rest[0].id))
        body: dict[str, Any] = {}
        fields = _tweet_fields(req)
        if page:
            body["data"] = [self.render_tweet(t, fields) for t in page]
            includes = self._includes(req, page)
            if includes:
                body["includes"] = includes
        body["meta"] = meta
        return json_response(body)

    def _get_user_tweets(self, req: Request, auth: _Auth) -> Response:
        assert req.match is not None
        uid = req.match["id"]
        if uid not in self.users:
            return json_response({"errors": [not_found_item("user", uid)]})
        exclude = set(_csv(req, "exclude"))
        with self._state_lock:
            items = [t for t in self.tweets.values() if t.author_id == uid and not t.deleted
                     and not ("replies" in exclude and t.in_reply_to_user_id)]
        return self._page(req, items, lo=5, hi=100, default=10, token_param="pagination_token")

    def _get_mentions(self, req: Request, auth: _Auth) -> Response:
        assert req.match is not None
        uid = req.match["id"]
        user = self.users.get(uid)
        if user is None:
            return json_response({"errors": [not_found_item("user", uid)]})
        pattern = re.compile(rf"(?<![\w@])@{re.escape(user.username)}\b", re.IGNORECASE)
        with self._state_lock:
            items = [t for t in self.tweets.values()
                     if not t.deleted and pattern.search(t.text)]
        return self._page(req, items, lo=5, hi=100, default=10, token_param="pagination_token")

    def _search(self, req: Request, auth: _Auth) -> Response:
        if not self.search_enabled:
            return json_response(client_not_enrolled_body(self.client_id), 403)
        query = req.param("query")
        if not query:
            return json_response(invalid_request_body(
                "The `query` query parameter can not be empty", {"query": [""]}), 400)
        try:
            match = self._compile_query(query)
        except ValueError as exc:
            return json_response(invalid_request_body(str(exc), {"query": [query]}), 400)
        week_ago = self.now() - 7 * 86400
        with self._state_lock:
            items = [t for t in self.tweets.values()
                     if not t.deleted and t.created_at >= week_ago and match(t)]
        return self._page(req, items, lo=10, hi=100, default=10, token_param="next_token")

    def _compile_query(self, query: str) -> Callable[[XTweet], bool]:
        """A small subset of the search syntax: words and "phrases" (AND), -negation,
        from:, to:, @user, conversation_id:, in_reply_to_tweet_id:, is:reply (other is:/has:/lang:
        operators are accepted and ignored)."""
        terms: list[tuple[str, str, bool]] = []   # (kind, value, negated)
        for raw in re.findall(r'-?"[^"]*"|\S+', query):
            negate = raw.startswith("-")
            term = raw[1:] if negate else raw
            op, _, value = term.partition(":")
            if term.startswith('"'):
                terms.append(("text", term.strip('"').lower(), negate))
            elif value and op in ("from", "to", "conversation_id", "in_reply_to_tweet_id"):
                terms.append((op, value, negate))
            elif op == "is" and value == "reply":
                terms.append(("reply", "", negate))
            elif value and op in ("is", "has", "lang", "place", "url"):
                continue
            elif term.upper() == "OR" or "(" in term:
                raise ValueError("the fake's search supports no OR and no grouping")
            else:
                terms.append(("text", term.lower(), negate))

        def match(t: XTweet) -> bool:
            return all(self._term_matches(t, kind, value) != negated
                       for kind, value, negated in terms)

        return match

    def _term_matches(self, t: XTweet, kind: str, value: str) -> bool:
        if kind == "from":
            return self._is_user(t.author_id, value)
        if kind == "to":
            return t.in_reply_to_user_id is not None and self._is_user(t.in_reply_to_user_id, value)
        if kind == "conversation_id":
            return t.conversation_id == value
        if kind == "in_reply_to_tweet_id":
            return t.in_reply_to_tweet_id == value
        if kind == "reply":
            return bool(t.referenced_tweets)
        return value in self._searchable(t)

    def _searchable(self, t: XTweet) -> str:
        return (t.text + " " + " ".join(u["expanded_url"] for u in t.urls)).lower()

    def _is_user(self, user_id: str, name: str) -> bool:
        user = self.users.get(user_id)
        return user is not None and (user.username.lower() == name.lstrip("@").lower()
                                     or user.id == name)

    # ------------------------------------------------------------------ single Tweets
    def _get_tweet(self, req: Request, auth: _Auth) -> Response:
        assert req.match is not None
        tid = req.match["id"]
        t = self.tweets.get(tid)
        if t is None or t.deleted:
            # X answers 200 with an errors list for a missing Tweet.
            return json_response({"errors": [not_found_item("tweet", tid)]})
        body: dict[str, Any] = {"data": self.render_tweet(t, _tweet_fields(req))}
        includes = self._includes(req, [t])
        if includes:
            body["includes"] = includes
        return json_response(body)

    def _delete_tweet(self, req: Request, auth: _Auth) -> Response:
        assert req.match is not None and auth.user is not None
        tid = req.match["id"]
        with self._state_lock:
            t = self.tweets.get(tid)
            if t is not None and not t.deleted and t.author_id != auth.user.id:
                # Not recorded: deleting someone else's Tweet. The wording is the fake's own.
                return json_response(problem(
                    403, "You are not authorized to delete this Tweet."), 403)
            # Not recorded: what X answers for an unknown id. The fake says deleted: false.
            deleted = t is not None and not t.deleted
            if t is not None:
                t.deleted = True
        return json_response({"data": {"deleted": deleted}})

    def _create_tweet(self, req: Request, auth: _Auth) -> Response:
        author = auth.user
        assert author is not None
        try:
            body = req.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return json_response(invalid_request_body("Request body must be a JSON object"), 400)
        text = body.get("text")
        media = (body.get("media") or {}).get("media_ids") or []
        reply = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if text is not None and not isinstance(text, str):
            return json_response(invalid_request_body("`text` must be a string"), 400)
        if not text and not media:
            return json_response(invalid_request_body(
                "Post text or media is required"), 400)
        text = text or ""
        with self._state_lock:
            media_ids = [str(m) for m in media]
            if len(media_ids) > MAX_IMAGES or any(
                    m not in self.media or self.media[m].owner_id != author.id for m in media_ids):
                return json_response(invalid_request_body(
                    "Your media IDs are invalid.", {"media.media_ids": media_ids}), 400)
            parent = None
            if reply is not None:
                parent = self.tweets.get(str(reply))
                if parent is None or parent.deleted:
                    # Not recorded; the wording follows what X is reported to send.
                    return json_response(problem(
                        403, "You attempted to reply to a Tweet that is deleted or not visible to "
                             "you."), 403)
            if weighted_length(text) > TWEET_MAX_WEIGHT:
                # Not recorded; X answers a too-long text with a 403 of this wording
                # (tweepy/tweepy#2197 shows the 403). See twitter-text for the counting rules.
                return json_response(problem(
                    403, "Your Tweet text is too long. For more information on how Twitter "
                         "determines text length see https://github.com/twitter/twitter-text."),
                    403)
            since = self.now() - self.duplicate_window
            if text.strip() and any(
                    t.author_id == author.id and not t.deleted and t.created_at >= since
                    and t.original_text.strip() == text.strip() for t in self.tweets.values()):
                return json_response(duplicate_body(), 403)
            tweet = self._store_tweet(author, text, parent, media_ids)
        return json_response(
            {"data": {"id": tweet.id, "text": escaped(tweet.text),
                      "edit_history_tweet_ids": [tweet.id]}},
            201, {"location": f"{TWITTER_API}/2/tweets/{tweet.id}"})

    # ------------------------------------------------------------------ media
    def _upload(self, req: Request, auth: _Auth) -> Response:
        """``POST /2/media/upload``, the one-shot ("simple") upload of docs.x.com/x-api/media/
        upload-media: multipart/form-data with the raw bytes in ``media`` and ``media_category``
        (tweet_image, dm_image, subtitles), optional ``media_type``; or a JSON body with ``media``
        base64-encoded. Answer 200 ``{"data": {id, media_key, size, expires_after_secs}}``.
        The chunked INIT/APPEND/FINALIZE flow (``/2/media/upload/initialize`` …) is not faked."""
        assert auth.user is not None
        data: bytes | None = None
        fields: dict[str, str] = {}
        content_type = ""
        if req.content_type == "multipart/form-data":
            try:
                parts = parse_multipart(req.header("Content-Type") or "", req.body)
            except ValueError:
                parts = []
            for part in parts:
                if part.name == "media":
                    data, content_type = part.data, part.content_type
                else:
                    fields[part.name] = part.data.decode("utf-8", "replace")
        elif req.content_type == "application/json":
            try:
                body = req.json()
                data = base64.b64decode(body["media"], validate=True)
                fields = {k: str(v) for k, v in body.items() if k != "media"}
            except (ValueError, KeyError, TypeError):
                data = None
        if data is None:
            return json_response(invalid_request_body(
                "The `media` field is required", {"media": []}), 400)
        if "command" in req.query or "command" in fields:
            return json_response(invalid_request_body(
                "The fake supports only the one-shot upload (no `command`)"), 400)
        category = fields.get("media_category", "").lower()
        if category not in ("tweet_image", "dm_image", "subtitles"):
            return json_response(invalid_request_body(
                f"The `media_category` value [{fields.get('media_category', '')}] is not one of "
                "[tweet_image, dm_image, subtitles]", {"media_category": [category]}), 400)
        media_type = fields.get("media_type") or content_type or _sniff(data)
        if category != "subtitles" and len(data) > IMAGE_MAX_BYTES:
            return json_response(invalid_request_body(
                f"File size exceeds {IMAGE_MAX_BYTES} bytes.", {"media": [f"{len(data)} bytes"]}),
                400)
        with self._state_lock:
            mid = self._next_id()
            media = XMedia(mid, f"3_{mid}", auth.user.id, len(data), media_type, category, data,
                           created_at=self.now())
            self.media[mid] = media
        return json_response({"data": {"id": mid, "media_key": media.media_key,
                                       "size": media.size, "expires_after_secs": 86400}})

    def _set_alt_text(self, auth: _Auth, media_id: Any, alt: Any) -> Response:
        assert auth.user is not None
        mid = str(media_id) if media_id is not None else ""
        media = self.media.get(mid)
        if media is None or media.owner_id != auth.user.id:
            return json_response(invalid_request_body(
                f"The media id [{mid}] is not valid", {"id": [mid]}), 400)
        if not isinstance(alt, dict) or not isinstance(alt.get("text"), str):
            return json_response(invalid_request_body(
                "alt_text.text is required", {"alt_text": []}), 400)
        if len(alt["text"]) > ALT_TEXT_MAX:
            return json_response(invalid_request_body(
                f"alt_text.text is longer than {ALT_TEXT_MAX} characters",
                {"alt_text.text": [str(len(alt["text"]))]}), 400)
        with self._state_lock:
            media.alt_text = alt["text"]
        return json_response({"data": {"id": mid,
                                       "associated_metadata": {"alt_text": {"text": alt["text"]}}}})

    def _metadata_create(self, req: Request, auth: _Auth) -> Response:
        """``POST /2/media/metadata/create`` (docs.x.com/x-api/media/media-metadata-create):
        JSON ``{"media_id": ..., "alt_text": {"text": ...}}``."""
        body = _json_object(req)
        if body is None or "media_id" not in body:
            return json_response(invalid_request_body(
                "The `media_id` field is required (this endpoint takes {media_id, alt_text}; "
                "{id, metadata} belongs to POST /2/media/metadata)", {"media_id": []}), 400)
        return self._set_alt_text(auth, body["media_id"], body.get("alt_text"))

    def _metadata(self, req: Request, auth: _Auth) -> Response:
        """``POST /2/media/metadata`` (docs.x.com/x-api/media/create-media-metadata):
        JSON ``{"id": ..., "metadata": {"alt_text": {"text": ...}}}``."""
        body = _json_object(req)
        if body is None or "id" not in body:
            return json_response(invalid_request_body(
                "The `id` field is required", {"id": []}), 400)
        metadata = body.get("metadata") or {}
        return self._set_alt_text(auth, body["id"], metadata.get("alt_text"))

    # ------------------------------------------------------------------ OAuth 1.0a PIN flow
    def _oauth_error(self, status: int, text: str) -> Response:
        return Response(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})

    def _request_token(self, req: Request) -> Response:
        params = self._oauth_params(req) or {}
        secret = self.apps.get(params.get("oauth_consumer_key", ""))
        if secret is None or not self._signature_ok(req, params, secret, ""):
            return json_response(
                {"errors": [{"code": 32, "message": "Could not authenticate you."}]}, 401)
        callback = params.get("oauth_callback", "")
        if not callback:
            return json_response({"errors": [{"code": 417, "message":
                                             "Desktop applications only support the oauth_callback "
                                             "value 'oob'"}]}, 403)
        with self._state_lock:
            rt = _RequestToken(self._random_token(27), self._random_token(32),
                               params["oauth_consumer_key"], callback,
                               verifier="".join(self._rng.choice(string.digits) for _ in range(7)))
            self._request_tokens[rt.token] = rt
        body = urllib.parse.urlencode({"oauth_token": rt.token, "oauth_token_secret": rt.secret,
                                       "oauth_callback_confirmed": "true"})
        return Response(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _authorize_page(self, req: Request) -> Response:
        """What the user's browser shows: the PIN (the main user authorizes)."""
        token = req.param("oauth_token") or ""
        if token not in self._request_tokens:
            return Response(400, b"<p>Invalid request token.</p>",
                            {"Content-Type": "text/html; charset=utf-8"})
        pin = self.pin_for(token)
        page = f"<p>Next, return to the app and enter this code:</p><code>{pin}</code>"
        return Response(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _access_token(self, req: Request) -> Response:
        params = self._oauth_params(req) or {}
        with self._state_lock:
            rt = self._request_tokens.get(params.get("oauth_token", ""))
            secret = self.apps.get(params.get("oauth_consumer_key", ""))
            if (rt is None or secret is None or rt.consumer_key != params["oauth_consumer_key"]
                    or not self._signature_ok(req, params, secret, rt.secret)):
                return self._oauth_error(401, "Invalid request token.")
            verifier = params.get("oauth_verifier") or req.param("oauth_verifier")
            if rt.user_id is None or verifier != rt.verifier:
                return self._oauth_error(
                    401, "Error processing your OAuth request: Invalid oauth_verifier parameter")
            del self._request_tokens[rt.token]   # a request token is good for one exchange
            user = self.users[rt.user_id]
            token, token_secret = self._issue_access_token(user.id, rt.consumer_key)
        body = urllib.parse.urlencode({"oauth_token": token, "oauth_token_secret": token_secret,
                                       "user_id": user.id, "screen_name": user.username})
        return Response(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


# ----------------------------------------------------------------------------------- small helpers
def _csv(req: Request, name: str) -> list[str]:
    return [v for raw in req.query.get(name, []) for v in raw.split(",") if v]


def _tweet_fields(req: Request) -> list[str]:
    """``tweet.fields`` plus the fields an expansion implies (X adds ``author_id`` to each Tweet
    when ``expansions=author_id``, and so on)."""
    implied = {"author_id": "author_id", "in_reply_to_user_id": "in_reply_to_user_id",
               "referenced_tweets.id": "referenced_tweets",
               "attachments.media_keys": "attachments"}
    return _csv(req, "tweet.fields") + [implied[e] for e in _csv(req, "expansions") if e in implied]


def _json_object(req: Request) -> dict[str, Any] | None:
    try:
        body = req.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


_TOKEN_PREFIX = "7140dibdnow9c7btw4"   # real tokens start like this (recordings); the rest is ours


def _encode_token(tweet_id: int) -> str:
    digits = string.digits + string.ascii_lowercase
    out = ""
    while tweet_id:
        tweet_id, r = divmod(tweet_id, 36)
        out = digits[r] + out
    return _TOKEN_PREFIX + (out or "0")


def _decode_token(token: str) -> int | None:
    if not token.startswith(_TOKEN_PREFIX):
        return None
    try:
        return int(token[len(_TOKEN_PREFIX):], 36)
    except ValueError:
        return None


def _filter_ids_and_times(req: Request, items: list[XTweet]) -> list[XTweet]:
    since, until = req.param("since_id"), req.param("until_id")
    start, end = req.param("start_time"), req.param("end_time")
    for name, value in (("since_id", since), ("until_id", until)):
        if value is not None and not value.isdigit():
            raise ValueError(f"The `{name}` query parameter value [{value}] is not valid")
    if since is not None:
        items = [t for t in items if int(t.id) > int(since)]
    if until is not None:
        items = [t for t in items if int(t.id) < int(until)]
    try:
        if start is not None:
            items = [t for t in items if t.created_at >= parse_iso(start)]
        if end is not None:
            items = [t for t in items if t.created_at <= parse_iso(end)]
    except ValueError:
        raise ValueError("The `start_time`/`end_time` value is not a valid ISO 8601 time") from None
    return items


def _sniff(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


# ----------------------------------------------------------------------------------- the adapter
class RedirectAdapter(HTTPAdapter):
    """Send requests for ``prefix`` to ``base`` instead, with a default timeout.

    Mount it on a session for the prefix it rewrites::

        session.mount("https://api.twitter.com/", RedirectAdapter("http://127.0.0.1:8123"))

    OAuth 1.0a signing happens before ``send`` (in ``Session.prepare_request``), so the signature
    stays over the original URL. tweepy's Client passes no timeout; the adapter's ``timeout``
    (seconds, or a (connect, read) tuple) applies whenever the caller gave none. Proxies from the
    environment are not used for the rewritten URL.
    """

    def __init__(self, base: str, *, prefix: str = TWITTER_API + "/",
                 timeout: float | tuple[float, float] = 10.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base.rstrip("/")
        self.prefix = prefix.rstrip("/")
        self.timeout = timeout

    def rewrite(self, url: str) -> str:
        """``url`` with the prefix replaced by the base; other URLs unchanged."""
        if url == self.prefix or url.startswith((self.prefix + "/", self.prefix + "?")):
            return self.base + url[len(self.prefix):]
        return url

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: float | tuple[float | None, float | None] | None = None,
             verify: bool | str = True, cert: Any = None,
             proxies: Any = None) -> requests.Response:
        url = self.rewrite(request.url or "")
        if url != request.url:
            request.url = url
            proxies = {}
        return super().send(request, stream=stream,
                            timeout=self.timeout if timeout is None else timeout,
                            verify=verify, cert=cert, proxies=proxies)


def redirect(session: requests.Session, base: str, *, timeout: float | tuple[float, float] = 10.0,
             prefix: str = TWITTER_API + "/") -> RedirectAdapter:
    """Mount a :class:`RedirectAdapter` on ``session`` (e.g. ``client.session``) and return it."""
    adapter = RedirectAdapter(base, prefix=prefix, timeout=timeout)
    session.mount(prefix, adapter)
    return adapter
