"""A local Mastodon server that the real Mastodon.py client can talk to.

Shapes follow the recorded traffic of a real Mastodon 4.6.4 server (Mastodon.py
``tests/cassettes``, commit b9f2effbb5a9f07ebca3807466f4130e69b1614c, MIT; the bodies this fake
starts from are copied to ``tests/fakes/data/mastodon/``). Where nothing was recorded, the fake
follows the official API documentation (docs.joinmastodon.org, repository mastodon/documentation:
``methods/statuses.md``, ``methods/media.md``, ``methods/notifications.md``, ``methods/oauth.md``)
and says so in a comment.

Usage::

    with FakeMastodon(username="voorbeeldwijk") as server:
        api = Mastodon(access_token=server.token_for("voorbeeldwijk"),
                       api_base_url=server.base_url, ratelimit_method="throw")
        api.status_post("Hallo wijk!")
        assert server.statuses_of("voorbeeldwijk")[0]["content"] == "<p>Hallo wijk!</p>"

Faults (see :class:`tests.fakes.common.FakeServer`): ``fail``, ``stall``, ``accept_then_drop``,
``delay_all``, ``kill`` (SIGKILL the client at a request). An injected 429 carries
``X-RateLimit-*`` headers with a reset a few seconds ahead
(:attr:`FakeMastodon.ratelimit_reset_after`).

:attr:`FakeMastodon.status_posts` keeps every status POST with its headers and
``Idempotency-Key``, and whether it was answered with the status an earlier POST with that key
made (Mastodon keeps a key for an hour per account).
"""

from __future__ import annotations

import base64
import contextlib
import copy
import html
import itertools
import json
import re
import secrets
import unicodedata
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .common import FakeServer, HTTPError, Request, Response, UploadedFile, json_response

DATA = Path(__file__).resolve().parent / "data" / "mastodon"
OOB = "urn:ietf:wg:oauth:2.0:oob"
DEFAULT_SCOPES = ("read", "write", "follow", "push")
IDEMPOTENCY_TTL = 3600.0  # "Idempotency keys are stored for up to 1 hour" (methods/statuses.md)

# Messages of the real server (recorded where possible, else Mastodon's en.yml as documented).
ERR_TOKEN_INVALID = "The access token is invalid"  # test_unauthed_home_tl_throws.json
ERR_TOKEN_REVOKED = "The access token was revoked"
ERR_SCOPE = "This action is outside the authorized scopes"
ERR_NEEDS_USER = "This method requires an authenticated user"
ERR_RECORD_NOT_FOUND = "Record not found"  # test_account_lookup.json
ERR_NOT_FOUND = "Not Found"  # test_status_missing.json
ERR_TEXT_BLANK = "Validation failed: Text can't be blank"  # methods/statuses.md (422)
ERR_TOO_MANY_REQUESTS = "Too many requests"
ERR_REPLY_MISSING = "The post you are trying to reply to does not appear to exist."
ERR_MEDIA_NOT_READY = ("Cannot attach files that have not finished processing. "
                       "Try again in a moment!")
ERR_MEDIA_TOO_MANY = "Cannot attach more than 4 files"
ERR_MEDIA_TYPE = "Validation failed: File content type is invalid, File is invalid"  # media.md
BLURHASH = "UGC~-#M{0JfkNFofR%M{IURj%Mt7E0oM%MR*"  # test_media_post_file.json

# Rate limits of a stock server: (limit, period in seconds). Recorded: 300 per 5 minutes for the
# API in general, 300 per 3 hours for posting (reset on a 3-hour boundary), 30 per 30 minutes
# for deleting statuses (test_status_reply.json); media uploads 30 per 30 minutes (Rack::Attack).
RATE_LIMITS: dict[str, tuple[int, int]] = {
    "api": (300, 300),
    "statuses": (300, 3 * 3600),
    "delete_statuses": (30, 1800),
    "media": (30, 1800),
}

_URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_TOKEN_RE = re.compile(
    r"(?P<url>https?://[^\s<>\"]+)"
    r"|(?<![/\w])@(?P<user>[a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)(?:@(?P<domain>[\w.:-]*\w))?"
    r"|(?<![/)\w])#(?P<tag>\w*[^\W\d]\w*)",
    re.IGNORECASE,
)
_MENTION_DOMAIN_RE = re.compile(r"(?<![/\w])@([a-z0-9_]+)@[\w.-]*\w", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?'\")]"

SUPPORTED_MIME = {
    "image/jpeg": ("image", ".jpg"), "image/png": ("image", ".png"),
    "image/gif": ("gifv", ".gif"), "image/webp": ("image", ".webp"),
    "image/avif": ("image", ".avif"), "image/heic": ("image", ".heic"),
    "video/mp4": ("video", ".mp4"), "video/webm": ("video", ".webm"),
    "video/quicktime": ("video", ".mov"), "audio/mpeg": ("audio", ".mp3"),
    "audio/ogg": ("audio", ".ogg"), "audio/wav": ("audio", ".wav"),
}


def load_recorded(name: str) -> dict[str, Any]:
    """A recorded response from ``data/mastodon`` (``{"_provenance", "status", "headers",
    "json"}``)."""
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def iso(ts: float) -> str:
    """Mastodon's timestamps: ``2026-08-01T13:53:15.714Z``."""
    dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def status_length(text: str, spoiler_text: str = "") -> int:
    """Count like Mastodon's StatusLengthValidator (approximately): a URL counts as 23
    characters, ``@user@domain`` as ``@user``, grapheme clusters as one."""
    countable = _URL_RE.sub("x" * 23, text)
    countable = _MENTION_DOMAIN_RE.sub(r"@\1", countable)
    return grapheme_len(countable) + grapheme_len(spoiler_text)


def grapheme_len(text: str) -> int:
    """Approximate extended-grapheme-cluster count (ZWJ sequences, modifiers, flags, CRLF)."""
    count = 0
    joined = False
    flag_open = False
    previous = ""
    for ch in text:
        cp = ord(ch)
        if joined:  # the character after a ZWJ belongs to the same cluster
            joined = False
        elif ch == "\u200d":
            joined = True
        elif (unicodedata.category(ch) in ("Mn", "Me", "Mc") or 0xFE00 <= cp <= 0xFE0F
              or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F
              or (ch == "\n" and previous == "\r")):
            pass  # extends the current cluster
        elif 0x1F1E6 <= cp <= 0x1F1FF:
            if flag_open:
                flag_open = False
            else:
                flag_open = True
                count += 1
            previous = ch
            continue
        else:
            count += 1
        flag_open = False
        previous = ch
    return count


def _esc(text: str) -> str:
    # Rails' html_escape: & < > " ' (the apostrophe as &#39;, as in test_home_tl.json)
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def _human_size(size: int) -> str:
    """Rails' number_to_human_size, enough for the limits (16 MB, 99 MB, 512 KB)."""
    units = ["Bytes", "KB", "MB", "GB"]
    value = float(size)
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    number = f"{value:.3g}"
    return f"{number} {units[unit]}"


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG, else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = int.from_bytes(data[i + 2:i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h = int.from_bytes(data[i + 5:i + 7], "big")
                w = int.from_bytes(data[i + 7:i + 9], "big")
                return w, h
            i += 2 + length
    return None


@dataclass
class FakeAccount:
    id: str
    username: str
    domain: str | None = None  # None: a local account
    display_name: str = ""
    note: str = ""
    bot: bool = False
    locked: bool = False
    created_at: float = 0.0
    followers_count: int = 0
    following_count: int = 0
    language: str | None = None  # source.language, the default for its posts
    email: str = ""

    @property
    def local(self) -> bool:
        return self.domain is None


@dataclass
class FakeToken:
    token: str
    account_id: str | None  # None: an app token (client_credentials)
    client_id: str
    scopes: list[str]
    created_at: int
    revoked: bool = False


@dataclass
class FakeMedia:
    json: dict[str, Any]
    account_id: str
    data: bytes
    mime_type: str
    path: str  # where its url is served
    status_id: str | None = None
    polls_left: int = 0  # GETs answered "still processing" (206) before it is ready

    @property
    def ready(self) -> bool:
        return self.json["url"] is not None


@dataclass
class _Code:
    account_id: str
    client_id: str | None
    scopes: list[str] | None
    redirect_uri: str | None
    used: bool = False


@dataclass
class _Bucket:
    window: int = -1
    count: int = 0


@dataclass
class _StatusMeta:
    account_id: str
    text: str
    application: dict[str, Any] | None
    media_ids: list[str] = field(default_factory=list)
    idempotency_key: str | None = None


@dataclass
class StatusPost:
    """One ``POST /api/v1/statuses`` that reached the handler (see
    :attr:`FakeMastodon.status_posts`): its headers, the ``Idempotency-Key`` it carried, the
    status it made or was answered with, and whether that answer was a replay of an earlier
    post with the same key (no new status)."""

    account_id: str | None
    headers: dict[str, str]
    idempotency_key: str | None
    text: str
    status_id: str | None  # None: refused (4xx)
    replayed: bool = False
    error: str | None = None


class FakeMastodon(FakeServer):
    """A fake Mastodon instance on 127.0.0.1.

    :param username: the local account wijkpost posts as.
    :param max_characters: ``configuration.statuses.max_characters`` (also settable later).
    :param version: what ``/api/v1/instance`` reports.
    :param media_async: ``None`` like a real 4.x server (images 200 at once, video/audio 202 with
        ``url: null``), ``True`` every upload 202, ``False`` every upload 200.
    :param media_polls: how many ``GET /api/v1/media/:id`` answer 206 (still processing) before
        an asynchronous upload is ready.
    """

    def __init__(self, username: str = "voorbeeldwijk", *, display_name: str = "Voorbeeldwijk",
                 max_characters: int = 500, version: str = "4.3.0", api_version: int = 2,
                 image_size_limit: int = 16 * 1024 * 1024,
                 video_size_limit: int = 99 * 1024 * 1024, description_limit: int = 1500,
                 media_async: bool | None = None, media_polls: int = 1,
                 title: str = "Mastodon") -> None:
        super().__init__()
        self.max_characters = max_characters
        self.version = version
        self.api_version = api_version
        self.image_size_limit = image_size_limit
        self.video_size_limit = video_size_limit
        self.description_limit = description_limit
        self.max_media_attachments = 4
        self.media_async = media_async
        self.media_polls = media_polls
        self.title = title
        self.rate_limits: dict[str, tuple[int, int]] = dict(RATE_LIMITS)
        self.ratelimit_reset_after = 3.0  # seconds ahead, on an injected 429

        self.accounts: dict[str, FakeAccount] = {}
        self.statuses: dict[str, dict[str, Any]] = {}  # id -> status JSON as stored
        self.media: dict[str, FakeMedia] = {}
        self.tokens: dict[str, FakeToken] = {}
        self.apps: dict[str, dict[str, Any]] = {}  # client_id -> app JSON (with secret)
        self.notifications: list[dict[str, Any]] = []  # oldest first, for the local user
        self.passwords: dict[str, str] = {}  # username -> password (password grant)
        self.authorize_as: str | None = None  # GET /oauth/authorize approves as this user
        self._meta: dict[str, _StatusMeta] = {}
        self._codes: dict[str, _Code] = {}
        self._idempotency: dict[tuple[str, str], tuple[str, float]] = {}
        # every status POST the handler saw, in order (after auth): headers, key, outcome
        self.status_posts: list[StatusPost] = []
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._last_id = 0
        self._notification_ids = itertools.count(1)
        self._app_ids = itertools.count(1)

        me = self.add_account(username, display_name=display_name)
        self.me_id: str = me.id
        self.default_app = self._register_app("wijkpost", list(DEFAULT_SCOPES), [OOB], None)
        self._routes_setup()

    # ================================================================ public helpers
    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def username(self) -> str:
        return self.accounts[self.me_id].username

    def new_id(self) -> str:
        """A snowflake-like id: milliseconds << 16 plus a sequence, strictly increasing."""
        with self.lock:
            candidate = int(self.now() * 1000) << 16
            self._last_id = max(candidate, self._last_id + 1)
            return str(self._last_id)

    def add_account(self, acct: str, *, display_name: str = "", note: str = "",
                    bot: bool = False, language: str | None = None) -> FakeAccount:
        """Create (or return) an account: ``"name"`` is local, ``"name@domain"`` remote."""
        username, _, domain = acct.lstrip("@").partition("@")
        with self.lock:
            found = self._find_account(username, domain or None)
            if found is not None:
                return found
            account = FakeAccount(
                id=self.new_id(), username=username, domain=domain or None,
                display_name=display_name, note=note, bot=bot, language=language,
                created_at=float(int(self.now()) // 86400 * 86400),
                email=f"{username}@example.org",
            )
            self.accounts[account.id] = account
            return account

    def account(self, acct: str) -> FakeAccount:
        username, _, domain = acct.lstrip("@").partition("@")
        found = self._find_account(username, domain or None)
        if found is None:
            raise KeyError(acct)
        return found

    def env_for(self, account: str, username: str | None = None) -> dict[str, str]:
        """The environment variables that give wijkpost's ``account`` a token for ``username``."""
        from wijkpost.credentials import env_prefix

        return {env_prefix(account) + "TOKEN": self.token_for(username)}

    def token_for(self, username: str | None = None, *,
                  scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES) -> str:
        """A valid access token for ``username`` (default: the local user), made directly."""
        account = self.account(username or self.username)
        return self._issue_token(account.id, self.default_app["client_id"], list(scopes))

    def issue_code(self, username: str | None = None, *, client_id: str | None = None,
                   scopes: list[str] | None = None, redirect_uri: str | None = None) -> str:
        """An authorization code, as if ``username`` approved the app at /oauth/authorize."""
        account = self.account(username or self.username)
        code = secrets.token_urlsafe(32)
        with self.lock:
            self._codes[code] = _Code(account.id, client_id, scopes, redirect_uri)
        return code

    def revoke_all_tokens(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True

    def status(self, status_id: str) -> dict[str, Any]:
        """A status as the API shows it to the local user."""
        with self.lock:
            return self._render(status_id, self.me_id)

    def posted_text(self, status_id: str) -> str:
        """A status's text as the client sent it (the API shows it only as HTML)."""
        with self.lock:
            return self._meta[status_id].text

    def idempotency_key_of(self, status_id: str) -> str | None:
        """The ``Idempotency-Key`` the status was created with (None: none was sent)."""
        with self.lock:
            return self._meta[status_id].idempotency_key

    def statuses_of(self, username: str | None = None) -> list[dict[str, Any]]:
        """The statuses of an account, oldest first (posting order), as the API shows them to
        the local user."""
        account = self.account(username or self.username)
        with self.lock:
            ids = sorted((sid for sid, meta in self._meta.items()
                          if meta.account_id == account.id), key=int)
            return [self._render(sid, self.me_id) for sid in ids]

    def add_status(self, acct: str, text: str, *, in_reply_to_id: str | None = None,
                   visibility: str = "public", language: str | None = None,
                   spoiler_text: str = "", sensitive: bool = False) -> dict[str, Any]:
        """Store a status by ``acct`` (local or remote) directly, without notifications;
        returns it as the API shows it to the local user."""
        account = self.add_account(acct)
        with self.lock:
            parent = self.statuses.get(in_reply_to_id) if in_reply_to_id else None
            if in_reply_to_id and parent is None:
                raise KeyError(in_reply_to_id)
            sid = self._create_status(account, text, parent=parent, media=[],
                                      visibility=visibility, language=language,
                                      spoiler_text=spoiler_text, sensitive=sensitive,
                                      application=None)
            return self._render(sid, self.me_id)

    def add_remote_status(self, from_acct: str, text: str, in_reply_to_id: str | None = None,
                          mention_us: bool = True, tags: tuple[str, ...] | list[str] = (),
                          *, visibility: str = "public", language: str | None = "nl",
                          spoiler_text: str = "") -> dict[str, Any]:
        """A post by someone else (``"anna@buurt.example"`` or a local ``"anna"``), as it
        arrives by federation: with ``mention_us`` the text starts with ``@username`` (added if
        missing) and the local user gets a ``mention`` notification, like the real server."""
        if mention_us and not re.search(rf"(?<![/\w])@{re.escape(self.username)}\b", text,
                                        re.IGNORECASE):
            text = f"@{self.username} {text}"
        for tag in tags:
            tag = tag.lstrip("#")
            if not re.search(rf"#{re.escape(tag)}\b", text, re.IGNORECASE):
                text = f"{text} #{tag}"
        status = self.add_status(from_acct, text, in_reply_to_id=in_reply_to_id,
                                 visibility=visibility, language=language,
                                 spoiler_text=spoiler_text)
        if mention_us:
            self.add_notification("mention", from_acct, status["id"])
        return status

    def add_notification(self, type_: str, from_acct: str,
                         status_id: str | None = None) -> dict[str, Any]:
        """A notification for the local user (``mention``, ``favourite``, ``reblog``,
        ``follow``, ...); shape of test_notifications.json."""
        account = self.add_account(from_acct)
        with self.lock:
            nid = str(next(self._notification_ids))
            notification: dict[str, Any] = {
                "id": nid, "type": type_, "created_at": iso(self.now()),
                "group_key": f"ungrouped-{nid}", "account_id": account.id,
                "status_id": status_id,
            }
            self.notifications.append(notification)
            return self._render_notification(notification)

    def finish_processing(self, media_id: str | None = None) -> None:
        """Make an asynchronous upload (or all) ready at once."""
        with self.lock:
            for mid, media in self.media.items():
                if media_id is None or mid == media_id:
                    media.polls_left = 0
                    self._make_ready(media)

    # ================================================================ hooks of FakeServer
    def error_body(self, req: Request, status: int) -> Any:
        messages = {401: ERR_TOKEN_INVALID, 404: ERR_NOT_FOUND, 429: ERR_TOO_MANY_REQUESTS,
                    422: "Validation failed", 500: "Internal Server Error",
                    503: "Service Unavailable"}
        return {"error": messages.get(status, "Error")}

    def not_found(self, req: Request) -> Response:
        return json_response({"error": ERR_NOT_FOUND}, 404)

    def finalize(self, req: Request, resp: Response) -> Response:
        resp.headers.setdefault("X-Request-Id", str(uuid.uuid4()))
        resp.headers.setdefault("Vary", "Authorization, Origin")
        family = self._rate_family(req)
        if family is None or "X-RateLimit-Limit" in resp.headers:
            return resp
        limit, period = self.rate_limits[family]
        now = self.now()
        with self.lock:
            bucket = self._buckets.get((family, self._rate_who(req)), _Bucket())
            used = bucket.count if bucket.window == int(now // period) else 0
        remaining = max(0, limit - used)
        reset = (int(now // period) + 1) * period + (now % 1)
        if resp.status == 429 and used <= limit:  # an injected 429: reset a few seconds ahead
            remaining, reset = 0, now + self.ratelimit_reset_after
        resp.headers["X-RateLimit-Limit"] = str(limit)
        resp.headers["X-RateLimit-Remaining"] = str(remaining)
        resp.headers["X-RateLimit-Reset"] = (
            datetime.fromtimestamp(reset, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        return resp

    def dispatch(self, req: Request) -> Response:
        family = self._rate_family(req)
        if family is not None:
            limit, period = self.rate_limits[family]
            window = int(self.now() // period)
            with self.lock:
                bucket = self._buckets.setdefault((family, self._rate_who(req)), _Bucket())
                if bucket.window != window:
                    bucket.window, bucket.count = window, 0
                bucket.count += 1
                exceeded = bucket.count > limit
            if exceeded:
                return json_response({"error": ERR_TOO_MANY_REQUESTS}, 429)
        return super().dispatch(req)

    # ================================================================ internals: accounts
    def _find_account(self, username: str, domain: str | None) -> FakeAccount | None:
        if domain is not None and self._httpd is not None and domain.lower() == self.host:
            domain = None
        for account in self.accounts.values():
            if account.username.lower() == username.lower() and (
                    (account.domain or "").lower() == (domain or "").lower()):
                return account
        return None

    def _acct(self, account: FakeAccount) -> str:
        return account.username if account.local else f"{account.username}@{account.domain}"

    def _account_url(self, account: FakeAccount) -> str:
        if account.local:
            return f"{self.base_url}/@{account.username}"
        return f"https://{account.domain}/@{account.username}"

    def _render_account(self, account: FakeAccount, *, credentials: bool = False
                        ) -> dict[str, Any]:
        # Key order and values of test_status_reply.json / test_verify_credentials.json.
        own = [m for m in self._meta.values() if m.account_id == account.id]
        last = max((int(sid) for sid, m in self._meta.items() if m.account_id == account.id),
                   default=None)
        if account.local:
            uri = f"{self.base_url}/ap/users/{account.id}"
            avatar = f"{self.base_url}/avatars/original/missing.png"
            header = f"{self.base_url}/headers/original/missing.png"
        else:
            uri = f"https://{account.domain}/users/{account.username}"
            avatar = f"https://{account.domain}/avatars/original/missing.png"
            header = f"https://{account.domain}/headers/original/missing.png"
        data: dict[str, Any] = {
            "id": account.id,
            "username": account.username,
            "acct": self._acct(account),
            "display_name": account.display_name,
            "locked": account.locked,
            "bot": account.bot,
            "discoverable": True,
            "indexable": True,
            "group": False,
            "created_at": iso(account.created_at),
            "note": f"<p>{_esc(account.note)}</p>" if account.note else "",
            "url": self._account_url(account),
            "uri": uri,
            "avatar": avatar,
            "avatar_static": avatar,
            "avatar_description": "",
            "header": header,
            "header_static": header,
            "header_description": "",
            "followers_count": account.followers_count,
            "following_count": account.following_count,
            "statuses_count": len(own),
            "last_status_at": (datetime.fromtimestamp((last >> 16) / 1000, UTC)
                               .strftime("%Y-%m-%d") if last else None),
            "hide_collections": None,
            "show_media": True,
            "show_media_replies": True,
            "show_featured": True,
            "noindex": False,
            "feature_approval": {"automatic": ["public"], "manual": [],
                                 "current_user": "automatic"},
            "emojis": [],
            "roles": [],
            "fields": [],
        }
        if credentials:
            source = {
                "privacy": "public", "sensitive": False, "language": account.language,
                "note": account.note, "fields": [], "follow_requests_count": 0,
                "hide_collections": None, "discoverable": True, "indexable": True,
                "attribution_domains": [], "quote_policy": "public",
            }
            items = list(data.items())
            at = [k for k, _ in items].index("emojis")
            data = dict([*items[:at], ("source", source), *items[at:]])
            data["role"] = {"id": "-99", "name": "", "permissions": "65536", "color": "",
                            "highlighted": False, "collection_limit": 10}
        return data

    # ================================================================ internals: auth
    def _bearer(self, req: Request) -> str | None:
        value = req.header("Authorization") or ""
        if value.lower().startswith("bearer "):
            return value[7:].strip()
        token = req.query.get("access_token")
        return token[0] if token else None

    def _unauthorized(self, message: str = ERR_TOKEN_INVALID) -> HTTPError:
        # test_unauthed_home_tl_throws.json: 401 + WWW-Authenticate from Doorkeeper
        error = "invalid_token"
        return HTTPError(json_response({"error": message}, 401, {
            "WWW-Authenticate": f'Bearer realm="Doorkeeper", error="{error}", '
                                f'error_description="{message}"'}))

    def _auth(self, req: Request, *, scope: str | None = None, required: bool = True,
              user: bool = True) -> FakeToken | None:
        """The request's token; raises 401/403/422 like Mastodon. A missing token is fine
        when not ``required`` (public endpoints); an invalid one never is."""
        raw = self._bearer(req)
        if raw is None:
            if required:
                raise self._unauthorized()
            return None
        with self.lock:
            token = self.tokens.get(raw)
        if token is None:
            raise self._unauthorized()
        if token.revoked:
            raise self._unauthorized(ERR_TOKEN_REVOKED)
        if scope is not None and not self._has_scope(token.scopes, scope):
            raise HTTPError(json_response({"error": ERR_SCOPE}, 403))
        if user and token.account_id is None and required:
            raise HTTPError(json_response({"error": ERR_NEEDS_USER}, 422))
        return token

    @staticmethod
    def _has_scope(granted: list[str], wanted: str) -> bool:
        top = wanted.split(":")[0]
        return wanted in granted or top in granted

    def _viewer(self, token: FakeToken | None) -> str | None:
        return token.account_id if token else None

    def _me(self, token: FakeToken | None) -> FakeAccount:
        assert token is not None and token.account_id is not None
        return self.accounts[token.account_id]

    def _issue_token(self, account_id: str | None, client_id: str, scopes: list[str]) -> str:
        raw = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[raw] = FakeToken(raw, account_id, client_id, scopes, int(self.now()))
        return raw

    def _register_app(self, name: str, scopes: list[str], redirect_uris: list[str],
                      website: str | None) -> dict[str, Any]:
        # Shape of test_app_account_create.json (POST /api/v1/apps).
        app: dict[str, Any] = {
            "id": str(next(self._app_ids)), "name": name, "website": website,
            "scopes": scopes, "redirect_uris": redirect_uris,
            "vapid_key": "BAhxXyHfAoMqrZECjRI56F5QrE4ynVlkZFMdKSpTIsWRNoWUVgut-Bnz2xsMSwiN4AF0b4I7"
                         "ixF24OwiicOJivw=",
            "redirect_uri": "\n".join(redirect_uris),
            "client_id": secrets.token_urlsafe(32), "client_secret": secrets.token_urlsafe(32),
            "client_secret_expires_at": 0,
        }
        with self.lock:
            self.apps[app["client_id"]] = app
        return app

    def _application_of(self, token: FakeToken | None) -> dict[str, Any] | None:
        if token is None:
            return None
        app = self.apps.get(token.client_id)
        return {"name": app["name"], "website": app["website"]} if app else None

    # ================================================================ internals: rate limits
    def _rate_family(self, req: Request) -> str | None:
        if not req.path.startswith("/api/"):
            return None
        if req.method == "POST" and req.path.rstrip("/") == "/api/v1/statuses":
            return "statuses"
        if req.method == "DELETE" and req.path.startswith("/api/v1/statuses/"):
            return "delete_statuses"
        if req.method == "POST" and req.path.rstrip("/") in ("/api/v1/media", "/api/v2/media"):
            return "media"
        return "api"

    def _rate_who(self, req: Request) -> str:
        return self._bearer(req) or "anonymous"

    # ================================================================ internals: statuses
    def _format(self, text: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        """Plain text to Mastodon's HTML, with the mentions and tags it found."""
        mentions: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
        out = []
        for paragraph in paragraphs:
            out.append("<p>" + "<br />".join(
                self._format_line(line, mentions, tags) for line in paragraph.split("\n"))
                + "</p>")
        return "".join(out), mentions, tags

    def _format_line(self, line: str, mentions: list[dict[str, Any]],
                     tags: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        pos = 0
        for m in _TOKEN_RE.finditer(line):
            parts.append(_esc(line[pos:m.start()]))
            pos = m.end()
            if m.group("url"):
                url = m.group("url")
                tail = ""
                while url and url[-1] in _TRAILING_PUNCT and not (
                        url[-1] == ")" and url.count("(") >= url.count(")")):
                    tail = url[-1] + tail
                    url = url[:-1]
                parts.append(self._link(url) + _esc(tail))
            elif m.group("user"):
                account = self._find_account(m.group("user"), m.group("domain"))
                if account is None:  # unknown accounts stay plain text
                    parts.append(_esc(m.group(0)))
                    continue
                if all(x["id"] != account.id for x in mentions):
                    mentions.append({"id": account.id, "username": account.username,
                                     "url": self._account_url(account),
                                     "acct": self._acct(account)})
                parts.append(
                    f'<span class="h-card" translate="no"><a href="'
                    f'{_esc(self._account_url(account))}" class="u-url mention">@<span>'
                    f'{_esc(account.username)}</span></a></span>')
            else:
                name = m.group("tag")
                url = f"{self.base_url}/tags/{urllib.parse.quote(name.lower())}"
                if all(t["name"] != name.lower() for t in tags):
                    tags.append({"name": name.lower(), "url": url})
                parts.append(f'<a href="{_esc(url)}" class="mention hashtag" rel="tag">'
                             f'#<span>{_esc(name)}</span></a>')
        parts.append(_esc(line[pos:]))
        return "".join(parts)

    @staticmethod
    def _link(url: str) -> str:
        # test_status_card.json / test_status_post_with_quote.json: scheme (and www.) hidden,
        # the first 30 characters shown, the rest hidden behind an ellipsis.
        m = re.match(r"(https?://(?:www\.)?)(.*)", url, re.IGNORECASE | re.DOTALL)
        assert m is not None
        prefix, rest = m.groups()
        shown, hidden = rest[:30], rest[30:]
        cls = "ellipsis" if hidden else ""
        return (f'<a href="{_esc(url)}" target="_blank" rel="nofollow noopener" translate="no">'
                f'<span class="invisible">{_esc(prefix)}</span><span class="{cls}">'
                f'{_esc(shown)}</span><span class="invisible">{_esc(hidden)}</span></a>')

    def _create_status(self, account: FakeAccount, text: str, *,
                       parent: dict[str, Any] | None, media: list[FakeMedia], visibility: str,
                       language: str | None, spoiler_text: str, sensitive: bool,
                       application: dict[str, Any] | None) -> str:
        """Store a status; caller holds the lock. Key order of test_status_reply.json."""
        sid = self.new_id()
        content, mentions, tags = self._format(text) if text.strip() else ("", [], [])
        if account.local:
            uri = f"{self.base_url}/ap/users/{account.id}/statuses/{sid}"
            url = f"{self.base_url}/@{account.username}/{sid}"
        else:
            uri = f"https://{account.domain}/users/{account.username}/statuses/{sid}"
            url = f"https://{account.domain}/@{account.username}/{sid}"
        for item in media:
            item.status_id = sid
        status: dict[str, Any] = {
            "id": sid,
            "created_at": iso(self.now()),
            "in_reply_to_id": parent["id"] if parent else None,
            "in_reply_to_account_id": parent["account"]["id"] if parent else None,
            "sensitive": sensitive or bool(spoiler_text),
            "spoiler_text": spoiler_text,
            "visibility": visibility,
            "language": language if language is not None else account.language,
            "uri": uri,
            "url": url,
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "quotes_count": 0,
            "edited_at": None,
            "favourited": False,
            "reblogged": False,
            "muted": False,
            "bookmarked": False,
            "pinned": False,
            "content": content,
            "filtered": [],
            "reblog": None,
            "application": application,
            "account": self._render_account(account),  # rendered afresh on output
            "media_attachments": [copy.deepcopy(m.json) for m in media],
            "mentions": mentions,
            "tags": tags,
            "emojis": [],
            "tagged_collections": [],
            "quote": None,
            "card": None,
            "poll": None,
            "quote_approval": {"automatic": ["public"], "manual": [],
                               "current_user": "automatic"},
        }
        self.statuses[sid] = status
        self._meta[sid] = _StatusMeta(account.id, text, application, [m.json["id"] for m in media])
        if parent is not None:
            parent["replies_count"] += 1
        return sid

    def _render(self, sid: str, viewer_id: str | None, *, source: bool = False
                ) -> dict[str, Any]:
        """A status as ``viewer_id`` sees it; ``source`` gives ``text`` instead of
        ``content`` (the DELETE answer, test_status_reply.json)."""
        stored = self.statuses[sid]
        meta = self._meta[sid]
        author = self.accounts[meta.account_id]
        data = copy.deepcopy(stored)
        data["account"] = self._render_account(author)
        if viewer_id != author.id:
            data.pop("pinned", None)
        if not author.local:
            data.pop("application", None)
        if source:
            data = {("text" if k == "content" else k): (meta.text if k == "content" else v)
                    for k, v in data.items()}
        return data

    def _visible(self, sid: str, viewer_id: str | None) -> bool:
        status = self.statuses[sid]
        meta = self._meta[sid]
        if status["visibility"] in ("public", "unlisted") or viewer_id == meta.account_id:
            return True
        return any(m["id"] == viewer_id for m in status["mentions"])

    def _get_status(self, sid: str, viewer_id: str | None) -> dict[str, Any]:
        if sid not in self.statuses or not self._visible(sid, viewer_id):
            raise HTTPError(json_response({"error": ERR_NOT_FOUND}, 404))
        return self.statuses[sid]

    def _render_notification(self, notification: dict[str, Any]) -> dict[str, Any]:
        data = {k: v for k, v in notification.items() if k not in ("account_id", "status_id")}
        data["account"] = self._render_account(self.accounts[notification["account_id"]])
        if notification["status_id"] is not None:
            data["status"] = self._render(notification["status_id"], self.me_id)
        return data

    # ================================================================ internals: paging
    def _page(self, req: Request, items: list[dict[str, Any]], *, default_limit: int,
              max_limit: int, always_next: bool) -> Response:
        """Slice ``items`` (newest first, string ids) by max_id/since_id/min_id/limit and
        answer with the ``Link`` header the real server sends (test_fetch_next_previous.json,
        test_notifications.json)."""
        def number(name: str) -> int | None:
            value = req.param(name)
            try:
                return int(value) if value not in (None, "") else None
            except ValueError:
                return None

        limit = number("limit") or default_limit
        limit = max(1, min(limit, max_limit))
        max_id, since_id, min_id = number("max_id"), number("since_id"), number("min_id")
        chosen = [i for i in items
                  if (max_id is None or int(i["id"]) < max_id)
                  and (since_id is None or int(i["id"]) > since_id)
                  and (min_id is None or int(i["id"]) > min_id)]
        if min_id is not None:  # the page just above min_id, still answered newest first
            page = sorted(chosen, key=lambda i: int(i["id"]))[:limit][::-1]
        else:
            page = chosen[:limit]
        headers: dict[str, str] = {}
        if page:
            kept = [(k, v) for k, vs in req.query.items()
                    if k not in ("max_id", "min_id", "since_id") for v in vs]
            links = []
            if always_next or len(page) == limit:
                links.append(f'<{self._page_url(req, kept, "max_id", page[-1]["id"])}>; '
                             f'rel="next"')
            links.append(f'<{self._page_url(req, kept, "min_id", page[0]["id"])}>; rel="prev"')
            headers["Link"] = ", ".join(links)
        return json_response(page, 200, headers)

    def _page_url(self, req: Request, kept: list[tuple[str, str]], name: str, value: str) -> str:
        # Rails' url helpers sort the query by key: "limit=5&max_id=…", "max_id=24&types%5B%5D=…"
        query = sorted([*kept, (name, value)], key=lambda kv: kv[0])
        return f"{self.base_url}{req.path}?{urllib.parse.urlencode(query)}"

    # ================================================================ routes
    def _routes_setup(self) -> None:
        r = self.route
        r("GET", r"/", self._h_root)
        r("GET", r"/health", lambda req: Response(200, b"OK", {"Content-Type": "text/plain"}))
        r("GET", r"/api/v1/instance/?", self._h_instance_v1)
        r("GET", r"/api/v2/instance/?", self._h_instance_v2)
        r("GET", r"/api/v1/instance/rules/?", lambda req: json_response([]))
        r("GET", r"/\.well-known/oauth-authorization-server", self._h_oauth_server)
        r("GET", r"/\.well-known/nodeinfo", self._h_nodeinfo_links)
        r("GET", r"/nodeinfo/2\.0", self._h_nodeinfo)
        r("POST", r"/api/v1/apps", self._h_apps)
        r("GET", r"/api/v1/apps/verify_credentials", self._h_app_verify)
        r("GET", r"/oauth/authorize", self._h_authorize)
        r("POST", r"/oauth/token", self._h_token)
        r("POST", r"/oauth/revoke", self._h_revoke)
        r("GET", r"/api/v1/accounts/verify_credentials", self._h_verify_credentials)
        r("GET", r"/api/v1/accounts/lookup", self._h_lookup)
        r("GET", r"/api/v1/accounts/(?P<id>\d+)", self._h_account)
        r("GET", r"/api/v1/accounts/(?P<id>\d+)/statuses", self._h_account_statuses)
        r("POST", r"/api/v1/statuses", self._h_post_status)
        r("GET", r"/api/v1/statuses/(?P<id>\d+)", self._h_get_status)
        r("DELETE", r"/api/v1/statuses/(?P<id>\d+)", self._h_delete_status)
        r("GET", r"/api/v1/statuses/(?P<id>\d+)/context", self._h_context)
        r("POST", r"/api/v2/media", lambda req: self._h_post_media(req, v2=True))
        r("POST", r"/api/v1/media", lambda req: self._h_post_media(req, v2=False))
        r("GET", r"/api/v1/media/(?P<id>\d+)", self._h_get_media)
        r("PUT", r"/api/v1/media/(?P<id>\d+)", self._h_put_media)
        r("GET", r"/system/media_attachments/files/(?P<path>.+)", self._h_media_file)
        r("GET", r"/api/v2/search", self._h_search)
        r("GET", r"/api/v1/notifications", self._h_notifications)
        r("GET", r"/api/v1/notifications/(?P<id>\d+)", self._h_notification)
        r("POST", r"/api/v1/notifications/clear", self._h_notifications_clear)
        r("POST", r"/api/v1/notifications/(?P<id>\d+)/dismiss", self._h_notification_dismiss)
        r("GET", r"/api/v1/timelines/tag/(?P<tag>[^/]+)", self._h_tag_timeline)

    # ---------------------------------------------------------------- instance & discovery
    def _h_root(self, req: Request) -> Response:
        return Response(200, b"<!DOCTYPE html><title>Mastodon</title>",
                        {"Content-Type": "text/html; charset=utf-8"})

    def _localize(self, data: Any) -> Any:
        """A recorded body with localhost:3000 replaced by this server."""
        text = json.dumps(data).replace("http://localhost:3000", self.base_url)
        text = text.replace("ws://localhost:4000", f"ws://{self.host}")
        return json.loads(text.replace("localhost:3000", self.host))

    def _h_instance_v1(self, req: Request) -> Response:
        data = self._localize(load_recorded("instance_v1.json")["json"])  # test_instance_v1
        data.update(title=self.title, version=self.version)
        data["stats"] = {"user_count": sum(a.local for a in self.accounts.values()),
                         "status_count": len(self.statuses), "domain_count": 1}
        config = data["configuration"]
        config["statuses"]["max_characters"] = self.max_characters
        config["statuses"]["max_media_attachments"] = self.max_media_attachments
        config["media_attachments"]["image_size_limit"] = self.image_size_limit
        config["media_attachments"]["video_size_limit"] = self.video_size_limit
        return json_response(data)

    def _h_instance_v2(self, req: Request) -> Response:
        data = self._localize(load_recorded("instance_v2.json")["json"])  # test_instance.json
        data.update(title=self.title, version=self.version)
        data["api_versions"] = {"mastodon": self.api_version}
        config = data["configuration"]
        config["statuses"]["max_characters"] = self.max_characters
        config["statuses"]["max_media_attachments"] = self.max_media_attachments
        config["media_attachments"]["image_size_limit"] = self.image_size_limit
        config["media_attachments"]["video_size_limit"] = self.video_size_limit
        config["media_attachments"]["description_limit"] = self.description_limit
        return json_response(data)

    def _version_tuple(self) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", self.version)[:3])

    def _h_oauth_server(self, req: Request) -> Response:
        # test_auth_request_url.json (a 4.6 server); before 4.4 the password grant existed.
        data = self._localize(load_recorded("oauth_authorization_server.json")["json"])
        if self._version_tuple() < (4, 4):
            data["grant_types_supported"] = ["authorization_code", "password",
                                             "client_credentials"]
        return json_response(data)

    def _h_nodeinfo_links(self, req: Request) -> Response:
        return json_response({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                         "href": f"{self.base_url}/nodeinfo/2.0"}]})

    def _h_nodeinfo(self, req: Request) -> Response:  # test_nodeinfo.json
        return json_response({
            "version": "2.0", "software": {"name": "mastodon", "version": self.version},
            "protocols": ["activitypub"], "services": {"outbound": [], "inbound": []},
            "usage": {"users": {"total": sum(a.local for a in self.accounts.values()),
                                "activeMonth": 1, "activeHalfyear": 1},
                      "localPosts": len(self.statuses)},
            "openRegistrations": False, "metadata": {"nodeName": self.title,
                                                     "nodeDescription": ""}})

    # ---------------------------------------------------------------- apps & OAuth
    def _h_apps(self, req: Request) -> Response:
        name = (req.param("client_name") or "").strip()
        if not name:
            return json_response({"error": "Validation failed: Application name can't be "
                                           "blank"}, 422)
        scopes = (req.param("scopes") or "read").split()
        uris = [u for u in (req.param("redirect_uris") or OOB).split() if u]
        app = self._register_app(name, scopes, uris, req.param("website"))
        return json_response(app)

    def _h_app_verify(self, req: Request) -> Response:
        token = self._auth(req, user=False)
        assert token is not None
        app = self.apps[token.client_id]
        return json_response({k: app[k] for k in ("id", "name", "website", "scopes",
                                                  "redirect_uris", "vapid_key",
                                                  "redirect_uri")})

    def _client(self, req: Request) -> dict[str, Any]:
        """The app authenticating at /oauth/*: form params or HTTP Basic (Doorkeeper)."""
        client_id, client_secret = req.param("client_id"), req.param("client_secret")
        basic = req.header("Authorization") or ""
        if basic.lower().startswith("basic "):
            raw = base64.b64decode(basic[6:]).decode("utf-8")
            client_id, _, client_secret = raw.partition(":")
        app = self.apps.get(client_id or "")
        if app is None or app["client_secret"] != client_secret:
            raise HTTPError(json_response({
                "error": "invalid_client",
                "error_description": "Client authentication failed due to unknown client, no "
                                     "client authentication included, or unsupported "
                                     "authentication method."}, 401))
        return app

    def _h_authorize(self, req: Request) -> Response:
        app = self.apps.get(req.param("client_id") or "")
        redirect_uri = req.param("redirect_uri") or OOB
        if app is None or redirect_uri not in app["redirect_uris"]:
            return Response(400, b"<!DOCTYPE html><p>Invalid client or redirect URI</p>",
                            {"Content-Type": "text/html; charset=utf-8"})
        if self.authorize_as is None:
            return Response(200, b"<!DOCTYPE html><form>Log in to authorize</form>",
                            {"Content-Type": "text/html; charset=utf-8"})
        scopes = (req.param("scope") or " ".join(app["scopes"])).split()
        code = self.issue_code(self.authorize_as, client_id=app["client_id"], scopes=scopes,
                               redirect_uri=redirect_uri)
        if redirect_uri == OOB:
            body = f'<!DOCTYPE html><input class="oauth-code" readonly value="{code}">'
            return Response(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})
        query = {"code": code}
        if req.param("state"):
            query["state"] = req.param("state") or ""
        sep = "&" if "?" in redirect_uri else "?"
        return Response(302, b"", {"Location": redirect_uri + sep + urllib.parse.urlencode(query)})

    def _h_token(self, req: Request) -> Response:
        # methods/oauth.md; the answer as recorded in test_app_account_create.json.
        app = self._client(req)
        grant = req.param("grant_type")
        requested = (req.param("scope") or req.param("scopes") or "").split()
        invalid_grant = HTTPError(json_response({
            "error": "invalid_grant",
            "error_description": "The provided authorization grant is invalid, expired, "
                                 "revoked, does not match the redirection URI used in the "
                                 "authorization request, or was issued to another client."},
            400))
        account_id: str | None
        if grant == "authorization_code":
            with self.lock:
                code = self._codes.get(req.param("code") or "")
                if code is None or code.used or (code.client_id not in (None, app["client_id"])):
                    raise invalid_grant
                redirect_uri = req.param("redirect_uri") or OOB
                if redirect_uri not in app["redirect_uris"] or (
                        code.redirect_uri not in (None, redirect_uri)):
                    raise invalid_grant
                code.used = True
            account_id = code.account_id
            scopes = code.scopes or requested or app["scopes"]
        elif grant == "password" and self._version_tuple() < (4, 4):
            username = (req.param("username") or "").split("@")[0]
            try:
                account = self.account(username)
            except KeyError:
                raise invalid_grant from None
            if self.passwords.get(account.username) != req.param("password"):
                raise invalid_grant
            account_id = account.id
            scopes = requested or app["scopes"]
        elif grant == "client_credentials":
            account_id = None
            scopes = requested or app["scopes"]
        else:
            return json_response({
                "error": "unsupported_grant_type",
                "error_description": "The authorization grant type is not supported by the "
                                     "authorization server."}, 400)
        if not set(scopes) <= set(app["scopes"]) | {"read", "write", "follow", "push"}:
            return json_response({"error": "invalid_scope", "error_description":
                                  "The requested scope is invalid, unknown, or malformed."},
                                 400)
        raw = self._issue_token(account_id, app["client_id"], list(scopes))
        return json_response({"access_token": raw, "token_type": "Bearer",
                              "scope": " ".join(scopes), "created_at": int(self.now())})

    def _h_revoke(self, req: Request) -> Response:
        app = self._client(req)
        with self.lock:
            token = self.tokens.get(req.param("token") or "")
            if token is not None and token.client_id == app["client_id"]:
                token.revoked = True
        return json_response({})  # RFC 7009: 200 whether or not the token existed

    # ---------------------------------------------------------------- accounts
    def _h_verify_credentials(self, req: Request) -> Response:
        token = self._auth(req, scope="read:accounts")
        with self.lock:
            return json_response(self._render_account(self._me(token), credentials=True))

    def _h_lookup(self, req: Request) -> Response:
        self._auth(req, required=False)
        acct = (req.param("acct") or "").lstrip("@")
        username, _, domain = acct.partition("@")
        with self.lock:
            account = self._find_account(username, domain or None)
            if account is None:
                return json_response({"error": ERR_RECORD_NOT_FOUND}, 404)
            return json_response(self._render_account(account))

    def _h_account(self, req: Request) -> Response:
        self._auth(req, required=False)
        with self.lock:
            account = self.accounts.get(req.match["id"] if req.match else "")
            if account is None:
                return json_response({"error": ERR_RECORD_NOT_FOUND}, 404)
            return json_response(self._render_account(account))

    def _h_account_statuses(self, req: Request) -> Response:
        token = self._auth(req, scope="read:statuses", required=False)
        viewer = self._viewer(token)
        assert req.match is not None
        truthy = ("1", "true", "True")
        with self.lock:
            account = self.accounts.get(req.match["id"])
            if account is None:
                return json_response({"error": ERR_RECORD_NOT_FOUND}, 404)
            if req.param("pinned") in truthy:
                return json_response([])  # the fake pins nothing
            tagged = (req.param("tagged") or "").lower().lstrip("#")
            items = []
            for sid in sorted(self.statuses, key=int, reverse=True):
                status = self.statuses[sid]
                if self._meta[sid].account_id != account.id or not self._visible(sid, viewer):
                    continue
                if req.param("exclude_replies") in truthy and status["in_reply_to_id"] and \
                        status["in_reply_to_account_id"] != account.id:
                    continue
                if req.param("only_media") in truthy and not status["media_attachments"]:
                    continue
                if tagged and all(t["name"] != tagged for t in status["tags"]):
                    continue
                if req.param("exclude_direct") in truthy and status["visibility"] == "direct":
                    continue
                items.append(self._render(sid, viewer))
        # next only on a full page, as the recorded pinned=1 answer shows
        return self._page(req, items, default_limit=20, max_limit=40, always_next=False)

    # ---------------------------------------------------------------- statuses
    def _h_post_status(self, req: Request) -> Response:
        token = self._auth(req, scope="write:statuses")
        account = self._me(token)
        key = req.header("Idempotency-Key")
        post = StatusPost(account.id, {k: str(v) for k, v in req.headers.items()}, key,
                          req.param("status") or "", None)
        with self.lock:
            self.status_posts.append(post)
        resp = self._post_status(req, token, account, key, post)
        if resp.status >= 400:
            post.error = resp.body.decode("utf-8", "replace")
        return resp

    def _post_status(self, req: Request, token: FakeToken | None, account: FakeAccount,
                     key: str | None, post: StatusPost) -> Response:
        truthy = ("1", "true", "True")
        with self.lock:
            if key:
                seen = self._idempotency.get((account.id, key))
                if seen and self.now() - seen[1] < IDEMPOTENCY_TTL and seen[0] in self.statuses:
                    post.status_id, post.replayed = seen[0], True
                    return json_response(self._render(seen[0], account.id))
            text = req.param("status") or ""
            spoiler = req.param("spoiler_text") or ""
            media_ids = req.param_list("media_ids")
            parent = None
            reply_to = req.param("in_reply_to_id")
            if reply_to:
                parent = self.statuses.get(reply_to)
                if parent is None or not self._visible(reply_to, account.id):
                    return json_response({"error": ERR_REPLY_MISSING}, 404)
            if len(media_ids) > self.max_media_attachments:
                return json_response({"error": ERR_MEDIA_TOO_MANY}, 422)
            media = [self.media.get(mid) for mid in media_ids]
            missing = [mid for mid, m in zip(media_ids, media, strict=True)
                       if m is None or m.account_id != account.id or m.status_id is not None]
            if missing:
                return json_response({"error": f"Media {', '.join(missing)} not found or "
                                               f"already attached to another post"}, 422)
            found = [m for m in media if m is not None]
            if any(not m.ready for m in found):
                return json_response({"error": ERR_MEDIA_NOT_READY}, 422)
            if not text.strip() and not found:
                return json_response({"error": ERR_TEXT_BLANK}, 422)
            if status_length(text, spoiler) > self.max_characters:
                return json_response({"error": "Validation failed: Text character limit of "
                                               f"{self.max_characters} exceeded"}, 422)
            sid = self._create_status(
                account, text, parent=parent, media=found,
                visibility=req.param("visibility") or "public",
                language=req.param("language") or None, spoiler_text=spoiler,
                sensitive=req.param("sensitive") in truthy,
                application=self._application_of(token))
            if key:
                self._idempotency[(account.id, key)] = (sid, self.now())
                self._meta[sid].idempotency_key = key
            post.status_id = sid
            return json_response(self._render(sid, account.id))

    def _h_get_status(self, req: Request) -> Response:
        token = self._auth(req, scope="read:statuses", required=False)
        assert req.match is not None
        with self.lock:
            self._get_status(req.match["id"], self._viewer(token))
            return json_response(self._render(req.match["id"], self._viewer(token)))

    def _h_delete_status(self, req: Request) -> Response:
        token = self._auth(req, scope="write:statuses")
        me = self._me(token)
        assert req.match is not None
        sid = req.match["id"]
        with self.lock:
            if sid not in self.statuses or self._meta[sid].account_id != me.id:
                return json_response({"error": ERR_RECORD_NOT_FOUND}, 404)
            data = self._render(sid, me.id, source=True)
            parent_id = self.statuses[sid]["in_reply_to_id"]
            if parent_id in self.statuses:
                self.statuses[parent_id]["replies_count"] -= 1
            del self.statuses[sid]
            del self._meta[sid]
            self.notifications = [n for n in self.notifications if n["status_id"] != sid]
            return json_response(data)

    def _h_context(self, req: Request) -> Response:
        token = self._auth(req, scope="read:statuses", required=False)
        viewer = self._viewer(token)
        assert req.match is not None
        sid = req.match["id"]
        with self.lock:
            status = self._get_status(sid, viewer)
            ancestors = []
            parent_id = status["in_reply_to_id"]
            while parent_id in self.statuses:
                if self._visible(parent_id, viewer):
                    ancestors.append(parent_id)
                parent_id = self.statuses[parent_id]["in_reply_to_id"]
            descendants: list[str] = []

            def walk(pid: str) -> None:
                children = sorted((c for c, s in self.statuses.items()
                                   if s["in_reply_to_id"] == pid), key=int)
                for child in children:
                    if self._visible(child, viewer):
                        descendants.append(child)
                    walk(child)

            walk(sid)
            return json_response({
                "ancestors": [self._render(a, viewer) for a in reversed(ancestors)],
                "descendants": [self._render(d, viewer) for d in descendants]})

    # ---------------------------------------------------------------- media
    def _media_json(self, mid: str, kind: str, ext: str, data: bytes, description: str | None,
                    focus: str | None, ready: bool) -> tuple[dict[str, Any], str]:
        # Shapes of test_media_post_file.json (200) and test_media_post[True].json (202).
        digits = mid.zfill(18)
        folder = "/".join(digits[i:i + 3] for i in range(0, 18, 3))
        name = secrets.token_hex(8) + ext
        path = f"{folder}/original/{name}"
        base = f"{self.base_url}/system/media_attachments/files"
        meta: dict[str, Any] = {}
        if focus:
            x, _, y = focus.partition(",")
            with contextlib.suppress(ValueError):
                meta["focus"] = {"x": float(x), "y": float(y)}
        dims = image_dimensions(data)
        if dims:
            w, h = dims
            meta["original"] = {"width": w, "height": h, "size": f"{w}x{h}",
                                "aspect": w / h if h else 1.0}
            scale = min(1.0, (640 * 480 / (w * h)) ** 0.5) if w and h else 1.0
            sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
            meta["small"] = {"width": sw, "height": sh, "size": f"{sw}x{sh}",
                             "aspect": sw / sh}
        return ({
            "id": mid, "type": kind,
            "url": f"{base}/{path}" if ready else None,
            "preview_url": f"{base}/{folder}/small/{name}",
            "remote_url": None, "preview_remote_url": None, "text_url": None,
            "meta": meta, "description": description,
            "blurhash": BLURHASH if kind in ("image", "gifv") else None,
        }, path)

    def _make_ready(self, media: FakeMedia) -> None:
        media.json["url"] = f"{self.base_url}/system/media_attachments/files/{media.path}"

    def _h_post_media(self, req: Request, *, v2: bool) -> Response:
        # methods/media.md: 200 when processed at once, 202 with url null while processing,
        # 422 for a bad or too large file.
        token = self._auth(req, scope="write:media")
        account = self._me(token)
        files = req.files().get("file") or []
        if not files:
            return json_response({"error": "Validation failed: File can't be blank"}, 422)
        upload: UploadedFile = files[0]
        kind_ext = SUPPORTED_MIME.get(upload.content_type.lower())
        if kind_ext is None:
            return json_response({"error": ERR_MEDIA_TYPE}, 422)
        kind, ext = kind_ext
        limit = self.image_size_limit if kind in ("image", "gifv") else self.video_size_limit
        if len(upload.data) > limit:
            return json_response(
                {"error": f"Validation failed: File file size must be less than "
                          f"{_human_size(limit)}"}, 422)
        description = req.param("description")
        if description is not None and len(description) > self.description_limit:
            return json_response(
                {"error": "Validation failed: Description is too long (maximum is "
                          f"{self.description_limit} characters)"}, 422)
        asynchronous = v2 and (self.media_async if self.media_async is not None
                               else kind not in ("image",))
        with self.lock:
            mid = self.new_id()
            body, path = self._media_json(mid, kind, ext, upload.data, description,
                                          req.param("focus"), not asynchronous)
            media = FakeMedia(body, account.id, upload.data, upload.content_type, path,
                              polls_left=self.media_polls if asynchronous else 0)
            self.media[mid] = media
            return json_response(copy.deepcopy(body), 202 if asynchronous else 200)

    def _own_unattached_media(self, req: Request) -> FakeMedia:
        token = self._auth(req, scope="write:media")
        me = self._me(token)
        assert req.match is not None
        media = self.media.get(req.match["id"])
        if media is None or media.account_id != me.id or media.status_id is not None:
            raise HTTPError(json_response({"error": ERR_RECORD_NOT_FOUND}, 404))
        return media

    def _h_get_media(self, req: Request) -> Response:
        # methods/media.md: 206 while still processing, 200 with url once done.
        with self.lock:
            media = self._own_unattached_media(req)
            if not media.ready:
                if media.polls_left > 0:
                    media.polls_left -= 1
                    return json_response(copy.deepcopy(media.json), 206)
                self._make_ready(media)
            return json_response(copy.deepcopy(media.json))

    def _h_put_media(self, req: Request) -> Response:
        with self.lock:
            media = self._own_unattached_media(req)
            description = req.param("description")
            if description is not None:
                if len(description) > self.description_limit:
                    return json_response(
                        {"error": "Validation failed: Description is too long (maximum is "
                                  f"{self.description_limit} characters)"}, 422)
                media.json["description"] = description
            focus = req.param("focus")
            if focus:
                x, _, y = focus.partition(",")
                media.json["meta"]["focus"] = {"x": float(x), "y": float(y)}
            # test_media_update.json: a PUT on a still-processing upload answers 206
            return json_response(copy.deepcopy(media.json), 200 if media.ready else 206)

    def _h_media_file(self, req: Request) -> Response:
        assert req.match is not None
        with self.lock:
            for media in self.media.values():
                if media.path == req.match["path"] and media.ready:
                    return Response(200, media.data, {"Content-Type": media.mime_type})
        return Response(404, b"", {"Content-Type": "text/plain"})

    # ---------------------------------------------------------------- search
    def _h_search(self, req: Request) -> Response:
        # Shape of test_search.json; resolving a status URL per methods/search.md.
        token = self._auth(req, scope="read:search", required=False)
        viewer = self._viewer(token)
        q = (req.param("q") or "").strip()
        kind = req.param("type")
        limit = int(req.param("limit") or 20)
        accounts: list[dict[str, Any]] = []
        statuses: list[dict[str, Any]] = []
        hashtags: list[dict[str, Any]] = []
        with self.lock:
            if re.match(r"https?://", q, re.IGNORECASE):
                for sid, status in self.statuses.items():
                    if q in (status["url"], status["uri"]) and self._visible(sid, viewer):
                        statuses.append(self._render(sid, viewer))
                for account in self.accounts.values():
                    if q == self._account_url(account):
                        accounts.append(self._render_account(account))
            elif q.startswith("#"):
                name = q[1:].lower()
                hashtags.append({"name": name, "url": f"{self.base_url}/tags/{name}",
                                 "history": [], "following": False})
            else:
                needle = q.lstrip("@").lower()
                for account in self.accounts.values():
                    if needle and needle in self._acct(account).lower():
                        accounts.append(self._render_account(account))
        result = {"accounts": accounts[:limit], "statuses": statuses[:limit],
                  "hashtags": hashtags[:limit], "collections": []}
        if kind in ("accounts", "statuses", "hashtags"):
            result = {k: (v if k == kind else []) for k, v in result.items()}
        return json_response(result)

    # ---------------------------------------------------------------- notifications
    def _h_notifications(self, req: Request) -> Response:
        self._auth(req, scope="read:notifications")
        types = set(req.param_list("types"))
        excluded = set(req.param_list("exclude_types"))
        from_id = req.param("account_id")
        with self.lock:
            items = [self._render_notification(n) for n in reversed(self.notifications)
                     if (not types or n["type"] in types) and n["type"] not in excluded
                     and (from_id is None or n["account_id"] == from_id)]
        # test_notifications.json: Link with next and prev whenever the page is not empty
        return self._page(req, items, default_limit=40, max_limit=80, always_next=True)

    def _h_notification(self, req: Request) -> Response:
        self._auth(req, scope="read:notifications")
        assert req.match is not None
        with self.lock:
            for n in self.notifications:
                if n["id"] == req.match["id"]:
                    return json_response(self._render_notification(n))
        return json_response({"error": ERR_RECORD_NOT_FOUND}, 404)

    def _h_notifications_clear(self, req: Request) -> Response:
        self._auth(req, scope="write:notifications")
        with self.lock:
            self.notifications.clear()
        return json_response({})

    def _h_notification_dismiss(self, req: Request) -> Response:
        self._auth(req, scope="write:notifications")
        assert req.match is not None
        with self.lock:
            self.notifications = [n for n in self.notifications if n["id"] != req.match["id"]]
        return json_response({})

    # ---------------------------------------------------------------- timelines
    def _h_tag_timeline(self, req: Request) -> Response:
        token = self._auth(req, scope="read:statuses", required=False)
        viewer = self._viewer(token)
        assert req.match is not None
        name = req.match["tag"].lower()
        truthy = ("1", "true", "True")
        with self.lock:
            items = []
            for sid in sorted(self.statuses, key=int, reverse=True):
                status = self.statuses[sid]
                author = self.accounts[self._meta[sid].account_id]
                if status["visibility"] != "public" or all(t["name"] != name
                                                           for t in status["tags"]):
                    continue
                if req.param("local") in truthy and not author.local:
                    continue
                if req.param("remote") in truthy and author.local:
                    continue
                if req.param("only_media") in truthy and not status["media_attachments"]:
                    continue
                items.append(self._render(sid, viewer))
        # test_hashtag_tl.json: next and prev whenever the page is not empty
        return self._page(req, items, default_limit=20, max_limit=40, always_next=True)
