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
@click.option("--token", metavar="TOKEN",
              help="Mastodon: plak een bestaand toegangstoken (anders de browserstap).")
@click.option("--consumer-key", metavar="SLEUTEL", help="X: de API-sleutel van je eigen app.")
@click.option("--consumer-secret", metavar="GEHEIM", help="X: het API-geheim van je eigen app.")
@click.option("--access-token", metavar="TOKEN",
              help="X: plak een bestaand toegangstoken (met --access-secret).")
@click.option("--access-secret", metavar="GEHEIM", help="X: het geheim bij --access-token.")
@click.option("--force", is_flag=True, help="Ook als het account niet het geconfigureerde is.")
@click.pass_obj
def login_command(state: State, name: str, token: str | None, consumer_key: str | None,
                  consumer_secret: str | None, access_token: str | None,
                  access_secret: str | None, force: bool) -> None:
    """Log in op een account; de gegevens gaan naar de sleutelhanger."""
    from wijkpost import accounts
    from wijkpost.credentials import SecretFileWarning
    from wijkpost.i18n import t

    config = state.config
    acc = accounts.account(config, name)
    owner = config.owner_of(acc.name)
    click.echo(t("account.login_as", account=acc.name, handle=acc.handle,
                 hat=owner.key if owner else "-"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SecretFileWarning)
        if acc.network == "mastodon":
            if token:
                where = accounts.store(config, acc, {"token": token}, force=force)
            else:
                url, app = accounts.mastodon_start(config, acc)
                click.echo(t("account.open_url", url=url))
                code = click.prompt(t("account.ask_code"), hide_input=True)
                where = accounts.mastodon_finish(config, acc, app, code, force=force)
        else:
            consumer_key = consumer_key or click.prompt(t("account.ask_consumer_key"))
            consumer_secret = consumer_secret or click.prompt(t("account.ask_consumer_secret"),
                                                              hide_input=True)
            if access_token and access_secret:
                where = accounts.store(config, acc, {
                    "consumer_key": consumer_key, "consumer_secret": consumer_secret,
                    "access_token": access_token, "access_secret": access_secret}, force=force)
            else:
                url, flow = accounts.x_start(config, acc, consumer_key, consumer_secret)
                click.echo(t("account.open_url", url=url))
                pin = click.prompt(t("account.ask_pin"))
                where = accounts.x_finish(config, acc, flow, pin, force=force)
    for warning in caught:
        click.echo(f"wijkpost: {warning.message}", err=True)
    click.echo(t("account.logged_in", account=acc.name, where=t(f"account.where.{where}")))


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
    from wijkpost.errors import ExitStatus

    config = state.config
    names = [name] if name else list(config.accounts)
    results = [accounts.check(config, n) for n in names]
    if as_json:
        emit_json([r.as_dict() for r in results])
    else:
        for r in results:
            click.echo(f"{'✓' if r.ok else '✗'} {r.name}: {r.message}")
    if not all(r.ok for r in results):
        click.get_current_context().exit(int(ExitStatus.ERROR))


@account_group.command("logout")
@click.argument("name", metavar="NAAM")
@click.pass_obj
def logout_command(state: State, name: str) -> None:
    """Verwijder de inloggegevens van een account van deze computer."""
    from wijkpost import accounts
    from wijkpost.i18n import t

    removed = accounts.logout(state.config, name)
    click.echo(t("account.logged_out" if removed else "account.nothing_stored", account=name))
