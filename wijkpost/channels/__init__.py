"""One small interface for every place a draft can go, and the factory that picks one.

A channel turns one journal row (a part of a draft for one target) into a post somewhere. The
publish path calls, per part: ``prepare`` (fix what the part will be, e.g. the site's file name,
before anything is written), then ``send``; after a crash it calls ``find`` to learn whether a
part whose outcome is unknown already arrived, so nothing is sent twice.

Each network lives in its own module, imported only when used: `wijkpost --help` must not load
Mastodon.py or tweepy.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wijkpost.errors import InputError, WijkpostError
from wijkpost.i18n import t

if TYPE_CHECKING:
    from wijkpost.config import Config


@dataclass(frozen=True)
class Outgoing:
    """One part for one target, exactly as it was fixed in the journal."""

    draft_uid: str
    target: str
    part: int  # 1-based
    parts: int
    content: dict[str, Any]  # channel-specific, JSON-serialisable, fixed on the first attempt
    idempotency_key: str
    in_reply_to: str | None  # remote id of the previous part of a thread
    planned: str | None  # what ``prepare`` fixed, if anything


@dataclass(frozen=True)
class Delivered:
    remote_id: str
    url: str


class ChannelError(WijkpostError):
    """A send failed. ``retry`` says whether the row stays pending (try later) or failed."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class Channel(Protocol):
    network: str

    def prepare(self, item: Outgoing) -> str | None: ...

    def send(self, item: Outgoing) -> Delivered: ...

    def find(self, item: Outgoing) -> Delivered | None: ...


# network name -> module under wijkpost.channels that defines `make_channel(config, target)`
_MODULES = {"site": "site"}
# Networks configured for accounts that have no channel module in this version yet.
_PLANNED = ("mastodon", "twitter")


class ChannelUnavailable(ChannelError):
    def __init__(self, network: str) -> None:
        super().__init__(t("channel.unavailable", network=network), retry=True)


def get_channel(network: str, config: Config, target: str) -> Channel:
    if network in _MODULES:
        module = importlib.import_module(f"wijkpost.channels.{_MODULES[network]}")
        channel: Channel = module.make_channel(config, target)
        return channel
    if network in _PLANNED:
        raise ChannelUnavailable(network)
    raise InputError(t("channel.unknown", network=network, known=", ".join(_MODULES)))
