"""`wijkpost check`: validate the configuration and summarise who can post where."""

from __future__ import annotations

import click

from wijkpost.cli import State
from wijkpost.cli.output import emit_json, json_option


@click.command("check", short_help="Controleer wijkpost.yaml en toon een overzicht.")
@json_option
@click.pass_obj
def check_command(state: State, as_json: bool) -> None:
    """Controleer wijkpost.yaml en toon auteurs, hoeden, accounts en sites."""
    from wijkpost.config import summary_counts
    from wijkpost.i18n import t

    config = state.config
    rows = []
    for author in config.authors.values():
        for profile in author.profiles.values():
            rows.append({
                "author": author.key, "name": author.name, "role": author.role,
                "profile": profile.name, "kind": profile.kind,
                "accounts": [f"{a} ({config.accounts[a].network} {config.accounts[a].handle})"
                             for a in profile.accounts],
                "sites": list(profile.sites),
                "office_hours": list(profile.office_hours.specs) if profile.office_hours else [],
                "default_targets": list(profile.default_targets),
            })
    if as_json:
        emit_json({"config": config.file, **summary_counts(config), "profiles": rows})
        return
    click.echo(t("config.summary", path=config.file, **summary_counts(config)))
    for row in rows:
        kind = t(f"identity.kind.{row['kind']}")
        click.echo(f"  {row['name']} ({row['author']}, {row['role']}) · {row['profile']} [{kind}]")
        for account in row["accounts"]:
            click.echo(f"      account  {account}")
        for site in row["sites"]:
            click.echo(f"      site     {site}")
        if row["office_hours"]:
            click.echo(f"      {t('check.hours')}  {'; '.join(row['office_hours'])}")
