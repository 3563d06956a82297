"""`wijkpost account …`: log in, list, check and log out accounts. Secrets are never shown."""

from __future__ import annotations

import warnings

import click

from wijkpost.cli import State
from wijkpost.cli.output import emit_json, json_option, table


@click.group("account")
def account_group() -> None:
    """Accounts: inloggen, overzicht, controleren, uitloggen."""


@account_group.command("login")
@click.argument("name", metavar="NAAM")
# A secret given on the command line ends up in the shell's history: given as "-", it is asked
# for instead (_given). Not an option whose value may be left out: a token may well begin with
# "-", and click would take it for an option.
@click.option("--token", metavar="TOKEN", help="Mastodon: een bestaand toegangstoken (anders de "
              "browserstap); '-': gevraagd, niet getoond.")
@click.option("--consumer-key", metavar="SLEUTEL", help="X: de API-sleutel van je eigen app.")
@click.option("--consumer-secret", metavar="GEHEIM", help="X: het API-geheim van je eigen app.")
@click.option("--access-token", metavar="TOKEN", help="X: een bestaand toegangstoken (met "
              "--access-secret; anders de pincode-stap).")
@click.option("--access-secret", metavar="GEHEIM", help="X: het geheim bij --access-token.")
@click.option("--force", is_flag=True, help="Ook als het account niet het geconfigureerde is.")
@click.pass_obj
def login_command(state: State, name: str, token: str | None, consumer_key: str | None,
                  consumer_secret: str | None, access_token: str | None,
                  access_secret: str | None, force: bool) -> None:
    """Log in op een account; de gegevens gaan naar de sleutelhanger."""
    from wijkpost import accounts, credentials
    from wijkpost.credentials import SecretFileWarning
    from wijkpost.errors import InputError
    from wijkpost.i18n import t

    config = state.config
    acc = accounts.account(config, name)
    x_flags = {"--consumer-key": consumer_key, "--consumer-secret": consumer_secret,
               "--access-token": access_token, "--access-secret": access_secret}
    wrong = ["--token"] if acc.network != "mastodon" and token is not None else [
        flag for flag, value in x_flags.items() if value is not None and acc.network != "twitter"]
    if wrong:
        raise InputError(t("account.flag_network", flags=", ".join(wrong), network=acc.network))
    if (access_token is None) != (access_secret is None):
        raise InputError(t("account.pair"))
    owner = config.owner_of(acc.name)
    click.echo(t("account.login_as", account=acc.name, handle=acc.handle,
                 hat=owner.key if owner else "-"))
    if credentials.presence(acc) == "env":
        click.echo(t("account.env_first", prefix=credentials.env_prefix(acc.name)), err=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SecretFileWarning)
        if acc.network == "mastodon":
            if token is not None:
                where = accounts.store(config, acc, {"token": _given(token, "account.ask_token")},
                                       force=force)
            else:
                url, app = accounts.mastodon_start(config, acc)
                click.echo(t("account.open_url", url=url))
                # A one-time code, shown as typed (a hidden prompt needs a terminal).
                code = click.prompt(t("account.ask_code"))
                where = accounts.mastodon_finish(config, acc, app, code, force=force)
        else:
            consumer_key = _given(consumer_key, "account.ask_consumer_key")
            consumer_secret = _given(consumer_secret, "account.ask_consumer_secret")
            if access_token is not None and access_secret is not None:
                where = accounts.store(config, acc, {
                    "consumer_key": consumer_key, "consumer_secret": consumer_secret,
                    "access_token": _given(access_token, "account.ask_access_token"),
                    "access_secret": _given(access_secret, "account.ask_access_secret")},
                    force=force)
            else:
                url, flow = accounts.x_start(config, acc, consumer_key, consumer_secret)
                click.echo(t("account.open_url", url=url))
                pin = click.prompt(t("account.ask_pin"))
                where = accounts.x_finish(config, acc, flow, pin, force=force)
    for warning in caught:
        click.echo(f"wijkpost: {warning.message}", err=True)
    click.echo(t("account.logged_in", account=acc.name, where=t(f"account.where.{where}")))


def _given(value: str | None, key: str) -> str:
    """A secret as given, or asked for when it was not (or given as "-")."""
    return value if value and value != "-" else _ask(key)


def _ask(key: str) -> str:
    """Ask for a secret without showing it; from a pipe, the next line (getpass would warn, in
    English, that it cannot hide what nobody sees anyway)."""
    import sys

    from wijkpost.i18n import t

    if sys.stdin.isatty():
        return str(click.prompt(t(key), hide_input=True))
    line = sys.stdin.readline()
    if not line:
        raise click.exceptions.Abort()
    return line.strip()


@account_group.command("list", short_help="Toon de accounts en of er een inlog is.")
@json_option
@click.pass_obj
def list_command(state: State, as_json: bool) -> None:
    """Toon de accounts: netwerk, naam, hoed en of er inloggegevens zijn (nooit de waarde)."""
    from wijkpost import accounts
    from wijkpost.i18n import t

    items = accounts.list_accounts(state.config)
    if as_json:
        emit_json([a.as_dict() for a in items])
        return
    table([[a.name, a.network, a.handle, a.hat,
            t(f"account.where.{a.credentials}") if a.credentials else t("account.none")]
           for a in items],
          [t("account.col.name"), t("publish.col.network"), "handle", t("draft.col.hat"),
           t("account.col.credentials")])


@account_group.command("check")
@click.argument("name", metavar="[NAAM]", required=False)
@json_option
@click.pass_obj
def check_command(state: State, name: str | None, as_json: bool) -> None:
    """Controleer live of de inlog werkt en bij het juiste account hoort."""
    from wijkpost import accounts
    from wijkpost.printable import printable

    config = state.config
    names = [name] if name else list(config.accounts)
    results = [accounts.check(config, n) for n in names]
    if as_json:
        emit_json([r.as_dict() for r in results])
    else:
        for r in results:
            # (the message may quote the name the service gave: nothing a terminal obeys)
            click.echo(printable(f"{'✓' if r.ok else '✗'} {r.name}: {r.message}"))
    failed = [r.exit_status for r in results if not r.ok]
    if failed:  # the highest code decides, as for publish --due
        click.get_current_context().exit(max(failed))


@account_group.command("logout")
@click.argument("name", metavar="NAAM")
@click.pass_obj
def logout_command(state: State, name: str) -> None:
    """Verwijder de inloggegevens van een account van deze computer."""
    from wijkpost import accounts, credentials
    from wijkpost.i18n import t

    acc = accounts.account(state.config, name)
    removed = accounts.logout(state.config, name)
    click.echo(t("account.logged_out" if removed else "account.nothing_stored", account=name))
    if credentials.presence(acc) == "env":
        click.echo(t("account.env_stays", account=name,
                     prefix=credentials.env_prefix(acc.name)), err=True)
