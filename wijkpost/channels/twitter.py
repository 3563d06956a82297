"""X (Twitter), through tweepy. The only module that imports it.

Three things tweepy 4.17 does not do, done here (see shared/recordings/README.md):
- its ``Client`` sets no timeout and hard-codes https://api.twitter.com: a requests adapter on
  its session sends every call to the account's ``api_base`` with a timeout (OAuth 1.0a signing
  happens before the adapter, so signatures are unaffected);
- it cannot upload media through API v2: ``POST /2/media/upload`` and
  ``POST /2/media/metadata/create`` are called through the same session with OAuth 1.0a;
- X has no idempotency key: a part whose outcome is unknown is looked for among the account's
  own recent posts (with t.co links expanded back) before anything is sent again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter

from wijkpost import credentials
from wijkpost.channels import ChannelError, Delivered, Outgoing, looked_back, same_text
from wijkpost.config import DEFAULT_X_API, Account, Config
from wijkpost.i18n import Said

T = TypeVar("T")
PUBLIC_URL = "https://x.com/{username}/status/{id}"
FIND_PAGES = 3  # how far back (x 100 posts) a part without a planning time is looked for


class RedirectAdapter(HTTPAdapter):
    """Send requests meant for api.twitter.com to ``base`` instead, with a default timeout."""

    def __init__(self, base: str, timeout: float) -> None:
        super().__init__(max_retries=0)
        self.base = base.rstrip("/")
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: float | tuple[float | None, float | None] | None = None,
             verify: bool | str = True, cert: str | tuple[str, str] | None = None,
             proxies: dict[str, str] | None = None) -> requests.Response:
        if request.url and request.url.startswith(DEFAULT_X_API):
            request.url = self.base + request.url[len(DEFAULT_X_API):]
        return super().send(request, stream=stream, timeout=timeout or self.timeout,
                            verify=verify, cert=cert, proxies=proxies)


def mount(session: requests.Session, account: Account, timeout: float) -> None:
    session.mount(DEFAULT_X_API, RedirectAdapter(account.api_base, timeout))


def client(account: Account, keys: dict[str, str], timeout: float) -> Any:
    import tweepy

    api = tweepy.Client(consumer_key=keys["consumer_key"],
                        consumer_secret=keys["consumer_secret"],
                        access_token=keys["access_token"],
                        access_token_secret=keys["access_secret"])
    mount(api.session, account, timeout)
    return api


def _reason(exc: Any) -> str:
    messages = list(getattr(exc, "api_messages", None) or [])
    return "; ".join(messages) or str(exc)


@contextmanager
def _mapped(account: Account) -> Iterator[None]:
    """tweepy's exceptions (and the raw requests ones it lets through) as ChannelErrors."""
    import tweepy

    try:
        yield
    except tweepy.Unauthorized:
        raise ChannelError(Said("channel.login_again", account=account.name), retry=True,
                           unauthorized=True) from None
    except tweepy.TooManyRequests as exc:
        reset = exc.response.headers.get("x-rate-limit-reset") if exc.response is not None \
            else None
        wait = max(0.0, float(reset) - datetime.now().timestamp()) if reset else None
        raise ChannelError(Said("channel.rate_limited", account=account.name), retry=True,
                           wait=wait) from None
    except tweepy.Forbidden as exc:
        reason = _reason(exc)
        if "duplicate" in reason.lower():
            # X refuses the same text twice: our own earlier try, if one may have arrived.
            raise ChannelError(Said("channel.duplicate", account=account.name), retry=True,
                               unknown=True, duplicate=True) from None
        raise ChannelError(Said("channel.refused", account=account.name, status=403,
                             reason=reason), retry=False) from None
    except tweepy.TwitterServerError as exc:
        status = exc.response.status_code if exc.response is not None else "5xx"
        raise ChannelError(Said("channel.server", account=account.name, status=status),
                           retry=True, unknown=True) from None
    except tweepy.HTTPException as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise ChannelError(Said("channel.refused", account=account.name, status=status,
                             reason=_reason(exc)), retry=False) from None
    except requests.exceptions.RequestException:
        raise ChannelError(Said("channel.network", account=account.name), retry=True,
                           unknown=True) from None


def expanded_text(tweet: dict[str, Any]) -> str:
    """A tweet's text as it was sent: t.co links expanded, the appended media link removed.

    X returns ``&``, ``<`` and ``>`` of the text as ``&amp;``, ``&lt;`` and ``&gt;`` (and
    nothing else: the ``&`` of ``&eacute;`` comes back as ``&amp;``), so undoing those three,
    ``&amp;`` last, gives exactly what was written. Not undoing them would show residents'
    ampersands as ``&amp;`` in the digest, and a part with a ``&`` in it would never be found
    again after a lost answer, so it would be sent twice. The expanded URLs are JSON values,
    not escaped: they go in afterwards.
    """
    text = str(tweet.get("text", ""))
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for url in (tweet.get("entities") or {}).get("urls") or []:
        short = url.get("url", "")
        if url.get("media_key") or "/photo/" in str(url.get("expanded_url", "")):
            text = text.replace(short, "")
        elif short:
            text = text.replace(short, url.get("expanded_url") or short)
    return text.strip()


class TwitterChannel:
    network = "twitter"

    def __init__(self, config: Config, account: Account) -> None:
        self.account = account
        self.keys = credentials.require(account).values
        self.timeout = config.publishing.timeout
        self.api = client(account, self.keys, self.timeout)
        self._me: dict[str, Any] | None = None

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with _mapped(self.account):
            return fn(*args, **kwargs)

    def me(self) -> dict[str, Any]:
        if self._me is None:
            self._me = dict(self.call(self.api.get_me, user_auth=True).data)
        return self._me

    def url_for(self, tweet_id: str) -> str:
        return PUBLIC_URL.format(username=self.account.username, id=tweet_id)

    def prepare(self, item: Outgoing) -> str | None:
        return None

    def send(self, item: Outgoing) -> Delivered:
        media_ids = [self._upload(image) for image in item.content.get("images", [])]
        reply_to = item.in_reply_to or reply_id(item.content.get("reply_to"))
        response = self.call(self.api.create_tweet, text=item.content["text"],
                             in_reply_to_tweet_id=reply_to, media_ids=media_ids or None,
                             user_auth=True)
        tweet_id = str(response.data["id"])
        return Delivered(tweet_id, self.url_for(tweet_id))

    def _auth(self) -> Any:
        from requests_oauthlib import OAuth1

        return OAuth1(self.keys["consumer_key"], self.keys["consumer_secret"],
                      self.keys["access_token"], self.keys["access_secret"])

    def _upload(self, image: dict[str, Any]) -> str:
        """``POST /2/media/upload`` (multipart), then the alt text via metadata/create."""
        with _mapped(self.account), open(image["path"], "rb") as fh:
            response = self.api.session.post(
                f"{DEFAULT_X_API}/2/media/upload", auth=self._auth(),
                files={"media": (image["path"].rsplit("/", 1)[-1], fh, image["type"])},
                data={"media_category": "tweet_image"})
            _raise_for(response)
            media_id = str(response.json()["data"]["id"])
            if image.get("alt"):
                # docs.x.com/x-api/media/media-metadata-create; alt text: 1000 characters at most
                meta = self.api.session.post(
                    f"{DEFAULT_X_API}/2/media/metadata/create", auth=self._auth(),
                    json={"media_id": media_id, "alt_text": {"text": image["alt"][:1000]}})
                _raise_for(meta)
        return media_id

    def find(self, item: Outgoing) -> Delivered | None:
        """Look for the part among our own posts since it was planned, every page of them:
        once X forgets the text (a day or so), a part not found would be sent twice."""
        reply_to = item.in_reply_to or reply_id(item.content.get("reply_to"))
        since = looked_back(item)
        token, pages = None, 0
        while since is not None or pages < FIND_PAGES:
            pages += 1
            response = self.call(
                self.api.get_users_tweets, self.me()["id"], max_results=100, user_auth=True,
                tweet_fields=["created_at", "entities", "referenced_tweets"],
                pagination_token=token,
                start_time=since.strftime("%Y-%m-%dT%H:%M:%SZ") if since else None)
            for tweet in response.data or []:
                data = dict(tweet.data)
                if str(data["id"]) in item.taken:  # another part's post, with the same text
                    continue
                replied = [str(r["id"]) for r in data.get("referenced_tweets") or []
                           if r.get("type") == "replied_to"]
                # Thread position counts too: as a reply to another post, or not as a reply,
                # the same text is another post.
                if same_text(expanded_text(data), item.content["text"]) and (
                        replied == ([str(reply_to)] if reply_to else [])):
                    return Delivered(str(data["id"]), self.url_for(str(data["id"])))
            token = (response.meta or {}).get("next_token")
            if not token:
                return None
        return None


def _raise_for(response: requests.Response) -> None:
    """Map an answer of the media endpoints like tweepy maps the others."""
    if response.ok:
        return
    import tweepy

    kinds = {400: tweepy.BadRequest, 401: tweepy.Unauthorized, 403: tweepy.Forbidden,
             404: tweepy.NotFound, 429: tweepy.TooManyRequests}
    if response.status_code >= 500:
        raise tweepy.TwitterServerError(response)
    raise kinds.get(response.status_code, tweepy.HTTPException)(response)


def reply_id(url: str | None) -> str | None:
    if not url:
        return None
    from wijkpost.identity import X_STATUS

    match = re.match(X_STATUS, url)
    return match["id"] if match else None


def make_channel(config: Config, target: str) -> TwitterChannel:
    return TwitterChannel(config, config.accounts[target])


# --------------------------------------------------------------------------- logging in


def pin_flow(account: Account, consumer_key: str, consumer_secret: str, timeout: float) -> Any:
    """tweepy's OAuth 1.0a PIN flow, sent to the account's ``api_base``.

    tweepy replaces its ``oauth`` session between the two steps; a property that mounts the
    redirecting adapter on every session it is given keeps both steps on the configured host.
    """
    import tweepy

    adapter = RedirectAdapter(account.api_base, timeout)

    class PinFlow(tweepy.OAuth1UserHandler):  # type: ignore[misc]
        @property
        def oauth(self) -> Any:
            return self._oauth

        @oauth.setter
        def oauth(self, session: requests.Session) -> None:
            session.mount(DEFAULT_X_API, adapter)
            self._oauth = session

    return PinFlow(consumer_key, consumer_secret, callback="oob")


def _login_failed(account: Account, exc: Exception, refused: str) -> ChannelError:
    """tweepy wraps every failure of the PIN flow alike: a network fault is not a refusal."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, requests.exceptions.RequestException):
        cause = cause.__cause__ or cause.__context__ or next(
            (a for a in getattr(cause, "args", ()) if isinstance(a, BaseException)), None)
    if cause is not None:
        return ChannelError(Said("channel.network", account=account.name), retry=True)
    return ChannelError(Said(refused, account=account.name), retry=False)


def finish_pin_flow(account: Account, flow: Any, pin: str) -> dict[str, str]:
    with _mapped(account):
        try:
            token, secret = flow.get_access_token(pin.strip())
        except Exception as exc:  # tweepy wraps every failure in TweepyException
            raise _login_failed(account, exc, "account.pin_refused") from None
    return {"consumer_key": flow.consumer_key, "consumer_secret": flow.consumer_secret,
            "access_token": token, "access_secret": secret}


def revoke(account: Account, keys: dict[str, str], timeout: float) -> None:
    """Give back an access token wijkpost asked for and will not keep (best effort): X's
    ``POST oauth/invalidate_token``, signed with that token."""
    import tweepy

    auth = tweepy.OAuth1UserHandler(keys["consumer_key"], keys["consumer_secret"],
                                    keys["access_token"], keys["access_secret"]).apply_auth()
    with requests.Session() as session, suppress(requests.exceptions.RequestException):
        mount(session, account, timeout)
        session.post(f"{DEFAULT_X_API}/1.1/oauth/invalidate_token", auth=auth)


def authorization_url(account: Account, flow: Any) -> str:
    """Where the user allows the app and gets a PIN: on the configured API host."""
    with _mapped(account):
        try:
            url = str(flow.get_authorization_url())
        except Exception as exc:
            raise _login_failed(account, exc, "account.app_refused") from None
    if url.startswith(DEFAULT_X_API):
        url = account.api_base.rstrip("/") + url[len(DEFAULT_X_API):]
    return url


def whoami(account: Account, keys: dict[str, str], timeout: float) -> str:
    """The username these keys belong to (a live call)."""
    api = client(account, keys, timeout)
    with _mapped(account):
        return str(api.get_me(user_auth=True).data["username"])


# --------------------------------------------------------------------------- collecting

TWEET_FIELDS = ["created_at", "entities", "referenced_tweets", "in_reply_to_user_id",
                "author_id", "attachments", "conversation_id"]


class XSource:
    """Mentions of one account (replies to our posts start with our name, so they are among
    them), or a keyword search where the account's API access allows it."""

    def __init__(self, config: Config, account: Account, profile: Any, kind: str) -> None:
        self.account = account
        self.profile = profile
        self.kind = kind
        self.name = f"{account.name}:{kind}"
        self.timeout = config.publishing.timeout
        self.query = " OR ".join(w for w in profile.watch)[:512]

    def pages(self, cursor: dict[str, Any] | None) -> Iterator[Any]:
        """Newest first, as X pages: ``until_id`` marks how far back this round has come, so a
        crash resumes where it stopped; ``since_id`` moves on only when the round is done."""
        import tweepy

        from wijkpost.collect import Page, Unavailable

        api = client(self.account, credentials.require(self.account).values, self.timeout)
        cursor = cursor or {}
        since, until, newest = (cursor.get("since_id"), cursor.get("until_id"),
                                cursor.get("newest"))
        with _mapped(self.account):
            me = str(api.get_me(user_auth=True).data["id"])
            first_time = since is None and until is None
            while True:
                try:
                    response = self._fetch(api, me, since, until)
                except tweepy.Forbidden as exc:
                    if self.kind == "search":
                        raise Unavailable(_reason(exc)) from None
                    raise
                meta = response.meta or {}
                if not response.data:
                    yield Page([], {"since_id": newest or since})
                    return
                newest = newest or meta.get("newest_id")
                until = meta.get("oldest_id")
                users = {str(u.id): u for u in (response.includes or {}).get("users", [])}
                found = [self.item(dict(tw.data), users, me) for tw in response.data
                         if str(tw.author_id) != me]
                if first_time:  # the first time: the latest page only
                    yield Page(found, {"since_id": newest})
                    return
                yield Page(found, {"since_id": since, "until_id": until, "newest": newest})

    def _fetch(self, api: Any, me: str, since: str | None, until: str | None) -> Any:
        common = {"since_id": since, "until_id": until, "max_results": 100,
                  "tweet_fields": TWEET_FIELDS, "expansions": ["author_id"],
                  "user_fields": ["username", "name"], "user_auth": True}
        if self.kind == "search":
            return api.search_recent_tweets(self.query, **common)
        return api.get_users_mentions(me, **common)

    def item(self, data: dict[str, Any], users: dict[str, Any], me: str) -> Any:
        from wijkpost.items import NewItem

        author = users.get(str(data.get("author_id")))
        replied = [str(r["id"]) for r in data.get("referenced_tweets") or []
                   if r.get("type") == "replied_to"]
        answers = replied[0] if replied and str(data.get("in_reply_to_user_id")) == me else None
        links = [u.get("expanded_url") or u.get("url") for u in
                 (data.get("entities") or {}).get("urls") or [] if not u.get("media_key")]
        created = data.get("created_at")
        return NewItem(
            key=f"twitter:{self.account.name}:{data['id']}", source=self.name,
            network="twitter", text=expanded_text(data),
            created_at=created if isinstance(created, datetime)
            else datetime.fromisoformat(str(created).replace("Z", "+00:00")),
            account=self.account.name, profile=self.profile.key, remote_id=str(data["id"]),
            author_handle=f"@{author.username}" if author else None,
            author_name=author.name if author else None, links=[str(x) for x in links if x],
            url=PUBLIC_URL.format(username=author.username if author else "i",
                                  id=data["id"]), answers=answers)


def collect_sources(config: Config, account: Account, profile: Any, store: Any) -> list[Any]:
    found = [XSource(config, account, profile, "mentions")]
    if profile.watch:
        found.append(XSource(config, account, profile, "search"))
    return found
