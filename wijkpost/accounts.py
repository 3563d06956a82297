"""Logging accounts in and out, and checking who they really are.

After every login the service is asked who the credentials belong to; an account whose username
differs from the configured handle is refused (the wrong-hat mistake: logging the personal
account in where the work one belongs), unless forced.
"""

# (annotations as written, not as text: see wijkpost.config)
from typing import Any, NamedTuple

from wijkpost import credentials
from wijkpost.channels import ChannelError, channel_module
from wijkpost.config import Account, Config
from wijkpost.errors import InputError, RefusedError
from wijkpost.i18n import t


class AccountInfo(NamedTuple):
    name: str
    network: str
    handle: str
    hat: str
    credentials: str | None  # "env", "keyring", "file" or None; never a value

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class CheckResult(NamedTuple):
    name: str
    ok: bool
    username: str | None
    message: str
    exit_status: int = 0  # what a failed check means, as the exit codes say it

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self._asdict().items() if k != "exit_status"}


def account(config: Config, name: str) -> Account:
    if name not in config.accounts:
        raise InputError(t("account.unknown", name=name, known=", ".join(config.accounts)))
    return config.accounts[name]


def list_accounts(config: Config) -> list[AccountInfo]:
    result = []
    for acc in config.accounts.values():
        owner = config.owner_of(acc.name)
        result.append(AccountInfo(acc.name, acc.network, acc.handle,
                                  owner.key if owner else "-", credentials.presence(acc)))
    return result


def is_configured(acc: Account, username: str) -> bool:
    """Whether the service's answer to "who is this?" is the configured account."""
    return username.lower() == acc.username.lower()


def check_identity(acc: Account, username: str, *, force: bool) -> None:
    """Refuse credentials of another account than the configured one, unless forced."""
    if not is_configured(acc, username) and not force:
        raise RefusedError(t("account.wrong_account", account=acc.name, actual=username,
                             configured=acc.handle))


def whoami(config: Config, acc: Account, values: dict[str, str]) -> str:
    module = channel_module(acc.network)
    secret = values["token"] if acc.network == "mastodon" else values
    return str(module.whoami(acc, secret, config.publishing.timeout))


def check_env_logins(config: Config, names: list[str], *, begun: bool = False
                     ) -> dict[str, str]:
    """Refuse accounts whose credentials from environment variables belong to someone else,
    or (for a draft not ``begun``) that the service does not accept; returns the accounts that
    could not be checked now, with why (they wait, the rest goes).

    A login is checked when it is made; credentials set in the environment (cron, CI) never
    were, and a work token under a personal account's name would post as the wrong hat. So
    they are checked before anything goes out, all at once (one call each). Credentials the
    service turns down are like none at all: nothing goes out (the site would otherwise be
    half a publication ahead), unless the draft is partly out already and the rest may go on.
    """
    accounts = [config.accounts[n] for n in names if credentials.presence(config.accounts[n])
                == "env"]
    if not accounts:
        return {}
    from concurrent.futures import ThreadPoolExecutor

    def username(acc: Account) -> str | ChannelError:
        try:
            return whoami(config, acc, credentials.require(acc).values)
        except ChannelError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        found = list(pool.map(username, accounts))
    held, turned_down = {}, []
    for acc, actual in zip(accounts, found, strict=True):
        prefix = credentials.env_prefix(acc.name)
        if isinstance(actual, ChannelError):  # not "log in again": the environment comes first
            held[acc.name] = (t("account.env_not_accepted", account=acc.name, prefix=prefix)
                              if actual.unauthorized else str(actual))
            if actual.unauthorized and not begun:
                turned_down.append(held[acc.name])
        elif not is_configured(acc, actual):
            raise RefusedError(t("account.wrong_env", account=acc.name, actual=actual,
                                 configured=acc.handle, prefix=prefix))
    if turned_down:
        raise InputError("\n".join(turned_down))
    return held


def store(config: Config, acc: Account, values: dict[str, str], *, force: bool) -> str:
    """Check who the credentials belong to, then keep them. Returns where they went."""
    try:
        username = whoami(config, acc, values)
    except ChannelError as exc:
        if exc.unauthorized:  # not "log in again": this is the login
            raise InputError(t("account.not_accepted", account=acc.name)) from None
        raise
    check_identity(acc, username, force=force)
    where = credentials.save(acc, values)
    _read_instance(config, acc)
    return where


def _read_instance(config: Config, acc: Account) -> None:
    """A Mastodon instance's limits, now that it answers: `draft show` counts against them."""
    if acc.network == "mastodon":
        from wijkpost.instances import refresh

        refresh(config, acc, force=True)


# Mastodon: register the app once, then the authorization-code flow with the code pasted back.

def mastodon_start(config: Config, acc: Account) -> tuple[str, dict[str, str]]:
    """The page to allow wijkpost on; the app is registered on the instance the first time
    only (it is kept with the login, with the instance it belongs to)."""
    from wijkpost.i18n import language

    module = channel_module("mastodon")
    timeout = config.publishing.timeout
    kept = credentials.load(acc)
    app = {k: (kept.values if kept else {}).get(k, "") for k in credentials.EXTRA["mastodon"]}
    if not (app["client_id"] and app["client_secret"] and app["instance"] == acc.instance):
        client_id, secret = module.register_app(acc, timeout)
        app = {"client_id": client_id, "client_secret": secret, "instance": acc.instance or ""}
    url = module.authorization_url(acc, app["client_id"], app["client_secret"], timeout,
                                   language())
    return url, app


def mastodon_finish(config: Config, acc: Account, app: dict[str, str], code: str, *,
                    force: bool) -> str:
    module = channel_module("mastodon")
    timeout = config.publishing.timeout
    token = module.exchange_code(acc, app["client_id"], app["client_secret"], code, timeout)
    try:
        return store(config, acc, {"token": token, **app}, force=force)
    except RefusedError:  # another account's token: not kept, so given back
        module.revoke(acc, app["client_id"], app["client_secret"], token, timeout)
        raise


# X: the OAuth 1.0a PIN flow with the user's own app keys.

def x_start(config: Config, acc: Account, consumer_key: str, consumer_secret: str
            ) -> tuple[str, Any]:
    module = channel_module("twitter")
    flow = module.pin_flow(acc, consumer_key, consumer_secret, config.publishing.timeout)
    return module.authorization_url(acc, flow), flow


def x_finish(config: Config, acc: Account, flow: Any, pin: str, *, force: bool) -> str:
    module = channel_module("twitter")
    values = module.finish_pin_flow(acc, flow, pin)
    try:
        return store(config, acc, values, force=force)
    except RefusedError:  # another account's token: not kept, so given back
        module.revoke(acc, values, config.publishing.timeout)
        raise


def check(config: Config, name: str) -> CheckResult:
    """A live check of one account's login: who the service says it is."""
    from wijkpost.errors import ExitStatus

    acc = account(config, name)
    try:
        secret = credentials.require(acc)
        username = whoami(config, acc, secret.values)
    except (InputError, ChannelError) as exc:
        # (the account's name leads the line already)
        message = str(exc).removeprefix(f"{acc.name}: ")
        if isinstance(exc, ChannelError) and exc.unauthorized and secret.source == "env":
            message = t("account.env_not_accepted", account=acc.name,
                        prefix=credentials.env_prefix(acc.name)).removeprefix(f"{acc.name}: ")
        status = (ExitStatus.USAGE if isinstance(exc, InputError)
                  else ExitStatus.PENDING if exc.retry and not exc.unauthorized
                  else ExitStatus.ERROR)
        return CheckResult(acc.name, False, None, message, int(status))
    if not is_configured(acc, username):
        key = "account.wrong_env_check" if secret.source == "env" else "account.wrong_account_check"
        return CheckResult(acc.name, False, username, t(
            key, account=acc.name, actual=username, configured=acc.handle,
            prefix=credentials.env_prefix(acc.name)), int(ExitStatus.REFUSED))
    _read_instance(config, acc)
    return CheckResult(acc.name, True, username, t("account.ok", handle=acc.handle))


def logout(config: Config, name: str) -> bool:
    return credentials.delete(account(config, name))
