"""Credentials of accounts: never in wijkpost.yaml, never printed.

Where a secret is looked for, in order:
1. environment variables, for cron and CI: ``WIJKPOST_<NAME>_TOKEN`` (Mastodon) or
   ``WIJKPOST_<NAME>_CONSUMER_KEY`` / ``_CONSUMER_SECRET`` / ``_ACCESS_TOKEN`` / ``_ACCESS_SECRET``
   (X), where NAME is the account name upper-cased with other characters as ``_``;
2. the OS keyring (``keyring``), service "wijkpost", one entry per account;
3. on a machine without a keyring backend (a headless server): ``secrets.json`` (0600) in
   ``WIJKPOST_HOME``, with a warning the first time it is used.

``keyring`` takes a quarter of a second to import, so it is only imported by commands that need
a secret. Which accounts have stored credentials is also noted in the store (never the values),
so `account list` can say so without loading it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wijkpost import paths
from wijkpost.config import Account
from wijkpost.errors import InputError
from wijkpost.i18n import t

SERVICE = "wijkpost"
FIELDS = {
    "mastodon": ("token",),
    "twitter": ("consumer_key", "consumer_secret", "access_token", "access_secret"),
}
# Kept alongside a Mastodon token: the app wijkpost registered, and on which instance (not secret
# on their own, but no use to anyone else either), so a later login uses the same app.
EXTRA = {"mastodon": ("client_id", "client_secret", "instance")}


def env_prefix(account_name: str) -> str:
    return "WIJKPOST_" + re.sub(r"[^A-Z0-9]", "_", account_name.upper()) + "_"


class Secret:
    """An account's secret values and where they came from ("env", "keyring" or "file")."""

    __slots__ = ("source", "values")  # (a plain class: the dataclasses module costs start-up)

    def __init__(self, values: dict[str, str], source: str) -> None:
        self.values, self.source = values, source

    def __repr__(self) -> str:  # a Secret in a traceback or log shows no value
        return f"Secret(source={self.source!r}, fields={sorted(self.values)!r})"


class SecretFileWarning(UserWarning):
    pass


def _from_env(account: Account) -> dict[str, str] | None:
    prefix = env_prefix(account.name)
    values = {f: os.environ.get(prefix + f.upper(), "") for f in FIELDS[account.network]}
    return values if all(values.values()) else None


def _secrets_file() -> str:
    return os.path.join(paths.home_dir(), "secrets.json")


def _keyring() -> Any | None:
    """The keyring module if a real backend is available, else None (use the file)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    try:
        from keyring.backends import chainer

        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return None
    except ImportError:  # pragma: no cover - older keyring without the chainer
        pass
    return keyring


def _read_file() -> dict[str, dict[str, str]]:
    try:
        with open(_secrets_file(), encoding="utf-8") as fh:
            data: dict[str, dict[str, str]] = json.load(fh)
    except FileNotFoundError:
        return {}
    return data


def _write_file(data: dict[str, dict[str, str]]) -> None:
    path = _secrets_file()
    paths.atomic_write(path, json.dumps(data, indent=1).encode("utf-8"), private=True)


@contextmanager
def _keyring_errors() -> Iterator[None]:
    """A keyring that is locked or whose service is away (D-Bus, a locked KWallet) is said as
    such, not as an internal error."""
    from keyring.errors import KeyringError

    try:
        yield
    except KeyringError as exc:
        raise InputError(t("credentials.keyring_error", reason=str(exc) or type(exc).__name__)
                         ) from None


def load(account: Account) -> Secret | None:
    values = _from_env(account)
    if values:
        return Secret(values, "env")
    ring = _keyring()
    if ring is not None:
        with _keyring_errors():
            stored = ring.get_password(SERVICE, account.name)
        return Secret(json.loads(stored), "keyring") if stored else None
    stored_file = _read_file().get(account.name)
    return Secret(stored_file, "file") if stored_file else None


def require(account: Account) -> Secret:
    secret = load(account)
    if secret is None or not all(secret.values.get(f) for f in FIELDS[account.network]):
        raise InputError(t("credentials.missing", account=account.name,
                           prefix=env_prefix(account.name)))
    return secret


def save(account: Account, values: dict[str, str]) -> str:
    """Store credentials; returns where ("keyring" or "file"). Warns once about the file."""
    allowed = FIELDS[account.network] + EXTRA.get(account.network, ())
    clean = {k: v for k, v in values.items() if k in allowed and v}
    ring = _keyring()
    if ring is not None:
        with _keyring_errors():
            ring.set_password(SERVICE, account.name, json.dumps(clean))
        where = "keyring"
    else:
        first = not os.path.exists(_secrets_file())  # (once: not again after a logout)
        data = _read_file()
        data[account.name] = clean
        _write_file(data)
        if first:
            import warnings

            warnings.warn(t("credentials.file_warning", path=_secrets_file()),
                          SecretFileWarning, stacklevel=2)
        where = "file"
    _note(account.name, where)
    return where


def delete(account: Account) -> bool:
    ring = _keyring()
    removed = False
    if ring is not None:
        from keyring.errors import PasswordDeleteError

        with _keyring_errors():
            try:
                ring.delete_password(SERVICE, account.name)
                removed = True
            except PasswordDeleteError:  # there was nothing
                removed = False
    data = _read_file()
    if account.name in data:
        del data[account.name]
        _write_file(data)
        removed = True
    _note(account.name, None)
    return removed


# --------------------------------------------------------------------------- presence notes


def _notes_file() -> str:
    return os.path.join(paths.home_dir(), "credentials-present.json")


def _notes() -> dict[str, str]:
    try:
        with open(_notes_file(), encoding="utf-8") as fh:
            notes: dict[str, str] = json.load(fh)
    except FileNotFoundError:
        return {}
    return notes


def _note(name: str, where: str | None) -> None:
    notes = _notes()
    if where:
        notes[name] = where
    else:
        notes.pop(name, None)
    paths.atomic_write(_notes_file(), json.dumps(notes).encode("utf-8"))


def presence(account: Account) -> str | None:
    """Where credentials are, without importing keyring: "env", "keyring", "file" or None."""
    if _from_env(account):
        return "env"
    where = _notes().get(account.name)
    if where == "file" and account.name not in _read_file():  # the file was edited or removed
        return None
    return where
