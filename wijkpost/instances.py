"""What a Mastodon instance allows (characters per post, image size), read from the instance
once and kept for a week, so composition counts against the real limit without asking the
network on every `draft show`."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from wijkpost import paths
from wijkpost.config import Account, Config

MAX_AGE = 7 * 24 * 3600


def _path() -> str:
    return os.path.join(paths.home_dir(), "instances.json")


def _read() -> dict[str, dict[str, Any]]:
    try:
        with open(_path(), encoding="utf-8") as fh:
            data: dict[str, dict[str, Any]] = json.load(fh)
    except (FileNotFoundError, ValueError):
        return {}
    return data


def cached(account: Account) -> dict[str, Any] | None:
    return _read().get(account.instance or "")


def refresh(config: Config, account: Account, *, force: bool = False) -> dict[str, Any] | None:
    """Read the instance's limits if the copy is missing or old; on failure keep what we had."""
    known = cached(account)
    if known and not force and time.time() - known.get("fetched", 0) < MAX_AGE:
        return known
    from wijkpost.channels import ChannelError
    from wijkpost.channels.mastodon import instance_limits

    try:
        limits: dict[str, Any] = instance_limits(account, config.publishing.timeout)
    except ChannelError:
        return known  # publishing goes on with the last known (or default) limit
    limits["fetched"] = time.time()
    data = _read()
    data[account.instance or ""] = limits
    paths.atomic_write(_path(), json.dumps(data, indent=1).encode("utf-8"))
    return limits
