"""Mastodon, through Mastodon.py. The only module that imports it.

Every call goes to the account's configured ``instance``. Errors are mapped in one place,
:func:`_mapped`, to a :class:`ChannelError` that says what to do. Each status carries the journal
row's key as ``Idempotency-Key`` (Mastodon keeps it for an hour per account), and a part whose
outcome is unknown is first looked for among the account's own recent statuses.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from wijkpost import __version__, credentials
from wijkpost.channels import ChannelError, Delivered, Outgoing, looked_back, same_text
from wijkpost.config import Account, Config
from wijkpost.htmltext import one_line, to_text
from wijkpost.i18n import Said

T = TypeVar("T")
USER_AGENT = f"wijkpost/{__version__}"
SCOPES = ["read", "write"]
# Media processing is usually instant for images; poll briefly, not Mastodon.py's 5 s sleeps.
MEDIA_POLL = (0.2, 30.0)
PAGE = 40  # Mastodon's largest page for statuses, notifications and timelines
FIND_PAGES = 5  # how far back a part without a planning time is looked for


def allow_http(url: str) -> bool:
    """Plain http only to this machine (a test server or a local gateway), never elsewhere."""
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def client(account: Account, token: str | None, timeout: float) -> Any:
    from mastodon import Mastodon

    assert account.instance
    return Mastodon(access_token=token, api_base_url=account.instance, request_timeout=timeout,
                    ratelimit_method="throw", version_check_mode="none", user_agent=USER_AGENT)


@contextmanager
def _mapped(account: Account, api: Any = None) -> Iterator[None]:
    """Turn Mastodon.py's exceptions into ChannelErrors with advice; never quote a token."""
    import mastodon as m

    try:
        yield
    except m.MastodonUnauthorizedError:
        raise ChannelError(Said("channel.login_again", account=account.name), retry=True,
                           unauthorized=True) from None
    except m.MastodonRatelimitError:
        # Mastodon.py keeps the X-RateLimit-Reset of the last answer as epoch seconds.
        reset = getattr(api, "ratelimit_reset", None)
        wait = max(0.0, reset - time.time()) if reset else None
        raise ChannelError(Said("channel.rate_limited", account=account.name), retry=True,
                           wait=wait) from None
    except m.MastodonNetworkError:
        # Timeouts and dropped connections: the status may have been created.
        raise ChannelError(Said("channel.network", account=account.name), retry=True,
                           unknown=True) from None
    except m.MastodonServerError as exc:
        raise ChannelError(Said("channel.server", account=account.name, status=_status(exc)),
                           retry=True, unknown=True) from None
    except m.MastodonAPIError as exc:
        raise ChannelError(Said("channel.refused", account=account.name, status=_status(exc),
                             reason=_reason(exc)), retry=False) from None
    except m.MastodonIllegalArgumentError as exc:
        raise ChannelError(f"{account.name}: {exc}", retry=False) from None


def _status(exc: Exception) -> str:
    return str(exc.args[1]) if len(exc.args) > 1 else "?"


def _reason(exc: Exception) -> str:
    # MastodonAPIError args: (message, status code, reason phrase, error text from the server)
    return str(exc.args[3] if len(exc.args) > 3 else exc.args[-1])


def status_text(content: str | None) -> tuple[str, list[str]]:
    """A status's HTML as plain text, and the links a resident shared in it: not the mention
    and hashtag links Mastodon makes of the text."""
    return to_text(content or "", skip_link_classes=_NOT_SHARED)


_NOT_SHARED = frozenset({"mention", "hashtag", "u-url"})
# Mastodon's own pattern for a mention with a domain (app/models/account.rb, MENTION_RE)
_FULL_MENTION = re.compile(r"(?<![=/\w])(@\w+)@[\w.-]+\w")


class MastodonChannel:
    network = "mastodon"

    def __init__(self, config: Config, account: Account) -> None:
        self.account = account
        self.visibility = "public"
        # Mastodon takes an ISO 639 language ("fy"), not a tag with a region ("fy-NL").
        self.language = config.language.split("-")[0].lower()
        owner = config.owner_of(account.name)
        if owner:
            self.visibility = owner.visibility
        secret = credentials.require(account)
        self.api = client(account, secret.values["token"], config.publishing.timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with _mapped(self.account, self.api):
            return fn(*args, **kwargs)

    def prepare(self, item: Outgoing) -> str | None:
        return None

    def resolve(self, url: str) -> str:
        """The id, on our instance, of a post given by its URL (on any instance)."""
        found = self.call(self.api.search_v2, url, resolve=True, result_type="statuses")
        statuses = found.get("statuses") or []
        if not statuses:
            raise ChannelError(Said("channel.reply_not_found", url=url, account=self.account.name),
                               retry=False)
        return str(statuses[0]["id"])

    def send(self, item: Outgoing) -> Delivered:
        media_ids = [self._upload(image) for image in item.content.get("images", [])]
        reply_to = item.in_reply_to or (self.resolve(item.content["reply_to"])
                                        if item.content.get("reply_to") else None)
        status = self.call(
            self.api.status_post, item.content["text"], in_reply_to_id=reply_to,
            media_ids=media_ids or None, visibility=self.visibility, language=self.language,
            idempotency_key=item.idempotency_key,
        )
        return Delivered(str(status["id"]), str(status["url"] or status["uri"]))

    def _upload(self, image: dict[str, Any]) -> str:
        media = self.call(self.api.media_post, image["path"], mime_type=image["type"],
                          description=image["alt"] or None)
        step, limit = MEDIA_POLL
        waited = 0.0
        while media.get("url") is None and waited < limit:  # 202: still processing
            time.sleep(step)
            waited += step
            media = self.call(self.api.media, media["id"])
        return str(media["id"])

    def find(self, item: Outgoing) -> Delivered | None:
        """Look among our own statuses since the part was planned for this part (text and
        thread position), page by page: however many posts came after it, a part that arrived
        must be found, or it would be sent twice once the Idempotency-Key is forgotten."""
        me = self.call(self.api.account_verify_credentials)
        # Mastodon shows a mention it resolved by its username only: "@anna@buurt.example"
        # comes back as "@anna" (one it could not resolve stays as written).
        as_shown = _FULL_MENTION.sub(r"\1", item.content["text"])
        # Thread position counts too: the same text as a reply to another post, or not as a
        # reply, is another post.
        parent = item.in_reply_to or (self.resolve(item.content["reply_to"])
                                      if item.content.get("reply_to") else None)
        for status in self._own_since(me["id"], looked_back(item)):
            if str(status["id"]) in item.taken:  # another part's post, with the same text
                continue
            replies_to = str(status["in_reply_to_id"]) if status["in_reply_to_id"] else None
            shown = status_text(status["content"])[0]
            if ((same_text(shown, item.content["text"]) or same_text(shown, as_shown))
                    and replies_to == (str(parent) if parent else None)):
                return Delivered(str(status["id"]), str(status["url"] or status["uri"]))
        return None

    def _own_since(self, account_id: str, since: datetime | None) -> Iterator[Any]:
        """Our statuses from ``since`` on, newest first (without it: the last few pages). An
        older one with the same text is an earlier post, not this part."""
        max_id, pages = None, 0
        while since is not None or pages < FIND_PAGES:
            pages += 1
            page = self.call(self.api.account_statuses, account_id, limit=PAGE, max_id=max_id)
            for status in page:
                if since is not None and _created(status) < since:
                    return
                yield status
            if not page:
                return
            max_id = page[-1]["id"]


def _created(status: Any) -> datetime:
    created = status["created_at"]  # Mastodon.py parses it; a plain string from elsewhere
    return created if isinstance(created, datetime) else datetime.fromisoformat(
        str(created).replace("Z", "+00:00"))


def make_channel(config: Config, target: str) -> MastodonChannel:
    return MastodonChannel(config, config.accounts[target])


def instance_limits(account: Account, timeout: float) -> dict[str, int]:
    """The instance's own limits (characters, images per post, image size), read without
    logging in."""
    api = client(account, None, timeout)
    with _mapped(account):
        info = api.instance_v2()
    config = info.get("configuration") or {}
    statuses = config.get("statuses") or {}
    media = config.get("media_attachments") or {}
    return {"max_characters": int(statuses.get("max_characters") or 500),
            "max_media_attachments": int(statuses.get("max_media_attachments") or 4),
            "image_size_limit": int(media.get("image_size_limit") or 16 * 1024 * 1024)}


# --------------------------------------------------------------------------- logging in


def register_app(account: Account, timeout: float) -> tuple[str, str]:
    """Register wijkpost on the instance; returns (client_id, secret). Kept with the login, so a
    later login to the same instance uses the same app."""
    from mastodon import Mastodon

    with _mapped(account):
        client_id, secret = Mastodon.create_app(
            "wijkpost", scopes=SCOPES, api_base_url=account.instance, request_timeout=timeout,
            user_agent=USER_AGENT)
    return str(client_id), str(secret)


def _app_client(account: Account, client_id: str, secret: str, timeout: float) -> Any:
    """A client of wijkpost's registered app, not yet of a user: for the login steps."""
    from mastodon import Mastodon

    return Mastodon(client_id=client_id, client_secret=secret, api_base_url=account.instance,
                    request_timeout=timeout, user_agent=USER_AGENT, version_check_mode="none")


def authorization_url(account: Account, client_id: str, secret: str, timeout: float,
                      lang: str) -> str:
    """The page where the user logs in and allows wijkpost, in the user's language. The state
    is a random value, as OAuth asks (the code is pasted back, so nothing checks it)."""
    import secrets

    api = _app_client(account, client_id, secret, timeout)
    with _mapped(account, api):
        return str(api.auth_request_url(scopes=SCOPES, state=secrets.token_urlsafe(16),
                                        lang=lang, allow_http=allow_http(account.instance
                                                                         or "")))


def exchange_code(account: Account, client_id: str, secret: str, code: str,
                  timeout: float) -> str:
    """The authorization code the user pasted, exchanged for an access token."""
    import mastodon as m

    api = _app_client(account, client_id, secret, timeout)
    with _mapped(account, api):
        try:
            return str(api.log_in(code=code.strip(), scopes=SCOPES,
                                  allow_http=allow_http(account.instance or "")))
        except m.MastodonIllegalArgumentError:  # the instance said no to the code
            raise ChannelError(Said("account.code_refused", account=account.name),
                               retry=False) from None


def revoke(account: Account, client_id: str, secret: str, token: str, timeout: float) -> None:
    """Give back a token wijkpost asked for and will not keep (best effort)."""
    from mastodon import Mastodon
    from mastodon.errors import MastodonError

    with suppress(MastodonError):
        Mastodon(client_id=client_id, client_secret=secret, access_token=token,
                 api_base_url=account.instance, request_timeout=timeout, user_agent=USER_AGENT,
                 version_check_mode="none").revoke_access_token(
            allow_http=allow_http(account.instance or ""))


def whoami(account: Account, token: str, timeout: float) -> str:
    """The username this token belongs to (a live call)."""
    api = client(account, token, timeout)
    with _mapped(account, api):
        return str(api.account_verify_credentials()["username"])


# --------------------------------------------------------------------------- collecting

REPLY_WINDOW_DAYS = 14  # replies to our posts are looked for this long after publishing
WARNING_LIMIT = 500  # characters of a content warning (Mastodon counts it in the post's limit)


class MastodonSource:
    """One kind of incoming post for one account: mentions, replies to ours, or a hashtag."""

    def __init__(self, config: Config, account: Account, profile: Any, kind: str,
                 store: Any) -> None:
        self.account = account
        self.profile = profile
        self.kind = kind
        self.name = f"{account.name}:{kind}"
        self.timeout = config.publishing.timeout
        self.ours: list[str] = []
        if kind == "replies":
            self.ours = _published_ids(store, account.name)

    def api(self) -> Any:
        secret = credentials.require(self.account)
        return client(self.account, secret.values["token"], self.timeout)

    def item(self, status: Any, me: str) -> Any:
        from wijkpost.items import NewItem

        text, links = status_text(status["content"])
        # A content warning says what the post is about ("inbraak", "buren"): it goes first, as
        # Mastodon shows it, and counts for the topic rules like the rest of the text.
        warning = one_line(str(status.get("spoiler_text") or ""), WARNING_LIMIT)
        if warning:
            text = f"CW: {warning}\n\n{text}"
        answers = (str(status["in_reply_to_id"])
                   if status["in_reply_to_id"] and str(status["in_reply_to_account_id"]) == me
                   else None)
        return NewItem(
            key=f"mastodon:{self.account.name}:{status['id']}", source=self.name,
            network="mastodon", text=text, created_at=status["created_at"],
            account=self.account.name, profile=self.profile.key, remote_id=str(status["id"]),
            author_handle="@" + str(status["account"]["acct"]),
            author_name=str(status["account"]["display_name"] or ""),
            links=links,
            attachments=[str(m.get("description") or m.get("type") or "")
                         for m in status.get("media_attachments") or []],
            url=status.get("url") or status.get("uri"), answers=answers)

    def pages(self, cursor: dict[str, Any] | None) -> Iterator[Any]:
        from wijkpost.collect import Page

        api = self.api()
        with _mapped(self.account, api):
            me = str(api.account_verify_credentials()["id"])
            if self.kind == "replies":
                for status_id in self.ours:
                    context = api.status_context(status_id)
                    found = [self.item(s, me) for s in context["descendants"]
                             if str(s["account"]["id"]) != me]
                    yield Page(found, None)
                return
            fetch = self._fetcher(api)
            newest = (cursor or {}).get("min_id")
            if newest is None:  # the first time: the latest page only, then onwards from it
                batch = fetch(limit=PAGE)
                # Nothing yet: from now on, everything from the beginning counts.
                yield Page(self._items(batch, me), {"min_id": _max_id(batch) if batch else "0"})
                return
            while True:  # min_id pages go forward in time: each page's cursor is safe to keep
                batch = fetch(min_id=newest, limit=PAGE)
                if not batch:
                    return
                newest = _max_id(batch)
                yield Page(self._items(batch, me), {"min_id": newest})

    def _fetcher(self, api: Any) -> Callable[..., Any]:
        if self.kind == "mentions":
            return lambda **kw: api.notifications(types=["mention"], **kw)
        tag = self.kind.lstrip("#")
        return lambda **kw: api.timeline_hashtag(tag, **kw)

    def _items(self, batch: list[Any], me: str) -> list[Any]:
        statuses = [b["status"] if "status" in b and b.get("type") else b for b in batch]
        return [self.item(s, me) for s in statuses
                if s is not None and str(s["account"]["id"]) != me]


def _max_id(batch: list[Any]) -> str:
    return str(max(int(b["id"]) for b in batch))


def _published_ids(store: Any, account: str) -> list[str]:
    """Our own posts of the last weeks on this account, from the publish journal."""
    from datetime import timedelta

    from wijkpost.timeutil import now_utc, utc_iso

    since = utc_iso(now_utc() - timedelta(days=REPLY_WINDOW_DAYS))
    rows = store.db.execute("SELECT remote_id FROM journal WHERE target = ? AND state = 'done'"
                            " AND remote_id IS NOT NULL AND updated_at >= ?", (account, since))
    return [r[0] for r in rows]


def collect_sources(config: Config, account: Account, profile: Any, store: Any) -> list[Any]:
    kinds = ["mentions", "replies"] + [w for w in profile.watch if w.startswith("#")]
    return [MastodonSource(config, account, profile, kind, store) for kind in kinds]
