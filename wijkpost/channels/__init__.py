"""One small interface for every place a draft can go, and the factory that picks one.

A channel turns one journal row (a part of a draft for one target) into a post somewhere. The
publish path calls, per part: ``prepare`` (fix what the part will be, e.g. the site's file name,
before anything is written), then ``send``; after a crash it calls ``find`` to learn whether a
part whose outcome is unknown already arrived, so nothing is sent twice.

Each network lives in its own module, imported only when used: `wijkpost --help` must not load
Mastodon.py or tweepy.
"""

# (annotations as written, not as text: see wijkpost.config)
import importlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from wijkpost.errors import InputError, WijkpostError
from wijkpost.i18n import Said, t

if TYPE_CHECKING:
    from wijkpost.config import Config


class Outgoing(NamedTuple):
    """One part for one target, exactly as it was fixed in the journal."""

    draft_uid: str
    target: str
    part: int  # 1-based
    parts: int
    content: dict[str, Any]  # channel-specific, JSON-serialisable, fixed on the first attempt
    idempotency_key: str
    in_reply_to: str | None  # remote id of the previous part of a thread
    planned: str | None  # what ``prepare`` fixed, if anything
    created_at: datetime | None = None  # when the journal row was written
    # Remote ids that other journal rows of this target already stand for: a post with the
    # same text among them is not this part.
    taken: frozenset[str] = frozenset()


class Delivered(NamedTuple):
    remote_id: str
    url: str


# How far before a part was planned its post is looked for: a service's clock may differ a bit.
CLOCK_MARGIN = timedelta(minutes=5)


def looked_back(item: Outgoing) -> datetime | None:
    """From when a channel looks for a part whose outcome is unknown (None: no planning time)."""
    return item.created_at - CLOCK_MARGIN if item.created_at else None


def same_text(a: str, b: str) -> bool:
    """Whether a post a service returns is the part we sent: services may change whitespace."""
    return a.split() == b.split()


class ChannelError(WijkpostError):
    """A call failed.

    ``retry``: worth trying again (a network fault, a 5xx, a rate limit, missing credentials);
    otherwise the service refused and the row is failed. ``unknown``: the request may have
    arrived (a timeout, a dropped connection, a 5xx), so the part must be looked up before it is
    sent again. ``wait``: seconds until the service allows another try (a rate limit's reset).
    ``duplicate``: the service refused the text as one it already has (X): our own earlier try
    if there was one whose outcome is unknown, else another post with the same text.
    ``unauthorized``: the service does not accept the credentials (HTTP 401).
    """

    def __init__(self, message: "str | Said", *, retry: bool, unknown: bool = False,
                 wait: float | None = None, duplicate: bool = False,
                 unauthorized: bool = False) -> None:
        from wijkpost.printable import printable

        # A Said can be journaled to be shown later in the reader's language.
        self.said = message if isinstance(message, Said) else None
        super().__init__(printable(str(message)))  # it may quote the service: shown and kept
        self.retry = retry
        self.unknown = unknown
        self.wait = wait
        self.duplicate = duplicate
        self.unauthorized = unauthorized


class Channel(Protocol):
    network: str

    def prepare(self, item: Outgoing) -> str | None: ...

    def send(self, item: Outgoing) -> Delivered: ...

    def find(self, item: Outgoing) -> Delivered | None: ...


# network name -> module under wijkpost.channels that defines `make_channel(config, target)`
_MODULES = {"site": "site", "mastodon": "mastodon", "twitter": "twitter"}


def channel_module(network: str) -> Any:
    if network not in _MODULES:
        raise InputError(t("channel.unknown", network=network, known=", ".join(_MODULES)))
    return importlib.import_module(f"wijkpost.channels.{_MODULES[network]}")


def get_channel(network: str, config: "Config", target: str) -> Channel:
    channel: Channel = channel_module(network).make_channel(config, target)
    return channel
